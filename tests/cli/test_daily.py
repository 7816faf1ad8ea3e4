"""Small things that cost a practitioner time every day (issue 18): smp's own words for a
mistyped option, hints for almost-dates, ~ in the config's records path, `--output -`, quiet
listings and checks, ids never given twice, `touchup set` values that would be ignored, a new
records file announced, an empty client reference, and the empty practice.

Every test runs with --as-of 2026-06-15 (AS_OF) unless it says otherwise."""

import os
import sqlite3
import sys
import unittest

from smptest import EXIT_DATA, EXIT_NO_MATCH, EXIT_USAGE, SmpTestCase

sys.path.insert(0, os.path.join(os.environ.get("SMP_SOURCE_DIR", ""), "tests", "reliability"))


class UnknownOptionTest(SmpTestCase):
    def test_nearest_option_of_the_command(self):
        client = self.add_client("Jane Doe")
        result = self.smp("session", "plan", str(client), "--date", "+1d", "--tme", "10:00",
                          expect=EXIT_USAGE)
        self.assert_error(result.stderr,
                          'unknown option "--tme" for `smp session plan`; did you mean "--time"?')
        self.assertNotIn("not expected", result.stderr)
        self.assertEqual(self.query("SELECT count(*) FROM session"), [(0,)])

    def test_nearest_global_option(self):
        result = self.smp("client", "list", "--qiet", expect=EXIT_USAGE)
        self.assert_error(result.stderr, 'unknown option "--qiet" for `smp client list`',
                          'did you mean "--quiet"?')

    def test_no_near_option_points_at_help(self):
        result = self.smp("client", "list", "--zzzzzzzz", expect=EXIT_USAGE)
        self.assert_error(result.stderr, 'unknown option "--zzzzzzzz" for `smp client list`; '
                                         "see `smp client list --help`")

    def test_value_after_equals(self):
        result = self.smp("client", "list", "--serch=jo", expect=EXIT_USAGE)
        self.assert_error(result.stderr, 'unknown option "--serch"', 'did you mean "--search"?')


class AlmostADateTest(SmpTestCase):
    def test_bare_number(self):
        client = self.add_client("Jane Doe")
        result = self.smp("session", "plan", str(client), "--date", "14", expect=EXIT_USAGE)
        self.assert_error(result.stderr, 'invalid date "14": a bare number is not a date',
                          "+14d for 14 days from today (2026-06-29)",
                          "2026-06-14 for day 14 of this month")

    def test_bare_number_beyond_the_month(self):
        self.smp("init")
        result = self.smp("session", "list", "--from", "45", expect=EXIT_USAGE)
        self.assert_error(result.stderr, "+45d for 45 days from today (2026-07-30)")
        self.assertNotIn("of this month", result.stderr)

    def test_offset_in_m(self):
        client = self.add_client("Jane Doe")
        result = self.smp("session", "plan", str(client), "--date", "+1m", expect=EXIT_USAGE)
        self.assert_error(result.stderr, 'invalid date "+1m"', '"m" is ambiguous',
                          "+1mo for 1 month from today (2026-07-15)")


class ConfigPathTest(SmpTestCase):
    def run_with_records(self, records):
        self.write_config(f'records = "{records}"\n')
        return self.smp("client", "add", "Jane Doe", env={"SMP_FILE": None})

    def test_tilde_is_the_home_folder(self):
        self.run_with_records("~/smp/records.db")
        self.assertTrue(os.path.exists(os.path.join(self.env["HOME"], "smp", "records.db")))
        self.assertFalse(os.path.exists(os.path.join(self.tmp, "~")))

    def test_dollar_home_is_the_home_folder(self):
        self.run_with_records("$HOME/a.db")
        self.run_with_records("${HOME}/b.db")
        self.assertTrue(os.path.exists(os.path.join(self.env["HOME"], "a.db")))
        self.assertTrue(os.path.exists(os.path.join(self.env["HOME"], "b.db")))


class OutputDashTest(SmpTestCase):
    def test_export_to_dash_is_standard_output(self):
        self.add_client("Jane Doe")
        result = self.smp("export", "clients", "--output", "-", cwd=self.tmp)
        self.assertIn("Jane Doe", result.stdout)
        self.assertFalse(os.path.exists(os.path.join(self.tmp, "-")))

    def test_client_export_to_dash_is_standard_output(self):
        self.add_client("Jane Doe")
        result = self.smp("client", "export", "jane", "--output", "-", cwd=self.tmp)
        self.assertIn('"Jane Doe"', result.stdout)
        self.assertFalse(os.path.exists(os.path.join(self.tmp, "-")))

    def test_export_all_to_dash_is_refused(self):
        self.add_client("Jane Doe")
        result = self.smp("export", "all", "--output", "-", cwd=self.tmp, expect=EXIT_USAGE)
        self.assert_error(result.stderr, "--output - cannot be standard output")
        self.assertFalse(os.path.exists(os.path.join(self.tmp, "-")))


