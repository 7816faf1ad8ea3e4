"""Terminal escapes on standard error: a stored name or a CSV cell that smp quotes in a warning
or an error (consent and screening warnings, namesakes, ambiguous names, import problems, the
reminder summary) is shown with its control characters, escape sequences and bidirectional
overrides as visible escapes, exactly as `table` output shows them.
"""

import os
import re
import unittest

from reliability import EXIT_DATA, SmpTestCase, figures

OSC52 = "\x1b]52;c;cm0gLXJmIH4=\x07"          # writes the clipboard
CLEAR = "\x1b[2J\x1b[H"                         # clears the screen
LINK = "\x1b]8;;https://evil.example\x1b\\x\x1b]8;;\x1b\\"  # a hidden hyperlink
OVERRIDE = "\u202egnp.exe"                      # reads as exe.png

HOSTILE_NAMES = [f"Eve {OSC52} One", f"Eve {CLEAR} Two", f"Eve {LINK} Three",
                 f"Eve {OVERRIDE} Four"]

# Raw bytes that must never reach a terminal from stored text.
RAW = re.compile("[\x00-\x08\x0b-\x1f\x7f\x80-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


class HostileStderrTest(SmpTestCase):
    TIMEOUT = 60

    def assert_clean(self, err, what):
        self.assertIsNone(RAW.search(err), f"raw control character on stderr from {what}: "
                                           f"{err!r}")
        self.checked += 1

    def test_names_and_cells_on_stderr_are_visible(self):
        self.checked = 0
        ids = [self.add_client(name) for name in HOSTILE_NAMES]
        for client in ids:
            # Consent and screening warnings name the client.
            err = self.smp("session", "log", client, "--date", "2026-06-01").stderr
            self.assertIn("warning", err)
            self.assert_clean(err, "session log")
            err = self.smp("session", "plan", client, "--date", "2026-07-01").stderr
            self.assert_clean(err, "session plan")
        for name in HOSTILE_NAMES:
            # A namesake: the warning quotes the name.
            err = self.smp("client", "add", name).stderr
            self.assertIn("already named", err)
            self.assert_clean(err, "client add (namesake)")
        # Ambiguous: every candidate named in the error.
        err = self.smp("client", "show", "Eve", expect=EXIT_DATA).stderr
        self.assert_clean(err, "client show (ambiguous)")
        err = self.smp("client", "show", "Eve \x1b[31m", expect=(1, EXIT_DATA)).stderr
        self.assert_clean(err, "client show (no match)")
        # Import problems echo the cell.
        path = os.path.join(self.tmp, "bad.csv")
        with open(path, "w", encoding="utf-8", newline="") as f:
            f.write("name,email,skin_type\n")
            for n, text in enumerate([OSC52, CLEAR, LINK, OVERRIDE]):
                f.write(f'Row {n},"{text}@x",{text}\n')
        err = self.smp("import", "clients", path, expect=EXIT_DATA).stderr
        self.assertGreaterEqual(err.count("invalid"), 4)
        self.assert_clean(err, "import")
        self.assertIn("\\x1b]52;c;", err)   # shown, not obeyed
        self.assertIn("\\u202egnp.exe", err)
        figures("reliability.hostile_stderr", names=len(HOSTILE_NAMES), outputs_checked=self.checked,
                raw_escapes=0)


if __name__ == "__main__":
    unittest.main()
