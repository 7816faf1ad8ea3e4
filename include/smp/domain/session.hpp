#pragma once

#include <smp/domain/choice.hpp>
#include <smp/domain/date.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace smp {

// A needle as practitioners write it: "3RL-0.25" is 3 needles, round liner, 0.25 mm. Count and
// diameter are kept apart so they can be compared and summed.
struct Needle {
    int count = 0;
    std::string configuration;    // RL, RS, RM, M1, F
    int diameter_micrometres = 0; // 250 for 0.25 mm: exact, unlike a floating point number

    bool operator==(const Needle&) const = default;
};

Needle parse_needle(std::string_view text); // throws Error(data)
std::string format_needle(const Needle& needle);

// Money in minor units (cents), never floating point. Accepts 120, 120.5, 120.50, 1,200.00
// and 1200.00; refuses a third decimal, a misplaced thousands comma and negative amounts.
std::int64_t parse_money(std::string_view text);
std::string format_money(std::int64_t minor_units); // "1200.50"

// Where a session stands, and what it is for. Closed sets, switched over; their names are the
// words smp stores, prints and documents (choices::session_status, choices::session_kind).
enum class SessionStatus { scheduled, done, cancelled, no_show };
enum class SessionKind { course, touchup, correction, consult };
std::string_view session_status_name(SessionStatus status); // "no-show"
std::string_view session_kind_name(SessionKind kind);       // "touchup"
// A word as typed (any case) or stored; throws Error(data) quoting it and listing the others.
SessionStatus parse_session_status(std::string_view word);
SessionKind parse_session_kind(std::string_view word);

// One treatment session, done or booked.
struct Session {
    std::int64_t id = 0;
    std::string uuid;
    std::int64_t client_id = 0;
    Date date{};
    std::optional<int> time;     // minutes after midnight
    std::optional<int> duration; // minutes
    SessionStatus status = SessionStatus::done;
    SessionKind kind = SessionKind::course;
    bool final = false; // the course ends with this session
    std::vector<std::string> areas;
    std::optional<Needle> needle;
    std::optional<double> depth_mm;
    std::optional<std::string> machine;
    std::optional<double> voltage;
    std::optional<std::string> numbing;
    std::optional<int> pain;           // 0-10
    std::optional<std::int64_t> price; // minor units
    std::optional<std::string> currency;
    std::optional<std::string> notes;
    std::optional<std::string> cancel_reason;
    std::optional<std::int64_t> shade_id;
    std::optional<std::string> dilution; // water:pigment as written, e.g. "6:1"
    std::string created_at;
    std::string updated_at;
};

namespace choices {
extern const Choice session_status;
extern const Choice session_kind;
extern const Choice area;
extern const Choice consent_kind;
} // namespace choices

// Where a client's course stands, from their sessions. Cancelled and missed sessions do not
// count.
struct CourseState {
    int planned = 3;        // sessions in the course (config default or the client's own)
    int done = 0;           // done course sessions
    int scheduled = 0;      // booked course sessions
    bool finalised = false; // a done session was logged with --final

    bool finished() const { return finalised || done >= planned; }
};

// The kind a new session gets when none is given: course while the course still has room
// (done and booked sessions below the plan), touch-up after.
SessionKind default_session_kind(const CourseState& course);

// The warning for a session closer than `minimum_gap` after the previous done one, if any.
std::optional<std::string> gap_warning(Date previous, Date session, const Span& minimum_gap);

// What a practitioner should know before working on a client: no treatment consent on record,
// a screening that is missing or older than `screening_max_age` on the session date, and any
// contraindication flag. Empty when all is well.
struct Client;
std::vector<std::string> pre_session_concerns(const Client& client, bool has_treatment_consent,
                                              Date session_date, const Span& screening_max_age);

// Pain the client reported: a whole number from 0 to 10.
int parse_pain(std::string_view text);

// A decimal such as a depth in mm or a voltage, within (0, max]; throws Error(data) naming the
// field.
double parse_measure(std::string_view field, std::string_view text, double max);
// The session's measures, each with its limit, for the command line and an import alike.
double parse_depth(std::string_view text);   // mm, at most 10
double parse_voltage(std::string_view text); // volts, at most 50

} // namespace smp
