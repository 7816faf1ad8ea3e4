"""The reminder policy (issue 19): lapsed due dates, the consent reminders need, the opt-out
footer, every send attempt recorded, an address given up after repeated failures, and a plain
`touchup remind` on a terminal that asks before recording anything as sent.

Every run is on --as-of 2026-06-15 unless a test says otherwise.
"""

import sqlite3
import unittest

from smptest import SmpTestCase

EXIT_UNAVAILABLE = 69


class PolicyTestCase(SmpTestCase):
    """Ana: one course session on 2026-05-20, follow-up due 2026-06-03, marketing consent.
    Bo: course finished 2021-02-20, touch-up due 2025-02-20 (16 months ago), consent."""

    def setUp(self):
        super().setUp()
        self.ana = self.add_client("Ana Lima", "--email", "ana@example.com")
        self.bo = self.add_client("Bo Chen", "--email", "bo@example.com")
        for client in (self.ana, self.bo):
            self.consent_to_reminders(client)
        self.smp("session", "log", self.ana, "--date", "2026-05-20", "-q")
        for date in ("2021-01-10", "2021-01-30", "2021-02-20"):
            self.smp("session", "log", self.bo, "--date", date, "-q")

    def listed(self):
        return {row["client_name"]: row for row in self.json_out("touchup", "list")}

    def sent(self):
        return self.query("SELECT client_id, due_on FROM reminder WHERE status = 'sent' "
                          "ORDER BY id")


class LapsedTest(PolicyTestCase):
    def test_a_touchup_due_longer_ago_than_give_up_after_has_lapsed(self):
        bo = self.listed()["Bo Chen"]
        self.assertEqual(bo["status"], "lapsed")
        # Why, in words: in the table and csv (json gives the status and the dates).
        words = {r["name"]: r for r in self.csv_rows("touchup", "list")}["Bo Chen"]
        self.assertIn("lapsed: due 2025-02-20, more than 12mo ago", words["reason"])
        self.assertEqual(self.listed()["Ana Lima"]["status"], "due")
        shown = self.json_out("client", "show", self.bo)
        self.assertEqual(shown["next_due_status"], "lapsed")
        # Not on the due list, nor the calendar; --lapsed lists them alone.
        self.assertEqual([r["client_name"] for r in self.json_out("touchup", "due")],
                         ["Ana Lima"])
        self.assertEqual([r["client_name"] for r in self.json_out("touchup", "due", "--lapsed")],
                         ["Bo Chen"])
        self.assertNotIn("Bo Chen", self.smp("touchup", "calendar").stdout)
        # Not reminded, and counted.
        result = self.smp("touchup", "remind", "--mark-sent")
        self.assertIn("Ana Lima", result.stdout)
        self.assertNotIn("Bo Chen", result.stdout)
        self.assertIn("1 not sent: lapsed", result.stderr)
        self.assertEqual(self.sent(), [(self.ana, "2026-06-03")])

    def test_give_up_after_is_configurable_per_kind(self):
        self.write_config('[reminder.give_up_after]\ntouchup = "2y"\nfollowup = "7d"\n')
        listed = self.listed()
        self.assertEqual(listed["Bo Chen"]["status"], "overdue")
        self.assertEqual(listed["Ana Lima"]["status"], "lapsed")
        self.write_config('[reminder]\ngive_up_after = "2y"\n')
        self.assertEqual({r["client_name"] for r in self.json_out("touchup", "due")},
                         {"Ana Lima", "Bo Chen"})
        self.write_config('[reminder]\ngive_up_after = "soon"\n')
        result = self.smp("touchup", "list", expect=78)
        self.assert_error(result.stderr, "config.toml:2", "soon")

    def test_max_repeats_ends_the_chase(self):
        self.write_config('[reminder]\nrepeat = "1w"\nmax_repeats = 1\n')
        self.smp("touchup", "remind", "--mark-sent", "--as-of", "2026-06-04")
        self.smp("touchup", "remind", "--mark-sent", "--as-of", "2026-06-11")
        self.assertEqual(len(self.sent()), 2)
        # The first reminder and one repeat: lapsed, never a third.
        result = self.smp("touchup", "remind", "--mark-sent", "--as-of", "2026-06-18", expect=1)
        self.assertEqual(len(self.sent()), 2)
        listed = {r["client_name"]: r
                  for r in self.json_out("touchup", "list", "--as-of", "2026-06-18")}
        self.assertEqual(listed["Ana Lima"]["status"], "lapsed")
        words = {r["name"]: r for r in self.csv_rows("touchup", "list", "--as-of", "2026-06-18")}
        self.assertIn("2 reminders sent for it, the first and 1 repeat",
                      words["Ana Lima"]["reason"])
        self.assertEqual(result.stdout, "")
        # A new due date (the next session done) starts the chase again.
        self.smp("session", "log", self.ana, "--date", "2026-06-18", "-q", "--as-of", "2026-06-18")
        listed = {r["client_name"]: r
                  for r in self.json_out("touchup", "list", "--as-of", "2026-07-03")}
        self.assertEqual(listed["Ana Lima"]["status"], "due")


