"""`smp client`: add, list, show, edit, archive, unarchive, remove, and how a CLIENT is named."""

import json
import os
import re
import unittest

from smptest import (EXIT_DATA, EXIT_NO_INPUT, EXIT_NO_MATCH, EXIT_USAGE, SmpTestCase, display_width,
                     parse_csv)

# The documented client fields (smp(1)); later versions may add fields, never drop these.
CLIENT_FIELDS = {
    "id", "uuid", "name", "phone", "email", "birth_date", "skin_type", "undertone", "hair_colour",
    "hair_loss_scale", "hair_loss_stage", "condition", "contraindications", "medical_notes",
    "notes", "reminders_allowed", "archived", "archived_at", "created_at", "updated_at",
}
UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
INSTANT = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$")

FULL_PROFILE = [
    "--phone", "+44 7700 900123", "--email", "jane@example.com", "--birth-date", "1980-01-02",
    "--skin-type", "III", "--undertone", "warm", "--hair-colour", "dark-brown",
    "--norwood", "3A", "--condition", "androgenetic", "--contraindication", "keloid",
    "--contraindication", "allergy,diabetes", "--medical-notes", "Takes aspirin",
    "--notes", "Prefers mornings", "--no-reminders",
]

# (option, a bad value, every allowed value)
CHOICE_FIELDS = [
    ("--skin-type", "VII", ["I", "II", "III", "IV", "V", "VI"]),
    ("--undertone", "olive", ["cool", "neutral", "warm"]),
    ("--hair-colour", "purple", ["black", "dark-brown", "brown", "light-brown", "blonde", "red",
                                 "grey", "white", "mixed"]),
    ("--norwood", "8", ["1", "2", "2A", "3", "3A", "3V", "4", "4A", "5", "5A", "6", "7"]),
    ("--ludwig", "IV", ["I", "II", "III"]),
    ("--condition", "baldness", ["androgenetic", "alopecia-areata", "alopecia-totalis",
                                 "alopecia-universalis", "traction", "diffuse", "scar"]),
    ("--contraindication", "sunburn", ["anticoagulants", "keloid", "pregnant", "nursing",
                                       "diabetes", "psoriasis", "eczema", "blood-disorder",
                                       "chemotherapy", "laser-removal", "allergy"]),
]

TRICKY_TEXTS = [
    'She said "hi", then left',
    "O'Brien, Jr.",
    "Robert'); DROP TABLE client;--",
    "{} {0} %s%n%d %%",
    "Emoji 👨‍👩‍👧 👍🏽 🧔",
    "مرحبا בוקר טוב",
    "\u202eevil\u202c right-to-left override",
    "back\\slash\\n not a newline",
    "tab\there",
]

TRICKY_NOTES = [
    "line one\nline two\n\nline four",
    "windows\r\nline ending",
    "  leading and trailing spaces  ",
    'comma, "quote", and\nnewline together',
    "ESC \x1b[31m red",
]


