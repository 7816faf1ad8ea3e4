"""`smp session` (log, plan, done, cancel, move, list, show, edit, remove), courses, the gap
warning, consent and screening (`smp client consent`, `smp client screen`), the pre-session
checks and what `smp client show` says about sessions (issue 3).

Every test runs with --as-of 2026-06-15 (AS_OF) unless it says otherwise."""

import hashlib
import json
import os
import unittest

from smptest import EXIT_DATA, EXIT_NO_INPUT, EXIT_NO_MATCH, EXIT_USAGE, SmpTestCase

AREAS = ["hairline", "temples", "frontal", "mid-scalp", "crown", "sides", "back", "fut-scar",
         "fue-scars", "other-scar", "density"]


def course_of(session):
    """A session's place in the course as the table says it ("2 of 3"), from the JSON's numbers
    (course_number is null outside the course)."""
    if session["course_number"] is None:
        return None
    return f"{session['course_number']} of {session['course_planned']}"


class SessionTestCase(SmpTestCase):
    """Helpers shared by the session tests."""

    def ready_client(self, name="Jane Doe", *options):
        """A client with a treatment consent and a recent screening without contraindications,
        so that logging a session for them raises no pre-session warning."""
        client = self.add_client(name, *options)
        self.smp("client", "consent", client, "--kind", "treatment", "--signed", "2026-01-10")
        self.smp("client", "screen", client, "--none", "--date", "2026-01-10")
        return client

    def new_client(self, name="Jane Doe", *options):
        """A client added with no consent or screening: sessions for them log with warnings
        (tests that do not look at warnings use it, as it takes one run instead of three)."""
        return self.add_client(name, *options)

    def log(self, client, *args, **kw):
        """`session log CLIENT ARGS -q` and returns the new session's id."""
        out = self.smp("session", "log", client, *args, "-q", **kw).stdout
        return int(out.strip())

    def plan(self, client, date, *args, **kw):
        out = self.smp("session", "plan", client, "--date", date, *args, "-q", **kw).stdout
        return int(out.strip())

    def show(self, session, **kw):
        return self.json_out("session", "show", session, **kw)

    def client_show(self, client, **kw):
        return self.json_out("client", "show", client, **kw)

    def session_count(self):
        return self.query("SELECT count(*) FROM session")[0][0]

    def warnings(self, stderr):
        return [line for line in stderr.splitlines() if line.startswith("smp: warning: ")]

    def assert_no_warning(self, stderr):
        self.assertEqual(self.warnings(stderr), [], f"unexpected warning in {stderr!r}")

    def assert_warning(self, stderr, *fragments):
        """At least one warning line on stderr contains every fragment; returns it."""
        for line in self.warnings(stderr):
            if all(fragment in line for fragment in fragments):
                return line
        self.fail(f"no `smp: warning:` line with {fragments!r} in {stderr!r}")


# session log ------------------------------------------------------------------------------------

class SessionLogTest(SessionTestCase):
    def test_default_date_is_the_as_of_day(self):
        client = self.new_client()
        session = self.log(client)
        record = self.show(session)
        self.assertEqual(record["date"], self.AS_OF)
        self.assertEqual(record["status"], "done")
        self.assertEqual(record["client_id"], client)
        self.assertEqual(record["client_name"], "Jane Doe")

    def test_default_date_follows_as_of(self):
        client = self.new_client()
        session = self.log(client, "--as-of", "2026-03-02")
        self.assertEqual(self.show(session)["date"], "2026-03-02")

    def test_confirmation_on_stderr_and_no_warning_for_a_ready_client(self):
        client = self.ready_client()
        out, err, _ = self.smp("session", "log", client, "--date", "2026-06-01", "--time", "10:30")
        self.assertEqual(out, "")
        self.assertIn("session 1", err)
        self.assertIn("2026-06-01", err)
        self.assert_no_warning(err)

    def test_explicit_past_date(self):
        client = self.new_client()
        session = self.log(client, "--date", "2026-05-20")
        self.assertEqual(self.show(session)["date"], "2026-05-20")

    def test_future_date_refused(self):
        client = self.new_client()
        _, err, _ = self.smp("session", "log", client, "--date", "2026-06-16", expect=EXIT_DATA)
        self.assert_error(err, "2026-06-16")
        self.assertEqual(self.session_count(), 0)

    def test_every_detail_option_stored_and_shown(self):
        client = self.new_client()
        session = self.log(
            client, "--date", "2026-06-01", "--time", "09:45", "--duration", "2h30min",
            "--area", "hairline,temples", "--area", "crown", "--needle", "3RL-0.25",
            "--depth", "1.5", "--machine", "Dragonhawk X", "--voltage", "8.5",
            "--numbing", "lidocaine 5%", "--pain", "4", "--price", "1,200.50",
            "--notes", "Healed well, slight redness", "--kind", "correction")
        s = self.show(session)
        self.assertEqual(s["date"], "2026-06-01")
        self.assertEqual(s["time"], "09:45")
        self.assertEqual(s["duration_minutes"], 150)
        self.assertEqual(s["areas"], ["hairline", "temples", "crown"])
        self.assertEqual(s["needle"], "3RL-0.25")
        self.assertEqual(s["needle_count"], 3)
        self.assertEqual(s["needle_configuration"], "RL")
        self.assertAlmostEqual(s["needle_diameter_mm"], 0.25)
        self.assertAlmostEqual(s["depth_mm"], 1.5)
        self.assertEqual(s["machine"], "Dragonhawk X")
        self.assertAlmostEqual(s["voltage"], 8.5)
        self.assertEqual(s["numbing"], "lidocaine 5%")
        self.assertEqual(s["pain"], 4)
        self.assertEqual(s["price"], "1200.50")
        self.assertEqual(s["price_minor"], 120050)
        self.assertEqual(s["currency"], "EUR")
        self.assertEqual(s["currency"], "EUR")
        self.assertEqual(s["notes"], "Healed well, slight redness")
        self.assertEqual(s["kind"], "correction")
        self.assertEqual(s["status"], "done")

    def test_details_in_csv_too(self):
        client = self.new_client()
        session = self.log(client, "--date", "2026-06-01", "--duration", "3h",
                           "--needle", "1RL-0.20", "--price", "450")
        rows = self.csv_rows("session", "show", session)
        self.assertEqual(len(rows), 1)
        self.assertEqual(rows[0]["duration_minutes"], "180")
        self.assertEqual(rows[0]["needle_count"], "1")
        self.assertEqual(rows[0]["needle_configuration"], "RL")
        self.assertEqual(float(rows[0]["needle_diameter_mm"]), 0.2)
        self.assertEqual(rows[0]["price"], "450.00")

    def test_durations(self):
        client = self.new_client()
        for text, minutes in [("3h", 180), ("2h30min", 150), ("150min", 150), ("45min", 45)]:
            with self.subTest(duration=text):
                session = self.log(client, "--duration", text)
                self.assertEqual(self.show(session)["duration_minutes"], minutes)

    def test_ambiguous_duration_refused(self):
        client = self.new_client()
        _, err, _ = self.smp("session", "log", client, "--duration", "90m", expect=EXIT_USAGE)
        self.assert_error(err, "90m", "ambiguous")
        self.assertEqual(self.session_count(), 0)

    def test_every_area_accepted(self):
        client = self.new_client()
        session = self.log(client, "--area", ",".join(AREAS))
        self.assertEqual(self.show(session)["areas"], AREAS)

    def test_repeated_areas_kept_once_in_order(self):
        client = self.new_client()
        session = self.log(client, "--area", "crown,hairline", "--area", "crown", "--area",
                           "HAIRLINE,temples")
        self.assertEqual(self.show(session)["areas"], ["crown", "hairline", "temples"])

    def test_bad_area_refused_listing_allowed_values(self):
        client = self.new_client()
        _, err, _ = self.smp("session", "log", client, "--area", "hairline,nose",
                             expect=EXIT_USAGE)
        line = self.assert_error(err, "nose")
        for area in AREAS:
            self.assertIn(area, line)
        self.assertEqual(self.session_count(), 0)

    def test_needle_normalised(self):
        client = self.new_client()
        s = self.show(self.log(client, "--needle", "5rs-0.3"))
        self.assertEqual(s["needle"], "5RS-0.30")
        self.assertEqual(s["needle_count"], 5)
        self.assertEqual(s["needle_configuration"], "RS")
        self.assertAlmostEqual(s["needle_diameter_mm"], 0.3)
        s = self.show(self.log(client, "--needle", "1RL-0.175"))
        self.assertEqual(s["needle"], "1RL-0.175")
        self.assertAlmostEqual(s["needle_diameter_mm"], 0.175)

    def test_bad_needle_refused(self):
        client = self.new_client()
        for needle in ["3XX-0.25", "RL-0.25", "3RL", "3RL-25"]:
            with self.subTest(needle=needle):
                _, err, _ = self.smp("session", "log", client, "--needle", needle,
                                     expect=EXIT_USAGE)
                self.assert_error(err, needle)
        self.assertEqual(self.session_count(), 0)

    def test_bad_time_refused(self):
        client = self.new_client()
        for time in ["25:00", "10:60", "9:00", "0930", "noon"]:
            with self.subTest(time=time):
                _, err, _ = self.smp("session", "log", client, "--time", time, expect=EXIT_USAGE)
                self.assert_error(err, time)
        self.assertEqual(self.session_count(), 0)

    def test_pain_range(self):
        client = self.new_client()
        self.assertEqual(self.show(self.log(client, "--pain", "0"))["pain"], 0)
        self.assertEqual(self.show(self.log(client, "--pain", "10"))["pain"], 10)
        for pain in ["11", "-1", "four"]:
            with self.subTest(pain=pain):
                _, err, _ = self.smp("session", "log", client, f"--pain={pain}", expect=EXIT_USAGE)
                self.assert_error(err, pain)
        self.assertEqual(self.session_count(), 2)

    def test_prices(self):
        client = self.new_client()
        for text, stored in [("120", "120.00"), ("120.50", "120.50"), ("1,200.00", "1200.00"),
                             ("1,200.50", "1200.50"), ("99.5", "99.50"), ("120.5", "120.50"),
                             ("12,345,678.90", "12345678.90")]:
            with self.subTest(price=text):
                s = self.show(self.log(client, "--price", text))
                self.assertEqual(s["price"], stored)
                self.assertEqual(s["currency"], "EUR")

    def test_price_with_three_decimals_refused(self):
        client = self.new_client()
        _, err, _ = self.smp("session", "log", client, "--price", "12.345", expect=EXIT_USAGE)
        self.assert_error(err, "12.345")
        self.assertEqual(self.session_count(), 0)

    def test_other_bad_prices_refused(self):
        client = self.new_client()
        for price in ["-5", "+5", "12,00", "1.2.3", "ten", "12.", "1 200", "€120", "120EUR",
                      "1234567890123"]:
            with self.subTest(price=price):
                _, err, _ = self.smp("session", "log", client, f"--price={price}",
                                     expect=EXIT_USAGE)
                self.assert_error(err, price)
        self.assertEqual(self.session_count(), 0)

    def test_price_stored_exactly_in_minor_units(self):
        client = self.new_client()
        self.log(client, "--price", "1,200.50")
        self.assertEqual(self.query("SELECT price_minor FROM session"), [(120050,)])

    def test_currency_from_config(self):
        self.write_config('currency = "GBP"\n')
        client = self.new_client()
        s = self.show(self.log(client, "--price", "80"))
        self.assertEqual(s["price"], "80.00")
        self.assertEqual(s["currency"], "GBP")

    def test_config_currency_change_keeps_recorded_prices(self):
        client = self.new_client()
        first = self.log(client, "--price", "100")
        self.write_config('currency = "GBP"\n')
        second = self.log(client, "--price", "100")
        self.assertEqual(self.show(first)["currency"], "EUR")
        self.assertEqual(self.show(second)["currency"], "GBP")

    def test_record_printed_with_a_format(self):
        client = self.new_client()
        out, err, _ = self.smp("session", "log", client, "--date", "2026-06-01", "--pain", "3",
                               "--format", "json")
        record = json.loads(out)
        self.assertEqual(record["date"], "2026-06-01")
        self.assertEqual(record["pain"], 3)
        self.assertEqual(record, self.show(record["id"]))

    def test_quiet_prints_the_id_and_still_warns(self):
        client = self.new_client()
        out, err, _ = self.smp("session", "log", client, "-q")
        self.assertEqual(out.strip(), "1")
        self.assert_warning(err, "consent")

    def test_text_that_is_not_utf8_refused(self):
        client = self.new_client()
        _, err, _ = self.smp("session", "log", client, "--notes", b"bad \xff byte".decode(
            "utf-8", "surrogateescape"), expect=EXIT_USAGE)
        self.assert_error(err, "UTF-8")
        self.assertEqual(self.session_count(), 0)

    def test_no_price_no_currency(self):
        client = self.new_client()
        s = self.show(self.log(client))
        self.assertIsNone(s["price"])
        self.assertIsNone(s["currency"])

    def test_kind_choices(self):
        client = self.new_client()
        for kind in ["course", "touchup", "correction", "consult"]:
            with self.subTest(kind=kind):
                self.assertEqual(self.show(self.log(client, "--kind", kind))["kind"], kind)
        _, err, _ = self.smp("session", "log", client, "--kind", "tattoo", expect=EXIT_USAGE)
        self.assert_error(err, "tattoo")

    def test_unknown_client_refused(self):
        self.smp("session", "log", "Nobody", expect=EXIT_DATA)
        self.assertEqual(self.session_count(), 0)

    def test_client_by_name(self):
        client = self.new_client("Jane Doe")
        session = self.log("jane")
        self.assertEqual(self.show(session)["client_id"], client)


