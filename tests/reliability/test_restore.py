"""Restore against writers, and through a symbolic link.

Writers add clients (one smp process per write) while `smp restore` replaces the records file
again and again. Every write smp acknowledged (exit 0) must be somewhere the practitioner still
has it: in the records file, or in one of the copies restore kept of the file it replaced. A
writer that opened the old file and waited for the lock must not commit into it after the
swap: it fails with 75 (busy: run it again), never reports success into a file that is gone.

A records path that is a symbolic link stays one: restore replaces the file it points at.
"""

import glob
import os
import sqlite3
import subprocess
import threading
import time
import unittest

from reliability import EXIT_BUSY, SmpTestCase, figures, integrity

WRITERS = 3
RESTORES = int(os.environ.get("SMP_RELIABILITY_RESTORES", "25"))


class RestoreTest(SmpTestCase):
    TIMEOUT = 120

    def names_in(self, path):
        conn = sqlite3.connect("file:" + path + "?mode=ro", uri=True)
        try:
            return {name for (name,) in conn.execute("SELECT name FROM client")}
        finally:
            conn.close()

    def writer(self, number, stop, outcome, lock):
        env = self.run_env({})
        write = 0
        while not stop.is_set():
            name = f"Writer {number} client {write}"
            write += 1
            proc = subprocess.run(self.command(["client", "add", name, "-q"]),
                                  stdin=subprocess.DEVNULL, capture_output=True, env=env,
                                  cwd=self.tmp, timeout=self.TIMEOUT)
            with lock:
                outcome["writes"] += 1
                if proc.returncode == 0:
                    outcome["acknowledged"].add(name)
                elif proc.returncode == EXIT_BUSY:
                    outcome["busy"] += 1
                else:
                    outcome["errors"].append((name, proc.returncode, proc.stderr.decode()))

    def test_writers_against_repeated_restores(self):
        self.add_client("First Client")
        backup = os.path.join(self.tmp, "start.db")
        self.smp("backup", backup)
        outcome = {"writes": 0, "acknowledged": set(), "busy": 0, "errors": []}
        lock = threading.Lock()
        stop = threading.Event()
        threads = [threading.Thread(target=self.writer, args=(n, stop, outcome, lock))
                   for n in range(WRITERS)]
        for thread in threads:
            thread.start()
        restores = 0
        try:
            for _ in range(RESTORES):
                time.sleep(0.05)
                result = self.smp("restore", backup, "--yes", expect=None)
                if result.code == 0:
                    restores += 1
                else:
                    self.assertEqual(result.code, EXIT_BUSY, result.stderr)
        finally:
            stop.set()
            for thread in threads:
                thread.join()
        kept = glob.glob(self.records + ".backup-*.db")
        held = self.names_in(self.records)
        for copy in kept:
            held |= self.names_in(copy)
        lost = outcome["acknowledged"] - held
        figures("reliability.restore_writers", writers=WRITERS, restores=restores,
                writes=outcome["writes"], acknowledged=len(outcome["acknowledged"]),
                busy=outcome["busy"], other_errors=len(outcome["errors"]), lost=len(lost))
        self.assertEqual(outcome["errors"], [])
        self.assertEqual(lost, set(), "acknowledged writes found in no file")
        self.assertGreater(restores, 0)
        self.assertEqual(integrity(self.records), "ok")

    def test_restore_through_a_symbolic_link(self):
        real = os.path.join(self.tmp, "data", "real.db")
        os.makedirs(os.path.dirname(real), mode=0o700)
        self.records_link = os.path.join(self.tmp, "link.db")
        os.symlink(real, self.records_link)
        self.smp("-f", self.records_link, "client", "add", "Before Backup")
        backup = os.path.join(self.tmp, "b.db")
        self.smp("-f", self.records_link, "backup", backup)
        self.smp("-f", self.records_link, "client", "add", "After Backup")
        self.smp("-f", self.records_link, "restore", backup, "--yes")
        self.assertTrue(os.path.islink(self.records_link), "the link was replaced by a file")
        self.assertEqual(self.names_in(real), {"Before Backup"})
        self.assertEqual(os.stat(real).st_mode & 0o777, 0o600)
        # The replaced file was kept beside the real one.
        kept = glob.glob(real + ".backup-*.db")
        self.assertEqual(len(kept), 1)
        self.assertEqual(self.names_in(kept[0]), {"Before Backup", "After Backup"})

    def test_restore_onto_an_empty_file(self):
        self.add_client("Someone")
        backup = os.path.join(self.tmp, "b.db")
        self.smp("backup", backup)
        os.truncate(self.records, 0)
        self.smp("restore", backup, "--yes")
        self.assertEqual(self.names_in(self.records), {"Someone"})


if __name__ == "__main__":
    unittest.main()
