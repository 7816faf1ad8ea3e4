"""Safe spreadsheets from every command (issue 19): one rule for every csv and tsv output, not
only `export`'s: a cell a spreadsheet would run as a formula (=, +, -, @, tab, CR first) starts
with one more single quote, and the global --raw turns that off everywhere. Also: a CRLF line
break inside a quoted import field is read as one line break, and a spreadsheet's 31/12/1988
date is answered with the ISO date to write.
"""

import json
import os
import re
import subprocess
import unittest

import pictures
from smptest import EXIT_DATA, SmpTestCase, parse_csv

HOSTILE = '=HYPERLINK("http://evil.example","x")'
FORMULA = re.compile(r"^[=+\-@\t\r]")
NUMBER = re.compile(r"^-?[0-9]+(\.[0-9]+)?$")
LOT = "+L1"

# Every csv/tsv listing, show and report; {client}, {session} are filled in.
COMMANDS = [
    ["client", "list", "--all"],
    ["client", "show", "{client}"],
    ["client", "edit", "{client}", "--notes", "@notes"],
    ["client", "archive", "{other}"],
    ["client", "duplicates"],
    ["session", "list"],
    ["session", "show", "{session}"],
    ["session", "edit", "{session}", "--notes", "+notes"],
    ["shade", "list", "--all"],
    ["shade", "show", "1"],
    ["shade", "edit", "1", "--notes=-notes"],
    ["shade", "lot", "list"],
    ["shade", "trace", LOT],
    ["shade", "recall", LOT, "--reason", "=recall"],
    ["shade", "suggest", "{client}"],
    ["touchup", "due"],
    ["touchup", "list"],
    ["touchup", "set", "{client}", "--every", "3y"],
    ["touchup", "remind", "--dry-run"],
    ["remind", "--dry-run"],
    ["agenda"],
    ["check"],
    ["export", "clients"],
    ["export", "sessions"],
    ["export", "shades"],
    ["export", "lots"],
    ["export", "consents"],
    ["export", "reminders"],
    ["export", "attempts"],
    ["export", "erasures"],
    ["export", "payments"],
    ["payment", "list"],
    ["photo", "list"],
    ["photo", "show", "{photo}"],
    ["payment", "list", "--owing"],
    ["payment", "show", "{payment}"],
    ["payment", "edit", "{payment}", "--note", "=edited"],
    ["report", "--by", "year"],
]

# Commands with no csv or tsv output of stored text, and why.
NOT_LISTINGS = {
    "init": "the records file's path and schema only",
    "client add": "checked through client edit (the same record writer)",
    "client unarchive": "checked through client archive",
    "client remove": "checked through client archive (the same record writer)",
    "client export": "JSON only",
    "client forget": "nothing personal left to print",
    "client merge": "its plan is text in every format; the merged client through client list",
    "client consent": "checked through client edit (the same record writer)",
    "client screen": "checked through client edit (the same record writer)",
    "session log": "checked through session edit",
    "session plan": "checked through session edit",
    "session done": "checked through session edit",
    "session cancel": "checked through session edit",
    "session move": "checked through session edit",
    "session remove": "checked through session edit",
    "shade add": "checked through shade edit",
    "shade retire": "checked through shade edit",
    "shade unretire": "checked through shade edit",
    "shade lot add": "checked through shade lot list",
    "shade lot edit": "the lot record shade lot list prints, checked there",
    "shade lot open": "the lot record shade lot list prints, checked there",
    "shade mix": "numbers only",
    "touchup snooze": "checked through touchup set (the same record)",
    "touchup calendar": "iCalendar only",
    "session aftercare": "a handout: text or html only",
    "session passport": "a handout: text or html only",
    "import": "a summary on standard error",
    "export all": "the same writers as export KIND, into files",
    "backup": "a path only",
    "restore": "a path only",
    "help": "text only",
    "_complete": "completion words",
    "_describe": "JSON only",
    "payment add": "checked through payment edit (the same record writer)",
    "payment remove": "checked through payment edit (the same record writer)",
    "payment receipt": "text or HTML only (HTML escaped, tested in test_receipt)",
    "photo add": "checked through photo show (the same record writer)",
    "photo remove": "checked through photo show (the same record writer)",
    "photo open": "runs a picture viewer, prints nothing",
    "photo sheet": "HTML only",
}