class QuietTest(SmpTestCase):
    def test_quiet_listings_print_ids_only(self):
        self.add_client("Jane Doe")
        self.add_client("Ana Lopez")
        self.assertEqual(self.smp("client", "list", "-q").stdout, "2\n1\n")
        self.smp("session", "log", "1", "--date", "2026-06-01")
        self.smp("session", "log", "2", "--date", "2026-06-02")
        self.assertEqual(self.smp("session", "list", "-q").stdout, "2\n1\n")
        self.assertEqual(self.smp("touchup", "list", "-q").stdout, "1\n2\n")

    def test_quiet_machine_formats_are_unchanged(self):
        self.add_client("Jane Doe")
        self.assertEqual(len(self.csv_rows("client", "list", "-q")), 1)

    def test_quiet_check_prints_only_problems(self):
        self.add_client("Jane Doe")
        self.assertEqual(self.smp("check", "-q").stdout, "")
        self.smp("session", "plan", "1", "--date", "2026-03-01", "--as-of", "2026-02-01")
        out = self.smp("check", "-q").stdout
        self.assertEqual(len(out.splitlines()), 1)
        self.assertTrue(out.startswith("open bookings: warning: 1 booked session before "
                                       "2026-06-15 was never closed"))


class IdsNeverReusedTest(SmpTestCase):
    def test_a_removed_session_id_is_not_given_again(self):
        self.add_client("Jane Doe")
        for _ in range(3):
            self.smp("session", "log", "1")
        self.smp("session", "remove", "3", "--yes")
        out = self.smp("session", "log", "1", "-q").stdout
        self.assertEqual(out.strip(), "4")

    def test_a_removed_client_id_is_not_given_again(self):
        self.add_client("Jane Doe")
        self.add_client("Ana Lopez")
        self.smp("client", "remove", "2", "--yes")
        self.assertEqual(self.add_client("Ben Hart"), 3)

    def test_an_upgraded_file_keeps_every_id_and_never_reuses_one(self):
        from reliability import make_old_file
        make_old_file(self.records, version=9, clients=3)
        conn = sqlite3.connect(self.records)
        conn.execute("DELETE FROM client WHERE id = 2")
        conn.commit()
        conn.close()
        before = self.query("SELECT id, uuid, name FROM client ORDER BY id")
        self.smp("client", "remove", "3", "--yes")  # upgrades the file, then removes
        self.assertEqual(self.query("SELECT id, uuid, name FROM client ORDER BY id"), before[:1])
        self.assertEqual(self.add_client("New Client"), 4)
        self.assertEqual(self.query("PRAGMA integrity_check"), [("ok",)])


class TouchupSetTest(SmpTestCase):
    def test_due_before_the_last_session_is_refused(self):
        self.add_client("Jane Doe")
        self.smp("session", "log", "1", "--date", "2026-06-01", "--final")
        result = self.smp("touchup", "set", "1", "--due", "2026-05-01", expect=EXIT_DATA)
        self.assert_error(result.stderr, "touch-up date 2026-05-01 is not after",
                          "last session on 2026-06-01")
        self.assertEqual(self.query("SELECT touchup_due FROM client"), [(None,)])
        self.smp("touchup", "set", "1", "--due", "2027-05-01")

    def test_zero_interval_is_refused(self):
        self.add_client("Jane Doe")
        result = self.smp("touchup", "set", "1", "--every", "0d", expect=EXIT_USAGE)
        self.assert_error(result.stderr, 'touch-up interval "0d" is no time at all')
        self.assertEqual(self.query("SELECT touchup_every FROM client"), [(None,)])


class NewFileTest(SmpTestCase):
    def test_a_write_that_creates_the_file_says_so(self):
        path = os.path.join(self.tmp, "typo.db")
        result = self.smp("-f", path, "client", "add", "Jane Doe")
        self.assertIn(f'created a new records file at "{path}"', result.stderr)
        again = self.smp("-f", path, "client", "add", "Ana Lopez")
        self.assertNotIn("created", again.stderr)

    def test_init_says_it_once(self):
        result = self.smp("init")
        self.assertEqual(result.stderr.count("created a new records file"), 1)


class EmptyReferenceTest(SmpTestCase):
    def test_empty_client_reference(self):
        self.add_client("Jane Doe")
        self.add_client("Ana Lopez")
        result = self.smp("client", "show", "", expect=EXIT_USAGE)
        self.assert_error(result.stderr, 'empty client reference ""')
        self.assertNotIn("matches 2", result.stderr)


class EmptyPracticeTest(SmpTestCase):
    def test_client_list_on_a_new_file(self):
        self.smp("init")
        result = self.smp("client", "list", expect=EXIT_NO_MATCH)
        self.assertIn("no clients yet; add one with `smp client add`", result.stderr)

    def test_no_match_keeps_its_words(self):
        self.add_client("Jane Doe")
        result = self.smp("client", "list", "--search", "zz", expect=EXIT_NO_MATCH)
        self.assertIn("no clients match", result.stderr)


if __name__ == "__main__":
    unittest.main()