# session plan ----------------------------------------------------------------------------------

class SessionPlanTest(SessionTestCase):
    def test_plan_books_a_scheduled_session(self):
        client = self.new_client()
        session = self.plan(client, "2026-06-22", "--time", "14:00", "--area", "crown")
        s = self.show(session)
        self.assertEqual(s["status"], "scheduled")
        self.assertEqual(s["date"], "2026-06-22")
        self.assertEqual(s["time"], "14:00")
        self.assertEqual(s["areas"], ["crown"])

    def test_plan_today_allowed(self):
        client = self.new_client()
        self.assertEqual(self.show(self.plan(client, self.AS_OF))["status"], "scheduled")

    def test_plan_needs_a_date(self):
        client = self.new_client()
        self.smp("session", "plan", client, expect=EXIT_USAGE)
        self.assertEqual(self.session_count(), 0)

    def test_plan_in_the_past_refused(self):
        client = self.new_client()
        _, err, _ = self.smp("session", "plan", client, "--date", "2026-06-14", expect=EXIT_DATA)
        self.assert_error(err, "2026-06-14")
        self.assertEqual(self.session_count(), 0)


# session done -----------------------------------------------------------------------------------

class SessionDoneTest(SessionTestCase):
    def test_done_on_the_booked_day(self):
        client = self.new_client()
        session = self.plan(client, "2026-06-20")
        self.smp("session", "done", session, "--as-of", "2026-06-20")
        s = self.show(session, as_of=False)
        self.assertEqual(s["status"], "done")
        self.assertEqual(s["date"], "2026-06-20")

    def test_done_takes_detail_options(self):
        client = self.new_client()
        session = self.plan(client, self.AS_OF)
        self.smp("session", "done", session, "--needle", "1RL-0.20", "--pain", "2",
                 "--duration", "2h", "--notes", "went well")
        s = self.show(session)
        self.assertEqual(s["status"], "done")
        self.assertEqual(s["needle"], "1RL-0.20")
        self.assertEqual(s["pain"], 2)
        self.assertEqual(s["duration_minutes"], 120)
        self.assertEqual(s["notes"], "went well")

    def test_done_keeps_the_booked_kind_unless_given(self):
        client = self.new_client()
        consult = self.plan(client, self.AS_OF, "--kind", "consult")
        self.smp("session", "done", consult)
        self.assertEqual(self.show(consult)["kind"], "consult")
        other = self.plan(client, self.AS_OF)
        self.smp("session", "done", other, "--kind", "correction")
        self.assertEqual(self.show(other)["kind"], "correction")

    def test_done_with_empty_value_clears(self):
        client = self.new_client()
        session = self.plan(client, self.AS_OF, "--notes", "bring photos", "--time", "10:00")
        self.smp("session", "done", session, "--notes", "")
        s = self.show(session)
        self.assertIsNone(s["notes"])
        self.assertEqual(s["time"], "10:00")

    def test_done_refuses_a_future_session_without_date(self):
        client = self.new_client()
        session = self.plan(client, "2026-06-20")
        _, err, _ = self.smp("session", "done", session, expect=EXIT_DATA)
        self.assert_error(err, "2026-06-20")
        self.assertEqual(self.show(session)["status"], "scheduled")

    def test_done_with_the_day_it_took_place(self):
        client = self.new_client()
        session = self.plan(client, "2026-06-20")
        self.smp("session", "done", session, "--date", "2026-06-15")
        s = self.show(session)
        self.assertEqual(s["status"], "done")
        self.assertEqual(s["date"], "2026-06-15")

    def test_done_refuses_a_session_that_is_not_scheduled(self):
        client = self.new_client()
        logged = self.log(client, "--date", "2026-06-01")
        _, err, _ = self.smp("session", "done", logged, expect=EXIT_DATA)
        self.assert_error(err, "done")
        booked = self.plan(client, "2026-06-20")
        self.smp("session", "cancel", booked)
        _, err, _ = self.smp("session", "done", booked, "--date", self.AS_OF, expect=EXIT_DATA)
        self.assert_error(err, "cancelled")
        self.assertEqual(self.show(booked)["status"], "cancelled")

    def test_done_unknown_session(self):
        self.new_client()
        self.smp("session", "done", "99", expect=EXIT_DATA)


