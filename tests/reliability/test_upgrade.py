"""Upgrading a file an older smp wrote keeps what was derived from its records right: schema 8
keeps course numbers and booked clients' names on the sessions, schema 9 the contact details
on the due entries, and each must fill them in for the records already on file."""

import sqlite3
import unittest

from reliability import SmpTestCase, connect, current_version, fetch_all, make_old_file

# (client, date, time, status, kind) as a schema 7 smp would have stored them.
SESSIONS = [
    (1, "2026-01-10", None, "done", "course"),
    (1, "2026-02-01", "10:00", "cancelled", "course"),  # no number
    (1, "2026-02-01", None, "done", "touchup"),        # no number
    (1, "2026-02-10", "09:00", "scheduled", "course"),  # 2 of 3
    (2, "2026-02-10", None, "scheduled", "course"),     # 1 of 3: untimed, first in its day
    (2, "2026-02-11", None, "scheduled", "touchup"),
]


class UpgradeFromSchema7Test(SmpTestCase):
    def setUp(self):
        super().setUp()
        make_old_file(self.records, version=7, clients=2)
        conn = connect(self.records)
        conn.executemany(
            "INSERT INTO session (uuid, client_id, date, time, status, kind, created_at, "
            "updated_at) VALUES (?, ?, ?, ?, ?, ?, '2026-01-01T00:00:00Z', "
            "'2026-01-01T00:00:00Z')",
            [(f"s-{n}", *row) for n, row in enumerate(SESSIONS, 1)])
        conn.commit()
        conn.close()

    def test_sessions_on_file_are_numbered_and_booked_ones_named(self):
        self.smp("--as-of", "2026-02-09", "agenda", "--days", "7")  # upgrades the file
        conn = sqlite3.connect(self.records)
        rows = conn.execute("SELECT id, course_number, booked_client_name FROM session "
                            "ORDER BY id").fetchall()
        conn.close()
        self.assertEqual(rows, [(1, 1, None), (2, None, None), (3, None, None),
                                (4, 2, "Old Client 1"), (5, 1, "Old Client 2"),
                                (6, None, "Old Client 2")])
        agenda = self.smp("--as-of", "2026-02-09", "agenda", "--days", "7",
                          "--format", "csv").stdout
        self.assertIn("sessions,2026-02-10,2,Old Client 2,session: 1 of 3", agenda)
        self.assertIn("sessions,2026-02-10,1,Old Client 1,time: 09:00; session: 2 of 3", agenda)
        self.assertIn("sessions,2026-02-11,2,Old Client 2,session: touchup", agenda)
        check = self.smp("check").stdout
        self.assertIn("course numbers: ok", check)
        self.assertIn("booked sessions: ok", check)


class UpgradeFromSchema8Test(SmpTestCase):
    def test_due_entries_on_file_get_their_clients_contact_details(self):
        # The due rules smp uses with no config, read from a file it made, so the entry below
        # is not rebuilt but upgraded.
        fresh = self.records + ".fresh"
        self.smp("-f", fresh, "init")
        rules = fetch_all(fresh, "SELECT value FROM setting WHERE key = 'due_rules'")[0][0]
        make_old_file(self.records, version=8, clients=1)
        conn = connect(self.records)
        conn.execute("INSERT INTO setting (key, value) VALUES ('due_rules', ?)", (rules,))
        conn.execute("INSERT INTO due (client_id, kind, due_on, overdue_after, reason) VALUES "
                     "(1, 'touchup', '2026-03-01', '2026-04-01', 'written by schema 8')")
        conn.close()
        due = self.smp("--as-of", "2026-02-20", "touchup", "due", "--format", "csv").stdout
        self.assertIn("1,Old Client 1,\"'+44 7700 900001\",,touchup,2026-03-01", due)
        self.assertEqual(fetch_all(self.records, "SELECT reason, name FROM due"),
                         [("written by schema 8", "Old Client 1")])


class UpgradeFromSchema11Test(SmpTestCase):
    def test_an_upgraded_file_keeps_sending_reminders_without_consent(self):
        # Issue 19: a new file asks for marketing consent; a file from before keeps today's
        # behaviour until reminder.requires_consent is written, and gains the attempts table.
        make_old_file(self.records, version=11, clients=1)
        conn = connect(self.records)
        conn.execute("UPDATE client SET email = 'old@example.com'")
        conn.close()
        self.smp("session", "log", "1", "--date", "2026-06-01", "-q")
        self.assertEqual(fetch_all(self.records, "SELECT key FROM setting WHERE key = "
                                                 "'reminder.requires_consent'"), [])
        self.assertIn("Old Client 1", self.smp("touchup", "remind").stdout)
        self.assertIn("created before the rule", self.smp("check").stdout)
        self.assertEqual(fetch_all(self.records, "SELECT count(*) FROM send_attempt"), [(0,)])
        fresh = self.records + ".fresh"
        self.smp("-f", fresh, "init")
        self.assertEqual(fetch_all(fresh, "SELECT value FROM setting WHERE key = "
                                          "'reminder.requires_consent'"), [("marketing",)])


