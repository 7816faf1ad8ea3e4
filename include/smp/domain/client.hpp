#pragma once

#include <smp/domain/choice.hpp>
#include <smp/domain/date.hpp>
#include <smp/domain/kind.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace smp {

// One client's profile. Optional fields are empty when the practitioner has not recorded them.
struct Client {
    std::int64_t id = 0;
    std::string uuid;
    std::string name;
    std::optional<std::string> phone;
    std::optional<std::string> email;
    std::optional<Date> birth_date;
    std::optional<std::string> skin_type; // Fitzpatrick I-VI
    std::optional<std::string> undertone;
    std::optional<std::string> hair_colour;
    std::optional<std::string> hair_loss_scale; // norwood or ludwig
    std::optional<std::string> hair_loss_stage;
    std::optional<std::string> condition;
    std::vector<std::string> contraindications;
    std::optional<std::string> medical_notes;
    std::optional<std::string> notes;
    bool reminders_allowed = true;
    bool service_messages = true;        // booking reminders, confirmations, aftercare (smp remind)
    std::optional<int> planned_sessions; // course length; empty: the config's default
    std::optional<Date> screened_on;     // the day the health screening was last done
    std::optional<std::string> archived_at;   // UTC instant; set while archived
    std::optional<std::string> touchup_every; // the client's own touch-up interval, e.g. "3y"
    std::optional<Date> touchup_due;          // a touch-up date pinned by hand
    std::optional<Date> snoozed_until;        // not due (nor reminded) before this date
    std::string created_at;
    std::string updated_at;
};

namespace choices {
extern const Choice skin_type;
extern const Choice undertone;
extern const Choice hair_colour;
extern const Choice norwood_stage;
extern const Choice ludwig_stage;
extern const Choice hair_loss_scale; // norwood, ludwig
extern const Choice condition;
extern const Choice contraindication;
} // namespace choices

// Every field of a client, once, in the documented order: what is stored, shown, set from the
// command line, imported and erased. Rules that join fields (Norwood or Ludwig into scale and
// stage, the archived flag and its instant, the name) are named functions beside it.
std::span<const FieldOf<Client>> client_fields();

// Field checks shared by every way a client is entered (add, edit, import). Each throws
// Error(data) quoting the value and saying what is accepted; each returns the canonical form.
std::string validate_name(std::string_view name);
// What a message calls the client: the first word of their name ("Jane" for "Jane Doe").
std::string first_name(std::string_view name);
std::string validate_phone(std::string_view phone);
std::string validate_email(std::string_view email);
std::string validate_text(std::string_view field, std::string_view text);
// A course length: a whole number of sessions from 1 to 20.
int validate_planned_sessions(std::string_view text);
// The stage on the given scale ("norwood" or "ludwig"), in its canonical spelling.
std::string validate_hair_loss_stage(std::string_view scale, std::string_view stage);

// "Norwood 3A" / "Ludwig II" for people; empty when no scale is recorded.
std::string describe_hair_loss(const Client& client);

} // namespace smp
