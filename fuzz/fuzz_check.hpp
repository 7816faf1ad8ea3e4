#pragma once

// What every fuzz target shares: the input as text, and a check that aborts (so libFuzzer keeps
// the input as a crash) when a property of the parsed value does not hold.

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

namespace smp::fuzz {

inline std::string_view as_text(const std::uint8_t* data, std::size_t size) {
    return {reinterpret_cast<const char*>(data), size};
}

// Aborts with both sides printed when `ok` is false: a parser broke one of its own promises.
inline void check(bool ok, std::string_view what, std::string_view input, std::string_view got) {
    if (ok)
        return;
    std::fprintf(stderr, "property failed: %.*s\n  input: \"%.*s\"\n  got:   \"%.*s\"\n",
                 static_cast<int>(what.size()), what.data(), static_cast<int>(input.size()),
                 input.data(), static_cast<int>(got.size()), got.data());
    std::abort();
}

} // namespace smp::fuzz
