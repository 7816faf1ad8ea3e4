"""`smp remind` (issue 20): every message a client should get, each once — a booking reminder
before a session, a confirmation when it is booked or moved, a cancellation, aftercare once it
is done (with the ink passport attached), and the follow-ups and touch-ups. Every run is
--as-of 2026-06-15 (AS_OF) unless it says otherwise."""

import datetime
import json
import os
import resource
import signal
import sqlite3
import subprocess
import time
import unittest

from smptest import EXIT_NO_MATCH, SmpTestCase

EXIT_CONFIG = 78
EXIT_UNAVAILABLE = 69


class RemindTestCase(SmpTestCase):
    def setUp(self):
        super().setUp()
        self.write_config('[studio]\nname = "Studio Nord"\nphone = "0161 496 0000"\n')
        self.ann = self.add_client("Ann Lee", "--email", "ann@example.com")
        self.log_path = os.path.join(self.tmp, "sent.log")

    def plan(self, client, date, *options, as_of="2026-06-10"):
        return int(self.smp("--as-of", as_of, "session", "plan", str(client), "--date", date,
                            "-q", *options).stdout)

    def listed(self, *args, **kw):
        """What `remind --list` would send, as (kind, client, session, due)."""
        rows = self.json_out("remind", "--list", *args, expect=kw.get("expect", (0, 1)))
        return sorted((r["kind"], r["client_id"], r["session_id"], r["due"]) for r in rows)

    def send(self, *args, expect=0, as_of=None):
        """Sends by --exec, each message's environment appended to the log; returns the lines
        this run logged."""
        before = self.sent_lines()
        command = ('printf "%s|%s|%s|%s|%s|%s\\n" "$SMP_KIND" "$SMP_SESSION_ID" "$SMP_DUE" '
                   f'"$SMP_ADDRESS" "$SMP_SUBJECT" "$SMP_ATTACHMENT" >> {self.log_path}; '
                   'if [ -n "$SMP_ATTACHMENT" ]; then cp "$SMP_ATTACHMENT" '
                   f'{self.tmp}/attached.html; stat -c %a "$SMP_ATTACHMENT" > '
                   f'{self.tmp}/attached.mode; fi')
        prefix = ("--as-of", as_of) if as_of else ()
        self.smp(*prefix, "remind", "--exec", command, *args, expect=expect)
        return self.sent_lines()[len(before):]

    def sent_lines(self):
        if not os.path.exists(self.log_path):
            return []
        with open(self.log_path, encoding="utf-8") as f:
            return [line.split("|") for line in f.read().splitlines()]


class BookingTest(RemindTestCase):
    def test_the_day_before_a_booked_session_its_reminder_and_confirmation_go_once(self):
        session = self.plan(self.ann, "2026-06-16", "--time", "10:00")
        sent = self.send()
        self.assertEqual(sorted((k, s, d) for k, s, d, *_ in sent),
                         [("booking", str(session), "2026-06-16T10:00"),
                          ("confirmation", str(session), "2026-06-16T10:00")])
        subjects = {k: subject for k, _, _, _, subject, _ in sent}
        self.assertEqual(subjects["booking"], "Reminder: your session on 2026-06-16")
        self.assertEqual(self.send(expect=EXIT_NO_MATCH), [])  # an hour later: nothing again

    def test_a_session_further_away_gets_its_confirmation_only_until_the_day_before(self):
        session = self.plan(self.ann, "2026-06-20")  # no time: reminded the day before
        self.assertEqual([k for k, *_ in self.send()], ["confirmation"])
        self.assertEqual(self.send(expect=EXIT_NO_MATCH, as_of="2026-06-18"), [])
        sent = self.send(as_of="2026-06-19")
        self.assertEqual([(k, s, d) for k, s, d, *_ in sent],
                         [("booking", str(session), "2026-06-20")])

    def test_reminder_before_in_the_config(self):
        self.write_config('[reminder]\nbefore = "3d"\n')
        self.plan(self.ann, "2026-06-18")
        self.assertEqual([k for k, *_ in self.listed()], ["booking", "confirmation"])

    def test_a_moved_session_gets_new_messages_and_a_cancelled_one_a_cancellation(self):
        session = self.plan(self.ann, "2026-06-16", "--time", "10:00")
        self.send()
        self.smp("session", "move", str(session), "--date", "2026-06-16", "--time", "15:30",
                 "-q")
        self.assertEqual([(k, d) for k, _, d, *_ in self.send()],
                         [("booking", "2026-06-16T15:30"), ("confirmation", "2026-06-16T15:30")])
        self.smp("session", "cancel", str(session), "-q")
        sent = self.send()
        self.assertEqual([(k, s) for k, s, *_ in sent], [("cancellation", str(session))])
        self.assertEqual(self.send(expect=EXIT_NO_MATCH), [])

    def test_a_session_cancelled_before_any_message_gets_no_cancellation(self):
        session = self.plan(self.ann, "2026-06-20")
        self.smp("session", "cancel", str(session), "-q")
        self.assertEqual(self.listed(), [])

    def test_a_client_who_refuses_service_messages_gets_none(self):
        ben = self.add_client("Ben Ode", "--email", "ben@example.com")
        self.plan(ben, "2026-06-16")
        self.smp("client", "edit", str(ben), "--no-service-messages", "-q")
        self.assertEqual(self.listed(), [])
        self.assertIn("service messages   no", self.smp("client", "show", str(ben)).stdout)
        self.smp("client", "edit", str(ben), "--service-messages", "-q")
        self.assertEqual([k for k, *_ in self.listed()], ["booking", "confirmation"])

    def test_service_messages_need_no_marketing_consent(self):
        # Ann gave none; a follow-up would need it in a new file, her booking does not.
        self.plan(self.ann, "2026-06-16")
        self.assertEqual([k for k, *_ in self.listed()], ["booking", "confirmation"])


