"""`smp payment` (add, list, show, edit, remove), balances in `client show` and
`session show`, deposits through a session's life, no-show fees and the money config keys
(issue 21).

Every test runs with --as-of 2026-06-15 (AS_OF) unless it says otherwise. A cancellation's
notice is measured from the real clock (the records file stamps when a session was
cancelled), so a session cancelled "in time" is booked years ahead, and one cancelled late
is booked on the real today."""

import datetime
import json
import os
import unittest

from smptest import (EXIT_CONFIG, EXIT_DATA, EXIT_NO_MATCH, EXIT_USAGE, SmpTestCase,
                     display_width)


class PaymentTestCase(SmpTestCase):
    def pay(self, client, amount, *args, **kw):
        """`payment add CLIENT AMOUNT ARGS -q`; returns the new payment's id."""
        out = self.smp("payment", "add", client, amount, *args, "-q", **kw).stdout
        return int(out.strip())

    def session(self, command, client, *args, **kw):
        out = self.smp("session", command, client, *args, "-q", **kw).stdout
        return int(out.strip())

    def balance(self, client):
        return self.json_out("client", "show", client)


class AddTest(PaymentTestCase):
    def test_add_prints_amounts_by_the_money_contract(self):
        self.add_client("Jane Doe")
        record = self.json_out("payment", "add", "Jane", "1,200.50", "--method", "card",
                               "--reference", "slip 42", "--note", "first half")
        self.assertEqual(record["amount"], "1200.50")
        self.assertEqual(record["amount_minor"], 120050)
        self.assertEqual(record["currency"], "EUR")
        self.assertEqual(record["kind"], "payment")
        self.assertEqual(record["method"], "card")
        self.assertEqual(record["date"], "2026-06-15")
        self.assertEqual(record["client_name"], "Jane Doe")
        self.assertEqual(record["reference"], "slip 42")
        self.assertEqual(record["notes"], "first half")
        self.assertEqual(self.query("SELECT amount_minor, kind FROM payment"), [(120050, "payment")])

    def test_kinds_and_default_method(self):
        self.add_client("Jane Doe")
        kinds = {}
        for flag in ("--deposit", "--refund", "--fee", None):
            record = self.json_out("payment", "add", "Jane", "10", *([flag] if flag else []))
            kinds[record["kind"]] = record["method"]
        self.assertEqual(kinds, {"deposit": "cash", "refund": "cash", "fee": None,
                                 "payment": "cash"})
        result = self.smp("payment", "add", "Jane", "10", "--deposit", "--fee", expect=EXIT_USAGE)
        self.assert_error(result.stderr, "--deposit")
        result = self.smp("payment", "add", "Jane", "10", "--fee", "--method", "card",
                          expect=EXIT_USAGE)
        self.assert_error(result.stderr, "fee", "--method")

    def test_bad_amounts_are_refused_quoting_them_and_nothing_is_written(self):
        self.add_client("Jane Doe")
        before = self.read_bytes(self.records)
        for amount, fragment in (("12.345", "two decimal"), ("-5", "never negative"),
                                 ("$450", "currency"), ("€450", "currency"),
                                 ("450 EUR", "currency"), ("12,00", "thousands"),
                                 ("0", "more than 0"), ("abc", "currency")):
            result = self.smp("payment", "add", "Jane", amount, expect=EXIT_USAGE)
            self.assert_error(result.stderr, f'"{amount}"', fragment)
        self.assertEqual(self.read_bytes(self.records), before)

    def test_methods_from_the_config(self):
        self.add_client("Jane Doe")
        self.write_config('[money]\nmethods = ["voucher", "PayPal"]\n')
        self.assertEqual(self.json_out("payment", "add", "Jane", "5", "--method",
                                       "paypal")["method"], "PayPal")
        result = self.smp("payment", "add", "Jane", "5", "--method", "cheque", expect=EXIT_USAGE)
        self.assert_error(result.stderr, '"cheque"', "cash, card, transfer, other, voucher, PayPal")

    def test_session_must_be_the_clients(self):
        self.add_client("Jane Doe")
        self.add_client("Tom Smith")
        session = self.session("log", "Tom", "--date", "2026-06-01")
        result = self.smp("payment", "add", "Jane", "50", "--session", session, expect=EXIT_DATA)
        self.assert_error(result.stderr, f"session {session}")
        self.assertEqual(self.query("SELECT count(*) FROM payment"), [(0,)])

    def test_future_date_refused(self):
        self.add_client("Jane Doe")
        result = self.smp("payment", "add", "Jane", "50", "--date", "2026-06-16",
                          expect=EXIT_DATA)
        self.assert_error(result.stderr, "2026-06-16", "after today")


