"""Pigment stock (issue 22): bottles received and their size (`shade lot add --bottles --size`),
each bottle opened (`shade lot open`), the opened bottle's shelf life (lots.opened_shelf_life)
judged like a lot's expiry when a session uses it, and lots low on stock (lots.low_stock) in
the agenda.

Every test runs with --as-of 2026-06-15 (AS_OF) unless it says otherwise."""

import re
import unittest

from smptest import EXIT_CONFIG, EXIT_DATA, EXIT_USAGE, parse_csv
from test_shade import ShadeTestCase


def csv_records(text):
    """The rows of csv output as dicts keyed by the header."""
    header, *rows = parse_csv(text)
    return [dict(zip(header, row)) for row in rows]


class StockTest(ShadeTestCase):
    def setUp(self):
        super().setUp()
        self.shade = self.add_shade("Midnight")
        self.lot = self.add_lot(self.shade, "B200", "2028-01", "--bottles", "3", "--size",
                                "15ml")

    def lot_named(self, number):
        return next(lot for lot in self.lots() if lot["lot"] == number)

    def test_lot_records_bottles_and_size(self):
        lot = self.lot_named("B200")
        self.assertEqual((lot["bottles"], lot["bottle_ml"]), (3, 15))
        self.assertEqual((lot["bottles_opened"], lot["bottles_left"]), (0, 3))
        self.assertIsNone(lot["last_opened_on"])
        self.assertIsNone(lot["opened_expires_on"])

    def test_size_forms(self):
        for number, size in (("S1", "15 ml"), ("S2", "7.5"), ("S3", "30ML")):
            self.add_lot(self.shade, number, "2028-01", "--size", size)
        self.assertEqual([self.lot_named(n)["bottle_ml"] for n in ("S1", "S2", "S3")],
                         [15, 7.5, 30])

    def test_open_two_bottles(self):
        self.smp("shade", "lot", "open", "B200", "--date", "2026-01-10")
        _, err, _ = self.smp("shade", "lot", "open", "B200", "--date", "-5d")
        self.assertIn("1 left unopened", err)
        lot = self.lot_named("B200")
        self.assertEqual((lot["bottles_opened"], lot["bottles_left"]), (2, 1))
        self.assertEqual(lot["last_opened_on"], "2026-06-10")
        self.assertEqual(lot["opened_expires_on"], "2027-06-10")
        self.assertEqual(lot["opened_on"], "2026-01-10")  # the first bottle opened
        self.assertEqual(self.query("SELECT opened_on FROM lot_opening ORDER BY opened_on"),
                         [("2026-01-10",), ("2026-06-10",)])

    def test_shade_show_gives_each_lot_its_stock(self):
        self.smp("shade", "lot", "open", "B200", "--date", "2026-06-01")
        self.add_lot(self.shade, "OLD1", "2028-01")  # stock not counted
        shown = self.json_out("shade", "show", "Midnight")
        lots = {lot["lot"]: lot for lot in shown["lots"]}
        self.assertEqual((lots["B200"]["bottles_left"], lots["B200"]["opened_expires_on"]),
                         (2, "2027-06-01"))
        self.assertEqual((lots["OLD1"]["bottles_left"], lots["OLD1"]["opened_expires_on"]),
                         (None, None))
        table = self.smp("shade", "show", "Midnight", env={"COLUMNS": "120"}).stdout
        self.assertRegex(table, r"B200 .* 2 +2027-06-01")

    def test_list_shows_stock_in_every_format(self):
        self.smp("shade", "lot", "open", "B200", "--date", "2026-06-01")
        self.add_lot(self.shade, "OLD1", "2028-01")  # a lot whose stock is not counted
        rows = {row["lot"]: row for row in csv_records(self.smp("shade", "lot", "list",
                                                              "--format", "csv").stdout)}
        self.assertEqual(rows["B200"]["bottles_left"], "2")
        self.assertEqual(rows["B200"]["last_opened_on"], "2026-06-01")
        self.assertEqual(rows["B200"]["opened_expires_on"], "2027-06-01")
        self.assertEqual(rows["OLD1"]["bottles_left"], "")  # unknown, not 0
        tsv = self.smp("shade", "lot", "list", "--format", "tsv").stdout.splitlines()
        header = tsv[0].split("\t")
        self.assertIn("bottles_left", header)
        table = self.smp("shade", "lot", "list").stdout
        self.assertIn("bottles left", table)
        self.assertIn("2027-06-01", table)
        old = self.lot_named("OLD1")
        self.assertIsNone(old["bottles_left"])
        self.assertIsNone(old["bottles"])

    def test_table_fits_80_columns(self):
        self.smp("shade", "lot", "open", "B200")
        self.add_lot(self.shade, "A-LONGER-LOT-1", "2028-01", "--supplier", "Acme Pigments Ltd")
        out = self.smp_terminal("shade", "lot", "list", columns=80).stdout
        out = re.sub(r"\x1b\[[0-9;]*m", "", out)
        lines = [line for line in out.splitlines()
                 if line.strip() and "hidden to fit" not in line]
        self.assertTrue(all(len(line) <= 80 for line in lines), out)
        self.assertIn("bottles left", out)
        self.assertIn("opened expires on", out)

    def test_opening_beyond_stock_refused(self):
        for _ in range(3):
            self.smp("shade", "lot", "open", "B200")
        before = self.read_bytes(self.records)
        _, err, _ = self.smp("shade", "lot", "open", "B200", expect=EXIT_DATA)
        self.assert_error(err, "all 3 bottles", "B200", "already open")
        self.assertEqual(self.read_bytes(self.records), before)

    def test_lot_without_bottles_opens_freely(self):
        self.add_lot(self.shade, "OLD1", "2028-01")
        for _ in range(4):
            self.smp("shade", "lot", "open", "OLD1")
        lot = self.lot_named("OLD1")
        self.assertEqual(lot["bottles_opened"], 4)
        self.assertIsNone(lot["bottles_left"])

    def test_bad_bottles_and_size_refused(self):
        before = self.read_bytes(self.records)
        for option, value in (("--bottles", "0"), ("--bottles", "-2"), ("--bottles", "lots"),
                              ("--size", "0ml"), ("--size", "-15"), ("--size", "big\x1b[31m")):
            _, err, _ = self.smp("shade", "lot", "add", self.shade, "X1", "--expires", "2028-01",
                                 option, value, expect=EXIT_USAGE)
            line = self.assert_error(err, option)
            self.assertNotIn("\x1b", line)
            self.assertIn(value.replace("\x1b", "")[:3], line)
        self.assertEqual(self.read_bytes(self.records), before)

    def test_edit_counts_and_clears_stock(self):
        self.add_lot(self.shade, "OLD1", "2028-01")
        self.smp("shade", "lot", "edit", "OLD1", "--bottles", "2", "--size", "30 ml")
        old = self.lot_named("OLD1")
        self.assertEqual((old["bottles"], old["bottle_ml"], old["bottles_left"]), (2, 30, 2))
        self.smp("shade", "lot", "edit", "OLD1", "--bottles", "", "--size", "")
        old = self.lot_named("OLD1")
        self.assertEqual((old["bottles"], old["bottle_ml"], old["bottles_left"]),
                         (None, None, None))

    def test_edit_below_bottles_opened_refused(self):
        self.smp("shade", "lot", "open", "B200")
        self.smp("shade", "lot", "open", "B200")
        before = self.read_bytes(self.records)
        _, err, _ = self.smp("shade", "lot", "edit", "B200", "--bottles", "1", expect=EXIT_DATA)
        self.assert_error(err, "2 bottles opened", "--bottles 2")
        self.smp("shade", "lot", "edit", "B200", "--bottles", "x1", expect=EXIT_USAGE)
        self.assertEqual(self.read_bytes(self.records), before)

    def test_undo_takes_back_the_latest_opening(self):
        self.smp("shade", "lot", "open", "B200", "--date", "2026-05-01")
        self.smp("shade", "lot", "open", "B200", "--date", "2026-06-01")
        _, err, _ = self.smp("shade", "lot", "open", "B200", "--undo")
        self.assertIn("2026-06-01", err)
        lot = self.lot_named("B200")
        self.assertEqual((lot["bottles_left"], lot["last_opened_on"]), (2, "2026-05-01"))
        self.smp("shade", "lot", "open", "B200", "--undo")
        lot = self.lot_named("B200")
        self.assertEqual((lot["bottles_left"], lot["opened_on"]), (3, None))
        before = self.read_bytes(self.records)
        _, err, _ = self.smp("shade", "lot", "open", "B200", "--undo", expect=EXIT_DATA)
        self.assert_error(err, "no bottle of lot B200")
        self.smp("shade", "lot", "open", "B200", "--undo", "--date", "today", expect=EXIT_USAGE)
        self.assertEqual(self.read_bytes(self.records), before)

    def test_bad_open_date_refused(self):
        self.smp("shade", "lot", "open", "B200", "--date", "someday", expect=EXIT_USAGE)
        self.assertEqual(self.query("SELECT count(*) FROM lot_opening"), [(0,)])


