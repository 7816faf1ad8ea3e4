"""Each record kind is described once (smp/domain/kind.hpp) and `smp _describe` prints those
descriptions. These tests hold the rest of smp to them:

- every kind's export columns are its described fields, in order;
- every field flagged personal, of every kind, is gone after `client forget` (with and without
  --purge): each is filled with a unique marker, then the records file's bytes (and any
  journal) are searched for every marker, and the client's remaining row is read back;
- a new personal field that this test cannot fill fails it, so erasure is never a list kept by
  hand;
- every stored date of every kind that is not a real day stops its export with exit 65, and
  `smp check` names it.
"""

import csv
import glob
import io
import os
import shutil
import sqlite3
import unittest

from smptest import EXIT_DATA, SmpTestCase

EXPORT_NAMES = {"client": "clients", "session": "sessions", "shade": "shades", "lot": "lots",
                "consent": "consents", "reminder": "reminders", "payment": "payments"}


class KindsTest(SmpTestCase):
    def describe(self):
        return self.json_out("_describe", as_of=False)

    def kinds(self):
        return {kind["name"]: kind for kind in self.describe()["kinds"]}

    def test_describe_lists_every_command_and_kind(self):
        described = self.describe()
        names = [command["name"] for command in described["commands"]]
        for name in ("client", "session", "shade", "touchup", "agenda", "import", "export"):
            self.assertIn(name, names)
        client = next(c for c in described["commands"] if c["name"] == "client")
        add = next(c for c in client["commands"] if c["name"] == "add")
        skin = next(o for o in add["options"] if "--skin-type" in o["names"])
        self.assertEqual(skin["values"], ["I", "II", "III", "IV", "V", "VI"])
        edit = next(c for c in client["commands"] if c["name"] == "edit")
        clear = next(o for o in edit["options"] if "--clear" in o["names"])
        self.assertIn("hair-loss", clear["values"])
        self.assertLessEqual(set(EXPORT_NAMES), set(self.kinds()))

    def test_each_command_takes_the_formats_describe_lists(self):
        # Every command that runs without arguments is tried with every format: those listed
        # are taken, the others refused with 64 naming the ones that apply.
        self.add_client("Jane Doe")
        every = self.describe()["options"]
        every = next(o for o in every if "--format" in o["names"])["values"]

        def leaves(commands, path):
            for command in commands:
                here = path + [command["name"]]
                if command["commands"]:
                    yield from leaves(command["commands"], here)
                elif not command["hidden"] and not any(o["required"] for o in command["options"]):
                    yield here, command["formats"]

        tried = 0
        for path, formats in leaves(self.describe()["commands"], []):
            if path[0] in ("init", "backup", "restore", "help"):
                continue  # they write files or print help, whatever the format
            tried += 1
            for name in every:
                with self.subTest(command=" ".join(path), format=name):
                    result = self.smp(*path, "--format", name, expect=None)
                    refused = "does not apply to this command" in result.stderr
                    self.assertEqual(refused, name not in formats, result.stderr)
                    if refused:
                        self.assertEqual(result.code, 64)
                        self.assertIn("use " + ", ".join(formats[:-1]), result.stderr)
        self.assertGreater(tried, 10)

    def test_export_columns_are_each_kinds_fields(self):
        self.add_client("Jane Doe")
        kinds = self.kinds()
        for kind in EXPORT_NAMES:
            described = kinds[kind]
            header = self.smp("export", EXPORT_NAMES[kind]).stdout.splitlines()[0]
            self.assertEqual(header.split(","), [field["name"] for field in described["fields"]],
                             f"export {EXPORT_NAMES[kind]}")

    # Erasure ---------------------------------------------------------------------------------

    def marker_value(self, kind, field, number):
        """A value for the field that can be found again in the file's bytes, or a plain valid
        value (with None as its marker) where the codec allows nothing unique."""
        codec = field["type"]
        if codec == "text":
            text = f"MK{number:03d}{kind}{field['name']}"
            return text, text
        if codec == "phone":
            text = f"+1 555 01{number:03d} 77"
            return text, text
        if codec == "email":
            text = f"mk{number:03d}@marker-{kind}.example"
            return text, text
        if codec == "date":
            text = f"19{40 + number % 50}-0{1 + number % 9}-1{number % 9}"
            return text, text
        if codec in ("choice", "choice_list"):
            return field["values"][-1], None
        if codec == "span":
            return "7y", None
        if codec == "flag":
            return "yes", None
        self.fail(f"erasure test cannot fill {kind}.{field['name']} ({codec}): teach it how")

    def fill_personal_fields(self):
        """A client and a session whose every importable personal field holds a marker; a
        consent, a sent reminder and its send attempt. Returns the markers."""
        kinds = self.kinds()
        markers, number = [], 0

        def columns_for(kind, base):
            nonlocal number
            row = dict(base)
            for field in kinds[kind]["fields"]:
                if "personal" not in field["flags"] or field["name"] in row:
                    continue
                if "importable" not in field["flags"]:
                    if kinds[kind]["erased_whole"]:
                        continue  # the whole row goes; filled below by its own command
                    self.fail(f"personal field {kind}.{field['name']} cannot be imported: "
                              f"teach this test to fill it")
                number += 1
                value, marker = self.marker_value(kind, field, number)
                row[field["name"]] = value
                if marker:
                    markers.append(marker)
            return row

        # Due for a follow-up (not lapsed), so a reminder goes out.
        clients = columns_for("client", {"name": "Zebedee Markerfield", "hair_loss_scale":
                                         "norwood", "hair_loss_stage": "3A",
                                         "touchup_due": "2026-01-10", "touchup_every": "3y"})
        markers.append("Zebedee Markerfield")
        self.import_rows("clients", clients)
        sessions = columns_for("session", {"client_name": "Zebedee Markerfield",
                                           "date": "2026-05-04", "status": "done"})
        self.import_rows("sessions", sessions)
        # Every other kind kept after an erasure with personal fields of its own (payments):
        # filled by its own command, each personal field a marker.
        for name, kind in kinds.items():
            personal = [f["name"] for f in kind["fields"] if "personal" in f["flags"]]
            if name in ("client", "session") or kind["erased_whole"] or not personal:
                continue
            self.assertEqual(name, "payment", f"teach this test to fill {name}'s personal fields")
            self.assertEqual(sorted(personal), ["notes", "reference"], "payment's personal fields")
            self.smp("payment", "add", "Zebedee", "450", "--reference", "MKPAYMENTREF",
                     "--note", "MKPAYMENTNOTE")
            markers += ["MKPAYMENTREF", "MKPAYMENTNOTE"]
        document = os.path.join(self.tmp, "consent.pdf")
        with open(document, "w") as f:
            f.write("signed form")
        self.smp("client", "consent", "Zebedee", "--kind", "treatment", "--signed", "2026-01-02",
                 "--form", "MKFORMVERSION", "--document", document)
        markers.append("MKFORMVERSION")
        markers.append(document)
        self.smp("client", "screen", "Zebedee", "--reviewed", "allergy", "--patch-test",
                 "2025-12-01", "--patch-result", "reaction")
        for kind in ("screening_review", "patch_test"):
            self.assertEqual(self.query(f"SELECT count(*) FROM {kind}")[0][0], 1, kind)
        self.consent_to_reminders("Zebedee")
        # Sent by a command whose first line of output is kept with the attempt.
        self.smp("touchup", "remind", "--channel", "email", "--exec",
                 "echo MKSTDERRLINE >&2; cat >/dev/null", expect=(0, 1))
        markers.append("MKSTDERRLINE")
        self.assertEqual(self.query("SELECT count(*) FROM reminder")[0][0], 1)
        self.assertEqual(self.query("SELECT count(*) FROM send_attempt")[0][0], 1)
        os.remove(document)
        return markers

    def import_rows(self, kind, row):
        path = os.path.join(self.tmp, f"{kind}.csv")
        with open(path, "w", newline="", encoding="utf-8") as f:
            writer = csv.DictWriter(f, fieldnames=list(row))
            writer.writeheader()
            writer.writerow(row)
        self.smp("import", kind, path)

    def file_bytes(self):
        """The records file with its journal or write-ahead log, if any."""
        return b"".join(self.read_bytes(path)
                        for path in [self.records] + glob.glob(self.records + "-*"))

    def assert_no_marker_in_file(self, markers):
        data = self.file_bytes()
        left = [marker for marker in markers if marker.encode() in data]
        self.assertEqual(left, [], "personal data still in the records file")

    def test_forget_erases_every_personal_field_of_every_kind(self):
        markers = self.fill_personal_fields()
        data = self.file_bytes()
        missing = [marker for marker in markers if marker.encode() not in data]
        self.assertEqual(missing, [], "the test failed to store these markers")
        self.smp("client", "forget", "Zebedee", "--yes")
        self.assert_no_marker_in_file(markers)
        kinds = self.kinds()
        self.assertTrue(any(kind["erased_whole"] for kind in kinds.values()))
        for kind in (name for name, kind in kinds.items() if kind["erased_whole"]):
            self.assertEqual(self.query(f"SELECT count(*) FROM {kind}")[0][0], 0, kind)
        kept = [name for name, kind in kinds.items() if not kind["erased_whole"]
                and any("personal" in f["flags"] for f in kind["fields"])]
        self.assertIn("payment", kept)
        for kind in kept:
            for field in kinds[kind]["fields"]:
                if "personal" not in field["flags"]:
                    continue
                for column in field["columns"]:
                    for (value,) in self.query(f"SELECT {column} FROM {kind}"):
                        self.assertIn(value, (None, "", 0, f"forgotten {kind}"),
                                      f"{kind}.{column}")
        # The books keep the amounts.
        self.assertEqual(self.query("SELECT amount_minor FROM payment"), [(45000,)])

    def test_every_importable_field_round_trips_through_export_and_import(self):
        # Every importable field of a client and a session holds a value (the markers), and the
        # catalogue a shade and a lot; exported, imported into a new records file in dependency
        # order, and exported again, each kind's file is the same bytes.
        self.fill_personal_fields()
        self.smp("shade", "add", "Carbon Black", "--brand", "Acme", "--dilution", "6:1")
        self.smp("shade", "lot", "add", "Carbon Black", "L-1", "--expires", "2027-05")
        self.smp("session", "log", "Zebedee", "--date", "2026-06-01", "--area", "crown",
                 "--needle", "3RL-0.25", "--shade", "Carbon Black", "--lot", "L-1",
                 "--price", "450", "--pain", "3", "--duration", "2h30min", "--time", "10:00")
        self.smp("payment", "add", "Zebedee", "1,200.50", "--deposit", "--session", "2",
                 "--method", "card", "--date", "2026-05-30")
        self.smp("session", "log", "Zebedee", "--date", "2026-06-02")
        self.smp("payment", "add", "Zebedee", "40", "--fee", "--session", "3")
        other = {"SMP_FILE": os.path.join(self.tmp, "other.db")}
        kinds = self.kinds()
        exports = {}
        for kind in ("client", "shade", "lot", "session", "payment"):
            exported = exports[kind] = self.smp("export", EXPORT_NAMES[kind]).stdout
            importable = [f["name"] for f in kinds[kind]["fields"] if "importable" in f["flags"]]
            header = exported.splitlines()[0].split(",")
            self.assertTrue(set(importable) <= set(header), kind)
            path = os.path.join(self.tmp, f"{kind}.csv")
            with open(path, "w", encoding="utf-8", newline="") as f:
                f.write(exported)
            self.smp("import", EXPORT_NAMES[kind], path, env=other)
        for kind, exported in exports.items():  # counts of lots and sessions settle at the end
            self.assertEqual(self.smp("export", EXPORT_NAMES[kind], env=other).stdout, exported,
                             f"{kind} changed on the way through export and import")

    def test_a_stored_date_that_is_not_a_day_is_refused_and_checked(self):
        # Each date column of each exported kind, in turn, is given a day that does not exist,
        # as another tool might write it; the kind's export refuses the file, naming the
        # record, and `smp check` lists it.
        self.fill_personal_fields()
        self.smp("shade", "add", "Carbon Black")
        self.smp("shade", "lot", "add", "Carbon Black", "L-1", "--expires", "2027-05",
                 "--received", "2026-01-05", "--opened", "2026-02-01")
        self.smp("shade", "recall", "L-1", "--reason", "advisory")
        self.smp("payment", "add", "Zebedee", "100", "--method", "cash")
        good = os.path.join(self.tmp, "good.db")
        shutil.copyfile(self.records, good)
        tried = []
        for kind, info in self.kinds().items():
            if kind not in EXPORT_NAMES:
                continue
            for field in (f for f in info["fields"] if f["type"] == "date" and f["columns"]):
                column = field["columns"][0]
                if not self.query(f"SELECT count({column}) FROM {info['table']}")[0][0]:
                    continue
                with self.subTest(kind=kind, field=field["name"]):
                    conn = sqlite3.connect(self.records)
                    with conn:
                        conn.execute(f"UPDATE {info['table']} SET {column} = '2026-02-30' "
                                     f"WHERE {column} IS NOT NULL")
                    conn.close()
                    result = self.smp("export", EXPORT_NAMES[kind], expect=EXIT_DATA)
                    self.assert_error(result.stderr, "not a date", "smp check")
                    checked = self.smp("check", expect=EXIT_DATA).stdout
                    self.assertRegex(checked, rf"dates: {kind} \d+ has a {field['name']} that "
                                              r"is not a date")
                    tried.append(f"{kind}.{field['name']}")
                shutil.copyfile(good, self.records)
        for expected in ("client.birth_date", "client.screened_on", "client.touchup_due",
                         "client.snoozed_until", "session.date", "lot.expires_on",
                         "lot.received_on", "lot.opened_on", "lot.recalled_on",
                         "consent.signed_on", "payment.date", "reminder.sent_on"):
            self.assertIn(expected, tried)
        # A lot's bottle openings are kept beside it, and read with it.
        conn = sqlite3.connect(self.records)
        with conn:
            conn.execute("UPDATE lot_opening SET opened_on = '2026-02-30'")
        conn.close()
        result = self.smp("export", "lots", expect=EXIT_DATA)
        self.assert_error(result.stderr, "not a date", "smp check")
        self.assertRegex(self.smp("check", expect=EXIT_DATA).stdout,
                         r"dates: lot \d+ has a bottle opening that is not a date")
        shutil.copyfile(good, self.records)
        self.assertIn("dates: ok", self.smp("check").stdout)

    def test_forget_purge_leaves_no_personal_byte(self):
        markers = self.fill_personal_fields()
        self.smp("client", "forget", "Zebedee", "--yes", "--purge")
        self.assert_no_marker_in_file(markers)
        self.assertEqual(self.query("SELECT count(*) FROM client")[0][0], 0)


if __name__ == "__main__":
    unittest.main()