class ListShowEditRemoveTest(PaymentTestCase):
    def setUp(self):
        super().setUp()
        self.add_client("Jane Doe")
        self.add_client("Tom Smith")
        self.pay("Jane", "100", "--date", "2026-06-01", "--method", "card")
        self.pay("Tom", "50", "--date", "2026-06-10", "--deposit")
        self.pay("Jane", "25.50", "--date", "2026-06-12", "--method", "transfer",
                 "--reference", "a very long transfer reference that will not fit")

    def ids(self, *args, **kw):
        return [row["id"] for row in self.json_out("payment", "list", *args, **kw)]

    def test_filters(self):
        self.assertEqual(self.ids(), [1, 2, 3])
        self.assertEqual(self.ids("--client", "Jane"), [1, 3])
        self.assertEqual(self.ids("--from", "2026-06-05"), [2, 3])
        self.assertEqual(self.ids("--to", "2026-06-10"), [1, 2])
        self.assertEqual(self.ids("--method", "CARD"), [1])
        self.assertEqual(self.ids("--kind", "deposit"), [2])
        self.smp("payment", "list", "--kind", "fee", expect=EXIT_NO_MATCH)
        self.smp("payment", "list", "--kind", "gift", expect=EXIT_USAGE)

    def test_every_format(self):
        csv_rows = self.csv_rows("payment", "list")
        self.assertEqual(csv_rows[2]["amount"], "25.50")
        self.assertEqual(csv_rows[2]["amount_minor"], "2550")
        ndjson = self.smp("payment", "list", "--format", "ndjson").stdout.splitlines()
        self.assertEqual(len(ndjson), 3)
        tsv = self.smp("payment", "list", "--format", "tsv").stdout.splitlines()
        self.assertEqual(tsv[0].split("\t")[:3], ["id", "uuid", "client_id"])

    def test_table_fits_80_columns(self):
        out = self.smp_terminal("payment", "list", "--color", "never", columns=80).stdout
        table = [line for line in out.splitlines()
                 if (line.startswith("id") or line.lstrip()[:1].isdigit())
                 and "hidden" not in line]
        self.assertEqual(len(table), 4, out)
        self.assertTrue(all(display_width(line) <= 80 for line in table), out)
        self.assertIn("25.50", out)

    def test_show_edit_remove(self):
        shown = self.json_out("payment", "show", "3")
        self.assertEqual(shown["amount_minor"], 2550)
        edited = self.json_out("payment", "edit", "3", "--amount", "30", "--clear", "reference",
                               "--kind", "refund")
        self.assertEqual((edited["amount"], edited["reference"], edited["kind"]),
                         ("30.00", None, "refund"))
        result = self.smp("payment", "edit", "3", "--amount", "3.001", expect=EXIT_USAGE)
        self.assert_error(result.stderr, '"3.001"')
        self.smp("payment", "show", "9", expect=EXIT_DATA)
        self.smp("payment", "remove", "3", expect=EXIT_USAGE)  # not confirmed
        self.smp("payment", "remove", "3", "--yes")
        self.assertEqual(self.ids(), [1, 2])