class ShelfLifeTest(ShadeTestCase):
    def setUp(self):
        super().setUp()
        self.shade = self.add_shade("Midnight")
        self.add_lot(self.shade, "B200", "2028-01", "--bottles", "3")
        self.client = self.ready_client("Jane Doe")

    def test_opened_bottle_past_shelf_life_warns(self):
        self.smp("shade", "lot", "open", "B200", "--date", "2025-05-01")
        _, err, _ = self.smp("session", "log", self.client, "--lot", "B200")
        self.assert_warning(err, "B200", "2025-05-01", "2026-05-01")
        self.assertEqual(self.session_count(), 1)

    def test_opened_bottle_past_shelf_life_refused_when_strict(self):
        self.smp("shade", "lot", "open", "B200", "--date", "2025-05-01")
        before = self.read_bytes(self.records)
        _, err, _ = self.smp("session", "log", self.client, "--lot", "B200", "--strict",
                             expect=EXIT_DATA)
        self.assert_error(err, "B200", "2026-05-01")
        self.assertEqual(self.read_bytes(self.records), before)
        self.write_config("strict = true\n")
        self.smp("session", "log", self.client, "--lot", "B200", expect=EXIT_DATA)
        self.assertEqual(self.session_count(), 0)

    def test_new_bottle_is_in_date(self):
        self.smp("shade", "lot", "open", "B200", "--date", "2025-05-01")
        self.smp("shade", "lot", "open", "B200", "--date", "2026-06-01")
        _, err, _ = self.smp("session", "log", self.client, "--lot", "B200", "--strict")
        self.assert_no_warning(err)

    def test_shelf_life_from_config(self):
        self.smp("shade", "lot", "open", "B200", "--date", "2026-01-10")
        _, err, _ = self.smp("session", "log", self.client, "--lot", "B200")
        self.assert_no_warning(err)
        self.write_config('[lots]\nopened_shelf_life = "3mo"\n')
        _, err, _ = self.smp("session", "log", self.client, "--lot", "B200")
        self.assert_warning(err, "B200", "2026-04-10")
        self.assertEqual(self.lots()[0]["opened_expires_on"], "2026-04-10")

    def test_booked_session_judged_on_its_day(self):
        self.smp("shade", "lot", "open", "B200", "--date", "2026-01-10")
        _, err, _ = self.smp("session", "plan", self.client, "--date", "2027-02-01",
                             "--lot", "B200")
        self.assert_warning(err, "B200", "2027-01-10")


