#include <smp/cli/bookings.hpp>
#include <smp/cli/commands.hpp>
#include <smp/cli/records.hpp>
#include <smp/cli/screening.hpp>
#include <smp/cli/session_details.hpp>
#include <smp/cli/valid.hpp>
#include <smp/store/clients.hpp>
#include <smp/store/consents.hpp>
#include <smp/store/payments.hpp>
#include <smp/store/sessions.hpp>
#include <smp/store/shades.hpp>
#include <smp/util/text.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <array>

namespace smp::cli {
namespace {

struct CancelOptions {
    bool no_show = false, no_fee = false;
    std::optional<std::string> reason, fee;
};

std::string describe(const Session& s, const std::string& client_name) {
    return fmt::format("{} on {}{}", client_name, format_date(s.date),
                       s.time ? " at " + format_time_of_day(*s.time) : std::string{});
}

// Warnings a practitioner must see before working: consent, screening, contraindications
// (refused instead with --strict or `strict = true`), and a gap shorter than the minimum.
std::vector<std::string> session_warnings(Context& context, store::Store& store,
                                          const Client& client, const Session& session,
                                          bool check_client, bool strict,
                                          std::vector<std::string> concerns) {
    const auto& config = context.config();
    // A consultation is where consent and screening are taken: it cannot need them.
    if (check_client && session.kind != SessionKind::consult) {
        bool consent = store::active_consent(store, client.id, "treatment").has_value();
        auto found = pre_session_concerns(without_reviewed(store, client), consent, session.date,
                                          config.screening_max_age);
        auto patch = patch_test_concerns(context, store, client, session);
        found.insert(found.end(), patch.begin(), patch.end());
        concerns.insert(concerns.begin(), found.begin(), found.end());
    }
    if (!concerns.empty() && (strict || config.strict)) {
        throw Error(Exit::data,
                    fmt::format("refusing the session (strict): {}", join(concerns, "; ")));
    }
    auto warnings = concerns;
    auto excluding = session.id ? std::optional(session.id) : std::nullopt;
    if (auto other =
            store::same_day_done_session(store, session.client_id, session.date, excluding))
        warnings.push_back(fmt::format("a session for this client is already on record on {} "
                                       "(session {})",
                                       format_date(session.date), *other));
    else if (auto previous = store::previous_done_date(store, client.id, session.date, excluding))
        if (auto warning = gap_warning(*previous, session.date, config.minimum_gap))
            warnings.push_back(*warning);
    return warnings;
}

// Another session at the same time of the same day: the practitioner cannot be in two places.
void add_overlaps(Context& context, store::Store& store, const Session& s,
                  std::vector<std::string>& concerns) {
    const auto& config = context.config();
    for (auto& overlap :
         overlapping_sessions(store, s, config.default_duration_minutes, config.planned_sessions))
        concerns.push_back(std::move(overlap));
}

void require_not_future(Context& context, const Session& s, std::string_view hint) {
    if (s.date > context.today())
        throw Error(Exit::data,
                    fmt::format("session date {} is after today ({}); {}", format_date(s.date),
                                format_date(context.today()), hint));
}

void require_not_past(Context& context, const Session& s, std::string_view hint) {
    if (s.date < context.today())
        throw Error(Exit::data,
                    fmt::format("session date {} is before today ({}); {}", format_date(s.date),
                                format_date(context.today()), hint));
}

void require_status(const Session& s, SessionStatus wanted, std::string_view action) {
    if (s.status != wanted)
        throw Error(Exit::data, fmt::format("session {} is {}, so it cannot be {}; only a {} "
                                            "session can",
                                            s.id, session_status_name(s.status), action,
                                            session_status_name(wanted)));
}

// A session as `show` prints it, with what was paid and whether its aftercare was given; a
// change reports the same record with a machine format.
output::Record shown_session(Context& context, const store::SessionRow& row) {
    auto record = session_record(row, for_machines(context.format()));
    add_session_money_fields(context, row.session.id, record);
    add_aftercare_fields(context, row, record);
    return record;
}

// Saves a session in one transaction after `prepare` has filled and checked it, prints the
// warnings and reports it.
template <typename Prepare>
void save_session(Context& context, std::string_view verb, Prepare&& prepare) {
    auto& store = context.store(store::Access::create);
    std::vector<std::string> warnings;
    std::optional<std::vector<std::int64_t>> lots;
    auto row = store.write([&] {
        Session session = prepare(store, warnings, lots);
        if (session.id)
            store::update_session(store, session);
        else
            store::insert_session(store, session);
        if (lots)
            store::set_session_lots(store, session.id, *lots);
        return store::session_row(store, session.id, context.config().planned_sessions);
    });
    for (const auto& warning : warnings)
        context.warn(warning);
    // The whole record only for a format that prints it: a table reports one line, and a
    // write should not pay for reading money and aftercare it does not show.
    context.report_change(verb, "session", row.session.id, describe(row.session, row.client_name),
                          context.format() == output::Format::table ? output::Record{}
                                                                    : shown_session(context, row));
}

void log_session(Context& context, const std::string& reference, const DetailOptions& o,
                 bool booking) {
    save_session(
        context, booking ? "Booked" : "Logged",
        [&](store::Store& store, auto& warnings, auto& lots) {
            auto client = store::resolve_client(store, reference);
            Session s;
            s.client_id = client.id;
            s.status = booking ? SessionStatus::scheduled : SessionStatus::done;
            s.date = o.date ? parse_date(*o.date, context.today()) : context.today();
            if (booking)
                require_not_past(context, s, "log a past session with `smp session log`");
            else
                require_not_future(context, s, "book a future session with `smp session plan`");
            s.kind = default_session_kind(
                store::course_state(store, client, context.config().planned_sessions));
            apply_details(o, s, context.config());
            std::vector<std::string> concerns;
            lots = apply_pigment(o, s, store, context.config().lots_opened_shelf_life, concerns);
            add_overlaps(context, store, s, concerns);
            warnings = session_warnings(context, store, client, s, true, o.strict, concerns);
            if (booking && client.archived_at)
                warnings.push_back(fmt::format("client {} (\"{}\") is archived; `smp client "
                                               "unarchive {}` lists them again",
                                               client.id, output::visible(client.name), client.id));
            return s;
        });
}

void finish_session(Context& context, const std::string& reference, const DetailOptions& o) {
    save_session(context, "Completed", [&](store::Store& store, auto& warnings, auto& lots) {
        auto s = resolve_open_booking(store, reference, context.today(),
                                      context.config().planned_sessions);
        require_status(s, SessionStatus::scheduled, "marked done");
        if (o.date)
            s.date = parse_date(*o.date, context.today());
        require_not_future(context, s,
                           "it has not taken place yet; give the day it did with --date");
        s.status = SessionStatus::done;
        apply_details(o, s, context.config());
        std::vector<std::string> concerns;
        lots = apply_pigment(o, s, store, context.config().lots_opened_shelf_life, concerns);
        if (!lots) // the lots named when it was booked: recalled or expired since?
            for (const auto& lot : store::session_lots(store, s.id))
                check_lot(lot, s, context.config().lots_opened_shelf_life, concerns);
        auto client = *store::client_by_id(store, s.client_id);
        warnings = session_warnings(context, store, client, s, false, o.strict, concerns);
        return s;
    });
}

void cancel_session(Context& context, const std::string& reference, const CancelOptions& o) {
    auto fee = cancellation_fee(context, o.fee, o.no_fee, o.no_show);
    std::optional<Payment> charged;
    save_session(context, o.no_show ? "Missed" : "Cancelled",
                 [&](store::Store& store, auto&, auto&) {
                     auto s = resolve_open_booking(store, reference, context.today(),
                                                   context.config().planned_sessions);
                     require_status(s, SessionStatus::scheduled,
                                    o.no_show ? "marked a no-show" : "cancelled");
                     s.status = o.no_show ? SessionStatus::no_show : SessionStatus::cancelled;
                     if (o.reason)
                         s.cancel_reason = validate_text("reason", *o.reason);
                     if (fee)
                         charged = charge_fee(context, store, s, *fee);
                     return s;
                 });
    if (charged)
        tell_fee_charged(context, *charged, o.no_show);
}

void move_session(Context& context, const std::string& reference, const DetailOptions& o) {
    save_session(context, "Moved", [&](store::Store& store, auto& warnings, auto&) {
        auto s = store::resolve_session(store, reference);
        require_status(s, SessionStatus::scheduled, "moved");
        s.date = parse_date(*o.date, context.today());
        require_not_past(context, s, "book it on today or a later day");
        set_field(o.time, s.time, parse_time_of_day);
        auto client = *store::client_by_id(store, s.client_id);
        std::vector<std::string> concerns;
        add_overlaps(context, store, s, concerns);
        warnings = session_warnings(context, store, client, s, false, false, concerns);
        return s;
    });
}

void edit_session(Context& context, const std::string& reference, const DetailOptions& o) {
    save_session(context, "Updated", [&](store::Store& store, auto& warnings, auto& lots) {
        auto s = store::resolve_session(store, reference);
        if (o.date) {
            s.date = parse_date(*o.date, context.today());
            if (s.status == SessionStatus::scheduled)
                require_not_past(context, s, "log it with `smp session done --date` instead");
            if (s.status == SessionStatus::done)
                require_not_future(context, s, "a done session cannot be in the future");
        }
        apply_details(o, s, context.config());
        std::vector<std::string> concerns;
        lots = apply_pigment(o, s, store, context.config().lots_opened_shelf_life, concerns);
        auto client = *store::client_by_id(store, s.client_id);
        if (o.date || !concerns.empty())
            warnings = session_warnings(context, store, client, s, false, o.strict, concerns);
        return s;
    });
}

void remove_session(Context& context, const std::string& reference) {
    auto& store = context.store(store::Access::create);
    auto row = store::session_row(store, store::resolve_session(store, reference).id,
                                  context.config().planned_sessions);
    auto label = describe(row.session, row.client_name);
    if (!context.confirm(
            fmt::format("Remove session {} ({})?", row.session.id, output::visible(label)),
            fmt::format("remove session {} ({})", row.session.id, label)))
        throw Error(Exit::usage,
                    fmt::format("kept session {}: removal not confirmed", row.session.id));
    store.write([&] { store::delete_session(store, row.session.id); });
    context.report_change("Removed", "session", row.session.id, label,
                          session_record(row, for_machines(context.format())));
}

struct ListOptions {
    std::string client, from, to, status, kind;
};

void list_sessions(Context& context, const ListOptions& o) {
    bool machine = for_machines(context.format());
    auto& store = context.store(store::Access::existing);
    store::SessionFilter filter;
    if (!o.client.empty())
        filter.client_id = store::resolve_client(store, o.client).id;
    if (!o.from.empty())
        filter.from = parse_date(o.from, context.today());
    if (!o.to.empty())
        filter.to = parse_date(o.to, context.today());
    if (!o.status.empty())
        filter.status = parse_session_status(o.status);
    if (!o.kind.empty())
        filter.kind = parse_session_kind(o.kind);
    auto count = write_list(
        context,
        {"id", "date", "time", "client_name", "course", "kind", "status", "areas", "needle"},
        session_record(store::SessionRow{}, machine), "no sessions match",
        [&](auto&& emit) {
            store::for_each_session(
                store, filter, context.config().planned_sessions,
                [&](const store::SessionRow& row) { emit(session_record(row, machine)); });
        },
        {"needle", "areas", "kind", "time", "course"});
    if (count == 0)
        throw NoMatch{};
}

struct SessionArguments {
    std::string reference;
    DetailOptions details;
    ListOptions list;
    CancelOptions cancel;
};

void add_client_reference(CLI::App* command, SessionArguments& args) {
    command->add_option("CLIENT", args.reference, "Client id or part of the name")->required();
}

void add_session_reference(CLI::App* command, SessionArguments& args) {
    command->add_option("SESSION", args.reference, "Session id")->required();
}

void add_booking_reference(CLI::App* command, SessionArguments& args) {
    command
        ->add_option("SESSION", args.reference,
                     "Session id, or a client whose open booking it is (today's, or the "
                     "only one before today)")
        ->required();
}

} // namespace

void fill_session_command(CLI::App* session, Context& context) {
    session->require_subcommand(1);
    auto args = std::make_shared<SessionArguments>();
    auto later = [session, &context, args](std::string name, std::string description,
                                           void (*fill)(CLI::App*, Context&, SessionArguments&)) {
        add_subcommand_later(
            session, context, std::move(name), std::move(description),
            [&context, args, fill](CLI::App* command) { fill(command, context, *args); });
    };
    later("log", "Record a session that took place (default: today)",
          [](CLI::App* log, Context& context, SessionArguments& args) {
              add_client_reference(log, args);
              log->add_option("--date", args.details.date,
                              "The day it took place (not in the future)")
                  ->type_name("DATE")
                  ->check(valid::date(context));
              add_detail_options(*log, args.details);
              when_run(log, context, [&context, &args] {
                  log_session(context, args.reference, args.details, false);
              });
          });
    later("plan", "Book a future session",
          [](CLI::App* plan, Context& context, SessionArguments& args) {
              add_client_reference(plan, args);
              plan->add_option("--date", args.details.date, "The booked day (today or later)")
                  ->type_name("DATE")
                  ->check(valid::date(context))
                  ->required();
              add_detail_options(*plan, args.details);
              when_run(plan, context, [&context, &args] {
                  log_session(context, args.reference, args.details, true);
              });
          });
    later("done", "Mark a booked session as done",
          [](CLI::App* done, Context& context, SessionArguments& args) {
              add_booking_reference(done, args);
              done->add_option("--date", args.details.date,
                               "The day it took place, if not the booked day")
                  ->type_name("DATE")
                  ->check(valid::date(context));
              add_detail_options(*done, args.details);
              when_run(done, context, [&context, &args] {
                  finish_session(context, args.reference, args.details);
              });
          });
    later("cancel", "Cancel a booked session, or record a no-show",
          [](CLI::App* cancel, Context& context, SessionArguments& args) {
              add_booking_reference(cancel, args);
              cancel->add_flag("--no-show", args.cancel.no_show, "The client did not come");
              cancel->add_option("--reason", args.cancel.reason, "Why it was cancelled")
                  ->type_name("TEXT")
                  ->check(valid::text("reason"));
              cancel
                  ->add_option(
                      "--fee", args.cancel.fee,
                      "Charge this fee (default for a no-show: the config's money.no_show_fee)")
                  ->type_name("AMOUNT")
                  ->check(valid::payment_amount(context));
              cancel->add_flag("--no-fee", args.cancel.no_fee,
                               "Charge no fee, whatever the config says");
              when_run(cancel, context,
                       [&context, &args] { cancel_session(context, args.reference, args.cancel); });
          });
    later("move", "Reschedule a booked session",
          [](CLI::App* move, Context& context, SessionArguments& args) {
              add_session_reference(move, args);
              move->add_option("--date", args.details.date, "The new day")
                  ->type_name("DATE")
                  ->check(valid::date(context))
                  ->required();
              move->add_option("--time", args.details.time, "The new start time, HH:MM")
                  ->type_name("HH:MM")
                  ->check(valid::time_of_day());
              when_run(move, context,
                       [&context, &args] { move_session(context, args.reference, args.details); });
          });
    later("list", "List sessions, newest first",
          [](CLI::App* list, Context& context, SessionArguments& args) {
              list->add_option("--client", args.list.client, "Only this client's sessions")
                  ->type_name("CLIENT");
              list->add_option("--from", args.list.from, "Only sessions on or after DATE")
                  ->type_name("DATE")
                  ->check(valid::date(context));
              list->add_option("--to", args.list.to, "Only sessions on or before DATE")
                  ->type_name("DATE")
                  ->check(valid::date(context));
              list->add_option("--status", args.list.status,
                               "scheduled, done, cancelled or no-show")
                  ->type_name("STATUS")
                  ->check(valid::choice(choices::session_status));
              list->add_option("--kind", args.list.kind, "course, touchup, correction or consult")
                  ->type_name("KIND")
                  ->check(valid::choice(choices::session_kind));
              when_run(list, context, [&context, &args] { list_sessions(context, args.list); });
          });
    later("show", "Show one session in full",
          [](CLI::App* show, Context& context, SessionArguments& args) {
              add_session_reference(show, args);
              when_run(show, context, [&context, &args] {
                  auto& store = context.store(store::Access::existing);
                  auto id = store::resolve_session(store, args.reference).id;
                  auto row = store::session_row(store, id, context.config().planned_sessions);
                  auto record = shown_session(context, row);
                  output::write_record(context.format(), context.style(), record, context.out);
              });
          });
    later("edit", "Change a session's details",
          [](CLI::App* edit, Context& context, SessionArguments& args) {
              add_session_reference(edit, args);
              edit->add_option("--date", args.details.date, "Another day")
                  ->type_name("DATE")
                  ->check(valid::date(context));
              add_detail_options(*edit, args.details);
              edit->add_option("--clear", args.details.clear,
                               "Clear fields, repeatable or comma-separated: " +
                                   session_clear_choice().allowed_list())
                  ->type_name("FIELD")
                  ->check(valid::choice(session_clear_choice()));
              when_run(edit, context,
                       [&context, &args] { edit_session(context, args.reference, args.details); });
          });
    later("remove", "Delete a session for good (asks first)",
          [](CLI::App* remove, Context& context, SessionArguments& args) {
              add_session_reference(remove, args);
              when_run(remove, context,
                       [&context, &args] { remove_session(context, args.reference); });
          });

    fill_handout_commands(session, context);
}

} // namespace smp::cli
