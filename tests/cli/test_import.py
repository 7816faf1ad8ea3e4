"""smp import: clients and sessions from CSV/TSV, all or nothing, uuids update, hostile input."""

import os
import unittest

from smptest import SmpTestCase, EXIT_DATA, EXIT_NO_INPUT, EXIT_USAGE


class ImportTestCase(SmpTestCase):
    def write(self, name, data):
        path = os.path.join(self.tmp, name)
        with open(path, "wb") as f:
            f.write(data if isinstance(data, bytes) else data.encode("utf-8"))
        return path

    def clients(self):
        return self.json_out("client", "list", "--all")


class ClientImportTest(ImportTestCase):
    def test_spreadsheet_headers_bom_and_crlf(self):
        path = self.write("clients.csv",
                          b"\xef\xbb\xbfFull name,Phone number,E-mail,DOB,Notes\r\n"
                          b"Jane Doe,+44 7700 900123,jane@example.com,1980-02-03,\"likes, tea\"\r\n"
                          b"Bob Ray,,bob@example.com,,\r\n")
        result = self.smp("import", "clients", path)
        self.assertIn("imported " + path + ": 2 added, 0 updated", result.stderr)
        jane = [c for c in self.clients() if c["name"] == "Jane Doe"][0]
        self.assertEqual(jane["phone"], "+44 7700 900123")
        self.assertEqual(jane["email"], "jane@example.com")
        self.assertEqual(jane["birth_date"], "1980-02-03")
        self.assertEqual(jane["notes"], "likes, tea")

    def test_tsv_sniffed_and_delimiter_word(self):
        path = self.write("clients.tsv", "name\tmobile\nAnn Lee\t+1 555 0100\n")
        self.smp("import", "clients", path)
        self.assertEqual(self.clients()[0]["phone"], "+1 555 0100")
        # Told it is tab-separated, a comma inside a value stays in the value.
        path = self.write("more.txt", "name\tnotes\nCy Dorn\ta, b\n")
        self.smp("import", "clients", path, "--delimiter", "tab")
        cy = [c for c in self.clients() if c["name"] == "Cy Dorn"][0]
        self.assertEqual(cy["notes"], "a, b")

    def test_map_names_other_columns(self):
        path = self.write("c.csv", "Customer,Handy,Ignore me\nDee Moss,+44 7700 900111,x\n")
        self.smp("import", "clients", path, "--map", "Customer=name", "--map", "Handy=phone",
                 "--map", "Ignore me=-")
        self.assertEqual(self.clients()[0]["name"], "Dee Moss")
        self.assertEqual(self.clients()[0]["phone"], "+44 7700 900111")

    def test_every_bad_row_reported_and_nothing_written(self):
        self.add_client("Already Here")
        before = self.read_bytes(self.records)
        path = self.write("bad.csv", "name,phone,skin_type\n"
                                     "Good One,+44 7700 900123,III\n"
                                     "Bad Phone,call me,II\n"
                                     "Good Two,,IV\n"
                                     ",,\n"
                                     "Bad Skin,,VII\n"
                                     ",+1 555 0100,\n")
        result = self.smp("import", "clients", path, expect=EXIT_DATA)
        self.assertIn(path + ":3: phone: invalid phone \"call me\"", result.stderr)
        self.assertIn(path + ":6: skin_type: ", result.stderr)
        self.assertIn(path + ":7: name: ", result.stderr)
        self.assertIn("nothing imported: 3 of the rows", result.stderr)
        self.assertEqual(self.read_bytes(self.records), before)
        self.assertEqual([c["name"] for c in self.clients()], ["Already Here"])

    def test_dry_run_writes_nothing(self):
        self.add_client("Ann Lee")
        exported = self.smp("--format", "csv", "client", "list").stdout
        path = self.write("c.csv", exported)
        with open(path, "a") as f:
            f.write(",,New Person,,,,,,,,,,,,,,,,,,,,,,\n")
        before = self.read_bytes(self.records)
        result = self.smp("import", "clients", path, "--dry-run")
        self.assertIn("would add 1 client, update 1", result.stderr)
        self.assertEqual(self.read_bytes(self.records), before)

    def test_dry_run_without_records_file_creates_none(self):
        path = self.write("c.csv", "name\nAnn Lee\n")
        self.smp("import", "clients", path, "-n")
        self.assertFalse(os.path.exists(self.records))

    def test_export_imported_twice_into_another_file_adds_nothing_the_second_time(self):
        self.add_client("Ann Lee", "--phone", "+1 555 0100", "--norwood", "3A",
                        "--contraindication", "keloid,diabetes", "--no-reminders")
        self.smp("client", "archive", "Ann Lee")
        self.add_client("Bo Chen", "--planned-sessions", "4")
        exported = self.smp("--format", "csv", "client", "list", "--all").stdout
        path = self.write("export.csv", exported)
        other = {"SMP_FILE": os.path.join(self.tmp, "other.db")}
        first = self.smp("import", "clients", path, env=other)
        self.assertIn("2 added, 0 updated", first.stderr)
        second = self.smp("import", "clients", path, env=other)
        self.assertIn("0 added, 2 updated", second.stderr)
        mine = self.json_out("client", "list", "--all")
        theirs = self.json_out("client", "list", "--all", env=other)
        keep = ["uuid", "name", "phone", "hair_loss_scale", "hair_loss_stage", "contraindications",
                "reminders_allowed", "planned_sessions", "archived"]
        self.assertEqual([{k: c[k] for k in keep} for c in theirs],
                         [{k: c[k] for k in keep} for c in mine])

    def test_known_uuid_updates_only_given_columns(self):
        self.add_client("Ann Lee", "--phone", "+1 555 0100")
        uuid = self.clients()[0]["uuid"]
        path = self.write("c.csv", f"uuid,email\n{uuid.upper()},ann@example.com\n")
        self.smp("import", "clients", path)
        ann = self.clients()[0]
        self.assertEqual((ann["phone"], ann["email"]), ("+1 555 0100", "ann@example.com"))

    def test_same_uuid_twice_in_a_file_is_refused(self):
        uuid = "0d88f83d-2549-4318-8a61-44a7c157120d"
        path = self.write("c.csv", f"uuid,name\n{uuid},A\n{uuid},B\n")
        result = self.smp("import", "clients", path, expect=EXIT_DATA)
        self.assertIn(":3: uuid: uuid " + uuid + " is also on line 2", result.stderr)

    def test_unknown_column_lists_accepted_fields(self):
        path = self.write("c.csv", "name,shoe size\nAnn,42\n")
        result = self.smp("import", "clients", path, expect=EXIT_DATA)
        self.assert_error(result.stderr, "unknown column \"shoe size\"", "phone", "birth_date",
                          "--map")

    def test_missing_file(self):
        result = self.smp("import", "clients", os.path.join(self.tmp, "nope.csv"),
                          expect=EXIT_NO_INPUT)
        self.assert_error(result.stderr, "nope.csv", "no such file")

    def test_kind_and_delimiter_checked(self):
        path = self.write("c.csv", "name\nAnn\n")
        self.smp("import", "potions", path, expect=EXIT_USAGE)
        self.smp("import", "clients", path, "--delimiter", "ab", expect=EXIT_USAGE)


