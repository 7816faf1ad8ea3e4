"""What every command shares: usage, --version, mistakes, dates, config, colour, error lines."""

import json
import os
import re
import shlex
import unittest

from smptest import (EXIT_CONFIG, EXIT_DATA, EXIT_NO_INPUT, EXIT_USAGE, SmpTestCase,
                     parse_csv)

DATE_FORMS = ("YYYY-MM-DD", "today", "yesterday", "tomorrow", "+10d", "-2w", "+6mo", "+4y")


class UsageTest(SmpTestCase):
    def test_smp_alone_prints_usage_with_examples(self):
        out, err, _ = self.smp(as_of=False)
        self.assertEqual(err, "")
        self.assertIn("usage: smp", out)
        self.assertIn("examples:", out)
        self.assertRegex(out, r"\n\s+smp client add ")
        for command in ("init", "client"):
            self.assertRegex(out, r"\n\s+%s\s" % command)
        self.assertFalse(os.path.exists(self.records))

    def test_smp_alone_lists_the_commands_help_lists(self):
        # Both come from one table (app.cpp k_commands): same commands, order and words.
        def commands(text, heading):
            block = text.split(heading, 1)[1].split("\n\n", 1)[0]
            return [tuple(re.split(r"\s{2,}", line.strip(), maxsplit=1))
                    for line in block.strip("\n").splitlines()]
        usage, _, _ = self.smp(as_of=False)
        helped, _, _ = self.smp("--help", as_of=False)
        listed = commands(usage, "commands:\n")
        self.assertEqual(listed, commands(helped, "Subcommands:\n"))
        self.assertEqual([name for name, _ in listed][:2], ["init", "client"])
        self.assertNotIn("_complete", usage)

    def test_version(self):
        out, err, _ = self.smp("--version", as_of=False)
        self.assertRegex(out, r"^smp \d+\.\d+\.\d+\nCopyright \(c\) \d{4} The smp authors\n"
                              r"Licence: MIT .*\n$")
        self.assertEqual(err, "")
        with open(os.path.join(self.source_dir, "CMakeLists.txt"), encoding="utf-8") as f:
            declared = re.search(r"project\s*\(\s*smp\b[^)]*VERSION\s+(\d+\.\d+\.\d+)", f.read())
        if declared:
            self.assertEqual(out.splitlines()[0], f"smp {declared.group(1)}")

    def test_version_names_the_licence_in_the_source(self):
        out, _, _ = self.smp("--version", as_of=False)
        with open(os.path.join(self.source_dir, "LICENSE"), encoding="utf-8") as f:
            licence = f.read()
        self.assertTrue(licence.startswith("MIT License\n"))
        self.assertIn(out.splitlines()[1], licence)

    def test_version_and_help_need_no_config_or_file(self):
        self.write_config("format = [broken\n")
        self.assertRegex(self.smp("--version", as_of=False).stdout, r"^smp \d")
        self.assertIn("client", self.smp("--help", as_of=False).stdout)
        self.assertFalse(os.path.exists(self.records))

    def test_subcommand_help(self):
        out, _, _ = self.smp("client", "add", "--help")
        for option in ("--phone", "--email", "--birth-date", "--skin-type", "--norwood",
                       "--ludwig", "--no-reminders"):
            self.assertIn(option, out)
        self.assertIn("--clear", self.smp("client", "edit", "--help").stdout)


