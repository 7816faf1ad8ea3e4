"""`smp payment receipt` (issue 21): the text and HTML forms, tax lines from the config, the
printed page (one A4 or Letter sheet, read back from the PDF), hostile text escaped, and
--output written privately and never over another file."""

import os
import stat
import unittest

from browser import pdf_pages, pdf_text, print_to_pdf
from smptest import EXIT_CANT_CREATE, EXIT_DATA, SmpTestCase

STUDIO = ('[studio]\nname = "Studio Nord"\naddress = """12 Mill Lane\nManchester M1 2AB"""\n'
          'phone = "0161 496 0000"\n')


class ReceiptTest(SmpTestCase):
    def setUp(self):
        super().setUp()
        self.write_config('[money]\ntax_rate = "20"\n' + STUDIO)
        self.add_client("Jane Doe")
        self.session_id = int(self.smp("session", "plan", "Jane", "--date", "2026-07-01",
                                       "--price", "1,200", "-q").stdout.strip())
        self.deposit = int(self.smp("payment", "add", "Jane", "240", "--deposit", "--session",
                                    str(self.session_id), "--method", "card", "-q")
                           .stdout.strip())

    def test_text_receipt_has_studio_client_amount_and_tax(self):
        text = self.smp("payment", "receipt", str(self.deposit)).stdout
        for expected in ("Studio Nord", "12 Mill Lane", "Manchester M1 2AB", "0161 496 0000",
                         f"Receipt {self.deposit}", "2026-06-15", "Jane Doe", "deposit",
                         "card", "course session booked for 2026-07-01", "240.00 EUR",
                         "200.00 EUR", "Tax at 20%", "40.00 EUR"):
            self.assertIn(expected, text)

    def test_prices_before_tax_add_it(self):
        self.write_config('[money]\ntax_rate = "7.5"\nprices_include_tax = false\n' + STUDIO)
        text = self.smp("payment", "receipt", str(self.deposit)).stdout
        self.assertIn("Tax at 7.5%:    18.00 EUR", text)
        self.assertIn("Total:          258.00 EUR", text)

    def test_no_tax_rate_no_tax_lines(self):
        self.write_config(STUDIO)
        text = self.smp("payment", "receipt", str(self.deposit)).stdout
        self.assertIn("240.00 EUR", text)
        self.assertNotIn("Tax", text)
        self.assertNotIn("Net", text)

    def test_refund_and_fee_are_headed_as_such(self):
        refund = int(self.smp("payment", "add", "Jane", "10", "--refund", "-q").stdout)
        fee = int(self.smp("payment", "add", "Jane", "40", "--fee", "-q").stdout)
        self.assertIn(f"Refund {refund}", self.smp("payment", "receipt", str(refund)).stdout)
        self.assertIn(f"Fee charged {fee}", self.smp("payment", "receipt", str(fee)).stdout)

    def test_unknown_payment_is_a_data_error(self):
        result = self.smp("payment", "receipt", "99", expect=EXIT_DATA)
        self.assert_error(result.stderr, "99")

    def test_html_prints_on_one_page_of_a4_and_letter(self):
        path = os.path.join(self.tmp, "receipt.html")
        self.smp("payment", "receipt", str(self.deposit), "--format", "html", "--output", path)
        self.assertEqual(stat.S_IMODE(os.stat(path).st_mode), 0o600)
        for paper in ("A4", "Letter"):
            pdf = print_to_pdf(self, path, paper=paper)
            self.assertEqual(pdf_pages(pdf), 1, paper)
            text = pdf_text(pdf)
            for expected in ("Studio Nord", "Jane Doe", "240.00 EUR", "40.00 EUR"):
                self.assertIn(expected, text, paper)

    def test_hostile_names_are_escaped(self):
        self.write_config('[studio]\nname = "<script>alert(1)</script> Ink"\n')
        self.add_client("Bo <script>evil()</script>\x1b[31m")
        payment = int(self.smp("payment", "add", "Bo", "50", "-q").stdout)
        html = self.smp("payment", "receipt", str(payment), "--format", "html").stdout
        self.assertNotIn("<script>", html)
        self.assertNotIn("\x1b", html)
        self.assertIn("&lt;script&gt;alert(1)&lt;/script&gt; Ink", html)
        self.assertIn("Bo &lt;script&gt;evil()&lt;/script&gt;", html)
        text = self.smp("payment", "receipt", str(payment)).stdout
        self.assertNotIn("\x1b", text)
        path = os.path.join(self.tmp, "hostile.html")
        with open(path, "w", encoding="utf-8") as f:
            f.write(html)
        pdf = print_to_pdf(self, path, paper="A4")
        self.assertIn("<script>evil()</script>", pdf_text(pdf))

    def test_output_never_overwrites_a_file(self):
        path = os.path.join(self.tmp, "taken.html")
        with open(path, "w", encoding="utf-8") as f:
            f.write("someone else's receipt")
        with open(self.records, "rb") as f:
            before = f.read()
        result = self.smp("payment", "receipt", str(self.deposit), "--output", path,
                          expect=EXIT_CANT_CREATE)
        self.assert_error(result.stderr, "taken.html", "already exists")
        with open(path, encoding="utf-8") as f:
            self.assertEqual(f.read(), "someone else's receipt")
        with open(self.records, "rb") as f:
            self.assertEqual(f.read(), before)


if __name__ == "__main__":
    unittest.main()