class ClientAddTest(SmpTestCase):
    def test_add_prints_confirmation_on_stderr_only(self):
        self.smp("init")  # a new file is announced too (test_daily.NewFileTest)
        out, err, _ = self.smp("client", "add", "Jane Doe")
        self.assertEqual(out, "")
        self.assertEqual(err, "Added client 1: Jane Doe\n")

    def test_add_creates_missing_records_file(self):
        self.smp("client", "add", "Jane Doe")
        self.assertEqual(self.query("SELECT name FROM client"), [("Jane Doe",)])

    def test_add_with_every_field(self):
        self.smp("client", "add", "Jane Doe", *FULL_PROFILE)
        c = self.json_out("client", "show", "1")
        self.assertEqual(c["name"], "Jane Doe")
        self.assertEqual(c["phone"], "+44 7700 900123")
        self.assertEqual(c["email"], "jane@example.com")
        self.assertEqual(c["birth_date"], "1980-01-02")
        self.assertEqual(c["skin_type"], "III")
        self.assertEqual(c["undertone"], "warm")
        self.assertEqual(c["hair_colour"], "dark-brown")
        self.assertEqual(c["hair_loss_scale"], "norwood")
        self.assertEqual(c["hair_loss_stage"], "3A")
        self.assertEqual(c["condition"], "androgenetic")
        self.assertEqual(set(c["contraindications"]), {"keloid", "allergy", "diabetes"})
        self.assertEqual(c["medical_notes"], "Takes aspirin")
        self.assertEqual(c["notes"], "Prefers mornings")
        self.assertIs(c["reminders_allowed"], False)
        self.assertIs(c["archived"], False)
        self.assertIsNone(c["archived_at"])

    def test_add_ludwig_scale(self):
        self.smp("client", "add", "Ann Lee", "--ludwig", "II")
        c = self.json_out("client", "show", "1")
        self.assertEqual((c["hair_loss_scale"], c["hair_loss_stage"]), ("ludwig", "II"))

    def test_add_defaults(self):
        self.smp("client", "add", "Jane Doe")
        c = self.json_out("client", "show", "1")
        self.assertIs(c["reminders_allowed"], True)
        for field in ("phone", "email", "birth_date", "skin_type", "undertone", "hair_colour",
                      "hair_loss_scale", "hair_loss_stage", "condition", "medical_notes", "notes"):
            self.assertIsNone(c[field], field)
        self.assertRegex(c["uuid"], UUID)
        self.assertRegex(c["created_at"], INSTANT)
        self.assertRegex(c["updated_at"], INSTANT)

    def test_choice_values_are_case_insensitive_and_stored_canonically(self):
        self.smp("client", "add", "Jane Doe", "--skin-type", "iii", "--norwood", "3a",
                 "--hair-color", "DARK-BROWN", "--undertone", "Warm")
        c = self.json_out("client", "show", "1")
        self.assertEqual((c["skin_type"], c["hair_loss_stage"], c["hair_colour"], c["undertone"]),
                         ("III", "3A", "dark-brown", "warm"))

    def test_quiet_prints_only_the_id(self):
        self.smp("client", "add", "First")
        out, err, _ = self.smp("client", "add", "Jane Doe", "-q")
        self.assertEqual(out, "2\n")
        self.assertEqual(err, "")

    def test_format_json_prints_the_record(self):
        out, _, _ = self.smp("client", "add", "Jane Doe", "--phone", "0123 456", "--format", "json")
        record = json.loads(out)
        self.assertIsInstance(record, dict)
        self.assertLessEqual(CLIENT_FIELDS, set(record))
        self.assertEqual((record["id"], record["name"], record["phone"]), (1, "Jane Doe", "0123 456"))
        # `show` may say more (sessions, course); what `add` printed must agree with it
        shown = self.json_out("client", "show", "1")
        self.assertEqual({key: shown.get(key) for key in record}, record)

    def test_same_name_warns_but_adds(self):
        first = self.add_client("Jane Doe")
        out, err, _ = self.smp("client", "add", "jane doe")
        self.assertEqual(out, "")
        self.assertIn("smp: warning:", err)
        self.assertIn('"Jane Doe" (%d)' % first, err)
        self.assertIn("Added client 2: jane doe", err)
        self.assertEqual(len(self.json_out("client", "list")), 2)

    def test_different_names_do_not_warn(self):
        self.add_client("Jane Doe")
        _, err, _ = self.smp("client", "add", "Jane Dorian")
        self.assertNotIn("warning", err)

    def test_empty_name_refused(self):
        _, err, _ = self.smp("client", "add", "   ", expect=EXIT_DATA)
        self.assert_error(err, "name")

    def test_every_choice_field_refuses_a_bad_value(self):
        for option, bad, allowed in CHOICE_FIELDS:
            with self.subTest(option=option):
                _, err, _ = self.smp("client", "add", "Jane Doe", option, bad, expect=EXIT_USAGE)
                line = self.assert_error(err, f'"{bad}"')
                for value in allowed:
                    self.assertRegex(line, r"(?<![\w-])%s(?![\w-])" % re.escape(value))
        if os.path.exists(self.records):
            self.assertEqual(self.query("SELECT count(*) FROM client"), [(0,)])

    def test_every_choice_field_refuses_a_bad_value_on_edit(self):
        self.add_client("Jane Doe")
        for option, bad, allowed in CHOICE_FIELDS:
            with self.subTest(option=option):
                _, err, _ = self.smp("client", "edit", "1", option, bad, expect=EXIT_USAGE)
                self.assert_error(err, f'"{bad}"', allowed[0], allowed[-1])
        c = self.json_out("client", "show", "1")
        self.assertIsNone(c["skin_type"])
        self.assertEqual(c["contraindications"], [])  # a list: empty, never null

    def test_phone_validation(self):
        for bad in ("abc", "12", "call me", "+44 7700 900123 ext. 5"):
            with self.subTest(phone=bad):
                _, err, _ = self.smp("client", "add", "X", "--phone", bad, expect=EXIT_USAGE)
                self.assert_error(err, f'"{bad}"', "phone")
        for good in ("+44 7700 900123", "(030) 1234-5678", "030.123.456"):
            with self.subTest(phone=good):
                record = self.json_out("client", "add", "X", "--phone", good)
                self.assertEqual(record["phone"], good)

    def test_email_validation(self):
        for bad in ("abc", "jane@", "@example.com", "jane@example", "jane doe@example.com",
                    "a@b@example.com"):
            with self.subTest(email=bad):
                _, err, _ = self.smp("client", "add", "X", "--email", bad, expect=EXIT_USAGE)
                self.assert_error(err, f'"{bad}"', "email")
        for good in ("jane.doe+smp@example.co.uk", "j@x.io"):
            with self.subTest(email=good):
                self.assertEqual(self.json_out("client", "add", "X", "--email", good)["email"], good)

    def test_future_birth_date_refused(self):
        for bad in ("2026-06-16", "tomorrow", "+1y"):
            with self.subTest(dob=bad):
                _, err, _ = self.smp("client", "add", "X", "--birth-date", bad, expect=EXIT_USAGE)
                self.assert_error(err, f'"{bad}"')

    def test_birth_date_today_accepted(self):
        self.assertEqual(self.json_out("client", "add", "X", "--dob", "2026-06-15")["birth_date"],
                         "2026-06-15")

    def test_impossible_and_ambiguous_birth_dates_refused(self):
        for bad in ("2026-02-30", "2025-13-01", "03/04/2026", "2026-6-1", "15.06.2020", "soon"):
            with self.subTest(dob=bad):
                _, err, _ = self.smp("client", "add", "X", "--birth-date", bad, expect=EXIT_USAGE)
                self.assert_error(err, f'"{bad}"', "YYYY-MM-DD", "today", "+10d")

    def test_leap_day_birth_date_accepted(self):
        self.assertEqual(self.json_out("client", "add", "X", "--dob", "2024-02-29")["birth_date"],
                         "2024-02-29")

    def test_refused_add_writes_nothing(self):
        self.smp("init")
        self.smp("client", "add", "X", "--email", "nope", expect=EXIT_USAGE)
        self.assertEqual(self.query("SELECT count(*) FROM client"), [(0,)])


