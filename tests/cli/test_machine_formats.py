"""init, backup and check honour --format like every other command: a record or rows a script
can read, instead of text for a person."""

import json
import os

from smptest import SmpTestCase


class MachineFormatTest(SmpTestCase):
    def test_init_prints_a_record(self):
        first = self.json_out("init")
        self.assertEqual(first["records_file"], self.records)
        self.assertIs(first["created"], True)
        self.assertEqual(first["schema_version"], self.schema_version_in_source())
        again = self.json_out("init")
        self.assertIs(again["created"], False)

    def test_backup_prints_a_record(self):
        self.add_client("Jane Doe")
        target = os.path.join(self.tmp, "copy.db")
        record = self.json_out("backup", target)
        self.assertEqual(record, {"backup_file": target})
        self.assertTrue(os.path.exists(target))

    def test_client_export_to_a_file_prints_a_summary_record(self):
        client = int(self.add_client("Jane Doe"))
        target = os.path.join(self.tmp, "jane.json")
        out, err, _ = self.smp("client", "export", "jane", "--output", target, "--format", "json")
        self.assertEqual(json.loads(out), {"client_id": client, "output_file": target})
        self.assertEqual(err, "")
        with open(target, encoding="utf-8") as f:
            self.assertEqual(json.load(f)["profile"]["name"], "Jane Doe")

    def test_check_prints_a_row_per_check(self):
        self.add_client("Jane Doe")
        rows = self.json_out("check")
        self.assertIsInstance(rows, list)
        self.assertIn("integrity", [row["check"] for row in rows])
        for row in rows:
            self.assertEqual(set(row), {"check", "ok", "note", "problem"})
            self.assertIs(row["ok"], True)
            self.assertIsNone(row["problem"])
        self.assertEqual([row["check"] for row in self.csv_rows("check")],
                         [row["check"] for row in rows])
        lines = self.smp("check", "--format", "ndjson").stdout.splitlines()
        self.assertEqual([json.loads(line) for line in lines], rows)

    def test_check_lists_a_problem_as_a_row_and_exits_65(self):
        self.add_client("Jane Doe")
        self.smp("session", "log", "jane", "--date", "2026-06-01")
        # A booked-session copy of the client's name that no longer matches: a problem.
        import sqlite3
        with sqlite3.connect(self.records) as conn:
            conn.execute("UPDATE session SET course_number = 7")
        conn.close()
        out, err, _ = self.smp("check", "--format", "json", expect=65)
        rows = json.loads(out)
        problems = [row for row in rows if not row["ok"]]
        self.assertTrue(problems)
        self.assertTrue(all(isinstance(row["problem"], str) for row in problems))
        self.assert_error(err, "checks found problems")
