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
namespace {
constexpr std::string_view k_message_kind_names[] = {"booking",   "confirmation", "cancellation",
                                                     "aftercare", "followup",     "touchup"};
}
const Choice message_kind{"kind", k_message_kind_names};
} // namespace choices

std::string_view message_kind_name(MessageKind kind) {
    return choices::message_kind.allowed[static_cast<std::size_t>(kind)];
}

MessageKind parse_message_kind(std::string_view name) {
    auto canonical = choices::message_kind.parse(name);
    for (auto kind : k_message_kinds)
        if (message_kind_name(kind) == canonical)
            return kind;
    return MessageKind::touchup; // not reached: parse refused anything else
}

MessageKind message_kind(DueKind kind) {
    return kind == DueKind::followup ? MessageKind::followup : MessageKind::touchup;
}

std::string_view default_message(MessageKind kind) {
    switch (kind) {
    case MessageKind::booking:
        return "Hello {first_name}, a reminder of your scalp micropigmentation session on {date} "
               "{time} ({course}). If you cannot come, please tell us as soon as you can. "
               "{studio} {studio_phone}";
    case MessageKind::confirmation:
        return "Hello {first_name}, your scalp micropigmentation session is booked for {date} "
               "{time} ({course}). {studio} {studio_address}";
    case MessageKind::cancellation:
        return "Hello {first_name}, your session on {date} {time} is cancelled. Reply to this "
               "message to choose another date. {studio}";
    case MessageKind::aftercare:
        return "Hello {first_name}, thank you for coming in on {date}. Your aftercare:\n\n"
               "{aftercare}\n\n{studio} {studio_phone}";
    case MessageKind::followup:
        return k_default_followup_message;
    case MessageKind::touchup:
        return k_default_touchup_message;
    }
    return {};
}

std::string_view default_subject(MessageKind kind) {
    switch (kind) {
    case MessageKind::booking:
        return "Reminder: your session on {date}";
    case MessageKind::confirmation:
        return "Booked: your session on {date}";
    case MessageKind::cancellation:
        return "Cancelled: your session on {date}";
    case MessageKind::aftercare:
        return "Aftercare for your session on {date}";
    case MessageKind::followup:
        return "Time to book your next session";
    case MessageKind::touchup:
        return "Time for a touch-up";
    }
    return {};
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