class ConsentTest(SmpTestCase):
    def setUp(self):
        super().setUp()
        self.ana = self.add_client("Ana Lima", "--email", "ana@example.com")
        self.smp("session", "log", self.ana, "--date", "2026-05-20", "-q")

    def test_a_new_file_needs_marketing_consent(self):
        result = self.smp("touchup", "remind", "--mark-sent", expect=1)
        self.assertIn("1 not sent: no marketing consent", result.stderr)
        self.assertEqual(result.stdout, "")
        self.assertIn("reminders need marketing consent, this records file's default",
                      self.smp("check").stdout)
        self.smp("client", "consent", self.ana, "--kind", "marketing", "--signed", "2026-01-01")
        self.assertIn("Ana Lima", self.smp("touchup", "remind", "--mark-sent").stdout)

    def test_a_withdrawal_stops_reminders_from_that_day(self):
        self.smp("client", "consent", self.ana, "--kind", "marketing", "--signed", "2026-01-01")
        self.smp("client", "consent", self.ana, "--kind", "marketing", "--withdraw", "2026-06-10")
        result = self.smp("touchup", "remind", "--mark-sent", expect=1)
        self.assertIn("1 not sent: no marketing consent", result.stderr)
        # The day before the withdrawal it still held.
        self.assertIn("Ana Lima", self.smp("touchup", "remind", "--dry-run",
                                           "--as-of", "2026-06-09").stdout)

    def test_the_config_can_ask_for_none(self):
        self.reminders_need_no_consent()
        self.assertIn("Ana Lima", self.smp("touchup", "remind", "--mark-sent").stdout)
        self.assertIn("reminders need no consent, as reminder.requires_consent says",
                      self.smp("check").stdout)
        self.write_config('[reminder]\nrequires_consent = "photo"\n')
        result = self.smp("touchup", "remind", expect=78)
        self.assert_error(result.stderr, "requires_consent", "photo")

    def test_a_file_from_before_the_rule_keeps_sending_without_consent(self):
        # What an upgraded file looks like: it never had the setting.
        conn = sqlite3.connect(self.records)
        conn.execute("DELETE FROM setting WHERE key = 'reminder.requires_consent'")
        conn.commit()
        conn.close()
        self.assertIn("Ana Lima", self.smp("touchup", "remind", "--mark-sent").stdout)
        self.assertIn("this records file was created before the rule",
                      self.smp("check").stdout)
        self.write_config('[reminder]\nrequires_consent = "marketing"\n')
        result = self.smp("touchup", "remind", "--resend", "--mark-sent", expect=1)
        self.assertIn("no marketing consent", result.stderr)


class FooterTest(PolicyTestCase):
    def message(self):
        return self.json_out("touchup", "remind", "--dry-run", "--kind", "followup")[0]["message"]

    def test_every_message_ends_with_the_opt_out_line(self):
        self.assertTrue(self.message().endswith("\n\nTo receive no more reminders, reply STOP."))
        self.write_config('[reminder]\nstudio = "Ink & Dot"\n')
        self.assertTrue(self.message().endswith(
            "\n\nTo receive no more reminders from Ink & Dot, reply STOP."))
        self.write_config('[reminder]\nfooter = "{first_name}: reply STOP to opt out"\n')
        self.assertTrue(self.message().endswith("\n\nAna: reply STOP to opt out"))
        self.write_config('[reminder]\nfooter = ""\n')
        self.assertTrue(self.message().endswith("Reply to this message to choose a date."))
        self.write_config('[reminder]\nfooter = "{optout}"\n')
        result = self.smp("touchup", "remind", "--dry-run", expect=78)
        self.assert_error(result.stderr, "reminder.footer", "{optout}")


