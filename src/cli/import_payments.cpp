#include "import_engine.hpp"

#include <smp/domain/payment.hpp>
#include <smp/domain/session.hpp>
#include <smp/store/payments.hpp>
#include <smp/store/sessions.hpp>

namespace smp::cli {
namespace {

// The session a payment's row names, by id: it must be on file and the payment's client's.
void fill_payment_session(const RowValues& row, Problems& problems, store::Store& store,
                          Payment& p) {
    if (!row.has("session_id"))
        return;
    problems.check(row.line(), "session_id", [&] {
        auto id = row.text("session_id");
        if (id.empty()) {
            p.session_id.reset();
            return;
        }
        auto session = store::resolve_session(store, id);
        if (session.client_id != p.client_id)
            throw Error(Exit::data, fmt::format("session {} is another client's; import the "
                                                "sessions first, into the same records file",
                                                id));
        p.session_id = session.id;
    });
}

// A payment's fields by `payment add`'s rules.
void fill_payment(const RowValues& row, Problems& problems, Payment& p, const Config& config,
                  Date today) {
    auto line = row.line();
    if (row.has("date") || !p.id)
        problems.check(line, "date", [&] {
            if (row.text("date").empty())
                throw Error(Exit::data, "a payment needs a date");
            p.date = past_day("payment date", row.text("date"), today);
        });
    if (row.has("amount") || p.amount == 0)
        problems.check(line, "amount", [&] {
            p.amount = parse_money(row.text("amount"));
            if (p.amount == 0)
                throw Error(Exit::data, fmt::format("invalid amount \"{}\": it must be more than 0",
                                                    row.text("amount")));
        });
    if (!row.text("kind").empty())
        problems.check(line, "kind",
                       [&] { p.kind = choices::payment_kind.parse(row.text("kind")); });
    if (!row.text("currency").empty())
        problems.check(line, "currency",
                       [&] { p.currency = validate_text("currency", row.text("currency")); });
    if (p.currency.empty())
        p.currency = config.currency;
    import_field(row, problems, "method", p.method, [&](const std::string& t) {
        return parse_payment_method(t, config.payment_methods);
    });
    if (p.kind == "fee" && p.method)
        problems.add(line, "method", "a fee is charged, not paid, so it has no method");
    else if (p.kind != "fee" && !p.method)
        p.method = "cash";
    import_field(row, problems, "reference", p.reference, text_rule("reference"));
    import_field(row, problems, "notes", p.notes, text_rule("notes"));
}

} // namespace

void import_payments(Context& context, const ImportOptions& o) {
    auto& store = *records(context, o);
    Plan<Payment> payments;
    FileKeys keys;
    read_rows(context, o, &store, keys, [&](const RowValues& row, Problems& problems) {
        auto planned = plan_row<Payment>(row, problems, keys, [&](const std::string& uuid) {
            return store::payment_by_uuid(store, uuid);
        });
        auto& p = planned.record;
        bool refers = row.has("client_uuid") || row.has("client_id") || row.has("client_name");
        if (!p.id || refers)
            if (auto client = session_client(row, problems, store))
                p.client_id = client->id;
        fill_payment(row, problems, p, context.config(), context.today());
        if (p.client_id)
            fill_payment_session(row, problems, store, p);
        import_times(row, problems, p.created_at, p.updated_at);
        payments.push_back(std::move(planned));
    });
    write_planned(context, o, &store, store::Table::payment, payments, keys,
                  [&](Planned<Payment>& p, bool is_new) {
                      is_new ? store::insert_payment(store, p.record, store::Stamp::as_given)
                             : store::update_payment(store, p.record, store::Stamp::as_given);
                  });
}

} // namespace smp::cli