# session cancel ---------------------------------------------------------------------------------

class SessionCancelTest(SessionTestCase):
    def test_cancel_with_reason(self):
        client = self.new_client()
        session = self.plan(client, "2026-06-20")
        self.smp("session", "cancel", session, "--reason", "Client has a cold")
        s = self.show(session)
        self.assertEqual(s["status"], "cancelled")
        self.assertEqual(s["cancel_reason"], "Client has a cold")

    def test_cancel_without_reason(self):
        client = self.new_client()
        session = self.plan(client, "2026-06-20")
        self.smp("session", "cancel", session)
        s = self.show(session)
        self.assertEqual(s["status"], "cancelled")
        self.assertIsNone(s["cancel_reason"])

    def test_no_show(self):
        client = self.new_client()
        session = self.plan(client, self.AS_OF)
        self.smp("session", "cancel", session, "--no-show", "--reason", "did not answer")
        s = self.show(session)
        self.assertEqual(s["status"], "no-show")
        self.assertEqual(s["cancel_reason"], "did not answer")

    def test_cancel_refuses_a_done_session(self):
        client = self.new_client()
        session = self.log(client)
        self.smp("session", "cancel", session, expect=EXIT_DATA)
        self.smp("session", "cancel", session, "--no-show", expect=EXIT_DATA)
        self.assertEqual(self.show(session)["status"], "done")

    def test_cancelled_sessions_are_kept_in_history(self):
        client = self.new_client()
        session = self.plan(client, "2026-06-20")
        self.smp("session", "cancel", session)
        rows = self.json_out("session", "list", "--client", client)
        self.assertEqual([r["id"] for r in rows], [session])


# session move -----------------------------------------------------------------------------------

class SessionMoveTest(SessionTestCase):
    def test_move_to_a_new_date_and_time(self):
        client = self.new_client()
        session = self.plan(client, "2026-06-20", "--time", "10:00")
        self.smp("session", "move", session, "--date", "2026-06-27", "--time", "15:30")
        s = self.show(session)
        self.assertEqual(s["date"], "2026-06-27")
        self.assertEqual(s["time"], "15:30")
        self.assertEqual(s["status"], "scheduled")

    def test_move_keeps_time_when_not_given(self):
        client = self.new_client()
        session = self.plan(client, "2026-06-20", "--time", "10:00")
        self.smp("session", "move", session, "--date", "2026-06-21")
        s = self.show(session)
        self.assertEqual(s["date"], "2026-06-21")
        self.assertEqual(s["time"], "10:00")

    def test_move_with_empty_time_clears_it(self):
        client = self.new_client()
        session = self.plan(client, "2026-06-20", "--time", "10:00")
        self.smp("session", "move", session, "--date", "2026-06-22", "--time", "")
        s = self.show(session)
        self.assertEqual(s["date"], "2026-06-22")
        self.assertIsNone(s["time"])

    def test_move_renumbers_the_course(self):
        client = self.new_client()
        first = self.plan(client, "2026-06-20")
        second = self.plan(client, "2026-06-30")
        self.smp("session", "move", first, "--date", "2026-07-10")
        self.assertEqual(course_of(self.show(second)), "1 of 3")
        self.assertEqual(course_of(self.show(first)), "2 of 3")

    def test_move_to_the_past_refused(self):
        client = self.new_client()
        session = self.plan(client, "2026-06-20")
        _, err, _ = self.smp("session", "move", session, "--date", "2026-06-10", expect=EXIT_DATA)
        self.assert_error(err, "2026-06-10")
        self.assertEqual(self.show(session)["date"], "2026-06-20")

    def test_move_only_scheduled(self):
        client = self.new_client()
        done = self.log(client, "--date", "2026-06-01")
        self.smp("session", "move", done, "--date", "2026-06-20", expect=EXIT_DATA)
        self.assertEqual(self.show(done)["date"], "2026-06-01")
        cancelled = self.plan(client, "2026-06-20")
        self.smp("session", "cancel", cancelled)
        self.smp("session", "move", cancelled, "--date", "2026-06-27", expect=EXIT_DATA)
        self.assertEqual(self.show(cancelled)["date"], "2026-06-20")

    def test_move_needs_a_date(self):
        client = self.new_client()
        session = self.plan(client, "2026-06-20")
        self.smp("session", "move", session, expect=EXIT_USAGE)


# session list -----------------------------------------------------------------------------------

class SessionListTest(SessionTestCase):
    # The records every test here starts from are made once (by the first test) and copied
    # for the others, which keeps this class fast.
    fixture = None

    def setUp(self):
        super().setUp()
        if SessionListTest.fixture is None:
            ids = {}
            ids["jane"] = self.new_client("Jane Doe")
            ids["john"] = self.new_client("John Smith")
            ids["j1"] = self.log(ids["jane"], "--date", "2026-04-01")
            ids["j2"] = self.log(ids["jane"], "--date", "2026-05-01")
            ids["k1"] = self.log(ids["john"], "--date", "2026-04-15", "--kind", "consult")
            ids["k2"] = self.log(ids["john"], "--date", "2026-05-20")
            ids["j3"] = self.plan(ids["jane"], "2026-06-20")
            ids["k3"] = self.plan(ids["john"], "2026-06-25")
            self.smp("session", "cancel", ids["k3"])
            SessionListTest.fixture = (self.read_bytes(self.records), ids)
        else:
            with open(self.records, "wb") as f:
                f.write(SessionListTest.fixture[0])
            os.chmod(self.records, 0o600)  # as smp made it
        for name, value in SessionListTest.fixture[1].items():
            setattr(self, name, value)

    def ids(self, *args, **kw):
        return [row["id"] for row in self.json_out("session", "list", *args, **kw)]

    def test_newest_first(self):
        self.assertEqual(self.ids(), [self.k3, self.j3, self.k2, self.j2, self.k1, self.j1])

    def test_same_day_ordered_by_time(self):
        early = self.log(self.jane, "--date", "2026-06-10", "--time", "09:00")
        late = self.log(self.john, "--date", "2026-06-10", "--time", "16:00")
        ids = self.ids("--from", "2026-06-10", "--to", "2026-06-10")
        self.assertEqual(ids, [late, early])

    def test_filter_client(self):
        self.assertEqual(self.ids("--client", self.jane), [self.j3, self.j2, self.j1])
        self.assertEqual(self.ids("--client", "john"), [self.k3, self.k2, self.k1])

    def test_filter_from_and_to(self):
        self.assertEqual(self.ids("--from", "2026-04-15"), [self.k3, self.j3, self.k2, self.j2,
                                                            self.k1])
        self.assertEqual(self.ids("--to", "2026-05-01"), [self.j2, self.k1, self.j1])
        self.assertEqual(self.ids("--from", "2026-04-02", "--to", "2026-05-19"),
                         [self.j2, self.k1])

    def test_filter_status(self):
        self.assertEqual(self.ids("--status", "scheduled"), [self.j3])
        self.assertEqual(self.ids("--status", "cancelled"), [self.k3])
        self.assertEqual(self.ids("--status", "done"), [self.k2, self.j2, self.k1, self.j1])

    def test_filter_no_show(self):
        self.smp("session", "cancel", self.j3, "--no-show")
        self.assertEqual(self.ids("--status", "no-show"), [self.j3])

    def test_filter_kind(self):
        self.assertEqual(self.ids("--kind", "consult"), [self.k1])

    def test_filters_combine(self):
        self.assertEqual(self.ids("--client", self.john, "--status", "done", "--from",
                                  "2026-05-01"), [self.k2])

    def test_nothing_matches_exit_1(self):
        self.assertEqual(self.json_out("session", "list", "--kind", "correction",
                                       expect=EXIT_NO_MATCH), [])
        self.smp("session", "list", "--from", "2027-01-01", expect=EXIT_NO_MATCH)
        self.smp("session", "list", "--status", "no-show", "--format", "csv",
                 expect=EXIT_NO_MATCH)

    def test_no_records_file_exit_66(self):
        other = {"SMP_FILE": os.path.join(self.tmp, "missing.db")}
        self.smp("session", "list", expect=EXIT_NO_INPUT, env=other)
        self.smp("session", "show", "1", expect=EXIT_NO_INPUT, env=other)

    def test_empty_records_exit_1(self):
        other = {"SMP_FILE": os.path.join(self.tmp, "other.db")}
        self.smp("init", env=other)
        self.smp("session", "list", expect=EXIT_NO_MATCH, env=other)
        self.assertEqual(self.json_out("session", "list", expect=EXIT_NO_MATCH, env=other), [])

    def test_bad_status_or_kind_refused(self):
        _, err, _ = self.smp("session", "list", "--status", "finished", expect=EXIT_USAGE)
        self.assert_error(err, "finished", "scheduled", "no-show")
        _, err, _ = self.smp("session", "list", "--kind", "tattoo", expect=EXIT_USAGE)
        self.assert_error(err, "tattoo", "touchup")

    def test_csv_rows(self):
        rows = self.csv_rows("session", "list", "--client", self.jane)
        self.assertEqual([row["id"] for row in rows], [str(self.j3), str(self.j2), str(self.j1)])
        self.assertEqual([row["status"] for row in rows], ["scheduled", "done", "done"])