class AttemptsTest(PolicyTestCase):
    BOUNCE = 'echo "550 5.1.1 mailbox unavailable" >&2; cat >/dev/null; exit 3'

    def attempts(self):
        return self.csv_rows("export", "attempts")

    def test_every_attempt_is_recorded_failed_or_not(self):
        result = self.smp("touchup", "remind", "--exec", self.BOUNCE, expect=EXIT_UNAVAILABLE)
        self.assertIn('exited with status 3 ("550 5.1.1 mailbox unavailable")', result.stderr)
        self.smp("touchup", "remind", "--exec", "cat >/dev/null")
        rows = self.attempts()
        self.assertEqual([(r["name"], r["outcome"], r["exit_status"], r["stderr_line"])
                          for r in rows],
                         [("Ana Lima", "failed", "3", "550 5.1.1 mailbox unavailable"),
                          ("Ana Lima", "sent", "0", "")])
        self.assertEqual(rows[0]["address"], "ana@example.com")
        self.assertEqual(rows[0]["attempted_on"], "2026-06-15")
        self.assertEqual(rows[0]["channel"], "email")
        shown = self.json_out("client", "show", self.ana)["send_attempts"]
        self.assertEqual([a["outcome"] for a in shown], ["failed", "sent"])

    def test_a_command_stopped_after_its_time_limit_says_so(self):
        self.smp("touchup", "remind", "--exec", "sleep 30", "--exec-timeout", "1s",
                 expect=EXIT_UNAVAILABLE, timeout=20)
        row = self.attempts()[0]
        self.assertEqual((row["outcome"], row["exit_status"]), ("failed", ""))
        self.assertIn("stopped after 1s", row["error"])

    def test_an_address_that_keeps_failing_is_given_up(self):
        self.write_config('[reminder]\nmax_failures = 2\n')
        for _ in range(2):
            self.smp("touchup", "remind", "--exec", self.BOUNCE, expect=EXIT_UNAVAILABLE)
        result = self.smp("touchup", "remind", "--exec", self.BOUNCE, expect=1)
        self.assertIn("the last 2 sends to ana@example.com failed (reminder.max_failures)",
                      result.stderr)
        self.assertIn("1 not sent: reminder.max_failures reached", result.stderr)
        self.assertEqual(len(self.attempts()), 2)
        # A new address is tried again.
        self.smp("client", "edit", self.ana, "--email", "ana@example.org")
        self.smp("touchup", "remind", "--exec", "cat >/dev/null")
        self.assertEqual(self.attempts()[-1]["outcome"], "sent")

    def test_forget_deletes_the_attempts(self):
        self.smp("touchup", "remind", "--exec", self.BOUNCE, expect=EXIT_UNAVAILABLE)
        self.smp("client", "forget", self.ana, "--yes")
        self.assertEqual(self.query("SELECT count(*) FROM send_attempt")[0][0], 0)


class TerminalTest(PolicyTestCase):
    def test_on_a_terminal_remind_asks_before_recording(self):
        out = self.smp_terminal("touchup", "remind", input="n\n").stdout
        self.assertIn("To: Ana Lima <ana@example.com>", out)
        self.assertIn("Record 1 reminder as sent", out)
        self.assertIn("Nothing recorded", out)
        self.assertEqual(self.sent(), [])
        out = self.smp_terminal("touchup", "remind", input="y\n").stdout
        self.assertIn("reminders (email): 1 sent", out)
        self.assertEqual(self.sent(), [(self.ana, "2026-06-03")])

    def test_mark_sent_records_without_asking(self):
        out = self.smp_terminal("touchup", "remind", "--mark-sent").stdout
        self.assertNotIn("Record 1 reminder", out)
        self.assertEqual(self.sent(), [(self.ana, "2026-06-03")])

    def test_off_a_terminal_printing_is_sending_as_before(self):
        self.smp("touchup", "remind")
        self.assertEqual(self.sent(), [(self.ana, "2026-06-03")])


if __name__ == "__main__":
    unittest.main()