class AftercareTest(RemindTestCase):
    def setUp(self):
        super().setUp()
        self.smp("shade", "add", "Ink Black 2", "--base", "black", "--brand", "Acme", "-q")
        self.smp("shade", "lot", "add", "Ink Black 2", "LOT-2291", "--expires", "2027-03", "-q")

    def test_a_done_session_gets_its_aftercare_with_the_passport_attached(self):
        session = int(self.smp("session", "log", str(self.ann), "--date", "2026-06-14",
                                "--lot", "LOT-2291", "-q").stdout)
        sent = self.send()
        self.assertEqual([(k, s) for k, s, *_ in sent], [("aftercare", str(session))])
        attachment = sent[0][5]
        self.assertTrue(attachment.endswith(f"passport-{session}.html"))
        self.assertFalse(os.path.exists(attachment), "the attachment is removed after the send")
        # beside the records file, in a private folder (never the shared /tmp)
        self.assertEqual(os.path.dirname(attachment), self.records + ".outbox")
        self.assertFalse(os.path.exists(self.records + ".outbox"))
        with open(os.path.join(self.tmp, "attached.mode"), encoding="utf-8") as f:
            self.assertEqual(f.read().strip(), "600")
        with open(os.path.join(self.tmp, "attached.html"), encoding="utf-8") as f:
            self.assertIn("LOT-2291", f.read())
        shown = self.json_out("session", "show", str(session))
        self.assertEqual((shown["aftercare_how"], shown["aftercare_on"]), ("email", "2026-06-15"))
        self.assertEqual(self.send(expect=EXIT_NO_MATCH), [])

    def test_an_attachment_that_cannot_be_written_leaves_the_message_for_the_next_run(self):
        session = int(self.smp("session", "log", str(self.ann), "--date", "2026-06-14",
                                "--lot", "LOT-2291", "-q").stdout)
        with open(self.records + ".outbox", "w", encoding="utf-8") as f:
            f.write("in the way\n")  # a file where the attachments' folder goes
        result = self.smp("remind", "--kind", "aftercare", "--exec", "true", expect=None)
        self.assertNotEqual(result.code, 0)
        self.assertIn(".outbox", result.stderr)
        self.assertEqual(self.query("SELECT count(*) FROM reminder"), [(0,)],
                         "a message that never started is not left claimed")
        os.remove(self.records + ".outbox")
        self.assertEqual([(k, s) for k, s, *_ in self.send()], [("aftercare", str(session))])

    def test_aftercare_handed_over_is_not_sent_and_old_sessions_are_left_alone(self):
        given = int(self.smp("session", "log", str(self.ann), "--date", "2026-06-14", "-q")
                    .stdout)
        self.smp("session", "aftercare", str(given), "--given", "-q")
        self.smp("session", "log", str(self.ann), "--date", "2026-06-01", "-q")
        self.assertEqual([k for k, *_ in self.listed("--kind", "aftercare")], [])


