"""Every JSON output validates against its published schema (doc/schema/*.json).

A small practice is built with the real binary (clients, sessions done, booked and
cancelled, shades, lots incl. a recalled one, consents, a screening, reminders, due
clients); then every command with a JSON output runs with --format json (and ndjson for
listings, each line against the schema's items) and is validated with jsonschema.

The list of commands comes from `smp _describe`: a command that is neither mapped to a
schema in CASES nor listed in NO_JSON with the reason fails the test, so a new command
cannot slip by without its schema.
"""

import glob
import json
import os
import unittest

import pictures
from smptest import SmpTestCase

try:
    import jsonschema
except ImportError:  # scripts/dev installs python3-jsonschema
    jsonschema = None

# (command path as in `smp _describe`, arguments after it, schema file in doc/schema/).
# Run in this order on one records file: writes come after the listings that show them.
CASES = [
    ("init", [], "init.json"),
    ("client add", ["Eve Adams", "--phone", "+44 7700 900009"], "client.json"),
    ("client duplicates", [], "client-duplicates.json"),
    ("client list", ["--all"], "client-list.json"),
    ("client show", ["Jane Doe"], "client-show.json"),
    ("client show", ["Eve Adams"], "client-show.json"),    # nothing on record yet
    ("client edit", ["Eve Adams", "--notes", "prefers mornings"], "client.json"),
    ("client archive", ["Eve Adams"], "client.json"),
    ("client unarchive", ["Eve Adams"], "client.json"),
    ("client consent", ["Tom Smith", "--kind", "treatment", "--signed", "2026-06-01"],
     "consent.json"),
    ("client screen", ["Tom Smith", "--none"], "client.json"),
    ("client export", ["Jane Doe", "-o", "{tmp}/jane.json"], "client-export.json"),
    ("client export", ["Bo Due", "-o", "{tmp}/bo.json"], "client-export.json"),
    ("session log", ["Ann Lee", "--date", "2026-06-10", "--price", "80"], "session.json"),
    ("session plan", ["Ann Lee", "--date", "2026-07-01", "--time", "09:30"], "session.json"),
    ("session done", ["4"], "session.json"),
    ("session cancel", ["5", "--reason", "ill"], "session.json"),
    ("session move", ["3", "--date", "2026-06-19"], "session.json"),
    ("session list", [], "session-list.json"),
    ("session show", ["1"], "session.json"),
    ("session edit", ["1", "--notes", "settled well"], "session.json"),
    ("payment add", ["Ann Lee", "80", "--method", "card", "--reference", "slip 1"],
     "payment.json"),
    ("payment add", ["Jane Doe", "1,200.50", "--deposit"], "payment.json"),
    ("payment add", ["Tom Smith", "20", "--fee"], "payment.json"),
    ("payment list", [], "payment-list.json"),
    ("photo add", ["Bo Due", "{tmp}/scan.png", "--area", "crown", "--date", "2026-06-01"],
     "photo.json"),
    ("photo list", [], "photo-list.json"),
    ("photo show", ["1"], "photo.json"),
    ("payment list", ["--owing"], "payment-owing.json"),
    ("payment show", ["2"], "payment.json"),
    ("payment edit", ["1", "--note", "paid in full"], "payment.json"),
    ("shade add", ["Mid 3", "--brand", "Acme"], "shade.json"),
    ("shade list", ["--all"], "shade-list.json"),
    ("shade show", ["Dark 1"], "shade-show.json"),
    ("shade show", ["Mid 3"], "shade-show.json"),          # no lots yet
    ("shade edit", ["Mid 3", "--notes", "for blond clients"], "shade.json"),
    ("shade retire", ["Mid 3"], "shade.json"),
    ("shade unretire", ["Mid 3"], "shade.json"),
    ("shade lot add", ["Mid 3", "L300", "--expires", "2027-03-01"], "lot.json"),
    ("shade lot open", ["L100", "--date", "2026-03-01"], "lot.json"),
    ("shade lot edit", ["L100", "--size", "30ml"], "lot.json"),
    ("shade lot list", [], "lot-list.json"),
    ("shade trace", ["L200"], "trace.json"),
    ("shade recall", ["L300", "--reason", "supplier notice"], "trace.json"),
    ("shade mix", ["--dilution", "10:1", "--volume", "10"], "mix.json"),
    ("shade suggest", ["Jane Doe"], "suggest.json"),
    ("shade suggest", ["Eve Adams"], "suggest.json"),
    ("touchup due", ["--within", "1y"], "touchup-due.json"),
    ("touchup list", [], "touchup-list.json"),
    ("touchup set", ["Jane Doe", "--every", "1y"], "touchup-status.json"),
    ("touchup snooze", ["Tom Smith", "--until", "2026-07-01"], "touchup-status.json"),
    ("remind", ["--dry-run", "--resend"], "remind.json"),
    ("touchup remind",
     ["--within", "1y", "--dry-run", "--resend", "--message", "Hi {first_name}"], "remind.json"),
    ("agenda", ["--days", "30"], "agenda.json"),
    ("report", ["--from", "2026-01-01"], "report.json"),
    ("report", ["--from", "2026-04-01", "--by", "week"], "report.json"),
    ("export clients", [], "client-list.json"),
    ("export sessions", [], "session-list.json"),
    ("export shades", [], "shade-list.json"),
    ("export lots", [], "lot-list.json"),
    ("export consents", [], "consent-list.json"),
    ("export reminders", [], "reminder-list.json"),
    ("export payments", [], "payment-list.json"),
    ("export attempts", [], "attempt-list.json"),
    ("export erasures", [], "erasure-list.json"),
    ("backup", ["{tmp}/backup.db"], "backup.json"),
    ("check", [], "check.json"),
    ("_describe", [], "describe.json"),
    ("session remove", ["2", "-y"], "session.json"),
    ("client remove", ["Eve Adams", "-y"], "client.json"),
    ("payment remove", ["1", "-y"], "payment.json"),
    ("photo remove", ["1", "-y"], "photo.json"),
]

