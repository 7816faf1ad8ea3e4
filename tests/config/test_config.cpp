#include <smp/config/config.hpp>
#include <smp/error.hpp>

#include "../temp_dir.hpp"

#include <catch2/catch.hpp>
#include <fmt/format.h>

#include "../error_from.hpp"

#include <cctype>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <optional>
#include <stdexcept>
#include <string>

using namespace smp;
using Catch::Matchers::Contains;
using Catch::Matchers::StartsWith;
using smp::testing::error_from;
using smp::testing::TempDir;

namespace {

void write_file(const std::string& path, const std::string& text) {
    std::filesystem::create_directories(std::filesystem::path(path).parent_path());
    std::ofstream out(path, std::ios::binary);
    out << text;
    if (!out)
        throw std::runtime_error("cannot write " + path);
}

// Sets an environment variable for one test and restores the old value afterwards.
class ScopedEnv {
  public:
    ScopedEnv(const char* name, const std::optional<std::string>& value) : m_name(name) {
        if (const char* old = std::getenv(name))
            m_old = old;
        if (value)
            ::setenv(name, value->c_str(), 1);
        else
            ::unsetenv(name);
    }
    ~ScopedEnv() {
        if (m_old)
            ::setenv(m_name.c_str(), m_old->c_str(), 1);
        else
            ::unsetenv(m_name.c_str());
    }
    ScopedEnv(const ScopedEnv&) = delete;
    ScopedEnv& operator=(const ScopedEnv&) = delete;

  private:
    std::string m_name;
    std::optional<std::string> m_old;
};

} // namespace

// ---- parse_config: defaults and keys ---------------------------------------------------------

TEST_CASE("parse_config: empty text gives the built-in defaults") {
    auto config = parse_config("", "config.toml");
    CHECK_FALSE(config.records.has_value());
    CHECK(config.format == "table");
    CHECK(config.color == "auto");
    CHECK(config.busy_timeout_seconds == 5);
    CHECK(config.currency == "EUR");
    CHECK(config.planned_sessions == 3);
    CHECK(config.minimum_gap == Span{0, 0, 7});
    CHECK(config.screening_max_age == Span{0, 12, 0});
    CHECK_FALSE(config.strict);
    CHECK(config.warnings.empty());
}

TEST_CASE("parse_config: a default-constructed Config holds the same defaults") {
    Config config;
    CHECK_FALSE(config.records.has_value());
    CHECK(config.format == "table");
    CHECK(config.color == "auto");
    CHECK(config.busy_timeout_seconds >= 5); // the issue asks for at least 5 s
    CHECK(config.loaded_from.empty());
    CHECK(config.warnings.empty());
}

TEST_CASE("parse_config: comments only still gives the defaults") {
    auto config = parse_config("# smp settings\n\n# format = \"json\"\n", "config.toml");
    CHECK(config.format == "table");
    CHECK(config.warnings.empty());
}

TEST_CASE("parse_config: records is read") {
    auto config = parse_config("records = \"/srv/smp/records.db\"\n", "config.toml");
    REQUIRE(config.records.has_value());
    CHECK(*config.records == "/srv/smp/records.db");
}

TEST_CASE("parse_config: format is read") {
    for (auto format : {"table", "csv", "tsv", "json", "ndjson"}) {
        INFO(format);
        auto config = parse_config(std::string("format = \"") + format + "\"\n", "config.toml");
        CHECK(config.format == format);
    }
}

TEST_CASE("parse_config: color is read") {
    for (auto color : {"auto", "always", "never"}) {
        INFO(color);
        auto config = parse_config(std::string("color = \"") + color + "\"\n", "config.toml");
        CHECK(config.color == color);
    }
}

TEST_CASE("parse_config: busy_timeout is read") {
    CHECK(parse_config("busy_timeout = 30\n", "config.toml").busy_timeout_seconds == 30);
    CHECK(parse_config("busy_timeout = 1\n", "config.toml").busy_timeout_seconds == 1);
    CHECK(parse_config("busy_timeout = 3600\n", "config.toml").busy_timeout_seconds == 3600);
}

TEST_CASE("parse_config: currency is read") {
    CHECK(parse_config("currency = \"GBP\"\n", "config.toml").currency == "GBP");
}

TEST_CASE("parse_config: course.planned_sessions is read, as a key or in a [course] table") {
    CHECK(parse_config("course.planned_sessions = 4\n", "config.toml").planned_sessions == 4);
    CHECK(parse_config("[course]\nplanned_sessions = 2\n", "config.toml").planned_sessions == 2);
}

TEST_CASE("parse_config: course.minimum_gap and screening.max_age are read as spans") {
    auto config = parse_config(
        "[course]\nminimum_gap = \"10d\"\n\n[screening]\nmax_age = \"1y6mo\"\n", "config.toml");
    CHECK(config.minimum_gap == Span{0, 0, 10});
    CHECK(config.screening_max_age == Span{1, 6, 0});
    CHECK(config.warnings.empty());
}

