#include <smp/domain/reminder.hpp>
#include <smp/util/text.hpp>

#include <fmt/format.h>

#include <charconv>

#include <algorithm>

namespace smp {
namespace {

constexpr std::string_view k_channels[] = {"email", "sms", "whatsapp", "call"};

std::string known_placeholders(std::span<const std::string_view> known) {
    std::vector<std::string> names;
    for (auto name : known)
        names.push_back(fmt::format("{{{}}}", name));
    return join(names, ", ");
}

} // namespace

namespace choices {
const Choice reminder_channel{"channel", k_channels};
}

bool channel_uses_email(std::string_view channel) {
    return channel == "email";
}

MessageTemplate::MessageTemplate(std::string_view text, Exit code, std::string_view source,
                                 std::span<const std::string_view> known) {
    auto fail = [&](const std::string& problem) {
        throw Error(code, fmt::format("{}: {}; placeholders are {} (write {{{{ and }}}} for "
                                      "literal braces)",
                                      source, problem, known_placeholders(known)));
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
            if (std::find(known.begin(), known.end(), name) == known.end())
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

std::string
MessageTemplate::render(const std::map<std::string, std::string, std::less<>>& values) const {
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

std::string default_reminder_footer(std::string_view studio) {
    if (studio.empty())
        return "To receive no more reminders, reply STOP.";
    return fmt::format("To receive no more reminders from {}, reply STOP.", studio);
}

int parse_time_limit(std::string_view text, std::string_view what) {
    auto bad = [&] {
        return Error(Exit::usage, fmt::format("invalid {} \"{}\": use seconds, minutes or hours "
                                              "such as 90s, 2m or 1h (at most 24h)",
                                              what, text));
    };
    long value = 0;
    auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (error != std::errc() || end == text.data() || value < 1 || value > 86400)
        throw bad();
    std::string_view unit(end, static_cast<std::size_t>(text.data() + text.size() - end));
    long seconds = unit.empty() || unit == "s"    ? value
                   : unit == "m" || unit == "min" ? value * 60
                   : unit == "h"                  ? value * 3600
                                                  : -1;
    if (seconds < 1 || seconds > 86400)
        throw bad();
    return static_cast<int>(seconds);
}

} // namespace smp
