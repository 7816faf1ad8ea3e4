"""`smp shade`: the catalogue (add, list, show, edit, retire, unretire), lots (lot add, lot list),
sessions that use shades, lots and dilutions, trace and recall, mix and suggest (issue 4).

Every test runs with --as-of 2026-06-15 (AS_OF) unless it says otherwise."""

import json
import os
import unittest

from smptest import EXIT_CONFIG, EXIT_DATA, EXIT_NO_MATCH, EXIT_USAGE, SmpTestCase, parse_csv


def water_part(dilution):
    """The water parts of a "W:P" dilution per one part of pigment."""
    water, pigment = dilution.split(":")
    return float(water) / float(pigment)


class ShadeTestCase(SmpTestCase):
    def add_shade(self, name, *options, **kw):
        out = self.smp("shade", "add", name, *options, "-q", **kw).stdout
        return int(out.strip())

    def add_lot(self, shade, lot, expires, *options, **kw):
        out = self.smp("shade", "lot", "add", shade, lot, "--expires", expires, *options, "-q",
                       **kw).stdout
        return int(out.strip())

    def ready_client(self, name, *options):
        """A client with treatment consent and a fresh screening: no pre-session warning, so
        --strict only reacts to lots."""
        client = self.add_client(name, *options)
        self.smp("client", "consent", client, "--kind", "treatment", "--signed", "2026-01-10")
        self.smp("client", "screen", client, "--none", "--date", "2026-01-10")
        return client

    def log(self, client, *args, **kw):
        out = self.smp("session", "log", client, *args, "-q", **kw).stdout
        return int(out.strip())

    def session(self, session):
        return self.json_out("session", "show", session)

    def session_count(self):
        return self.query("SELECT count(*) FROM session")[0][0]

    def lots(self, *args, **kw):
        return self.json_out("shade", "lot", "list", *args, **kw)

    def warnings(self, stderr):
        return [line for line in stderr.splitlines() if line.startswith("smp: warning: ")]

    def assert_warning(self, stderr, *fragments):
        for line in self.warnings(stderr):
            if all(fragment in line for fragment in fragments):
                return line
        self.fail(f"no `smp: warning:` line with {fragments!r} in {stderr!r}")

    def assert_no_warning(self, stderr):
        self.assertEqual(self.warnings(stderr), [], f"unexpected warning in {stderr!r}")


# The catalogue ---------------------------------------------------------------------------------

