#pragma once

#include <smp/cli/context.hpp>

#include <optional>
#include <string>

namespace smp::cli {

// What `shade lot edit` and `shade lot open` were given: bottles and size (empty text clears
// one), the day a bottle was opened (empty: today) and whether to take the latest back.
struct LotStockOptions {
    std::optional<std::string> bottles, size;
    std::string date;
    bool undo = false;
};

// `shade lot edit`: a lot's bottles received and their size.
void edit_lot_stock(Context& context, const std::string& reference, const LotStockOptions& o);
// `shade lot open`: one bottle opened, or with `undo` the latest opening taken back.
void open_lot_bottle(Context& context, const std::string& reference, const LotStockOptions& o);

} // namespace smp::cli