class UpgradeFromSchema17Test(SmpTestCase):
    def test_reminders_and_attempts_on_file_are_kept_by_the_table_copy(self):
        # Issue 20: schema 19 copies the reminder and send_attempt tables to widen their kinds
        # and add session_id; what was sent stays sent (not sent again), every try stays.
        make_old_file(self.records, version=17, clients=1)
        conn = connect(self.records)
        conn.execute("UPDATE client SET email = 'old@example.com'")
        conn.execute("INSERT INTO reminder (uuid, client_id, kind, due_on, channel, address, "
                     "status, sent_on, sent_at, message) VALUES ('r-1', 1, 'followup', "
                     "'2026-06-15', 'email', 'old@example.com', 'sent', '2026-06-15', "
                     "'2026-06-15T08:00:00Z', 'Hello')")
        conn.execute("INSERT INTO send_attempt (uuid, client_id, kind, due_on, channel, "
                     "address, attempted_on, attempted_at, outcome, exit_status) VALUES "
                     "('a-1', 1, 'followup', '2026-06-15', 'email', 'old@example.com', "
                     "'2026-06-15', '2026-06-15T08:00:00Z', 'sent', 0)")
        conn.close()
        self.smp("session", "log", "1", "--date", "2026-06-01", "-q")  # upgrades the file
        self.assertEqual(fetch_all(self.records, "SELECT uuid, kind, due_on, status, "
                                                 "session_id FROM reminder"),
                         [("r-1", "followup", "2026-06-15", "sent", None)])
        self.assertEqual(fetch_all(self.records, "SELECT uuid, outcome, session_id FROM "
                                                 "send_attempt"), [("a-1", "sent", None)])
        self.assertEqual(fetch_all(self.records, "SELECT service_messages FROM client"),
                         [(1,)])
        self.assertIn("foreign keys: ok", self.smp("check").stdout)



class UpgradeLotsFromSchema17Test(SmpTestCase):
    """Schema 18 counts pigment stock: a lot on file keeps its opened day, its stock is unknown
    (null, not 0), and a restored backup of a schema 17 file upgrades the same way."""

    def make_file_with_a_lot(self, path):
        make_old_file(path, version=17, clients=1)
        conn = connect(path)
        conn.execute("INSERT INTO shade (uuid, name, base, created_at, updated_at) VALUES "
                     "('sh-1', 'Midnight', 'black', '2026-01-01T00:00:00Z', "
                     "'2026-01-01T00:00:00Z')")
        conn.execute("INSERT INTO lot (uuid, shade_id, number, expires_on, opened_on, "
                     "created_at, updated_at) VALUES ('lot-1', 1, 'A1', '2028-01-31', "
                     "'2025-03-01', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z')")
        conn.commit()
        conn.close()

    def assert_lot_upgraded(self, *options):
        lots = self.json_out(*options, "shade", "lot", "list")
        self.assertEqual(len(lots), 1)
        self.assertIsNone(lots[0]["bottles"])
        self.assertIsNone(lots[0]["bottles_left"])
        self.assertEqual(lots[0]["last_opened_on"], "2025-03-01")
        self.assertEqual(lots[0]["opened_expires_on"], "2026-03-01")
        self.smp(*options, "shade", "lot", "open", "A1", "--date", "2026-06-01")
        self.assertEqual(self.json_out(*options, "shade", "lot", "list")[0]["bottles_opened"], 1)

    def test_lot_on_file_keeps_its_opened_day(self):
        self.make_file_with_a_lot(self.records)
        self.assert_lot_upgraded()
        self.assertEqual(fetch_all(self.records, "PRAGMA user_version")[0][0], current_version())

    def test_restored_old_backup_upgrades(self):
        self.smp("init")
        old = self.records + ".v17"
        self.make_file_with_a_lot(old)
        self.smp("restore", old, "--yes")
        self.assert_lot_upgraded()
        self.assertEqual(self.smp("check", expect=None).code, 0)


if __name__ == "__main__":
    unittest.main()
