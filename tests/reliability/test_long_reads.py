"""A long read never holds writers up for its whole length: a listing or an export is read in
steps, and each step is read whole before any of it is written out, so an output that takes its
time (a pager, a pipe nobody reads yet) holds no lock while it waits. A writer with a one-second
busy timeout therefore gets in while an export of thousands of sessions is stuck on its output.
"""

import csv
import os
import subprocess
import time

from reliability import SmpTestCase, figures

CLIENTS = 20
SESSIONS_PER_CLIENT = 400  # 8,000 sessions: more than one step, and far more than a pipe holds


class LongReadTest(SmpTestCase):
    def setUp(self):
        super().setUp()
        self.write_config("busy_timeout = 1\n")
        for i in range(CLIENTS):
            self.smp("-q", "client", "add", f"Client {i}")
        path = os.path.join(self.tmp, "sessions.csv")
        with open(path, "w", newline="", encoding="utf-8") as f:
            rows = csv.writer(f)
            rows.writerow(["client_id", "date", "time", "status", "kind", "notes"])
            for n in range(CLIENTS * SESSIONS_PER_CLIENT):
                rows.writerow([n % CLIENTS + 1, f"2025-{n % 12 + 1:02}-{n % 28 + 1:02}",
                               f"{9 + n % 8:02}:{n % 60:02}", "done", "consult", "n" * 80])
        self.smp("-q", "import", "sessions", path)

    def stuck_reader(self, *args):
        """smp writing to a pipe nobody reads yet: it blocks once the pipe is full."""
        reader = subprocess.Popen(self.command(args), stdout=subprocess.PIPE,
                                  stderr=subprocess.PIPE, env=self.run_env(None), cwd=self.tmp)
        time.sleep(1.5)  # long enough to fill the pipe and block on it
        self.assertIsNone(reader.poll(), "the read finished before its output was taken")
        return reader

    def test_writers_get_in_while_a_long_read_waits_on_its_output(self):
        waits = []
        for args in (["export", "sessions"], ["session", "list", "--format", "csv"],
                     ["session", "list", "--format", "json"]):
            with self.subTest(command=" ".join(args)):
                reader = self.stuck_reader(*args)
                try:
                    started = time.monotonic()
                    self.smp("-q", "client", "add", f"Writer during {args[0]}")
                    waits.append(time.monotonic() - started)
                finally:
                    out, _ = reader.communicate(timeout=120)
                self.assertEqual(reader.returncode, 0)
                lines = out.decode().count("\n")
                self.assertGreaterEqual(lines, CLIENTS * SESSIONS_PER_CLIENT)
        figures("reliability.long_reads", readers=len(waits), writes_refused=0,
                write_seconds_max=f"{max(waits):.2f}")

    def test_a_listing_in_steps_equals_one_in_one_go(self):
        # Same-day, same-time sessions across step boundaries: none lost, none twice.
        listed = self.smp("session", "list", "--format", "csv").stdout.splitlines()
        ids = [line.split(",", 1)[0] for line in listed[1:]]
        self.assertEqual(len(ids), CLIENTS * SESSIONS_PER_CLIENT)
        self.assertEqual(len(set(ids)), len(ids))
        exported = self.smp("export", "sessions").stdout.splitlines()
        exported_ids = [line.split(",", 1)[0] for line in exported[1:]]
        self.assertEqual(exported_ids, sorted(exported_ids, key=int))
        self.assertEqual(sorted(exported_ids, key=int), sorted(ids, key=int))
