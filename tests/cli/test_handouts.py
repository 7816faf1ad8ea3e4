"""A session's handouts: `session aftercare` and `session passport`, as text and as one HTML page
that a real browser prints on one sheet of A4 or Letter."""

import os
import stat
import unittest

from browser import pdf_page_size, pdf_pages, pdf_text, print_to_pdf
from smptest import SmpTestCase

STUDIO = ('[studio]\nname = "Studio Nord"\naddress = "1 High Street, Leeds"\n'
          'phone = "0161 496 0000"\n')


class HandoutTestCase(SmpTestCase):
    def setUp(self):
        super().setUp()
        self.write_config(STUDIO)
        self.client = self.add_client("Jane Doe")
        self.smp("client", "consent", str(self.client), "--kind", "treatment", "--signed",
                 "today", "-q")
        self.lots = []
        for n, (shade, base) in enumerate([("Ink Black 2", "black"), ("Dark Grey", "dark-grey"),
                                           ("Soft Brown", "brown"), ("Water", "water")]):
            self.smp("shade", "add", shade, "--base", base, "--brand", "Acme", "-q")
            number = f"LOT-{2291 + n}"
            self.smp("shade", "lot", "add", shade, number, "--expires", "2027-03",
                     "--supplier", "SupplyCo", "-q")
            self.lots.append(number)

    def log(self, *options):
        return int(self.smp("session", "log", str(self.client), "-q", *options).stdout)

    def write(self, name, text):
        path = os.path.join(self.tmp, name)
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)
        return path


class PassportTest(HandoutTestCase):
    def test_text_names_every_lot_and_the_studio(self):
        session = self.log("--lot", ",".join(self.lots), "--area", "hairline,crown",
                           "--dilution", "6:1")
        text = self.smp("session", "passport", str(session)).stdout
        for lot in self.lots:
            self.assertIn(f"lot {lot}, expires 2027-03-31, supplied by SupplyCo", text)
        for expected in ("Ink passport for Jane Doe", "Ink Black 2 (black, Acme)", "6:1",
                         "hairline, crown", "2026-06-15", "Studio Nord · 1 High Street, Leeds"):
            self.assertIn(expected, text)

    def test_html_prints_on_one_page_of_a4_and_letter(self):
        session = self.log("--lot", ",".join(self.lots), "--area", "hairline")
        page = self.write("passport.html",
                          self.smp("session", "passport", str(session), "--format", "html").stdout)
        for paper, size in (("A4", (595, 842)), ("Letter", (612, 792))):
            with self.subTest(paper=paper):
                pdf = print_to_pdf(self, page, paper)
                self.assertEqual(pdf_page_size(pdf), size)
                self.assertEqual(pdf_pages(pdf), 1)
                printed = pdf_text(pdf)
                for expected in self.lots + ["Jane Doe", "Studio Nord", "2027-03-31"]:
                    self.assertIn(expected, printed)

    def test_page_is_self_contained_and_escapes_what_was_typed(self):
        self.smp("client", "edit", str(self.client), "--name", "Jo <script>alert(1)</script>",
                 "-q")
        session = self.log("--lot", self.lots[0])
        page = self.smp("session", "passport", str(session), "--format", "html").stdout
        self.assertNotIn("<script>", page)
        self.assertIn("Jo &lt;script&gt;", page)
        for fetch in ("http:", "https:", "<link", "src="):
            self.assertNotIn(fetch, page)

    def test_refusals_leave_the_file_as_it_was(self):
        without_lots = self.log()
        booked = int(self.smp("session", "plan", str(self.client), "--date", "2026-06-20",
                              "--lot", self.lots[0], "-q").stdout)
        before = self.read_bytes(self.records)
        result = self.smp("session", "passport", str(without_lots), expect=65)
        self.assert_error(result.stderr, "no pigment lots", f"session edit {without_lots} --lot")
        result = self.smp("session", "passport", str(booked), expect=65)
        self.assert_error(result.stderr, "scheduled", f"smp session done {booked}")
        result = self.smp("session", "passport", str(booked), "--format", "json", expect=64)
        self.assert_error(result.stderr, '--format "json"', "use text or html")
        self.assertEqual(self.read_bytes(self.records), before)


