"""Erasure that stays erased (issue 19): `client forget` records the uuid it erased and the day,
nothing personal; `restore` erases them again in a backup made before; `import` refuses a row
with an erased uuid; `smp check` reports a person present whose uuid is recorded as erased.
"""

import os
import sqlite3
import unittest

from smptest import EXIT_DATA, SmpTestCase


class ErasureTest(SmpTestCase):
    def setUp(self):
        super().setUp()
        self.jane = self.add_client("Jane Doe", "--email", "jane@example.com")
        self.tom = self.add_client("Tom Smith", "--email", "tom@example.com")
        self.smp("session", "log", self.jane, "--date", "2026-05-20", "-q")
        self.uuid = self.json_out("client", "show", self.jane)["uuid"]

    def names(self):
        return [row["name"] for row in self.json_out("client", "list", "--all")]

    def test_forget_records_the_uuid_and_the_day_only(self):
        self.smp("client", "forget", self.jane, "--yes")
        rows = self.query("SELECT * FROM erasure")
        self.assertEqual(len(rows), 1)
        self.assertEqual(rows[0][0], self.uuid)
        self.assertRegex(rows[0][1], r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")
        self.assertNotIn("Jane", repr(rows))
        self.assertIn("erased clients: ok", self.smp("check").stdout)

    def test_restore_erases_again_who_was_forgotten_after_the_backup(self):
        backup = os.path.join(self.tmp, "before.db")
        self.smp("backup", backup)
        self.smp("client", "forget", self.jane, "--yes", "--purge")
        result = self.smp("restore", backup, "--yes")
        self.assertIn("1 erasure re-applied", result.stderr)
        self.assertNotIn("Jane Doe", self.names())
        self.assertIn("Tom Smith", self.names())
        self.assertEqual(self.query("SELECT uuid FROM erasure"), [(self.uuid,)])
        # Nobody to remind, and the file is clean.
        self.assertNotIn("jane@example.com",
                         self.smp("touchup", "remind", "--dry-run", expect=(0, 1)).stdout)
        self.assertIn("erased clients: ok", self.smp("check").stdout)
        # The restored file remembers it: a second restore of the same backup erases again.
        result = self.smp("restore", backup, "--yes")
        self.assertIn("1 erasure re-applied", result.stderr)
        self.assertNotIn("Jane Doe", self.names())

    def test_restore_keeps_erasures_of_a_file_a_schema_behind(self):
        # A file written by the smp before this one (schema 13, the first with the erasure
        # record) still has its erasures carried over, before this smp upgrades anything.
        backup = os.path.join(self.tmp, "before.db")
        self.smp("backup", backup)
        self.smp("client", "forget", self.jane, "--yes")
        conn = sqlite3.connect(self.records)
        conn.execute("DROP TABLE merged_client")
        conn.execute("PRAGMA user_version = 13")
        conn.commit()
        conn.close()
        result = self.smp("restore", backup, "--yes")
        self.assertIn("1 erasure re-applied", result.stderr)
        self.assertNotIn("Jane Doe", self.names())

    def test_import_refuses_a_row_with_an_erased_uuid(self):
        export = os.path.join(self.tmp, "clients.csv")
        self.smp("export", "clients", "--output", export)
        self.smp("client", "forget", self.jane, "--yes")
        result = self.smp("import", "clients", export, expect=EXIT_DATA)
        self.assertIn(f"uuid: {self.uuid} belongs to a client erased on", result.stderr)
        self.assertNotIn("Jane Doe", self.names())

    def test_check_reports_a_person_present_whose_uuid_was_erased(self):
        conn = sqlite3.connect(self.records)
        conn.execute("INSERT INTO erasure (uuid, erased_on, purged) VALUES (?, '2026-06-01', 0)",
                     (self.uuid,))
        conn.commit()
        conn.close()
        result = self.smp("check", expect=EXIT_DATA)
        self.assertIn(f"erased clients: client {self.jane} has uuid {self.uuid}, erased on "
                      f"2026-06-01: erase them again with `smp client forget {self.jane}`",
                      result.stdout)


if __name__ == "__main__":
    unittest.main()