class ShadeCatalogueTest(ShadeTestCase):
    def test_add_and_show(self):
        _, err, _ = self.smp("shade", "add", "Midnight", "--brand", "Acme SMP", "--base", "black",
                             "--dilution", "6:1", "--notes", "For dark hair")
        self.assertIn("Midnight", err)
        s = self.json_out("shade", "show", "Midnight")
        self.assertEqual(s["name"], "Midnight")
        self.assertEqual(s["brand"], "Acme SMP")
        self.assertEqual(s["base"], "black")
        self.assertEqual(s["dilution"], "6:1")
        self.assertEqual(s["notes"], "For dark hair")
        self.assertFalse(s["retired"])
        self.assertEqual(s["lots"], [])
        self.assertEqual(s["session_count"], 0)

    def test_show_by_id_and_part_of_name(self):
        shade = self.add_shade("Midnight Black")
        self.assertEqual(self.json_out("shade", "show", shade)["name"], "Midnight Black")
        self.assertEqual(self.json_out("shade", "show", "midnight")["id"], shade)
        self.smp("shade", "show", "Nothing", expect=EXIT_DATA)

    def test_every_base(self):
        for base in ["black", "dark-grey", "brown", "water"]:
            with self.subTest(base=base):
                shade = self.add_shade(f"Shade {base}", "--base", base)
                self.assertEqual(self.json_out("shade", "show", shade)["base"], base)

    def test_bad_base_refused(self):
        self.smp("init")
        _, err, _ = self.smp("shade", "add", "Pink", "--base", "pink", expect=EXIT_USAGE)
        self.assert_error(err, "pink", "black", "dark-grey", "brown")
        self.smp("shade", "list", expect=EXIT_NO_MATCH)

    def test_duplicate_name_refused(self):
        self.add_shade("Midnight")
        _, err, _ = self.smp("shade", "add", "Midnight", expect=EXIT_DATA)
        self.assert_error(err, "Midnight")
        _, err, _ = self.smp("shade", "add", "midnight", expect=EXIT_DATA)
        self.assertEqual(len(self.json_out("shade", "list")), 1)
        self.add_shade("Café Noir")
        self.smp("shade", "add", "CAFE NOIR", expect=EXIT_DATA)
        self.assertEqual(len(self.json_out("shade", "list")), 2)

    def test_dilutions(self):
        for text, stored in [("6:1", "6:1"), ("2.5:1", "2.5:1"), ("0:1", "0:1"),
                             ("12:1", "12:1"), ("2.50:1.0", "2.5:1"), ("0.5:1", "0.5:1"),
                             ("100:1", "100:1")]:
            with self.subTest(dilution=text):
                shade = self.add_shade(f"Shade {text}", "--dilution", text)
                self.assertEqual(self.json_out("shade", "show", shade)["dilution"], stored)

    def test_bad_dilutions_refused(self):
        self.smp("init")
        for text in ["6:0", "x", "6", "6:1:1", "-1:1", "a:b", ":1", "6:", "6/1", "1:0",
                     "101:1", "+6:1", "6 :1"]:
            with self.subTest(dilution=text):
                _, err, _ = self.smp("shade", "add", "Bad", f"--dilution={text}",
                                     expect=EXIT_USAGE)
                self.assert_error(err)
        self.smp("shade", "list", "--all", expect=EXIT_NO_MATCH)

    def test_list(self):
        self.add_shade("Midnight", "--dilution", "6:1")
        self.add_shade("Ash", "--base", "dark-grey")
        rows = self.json_out("shade", "list")
        self.assertEqual(sorted(r["name"] for r in rows), ["Ash", "Midnight"])
        rows = self.csv_rows("shade", "list")
        self.assertEqual(sorted(r["name"] for r in rows), ["Ash", "Midnight"])

    def test_list_empty_exit_1(self):
        self.smp("init")
        self.assertEqual(self.json_out("shade", "list", expect=EXIT_NO_MATCH), [])

    def test_edit(self):
        shade = self.add_shade("Midnight", "--brand", "Acme", "--dilution", "6:1",
                               "--notes", "old")
        self.smp("shade", "edit", shade, "--name", "Midnight 2", "--brand", "Other",
                 "--base", "brown", "--dilution", "8:1", "--notes", "new")
        s = self.json_out("shade", "show", shade)
        self.assertEqual(s["name"], "Midnight 2")
        self.assertEqual(s["brand"], "Other")
        self.assertEqual(s["base"], "brown")
        self.assertEqual(s["dilution"], "8:1")
        self.assertEqual(s["notes"], "new")

    def test_edit_clear(self):
        shade = self.add_shade("Midnight", "--brand", "Acme", "--dilution", "6:1",
                               "--notes", "old")
        self.smp("shade", "edit", shade, "--clear", "brand,dilution", "--clear", "notes")
        s = self.json_out("shade", "show", shade)
        self.assertIsNone(s["brand"])
        self.assertIsNone(s["dilution"])
        self.assertIsNone(s["notes"])

    def test_edit_refuses_bad_values_and_duplicate_names(self):
        self.add_shade("Ash")
        shade = self.add_shade("Midnight", "--dilution", "6:1")
        self.smp("shade", "edit", shade, "--dilution", "6:0", expect=EXIT_USAGE)
        self.smp("shade", "edit", shade, "--base", "pink", expect=EXIT_USAGE)
        self.smp("shade", "edit", shade, "--name", "Ash", expect=EXIT_DATA)
        s = self.json_out("shade", "show", shade)
        self.assertEqual(s["name"], "Midnight")
        self.assertEqual(s["dilution"], "6:1")

    def test_retire_and_unretire(self):
        self.add_shade("Ash")
        shade = self.add_shade("Midnight")
        self.smp("shade", "retire", shade)
        self.assertEqual([r["name"] for r in self.json_out("shade", "list")], ["Ash"])
        everything = {r["name"]: r for r in self.json_out("shade", "list", "--all")}
        self.assertEqual(sorted(everything), ["Ash", "Midnight"])
        self.assertTrue(everything["Midnight"]["retired"])
        self.assertIsNotNone(everything["Midnight"]["retired_at"])
        self.assertFalse(everything["Ash"]["retired"])
        s = self.json_out("shade", "show", shade)
        self.assertTrue(s["retired"])
        self.smp("shade", "unretire", shade)
        self.assertEqual(sorted(r["name"] for r in self.json_out("shade", "list")),
                         ["Ash", "Midnight"])
        s = self.json_out("shade", "show", shade)
        self.assertFalse(s["retired"])
        self.assertIsNone(s["retired_at"])

    def test_retiring_twice_keeps_the_first_time(self):
        shade = self.add_shade("Midnight")
        self.smp("shade", "retire", shade)
        first = self.json_out("shade", "show", shade)["retired_at"]
        self.smp("shade", "retire", shade)
        self.assertEqual(self.json_out("shade", "show", shade)["retired_at"], first)

    def test_retired_shade_warns_and_strict_refuses(self):
        client = self.ready_client("Jane Doe")
        shade = self.add_shade("Midnight")
        self.smp("shade", "retire", shade)
        _, err, _ = self.smp("session", "log", client, "--shade", shade, "--strict",
                             expect=EXIT_DATA)
        self.assert_error(err, "Midnight")
        self.assertEqual(self.session_count(), 0)
        _, err, _ = self.smp("session", "log", client, "--shade", shade)
        self.assert_warning(err, "Midnight", "retired")
        self.assertEqual(self.session_count(), 1)

    def test_session_count_of_any_status(self):
        client = self.add_client("Jane Doe")
        shade = self.add_shade("Midnight")
        self.log(client, "--date", "2026-06-01", "--shade", shade)
        self.smp("session", "plan", client, "--date", "2026-06-20", "--shade", shade)
        self.smp("session", "plan", client, "--date", "2026-06-25", "--shade", shade)
        self.smp("session", "cancel", "3")
        self.assertEqual(self.json_out("shade", "show", shade)["session_count"], 3)

    def test_only_retired_shades_means_nothing_to_list(self):
        shade = self.add_shade("Midnight")
        self.smp("shade", "retire", shade)
        self.smp("shade", "list", expect=EXIT_NO_MATCH)
        self.assertEqual(len(self.json_out("shade", "list", "--all")), 1)

    def test_retired_shade_stays_in_history(self):
        client = self.add_client("Jane Doe")
        shade = self.add_shade("Midnight", "--dilution", "6:1")
        session = self.log(client, "--shade", shade)
        self.smp("shade", "retire", shade)
        self.assertEqual(self.session(session)["shade"], "Midnight")
        self.assertEqual(self.json_out("shade", "show", shade)["session_count"], 1)

    def test_show_lists_lots_and_session_count(self):
        client = self.add_client("Jane Doe")
        shade = self.add_shade("Midnight")
        self.add_lot(shade, "A100", "2027-01", "--supplier", "Acme Ltd")
        self.add_lot(shade, "A200", "2027-06-15")
        self.log(client, "--date", "2026-05-01", "--shade", shade, "--lot", "A100")
        self.log(client, "--date", "2026-06-01", "--shade", shade, "--lot", "A100")
        s = self.json_out("shade", "show", shade)
        self.assertEqual(s["session_count"], 2)
        self.assertEqual(s["lot_count"], 2)
        lots = {lot["lot"]: lot for lot in s["lots"]}
        self.assertEqual(sorted(lots), ["A100", "A200"])
        self.assertEqual(lots["A100"]["sessions"], 2)
        self.assertEqual(lots["A100"]["expires_on"], "2027-01-31")
        self.assertEqual(lots["A100"]["supplier"], "Acme Ltd")
        self.assertEqual(lots["A200"]["sessions"], 0)
        self.assertEqual(lots["A200"]["expires_on"], "2027-06-15")


# Lots ------------------------------------------------------------------------------------------

