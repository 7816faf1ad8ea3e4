#pragma once

#include <smp/util/version.hpp>

namespace smp {

// Runs smp with these arguments (argv[0] first) and returns the exit code. Every error is
// caught here once and printed as `smp: error: ...`.
int run(int argc, char** argv);

} // namespace smp
