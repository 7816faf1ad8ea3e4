"""smp touchup and smp agenda: who is due, reminders sent once, the calendar, the day's agenda.

Every run is on --as-of 2026-06-15 unless a test says otherwise, so due dates are exact.
"""

import json
import os
import shutil
import sqlite3
import stat
import subprocess
import sys
import textwrap
import unittest

from smptest import EXIT_DATA, SmpTestCase


class DueTestCase(SmpTestCase):
    """A practice with clients at different stages, each with marketing consent (as of 2026-06-15, course gap 14 days,
    maximum gap 30 days, touch-up every 4 years):
      Ana   one course session on 2026-05-20: follow-up due 2026-06-03 (12 days late, not overdue)
      Bo    course finished 2021-09-20: touch-up due 2025-09-20 (overdue, not lapsed)
      Cy    one course session on 2026-06-01, no reminders: follow-up due today
      Dee   one course session on 2026-04-01: follow-up overdue (after 2026-05-01)
      Eve   course finished 2023-01-10: touch-up due 2027-01-10 (not within 30 days)
      Fay   one course session 2026-06-05 and the next booked on 2026-06-25: not due
      Gus   nothing done yet
    """

    def setUp(self):
        super().setUp()
        self.ids = {}
        self.ids["ana"] = self.add_client("Ana Lima", "--email", "ana@example.com",
                                          "--phone", "+351 912 000 111")
        self.ids["bo"] = self.add_client("Bo Chen", "--phone", "+44 7700 900111")
        self.ids["cy"] = self.add_client("Cy Dorn", "--email", "cy@example.com", "--no-reminders")
        self.ids["dee"] = self.add_client("Dee Moss", "--email", "dee@example.com")
        self.ids["eve"] = self.add_client("Eve Park", "--email", "eve@example.com")
        self.ids["fay"] = self.add_client("Fay Rowe", "--email", "fay@example.com")
        self.ids["gus"] = self.add_client("Gus Hale", "--email", "gus@example.com")
        self.log("ana", "2026-05-20")
        for date in ("2021-08-10", "2021-08-30", "2021-09-20"):
            self.log("bo", date)
        self.log("cy", "2026-06-01")
        self.log("dee", "2026-04-01")
        for date in ("2022-12-01", "2022-12-20", "2023-01-10"):
            self.log("eve", date)
        self.log("fay", "2026-06-05")
        self.smp("session", "plan", self.ids["fay"], "--date", "2026-06-25", "--time", "10:00", "-q")
        # A new records file sends reminders only with marketing consent (reminder policy).
        for client in self.ids.values():
            self.smp("client", "consent", client, "--kind", "marketing", "--signed", "2020-01-01",
                     "-q")

    def log(self, who, date, *options):
        self.smp("session", "log", self.ids[who], "--date", date, "-q", *options)

    def due(self, *args, **kw):
        return {row["client_name"]: row for row in self.json_out("touchup", "due", *args, **kw)}


