"""Terminal conventions: colour (TERM=dumb, CLICOLOR_FORCE, alarms in red and yellow) and the
pager for long listings."""

from smptest import SmpTestCase

RED, YELLOW, RESET = "\x1b[31m", "\x1b[33m", "\x1b[0m"
# A pager that marks each line it shows, so a test can tell paged output from direct output.
MARKING_PAGER = "sed 's/^/PAGED:/'"


class ColourTest(SmpTestCase):
    def setUp(self):
        super().setUp()
        self.add_client("Jane Doe")
        # Her follow-up was due 14 days after this session: overdue by 2026-06-15 (AS_OF).
        self.smp("session", "log", "jane", "--date", "2026-05-01", "--duration", "2h")

    def test_dumb_terminal_gets_no_escapes(self):
        out = self.smp_terminal("agenda", env={"TERM": "dumb"}).stdout
        self.assertIn("overdue", out)
        self.assertNotIn("\x1b", out)

    def test_clicolor_force_colours_off_a_terminal(self):
        out = self.smp("client", "list", env={"CLICOLOR_FORCE": "1"}).stdout
        self.assertTrue(out.startswith("\x1b[1m"), repr(out[:20]))
        self.assertNotIn("\x1b", self.smp("client", "list", env={"CLICOLOR_FORCE": "0"}).stdout)
        self.assertNotIn("\x1b", self.smp("client", "list", "--color", "never",
                                          env={"CLICOLOR_FORCE": "1"}).stdout)

    def test_overdue_is_red_and_still_says_so(self):
        out = self.smp("agenda", "--color", "always").stdout
        self.assertRegex(out, r"\x1b\[31moverdue \(\d+ days late\)\s*")
        plain = self.smp("agenda").stdout
        self.assertIn("overdue (", plain)
        self.assertNotIn("\x1b", plain)
        due = self.smp("touchup", "due", "--color", "always").stdout
        self.assertIn(RED + "yes", due)

    def test_due_today_is_yellow(self):
        out = self.smp("agenda", "--color", "always", "--as-of", "2026-05-15").stdout
        self.assertIn(YELLOW + "today", out)

    def test_recalled_and_expired_lots_are_red(self):
        self.smp("shade", "add", "Carbon Black")
        self.smp("shade", "lot", "add", "Carbon Black", "L-1", "--expires", "2027-05")
        self.smp("shade", "lot", "add", "Carbon Black", "L-2", "--expires", "2026-01")
        self.smp("shade", "recall", "L-1", "--reason", "advisory")
        out = self.smp("shade", "lot", "list", "--color", "always").stdout
        self.assertIn(RED + "recalled", out)
        self.assertIn(RED + "expired", out)


class PagerTest(SmpTestCase):
    def setUp(self):
        super().setUp()
        self.add_client("Jane Doe")
        self.env.update(PAGER=MARKING_PAGER, TERM="xterm")

    def test_listing_on_a_terminal_goes_through_the_pager(self):
        out = self.smp_terminal("client", "list").stdout
        self.assertIn("PAGED:", out)
        self.assertIn("Jane Doe", out)
        # Colour still reaches the terminal through the pager.
        self.assertIn("\x1b[1m", out)

    def test_no_pager_flag_and_config(self):
        self.assertNotIn("PAGED:", self.smp_terminal("client", "list", "--no-pager").stdout)
        self.write_config("pager = false\n")
        out = self.smp_terminal("client", "list").stdout
        self.assertNotIn("PAGED:", out)
        self.assertIn("Jane Doe", out)

    def test_never_off_a_terminal(self):
        out = self.smp("client", "list").stdout
        self.assertNotIn("PAGED:", out)
        self.assertIn("Jane Doe", out)

    def test_never_for_a_dumb_terminal_or_a_command_that_asks(self):
        self.assertNotIn("PAGED:", self.smp_terminal("client", "list",
                                                     env={"TERM": "dumb"}).stdout)
        out = self.smp_terminal("client", "add", "Ann Lee", "--format", "json").stdout
        self.assertNotIn("PAGED:", out)

    def test_smp_pager_outranks_pager(self):
        out = self.smp_terminal("client", "list", env={"SMP_PAGER": "sed 's/^/SMP:/'"}).stdout
        self.assertIn("SMP:", out)
        self.assertNotIn("PAGED:", out)


if __name__ == "__main__":
    import unittest
    unittest.main()
