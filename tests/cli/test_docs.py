"""Keeps the manual pages in man/ in step with the built smp and its sources.

The commands and options are discovered from the binary's own --help, never from a list kept
here, so a new command (or option) fails this test until its page documents it:

- every page lints cleanly with `groff -man -ww -z` and `mandoc -Tlint -Wwarning`, and
  renders with `man -l`;
- every long option a command's --help shows appears in man/smp-<command>.1 if that page
  exists, else in man/smp.1 (global options, from `smp --help`, in man/smp.1); every command
  and subcommand name appears in its page, and every top-level command in the COMMANDS
  section of man/smp.1;
- every config key src/config/config.cpp reads has an entry in the KEYS section of
  man/smp-config.5;
- the EXIT STATUS section of man/smp.1 lists exactly the exit codes of include/smp/error.hpp;
- the FIELDS sections of each record kind's page name every field of the kind, as
  `smp _describe` prints them from the kinds' tables (the field names are a contract).

Run with SMP_BIN (the built smp) and SMP_SOURCE_DIR (the checkout) set, as CTest does.
"""

import json
import os
import re
import shutil
import subprocess
import tempfile
import unittest
from pathlib import Path

SOURCE_DIR = Path(os.environ.get("SMP_SOURCE_DIR") or Path(__file__).resolve().parents[2])
MAN_DIR = SOURCE_DIR / "man"
OVERVIEW_PAGE = MAN_DIR / "smp.1"
CONFIG_PAGE = MAN_DIR / "smp-config.5"
# Commands documented in another command's page: records in and out share smp-export(1).
SHARED_PAGES = {"import": "export", "backup": "export", "restore": "export", "check": "export"}

# A heading of CLI11's help ("Options:", "Subcommands:", or a custom group name).
HELP_HEADING = re.compile(r"^(\S.*):\s*$")
# An entry under a heading: two spaces, then the option names or the subcommand name.
# Wrapped descriptions are indented further and never match.
HELP_ENTRY = re.compile(r"^  (\S+)")
LONG_OPTION = re.compile(r"--[A-Za-z0-9][A-Za-z0-9_-]*")


def smp_environment(home):
    """The environment for running smp: nothing from the caller's own records or config."""
    env = {k: v for k, v in os.environ.items()
           if k not in ("SMP_FILE", "SMP_CONFIG", "XDG_DATA_HOME", "XDG_CONFIG_HOME")}
    env.update(HOME=home, NO_COLOR="1", LC_ALL="C.UTF-8")
    return env


def parse_help(text):
    """Returns (long options, subcommand names) from one CLI11 --help text.

    Under every heading but "Positionals" and "Examples", an entry starting with "-" is an option
    ("-f,--file PATH", "--hair-colour,--hair-color COLOUR") and any other entry is a
    subcommand. Hidden subcommands are not listed by CLI11, so they are never found.
    """
    options, subcommands = [], []
    heading = None
    for line in text.splitlines():
        match = HELP_HEADING.match(line)
        if match:
            heading = match.group(1)
            continue
        match = HELP_ENTRY.match(line)
        if heading in (None, "Positionals", "Examples") or not match:
            continue
        first = match.group(1)
        if first.startswith("-"):
            for name in first.split(","):
                option = LONG_OPTION.match(name)
                if option and option.group(0) not in options:
                    options.append(option.group(0))
        elif first not in subcommands:
            subcommands.append(first)
    return options, subcommands


def roff_to_text(source):
    """Roff source with comments dropped and escapes undone, so that `\\fB\\-\\-file\\fR`
    reads `--file` and `client\\ add` reads `client add`."""
    lines = []
    for line in source.splitlines():
        if line.startswith(('.\\"', "'\\\"")):
            continue
        lines.append(re.sub(r'(?<!\\)\\".*$', "", line))
    text = "\n".join(lines)
    text = re.sub(r"\\f(\[[^\]]*\]|\(..|.)", "", text)  # font changes
    for escape, plain in (("\\-", "-"), ("\\&", ""), ("\\%", ""), ("\\ ", " "), ("\\~", " "),
                          ("\\(dq", '"'), ("\\e", "\\")):
        text = text.replace(escape, plain)
    return text


def page_text(page):
    return roff_to_text(page.read_text(encoding="utf-8"))


def mentions(text, words):
    """True if `words` (e.g. "--file", or "client add") occur in the text as whole words."""
    pattern = r"\s+".join(re.escape(word) for word in words.split())
    return re.search(r"(?<![\w-])" + pattern + r"(?![\w-])", text) is not None


def section(page, name):
    """The source lines of one .SH section of a page (empty if there is none)."""
    lines, inside = [], False
    for line in page.read_text(encoding="utf-8").splitlines():
        if line.startswith(".SH"):
            inside = line[3:].strip().strip('"') == name
            continue
        if inside:
            lines.append(line)
    return lines