class MistakeTest(SmpTestCase):
    def test_mistyped_command_suggests_the_right_one(self):
        cases = [
            (["clinet"], "client"),
            (["cliet"], "client"),
            (["int"], "init"),
            (["client", "lsit"], "list"),
            (["client", "shwo"], "show"),
            (["client", "ad"], "add"),
            (["client", "archve"], "archive"),
            (["client", "remvoe"], "remove"),
        ]
        for args, right in cases:
            with self.subTest(args=args):
                out, err, _ = self.smp(*args, expect=EXIT_USAGE)
                self.assertEqual(out, "")
                self.assert_error(err, f'"{args[-1]}"', "did you mean", f'"{right}"')

    def test_unrelated_word(self):
        _, err, _ = self.smp("frobnicate", expect=EXIT_USAGE)
        self.assert_error(err, '"frobnicate"')

    def test_unknown_option(self):
        for args in (["--bogus"], ["client", "list", "--bogus"],
                     ["client", "add", "X", "--colour", "red"]):
            with self.subTest(args=args):
                _, err, _ = self.smp(*args, expect=EXIT_USAGE)
                self.assert_error(err, [a for a in args if a.startswith("--")][0])
        self.assertFalse(os.path.exists(self.records))

    def test_missing_argument_and_subcommand(self):
        self.smp("client", expect=EXIT_USAGE)
        self.smp("client", "show", expect=EXIT_USAGE)
        self.smp("client", "add", expect=EXIT_USAGE)
        self.smp("client", "add", "X", "--skin-type", expect=EXIT_USAGE)

    def test_bad_format(self):
        self.add_client("Jane Doe")
        _, err, _ = self.smp("client", "list", "--format", "xml", expect=EXIT_USAGE)
        self.assert_error(err, '"xml"', "table", "csv", "tsv", "json", "ndjson")

    def test_bad_format_is_a_usage_error_before_the_file_is_looked_at(self):
        _, err, _ = self.smp("client", "list", "--format", "xml", expect=EXIT_USAGE)
        self.assert_error(err, '"xml"')

    def test_bad_color(self):
        self.add_client("Jane Doe")
        _, err, _ = self.smp("client", "list", "--color", "sometimes", expect=EXIT_USAGE)
        self.assert_error(err, '"sometimes"', "auto", "always", "never")

    def test_bad_format_or_color_on_a_write_changes_nothing(self):
        # Exit 64 tells a script the command was not carried out: it must not have been.
        cases = [
            ["client", "add", "Ann Lee", "--format", "xml"],
            ["client", "add", "Ann Lee", "--color", "sometimes"],
            ["client", "edit", "1", "--notes", "changed", "--format", "xml"],
            ["client", "archive", "1", "--color", "sometimes"],
            ["client", "remove", "1", "--yes", "--format", "xml"],
        ]
        for number, args in enumerate(cases):
            with self.subTest(args=args):
                path = os.path.join(self.tmp, f"case{number}.db")
                self.smp("-f", path, "client", "add", "Jane Doe")
                _, err, _ = self.smp("-f", path, *args, expect=EXIT_USAGE)
                self.assert_error(err)
                self.assertEqual(self.query("SELECT id, name, notes, archived_at FROM client",
                                            path=path),
                                 [(1, "Jane Doe", None, None)])

    def test_help_hint_names_a_command_that_exists(self):
        # Every "see `smp ... --help`" in an error must be a command line that works.
        self.add_client("Jane Doe")
        cases = [["client", "show"], ["client", "add", "X", "--skin-type"], ["--bogus"],
                 ["client", "list", "--archived", "--all"], ["client", "edit", "1", "--clear"]]
        for args in cases:
            with self.subTest(args=args):
                _, err, _ = self.smp(*args, expect=EXIT_USAGE)
                line = self.assert_error(err)
                for hint in re.findall(r"`(smp [^`]*)`", line):
                    words = shlex.split(hint)[1:]
                    self.smp(*words, as_of=False)
                    if args[0] == "client" and "--help" in words:
                        self.assertEqual(words[:2], ["client", args[1]], hint)


class AsOfTest(SmpTestCase):
    def test_bad_as_of_refused_with_the_accepted_forms(self):
        self.smp("init")
        for bad in ("bad", "2026-02-30", "03/04/2026", "15.06.2026", "+2m"):
            with self.subTest(as_of=bad):
                out, err, _ = self.smp("--as-of", bad, "client", "add", "X", expect=EXIT_USAGE)
                self.assertEqual(out, "")
                self.assert_error(err, f'"{bad}"', *DATE_FORMS)
        self.assertEqual(self.query("SELECT count(*) FROM client"), [(0,)])

    def test_empty_as_of_refused(self):
        # `--as-of "$DAY"` with DAY unset must not quietly mean today.
        self.smp("init")
        _, err, _ = self.smp("--as-of", "", "client", "add", "X", expect=EXIT_DATA)
        self.assert_error(err, '""', *DATE_FORMS)
        self.assertEqual(self.query("SELECT count(*) FROM client"), [(0,)])

    def test_bad_as_of_refused_by_commands_that_need_no_date(self):
        # A mistyped --as-of is a mistake whatever the command; silently ignoring it means a
        # script that relies on it is never told.
        self.add_client("Jane Doe")
        for args in (["client", "list"], ["client", "show", "1"], ["init"]):
            with self.subTest(command=args):
                out, err, _ = self.smp("--as-of", "2026-02-30", *args, expect=EXIT_USAGE)
                self.assertEqual(out, "")
                self.assert_error(err, '"2026-02-30"', *DATE_FORMS)

    def test_as_of_after_the_command(self):
        record = self.json_out("client", "add", "X", "--dob", "today", "--as-of", "2001-09-09")
        self.assertEqual(record["birth_date"], "2001-09-09")