class LotTest(ShadeTestCase):
    def test_month_only_expiry_is_the_end_of_the_month(self):
        shade = self.add_shade("Midnight")
        for lot, expires, on in [("A", "2026-06", "2026-06-30"), ("B", "2028-02", "2028-02-29"),
                                 ("C", "2027-02", "2027-02-28"), ("D", "2026-12", "2026-12-31"),
                                 ("E", "2026-09-10", "2026-09-10")]:
            with self.subTest(expires=expires):
                self.add_lot(shade, lot, expires)
                [row] = [r for r in self.lots() if r["lot"] == lot]
                self.assertEqual(row["expires_on"], on)

    def test_lot_fields(self):
        shade = self.add_shade("Midnight")
        self.add_lot(shade, "A100", "2027-03", "--received", "2026-01-05", "--opened",
                     "2026-02-01", "--supplier", "Acme Ltd")
        [lot] = self.lots()
        self.assertEqual(lot["shade"], "Midnight")
        self.assertEqual(lot["shade_id"], shade)
        self.assertEqual(lot["lot"], "A100")
        self.assertEqual(lot["expires_on"], "2027-03-31")
        self.assertEqual(lot["received_on"], "2026-01-05")
        self.assertEqual(lot["opened_on"], "2026-02-01")
        self.assertEqual(lot["supplier"], "Acme Ltd")
        self.assertEqual(lot["status"], "ok")
        self.assertIsNone(lot["recalled_on"])
        self.assertEqual(lot["sessions"], 0)

    def test_bad_expiry_refused(self):
        shade = self.add_shade("Midnight")
        for expires in ["2026-13", "2026-02-30", "06/2026", "soon"]:
            with self.subTest(expires=expires):
                self.smp("shade", "lot", "add", shade, "A100", "--expires", expires,
                         expect=EXIT_USAGE)
        self.smp("shade", "lot", "add", shade, "A100", expect=EXIT_USAGE)
        self.smp("shade", "lot", "list", expect=EXIT_NO_MATCH)

    def test_duplicate_lot_of_a_shade_refused(self):
        shade = self.add_shade("Midnight")
        self.add_lot(shade, "A100", "2027-01")
        self.smp("shade", "lot", "add", shade, "A100", "--expires", "2027-02", expect=EXIT_DATA)
        self.assertEqual(len(self.lots()), 1)

    def test_bad_lot_numbers_refused(self):
        shade = self.add_shade("Midnight")
        for number in ["A:1", "", "  "]:
            with self.subTest(lot=number):
                self.smp("shade", "lot", "add", shade, number, "--expires", "2027-01",
                         expect=EXIT_DATA)
        self.smp("shade", "lot", "list", expect=EXIT_NO_MATCH)

    def test_lot_number_matched_ignoring_case(self):
        shade = self.add_shade("Midnight")
        self.add_lot(shade, "A100", "2027-01")
        self.smp("shade", "lot", "add", shade, "a100", "--expires", "2027-02", expect=EXIT_DATA)
        client = self.add_client("Jane Doe")
        session = self.log(client, "--lot", "a100")
        self.assertEqual(self.session(session)["lots"], ["A100"])

    def test_lot_of_an_unknown_shade_refused(self):
        self.smp("shade", "lot", "add", "Nothing", "A100", "--expires", "2027-01",
                 expect=EXIT_DATA)

    def test_water_lot(self):
        water = self.add_shade("Distilled water", "--base", "water")
        self.add_lot(water, "W1", "2027-01")
        [lot] = self.lots()
        self.assertEqual(lot["shade"], "Distilled water")

    def test_list_filters_and_status(self):
        shade = self.add_shade("Midnight")
        self.add_lot(shade, "OLD", "2026-05")        # expired on 2026-05-31
        self.add_lot(shade, "SOON", "2026-06")       # 2026-06-30, within 60 days
        self.add_lot(shade, "EDGE", "2026-08-14")    # exactly 60 days after 2026-06-15
        self.add_lot(shade, "LATER", "2026-09")      # 2026-09-30
        self.add_lot(shade, "FAR", "2028-02")
        self.add_lot(shade, "BAD", "2028-03")
        self.smp("shade", "recall", "BAD", "--reason", "contamination")
        status = {r["lot"]: r["status"] for r in self.lots()}
        self.assertEqual(status, {"OLD": "expired", "SOON": "expiring", "EDGE": "expiring",
                                  "LATER": "ok", "FAR": "ok", "BAD": "recalled"})
        expiring = [r["lot"] for r in self.lots("--expiring", "60d")]
        self.assertEqual(sorted(expiring), ["EDGE", "SOON"])
        self.assertEqual(sorted(r["lot"] for r in self.lots("--expiring", "4mo")),
                         ["EDGE", "LATER", "SOON"])
        self.assertEqual([r["lot"] for r in self.lots("--expired")], ["OLD"])
        [recalled] = self.lots("--recalled")
        self.assertEqual(recalled["lot"], "BAD")
        self.assertEqual(recalled["status"], "recalled")
        self.assertEqual(recalled["recall_reason"], "contamination")
        self.assertEqual(recalled["recalled_on"], self.AS_OF)

    def test_expiring_lists_recalled_and_with_expired_lists_expired(self):
        shade = self.add_shade("Midnight")
        self.add_lot(shade, "OLD", "2026-05")
        self.add_lot(shade, "SOON", "2026-06")
        self.add_lot(shade, "BAD", "2026-07")
        self.add_lot(shade, "FAR", "2028-02")
        self.smp("shade", "recall", "BAD", "--reason", "x")
        rows = {r["lot"]: r["status"] for r in self.lots("--expiring", "60d")}
        self.assertEqual(rows, {"SOON": "expiring", "BAD": "recalled"})
        self.assertEqual([r["lot"] for r in self.lots("--expiring", "60d", "--expired")],
                         ["OLD"])

    def test_list_by_shade(self):
        midnight = self.add_shade("Midnight")
        ash = self.add_shade("Ash")
        self.add_lot(midnight, "A100", "2027-01")
        self.add_lot(ash, "B100", "2027-01")
        self.assertEqual([r["lot"] for r in self.lots("--shade", "ash")], ["B100"])

    def test_retired_shades_lots_listed(self):
        shade = self.add_shade("Midnight")
        self.add_lot(shade, "A100", "2027-01")
        self.smp("shade", "retire", shade)
        self.assertEqual([r["lot"] for r in self.lots()], ["A100"])

    def test_list_soonest_expiry_first(self):
        shade = self.add_shade("Midnight")
        self.add_lot(shade, "C", "2028-01")
        self.add_lot(shade, "A", "2027-01")
        self.add_lot(shade, "B", "2027-06")
        self.assertEqual([r["lot"] for r in self.lots()], ["A", "B", "C"])

    def test_list_nothing_matches_exit_1(self):
        shade = self.add_shade("Midnight")
        self.add_lot(shade, "FAR", "2028-02")
        self.assertEqual(self.lots("--expired", expect=EXIT_NO_MATCH), [])
        self.smp("shade", "lot", "list", "--recalled", expect=EXIT_NO_MATCH)
        self.smp("shade", "lot", "list", "--expiring", "30d", "--format", "csv",
                 expect=EXIT_NO_MATCH)

    def test_bad_span_refused(self):
        self.add_shade("Midnight")
        self.smp("shade", "lot", "list", "--expiring", "soon", expect=EXIT_USAGE)


