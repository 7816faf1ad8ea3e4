"""Permissions: with umask 022, every file smp writes that holds client records is 0600 (owner
only) and every folder it creates is 0700: the records file, its rollback journal while a write
is under way, the backup written before a schema upgrade, exports (one kind, all kinds into a
folder, one client's data), backups (beside the file, to a file, into a folder) and what a
restore leaves. Each way smp makes such a file is a method named `made_by_*`, returning the
paths it made (an existing folder smp writes into is not its to change, so it is not listed).
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

    def with_records(self):
        """A records file holding a client, a session and a reminder, for the exports."""
        if not os.path.exists(self.records):
            self.smp("client", "add", "Jane Doe", "--email", "jane@example.com",
                     preexec_fn=umask_022)
            self.smp("session", "log", "1", "--date", "2026-05-20", preexec_fn=umask_022)
            self.consent_to_reminders("1", preexec_fn=umask_022)
            self.smp("touchup", "remind", preexec_fn=umask_022)

    def in_new_folder(self, name):
        folder = os.path.join(self.tmp, name)
        os.mkdir(folder)
        return folder

    def made_by_export_of_one_kind(self):
        self.with_records()
        folder = self.in_new_folder("export-kind")
        paths = []
        for kind in ("clients", "sessions", "reminders"):
            path = os.path.join(folder, f"{kind}.csv")
            self.smp("export", kind, "--output", path, preexec_fn=umask_022)
            paths.append(path)
        return paths

    def made_by_export_over_a_readable_file(self):
        """An export replacing a file anyone could read leaves one only its owner can."""
        self.with_records()
        path = os.path.join(self.in_new_folder("export-over"), "clients.csv")
        with open(path, "w") as f:
            f.write("old\n")
        os.chmod(path, 0o644)
        self.smp("export", "clients", "--output", path, preexec_fn=umask_022)
        return [path]

    def made_by_export_all(self):
        self.with_records()
        new_folder = os.path.join(self.tmp, "export-all", "new")
        existing = self.in_new_folder("export-all-existing")
        paths = [new_folder]
        for folder in (new_folder, existing):
            self.smp("export", "all", "--output", folder, preexec_fn=umask_022)
            files = [os.path.join(folder, name) for name in sorted(os.listdir(folder))]
            self.assertIn("MANIFEST.txt", os.listdir(folder))
            paths += files
        return paths

    def made_by_client_export(self):
        self.with_records()
        path = os.path.join(self.in_new_folder("client-export"), "jane.json")
        self.smp("client", "export", "1", "--output", path, preexec_fn=umask_022)
        return [path]

    def made_by_backup(self):
        self.with_records()
        folder = self.in_new_folder("backups")
        beside = self.smp("backup", preexec_fn=umask_022).stdout.strip()
        to_file = self.smp("backup", os.path.join(folder, "named.db"),
                           preexec_fn=umask_022).stdout.strip()
        into_folder = self.smp("backup", folder, preexec_fn=umask_022).stdout.strip()
        self.assertEqual(os.path.dirname(into_folder), folder)
        made = [beside, to_file, into_folder]
        # Nothing else (a journal of the copy) left beside them.
        self.assertEqual(sorted(os.listdir(folder)),
                         sorted(os.path.basename(p) for p in made[1:]))
        return made

    def made_by_restore(self):
        """The restored records file and the replaced one it keeps."""
        self.with_records()
        path = os.path.join(self.in_new_folder("restore"), "records.db")
        backup = self.smp("backup", os.path.join(self.tmp, "restore", "from.db"),
                          preexec_fn=umask_022).stdout.strip()
        self.smp("-f", path, "client", "add", "John Smith", preexec_fn=umask_022)
        self.smp("-f", path, "restore", backup, "--yes", preexec_fn=umask_022)
        folder = os.path.dirname(path)
        kept = [os.path.join(folder, name) for name in os.listdir(folder)
                if name.startswith("records.db.backup-")]
        self.assertEqual(len(kept), 1)
        return [path, backup] + kept

    def popen_smp(self, args):
        return subprocess.Popen(self.command(args), stdin=subprocess.DEVNULL,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                env=self.run_env({}), cwd=self.tmp, preexec_fn=umask_022)

    def test_private_under_umask_022(self):
        checked = wrong = 0
        made_by = sorted(n for n in dir(self) if n.startswith("made_by_"))
        for name in made_by:
            for item in getattr(self, name)():
                path, found = item if isinstance(item, tuple) else (item, mode(item))
                wanted = 0o700 if os.path.isdir(path) else 0o600
                with self.subTest(made_by=name, path=path):
                    checked += 1
                    if found != wanted:
                        wrong += 1
                    self.assertEqual(oct(found), oct(wanted))
        figures("reliability.permissions", ways=len(made_by), files_checked=checked,
                wrong_mode=wrong, umask="022")


if __name__ == "__main__":
    unittest.main()
