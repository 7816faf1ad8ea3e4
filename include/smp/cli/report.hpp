#pragma once

#include <smp/cli/context.hpp>
#include <smp/config/config.hpp>
#include <smp/store/report.hpp>

#include <map>
#include <set>
#include <string>
#include <vector>

namespace smp::cli {

// One period's figures in one currency, gathered from the aggregate queries of
// store/report.hpp (minor units).
struct PeriodFigures {
    std::string period, currency;
    store::PeriodSessions sessions;
    std::map<std::string, std::int64_t> by_method; // payments and deposits taken
    std::int64_t payments = 0, deposits = 0, deposits_held = 0, refunds = 0, fees = 0;
    std::int64_t new_clients = 0;
    store::PeriodRecalls recalls;
};

// Every period from..to (a quiet one too, in the config's currency), by period then currency.
struct Report {
    std::vector<PeriodFigures> rows;
    int currencies = 1;
};
Report gather_report(store::Store& store, store::ReportPeriod by, Date from, Date to, Date today,
                     const Config& config);

// The methods with a column of their own: the built-in ones, then the config's.
std::vector<std::string> report_methods(const Config& config);

// `report --chart`: money taken and sessions done per period as text bars (report_chart.cpp).
void draw_report_chart(Context& context, const Report& report);

// The values of `report --by`.
const Choice& report_period_choice();

} // namespace smp::cli
