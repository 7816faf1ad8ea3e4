"""Foreign, newer-schema and corrupted files: every smp command refuses them (exit 65) with one
clear error naming the file, and leaves them byte-for-byte unchanged with nothing beside them.
Each kind of file is a method in BadFiles; each command a line in COMMANDS.
"""

import os
import random
import sqlite3
import unittest

from reliability import (EXIT_DATA, WRITE_COMMANDS, SmpTestCase, assert_one_error,
                         current_version, figures, prepare_records)

READ_COMMANDS = [["client", "list"], ["client", "show", "1"], ["session", "list"],
                 ["shade", "list"]]
COMMANDS = READ_COMMANDS + WRITE_COMMANDS + [["init"]]

# Commands that read the client table, which test_damaged_client_table damages.
CLIENT_COMMANDS = [c for c in COMMANDS if c[0] in ("client", "session")]


class BadFiles:
    """Makes each kind of bad file from `good`, a real records file with a few records."""

    def __init__(self, good, folder):
        self.good = good
        self.folder = folder
        with open(good, "rb") as f:
            self.bytes = f.read()
        self.rng = random.Random(20260615)

    def write(self, name, data):
        path = os.path.join(self.folder, name)
        with open(path, "wb") as f:
            f.write(data)
        return path

    def sqlite(self, name, *statements):
        path = os.path.join(self.folder, name)
        conn = sqlite3.connect(path)
        for statement in statements:
            conn.execute(statement)
        conn.commit()
        conn.close()
        return path

    def foreign_sqlite(self):
        return self.sqlite("foreign.db", "CREATE TABLE client (id INTEGER PRIMARY KEY, name TEXT)",
                           "INSERT INTO client (name) VALUES ('Jane Doe')")

    def newer_schema(self):
        path = self.write("newer.db", self.bytes)
        conn = sqlite3.connect(path)
        conn.execute(f"PRAGMA user_version = {current_version() + 1}")
        conn.commit()
        conn.close()
        return path

    def random_bytes(self):
        return self.write("noise.db", self.rng.randbytes(len(self.bytes)))

    def text_file(self):
        return self.write("notes.db", b"Jane Doe, +44 7700 900123, hairline 3RL-0.25\n" * 200)

    def damaged_header(self):
        return self.write("damaged-header.db", b"SQLite format 2\x00" + self.bytes[16:])

    def truncated_half(self):
        return self.write("truncated-half.db", self.bytes[:len(self.bytes) // 2])

    def truncated_header(self):
        return self.write("truncated-header.db", self.bytes[:100])

    def damaged_schema_page(self):
        page = self.page_size()
        return self.write("damaged-schema.db",
                          self.bytes[:100] + self.rng.randbytes(page - 100) + self.bytes[page:])

    def damaged_client_table(self):
        return self.damage_table("client")

    def page_size(self):
        return int.from_bytes(self.bytes[16:18], "big")

    def damage_table(self, table):
        conn = sqlite3.connect(f"file:{self.good}?mode=ro", uri=True)
        (root,) = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = ?",
                               (table,)).fetchone()
        conn.close()
        page = self.page_size()
        start = (root - 1) * page
        return self.write(f"damaged-{table}.db", self.bytes[:start] + self.rng.randbytes(page)
                          + self.bytes[start + page:])


# Every kind of file smp must refuse whatever the command.
REFUSED_WHATEVER_THE_COMMAND = [
    ("foreign_sqlite", "not an smp records file"),
    ("newer_schema", "newer"),
    ("random_bytes", "not an smp records file"),
    ("text_file", "not an smp records file"),
    ("damaged_header", "not an smp records file"),
    ("truncated_half", ""),
    ("truncated_header", ""),
    ("damaged_schema_page", ""),
]


class ForeignFilesTest(SmpTestCase):
    def setUp(self):
        super().setUp()
        good = os.path.join(self.tmp, "good.db")
        prepare_records(self, "-f", good)
        self.smp("-f", good, "session", "log", "1", "--date", "2026-06-01", "--notes", "n" * 9000)
        self.folder = os.path.join(self.tmp, "bad")
        os.mkdir(self.folder)
        self.bad = BadFiles(good, self.folder)

    def assert_refused_untouched(self, path, args, fragment):
        before = self.read_bytes(path)
        listing = sorted(os.listdir(self.folder))
        _, err, _ = self.smp("-f", path, *args, expect=EXIT_DATA)
        assert_one_error(self, err, path, fragment)
        self.assertEqual(self.read_bytes(path), before, "the file was changed")
        self.assertEqual(sorted(os.listdir(self.folder)), listing, "files appeared beside it")

    def test_refused_and_unchanged(self):
        refusals = 0
        for kind, fragment in REFUSED_WHATEVER_THE_COMMAND:
            path = getattr(self.bad, kind)()
            for args in COMMANDS:
                with self.subTest(file=kind, command=" ".join(args)):
                    self.assert_refused_untouched(path, args, fragment)
                    refusals += 1
        figures("reliability.foreign_files", files=len(REFUSED_WHATEVER_THE_COMMAND),
                commands=len(COMMANDS), refused=refusals, changed=0)

    def test_damaged_client_table_refused_by_client_commands(self):
        path = self.bad.damaged_client_table()
        for args in CLIENT_COMMANDS:
            with self.subTest(command=" ".join(args)):
                self.assert_refused_untouched(path, args, "damaged")

    # smp once wrote into a damaged file when the write did not read the damaged table (shade
    # add, lot add, recall, init); every open now reads the first pages of every table.
    def test_damaged_client_table_refused_by_every_command(self):
        path = self.bad.damaged_client_table()
        for args in COMMANDS:
            with self.subTest(command=" ".join(args)):
                self.assert_refused_untouched(path, args, "damaged")
        figures("reliability.foreign_files.damaged_table", commands=len(COMMANDS),
                refused=len(COMMANDS), changed=0)


if __name__ == "__main__":
    unittest.main()
