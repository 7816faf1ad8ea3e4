#include <smp/cli/commands.hpp>
#include <smp/cli/records.hpp>
#include <smp/cli/valid.hpp>
#include <smp/domain/payment.hpp>
#include <smp/domain/session.hpp>
#include <smp/store/clients.hpp>
#include <smp/store/payments.hpp>
#include <smp/store/sessions.hpp>
#include <smp/util/text.hpp>

#include <fmt/format.h>

#include <array>

namespace smp::cli {
namespace {

const Choice k_method_choice{"method", builtin_payment_methods()};

// What add and edit may set. Not given: left as it is; for add, the defaults below.
struct PaymentOptions {
    std::optional<std::string> amount, session, method, date, reference, note, kind;
    bool deposit = false, refund = false, fee = false;
    std::vector<std::string> clear;
};

// The built-in methods and the config's own (money.methods).
CLI::Validator method_value(Context& context) {
    return valid::by([&context](std::string_view text) {
        parse_payment_method(text, context.config().payment_methods);
    });
}

void add_detail_options(CLI::App& command, PaymentOptions& o, Context& context) {
    command.add_option("--session", o.session, "The session it is for (its id)")
        ->type_name("SESSION");
    command
        .add_option("--method", o.method,
                    "How it was paid: cash, card, transfer, other, or one of the config's "
                    "money.methods (default: cash; a fee has none)")
        ->type_name("METHOD")
        ->check(method_value(context));
    command.add_option("--date", o.date, "The day it was paid (default: today; not in the future)")
        ->type_name("DATE")
        ->check(valid::date(context));
    command.add_option("--reference", o.reference, "A card slip or transfer reference")
        ->type_name("TEXT")
        ->check(valid::text("reference"));
    command.add_option("--note", o.note, "A note")->type_name("TEXT")->check(valid::text("note"));
}

} // namespace

std::int64_t command_line_amount(std::string_view text, const std::string& currency) {
    auto trimmed = trim(text);
    if (trimmed.starts_with("-"))
        throw Error(Exit::usage, fmt::format("invalid amount \"{}\": amounts are never negative; "
                                             "record money given back with --refund",
                                             text));
    if (trimmed.find_first_not_of("0123456789.,") != std::string_view::npos)
        throw Error(Exit::usage, fmt::format("invalid amount \"{}\": write the number alone, "
                                             "e.g. 450, 450.50 or 1,200.50, without a currency "
                                             "sign (amounts are in {}, the config's currency)",
                                             text, currency));
    try {
        auto amount = parse_money(trimmed);
        if (amount == 0)
            throw Error(Exit::usage,
                        fmt::format("invalid amount \"{}\": it must be more than 0", text));
        return amount;
    } catch (const Error& error) {
        throw Error(Exit::usage, error.what());
    }
}

namespace {

// The session a payment is for: it must be the client's own.
std::optional<std::int64_t> session_for(store::Store& store, const Payment& payment,
                                        const std::string& reference) {
    if (trim(reference).empty())
        return std::nullopt;
    auto session = store::resolve_session(store, reference);
    if (session.client_id != payment.client_id)
        throw Error(Exit::data, fmt::format("session {} is not client {}'s; give one of theirs "
                                            "(`smp session list --client {}`)",
                                            session.id, payment.client_id, payment.client_id));
    return session.id;
}

void apply_details(Context& context, store::Store& store, const PaymentOptions& o, Payment& p) {
    const auto& config = context.config();
    for (const auto& name : parse_choices(payment_clear_choice(), o.clear)) {
        if (name == "session")
            p.session_id.reset();
        else if (name == "reference")
            p.reference.reset();
        else if (name == "notes")
            p.notes.reset();
    }
    if (o.amount)
        p.amount = command_line_amount(*o.amount, config.currency);
    if (o.kind)
        p.kind = choices::payment_kind.parse(*o.kind);
    if (o.date) {
        p.date = past_day("payment date", *o.date, context.today(), "record money when it is paid");
    }
    if (o.session)
        p.session_id = session_for(store, p, *o.session);
    auto text = [](std::string_view field) {
        return [field](const std::string& value) { return validate_text(field, value); };
    };
    set_field(o.reference, p.reference, text("reference"));
    set_field(o.note, p.notes, text("notes"));
    if (o.method)
        p.method = parse_payment_method(*o.method, config.payment_methods);
    if (p.kind == "fee" && p.method)
        throw Error(Exit::usage, "a fee is charged, not paid, so it has no --method; record its "
                                 "payment with `smp payment add CLIENT AMOUNT`");
}

std::string describe(const store::PaymentRow& row) {
    const auto& p = row.payment;
    return fmt::format("{} {} {} {} on {}", row.client_name, p.kind, format_money(p.amount),
                       p.currency, format_date(p.date));
}

std::string amount_text(std::int64_t minor) {
    return format_money(minor);
}

} // namespace

const Choice& payment_clear_choice() {
    return clear_choice(*kind_named("payment"));
}

const Choice& payment_method_choice() {
    return k_method_choice;
}

output::Record payment_record(const store::PaymentRow& row) {
    const auto& p = row.payment;
    output::Record record;
    for (const auto& field : payment_fields()) {
        auto name = field.info.name;
        output::Value value;
        if (name == "client_uuid")
            value = row.client_uuid;
        else if (name == "client_name")
            value = row.client_name;
        else if (name == "amount")
            value = amount_text(p.amount);
        else if (name == "amount_minor")
            value = p.amount;
        else
            value = field_value(field, p);
        record.fields.push_back({std::string(name), std::move(value)});
    }
    return record;
}

// Money fields as the JSON contract has them: NAME as exact text, NAME_minor as an integer
// (left out of a table, where the cents would only repeat the amount).
void add_money(output::Record& record, const std::string& name, std::int64_t minor,
               bool with_minor = true) {
    record.fields.push_back({name, amount_text(minor)});
    if (with_minor)
        record.fields.push_back({name + "_minor", minor});
}

void add_balance_fields(Context& context, std::int64_t client_id, output::Record& record) {
    auto& store = context.store(store::Access::existing);
    auto balance = store::client_balance(store, client_id, context.config().refund_notice_hours);
    bool minor = context.format() != output::Format::table;
    add_money(record, "owed", balance.owed(), minor);
    add_money(record, "paid", balance.paid + balance.deposits_applied, minor);
    add_money(record, "deposits_held", balance.deposits_held, minor);
    add_money(record, "refundable", balance.refundable, minor);
    record.fields.push_back({"currency", context.config().currency});
}

void add_session_money_fields(Context& context, std::int64_t session_id, output::Record& record) {
    auto& store = context.store(store::Access::existing);
    auto money = store::session_money(store, session_id, context.config().refund_notice_hours);
    if (money.payments == 0)
        return; // nothing paid nor charged besides its price: the session's own fields say it
    const auto& b = money.balance;
    bool minor = context.format() != output::Format::table;
    add_money(record, "paid", b.paid + b.deposits_applied, minor);
    add_money(record, "deposit", b.deposits_applied + b.deposits_held + b.refundable + b.kept,
              minor);
    record.fields.push_back(
        {"deposit_state", money.deposit_state
                              ? output::Value{std::string(deposit_state_name(*money.deposit_state))}
                              : output::Value{}});
    add_money(record, "fees", b.fees, minor);
    add_money(record, "refunds", b.refunds, minor);
    for (auto& field : record.fields)
        if (field.name == "currency" && std::holds_alternative<std::monostate>(field.value))
            field.value = context.config().currency;
}

std::optional<std::int64_t> cancellation_fee(Context& context,
                                             const std::optional<std::string>& fee, bool no_fee,
                                             bool no_show) {
    if (fee && no_fee)
        throw Error(Exit::usage, "give --fee AMOUNT or --no-fee, not both");
    if (no_fee)
        return std::nullopt;
    if (fee)
        return command_line_amount(*fee, context.config().currency);
    return no_show ? context.config().no_show_fee : std::nullopt;
}

Payment charge_fee(Context& context, store::Store& store, const Session& session,
                   std::int64_t amount) {
    Payment fee;
    fee.client_id = session.client_id;
    fee.session_id = session.id;
    fee.date = context.today();
    fee.amount = amount;
    fee.currency = context.config().currency;
    fee.kind = "fee";
    store::insert_payment(store, fee);
    return fee;
}

void tell_fee_charged(Context& context, const Payment& fee, bool no_show) {
    context.tell(fmt::format("Charged a {} fee of {} {} (payment {})",
                             no_show ? "no-show" : "cancellation", format_money(fee.amount),
                             fee.currency, fee.id));
}

namespace {

template <typename Prepare>
void save_payment(Context& context, std::string_view verb, Prepare&& prepare) {
    auto& store = context.store(store::Access::create);
    auto row = store.write([&] {
        Payment payment = prepare(store);
        if (payment.id)
            store::update_payment(store, payment);
        else
            store::insert_payment(store, payment);
        return store::payment_row(store, payment.id);
    });
    context.report_change(verb, "payment", row.payment.id, describe(row), payment_record(row));
}

void add_payment(Context& context, const std::string& client, const std::string& amount,
                 PaymentOptions o) {
    if (o.deposit + o.refund + o.fee > 1)
        throw Error(Exit::usage, "give one of --deposit, --refund and --fee (none: a payment)");
    o.kind = o.deposit ? "deposit" : o.refund ? "refund" : o.fee ? "fee" : "payment";
    o.amount = amount;
    // Checked before the records file is opened: a bad amount is a usage error.
    command_line_amount(amount, context.config().currency);
    save_payment(context, "Added", [&](store::Store& store) {
        Payment p;
        p.client_id = store::resolve_client(store, client).id;
        p.date = context.today();
        p.currency = context.config().currency;
        apply_details(context, store, o, p);
        if (!p.method && p.kind != "fee")
            p.method = "cash";
        return p;
    });
}

void edit_payment(Context& context, const std::string& reference, const PaymentOptions& o) {
    save_payment(context, "Updated", [&](store::Store& store) {
        auto p = store::resolve_payment(store, reference);
        if (o.kind && choices::payment_kind.parse(*o.kind) == "fee")
            p.method.reset();
        apply_details(context, store, o, p);
        if (!p.method && p.kind != "fee")
            p.method = "cash";
        return p;
    });
}

void remove_payment(Context& context, const std::string& reference) {
    auto& store = context.store(store::Access::create);
    auto row = store::payment_row(store, store::resolve_payment(store, reference).id);
    auto label = describe(row);
    if (!context.confirm(
            fmt::format("Remove payment {} ({})?", row.payment.id, output::visible(label)),
            fmt::format("remove payment {} ({})", row.payment.id, label)))
        throw Error(Exit::usage,
                    fmt::format("kept payment {}: removal not confirmed", row.payment.id));
    store.write([&] { store::delete_payment(store, row.payment.id); });
    context.report_change("Removed", "payment", row.payment.id, label, payment_record(row));
}

struct PaymentListOptions {
    std::string client, from, to, method, kind;
    bool owing = false;
};

output::Record owing_record(const store::Owing& owing, const std::string& currency) {
    output::Record record;
    record.fields.push_back({"client_id", owing.client_id});
    record.fields.push_back({"client_name", owing.client_name});
    record.fields.push_back(
        {"since", owing.since.empty() ? output::Value{} : output::Value{owing.since}});
    add_money(record, "owed", owing.balance.owed());
    record.fields.push_back({"currency", currency});
    return record;
}

void list_owing(Context& context, const PaymentListOptions& o) {
    if (!o.client.empty() || !o.from.empty() || !o.to.empty() || !o.method.empty() ||
        !o.kind.empty())
        throw Error(Exit::usage, "--owing lists every client who owes money; it takes no other "
                                 "filter");
    auto& store = context.store(store::Access::existing);
    const auto& config = context.config();
    auto count = write_list(
        context, {"client_id", "client_name", "since", "owed", "currency"},
        owing_record(store::Owing{}, config.currency), "nobody owes money", [&](auto&& emit) {
            for (const auto& owing : store::clients_owing(store, config.refund_notice_hours))
                emit(owing_record(owing, config.currency));
        });
    if (count == 0)
        throw NoMatch{};
}

void list_payments(Context& context, const PaymentListOptions& o) {
    if (o.owing)
        return list_owing(context, o);
    auto& store = context.store(store::Access::existing);
    store::PaymentFilter filter;
    if (!o.client.empty())
        filter.client_id = store::resolve_client(store, o.client).id;
    if (!o.from.empty())
        filter.from = parse_date(o.from, context.today());
    if (!o.to.empty())
        filter.to = parse_date(o.to, context.today());
    if (!o.method.empty())
        filter.method = parse_payment_method(o.method, context.config().payment_methods);
    if (!o.kind.empty())
        filter.kind = choices::payment_kind.parse(o.kind);
    auto count =
        write_list(context,
                   {"id", "date", "client_name", "kind", "method", "amount", "currency",
                    "session_id", "reference"},
                   payment_record(store::PaymentRow{}), "no payments match",
                   [&](auto&& emit) {
                       store::for_each_payment(store, filter, [&](const store::PaymentRow& row) {
                           emit(payment_record(row));
                       });
                   },
                   {"reference", "session_id", "currency"});
    if (count == 0)
        throw NoMatch{};
}

void show_payment(Context& context, const std::string& reference) {
    auto& store = context.store(store::Access::existing);
    auto row = store::payment_row(store, store::resolve_payment(store, reference).id);
    auto record = payment_record(row);
    if (row.payment.kind == "deposit") {
        auto money = row.payment.session_id
                         ? store::session_money(store, *row.payment.session_id,
                                                context.config().refund_notice_hours)
                         : store::SessionMoney{{}, DepositState::applied};
        record.fields.push_back(
            {"deposit_state",
             std::string(deposit_state_name(money.deposit_state.value_or(DepositState::applied)))});
    }
    output::write_record(context.format(), context.style(), record, context.out);
}

} // namespace

void fill_payment_command(CLI::App* payment, Context& context) {
    payment->require_subcommand(1);
    struct Arguments {
        std::string reference, amount;
        PaymentOptions details;
        PaymentListOptions list;
    };
    auto args = std::make_shared<Arguments>();
    auto add_payment_reference = [&args](CLI::App* command) {
        command->add_option("PAYMENT", args->reference, "Payment id")->required();
    };

    auto add = payment->add_subcommand("add", "Record money taken, given back or charged");
    add->add_option("CLIENT", args->reference, "Client id or part of the name")->required();
    add->add_option("AMOUNT", args->amount, "The amount, e.g. 450, 450.50 or 1,200.50")
        ->required()
        ->check(valid::payment_amount(context));
    add->add_flag("--deposit", args->details.deposit, "A deposit taken for a booking");
    add->add_flag("--refund", args->details.refund, "Money given back to the client");
    add->add_flag("--fee", args->details.fee, "A fee charged (a no-show), not money taken");
    add_detail_options(*add, args->details, context);
    when_run(add, context, [&context, args] {
        add_payment(context, args->reference, args->amount, args->details);
    });

    auto list = payment->add_subcommand("list", "List payments by date, or who owes money");
    list->add_option("--client", args->list.client, "Only this client's payments")
        ->type_name("CLIENT");
    list->add_option("--from", args->list.from, "Only payments on or after DATE")
        ->type_name("DATE")
        ->check(valid::date(context));
    list->add_option("--to", args->list.to, "Only payments on or before DATE")
        ->type_name("DATE")
        ->check(valid::date(context));
    list->add_option("--method", args->list.method, "Only payments made this way")
        ->type_name("METHOD")
        ->check(method_value(context));
    list->add_option("--kind", args->list.kind, "deposit, payment, refund or fee")
        ->type_name("KIND")
        ->check(valid::choice(choices::payment_kind));
    list->add_flag("--owing", args->list.owing,
                   "List the clients who owe money instead, longest owed first");
    when_run(list, context, [&context, args] { list_payments(context, args->list); });

    auto show = payment->add_subcommand("show", "Show one payment in full");
    add_payment_reference(show);
    when_run(show, context, [&context, args] { show_payment(context, args->reference); });

    auto edit = payment->add_subcommand("edit", "Change a payment's details");
    add_payment_reference(edit);
    edit->add_option("--amount", args->details.amount, "Another amount")
        ->type_name("AMOUNT")
        ->check(valid::payment_amount(context));
    edit->add_option("--kind", args->details.kind, "deposit, payment, refund or fee")
        ->type_name("KIND")
        ->check(valid::choice(choices::payment_kind));
    add_detail_options(*edit, args->details, context);
    edit->add_option("--clear", args->details.clear,
                     "Clear fields, repeatable or comma-separated: session, reference, notes")
        ->type_name("FIELD")
        ->check(valid::choice(payment_clear_choice()));
    when_run(edit, context,
             [&context, args] { edit_payment(context, args->reference, args->details); });

    auto remove = payment->add_subcommand("remove", "Delete a payment for good (asks first)");
    add_payment_reference(remove);
    when_run(remove, context, [&context, args] { remove_payment(context, args->reference); });

    add_receipt_command(payment, context);
}

} // namespace smp::cli