class BalanceTest(PaymentTestCase):
    def test_deposit_applied_then_balance_paid_in_two_parts(self):
        self.add_client("Jane Doe")
        booked = self.session("plan", "Jane", "--date", "2026-06-20", "--price", "1,200")
        self.pay("Jane", "200", "--deposit", "--session", booked, "--method", "card")
        shown = self.balance("Jane")
        self.assertEqual((shown["owed"], shown["deposits_held"], shown["deposits_held_minor"]),
                         ("0.00", "200.00", 20000))
        self.assertEqual(self.json_out("session", "show", booked)["deposit_state"], "held")
        self.session("done", booked, "--date", "2026-06-15")
        shown = self.balance("Jane")
        self.assertEqual((shown["owed"], shown["owed_minor"], shown["currency"]),
                         ("1000.00", 100000, "EUR"))
        self.pay("Jane", "500", "--method", "transfer", "--session", booked)
        self.pay("Jane", "500")
        shown = self.balance("Jane")
        self.assertEqual((shown["owed"], shown["paid"]), ("0.00", "1200.00"))
        session = self.json_out("session", "show", booked)
        self.assertEqual((session["paid"], session["deposit"], session["deposit_state"]),
                         ("700.00", "200.00", "applied"))
        self.smp("payment", "list", "--owing", expect=EXIT_NO_MATCH)

    def test_deposit_refundable_after_a_cancellation_in_time(self):
        self.add_client("Jane Doe")
        booked = self.session("plan", "Jane", "--date", "2099-01-10")
        self.pay("Jane", "100", "--deposit", "--session", booked)
        self.smp("session", "cancel", booked)
        shown = self.balance("Jane")
        self.assertEqual((shown["refundable"], shown["owed"]), ("100.00", "-100.00"))
        self.assertEqual(self.json_out("payment", "show", "1")["deposit_state"], "refundable")
        self.pay("Jane", "100", "--refund", "--session", booked)
        self.assertEqual(self.balance("Jane")["owed"], "0.00")

    def test_deposit_kept_after_a_late_cancellation(self):
        self.add_client("Jane Doe")
        today = datetime.date.today().isoformat()
        booked = self.session("plan", "Jane", "--date", today, "--time", "23:59", as_of=False)
        self.pay("Jane", "100", "--deposit", "--session", booked, "--date", today, as_of=False)
        self.smp("session", "cancel", booked, as_of=False)
        self.assertEqual(self.json_out("payment", "show", "1")["deposit_state"], "kept")
        self.write_config('[money]\nrefund_notice = "0h"\n')
        # With no notice needed any cancellation before the start refunds: the real clock
        # is before 23:59 of today, or exactly at it.
        state = self.json_out("payment", "show", "1")["deposit_state"]
        self.assertIn(state, ("refundable", "kept"))

    def test_no_show_keeps_the_deposit_and_charges_the_configured_fee(self):
        self.add_client("Jane Doe")
        self.write_config('[money]\nno_show_fee = "50"\n')
        booked = self.session("plan", "Jane", "--date", "2099-01-10")
        self.pay("Jane", "100", "--deposit", "--session", booked)
        result = self.smp("session", "cancel", booked, "--no-show")
        self.assertIn("Charged a no-show fee of 50.00 EUR", result.stderr)
        fees = self.json_out("payment", "list", "--kind", "fee")
        self.assertEqual([(f["amount"], f["session_id"], f["method"]) for f in fees],
                         [("50.00", booked, None)])
        shown = self.balance("Jane")
        self.assertEqual((shown["owed"], shown["refundable"]), ("50.00", "0.00"))
        self.assertEqual(self.json_out("payment", "show", "1")["deposit_state"], "kept")
        owing = self.json_out("payment", "list", "--owing")
        self.assertEqual([(o["client_name"], o["owed"], o["owed_minor"], o["since"])
                          for o in owing], [("Jane Doe", "50.00", 5000, "2026-06-15")])

    def test_fee_options_override_the_config(self):
        self.add_client("Jane Doe")
        self.write_config('[money]\nno_show_fee = "50"\n')
        first = self.session("plan", "Jane", "--date", "2099-01-10")
        second = self.session("plan", "Jane", "--date", "2099-02-10")
        third = self.session("plan", "Jane", "--date", "2099-03-10")
        self.smp("session", "cancel", first, "--no-show", "--no-fee")
        self.smp("session", "cancel", second, "--no-show", "--fee", "75.50")
        self.smp("session", "cancel", third)  # a plain cancellation charges nothing
        self.assertEqual(self.query("SELECT session_id, amount_minor FROM payment"),
                         [(second, 7550)])
        fourth = self.session("plan", "Jane", "--date", "2099-04-10")
        before = self.read_bytes(self.records)
        result = self.smp("session", "cancel", fourth, "--no-show", "--fee", "7.555",
                          expect=EXIT_USAGE)
        self.assert_error(result.stderr, '"7.555"')
        result = self.smp("session", "cancel", fourth, "--fee", "5", "--no-fee",
                          expect=EXIT_USAGE)
        self.assertEqual(self.read_bytes(self.records), before)

    def test_no_fee_by_default(self):
        self.add_client("Jane Doe")
        booked = self.session("plan", "Jane", "--date", "2099-01-10")
        self.smp("session", "cancel", booked, "--no-show")
        self.assertEqual(self.query("SELECT count(*) FROM payment"), [(0,)])

    def test_owing_oldest_first(self):
        for name in ("Ann Lee", "Bo Due", "Cy Ray"):
            self.add_client(name)
        self.session("log", "Bo", "--date", "2026-01-10", "--price", "300")
        self.session("log", "Ann", "--date", "2026-03-01", "--price", "200")
        self.session("log", "Bo", "--date", "2026-04-01", "--price", "300")
        self.session("log", "Cy", "--date", "2026-02-01", "--price", "100")
        self.pay("Bo", "300")  # covers the January session: owed since April
        self.pay("Cy", "100")
        owing = self.json_out("payment", "list", "--owing")
        self.assertEqual([(o["client_name"], o["since"], o["owed"]) for o in owing],
                         [("Ann Lee", "2026-03-01", "200.00"), ("Bo Due", "2026-04-01", "300.00")])
        self.smp("payment", "list", "--owing", "--client", "Bo", expect=EXIT_USAGE)


