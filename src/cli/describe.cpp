#include <smp/cli/commands.hpp>
#include <smp/cli/report.hpp>
#include <smp/domain/client.hpp>
#include <smp/domain/due.hpp>
#include <smp/domain/kind.hpp>
#include <smp/domain/payment.hpp>
#include <smp/domain/reminder.hpp>
#include <smp/domain/session.hpp>
#include <smp/domain/shade.hpp>
#include <smp/output/output.hpp>

#include <fmt/format.h>

#include <string>
#include <vector>

namespace smp::cli {
namespace {

using output::json_string;

// Values with no kind table of their own. The same words are checked where the option is
// read (touchup.cpp, output.cpp, context.cpp); a change there belongs here too.
constexpr std::string_view k_formats[] = {"table",  "csv", "tsv",  "json",
                                          "ndjson", "ics", "text", "html"};
constexpr std::string_view k_colors[] = {"auto", "always", "never"};
const Choice k_format{"format", k_formats};
const Choice k_color{"colour", k_colors};
constexpr std::string_view k_import_matches[] = {"name,phone", "name,email"}; // import.cpp
const Choice k_import_match{"match", k_import_matches};

// Options whose value is one of a closed set, by the command they belong to (a prefix of its
// path: "client" covers `client add` and `client edit`; "" every command, for the global
// options). A client field's own option is found in the client table; these are the others.
struct OptionValues {
    std::string_view command;
    std::string_view option;
    const Choice* choice;
};

// Built on first use, not at start-up: the kind tables behind the --clear lists are built then.
std::span<const OptionValues> option_value_lists() {
    static const OptionValues lists[] = {
        {"client", "--norwood", &choices::norwood_stage},
        {"client", "--ludwig", &choices::ludwig_stage},
        {"client", "--contraindication", &choices::contraindication},
        {"client consent", "--kind", &choices::consent_kind},
        {"client screen", "--reviewed", &choices::contraindication},
        {"session", "--area", &choices::area},
        {"session", "--kind", &choices::session_kind},
        {"session", "--status", &choices::session_status},
        {"session", "--clear", &clear_choice(*kind_named("session"))},
        {"payment", "--kind", &choices::payment_kind},
        {"payment", "--method", &payment_method_choice()},
        {"payment", "--clear", &payment_clear_choice()},
        {"report", "--by", &report_period_choice()},
        {"shade", "--base", &choices::shade_base},
        {"shade", "--clear", &clear_choice(*kind_named("shade"))},
        {"import", "--match", &k_import_match},
        {"client merge", "--take", &merge_take_choice()},
        {"touchup", "--channel", &choices::reminder_channel},
        {"touchup", "--kind", &choices::due_kind_or_all},
        {"", "--format", &k_format},
        {"", "--color", &k_color},
    };
    return lists;
}

std::vector<std::string> allowed(const Choice& choice) {
    return {choice.allowed.begin(), choice.allowed.end()};
}

// Whether a field's option names ("--hair-colour,--hair-color") include NAME.
bool names_option(std::string_view names, std::string_view name) {
    while (!names.empty()) {
        auto comma = names.find(',');
        if (names.substr(0, comma) == name)
            return true;
        names = comma == std::string_view::npos ? "" : names.substr(comma + 1);
    }
    return false;
}

} // namespace

std::vector<std::string> option_values(std::string_view command, const CLI::Option& option) {
    bool client_profile =
        command.starts_with("client ") && (command.ends_with(" add") || command.ends_with(" edit"));
    for (const auto& name : option.get_lnames()) {
        auto dashed = "--" + name;
        if (client_profile) {
            if (dashed == "--clear")
                return allowed(clear_choice(*kind_named("client")));
            for (const auto& field : client_fields())
                if (field.info.choice && field.info.has(field_flag::settable) &&
                    names_option(field.info.option, dashed))
                    return allowed(*field.info.choice);
        }
        for (const auto& entry : option_value_lists())
            if (command.starts_with(entry.command) && entry.option == dashed)
                return allowed(*entry.choice);
    }
    return {};
}

namespace {

std::string json_list(const std::vector<std::string>& items) {
    std::string out = "[";
    for (const auto& item : items)
        out += (out.size() > 1 ? "," : "") + json_string(item);
    return out + "]";
}

// "client add" for "smp client add", "" for "smp".
std::string_view command_of(std::string_view path) {
    auto space = path.find(' ');
    return space == std::string_view::npos ? "" : path.substr(space + 1);
}

std::string describe_option(std::string_view path, const CLI::Option& option) {
    std::vector<std::string> names;
    for (const auto& name : option.get_snames())
        names.push_back("-" + name);
    for (const auto& name : option.get_lnames())
        names.push_back("--" + name);
    bool flag = option.get_type_size() == 0;
    return fmt::format(
        R"({{"names":{},"positional":{},"value":{},"help":{},"required":{},"values":{}}})",
        json_list(names),
        option.get_positional() ? json_string(option.get_name(true, false)) : "null",
        flag ? "null" : json_string(option.get_type_name()), json_string(option.get_description()),
        option.get_required(), json_list(option_values(command_of(path), option)));
}

// The --format values a command takes, its default first.
std::vector<std::string> format_names(const Context& context, const CLI::App& command) {
    auto found = context.formats_by_command.find(&command);
    std::span<const output::Format> formats = output::k_record_formats;
    if (found != context.formats_by_command.end())
        formats = found->second;
    std::vector<std::string> names;
    for (auto format : formats)
        names.emplace_back(output::format_name(format));
    return names;
}

std::string describe_command(const Context& context, std::string_view parent,
                             const CLI::App& command) {
    auto path = fmt::format("{} {}", parent, command.get_name());
    std::string options, subcommands;
    for (const auto* option : command.get_options()) {
        if (option->get_lnames().size() == 1 && option->get_lnames()[0] == "help")
            continue;
        options += (options.empty() ? "" : ",") + describe_option(path, *option);
    }
    for (const auto* sub : command.get_subcommands({}))
        subcommands += (subcommands.empty() ? "" : ",") + describe_command(context, path, *sub);
    return fmt::format(
        R"({{"name":{},"description":{},"hidden":{},"formats":{},"options":[{}],"commands":[{}]}})",
        json_string(command.get_name()), json_string(command.get_description()),
        command.get_group().empty(), json_list(format_names(context, command)), options,
        subcommands);
}

std::vector<std::string> flag_names(const FieldInfo& field) {
    std::vector<std::string> names;
    auto add = [&](unsigned flag, const char* name) {
        if (field.has(flag))
            names.emplace_back(name);
    };
    add(field_flag::settable, "settable");
    add(field_flag::clearable, "clearable");
    add(field_flag::personal, "personal");
    add(field_flag::derived, "derived");
    add(field_flag::required, "required");
    add(field_flag::importable, "importable");
    add(field_flag::past, "past");
    return names;
}

std::string describe_field(const FieldInfo& field) {
    std::vector<std::string> columns;
    for (auto column : field.columns())
        columns.emplace_back(column);
    return fmt::format(
        R"({{"name":{},"type":{},"flags":{},"columns":{},"values":{},"option":{},"help":{}}})",
        json_string(field.name), json_string(codec_name(field.codec)), json_list(flag_names(field)),
        json_list(columns),
        json_list(field.choice ? allowed(*field.choice) : std::vector<std::string>{}),
        field.option.empty() ? "null" : json_string(field.option),
        field.help.empty() ? "null" : json_string(field.help));
}

std::string describe_kind(const KindInfo& kind) {
    std::string fields;
    for (const auto& field : kind.fields)
        fields += (fields.empty() ? "" : ",") + describe_field(field);
    std::vector<std::string> internal(kind.internal_columns.begin(), kind.internal_columns.end());
    return fmt::format(
        R"({{"name":{},"table":{},"erased_whole":{},"fields":[{}],"internal_columns":{}}})",
        json_string(kind.name), json_string(kind.table), kind.erased_whole, fields,
        json_list(internal));
}

void print_description(Context& context) {
    // A scratch tree with every command's options filled in; nothing in it ever runs.
    Context scratch;
    scratch.fill_every_command = true;
    CLI::App root{"", "smp"};
    add_global_options(root, scratch.options);
    std::string commands;
    for (const auto& command : cli::commands()) {
        auto* sub = root.add_subcommand(command.name, command.description);
        if (command.hidden)
            sub->group("");
        command.fill(sub, scratch);
        commands += (commands.empty() ? "" : ",") + describe_command(scratch, "smp", *sub);
    }
    std::string globals, kinds;
    for (const auto* option : root.get_options())
        if (option->get_lnames() != std::vector<std::string>{"help"})
            globals += (globals.empty() ? "" : ",") + describe_option("smp", *option);
    for (const auto* kind : record_kinds())
        kinds += (kinds.empty() ? "" : ",") + describe_kind(*kind);
    std::vector<std::string> tables(internal_tables().begin(), internal_tables().end());
    fmt::print(context.out,
               R"({{"version":1,"options":[{}],"commands":[{}],"kinds":[{}],"internal_tables":{}}})"
               "\n",
               globals, commands, kinds, json_list(tables));
}

} // namespace

// `smp _describe`: what smp is made of, for its own documentation and completion tests and for
// tools: every command with its options and their allowed values, every record kind with its
// fields. Hidden from help.
void fill_describe_command(CLI::App* describe, Context& context) {
    when_run(describe, context, [&context] { print_description(context); });
}

} // namespace smp::cli
