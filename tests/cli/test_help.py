"""`smp help [COMMAND...]`: a command's manual page, or its --help where man has none."""

import os
import re
import shlex
import shutil
import unittest
from pathlib import Path

from smptest import EXIT_USAGE, SmpTestCase, display_width

# The build writes the gzipped pages and their links beside the binary, laid out as
# share/man is (cmake/packaging.cmake).
BUILT_PAGES = Path(os.environ.get("SMP_BIN", "smp")).resolve().parent / "man"


class HelpTest(SmpTestCase):
    def man_env(self):
        return {"MANPATH": str(BUILT_PAGES), "MANPAGER": "cat", "PAGER": "cat",
                "MANWIDTH": "80", "LC_ALL": "C.UTF-8"}

    @unittest.skipUnless(shutil.which("man") and BUILT_PAGES.is_dir(), "man or the pages missing")
    def test_shows_the_page_of_each_command(self):
        cases = {(): "SMP(1)", ("client",): "SMP-CLIENT(1)", ("client", "add"): "SMP-CLIENT(1)",
                 ("import",): "SMP-EXPORT(1)", ("check",): "SMP-EXPORT(1)",
                 ("agenda",): "SMP(1)", ("config",): "SMP-CONFIG(5)"}
        for topic, title in cases.items():
            with self.subTest(topic=topic):
                out, err, _ = self.smp("help", *topic, env=self.man_env(), as_of=False)
                self.assertTrue(out.lstrip().startswith(title), out[:200])
                self.assertEqual(err, "")
        self.assertFalse(os.path.exists(self.records))

    def test_without_man_prints_the_command_help(self):
        bare = {"PATH": "/nonexistent"}
        out, err, _ = self.smp("help", "client", "add", env=bare, as_of=False)
        self.assertEqual(out, self.smp("client", "add", "--help", as_of=False).stdout)
        self.assertEqual(err, "")
        out, _, _ = self.smp("help", env=bare, as_of=False)
        self.assertEqual(out, self.smp("--help", as_of=False).stdout)

    def test_without_the_page_prints_the_command_help(self):
        # As when smp runs from its build folder, not installed.
        env = {**self.man_env(), "MANPATH": self.tmp}
        out, err, _ = self.smp("help", "touchup", env=env, as_of=False)
        self.assertEqual(out, self.smp("touchup", "--help", as_of=False).stdout)
        self.assertEqual(err, "")

    def test_unknown_command_is_a_usage_error(self):
        out, err, _ = self.smp("help", "clinet", expect=EXIT_USAGE, as_of=False)
        self.assertEqual(out, "")
        self.assert_error(err, '"clinet"', "client", "config")


if __name__ == "__main__":
    unittest.main()


def help_tree(smp):
    """{command path: --help text} for every command `smp --help` leads to."""
    tree, pending = {}, [()]
    while pending:
        path = pending.pop(0)
        text = smp(*path, "--help", as_of=False).stdout
        tree[path] = text
        if "Subcommands:\n" in text:
            block = text.split("Subcommands:\n", 1)[1].split("\n\n", 1)[0]
            pending.extend(path + (line.split()[0],) for line in block.splitlines()
                           if re.match(r"  \S", line))
    return tree


class HelpTextTest(SmpTestCase):
    @classmethod
    def setUpClass(cls):
        cls.tree = None

    def setUp(self):
        super().setUp()
        if HelpTextTest.tree is None:
            HelpTextTest.tree = help_tree(self.smp)

    def test_every_line_fits_80_columns(self):
        for path, text in self.tree.items():
            for line in text.splitlines():
                with self.subTest(command=path, line=line):
                    self.assertLessEqual(display_width(line), 80)

    def test_descriptions_wrap_at_spaces(self):
        # A wrapped description continues at the description column, and the two lines
        # joined by a space read as one sentence: the break was a space, not mid-word.
        text = self.tree[("client", "add")]
        entry = re.search(r"  --contraindication FLAG \.\.\. (.+?)\n  --", text, re.S).group(1)
        lines = [line.strip() for line in entry.splitlines()]
        self.assertGreater(len(lines), 1)
        joined = " ".join(lines)
        self.assertIn("repeatable or comma-separated (edit replaces the set):", joined)
        self.assertIn("blood-disorder, chemotherapy, laser-removal, allergy", joined)

    def test_every_command_shows_one_or_two_examples_of_itself(self):
        global_options = set(re.findall(r"--[a-z][a-z-]*", self.tree[()].split("Subcommands:")[0]))
        for path, text in self.tree.items():
            with self.subTest(command=path):
                self.assertIn("\nExamples:\n", text)
                block = text.split("\nExamples:\n", 1)[1]
                examples = [line.strip() for line in block.splitlines() if line.startswith("  ")]
                self.assertIn(len(examples), (1, 2))
                for example in examples:
                    words = shlex.split(example)
                    self.assertEqual(words[0], "smp")
                    named = tuple(word for word in words[1:] if not word.startswith("-"))
                    self.assertEqual(named[:len(path)], path, example)
                    # Its options are those of the deepest command it names.
                    command = max((p for p in self.tree if named[:len(p)] == p), key=len)
                    known = set(re.findall(r"--[a-z][a-z-]*",
                                           self.tree[command].split("\nExamples:\n")[0]))
                    for option in re.findall(r"(?<!\S)--[a-z][a-z-]*", example):
                        self.assertIn(option, known | global_options, example)
