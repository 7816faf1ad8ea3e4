"""`smp report` (issue 21): money and sessions per period, in every record format, with
tax from the config, the default range, bad input, and the --chart bars on a terminal.
Every run is --as-of 2026-06-15 (AS_OF)."""

import unittest

from smptest import EXIT_USAGE, SmpTestCase, display_width


class ReportTestCase(SmpTestCase):
    def setUp(self):
        super().setUp()
        s = self.smp
        self.add_client("Jane Doe")
        self.add_client("Tom Smith")
        s("session", "log", "Jane", "--date", "2026-05-04", "--price", "1,000", "-q")
        s("session", "log", "Jane", "--date", "2026-05-20", "--price", "500", "--kind",
          "touchup", "-q")
        s("session", "log", "Tom", "--date", "2026-05-21", "--price", "301", "-q")
        s("session", "log", "Tom", "--date", "2026-04-02", "-q")
        booked = s("session", "plan", "Tom", "--date", "2026-06-20", "-q").stdout.strip()
        missed = s("--as-of", "2026-05-30", "session", "plan", "Jane", "--date", "2026-06-01",
                   "-q").stdout.strip()
        s("session", "cancel", missed, "--no-show", "--fee", "40", "-q")
        s("payment", "add", "Jane", "600", "--method", "card", "--date", "2026-05-04", "-q")
        s("payment", "add", "Jane", "400", "--method", "transfer", "--date", "2026-05-20", "-q")
        s("payment", "add", "Tom", "100", "--deposit", "--session", booked, "--date",
          "2026-06-02", "-q")
        s("payment", "add", "Jane", "50", "--refund", "--date", "2026-05-25", "-q")

    def month(self, rows, period):
        return next(row for row in rows if row["period"] == period)


class FiguresTest(ReportTestCase):
    def test_month_figures_in_json(self):
        rows = self.json_out("report", "--from", "2026-04-01", "--to", "2026-06-30")
        self.assertEqual([r["period"] for r in rows], ["2026-04", "2026-05", "2026-06"])
        may = self.month(rows, "2026-05")
        self.assertEqual((may["taken"], may["taken_minor"]), ("1000.00", 100000))
        self.assertEqual((may["taken_card"], may["taken_transfer"]), ("600.00", "400.00"))
        self.assertEqual(may["refunds"], "50.00")
        self.assertEqual(may["charges"], "1801.00")
        self.assertEqual((may["done"], may["done_course"], may["done_touchup"]), (3, 2, 1))
        self.assertEqual(may["average_price"], "600.33")
        self.assertEqual(may["new_clients"], 1)  # Tom's first done session was in April
        self.assertNotIn("tax", may)
        june = self.month(rows, "2026-06")
        self.assertEqual((june["no_shows"], june["booked"], june["done"]), (1, 1, 0))
        self.assertEqual(june["no_show_rate"], 100.0)
        self.assertEqual((june["fees"], june["charges"]), ("40.00", "40.00"))
        self.assertEqual((june["deposits"], june["deposits_held"]), ("100.00", "100.00"))
        self.assertEqual(self.month(rows, "2026-04")["no_show_rate"], 0.0)

    def test_tax_lines_from_the_config(self):
        self.write_config('[money]\ntax_rate = "20"\n')
        may = self.month(self.json_out("report", "--from", "2026-05-01"), "2026-05")
        # 1000 taken less 50 refunded, prices including 20%: 791.67 net, 158.33 tax.
        self.assertEqual((may["net"], may["tax"], may["gross"]), ("791.67", "158.33", "950.00"))

    def test_default_is_the_last_twelve_months_by_month(self):
        rows = self.json_out("report")
        self.assertEqual(rows[0]["period"], "2025-07")
        self.assertEqual(rows[-1]["period"], "2026-06")
        self.assertEqual(len(rows), 12)

    def test_periods_in_csv(self):
        for by, first, last in (("week", "2026-04-27", "2026-05-25"),
                                ("quarter", "2026-Q2", "2026-Q2"),
                                ("year", "2026", "2026"),
                                ("day", "2026-05-01", "2026-05-31")):
            rows = self.csv_rows("report", "--from", "2026-05-01", "--to", "2026-05-31",
                                "--by", by)
            self.assertEqual((rows[0]["period"], rows[-1]["period"]), (first, last), by)
            self.assertEqual(sum(int(r["done"]) for r in rows), 3, by)

    def test_money_in_two_currencies_is_kept_apart(self):
        self.write_config('currency = "GBP"\n')
        self.smp("payment", "add", "Tom", "70", "--date", "2026-05-10", "-q")
        rows = self.json_out("report", "--from", "2026-05-01", "--to", "2026-05-31")
        self.assertEqual([(r["currency"], r["taken"]) for r in rows],
                         [("EUR", "1000.00"), ("GBP", "70.00")])
        # Sessions count in the currency of their price; new clients on the config's row.
        self.assertEqual([(r["done"], r["new_clients"]) for r in rows], [(3, None), (0, 1)])
        table = self.smp("report", "--from", "2026-05-01", "--to", "2026-05-31",
                         "--format", "table").stdout
        self.assertIn("currency", table.splitlines()[0])

    def test_bad_input_is_a_usage_error_and_writes_nothing(self):
        with open(self.records, "rb") as f:
            before = f.read()
        result = self.smp("report", "--from", "2026-06-01", "--to", "2026-05-01",
                          expect=EXIT_USAGE)
        self.assert_error(result.stderr, "2026-06-01", "2026-05-01")
        result = self.smp("report", "--by", "fortnight", expect=EXIT_USAGE)
        self.assert_error(result.stderr, "fortnight")
        result = self.smp("report", "--chart", "--format", "json", expect=EXIT_USAGE)
        self.assert_error(result.stderr, "--chart", "json")
        with open(self.records, "rb") as f:
            self.assertEqual(f.read(), before)


