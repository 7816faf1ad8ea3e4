"""Golden files for the table layouts a practitioner reads every day: `client show`, `agenda`,
`session list` and `touchup due`, on a small practice with every kind of row.

A change to a layout shows up as a diff of tests/cli/golden/*.txt. To accept one on purpose:

    SMP_UPDATE_GOLDEN=1 ctest --test-dir build -R cli.test_golden

and review the diff before committing it. Uuids and clock instants (which change each run)
are replaced by <uuid> and <instant>, padded to their width so the columns still line up.
"""

import os
import re
import unittest

from smptest import SmpTestCase

GOLDEN_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "golden")
UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
INSTANT = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ")


def normalise(text):
    text = UUID.sub(lambda m: "<uuid>".ljust(len(m.group(0))), text)
    return INSTANT.sub(lambda m: "<instant>".ljust(len(m.group(0))), text)


class GoldenTest(SmpTestCase):
    def setUp(self):
        super().setUp()
        # A practice on 2026-06-15: a course under way with a booking, a finished course due
        # for a touch-up, a follow-up overdue, a lot about to expire.
        self.smp("shade", "add", "Carbon Black", "--brand", "Acme SMP", "--dilution", "6:1")
        self.smp("shade", "lot", "add", "Carbon Black", "L-2291", "--expires", "2026-07-01")
        self.add_client("Jane Doe", "--phone", "+44 7700 900123", "--skin-type", "II",
                        "--ludwig", "II", "--email", "jane@example.com")
        self.add_client("Marcus Webb", "--phone", "+44 7700 900456", "--norwood", "5")
        self.add_client("Priya Shah", "--phone", "+44 7700 900789", "--skin-type", "IV")
        self.smp("session", "log", "Jane", "--date", "2026-05-20", "--area", "hairline,temples",
                 "--needle", "3RL-0.25", "--duration", "3h", "--shade", "Carbon Black", "--lot",
                 "L-2291", "--price", "450", "--pain", "3")
        self.smp("session", "plan", "Jane", "--date", "2026-06-17", "--time", "10:00",
                 "--duration", "2h30min")
        for day in ("2022-03-01", "2022-03-15", "2022-04-12"):
            self.smp("session", "log", "Marcus", "--date", day, "--area", "crown")
        self.smp("touchup", "set", "Marcus", "--due", "2026-06-01")
        self.smp("session", "log", "Priya", "--date", "2026-04-20", "--area", "frontal")

    def check(self, name, *args, expect=0):
        text = normalise(self.smp(*args, expect=expect).stdout)
        self.assert_golden(os.path.join(GOLDEN_DIR, name + ".txt"), text, name)

    def test_client_show(self):
        self.check("client-show", "client", "show", "Jane")

    def test_agenda(self):
        self.check("agenda", "agenda", "--days", "7")

    def test_session_list(self):
        self.check("session-list", "session", "list")

    def test_touchup_due(self):
        self.check("touchup-due", "touchup", "due", "--within", "30d", expect=(0, 1))


if __name__ == "__main__":
    unittest.main()
