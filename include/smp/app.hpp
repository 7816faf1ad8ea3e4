#pragma once

#include <smp/util/version.hpp>

namespace smp {

inline constexpr const char* k_copyright = "Copyright (c) 2026 The smp authors";
// The licence's name as SPDX spells it; the whole text is LICENSE, installed beside the manual.
inline constexpr const char* k_licence = "Licence: MIT (SPDX: MIT); there is NO WARRANTY.";

// Runs smp with these arguments (argv[0] first) and returns the exit code. Every error is
// caught here once and printed as `smp: error: ...`.
int run(int argc, char** argv);

} // namespace smp