class LowStockAgendaTest(ShadeTestCase):
    def setUp(self):
        super().setUp()
        self.shade = self.add_shade("Midnight")
        self.add_lot(self.shade, "B200", "2028-01", "--bottles", "3")
        self.add_lot(self.shade, "OLD1", "2028-01")
        self.add_lot(self.shade, "SOON", "2026-07", "--bottles", "2")

    def low_stock(self, **kw):
        return [lot["lot"] for lot in self.json_out("agenda", **kw)["low_stock"]]

    def test_low_stock_listed(self):
        self.assertEqual(self.low_stock(), [])
        self.smp("shade", "lot", "open", "B200")
        self.assertEqual(self.low_stock(), [])
        self.smp("shade", "lot", "open", "B200")
        self.assertEqual(self.low_stock(), ["B200"])
        table = self.smp("agenda").stdout
        section = table.split("low stock\n", 1)[1]
        self.assertIn("B200", section)
        self.assertIn("1 of 3 left", section)
        rows = csv_records(self.smp("agenda", "--format", "csv").stdout)
        self.assertIn(("low_stock", "Midnight"), [(r["section"], r["name"]) for r in rows])

    def test_low_stock_from_config(self):
        self.smp("shade", "lot", "open", "B200")
        self.write_config("[lots]\nlow_stock = 2\n")
        self.assertEqual(self.low_stock(), ["SOON", "B200"])  # soonest expiry first
        self.write_config("[lots]\nlow_stock = 0\n")
        self.assertEqual(self.low_stock(), [])

    def test_lots_part_shows_stock(self):
        self.smp("shade", "lot", "open", "SOON", "--date", "2026-06-01")
        agenda = self.json_out("agenda")
        soon = next(lot for lot in agenda["lots"] if lot["lot"] == "SOON")
        self.assertEqual((soon["bottles"], soon["bottles_left"]), (2, 1))
        self.assertEqual(soon["last_opened_on"], "2026-06-01")
        self.assertEqual(soon["opened_expires_on"], "2027-06-01")
        self.assertIn("SOON", self.low_stock())
        self.assertIn("1 of 2 left", self.smp("agenda").stdout.split("low stock\n")[0])

    def test_recalled_or_expired_lot_not_restocked(self):
        for _ in range(3):
            self.smp("shade", "lot", "open", "B200")
        self.smp("shade", "recall", "B200", "--reason", "advisory")
        self.assertEqual(self.low_stock(), [])


class StockConfigTest(ShadeTestCase):
    def test_bad_keys_refused(self):
        for text, fragments in (('[lots]\nopened_shelf_life = "soon"\n',
                                 ("lots.opened_shelf_life", "soon")),
                                ('[lots]\nopened_shelf_life = "0d"\n',
                                 ("lots.opened_shelf_life", "0d")),
                                ("[lots]\nopened_shelf_life = 12\n", ("lots.opened_shelf_life",)),
                                ("[lots]\nlow_stock = -1\n", ("lots.low_stock", "-1")),
                                ('[lots]\nlow_stock = "one"\n', ("lots.low_stock",))):
            with self.subTest(config=text):
                self.write_config(text)
                _, err, _ = self.smp("shade", "lot", "list", expect=EXIT_CONFIG)
                self.assert_error(err, *fragments)


if __name__ == "__main__":
    unittest.main()