class ConfigTest(PaymentTestCase):
    def test_bad_money_keys_are_config_errors(self):
        self.add_client("Jane Doe")
        for text, fragment in (('[money]\nno_show_fee = "5.555"\n', "no_show_fee"),
                               ('[money]\nno_show_fee = 50\n', "no_show_fee"),
                               ('[money]\nrefund_notice = "2 days"\n', "refund_notice"),
                               ('[money]\nmethods = "card"\n', "money.methods"),
                               ('[money]\nmethods = ["cash"]\n', "cash"),
                               ('[money]\nmethods = ["a,b"]\n', "a,b"),
                               ('[money]\ntax_rate = "20%"\n', "20%"),
                               ('[money]\ntax_rate = "7.125"\n', "7.125"),
                               ('[money]\ntax_rate = 20\n', "tax_rate"),
                               ('[money]\nprices_include_tax = "yes"\n', "prices_include_tax"),
                               ('[studio]\nname = 5\n', "studio.name")):
            self.write_config(text)
            result = self.smp("payment", "add", "Jane", "5", expect=EXIT_CONFIG)
            self.assert_error(result.stderr, fragment)
        self.assertEqual(self.query("SELECT count(*) FROM payment"), [(0,)])


if __name__ == "__main__":
    unittest.main()


