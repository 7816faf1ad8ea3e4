#pragma once

#include <smp/domain/due.hpp>
#include <smp/store/store.hpp>

#include <cstdint>
#include <functional>
#include <string>

namespace smp::store {

// How `smp report` cuts time: a period is a day, a week (Monday to Sunday), a month, a
// quarter or a year, named by period_label.
enum class ReportPeriod { day, week, month, quarter, year };

// The label of the period holding `date` (YYYY-MM-DD): "2026-06-15" (day), "2026-06-15" (the
// week's Monday), "2026-06", "2026-Q2", "2026". Computed by SQLite in the queries; this is the
// same rule for the periods in which nothing happened.
std::string period_label(ReportPeriod by, const std::string& date);

// A period's sessions in one currency (a session without one counts in `currency`).
struct PeriodSessions {
    std::string period, currency;
    std::int64_t done = 0, course = 0, touchup = 0, correction = 0, consult = 0;
    std::int64_t booked = 0, cancelled = 0, no_shows = 0;
    std::int64_t priced = 0;  // done sessions with a price
    std::int64_t charged = 0; // their prices, minor units
};

// A period's payments of one currency, kind and method (empty for a fee).
struct PeriodPayments {
    std::string period, currency, kind, method;
    std::int64_t amount = 0;
    std::int64_t held = 0; // of deposits: for a session still booked (not yet applied)
};

// Each is one aggregate query over the dates from..to (inclusive), grouped by period in SQL,
// so memory stays flat however many records there are.
void for_each_period_sessions(Store& store, ReportPeriod by, const std::string& from,
                              const std::string& to, const std::string& currency,
                              const std::function<void(const PeriodSessions&)>& visit);
void for_each_period_payments(Store& store, ReportPeriod by, const std::string& from,
                              const std::string& to,
                              const std::function<void(const PeriodPayments&)>& visit);
// New clients: those whose first done session falls in the period.
void for_each_period_new_clients(
    Store& store, ReportPeriod by, const std::string& from, const std::string& to,
    const std::function<void(const std::string& period, std::int64_t count)>& visit);

// The recall's conversion in a period: follow-ups and touch-ups that fell due in it (by the
// store's due rules, replayed over each client's sessions), and how many of them the client
// booked: a later session other than a consult, not cancelled, dated before the due date
// lapsed (policy.give_up_after). The client's own course length, touch-up interval and pinned
// date are today's settings; a pinned date counts for the last session only.
struct PeriodRecalls {
    std::string period;
    std::int64_t followups_due = 0, followups_booked = 0;
    std::int64_t touchups_due = 0, touchups_booked = 0;
};
// Due dates from..to and on or before `today` (later ones have not fallen due yet). One walk
// over the sessions in client order, holding one client's sessions at a time.
void for_each_period_recalls(Store& store, ReportPeriod by, const std::string& from,
                             const std::string& to, Date today, const ReminderPolicy& policy,
                             const std::function<void(const PeriodRecalls&)>& visit);

} // namespace smp::store