def tags(lines):
    """The tag of every .TP item in these source lines, escapes undone, e.g. "64" or
    "busy_timeout (integer; default: 5)"."""
    found = []
    for previous, line in zip(lines, lines[1:]):
        if previous.split()[:1] == [".TP"] and not line.startswith(".TP"):
            tag = re.sub(r"^\.(B|I|BR|BI|IR|RB|IB|RI)\s+", "", line)
            tag = roff_to_text(tag).replace('"', "").strip()
            found.append(tag)
    return found


class ManPages(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.smp = os.environ.get("SMP_BIN")
        if not cls.smp:
            raise AssertionError("set SMP_BIN to the built smp (CTest does)")
        cls.home = tempfile.mkdtemp(prefix="smp-docs-")
        cls.pages = sorted(p for p in MAN_DIR.glob("*.[1-9]") if p.is_file())
        cls.commands = cls.discover_commands()

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.home, ignore_errors=True)

    @classmethod
    def help_text(cls, path):
        result = subprocess.run([cls.smp, *path, "--help"], capture_output=True, text=True,
                                env=smp_environment(cls.home), timeout=30)
        where = " ".join(["smp", *path, "--help"])
        if result.returncode != 0:
            raise AssertionError(f"`{where}` exited {result.returncode}: {result.stderr}")
        return result.stdout

    @classmethod
    def discover_commands(cls):
        """Every command reachable from `smp --help`: {path tuple: [long options]}, with the
        root () for the global options. Recurses into subcommands of subcommands."""
        commands = {}
        pending = [()]
        while pending:
            path = pending.pop(0)
            options, subcommands = parse_help(cls.help_text(path))
            commands[path] = options
            if len(path) < 4:  # no command tree is deeper; guards against a parsing loop
                pending.extend(path + (name,) for name in subcommands)
        return commands

    def page_for(self, path):
        """Where a command is documented: man/smp-<top-level command>.1, else man/smp.1."""
        if path:
            own = MAN_DIR / f"smp-{SHARED_PAGES.get(path[0], path[0])}.1"
            if own.exists():
                return own
        return OVERVIEW_PAGE

    def test_pages_exist(self):
        for page in (OVERVIEW_PAGE, CONFIG_PAGE):
            self.assertTrue(page.is_file(), f"missing {page.relative_to(SOURCE_DIR)}")

    def test_pages_lint_cleanly_with_groff(self):
        groff = shutil.which("groff")
        self.assertIsNotNone(groff, "groff not found: install the Debian package groff-base")
        self.assertTrue(self.pages, f"no manual pages in {MAN_DIR}")
        for page in self.pages:
            with self.subTest(page=page.name):
                result = subprocess.run([groff, "-man", "-ww", "-z", str(page)],
                                        capture_output=True, text=True, timeout=60)
                self.assertEqual(result.stderr, "",
                                 f"`groff -man -ww -z man/{page.name}` warned")
                self.assertEqual(result.returncode, 0, f"groff failed on man/{page.name}")

    @unittest.skipUnless(shutil.which("mandoc"), "mandoc is not installed (scripts/dev deps)")
    def test_pages_lint_cleanly_with_mandoc(self):
        # mandoc is stricter than groff (an empty .IP, a bad .so); its warnings and errors
        # count, its style remarks (lines longer than 80 bytes) do not.
        for page in self.pages:
            with self.subTest(page=page.name):
                result = subprocess.run(["mandoc", "-Tlint", "-Wwarning", str(page)],
                                        capture_output=True, text=True, timeout=60)
                self.assertEqual(result.stdout + result.stderr, "")
                self.assertEqual(result.returncode, 0)

    def test_pages_render_with_man(self):
        man = shutil.which("man")
        self.assertIsNotNone(man, "man not found: install the Debian package man-db")
        env = dict(os.environ, MANPAGER="cat", PAGER="cat", MANWIDTH="80", LC_ALL="C.UTF-8")
        for page in self.pages:
            with self.subTest(page=page.name):
                result = subprocess.run([man, "-l", str(page)], capture_output=True, text=True,
                                        env=env, timeout=60)
                self.assertEqual(result.returncode, 0,
                                 f"`man -l man/{page.name}` failed: {result.stderr}")
                self.assertIn("NAME", result.stdout, f"man/{page.name} rendered no NAME section")

    def test_discovery_found_commands(self):
        # If CLI11's help layout changed and nothing is parsed, every other check here would
        # pass vacuously.
        self.assertIn("--help", self.commands[()], "no options parsed from `smp --help`")
        self.assertTrue([p for p in self.commands if p],
                        "no commands parsed from the Subcommands of `smp --help`")
        for path, options in self.commands.items():
            self.assertIn("--help", options, f"no options parsed from `smp {' '.join(path)} --help`")

    def test_every_option_is_documented(self):
        missing = []
        for path, options in sorted(self.commands.items()):
            page = self.page_for(path)
            text = page_text(page)
            for option in options:
                # -h/--help is on every command; smp(1) documents it once, as a global option.
                if path and option == "--help":
                    continue
                if not mentions(text, option):
                    missing.append(f"{option} (shown by `{' '.join(['smp', *path])} --help`) "
                                   f"is missing from man/{page.name}")
        if missing:
            self.fail("\n" + "\n".join(missing))

    def test_every_command_is_documented(self):
        missing = []
        commands_section = roff_to_text("\n".join(section(OVERVIEW_PAGE, "COMMANDS")))
        for path in sorted(self.commands):
            if not path:
                continue
            page = self.page_for(path)
            if not mentions(page_text(page), " ".join(path)):
                missing.append(f"command `smp {' '.join(path)}` is missing from man/{page.name}")
            if len(path) == 1 and not mentions(commands_section, path[0]):
                missing.append(f"command `smp {path[0]}` is missing from the COMMANDS of "
                               f"man/{OVERVIEW_PAGE.name}")
        if missing:
            self.fail("\n" + "\n".join(missing))

    def test_every_config_key_is_documented(self):
        source = (SOURCE_DIR / "src/config/config.cpp").read_text(encoding="utf-8")
        keys = list(dict.fromkeys(re.findall(r'keys\.read\w*\(\s*"([^"]+)"', source)))
        self.assertTrue(keys, "no keys.read(\"...\") calls found in src/config/config.cpp")
        keys_section = section(CONFIG_PAGE, "KEYS")
        self.assertTrue(keys_section, f"man/{CONFIG_PAGE.name} has no KEYS section")
        entries = [tag.split()[0] for tag in tags(keys_section) if tag]
        tables = set(re.findall(r"\[([\w.-]+)\]", roff_to_text("\n".join(keys_section))))
        missing = []
        for key in keys:
            parent, _, leaf = key.rpartition(".")
            # Either the dotted key as an entry, or its last part under a [table] heading.
            if key not in entries and not (parent and leaf in entries and parent in tables):
                missing.append(f"config key \"{key}\" (read in src/config/config.cpp) has no "
                               f"entry in the KEYS section of man/{CONFIG_PAGE.name}")
        if missing:
            self.fail("\n" + "\n".join(missing))

    def test_exit_status_lists_every_exit_code(self):
        header = (SOURCE_DIR / "include/smp/error.hpp").read_text(encoding="utf-8")
        enum = re.search(r"enum class Exit\b[^{]*\{(.*?)\};", header, re.S)
        self.assertIsNotNone(enum, "no `enum class Exit` in include/smp/error.hpp")
        codes = {int(code) for code in re.findall(r"\w+\s*=\s*(\d+)", enum.group(1))}
        self.assertTrue(codes, "no exit codes parsed from include/smp/error.hpp")
        documented = {int(tag) for tag in tags(section(OVERVIEW_PAGE, "EXIT STATUS"))
                      if tag.isdigit()}
        problems = [f"exit code {code} (include/smp/error.hpp) is missing from EXIT STATUS in "
                    f"man/{OVERVIEW_PAGE.name}" for code in sorted(codes - documented)]
        problems += [f"exit code {code} in EXIT STATUS of man/{OVERVIEW_PAGE.name} is not in "
                     f"include/smp/error.hpp" for code in sorted(documented - codes)]
        if problems:
            self.fail("\n" + "\n".join(problems))

    def test_every_record_field_is_documented(self):
        # Each record kind's fields, as `smp _describe` lists them from the kinds' tables, are
        # documented in the FIELDS sections of the kind's page (or of smp-export(1), which
        # documents the columns an export adds for a re-import).
        pages = {"client": "smp-client.1", "consent": "smp-client.1",
                 "session": "smp-session.1", "shade": "smp-shade.1", "lot": "smp-shade.1",
                 "reminder": "smp-touchup.1", "screening_review": "smp-client.1",
                 "patch_test": "smp-client.1", "payment": "smp-payment.1", "photo": "smp-photo.1",
                 "send_attempt": "smp-touchup.1"}
        described = json.loads(subprocess.run([os.environ["SMP_BIN"], "_describe"], capture_output=True,
                                              text=True, check=True).stdout)

        def fields_text(name):
            page = MAN_DIR / name
            titles = [line[3:].strip().strip('"') for line in
                      page.read_text(encoding="utf-8").splitlines() if line.startswith(".SH")]
            return roff_to_text("\n".join(line for title in titles if title.endswith("FIELDS")
                                          for line in section(page, title)))

        export_text = fields_text("smp-export.1") + roff_to_text(
            (MAN_DIR / "smp-export.1").read_text(encoding="utf-8"))
        missing = []
        for kind in described["kinds"]:
            self.assertIn(kind["name"], pages, f"kind {kind['name']} has no manual page here")
            documented = fields_text(pages[kind["name"]])
            self.assertTrue(documented.strip(), f"man/{pages[kind['name']]} has no FIELDS section")
            missing += [f"field \"{field['name']}\" of kind {kind['name']} is missing from the "
                        f"FIELDS sections of man/{pages[kind['name']]}"
                        for field in kind["fields"]
                        if not mentions(documented, field["name"])
                        and not mentions(export_text, field["name"])]
        if missing:
            self.fail("\n" + "\n".join(missing))

if __name__ == "__main__":
    unittest.main()