# Commands with no JSON output of their own, and why.
NO_JSON = {
    "help": "shows a manual page",
    "_complete": "prints completion words for the shells",
    "touchup calendar": "prints iCalendar (--format ics)",
    "session aftercare": "a handout for the client: text or html (tests/cli/test_handouts.py)",
    "session passport": "a handout for the client: text or html (tests/cli/test_handouts.py)",
    "import": "reports on stderr; the records are read back with list/export",
    "export all": "writes a folder of files, one per export command's shape",
    "client forget": "reports on stderr (the erased client is gone)",
    "client merge": "prints its plan as text; the kept client is read back with client show",
    "restore": "reports on stderr",
    "payment receipt": "prints a receipt (--format text or html)",
    "photo sheet": "prints an HTML page (--format html)",
    "photo open": "runs a picture viewer ($SMP_OPENER) with the photo's path",
}


def schema_dir():
    from smptest import source_dir
    return os.path.join(source_dir(), "doc", "schema")


def load_schemas():
    schemas = {}
    for path in sorted(glob.glob(os.path.join(schema_dir(), "*.json"))):
        with open(path, encoding="utf-8") as f:
            schemas[os.path.basename(path)] = json.load(f)
    return schemas


def leaf_commands(describe):
    def walk(command, prefix):
        path = prefix + [command["name"]]
        if not command["commands"]:
            yield " ".join(path)
        for sub in command["commands"]:
            yield from walk(sub, path)
    for command in describe["commands"]:
        yield from walk(command, [])


