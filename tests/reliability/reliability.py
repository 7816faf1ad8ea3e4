"""Shared by the reliability suite (tests/reliability/test_*.py): what a records file must look
like after anything smp went through, and the figures each test prints.

Builds on the CLI harness (tests/cli/smptest.py: SmpTestCase, exit codes, SMP_BIN). Adds:
  assert_one_error(case, stderr, *fragments)   one `smp: error:` line holding the fragments
  figures(test, **counts)      prints `figures: TEST: name=value ...` (scripts/dev test collects
                               these lines from the CTest log)
  fetch_all(path, sql, *params)  the rows of one query
  integrity(path)              PRAGMA integrity_check, "ok" when the file is sound
  schema_of(path)              the file's schema (sqlite_master) as a comparable list
  reference_schema(version)    the schema smp's migrations 1..version produce, built in memory
                               from src/store/migrations.cpp
  make_old_file(path, version, clients)   a records file at an older schema version, holding
                               `clients` rows, as an older smp left it
  prepare_records(case, *opts) a few records that WRITE_COMMANDS work on
  WRITE_COMMANDS               one of each kind of write smp makes today
  LockHolder(path, kind)       another process holding a lock (BEGIN kind) until .release()
  as_unprivileged_user()       a preexec_fn that drops root to `nobody` (permission checks
                               pass falsely as root)
"""

import os
import re
import sqlite3
import subprocess
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "cli"))

# Re-exported for the tests: the harness and the exit codes they check.
from smptest import (APPLICATION_ID, EXIT_BUSY, EXIT_DATA, EXIT_IO, EXIT_USAGE,  # noqa: E402,F401
                     EXIT_NO_MATCH, SmpTestCase, source_dir)


def figures(test, **counts):
    print(f"figures: {test}: " + " ".join(f"{key}={value}" for key, value in counts.items()),
          flush=True)


def assert_one_error(case, stderr, *fragments):
    """Exactly one `smp: error:` line, holding every fragment (notices may stand beside it)."""
    errors = case.error_lines(stderr)
    case.assertEqual(len(errors), 1, f"expected one `smp: error:` line in {stderr!r}")
    for fragment in fragments:
        case.assertIn(fragment, errors[0])
    return errors[0]


def connect(path):
    """A read-write connection, as the next smp would open the file (so a hot journal left by a
    killed writer is rolled back first)."""
    return sqlite3.connect(path, isolation_level=None, timeout=30)


def fetch_all(path, sql, *params):
    """The rows of one query, on a connection opened and closed for it."""
    conn = connect(path)
    try:
        return conn.execute(sql, params).fetchall()
    finally:
        conn.close()


def integrity(path):
    conn = connect(path)
    try:
        rows = conn.execute("PRAGMA integrity_check").fetchall()
        return "ok" if rows == [("ok",)] else "; ".join(str(r[0]) for r in rows)
    except sqlite3.DatabaseError as error:
        return f"error: {error}"
    finally:
        conn.close()


def user_version(path):
    conn = connect(path)
    try:
        return conn.execute("PRAGMA user_version").fetchone()[0]
    finally:
        conn.close()


def _schema(conn):
    return conn.execute("SELECT type, name, tbl_name, sql FROM sqlite_master "
                        "ORDER BY type, name").fetchall()


def schema_of(path):
    conn = connect(path)
    try:
        return _schema(conn)
    finally:
        conn.close()


_migrations = None


def migrations():
    """[(version, sql)] from src/store/migrations.cpp: `Migration{N, k_name}` and the raw
    string `k_name = R"sql(...)sql"` it names."""
    global _migrations
    if _migrations is None:
        with open(os.path.join(source_dir(), "src", "store", "migrations.cpp"),
                  encoding="utf-8") as f:
            source = f.read()
        texts = dict(re.findall(r'(k_\w+)\s*=\s*R"sql\((.*?)\)sql"', source, re.S))
        steps = re.findall(r"Migration\s*\{\s*(\d+)\s*,\s*(k_\w+)\s*\}", source)
        if not steps or any(name not in texts for _, name in steps):
            raise RuntimeError("cannot read the migrations from src/store/migrations.cpp")
        _migrations = sorted((int(version), texts[name]) for version, name in steps)
    return _migrations


def current_version():
    return migrations()[-1][0]