class HostileInputTest(ImportTestCase):
    CASES = {
        "latin1.csv": b"name,notes\nJos\xe9,x\n",
        "nul.csv": b"name,notes\nAnn\x00,x\n",
        "quote.csv": b"name,notes\nAnn,\"never closed\nBo,x\n",
        "huge.csv": b"name,notes\nAnn," + b"x" * (1024 * 1024 + 1) + b"\n",
        "extra.csv": b"name,notes\nAnn,x,surprise\n",
        "empty.csv": b"",
        "binary.csv": bytes(range(256)) * 4,
    }

    def test_each_refused_naming_the_file_and_nothing_written(self):
        self.add_client("Already Here")
        before = self.read_bytes(self.records)
        for name, data in self.CASES.items():
            with self.subTest(name):
                path = self.write(name, data)
                result = self.smp("import", "clients", path, expect=EXIT_DATA)
                self.assert_error(result.stderr, name)
                self.assertNotIn("\n", result.stderr.strip())
                self.assertEqual(self.read_bytes(self.records), before)


class SessionImportTest(ImportTestCase):
    def setUp(self):
        super().setUp()
        self.ann = self.add_client("Ann Lee")
        self.bo = self.add_client("Bo Chen")
        self.smp("shade", "add", "Onyx", "--dilution", "6:1")
        self.smp("shade", "lot", "add", "Onyx", "L-1", "--expires", "2027-01")

    def test_clients_by_id_uuid_and_name(self):
        bo_uuid = [c for c in self.clients() if c["name"] == "Bo Chen"][0]["uuid"]
        path = self.write("s.csv",
                          "client_id,client_uuid,client,date,areas,needle,pain,price,shade,lots\n"
                          f"{self.ann},,,2026-05-01,hairline,3RL-0.25,4,450,,\n"
                          f",{bo_uuid},,2026-05-02,\"crown,temples\",,,,Onyx,L-1\n"
                          f",,ann lee,2026-05-20,,,,,,\n")
        result = self.smp("import", "sessions", path)
        self.assertIn("3 added, 0 updated", result.stderr)
        rows = {r["date"]: r for r in self.csv_rows("session", "list")}
        self.assertEqual(rows["2026-05-01"]["client_name"], "Ann Lee")
        self.assertEqual(rows["2026-05-01"]["needle"], "3RL-0.25")
        self.assertEqual(rows["2026-05-01"]["price"], "450.00")
        self.assertEqual(rows["2026-05-02"]["client_name"], "Bo Chen")
        self.assertEqual(rows["2026-05-02"]["areas"], "crown,temples")
        self.assertEqual(rows["2026-05-02"]["dilution"], "6:1")
        self.assertEqual(rows["2026-05-02"]["lots"], "L-1")
        self.assertEqual(rows["2026-05-20"]["client_name"], "Ann Lee")
        self.assertEqual(rows["2026-05-20"]["course"], "2 of 3")

    def test_bad_references_and_values_all_reported(self):
        self.add_client("Ann Lee")  # a namesake: the name alone is ambiguous now
        before = self.read_bytes(self.records)
        path = self.write("s.csv", "client_id,client_name,date,pain,lots\n"
                                   "99,,2026-05-01,,\n"
                                   ",Ann Lee,2026-05-01,,\n"
                                   ",Nobody,2026-05-01,,\n"
                                   f"{self.bo},,2026-05-01,11,NOPE\n"
                                   f"{self.bo},Ann Lee,2026-05-01,,\n")
        result = self.smp("import", "sessions", path, expect=EXIT_DATA)
        for fragment in [":2: client_id: no client has id \"99\"",
                         ":3: client_name: 2 clients are named \"Ann Lee\"",
                         ":4: client_name: no client is named \"Nobody\"",
                         ":5: pain: invalid pain \"11\"",
                         ":5: lots: ",
                         ":6: client_name: \"Ann Lee\" does not match client_id"]:
            self.assertIn(path + fragment, result.stderr)
        self.assertEqual(self.read_bytes(self.records), before)

    def test_export_reimported_updates(self):
        self.smp("session", "log", "Ann Lee", "--date", "2026-05-01", "--area", "hairline")
        exported = self.smp("--format", "csv", "session", "list").stdout
        path = self.write("s.csv", exported.replace("hairline", "crown"))
        result = self.smp("import", "sessions", path)
        self.assertIn("0 added, 1 updated", result.stderr)
        self.assertEqual(self.csv_rows("session", "list")[0]["areas"], "crown")