class DateFormTest(SmpTestCase):
    def birth_date(self, text, as_of=None):
        args = ["client", "add", "X", "--birth-date", text]
        if as_of:
            args += ["--as-of", as_of]
        return self.json_out(*args)["birth_date"]

    def test_accepted_forms(self):
        cases = {
            "today": "2026-06-15",
            "yesterday": "2026-06-14",
            "2020-02-29": "2020-02-29",
            "-10d": "2026-06-05",
            "-2w": "2026-06-01",
            "-6mo": "2025-12-15",
            "-4y": "2022-06-15",
            "+0d": "2026-06-15",
            "+0w": "2026-06-15",
            "+0mo": "2026-06-15",
            "+0y": "2026-06-15",
        }
        for text, expected in cases.items():
            with self.subTest(date=text):
                self.assertEqual(self.birth_date(text), expected)

    def test_month_arithmetic_clamps_to_the_month_end(self):
        self.assertEqual(self.birth_date("-1mo", as_of="2026-03-31"), "2026-02-28")
        self.assertEqual(self.birth_date("-1y", as_of="2024-02-29"), "2023-02-28")
        self.assertEqual(self.birth_date("-1mo", as_of="2024-03-31"), "2024-02-29")

    def test_forward_forms_parse(self):
        # A birth date cannot be in the future, so these are refused, but as dates after today
        # (the form was understood), not as unreadable dates.
        for text in ("tomorrow", "+10d", "+2w", "+6mo", "+4y"):
            with self.subTest(date=text):
                _, err, _ = self.smp("client", "add", "X", "--dob", text, expect=EXIT_USAGE)
                line = self.assert_error(err, f'"{text}"', "after today")
                self.assertNotIn("YYYY-MM-DD", line)

    def test_unreadable_dates_refused(self):
        for bad in ("2026-02-30", "03/04/2026", "2026/06/15", "20260615", "next week", "+10",
                    "+2m", "-3m", "10d", "+-2d", "2026-06-15T10:00"):
            with self.subTest(date=bad):
                _, err, _ = self.smp("client", "add", "X", "--birth-date", bad, expect=EXIT_USAGE)
                self.assert_error(err, f'"{bad}"', *DATE_FORMS)


class ConfigTest(SmpTestCase):
    def setUp(self):
        super().setUp()
        self.add_client("Jane Doe")

    def test_syntax_error_names_file_line_and_column(self):
        path = self.write_config('# smp settings\n\nformat = "json\n')
        out, err, _ = self.smp("client", "list", expect=EXIT_CONFIG)
        self.assertEqual(out, "")
        line = self.assert_error(err)
        self.assertRegex(line, r"%s:3:\d+" % re.escape(path))

    def test_type_error_names_file_line_and_column(self):
        path = self.write_config('format = "csv"\nbusy_timeout = "x"\n')
        _, err, _ = self.smp("client", "list", expect=EXIT_CONFIG)
        self.assert_error(err, f"{path}:2:16", "busy_timeout")

    def test_bad_values_are_config_errors(self):
        for text, key in (('format = "xml"\n', "xml"), ('color = "sometimes"\n', "sometimes"),
                          ("busy_timeout = 0\n", "busy_timeout"),
                          ('records = 5\n', "records")):
            with self.subTest(config=text):
                path = self.write_config(text)
                _, err, _ = self.smp("client", "list", expect=EXIT_CONFIG)
                self.assert_error(err, f"{path}:1:", key)

    def test_unknown_key_warns_and_goes_on(self):
        path = self.write_config('colour = "never"\nformat = "json"\n')
        out, err, _ = self.smp("client", "list")
        self.assertEqual([r["name"] for r in json.loads(out)], ["Jane Doe"])
        self.assertIn("smp: warning:", err)
        self.assertIn(f"{path}:1:1", err)
        self.assertIn('"colour"', err)
        self.assertEqual(self.error_lines(err), [])

    def test_missing_default_config_is_fine(self):
        self.assertFalse(os.path.exists(self.config_path))
        out, err, _ = self.smp("client", "list", "--format", "json")
        self.assertEqual(err, "")
        self.assertEqual(len(json.loads(out)), 1)

    def test_missing_explicit_config_exits_66(self):
        path = os.path.join(self.tmp, "nowhere.toml")
        _, err, _ = self.smp("--config", path, "client", "list", expect=EXIT_NO_INPUT)
        self.assert_error(err, path)
        _, err, _ = self.smp("client", "list", env={"SMP_CONFIG": path}, expect=EXIT_NO_INPUT)
        self.assert_error(err, path)

    def test_smp_config_honoured(self):
        path = self.write_config('format = "json"\n', os.path.join(self.tmp, "other.toml"))
        self.write_config('format = "csv"\n')  # the default file is not read
        out, _, _ = self.smp("client", "list", env={"SMP_CONFIG": path})
        self.assertEqual(json.loads(out)[0]["name"], "Jane Doe")

    def test_config_flag_beats_smp_config(self):
        json_config = self.write_config('format = "json"\n', os.path.join(self.tmp, "j.toml"))
        csv_config = self.write_config('format = "csv"\n', os.path.join(self.tmp, "c.toml"))
        out, _, _ = self.smp("--config", csv_config, "client", "list",
                             env={"SMP_CONFIG": json_config})
        self.assertEqual(parse_csv(out)[1][2], "Jane Doe")

    def test_default_config_under_home_without_xdg(self):
        self.write_config('format = "json"\n',
                          os.path.join(self.home, ".config", "smp", "config.toml"))
        out, _, _ = self.smp("client", "list", env={"XDG_CONFIG_HOME": None})
        self.assertEqual(json.loads(out)[0]["name"], "Jane Doe")

    def test_config_format_used_and_flag_beats_it(self):
        self.write_config('format = "json"\n')
        self.assertEqual(json.loads(self.smp("client", "list").stdout)[0]["name"], "Jane Doe")
        out, _, _ = self.smp("client", "list", "--format", "csv")
        self.assertEqual(parse_csv(out)[1][2], "Jane Doe")

    def test_config_error_changes_nothing(self):
        self.write_config("busy_timeout = 'x'\n")
        self.smp("client", "add", "Ann Lee", expect=EXIT_CONFIG)
        self.assertEqual(self.query("SELECT count(*) FROM client"), [(1,)])


