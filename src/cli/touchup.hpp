// What `touchup due` and `touchup remind` share (touchup.cpp, remind.cpp): internal to src/cli.
#pragma once

#include <smp/cli/context.hpp>
#include <smp/store/due.hpp>

#include <optional>
#include <string>

namespace smp::cli {

// Which clients are due: --within, --kind and --overdue.
struct DueOptions {
    std::optional<std::string> within;
    std::string kind = "all";
    bool overdue = false;
};

// The due list's query for those options, as of --as-of.
store::DueQuery due_query(Context& context, const std::optional<std::string>& within,
                          const std::string& kind, bool overdue_only);

struct RemindOptions {
    DueOptions due;
    std::optional<std::string> template_file, message, channel, exec, exec_timeout;
    bool dry_run = false, resend = false;
};

// `smp touchup remind`: each due client's message, sent once per due date (remind.cpp).
void remind(Context& context, const RemindOptions& o);

} // namespace smp::cli
