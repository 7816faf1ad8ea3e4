"""No duplicate clients (issue 19): an import row that repeats a client on file (same name and
phone or email) is an update only when the file says so (uuid, --match), else the import is
refused as a whole; the same sessions file imported twice is refused the same way."""

import os
import unittest

from smptest import EXIT_DATA, EXIT_USAGE, SmpTestCase


class ImportDuplicatesTest(SmpTestCase):
    def setUp(self):
        super().setUp()
        self.tom = self.add_client("Tom Baker", "--phone", "+44 7700 900111")
        self.ann = self.add_client("Ann Lee", "--email", "ann@example.com")

    def write(self, name, text):
        path = os.path.join(self.tmp, name)
        with open(path, "w", encoding="utf-8", newline="") as f:
            f.write(text)
        return path

    def names(self):
        return sorted(row["name"] for row in self.json_out("client", "list", "--all"))

    def test_a_spreadsheet_imported_twice_is_refused_and_the_file_untouched(self):
        path = self.write("again.csv", "name,phone,email,notes\n"
                                       "TOM BAKER,+447700900111,,regular\n"
                                       "Ann Lee,,ANN@example.com,\n"
                                       "New Person,,,\n")
        before = self.read_bytes(self.records)
        result = self.smp("import", "clients", path, expect=EXIT_DATA)
        self.assertIn(f'{path}:2: duplicate of client {self.tom} "Tom Baker" (same name and '
                      f'phone)', result.stderr)
        self.assertIn(f'{path}:3: duplicate of client {self.ann} "Ann Lee" (same name and '
                      f'email)', result.stderr)
        self.assert_error(result.stderr.splitlines()[-1], "nothing imported", "--match",
                          "--allow-duplicates")
        self.assertEqual(self.read_bytes(self.records), before)

    def test_match_makes_the_row_an_update_of_that_client(self):
        path = self.write("update.csv", "name,phone,notes\nTom Baker,+44 7700 900111,regular\n")
        self.smp("import", "clients", path, "--match", "name,phone")
        self.assertEqual(self.names(), ["Ann Lee", "Tom Baker"])
        self.assertEqual(self.json_out("client", "show", str(self.tom))["notes"], "regular")
        # By phone only: an email match is still a duplicate.
        path = self.write("email.csv", "name,email\nAnn Lee,ann@example.com\n")
        self.smp("import", "clients", path, "--match", "name,phone", expect=EXIT_DATA)

    def test_allow_duplicates_adds_them_as_new_clients(self):
        path = self.write("twice.csv", "name,phone\nTom Baker,+44 7700 900111\n")
        self.smp("import", "clients", path, "--allow-duplicates")
        self.assertEqual(self.names(), ["Ann Lee", "Tom Baker", "Tom Baker"])

    def test_an_export_with_uuids_updates_rather_than_duplicates(self):
        export = os.path.join(self.tmp, "clients.csv")
        self.smp("export", "clients", "--output", export)
        self.smp("import", "clients", export)
        self.assertEqual(self.names(), ["Ann Lee", "Tom Baker"])

    def test_a_bad_match_is_a_usage_error(self):
        path = self.write("x.csv", "name\nX\n")
        result = self.smp("import", "clients", path, "--match", "phone", expect=EXIT_USAGE)
        self.assert_error(result.stderr, 'invalid --match "phone"', "name,phone")

    def test_the_same_sessions_file_twice_is_refused(self):
        path = self.write("sessions.csv", "client_name,date,time,status\n"
                                          "Tom Baker,2026-01-05,10:00,done\n"
                                          "Tom Baker,2026-01-19,,done\n")
        self.smp("import", "sessions", path)
        before = self.read_bytes(self.records)
        result = self.smp("import", "sessions", path, expect=EXIT_DATA)
        self.assertIn(f'{path}:2: duplicate of session 1 of client {self.tom} "Tom Baker" '
                      f'(same client, date and time)', result.stderr)
        self.assertIn(f"{path}:3: duplicate of session 2", result.stderr)
        self.assertEqual(self.read_bytes(self.records), before)
        self.smp("import", "sessions", path, "--allow-duplicates")
        self.assertEqual(len(self.json_out("session", "list")), 4)


if __name__ == "__main__":
    unittest.main()
