"""smp backup, restore and check; a client's own data: client export, forget, --inactive-since."""

import glob
import hashlib
import json
import os
import sqlite3
import stat

from smptest import (APPLICATION_ID, EXIT_CANT_CREATE, EXIT_DATA, EXIT_USAGE, SmpTestCase)

NAME, PHONE, EMAIL, NOTE = "Jane Doe", "+44 7700 900123", "jane.doe@example.com", "likes earl grey"


class BackupTestCase(SmpTestCase):
    def setUp(self):
        super().setUp()
        self.smp("init")
        self.jane = self.add_client(NAME, "--phone", PHONE, "--email", EMAIL, "--notes", NOTE)
        self.smp("shade", "add", "Onyx", "--base", "black", "-q")
        self.smp("shade", "lot", "add", "Onyx", "LOT-7", "--expires", "2028-01-01", "-q")
        self.smp("session", "log", NAME, "--lot", "LOT-7", "--date", "2026-01-10",
                 "--notes", f"{NAME} was nervous", "-q")

    def write_sql(self, *statements, path=None):
        """Changes a SQLite file behind smp's back (tampering, or a foreign database)."""
        conn = sqlite3.connect(path or self.records)
        try:
            for statement in statements:
                conn.execute(statement)
            conn.commit()
        finally:
            conn.close()

    def backup(self, *args, **kw):
        return self.smp("backup", *args, preexec_fn=lambda: os.umask(0o022), **kw).stdout.strip()

    def assert_good_copy(self, path):
        self.assertEqual(stat.S_IMODE(os.stat(path).st_mode), 0o600)
        self.assertEqual(self.query("PRAGMA integrity_check", path=path), [("ok",)])
        self.assertEqual(self.query("PRAGMA application_id", path=path), [(APPLICATION_ID,)])
        self.assertEqual(self.query("SELECT name FROM client", path=path), [(NAME,)])


class Backup(BackupTestCase):
    def test_default_name_beside_the_records_file(self):
        path = self.backup()
        self.assertRegex(os.path.basename(path), r"^records\.db\.backup-\d{8}T\d{6}Z\.db$")
        self.assertEqual(os.path.dirname(path), self.tmp)
        self.assert_good_copy(path)

    def test_into_a_folder_and_to_a_file(self):
        folder = os.path.join(self.tmp, "copies")
        os.mkdir(folder)
        self.assert_good_copy(self.backup(folder))
        self.assertEqual(len(os.listdir(folder)), 1)
        target = os.path.join(self.tmp, "mine.db")
        self.assertEqual(self.backup(target), target)
        self.assert_good_copy(target)

    def test_never_overwrites(self):
        target = os.path.join(self.tmp, "mine.db")
        with open(target, "w") as f:
            f.write("keep me")
        result = self.smp("backup", target, expect=EXIT_CANT_CREATE)
        self.assert_error(result.stderr, "already exists")
        self.assertEqual(self.read_bytes(target), b"keep me")

    def test_while_another_connection_reads(self):
        reader = sqlite3.connect(self.records)
        self.addCleanup(reader.close)
        reader.execute("BEGIN")
        reader.execute("SELECT count(*) FROM client").fetchall()  # holds a shared lock
        self.assert_good_copy(self.backup())