class DueTest(DueTestCase):
    def test_due_list_in_due_date_order_with_overdue_marked(self):
        rows = self.json_out("touchup", "due")
        self.assertEqual([r["client_name"] for r in rows],
                         ["Bo Chen", "Dee Moss", "Ana Lima", "Cy Dorn"])
        by_name = {r["client_name"]: r for r in rows}
        self.assertEqual(by_name["Ana Lima"], {
            "client_id": self.ids["ana"], "client_name": "Ana Lima", "phone": "+351 912 000 111",
            "email": "ana@example.com", "kind": "followup", "due": "2026-06-03",
            "overdue": False, "days_overdue": 12, "last_session": "2026-05-20",
            "reminders_allowed": True})
        self.assertEqual(by_name["Bo Chen"]["kind"], "touchup")
        self.assertEqual(by_name["Bo Chen"]["due"], "2025-09-20")
        self.assertTrue(by_name["Bo Chen"]["overdue"])
        self.assertTrue(by_name["Dee Moss"]["overdue"])
        self.assertEqual(by_name["Cy Dorn"]["days_overdue"], 0)
        self.assertFalse(by_name["Cy Dorn"]["reminders_allowed"])

    def test_within_is_inclusive(self):
        # Eve's touch-up is due 2027-01-10: 209 days after 2026-06-15.
        self.assertNotIn("Eve Park", self.due("--within", "208d"))
        self.assertIn("Eve Park", self.due("--within", "209d"))
        self.assertEqual(self.due("--within", "209d")["Eve Park"]["days_overdue"], -209)

    def test_kind_and_overdue_filters(self):
        self.assertEqual(set(self.due("--kind", "touchup")), {"Bo Chen"})
        self.assertEqual(set(self.due("--kind", "followup")), {"Ana Lima", "Cy Dorn", "Dee Moss"})
        self.assertEqual(set(self.due("--overdue")), {"Bo Chen", "Dee Moss"})
        self.smp("touchup", "due", "--kind", "touch-up", expect=64)

    def test_nobody_due_exits_1_with_nothing_on_stdout(self):
        result = self.smp("touchup", "due", "--kind", "touchup", "--as-of", "2024-01-01", expect=1)
        self.assertEqual(result.stdout, "")
        csv = self.smp("touchup", "due", "--as-of", "2020-01-01", "--format", "csv", expect=1)
        self.assertEqual(csv.stdout.splitlines()[0].split(",")[:3], ["client_id", "name", "phone"])

    def test_booked_session_takes_a_client_off_the_list_until_it_passes(self):
        self.assertNotIn("Fay Rowe", self.due("--within", "60d"))
        self.assertIn("Fay Rowe", self.due("--as-of", "2026-06-26"))

    def test_logging_the_next_session_moves_the_due_date(self):
        self.log("ana", "2026-06-14")
        self.assertNotIn("Ana Lima", self.due("--within", "12d"))
        self.assertEqual(self.due("--within", "13d")["Ana Lima"]["due"], "2026-06-28")

    def test_archived_clients_are_never_due(self):
        self.smp("client", "archive", self.ids["bo"], "-q")
        self.assertNotIn("Bo Chen", self.due())

    def test_a_date_another_tool_wrote_into_the_due_index_is_refused(self):
        # The index is smp's own, but a file can be changed by another tool: a day that does
        # not exist stops the list (exit 65) and `smp check` names the client, rather than the
        # entry being read as some other day.
        good = os.path.join(self.tmp, "good.db")
        shutil.copyfile(self.records, good)
        for column in ("due_on", "overdue_after", "last_session", "booked_until",
                       "snoozed_until"):
            with self.subTest(column=column):
                conn = sqlite3.connect(self.records)
                with conn:
                    conn.execute(f"UPDATE due SET {column} = '2026-02-30' WHERE client_id = ?",
                                 (self.ids["ana"],))
                conn.close()
                result = self.smp("touchup", "due", "--within", "60d", expect=EXIT_DATA)
                self.assert_error(result.stderr, f"client {self.ids['ana']} ", "not a date",
                                  "smp check")
                self.assertIn(f"due index: client {self.ids['ana']}:",
                              self.smp("check", expect=EXIT_DATA).stdout)
                shutil.copyfile(good, self.records)
        self.assertIn("Ana Lima", self.due())

    def test_csv_is_one_row_per_client(self):
        rows = self.csv_rows("touchup", "due")
        self.assertEqual([r["name"] for r in rows], ["Bo Chen", "Dee Moss", "Ana Lima", "Cy Dorn"])
        self.assertEqual(rows[0]["overdue"], "true")

    def test_config_changes_the_rules_and_the_index_follows(self):
        self.write_config("[course]\ngap = \"7d\"\nmaximum_gap = \"10d\"\n"
                          "[touchup]\nevery = \"6y\"\nwithin = \"3d\"\n")
        result = self.smp("touchup", "due", "--format", "json")
        self.assertIn("due dates recomputed", result.stderr)
        rows = {r["client_name"]: r for r in json.loads(result.stdout)}
        self.assertEqual(rows["Ana Lima"]["due"], "2026-05-27")
        self.assertTrue(rows["Ana Lima"]["overdue"])
        self.assertNotIn("Bo Chen", rows)  # 2021-09-20 + 6y is 2027
        # Only once: the next run uses the rebuilt index silently.
        self.assertNotIn("recomputed", self.smp("touchup", "due").stderr)

    def test_bad_config_rules_are_config_errors(self):
        self.write_config("[course]\ngap = \"30d\"\nmaximum_gap = \"10d\"\n")
        result = self.smp("touchup", "due", expect=78)
        self.assert_error(result.stderr, "course.maximum_gap", "shorter")
        # A gap alone longer than the default maximum (30d) is caught too, at its line.
        self.write_config("[course]\ngap = \"60d\"\n")
        result = self.smp("touchup", "due", expect=78)
        self.assert_error(result.stderr, "config.toml:2:", "shorter")


