"""Tables that fit the terminal (issue 18): on a terminal narrower than a table, each listing
leaves out its least useful columns first and says so on stderr, cuts only free text (never
below 20 characters), and never cuts a date, an id, a phone number or an amount; --wide shows
every column, --columns chooses them in any format, and a pipe or a file is never narrowed.

Tested in a real terminal (tmux, at 80 and 60 columns: no row wraps) and against golden files
in tests/cli/golden/ (a pseudo-terminal of the same widths). To rewrite the golden files after
a deliberate change, run with SMP_UPDATE_GOLDEN=1 and review the diff.

Every test runs with --as-of 2026-06-15 (AS_OF)."""

import os
import re
import shlex
import shutil
import subprocess
import time
import unittest

from smptest import EXIT_USAGE, SmpTestCase

GOLDEN = os.path.join(os.path.dirname(os.path.abspath(__file__)), "golden")
DATE = re.compile(r"\d{4}-\d\d-\d\d")

CLIENTS = [
    ("Marcus Aurelius Webb-Fitzgerald", "+44 7700 900123", "marcus.webb@example.com", "II",
     "dark-brown", "3A"),
    ("Priya Shah", "+44 7700 900456", "priya.shah.longname@example.org", "IV", "black", "5"),
    ("Jane Doe", "+1 555 010 9999", "jane@example.com", "III", "blonde", "2"),
]


class FitTestCase(SmpTestCase):
    def setUp(self):
        super().setUp()
        for name, phone, email, skin, hair, norwood in CLIENTS:
            client = self.add_client(name, "--phone", phone, "--email", email, "--skin-type",
                                     skin, "--hair-colour", hair, "--norwood", norwood)
            # One course session in January: a follow-up long overdue, with a phone to call.
            self.smp("session", "log", str(client), "--date", "2026-01-05", "--area",
                     "hairline,temples,crown", "--needle", "3RL-0.25")

    def assert_whole_values(self, text):
        """Every phone number and every date the records hold is shown whole."""
        for _, phone, *_ in CLIENTS:
            self.assertIn(phone, text)
        self.assertNotRegex(text, r"\d{4}-\d\d…")
        self.assertNotRegex(text, r"\+\d[\d ]*…")


class NarrowTerminalTest(FitTestCase):
    def terminal(self, columns, *args):
        return self.smp_terminal("--color", "never", *args, columns=columns).stdout

    def test_client_list_keeps_phone_and_email_at_80(self):
        out = self.terminal(80, "client", "list")
        lines = out.splitlines()
        table = [l for l in lines if "hidden" not in l]
        self.assertTrue(all(len(l) <= 80 for l in table), out)
        self.assertIn("marcus.webb@example.com", out)
        self.assert_whole_values(out)
        self.assertNotIn("skin type", lines[0])
        notice = [l for l in lines if "hidden" in l]
        self.assertEqual(len(notice), 1, out)
        self.assertIn("hidden to fit 80 columns (", notice[0])
        self.assertIn("--wide", notice[0])

    def test_touchup_due_never_cuts_dates_or_phones(self):
        for columns in (80, 60):
            out = self.terminal(columns, "touchup", "due")
            table = [l for l in out.splitlines() if "hidden" not in l]
            self.assertTrue(all(len(l) <= columns for l in table), out)
            self.assert_whole_values(out)
            self.assertIn("2026-01-19", out)  # the due date, whole

    def test_names_keep_twenty_characters(self):
        out = self.terminal(60, "session", "list")
        self.assertIn("Marcus Aurelius Webb", out)  # its first 20 characters at least
        self.assertEqual(out.count("2026-01-05"), 3)
        self.assertNotRegex(out, r"\d{4}-\d\d…")

    def test_wide_shows_every_column(self):
        out = self.terminal(80, "--wide", "client", "list")
        self.assertIn("skin type", out.splitlines()[0])
        self.assertNotIn("hidden", out)

    def test_a_wide_enough_terminal_hides_nothing(self):
        out = self.terminal(200, "client", "list")
        self.assertNotIn("hidden", out)


