#pragma once

#include <smp/domain/payment.hpp>
#include <smp/store/store.hpp>

#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace smp::store {

// A payment as listed: with its client's name and uuid.
struct PaymentRow {
    Payment payment;
    std::string client_name;
    std::string client_uuid;
};

struct PaymentFilter {
    std::optional<std::int64_t> client_id;
    std::optional<Date> from, to; // inclusive
    std::optional<std::string> method;
    std::optional<std::string> kind;
    bool recorded_order = false; // table order (an export), instead of by date then id
};

// Writes run inside the caller's transaction (Store::write).
void insert_payment(Store& store, Payment& payment, Stamp stamp = Stamp::now); // id, uuid, times
void update_payment(Store& store, Payment& payment, Stamp stamp = Stamp::now); // updated_at
void delete_payment(Store& store, std::int64_t id);

// A payment by its id; Error(data) quoting the reference if there is none.
Payment resolve_payment(Store& store, std::string_view reference);
std::optional<Payment> payment_by_uuid(Store& store, const std::string& uuid);
PaymentRow payment_row(Store& store, std::int64_t id);

// Streams the payments the filter selects, by date then id.
void for_each_payment(Store& store, const PaymentFilter& filter,
                      const std::function<void(const PaymentRow&)>& visit);

// What a client owes and has paid (see Balance). Deposits are judged by their session's
// status and, for a cancellation, by how long before the session's start it came.
Balance client_balance(Store& store, std::int64_t client_id, int refund_notice_hours);

// The money of one session: what was paid for it, its deposits by state, its fees and refunds.
struct SessionMoney {
    Balance balance; // charged is the session's price when done
    std::optional<DepositState> deposit_state;
    int payments = 0; // of any kind
};
SessionMoney session_money(Store& store, std::int64_t session_id, int refund_notice_hours);

// A client who owes money, and the day of the oldest charge not yet covered.
struct Owing {
    std::int64_t client_id = 0;
    std::string client_name;
    Balance balance;
    std::string since;
};
// Every client who owes something, oldest unpaid charge first.
std::vector<Owing> clients_owing(Store& store, int refund_notice_hours);

} // namespace smp::store
