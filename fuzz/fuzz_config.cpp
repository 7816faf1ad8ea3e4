// libFuzzer target: the config loader (smp/config/config.hpp) on arbitrary TOML text. A syntax,
// type or range problem must come back as smp::Error (exit 78 in smp), never as anything else.

#include "fuzz_check.hpp"

#include <smp/config/config.hpp>
#include <smp/error.hpp>

#include <string>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    auto text = smp::fuzz::as_text(data, size);
    try {
        auto config = smp::parse_config(text, "fuzz.toml");
        (void)config.warnings.size();
    } catch (const smp::Error&) {
    }
    return 0;
}