class ClientListTest(SmpTestCase):
    def setUp(self):
        super().setUp()
        self.jane = self.add_client("Jane Doe", "--phone", "+44 7700 900123",
                                    "--email", "jane@example.com")
        self.jose = self.add_client("José Müller", "--notes", "Referred by Ünal")
        self.old = self.add_client("Old Timer", "--notes", "moved away")
        self.smp("client", "archive", str(self.old))

    def ids(self, *args, **kw):
        return sorted(row["id"] for row in self.json_out("client", "list", *args, **kw))

    def test_active_by_default(self):
        self.assertEqual(self.ids(), [self.jane, self.jose])

    def test_archived_only(self):
        self.assertEqual(self.ids("--archived"), [self.old])

    def test_all(self):
        self.assertEqual(self.ids("--all"), [self.jane, self.jose, self.old])

    def test_list_json_rows_have_every_field(self):
        for row in self.json_out("client", "list", "--all"):
            self.assertLessEqual(CLIENT_FIELDS, set(row))

    def test_list_csv_header_and_rows(self):
        rows = parse_csv(self.smp("client", "list", "--format", "csv").stdout)
        self.assertLessEqual(CLIENT_FIELDS, set(rows[0]))
        self.assertEqual(len(rows), 3)

    def test_list_ndjson_one_object_per_line(self):
        out = self.smp("client", "list", "--format", "ndjson").stdout
        lines = out.splitlines()
        self.assertEqual(len(lines), 2)
        self.assertEqual(sorted(json.loads(line)["id"] for line in lines), [self.jane, self.jose])

    def test_search_name_case_and_accent_insensitive(self):
        for text in ("jose", "JOSÉ", "müller", "MULLER", "josé mü"):
            with self.subTest(search=text):
                self.assertEqual(self.ids("--search", text), [self.jose])

    def test_search_phone_email_notes(self):
        self.assertEqual(self.ids("--search", "7700 900"), [self.jane])
        self.assertEqual(self.ids("--search", "EXAMPLE.COM"), [self.jane])
        self.assertEqual(self.ids("--search", "referred by unal"), [self.jose])

    def test_search_respects_archived_filter(self):
        self.smp("client", "list", "--search", "moved", "--format", "json", expect=EXIT_NO_MATCH)
        self.assertEqual(self.ids("--search", "moved", "--all"), [self.old])
        self.assertEqual(self.ids("--search", "MOVED", "--archived"), [self.old])

    def test_search_nothing_matches_exits_1(self):
        out, err, _ = self.smp("client", "list", "--search", "zebra", expect=EXIT_NO_MATCH)
        self.assertNotIn("smp: error", err)
        out, _, _ = self.smp("client", "list", "--search", "zebra", "--format", "json",
                             expect=EXIT_NO_MATCH)
        self.assertEqual(json.loads(out), [])
        rows = parse_csv(self.smp("client", "list", "--search", "zebra", "--format", "csv",
                                  expect=EXIT_NO_MATCH).stdout)
        self.assertEqual(len(rows), 1, "CSV with no match: the header row only")

    def test_archived_and_all_exclusive(self):
        _, err, _ = self.smp("client", "list", "--archived", "--all", expect=EXIT_USAGE)
        self.assert_error(err)


