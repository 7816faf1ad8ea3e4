#pragma once

#include <string>
#include <vector>

namespace smp {

inline constexpr const char* k_version = SMP_VERSION;

// Runs smp with these arguments (argv[0] first) and returns the exit code. Every error is
// caught here once and printed as `smp: error: ...`.
int run(int argc, char** argv);

} // namespace smp
