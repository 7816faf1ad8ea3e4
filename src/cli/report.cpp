#include <smp/cli/commands.hpp>
#include <smp/cli/records.hpp>
#include <smp/cli/report.hpp>
#include <smp/cli/valid.hpp>
#include <smp/domain/payment.hpp>
#include <smp/domain/session.hpp>
#include <smp/util/text.hpp>

#include <fmt/format.h>

#include <cmath>
#include <memory>

namespace smp::cli {
namespace {

constexpr std::string_view k_period_names[] = {"day", "week", "month", "quarter", "year"};
const Choice k_period_choice{"period", k_period_names};

store::ReportPeriod period_named(const std::string& name) {
    for (std::size_t i = 0; i < std::size(k_period_names); ++i)
        if (k_period_names[i] == name)
            return static_cast<store::ReportPeriod>(i);
    return store::ReportPeriod::month;
}

// A config method as a column name: taken_voucher, taken_pay_pal.
std::string method_column(std::string_view method) {
    std::string name = "taken_";
    for (char c : fold_case(method))
        name += std::isalnum(static_cast<unsigned char>(c)) ? c : '_';
    return name;
}

// A share of a whole as a percentage with one decimal (12.5); none of nothing.
output::Value rate(std::int64_t part, std::int64_t whole) {
    if (whole == 0)
        return {};
    return std::round(static_cast<double>(part) * 1000.0 / static_cast<double>(whole)) / 10.0;
}

output::Value money(std::int64_t minor) {
    return output::Money{minor};
}

void add_money_figures(const Config& config, const PeriodFigures& f,
                       const std::vector<std::string>& methods, output::Record& record) {
    auto& fields = record.fields;
    auto taken = f.payments + f.deposits;
    fields.push_back({"taken", money(taken)});
    for (const auto& method : methods) {
        auto found = f.by_method.find(method);
        fields.push_back(
            {method_column(method), money(found == f.by_method.end() ? 0 : found->second)});
    }
    fields.push_back({"payments", money(f.payments)});
    fields.push_back({"deposits", money(f.deposits)});
    fields.push_back({"deposits_held", money(f.deposits_held)});
    fields.push_back({"refunds", money(f.refunds)});
    fields.push_back({"fees", money(f.fees)});
    fields.push_back({"charges", money(f.sessions.charged + f.fees)});
    if (config.tax_rate > 0) {
        auto split = split_tax(taken - f.refunds, config.tax_rate, config.prices_include_tax);
        fields.push_back({"net", money(split.net)});
        fields.push_back({"tax", money(split.tax)});
        fields.push_back({"gross", money(split.gross)});
    }
}

// The recall's conversion, counted once: in the row of the config's currency.
void add_recall_figures(const store::PeriodRecalls& r, bool first_currency,
                        std::vector<output::Field>& fields) {
    auto count = [&](std::int64_t n) {
        return first_currency ? output::Value{n} : output::Value{};
    };
    fields.push_back({"followups_due", count(r.followups_due)});
    fields.push_back({"followups_booked", count(r.followups_booked)});
    fields.push_back({"touchups_due", count(r.touchups_due)});
    fields.push_back({"touchups_booked", count(r.touchups_booked)});
    fields.push_back({"recall_rate", first_currency ? rate(r.followups_booked + r.touchups_booked,
                                                           r.followups_due + r.touchups_due)
                                                    : output::Value{}});
}

void add_session_figures(const PeriodFigures& f, bool first_currency, output::Record& record) {
    const auto& s = f.sessions;
    auto& fields = record.fields;
    for (auto [name, count] : {std::pair{"done", s.done},
                               {"done_course", s.course},
                               {"done_touchup", s.touchup},
                               {"done_correction", s.correction},
                               {"done_consult", s.consult},
                               {"booked", s.booked},
                               {"cancelled", s.cancelled},
                               {"no_shows", s.no_shows}})
        fields.push_back({name, count});
    fields.push_back({"no_show_rate", rate(s.no_shows, s.done + s.no_shows)});
    fields.push_back({"cancellation_rate", rate(s.cancelled, s.done + s.no_shows + s.cancelled)});
    fields.push_back(
        {"new_clients", first_currency ? output::Value{f.new_clients} : output::Value{}});
    fields.push_back({"average_price", s.priced ? money((s.charged * 2 + s.priced) / (s.priced * 2))
                                                : output::Value{}});
}

output::Record report_record(const Config& config, const PeriodFigures& f,
                             const std::vector<std::string>& methods, bool first_currency) {
    output::Record record;
    record.fields.push_back({"period", f.period});
    record.fields.push_back({"currency", f.currency});
    add_money_figures(config, f, methods, record);
    add_session_figures(f, first_currency, record);
    add_recall_figures(f.recalls, first_currency, record.fields);
    return record;
}

struct ReportOptions {
    std::string from, to, by = "month";
    bool chart = false;
};

void run_report(Context& context, const ReportOptions& o) {
    const auto& config = context.config();
    auto today = context.today();
    auto to = o.to.empty() ? today : parse_date(o.to, today);
    // The last twelve months: from the first of the month eleven months back.
    auto from = o.from.empty()
                    ? add_span(end_of_month(add_span(today, Span{0, 12, 0}, -1)), Span{0, 0, 1})
                    : parse_date(o.from, today);
    if (from > to)
        throw Error(Exit::usage, fmt::format("--from {} is after --to {}: give the earlier day "
                                             "first",
                                             format_date(from), format_date(to)));
    if (o.chart && context.options.format && context.format() != output::Format::table)
        throw Error(Exit::usage, fmt::format("--chart draws text bars, not --format {}: leave "
                                             "out one of them",
                                             output::visible(*context.options.format)));
    auto by = period_named(o.by);
    auto& store = context.store(store::Access::existing);
    auto report = gather_report(store, by, from, to, today, config);
    auto methods = report_methods(config);
    if (o.chart)
        return draw_report_chart(context, report);
    // What fits 80 columns; --columns, csv, tsv and json carry every figure.
    std::vector<std::string> columns = {"period",   "taken",        "charges",    "done",
                                        "no_shows", "no_show_rate", "new_clients"};
    if (report.currencies > 1)
        columns.insert(columns.begin() + 1, "currency");
    PeriodFigures empty;
    write_list(context, columns, report_record(config, empty, methods, true), "", [&](auto&& emit) {
        for (const auto& figures : report.rows)
            emit(report_record(config, figures, methods, figures.currency == config.currency));
    });
}

} // namespace

std::vector<std::string> report_methods(const Config& config) {
    std::vector<std::string> methods;
    for (auto method : builtin_payment_methods())
        methods.emplace_back(method);
    methods.insert(methods.end(), config.payment_methods.begin(), config.payment_methods.end());
    return methods;
}

Report gather_report(store::Store& store, store::ReportPeriod by, Date from, Date to, Date today,
                     const Config& config) {
    const auto& currency = config.currency;
    auto first = format_date(from), last = format_date(to);
    // Every period of the range, so that a quiet month shows as a row of zeros.
    std::map<std::pair<std::string, std::string>, PeriodFigures> rows;
    std::set<std::string> currencies = {currency};
    auto row = [&](const std::string& period, const std::string& in) -> PeriodFigures& {
        auto& figures = rows[{period, in}];
        figures.period = period;
        figures.currency = in;
        currencies.insert(in);
        return figures;
    };
    for (auto day = from; day <= to; day += std::chrono::days{1})
        row(store::period_label(by, format_date(day)), currency);
    store::for_each_period_sessions(
        store, by, first, last, currency,
        [&](const store::PeriodSessions& s) { row(s.period, s.currency).sessions = s; });
    store::for_each_period_payments(store, by, first, last, [&](const store::PeriodPayments& p) {
        auto& figures = row(p.period, p.currency);
        if (p.kind == "payment" || p.kind == "deposit")
            figures.by_method[p.method] += p.amount;
        if (p.kind == "payment")
            figures.payments += p.amount;
        else if (p.kind == "deposit")
            figures.deposits += p.amount;
        else if (p.kind == "refund")
            figures.refunds += p.amount;
        else
            figures.fees += p.amount;
        figures.deposits_held += p.held;
    });
    store::for_each_period_new_clients(store, by, first, last,
                                       [&](const std::string& period, std::int64_t count) {
                                           row(period, currency).new_clients = count;
                                       });
    store::for_each_period_recalls(
        store, by, first, last, today, config.reminder_policy,
        [&](const store::PeriodRecalls& r) { row(r.period, currency).recalls = r; });
    Report report;
    report.currencies = static_cast<int>(currencies.size());
    for (auto& [key, figures] : rows)
        report.rows.push_back(std::move(figures));
    return report;
}

void fill_report_command(CLI::App* command, Context& context) {
    auto o = std::make_shared<ReportOptions>();
    command->add_option("--from", o->from, "First day (default: a year ago, the month's first)")
        ->type_name("DATE")
        ->check(valid::date(context));
    command->add_option("--to", o->to, "Last day (default: today)")
        ->type_name("DATE")
        ->check(valid::date(context));
    command->add_option("--by", o->by, "One row per day, week, month (default), quarter or year")
        ->type_name("PERIOD")
        ->check(valid::choice(k_period_choice));
    command->add_flag("--chart", o->chart,
                      "Draw money taken and sessions done per period as a text bar chart");
    when_run(command, context, [&context, o] { run_report(context, *o); });
}

const Choice& report_period_choice() {
    return k_period_choice;
}

} // namespace smp::cli
