"""Hostile or unlucky conditions around the commands: inputs that are not files, hung send
commands, colliding backups, damaged and crashed files, long names, refused imports."""

import glob
import os
import shutil
import sqlite3
import stat
import subprocess
import time

from smptest import (EXIT_CANT_CREATE, EXIT_CONFIG, EXIT_DATA, EXIT_NO_INPUT, EXIT_USAGE,
                     SmpTestCase)

EXIT_UNAVAILABLE = 69
EXIT_IO = 74


class InputFilesTest(SmpTestCase):
    def test_template_config_and_document_that_are_not_regular_files(self):
        self.add_client("Jane Doe", "--email", "jane@example.com")
        fifo = os.path.join(self.tmp, "pipe")
        os.mkfifo(fifo)
        for device in ("/dev/zero", fifo):
            with self.subTest(device=device):
                _, err, _ = self.smp("touchup", "remind", "--template", device, expect=EXIT_USAGE,
                                     timeout=10)
                self.assert_error(err, "not a regular file")
                _, err, _ = self.smp("--config", device, "client", "list", expect=EXIT_CONFIG,
                                     timeout=10)
                self.assert_error(err, "not a regular file")
                _, err, _ = self.smp("client", "consent", "jane", "--kind", "treatment",
                                     "--signed", "today", "--document", device,
                                     expect=EXIT_USAGE, timeout=10)
                self.assert_error(err, "not a regular file")

    def test_a_huge_template_or_config_is_refused(self):
        big = os.path.join(self.tmp, "big.txt")
        with open(big, "wb") as f:
            f.truncate(2 << 20)
        self.add_client("Jane Doe")
        _, err, _ = self.smp("touchup", "remind", "--template", big, expect=EXIT_USAGE)
        self.assert_error(err, "bytes")
        _, err, _ = self.smp("--config", big, "client", "list", expect=EXIT_CONFIG)
        self.assert_error(err, "bytes")


class ExecTimeoutTest(SmpTestCase):
    def setUp(self):
        super().setUp()
        client = self.add_client("Jane Doe", "--email", "jane@example.com")
        self.consent_to_reminders(client)
        self.smp("session", "log", client, "--date", "2026-05-20")

    def test_a_hung_command_is_stopped_and_retried_next_run(self):
        started = time.monotonic()
        _, err, _ = self.smp("touchup", "remind", "--exec", "sleep 30", "--exec-timeout", "1s",
                             expect=EXIT_UNAVAILABLE, timeout=20)
        self.assertLess(time.monotonic() - started, 10)
        self.assertIn("did not finish within 1s", err)
        self.assertEqual(self.query("SELECT count(*) FROM reminder")[0][0], 0)
        # The config key sets the default; the next run sends it.
        self.write_config('[reminder]\nexec_timeout = "5s"\n')
        self.smp("touchup", "remind", "--exec", "cat > /dev/null")
        self.assertEqual(self.query("SELECT status FROM reminder"), [("sent",)])

    def test_the_config_key_applies_without_the_option(self):
        self.write_config('reminder.exec_timeout = "1s"\n')
        _, err, _ = self.smp("touchup", "remind", "--exec", "sleep 30", expect=EXIT_UNAVAILABLE,
                             timeout=20)
        self.assertIn("within 1s", err)

    def test_a_bad_timeout_is_refused_before_anything_is_sent(self):
        for value in ("0", "soon", "25h", "-1s"):
            with self.subTest(value=value):
                self.smp("touchup", "remind", "--exec", "true", "--exec-timeout", value,
                         expect=EXIT_USAGE)
        self.assertEqual(self.query("SELECT count(*) FROM reminder")[0][0], 0)


class BackupNamesTest(SmpTestCase):
    def setUp(self):
        super().setUp()
        self.add_client("Jane Doe")

    def test_an_unrelated_part_file_is_left_alone(self):
        target = os.path.join(self.tmp, "copy.db")
        with open(target + ".part", "w") as f:
            f.write("my own notes")
        self.smp("backup", target)
        with open(target + ".part") as f:
            self.assertEqual(f.read(), "my own notes")
        self.assertEqual(glob.glob(os.path.join(self.tmp, "*.part")), [target + ".part"])

    def test_backups_started_together_never_collide(self):
        procs = [subprocess.Popen(self.command(["backup"]), env=self.run_env({}), cwd=self.tmp,
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE)
                 for _ in range(4)]
        results = [(p.wait(timeout=30), p.stdout.read().decode(), p.stderr.read().decode())
                   for p in procs]
        for p in procs:
            p.stdout.close()
            p.stderr.close()
        self.assertEqual([code for code, _, _ in results], [0] * 4, results)
        names = {out.strip() for _, out, _ in results}
        self.assertEqual(len(names), 4)
        for name in names:
            self.assertEqual(self.query("PRAGMA integrity_check", path=name), [("ok",)])


