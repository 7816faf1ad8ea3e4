"""Bookings that were never closed, and the checks that matter at the chair (issue 18): the
agenda's section of past open bookings, `check`'s warning, reminders held back, `session done
CLIENT`, lots re-checked when a booking is done, recalls that name the bookings planning to use
a lot, consultations without consent, overlapping sessions, a second session on one day and a
booking for an archived client.

Every test runs with --as-of 2026-06-15 (AS_OF) unless it says otherwise."""

import sqlite3
import unittest

from smptest import EXIT_DATA, EXIT_NO_MATCH, EXIT_USAGE, SmpTestCase


class BookingTestCase(SmpTestCase):
    def ready_client(self, name="Jane Doe", *options):
        """A client with consent and screening, so sessions raise no pre-session warning."""
        client = self.add_client(name, *options)
        self.smp("client", "consent", client, "--kind", "treatment", "--signed", "2026-01-10")
        self.smp("client", "screen", client, "--none", "--date", "2026-01-10")
        return client

    def plan(self, client, date, *args, as_of="2026-01-15", **kw):
        """Books a session, by default as seen from January (so any date this year is ahead)."""
        out = self.smp("session", "plan", str(client), "--date", date, *args, "-q",
                       "--as-of", as_of, **kw).stdout
        return int(out.strip())

    def warnings(self, stderr):
        return [line for line in stderr.splitlines() if line.startswith("smp: warning: ")]

    def assert_warning(self, stderr, *fragments):
        for line in self.warnings(stderr):
            if all(fragment in line for fragment in fragments):
                return line
        self.fail(f"no `smp: warning:` line with {fragments!r} in {stderr!r}")

    def status(self, session):
        return self.json_out("session", "show", str(session))["status"]