class ListSetSnoozeTest(DueTestCase):
    def test_list_says_why_for_every_client(self):
        rows = {r["client_name"]: r for r in self.json_out("touchup", "list")}
        self.assertEqual(len(rows), 7)
        self.assertEqual(rows["Gus Hale"]["status"], "nothing_due")
        self.assertEqual(rows["Fay Rowe"]["status"], "booked")
        self.assertEqual(rows["Fay Rowe"]["booked_until"], "2026-06-25")
        self.assertEqual(rows["Eve Park"]["status"], "upcoming")
        self.assertEqual(rows["Dee Moss"]["status"], "overdue")
        self.assertEqual(rows["Ana Lima"]["status"], "due")
        # For a script the reason's facts: due 14 days after the session, overdue after 30.
        self.assertEqual((rows["Ana Lima"]["due"], rows["Ana Lima"]["overdue_after"],
                          rows["Ana Lima"]["last_session"]),
                         ("2026-06-03", "2026-06-19", "2026-05-20"))
        self.assertEqual(rows["Bo Chen"]["overdue_after"], rows["Bo Chen"]["due"])
        self.assertIsNone(rows["Gus Hale"]["overdue_after"])
        self.assertNotIn("reason", rows["Ana Lima"])
        # The table and csv say why in words.
        words = {r["name"]: r for r in self.csv_rows("touchup", "list")}
        self.assertEqual(words["Gus Hale"]["status"], "nothing due")
        self.assertIn("1 of 3", words["Ana Lima"]["reason"])
        self.assertIn("4y", words["Bo Chen"]["reason"])

    def test_archived_clients_are_listed_as_archived(self):
        self.smp("client", "archive", "Bo", "-q")
        shown = self.json_out("client", "show", "Bo")
        self.assertEqual(shown["next_due_status"], "archived")
        self.assertIsNone(shown["next_due_due"])
        self.assertIn("unarchived", self.csv_rows("client", "show", "Bo")[0]["next_due_reason"])
        self.assertNotIn("Bo Chen",
                         [r["client_name"] for r in self.json_out("touchup", "list")])
        # Unarchived, Bo is due exactly as before.
        self.smp("client", "unarchive", "Bo", "-q")
        shown = self.json_out("client", "show", "Bo")
        self.assertEqual((shown["next_due_status"], shown["next_due_due"]), ("overdue", "2025-09-20"))

    def test_client_show_has_the_next_due_date(self):
        shown = self.json_out("client", "show", self.ids["bo"])
        self.assertEqual(shown["next_due_kind"], "touchup")
        self.assertEqual(shown["next_due_due"], "2025-09-20")
        self.assertEqual(shown["next_due_status"], "overdue")
        self.assertEqual(shown["next_due_overdue_after"], "2025-09-20")
        self.assertNotIn("next_due_reason", shown)
        reason = self.csv_rows("client", "show", self.ids["bo"])[0]["next_due_reason"]
        self.assertIn("2021-09-20", reason)

    def test_set_every_then_pin_then_clear(self):
        self.smp("touchup", "set", "Bo", "--every", "6y")
        self.assertNotIn("Bo Chen", self.due())
        self.assertEqual(self.json_out("client", "show", "Bo")["touchup_every"], "6y")
        result = self.smp("touchup", "set", "Bo", "--due", "2026-06-20")
        self.assertIn("touch-up due 2026-06-20", result.stderr)
        self.assertEqual(self.due()["Bo Chen"]["due"], "2026-06-20")
        self.smp("touchup", "set", "Bo", "--clear")
        self.assertEqual(self.due()["Bo Chen"]["due"], "2025-09-20")

    def test_set_needs_something_and_checks_it(self):
        self.assert_error(self.smp("touchup", "set", "Bo", expect=64).stderr, "--every")
        self.assert_error(self.smp("touchup", "set", "Bo", "--every", "soon", expect=64).stderr,
                          "soon")
        before = self.read_bytes(self.records)
        self.smp("touchup", "set", "nobody", "--every", "3y", expect=65)
        self.assertEqual(self.read_bytes(self.records), before)

    def test_snooze_hides_until_the_date(self):
        self.smp("touchup", "snooze", "Dee", "--until", "2026-07-01")
        self.assertNotIn("Dee Moss", self.due())
        self.assertEqual(self.json_out("touchup", "list")[-1]["client_name"], "Gus Hale")
        self.assertIn("Dee Moss", self.due("--as-of", "2026-07-01"))
        self.smp("touchup", "snooze", "Dee", "--clear")
        self.assertIn("Dee Moss", self.due())

    def test_snooze_into_the_past_is_refused(self):
        result = self.smp("touchup", "snooze", "Dee", "--until", "2026-06-15", expect=65)
        self.assert_error(result.stderr, "2026-06-15", "after today")


