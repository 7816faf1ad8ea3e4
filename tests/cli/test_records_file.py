"""The records file: which one, creating it, refusing files that are not ours, locking."""

import os
import random
import sqlite3
import stat
import time
import unittest

from smptest import (APPLICATION_ID, EXIT_BUSY, EXIT_DATA, EXIT_NO_INPUT, EXIT_NO_MATCH,
                     SmpTestCase)

READ_COMMANDS = [["client", "list"], ["client", "show", "1"]]
WRITE_COMMANDS = [["client", "add", "Jane Doe"], ["init"]]


def mode(path):
    return stat.S_IMODE(os.stat(path).st_mode)


def umask(value):
    return lambda: os.umask(value)


class MissingFileTest(SmpTestCase):
    def test_read_on_missing_file_exits_66_and_creates_nothing(self):
        path = os.path.join(self.tmp, "not-yet", "records.db")
        for args in READ_COMMANDS + [["client", "list", "--search", "x"]]:
            with self.subTest(command=" ".join(args)):
                _, err, _ = self.smp(*args, env={"SMP_FILE": path}, expect=EXIT_NO_INPUT)
                self.assert_error(err, path, "smp init")
                self.assertFalse(os.path.exists(path))
                self.assertFalse(os.path.exists(os.path.dirname(path)))

    def test_read_on_missing_default_file(self):
        default = os.path.join(self.env["XDG_DATA_HOME"], "smp", "records.db")
        _, err, _ = self.smp("client", "list", env={"SMP_FILE": None}, expect=EXIT_NO_INPUT)
        self.assert_error(err, default, "smp init")
        self.assertFalse(os.path.exists(os.path.dirname(default)))


class CreateTest(SmpTestCase):
    def test_init_creates_file_0600_in_folder_0700_under_umask_022(self):
        path = os.path.join(self.tmp, "new", "smp", "records.db")
        _, err, _ = self.smp("init", env={"SMP_FILE": path}, preexec_fn=umask(0o022))
        self.assertIn(path, err)
        self.assertEqual(mode(path), 0o600)
        self.assertEqual(mode(os.path.dirname(path)), 0o700)
        self.assertEqual(mode(os.path.join(self.tmp, "new")), 0o700)

    def test_modes_whatever_the_umask(self):
        for mask in (0o000, 0o002, 0o077):
            with self.subTest(umask=oct(mask)):
                path = os.path.join(self.tmp, f"u{mask:o}", "records.db")
                self.smp("init", env={"SMP_FILE": path}, preexec_fn=umask(mask))
                self.assertEqual(mode(path), 0o600)
                self.assertEqual(mode(os.path.dirname(path)), 0o700)

    def test_existing_folder_keeps_its_mode(self):
        folder = os.path.join(self.tmp, "shared")
        os.mkdir(folder)
        os.chmod(folder, 0o755)
        path = os.path.join(folder, "records.db")
        self.smp("init", env={"SMP_FILE": path}, preexec_fn=umask(0o022))
        self.assertEqual(mode(path), 0o600)
        self.assertEqual(mode(folder), 0o755)

    def test_any_write_creates_a_missing_file(self):
        path = os.path.join(self.tmp, "deep", "er", "records.db")
        self.smp("client", "add", "Jane Doe", env={"SMP_FILE": path}, preexec_fn=umask(0o022))
        self.assertEqual(mode(path), 0o600)
        self.assertEqual(mode(os.path.dirname(path)), 0o700)
        self.assertEqual(self.query("SELECT name FROM client", path=path), [("Jane Doe",)])

    def test_init_twice_keeps_the_records(self):
        self.smp("init")
        self.add_client("Jane Doe")
        _, err, _ = self.smp("init")
        self.assertIn("already exists", err)
        self.assertEqual(self.query("SELECT count(*) FROM client"), [(1,)])

    def test_init_quiet_prints_the_path(self):
        out, err, _ = self.smp("init", "-q")
        self.assertEqual(out, self.records + "\n")
        self.assertEqual(err, "")

    def test_identity_pragmas_after_init(self):
        self.smp("init")
        self.assertEqual(self.query("PRAGMA application_id"), [(APPLICATION_ID,)])
        self.assertEqual(self.query("PRAGMA user_version"), [(self.schema_version_in_source(),)])

    def test_empty_file_is_initialised(self):
        # A zero-byte private file (e.g. from `touch` then `chmod 600`) is not a foreign
        # database: smp sets it up. One others can read is refused (see test_privacy).
        open(self.records, "wb").close()
        os.chmod(self.records, 0o600)
        self.smp("client", "add", "Jane Doe")
        self.assertEqual(self.query("PRAGMA application_id"), [(APPLICATION_ID,)])