class TerminalTest(ReportTestCase):
    def test_table_fits_80_columns(self):
        out = self.smp_terminal("report", columns=80).stdout
        lines = [line for line in out.splitlines() if line.strip()]
        self.assertTrue(any(line.startswith("2026-05") for line in lines))
        for line in lines:
            self.assertLessEqual(display_width(line), 80, line)

    def test_chart_draws_bars_within_the_width(self):
        for columns in (60, 100):
            out = self.smp_terminal("report", "--chart", "--from", "2026-04-01",
                                    columns=columns).stdout
            lines = [line for line in out.splitlines() if line.strip()]
            for line in lines:
                self.assertLessEqual(display_width(line), columns, line)
            may = next(line for line in lines if line.startswith("2026-05"))
            june = next(line for line in lines if line.startswith("2026-06"))
            self.assertIn("1000.00", may)
            self.assertGreater(may.count("#"), june.count("#"))
            self.assertIn("=", may)
            self.assertTrue(may.rstrip().endswith("3"))



class RecallTest(SmpTestCase):
    """Follow-ups and touch-ups that fell due, replayed from the sessions, and how many the
    client booked before the due date lapsed (reminder.give_up_after)."""

    def setUp(self):
        super().setUp()
        self.write_config('[touchup]\nevery = "3mo"\n')
        s = self.smp
        for name in ("Ann Lee", "Ben Ode", "Cara Moss", "Dan Roe"):
            self.add_client(name)
        # Ann: session 2 came a day after the follow-up fell due (booked); then nothing.
        s("session", "log", "Ann", "--date", "2026-01-05", "-q")
        s("session", "log", "Ann", "--date", "2026-01-20", "-q")
        # Ben came back before his first follow-up fell due, so it never did; the next one
        # (2026-02-03) is booked for July, within six months.
        s("session", "log", "Ben", "--date", "2026-01-10", "-q")
        s("session", "log", "Ben", "--date", "2026-01-20", "-q")
        s("session", "plan", "Ben", "--date", "2026-07-01", "-q")
        # Cara finished in January: touch-up due 2026-04-05, booked for June.
        s("session", "log", "Cara", "--date", "2026-01-05", "--final", "-q")
        s("session", "plan", "Cara", "--date", "2026-06-20", "-q")
        # Dan: touch-up due 2026-03-01; he cancelled, then came for a consult only.
        s("session", "log", "Dan", "--date", "2025-12-01", "--final", "-q")
        cancelled = s("--as-of", "2026-02-20", "session", "plan", "Dan", "--date", "2026-03-05",
                      "-q").stdout.strip()
        s("session", "cancel", cancelled, "-q")
        s("session", "log", "Dan", "--date", "2026-03-10", "--kind", "consult", "-q")

    def figures(self, *args):
        rows = self.json_out("report", "--from", "2026-01-01", "--to", "2026-06-30", *args)
        keys = ("followups_due", "followups_booked", "touchups_due", "touchups_booked",
                "recall_rate")
        return {r["period"]: tuple(r[k] for k in keys) for r in rows}

    def test_due_dates_and_bookings_per_month(self):
        self.assertEqual(self.figures(), {
            "2026-01": (1, 1, 0, 0, 100.0),
            "2026-02": (2, 1, 0, 0, 50.0),
            "2026-03": (0, 0, 1, 0, 0.0),
            "2026-04": (0, 0, 1, 1, 100.0),
            "2026-05": (0, 0, 0, 0, None),
            "2026-06": (0, 0, 0, 0, None),
        })

    def test_a_booking_after_the_due_date_lapsed_is_not_the_recall(self):
        self.write_config('[touchup]\nevery = "3mo"\n[reminder]\ngive_up_after = "1mo"\n')
        figures = self.figures("--by", "quarter")
        # Ben's July booking comes five months after his follow-up fell due.
        self.assertEqual(figures["2026-Q1"], (3, 1, 1, 0, 25.0))
        self.assertEqual(figures["2026-Q2"], (0, 0, 1, 0, 0.0))

    def test_due_dates_after_today_have_not_fallen_due(self):
        figures = self.figures("--by", "year")
        self.assertEqual(figures["2026"], (3, 2, 2, 1, 60.0))
        cara = self.json_out("--as-of", "2026-04-04", "report", "--from", "2026-04-01", "--to",
                             "2026-04-30")
        self.assertEqual(cara[0]["touchups_due"], 0)

if __name__ == "__main__":
    unittest.main()
