"""`smp client duplicates` and `smp client merge` (issue 19): likely duplicates listed in every
format; a merge moves every record of OTHER to KEEP, fills KEEP's empty fields, keeps KEEP's
side of a conflict unless --take, records OTHER's uuid as merged and removes OTHER, in one go."""

import os
import unittest

from smptest import EXIT_NO_MATCH, EXIT_USAGE, SmpTestCase, parse_csv


class DuplicatesTest(SmpTestCase):
    def test_lists_same_name_with_same_phone_or_email_and_near_names(self):
        tom = self.add_client("Tom Baker", "--phone", "+44 7700 900111")
        again = self.add_client("TOM BAKER", "--phone", "+447700900111")
        ann = self.add_client("Ann Lee", "--email", "ann@example.com")
        ann2 = self.add_client("Ann Lée", "--email", "ANN@example.com")
        jon = self.add_client("Jon Smith", "--phone", "0700 1")
        john = self.add_client("John Smith", "--phone", "07001")
        self.add_client("Other Person", "--phone", "+44 7700 900111")
        self.add_client("Jon Smith")  # no contact to compare: not listed
        pairs = {(r["id"], r["duplicate_id"]): r["reason"]
                 for r in self.json_out("client", "duplicates")}
        self.assertEqual(pairs, {(tom, again): "same name and phone",
                                 (ann, ann2): "same name and email",
                                 (jon, john): "near names, same phone"})
        rows = parse_csv(self.smp("--format", "csv", "client", "duplicates").stdout)
        self.assertEqual(rows[0][:5], ["id", "name", "phone", "email", "duplicate_id"])
        self.assertEqual(len(rows), 4)

    def test_none_exits_1(self):
        self.add_client("Tom Baker", "--phone", "+44 7700 900123")
        self.smp("client", "duplicates", expect=EXIT_NO_MATCH)


class MergeTest(SmpTestCase):
    def setUp(self):
        super().setUp()
        self.keep = self.add_client("Tom Baker", "--phone", "+44 7700 900111")
        self.other = self.add_client("Tom Bakker", "--phone", "+44 7700 900222", "--email",
                                     "tom@example.com", "--notes", "from the web form")
        self.smp("session", "log", str(self.keep), "--date", "2026-01-05", "-q")
        self.smp("session", "log", str(self.other), "--date", "2026-01-19", "-q")
        self.smp("session", "log", str(self.other), "--date", "2026-02-16", "-q")
        self.smp("client", "consent", str(self.other), "--kind", "marketing", "--signed",
                 "2026-01-01", "-q")
        self.smp("payment", "add", str(self.other), "50", "-q")
        self.other_uuid = self.json_out("client", "show", str(self.other))["uuid"]

    def test_dry_run_shows_the_plan_and_changes_nothing(self):
        before = self.read_bytes(self.records)
        out = self.smp("client", "merge", str(self.keep), str(self.other), "--dry-run").stdout
        self.assertIn("move 2 session records", out)
        self.assertIn("move 1 consent record", out)
        self.assertIn("move 1 payment record", out)
        self.assertIn('fill email: "tom@example.com"', out)
        self.assertIn(f'keep phone: "+44 7700 900111" (client {self.other} has "+44 7700 '
                      f'900222"); --take phone to take it', out)
        self.assertEqual(self.read_bytes(self.records), before)

    def test_merge_moves_everything_fills_and_removes_other(self):
        self.smp("client", "merge", str(self.keep), str(self.other), "--take", "phone", "--yes")
        ids = [c["id"] for c in self.json_out("client", "list", "--all")]
        self.assertEqual(ids, [self.keep])
        client = self.json_out("client", "show", str(self.keep))
        self.assertEqual(client["name"], "Tom Baker")
        self.assertEqual(client["phone"], "+44 7700 900222")
        self.assertEqual(client["email"], "tom@example.com")
        self.assertEqual(client["notes"], "from the web form")
        sessions = sorted((s["date"], s["client_id"], s["course_number"])
                          for s in self.json_out("session", "list"))
        self.assertEqual(sessions, [("2026-01-05", self.keep, 1), ("2026-01-19", self.keep, 2),
                                    ("2026-02-16", self.keep, 3)])
        self.assertEqual([p["client_id"] for p in self.json_out("payment", "list")], [self.keep])
        self.assertEqual(self.query("SELECT client_id FROM consent"), [(self.keep,)])
        # Found by search under its kept name only; the other's entry is gone.
        self.assertEqual(self.query("SELECT rowid FROM client_search"), [(self.keep,)])
        self.assertIn("ok", self.smp("check").stdout)
        # Dated as every record of the run is: by --as-of, not the machine's clock.
        self.assertEqual(self.query("SELECT merged_on FROM merged_client"), [("2026-06-15",)])

    def test_an_import_of_the_merged_uuid_updates_the_kept_client(self):
        self.smp("client", "merge", str(self.keep), str(self.other), "--yes")
        path = os.path.join(self.tmp, "old.csv")
        with open(path, "w", encoding="utf-8") as f:
            f.write(f"uuid,name,notes\n{self.other_uuid},Tom Baker,updated later\n")
        self.smp("import", "clients", path)
        clients = self.json_out("client", "list", "--all")
        self.assertEqual([c["id"] for c in clients], [self.keep])
        self.assertEqual(clients[0]["notes"], "updated later")

    def test_refused_without_confirmation_and_for_one_client_twice(self):
        before = self.read_bytes(self.records)
        result = self.smp("client", "merge", str(self.keep), str(self.other), expect=EXIT_USAGE)
        self.assert_error(result.stderr, "--yes")
        result = self.smp("client", "merge", str(self.keep), str(self.keep), "--yes",
                          expect=EXIT_USAGE)
        self.assert_error(result.stderr, "both client")
        result = self.smp("client", "merge", str(self.keep), str(self.other), "--take", "shoe",
                          "--yes", expect=EXIT_USAGE)
        self.assertIn('"shoe"', result.stderr)
        self.assertEqual(self.read_bytes(self.records), before)


if __name__ == "__main__":
    unittest.main()
