"""`smp help [COMMAND...]`: a command's manual page, or its --help where man has none."""

import os
import shutil
import unittest
from pathlib import Path

from smptest import EXIT_USAGE, SmpTestCase

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
