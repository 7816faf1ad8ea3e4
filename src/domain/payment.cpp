#include <smp/domain/payment.hpp>
#include <smp/error.hpp>
#include <smp/util/text.hpp>

#include <fmt/format.h>

#include <array>

namespace smp {
namespace {

constexpr std::array<std::string_view, 4> k_payment_kinds = {"deposit", "payment", "refund", "fee"};
constexpr std::array<std::string_view, 4> k_methods = {"cash", "card", "transfer", "other"};

} // namespace

namespace choices {
const Choice payment_kind{"payment kind", k_payment_kinds};
} // namespace choices

namespace {

using namespace field_flag;
using P = Payment;

const std::array<FieldOf<Payment>, 16> k_payment_fields = {{
    {{"id", Codec::id}, &P::id},
    {{"uuid", Codec::uuid, required | importable}, &P::uuid},
    {{"client_id", Codec::reference, required}, &P::client_id},
    {{"client_uuid", Codec::uuid, derived}},
    {{"client_name", Codec::text, derived}},
    {{"session_id", Codec::reference, importable | clearable, {}, nullptr, "--session"},
     &P::session_id},
    {{"date", Codec::date, required | importable}, &P::date},
    {{"amount", Codec::money, required | importable, "amount_minor"}, &P::amount},
    {{"amount_minor", Codec::integer, derived}},
    {{"currency", Codec::text, required | importable}, &P::currency},
    {{"method", Codec::text, importable}, &P::method},
    {{"kind", Codec::choice, required | importable, {}, &choices::payment_kind}, &P::kind},
    {{"reference", Codec::text, personal | importable | clearable}, &P::reference},
    {{"notes", Codec::text, personal | importable | clearable}, &P::notes},
    {{"created_at", Codec::instant, required | importable}, &P::created_at},
    {{"updated_at", Codec::instant, required | importable}, &P::updated_at},
}};

} // namespace

std::span<const FieldOf<Payment>> payment_fields() {
    return k_payment_fields;
}

std::span<const std::string_view> builtin_payment_methods() {
    return k_methods;
}

std::string parse_payment_method(std::string_view text, const std::vector<std::string>& extra) {
    auto wanted = fold_case(trim(text));
    for (auto method : k_methods)
        if (wanted == method)
            return std::string(method);
    for (const auto& method : extra)
        if (wanted == fold_case(method))
            return method;
    std::vector<std::string> all(k_methods.begin(), k_methods.end());
    all.insert(all.end(), extra.begin(), extra.end());
    throw Error(Exit::data, fmt::format("invalid method \"{}\": use {} (more can be listed in "
                                        "the config's money.methods)",
                                        text, join(all, ", ")));
}

std::string_view deposit_state_name(DepositState state) {
    switch (state) {
    case DepositState::held:
        return "held";
    case DepositState::applied:
        return "applied";
    case DepositState::refundable:
        return "refundable";
    case DepositState::kept:
        return "kept";
    }
    return "held";
}

DepositState deposit_state(std::optional<std::string_view> session_status,
                           std::optional<std::int64_t> notice_hours, int refund_notice_hours) {
    if (!session_status || *session_status == "done")
        return DepositState::applied;
    if (*session_status == "scheduled")
        return DepositState::held;
    if (*session_status == "cancelled" && (!notice_hours || *notice_hours >= refund_notice_hours))
        return DepositState::refundable;
    return DepositState::kept;
}

int parse_notice_hours(std::string_view text) {
    auto bad = [&]() -> int {
        throw Error(Exit::data, fmt::format("invalid notice \"{}\": write hours or days, e.g. "
                                            "48h or 2d",
                                            text));
    };
    if (text.size() < 2 || text.size() > 5)
        return bad();
    auto number = text.substr(0, text.size() - 1);
    if (number.find_first_not_of("0123456789") != std::string_view::npos)
        return bad();
    int value = std::stoi(std::string(number));
    if (text.back() == 'h')
        return value;
    if (text.back() == 'd')
        return value * 24;
    return bad();
}

namespace {

// numerator / denominator to the nearest whole number, a half up; both not negative.
std::int64_t divide_half_up(std::int64_t numerator, std::int64_t denominator) {
    return numerator / denominator + (numerator % denominator * 2 >= denominator ? 1 : 0);
}

} // namespace

TaxRate parse_tax_rate(std::string_view text) {
    auto bad = [&]() -> TaxRate {
        throw Error(Exit::data, fmt::format("invalid tax rate \"{}\": write a percentage from 0 "
                                            "to 100 with at most two decimals, e.g. \"20\" or "
                                            "\"7.5\", without the % sign",
                                            text));
    };
    auto point = text.find('.');
    auto whole = text.substr(0, point);
    auto decimals = point == std::string_view::npos ? std::string_view{} : text.substr(point + 1);
    auto digits = [](std::string_view part) {
        return part.find_first_not_of("0123456789") == std::string_view::npos;
    };
    if (whole.empty() || whole.size() > 3 || !digits(whole) || !digits(decimals) ||
        decimals.size() > 2 || (point != std::string_view::npos && decimals.empty()))
        return bad();
    TaxRate rate = std::stoll(std::string(whole)) * 100;
    if (!decimals.empty())
        rate += std::stoll(std::string(decimals)) * (decimals.size() == 1 ? 10 : 1);
    if (rate > 10000)
        return bad();
    return rate;
}

std::string format_tax_rate(TaxRate rate) {
    auto text = fmt::format("{}.{:02}", rate / 100, rate % 100);
    while (text.back() == '0')
        text.pop_back();
    if (text.back() == '.')
        text.pop_back();
    return text;
}

TaxSplit split_tax(std::int64_t amount, TaxRate rate, bool prices_include_tax) {
    if (amount < 0) {
        auto split = split_tax(-amount, rate, prices_include_tax);
        return {-split.net, -split.tax, -split.gross};
    }
    // Amounts are at most 12 digits of whole units (parse_money), sums of them a few more:
    // times 10,000 still fits 63 bits.
    if (prices_include_tax) {
        auto net = divide_half_up(amount * 10000, 10000 + rate);
        return {net, amount - net, amount};
    }
    auto tax = divide_half_up(amount * rate, 10000);
    return {amount, tax, amount + tax};
}

} // namespace smp
