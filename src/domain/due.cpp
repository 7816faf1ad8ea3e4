#include <smp/domain/due.hpp>
#include <smp/error.hpp>

#include <fmt/format.h>

#include <cstdlib>

namespace smp {

std::string DueRules::fingerprint() const {
    return fmt::format("planned={};gap={};maximum_gap={};touchup_every={}", planned_sessions,
                       format_span(course_gap), format_span(course_maximum_gap),
                       format_span(touchup_every));
}

std::string_view due_kind_name(DueKind kind) {
    return kind == DueKind::followup ? "followup" : "touchup";
}

std::string_view due_kind_words(DueKind kind) {
    return kind == DueKind::followup ? "follow-up" : "touch-up";
}

namespace choices {
namespace {
constexpr std::string_view k_due_kinds_or_all[] = {"followup", "touchup", "all"};
}
const Choice due_kind_or_all{"kind", k_due_kinds_or_all};
} // namespace choices

DueKind parse_due_kind(std::string_view name) {
    if (name == "followup")
        return DueKind::followup;
    if (name == "touchup")
        return DueKind::touchup;
    throw Error(Exit::data, fmt::format("invalid kind \"{}\": use followup or touchup", name));
}

std::optional<NextDue> next_due(const DueFacts& facts, const DueRules& rules) {
    int planned = facts.planned_sessions.value_or(rules.planned_sessions);
    bool finished = facts.finalised || facts.course_done >= planned;
    NextDue next;
    if (!finished) {
        if (!facts.last_course)
            return std::nullopt; // not started: nothing to chase yet
        next.kind = DueKind::followup;
        next.last_session = facts.last_course;
        next.due = add_span(*facts.last_course, rules.course_gap);
        next.overdue_after = add_span(*facts.last_course, rules.course_maximum_gap);
        next.reason =
            fmt::format("course session {} of {} done on {}; next one {} later, "
                        "overdue after {}",
                        facts.course_done, planned, format_date(*facts.last_course),
                        format_span(rules.course_gap), format_span(rules.course_maximum_gap));
        return next;
    }
    next.kind = DueKind::touchup;
    next.last_session = facts.last_treatment;
    // A pinned date holds until a session is done on or after it.
    bool pinned = facts.touchup_pinned &&
                  (!facts.last_treatment || *facts.touchup_pinned > *facts.last_treatment);
    if (pinned) {
        next.due = *facts.touchup_pinned;
        next.reason = fmt::format("touch-up date set by hand to {}", format_date(next.due));
    } else if (facts.last_treatment) {
        auto every = facts.touchup_every.value_or(rules.touchup_every);
        next.due = add_span(*facts.last_treatment, every);
        next.reason = fmt::format("course finished; touch-up {} after the last session on {}{}",
                                  format_span(every), format_date(*facts.last_treatment),
                                  facts.touchup_every ? " (the client's own interval)" : "");
    } else {
        return std::nullopt;
    }
    next.overdue_after = next.due;
    return next;
}

int days_overdue(const NextDue& due, Date today) {
    return days_between(due.due, today);
}

std::string relative_day(Date day, Date today) {
    int days = days_between(today, day);
    if (days == 0)
        return "today";
    if (days == 1)
        return "tomorrow";
    if (days == -1)
        return "yesterday";
    int distance = std::abs(days);
    auto amount = [](int count, std::string_view unit) {
        return fmt::format("{} {}{}", count, unit, count == 1 ? "" : "s");
    };
    std::string words = distance < 14    ? amount(distance, "day")
                        : distance < 61  ? amount(distance / 7, "week")
                        : distance < 730 ? amount(distance / 30, "month")
                                         : amount(distance / 365, "year");
    return days > 0 ? "in " + words : words + " ago";
}

std::optional<std::string> lapse_reason(const NextDue& due, Date today, int reminders_sent,
                                        const ReminderPolicy& policy) {
    const auto& give_up = policy.give_up_after(due.kind);
    if (add_span(due.due, give_up) < today)
        return fmt::format("due {}, more than {} ago", format_date(due.due), format_span(give_up));
    // The first reminder and up to max_repeats more (reminder.repeat).
    if (reminders_sent > policy.max_repeats)
        return fmt::format("{} reminders sent for it, the first and {} repeat{}", reminders_sent,
                           reminders_sent - 1, reminders_sent == 2 ? "" : "s");
    return std::nullopt;
}

} // namespace smp
