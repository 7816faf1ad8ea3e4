"""The machine contract of every JSON output (JSON OUTPUT in smp(1)), beyond its schema:

- one name per thing: a record that is not the client's own names the client `client_name`;
- lists are arrays (areas, lots, contraindications, overlapping bookings), ids are numbers,
  yes/no fields are booleans;
- no sentence made up for people: dates, numbers and enum words instead ("in 2 weeks",
  "2 of 3", "recalled on ...", a touch-up's reason and a suggestion's source stay in the table
  and in csv);
- every amount twice: an exact decimal string and its minor units, with the currency.

The outputs are those of test_json_schema's CASES, on the same practice, as json and ndjson.
"""

import csv
import io
import json
import os
import re
import unittest

import test_json_schema
from smptest import EXIT_NO_MATCH, EXIT_USAGE, SmpTestCase, source_dir

# Words smp writes for people; none may appear as (part of) a json value it generated.
SENTENCES = [
    r"^in \d+ (day|week|month|year)s?$", r"\b\d+ (days?|weeks?|months?|years?) (late|ago)\b",
    r"^(today|tomorrow|yesterday)$", r"^overdue \(", r"^\d+ of \d+$", r"^recalled on ",
    r"^expires ", r"course session", r"nothing to chase", r"not chased", r"touch-up \S+ after",
    r"set by hand", r"built-in table", r"config table", r"latest session", r"starting point",
    r"\(on \d{4}-", r"\(lot ", r"^\d{4}-\d\d-\d\d \d\d:\d\d$", r"^would send$", r"^nothing due$",
]
# Fields that hold one enum word (or null).
ENUM_FIELDS = {"status", "kind", "source", "next_due_status", "next_due_kind",
               "patch_test_result", "result", "channel", "base", "undertone", "hair_colour",
               "hair_loss_scale", "condition"}
LIST_FIELDS = {"areas", "lots", "contraindications", "contraindications_reviewed", "overlaps"}
BOOLEAN_FIELDS = {"final", "overdue", "archived", "retired", "reminders_allowed", "created",
                  "ok", "course_finished"}
# Outputs whose text is documentation or a diagnosis by nature: `_describe` (the help texts)
# and `check` (what it found wrong, in words).
WORDS_ALLOWED = {"_describe", "check"}
# Fields that hold the text of a message to a client: written for a person on purpose.
MESSAGE_FIELDS = {"message", "subject"}


def objects(document, path="$"):
    """Every JSON object in `document`, with where it is."""
    if isinstance(document, dict):
        yield path, document
        for key, value in document.items():
            yield from objects(value, f"{path}.{key}")
    elif isinstance(document, list):
        for i, value in enumerate(document):
            yield from objects(value, f"{path}[{i}]")