# Sessions that use shades ---------------------------------------------------------------------

class SessionPigmentTest(ShadeTestCase):
    def setUp(self):
        super().setUp()
        self.client = self.ready_client("Jane Doe", "--hair-colour", "dark-brown")
        self.shade = self.add_shade("Midnight", "--dilution", "6:1")
        self.water = self.add_shade("Distilled water", "--base", "water")
        self.add_lot(self.shade, "A100", "2027-01")
        self.add_lot(self.shade, "A200", "2027-06")
        self.add_lot(self.water, "W1", "2027-01")
        self.add_lot(self.shade, "OLD", "2026-05")  # expires 2026-05-31

    def test_shade_lots_and_default_dilution(self):
        session = self.log(self.client, "--shade", "Midnight", "--lot", "A100", "--lot", "W1")
        s = self.session(session)
        self.assertEqual(s["shade"], "Midnight")
        self.assertEqual(s["dilution"], "6:1")
        self.assertEqual(sorted(s["lots"]), ["A100", "W1"])

    def test_lots_comma_separated(self):
        session = self.log(self.client, "--shade", "Midnight", "--lot", "A100,W1")
        self.assertEqual(sorted(self.session(session)["lots"]), ["A100", "W1"])
        self.assertEqual(
            sorted(self.query("SELECT lot_id FROM session_lot WHERE session_id = ?",
                              (session,))), [(1,), (3,)])

    def test_explicit_dilution_overrides_the_shade(self):
        session = self.log(self.client, "--shade", "Midnight", "--dilution", "10:1")
        self.assertEqual(self.session(session)["dilution"], "10:1")
        session = self.log(self.client, "--shade", "Midnight", "--dilution", "2.5:1")
        self.assertEqual(self.session(session)["dilution"], "2.5:1")

    def test_bad_dilution_refused(self):
        _, err, _ = self.smp("session", "log", self.client, "--shade", "Midnight",
                             "--dilution", "6:0", expect=EXIT_USAGE)
        self.assert_error(err, "6:0")
        self.assertEqual(self.session_count(), 0)

    def test_shade_without_dilution(self):
        plain = self.add_shade("Plain")
        session = self.log(self.client, "--shade", plain)
        s = self.session(session)
        self.assertEqual(s["shade"], "Plain")
        self.assertIsNone(s["dilution"])

    def test_unknown_shade_refused(self):
        self.smp("session", "log", self.client, "--shade", "Nothing", expect=EXIT_DATA)
        self.assertEqual(self.session_count(), 0)

    def test_unknown_lot_refused_with_a_hint(self):
        for command in (["log", self.client], ["plan", self.client, "--date", "2026-06-20"]):
            with self.subTest(command=command[0]):
                _, err, _ = self.smp("session", *command, "--shade", "Midnight",
                                     "--lot", "A100,Z999", expect=EXIT_DATA)
                self.assert_error(err, "Z999", "smp shade lot add")
        self.assertEqual(self.session_count(), 0)
        self.assertEqual(self.query("SELECT count(*) FROM session_lot"), [(0,)])

    def test_unknown_lot_on_edit_writes_nothing(self):
        session = self.log(self.client, "--shade", "Midnight", "--lot", "A100", "--notes", "x")
        _, err, _ = self.smp("session", "edit", session, "--lot", "Z999", "--notes", "y",
                             expect=EXIT_DATA)
        self.assert_error(err, "Z999", "smp shade lot add")
        s = self.session(session)
        self.assertEqual(s["lots"], ["A100"])
        self.assertEqual(s["notes"], "x")

    def test_plan_and_done_with_pigment(self):
        out = self.smp("session", "plan", self.client, "--date", "2026-06-20", "--shade",
                       "Midnight", "-q").stdout
        session = int(out)
        self.assertEqual(self.session(session)["dilution"], "6:1")
        self.smp("session", "done", session, "--date", self.AS_OF, "--lot", "A200,W1",
                 "--dilution", "8:1")
        s = self.session(session)
        self.assertEqual(s["status"], "done")
        self.assertEqual(s["shade"], "Midnight")
        self.assertEqual(s["dilution"], "8:1")
        self.assertEqual(sorted(s["lots"]), ["A200", "W1"])

    def test_edit_lots_and_clear(self):
        session = self.log(self.client, "--shade", "Midnight", "--lot", "A100")
        self.smp("session", "edit", session, "--lot", "A200", "--lot", "W1")
        self.assertEqual(sorted(self.session(session)["lots"]), ["A200", "W1"])
        self.smp("session", "edit", session, "--clear", "lots,dilution", "--clear", "shade")
        s = self.session(session)
        self.assertEqual(s["lots"], [])
        self.assertIsNone(s["dilution"])
        self.assertIsNone(s["shade"])

    def test_client_show_lists_shades_dilutions_and_lots(self):
        first = self.log(self.client, "--date", "2026-05-01", "--shade", "Midnight",
                         "--dilution", "10:1", "--lot", "A100,W1")
        second = self.log(self.client, "--date", "2026-06-01", "--shade", "Midnight",
                          "--lot", "A200")
        sessions = {s["id"]: s for s in self.json_out("client", "show", self.client)["sessions"]}
        self.assertEqual(sessions[first]["shade"], "Midnight")
        self.assertEqual(sessions[first]["dilution"], "10:1")
        self.assertEqual(sorted(sessions[first]["lots"]), ["A100", "W1"])
        self.assertEqual(sessions[second]["shade"], "Midnight")
        self.assertEqual(sessions[second]["dilution"], "6:1")
        self.assertEqual(sessions[second]["lots"], ["A200"])

    def test_edit_without_lot_options_keeps_the_lots(self):
        session = self.log(self.client, "--shade", "Midnight", "--lot", "A100,W1")
        self.smp("session", "edit", session, "--notes", "healed well", "--pain", "3")
        s = self.session(session)
        self.assertEqual(sorted(s["lots"]), ["A100", "W1"])
        self.assertEqual(s["shade"], "Midnight")
        self.assertEqual(s["dilution"], "6:1")

    def test_removed_session_leaves_the_trace(self):
        session = self.log(self.client, "--lot", "A100")
        self.assertEqual(len(self.json_out("shade", "trace", "A100")), 1)
        self.smp("session", "remove", session, "--yes")
        self.smp("shade", "trace", "A100", expect=EXIT_NO_MATCH)
        counts = {r["lot"]: r["sessions"] for r in self.lots()}
        self.assertEqual(counts["A100"], 0)

    def test_client_removed_with_sessions_leaves_the_trace(self):
        other = self.add_client("John Smith")
        self.log(self.client, "--lot", "A100")
        kept = self.log(other, "--lot", "A100")
        self.smp("client", "remove", self.client, "--with-sessions", "--yes")
        rows = self.json_out("shade", "trace", "A100")
        self.assertEqual([(r["client_id"], r["session_id"]) for r in rows], [(other, kept)])

    def test_lot_session_counts(self):
        self.log(self.client, "--date", "2026-05-01", "--lot", "A100,W1")
        self.log(self.client, "--date", "2026-06-01", "--lot", "A100")
        counts = {r["lot"]: r["sessions"] for r in self.lots()}
        self.assertEqual(counts["A100"], 2)
        self.assertEqual(counts["W1"], 1)
        self.assertEqual(counts["A200"], 0)

    # Expired and recalled lots --------------------------------------------------------------

    def test_good_lots_give_no_warning(self):
        _, err, _ = self.smp("session", "log", self.client, "--shade", "Midnight",
                             "--lot", "A100,W1")
        self.assert_no_warning(err)

    def test_expired_lot_warns(self):
        _, err, _ = self.smp("session", "log", self.client, "--lot", "OLD")
        self.assert_warning(err, "OLD", "2026-05-31")
        self.assertEqual(self.session_count(), 1)

    def test_lot_good_until_the_end_of_its_expiry_day(self):
        _, err, _ = self.smp("session", "log", self.client, "--date", "2026-05-31",
                             "--lot", "OLD")
        self.assert_no_warning(err)
        _, err, _ = self.smp("session", "log", self.client, "--date", "2026-05-20",
                             "--lot", "OLD")
        self.assert_no_warning(err)

    def test_expiry_judged_on_the_session_date(self):
        # A lot that expires before a booked day: warned when booking.
        self.add_lot(self.shade, "JUNE", "2026-06")
        _, err, _ = self.smp("session", "plan", self.client, "--date", "2026-07-02",
                             "--lot", "JUNE")
        self.assert_warning(err, "JUNE", "2026-06-30")
        _, err, _ = self.smp("session", "plan", self.client, "--date", "2026-06-30",
                             "--lot", "JUNE")
        self.assert_no_warning(err)

    def test_expiry_judged_on_the_session_date_on_edit(self):
        session = self.log(self.client, "--date", "2026-05-01")
        _, err, _ = self.smp("session", "edit", session, "--lot", "OLD", "--strict")
        self.assert_no_warning(err)
        self.assertEqual(self.session(session)["lots"], ["OLD"])
        _, err, _ = self.smp("session", "edit", session, "--date", "2026-06-10", "--lot", "OLD")
        self.assert_warning(err, "OLD", "2026-05-31")

    def test_expired_lot_refused_with_strict(self):
        _, err, _ = self.smp("session", "log", self.client, "--lot", "OLD", "--strict",
                             expect=EXIT_DATA)
        self.assert_error(err, "OLD")
        self.assertEqual(self.session_count(), 0)
        self.assertEqual(self.query("SELECT count(*) FROM session_lot"), [(0,)])

    def test_expired_lot_refused_with_strict_in_config(self):
        self.write_config("strict = true\n")
        self.smp("session", "log", self.client, "--lot", "OLD", expect=EXIT_DATA)
        self.assertEqual(self.session_count(), 0)
        self.log(self.client, "--lot", "A100")
        self.assertEqual(self.session_count(), 1)

    def test_recalled_lot_warns(self):
        self.smp("shade", "recall", "A100", "--reason", "bacterial contamination")
        _, err, _ = self.smp("session", "log", self.client, "--lot", "A100")
        self.assert_warning(err, "A100", "recalled")
        self.assertEqual(self.session_count(), 1)

    def test_recalled_lot_refused_with_strict(self):
        self.smp("shade", "recall", "A100", "--reason", "bacterial contamination")
        for command in (["log", self.client], ["plan", self.client, "--date", "2026-06-20"]):
            with self.subTest(command=command[0]):
                _, err, _ = self.smp("session", *command, "--lot", "A100", "--strict",
                                     expect=EXIT_DATA)
                self.assert_error(err, "A100")
        self.assertEqual(self.session_count(), 0)

    def test_recalled_lot_refused_on_done_and_edit_with_strict(self):
        booked = int(self.smp("session", "plan", self.client, "--date", self.AS_OF, "-q").stdout)
        logged = self.log(self.client, "--date", "2026-06-01", "--lot", "A200")
        self.smp("shade", "recall", "A100", "--reason", "contamination")
        self.smp("session", "done", booked, "--lot", "A100", "--strict", expect=EXIT_DATA)
        self.assertEqual(self.session(booked)["status"], "scheduled")
        self.assertEqual(self.session(booked)["lots"], [])
        self.smp("session", "edit", logged, "--lot", "A100", "--strict", expect=EXIT_DATA)
        self.assertEqual(self.session(logged)["lots"], ["A200"])
        _, err, _ = self.smp("session", "edit", logged, "--lot", "A100")
        self.assert_warning(err, "A100", "recalled")
        self.assertEqual(self.session(logged)["lots"], ["A100"])