class OptionsTest(RemindTestCase):
    def test_list_in_json_shows_kind_address_subject_and_attachment(self):
        session = self.plan(self.ann, "2026-06-16")
        rows = self.json_out("remind", "--list", "--kind", "booking")
        self.assertEqual(len(rows), 1)
        row = rows[0]
        self.assertEqual((row["kind"], row["session_id"], row["address"], row["status"]),
                         ("booking", session, "ann@example.com", "would_send"))
        self.assertEqual(row["subject"], "Reminder: your session on 2026-06-16")
        self.assertIsNone(row["attachment"])
        self.assertIn("Studio Nord", row["message"])
        self.assertIn("reply STOP", row["message"])  # the opt-out line
        self.assertEqual(self.listed(), self.listed("--kind", "booking,confirmation"))

    def test_own_templates_and_a_bad_placeholder_refused_before_anything_is_sent(self):
        self.plan(self.ann, "2026-06-16", "--time", "09:00")
        self.write_config('[reminder.booking]\nmessage = "See you {date} at {time}, {course}"\n'
                          'subject = "Tomorrow at {time}"\n')
        row = self.json_out("remind", "--list", "--kind", "booking")[0]
        self.assertTrue(row["message"].startswith("See you 2026-06-16 at 09:00, session 1 of 3"))
        self.assertEqual(row["subject"], "Tomorrow at 09:00")
        self.write_config('[reminder.confirmation]\nmessage = "Booked {dat}"\n')
        before = self.read_bytes(self.records)
        result = self.smp("remind", "--exec", "true", expect=EXIT_CONFIG)
        self.assertIn("{dat}", result.stderr)
        self.assertEqual(self.read_bytes(self.records), before)

    def test_a_subject_with_a_line_break_is_refused(self):
        # It would start a mail header of its own in `mail -s "$SMP_SUBJECT"`.
        self.plan(self.ann, "2026-06-16")
        self.write_config('[reminder.booking]\nsubject = "Hi\\nBcc: all@example.com"\n')
        result = self.smp("remind", "--list", expect=EXIT_CONFIG)
        self.assertIn("reminder.booking.subject", result.stderr)
        self.assertIn("line break", result.stderr)

    def test_a_failed_send_is_tried_again_next_run(self):
        self.plan(self.ann, "2026-06-16")
        self.smp("remind", "--kind", "confirmation", "--exec", "exit 3", expect=EXIT_UNAVAILABLE)
        self.assertEqual([k for k, *_ in self.send("--kind", "confirmation")], ["confirmation"])
        attempts = self.json_out("export", "attempts")
        self.assertEqual([(a["kind"], a["outcome"]) for a in attempts],
                         [("confirmation", "failed"), ("confirmation", "sent")])

    def test_an_unknown_kind_is_a_usage_error(self):
        result = self.smp("remind", "--kind", "birthday", expect=64)
        self.assertIn("birthday", result.stderr)

    def test_touchup_remind_sends_only_follow_ups_and_touch_ups(self):
        self.reminders_need_no_consent()
        self.smp("session", "log", str(self.ann), "--date", "2026-05-20", "-q")
        self.plan(self.add_client("Ben Ode", "--email", "ben@example.com"), "2026-06-16")
        rows = self.json_out("touchup", "remind", "--dry-run")
        self.assertEqual([r["kind"] for r in rows], ["followup"])
        kinds = sorted(k for k, *_ in self.listed())
        self.assertEqual(kinds, ["booking", "confirmation", "followup"])