class WhichFileTest(SmpTestCase):
    """-f/--file > SMP_FILE > `records` in the config > $XDG_DATA_HOME/smp/records.db > ~/.local."""

    def setUp(self):
        super().setUp()
        self.flag_file = os.path.join(self.tmp, "flag.db")
        self.env_file = os.path.join(self.tmp, "env.db")
        self.config_file = os.path.join(self.tmp, "config.db")
        self.xdg_file = os.path.join(self.env["XDG_DATA_HOME"], "smp", "records.db")
        self.home_file = os.path.join(self.home, ".local", "share", "smp", "records.db")
        self.write_config(f'records = "{self.config_file}"\n')
        self.candidates = [self.flag_file, self.env_file, self.config_file, self.xdg_file,
                           self.home_file]

    def only_created(self, expected):
        for path in self.candidates:
            self.assertEqual(os.path.exists(path), path == expected, path)

    def test_flag_wins(self):
        self.smp("-f", self.flag_file, "client", "add", "A", env={"SMP_FILE": self.env_file})
        self.only_created(self.flag_file)

    def test_long_flag_after_the_command(self):
        self.smp("client", "add", "A", "--file", self.flag_file, env={"SMP_FILE": self.env_file})
        self.only_created(self.flag_file)

    def test_environment_beats_config(self):
        self.smp("client", "add", "A", env={"SMP_FILE": self.env_file})
        self.only_created(self.env_file)

    def test_config_beats_xdg(self):
        self.smp("client", "add", "A", env={"SMP_FILE": None})
        self.only_created(self.config_file)

    def test_xdg_data_home(self):
        os.remove(self.config_path)
        self.smp("client", "add", "A", env={"SMP_FILE": None})
        self.only_created(self.xdg_file)

    def test_home_without_xdg(self):
        os.remove(self.config_path)
        self.smp("client", "add", "A", env={"SMP_FILE": None, "XDG_DATA_HOME": None})
        self.only_created(self.home_file)

    def test_empty_file_flag_is_refused_not_ignored(self):
        # `smp -f "$FILE" ...` with FILE unset must not quietly write to another records file.
        _, err, _ = self.smp("-f", "", "client", "add", "A", env={"SMP_FILE": self.env_file},
                             expect=(64, 65, 66))
        self.assert_error(err)
        self.only_created(None)

    def test_reads_use_the_same_choice(self):
        self.smp("client", "add", "In config", env={"SMP_FILE": None})
        self.smp("client", "add", "In env", env={"SMP_FILE": self.env_file})
        names = [r["name"] for r in self.json_out("client", "list", env={"SMP_FILE": None})]
        self.assertEqual(names, ["In config"])
        names = [r["name"] for r in self.json_out("client", "list",
                                                  env={"SMP_FILE": self.env_file})]
        self.assertEqual(names, ["In env"])