def apply_migrations(conn, version):
    """Brings an empty database to `version` exactly as smp does: one step at a time, each with
    its user_version."""
    conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    # smp registers smp_fold (case and accent folding) for its migrations; lower() stands in.
    conn.create_function("smp_fold", 1, lambda text: None if text is None else text.lower())
    for step, sql in migrations():
        if step > version:
            break
        conn.executescript(sql)
        conn.execute(f"PRAGMA user_version = {step}")


_reference = {}


def reference_schema(version):
    if version not in _reference:
        conn = sqlite3.connect(":memory:")
        apply_migrations(conn, version)
        _reference[version] = _schema(conn)
        conn.close()
    return _reference[version]


def make_old_file(path, version=1, clients=1):
    """A records file an older smp wrote at schema `version` (mode 0600), with `clients` clients
    named "Old Client N" (uuid old-N)."""
    conn = sqlite3.connect(path)
    apply_migrations(conn, version)
    conn.executemany(
        "INSERT INTO client (uuid, name, phone, created_at, updated_at) VALUES (?, ?, ?, ?, ?)",
        [(f"old-{n}", f"Old Client {n}", f"+44 7700 9{n:05d}", "2020-01-01T00:00:00Z",
          "2020-01-01T00:00:00Z") for n in range(1, clients + 1)])
    conn.commit()
    conn.close()
    os.chmod(path, 0o600)  # as smp creates it


def old_clients(path):
    return fetch_all(path, "SELECT uuid, name, phone FROM client WHERE uuid LIKE 'old-%' "
                           "ORDER BY id")


def prepare_records(case, *options):
    """Client 1 "Jane Doe", shade "Carbon Black" and its lot L-1, for WRITE_COMMANDS; `options`
    (e.g. "-f", path) go before each command."""
    case.smp(*options, "client", "add", "Jane Doe")
    case.smp(*options, "shade", "add", "Carbon Black")
    case.smp(*options, "shade", "lot", "add", "Carbon Black", "L-1", "--expires", "2030-01")


# One of each kind of write, on a file made by prepare_records. A new write command (import,
# touchup remind, backup...) is one more line here.
WRITE_COMMANDS = [
    ["client", "add", "John Smith"],
    ["client", "edit", "1", "--notes", "changed"],
    ["client", "screen", "1", "--none", "--date", "2026-06-01"],
    ["client", "consent", "1", "--kind", "treatment", "--signed", "2026-06-01"],
    ["session", "log", "1", "--date", "2026-06-01", "--lot", "L-1"],
    ["session", "plan", "1", "--date", "2026-07-01"],
    ["shade", "add", "Dark Grey"],
    ["shade", "lot", "add", "Carbon Black", "L-2", "--expires", "2030-01"],
    ["shade", "recall", "L-1", "--reason", "test"],
    ["payment", "add", "1", "120.50", "--method", "card"],
]

HOLDER = """
import sqlite3, sys
conn = sqlite3.connect(sys.argv[1], isolation_level=None)
conn.execute("BEGIN " + sys.argv[2])
if sys.argv[2] == "DEFERRED":
    conn.execute("SELECT count(*) FROM sqlite_master").fetchall()
print("held", flush=True)
sys.stdin.read()
conn.execute("ROLLBACK")
"""


class LockHolder:
    """Another process holding a lock on a records file: IMMEDIATE (a writer), EXCLUSIVE (a
    writer committing) or DEFERRED (a reader), until release()."""

    def __init__(self, path, kind):
        self.proc = subprocess.Popen([sys.executable, "-c", HOLDER, path, kind],
                                     stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        line = self.proc.stdout.readline()
        if line != "held\n":
            self.proc.kill()
            raise RuntimeError(f"the lock holder did not start: {line!r}")

    def release(self):
        self.proc.stdin.close()
        self.proc.wait(timeout=30)
        self.proc.stdout.close()


UNPRIVILEGED = "nobody"


def unprivileged_ids():
    import pwd
    entry = pwd.getpwnam(UNPRIVILEGED)
    return entry.pw_uid, entry.pw_gid


def as_unprivileged_user():
    uid, gid = unprivileged_ids()

    def drop():
        os.setgroups([])
        os.setgid(gid)
        os.setuid(uid)
    return drop