# session show / edit / remove --------------------------------------------------------------------

class SessionShowEditRemoveTest(SessionTestCase):
    def test_show_unknown_session(self):
        self.new_client()
        self.smp("session", "show", "7", expect=EXIT_DATA)
        self.smp("session", "show", "abc", expect=EXIT_DATA)

    def test_show_fields(self):
        client = self.new_client()
        s = self.show(self.log(client, "--date", "2026-06-01"))
        for field in ["id", "uuid", "client_id", "client_name", "date", "time", "duration",
                      "duration_minutes", "status", "kind", "course_number", "course_planned",
                      "areas", "needle", "needle_count", "needle_configuration",
                      "needle_diameter_mm", "depth_mm", "machine", "voltage", "numbing", "pain",
                      "price", "price_minor", "currency", "notes", "cancel_reason", "created_at",
                      "updated_at"]:
            self.assertIn(field, s)
        # "1 of 3" is the table's words for course_number and course_planned
        self.assertNotIn("course", s)

    def test_edit_fields(self):
        client = self.new_client()
        session = self.log(client, "--date", "2026-06-01", "--needle", "3RL-0.25",
                           "--notes", "first")
        self.smp("session", "edit", session, "--needle", "1RL-0.30", "--notes", "changed",
                 "--area", "crown,sides", "--pain", "6", "--price", "300", "--time", "11:15",
                 "--date", "2026-06-02", "--depth", "2", "--machine", "M", "--voltage", "7",
                 "--numbing", "none", "--duration", "1h", "--kind", "correction")
        s = self.show(session)
        self.assertEqual(s["needle"], "1RL-0.30")
        self.assertEqual(s["needle_count"], 1)
        self.assertAlmostEqual(s["needle_diameter_mm"], 0.3)
        self.assertEqual(s["notes"], "changed")
        self.assertEqual(s["areas"], ["crown", "sides"])
        self.assertEqual(s["pain"], 6)
        self.assertEqual(s["price"], "300.00")
        self.assertEqual(s["time"], "11:15")
        self.assertEqual(s["date"], "2026-06-02")
        self.assertAlmostEqual(s["depth_mm"], 2)
        self.assertEqual(s["machine"], "M")
        self.assertAlmostEqual(s["voltage"], 7)
        self.assertEqual(s["numbing"], "none")
        self.assertEqual(s["duration_minutes"], 60)
        self.assertEqual(s["kind"], "correction")
        self.assertEqual(s["status"], "done")

    def test_edit_leaves_other_fields(self):
        client = self.new_client()
        session = self.log(client, "--date", "2026-06-01", "--needle", "3RL-0.25",
                           "--notes", "first", "--price", "100")
        self.smp("session", "edit", session, "--pain", "3")
        s = self.show(session)
        self.assertEqual(s["needle"], "3RL-0.25")
        self.assertEqual(s["notes"], "first")
        self.assertEqual(s["price"], "100.00")
        self.assertEqual(s["pain"], 3)

    def test_edit_clear(self):
        client = self.new_client()
        session = self.log(client, "--date", "2026-06-01", "--time", "10:00", "--duration", "2h",
                           "--area", "crown", "--needle", "3RL-0.25", "--depth", "1",
                           "--machine", "M", "--voltage", "8", "--numbing", "N", "--pain", "3",
                           "--price", "100", "--notes", "x")
        self.smp("session", "edit", session, "--clear", "time,duration,areas", "--clear", "needle",
                 "--clear", "depth,machine,voltage,numbing,pain,price,notes")
        s = self.show(session)
        for field in ["time", "duration", "duration_minutes", "needle", "needle_count",
                      "needle_configuration", "needle_diameter_mm", "depth_mm", "machine",
                      "voltage", "numbing", "pain", "price", "price_minor", "currency", "notes"]:
            with self.subTest(field=field):
                self.assertIsNone(s[field])
        self.assertEqual(s["areas"], [])
        self.assertEqual(s["date"], "2026-06-01")

    def test_edit_empty_value_clears(self):
        client = self.new_client()
        session = self.log(client, "--notes", "x", "--machine", "M", "--price", "10")
        self.smp("session", "edit", session, "--notes", "", "--price", "")
        s = self.show(session)
        self.assertIsNone(s["notes"])
        self.assertIsNone(s["price"])
        self.assertIsNone(s["currency"])
        self.assertEqual(s["machine"], "M")

    def test_edit_cancelled_session_any_day(self):
        client = self.new_client()
        session = self.plan(client, "2026-06-20")
        self.smp("session", "cancel", session)
        self.smp("session", "edit", session, "--date", "2026-06-01")
        self.assertEqual(self.show(session)["date"], "2026-06-01")
        self.smp("session", "edit", session, "--date", "2026-12-01")
        s = self.show(session)
        self.assertEqual(s["date"], "2026-12-01")
        self.assertEqual(s["status"], "cancelled")

    def test_edit_clear_unknown_field_refused(self):
        client = self.new_client()
        session = self.log(client)
        _, err, _ = self.smp("session", "edit", session, "--clear", "colour", expect=EXIT_USAGE)
        self.assert_error(err, "colour")

    def test_edit_refuses_bad_values(self):
        client = self.new_client()
        session = self.log(client, "--pain", "2")
        self.smp("session", "edit", session, "--pain", "11", expect=EXIT_USAGE)
        self.smp("session", "edit", session, "--price", "12.345", expect=EXIT_USAGE)
        self.smp("session", "edit", session, "--area", "nose", expect=EXIT_USAGE)
        self.assertEqual(self.show(session)["pain"], 2)

    def test_edit_scheduled_session_into_the_past_refused(self):
        client = self.new_client()
        session = self.plan(client, "2026-06-20")
        self.smp("session", "edit", session, "--date", "2026-06-10", expect=EXIT_DATA)
        self.assertEqual(self.show(session)["date"], "2026-06-20")
        self.smp("session", "edit", session, "--date", "2026-06-18")
        self.assertEqual(self.show(session)["date"], "2026-06-18")

    def test_edit_done_session_into_the_future_refused(self):
        client = self.new_client()
        session = self.log(client, "--date", "2026-06-01")
        self.smp("session", "edit", session, "--date", "2026-06-30", expect=EXIT_DATA)
        self.assertEqual(self.show(session)["date"], "2026-06-01")

    def test_remove_needs_yes_off_a_terminal(self):
        client = self.new_client()
        session = self.log(client)
        _, err, _ = self.smp("session", "remove", session, expect=EXIT_USAGE)
        self.assert_error(err, "--yes")
        self.assertEqual(self.session_count(), 1)
        self.show(session)

    def test_remove_with_yes(self):
        client = self.new_client()
        keep = self.log(client, "--date", "2026-05-01")
        session = self.log(client)
        _, err, _ = self.smp("session", "remove", session, "--yes")
        self.assertIn(f"session {session}", err)
        self.smp("session", "show", session, expect=EXIT_DATA)
        self.assertEqual(self.query("SELECT id FROM session"), [(keep,)])

    def test_remove_unknown_session(self):
        self.new_client()
        self.smp("session", "remove", "5", "--yes", expect=EXIT_DATA)