class ForeignFileTest(SmpTestCase):
    """Files that are not smp records files are refused and left exactly as they were."""

    def assert_refused_untouched(self, path, *fragments):
        before = self.read_bytes(path)
        listing = sorted(os.listdir(os.path.dirname(path)))
        for args in READ_COMMANDS + WRITE_COMMANDS + [["client", "edit", "1", "--notes", "x"]]:
            with self.subTest(command=" ".join(args)):
                _, err, _ = self.smp("-f", path, *args, expect=EXIT_DATA)
                self.assert_error(err, path, *fragments)
                self.assertEqual(self.read_bytes(path), before, "the file was changed")
                self.assertEqual(sorted(os.listdir(os.path.dirname(path))), listing,
                                 "files appeared beside it")

    def test_foreign_sqlite_file(self):
        path = os.path.join(self.tmp, "photos.sqlite")
        conn = sqlite3.connect(path)
        conn.execute("CREATE TABLE photo (id INTEGER PRIMARY KEY, caption TEXT)")
        conn.execute("INSERT INTO photo (caption) VALUES ('beach')")
        conn.commit()
        conn.close()
        self.assert_refused_untouched(path, "not an smp records file")

    def test_foreign_sqlite_file_with_a_client_table(self):
        # Having a table called `client` does not make a file ours: application_id does.
        path = os.path.join(self.tmp, "crm.db")
        conn = sqlite3.connect(path)
        conn.execute("CREATE TABLE client (id INTEGER PRIMARY KEY, name TEXT)")
        conn.commit()
        conn.close()
        self.assert_refused_untouched(path, "not an smp records file")

    def test_newer_schema_refused(self):
        path = os.path.join(self.tmp, "future.db")
        conn = sqlite3.connect(path)
        conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
        conn.execute("PRAGMA user_version = 999")
        conn.execute("CREATE TABLE client (id INTEGER PRIMARY KEY, name TEXT)")
        conn.commit()
        conn.close()
        self.assert_refused_untouched(path, "999", "newer")

    def test_random_bytes_refused(self):
        path = os.path.join(self.tmp, "noise.db")
        with open(path, "wb") as f:
            f.write(random.Random(20260615).randbytes(8192))
        self.assert_refused_untouched(path, "not an smp records file")

    def test_text_file_refused(self):
        path = os.path.join(self.tmp, "notes.txt")
        with open(path, "w") as f:
            f.write("Jane Doe, 07700 900123\n" * 40)
        self.assert_refused_untouched(path, "not an smp records file")


class JournalTest(SmpTestCase):
    def test_no_wal_or_shm_after_writes(self):
        self.smp("init")
        self.add_client("Jane Doe")
        self.smp("client", "edit", "1", "--notes", "x")
        self.smp("client", "list", "--format", "json")
        self.assertEqual(sorted(os.listdir(self.tmp)), ["home", "records.db"])
        for suffix in ("-wal", "-shm", "-journal"):
            self.assertFalse(os.path.exists(self.records + suffix), suffix)
        self.assertEqual(self.query("PRAGMA journal_mode"), [("delete",)])
        header = self.read_bytes(self.records)[:20]
        self.assertEqual((header[18], header[19]), (1, 1), "file format says WAL")

    def test_a_wal_file_is_turned_back_to_delete_on_write(self):
        self.smp("init")
        conn = sqlite3.connect(self.records)
        self.assertEqual(conn.execute("PRAGMA journal_mode = WAL").fetchone(), ("wal",))
        conn.close()
        self.add_client("Jane Doe")
        for suffix in ("-wal", "-shm"):
            self.assertFalse(os.path.exists(self.records + suffix), suffix)
        header = self.read_bytes(self.records)[:20]
        self.assertEqual((header[18], header[19]), (1, 1), "still in WAL mode")