class Restore(BackupTestCase):
    def test_restores_and_keeps_the_replaced_file(self):
        backup = self.backup()
        self.add_client("Later Client")
        self.smp("restore", backup, "--yes")
        self.assertEqual(self.query("SELECT name FROM client"), [(NAME,)])
        self.assertEqual(stat.S_IMODE(os.stat(self.records).st_mode), 0o600)
        kept = [p for p in glob.glob(self.records + ".backup-*.db") if p != backup]
        self.assertEqual(len(kept), 1)
        self.assertEqual(sorted(self.query("SELECT name FROM client", path=kept[0])),
                         [(NAME,), ("Later Client",)])

    def assert_refused(self, path):
        before, records_before = self.read_bytes(path), self.read_bytes(self.records)
        result = self.smp("restore", path, "--yes", expect=EXIT_DATA)
        self.assert_error(result.stderr, "nothing was restored")
        self.assertEqual(self.read_bytes(path), before)
        self.assertEqual(self.read_bytes(self.records), records_before)
        self.assertEqual(glob.glob(self.records + ".backup-*"), [])

    def test_refuses_a_file_that_is_not_a_database(self):
        path = os.path.join(self.tmp, "junk.db")
        with open(path, "wb") as f:
            f.write(b"not a database at all\n" * 200)
        self.assert_refused(path)

    def test_refuses_a_foreign_database(self):
        path = os.path.join(self.tmp, "foreign.db")
        self.write_sql("CREATE TABLE t (x)", path=path)
        self.assert_refused(path)

    def test_refuses_a_corrupt_backup(self):
        data = bytearray(self.read_bytes(self.backup()))
        for name in glob.glob(self.records + ".backup-*"):
            os.remove(name)
        page_size = int.from_bytes(data[16:18], "big")
        for page in range(page_size, len(data), page_size):
            data[page] = 0xFF  # an invalid b-tree page type on every page but the first
        path = os.path.join(self.tmp, "corrupt.db")
        with open(path, "wb") as f:
            f.write(data)
        self.assert_refused(path)

    def test_asks_first(self):
        backup = self.backup()
        result = self.smp("restore", backup, expect=EXIT_USAGE)
        self.assert_error(result.stderr, "--yes")


class Check(BackupTestCase):
    def test_ok_on_a_good_file(self):
        out = self.smp("check").stdout
        lines = out.splitlines()
        self.assertGreaterEqual(len(lines), 6)
        for line in lines:
            self.assertRegex(line, r": ok( \(.*\))?$")

    def test_reports_a_tampered_due_row(self):
        self.write_sql(f"UPDATE due SET due_on = '2031-01-01' WHERE client_id = {self.jane}")
        before = self.read_bytes(self.records)
        result = self.smp("check", expect=EXIT_DATA)
        self.assertIn(f"due index: client {self.jane}:", result.stdout)
        self.assertIn("2031-01-01", result.stdout)
        self.assertEqual(self.read_bytes(self.records), before)  # read-only

    def test_reports_a_tampered_course_number_and_booking(self):
        self.smp("--as-of", "2026-02-01", "session", "plan", NAME, "--date", "2026-02-10", "-q")
        self.write_sql("UPDATE session SET course_number = 5 WHERE kind = 'course' AND "
                       "status = 'done'",
                       "UPDATE session SET booked_client_name = 'Someone Else' WHERE "
                       "status = 'scheduled'")
        result = self.smp("check", expect=EXIT_DATA)
        self.assertIn("course numbers: session 1 (client 1) is numbered 5 in its course, "
                      "which counts it 1", result.stdout)
        self.assertIn('booked sessions: session 2 (scheduled) carries client 1 as '
                      '"Someone Else"', result.stdout)
        self.assertIn("due index: ok", result.stdout)

    def test_reports_a_changed_consent_document(self):
        document = os.path.join(self.tmp, "consent.pdf")
        with open(document, "w") as f:
            f.write("signed")
        self.smp("client", "consent", NAME, "--kind", "treatment", "--signed", "2026-01-01",
                 "--document", document, "-q")
        self.assertIn("consent documents: ok", self.smp("check").stdout)
        with open(document, "w") as f:
            f.write("altered")
        result = self.smp("check", expect=EXIT_DATA)
        self.assertIn("consent documents: consent 1", result.stdout)
        # A backup cannot mend a changed document: the advice is to record it again.
        self.assertIn("re-scan the signed form and record it again with `smp client consent 1 "
                      "--kind treatment --signed 2026-01-01 --document FILE`", result.stdout)
        self.assertNotIn("restore a backup (`smp restore`) or mend", result.stderr)
        os.remove(document)  # a missing document is a warning, not ok and not a problem
        out = self.smp("check").stdout
        self.assertIn("consent documents: warning: consent 1 (client 1): "
                      f"\"{document}\" is not found; if it is lost, re-scan", out)
        self.assertNotIn("consent documents: ok", out)
        self.smp("check", "--strict", expect=EXIT_DATA)

    def test_reports_a_session_after_the_final_one(self):
        self.smp("session", "log", NAME, "--date", "2026-02-10", "--final", "-q")
        self.smp("check")
        self.write_sql("UPDATE session SET final = 0",
                       "UPDATE session SET final = 1 WHERE date = '2026-01-10'")
        result = self.smp("check", expect=EXIT_DATA)
        self.assertIn("course order: session", result.stdout)


