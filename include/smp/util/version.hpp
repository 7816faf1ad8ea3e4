#pragma once

namespace smp {

// smp's version, from the CMake project (a generated source, so that a new version rebuilds
// one file rather than every file that sees a define).
extern const char* const k_version;

} // namespace smp