class DamageAndCrashTest(SmpTestCase):
    def test_check_on_a_damaged_table_prints_its_lines(self):
        for n in range(30):
            self.add_client(f"Client {n}", "--notes", "x" * 500)
        conn = sqlite3.connect(self.records)
        (root,) = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = 'client'").fetchone()
        page = conn.execute("PRAGMA page_size").fetchone()[0]
        conn.close()
        with open(self.records, "r+b") as f:
            f.seek((root - 1) * page)
            f.write(os.urandom(page))
        out, err, _ = self.smp("check", expect=EXIT_DATA)
        self.assertIn("integrity: ", out)
        self.assertGreaterEqual(len(out.splitlines()), 5, out)
        self.assert_error(err, "checks found problems")

    def hot_journal(self):
        """A records file with a write killed midway: its journal left beside it."""
        self.add_client("Jane Doe")
        before = self.read_bytes(self.records)
        writer = subprocess.Popen(
            ["python3", "-c", HOT_JOURNAL, self.records], stdout=subprocess.PIPE)
        self.assertEqual(writer.stdout.readline(), b"written\n")
        writer.kill()
        writer.wait()
        writer.stdout.close()
        self.assertTrue(os.path.exists(self.records + "-journal"))
        return before

    def test_check_and_backup_recover_a_hot_journal(self):
        self.hot_journal()
        out, _, _ = self.smp("check")
        self.assertIn("integrity: ok", out)
        self.hot_journal()
        target = os.path.join(self.tmp, "after-crash.db")
        self.smp("backup", target)
        names = [row[0] for row in self.query("SELECT name FROM client", path=target)]
        self.assertNotIn("Killed Midway", names)


# Writes a client inside a transaction that spills to the file, then waits to be killed.
HOT_JOURNAL = """
import sqlite3, sys
conn = sqlite3.connect(sys.argv[1], isolation_level=None)
conn.execute("PRAGMA cache_size = 1")
conn.execute("BEGIN IMMEDIATE")
conn.execute("UPDATE client SET notes = ?", ("y" * 100000,))
conn.execute("INSERT INTO client (uuid, name, created_at, updated_at) VALUES "
             "('killed', 'Killed Midway', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z')")
print("written", flush=True)
sys.stdin.read()
"""


class NamesTest(SmpTestCase):
    def test_a_name_over_200_characters_is_refused(self):
        self.add_client("N" * 200)
        _, err, _ = self.smp("client", "add", "N" * 201, expect=EXIT_DATA)
        self.assert_error(err, "at most 200")
        _, err, _ = self.smp("client", "edit", "1", "--name", "é" * 201, expect=EXIT_DATA)
        self.assert_error(err, "at most 200")

    def test_did_you_mean_stays_fast_for_a_long_reference(self):
        path = os.path.join(self.tmp, "many.csv")
        with open(path, "w", encoding="utf-8") as f:
            f.write("name\n")
            f.writelines(f"Client Number {n} Somebody\n" for n in range(3000))
        self.smp("import", "clients", path)
        for reference in ("q" * 5000, "z" * 150):
            started = time.monotonic()
            self.smp("client", "show", reference, expect=EXIT_DATA)
            self.assertLess(time.monotonic() - started, 3)


class ImportRulesTest(SmpTestCase):
    def test_a_refused_import_leaves_no_records_file(self):
        path = os.path.join(self.tmp, "bad.csv")
        with open(path, "w", encoding="utf-8") as f:
            f.write("name,email\nJane,not-an-email\n")
        self.smp("import", "clients", path, expect=EXIT_DATA)
        self.assertFalse(os.path.exists(self.records))
        self.assertEqual(os.listdir(self.tmp).count("records.db-journal"), 0)

    def test_done_sessions_in_the_future_are_refused_like_session_log(self):
        self.add_client("Jane Doe")
        path = os.path.join(self.tmp, "sessions.csv")
        with open(path, "w", encoding="utf-8") as f:
            f.write("client,date,status\nJane Doe,2026-07-01,done\nJane Doe,2026-07-02,scheduled\n")
        _, err, _ = self.smp("import", "sessions", path, expect=EXIT_DATA)
        self.assertIn(":2: date: session date 2026-07-01 is after today", err)
        self.assertNotIn(":3:", err)
        self.smp("session", "log", "jane", "--date", "2026-07-01", expect=EXIT_DATA)

    def test_dates_and_intervals_beyond_the_calendar_are_refused(self):
        self.add_client("Jane Doe")
        self.smp("touchup", "set", "jane", "--every", "9999y", expect=EXIT_USAGE)
        self.smp("session", "plan", "jane", "--date", "9999-01-01", expect=EXIT_USAGE)
        self.write_config('touchup.every = "9999y"\n')
        self.smp("touchup", "list", expect=EXIT_CONFIG)