# Courses ----------------------------------------------------------------------------------------

class CourseTest(SessionTestCase):
    def courses(self, client, **kw):
        """(date, course, kind, status) of the client's sessions, oldest first."""
        rows = self.json_out("session", "list", "--client", client, **kw)
        return [(r["date"], course_of(r), r["kind"], r["status"]) for r in reversed(rows)]

    def test_course_sessions_numbered_in_order(self):
        client = self.new_client()
        first = self.log(client, "--date", "2026-04-01")
        second = self.log(client, "--date", "2026-05-01")
        third = self.log(client, "--date", "2026-06-01")
        self.assertEqual(self.courses(client), [
            ("2026-04-01", "1 of 3", "course", "done"),
            ("2026-05-01", "2 of 3", "course", "done"),
            ("2026-06-01", "3 of 3", "course", "done"),
        ])
        self.assertEqual(course_of(self.show(first)), "1 of 3")
        self.assertEqual(course_of(self.show(second)), "2 of 3")
        self.assertEqual(course_of(self.show(third)), "3 of 3")
        self.assertEqual(self.show(second)["course_number"], 2)
        self.assertEqual(self.show(second)["course_planned"], 3)

    def test_after_the_plan_sessions_are_touchups(self):
        client = self.new_client()
        for date in ["2026-03-01", "2026-04-01", "2026-05-01"]:
            self.log(client, "--date", date)
        touchup = self.log(client, "--date", "2026-06-10")
        s = self.show(touchup)
        self.assertEqual(s["kind"], "touchup")
        self.assertIsNone(course_of(s))
        self.assertTrue(self.client_show(client)["course_finished"])

    def test_booked_sessions_count_toward_the_plan(self):
        client = self.new_client()
        self.log(client, "--date", "2026-05-20")
        second = self.plan(client, "2026-06-20")
        third = self.plan(client, "2026-07-10")
        fourth = self.plan(client, "2026-08-10")
        self.assertEqual(self.show(second)["kind"], "course")
        self.assertEqual(course_of(self.show(second)), "2 of 3")
        self.assertEqual(self.show(third)["kind"], "course")
        self.assertEqual(course_of(self.show(third)), "3 of 3")
        self.assertEqual(self.show(fourth)["kind"], "touchup")
        self.assertIsNone(course_of(self.show(fourth)))

    def test_cancelled_and_no_show_take_no_number(self):
        client = self.new_client()
        self.log(client, "--date", "2026-05-20")
        missed = self.plan(client, self.AS_OF)
        later = self.plan(client, "2026-07-01")
        self.assertEqual(course_of(self.show(missed)), "2 of 3")
        self.assertEqual(course_of(self.show(later)), "3 of 3")
        self.smp("session", "cancel", missed, "--no-show")
        self.assertIsNone(course_of(self.show(missed)))
        self.assertEqual(course_of(self.show(later)), "2 of 3")
        # The freed place goes to the next booking, numbered in date order.
        cancelled = self.plan(client, "2026-06-22")
        self.assertEqual(self.show(cancelled)["kind"], "course")
        self.assertEqual(course_of(self.show(cancelled)), "2 of 3")
        self.assertEqual(course_of(self.show(later)), "3 of 3")
        self.smp("session", "cancel", cancelled)
        self.assertIsNone(course_of(self.show(cancelled)))
        self.assertEqual(course_of(self.show(later)), "2 of 3")
        self.assertEqual(self.courses(client), [
            ("2026-05-20", "1 of 3", "course", "done"),
            ("2026-06-15", None, "course", "no-show"),
            ("2026-06-22", None, "course", "cancelled"),
            ("2026-07-01", "2 of 3", "course", "scheduled"),
        ])
        nxt = self.plan(client, "2026-07-20")
        self.assertEqual(self.show(nxt)["kind"], "course")
        self.assertEqual(course_of(self.show(nxt)), "3 of 3")
        self.assertEqual(self.show(self.plan(client, "2026-08-20"))["kind"], "touchup")

    def test_client_planned_sessions(self):
        client = self.new_client()
        for date in ["2026-03-01", "2026-04-01", "2026-05-01"]:
            self.log(client, "--date", date)
        self.smp("client", "edit", client, "--planned-sessions", "4")
        self.assertEqual([c for _, c, _, _ in self.courses(client)],
                         ["1 of 4", "2 of 4", "3 of 4"])
        c = self.client_show(client)
        self.assertEqual(c["planned_sessions"], 4)
        self.assertEqual(c["course_planned"], 4)
        self.assertFalse(c["course_finished"])
        fourth = self.log(client, "--date", "2026-06-01")
        self.assertEqual(self.show(fourth)["kind"], "course")
        self.assertEqual(course_of(self.show(fourth)), "4 of 4")
        self.assertEqual(self.show(self.log(client))["kind"], "touchup")
        self.assertTrue(self.client_show(client)["course_finished"])

    def test_clear_planned_sessions_back_to_the_default(self):
        client = self.new_client()
        self.log(client, "--date", "2026-05-01")
        self.smp("client", "edit", client, "--planned-sessions", "5")
        self.assertEqual(self.courses(client)[0][1], "1 of 5")
        self.smp("client", "edit", client, "--clear", "planned-sessions")
        self.assertEqual(self.courses(client)[0][1], "1 of 3")
        self.assertIsNone(self.client_show(client)["planned_sessions"])

    def test_kind_course_beyond_the_plan(self):
        client = self.new_client()
        for date in ["2026-03-01", "2026-04-01", "2026-05-01"]:
            self.log(client, "--date", date)
        fourth = self.log(client, "--date", "2026-06-01", "--kind", "course")
        self.assertEqual(course_of(self.show(fourth)), "4 of 3")

    def test_final_on_a_booking_counts_once_done(self):
        client = self.new_client()
        self.log(client, "--date", "2026-05-01")
        booked = self.plan(client, self.AS_OF, "--final")
        self.assertFalse(self.client_show(client)["course_finished"])
        self.smp("session", "done", booked)
        self.assertTrue(self.show(booked)["final"])
        self.assertTrue(self.client_show(client)["course_finished"])
        self.assertEqual(self.show(self.plan(client, "2026-07-01"))["kind"], "touchup")

    def test_planned_sessions_range(self):
        client = self.new_client()
        self.smp("client", "edit", client, "--planned-sessions", "0", expect=(EXIT_USAGE, EXIT_DATA))
        self.assertIsNone(self.client_show(client)["planned_sessions"])

    def test_final_finishes_the_course(self):
        client = self.new_client()
        self.log(client, "--date", "2026-05-01")
        final = self.log(client, "--date", "2026-06-01", "--final")
        s = self.show(final)
        self.assertTrue(s["final"])
        self.assertEqual(s["kind"], "course")
        self.assertEqual(course_of(s), "2 of 3")
        c = self.client_show(client)
        self.assertTrue(c["course_finished"])
        self.assertEqual(c["course_done"], 2)
        self.assertEqual(self.show(self.log(client))["kind"], "touchup")
        self.assertEqual(self.show(self.plan(client, "2026-07-01"))["kind"], "touchup")

    def test_course_not_finished_before_the_plan(self):
        client = self.new_client()
        self.log(client, "--date", "2026-05-01")
        c = self.client_show(client)
        self.assertFalse(c["course_finished"])
        self.assertEqual(c["course_done"], 1)
        self.assertEqual(c["course_planned"], 3)

    def test_config_planned_sessions(self):
        self.write_config("[course]\nplanned_sessions = 2\n")
        client = self.new_client()
        self.log(client, "--date", "2026-04-01")
        self.log(client, "--date", "2026-05-01")
        self.log(client, "--date", "2026-06-01")
        self.assertEqual(self.courses(client), [
            ("2026-04-01", "1 of 2", "course", "done"),
            ("2026-05-01", "2 of 2", "course", "done"),
            ("2026-06-01", None, "touchup", "done"),
        ])
        self.assertEqual(self.client_show(client)["course_planned"], 2)

    def test_touchups_and_consults_take_no_number(self):
        client = self.new_client()
        self.log(client, "--date", "2026-04-01", "--kind", "consult")
        first = self.log(client, "--date", "2026-05-01")
        self.assertEqual(course_of(self.show(first)), "1 of 3")
        self.assertEqual(self.courses(client)[0], ("2026-04-01", None, "consult", "done"))

    def test_numbering_per_client(self):
        jane = self.new_client("Jane Doe")
        john = self.new_client("John Smith")
        self.log(jane, "--date", "2026-04-01")
        j = self.log(john, "--date", "2026-04-10")
        self.log(jane, "--date", "2026-05-01")
        self.assertEqual(course_of(self.show(j)), "1 of 3")