TEST_CASE("parse_config: strict is read") {
    CHECK(parse_config("strict = true\n", "config.toml").strict);
    CHECK_FALSE(parse_config("strict = false\n", "config.toml").strict);
}

TEST_CASE("parse_config: invalid course and screening values are Exit::config at their line") {
    for (auto text :
         {"\n[course]\nplanned_sessions = 0", "\n[course]\nplanned_sessions = 21",
          "\n[course]\nplanned_sessions = \"3\"", "\n[course]\nminimum_gap = \"7\"",
          "\n[course]\nminimum_gap = \"1m\"", "\n[course]\nminimum_gap = 7",
          "\n[screening]\nmax_age = \"soon\"", "\nstrict = \"yes\"\n", "\ncurrency = 978"}) {
        INFO(text);
        auto error = error_from([&] { parse_config(std::string(text) + "\n", "cfg.toml"); });
        CHECK(error.code() == Exit::config);
        CHECK_THAT(error.what(), StartsWith("cfg.toml:"));
        CHECK_THAT(error.what(), !StartsWith("cfg.toml:1:"));
    }
}

TEST_CASE("parse_config: every key together, the rest left at defaults") {
    auto config = parse_config("records = \"~/clients.db\"\nformat = \"csv\"\n", "config.toml");
    CHECK(config.records == std::optional<std::string>("~/clients.db"));
    CHECK(config.format == "csv");
    CHECK(config.color == "auto");
    CHECK(config.busy_timeout_seconds == 5);
    auto all = parse_config("records = \"r.db\"\nformat = \"json\"\ncolor = \"never\"\n"
                            "busy_timeout = 12\n",
                            "config.toml");
    CHECK(all.records == std::optional<std::string>("r.db"));
    CHECK(all.format == "json");
    CHECK(all.color == "never");
    CHECK(all.busy_timeout_seconds == 12);
    CHECK(all.warnings.empty());
}

TEST_CASE("parse_config: loaded_from names the file") {
    CHECK(parse_config("", "/home/me/.config/smp/config.toml").loaded_from ==
          "/home/me/.config/smp/config.toml");
}

// ---- parse_config: errors ---------------------------------------------------------------------

TEST_CASE("parse_config: a syntax error is Exit::config naming FILE:LINE:COL") {
    auto error = error_from([] { parse_config("format = \"csv\"\ncolor = \n", "/etc/smp.toml"); });
    CHECK(error.code() == Exit::config);
    CHECK_THAT(error.what(), StartsWith("/etc/smp.toml:2:"));
    std::string message = error.what();
    // FILE:LINE:COL: both numbers present.
    auto after_line = message.substr(std::string("/etc/smp.toml:2:").size());
    REQUIRE_FALSE(after_line.empty());
    CHECK(std::isdigit(static_cast<unsigned char>(after_line[0])));
}

TEST_CASE("parse_config: an unterminated string is a syntax error at its line") {
    auto error =
        error_from([] { parse_config("# settings\n\nrecords = \"/tmp/x.db\n", "cfg.toml"); });
    CHECK(error.code() == Exit::config);
    CHECK_THAT(error.what(), StartsWith("cfg.toml:3:"));
}

TEST_CASE("parse_config: a key given twice is a syntax error") {
    auto error =
        error_from([] { parse_config("format = \"csv\"\nformat = \"json\"\n", "cfg.toml"); });
    CHECK(error.code() == Exit::config);
    CHECK_THAT(error.what(), StartsWith("cfg.toml:2:"));
}

TEST_CASE("parse_config: a type error is Exit::config at the value's location") {
    auto error =
        error_from([] { parse_config("format = \"csv\"\nbusy_timeout = \"x\"\n", "cfg.toml"); });
    CHECK(error.code() == Exit::config);
    CHECK_THAT(error.what(), StartsWith("cfg.toml:2:"));
    CHECK_THAT(error.what(), Contains("busy_timeout"));
    CHECK_THAT(error.what(), Contains("whole number"));
}

TEST_CASE("parse_config: other type errors") {
    for (auto text : {"records = 5", "format = 1", "color = true", "busy_timeout = 2.5",
                      "busy_timeout = \"5\"", "records = [\"a\"]", "format = { name = \"csv\" }"}) {
        INFO(text);
        auto error = error_from([&] { parse_config(std::string(text) + "\n", "cfg.toml"); });
        CHECK(error.code() == Exit::config);
        CHECK_THAT(error.what(), StartsWith("cfg.toml:1:"));
    }
}

