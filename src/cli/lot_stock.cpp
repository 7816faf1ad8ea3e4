#include <smp/cli/lot_stock.hpp>
#include <smp/cli/records.hpp>
#include <smp/store/shades.hpp>
#include <smp/util/text.hpp>

#include <fmt/format.h>

#include <utility>

// Pigment stock (issue 22): bottles received, opened, and taken back when opened by mistake.
namespace smp::cli {
namespace {

// A bottle recorded opened by mistake: the latest opening is taken back (and the lot's opened
// day with it when it was the only one).
void undo_lot_opening(Context& context, const std::string& reference) {
    auto& store = context.store(store::Access::create);
    auto [lot, day] = store.write([&] {
        auto found = store::resolve_lot(store, reference);
        auto removed = store::remove_latest_lot_opening(store, found.id);
        if (!removed)
            throw Error(Exit::data, fmt::format("no bottle of lot {} of {} is recorded opened",
                                                found.number, found.shade_name));
        if (found.bottles_opened == 1 && found.opened_on == removed) {
            found.opened_on.reset();
            store::update_lot(store, found);
        }
        return std::pair{store::resolve_lot(store, reference), *removed};
    });
    context.report_change(
        "Updated", "lot", lot.id,
        fmt::format("{} of {}: the bottle opened on {} is no longer recorded", lot.number,
                    lot.shade_name, format_date(day)),
        lot_record(lot, context.today(), context.config().lots_opened_shelf_life));
}

} // namespace

// Bottles and size corrected, or counted for a lot recorded without them; an empty value
// clears one. Fewer bottles than are already open would make the stock negative: refused.
void edit_lot_stock(Context& context, const std::string& reference, const LotStockOptions& o) {
    auto& store = context.store(store::Access::create);
    auto lot = store.write([&] {
        auto found = store::resolve_lot(store, reference);
        if (o.bottles)
            found.bottles = trim(*o.bottles).empty()
                                ? std::nullopt
                                : std::optional(parse_bottle_count(trim(*o.bottles)));
        if (o.size)
            found.bottle_ml =
                trim(*o.size).empty() ? std::nullopt : std::optional(parse_bottle_size(*o.size));
        if (found.bottles && *found.bottles < found.bottles_opened)
            throw Error(Exit::data, fmt::format("lot {} of {} has {} bottles opened already; "
                                                "give --bottles {} or more",
                                                found.number, found.shade_name,
                                                found.bottles_opened, found.bottles_opened));
        store::update_lot(store, found);
        return found;
    });
    context.report_change(
        "Updated", "lot", lot.id, fmt::format("{} of {}", lot.number, lot.shade_name),
        lot_record(lot, context.today(), context.config().lots_opened_shelf_life));
}

// One bottle of the lot opened: refused when every bottle received is already open, since a
// bottle that was never received cannot be opened (a miscount to fix first).
void open_lot_bottle(Context& context, const std::string& reference, const LotStockOptions& o) {
    if (o.undo)
        return undo_lot_opening(context, reference);
    auto day = o.date.empty() ? context.today() : parse_date(o.date, context.today());
    auto& store = context.store(store::Access::create);
    auto lot = store.write([&] {
        auto found = store::resolve_lot(store, reference);
        if (found.bottles && found.bottles_opened >= *found.bottles)
            throw Error(Exit::data, fmt::format("all {} bottles of lot {} of {} are already open; "
                                                "record a new lot with `smp shade lot add` for "
                                                "the next delivery",
                                                *found.bottles, found.number, found.shade_name));
        if (!found.opened_on) {
            found.opened_on = day; // the first bottle opened is the lot's opened day
            store::update_lot(store, found);
        }
        store::record_lot_opening(store, found, day);
        return found;
    });
    const auto& shelf_life = context.config().lots_opened_shelf_life;
    auto left = bottles_left(lot);
    context.report_change(
        "Opened", "lot", lot.id,
        fmt::format("a bottle of {} of {} on {}, use by {}{}", lot.number, lot.shade_name,
                    format_date(day), format_date(*opened_bottle_expiry(lot, shelf_life)),
                    left ? fmt::format("; {} left unopened", *left) : std::string{}),
        lot_record(lot, context.today(), shelf_life));
}

} // namespace smp::cli