class NotClosedTest(BookingTestCase):
    def test_agenda_lists_past_open_bookings_first(self):
        priya = self.ready_client("Priya Shah")
        marcus = self.ready_client("Marcus Webb")
        s1 = self.plan(marcus, "2026-03-16", "--time", "10:00")
        s2 = self.plan(priya, "2026-03-05")
        self.plan(priya, "2026-06-16")
        agenda = self.json_out("agenda")
        sections = [key for key in agenda if isinstance(agenda[key], list)]
        self.assertEqual(sections[0], "not_closed")
        rows = agenda["not_closed"]
        self.assertEqual([(r["date"], r["session_id"], r["client_name"]) for r in rows],
                         [("2026-03-05", s2, "Priya Shah"), ("2026-03-16", s1, "Marcus Webb")])
        self.assertEqual(rows[1]["close_with"], f"smp session done {s1}")
        self.assertEqual(rows[1]["time"], "10:00")
        table = self.smp("agenda").stdout
        self.assertLess(table.index("not closed"), table.index("sessions"))
        self.assertIn(f"smp session done {s2}", table)

    def test_agenda_without_open_past_bookings_has_no_such_section(self):
        client = self.ready_client()
        self.plan(client, "2026-06-15")  # today's is not late yet
        self.assertNotIn("not_closed", self.json_out("agenda"))
        self.assertNotIn("not closed", self.smp("agenda").stdout)

    def test_check_warns_with_count_and_oldest(self):
        client = self.ready_client("Priya Shah")
        oldest = self.plan(client, "2026-03-05")
        self.plan(client, "2026-03-16")
        result = self.smp("check")
        line = [l for l in result.stdout.splitlines() if l.startswith("open bookings:")][0]
        self.assertIn("warning: 2 booked sessions before 2026-06-15 were never closed", line)
        self.assertIn(f"session {oldest} on 2026-03-05 (Priya Shah)", line)
        strict = self.smp("check", "--strict", expect=EXIT_DATA)
        self.assert_error(strict.stderr, "checks found problems")

    def test_check_is_ok_without_open_past_bookings(self):
        self.ready_client()
        self.assertIn("open bookings: ok", self.smp("check").stdout)
        self.smp("check", "--strict")

    def due_client(self, name, email):
        """A client whose follow-up is due (one course session in January)."""
        client = self.ready_client(name, "--email", email)
        self.consent_to_reminders(client)
        self.smp("session", "log", str(client), "--date", "2026-01-05")
        return client

    def test_reminders_skip_a_client_whose_last_booking_is_open(self):
        marcus = self.due_client("Marcus Webb", "marcus@example.com")
        self.due_client("Ana Lopez", "ana@example.com")
        self.plan(marcus, "2026-03-16")
        result = self.smp("touchup", "remind", "--dry-run")
        self.assertIn("ana@example.com", result.stdout)
        self.assertNotIn("marcus@example.com", result.stdout)
        self.assertIn("1 not sent: booking on 2026-03-16 not closed", result.stderr)

    def test_reminders_with_only_open_bookings_send_nothing_and_say_why(self):
        marcus = self.due_client("Marcus Webb", "marcus@example.com")
        self.plan(marcus, "2026-03-16")
        result = self.smp("touchup", "remind", expect=EXIT_NO_MATCH)
        self.assertEqual(result.stdout, "")
        self.assertIn("not sent: booking on 2026-03-16 not closed", result.stderr)
        self.assertEqual(self.query("SELECT count(*) FROM reminder")[0][0], 0)

    def test_done_by_client_closes_todays_booking(self):
        client = self.ready_client()
        past = self.plan(client, "2026-03-16")
        today = self.plan(client, "2026-06-15")
        self.smp("session", "done", "jane")
        self.assertEqual(self.status(today), "done")
        self.assertEqual(self.status(past), "scheduled")

    def test_done_by_client_closes_the_only_past_booking(self):
        client = self.ready_client()
        past = self.plan(client, "2026-03-16")
        self.plan(client, "2026-07-01")  # a future one is not a candidate
        self.smp("session", "done", "Jane")
        self.assertEqual(self.status(past), "done")

    def test_done_by_client_id_that_is_no_session_id(self):
        self.ready_client("Ana Lopez")
        self.ready_client("Ben Hart")
        client = self.ready_client()  # client 3, whose booking is session 1
        session = self.plan(client, "2026-03-16")
        self.assertEqual((client, session), (3, 1))
        self.smp("session", "done", "9", expect=EXIT_DATA)  # neither a session nor a client
        self.smp("session", "done", "3")
        self.assertEqual(self.status(session), "done")

    def test_done_by_client_with_two_past_bookings_lists_them(self):
        client = self.ready_client()
        first = self.plan(client, "2026-03-05")
        second = self.plan(client, "2026-03-16", "--time", "09:30")
        result = self.smp("session", "done", "jane", expect=EXIT_DATA)
        self.assert_error(result.stderr, "2 open bookings before today", f"{first} (2026-03-05)",
                          f"{second} (2026-03-16 09:30)")
        self.assertEqual(self.status(first), "scheduled")

    def test_done_by_client_without_open_booking(self):
        self.ready_client()
        result = self.smp("session", "done", "jane", expect=EXIT_DATA)
        self.assert_error(result.stderr, "no booked session today or before")

    def test_cancel_by_client_records_a_no_show(self):
        client = self.ready_client()
        past = self.plan(client, "2026-03-16")
        self.smp("session", "cancel", "jane", "--no-show")
        self.assertEqual(self.status(past), "no-show")


