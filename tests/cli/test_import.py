"""smp import: clients, sessions, shades and lots from CSV/TSV, all or nothing, uuids update,
hostile input, and an export imported into a new records file exporting the same bytes."""

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

    def test_rows_out_of_id_order_keep_their_ids_and_are_all_searchable(self):
        # The import writes in id order, not file order (see in_id_order in import_engine.hpp); an
        # update and new rows out of order must all land, keep their ids and be found.
        path = self.write("c.csv", "id,name,phone\n30,Cleo Zahn,+1 555 0130\n"
                                   "10,Ann Lee,+1 555 0110\n20,Bo Chen,+1 555 0120\n")
        self.smp("import", "clients", path)
        bo = self.json_out("client", "show", "Bo Chen")
        # New rows before and after an update, in one file: the new ones get ids in file order.
        mixed = self.write("m.csv", f"uuid,name\n,Zed Young\n{bo['uuid']},Bo Chen-Wu\n,Abe Ames\n")
        self.assertIn("2 added, 1 updated", self.smp("import", "clients", mixed).stderr)
        ids = {c["name"]: c["id"] for c in self.clients()}
        self.assertEqual(ids, {"Cleo Zahn": 30, "Ann Lee": 10, "Bo Chen-Wu": 20,
                               "Zed Young": 31, "Abe Ames": 32})
        for name, fragment in [("Cleo Zahn", "0130"), ("Ann Lee", "ann l"),
                               ("Bo Chen-Wu", "chen-w"), ("Abe Ames", "abe")]:
            found = self.json_out("client", "list", "--search", fragment)
            self.assertEqual([c["name"] for c in found], [name])

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

    def test_problems_are_listed_in_line_order_with_each_repeat_naming_the_first(self):
        # Repeated uuids are found once the file is read; they are still listed in line order.
        one, two = "0d88f83d-2549-4318-8a61-44a7c157120d", "ffffffff-0000-4318-8a61-000000000001"
        path = self.write("c.csv", f"uuid,name,email\n{two},A,\n{one},B,\n{one.upper()},C,\n"
                                   f",D,not-an-email\n{two},E,\n{one},F,\n")
        result = self.smp("import", "clients", path, expect=EXIT_DATA)
        problems = [line.split(": ", 1)[0].rsplit(":", 1)[1]
                    for line in result.stderr.splitlines() if line.startswith(path)]
        self.assertEqual(problems, ["4", "5", "6", "7"])
        self.assertIn(":4: uuid: uuid " + one + " is also on line 3", result.stderr)
        self.assertIn(":6: uuid: uuid " + two + " is also on line 2", result.stderr)
        self.assertIn(":7: uuid: uuid " + one + " is also on line 3", result.stderr)
        self.assertIn("4 of the rows", result.stderr)
        # Nothing imported: not even an empty records file is left.
        self.assertFalse(os.path.exists(self.records))

    def test_unknown_column_lists_accepted_fields(self):
        self.smp("init")  # only the import's own words on stderr
        path = self.write("c.csv", "name,shoe size\nAnn,42\n")
        result = self.smp("import", "clients", path, expect=EXIT_DATA)
        self.assert_error(result.stderr, "unknown column \"shoe size\"", "phone", "birth_date",
                          "--map")

    def test_missing_file(self):
        self.smp("init")  # only the import's own words on stderr
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