# Trace and recall ------------------------------------------------------------------------------

class TraceRecallTest(ShadeTestCase):
    # Built once by the first test and copied for the others (keeps the class fast).
    fixture = None

    def setUp(self):
        super().setUp()
        if TraceRecallTest.fixture is None:
            ids = {}
            ids["jane"] = self.add_client("Jane Doe", "--phone", "+44 7700 900123",
                                          "--email", "jane@example.com")
            ids["bob"] = self.add_client("Bob Brown", "--phone", "020 7946 0000")
            ids["cara"] = self.add_client("Cara Diaz", "--email", "cara@example.com")
            ids["dan"] = self.add_client("Dan Evans")
            ids["midnight"] = self.add_shade("Midnight", "--dilution", "6:1")
            ids["ash"] = self.add_shade("Ash", "--base", "dark-grey")
            self.add_lot("Midnight", "A100", "2027-01")
            self.add_lot("Midnight", "A200", "2027-06")
            self.add_lot("Ash", "B100", "2027-06")
            self.add_lot("Ash", "UNUSED", "2027-06")
            ids["s1"] = self.log(ids["jane"], "--date", "2026-04-01", "--area", "hairline,temples",
                                 "--shade", "Midnight", "--lot", "A100")
            ids["s2"] = self.log(ids["jane"], "--date", "2026-05-01", "--area", "crown",
                                 "--shade", "Midnight", "--lot", "A100,B100")
            ids["s3"] = self.log(ids["bob"], "--date", "2026-04-20", "--area", "crown",
                                 "--shade", "Midnight", "--lot", "A100")
            ids["s4"] = self.log(ids["cara"], "--date", "2026-05-10", "--area", "fut-scar",
                                 "--shade", "Ash", "--lot", "B100")
            ids["s5"] = self.log(ids["dan"], "--date", "2026-05-15", "--shade", "Midnight",
                                 "--lot", "A200")
            TraceRecallTest.fixture = (self.read_bytes(self.records), ids)
        else:
            with open(self.records, "wb") as f:
                f.write(TraceRecallTest.fixture[0])
            os.chmod(self.records, 0o600)  # as smp made it
        self.ids = TraceRecallTest.fixture[1]

    def expected_a100(self):
        i = self.ids
        return sorted([
            (i["jane"], "Jane Doe", "+44 7700 900123", "jane@example.com", i["s1"], "2026-04-01",
             "hairline,temples"),
            (i["jane"], "Jane Doe", "+44 7700 900123", "jane@example.com", i["s2"], "2026-05-01",
             "crown"),
            (i["bob"], "Bob Brown", "020 7946 0000", None, i["s3"], "2026-04-20", "crown"),
        ])

    def rows_as_tuples(self, rows, empty=None):
        def value(v):
            return empty if v in ("", None) else v

        def areas(v):  # an array in json, comma-joined in csv
            return ",".join(v) if isinstance(v, list) else v
        return sorted((int(r["client_id"]), r["client_name"], value(r["phone"]),
                       value(r["email"]), int(r["session_id"]), r["session_date"],
                       value(areas(r["areas"]))) for r in rows)

    def test_trace_json(self):
        rows = self.json_out("shade", "trace", "A100")
        self.assertEqual(self.rows_as_tuples(rows), self.expected_a100())
        for row in rows:
            self.assertEqual(row["lot"], "A100")
            self.assertEqual(row["shade"], "Midnight")

    def test_trace_csv(self):
        # As stored (--raw): the phone's leading + is otherwise neutralised for spreadsheets.
        out = self.smp("--raw", "shade", "trace", "A100", "--format", "csv").stdout
        table = parse_csv(out)
        header = table[0]
        for field in ["client_id", "client_name", "phone", "email", "session_date", "areas"]:
            self.assertIn(field, header)
        rows = [dict(zip(header, row)) for row in table[1:]]
        self.assertEqual(self.rows_as_tuples(rows), self.expected_a100())

    def test_trace_ndjson(self):
        out = self.smp("shade", "trace", "A100", "--format", "ndjson").stdout
        rows = [json.loads(line) for line in out.splitlines() if line.strip()]
        self.assertEqual(len(rows), 3)
        self.assertEqual(self.rows_as_tuples(rows), self.expected_a100())

    def test_trace_tsv(self):
        out = self.smp("--raw", "shade", "trace", "A100", "--format", "tsv").stdout
        lines = out.splitlines()
        header = lines[0].split("\t")
        rows = [dict(zip(header, line.split("\t"))) for line in lines[1:]]
        self.assertEqual(len(rows), 3)
        self.assertEqual(self.rows_as_tuples(rows), self.expected_a100())

    def test_trace_table_exit_0(self):
        out, _, _ = self.smp("shade", "trace", "A100")
        self.assertIn("Jane Doe", out)
        self.assertIn("Bob Brown", out)

    def test_trace_order(self):
        rows = self.json_out("shade", "trace", "A100")
        self.assertEqual([(r["client_name"], r["session_date"]) for r in rows],
                         [("Bob Brown", "2026-04-20"), ("Jane Doe", "2026-04-01"),
                          ("Jane Doe", "2026-05-01")])

    def test_trace_skips_booked_sessions(self):
        self.smp("session", "plan", self.ids["cara"], "--date", "2026-06-20", "--lot", "A100")
        self.assertEqual(len(self.json_out("shade", "trace", "A100")), 3)

    def test_trace_other_lot(self):
        rows = self.json_out("shade", "trace", "B100")
        self.assertEqual(sorted((r["client_name"], r["session_date"]) for r in rows),
                         [("Cara Diaz", "2026-05-10"), ("Jane Doe", "2026-05-01")])

    def test_trace_by_shade_and_lot(self):
        rows = self.json_out("shade", "trace", "Midnight:A100")
        self.assertEqual(self.rows_as_tuples(rows), self.expected_a100())

    def test_trace_none_exit_1(self):
        self.assertEqual(self.json_out("shade", "trace", "UNUSED", expect=EXIT_NO_MATCH), [])
        out, err, _ = self.smp("shade", "trace", "UNUSED", expect=EXIT_NO_MATCH)
        self.assertEqual(out, "")
        self.assertIn("UNUSED", err)
        out = self.smp("shade", "trace", "UNUSED", "--format", "csv", expect=EXIT_NO_MATCH).stdout
        self.assertEqual(len(parse_csv(out)), 1)  # the header only
        self.assertIn("client_id", parse_csv(out)[0])
        out = self.smp("shade", "trace", "UNUSED", "--format", "ndjson",
                       expect=EXIT_NO_MATCH).stdout
        self.assertEqual(out, "")

    def test_trace_unknown_lot(self):
        _, err, _ = self.smp("shade", "trace", "Z999", expect=EXIT_DATA)
        self.assert_error(err, "Z999")

    def test_recall_marks_the_lot_and_prints_the_trace(self):
        rows = self.json_out("shade", "recall", "A100", "--reason", "FDA advisory 12",
                             "--date", "2026-06-10")
        self.assertEqual(self.rows_as_tuples(rows), self.expected_a100())
        self.assertEqual(rows, self.json_out("shade", "trace", "A100"))
        [lot] = self.lots("--recalled")
        self.assertEqual(lot["lot"], "A100")
        self.assertEqual(lot["status"], "recalled")
        self.assertEqual(lot["recall_reason"], "FDA advisory 12")
        self.assertEqual(lot["recalled_on"], "2026-06-10")

    def test_recall_csv(self):
        rows = self.csv_rows("shade", "recall", "B100", "--reason", "mould")
        self.assertEqual(sorted(r["client_name"] for r in rows), ["Cara Diaz", "Jane Doe"])
        [lot] = self.lots("--recalled")
        self.assertEqual(lot["recalled_on"], self.AS_OF)

    def test_recall_of_an_unused_lot_exits_0(self):
        rows = self.json_out("shade", "recall", "UNUSED", "--reason", "x")
        self.assertEqual(rows, [])
        self.assertEqual([r["lot"] for r in self.lots("--recalled")], ["UNUSED"])

    def test_recall_again_replaces_date_and_reason(self):
        self.smp("shade", "recall", "A200", "--reason", "first", "--date", "2026-06-01")
        self.smp("shade", "recall", "A200", "--reason", "second", "--date", "2026-06-10")
        [lot] = self.lots("--recalled")
        self.assertEqual(lot["recall_reason"], "second")
        self.assertEqual(lot["recalled_on"], "2026-06-10")

    def test_recall_empty_reason_refused(self):
        self.smp("shade", "recall", "A100", "--reason", "  ", expect=EXIT_USAGE)
        self.lots("--recalled", expect=EXIT_NO_MATCH)

    def test_recall_needs_a_reason(self):
        self.smp("shade", "recall", "A100", expect=EXIT_USAGE)
        self.lots("--recalled", expect=EXIT_NO_MATCH)

    def test_recall_unknown_lot(self):
        self.smp("shade", "recall", "Z999", "--reason", "x", expect=EXIT_DATA)

    def test_recalled_lot_warns_on_later_sessions(self):
        self.smp("shade", "recall", "A100", "--reason", "contamination")
        _, err, _ = self.smp("session", "log", self.ids["dan"], "--lot", "A100")
        self.assert_warning(err, "A100", "contamination")

    def test_lot_number_shared_by_two_shades(self):
        self.add_lot("Ash", "A100", "2027-09")
        _, err, _ = self.smp("session", "log", self.ids["dan"], "--lot", "A100",
                             expect=EXIT_DATA)
        self.assert_error(err, "A100", "Midnight:A100", "Ash:A100")
        self.assertEqual(self.session_count(), 5)
        _, err, _ = self.smp("shade", "trace", "A100", expect=EXIT_DATA)
        self.assert_error(err, "A100")
        self.smp("shade", "recall", "A100", "--reason", "x", expect=EXIT_DATA)
        self.lots("--recalled", expect=EXIT_NO_MATCH)
        # SHADE:LOT picks one.
        session = self.log(self.ids["dan"], "--lot", "Ash:A100")
        self.assertEqual(self.query("SELECT l.shade_id FROM session_lot sl JOIN lot l "
                                    "ON l.id = sl.lot_id WHERE sl.session_id = ?", (session,)),
                         [(self.ids["ash"],)])
        rows = self.json_out("shade", "trace", "Ash:A100")
        self.assertEqual([(r["client_name"], r["session_id"]) for r in rows],
                         [("Dan Evans", session)])
        self.assertEqual(self.rows_as_tuples(self.json_out("shade", "trace", "Midnight:A100")),
                         self.expected_a100())


