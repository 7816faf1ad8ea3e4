#include <smp/cli/help_format.hpp>

#include <fmt/format.h>

#include <map>
#include <sstream>
#include <string_view>

namespace smp::cli {
namespace {

constexpr std::size_t k_help_width = 80;
// Subcommand names are short (at most 9 letters): their descriptions start at this column, as
// in the list a bare `smp` prints, so each fits one line.
constexpr std::size_t k_subcommand_column = 12;

// One or two examples per command, by command path, shown under its --help as `smp --help`
// shows its own. Each example is one command line (at most 78 columns).
const std::map<std::string_view, std::vector<std::string_view>> k_examples = {
    {"", {"smp client add \"Jane Doe\" --phone \"+44 7700 900123\"", "smp agenda"}},
    {"init", {"smp init", "smp -q init"}},
    {"client", {"smp client add \"Jane Doe\" --phone \"+44 7700 900123\"", "smp client show jane"}},
    {"client add",
     {"smp client add \"Jane Doe\" --phone \"+44 7700 900123\" --norwood 3A",
      "smp client add \"Ana Ruiz\" --skin-type III --planned-sessions 4"}},
    {"client list", {"smp client list --search jane", "smp client list --inactive-since 5y"}},
    {"client show", {"smp client show jane", "smp client show 12 --format json"}},
    {"client edit",
     {"smp client edit jane --email jane@example.com", "smp client edit jane --clear phone,notes"}},
    {"client archive", {"smp client archive jane"}},
    {"client unarchive", {"smp client unarchive jane"}},
    {"client remove", {"smp client remove jane --yes"}},
    {"client export", {"smp client export jane --output jane.json"}},
    {"client forget", {"smp client forget jane --yes", "smp client forget jane --purge --yes"}},
    {"client duplicates", {"smp client duplicates", "smp client duplicates --format csv"}},
    {"client merge",
     {"smp client merge 12 40 --dry-run", "smp client merge 12 40 --take phone --yes"}},
    {"client consent",
     {"smp client consent jane --kind treatment --signed today --form v3",
      "smp client consent jane --kind photo --withdraw today"}},
    {"client screen",
     {"smp client screen jane --none", "smp client screen jane "
                                       "--contraindication keloid"}},
    {"session",
     {"smp session log jane --area hairline --duration 3h",
      "smp session plan jane --date +14d --time 10:00"}},
    {"session log",
     {"smp session log jane --area hairline,temples --duration 3h --price 450",
      "smp session log jane --shade \"Carbon Black\" --lot L-2291 --final"}},
    {"session plan", {"smp session plan jane --date +14d --time 10:00"}},
    {"session done", {"smp session done 2 --pain 3"}},
    {"session cancel",
     {"smp session cancel 3 --no-show", "smp session cancel 3 --no-show --fee 40"}},
    {"session move", {"smp session move 3 --date 2026-07-01 --time 14:00"}},
    {"session list", {"smp session list --client jane", "smp session list --status scheduled"}},
    {"session show", {"smp session show 2"}},
    {"session edit",
     {"smp session edit 2 --notes \"healed well\"", "smp session edit 2 --clear pain"}},
    {"session remove", {"smp session remove 2 --yes"}},
    {"session aftercare",
     {"smp session aftercare 2", "smp session aftercare 2 --format html --output aftercare.html"}},
    {"session passport", {"smp session passport 2 --format html --output passport.html"}},
    {"shade", {"smp shade add \"Carbon Black\" --dilution 6:1", "smp shade trace L-2291"}},
    {"shade add", {"smp shade add \"Carbon Black\" --brand \"Acme SMP\" --dilution 6:1"}},
    {"shade list", {"smp shade list", "smp shade list --all"}},
    {"shade show", {"smp shade show \"Carbon Black\""}},
    {"shade edit", {"smp shade edit \"Carbon Black\" --dilution 8:1"}},
    {"shade retire", {"smp shade retire \"Carbon Black\""}},
    {"shade unretire", {"smp shade unretire \"Carbon Black\""}},
    {"shade lot",
     {"smp shade lot add \"Carbon Black\" L-2291 --expires 2027-05",
      "smp shade lot list --expiring 60d"}},
    {"shade lot add",
     {"smp shade lot add \"Carbon Black\" L-2291 --expires 2027-05",
      "smp shade lot add Ink L-2400 --expires 2028-01 --bottles 3 --size 15ml"}},
    {"shade lot edit", {"smp shade lot edit L-2291 --bottles 2 --size 15ml"}},
    {"shade lot open", {"smp shade lot open L-2400", "smp shade lot open L-2400 --date yesterday"}},
    {"shade lot list", {"smp shade lot list --expiring 60d", "smp shade lot list --recalled"}},
    {"shade trace", {"smp shade trace L-2291", "smp shade trace L-2291 --format csv"}},
    {"shade recall", {"smp shade recall L-2291 --reason \"FDA advisory\""}},
    {"shade mix", {"smp shade mix --dilution 6:1 --volume 3.5"}},
    {"shade suggest", {"smp shade suggest jane"}},
    {"payment", {"smp payment add jane 200 --deposit --session 8", "smp payment list --owing"}},
    {"payment add",
     {"smp payment add jane 200 --deposit --session 8 --method card",
      "smp payment add jane 1,200.50 --method transfer --reference \"INV 31\""}},
    {"payment list",
     {"smp payment list --from 2026-07-01 --to 2026-07-31 --method card", "smp payment list "
                                                                          "--owing"}},
    {"payment show", {"smp payment show 3"}},
    {"payment edit", {"smp payment edit 3 --amount 250", "smp payment edit 3 --clear reference"}},
    {"payment remove", {"smp payment remove 3 --yes"}},
    {"payment receipt",
     {"smp payment receipt 3", "smp payment receipt 3 --format html --output receipt-3.html"}},
    {"remind",
     {"smp remind --list", "smp remind --exec 'mail -s \"$SMP_SUBJECT\" -- \"$SMP_ADDRESS\"'"}},
    {"report", {"smp report --from 2026-07-01 --to 2026-07-31 --by week", "smp report --chart"}},
    {"photo",
     {"smp photo add jane IMG_2041.HEIC --stage before --area crown",
      "smp photo list --client jane"}},
    {"photo add",
     {"smp photo add jane IMG_2041.HEIC IMG_2042.HEIC --area crown,hairline",
      "smp photo add jane healed.jpg --stage healed --session 14"}},
    {"photo list", {"smp photo list --client jane --stage healed"}},
    {"photo show", {"smp photo show 3"}},
    {"photo open", {"smp photo open 3"}},
    {"photo remove", {"smp photo remove 3 --yes"}},
    {"photo sheet", {"smp photo sheet jane --output jane-photos.html"}},
    {"touchup", {"smp touchup due --within 30d", "smp touchup remind --dry-run"}},
    {"touchup due", {"smp touchup due --within 30d", "smp touchup due --overdue --format csv"}},
    {"touchup list", {"smp touchup list"}},
    {"touchup set", {"smp touchup set jane --every 3y", "smp touchup set jane --due 2027-03-01"}},
    {"touchup snooze", {"smp touchup snooze jane --until 2026-09-01"}},
    {"touchup remind",
     {"smp touchup remind --dry-run",
      "smp -q touchup remind --exec 'mail -s Touch-up \"$SMP_ADDRESS\"'"}},
    {"touchup calendar", {"smp touchup calendar > ~/smp.ics"}},
    {"agenda", {"smp agenda", "smp agenda --days 14"}},
    {"import", {"smp import clients clients.csv --dry-run", "smp import all backup-2026/"}},
    {"export",
     {"smp export sessions --output sessions.csv", "smp export all --output backup-2026/"}},
    {"export clients",
     {"smp export clients --output clients.csv", "smp export clients --crlf --bom > clients.csv"}},
    {"export sessions", {"smp export sessions --output sessions.csv"}},
    {"export shades", {"smp export shades --format json"}},
    {"export lots", {"smp export lots --output lots.csv"}},
    {"export consents", {"smp export consents --output consents.csv"}},
    {"export reminders", {"smp export reminders --format tsv"}},
    {"export payments", {"smp export payments --from 2026-07-01 --to 2026-07-31 -o july.csv"}},
    {"export attempts", {"smp export attempts --output attempts.csv"}},
    {"export erasures", {"smp export erasures --output erasures.csv"}},
    {"export all", {"smp export all --output backup-2026/"}},
    {"backup", {"smp backup", "smp backup /mnt/usb/"}},
    {"restore", {"smp restore records.db.backup-20261124T093000Z.db --yes"}},
    {"check", {"smp check"}},
    {"help", {"smp help", "smp help touchup due"}},
};

std::string command_path(const CLI::App* command) {
    std::string path;
    for (; command && command->get_parent(); command = command->get_parent())
        path = command->get_name() + (path.empty() ? "" : " " + path);
    return path;
}

} // namespace

std::string wrap_words(std::string_view text, std::size_t width) {
    std::string wrapped;
    std::size_t line_length = 0;
    std::istringstream lines{std::string(text)};
    std::string line;
    bool first_line = true;
    while (std::getline(lines, line)) {
        if (!first_line)
            wrapped += '\n';
        first_line = false;
        line_length = 0;
        std::istringstream words(line);
        std::string word;
        while (words >> word) {
            if (line_length > 0 && line_length + 1 + word.size() > width) {
                wrapped += '\n';
                line_length = 0;
            } else if (line_length > 0) {
                wrapped += ' ';
                ++line_length;
            }
            wrapped += word;
            line_length += word.size();
        }
    }
    return wrapped;
}

std::string HelpFormatter::make_option_desc(const CLI::Option* option) const {
    return wrap_words(CLI::Formatter::make_option_desc(option), k_help_width - column_width_);
}

std::string HelpFormatter::make_subcommand(const CLI::App* command) const {
    std::stringstream out;
    CLI::detail::format_help(
        out, command->get_display_name(true),
        wrap_words(command->get_description(), k_help_width - k_subcommand_column),
        k_subcommand_column);
    return out.str();
}

std::string HelpFormatter::make_description(const CLI::App* command) const {
    auto text = CLI::Formatter::make_description(command);
    return text.empty() ? text : wrap_words(text, k_help_width) + "\n";
}

std::string HelpFormatter::make_footer(const CLI::App* command) const {
    std::string footer;
    if (auto found = k_examples.find(command_path(command)); found != k_examples.end()) {
        footer = "Examples:\n";
        for (auto example : found->second)
            footer += fmt::format("  {}\n", example);
    }
    return footer + CLI::Formatter::make_footer(command);
}

} // namespace smp::cli