class RemindTest(DueTestCase):
    def reminders(self):
        return self.query("SELECT client_id, kind, due_on, channel, status FROM reminder "
                          "ORDER BY id")

    def test_remind_sends_once_then_nothing(self):
        first = self.smp("touchup", "remind")
        # Email: Ana and Dee have addresses; Bo has none; Cy does not allow reminders.
        self.assertIn("To: Ana Lima <ana@example.com>", first.stdout)
        self.assertIn("To: Dee Moss <dee@example.com>", first.stdout)
        self.assertNotIn("Cy Dorn", first.stdout)
        self.assertIn("2 sent", first.stderr)
        self.assertIn("1 not sent: the client does not allow reminders", first.stderr)
        self.assertIn("1 not sent: no email address", first.stderr)
        self.assertEqual(len(self.reminders()), 2)
        # Nothing new to send: silent (cron mails any output) and exit 1.
        second = self.smp("touchup", "remind", expect=1)
        self.assertEqual((second.stdout, second.stderr), ("", ""))
        self.assertEqual(len(self.reminders()), 2)

    def test_nothing_due_is_silent(self):
        result = self.smp("touchup", "remind", "--as-of", "2020-01-01", expect=1)
        self.assertEqual((result.stdout, result.stderr), ("", ""))

    def test_remind_never_creates_a_records_file(self):
        missing = os.path.join(self.tmp, "typo.db")
        result = self.smp("--file", missing, "touchup", "remind", expect=66)
        self.assert_error(result.stderr, "typo.db")
        self.assertFalse(os.path.exists(missing))

    def test_a_new_due_date_is_a_new_reminder(self):
        self.smp("touchup", "remind", "--kind", "followup")
        self.log("ana", "2026-05-25")  # due moves to 2026-06-08
        result = self.smp("touchup", "remind", "--kind", "followup")
        self.assertIn("Ana Lima", result.stdout)
        self.assertNotIn("Dee Moss", result.stdout)

    def test_resend_and_repeat(self):
        self.smp("touchup", "remind")
        self.assertIn("Ana Lima", self.smp("touchup", "remind", "--resend").stdout)
        self.write_config('[reminder]\nrepeat = "30d"\n')
        # Fay missed her booking, so she is new; Ana waits 30 days from her first. (A booking
        # left open would hold her reminder back: test_bookings.)
        self.smp("session", "cancel", "Fay", "--no-show", "--as-of", "2026-07-14")
        early = self.smp("touchup", "remind", "--as-of", "2026-07-14", "--kind", "followup")
        self.assertNotIn("Ana Lima", early.stdout)
        again = self.smp("touchup", "remind", "--as-of", "2026-07-15", "--kind", "followup")
        self.assertIn("Ana Lima", again.stdout)

    def test_dry_run_marks_nothing(self):
        result = self.smp("touchup", "remind", "--dry-run")
        self.assertIn("To: Ana Lima", result.stdout)
        self.assertIn("2 would be sent", result.stderr)
        self.assertEqual(self.reminders(), [])

    def test_template_placeholders(self):
        self.write_config('[reminder]\nstudio = "Ink & Dot"\n')
        result = self.json_out("touchup", "remind", "--kind", "touchup", "--channel", "sms",
                               "--message", "{first_name}/{name}/{due}/{due_relative}/{kind}/"
                               "{last_session}/{phone}/{email}/{studio} {{literal}}")
        self.assertEqual(len(result), 1)
        self.assertEqual(result[0]["message"],
                         "Bo/Bo Chen/2025-09-20/8 months ago/touch-up/2021-09-20/"
                         "+44 7700 900111//Ink & Dot {literal}\n\n"
                         "To receive no more reminders from Ink & Dot, reply STOP.")
        self.assertEqual(result[0]["address"], "+44 7700 900111")
        self.assertEqual(result[0]["channel"], "sms")
        self.assertEqual(result[0]["status"], "sent")

    def test_template_file_and_config_templates(self):
        path = os.path.join(self.tmp, "note.txt")
        with open(path, "w", encoding="utf-8") as f:
            f.write("Dear {name}, see you soon.\n")
        self.write_config('[reminder]\nfooter = ""\n')  # no opt-out line
        out = self.json_out("touchup", "remind", "--template", path, "--kind", "followup")
        self.assertEqual({r["message"] for r in out},
                         {"Dear Ana Lima, see you soon.", "Dear Dee Moss, see you soon."})
        self.write_config('[reminder]\ntouchup_message = "Touch-up for {name} due {due}"\n'
                          'channel = "sms"\nfooter = ""\n')
        out = self.json_out("touchup", "remind", "--kind", "touchup")
        self.assertEqual(out[0]["message"], "Touch-up for Bo Chen due 2025-09-20")

    def test_unknown_placeholder_is_refused_before_anything_is_sent(self):
        self.smp("touchup", "remind", "--template", os.path.join(self.tmp, "missing"), expect=66)
        result = self.smp("touchup", "remind", "--message", "Hi {nmae}", expect=64)
        self.assert_error(result.stderr, "{nmae}", "--message")
        self.write_config('[reminder]\nfollowup_message = "Hi {firstname}"\n')
        result = self.smp("touchup", "remind", expect=78)
        self.assert_error(result.stderr, "{firstname}", "config.toml:2")
        self.assertEqual(self.reminders(), [])

    def test_exec_gets_message_on_stdin_and_fields_in_environment(self):
        log = os.path.join(self.tmp, "sent.log")
        script = ('{ printf "%s|%s|%s|%s|%s|%s|%s|" "$SMP_CLIENT_ID" "$SMP_NAME" "$SMP_EMAIL" '
                  '"$SMP_PHONE" "$SMP_DUE" "$SMP_KIND" "$SMP_CHANNEL"; cat; echo; } >> ' + log)
        self.write_config('[reminder]\nfooter = "(STOP: {first_name})"\n')
        result = self.smp("touchup", "remind", "--kind", "followup", "--message", "hi {name}",
                          "--exec", script)
        self.assertEqual(result.stdout, "")
        with open(log, encoding="utf-8") as f:
            lines = f.read().splitlines()
        self.assertEqual(lines, [
            f"{self.ids['dee']}|Dee Moss|dee@example.com||2026-04-15|followup|email|hi Dee Moss",
            "", "(STOP: Dee)",
            f"{self.ids['ana']}|Ana Lima|ana@example.com|+351 912 000 111|2026-06-03|followup|"
            "email|hi Ana Lima", "", "(STOP: Ana)"])
        self.assertEqual([r[4] for r in self.reminders()], ["sent", "sent"])

    def test_exec_failure_marks_nothing_and_exits_69(self):
        result = self.smp("touchup", "remind", "--exec", "exit 3", expect=69)
        self.assertIn("exited with status 3", result.stderr)
        self.assertEqual(self.reminders(), [])
        # The next run tries again.
        self.smp("touchup", "remind", "--exec", "cat >/dev/null")
        self.assertEqual(len(self.reminders()), 2)

    def test_exec_partial_failure_marks_only_the_successes(self):
        result = self.smp("touchup", "remind", "--exec", 'test "$SMP_NAME" = "Ana Lima"',
                          expect=69)
        self.assertIn("Dee Moss", result.stderr)
        self.assertEqual([(r[0], r[4]) for r in self.reminders()], [(self.ids["ana"], "sent")])

    def test_two_jobs_at_once_send_each_reminder_once(self):
        log = os.path.join(self.tmp, "sent.log")
        # Each send takes a while, so the two jobs overlap.
        send = f'sleep 0.3; echo "$SMP_CLIENT_ID" >> {log}'
        jobs = [subprocess.Popen(self.command(["touchup", "remind", "--exec", send]),
                                 env=self.env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                 stdin=subprocess.DEVNULL)
                for _ in range(2)]
        codes = sorted(job.wait(timeout=30) for job in jobs)
        for job in jobs:
            job.stdout.close()
            job.stderr.close()
        self.assertEqual(codes[0], 0)
        self.assertIn(codes[1], (0, 1))
        with open(log, encoding="utf-8") as f:
            sent = sorted(f.read().split())
        self.assertEqual(sent, sorted([str(self.ids["ana"]), str(self.ids["dee"])]))
        self.assertEqual(len(self.reminders()), 2)

    def test_two_printing_jobs_at_once_print_each_reminder_once(self):
        jobs = [subprocess.Popen(self.command(["touchup", "remind", "--format", "ndjson"]),
                                 env=self.env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                 stdin=subprocess.DEVNULL)
                for _ in range(2)]
        outputs = [job.communicate(timeout=30)[0].decode() for job in jobs]
        names = sorted(json.loads(line)["client_name"]
                       for out in outputs for line in out.splitlines())
        self.assertEqual(names, ["Ana Lima", "Dee Moss"])