class SendCommandTest(RemindTestCase):
    """How `--exec` waits for its command: until it ends, within its time limit, without
    spending the machine's CPU while it waits."""

    def setUp(self):
        super().setUp()
        self.plan(self.ann, "2026-06-16")

    def cpu_seconds_of(self, *args, **kw):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        self.smp(*args, **kw)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)

    def test_a_command_that_closes_its_output_and_works_on_is_waited_for_asleep(self):
        # Its end of the pipe closes a second before it ends: smp used to spin on the closed
        # pipe for that second, at full CPU.
        command = f"exec >/dev/null 2>&1; sleep 1; echo sent >> {self.log_path}"
        cpu = self.cpu_seconds_of("remind", "--kind", "confirmation", "--exec", command)
        self.assertEqual(self.sent_lines(), [["sent"]])
        self.assertLess(cpu, 0.5, "smp kept the CPU busy while the command worked")

    def test_a_command_over_its_time_limit_is_stopped_and_tried_again_next_run(self):
        started = time.monotonic()
        result = self.smp("remind", "--kind", "confirmation", "--exec-timeout", "1s",
                          "--exec", "echo trying; sleep 30", expect=EXIT_UNAVAILABLE)
        self.assertLess(time.monotonic() - started, 10)
        self.assertIn("did not finish within 1s and was stopped (\"trying\")", result.stderr)
        attempts = self.json_out("export", "attempts")
        self.assertEqual([(a["outcome"], a["stderr_line"]) for a in attempts],
                         [("failed", "trying")])
        self.assertEqual([k for k, *_ in self.send("--kind", "confirmation")], ["confirmation"])

    def test_a_command_that_leaves_a_background_job_does_not_hold_up_the_run(self):
        started = time.monotonic()
        self.smp("remind", "--kind", "confirmation", "--exec",
                 f"sleep 20 & echo sent >> {self.log_path}")
        self.assertLess(time.monotonic() - started, 10)
        self.assertEqual(self.sent_lines(), [["sent"]])


class UnfinishedTest(RemindTestCase):
    """A run killed while a message is going out: smp cannot tell whether it went, so it never
    sends it again on its own, names it until the practitioner decides, and sends it again
    with --retry-unfinished."""

    def setUp(self):
        super().setUp()
        self.plan(self.ann, "2026-06-16")
        started = os.path.join(self.tmp, "started")
        job = subprocess.Popen(
            self.command(["remind", "--kind", "confirmation", "--exec",
                          f"echo $$ > {started}.tmp; mv {started}.tmp {started}; sleep 30"], True),
            env=self.run_env(None), cwd=self.tmp, stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 20
        while not os.path.exists(started) and time.monotonic() < deadline:
            time.sleep(0.02)
        job.kill()
        job.wait()
        with open(started, encoding="utf-8") as f:
            os.killpg(int(f.read()), signal.SIGKILL)  # the command's own process group

    def age_claims(self, hours):
        then = datetime.datetime.now(datetime.timezone.utc) - datetime.timedelta(hours=hours)
        conn = sqlite3.connect(self.records)
        with conn:
            conn.execute("UPDATE reminder SET sent_at = ? WHERE status = 'sending'",
                         (then.strftime("%Y-%m-%dT%H:%M:%SZ"),))
        conn.close()

    def test_an_unfinished_message_is_named_not_sent_again_until_retried(self):
        self.age_claims(2)
        result = self.smp("remind", "--kind", "confirmation", "--exec", f"echo sent >> {self.log_path}",
                          expect=EXIT_NO_MATCH)
        self.assertEqual(self.sent_lines(), [])
        self.assertIn("1 message (confirmation to ann@example.com (client 1), claimed ",
                      result.stderr)
        self.assertIn("--retry-unfinished", result.stderr)
        check = self.smp("check")
        self.assertIn("messages: warning: confirmation to ann@example.com (client 1)",
                      check.stdout)
        self.smp("check", "--strict", expect=65)

        result = self.smp("remind", "--kind", "confirmation", "--retry-unfinished", "--exec",
                          f"echo sent >> {self.log_path}")
        self.assertEqual(self.sent_lines(), [["sent"]])
        self.assertIn("1 message left unfinished by a run that stopped will be sent again",
                      result.stderr)
        self.assertIn("messages: ok", self.smp("check").stdout)
        self.assertEqual(self.query("SELECT status FROM reminder"), [("sent",)])

    def test_a_claim_under_an_hour_old_may_be_a_run_still_sending(self):
        self.age_claims(0.5)
        result = self.smp("remind", "--kind", "confirmation", "--exec", f"echo sent >> {self.log_path}",
                          expect=EXIT_NO_MATCH)
        self.assertNotIn("unfinished", result.stderr)
        self.assertIn("messages: ok", self.smp("check").stdout)


if __name__ == "__main__":
    unittest.main()