class ExportImportTest(PaymentTestCase):
    def setUp(self):
        super().setUp()
        self.add_client("Jane Doe")
        self.add_client("Tom Smith")
        self.session("log", "Jane", "--date", "2026-05-01", "--price", "300")
        self.session("log", "Tom", "--date", "2026-06-01", "--price", "200")
        self.pay("Jane", "100", "--deposit", "--session", "1", "--date", "2026-04-20",
                 "--reference", "=SUM(A1)")
        self.pay("Jane", "200", "--date", "2026-05-01", "--method", "transfer")
        self.pay("Tom", "20", "--fee", "--session", "2", "--date", "2026-06-01")
        self.pay("Tom", "5.50", "--refund", "--date", "2026-06-10", "--note", "change")

    def test_export_payments_is_neutralised_and_dated(self):
        rows = self.csv_rows("export", "payments")
        self.assertEqual([r["id"] for r in rows], ["1", "2", "3", "4"])
        self.assertEqual(rows[0]["reference"], "'=SUM(A1)")
        self.assertEqual(rows[3]["amount"], "5.50")
        june = self.csv_rows("export", "payments", "--from", "2026-05-02", "--to", "2026-06-05")
        self.assertEqual([r["id"] for r in june], ["3"])
        raw = self.csv_rows("export", "payments", "--raw", "--to", "2026-04-30")
        self.assertEqual([r["reference"] for r in raw], ["=SUM(A1)"])
        self.smp("export", "payments", "--from", "someday", expect=EXIT_DATA)
        self.smp("export", "clients", "--from", "2026-01-01", expect=EXIT_USAGE)

    def test_export_sessions_from_to(self):
        rows = self.csv_rows("export", "sessions", "--from", "2026-05-15")
        self.assertEqual([r["client_name"] for r in rows], ["Tom Smith"])
        rows = self.csv_rows("export", "sessions", "--to", "2026-05-15")
        self.assertEqual([r["client_name"] for r in rows], ["Jane Doe"])

    def test_round_trip_is_byte_identical(self):
        other = {"SMP_FILE": os.path.join(self.tmp, "other.db")}
        exports = {}
        for kind in ("clients", "sessions", "payments"):
            exports[kind] = self.smp("export", kind).stdout
            path = os.path.join(self.tmp, f"{kind}.csv")
            with open(path, "w", encoding="utf-8", newline="") as f:
                f.write(exports[kind])
            self.smp("import", kind, path, env=other)
        for kind, exported in exports.items():
            self.assertEqual(self.smp("export", kind, env=other).stdout, exported, kind)
        # Imported again, every payment is matched by its uuid: nothing added.
        result = self.smp("import", "payments", os.path.join(self.tmp, "payments.csv"),
                          env=other)
        self.assertIn("0 added, 4 updated", result.stderr)

    def test_import_refuses_bad_rows_naming_them(self):
        path = os.path.join(self.tmp, "in.csv")
        with open(path, "w", encoding="utf-8") as f:
            f.write("client_name,date,amount,kind,method,session_id\n"
                    "Jane Doe,2026-06-01,12.345,payment,cash,\n"
                    "Tom Smith,2026-06-01,10,fee,card,\n"
                    "Tom Smith,2026-06-01,10,payment,,1\n"
                    "Nobody,2026-06-01,10,payment,,\n")
        before = self.query("SELECT count(*) FROM payment")
        result = self.smp("import", "payments", path, expect=EXIT_DATA)
        for fragment in ("in.csv:2: amount", "in.csv:3: method", "in.csv:4: session_id",
                         "in.csv:5: client_name"):
            self.assertIn(fragment, result.stderr)
        self.assertEqual(self.query("SELECT count(*) FROM payment"), before)

    def test_client_export_holds_their_payments(self):
        path = os.path.join(self.tmp, "tom.json")
        self.smp("client", "export", "Tom", "-o", path)
        with open(path, encoding="utf-8") as f:
            data = json.load(f)
        self.assertEqual([(p["kind"], p["amount"], p["amount_minor"]) for p in data["payments"]],
                         [("fee", "20.00", 2000), ("refund", "5.50", 550)])

    def test_forget_erases_personal_text_and_keeps_amounts(self):
        self.smp("client", "forget", "Tom", "--yes")
        self.assertEqual(self.query("SELECT amount_minor, reference, notes FROM payment "
                                    "WHERE client_id = 2 ORDER BY id"),
                         [(2000, None, None), (550, None, None)])