class ClientData(BackupTestCase):
    def test_export_holds_everything(self):
        self.smp("client", "consent", NAME, "--kind", "data", "--signed", "2026-01-01", "-q")
        data = self.json_out("client", "export", NAME)
        self.assertEqual(data["profile"]["name"], NAME)
        self.assertEqual(data["profile"]["email"], EMAIL)
        self.assertEqual([s["lots"] for s in data["sessions"]], [["LOT-7"]])
        self.assertEqual([c["kind"] for c in data["consents"]], ["data"])
        self.assertEqual(data["reminders"], [])

    def test_export_to_a_private_file(self):
        target = os.path.join(self.tmp, "jane.json")
        self.smp("client", "export", NAME, "--output", target, preexec_fn=lambda: os.umask(0o022))
        self.assertEqual(stat.S_IMODE(os.stat(target).st_mode), 0o600)
        with open(target, encoding="utf-8") as f:
            self.assertEqual(json.load(f)["profile"]["phone"], PHONE)
        self.smp("client", "export", NAME, "--output", target, expect=EXIT_CANT_CREATE)

    def records_bytes(self):
        data = self.read_bytes(self.records)
        journal = self.records + "-journal"
        return data + (self.read_bytes(journal) if os.path.exists(journal) else b"")

    def test_forget_removes_personal_data_from_the_bytes(self):
        self.assertIn(NAME.encode(), self.records_bytes())  # the search below can fail
        self.smp("client", "forget", NAME, "--yes")
        data = self.records_bytes()
        for secret in (NAME, PHONE, EMAIL, NOTE, "Jane"):
            self.assertFalse(secret.encode() in data, f"{secret!r} is still in the records file")
        trace = self.csv_rows("shade", "trace", "LOT-7")
        self.assertEqual(len(trace), 1)
        self.assertEqual(self.query("SELECT name, archived_at IS NOT NULL FROM client"),
                         [("forgotten client", 1)])

    def test_forget_purge_removes_the_sessions(self):
        self.smp("client", "forget", NAME, "--purge", "--yes")
        self.assertEqual(self.query("SELECT count(*) FROM client"), [(0,)])
        self.assertEqual(self.query("SELECT count(*) FROM session"), [(0,)])

    def test_forget_names_copies_beside_the_records_file(self):
        backup = self.backup()
        result = self.smp("client", "forget", NAME, "--yes")
        self.assertIn(backup, result.stderr)

    def test_forget_asks_first(self):
        result = self.smp("client", "forget", NAME, expect=EXIT_USAGE)
        self.assert_error(result.stderr, "--yes")
        self.assertEqual(self.query("SELECT name FROM client"), [(NAME,)])

    def test_inactive_since(self):
        self.add_client("Recent Client", as_of=False)  # created today, never treated
        # Jane's only session was on 2026-01-10; today is 2026-06-15.
        rows = self.json_out("client", "list", "--inactive-since", "3mo")
        self.assertEqual([row["id"] for row in rows], [self.jane])
        self.smp("client", "list", "--inactive-since", "1y", expect=1)  # none match
        self.smp("session", "plan", NAME, "--date", "2026-07-01", "-q")
        self.smp("client", "list", "--inactive-since", "3mo", expect=1)  # booked again


if __name__ == "__main__":
    import unittest
    unittest.main()
