"""Permissions: with umask 022, every file smp writes that holds client records is 0600 (owner
only) and every folder it creates is 0700: the records file, its rollback journal while a write
is under way, and the backup written before a schema upgrade. Each way smp makes such a file is
a method named `made_by_*`, returning the paths it made.
"""

import os
import stat
import subprocess
import time
import unittest

from reliability import LockHolder, SmpTestCase, figures, make_old_file


def mode(path):
    return stat.S_IMODE(os.stat(path).st_mode)


def umask_022():
    os.umask(0o022)


class PermissionsTest(SmpTestCase):
    def made_by_init(self):
        path = os.path.join(self.tmp, "by-init", "smp", "records.db")
        self.smp("init", env={"SMP_FILE": path}, preexec_fn=umask_022)
        return [path, os.path.dirname(path), os.path.dirname(os.path.dirname(path))]

    def made_by_first_write(self):
        path = os.path.join(self.tmp, "by-write", "records.db")
        self.smp("client", "add", "Jane Doe", env={"SMP_FILE": path}, preexec_fn=umask_022)
        return [path, os.path.dirname(path)]

    def made_by_a_write_in_progress(self):
        """The rollback journal: a reader holds the file, so smp's commit waits with its journal
        on disk; the journal is looked at then, before the reader lets go."""
        self.smp("client", "add", "Jane Doe", preexec_fn=umask_022)
        journal = self.records + "-journal"
        holder = LockHolder(self.records, "DEFERRED")
        proc = self.popen_smp(["client", "add", "John Smith", "--notes", "n" * 20000])
        try:
            deadline = time.monotonic() + 20
            while not os.path.exists(journal) and proc.poll() is None:
                self.assertLess(time.monotonic(), deadline, "no journal appeared")
                time.sleep(0.005)
            journal_mode = mode(journal)
        finally:
            holder.release()
            proc.communicate(timeout=self.TIMEOUT)
        self.assertEqual(proc.returncode, 0)
        self.assertFalse(os.path.exists(journal))
        return [(journal, journal_mode)]

    def made_by_schema_upgrade(self):
        path = os.path.join(self.tmp, "old", "records.db")
        os.mkdir(os.path.dirname(path))
        make_old_file(path, version=1, clients=2)
        self.smp("-f", path, "client", "list", preexec_fn=umask_022)
        backups = [os.path.join(os.path.dirname(path), name)
                   for name in os.listdir(os.path.dirname(path)) if name.endswith(".bak")]
        self.assertEqual(len(backups), 1)
        return [path] + backups

    def popen_smp(self, args):
        return subprocess.Popen(self.command(args), stdin=subprocess.DEVNULL,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                env=self.run_env({}), cwd=self.tmp, preexec_fn=umask_022)

    def test_private_under_umask_022(self):
        checked = wrong = 0
        for name in sorted(n for n in dir(self) if n.startswith("made_by_")):
            for item in getattr(self, name)():
                path, found = item if isinstance(item, tuple) else (item, mode(item))
                wanted = 0o700 if os.path.isdir(path) else 0o600
                with self.subTest(made_by=name, path=path):
                    checked += 1
                    if found != wanted:
                        wrong += 1
                    self.assertEqual(oct(found), oct(wanted))
        figures("reliability.permissions", files_checked=checked, wrong_mode=wrong, umask="022")


if __name__ == "__main__":
    unittest.main()
