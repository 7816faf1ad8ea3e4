"""Shared harness for smp's CLI tests (tests/cli/test_*.py).

Each test runs the built `smp` against its own temporary folder, so no test sees another's
records file and none ever touches the real user's config or records. Typical use:

    from smptest import SmpTestCase

    class ShadeTest(SmpTestCase):
        def test_add(self):
            out, err, code = self.smp("client", "add", "Jane Doe")
            self.assertIn("Added client 1: Jane Doe", err)
            record = self.json_out("client", "show", "1")
            self.assertEqual(record["name"], "Jane Doe")
            self.smp("client", "show", "nobody", expect=65)

What every test gets (set up in setUp, removed in tearDown):
  self.tmp           a fresh temporary folder
  self.records       self.tmp/records.db, the records file (SMP_FILE points at it)
  self.env           the environment smp runs with: HOME, XDG_CONFIG_HOME and XDG_DATA_HOME
                     inside self.tmp, SMP_FILE set, SMP_CONFIG and NO_COLOR removed,
                     PAGER=cat, TERM=xterm (whatever the caller's terminal)
  self.config_path   where smp looks for its config by default ($XDG_CONFIG_HOME/smp/config.toml)

Running smp:
  self.smp(*args, input=None, env=None, expect=0, as_of=True, ...) -> Result(stdout, stderr, code)
      `--as-of 2026-06-15` (AS_OF) is passed first unless as_of=False or the arguments already
      carry --as-of, so no test depends on today's date. `expect` is the exit code to assert
      (an int, a collection of ints, or None not to check). `env` overrides variables for this
      run only; a value of None removes the variable. stdin is /dev/null unless `input` is
      given, so smp never sees a terminal and never prompts.
  self.json_out(*args, **kw)   runs with --format json and returns the parsed JSON
  self.csv_rows(*args, **kw)   runs with --format csv and returns a list of dicts (csv module)
  self.smp_terminal(*args, ...) runs smp with stdin, stdout and stderr on a pseudo-terminal
                     (colour, prompts); returns Result(output, "", code) with both streams mixed

Helpers: add_client(), write_config(), query() (read the records file with Python's sqlite3),
assert_error() (exactly one `smp: error: ` line containing given fragments),
display_width() (terminal columns of a string, CJK counting 2).

Environment from CTest: SMP_BIN (the built smp) and SMP_SOURCE_DIR (the repository root).
"""

import csv
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tempfile
import time
import unicodedata
import unittest
from collections import namedtuple

AS_OF = "2026-06-15"

# PRAGMA application_id of an smp records file ("SMPR").
APPLICATION_ID = 0x534D5052

# sysexits-style exit codes from smp(1), so tests read as what they mean.
EXIT_OK = 0
EXIT_NO_MATCH = 1
EXIT_USAGE = 64
EXIT_DATA = 65
EXIT_NO_INPUT = 66
EXIT_SOFTWARE = 70
EXIT_CANT_CREATE = 73
EXIT_IO = 74
EXIT_BUSY = 75
EXIT_CONFIG = 78

Result = namedtuple("Result", ["stdout", "stderr", "code"])


def smp_binary():
    path = os.environ.get("SMP_BIN")
    if not path:
        raise RuntimeError("SMP_BIN is not set: point it at the built smp "
                           "(CTest does this; by hand: SMP_BIN=build/smp python3 -m unittest ...)")
    return os.path.abspath(path)


def source_dir():
    path = os.environ.get("SMP_SOURCE_DIR")
    if path:
        return os.path.abspath(path)
    return os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))


def display_width(text):
    """Terminal columns `text` takes: East Asian wide/fullwidth count 2, combining marks 0."""
    width = 0
    for ch in text:
        if unicodedata.combining(ch) or unicodedata.category(ch) in ("Mn", "Me", "Cf"):
            continue
        width += 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1
    return width


def parse_csv(text):
    """All rows of CSV text (header included) as lists of strings, newlines inside fields kept."""
    return list(csv.reader(io.StringIO(text, newline="")))