class JsonContractTest(SmpTestCase):

    def outputs(self):
        """(command, document) for every case, json and each ndjson line, and the client
        export's file."""
        test_json_schema.JsonSchemaTest.build_practice(self)
        schemas = test_json_schema.load_schemas()
        for command, args, schema in test_json_schema.CASES:
            args = [a.replace("{tmp}", self.tmp) for a in args]
            out = self.smp(*command.split(), *args, "--format", "json").stdout
            yield command, json.loads(out)
            if command == "client export":
                with open(args[-1], encoding="utf-8") as f:
                    yield "client export's file", json.load(f)
            # ndjson again for the listings that only read (as test_json_schema does)
            if (schemas[schema].get("type") != "array" or "remove" in command
                    or "add" in command or command in ("shade recall", "touchup remind", "remind")):
                continue
            out = self.smp(*command.split(), *args, "--format", "ndjson").stdout
            for line in out.splitlines():
                yield command + " (ndjson)", json.loads(line)

    def test_every_json_output_keeps_the_contract(self):
        checked = set()
        for command, document in self.outputs():
            for path, record in objects(document):
                where = f"smp {command} --format json, {path}"
                with self.subTest(where=where):
                    self.check_names(record, where)
                    self.check_types(record, where)
                    self.check_money(record, where)
                    if command.split(" (")[0] not in WORDS_ALLOWED:
                        self.check_no_sentences(record, where)
            checked.add(command.split(" (")[0])
        for command in ("agenda", "touchup list", "payment list", "export attempts"):
            self.assertIn(command, checked)

    def check_names(self, record, where):
        # A record that points at a client is not the client's own: its name is client_name.
        if "client_id" in record:
            self.assertNotIn("name", record, f"{where}: a client's name is client_name here")

    def check_types(self, record, where):
        for key, value in record.items():
            if key in LIST_FIELDS:
                self.assertIsInstance(value, list, f"{where}.{key} is not an array")
            if key == "id" or key.endswith("_id"):
                self.assertIsInstance(value, (int, type(None)), f"{where}.{key}")
                self.assertNotIsInstance(value, bool, f"{where}.{key}")
            if key == "overlaps":
                self.assertTrue(all(isinstance(i, int) for i in value), f"{where}.{key}")
            if key in BOOLEAN_FIELDS:
                self.assertIsInstance(value, bool, f"{where}.{key}")
            if key in ENUM_FIELDS and value is not None and not isinstance(value, list):
                self.assertRegex(value, r"^[A-Za-z0-9][A-Za-z0-9_-]*$",
                                 f"{where}.{key} is not one enum word")

    def check_money(self, record, where):
        # A session's price, a payment's amount, a balance's owed...: each amount twice.
        names = {key[:-len("_minor")] for key in record if key.endswith("_minor")}
        if "price" in record:
            self.assertIn("price", names, f"{where}: price without price_minor")
        for name in names:
            text, minor = record.get(name, "missing"), record[name + "_minor"]
            self.assertNotEqual(text, "missing", f"{where}: {name}_minor without {name}")
            if text is None:
                self.assertIsNone(minor, f"{where}.{name}")
                continue
            self.assertIsInstance(minor, int, f"{where}.{name}_minor")
            sign = "-" if minor < 0 else ""
            self.assertEqual(text, f"{sign}{abs(minor) // 100}.{abs(minor) % 100:02d}",
                             f"{where}.{name}")
            self.assertRegex(record["currency"], r"^[A-Z]{3}$", where)

    def check_no_sentences(self, record, where):
        for key, value in record.items():
            if key in MESSAGE_FIELDS:
                continue
            values = value if isinstance(value, list) else [value]
            for text in values:
                if not isinstance(text, str):
                    continue
                for pattern in SENTENCES:
                    self.assertIsNone(re.search(pattern, text),
                                      f"{where}.{key} = {text!r}: words for people")

    def test_the_contract_check_can_fail(self):
        """Each rule rejects what the old outputs printed."""
        with self.assertRaises(AssertionError):
            self.check_names({"client_id": 1, "name": "Jane Doe"}, "old agenda")
        with self.assertRaises(AssertionError):
            self.check_types({"areas": "crown,temples"}, "old session")
        with self.assertRaises(AssertionError):
            self.check_types({"overlaps": "3"}, "old agenda")
        with self.assertRaises(AssertionError):
            self.check_types({"status": "nothing due"}, "old touchup list")
        with self.assertRaises(AssertionError):
            self.check_money({"price": "250.00", "currency": "EUR"}, "old session")
        with self.assertRaises(AssertionError):
            self.check_money({"price": "250.00", "price_minor": 2500, "currency": "EUR"}, "odd")
        for old in ("in 2 weeks", "overdue (165 days late)", "2 of 3", "recalled on 2026-05-01",
                    "expires in 3 weeks", "keloid (on 2026-03-01)", "2026-06-20 10:00",
                    "course session 1 of 3 done on 2026-03-01; next one 14d later"):
            with self.subTest(old=old), self.assertRaises(AssertionError):
                self.check_no_sentences({"when": old}, "old output")