class PipeAndColumnsTest(FitTestCase):
    def test_a_pipe_is_never_narrowed(self):
        result = self.smp("client", "list", env={"COLUMNS": "40"})
        self.assertIn("skin type", result.stdout.splitlines()[0])
        self.assertNotIn("hidden", result.stderr)

    def test_columns_in_a_table(self):
        out = self.smp("client", "list", "--columns", "name,phone").stdout
        self.assertEqual(out.splitlines()[0].split(), ["name", "phone"])

    def test_columns_in_csv_and_json(self):
        rows = self.csv_rows("client", "list", "--columns", "id,phone")
        self.assertEqual(list(rows[0].keys()), ["id", "phone"])
        records = self.json_out("session", "list", "--columns", "id,date,client_name")
        self.assertEqual(list(records[0].keys()), ["id", "date", "client_name"])

    def test_unknown_column_is_a_usage_error(self):
        result = self.smp("client", "list", "--columns", "id,phnoe", expect=EXIT_USAGE)
        self.assert_error(result.stderr, 'unknown column "phnoe"', "phone")


class GoldenTest(FitTestCase):
    CASES = [
        ("client_list_80", 80, ["client", "list"]),
        ("client_list_60", 60, ["client", "list"]),
        ("touchup_due_80", 80, ["touchup", "due"]),
        ("touchup_due_60", 60, ["touchup", "due"]),
        ("session_list_60", 60, ["session", "list"]),
        ("agenda_80", 80, ["agenda"]),
    ]

    def test_golden_files(self):
        for name, columns, args in self.CASES:
            with self.subTest(name):
                out = self.smp_terminal("--color", "never", *args, columns=columns).stdout
                self.assert_golden(os.path.join(GOLDEN, name + ".txt"), out, name)


@unittest.skipUnless(shutil.which("tmux"), "tmux is not installed (scripts/dev deps)")
class TmuxTest(FitTestCase):
    """A real terminal: tmux draws smp's output in a pane of the given width."""

    def in_tmux(self, columns, *args):
        self.runs = getattr(self, "runs", 0) + 1
        socket = os.path.join(self.tmp, f"tmux-{self.runs}.sock")
        done = os.path.join(self.tmp, f"done-{self.runs}")
        err = os.path.join(self.tmp, f"stderr-{self.runs}.txt")
        env = " ".join(f"{k}={shlex.quote(v)}" for k, v in self.env.items()
                       if k in ("HOME", "SMP_FILE", "XDG_CONFIG_HOME", "XDG_DATA_HOME", "TZ"))
        smp = " ".join(shlex.quote(a) for a in self.command(["--color", "never", *args]))
        script = f"env LC_ALL=C.UTF-8 {env} {smp} 2>{shlex.quote(err)}; echo $? > {done}; " \
                 "sleep 60"
        tmux = ["tmux", "-S", socket, "-f", "/dev/null"]
        subprocess.run([*tmux, "new-session", "-d", "-x", str(columns), "-y", "60", script],
                       check=True, env={"PATH": os.environ["PATH"], "TERM": "xterm"})

        def capture(*options):
            return subprocess.run([*tmux, "capture-pane", "-p", *options], capture_output=True,
                                  text=True, check=True).stdout

        try:
            deadline = time.monotonic() + 20
            shown = ""
            # Done, and drawn: the pane shows the same twice in a row.
            while not (os.path.exists(done) and open(done).read().strip() and shown.strip()
                       and shown == capture()):
                if time.monotonic() > deadline:
                    self.fail("smp did not finish in tmux")
                time.sleep(0.1)
                shown = capture()
            joined = capture("-J")
        finally:
            subprocess.run([*tmux, "kill-server"], capture_output=True)
        with open(err, encoding="utf-8") as f:
            return shown.rstrip("\n"), joined.rstrip("\n"), f.read()

    def test_no_row_wraps_at_80_and_60(self):
        for columns in (80, 60):
            for args in (["client", "list"], ["touchup", "due"], ["session", "list"],
                         ["agenda"], ["touchup", "list"]):
                with self.subTest(columns=columns, command=args):
                    shown, joined, err = self.in_tmux(columns, *args)
                    self.assertEqual(shown.splitlines(), joined.splitlines(),
                                     f"a row wrapped at {columns} columns:\n{shown}")
                    self.assertTrue(shown.strip(), "nothing shown")
                    if args in (["client", "list"], ["touchup", "due"], ["agenda"]):
                        self.assert_whole_values(shown)  # the listings with phone numbers
                    for line in err.splitlines():
                        self.assertRegex(line, r"hidden to fit \d+ columns")


if __name__ == "__main__":
    unittest.main()