class SafetyTest(BookingTestCase):
    def add_lot(self, number="SC-77"):
        self.smp("shade", "add", "Carbon Black")
        self.smp("shade", "lot", "add", "Carbon Black", number, "--expires", "2028-01")

    def test_done_rechecks_a_lot_recalled_since_booking(self):
        self.add_lot()
        client = self.ready_client()
        session = self.plan(client, "2026-06-15", "--lot", "SC-77")
        self.smp("shade", "recall", "SC-77", "--reason", "contamination", "--date", "2026-06-01")
        strict = self.smp("session", "done", str(session), "--strict", expect=EXIT_DATA)
        self.assert_error(strict.stderr, "refusing", "lot SC-77", "recalled")
        self.assertEqual(self.status(session), "scheduled")
        done = self.smp("session", "done", str(session))
        self.assert_warning(done.stderr, "lot SC-77 of Carbon Black was recalled on 2026-06-01")

    def test_recall_names_the_bookings_planning_to_use_the_lot(self):
        self.add_lot()
        client = self.ready_client("Sophie Turner")
        session = self.plan(client, "2026-07-06", "--lot", "SC-77")
        result = self.smp("shade", "recall", "SC-77", "--reason", "advisory")
        self.assert_warning(result.stderr,
                            f"1 booked session plans to use SC-77: {session} Sophie Turner "
                            "2026-07-06")

    def test_recall_without_bookings_says_nothing_of_them(self):
        self.add_lot()
        result = self.smp("shade", "recall", "SC-77", "--reason", "advisory")
        self.assertNotIn("plans to use", result.stderr)

    def test_consultation_needs_no_consent_or_screening(self):
        client = self.add_client("New Client")
        result = self.smp("session", "plan", str(client), "--date", "2026-06-20", "--kind",
                          "consult")
        self.assertEqual(self.warnings(result.stderr), [])
        self.write_config("strict = true\n")
        self.smp("session", "log", str(client), "--kind", "consult")
        self.smp("session", "plan", str(client), "--date", "2026-06-25", expect=EXIT_DATA)

    def test_overlapping_booking_warns_with_the_other_session(self):
        a = self.ready_client("Ana Lopez")
        b = self.ready_client("Ben Hart")
        first = self.plan(a, "2026-06-20", "--time", "13:00", "--duration", "2h30min")
        result = self.smp("session", "plan", str(b), "--date", "2026-06-20", "--time", "14:00",
                          "--kind", "consult")
        self.assert_warning(result.stderr, f"overlaps session {first}", "13:00-15:30")
        strict = self.smp("session", "plan", str(b), "--date", "2026-06-20", "--time", "14:00",
                          "--strict", expect=EXIT_DATA)
        self.assert_error(strict.stderr, f"overlaps session {first}")

    def test_overlap_uses_the_default_duration(self):
        a = self.ready_client("Ana Lopez")
        b = self.ready_client("Ben Hart")
        first = self.plan(a, "2026-06-20", "--time", "09:00")
        late = self.smp("session", "plan", str(b), "--date", "2026-06-20", "--time", "11:59")
        self.assert_warning(late.stderr, f"overlaps session {first}", "09:00-12:00",
                            "duration taken as 3h")
        clear = self.smp("session", "plan", str(b), "--date", "2026-06-20", "--time", "12:00")
        self.assertNotIn(f"overlaps session {first} ", clear.stderr)
        self.write_config('[session]\ndefault_duration = "1h"\n')
        later = self.smp("session", "plan", str(b), "--date", "2026-06-20", "--time", "10:00")
        self.assertEqual([w for w in self.warnings(later.stderr) if "overlaps" in w
                          and f"session {first} " in w], [])

    def test_agenda_marks_overlapping_bookings(self):
        a = self.ready_client("Ana Lopez")
        b = self.ready_client("Ben Hart")
        first = self.plan(a, "2026-06-16", "--time", "13:00", "--duration", "2h30min")
        self.assertNotIn("overlaps", self.smp("agenda").stdout)  # no column without one
        second = self.plan(b, "2026-06-16", "--time", "14:00", "--kind", "consult")
        self.assertIn("overlaps", self.smp("agenda").stdout)
        apart = self.plan(b, "2026-06-17", "--time", "09:00")
        rows = {r["session_id"]: r for r in self.json_out("agenda")["sessions"]}
        self.assertEqual(rows[first]["overlaps"], [second])  # ids, as numbers
        self.assertEqual(rows[second]["overlaps"], [first])
        self.assertEqual(rows[apart]["overlaps"], [])
        flat = self.smp("agenda", "--format", "csv").stdout
        self.assertIn(f"overlaps: {second}", flat)

    def test_agenda_counts_overlaps_beyond_three(self):
        # A day booked five deep: the table names three of the others and counts the rest,
        # so the row stays readable; every other format lists them all.
        ids = [self.plan(self.ready_client(f"Client {n}"), "2026-06-16", "--time", "10:00")
               for n in range(5)]
        row = next(line for line in self.smp("agenda").stdout.splitlines()
                   if f" {ids[0]} " in line + " ")
        self.assertTrue(row.rstrip().endswith(f"{ids[1]},{ids[2]},{ids[3]} +1"), row)
        rows = {r["session_id"]: r for r in self.json_out("agenda")["sessions"]}
        self.assertEqual(rows[ids[0]]["overlaps"], ids[1:])
        flat = self.smp("agenda", "--format", "csv").stdout
        self.assertIn("overlaps: " + ",".join(map(str, ids[1:])), flat)

    def test_moving_into_another_booking_warns(self):
        a = self.ready_client("Ana Lopez")
        b = self.ready_client("Ben Hart")
        first = self.plan(a, "2026-06-20", "--time", "13:00")
        second = self.plan(b, "2026-06-21", "--time", "13:00")
        result = self.smp("session", "move", str(second), "--date", "2026-06-20")
        self.assert_warning(result.stderr, f"overlaps session {first}")

    def test_second_session_on_one_day_names_the_first(self):
        client = self.ready_client()
        first = int(self.smp("session", "log", str(client), "-q").stdout)
        result = self.smp("session", "log", str(client))
        line = self.assert_warning(result.stderr, "already on record on 2026-06-15",
                                   f"(session {first})")
        self.assertNotIn("0 days", result.stderr)

    def test_booking_an_archived_client_warns(self):
        client = self.ready_client()
        self.smp("client", "archive", str(client))
        result = self.smp("session", "plan", str(client), "--date", "2026-06-20")
        self.assert_warning(result.stderr, "is archived", f"smp client unarchive {client}")