class ColorTest(SmpTestCase):
    def setUp(self):
        super().setUp()
        self.add_client("Jane Doe", "--skin-type", "II")

    def test_always_makes_a_bold_heading(self):
        out, _, _ = self.smp("client", "list", "--color", "always", "--format", "table")
        first = out.splitlines()[0]
        self.assertTrue(first.startswith("\x1b[1m"), repr(first))
        self.assertIn("\x1b[0m", first)

    def test_never_and_off_a_terminal_have_no_escapes(self):
        for args, env in ((["--color", "never"], None), ([], None), (["--color", "auto"], None),
                          ([], {"NO_COLOR": "1"})):
            with self.subTest(args=args, env=env):
                out, err, _ = self.smp("client", "list", "--format", "table", *args, env=env)
                self.assertNotIn("\x1b", out + err)

    def test_machine_formats_never_coloured(self):
        out = self.smp("client", "list", "--format", "json", "--color", "always").stdout
        self.assertNotIn("\x1b", out)
        json.loads(out)
        out = self.smp("client", "list", "--format", "csv", "--color", "always").stdout
        self.assertNotIn("\x1b", out)

    def test_config_color_and_flag_beats_it(self):
        self.write_config('color = "always"\n')
        self.assertIn("\x1b[1m", self.smp("client", "list").stdout)
        self.assertNotIn("\x1b", self.smp("client", "list", "--color", "never").stdout)

    def test_auto_on_a_terminal(self):
        self.assertIn("\x1b[1m", self.smp_terminal("client", "list").stdout)
        self.assertNotIn("\x1b", self.smp_terminal("client", "list", env={"NO_COLOR": "1"}).stdout)
        self.assertNotIn("\x1b", self.smp_terminal("client", "list", "--color", "never").stdout)


class ErrorLineTest(SmpTestCase):
    def test_every_error_is_one_line_on_stderr(self):
        self.add_client("Jane Doe")
        self.add_client("Jane Doe")
        missing = os.path.join(self.tmp, "missing.db")
        cases = [
            ["clinet"], ["client", "lsit"], ["--bogus"], ["client"], ["client", "show"],
            ["client", "add"], ["client", "list", "--format", "bad"],
            ["client", "list", "--color", "bad"], ["client", "add", "X", "--skin-type", "VII"],
            ["client", "add", "X", "--phone", "abc"], ["client", "add", "X", "--dob", "03/04/2026"],
            ["client", "add", "X", "--norwood", "3", "--ludwig", "II"],
            ["client", "show", "jane"], ["client", "show", "nobody"], ["client", "show", "99"],
            ["client", "remove", "1"], ["client", "edit", "1", "--clear", "nose"],
            ["--as-of", "bad", "client", "add", "X"],
            ["--config", os.path.join(self.tmp, "none.toml"), "client", "list"],
            ["-f", missing, "client", "list"],
        ]
        for args in cases:
            with self.subTest(args=args):
                out, err, code = self.smp(*args, expect=None)
                self.assertNotIn(code, (0, 1))
                self.assertEqual(out, "")
                self.assertEqual(len(err.splitlines()), 1, repr(err))
                self.assert_error(err)

    def test_config_error_is_one_line(self):
        self.write_config('format = "json\n')
        _, err, _ = self.smp("init", expect=EXIT_CONFIG)
        self.assertEqual(len(err.splitlines()), 1, repr(err))
        self.assert_error(err)


if __name__ == "__main__":
    unittest.main()