class ShadeImportTest(ImportTestCase):
    def test_add_then_update_by_uuid(self):
        self.smp("shade", "add", "Onyx", "--dilution", "6:1")
        exported = self.smp("--format", "csv", "shade", "list").stdout
        path = self.write("shades.csv", exported.replace("6:1", "5:1") +
                          ",,Slate,Acme,dark-grey,8:1,,false,,,,,\n")
        result = self.smp("import", "shades", path)
        self.assertIn("1 added, 1 updated", result.stderr)
        shades = {s["name"]: s for s in self.json_out("shade", "list")}
        self.assertEqual(shades["Onyx"]["dilution"], "5:1")
        self.assertEqual((shades["Slate"]["brand"], shades["Slate"]["base"]), ("Acme", "dark-grey"))

    def test_names_unique_and_values_checked(self):
        self.smp("shade", "add", "Onyx")
        before = self.read_bytes(self.records)
        path = self.write("s.csv", "Shade,base,dilution\nonyx,black,\nSlate,blue,\n"
                                   "Ash,,6-1\nash,,\n")
        result = self.smp("import", "shades", path, expect=EXIT_DATA)
        for fragment in [":2: name: a shade named \"Onyx\" is already in the catalogue",
                         ":3: base: ", ":4: dilution: ", ":5: name: \"ash\" is also the name on line 4"]:
            self.assertIn(path + fragment, result.stderr)
        self.assertEqual(self.read_bytes(self.records), before)


if __name__ == "__main__":
    unittest.main()