class ClientShowTest(SmpTestCase):
    def test_show_json_is_one_object_with_every_field(self):
        self.smp("client", "add", "Jane Doe", *FULL_PROFILE)
        c = self.json_out("client", "show", "1")
        self.assertIsInstance(c, dict)
        self.assertLessEqual(CLIENT_FIELDS, set(c))
        self.assertEqual(c["id"], 1)

    def test_show_csv_one_row(self):
        self.add_client("Jane Doe")
        rows = self.csv_rows("client", "show", "1")
        self.assertEqual(len(rows), 1)
        self.assertEqual(rows[0]["name"], "Jane Doe")

    def test_show_table_shows_the_profile(self):
        self.smp("client", "add", "Jane Doe", *FULL_PROFILE)
        out, _, _ = self.smp("client", "show", "1", "--format", "table")
        for text in ("Jane Doe", "+44 7700 900123", "jane@example.com", "1980-01-02",
                     "Takes aspirin", "Prefers mornings"):
            self.assertIn(text, out)

    def test_show_on_missing_file(self):
        self.smp("client", "show", "1", expect=EXIT_NO_INPUT)


class ClientEditTest(SmpTestCase):
    def setUp(self):
        super().setUp()
        self.smp("client", "add", "Jane Doe", *FULL_PROFILE)

    def show(self):
        return self.json_out("client", "show", "1")

    def test_edit_changes_fields(self):
        before = self.show()
        out, err, _ = self.smp("client", "edit", "jane", "--phone", "0123 456 789",
                               "--skin-type", "V", "--ludwig", "I", "--undertone", "cool",
                               "--contraindication", "pregnant", "--reminders",
                               "--dob", "1990-05-06")
        self.assertEqual(out, "")
        self.assertEqual(err, "Updated client 1: Jane Doe\n")
        c = self.show()
        self.assertEqual(c["phone"], "0123 456 789")
        self.assertEqual(c["skin_type"], "V")
        self.assertEqual((c["hair_loss_scale"], c["hair_loss_stage"]), ("ludwig", "I"))
        self.assertEqual(c["undertone"], "cool")
        self.assertEqual(c["contraindications"], ["pregnant"])
        self.assertIs(c["reminders_allowed"], True)
        self.assertEqual(c["birth_date"], "1990-05-06")
        # untouched fields stay
        self.assertEqual(c["email"], "jane@example.com")
        self.assertEqual(c["notes"], "Prefers mornings")
        self.assertEqual(c["uuid"], before["uuid"])
        self.assertEqual(c["created_at"], before["created_at"])
        self.assertRegex(c["updated_at"], INSTANT)
        self.assertGreaterEqual(c["updated_at"], before["updated_at"])

    def test_edit_name(self):
        self.smp("client", "edit", "1", "--name", "Jane Smith")
        self.assertEqual(self.show()["name"], "Jane Smith")
        self.smp("client", "show", "smith")

    def test_edit_quiet_and_json(self):
        out, err, _ = self.smp("client", "edit", "1", "--notes", "x", "-q")
        self.assertEqual((out, err), ("1\n", ""))
        record = self.json_out("client", "edit", "1", "--notes", "y")
        self.assertEqual(record["notes"], "y")

    def test_clear_each_field(self):
        fields = {
            "phone": ["phone"], "email": ["email"], "birth-date": ["birth_date"],
            "skin-type": ["skin_type"], "undertone": ["undertone"],
            "hair-colour": ["hair_colour"], "hair-loss": ["hair_loss_scale", "hair_loss_stage"],
            "condition": ["condition"], "contraindications": ["contraindications"],
            "medical-notes": ["medical_notes"], "notes": ["notes"],
        }
        for flag, json_fields in fields.items():
            with self.subTest(clear=flag):
                self.assertNotIn(self.show()[json_fields[0]], (None, []))
                self.smp("client", "edit", "1", "--clear", flag)
                c = self.show()
                for field in json_fields:
                    self.assertIn(c[field], (None, []), field)  # a list is cleared to []
        self.assertEqual(self.show()["name"], "Jane Doe")

    def test_clear_several_at_once(self):
        self.smp("client", "edit", "1", "--clear", "phone,email", "--clear", "notes")
        c = self.show()
        self.assertEqual((c["phone"], c["email"], c["notes"]), (None, None, None))
        self.assertEqual(c["skin_type"], "III")

    def test_clear_unknown_field_refused(self):
        _, err, _ = self.smp("client", "edit", "1", "--clear", "nickname", expect=EXIT_USAGE)
        self.assert_error(err, '"nickname"', "phone", "notes")
        self.assertEqual(self.show()["phone"], "+44 7700 900123")

    def test_empty_value_clears(self):
        self.smp("client", "edit", "1", "--phone", "", "--email", "", "--notes", "",
                 "--skin-type", "", "--birth-date", "")
        c = self.show()
        for field in ("phone", "email", "notes", "skin_type", "birth_date"):
            self.assertIsNone(c[field], field)

    def test_invalid_edit_changes_nothing(self):
        before = self.show()
        self.smp("client", "edit", "1", "--phone", "555 1234", "--email", "bad",
                 expect=EXIT_USAGE)
        self.assertEqual(self.show(), before)

    def test_edit_unknown_client(self):
        _, err, _ = self.smp("client", "edit", "42", "--phone", "555 1234", expect=EXIT_DATA)
        self.assert_error(err, "42")