@unittest.skipIf(jsonschema is None, "python3-jsonschema is not installed")
class JsonSchemaTest(SmpTestCase):

    def build_practice(self):
        s = self.smp
        s("client", "add", "Jane Doe", "--phone", "+44 7700 900001", "--email",
          "jane@example.com", "--skin-type", "III", "--planned-sessions", "3", "--birth-date",
          "1980-02-03", "--reminders", "--undertone", "warm", "--hair-colour", "brown",
          "--condition", "androgenetic", "--contraindication", "keloid",
          "--medical-notes", "none known", "--notes", "referred by Tom")
        s("client", "add", "Tom Smith", "--phone", "+44 7700 900002", "--norwood", "5")
        s("client", "add", "Tom Smyth", "--phone", "+44 7700 900002")  # him again: a duplicate
        s("client", "add", "Ann Lee", "--email", "ann@example.com")
        s("client", "add", "Bo Due", "--email", "bo@example.com")
        s("shade", "add", "Dark 1", "--brand", "Acme", "--dilution", "6:1")
        s("shade", "add", "Light 2", "--brand", "Acme")
        s("shade", "lot", "add", "Dark 1", "L100", "--expires", "2027-01-01",
          "--received", "2026-01-01", "--supplier", "Acme Ltd", "--bottles", "2", "--size",
          "15ml")
        s("shade", "lot", "add", "Light 2", "L200", "--expires", "2026-12-01")
        s("client", "consent", "Jane Doe", "--kind", "treatment", "--signed", "2026-03-01")
        s("client", "screen", "Jane Doe", "--contraindication", "keloid", "--reviewed", "keloid",
          "--date", "2026-03-01", "--patch-test", "2026-02-20", "--patch-result", "ok",
          "--lot", "L100")
        s("session", "log", "Jane Doe", "--date", "2026-03-01", "--duration", "2h",
          "--area", "crown,temples", "--price", "250.00", "--needle", "3RL-0.25",
          "--depth", "0.5", "--voltage", "7.5", "--pain", "3", "--numbing", "lidocaine",
          "--machine", "Rotary X", "--notes", "first session", "--dilution", "6:1",
          "--shade", "Dark 1", "--lot", "L100")
        s("session", "log", "Tom Smith", "--date", "2026-04-01", "--price", "300",
          "--lot", "L200")
        s("shade", "recall", "L200", "--reason", "supplier notice", "--date", "2026-05-01")
        s("session", "plan", "Jane Doe", "--date", "2026-06-20", "--time", "10:00",
          "--duration", "90min")   # session 3
        s("session", "plan", "Tom Smith", "--date", "2026-06-15", "--time", "09:00")  # 4
        s("session", "plan", "Ann Lee", "--date", "2026-06-25")  # 5
        s("payment", "add", "Tom Smith", "100", "--method", "card", "--date", "2026-04-01",
          "--reference", "INV 7")  # Tom owes 200.00 of his 300.00
        s("session", "log", "Bo Due", "--date", "2025-01-01", "--final", "--price", "100")
        s("touchup", "set", "Bo Due", "--every", "1y")
        s("client", "consent", "Bo Due", "--kind", "photo", "--signed", "2024-12-20",
          "--form", "v2")
        s("client", "consent", "Bo Due", "--kind", "marketing", "--signed", "2024-12-20")
        with open(os.path.join(self.tmp, "scan.png"), "wb") as out:  # for `photo add`
            out.write(pictures.png(2, 2, (20, 30, 40)))
        s("photo", "add", "Bo Due", os.path.join(self.tmp, "scan.png"), "--stage", "healed",
          "--note", "good light")
        s("client", "add", "Cy Next")   # a course under way and nothing booked: a follow-up
        s("session", "log", "Cy Next", "--date", "2026-06-05")
        s("client", "add", "Di Over")   # booked over Jane's session once it moves: an overlap
        s("session", "plan", "Di Over", "--date", "2026-06-19", "--time", "10:30")
        s("touchup", "remind", "--within", "1y", "--message", "Hello {first_name}",
          "--exec", "cat >/dev/null", expect=(0, 1))
        s("touchup", "remind", "--within", "1y", "--message", "Hello again", "--resend",
          "--exec", "cat >/dev/null", "--kind", "touchup", expect=(0, 1))

    def validator(self, schemas, name):
        self.assertIn(name, schemas, f"doc/schema/{name} is missing")
        schema = schemas[name]
        cls = jsonschema.validators.validator_for(schema)
        cls.check_schema(schema)
        return cls(schema, format_checker=None)

    def validate(self, validator, document, where):
        errors = sorted(validator.iter_errors(document), key=lambda e: list(e.path))
        if errors:
            self.fail(f"{where}: {len(errors)} schema errors, first at "
                      f"{list(errors[0].path)}: {errors[0].message}")

    def test_every_command_is_mapped(self):
        describe = self.json_out("_describe")
        mapped = {case[0] for case in CASES} | set(NO_JSON)
        missing = [c for c in leaf_commands(describe) if c not in mapped]
        self.assertEqual(missing, [], "commands with no schema in CASES nor a reason in "
                         "NO_JSON: add their doc/schema/ file and a case")
        stale = mapped - set(leaf_commands(describe))
        self.assertEqual(stale, set(), "CASES/NO_JSON name commands smp no longer has")

    def test_schemas_are_versioned(self):
        schemas = load_schemas()
        self.assertTrue(schemas)
        for name, schema in schemas.items():
            with self.subTest(schema=name):
                self.assertTrue(schema["$id"].endswith("/" + name))
                self.assertRegex(schema["$comment"], r"version \d+\.\d+")
                jsonschema.validators.validator_for(schema).check_schema(schema)

    def test_every_json_output_validates(self):
        schemas = load_schemas()
        self.build_practice()
        for command, args, name in CASES:
            args = [a.replace("{tmp}", self.tmp) for a in args]
            with self.subTest(command=command):
                validator = self.validator(schemas, name)
                out = self.smp(*command.split(), *args, "--format", "json").stdout
                if command == "client export":
                    with open(args[-1], encoding="utf-8") as f:
                        self.validate(self.validator(schemas, "client-data.json"),
                                      json.load(f), "client export's file")
                self.validate(validator, json.loads(out), f"smp {command} --format json")

    def test_ndjson_lines_validate_as_items(self):
        schemas = load_schemas()
        self.build_practice()
        for command, args, name in CASES:
            schema = schemas[name]
            if schema.get("type") != "array" or "remove" in command or "add" in command:
                continue
            if command in ("shade recall", "touchup remind", "backup", "client export"):
                continue
            with self.subTest(command=command):
                validator = self.validator({"items": schema["items"] | {
                    "$schema": schema["$schema"]}}, "items")
                out = self.smp(*command.split(), *args, "--format", "ndjson").stdout
                lines = out.splitlines()
                self.assertTrue(all(lines), f"blank ndjson line in {out!r}")
                for line in lines:
                    self.validate(validator, json.loads(line), f"smp {command} ndjson")

    def test_a_wrong_document_fails(self):
        """The schemas reject what they should: the test can fail."""
        schemas = load_schemas()
        self.build_practice()
        record = self.json_out("client", "show", "Jane Doe")
        validator = self.validator(schemas, "client-show.json")
        self.validate(validator, record, "client show")
        for broken in ({k: v for k, v in record.items() if k != "name"},   # required gone
                       record | {"nickname": "JD"},                          # unknown field
                       record | {"id": "1"},                                 # wrong type
                       record | {"birth_date": "03/02/1980"},                # bad date
                       record | {"skin_type": "VII"}):                       # not a choice
            self.assertTrue(list(validator.iter_errors(broken)), f"accepted {broken!r}")
        session = self.json_out("session", "show", "1")
        self.assertTrue(list(self.validator(schemas, "session.json").iter_errors(
            session | {"price": 250.0})), "money as a number must be rejected")


if __name__ == "__main__":
    unittest.main()