# Mix -------------------------------------------------------------------------------------------

class MixTest(ShadeTestCase):
    def mix(self, dilution, volume, **kw):
        return self.json_out("shade", "mix", "--dilution", dilution, f"--volume={volume}", **kw)

    def test_six_to_one(self):
        m = self.mix("6:1", "3.5")
        self.assertEqual(m["dilution"], "6:1")
        self.assertAlmostEqual(m["volume_ml"], 3.5)
        self.assertAlmostEqual(m["pigment_ml"], 0.5)
        self.assertAlmostEqual(m["water_ml"], 3.0)

    def test_other_dilutions(self):
        for dilution, volume, pigment, water in [("0:1", "2", 2.0, 0.0), ("2.5:1", "7", 2.0, 5.0),
                                                 ("1:1", "3", 1.5, 1.5), ("3:2", "5", 2.0, 3.0)]:
            with self.subTest(dilution=dilution):
                m = self.mix(dilution, volume)
                self.assertAlmostEqual(m["pigment_ml"], pigment)
                self.assertAlmostEqual(m["water_ml"], water)

    def test_rounded_sensibly(self):
        m = self.mix("2:1", "1")
        self.assertAlmostEqual(m["pigment_ml"], 0.33, places=2)
        self.assertAlmostEqual(m["water_ml"], 0.67, places=2)
        self.assertAlmostEqual(m["pigment_ml"] + m["water_ml"], 1.0)

    def test_csv(self):
        [row] = self.csv_rows("shade", "mix", "--dilution", "6:1", "--volume", "3.5")
        self.assertAlmostEqual(float(row["pigment_ml"]), 0.5)
        self.assertAlmostEqual(float(row["water_ml"]), 3.0)

    def test_zero_or_negative_volume_refused(self):
        for volume in ["0", "-1", "-3.5", "abc", "101"]:
            with self.subTest(volume=volume):
                _, err, _ = self.smp("shade", "mix", "--dilution", "6:1", f"--volume={volume}",
                                     expect=EXIT_USAGE)
                self.assert_error(err, volume)

    def test_bad_dilution_refused(self):
        for dilution in ["6:0", "x", "-6:1"]:
            with self.subTest(dilution=dilution):
                self.smp("shade", "mix", f"--dilution={dilution}", "--volume", "3",
                         expect=EXIT_USAGE)

    def test_both_options_required(self):
        self.smp("shade", "mix", "--dilution", "6:1", expect=EXIT_USAGE)
        self.smp("shade", "mix", "--volume", "3", expect=EXIT_USAGE)


