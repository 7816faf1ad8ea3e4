#include "conditions.hpp"
#include "kind_rows.hpp"

#include <smp/domain/date.hpp>
#include <smp/domain/reference.hpp>
#include <smp/store/payments.hpp>
#include <smp/util/uuid.hpp>

#include <SQLiteCpp/Column.h>
#include <SQLiteCpp/Statement.h>
#include <fmt/format.h>

#include <smp/error.hpp>

#include <algorithm>
#include <ctime>
#include <tuple>

namespace smp::store {
namespace {

// The payment table's columns, each prefixed "p." so they can be read beside the client's.
const std::string& payment_columns() {
    static const std::string columns = qualified_select_list(payment_fields(), "p");
    return columns;
}

// The columns after the payment's own: its client's name and uuid.
PaymentRow read_payment_row(SQLite::Statement& row) {
    PaymentRow out;
    read_fields(payment_fields(), row, out.payment, "payment");
    int next = row.getColumnCount() - 2;
    out.client_name = row.getColumn(next).getString();
    out.client_uuid = row.getColumn(next + 1).getString();
    return out;
}

std::string select_payment_rows(std::string_view where, std::string_view order) {
    return fmt::format("SELECT {}, c.name, c.uuid FROM payment p JOIN client c ON c.id = "
                       "p.client_id WHERE {}{}",
                       payment_columns(), where, order);
}

// Seconds since the epoch of a UTC instant as smp stores it (2026-11-24T09:30:00Z).
std::optional<std::int64_t> utc_seconds(const std::string& instant) {
    std::tm parts{};
    if (instant.size() != 20 || !strptime(instant.c_str(), "%Y-%m-%dT%H:%M:%SZ", &parts))
        return std::nullopt;
    return static_cast<std::int64_t>(timegm(&parts));
}

// How many whole hours before a session's start (its day and time, local; midnight when it has
// no time) it was cancelled. None when the cancellation's instant is not known.
std::optional<std::int64_t> notice_hours(const std::string& date, std::optional<int> time,
                                         const std::optional<std::string>& cancelled_at) {
    auto day = parse_iso_date(date);
    auto cancelled = cancelled_at ? utc_seconds(*cancelled_at) : std::nullopt;
    if (!day || !cancelled)
        return std::nullopt;
    std::chrono::year_month_day ymd{*day};
    std::tm start{};
    start.tm_year = static_cast<int>(ymd.year()) - 1900;
    start.tm_mon = static_cast<int>(static_cast<unsigned>(ymd.month())) - 1;
    start.tm_mday = static_cast<int>(static_cast<unsigned>(ymd.day()));
    start.tm_hour = time.value_or(0) / 60;
    start.tm_min = time.value_or(0) % 60;
    start.tm_isdst = -1;
    auto starts = static_cast<std::int64_t>(std::mktime(&start));
    return (starts - *cancelled) / 3600;
}

// Adds one payment of a client or a session to a balance.
void count(Balance& balance, const std::string& kind, std::int64_t amount,
           std::optional<DepositState> state) {
    if (kind == "payment")
        balance.paid += amount;
    else if (kind == "fee")
        balance.fees += amount;
    else if (kind == "refund")
        balance.refunds += amount;
    else if (state == DepositState::held)
        balance.deposits_held += amount;
    else if (state == DepositState::refundable)
        balance.refundable += amount;
    else if (state == DepositState::kept)
        balance.kept += amount;
    else
        balance.deposits_applied += amount;
}

// The payments of a client (or of one session), with their session's status and times.
constexpr std::string_view k_money_sql =
    "SELECT p.kind, p.amount_minor, s.status, s.date, s.time, s.cancelled_at, p.date "
    "FROM payment p LEFT JOIN session s ON s.id = p.session_id WHERE {} ";

// Reads the rows of k_money_sql into a balance; `charges` gets each fee's day and amount.
// Returns how many payments there were.
int add_payments(SQLite::Statement& query, int refund_notice_hours, Balance& balance,
                 std::optional<DepositState>* last_state,
                 std::vector<std::pair<std::string, std::int64_t>>* charges) {
    int rows = 0;
    while (query.executeStep()) {
        ++rows;
        auto kind = query.getColumn(0).getString();
        auto amount = query.getColumn(1).getInt64();
        std::optional<DepositState> state;
        if (kind == "deposit") {
            std::optional<std::string> status, cancelled;
            std::optional<int> time;
            if (!query.getColumn(2).isNull())
                status = query.getColumn(2).getString();
            if (!query.getColumn(4).isNull())
                time = parse_time_of_day(query.getColumn(4).getString());
            if (!query.getColumn(5).isNull())
                cancelled = query.getColumn(5).getString();
            state =
                deposit_state(status,
                              status ? notice_hours(query.getColumn(3).getString(), time, cancelled)
                                     : std::nullopt,
                              refund_notice_hours);
            if (last_state)
                *last_state = state;
        }
        if (kind == "fee" && charges)
            charges->emplace_back(query.getColumn(6).getString(), amount);
        count(balance, kind, amount, state);
    }
    return rows;
}

// A client's done sessions' prices, by day, oldest first.
std::vector<std::pair<std::string, std::int64_t>> done_prices(Store& store,
                                                              std::int64_t client_id) {
    SQLite::Statement query(store.db(), "SELECT date, price_minor FROM session WHERE client_id = "
                                        "? AND status = 'done' AND price_minor IS NOT NULL");
    query.bind(1, client_id);
    std::vector<std::pair<std::string, std::int64_t>> prices;
    while (query.executeStep())
        prices.emplace_back(query.getColumn(0).getString(), query.getColumn(1).getInt64());
    return prices;
}

Balance balance_with_charges(Store& store, std::int64_t client_id, int refund_notice_hours,
                             std::vector<std::pair<std::string, std::int64_t>>& charges) {
    Balance balance;
    charges = done_prices(store, client_id);
    for (const auto& [day, price] : charges)
        balance.charged += price;
    SQLite::Statement query(store.db(), fmt::format(fmt::runtime(k_money_sql), "p.client_id = ?"));
    query.bind(1, client_id);
    add_payments(query, refund_notice_hours, balance, nullptr, &charges);
    return balance;
}

} // namespace

void insert_payment(Store& store, Payment& payment, Stamp how) {
    payment.uuid = payment.uuid.empty() ? new_uuid() : payment.uuid;
    stamp(how, true, payment.created_at, payment.updated_at);
    static auto insert = FieldWrite<Payment>::insert_into("payment", payment_fields());
    insert.run(store, payment, kept_id(how, payment.id));
    payment.id = store.db().getLastInsertRowid();
}

void update_payment(Store& store, Payment& payment, Stamp how) {
    stamp(how, false, payment.created_at, payment.updated_at);
    static auto update = FieldWrite<Payment>::update_of("payment", payment_fields());
    update.run(store, payment, payment.id);
}

void delete_payment(Store& store, std::int64_t id) {
    SQLite::Statement remove(store.db(), "DELETE FROM payment WHERE id = ?");
    remove.bind(1, id);
    remove.exec();
}

Payment resolve_payment(Store& store, std::string_view reference) {
    if (!is_id_reference(reference))
        throw Error(Exit::data, fmt::format("invalid payment \"{}\": payments are named by id; "
                                            "find it with `smp payment list --client NAME`",
                                            reference));
    auto id = static_cast<std::int64_t>(std::stoll(std::string(reference)));
    return payment_row(store, id).payment;
}

std::optional<Payment> payment_by_uuid(Store& store, const std::string& uuid) {
    SQLite::Statement query(store.db(), select_payment_rows("p.uuid = ?", ""));
    query.bind(1, uuid);
    if (!query.executeStep())
        return std::nullopt;
    return read_payment_row(query).payment;
}

PaymentRow payment_row(Store& store, std::int64_t id) {
    SQLite::Statement query(store.db(), select_payment_rows("p.id = ?", ""));
    query.bind(1, id);
    if (!query.executeStep())
        throw Error(Exit::data,
                    fmt::format("no payment has id {}; find it with `smp payment list`", id));
    return read_payment_row(query);
}

void for_each_payment(Store& store, const PaymentFilter& filter,
                      const std::function<void(const PaymentRow&)>& visit) {
    Conditions conditions;
    conditions.add("p.client_id = :client", ":client", filter.client_id);
    if (filter.from)
        conditions.add("p.date >= :from", ":from", std::optional(format_date(*filter.from)));
    if (filter.to)
        conditions.add("p.date <= :to", ":to", std::optional(format_date(*filter.to)));
    conditions.add("p.method = :method", ":method", filter.method);
    conditions.add("p.kind = :kind", ":kind", filter.kind);
    SQLite::Statement query(
        store.db(),
        select_payment_rows(conditions.where(),
                            filter.recorded_order ? " ORDER BY p.id" : " ORDER BY p.date, p.id"));
    conditions.bind(query);
    while (query.executeStep())
        visit(read_payment_row(query));
}

Balance client_balance(Store& store, std::int64_t client_id, int refund_notice_hours) {
    std::vector<std::pair<std::string, std::int64_t>> charges;
    return balance_with_charges(store, client_id, refund_notice_hours, charges);
}

SessionMoney session_money(Store& store, std::int64_t session_id, int refund_notice_hours) {
    SessionMoney money;
    SQLite::Statement price(store.db(), "SELECT price_minor FROM session WHERE id = ? AND "
                                        "status = 'done' AND price_minor IS NOT NULL");
    price.bind(1, session_id);
    if (price.executeStep())
        money.balance.charged = price.getColumn(0).getInt64();
    SQLite::Statement query(store.db(), fmt::format(fmt::runtime(k_money_sql), "p.session_id = ?"));
    query.bind(1, session_id);
    money.payments =
        add_payments(query, refund_notice_hours, money.balance, &money.deposit_state, nullptr);
    return money;
}

std::vector<Owing> clients_owing(Store& store, int refund_notice_hours) {
    SQLite::Statement clients(store.db(),
                              "SELECT c.id, c.name FROM client c WHERE c.id IN (SELECT client_id "
                              "FROM session WHERE status = 'done' AND price_minor IS NOT NULL "
                              "UNION SELECT client_id FROM payment)");
    std::vector<Owing> owing;
    while (clients.executeStep()) {
        Owing entry{clients.getColumn(0).getInt64(), clients.getColumn(1).getString(), {}, {}};
        std::vector<std::pair<std::string, std::int64_t>> charges;
        entry.balance = balance_with_charges(store, entry.client_id, refund_notice_hours, charges);
        if (entry.balance.owed() <= 0)
            continue;
        // The charges are covered oldest first: the first one the credit does not cover is
        // what has been owed the longest.
        std::sort(charges.begin(), charges.end());
        auto credit = entry.balance.owed();
        std::int64_t total = 0;
        for (const auto& [day, amount] : charges)
            total += amount;
        auto covered = total - credit;
        for (const auto& [day, amount] : charges) {
            covered -= amount;
            if (covered < 0) {
                entry.since = day;
                break;
            }
        }
        owing.push_back(std::move(entry));
    }
    std::sort(owing.begin(), owing.end(), [](const Owing& a, const Owing& b) {
        return std::tie(a.since, a.client_name, a.client_id) <
               std::tie(b.since, b.client_name, b.client_id);
    });
    return owing;
}

} // namespace smp::store