class LotImportTest(ImportTestCase):
    HEADER = "uuid,shade,lot,expires_on,received_on,supplier,recalled_on,recall_reason\n"

    def setUp(self):
        super().setUp()
        self.smp("shade", "add", "Onyx", "-q")
        self.smp("shade", "add", "Slate", "-q")
        self.onyx = self.json_out("shade", "show", "Onyx")["id"]

    def lots(self):
        return self.csv_rows("shade", "lot", "list")

    def test_good_file_adds_every_lot(self):
        slate = self.json_out("shade", "show", "Slate")
        path = self.write("lots.csv", "shade,shade_id,lot,expires_on,received_on,supplier\n"
                                      "onyx,,A-1,2027-01,2026-05-01,\"Acme, Ltd\"\n"
                                      f",{self.onyx},A-2,2027-03-15,,\n"
                                      f"{slate['uuid']},,A-1,2028-01,,\n")
        result = self.smp("import", "lots", path)
        self.assertIn("imported " + path + ": 3 added, 0 updated", result.stderr)
        lots = {(lot["shade"], lot["lot"]): lot for lot in self.lots()}
        self.assertEqual(set(lots), {("Onyx", "A-1"), ("Onyx", "A-2"), ("Slate", "A-1")})
        self.assertEqual(lots[("Onyx", "A-1")]["expires_on"], "2027-01-31")
        self.assertEqual(lots[("Onyx", "A-1")]["supplier"], "Acme, Ltd")
        self.assertEqual(lots[("Onyx", "A-2")]["expires_on"], "2027-03-15")

    def test_one_bad_row_among_good_ones_writes_nothing(self):
        before = self.read_bytes(self.records)
        path = self.write("lots.csv", "shade,lot,expires_on,recalled_on,recall_reason\n"
                                      "Onyx,A-1,2027-01,,\n"
                                      "Onyx,A-2,soon,,\n"
                                      "Onyx,A-3,2027-01,2026-06-01,\n"
                                      "Onyx,A-4,2027-01,,\n")
        result = self.smp("import", "lots", path, expect=EXIT_DATA)
        self.assertIn(path + ":3: expires_on: invalid expiry \"soon\"", result.stderr)
        self.assertIn(path + ":4: recall_reason: ", result.stderr)
        self.assertIn("nothing imported: 2 of the rows", result.stderr)
        self.assertEqual(self.read_bytes(self.records), before)

    def test_unknown_shade_and_bad_lot_numbers_are_refused(self):
        before = self.read_bytes(self.records)
        path = self.write("lots.csv", "shade,shade_id,lot,expires_on\n"
                                      "Umber,,A-1,2027-01\n"
                                      ",99,A-2,2027-01\n"
                                      ",,A-3,2027-01\n"
                                      "Onyx,,A:4,2027-01\n"
                                      "Onyx,,\"A,5\",2027-01\n"
                                      "Onyx,,,2027-01\n")
        result = self.smp("import", "lots", path, expect=EXIT_DATA)
        for fragment in [":2: shade: no shade matches \"Umber\"", ":3: shade_id: no shade has id 99",
                         ":4: shade: no shade given", ":5: lot: invalid lot \"A:4\"",
                         ":6: lot: invalid lot \"A,5\"", ":7: lot: invalid lot \"\""]:
            self.assertIn(path + fragment, result.stderr)
        self.assertEqual(self.read_bytes(self.records), before)

    def test_duplicate_lots_are_refused_ignoring_case(self):
        self.smp("shade", "lot", "add", "Onyx", "A-1", "--expires", "2027-01", "-q")
        before = self.read_bytes(self.records)
        path = self.write("lots.csv", "shade,lot,expires_on\n"
                                      "Onyx,a-1,2027-01\n"
                                      "Slate,B-1,2027-01\n"
                                      "slate,b-1,2027-02\n"
                                      "Onyx,B-1,2027-01\n")
        result = self.smp("import", "lots", path, expect=EXIT_DATA)
        self.assertIn(path + ":2: lot: lot \"A-1\" of Onyx is already on record (id 1)",
                      result.stderr)
        self.assertIn(path + ":4: lot: lot \"b-1\" of Slate is also on line 3", result.stderr)
        self.assertNotIn(":5:", result.stderr)  # another shade may have the same number
        self.assertEqual(self.read_bytes(self.records), before)
        # `shade lot add` keeps to the same rule.
        result = self.smp("shade", "lot", "add", "Onyx", "a-1", "--expires", "2027-01",
                          expect=EXIT_DATA)
        self.assert_error(result.stderr, "lot \"A-1\" of Onyx is already on record")
        result = self.smp("shade", "lot", "add", "Onyx", "A,2", "--expires", "2027-01",
                          expect=EXIT_DATA)
        self.assert_error(result.stderr, "invalid lot \"A,2\"", "\",\"")

    def test_uuid_updates_the_lot_and_twice_gives_the_same_records(self):
        self.smp("shade", "lot", "add", "Onyx", "A-1", "--expires", "2027-01", "-q")
        exported = self.smp("export", "lots").stdout
        path = self.write("lots.csv", exported.replace("2027-01-31", "2027-06-30"))
        first = self.smp("import", "lots", path)
        self.assertIn("0 added, 1 updated", first.stderr)
        after_first = self.lots()
        self.assertEqual(after_first[0]["expires_on"], "2027-06-30")
        second = self.smp("import", "lots", path)
        self.assertIn("0 added, 1 updated", second.stderr)
        self.assertEqual(self.lots(), after_first)
        self.assertEqual(self.smp("export", "lots").stdout,
                         exported.replace("2027-01-31", "2027-06-30"))

    def test_new_uuid_twice_adds_once(self):
        uuid = "0d88f83d-2549-4318-8a61-44a7c157120d"
        path = self.write("lots.csv", self.HEADER +
                          f"{uuid},Onyx,A-1,2027-01,2026-05-01,Acme,2026-06-01,FDA advisory\n")
        self.assertIn("1 added, 0 updated", self.smp("import", "lots", path).stderr)
        self.assertIn("0 added, 1 updated", self.smp("import", "lots", path).stderr)
        lots = self.json_out("shade", "lot", "list")
        self.assertEqual([(lot["uuid"], lot["status"], lot["recall_reason"]) for lot in lots],
                         [(uuid, "recalled", "FDA advisory")])

    def test_dry_run_writes_nothing(self):
        before = self.read_bytes(self.records)
        path = self.write("lots.csv", "shade,lot,expires_on\nOnyx,A-1,2027-01\nSlate,A-1,2027-01\n")
        result = self.smp("import", "lots", path, "--dry-run")
        self.assertIn("would add 2 lots, update 0; nothing written (--dry-run)", result.stderr)
        self.assertEqual(self.read_bytes(self.records), before)

    def test_spreadsheet_spellings(self):
        path = self.write("lots.csv", "Pigment;Batch number;Expiry\nOnyx;X 12;2027-01\n")
        self.smp("import", "lots", path)
        self.assertEqual([(lot["shade"], lot["lot"], lot["expires_on"]) for lot in self.lots()],
                         [("Onyx", "X 12", "2027-01-31")])