class FolderTest(SmpTestCase):
    def test_a_folder_that_cannot_be_entered_is_a_user_error(self):
        if os.geteuid() == 0:
            preexec = _as_nobody
            _smp_nobody_can_run(self)
        else:
            preexec = None
        folder = os.path.join(self.tmp, "locked")
        os.mkdir(folder, 0o700)
        os.chmod(self.tmp, 0o755)
        _, err, code = self.smp("-f", os.path.join(folder, "records.db"), "client", "list",
                                preexec_fn=preexec, expect=None)
        self.assertIn(code, (EXIT_IO, EXIT_NO_INPUT, EXIT_CANT_CREATE), err)
        self.assertNotIn("internal error", err)
        _, err, code = self.smp("-f", os.path.join(folder, "records.db"), "client", "add", "X",
                                preexec_fn=preexec, expect=None)
        self.assertIn(code, (EXIT_IO, EXIT_CANT_CREATE), err)
        self.assertNotIn("internal error", err)


def _as_nobody():
    import pwd
    entry = pwd.getpwnam("nobody")
    os.setgroups([])
    os.setgid(entry.pw_gid)
    os.setuid(entry.pw_uid)


def _smp_nobody_can_run(test):
    """Runs a copy of smp from the test's folder from now on: the checkout may lie where only
    root may enter (root's own /root/smp, as on a fresh system), and nobody could not run the
    built smp there."""
    folder = os.path.join(test.tmp, "bin")
    os.mkdir(folder, 0o755)
    test.binary = shutil.copy2(test.binary, os.path.join(folder, "smp"))
    os.chmod(test.binary, 0o755)


class ForgetLeftoversTest(SmpTestCase):
    def test_every_kind_of_copy_beside_the_file_is_named(self):
        self.add_client("Jane Doe")
        folder = os.path.dirname(self.records)
        self.smp("export", "clients", "--format", "tsv", "--output",
                 os.path.join(folder, "c.tsv"))
        self.smp("--format", "ndjson", "export", "clients", "--output",
                 os.path.join(folder, "c.ndjson"))
        self.smp("export", "all", "--output", os.path.join(folder, "all-2026"))
        killed = os.path.join(folder, ".c.csv.smp-tmp-AbC123")
        with open(killed, "w") as f:
            f.write("name\nJane Doe\n")
        os.mkdir(os.path.join(folder, "unrelated"))
        _, err, _ = self.smp("client", "forget", "jane", "--yes")
        for name in ("c.tsv", "c.ndjson", "all-2026", ".c.csv.smp-tmp-AbC123"):
            self.assertIn(os.path.join(folder, name) + '"', err)
        self.assertNotIn("unrelated", err)


class CheckSnapshotTest(SmpTestCase):
    def test_check_reads_a_copy_and_removes_it(self):
        self.add_client("Jane Doe")
        before = sorted(os.listdir(self.tmp))
        out, _, _ = self.smp("check")
        self.assertIn("integrity: ok", out)
        self.assertEqual(sorted(os.listdir(self.tmp)), before)

    def test_a_read_only_folder_still_gets_checked(self):
        if os.geteuid() != 0:
            self.skipTest("needs root to run as another user")
        self.add_client("Jane Doe")
        folder = os.path.join(self.tmp, "ro")
        os.mkdir(folder)
        path = os.path.join(folder, "records.db")
        os.rename(self.records, path)
        os.chmod(self.tmp, 0o755)
        os.chmod(folder, 0o555)
        os.chmod(path, 0o644)
        _smp_nobody_can_run(self)
        out, _, _ = self.smp("-f", path, "check", preexec_fn=_as_nobody)
        self.assertIn("integrity: ok", out)