class ClientArchiveTest(SmpTestCase):
    def test_archive_and_unarchive(self):
        self.add_client("Jane Doe")
        _, err, _ = self.smp("client", "archive", "jane")
        self.assertEqual(err, "Archived client 1: Jane Doe\n")
        c = self.json_out("client", "show", "1")
        self.assertIs(c["archived"], True)
        self.assertRegex(c["archived_at"], INSTANT)
        self.smp("client", "list", "--format", "json", expect=EXIT_NO_MATCH)
        _, err, _ = self.smp("client", "unarchive", "jane")
        self.assertEqual(err, "Unarchived client 1: Jane Doe\n")
        c = self.json_out("client", "show", "1")
        self.assertIs(c["archived"], False)
        self.assertIsNone(c["archived_at"])
        self.assertEqual([r["id"] for r in self.json_out("client", "list")], [1])

    def test_archive_quiet_and_json(self):
        self.add_client("Jane Doe")
        out, err, _ = self.smp("client", "archive", "1", "-q")
        self.assertEqual((out, err), ("1\n", ""))
        self.assertIs(self.json_out("client", "unarchive", "1")["archived"], False)

    def test_archive_unknown(self):
        self.add_client("Jane Doe")
        self.smp("client", "archive", "7", expect=EXIT_DATA)