TEST_CASE("parse_config: an invalid format value is Exit::config quoting it") {
    auto error = error_from([] { parse_config("\nformat = \"xml\"\n", "cfg.toml"); });
    CHECK(error.code() == Exit::config);
    CHECK_THAT(error.what(), StartsWith("cfg.toml:2:"));
    CHECK_THAT(error.what(), Contains("\"xml\""));
    CHECK_THAT(error.what(), Contains("ndjson"));
}

TEST_CASE("parse_config: an invalid color value is Exit::config quoting it") {
    auto error = error_from([] { parse_config("color = \"sometimes\"\n", "cfg.toml"); });
    CHECK(error.code() == Exit::config);
    CHECK_THAT(error.what(), StartsWith("cfg.toml:1:"));
    CHECK_THAT(error.what(), Contains("\"sometimes\""));
}

TEST_CASE("parse_config: a busy_timeout out of range is Exit::config") {
    for (auto text : {"busy_timeout = 0", "busy_timeout = -5", "busy_timeout = 3601",
                      "busy_timeout = 9999999999999"}) {
        INFO(text);
        auto error = error_from([&] { parse_config(std::string(text) + "\n", "cfg.toml"); });
        CHECK(error.code() == Exit::config);
        CHECK_THAT(error.what(), StartsWith("cfg.toml:1:"));
    }
}

TEST_CASE("parse_config: an interval longer than 100 years is Exit::config") {
    // 9999y once wrapped every due date to 1970.
    for (auto text :
         {"touchup.every = \"9999y\"", "course.gap = \"101y\"", "reminder.repeat = \"1300mo\""}) {
        INFO(text);
        auto error = error_from([&] { parse_config(std::string(text) + "\n", "cfg.toml"); });
        CHECK(error.code() == Exit::config);
        CHECK_THAT(error.what(), Contains("at most 100 years"));
    }
}

TEST_CASE("parse_config: reminder.exec_timeout is read, 60 seconds by default") {
    CHECK(parse_config("", "cfg.toml").exec_timeout_seconds == 60);
    CHECK(parse_config("reminder.exec_timeout = \"90s\"\n", "cfg.toml").exec_timeout_seconds == 90);
    CHECK(parse_config("[reminder]\nexec_timeout = \"2m\"\n", "cfg.toml").exec_timeout_seconds ==
          120);
    CHECK(parse_config("reminder.exec_timeout = \"1h\"\n", "cfg.toml").exec_timeout_seconds ==
          3600);
    for (auto text : {"0s", "25h", "soon", "-5", "5d", ""}) {
        INFO(text);
        auto error = error_from([&] {
            parse_config(fmt::format("reminder.exec_timeout = \"{}\"\n", text), "cfg.toml");
        });
        CHECK(error.code() == Exit::config);
        CHECK_THAT(error.what(), Contains("reminder.exec_timeout"));
    }
}

// ---- parse_config: unknown keys -------------------------------------------------------------

TEST_CASE("parse_config: unknown keys are warnings with their location, not errors") {
    auto config =
        parse_config("format = \"json\"\nfromat = \"csv\"\n\n[reminders]\nlead = 3\n", "cfg.toml");
    CHECK(config.format == "json");
    REQUIRE(config.warnings.size() == 2);
    CHECK_THAT(config.warnings[0], StartsWith("cfg.toml:2:"));
    CHECK_THAT(config.warnings[0], Contains("\"fromat\""));
    CHECK_THAT(config.warnings[1], StartsWith("cfg.toml:4:"));
    CHECK_THAT(config.warnings[1], Contains("\"reminders\""));
}

TEST_CASE("parse_config: an unknown key inside a known table is a warning with its full name") {
    auto config = parse_config("[course]\nplanned_sessions = 4\nplaned = 5\n", "cfg.toml");
    CHECK(config.planned_sessions == 4);
    REQUIRE(config.warnings.size() == 1);
    CHECK_THAT(config.warnings[0], StartsWith("cfg.toml:3:"));
    CHECK_THAT(config.warnings[0], Contains("\"course.planed\""));
}

TEST_CASE("parse_config: known keys produce no warnings") {
    auto config = parse_config("records = \"r.db\"\nformat = \"json\"\ncolor = \"never\"\n"
                               "busy_timeout = 12\n",
                               "cfg.toml");
    CHECK(config.warnings.empty());
}

// ---- load_config ----------------------------------------------------------------------------

TEST_CASE("load_config: reads an explicit file") {
    TempDir dir;
    auto path = dir / "my.toml";
    write_file(path, "format = \"ndjson\"\nbusy_timeout = 9\n");
    auto config = load_config(path);
    CHECK(config.format == "ndjson");
    CHECK(config.busy_timeout_seconds == 9);
    CHECK(config.loaded_from == path);
}

TEST_CASE("load_config: a missing explicit file is Exit::no_input naming it") {
    TempDir dir;
    auto path = dir / "missing.toml";
    auto error = error_from([&] { load_config(path); });
    CHECK(error.code() == Exit::no_input);
    CHECK_THAT(error.what(), Contains(path));
}

