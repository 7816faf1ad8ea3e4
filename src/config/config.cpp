#include <smp/config/config.hpp>
#include <smp/domain/client.hpp>
#include <smp/domain/payment.hpp>
#include <smp/domain/reminder.hpp>
#include <smp/domain/session.hpp>
#include <smp/error.hpp>
#include <smp/io/input_file.hpp>
#include <smp/util/text.hpp>

#include <fmt/format.h>
#include <toml++/toml.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

namespace smp {
namespace {

std::string where(const std::string& file, const toml::source_region& source) {
    return fmt::format("{}:{}:{}", file, source.begin.line, source.begin.column);
}

// Reads known keys by dotted path and remembers them, so that whatever is left over can be
// reported as unknown.
class KeyReader {
  public:
    KeyReader(const toml::table& root, std::string file) : m_root(root), m_file(std::move(file)) {}

    template <typename T> void read(std::string_view path, T& target, std::string_view expected) {
        m_known.insert(std::string(path));
        auto node = m_root.at_path(path);
        if (!node)
            return;
        // Whole numbers are fine where a decimal is expected (extra_water = 2).
        std::optional<T> value;
        if constexpr (std::is_same_v<T, double>)
            value = node.is_number() ? node.value<double>() : std::nullopt;
        else
            value = node.value_exact<T>();
        if (!value)
            throw Error(Exit::config,
                        fmt::format("{}: \"{}\" must be {}", where(m_file, node.node()->source()),
                                    path, expected));
        target = *value;
    }

    void read(std::string_view path, std::optional<std::string>& target) {
        std::string value;
        read(path, value, "a string");
        if (m_root.at_path(path))
            target = value;
    }

    void read_span(std::string_view path, Span& target) {
        std::string text;
        read(path, text, "a span such as \"7d\", \"12mo\" or \"4y\"");
        check(path, [&] { target = parse_interval(text); });
    }

    // [dilution_table] hair_colour = { SKIN = "W:P", ... }: both keys checked against their
    // allowed values, each cell parsed as a dilution.
    void read_dilution_table(std::string_view path, std::map<std::string, Dilution>& cells) {
        m_known.insert(std::string(path));
        auto node = m_root.at_path(path);
        if (!node)
            return;
        auto table = node.as_table();
        if (!table)
            throw Error(Exit::config, fmt::format("{}: \"{}\" must be a table such as "
                                                  "[dilution_table.blonde]",
                                                  where(m_file, node.node()->source()), path));
        for (auto&& [hair, row] : *table) {
            auto at = where(m_file, row.source());
            try {
                auto hair_colour = choices::hair_colour.parse(hair.str());
                auto skins = row.as_table();
                if (!skins)
                    throw Error(Exit::config, fmt::format("\"{}.{}\" must be a table of skin "
                                                          "types, e.g. {{ I = \"12:1\" }}",
                                                          path, hair.str()));
                for (auto&& [skin, cell] : *skins) {
                    at = where(m_file, cell.source());
                    auto text = cell.value_exact<std::string>();
                    if (!text)
                        throw Error(Exit::config, "a dilution must be a string such as \"8:1\"");
                    cells[hair_colour + "." + choices::skin_type.parse(skin.str())] =
                        parse_dilution(*text);
                }
            } catch (const Error& error) {
                throw Error(Exit::config, fmt::format("{}: {}", at, error.what()));
            }
        }
    }

    // Checks a value read as text (a format name, a span...) with `check`, which throws
    // smp::Error; the error is re-thrown as a config error at the key's position.
    template <typename Check> void check(std::string_view path, Check&& check_value) {
        auto node = m_root.at_path(path);
        if (!node)
            return;
        try {
            check_value();
        } catch (const Error& error) {
            throw Error(Exit::config,
                        fmt::format("{}: {}", where(m_file, node.node()->source()), error.what()));
        }
    }

    // An array of strings, each checked with `check_item` (which throws smp::Error).
    template <typename Check>
    void read_strings(std::string_view path, std::vector<std::string>& target, Check&& check_item) {
        m_known.insert(std::string(path));
        auto node = m_root.at_path(path);
        if (!node)
            return;
        auto at = where(m_file, node.node()->source());
        auto array = node.as_array();
        if (!array)
            throw Error(Exit::config,
                        fmt::format("{}: \"{}\" must be a list of strings such as [\"voucher\"]",
                                    at, path));
        for (auto&& item : *array) {
            auto text = item.value_exact<std::string>();
            if (!text)
                throw Error(Exit::config, fmt::format("{}: \"{}\" must be a list of strings",
                                                      where(m_file, item.source()), path));
            try {
                target.push_back(check_item(*text));
            } catch (const Error& error) {
                throw Error(Exit::config,
                            fmt::format("{}: {}", where(m_file, item.source()), error.what()));
            }
        }
    }