class JsonShapesTest(SmpTestCase):
    """What each changed output gives instead of the words, and what stays as it was."""

    def test_money_is_an_exact_string_and_minor_units(self):
        self.add_client("Jane Doe")
        session = self.json_out("session", "log", "Jane", "--price", "1,200.50")
        self.assertEqual((session["price"], session["price_minor"], session["currency"]),
                         ("1200.50", 120050, "EUR"))
        booked = self.json_out("session", "plan", "Jane", "--date", "+7d")
        self.assertEqual((booked["price"], booked["price_minor"]), (None, None))
        # The import format keeps its columns: no price_minor in csv.
        rows = self.csv_rows("export", "sessions")
        self.assertNotIn("price_minor", rows[0])
        self.assertEqual(rows[0]["price"], "1200.50")

    def test_exports_keep_their_csv_columns_and_values(self):
        self.add_client("Jane Doe", "--contraindication", "keloid,diabetes")
        self.smp("shade", "add", "Jet", "-q")
        self.smp("shade", "lot", "add", "Jet", "L-1", "--expires", "2030-01", "-q")
        self.smp("session", "log", "Jane", "--area", "crown,temples", "--lot", "L-1",
                 "--date", "2026-06-01")
        out = self.smp("export", "sessions").stdout
        header = next(csv.reader(io.StringIO(out)))
        self.assertIn("course", header)
        self.assertIn('"crown,temples"', out)
        row = self.csv_rows("export", "sessions")[0]
        self.assertEqual((row["course"], row["areas"], row["lots"]), ("1 of 3", "crown,temples",
                                                                      "L-1"))
        client = self.csv_rows("export", "clients")[0]
        self.assertEqual(client["contraindications"], "keloid,diabetes")
        exported = self.json_out("export", "sessions")[0]
        self.assertEqual((exported["areas"], exported["lots"]), (["crown", "temples"], ["L-1"]))
        self.assertNotIn("course", exported)

    def test_reminders_name_the_client_client_name_in_json_only(self):
        self.add_client("Bo Due", "--email", "bo@example.com")
        self.smp("client", "consent", "Bo", "--kind", "marketing", "--signed", "2024-01-01")
        self.smp("session", "log", "Bo", "--date", "2025-01-01", "--final")
        self.smp("touchup", "set", "Bo", "--every", "1y")
        self.smp("touchup", "remind", "--message", "Hi", "--exec", "cat >/dev/null")
        [reminder] = self.json_out("export", "reminders")
        self.assertEqual(reminder["client_name"], "Bo Due")
        self.assertNotIn("name", reminder)
        [row] = self.csv_rows("export", "reminders")
        self.assertEqual(row["name"], "Bo Due")  # the csv columns stay

    def test_remind_prints_an_empty_document_when_nobody_is_due(self):
        self.add_client("Jane Doe", "--email", "jane@example.com")
        for fmt, expected in (("json", "[]\n"), ("ndjson", "")):
            with self.subTest(format=fmt):
                result = self.smp("touchup", "remind", "--message", "Hi", "--format", fmt,
                                  expect=EXIT_NO_MATCH)
                self.assertEqual(result.stdout, expected)
                self.assertEqual(result.stderr, "")
        result = self.smp("touchup", "remind", "--message", "Hi", "--format", "csv",
                          expect=EXIT_NO_MATCH)
        self.assertEqual(result.stdout,
                         "client_id,name,kind,session_id,due,channel,address,status,message\n")
        # Due, but already reminded: the same empty document.
        self.smp("client", "consent", "Jane", "--kind", "marketing", "--signed", "2024-01-01")
        self.smp("session", "log", "Jane", "--date", "2025-01-01", "--final")
        self.smp("touchup", "set", "Jane", "--every", "1y")
        self.smp("touchup", "remind", "--message", "Hi", "--exec", "cat >/dev/null")
        result = self.smp("touchup", "remind", "--message", "Hi", "--format", "json",
                          expect=EXIT_NO_MATCH)
        self.assertEqual(json.loads(result.stdout), [])

    def test_columns_outside_a_table_must_be_fields_of_the_record(self):
        self.add_client("Jane Doe")
        # `status` is a column of the table only: elsewhere it would shift the other values.
        self.assertIn("active", self.smp("client", "list", "--columns", "name,status").stdout)
        for fmt in ("json", "csv"):
            with self.subTest(format=fmt):
                result = self.smp("client", "list", "--columns", "name,status", "--format", fmt,
                                  expect=EXIT_USAGE)
                self.assert_error(result.stderr, '"status"', "skin_type")
        rows = self.json_out("touchup", "list", "--columns", "client_id,client_name")
        self.assertEqual(rows, [{"client_id": 1, "client_name": "Jane Doe"}])

    @unittest.skipIf(test_json_schema.jsonschema is None, "python3-jsonschema is not installed")
    def test_agenda_with_past_open_bookings_matches_its_schema(self):
        self.add_client("Jane Doe")
        self.smp("session", "plan", "Jane", "--date", "2026-03-16", "--time", "10:00",
                 "--as-of", "2026-01-15")
        agenda = self.json_out("agenda")
        [row] = agenda["not_closed"]
        self.assertEqual((row["client_name"], row["date"], row["time"]),
                         ("Jane Doe", "2026-03-16", "10:00"))
        schema = test_json_schema.load_schemas()["agenda.json"]
        validator = test_json_schema.jsonschema.validators.validator_for(schema)(schema)
        self.assertEqual([e.message for e in validator.iter_errors(agenda)], [])

    def test_the_table_keeps_its_words(self):
        self.add_client("Jane Doe", "--phone", "+44 7700 900123")
        self.smp("session", "log", "Jane", "--date", "2026-06-01", "--area", "crown")
        self.smp("session", "plan", "Jane", "--date", "2026-06-16", "--time", "09:00")
        agenda = self.smp("agenda").stdout
        self.assertRegex(agenda, r"name +session")
        self.assertIn("2 of 3", agenda)
        self.assertIn("course session 1 of 3", self.smp("touchup", "list").stdout)


class SchemaChangesTest(SmpTestCase):
    def test_every_major_version_is_listed(self):
        """A rename, removal or type change bumps a schema's major version and is listed in
        doc/schema/CHANGES.md under that version."""
        folder = os.path.join(source_dir(), "doc", "schema")
        with open(os.path.join(folder, "CHANGES.md"), encoding="utf-8") as f:
            changes = f.read()
        for schema in test_json_schema.load_schemas().values():
            name = os.path.basename(schema["$id"])
            major = int(re.search(r"version (\d+)\.\d+", schema["$comment"]).group(1))
            with self.subTest(schema=name):
                for version in range(2, major + 1):
                    section = re.search(rf"^## {version}\.0\n(.*?)(?=^## |\Z)", changes,
                                        re.M | re.S)
                    self.assertIsNotNone(section, f"CHANGES.md has no {version}.0 section")
                    self.assertIn(f"`{name}`", section.group(1),
                                  f"{name} {version}.0 is not listed in CHANGES.md")


if __name__ == "__main__":
    unittest.main()
