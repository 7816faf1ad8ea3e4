#pragma once

#include <smp/domain/choice.hpp>
#include <smp/domain/date.hpp>

#include <optional>
#include <string>

namespace smp {

// The practice's rules for when a client should come back (config: course.gap,
// course.maximum_gap, touchup.every, course.planned_sessions).
struct DueRules {
    int planned_sessions = 3;          // course length unless set per client
    Span course_gap{0, 0, 14};         // next course session this long after the last one
    Span course_maximum_gap{0, 0, 30}; // overdue after this long
    Span touchup_every{4, 0, 0};       // touch-up this long after the last treatment

    // A stable text form: the due index records which rules built it, and is rebuilt when
    // the config changes them.
    std::string fingerprint() const;
};

// What the due rules need to know about one client, gathered from their sessions and settings.
struct DueFacts {
    std::optional<int> planned_sessions; // the client's own course length
    int course_done = 0;                 // done course sessions
    bool finalised = false;              // a done session ended the course early (--final)
    std::optional<Date> last_course;     // the last done course session
    std::optional<Date> last_treatment;  // the last done session other than a consult
    std::optional<Span> touchup_every;   // the client's own touch-up interval
    std::optional<Date> touchup_pinned;  // a touch-up date set by hand
};

enum class DueKind { followup, touchup };
std::string_view due_kind_name(DueKind kind);  // "followup", "touchup" (stored, --kind)
std::string_view due_kind_words(DueKind kind); // "follow-up", "touch-up" (messages)
// Parses a stored or typed kind name; throws Error(data) for anything else.
// What `touchup due --kind` and `touchup remind --kind` take: a kind, or all of them.
namespace choices {
extern const Choice due_kind_or_all;
}
DueKind parse_due_kind(std::string_view name);

// When a client is next due and why. Booked sessions and snoozes are not part of it: they
// depend on today and are applied when the index is read.
struct NextDue {
    DueKind kind = DueKind::followup;
    Date due;                         // the day they should come
    Date overdue_after;               // past this day they are overdue
    std::optional<Date> last_session; // the session the date counts from
    std::string reason;               // "course 1 of 3 done on 2026-05-01, next after 14d"
};

// A client with an unfinished course (at least one done course session) is due for a
// follow-up at last course session + course gap, overdue after the maximum gap. A client whose
// course is finished is due for a touch-up at the pinned date (until a session is done on or
// after it), or at last treatment + their
// own interval or the practice's; overdue the day after. Nothing is due before the first
// session.
std::optional<NextDue> next_due(const DueFacts& facts, const DueRules& rules);

// Days from the due date to today: positive when late, negative for days left.
int days_overdue(const NextDue& due, Date today);

// When chasing one due date stops (config reminder.give_up_after, reminder.max_repeats): a
// client this long past the due date of their kind, or sent this many reminders for it, has
// lapsed: shown as such, never reminded again, listed by `touchup due --lapsed`. A due date
// gets its first reminder and at most max_repeats more.
struct ReminderPolicy {
    Span give_up_followup{0, 6, 0};
    Span give_up_touchup{0, 12, 0};
    int max_repeats = 2;
    const Span& give_up_after(DueKind kind) const {
        return kind == DueKind::followup ? give_up_followup : give_up_touchup;
    }
};

// Why a client has lapsed ("due 2025-02-20, more than 12mo ago", "3 reminders sent for it,
// the first and 2 repeats"), or nothing while they are still to be chased.
std::optional<std::string> lapse_reason(const NextDue& due, Date today, int reminders_sent,
                                        const ReminderPolicy& policy);

// "today", "tomorrow", "in 3 days", "in 2 weeks", "5 months ago": a due date as a person says
// it in a message.
std::string relative_day(Date day, Date today);

} // namespace smp