class BusyTest(SmpTestCase):
    def setUp(self):
        super().setUp()
        self.smp("init")
        self.write_config("busy_timeout = 1\n")
        self.holder = sqlite3.connect(self.records, isolation_level=None)
        self.addCleanup(self.holder.close)

    def test_write_while_another_writes_exits_75(self):
        self.holder.execute("BEGIN IMMEDIATE")
        started = time.monotonic()
        _, err, _ = self.smp("client", "add", "Jane Doe", expect=EXIT_BUSY)
        elapsed = time.monotonic() - started
        self.holder.execute("ROLLBACK")
        self.assert_error(err, self.records)
        self.assertLess(elapsed, 5, "busy_timeout = 1 should give up after about a second")
        self.assertGreaterEqual(elapsed, 0.9, "smp should wait busy_timeout before giving up")
        self.smp("client", "list", "--format", "json", expect=EXIT_NO_MATCH)
        self.assertEqual(self.query("SELECT count(*) FROM client"), [(0,)])

    def test_edit_while_another_writes_changes_nothing(self):
        self.add_client("Jane Doe", "--notes", "before")
        self.holder.execute("BEGIN IMMEDIATE")
        self.smp("client", "edit", "1", "--notes", "after", expect=EXIT_BUSY)
        self.holder.execute("ROLLBACK")
        self.assertEqual(self.json_out("client", "show", "1")["notes"], "before")

    def test_read_during_a_write_lock_still_works(self):
        self.add_client("Jane Doe")
        self.holder.execute("BEGIN IMMEDIATE")
        rows = self.json_out("client", "list")
        self.holder.execute("ROLLBACK")
        self.assertEqual([r["name"] for r in rows], ["Jane Doe"])

    def test_read_during_an_exclusive_lock_exits_75(self):
        self.holder.execute("BEGIN EXCLUSIVE")
        _, err, _ = self.smp("client", "list", expect=EXIT_BUSY)
        self.holder.execute("ROLLBACK")
        self.assert_error(err, self.records)

    def test_write_succeeds_once_the_lock_is_released(self):
        self.holder.execute("BEGIN IMMEDIATE")
        self.smp("client", "add", "Jane Doe", expect=EXIT_BUSY)
        self.holder.execute("ROLLBACK")
        self.smp("client", "add", "Jane Doe")
        self.assertEqual(self.query("SELECT count(*) FROM client"), [(1,)])


class MigrationTest(SmpTestCase):
    """An older records file is backed up beside itself (0600), then upgraded step by step."""

    def make_version_1_file(self):
        import re
        with open(os.path.join(self.source_dir, "src", "store", "migrations.cpp"),
                  encoding="utf-8") as f:
            source = f.read()
        v1_sql = re.search(r'k_v1_clients = R"sql\((.*?)\)sql"', source, re.S).group(1)
        conn = sqlite3.connect(self.records)
        conn.executescript(v1_sql)
        conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
        conn.execute("PRAGMA user_version = 1")
        conn.execute("INSERT INTO client (uuid, name, phone, created_at, updated_at) VALUES "
                     "('u-1', 'Old Client', '+44 7700 900001', '2020-01-01T00:00:00Z', "
                     "'2020-01-01T00:00:00Z')")
        conn.commit()
        conn.close()
        os.chmod(self.records, 0o600)  # as an older smp created it

    def test_old_file_is_backed_up_then_migrated_with_its_records(self):
        self.make_version_1_file()
        with open(self.records, "rb") as f:
            old_bytes = f.read()
        _, err, _ = self.smp("client", "show", "old", "--format", "json", preexec_fn=umask(0o022))
        self.assertIn("backup", err)
        self.assertEqual(self.query("PRAGMA user_version"), [(self.schema_version_in_source(),)])
        self.assertEqual(self.query("SELECT name, phone FROM client"),
                         [("Old Client", "+44 7700 900001")])
        # The search index is built for the clients already on file.
        found, _, _ = self.smp("client", "list", "--search", "7700 900", "--format", "csv")
        self.assertIn("Old Client", found)
        backups = [n for n in os.listdir(self.tmp) if n.startswith("records.db.schema-v1.")]
        self.assertEqual(len(backups), 1, os.listdir(self.tmp))
        backup = os.path.join(self.tmp, backups[0])
        self.assertEqual(mode(backup), 0o600)
        conn = sqlite3.connect("file:" + backup + "?mode=ro", uri=True)
        self.assertEqual(conn.execute("PRAGMA user_version").fetchall(), [(1,)])
        self.assertEqual(conn.execute("SELECT name FROM client").fetchall(), [("Old Client",)])
        self.assertEqual(conn.execute("PRAGMA integrity_check").fetchall(), [("ok",)])
        conn.close()
        with open(self.records, "rb") as f:
            self.assertNotEqual(f.read(), old_bytes)
        # A second run has nothing to migrate and writes no second backup.
        self.smp("client", "list")
        self.assertEqual(len([n for n in os.listdir(self.tmp) if ".schema-v" in n]), 1)


if __name__ == "__main__":
    unittest.main()
