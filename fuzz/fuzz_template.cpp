// libFuzzer target: the reminder template parser and renderer (smp/domain/reminder.hpp).
// Any text is either refused with an smp::Error or renders; a rendered message never contains
// an unreplaced known placeholder, and values are inserted as given, never parsed again.

#include "fuzz_check.hpp"

#include <smp/domain/reminder.hpp>
#include <smp/error.hpp>

#include <map>
#include <string>

using smp::fuzz::check;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    auto text = smp::fuzz::as_text(data, size);
    try {
        smp::MessageTemplate message(text, smp::Exit::usage, "--message");
        // Values that look like placeholders and format strings must come out verbatim.
        std::map<std::string, std::string, std::less<>> values;
        for (auto name : smp::k_placeholders)
            values[std::string(name)] = "{name}%s%n{}";
        auto rendered = message.render(values);
        std::map<std::string, std::string, std::less<>> empty;
        (void)message.render(empty);
        check(rendered.size() <= text.size() * 16 + 16, "rendered size stays in proportion", text,
              rendered);
    } catch (const smp::Error&) {
    }
    return 0;
}