class SafeSpreadsheetsTest(SmpTestCase):
    def setUp(self):
        super().setUp()
        self.client = self.add_client(HOSTILE, "--email", "ana@example.com", "--notes", "=1+1")
        self.other = self.add_client("@Other", "--phone", "+44 7700 900111")
        self.smp("client", "consent", self.client, "--kind", "marketing", "--signed",
                 "2026-01-01", "--form", "=form")
        self.smp("shade", "add", "=Onyx", "--brand", "+Brand", "--notes", "@n", "-q")
        self.smp("shade", "lot", "add", "1", LOT, "--expires", "2027-01", "--supplier", "=s",
                 "-q")
        self.session = int(self.smp("session", "log", self.client, "--date", "2026-05-20",
                                    "--lot", LOT, "--notes=-5 days", "-q").stdout.strip())
        self.smp("touchup", "remind", "--exec", "echo '=bounce' >&2; cat >/dev/null")
        self.payment = int(self.smp("payment", "add", self.client, "450", "--reference",
                                    "+31 slip", "--note", "=note", "-q").stdout.strip())
        # The hostile client entered twice, for `client duplicates`.
        self.add_client(HOSTILE, "--email", "ana@example.com")
        self.smp("client", "consent", self.client, "--kind", "photo", "--signed", "2026-01-01")
        picture = os.path.join(self.tmp, "=crown.png")
        with open(picture, "wb") as out:
            out.write(pictures.png(2, 2, (1, 2, 3)))
        self.photo = int(self.smp("photo", "add", self.client, picture, "--note", "-edited",
                                  "-q").stdout.strip())

    def commands(self):
        values = {"client": self.client, "other": self.other, "session": self.session,
                  "payment": self.payment, "photo": self.photo}
        return [[a.format(**values) for a in command] for command in COMMANDS]

    def test_every_csv_and_tsv_cell_is_safe(self):
        checked = 0
        for command in self.commands():
            for fmt in ("csv", "tsv"):
                with self.subTest(command=" ".join(command), format=fmt):
                    result = self.smp("--format", fmt, *command, expect=(0, 1))
                    if fmt == "csv":
                        rows = parse_csv(result.stdout)
                    else:
                        rows = [line.split("\t") for line in result.stdout.splitlines()]
                    self.assertTrue(rows or result.code == 1, "no output")
                    for row in rows[1:]:
                        for cell in row:
                            if NUMBER.match(cell):
                                continue
                            self.assertIsNone(FORMULA.match(cell), f"unsafe cell {cell!r}")
                            checked += 1
        self.assertGreater(checked, 100)

    def test_the_hostile_name_is_neutralised_in_a_listing(self):
        rows = self.csv_rows("client", "list")
        self.assertIn("'" + HOSTILE, [r["name"] for r in rows])
        self.assertIn("'+44 7700 900111", [r["phone"] for r in rows])

    def test_raw_turns_it_off_everywhere(self):
        for command in (["client", "list"], ["export", "clients"], ["session", "list"]):
            with self.subTest(command=" ".join(command)):
                text = self.smp("--raw", "--format", "csv", *command).stdout
                self.assertIn(HOSTILE.replace('"', '""'), text)
                self.assertNotIn("'" + HOSTILE.replace('"', '""'), text)
        # After the subcommand too, as export always took it.
        self.assertNotIn("'=", self.smp("export", "clients", "--raw").stdout)

    def test_json_is_never_neutralised(self):
        names = [r["name"] for r in self.json_out("client", "list")]
        self.assertIn(HOSTILE, names)

    def test_a_listing_imports_back_as_it_was(self):
        listing = os.path.join(self.tmp, "clients.csv")
        with open(listing, "w", encoding="utf-8") as f:
            f.write(self.smp("--format", "csv", "client", "list", "--columns",
                             "name,notes").stdout)
        fresh = os.path.join(self.tmp, "fresh.db")
        self.smp("-f", fresh, "import", "clients", listing)
        names = [r["name"] for r in self.json_out("-f", fresh, "client", "list")]
        self.assertIn(HOSTILE, names)

    def test_every_command_is_checked_or_excused(self):
        described = json.loads(subprocess.run([self.binary, "_describe"], capture_output=True,
                                              text=True, check=True).stdout)
        leaves = []

        def walk(command, prefix):
            name = f"{prefix} {command['name']}".strip()
            if not command.get("commands"):
                leaves.append(name)
            for sub in command.get("commands", []):
                walk(sub, name)

        for command in described["commands"]:
            walk(command, "")
        checked = set()
        for command in COMMANDS:
            words = [w for w in command if not w.startswith("-") and "{" not in w]
            for n in range(len(words), 0, -1):
                if " ".join(words[:n]) in leaves:
                    checked.add(" ".join(words[:n]))
                    break
        missing = [leaf for leaf in leaves if leaf not in checked and leaf not in NOT_LISTINGS]
        self.assertEqual(missing, [], "commands whose csv/tsv output no test checks")


class ImportShapesTest(SmpTestCase):
    def import_file(self, name, text, *args, **kw):
        path = os.path.join(self.tmp, name)
        with open(path, "w", encoding="utf-8", newline="") as f:
            f.write(text)
        return self.smp("import", "clients", path, *args, **kw)

    def test_crlf_inside_a_quoted_field_is_one_line_break(self):
        self.import_file("crlf.csv", 'name,notes\r\nAna Lima,"multi-line\r\nnote"\r\n')
        self.assertEqual(self.json_out("client", "show", "Ana")["notes"], "multi-line\nnote")

    def test_a_spreadsheet_date_says_what_to_write(self):
        result = self.import_file("dates.csv", "name,birth_date\nAna Lima,31/12/1988\n"
                                               "Bo Chen,3/4/1990\n", expect=EXIT_DATA)
        self.assertIn('"31/12/1988": write 1988-12-31 (day/month/year)', result.stderr)
        self.assertIn("write 1990-04-03 if it is day/month/year, or 1990-03-04 if it is "
                      "month/day/year", result.stderr)
        self.assertNotIn("+10d", result.stderr.split("\n")[0])
        self.assertFalse(os.path.exists(self.records) and
                         self.query("SELECT count(*) FROM client")[0][0])


if __name__ == "__main__":
    unittest.main()