# Suggest ---------------------------------------------------------------------------------------

class SuggestTest(ShadeTestCase):
    def suggest(self, client, **kw):
        return self.json_out("shade", "suggest", client, **kw)

    def words(self, client, **kw):
        """The suggestion as a person reads it (csv keeps the table's words)."""
        return self.csv_rows("shade", "suggest", client, **kw)[0]

    def test_first_session_from_the_built_in_table(self):
        fair = self.add_client("Fair Blonde", "--hair-colour", "blonde", "--skin-type", "I")
        dark = self.add_client("Dark Black", "--hair-colour", "black", "--skin-type", "VI")
        light = self.suggest(fair)
        deep = self.suggest(dark)
        for s in (light, deep):
            self.assertEqual(s["source"], "built_in_table")
            self.assertEqual(s["first_session_water"], 2)
            self.assertNotIn("note", s)
            self.assertEqual(s["previous_sessions"], [])
            water_part(s["suggested_dilution"])  # a W:P dilution
        self.assertNotEqual(light["suggested_dilution"], deep["suggested_dilution"])
        self.assertGreater(water_part(light["suggested_dilution"]),
                           water_part(deep["suggested_dilution"]))
        self.assertIn("starting point", self.words(fair)["note"])
        self.assertIn("built-in", self.words(fair)["source"])

    def test_lighter_hair_and_fairer_skin_give_more_water(self):
        def water(hair, skin):
            client = self.add_client(f"{hair} {skin}", "--hair-colour", hair, "--skin-type", skin)
            return water_part(self.suggest(client)["suggested_dilution"])
        self.assertGreater(water("blonde", "III"), water("black", "III"))
        self.assertGreater(water("brown", "I"), water("brown", "VI"))

    def test_first_session_lighter_than_a_later_one(self):
        client = self.add_client("Jane Doe", "--hair-colour", "brown", "--skin-type", "III")
        first = self.suggest(client)
        self.log(client, "--date", "2026-05-01")  # a session, no dilution recorded
        later = self.suggest(client)
        self.assertGreater(water_part(first["suggested_dilution"]),
                           water_part(later["suggested_dilution"]))

    def test_built_in_table_values(self):
        cases = [("brown", "III", "10:1", "8:1"), ("blonde", "II", "17:1", "15:1"),
                 ("black", "VI", "4:1", "2:1"), ("white", "I", "21:1", "19:1")]
        for hair, skin, first, later in cases:
            with self.subTest(hair=hair, skin=skin):
                client = self.add_client(f"{hair} {skin}", "--hair-colour", hair,
                                         "--skin-type", skin)
                s = self.suggest(client)
                self.assertEqual(s["suggested_dilution"], first)
                self.assertEqual(s["source"], "built_in_table")
                self.assertIn(hair, self.words(client)["source"])
                self.log(client, "--date", "2026-05-01")  # a done course session, no dilution
                self.assertEqual(self.suggest(client)["suggested_dilution"], later)

    def test_unrecorded_hair_and_skin_count_as_brown_and_iii(self):
        client = self.add_client("Jane Doe")
        self.assertEqual(self.suggest(client)["suggested_dilution"], "10:1")

    def test_config_extra_water(self):
        self.write_config("[suggest]\nfirst_session_extra_water = 3\n")
        client = self.add_client("Jane Doe", "--hair-colour", "brown", "--skin-type", "III")
        self.assertEqual(self.suggest(client)["suggested_dilution"], "11:1")

    def test_config_cell(self):
        self.write_config('[dilution_table.blonde]\nII = "15:1"\n\n'
                          '[suggest]\nfirst_session_extra_water = 0\n')
        client = self.add_client("Jane Doe", "--hair-colour", "blonde", "--skin-type", "II")
        s = self.suggest(client)
        self.assertEqual(s["suggested_dilution"], "15:1")
        self.assertEqual((s["source"], s["first_session_water"]), ("config_table", 0))
        self.assertIn("dilution_table.blonde.II", self.words(client)["source"])
        self.assertNotIn("built-in", self.words(client)["source"])

    def test_config_cell_with_default_extra_water(self):
        self.write_config('[dilution_table.blonde]\nII = "15:1"\n')
        client = self.add_client("Jane Doe", "--hair-colour", "blonde", "--skin-type", "II")
        s = self.suggest(client)
        self.assertEqual((s["source"], s["first_session_water"]), ("config_table", 2))
        self.assertIn("dilution_table.blonde.II", self.words(client)["source"])
        # The first-session extra water (default 2) goes on top of the config's cell too.
        self.assertEqual(s["suggested_dilution"], "17:1")

    def test_config_cell_only_for_its_hair_and_skin(self):
        self.write_config('[dilution_table.blonde]\nII = "15:1"\n')
        client = self.add_client("Bob", "--hair-colour", "black", "--skin-type", "VI")
        self.assertEqual(self.suggest(client)["source"], "built_in_table")

    def test_bad_config_cell(self):
        client = self.add_client("Jane Doe", "--hair-colour", "blonde", "--skin-type", "II")
        self.write_config('[dilution_table.blonde]\nII = "15:0"\n')
        _, err, _ = self.smp("shade", "suggest", client, expect=EXIT_CONFIG)
        self.assert_error(err, "15:0")

    def test_client_without_hair_or_skin(self):
        client = self.add_client("Jane Doe")
        s = self.suggest(client)
        water_part(s["suggested_dilution"])
        self.assertEqual(s["source"], "built_in_table")

    def test_earlier_sessions_give_the_latest_dilution_in_date_order(self):
        client = self.add_client("Jane Doe", "--hair-colour", "blonde", "--skin-type", "II")
        self.add_shade("Midnight", "--dilution", "6:1")
        # Logged out of date order on purpose.
        s2 = self.log(client, "--date", "2026-05-01", "--shade", "Midnight", "--dilution", "10:1")
        s1 = self.log(client, "--date", "2026-04-01", "--shade", "Midnight", "--dilution", "12:1")
        s3 = self.log(client, "--date", "2026-06-01", "--shade", "Midnight", "--dilution", "8:1")
        cancelled = int(self.smp("session", "plan", client, "--date", "2026-06-20", "--shade",
                                 "Midnight", "--dilution", "2:1", "-q").stdout)
        self.smp("session", "cancel", cancelled)
        s = self.suggest(client)
        self.assertEqual(s["suggested_dilution"], "8:1")
        self.assertEqual((s["source"], s["first_session_water"]), ("previous_sessions", None))
        self.assertIn("latest session", self.words(client)["source"])
        previous = s["previous_sessions"]
        self.assertEqual([p["id"] for p in previous], [s1, s2, s3])
        self.assertEqual([p["date"] for p in previous], ["2026-04-01", "2026-05-01", "2026-06-01"])
        self.assertEqual([p["dilution"] for p in previous], ["12:1", "10:1", "8:1"])
        self.assertEqual(previous[0]["shade"], "Midnight")

    def test_unknown_client(self):
        self.smp("init")
        self.smp("shade", "suggest", "Nobody", expect=EXIT_DATA)


if __name__ == "__main__":
    unittest.main()