# Gap warning ------------------------------------------------------------------------------------

class GapWarningTest(SessionTestCase):
    def test_short_gap_warns_with_both_dates(self):
        client = self.ready_client()
        self.log(client, "--date", "2026-06-01")
        _, err, _ = self.smp("session", "log", client, "--date", "2026-06-04")
        self.assert_warning(err, "2026-06-01", "2026-06-04")
        self.assertEqual(self.session_count(), 2)

    def test_gap_warning_on_plan(self):
        client = self.ready_client()
        self.log(client, "--date", "2026-06-14")
        _, err, _ = self.smp("session", "plan", client, "--date", "2026-06-17")
        self.assert_warning(err, "2026-06-14", "2026-06-17")
        self.assertEqual(self.session_count(), 2)

    def test_gap_of_a_week_is_fine(self):
        client = self.ready_client()
        self.log(client, "--date", "2026-06-01")
        _, err, _ = self.smp("session", "log", client, "--date", "2026-06-08")
        self.assert_no_warning(err)

    def test_only_done_sessions_count(self):
        client = self.ready_client()
        booked = self.plan(client, "2026-06-16")
        self.smp("session", "cancel", booked)
        _, err, _ = self.smp("session", "plan", client, "--date", "2026-06-18")
        self.assert_no_warning(err)

    def test_gap_not_refused_even_when_strict(self):
        client = self.ready_client()
        self.log(client, "--date", "2026-06-01")
        _, err, _ = self.smp("session", "log", client, "--date", "2026-06-04", "--strict")
        self.assert_warning(err, "2026-06-01", "2026-06-04")
        self.assertEqual(self.session_count(), 2)

    def test_gap_warning_on_done_move_and_edit(self):
        client = self.ready_client()
        self.log(client, "--date", "2026-06-12")
        booked = self.plan(client, "2026-06-25")
        _, err, _ = self.smp("session", "move", booked, "--date", "2026-06-16")
        self.assert_warning(err, "2026-06-12", "2026-06-16")
        _, err, _ = self.smp("session", "done", booked, "--as-of", "2026-06-16")
        self.assert_warning(err, "2026-06-12", "2026-06-16")
        other = self.log(client, "--date", "2026-05-01")
        _, err, _ = self.smp("session", "edit", other, "--date", "2026-06-14")
        self.assert_warning(err, "2026-06-12", "2026-06-14")

    def test_zero_minimum_gap_turns_the_warning_off(self):
        self.write_config('[course]\nminimum_gap = "0d"\n')
        client = self.ready_client()
        self.log(client, "--date", "2026-06-14")
        _, err, _ = self.smp("session", "log", client)
        self.assert_no_warning(err)

    def test_config_minimum_gap(self):
        self.write_config('[course]\nminimum_gap = "2d"\n')
        client = self.ready_client()
        self.log(client, "--date", "2026-06-01")
        _, err, _ = self.smp("session", "log", client, "--date", "2026-06-04")
        self.assert_no_warning(err)
        _, err, _ = self.smp("session", "log", client, "--date", "2026-06-05")
        self.assert_warning(err, "2026-06-04", "2026-06-05")

    def test_config_longer_minimum_gap(self):
        self.write_config('[course]\nminimum_gap = "30d"\n')
        client = self.ready_client()
        self.log(client, "--date", "2026-05-01")
        _, err, _ = self.smp("session", "log", client, "--date", "2026-05-21")
        self.assert_warning(err, "2026-05-01", "2026-05-21")


# Consent ---------------------------------------------------------------------------------------