TEST_CASE("load_config: errors in an explicit file name that file") {
    TempDir dir;
    auto path = dir / "bad.toml";
    write_file(path, "format = \"csv\"\nbusy_timeout = \"x\"\n");
    auto error = error_from([&] { load_config(path); });
    CHECK(error.code() == Exit::config);
    CHECK_THAT(error.what(), StartsWith(path + ":2:"));
}

TEST_CASE("load_config: a missing default file gives the defaults") {
    TempDir dir; // an empty XDG_CONFIG_HOME: no smp/config.toml in it
    ScopedEnv xdg("XDG_CONFIG_HOME", dir.path().string());
    CHECK(default_config_path() == dir / "smp/config.toml");
    auto config = load_config(std::nullopt);
    CHECK(config.format == "table");
    CHECK(config.color == "auto");
    CHECK(config.busy_timeout_seconds == 5);
    CHECK_FALSE(config.records.has_value());
    CHECK(config.loaded_from.empty());
    CHECK(config.warnings.empty());
}

TEST_CASE("load_config: the default file under XDG_CONFIG_HOME is read") {
    TempDir dir;
    ScopedEnv xdg("XDG_CONFIG_HOME", dir.path().string());
    write_file(dir / "smp/config.toml", "color = \"always\"\n");
    auto config = load_config(std::nullopt);
    CHECK(config.color == "always");
    CHECK(config.loaded_from == dir / "smp/config.toml");
}

TEST_CASE("default_config_path: falls back to ~/.config without XDG_CONFIG_HOME") {
    ScopedEnv home("HOME", std::string("/home/someone"));
    {
        ScopedEnv xdg("XDG_CONFIG_HOME", std::nullopt);
        CHECK(default_config_path() == "/home/someone/.config/smp/config.toml");
    }
    {
        ScopedEnv xdg("XDG_CONFIG_HOME", std::string("")); // empty counts as unset
        CHECK(default_config_path() == "/home/someone/.config/smp/config.toml");
    }
}

TEST_CASE("parse_config: due rules and reminders have their defaults") {
    auto config = parse_config("", "config.toml");
    CHECK(config.due_rules().fingerprint() == DueRules{}.fingerprint());
    CHECK(config.due_within == Span{0, 0, 30});
    CHECK(config.reminder_channel == "email");
    CHECK(config.followup_message == k_default_followup_message);
    CHECK_FALSE(config.reminder_repeat);
}

TEST_CASE("parse_config: due rules and reminder settings are read") {
    auto config =
        parse_config("[course]\ngap = \"10d\"\nmaximum_gap = \"3w\"\nplanned_sessions = 4\n"
                     "[touchup]\nevery = \"3y\"\nwithin = \"2mo\"\n"
                     "[reminder]\nstudio = \"Ink Lab\"\nchannel = \"SMS\"\n"
                     "repeat = \"30d\"\ntouchup_message = \"Hi {first_name}\"\n",
                     "config.toml");
    auto rules = config.due_rules();
    CHECK(rules.course_gap == Span{0, 0, 10});
    CHECK(rules.course_maximum_gap == Span{0, 0, 21});
    CHECK(rules.touchup_every == Span{3, 0, 0});
    CHECK(rules.planned_sessions == 4);
    CHECK(config.due_within == Span{0, 2, 0});
    CHECK(config.studio == "Ink Lab");
    CHECK(config.reminder_channel == "sms");
    CHECK(config.reminder_repeat == Span{0, 0, 30});
    CHECK(config.touchup_message == "Hi {first_name}");
    CHECK(config.warnings.empty());
}

TEST_CASE("parse_config: a template with an unknown placeholder is a config error at its line") {
    auto error = error_from(
        [] { parse_config("[reminder]\n\nfollowup_message = \"Hi {nmae}\"\n", "config.toml"); });
    CHECK(error.code() == Exit::config);
    CHECK_THAT(std::string(error.what()), StartsWith("config.toml:3:") && Contains("{nmae}"));
}

TEST_CASE("parse_config: a maximum gap shorter than the gap is refused") {
    auto error = error_from(
        [] { parse_config("[course]\ngap = \"30d\"\nmaximum_gap = \"2w\"\n", "config.toml"); });
    CHECK(error.code() == Exit::config);
    CHECK_THAT(std::string(error.what()), Contains("course.maximum_gap") && Contains("shorter"));
}

TEST_CASE("parse_config: an unknown reminder channel is refused") {
    auto error = error_from([] { parse_config("[reminder]\nchannel = \"fax\"\n", "config.toml"); });
    CHECK(error.code() == Exit::config);
    CHECK_THAT(std::string(error.what()), Contains("fax") && Contains("email"));
}
