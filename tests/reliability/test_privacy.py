"""Privacy of files smp did not create.

smp writes records only into a regular file it created or one already private (0600 or
stricter): an existing file others can read is refused with a message naming `chmod 600`, and
left as it was. A read command never writes (not even the schema into an empty file). A
records path or an output path that is a device, FIFO or socket is never used or replaced.
"""

import os
import stat
import unittest

from reliability import EXIT_DATA, EXIT_IO, SmpTestCase, figures
from smptest import EXIT_CANT_CREATE, EXIT_NO_INPUT


class PrivacyTest(SmpTestCase):
    TIMEOUT = 60

    def test_an_existing_file_others_can_read_is_refused(self):
        refused = 0
        for mode in (0o644, 0o666, 0o640, 0o604):
            with self.subTest(mode=oct(mode)):
                path = os.path.join(self.tmp, f"shared-{mode:o}.db")
                with open(path, "wb"):
                    pass
                os.chmod(path, mode)
                _, err, _ = self.smp("-f", path, "client", "add", "Jane Doe", expect=EXIT_IO)
                self.assert_error(err, "chmod 600")
                self.assertEqual(os.path.getsize(path), 0, "health data written to it")
                self.assertEqual(stat.S_IMODE(os.stat(path).st_mode), mode)
                refused += 1
        # Once private, the same file is used.
        path = os.path.join(self.tmp, "shared-644.db")
        os.chmod(path, 0o600)
        self.smp("-f", path, "client", "add", "Jane Doe")
        figures("reliability.privacy", shared_files=refused, refused=refused, written=0)

    def test_a_records_file_made_readable_later_is_not_written(self):
        self.add_client("Jane Doe")
        os.chmod(self.records, 0o644)
        before = self.read_bytes(self.records)
        _, err, _ = self.smp("client", "add", "John Roe", expect=EXIT_IO)
        self.assert_error(err, "chmod 600")
        # Reads still work, and write nothing.
        self.assertEqual(len(self.json_out("client", "list")), 1)
        self.assertEqual(self.read_bytes(self.records), before)

    def test_a_read_never_writes_the_schema_into_an_empty_file(self):
        with open(self.records, "wb"):
            pass
        os.chmod(self.records, 0o600)
        _, err, _ = self.smp("client", "list", expect=EXIT_NO_INPUT)
        self.assert_error(err, "empty")
        self.assertEqual(os.path.getsize(self.records), 0)
        self.smp("touchup", "due", expect=EXIT_NO_INPUT)
        self.assertEqual(os.path.getsize(self.records), 0)
        self.assertFalse(os.path.exists(self.records + "-journal"))

    def test_a_records_path_that_is_not_a_regular_file(self):
        fifo = os.path.join(self.tmp, "records.fifo")
        os.mkfifo(fifo, 0o666)
        for args in (["client", "list"], ["client", "add", "Jane"], ["backup"], ["check"]):
            with self.subTest(command=args[0]):
                _, err, _ = self.smp("-f", fifo, *args, expect=EXIT_DATA, timeout=10)
                self.assert_error(err, "not a regular file")
                self.assertTrue(stat.S_ISFIFO(os.stat(fifo).st_mode))
        self.assertEqual(os.listdir(self.tmp).count("records.fifo-journal"), 0)
        if os.geteuid() == 0:
            _, err, _ = self.smp("-f", "/dev/zero", "client", "list", expect=EXIT_DATA)
            self.assertFalse(os.path.exists("/dev/zero-journal"))

    def test_an_output_path_that_is_not_a_regular_file_is_never_replaced(self):
        self.add_client("Jane Doe")
        fifo = os.path.join(self.tmp, "out.fifo")
        os.mkfifo(fifo, 0o600)
        for args in (["export", "clients", "--output", fifo],
                     ["client", "export", "1", "--output", fifo]):
            with self.subTest(command=args[0]):
                _, err, _ = self.smp(*args, expect=EXIT_CANT_CREATE, timeout=10)
                self.assert_error(err, fifo)
                self.assertTrue(stat.S_ISFIFO(os.stat(fifo).st_mode), "the FIFO was replaced")
        if os.geteuid() == 0:
            self.smp("export", "clients", "--output", "/dev/full", expect=EXIT_CANT_CREATE)
            self.assertTrue(stat.S_ISCHR(os.stat("/dev/full").st_mode))

    def test_an_output_path_that_is_a_link_keeps_the_link(self):
        self.add_client("Jane Doe")
        real = os.path.join(self.tmp, "real.csv")
        link = os.path.join(self.tmp, "link.csv")
        with open(real, "w"):
            pass
        os.symlink(real, link)
        self.smp("export", "clients", "--output", link)
        self.assertTrue(os.path.islink(link))
        with open(real, encoding="utf-8") as f:
            self.assertIn("Jane Doe", f.read())


if __name__ == "__main__":
    unittest.main()