class ScreeningReviewTest(BookingTestCase):
    def flagged_client(self):
        client = self.add_client("Jane Doe")
        self.smp("client", "consent", str(client), "--kind", "treatment", "--signed",
                 "2026-01-10")
        self.smp("client", "screen", str(client), "--contraindication", "anticoagulants,keloid",
                 "--date", "2026-06-01")
        return client

    def test_reviewed_flag_is_no_longer_warned_about(self):
        client = self.flagged_client()
        self.smp("client", "screen", str(client), "--reviewed", "anticoagulants")
        result = self.smp("session", "plan", str(client), "--date", "2026-06-20")
        line = self.assert_warning(result.stderr, "has contraindications: keloid")
        self.assertNotIn("anticoagulants", line)
        shown = self.json_out("client", "show", str(client))
        self.assertEqual((shown["contraindications_reviewed"],
                          shown["contraindications_reviewed_on"]),
                         (["anticoagulants"], "2026-06-15"))
        words = self.csv_rows("client", "show", str(client))[0]
        self.assertEqual(words["contraindications_reviewed"], "anticoagulants (on 2026-06-15)")
        self.assertEqual(shown["screened_on"], "2026-06-01")  # a review is not a screening

    def test_all_reviewed_means_no_warning_and_strict_passes(self):
        client = self.flagged_client()
        self.smp("client", "screen", str(client), "--reviewed", "anticoagulants",
                 "--reviewed", "keloid")
        result = self.smp("session", "plan", str(client), "--date", "2026-06-20", "--strict")
        self.assertEqual(self.warnings(result.stderr), [])

    def test_a_new_screening_drops_the_review(self):
        client = self.flagged_client()
        self.smp("client", "screen", str(client), "--reviewed", "anticoagulants,keloid")
        self.smp("client", "screen", str(client), "--contraindication", "keloid")
        result = self.smp("session", "plan", str(client), "--date", "2026-06-20")
        self.assert_warning(result.stderr, "has contraindications: keloid")
        shown = self.json_out("client", "show", str(client))
        self.assertEqual(shown["contraindications_reviewed"], [])
        self.assertIsNone(shown["contraindications_reviewed_on"])

    def test_reviewing_a_flag_the_client_does_not_have_is_refused(self):
        client = self.flagged_client()
        result = self.smp("client", "screen", str(client), "--reviewed", "diabetes",
                          expect=EXIT_DATA)
        self.assert_error(result.stderr, 'no contraindication "diabetes"',
                          "anticoagulants, keloid")
        self.assertEqual(self.query("SELECT count(*) FROM screening_review"), [(0,)])