    bool given(std::string_view path) const { return static_cast<bool>(m_root.at_path(path)); }
    bool is_table(std::string_view path) const {
        auto node = m_root.at_path(path);
        return node && node.is_table();
    }

    void warn_unknown(std::vector<std::string>& warnings) const { walk(m_root, "", warnings); }

  private:
    void walk(const toml::table& table, const std::string& prefix,
              std::vector<std::string>& warnings) const {
        for (auto&& [key, node] : table) {
            std::string path =
                prefix.empty() ? std::string(key.str()) : prefix + "." + std::string(key.str());
            if (m_known.count(path))
                continue;
            if (auto sub = node.as_table(); sub && is_known_prefix(path)) {
                walk(*sub, path, warnings);
                continue;
            }
            warnings.push_back(
                fmt::format("{}: unknown key \"{}\" (ignored)", where(m_file, key.source()), path));
        }
    }
    bool is_known_prefix(const std::string& path) const {
        for (const auto& known : m_known)
            if (known.rfind(path + ".", 0) == 0)
                return true;
        return false;
    }

    const toml::table& m_root;
    std::string m_file;
    std::set<std::string> m_known;
};

void read_due_rules(KeyReader& keys, Config& config) {
    keys.read_span("course.gap", config.course_gap);
    keys.read_span("course.maximum_gap", config.course_maximum_gap);
    keys.read_span("touchup.every", config.touchup_every);
    keys.read_span("touchup.within", config.due_within);
    // Checked wherever either is set: a gap alone can also pass the default maximum.
    keys.check(keys.given("course.maximum_gap") ? "course.maximum_gap" : "course.gap", [&] {
        if (add_span(Date{}, config.course_maximum_gap) < add_span(Date{}, config.course_gap))
            throw Error(Exit::config,
                        fmt::format("course.maximum_gap {} is shorter than course.gap {}",
                                    format_span(config.course_maximum_gap),
                                    format_span(config.course_gap)));
    });
}

// reminder.give_up_after is one span for both kinds, or a table with one per kind
// ([reminder.give_up_after] followup = "6mo", touchup = "12mo").
void read_give_up_after(KeyReader& keys, Config& config) {
    auto& policy = config.reminder_policy;
    if (keys.is_table("reminder.give_up_after")) {
        keys.read_span("reminder.give_up_after.followup", policy.give_up_followup);
        keys.read_span("reminder.give_up_after.touchup", policy.give_up_touchup);
        return;
    }
    Span both;
    keys.read_span("reminder.give_up_after", both);
    if (keys.given("reminder.give_up_after"))
        policy.give_up_followup = policy.give_up_touchup = both;
}

void read_reminder_policy(KeyReader& keys, Config& config) {
    read_give_up_after(keys, config);
    std::int64_t repeats = config.reminder_policy.max_repeats;
    keys.read("reminder.max_repeats", repeats, "a whole number");
    keys.check("reminder.max_repeats", [&] {
        if (repeats < 0 || repeats > 100)
            throw Error(Exit::config,
                        fmt::format("invalid reminder.max_repeats {}: use 0 to 100", repeats));
    });
    config.reminder_policy.max_repeats = static_cast<int>(repeats);
    std::string consent;
    keys.read("reminder.requires_consent", consent, "\"marketing\" or \"none\"");
    keys.check("reminder.requires_consent", [&] {
        if (consent != "marketing" && consent != "none")
            throw Error(Exit::config, fmt::format("invalid reminder.requires_consent \"{}\": use "
                                                  "\"marketing\" or \"none\"",
                                                  consent));
        config.requires_consent = consent;
    });
    keys.read("reminder.footer", config.reminder_footer);
    keys.check("reminder.footer",
               [&] { MessageTemplate(*config.reminder_footer, Exit::config, "reminder.footer"); });
    std::int64_t failures = config.max_failures;
    keys.read("reminder.max_failures", failures, "a whole number");
    keys.check("reminder.max_failures", [&] {
        if (failures < 1 || failures > 1000)
            throw Error(Exit::config,
                        fmt::format("invalid reminder.max_failures {}: use 1 to 1000", failures));
    });
    config.max_failures = static_cast<int>(failures);
}

void read_aftercare(KeyReader& keys, Config& config) {
    keys.read("aftercare.course", config.aftercare_course, "a file name");
    keys.read("aftercare.touchup", config.aftercare_touchup, "a file name");
    keys.read("aftercare.correction", config.aftercare_correction, "a file name");
}

// [reminder.KIND] message and subject for each kind of message; each checked for unknown
// placeholders (a session's for the service messages) when the config is read.
void read_kind_messages(KeyReader& keys, Config& config) {
    auto& message = config.kind_message;
    auto& subject = config.kind_subject;
    auto at = [](MessageKind kind) { return static_cast<std::size_t>(kind); };
    keys.read("reminder.booking.message", message[at(MessageKind::booking)]);
    keys.read("reminder.booking.subject", subject[at(MessageKind::booking)]);
    keys.read("reminder.confirmation.message", message[at(MessageKind::confirmation)]);
    keys.read("reminder.confirmation.subject", subject[at(MessageKind::confirmation)]);
    keys.read("reminder.cancellation.message", message[at(MessageKind::cancellation)]);
    keys.read("reminder.cancellation.subject", subject[at(MessageKind::cancellation)]);
    keys.read("reminder.aftercare.message", message[at(MessageKind::aftercare)]);
    keys.read("reminder.aftercare.subject", subject[at(MessageKind::aftercare)]);
    keys.read("reminder.followup.message", message[at(MessageKind::followup)]);
    keys.read("reminder.followup.subject", subject[at(MessageKind::followup)]);
    keys.read("reminder.touchup.message", message[at(MessageKind::touchup)]);
    keys.read("reminder.touchup.subject", subject[at(MessageKind::touchup)]);
    for (auto kind : k_message_kinds) {
        std::span<const std::string_view> known = k_placeholders;
        if (is_service_message(kind))
            known = k_session_message_placeholders;
        for (auto [part, text] :
             {std::pair{"message", &message[at(kind)]}, std::pair{"subject", &subject[at(kind)]}}) {
            auto path = fmt::format("reminder.{}.{}", message_kind_name(kind), part);
            keys.check(path,
                       [&, text = text] { MessageTemplate(**text, Exit::config, path, known); });
        }
        // A subject is one line: a line break in it would start a mail header of its own.
        keys.check(fmt::format("reminder.{}.subject", message_kind_name(kind)), [&] {
            const auto& text = *subject[at(kind)];
            if (text.find_first_of("\r\n") != std::string::npos)
                throw Error(Exit::config, fmt::format("reminder.{}.subject \"{}\" has a line "
                                                      "break: write the subject on one line",
                                                      message_kind_name(kind), text));
        });
    }
    if (message[at(MessageKind::followup)])
        config.followup_message = *message[at(MessageKind::followup)];
    if (message[at(MessageKind::touchup)])
        config.touchup_message = *message[at(MessageKind::touchup)];
    keys.read_span("reminder.before", config.reminder_before);
}

void read_reminders(KeyReader& keys, Config& config) {
    keys.read("reminder.studio", config.studio, "a string");
    keys.read("reminder.channel", config.reminder_channel, "a string");
    keys.check("reminder.channel", [&] {
        config.reminder_channel = choices::reminder_channel.parse(config.reminder_channel);
    });
    for (auto [path, message] : {std::pair{"reminder.followup_message", &config.followup_message},
                                 std::pair{"reminder.touchup_message", &config.touchup_message}}) {
        keys.read(path, *message, "a string");
        // Structured bindings are captured by copy: clang 14 (the fuzz build) refuses them
        // in a capture-default.
        keys.check(path, [path = path, message = message] {
            MessageTemplate(*message, Exit::config, path);
        });
    }
    std::string exec_timeout;
    keys.read("reminder.exec_timeout", exec_timeout, "a time such as \"60s\", \"2m\" or \"1h\"");
    keys.check("reminder.exec_timeout", [&] {
        config.exec_timeout_seconds = parse_time_limit(exec_timeout, "reminder.exec_timeout");
    });
    Span repeat;
    keys.read_span("reminder.repeat", repeat);
    if (repeat != Span{})
        config.reminder_repeat = repeat;
    read_reminder_policy(keys, config);
    read_kind_messages(keys, config);
}

void read_calendar(KeyReader& keys, Config& config) {
    keys.read("time_zone", config.time_zone, "a string such as \"Europe/London\"");
    keys.check("time_zone", [&] {
        // The C library reads the zone's rules from the tz database; a name it does not
        // have would silently be UTC.
        const auto& zone = config.time_zone;
        std::error_code ignored;
        if (zone.empty() || zone.front() == '/' || zone.find("..") != std::string::npos ||
            !std::filesystem::is_regular_file("/usr/share/zoneinfo/" + zone, ignored))
            throw Error(Exit::config,
                        fmt::format("unknown time_zone \"{}\": use a name from the tz database "
                                    "such as \"Europe/London\" (see /usr/share/zoneinfo)",
                                    zone));
    });
    keys.read_span("calendar.keep_cancelled", config.calendar_keep_cancelled);
}

void read_money(KeyReader& keys, Config& config) {
    keys.read_strings("money.methods", config.payment_methods, [&](const std::string& text) {
        auto method = validate_text("money.methods", trim(text));
        bool builtin = false;
        for (auto known : builtin_payment_methods())
            builtin = builtin || fold_case(method) == known;
        if (method.empty() || builtin || method.find(',') != std::string::npos)
            throw Error(Exit::config,
                        fmt::format("invalid payment method \"{}\" in money.methods: give a "
                                    "name without commas, other than cash, card, transfer and "
                                    "other (built in)",
                                    text));
        return method;
    });
    std::string fee;
    keys.read("money.no_show_fee", fee, "an amount as a string such as \"50\" or \"25.50\"");
    keys.check("money.no_show_fee", [&] {
        try {
            if (auto amount = parse_money(fee); amount > 0)
                config.no_show_fee = amount;
        } catch (const Error& error) {
            throw Error(Exit::config, fmt::format("money.no_show_fee: {}", error.what()));
        }
    });
    std::string notice;
    keys.read("money.refund_notice", notice, "a notice such as \"48h\" or \"2d\"");
    keys.check("money.refund_notice", [&] {
        try {
            config.refund_notice_hours = parse_notice_hours(notice);
        } catch (const Error& error) {
            throw Error(Exit::config, fmt::format("money.refund_notice: {}", error.what()));
        }
    });
    std::string rate;
    keys.read("money.tax_rate", rate, "a percentage as a string such as \"20\" or \"7.5\"");
    keys.check("money.tax_rate", [&] {
        try {
            config.tax_rate = parse_tax_rate(rate);
        } catch (const Error& error) {
            throw Error(Exit::config, fmt::format("money.tax_rate: {}", error.what()));
        }
    });
    keys.read("money.prices_include_tax", config.prices_include_tax, "true or false");
}

void read_lots(KeyReader& keys, Config& config) {
    std::string shelf_life;
    keys.read("lots.opened_shelf_life", shelf_life, "a span such as \"12mo\" or \"1y\"");
    keys.check("lots.opened_shelf_life", [&] {
        Span span;
        try {
            span = parse_interval(shelf_life);
        } catch (const Error& error) {
            throw Error(Exit::config, fmt::format("lots.opened_shelf_life: {}", error.what()));
        }
        if (span == Span{})
            throw Error(Exit::config, fmt::format("invalid lots.opened_shelf_life \"{}\": an "
                                                  "opened bottle keeps for some time; use a span "
                                                  "such as \"12mo\"",
                                                  shelf_life));
        config.lots_opened_shelf_life = span;
    });
    std::int64_t low = config.lots_low_stock;
    keys.read("lots.low_stock", low, "a whole number of bottles");
    keys.check("lots.low_stock", [&] {
        if (low < 0 || low > 1000)
            throw Error(Exit::config,
                        fmt::format("invalid lots.low_stock {}: use 0 to 1000 bottles", low));
    });
    config.lots_low_stock = static_cast<int>(low);
}

void read_studio(KeyReader& keys, Config& config) {
    keys.read("studio.name", config.studio_name, "a string");
    keys.read("studio.address", config.studio_address, "a string");
    keys.read("studio.phone", config.studio_phone, "a string");
    for (auto [path, value] : {std::pair{"studio.name", &config.studio_name},
                               std::pair{"studio.address", &config.studio_address},
                               std::pair{"studio.phone", &config.studio_phone}})
        keys.check(path, [path = path, value = value] { *value = validate_text(path, *value); });
}

} // namespace

DueRules Config::due_rules() const {
    return DueRules{planned_sessions, course_gap, course_maximum_gap, touchup_every};
}

std::string default_config_path() {
    if (const char* xdg = std::getenv("XDG_CONFIG_HOME"); xdg && *xdg)
        return std::string(xdg) + "/smp/config.toml";
    const char* home = std::getenv("HOME");
    return std::string(home ? home : ".") + "/.config/smp/config.toml";
}

Config parse_config(std::string_view text, const std::string& file_name) {
    toml::table root;
    try {
        root = toml::parse(text, file_name);
    } catch (const toml::parse_error& error) {
        throw Error(Exit::config,
                    fmt::format("{}: {}", where(file_name, error.source()), error.description()));
    }
    Config config;
    config.loaded_from = file_name;
    KeyReader keys(root, file_name);
    keys.read("records", config.records);
    keys.read("format", config.format, "a string");
    keys.check("format", [&] {
        if (config.format != "table" && config.format != "csv" && config.format != "tsv" &&
            config.format != "json" && config.format != "ndjson")
            throw Error(Exit::config, fmt::format("invalid format \"{}\": use table, csv, tsv, "
                                                  "json or ndjson",
                                                  config.format));
    });
    keys.read("color", config.color, "a string");
    keys.check("color", [&] {
        if (config.color != "auto" && config.color != "always" && config.color != "never")
            throw Error(Exit::config, fmt::format("invalid color \"{}\": use auto, always or never",
                                                  config.color));
    });
    keys.read("pager", config.pager, "true or false");
    std::int64_t timeout = config.busy_timeout_seconds;
    keys.read("busy_timeout", timeout, "a whole number of seconds");
    keys.check("busy_timeout", [&] {
        if (timeout < 1 || timeout > 3600)
            throw Error(Exit::config,
                        fmt::format("invalid busy_timeout {}: use 1 to 3600 seconds", timeout));
    });
    config.busy_timeout_seconds = static_cast<int>(timeout);
    keys.read("currency", config.currency, "a string such as \"EUR\"");
    std::int64_t planned = config.planned_sessions;
    keys.read("course.planned_sessions", planned, "a whole number");
    keys.check("course.planned_sessions", [&] {
        if (planned < 1 || planned > 20)
            throw Error(Exit::config,
                        fmt::format("invalid course.planned_sessions {}: use 1 to 20", planned));
    });
    config.planned_sessions = static_cast<int>(planned);
    keys.read_span("course.minimum_gap", config.minimum_gap);
    keys.read_span("screening.max_age", config.screening_max_age);
    Span patch_test_within;
    keys.read_span("screening.patch_test_within", patch_test_within);
    if (keys.given("screening.patch_test_within"))
        config.patch_test_within = patch_test_within;
    keys.read("strict", config.strict, "true or false");
    keys.read("photo.require_consent", config.photo_require_consent, "true or false");
    std::string default_duration;
    keys.read("session.default_duration", default_duration, "a duration such as \"3h\"");
    keys.check("session.default_duration",
               [&] { config.default_duration_minutes = parse_duration(default_duration); });
    keys.read("suggest.first_session_extra_water", config.first_session_extra_water,
              "a number of parts of water");
    keys.check("suggest.first_session_extra_water", [&] {
        if (config.first_session_extra_water < 0 || config.first_session_extra_water > 50)
            throw Error(Exit::config, "invalid suggest.first_session_extra_water: use 0 to 50 "
                                      "parts of water");
    });
    keys.read_dilution_table("dilution_table", config.dilution_table);
    read_due_rules(keys, config);
    read_aftercare(keys, config);
    read_reminders(keys, config);
    read_calendar(keys, config);
    read_money(keys, config);
    read_studio(keys, config);
    read_lots(keys, config);
    keys.warn_unknown(config.warnings);
    return config;
}

// A config of every key with long messages is a few KiB.
constexpr std::uintmax_t k_config_max_bytes = 1 << 20;

Config load_config(const std::optional<std::string>& explicit_path) {
    std::string path = explicit_path.value_or(default_config_path());
    // error_code forms: a folder smp may not look into is "no config here", not a crash.
    std::error_code ignored;
    if (std::filesystem::is_directory(path, ignored))
        throw Error(Exit::config, fmt::format("config file \"{}\" is a folder; give the path of "
                                              "a .toml file",
                                              path));
    // A config file that exists must be a file of sane size (never /dev/zero).
    if (std::filesystem::exists(path, ignored))
        io::check_input_file(path, "config file", k_config_max_bytes, Exit::config);
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        bool missing = !std::filesystem::exists(path, ignored);
        if (!explicit_path && ignored) {
            Config defaults;
            defaults.warnings.push_back(fmt::format("cannot look for the config file \"{}\" ({}); "
                                                    "using the built-in settings",
                                                    path, ignored.message()));
            return defaults;
        }
        if (!explicit_path && missing)
            return Config{};
        throw Error(explicit_path && missing ? Exit::no_input : Exit::config,
                    fmt::format("cannot read config file \"{}\"; check the path given with "
                                "--config or SMP_CONFIG",
                                path));
    }
    std::stringstream text;
    text << in.rdbuf();
    return parse_config(text.str(), path);
}

} // namespace smp
