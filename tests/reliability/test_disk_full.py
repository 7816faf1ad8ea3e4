"""Disk full: smp runs with a file-size limit (ulimit -f) no larger than the records file as it
is, and SIGXFSZ ignored, so any write that needs the file to grow fails as on a full disk. It
must exit 74 with one error naming the file, and leave the records committed before intact and
the file sound. Each write that grows the file is a line in GROWING_WRITES.
"""

import os
import resource
import signal
import unittest

from reliability import (EXIT_DATA, EXIT_IO, SmpTestCase, assert_one_error, connect, figures, integrity,
                         make_old_file, old_clients, user_version)

# Large enough that the file must grow by several pages.
BIG = "n" * 60000

GROWING_WRITES = [
    ["client", "add", "Big Client", "--notes", BIG],
    ["client", "edit", "1", "--notes", BIG],
    ["client", "screen", "1", "--none", "--date", "2026-06-01", "--medical-notes", BIG],
    ["session", "log", "1", "--date", "2026-06-01", "--notes", BIG],
    ["shade", "add", "Dark Grey", "--notes", BIG],
]


def file_size_limit(limit):
    """preexec_fn: `ulimit -f` of `limit` bytes, with SIGXFSZ ignored (so write() fails with
    EFBIG instead of the process being killed)."""
    def apply():
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
    return apply


def dump(path):
    conn = connect(path)
    try:
        return list(conn.iterdump())
    finally:
        conn.close()


class DiskFullTest(SmpTestCase):
    def prepare_records(self):
        self.add_client("Jane Doe", "--phone", "+44 7700 900123", "--notes", "before")
        self.smp("shade", "add", "Carbon Black")
        self.smp("session", "log", "1", "--date", "2026-05-01", "--notes", "first session")

    def assert_io_error_and_intact(self, args):
        before = dump(self.records)
        limit = os.path.getsize(self.records)
        _, err, _ = self.smp(*args, preexec_fn=file_size_limit(limit), expect=EXIT_IO)
        error = self.assert_error(err, self.records)
        self.assertEqual(integrity(self.records), "ok")
        self.assertEqual(dump(self.records), before, "committed records changed")
        self.assertFalse(os.path.exists(self.records + "-journal"), "a journal was left behind")
        return error

    def test_growing_writes_fail_cleanly(self):
        self.prepare_records()
        for args in GROWING_WRITES:
            with self.subTest(command=" ".join(args[:2])):
                self.assert_io_error_and_intact(args)
        # With the limit lifted, the same writes go through.
        for args in GROWING_WRITES:
            self.smp(*args)
        figures("reliability.disk_full", writes=len(GROWING_WRITES), exit_74=len(GROWING_WRITES),
                integrity_failures=0, records_changed=0)

    # A file-size limit (EFBIG) was once reported as "disk I/O error", which did not tell the
    # practitioner that space ran out.
    def test_forget_says_the_erasure_stands_when_compacting_fails(self):
        # The erasure commits, then VACUUM needs a journal of the whole file, a little more than
        # the file: a limit just above the file's size lets the first through, not the second.
        self.prepare_records()
        for i in range(40):
            self.add_client(f"Other {i}", "--notes", "n" * 2000)
        limit = os.path.getsize(self.records) + 1024
        _, err, _ = self.smp("client", "forget", "Jane Doe", "--yes",
                             preexec_fn=file_size_limit(limit), expect=EXIT_IO)
        error = self.assert_error(err, self.records)
        self.assertIn("was erased, but compacting", error)
        self.assertNotIn("nothing was changed", error)
        self.assertEqual(integrity(self.records), "ok")
        self.smp("client", "show", "Jane Doe", expect=EXIT_DATA)
        self.assertEqual(len(self.csv_rows("client", "list")), 40)

    def test_message_says_space_ran_out(self):
        self.prepare_records()
        error = self.assert_io_error_and_intact(GROWING_WRITES[0])
        self.assertRegex(error, r"full|space|size limit")

    def test_backup_on_a_full_disk(self):
        self.prepare_records()
        target = os.path.join(self.tmp, "backup.db")
        limit = os.path.getsize(self.records) // 2
        _, err, _ = self.smp("backup", target, preexec_fn=file_size_limit(limit), expect=EXIT_IO)
        error = assert_one_error(self, err, target)
        self.assertRegex(error, r"full|space|size limit")
        self.assertFalse(os.path.exists(target), "half a backup was left behind")
        figures("reliability.disk_full.backup", exit_74=1, half_backups_left=0)

    def test_upgrade_of_an_old_file_on_a_full_disk(self):
        make_old_file(self.records, version=1, clients=200)
        rows = old_clients(self.records)
        limit = os.path.getsize(self.records)
        _, err, _ = self.smp("client", "list", preexec_fn=file_size_limit(limit), expect=EXIT_IO)
        assert_one_error(self, err, self.records)
        self.assertEqual(integrity(self.records), "ok")
        self.assertEqual(user_version(self.records), 1)
        self.assertEqual(old_clients(self.records), rows)
        figures("reliability.disk_full.upgrade", exit_74=1, integrity="ok", old_rows_kept=len(rows))

    # smp ignores SIGXFSZ itself: under `ulimit -f` alone (the signal left at its default, as a
    # shell leaves it), a write past the limit was once killed by the signal instead of exit 74.
    def test_file_size_limit_without_ignoring_the_signal(self):
        self.prepare_records()
        before = dump(self.records)
        limit = os.path.getsize(self.records)

        def limit_only():
            signal.signal(signal.SIGXFSZ, signal.SIG_DFL)
            resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
        _, err, _ = self.smp(*GROWING_WRITES[0], preexec_fn=limit_only, expect=EXIT_IO)
        self.assertRegex(self.assert_error(err, self.records), r"full|space|size limit")
        self.assertEqual(dump(self.records), before)
        figures("reliability.disk_full.sigxfsz", exit_74=1, killed_by_signal=0)

    def test_new_records_file_on_a_full_disk(self):
        _, err, _ = self.smp("init", preexec_fn=file_size_limit(0), expect=EXIT_IO)
        self.assert_error(err, self.records)
        # What is left is at most an empty file, which smp sets up on the next write.
        if os.path.exists(self.records):
            self.assertEqual(os.path.getsize(self.records), 0)
        self.smp("client", "add", "Jane Doe")
        self.assertEqual(integrity(self.records), "ok")


if __name__ == "__main__":
    unittest.main()