# Debian's python3-icalendar lives in the system Python, which may not be the one running the
# tests (pyenv, a venv); the calendar is parsed there.
PARSE_CALENDAR = textwrap.dedent("""
    import icalendar, json, sys
    calendar = icalendar.Calendar.from_ical(sys.stdin.buffer.read())
    events = []
    for event in calendar.walk("VEVENT"):
        start = event.decoded("DTSTART")
        duration = event.get("DURATION")
        events.append({"uid": str(event["UID"]), "summary": str(event["SUMMARY"]),
                       "description": str(event.get("DESCRIPTION", "")),
                       "start": start.isoformat(),
                       "minutes": duration.dt.total_seconds() / 60 if duration else None,
                       "status": str(event.get("STATUS", "")),
                       "sequence": int(event.get("SEQUENCE", 0))})
    print(json.dumps(events))
""")


class CalendarTest(DueTestCase):
    def parse(self, ics):
        for python in ("/usr/bin/python3", sys.executable):
            if not os.path.exists(python):
                continue
            proc = subprocess.run([python, "-c", PARSE_CALENDAR], input=ics.encode("utf-8"),
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE)
            if proc.returncode == 0:
                return {e["uid"]: e for e in json.loads(proc.stdout)}
            if b"No module named 'icalendar'" not in proc.stderr:
                self.fail(f"icalendar could not parse the calendar: {proc.stderr.decode()}")
        self.skipTest("python3-icalendar is not installed (scripts/dev deps installs it)")

    def test_calendar_parses_with_due_dates_and_booked_sessions(self):
        self.smp("session", "plan", self.ids["ana"], "--date", "2026-06-20", "--time", "09:30",
                 "--duration", "2h30min", "--area", "hairline,crown", "-q")
        ics = self.smp("touchup", "calendar", "--within", "30d").stdout
        self.assertTrue(ics.startswith("BEGIN:VCALENDAR\r\n"))
        events = self.parse(ics)
        summaries = sorted(e["summary"] for e in events.values())
        self.assertIn("touch-up due: Bo Chen", summaries)
        self.assertIn("follow-up due: Dee Moss", summaries)
        self.assertNotIn("follow-up due: Ana Lima", summaries)  # she is booked now
        session = [e for e in events.values() if e["summary"].startswith("SMP: Ana Lima")][0]
        # In UTC, from the practitioner's zone (TZ=UTC here; other zones below).
        self.assertEqual(session["start"], "2026-06-20T09:30:00+00:00")
        self.assertEqual(session["minutes"], 150)
        self.assertIn("hairline, crown", session["description"])
        fay = [e for e in events.values() if e["summary"].startswith("SMP: Fay Rowe")][0]
        self.assertEqual(fay["start"], "2026-06-25T10:00:00+00:00")
        bo = [e for e in events.values() if e["summary"] == "touch-up due: Bo Chen"][0]
        self.assertEqual(bo["start"], "2025-09-20")

    def test_uids_are_stable_between_exports(self):
        first = self.parse(self.smp("touchup", "calendar").stdout)
        second = self.parse(self.smp("touchup", "calendar").stdout)
        self.assertEqual(set(first), set(second))
        # A new session moves Dee's due date; her event keeps its UID so a calendar updates it.
        self.log("dee", "2026-06-10")
        third = self.parse(self.smp("touchup", "calendar", "--within", "60d").stdout)
        dee = [uid for uid, e in first.items() if e["summary"] == "follow-up due: Dee Moss"][0]
        self.assertEqual(third[dee]["start"], "2026-06-24")

    def test_names_with_commas_semicolons_and_newlines_survive(self):
        awkward = "Smith, Jo; \"the 2nd\" 😀 Ünïcödé " + "x" * 80
        client = self.add_client(awkward, "--notes", "line one\nline two")
        self.smp("session", "log", client, "--date", "2026-06-01", "-q")
        self.smp("session", "plan", client, "--date", "2026-06-16", "--time", "11:00",
                 "--notes", "bring photos; consent, again\nsecond line", "-q")
        ics = self.smp("touchup", "calendar").stdout
        for line in ics.split("\r\n"):
            self.assertLessEqual(len(line.encode("utf-8")), 75, line)
        events = self.parse(ics)
        session = [e for e in events.values() if e["summary"].startswith("SMP: Smith")][0]
        self.assertEqual(session["summary"], f"SMP: {awkward} (session 2 of 3)")
        self.assertIn("bring photos; consent, again\nsecond line", session["description"])

    def session_events(self, name):
        events = self.parse(self.smp("touchup", "calendar", "--within", "60d").stdout)
        return [e for e in events.values() if e["summary"].startswith(f"SMP: {name}")]

    def test_times_are_utc_from_the_practitioners_time_zone(self):
        self.smp("session", "plan", self.ids["ana"], "--date", "2026-06-20", "--time", "09:30",
                 "-q")
        self.smp("session", "plan", self.ids["ana"], "--date", "2026-07-20", "--time", "09:30",
                 "--as-of", "2026-07-01", "-q")
        # Summer time in London that day: 09:30 there is 08:30 UTC.
        self.write_config('time_zone = "Europe/London"\n')
        starts = sorted(e["start"] for e in self.session_events("Ana Lima"))
        self.assertEqual(starts, ["2026-06-20T08:30:00+00:00", "2026-07-20T08:30:00+00:00"])
        # The system's zone when the config names none.
        self.write_config("")
        starts = sorted(e["start"] for e in self.session_events("Ana Lima"))
        self.assertEqual(starts[0], "2026-06-20T09:30:00+00:00")
        env = {"TZ": "Asia/Tokyo"}
        ics = self.smp("touchup", "calendar", env=env).stdout
        self.assertIn("DTSTART:20260620T003000Z\r\n", ics)
        # All-day due dates stay dates.
        self.assertIn("DTSTART;VALUE=DATE:20250920\r\n", ics)

    @unittest.skipUnless(shutil.which("calcurse"), "calcurse is not installed")
    def test_calcurse_in_another_zone_shows_the_right_hour(self):
        self.smp("session", "plan", self.ids["ana"], "--date", "2026-06-20", "--time", "09:30",
                 "-q")
        self.write_config('time_zone = "Europe/London"\n')
        path = os.path.join(self.tmp, "smp.ics")
        with open(path, "w", encoding="utf-8", newline="") as f:
            f.write(self.smp("touchup", "calendar").stdout)
        folder = os.path.join(self.tmp, "calcurse")
        os.mkdir(folder)
        env = {**self.env, "TZ": "America/New_York"}
        run = lambda *args: subprocess.run(["calcurse", "-D", folder, *args], env=env,
                                           capture_output=True, text=True, check=True).stdout
        self.assertIn("0 skipped", run("-i", path))
        shown = run("-Q", "--from", "06/20/2026", "--days", "1", "--format-apt", "%S %m\n")
        # 09:30 in London (summer time) is 04:30 in New York.
        self.assertIn("04:30 SMP: Ana Lima", shown)

    @unittest.skipUnless(shutil.which("khal"), "khal is not installed")
    def test_khal_in_another_zone_shows_the_right_hour_and_the_cancellation(self):
        self.smp("session", "plan", self.ids["ana"], "--date", "2026-06-20", "--time", "09:30",
                 "--duration", "1h", "-q")
        fay = self.json_out("session", "list", "--client", self.ids["fay"],
                            "--status", "scheduled")[0]["id"]
        self.smp("session", "cancel", str(fay))
        self.write_config('time_zone = "Europe/London"\n')
        path = os.path.join(self.tmp, "smp.ics")
        with open(path, "w", encoding="utf-8", newline="") as f:
            f.write(self.smp("touchup", "calendar").stdout)
        folder = os.path.join(self.tmp, "khal")
        os.makedirs(os.path.join(folder, "calendar"))
        config = os.path.join(folder, "config")
        with open(config, "w", encoding="utf-8") as f:
            f.write(textwrap.dedent(f"""\
                [calendars]
                [[smp]]
                path = {folder}/calendar
                [locale]
                timeformat = %H:%M
                dateformat = %Y-%m-%d
                longdateformat = %Y-%m-%d
                datetimeformat = %Y-%m-%d %H:%M
                longdatetimeformat = %Y-%m-%d %H:%M
                local_timezone = America/New_York
                default_timezone = America/New_York
                """))
        env = {**self.env, "XDG_DATA_HOME": os.path.join(folder, "data")}
        run = lambda *args: subprocess.run(["khal", "-c", config, *args], env=env,
                                           capture_output=True, text=True, check=True).stdout
        run("import", "--batch", "-a", "smp", path)
        shown = run("list", "2026-06-20", "10d")
        # 09:30 in London (summer time) is 04:30 in New York.
        self.assertIn("04:30-05:30 SMP: Ana Lima", shown)
        self.assertRegex(shown, r"CANCELLED .*SMP: Fay Rowe \(cancelled\)")

    def test_unknown_time_zone_is_a_config_error(self):
        self.write_config('time_zone = "Mars/Olympus"\n')
        _, err, _ = self.smp("touchup", "calendar", expect=78)
        self.assert_error(err, '"Mars/Olympus"', "Europe/London")

    def test_moved_session_raises_sequence_and_cancelled_one_is_marked(self):
        fay = [e for e in self.session_events("Fay Rowe")][0]
        self.assertEqual((fay["sequence"], fay["status"]), (0, ""))
        session = self.json_out("session", "list", "--client", self.ids["fay"],
                                "--status", "scheduled")[0]["id"]
        self.smp("session", "move", str(session), "--date", "2026-06-26", "--time", "11:00")
        moved = self.session_events("Fay Rowe")
        self.assertEqual(len(moved), 1)
        self.assertEqual(moved[0]["uid"], fay["uid"])
        self.assertEqual((moved[0]["start"], moved[0]["sequence"]),
                         ("2026-06-26T11:00:00+00:00", 1))
        self.smp("session", "cancel", str(session), "--reason", "ill")
        cancelled = self.session_events("Fay Rowe")
        self.assertEqual(len(cancelled), 1)
        self.assertEqual(cancelled[0]["uid"], fay["uid"])
        self.assertEqual((cancelled[0]["status"], cancelled[0]["sequence"]), ("CANCELLED", 2))

    def test_cancelled_sessions_leave_the_feed_after_keep_cancelled(self):
        session = self.json_out("session", "list", "--client", self.ids["fay"],
                                "--status", "scheduled")[0]["id"]
        self.smp("session", "cancel", str(session))
        self.assertEqual(len(self.session_events("Fay Rowe")), 1)
        # Cancelled 40 days ago (by the clock): past the default 30 days, within 60.
        with sqlite3.connect(self.records) as conn:
            conn.execute("UPDATE session SET cancelled_at = strftime('%Y-%m-%dT%H:%M:%SZ', "
                         "'now', '-40 days') WHERE id = ?", (session,))
        conn.close()
        self.assertEqual(self.session_events("Fay Rowe"), [])
        self.write_config('[calendar]\nkeep_cancelled = "60d"\n')
        self.assertEqual([e["status"] for e in self.session_events("Fay Rowe")], ["CANCELLED"])

    def test_due_in_ics_format(self):
        events = self.parse(self.smp("touchup", "due", "--format", "ics").stdout)
        self.assertEqual(len(events), 4)
        self.smp("touchup", "due", "--format", "ics", "--as-of", "2020-01-01", expect=1)

    def test_calendar_refuses_other_formats(self):
        result = self.smp("touchup", "calendar", "--format", "json", expect=64)
        self.assert_error(result.stderr, '--format "json"', "use ics")

    def test_ics_is_refused_by_other_commands(self):
        result = self.smp("client", "list", "--format", "ics", expect=64)
        self.assert_error(result.stderr, '--format "ics"', "touchup calendar")
        before = self.read_bytes(self.records)
        self.smp("client", "add", "Zed", "--format", "ics", expect=64)
        self.assertEqual(self.read_bytes(self.records), before)

    def test_handout_formats_are_refused_by_record_commands(self):
        result = self.smp("touchup", "due", "--format", "html", expect=64)
        self.assert_error(result.stderr, '--format "html"', "table, csv, tsv, json, ndjson or ics")
        result = self.smp("client", "list", "--format", "te\x1bxt", expect=64)
        self.assert_error(result.stderr, "te\\x1bxt")


