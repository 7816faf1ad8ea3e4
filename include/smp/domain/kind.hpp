#pragma once

#include <smp/domain/choice.hpp>
#include <smp/domain/date.hpp>

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <type_traits>
#include <variant>
#include <vector>

namespace smp {

// How a field's value is written in the records file, on the command line and in output.
// Closed on purpose: generic code switches over it, and a new codec is a deliberate change.
enum class Codec {
    id,          // the short integer id people use
    uuid,        // the record's uuid, for machines
    text,        // free text
    phone,       // a phone number: digits with + ( ) . - and spaces
    email,       // an email address
    integer,     // a whole number
    flag,        // yes or no: 0/1 in SQL, true/false in json
    date,        // YYYY-MM-DD
    instant,     // a UTC ISO-8601 instant ending in Z
    choice,      // one of `choice->allowed`
    choice_list, // a comma-separated set of `choice->allowed`
    date_list,   // days, comma-separated in order (a lot's bottle openings)
    span,        // a length of time such as 3y or 14d
    money,       // an exact amount in minor units
    needle,      // a needle such as 3RL-0.25, kept as count, configuration and diameter
    dilution,    // water:pigment, e.g. 6:1
    time_of_day, // HH:MM
    minutes,     // a duration in minutes
    decimal,     // a measure such as a depth in mm
    reference,   // the id of another record (a session's client, a lot's shade)
};

std::string_view codec_name(Codec codec);

// What a field is for, as bits: the generic code of every kind reads them.
namespace field_flag {
inline constexpr unsigned settable = 1U << 0;   // an option of add/edit sets it
inline constexpr unsigned clearable = 1U << 1;  // `--clear NAME` empties it
inline constexpr unsigned personal = 1U << 2;   // erased by `client forget`
inline constexpr unsigned derived = 1U << 3;    // shown, not stored as such: worked out
inline constexpr unsigned required = 1U << 4;   // never empty
inline constexpr unsigned importable = 1U << 5; // an import sets it from its column
inline constexpr unsigned past = 1U << 6;       // a date never after today (a birth date)
} // namespace field_flag

// One field of a record kind, described once. `name` is the documented name (JSON key, CSV
// column, and SQL column unless `column` says otherwise; a field kept in several columns, such
// as a needle, lists them comma-separated).
struct FieldInfo {
    std::string_view name;
    Codec codec;
    unsigned flags = 0;
    std::string_view column = {};
    const Choice* choice = nullptr; // the allowed values of a choice or choice list
    // Its name on the command line, e.g. "--skin-type" (aliases after a comma): the add/edit
    // option when the field is settable, and, without the dashes, the name `--clear` takes.
    std::string_view option = {};
    std::string_view value_name = {}; // the option's value in --help: TEXT, DATE, STAGE...
    std::string_view help = {};
    std::string_view label = {};  // the field in messages, when not its name with spaces
    int minimum = 0, maximum = 0; // the range of an integer field, when it has one; a decimal
                                  // field's upper bound (above 0 and at most it)

    bool has(unsigned flag) const { return (flags & flag) != 0; }
    // The SQL column(s) it is kept in: its name, or `column`; none for a derived field, unless
    // `column` names the copy smp keeps of it (a session's course number).
    std::string_view sql_column() const {
        return !column.empty() ? column : has(field_flag::derived) ? std::string_view() : name;
    }
    // Each SQL column it is kept in (a needle has three).
    std::vector<std::string_view> columns() const;
    // "medical notes" for medical_notes: how messages name the field.
    std::string message_name() const;
    // "birth-date" for --birth-date,--dob: the name `--clear` takes (its name without an
    // option).
    std::string clear_name() const;
};

// The struct member a stored field lives in. Member pointers, not functions: the table stays
// data that a reader takes in at a glance.
template <typename Record>
using Member =
    std::variant<std::monostate, std::int64_t Record::*, std::string Record::*,
                 std::optional<std::string> Record::*, std::optional<int> Record::*, bool Record::*,
                 std::vector<std::string> Record::*, std::optional<std::int64_t> Record::*,
                 std::optional<double> Record::*, Date Record::*, std::optional<Date> Record::*>;

// For the last `else` of a visit over a Member: a member type a visit does not handle fails
// to build there, instead of being skipped without a word.
template <typename> inline constexpr bool k_unhandled_member = false;

template <typename Record> struct FieldOf {
    FieldInfo info;
    Member<Record> member = {};
};

// A record kind as the rest of smp sees it, whatever its struct: its name (singular, as in
// `smp client`), its SQL table, its fields in documented order, and the SQL columns it keeps
// for smp's own use (cached copies, search keys), which are never shown nor set.
struct KindInfo {
    std::string_view name;
    std::string_view table;
    std::vector<FieldInfo> fields;
    std::vector<std::string_view> internal_columns;
    // A kind whose rows are all about one person and are deleted whole by `client forget`.
    bool erased_whole = false;