class AftercareTest(HandoutTestCase):
    def test_default_text_is_marked_for_review(self):
        session = self.log("--area", "crown", "--time", "10:00")
        result = self.smp("session", "aftercare", str(session))
        self.assertIn("Aftercare for Jane Doe", result.stdout)
        self.assertIn("2026-06-15 at 10:00 · session 1 of 3 · crown", result.stdout)
        self.assertIn("Keep your scalp dry", result.stdout)
        self.assertIn("This was your session 1 of 3.", result.stdout)
        self.assertIn("aftercare.course", result.stderr)  # a default to review

    def test_the_practitioners_own_text_with_placeholders(self):
        own = self.write("course.txt", "Dear {first_name}, after your {course} on {date}:\n"
                                       "- no gym for a week\n\nQuestions? {studio_phone}\n")
        self.write_config(STUDIO + f'[aftercare]\ncourse = "{own}"\n')
        session = self.log()
        result = self.smp("session", "aftercare", str(session))
        self.assertIn("Dear Jane, after your session 1 of 3 on 2026-06-15:", result.stdout)
        self.assertIn("Questions? 0161 496 0000", result.stdout)
        self.assertEqual(result.stderr, "")  # the practitioner's own: nothing to review

    def test_an_unknown_placeholder_is_refused_naming_the_key(self):
        own = self.write("course.txt", "See you {nex_session}\n")
        self.write_config(STUDIO + f'[aftercare]\ncourse = "{own}"\n')
        session = self.log()
        result = self.smp("session", "aftercare", str(session), expect=78)
        self.assert_error(result.stderr, "aftercare.course", "{nex_session}", "{studio_phone}")

    def test_a_missing_or_unreadable_aftercare_file_is_named(self):
        session = self.log()
        self.write_config(STUDIO + '[aftercare]\ncourse = "~/aftercare-course.txt"\n')
        result = self.smp("session", "aftercare", str(session), expect=66)
        self.assert_error(result.stderr, "aftercare.course",
                          os.path.join(self.home, "aftercare-course.txt"))
        with open(os.path.join(self.home, "aftercare-course.txt"), "wb") as f:
            f.write(b"caf\xe9 latin-1\n")
        result = self.smp("session", "aftercare", str(session), expect=78)
        self.assert_error(result.stderr, "not UTF-8")

    def test_html_to_a_new_private_file_prints_on_one_page(self):
        session = self.log("--area", "hairline")
        path = os.path.join(self.tmp, "aftercare.html")
        self.smp("session", "aftercare", str(session), "--format", "html", "--output", path)
        self.assertEqual(stat.S_IMODE(os.stat(path).st_mode), 0o600)
        for paper in ("A4", "Letter"):
            with self.subTest(paper=paper):
                pdf = print_to_pdf(self, path, paper)
                self.assertEqual(pdf_pages(pdf), 1)
                printed = pdf_text(pdf)
                for expected in ("Aftercare for Jane Doe", "Studio Nord", "Keep your scalp dry"):
                    self.assertIn(expected, printed)
        with open(path, "rb") as f:
            before = f.read()
        result = self.smp("session", "aftercare", str(session), "--output", path, expect=73)
        self.assert_error(result.stderr, "already exists", "another name")
        with open(path, "rb") as f:
            self.assertEqual(f.read(), before)

    def test_no_aftercare_for_a_consultation_or_a_cancelled_booking(self):
        consult = self.log("--kind", "consult")
        result = self.smp("session", "aftercare", str(consult), expect=65)
        self.assert_error(result.stderr, "consultation", "no aftercare")
        booked = int(self.smp("session", "plan", str(self.client), "--date", "2026-06-20",
                              "-q").stdout)
        self.smp("session", "cancel", str(booked), "-q")
        result = self.smp("session", "aftercare", str(booked), expect=65)
        self.assert_error(result.stderr, "cancelled")


if __name__ == "__main__":
    unittest.main()


class AftercareGivenTest(HandoutTestCase):
    def test_given_in_person_is_recorded_once_and_shown(self):
        session = self.log("--area", "crown")
        self.assertIn("not given yet (smp session aftercare", self.smp("session", "show",
                                                                       str(session)).stdout)
        result = self.smp("session", "aftercare", str(session), "--given")
        self.assertEqual(result.stdout, "")  # recorded, not printed
        self.assertIn("given on 2026-06-15", result.stderr)
        shown = self.json_out("session", "show", str(session))
        self.assertEqual((shown["aftercare_how"], shown["aftercare_on"]), ("given", "2026-06-15"))
        client = self.json_out("client", "show", str(self.client))
        self.assertEqual(client["aftercare_session_id"], session)
        self.assertEqual(client["aftercare_on"], "2026-06-15")
        self.assertIn(f"given on 2026-06-15 (session {session})",
                      self.smp("client", "show", str(self.client)).stdout)
        # Once: a second record keeps the first.
        again = self.smp("session", "aftercare", str(session), "--given", "--as-of",
                         "2026-06-17")
        self.assertIn("given on 2026-06-15", again.stderr)

    def test_refused_before_the_session_or_for_a_booking(self):
        session = self.log()
        booked = int(self.smp("session", "plan", str(self.client), "--date", "2026-06-20",
                              "-q").stdout)
        before = self.read_bytes(self.records)
        result = self.smp("session", "aftercare", str(session), "--given", "--date",
                          "2026-06-14", expect=65)
        self.assert_error(result.stderr, "2026-06-14", "from the session (2026-06-15)")
        result = self.smp("session", "aftercare", str(booked), "--given", expect=65)
        self.assert_error(result.stderr, "scheduled", "done treatment session")
        self.assertEqual(self.read_bytes(self.records), before)