class AgendaTest(DueTestCase):
    def test_agenda_json_has_each_part(self):
        self.smp("shade", "add", "Jet", "-q")
        self.smp("shade", "lot", "add", "Jet", "L-1", "--expires", "2026-07-31", "-q")
        self.smp("shade", "lot", "add", "Jet", "L-2", "--expires", "2028-01", "-q")
        self.smp("shade", "lot", "add", "Jet", "L-3", "--expires", "2029-01", "-q")
        self.smp("shade", "recall", "L-3", "--reason", "contamination", "-q")
        self.smp("session", "plan", self.ids["ana"], "--date", "2026-06-16", "--time", "09:00",
                 "--area", "crown", "-q")
        agenda = self.json_out("agenda")
        self.assertEqual(agenda["date"], "2026-06-15")
        sessions = agenda["sessions"]
        self.assertEqual([(s["date"], s["client_name"], s["kind"], s["course_number"],
                           s["course_planned"], s["areas"], s["overlaps"]) for s in sessions],
                         [("2026-06-16", "Ana Lima", "course", 2, 3, ["crown"], [])])
        # Fay's is after 7 days
        self.assertEqual([f["client_name"] for f in agenda["followups"]], ["Dee Moss", "Cy Dorn"])
        self.assertEqual([t["client_name"] for t in agenda["touchups"]], ["Bo Chen"])
        # "overdue (...)", "in 4 days": for a script whether and by how many days
        self.assertEqual([(f["overdue"], f["days_overdue"]) for f in agenda["followups"]],
                         [(True, 61), (False, 0)])
        table = self.smp("agenda").stdout
        self.assertIn("overdue (61 days late)", table)
        self.assertRegex(table, r"\btoday\b")
        self.assertEqual([(l["lot"], l["status"], l["recalled_on"]) for l in agenda["lots"]],
                         [("L-1", "expiring", None), ("L-3", "recalled", "2026-06-15")])
        longer = self.json_out("agenda", "--days", "10")
        self.assertEqual([s["client_name"] for s in longer["sessions"]], ["Ana Lima", "Fay Rowe"])

    def test_agenda_table_reads_as_a_day(self):
        out = self.smp("agenda").stdout
        for heading in ("sessions", "followups", "touchups", "lots"):
            self.assertIn(heading, out)
        self.assertIn("Bo Chen", out)
        self.assertIn("overdue", out)

    def test_agenda_csv_is_one_rectangle(self):
        rows = self.csv_rows("agenda")
        self.assertEqual({r["section"] for r in rows}, {"followups", "touchups"})
        self.assertEqual(list(rows[0]), ["section", "date", "client_id", "name", "detail"])


if __name__ == "__main__":
    unittest.main()