    const FieldInfo* field(std::string_view name) const;
};

// What `--clear` takes for a kind: its clearable fields, by their clear names, in table order.
// Built once per kind and kept for the program's life.
const Choice& clear_choice(const KindInfo& kind);

// Every record kind, in the order the documentation lists them.
std::span<const KindInfo* const> record_kinds();
const KindInfo* kind_named(std::string_view name);
// The tables of a records file that hold no record kind of their own: links, settings, the due
// list and the search index, each kept by smp from the kinds' rows.
std::span<const std::string_view> internal_tables();

template <typename Record>
KindInfo describe_kind(std::string_view name, std::string_view table,
                       std::span<const FieldOf<Record>> fields) {
    KindInfo kind{name, table, {}, {}};
    for (const auto& field : fields)
        kind.fields.push_back(field.info);
    return kind;
}

// A value as typed on the command line or read from a file, checked by the field's codec and
// limits and written as it is stored: the one rule for both ways in. Throws Error(data)
// quoting the value. Not for blank text: a blank value clears a field (set_from_text).
std::string canonical_text(const FieldInfo& field, std::string_view text, Date today);
// A date field's value (any form parse_date takes); a field flagged `past` refuses a day after
// `today`. Throws Error(data) quoting the text.
Date canonical_date(const FieldInfo& field, std::string_view text, Date today);
int canonical_integer(const FieldInfo& field, std::string_view text);
double canonical_decimal(const FieldInfo& field, std::string_view text); // parse_measure
bool canonical_flag(const FieldInfo& field, std::string_view text);

// Empties a field: an optional one is unset, a list emptied, a flag turned off.
template <typename Record> void clear_field(const FieldOf<Record>& field, Record& record) {
    std::visit(
        [&](auto member) {
            using M = decltype(member);
            if constexpr (std::is_same_v<M, std::optional<std::string> Record::*> ||
                          std::is_same_v<M, std::optional<int> Record::*> ||
                          std::is_same_v<M, std::optional<std::int64_t> Record::*> ||
                          std::is_same_v<M, std::optional<double> Record::*> ||
                          std::is_same_v<M, std::optional<Date> Record::*> ||
                          std::is_same_v<M, std::vector<std::string> Record::*>)
                (record.*member) = {};
            else if constexpr (std::is_same_v<M, bool Record::*>)
                record.*member = false;
            else if constexpr (!std::is_same_v<M, std::monostate> &&
                               !std::is_same_v<M, std::int64_t Record::*> &&
                               !std::is_same_v<M, std::string Record::*> &&
                               !std::is_same_v<M, Date Record::*>)
                static_assert(k_unhandled_member<M>); // required: never cleared
        },
        field.member);
}

// Sets a field from text: blank clears it, anything else goes through the field's codec.
template <typename Record>
void set_from_text(const FieldOf<Record>& field, Record& record, std::string_view text,
                   Date today) {
    if (text.find_first_not_of(" \t\r\n") == std::string_view::npos)
        return clear_field(field, record);
    std::visit(
        [&](auto member) {
            using M = decltype(member);
            if constexpr (std::is_same_v<M, std::optional<int> Record::*>)
                record.*member = canonical_integer(field.info, text);
            else if constexpr (std::is_same_v<M, std::optional<std::int64_t> Record::*>)
                record.*member = canonical_integer(field.info, text);
            else if constexpr (std::is_same_v<M, bool Record::*>)
                record.*member = canonical_flag(field.info, text);
            else if constexpr (std::is_same_v<M, std::vector<std::string> Record::*>)
                record.*member = parse_choices(*field.info.choice, {std::string(text)});
            else if constexpr (std::is_same_v<M, std::optional<double> Record::*>)
                record.*member = canonical_decimal(field.info, text);
            else if constexpr (std::is_same_v<M, Date Record::*> ||
                               std::is_same_v<M, std::optional<Date> Record::*>)
                record.*member = canonical_date(field.info, text, today);
            else if constexpr (std::is_same_v<M, std::optional<std::string> Record::*> ||
                               std::is_same_v<M, std::string Record::*>)
                record.*member = canonical_text(field.info, text, today);
            else if constexpr (!std::is_same_v<M, std::monostate> &&
                               !std::is_same_v<M, std::int64_t Record::*>)
                static_assert(k_unhandled_member<M>); // ids and references: set by smp
        },
        field.member);
}

} // namespace smp