class ClientRemoveTest(SmpTestCase):
    def test_remove_refused_off_a_terminal_without_yes(self):
        self.add_client("Jane Doe")
        _, err, _ = self.smp("client", "remove", "jane", expect=EXIT_USAGE)
        self.assert_error(err, "--yes")
        self.assertEqual(self.json_out("client", "show", "1")["name"], "Jane Doe")

    def test_remove_with_yes(self):
        self.add_client("Jane Doe")
        keep = self.add_client("Ann Lee")
        _, err, _ = self.smp("client", "remove", "jane", "--yes")
        self.assertEqual(err, "Removed client 1: Jane Doe\n")
        self.smp("client", "show", "1", expect=EXIT_DATA)
        self.assertEqual([r["id"] for r in self.json_out("client", "list", "--all")], [keep])

    def test_remove_short_yes_and_quiet(self):
        self.add_client("Jane Doe")
        out, err, _ = self.smp("client", "remove", "1", "-y", "-q")
        self.assertEqual((out, err), ("1\n", ""))
        self.assertEqual(self.query("SELECT count(*) FROM client"), [(0,)])

    def test_remove_asks_on_a_terminal(self):
        self.add_client("Jane Doe")
        result = self.smp_terminal("client", "remove", "1", input="n\n", expect=None)
        self.assertIn("[y/N]", result.stdout)
        self.assertEqual(self.query("SELECT count(*) FROM client"), [(1,)])
        self.smp_terminal("client", "remove", "1", input="y\n")
        self.assertEqual(self.query("SELECT count(*) FROM client"), [(0,)])

    def test_remove_unknown(self):
        self.add_client("Jane Doe")
        self.smp("client", "remove", "2", "--yes", expect=EXIT_DATA)
        self.assertEqual(self.query("SELECT count(*) FROM client"), [(1,)])


class ClientReferenceTest(SmpTestCase):
    def setUp(self):
        super().setUp()
        self.john = self.add_client("John Smith")
        self.jonas = self.add_client("Jonas Berg")
        self.jo = self.add_client("Jo")
        self.jose = self.add_client("José Müller")

    def shown(self, reference):
        return self.json_out("client", "show", reference)["id"]

    def test_by_id(self):
        self.assertEqual(self.shown(str(self.jonas)), self.jonas)

    def test_unique_fragment(self):
        self.assertEqual(self.shown("smith"), self.john)
        self.assertEqual(self.shown("BERG"), self.jonas)
        self.assertEqual(self.shown("muller"), self.jose)

    def test_exact_full_name_wins_over_fragments(self):
        # "jo" is part of four names, but one client is called exactly "Jo".
        self.assertEqual(self.shown("jo"), self.jo)
        self.assertEqual(self.shown("JO"), self.jo)

    def test_ambiguous_lists_candidates_with_ids(self):
        # "ER" is part of "Jonas Berg" and "José Müller" only
        _, err, _ = self.smp("client", "show", "ER", expect=EXIT_DATA)
        line = self.assert_error(err, '"ER"', f'"Jonas Berg" ({self.jonas})',
                                 f'"José Müller" ({self.jose})')
        self.assertNotIn("John Smith", line)

    def test_same_name_twice_is_ambiguous(self):
        twin = self.add_client("John Smith")
        _, err, _ = self.smp("client", "show", "john smith", expect=EXIT_DATA)
        self.assert_error(err, f"({self.john})", f"({twin})")
        self.assertEqual(self.shown(str(twin)), twin)

    def test_no_match_suggests_nearest(self):
        _, err, _ = self.smp("client", "show", "jonsa", expect=EXIT_DATA)
        self.assert_error(err, '"jonsa"', "did you mean", f'"Jonas Berg" ({self.jonas})')

    def test_no_match_and_nothing_near(self):
        _, err, _ = self.smp("client", "show", "zzzzzzzz", expect=EXIT_DATA)
        self.assert_error(err, '"zzzzzzzz"')

    def test_unknown_id(self):
        _, err, _ = self.smp("client", "show", "99", expect=EXIT_DATA)
        self.assert_error(err, "99")

    def test_reference_works_for_every_command(self):
        for command in (["show"], ["edit", "--notes", "n"], ["archive"], ["unarchive"]):
            with self.subTest(command=command[0]):
                self.smp("client", command[0], "smith", *command[1:])
        self.smp("client", "remove", "smith", "--yes")
        self.smp("client", "show", str(self.john), expect=EXIT_DATA)