# Awkward text for every kind: formula starts (=, +, -, @, a tab), quotes, commas, CR LF and LF,
# emoji, right-to-left text, and a stored text that already starts with a quote and a formula
# character (which the export must mark so that the import takes off only its own quote).
AWKWARD = '=cmd|"x", line\r\nnext\nלקוח 😀'
KINDS = ["clients", "shades", "lots", "sessions"]  # the order they can be imported in


class RoundTripTest(ImportTestCase):
    def setUp(self):
        super().setUp()
        ann = self.add_client(AWKWARD, "--phone", "+44 7700 900123", "--email", "x@y.z",
                              "--notes", "@note, \"quoted\"\n😀", "--norwood", "3A",
                              "--contraindication", "keloid,diabetes", "--no-reminders")
        gone = self.add_client("Gone Away")
        bo = self.add_client("Bo Chen", "--notes", "'=already quoted", "--planned-sessions", "4")
        self.smp("client", "edit", str(bo), "--name=-Bo Chen", "-q")
        self.add_client("Archie Archived", "--notes", "\tindented")
        self.smp("client", "archive", "Archie", "--yes")
        self.smp("client", "remove", str(gone), "--yes")  # a gap in the client ids
        self.smp("shade", "add", "Zinc", "--dilution", "8:1", "-q")
        self.smp("shade", "add", '@Onyx, "black"', "--brand", "+Acme", "--notes", "-5, ok", "-q")
        self.smp("shade", "add", "Old Umber", "-q")
        self.smp("shade", "retire", "Old Umber")
        self.smp("shade", "lot", "add", "Zinc", "L-1", "--expires", "2027-01", "-q")
        self.smp("shade", "lot", "add", "@Onyx", "L-1", "--expires", "2026-07", "-q",
                 "--supplier", "Sup\r\nplier, \"Ltd\"", "--received", "2026-01-02")
        self.smp("shade", "lot", "add", "@Onyx", '=L"7', "--expires", "2028-02-29", "-q")
        self.smp("shade", "recall", "Zinc:L-1", "--reason", "=FDA, advisory\n2019")
        self.smp("session", "log", str(ann), "--date", "2026-05-01", "--time", "09:30",
                 "--duration", "2h30min", "--area", "hairline,crown", "--needle", "3RL-0.25",
                 "--depth", "0.3", "--voltage", "7.5", "--machine", "=Machine", "--numbing",
                 "-lidocaine", "--pain", "4", "--price", "1,200.50", "--notes", AWKWARD,
                 "--shade", "@Onyx", "--lot", "@Onyx:L-1", "--lot", '=L"7', "-q")
        self.smp("session", "log", str(bo), "--date", "2026-05-03", "--shade", "Zinc",
                 "--dilution", "", "--final", "-q")
        self.smp("session", "log", str(ann), "--date", "2026-05-20", "--kind", "touchup", "-q")
        booked = self.smp("session", "plan", str(bo), "--date", "2026-07-01", "-q").stdout.strip()
        self.smp("session", "cancel", booked, "--reason", "@ill, \"sorry\"")
        self.smp("session", "plan", str(ann), "--date", "2026-07-02", "--time", "14:00", "-q")
        self.backdate()

    def backdate(self):
        """Gives every record its own created and updated times, years ago, so that an import
        that stamped records with the time it ran could not pass for one that kept them."""
        import sqlite3
        conn = sqlite3.connect(self.records)
        try:
            for table in ["client", "shade", "lot", "session"]:
                conn.execute(f"UPDATE {table} SET "
                             "created_at = printf('2019-01-%02dT08:00:%02dZ', id, id), "
                             "updated_at = printf('2020-02-%02dT09:30:%02dZ', id, id)")
            conn.commit()
        finally:
            conn.close()

    def export_all(self, env=None):
        return {kind: self.smp("export", kind, env=env).stdout for kind in KINDS}

    def test_export_import_into_a_new_file_exports_the_same_bytes(self):
        source = self.export_all()
        other = {"SMP_FILE": os.path.join(self.tmp, "new.db")}
        for kind in KINDS:
            path = self.write(f"{kind}.csv", source[kind])
            self.smp("import", kind, path, env=other)
        copy = self.export_all(other)
        for kind in KINDS:
            with self.subTest(kind=kind):
                self.assertEqual(copy[kind], source[kind])
        self.assertIn("2019-01-01T08:00:01Z,2020-02-01T09:30:01Z", copy["clients"])
        # Imported once more, every record is the same one: nothing added, nothing changed.
        for kind in KINDS:
            result = self.smp("import", kind, os.path.join(self.tmp, f"{kind}.csv"), env=other)
            self.assertIn(" 0 added,", result.stderr)
        self.assertEqual(self.export_all(other), source)

    def test_awkward_values_come_back_as_stored(self):
        other = {"SMP_FILE": os.path.join(self.tmp, "new.db")}
        for kind in KINDS:
            self.smp("import", kind, self.write(f"{kind}.csv", self.smp("export", kind).stdout),
                     env=other)
        names = {c["name"]: c for c in self.json_out("client", "list", "--all", env=other)}
        self.assertEqual(names[AWKWARD]["phone"], "+44 7700 900123")
        self.assertEqual(names["-Bo Chen"]["notes"], "'=already quoted")
        self.assertEqual(names["Archie Archived"]["notes"], "\tindented")
        shade = self.json_out("shade", "show", "Onyx", env=other)
        self.assertEqual((shade["name"], shade["brand"]), ('@Onyx, "black"', "+Acme"))

    def test_tsv_export_import_into_a_new_file_exports_the_same_bytes(self):
        # What TSV escapes (tab, line ends, backslash), a backslash-n typed as two characters,
        # a Windows path, and a value that starts with a quote (which the export quotes).
        tricky = 'tab\there\nline\r\nC:\\new\\table \\n typed, trailing \\ 😀'
        cy = self.add_client('"VIP" Cy', "--notes", tricky, "--phone", "+1 555 0199")
        self.smp("shade", "add", "Slate", "--notes", '"quoted"\t\\', "-q")
        self.smp("session", "log", str(cy), "--date", "2026-05-05", "--notes", tricky,
                 "--shade", "Slate", "-q")
        source = {kind: self.smp("export", kind, "--format", "tsv").stdout for kind in KINDS}
        self.assertIn("\\\\n typed", source["clients"])
        other = {"SMP_FILE": os.path.join(self.tmp, "new.db")}
        for kind in KINDS:
            self.smp("import", kind, self.write(f"{kind}.tsv", source[kind]), env=other)
        for kind in KINDS:
            with self.subTest(kind=kind):
                self.assertEqual(self.smp("export", kind, "--format", "tsv", env=other).stdout,
                                 source[kind])
        names = {c["name"]: c for c in self.json_out("client", "list", "--all", env=other)}
        self.assertEqual(names['"VIP" Cy']["notes"], tricky)
        self.assertEqual(names[AWKWARD]["notes"], "@note, \"quoted\"\n😀")

    def test_ids_are_assigned_afresh_when_the_new_file_has_records_already(self):
        other = {"SMP_FILE": os.path.join(self.tmp, "new.db")}
        self.add_client("Already There", env=other)
        self.smp("import", "clients", self.write("c.csv", self.smp("export", "clients").stdout),
                 env=other)
        ids = sorted(c["id"] for c in self.json_out("client", "list", "--all", env=other))
        self.assertEqual(ids, [1, 2, 3, 4])


class ProgressTest(ImportTestCase):
    def test_no_progress_line_off_a_terminal(self):
        self.smp("init")  # only the import's own words on stderr
        rows = "".join(f"Client {i},+1 555 {i:04}\n" for i in range(3000))
        path = self.write("c.csv", "name,phone\n" + rows)
        result = self.smp("import", "clients", path)
        self.assertNotIn("checking", result.stderr)
        self.assertNotIn("importing", result.stderr)
        self.assertNotIn("\r", result.stderr)
        self.assertEqual(result.stderr.strip(), f"imported {path}: 3000 added, 0 updated")


if __name__ == "__main__":
    unittest.main()
