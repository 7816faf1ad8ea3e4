#pragma once

#include <smp/domain/choice.hpp>
#include <smp/domain/kind.hpp>

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace smp {

// Money that changed hands, or was charged: a deposit taken at booking, a payment, a refund
// given back, or a fee charged (a no-show). Amounts are exact, in minor units, never negative:
// the kind says which way the money went.
struct Payment {
    std::int64_t id = 0;
    std::string uuid;
    std::int64_t client_id = 0;
    std::optional<std::int64_t> session_id; // what it was for, when it was for one session
    Date date{};
    std::int64_t amount = 0; // minor units
    std::string currency;
    std::optional<std::string> method; // cash, card, transfer, other or the config's; none: a fee
    std::string kind = "payment";      // deposit, payment, refund, fee
    std::optional<std::string> reference; // a card slip or transfer reference
    std::optional<std::string> notes;
    std::string created_at;
    std::string updated_at;
};

namespace choices {
extern const Choice payment_kind;
} // namespace choices

// Every field of a payment, once, in the documented order.
std::span<const FieldOf<Payment>> payment_fields();

// The methods built in; the config's money.methods adds to them.
std::span<const std::string_view> builtin_payment_methods();
// A method as typed, checked against the built-in ones and `extra` (case-insensitive); throws
// Error(data) quoting it and listing the methods.
std::string parse_payment_method(std::string_view text, const std::vector<std::string>& extra);

// What became of a deposit taken for a session. Without a session it is credited to the
// client's balance at once (applied); for a booked session it is held; the session done, it
// is applied to the price; cancelled with at least the refund notice, it is the client's to
// have back (refundable); cancelled later, or a no-show, the studio keeps it.
enum class DepositState { held, applied, refundable, kept };
std::string_view deposit_state_name(DepositState state);
// `notice_hours`: how long before the session it was cancelled (none: not known).
DepositState deposit_state(std::optional<std::string_view> session_status,
                           std::optional<std::int64_t> notice_hours, int refund_notice_hours);

// A client's money, in minor units. What they owe is the price of their done sessions plus
// fees, less payments and deposits credited (applied or refundable), plus refunds given.
struct Balance {
    std::int64_t charged = 0; // done sessions' prices
    std::int64_t fees = 0;
    std::int64_t paid = 0;             // payments
    std::int64_t deposits_applied = 0; // to a done session, or taken with no session
    std::int64_t deposits_held = 0;    // for a booked session
    std::int64_t refundable = 0;       // deposits of sessions cancelled in time
    std::int64_t kept = 0;             // deposits of no-shows and late cancellations
    std::int64_t refunds = 0;

    std::int64_t owed() const {
        return charged + fees - paid - deposits_applied - refundable + refunds;
    }
};

// The refund notice as the config gives it: "48h", "2d". Throws Error(data).
int parse_notice_hours(std::string_view text);

// A tax rate (VAT, sales tax) in hundredths of a percent: "20" is 2000, "7.5" is 750. Kept
// exact so that no amount ever passes through floating point.
using TaxRate = std::int64_t;
// The rate as the config writes it: a percentage from 0 to 100 with at most two decimals,
// "20", "7.5", "5.25". Throws Error(data) quoting it.
TaxRate parse_tax_rate(std::string_view text);
// "20", "7.5", "5.25": the rate as a person writes it.
std::string format_tax_rate(TaxRate rate);

// An amount split into net, tax and gross, in minor units. Amounts are stored as entered;
// this is derived where a receipt or a report shows tax.
struct TaxSplit {
    std::int64_t net = 0;
    std::int64_t tax = 0;
    std::int64_t gross = 0;
};
// With `prices_include_tax` the amount is the gross and the net is what it holds before tax
// (gross * 100 / (100 + rate)); else the amount is the net and tax is added to it. The one
// rounded figure (the net when tax is included, else the tax) is rounded to the nearest minor
// unit, a half up, and the other figures follow from it so that net + tax == gross always.
// A negative amount (a refund counted against takings) splits as its magnitude, negated.
TaxSplit split_tax(std::int64_t amount, TaxRate rate, bool prices_include_tax);

} // namespace smp