class ClientTextTest(SmpTestCase):
    def test_names_round_trip_through_json_and_csv(self):
        ids = {self.add_client(text): text for text in TRICKY_TEXTS}
        for client_id, text in ids.items():
            with self.subTest(text=text):
                self.assertEqual(self.json_out("client", "show", str(client_id))["name"], text)
        rows = self.csv_rows("client", "list")
        self.assertEqual({int(r["id"]): r["name"] for r in rows}, ids)
        by_json = {r["id"]: r["name"] for r in self.json_out("client", "list")}
        self.assertEqual(by_json, ids)
        # the SQL-looking name did nothing to the table
        self.assertEqual(self.query("SELECT count(*) FROM client"), [(len(TRICKY_TEXTS),)])

    def test_notes_round_trip_exactly(self):
        texts = TRICKY_TEXTS + TRICKY_NOTES
        ids = {}
        for text in texts:
            ids[self.add_client("Client", "--notes", text, "--medical-notes", text)] = text
        for client_id, text in ids.items():
            with self.subTest(text=text):
                c = self.json_out("client", "show", str(client_id))
                self.assertEqual(c["notes"], text)
                self.assertEqual(c["medical_notes"], text)
        rows = self.csv_rows("client", "list")
        self.assertEqual({int(r["id"]): r["notes"] for r in rows}, ids)
        self.assertEqual({int(r["id"]): r["medical_notes"] for r in rows}, ids)

    def test_search_finds_sql_and_format_strings_literally(self):
        self.add_client("Robert'); DROP TABLE client;--")
        self.add_client("Percent %s%n")
        self.add_client("Plain")
        self.assertEqual([r["name"] for r in self.json_out("client", "list", "--search", "');")],
                         ["Robert'); DROP TABLE client;--"])
        self.assertEqual([r["name"] for r in self.json_out("client", "list", "--search", "%")],
                         ["Percent %s%n"])
        # LIKE wildcards mean nothing: "_" is an underscore, and no name has one
        self.smp("client", "list", "--search", "_", "--format", "json", expect=EXIT_NO_MATCH)

    def test_escape_character_shown_visibly_in_table(self):
        self.add_client("Evil\x1b[2JName")
        for args in (["client", "list"], ["client", "show", "1"]):
            with self.subTest(command=args[1]):
                out, _, _ = self.smp(*args, "--format", "table")
                self.assertNotIn("\x1b", out)
                self.assertIn("\\x1b[2JName", out)
        _, err, _ = self.smp("client", "edit", "1", "--notes", "x")
        self.assertNotIn("\x1b", err)
        self.assertIn("\\x1b", err)
        # machine formats keep the text exact
        self.assertEqual(self.json_out("client", "show", "1")["name"], "Evil\x1b[2JName")

    def test_table_aligns_by_display_width(self):
        names = ["José Müller", "李小龙", "Ann Lee", "Zoë Ångström"]
        for name in names:
            self.add_client(name, "--phone", "+44 7700 900123", "--skin-type", "II")
        out, _, _ = self.smp("client", "list", "--format", "table")
        lines = out.splitlines()
        self.assertEqual(len(lines), 1 + len(names))

        def column_of(line, text):
            index = line.index(text)
            return display_width(line[:index])

        header = lines[0]
        phone_at = column_of(header, "phone")
        skin_at = column_of(header, "skin")
        for line in lines[1:]:
            with self.subTest(line=line):
                self.assertEqual(column_of(line, "+44 7700 900123"), phone_at)
                self.assertEqual(column_of(line, "II"), skin_at)
        for name in names:
            self.assertTrue(any(name in line for line in lines), name)


if __name__ == "__main__":
    unittest.main()