class ConsentTest(SessionTestCase):
    def consents(self, client):
        return self.client_show(client)["consents"]

    def test_record_consent(self):
        client = self.add_client("Jane Doe")
        _, err, _ = self.smp("client", "consent", client, "--kind", "treatment", "--signed",
                             "2026-06-01", "--form", "v2")
        self.assertIn("Jane Doe", err)
        [consent] = self.consents(client)
        self.assertEqual(consent["kind"], "treatment")
        self.assertEqual(consent["signed_on"], "2026-06-01")
        self.assertEqual(consent["form_version"], "v2")
        self.assertIsNone(consent["withdrawn_on"])
        self.assertIsNone(consent["file"])
        self.assertIsNone(consent["file_sha256"])

    def test_every_kind(self):
        client = self.add_client("Jane Doe")
        for kind in ["treatment", "photo", "data", "marketing"]:
            self.smp("client", "consent", client, "--kind", kind, "--signed", "2026-06-01")
        self.assertEqual(sorted(c["kind"] for c in self.consents(client)),
                         ["data", "marketing", "photo", "treatment"])
        _, err, _ = self.smp("client", "consent", client, "--kind", "tattoo", "--signed",
                             "2026-06-01", expect=EXIT_USAGE)
        self.assert_error(err, "tattoo", "treatment")

    def test_consent_needs_signed_or_withdraw(self):
        client = self.add_client("Jane Doe")
        self.smp("client", "consent", client, "--kind", "treatment", expect=EXIT_USAGE)
        self.assertEqual(self.consents(client), [])

    def test_file_path_and_hash(self):
        client = self.add_client("Jane Doe")
        path = os.path.join(self.tmp, "signed form.pdf")
        content = b"%PDF-1.4 signed by Jane\n\x00\x01binary"
        with open(path, "wb") as f:
            f.write(content)
        # A relative path, resolved against smp's working directory (self.tmp).
        self.smp("client", "consent", client, "--kind", "treatment", "--signed", "2026-06-01",
                 "--document", "signed form.pdf", cwd=self.tmp)
        [consent] = self.consents(client)
        self.assertTrue(os.path.isabs(consent["file"]))
        self.assertEqual(consent["file"], os.path.join(self.tmp, "signed form.pdf"))
        self.assertEqual(consent["file_sha256"], hashlib.sha256(content).hexdigest())

    def test_file_hash_of_a_larger_file(self):
        client = self.add_client("Jane Doe")
        path = os.path.join(self.tmp, "scan.bin")
        content = bytes(range(256)) * 1000  # larger than one read buffer
        with open(path, "wb") as f:
            f.write(content)
        self.smp("client", "consent", client, "--kind", "photo", "--signed", "2026-06-01",
                 "--document", path)
        [consent] = self.consents(client)
        self.assertEqual(consent["file"], path)
        self.assertEqual(consent["file_sha256"], hashlib.sha256(content).hexdigest())

    def test_missing_file(self):
        client = self.add_client("Jane Doe")
        _, err, _ = self.smp("client", "consent", client, "--kind", "treatment", "--signed",
                             "2026-06-01", "--document", os.path.join(self.tmp, "nope.pdf"),
                             expect=EXIT_NO_INPUT)
        self.assert_error(err, "nope.pdf")
        self.assertEqual(self.consents(client), [])

    def test_withdraw_defaults_to_today(self):
        client = self.add_client("Jane Doe")
        self.smp("client", "consent", client, "--kind", "photo", "--signed", "2026-01-01")
        self.smp("client", "consent", client, "--kind", "photo", "--withdraw")
        [consent] = self.consents(client)
        self.assertEqual(consent["withdrawn_on"], self.AS_OF)
        self.assertEqual(consent["signed_on"], "2026-01-01")

    def test_withdraw_on_a_date(self):
        client = self.add_client("Jane Doe")
        self.smp("client", "consent", client, "--kind", "marketing", "--signed", "2026-01-01")
        self.smp("client", "consent", client, "--kind", "marketing", "--withdraw=2026-03-04")
        [consent] = self.consents(client)
        self.assertEqual(consent["withdrawn_on"], "2026-03-04")

    def test_signing_date_after_today_refused(self):
        client = self.add_client("Jane Doe")
        self.smp("client", "consent", client, "--kind", "treatment", "--signed", "2026-06-16",
                 expect=EXIT_DATA)
        self.assertEqual(self.consents(client), [])

    def test_withdrawal_date_between_signing_and_today(self):
        client = self.add_client("Jane Doe")
        self.smp("client", "consent", client, "--kind", "photo", "--signed", "2026-03-01")
        self.smp("client", "consent", client, "--kind", "photo", "--withdraw=2026-02-28",
                 expect=EXIT_DATA)
        self.smp("client", "consent", client, "--kind", "photo", "--withdraw=2026-06-16",
                 expect=EXIT_DATA)
        self.assertIsNone(self.consents(client)[0]["withdrawn_on"])
        self.smp("client", "consent", client, "--kind", "photo", "--withdraw=2026-03-01")
        self.assertEqual(self.consents(client)[0]["withdrawn_on"], "2026-03-01")

    def test_signed_and_withdraw_together_refused(self):
        client = self.add_client("Jane Doe")
        self.smp("client", "consent", client, "--kind", "photo", "--signed", "2026-03-01",
                 "--withdraw=2026-04-01", expect=EXIT_USAGE)
        self.assertEqual(self.consents(client), [])

    def test_signing_again_and_withdrawing_the_newest(self):
        client = self.add_client("Jane Doe")
        self.smp("client", "consent", client, "--kind", "treatment", "--signed", "2026-01-01",
                 "--form", "v1")
        self.smp("client", "consent", client, "--kind", "treatment", "--signed", "2026-03-01",
                 "--form", "v2")
        self.smp("client", "consent", client, "--kind", "treatment", "--withdraw")
        consents = {c["form_version"]: c for c in self.consents(client)}
        self.assertIsNone(consents["v1"]["withdrawn_on"])
        self.assertEqual(consents["v2"]["withdrawn_on"], self.AS_OF)

    def test_withdraw_without_consent_refused(self):
        client = self.add_client("Jane Doe")
        _, err, _ = self.smp("client", "consent", client, "--kind", "treatment", "--withdraw",
                             expect=EXIT_DATA)
        self.assert_error(err, "treatment")
        self.smp("client", "consent", client, "--kind", "photo", "--signed", "2026-01-01")
        self.smp("client", "consent", client, "--kind", "photo", "--withdraw")
        # Already withdrawn: nothing left to withdraw.
        self.smp("client", "consent", client, "--kind", "photo", "--withdraw", expect=EXIT_DATA)

    def test_withdrawn_treatment_consent_warns_again(self):
        client = self.ready_client()
        self.smp("client", "consent", client, "--kind", "treatment", "--withdraw")
        _, err, _ = self.smp("session", "log", client)
        self.assert_warning(err, "consent")

    def test_consents_listed_oldest_first(self):
        client = self.add_client("Jane Doe")
        self.smp("client", "consent", client, "--kind", "data", "--signed", "2026-05-01")
        self.smp("client", "consent", client, "--kind", "treatment", "--signed", "2026-02-01")
        self.assertEqual([c["signed_on"] for c in self.consents(client)],
                         ["2026-02-01", "2026-05-01"])


# Screening --------------------------------------------------------------------------------------

class ScreeningTest(SessionTestCase):
    def test_screen_sets_date_and_contraindications(self):
        client = self.add_client("Jane Doe")
        self.smp("client", "screen", client, "--contraindication", "keloid", "--date",
                 "2026-06-01")
        c = self.client_show(client)
        self.assertEqual(c["screened_on"], "2026-06-01")
        self.assertEqual(c["contraindications"], ["keloid"])

    def test_screen_replaces_flags(self):
        client = self.add_client("Jane Doe", "--contraindication", "diabetes")
        self.smp("client", "screen", client, "--contraindication", "keloid,allergy",
                 "--date", "2026-06-01")
        self.assertEqual(sorted(self.client_show(client)["contraindications"]),
                         ["allergy", "keloid"])

    def test_screen_none_clears(self):
        client = self.add_client("Jane Doe", "--contraindication", "keloid")
        self.smp("client", "screen", client, "--none", "--date", "2026-06-02")
        c = self.client_show(client)
        self.assertEqual(c["contraindications"], [])
        self.assertEqual(c["screened_on"], "2026-06-02")

    def test_screen_date_defaults_to_today(self):
        client = self.add_client("Jane Doe")
        self.smp("client", "screen", client, "--none")
        self.assertEqual(self.client_show(client)["screened_on"], self.AS_OF)

    def test_screen_in_the_future_refused(self):
        client = self.add_client("Jane Doe")
        self.smp("client", "screen", client, "--none", "--date", "2026-06-16", expect=EXIT_DATA)
        self.assertIsNone(self.client_show(client)["screened_on"])

    def test_screen_bad_flag_refused(self):
        client = self.add_client("Jane Doe")
        _, err, _ = self.smp("client", "screen", client, "--contraindication", "sunburn",
                             expect=EXIT_USAGE)
        self.assert_error(err, "sunburn", "keloid")

    def test_screen_medical_notes(self):
        client = self.add_client("Jane Doe")
        self.smp("client", "screen", client, "--none", "--medical-notes", "Takes aspirin")
        self.assertEqual(self.client_show(client)["medical_notes"], "Takes aspirin")


# Pre-session checks -----------------------------------------------------------------------------

