#include <smp/domain/reminder.hpp>
#include <smp/domain/text.hpp>

#include <fmt/format.h>

#include <algorithm>

namespace smp {
namespace {

constexpr std::string_view k_channels[] = {"email", "sms", "whatsapp", "call"};

std::string known_placeholders() {
    std::vector<std::string> names;
    for (auto name : k_placeholders)
        names.push_back(fmt::format("{{{}}}", name));
    return join(names, ", ");
}

} // namespace

namespace choices {
const Choice reminder_channel{"channel", k_channels};
}

bool channel_uses_email(std::string_view channel) { return channel == "email"; }

MessageTemplate::MessageTemplate(std::string_view text, Exit code, std::string_view source) {
    auto fail = [&](const std::string& problem) {
        throw Error(code, fmt::format("{}: {}; placeholders are {} (write {{{{ and }}}} for "
                                      "literal braces)",
                                      source, problem, known_placeholders()));
    };
    std::string literal;
    for (std::size_t i = 0; i < text.size(); ++i) {
        char c = text[i];
        if ((c == '{' || c == '}') && i + 1 < text.size() && text[i + 1] == c) {
            literal += c;
            ++i;
        } else if (c == '}') {
            fail(fmt::format("a lone \"}}\" at character {}", i + 1));
        } else if (c == '{') {
            auto close = text.find('}', i);
            if (close == std::string_view::npos)
                fail(fmt::format("\"{{\" at character {} is never closed", i + 1));
            auto name = text.substr(i + 1, close - i - 1);
            if (std::find(std::begin(k_placeholders), std::end(k_placeholders), name) ==
                std::end(k_placeholders))
                fail(fmt::format("unknown placeholder \"{{{}}}\"", name));
            m_parts.push_back({false, std::move(literal)});
            literal.clear();
            m_parts.push_back({true, std::string(name)});
            i = close;
        } else {
            literal += c;
        }
    }
    m_parts.push_back({false, std::move(literal)});
}

std::string MessageTemplate::render(
    const std::map<std::string, std::string, std::less<>>& values) const {
    std::string out;
    for (const auto& part : m_parts) {
        if (!part.placeholder) {
            out += part.text;
        } else if (auto found = values.find(part.text); found != values.end()) {
            out += found->second;
        }
    }
    return std::string(trim(out));
}

} // namespace smp