class PatchTestTest(BookingTestCase):
    def test_a_reaction_always_warns_and_strict_refuses(self):
        self.smp("shade", "add", "Carbon Black")
        self.smp("shade", "lot", "add", "Carbon Black", "SC-77", "--expires", "2028-01")
        client = self.ready_client()
        self.smp("client", "screen", str(client), "--patch-test", "2026-06-10",
                 "--patch-result", "reaction", "--lot", "SC-77")
        result = self.smp("session", "log", str(client))
        self.assert_warning(result.stderr, "reacted to the patch test on 2026-06-10 (lot SC-77)")
        self.smp("session", "plan", str(client), "--date", "2026-06-20", "--strict",
                 expect=EXIT_DATA)
        shown = self.json_out("client", "show", str(client))
        self.assertEqual((shown["patch_test_on"], shown["patch_test_result"],
                          shown["patch_test_lot"]), ("2026-06-10", "reaction", "SC-77"))
        words = self.csv_rows("client", "show", str(client))[0]
        self.assertEqual(words["patch_test"], "2026-06-10 reaction (lot SC-77)")

    def test_no_patch_test_before_a_first_session_warns_when_configured(self):
        client = self.ready_client()
        quiet = self.smp("session", "plan", str(client), "--date", "2026-06-20")
        self.assertEqual(self.warnings(quiet.stderr), [])  # off by default
        self.write_config('[screening]\npatch_test_within = "30d"\n')
        other = self.ready_client("Ana Lopez")
        result = self.smp("session", "plan", str(other), "--date", "2026-06-20")
        self.assert_warning(result.stderr, "has no patch test within 30d")
        self.smp("client", "screen", str(other), "--patch-test", "2026-06-01",
                 "--patch-result", "ok")
        third = self.ready_client("Ben Hart")
        self.smp("client", "screen", str(third), "--patch-test", "2026-06-01",
                 "--patch-result", "ok")
        ok = self.smp("session", "plan", str(third), "--date", "2026-06-20")
        self.assertEqual(self.warnings(ok.stderr), [])

    def test_a_patch_test_day_another_tool_spoiled_stops_the_screening(self):
        # Read as a day to compare with the session's: one that does not exist is refused
        # (exit 65, naming the client), the session left unwritten, and `smp check` lists it.
        self.write_config('[screening]\npatch_test_within = "30d"\n')
        client = self.ready_client()
        self.smp("client", "screen", str(client), "--patch-test", "2026-06-01",
                 "--patch-result", "ok")
        conn = sqlite3.connect(self.records)
        with conn:
            conn.execute("UPDATE patch_test SET tested_on = '2026-02-30'")
        conn.close()
        result = self.smp("session", "plan", str(client), "--date", "2026-06-20",
                          expect=EXIT_DATA)
        self.assert_error(result.stderr, f"client {client} ", "not a date", "smp check")
        self.assertEqual(self.query("SELECT count(*) FROM session"), [(0,)])
        self.assertRegex(self.smp("check", expect=EXIT_DATA).stdout,
                         r"dates: patch_test \d+ has a tested_on that is not a date")

    def test_patch_test_options_go_together(self):
        client = self.ready_client()
        result = self.smp("client", "screen", str(client), "--patch-test", "2026-06-10",
                          expect=EXIT_USAGE)
        self.assert_error(result.stderr, "--patch-result")
        result = self.smp("client", "screen", str(client), "--patch-test", "2026-06-10",
                          "--patch-result", "fine", expect=EXIT_USAGE)
        self.assert_error(result.stderr, 'invalid --patch-result "fine"')
        self.assertEqual(self.query("SELECT count(*) FROM patch_test"), [(0,)])

    def test_client_export_holds_reviews_and_patch_tests(self):
        client = self.add_client("Jane Doe")
        self.smp("client", "screen", str(client), "--contraindication", "keloid")
        self.smp("client", "screen", str(client), "--reviewed", "keloid", "--patch-test",
                 "2026-06-10", "--patch-result", "ok")
        data = self.json_out("client", "export", str(client))
        self.assertEqual(data["profile"]["contraindications_reviewed"], ["keloid"])
        self.assertEqual(data["profile"]["contraindications_reviewed_on"], "2026-06-15")
        self.assertEqual(data["profile"]["patch_test_on"], "2026-06-10")
        self.assertEqual(data["patch_tests"],
                         [{"tested_on": "2026-06-10", "result": "ok", "lot": None}])

    def test_forget_erases_reviews_and_patch_tests(self):
        client = self.add_client("Jane Doe")
        self.smp("client", "screen", str(client), "--contraindication", "keloid")
        self.smp("client", "screen", str(client), "--reviewed", "keloid", "--patch-test",
                 "2026-06-10", "--patch-result", "ok")
        self.smp("client", "forget", str(client), "--yes")
        self.assertEqual(self.query("SELECT count(*) FROM screening_review"), [(0,)])
        self.assertEqual(self.query("SELECT count(*) FROM patch_test"), [(0,)])


if __name__ == "__main__":
    unittest.main()