class SmpTestCase(unittest.TestCase):
    """Base class: a temporary folder and a clean environment per test, and ways to run smp."""

    AS_OF = AS_OF
    # Each smp run must finish within this many seconds (a hang is a failure, not a stuck CI).
    TIMEOUT = 30

    def setUp(self):
        super().setUp()
        self.binary = smp_binary()
        self.source_dir = source_dir()
        self.tmp = tempfile.mkdtemp(prefix="smp-cli-test-")
        self.addCleanup(shutil.rmtree, self.tmp, ignore_errors=True)
        self.home = os.path.join(self.tmp, "home")
        os.mkdir(self.home)
        self.records = os.path.join(self.tmp, "records.db")
        self.env = self.clean_environment()
        self.config_path = os.path.join(self.env["XDG_CONFIG_HOME"], "smp", "config.toml")

    def clean_environment(self):
        env = {key: value for key, value in os.environ.items()
               if not key.startswith("SMP_") and not key.startswith("XDG_")
               and key not in ("NO_COLOR", "CLICOLOR", "CLICOLOR_FORCE", "FORCE_COLOR")}
        env.update({
            "HOME": self.home,
            "XDG_CONFIG_HOME": os.path.join(self.home, ".config"),
            "XDG_DATA_HOME": os.path.join(self.home, ".local", "share"),
            "SMP_FILE": self.records,
            "LC_ALL": "C.UTF-8",
            "TZ": "UTC",
            # A terminal that can show colour, whatever the caller's (a dumb one turns colour
            # off: the tests that want it say so).
            "TERM": "xterm",
            # No pager on a pseudo-terminal unless a test asks for one (test_terminal.py).
            "PAGER": "cat",
        })
        return env

    # Running smp -----------------------------------------------------------------------------

    def command(self, args, as_of=True):
        args = [str(a) for a in args]
        given = any(a == "--as-of" or a.startswith("--as-of=") for a in args)
        prefix = ["--as-of", self.AS_OF] if as_of and not given else []
        return [self.binary, *prefix, *args]

    def run_env(self, env):
        merged = dict(self.env)
        for key, value in (env or {}).items():
            if value is None:
                merged.pop(key, None)
            else:
                merged[key] = str(value)
        return merged

    def smp(self, *args, input=None, env=None, expect=0, as_of=True, cwd=None, preexec_fn=None,
            timeout=None):
        """Runs smp and returns Result(stdout, stderr, code), asserting the exit code `expect`."""
        cmd = self.command(args, as_of)
        data = input.encode("utf-8") if isinstance(input, str) else input
        try:
            proc = subprocess.run(
                cmd, input=data, stdin=None if data is not None else subprocess.DEVNULL,
                stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=self.run_env(env),
                cwd=cwd or self.tmp, preexec_fn=preexec_fn, timeout=timeout or self.TIMEOUT)
        except subprocess.TimeoutExpired:
            self.fail(f"smp did not finish within {timeout or self.TIMEOUT}s: {cmd[1:]}")
        # Bytes in, exact text out: no newline translation, so \r\n inside a field survives.
        result = Result(proc.stdout.decode("utf-8", "surrogateescape"),
                        proc.stderr.decode("utf-8", "surrogateescape"), proc.returncode)
        self.check_code(cmd, result, expect)
        return result

    def check_code(self, cmd, result, expect):
        if expect is None:
            return
        wanted = {expect} if isinstance(expect, int) else set(expect)
        if result.code not in wanted:
            self.fail(f"exit code {result.code}, expected {expect}\n"
                      f"command: {cmd[1:]}\nstdout: {result.stdout!r}\nstderr: {result.stderr!r}")

    def json_out(self, *args, **kw):
        """Runs smp with --format json (unless a --format is given) and parses stdout."""
        args = list(args)
        if "--format" not in args:
            args += ["--format", "json"]
        out = self.smp(*args, **kw).stdout
        try:
            return json.loads(out)
        except json.JSONDecodeError as error:
            self.fail(f"not JSON ({error}): {out!r}")

    def csv_rows(self, *args, **kw):
        """Runs smp with --format csv and returns the rows as dicts keyed by the header."""
        args = list(args)
        if "--format" not in args:
            args += ["--format", "csv"]
        rows = parse_csv(self.smp(*args, **kw).stdout)
        self.assertTrue(rows, "CSV output has no header row")
        header = rows[0]
        for row in rows[1:]:
            self.assertEqual(len(row), len(header), f"CSV row width differs from header: {row!r}")
        return [dict(zip(header, row)) for row in rows[1:]]

    def smp_terminal(self, *args, input=None, env=None, expect=0, as_of=True, columns=200,
                     timeout=None):
        """Runs smp with stdin, stdout and stderr on a pseudo-terminal (as a person would).

        Returns Result(output, "", code): the terminal shows both streams mixed, with \\r\\n
        turned back into \\n. `input` is typed before smp starts reading (it is echoed too).
        Skips the test if this system has no pseudo-terminals."""
        import fcntl
        import pty
        import select
        import struct
        import termios
        try:
            master, slave = pty.openpty()
        except OSError as error:
            self.skipTest(f"no pseudo-terminal available: {error}")
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 50, columns, 0, 0))
        cmd = self.command(args, as_of)
        try:
            proc = subprocess.Popen(cmd, stdin=slave, stdout=slave, stderr=slave,
                                    env=self.run_env(env), cwd=self.tmp, close_fds=True,
                                    start_new_session=True)
        finally:
            os.close(slave)
        if input:
            os.write(master, input.encode("utf-8"))
        chunks = []
        deadline = time.monotonic() + (timeout or self.TIMEOUT)
        try:
            while True:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    proc.kill()
                    proc.wait()
                    self.fail(f"smp did not finish on the terminal: {cmd[1:]}")
                ready, _, _ = select.select([master], [], [], remaining)
                if not ready:
                    continue
                try:
                    data = os.read(master, 4096)
                except OSError:  # EIO: every process closed its end of the terminal
                    break
                if not data:
                    break
                chunks.append(data)
            code = proc.wait(timeout=timeout or self.TIMEOUT)
        finally:
            os.close(master)
        output = b"".join(chunks).decode("utf-8", "surrogateescape").replace("\r\n", "\n")
        result = Result(output, "", code)
        self.check_code(cmd, result, expect)
        return result

    # Records and config ----------------------------------------------------------------------

    def add_client(self, name, *options, **kw):
        """Adds a client (with any `client add` options) and returns its id."""
        out = self.smp("client", "add", name, *options, "-q", **kw).stdout
        return int(out.strip())

    def consent_to_reminders(self, client, **kw):
        """Records the client's marketing consent: a records file created by this smp sends
        reminders only to clients who gave it (reminder.requires_consent)."""
        self.smp("client", "consent", client, "--kind", "marketing", "--signed", "2020-01-01",
                 "-q", **kw)

    def reminders_need_no_consent(self):
        """Writes a config in which reminders need no consent (for tests of something else
        whose clients cannot give it, such as imported ones)."""
        self.write_config('[reminder]\nrequires_consent = "none"\n')

    def write_config(self, text, path=None):
        """Writes a config file (by default the one smp reads: $XDG_CONFIG_HOME/smp/config.toml)
        and returns its path."""
        path = path or self.config_path
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)
        return path

    def query(self, sql, params=(), path=None):
        """Reads the records file directly (read-only), returning all rows."""
        uri = "file:" + (path or self.records) + "?mode=ro"
        conn = sqlite3.connect(uri, uri=True)
        try:
            return conn.execute(sql, params).fetchall()
        finally:
            conn.close()

    def read_bytes(self, path):
        with open(path, "rb") as f:
            return f.read()

    def schema_version_in_source(self):
        """The newest migration number in src/store/migrations.cpp (what init should write)."""
        import re
        with open(os.path.join(self.source_dir, "src", "store", "migrations.cpp"),
                  encoding="utf-8") as f:
            numbers = [int(n) for n in re.findall(r"Migration\s*\{\s*(\d+)", f.read())]
        self.assertTrue(numbers, "no Migration{N, ...} found in src/store/migrations.cpp")
        return max(numbers)

    # Assertions ------------------------------------------------------------------------------

    def assert_golden(self, path, text, what):
        """`text` equals the golden file at `path`; SMP_UPDATE_GOLDEN=1 rewrites the file
        first, on purpose, so a layout change is a reviewed diff."""
        if os.environ.get("SMP_UPDATE_GOLDEN"):
            os.makedirs(os.path.dirname(path), exist_ok=True)
            with open(path, "w", encoding="utf-8") as f:
                f.write(text)
        with open(path, encoding="utf-8") as f:
            self.assertEqual(text, f.read(), f"{what}: output differs from {path}; if on "
                                             f"purpose, rerun with SMP_UPDATE_GOLDEN=1")

    def error_lines(self, stderr):
        return [line for line in stderr.splitlines() if line.startswith("smp: error: ")]

    def assert_error(self, stderr, *fragments):
        """stderr holds exactly one error, on one line starting `smp: error: `, that contains
        every fragment; any other line must be a warning. Returns the error line."""
        lines = stderr.splitlines()
        errors = self.error_lines(stderr)
        self.assertEqual(len(errors), 1, f"expected one `smp: error:` line in {stderr!r}")
        for line in lines:
            self.assertTrue(line.startswith("smp: error: ") or line.startswith("smp: warning: "),
                            f"stray stderr line {line!r} in {stderr!r}")
        for fragment in fragments:
            self.assertIn(fragment, errors[0])
        return errors[0]