class PreSessionCheckTest(SessionTestCase):
    def test_no_consent_warns(self):
        client = self.add_client("Jane Doe")
        self.smp("client", "screen", client, "--none", "--date", "2026-06-01")
        for command in (["log", client], ["plan", client, "--date", "2026-06-20"]):
            with self.subTest(command=command[0]):
                _, err, _ = self.smp("session", *command)
                self.assert_warning(err, "treatment consent")
        self.assertEqual(self.session_count(), 2)

    def test_photo_consent_is_not_treatment_consent(self):
        client = self.add_client("Jane Doe")
        self.smp("client", "screen", client, "--none", "--date", "2026-06-01")
        self.smp("client", "consent", client, "--kind", "photo", "--signed", "2026-06-01")
        _, err, _ = self.smp("session", "log", client)
        self.assert_warning(err, "treatment consent")

    def test_never_screened_warns(self):
        client = self.add_client("Jane Doe")
        self.smp("client", "consent", client, "--kind", "treatment", "--signed", "2026-06-01")
        for command in (["log", client], ["plan", client, "--date", "2026-06-20"]):
            with self.subTest(command=command[0]):
                _, err, _ = self.smp("session", *command)
                self.assert_warning(err, "screened")
        self.assertEqual(self.session_count(), 2)

    def test_old_screening_warns(self):
        client = self.add_client("Jane Doe")
        self.smp("client", "consent", client, "--kind", "treatment", "--signed", "2026-06-01")
        self.smp("client", "screen", client, "--none", "--date", "2025-06-01")
        _, err, _ = self.smp("session", "log", client)
        self.assert_warning(err, "2025-06-01")
        _, err, _ = self.smp("session", "plan", client, "--date", "2026-07-01")
        self.assert_warning(err, "2025-06-01")

    def test_screening_age_measured_on_the_session_day(self):
        client = self.add_client("Jane Doe")
        self.smp("client", "consent", client, "--kind", "treatment", "--signed", "2026-06-01")
        self.smp("client", "screen", client, "--none", "--date", "2025-07-01")
        _, err, _ = self.smp("session", "plan", client, "--date", "2026-06-20")
        self.assert_no_warning(err)
        _, err, _ = self.smp("session", "plan", client, "--date", "2026-08-01")
        self.assert_warning(err, "2025-07-01")

    def test_screening_within_twelve_months_is_fine(self):
        client = self.add_client("Jane Doe")
        self.smp("client", "consent", client, "--kind", "treatment", "--signed", "2026-06-01")
        self.smp("client", "screen", client, "--none", "--date", "2025-07-01")
        _, err, _ = self.smp("session", "log", client)
        self.assert_no_warning(err)

    def test_config_screening_max_age(self):
        self.write_config('[screening]\nmax_age = "24mo"\n')
        client = self.add_client("Jane Doe")
        self.smp("client", "consent", client, "--kind", "treatment", "--signed", "2026-06-01")
        self.smp("client", "screen", client, "--none", "--date", "2025-06-01")
        _, err, _ = self.smp("session", "log", client)
        self.assert_no_warning(err)
        self.smp("client", "screen", client, "--none", "--date", "2024-05-01")
        _, err, _ = self.smp("session", "log", client, "--kind", "touchup")
        self.assert_warning(err, "2024-05-01")

    def test_contraindication_warns(self):
        client = self.ready_client()
        self.smp("client", "screen", client, "--contraindication", "keloid", "--date",
                 "2026-06-01")
        for command in (["log", client], ["plan", client, "--date", "2026-06-30"]):
            with self.subTest(command=command[0]):
                _, err, _ = self.smp("session", *command)
                self.assert_warning(err, "keloid")
        self.assertEqual(self.session_count(), 2)

    def test_done_does_not_repeat_the_client_checks(self):
        client = self.add_client("Jane Doe", "--contraindication", "keloid")
        _, err, _ = self.smp("session", "plan", client, "--date", self.AS_OF)
        self.assert_warning(err, "keloid")
        _, err, _ = self.smp("session", "done", "1", "--strict")
        self.assert_no_warning(err)
        self.assertEqual(self.show(1)["status"], "done")

    def test_ready_client_has_no_warning(self):
        client = self.ready_client()
        _, err, _ = self.smp("session", "plan", client, "--date", "2026-06-20")
        self.assert_no_warning(err)

    def test_strict_refuses_and_writes_nothing(self):
        cases = {
            "no consent": lambda c: self.smp("client", "screen", c, "--none"),
            "never screened": lambda c: self.smp("client", "consent", c, "--kind", "treatment",
                                                 "--signed", "2026-06-01"),
            "old screening": lambda c: (
                self.smp("client", "consent", c, "--kind", "treatment", "--signed", "2026-06-01"),
                self.smp("client", "screen", c, "--none", "--date", "2025-01-01")),
            "contraindication": lambda c: (
                self.smp("client", "consent", c, "--kind", "treatment", "--signed", "2026-06-01"),
                self.smp("client", "screen", c, "--contraindication", "keloid")),
        }
        for number, (name, prepare) in enumerate(cases.items()):
            with self.subTest(case=name):
                client = self.add_client(f"Client {number}")
                prepare(client)
                _, err, _ = self.smp("session", "log", client, "--strict", expect=EXIT_DATA)
                self.assert_error(err)
                _, err, _ = self.smp("session", "plan", client, "--date", "2026-06-20",
                                     "--strict", expect=EXIT_DATA)
                self.assert_error(err)
                self.assertEqual(self.session_count(), 0)

    def test_strict_names_every_concern(self):
        client = self.add_client("Jane Doe", "--contraindication", "keloid")
        _, err, _ = self.smp("session", "log", client, "--strict", expect=EXIT_DATA)
        line = self.assert_error(err, "keloid", "consent")
        self.assertIn("screened", line)
        self.assertEqual(self.session_count(), 0)

    def test_strict_allows_a_ready_client(self):
        client = self.ready_client()
        self.smp("session", "log", client, "--strict")
        self.smp("session", "plan", client, "--date", "2026-06-30", "--strict")
        self.assertEqual(self.session_count(), 2)

    def test_strict_in_config(self):
        self.write_config("strict = true\n")
        client = self.add_client("Jane Doe")
        self.smp("session", "log", client, expect=EXIT_DATA)
        self.smp("session", "plan", client, "--date", "2026-06-20", expect=EXIT_DATA)
        self.assertEqual(self.session_count(), 0)
        ready = self.ready_client("John Smith")
        self.smp("session", "log", ready)
        self.assertEqual(self.session_count(), 1)


# What client show says about sessions ----------------------------------------------------------

class ClientViewTest(SessionTestCase):
    def test_sessions_in_client_show(self):
        client = self.ready_client()
        first = self.log(client, "--date", "2026-05-01", "--area", "hairline,temples",
                         "--needle", "3RL-0.25", "--notes", "first pass")
        booked = self.plan(client, "2026-06-20", "--time", "10:00")
        c = self.client_show(client)
        sessions = c["sessions"]
        self.assertEqual([s["id"] for s in sessions], [booked, first])
        old = sessions[1]
        self.assertEqual(old["date"], "2026-05-01")
        self.assertEqual(course_of(old), "1 of 3")
        self.assertEqual(old["kind"], "course")
        self.assertEqual(old["status"], "done")
        self.assertEqual(old["areas"], ["hairline", "temples"])
        self.assertEqual(old["needle"], "3RL-0.25")
        self.assertEqual(old["notes"], "first pass")
        new = sessions[0]
        self.assertEqual(course_of(new), "2 of 3")
        self.assertEqual(new["status"], "scheduled")
        self.assertEqual(new["time"], "10:00")

    def test_counts_and_next_session(self):
        client = self.ready_client()
        self.log(client, "--date", "2026-05-01")
        cancelled = self.plan(client, "2026-06-16")
        missed = self.plan(client, self.AS_OF)
        later = self.plan(client, "2026-07-10", "--time", "09:30")
        nxt = self.plan(client, "2026-06-25", "--time", "14:00")
        self.smp("session", "cancel", cancelled)
        self.smp("session", "cancel", missed, "--no-show")
        c = self.client_show(client)
        self.assertEqual(c["cancellations"], 1)
        self.assertEqual(c["no_shows"], 1)
        self.assertEqual((c["next_session_date"], c["next_session_time"]), ("2026-06-25", "14:00"))
        self.assertEqual(c["next_session_id"], nxt)
        self.assertEqual(len(c["sessions"]), 5)
        statuses = {s["id"]: s["status"] for s in c["sessions"]}
        self.assertEqual(statuses[cancelled], "cancelled")
        self.assertEqual(statuses[missed], "no-show")
        self.assertEqual(statuses[later], "scheduled")

    def test_next_session_without_time_is_the_date_alone(self):
        client = self.ready_client()
        booked = self.plan(client, "2026-06-20")
        c = self.client_show(client)
        self.assertEqual((c["next_session_date"], c["next_session_time"]), ("2026-06-20", None))
        self.assertEqual(c["next_session_id"], booked)

    def test_no_sessions(self):
        client = self.ready_client()
        c = self.client_show(client)
        self.assertEqual(c["sessions"], [])
        self.assertEqual(c["cancellations"], 0)
        self.assertEqual(c["no_shows"], 0)
        self.assertIsNone(c["next_session_date"])
        self.assertIsNone(c["next_session_id"])

    def test_past_booking_is_not_next(self):
        client = self.ready_client()
        self.plan(client, "2026-06-16")
        c = self.json_out("client", "show", client, "--as-of", "2026-06-20")
        self.assertIsNone(c["next_session_date"])
        self.assertIsNone(c["next_session_id"])

    def test_remove_client_with_sessions_refused(self):
        client = self.ready_client()
        self.log(client)
        _, err, _ = self.smp("client", "remove", client, "--yes", expect=EXIT_DATA)
        self.assert_error(err, "--with-sessions")
        self.assertEqual(self.session_count(), 1)
        self.client_show(client)

    def test_remove_client_with_sessions(self):
        client = self.ready_client()
        other = self.ready_client("John Smith")
        self.log(client, "--date", "2026-05-01")
        self.plan(client, "2026-06-20")
        kept = self.log(other)
        self.smp("client", "remove", client, "--with-sessions", "--yes")
        self.smp("client", "show", client, expect=EXIT_DATA)
        self.assertEqual(self.query("SELECT id FROM session"), [(kept,)])
        self.assertEqual(self.query("SELECT count(*) FROM consent WHERE client_id = ?",
                                    (client,)), [(0,)])

    def test_remove_client_without_sessions_needs_no_flag(self):
        client = self.ready_client()
        self.smp("client", "remove", client, "--yes")
        self.smp("client", "show", client, expect=EXIT_DATA)


if __name__ == "__main__":
    unittest.main()
