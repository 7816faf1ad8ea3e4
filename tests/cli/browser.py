"""Prints smp's handouts (receipt, aftercare sheet, ink passport, photo sheet) the way a person
would: Debian's chromium, headless, prints the HTML page to PDF, and poppler's pdftotext and
pdfinfo read the PDF back. Used by the CLI tests of every HTML handout:

    from browser import print_to_pdf, pdf_text, pdf_pages, screenshot

    pdf = print_to_pdf(self, html_path, paper="A4")   # or "Letter"
    self.assertEqual(pdf_pages(pdf), 1)
    self.assertIn("LOT-2291", pdf_text(pdf))

`case` is the running SmpTestCase: the browser's profile and the PDF go into its temporary
folder. chromium and poppler-utils are installed by scripts/dev; a missing browser fails the
test (it is not skipped), so CI cannot pass without printing.
"""

import os
import shutil
import subprocess

BROWSER = shutil.which("chromium") or shutil.which("chromium-browser")


def _run_browser(case, html_path, *flags):
    if BROWSER is None:
        case.fail("chromium is not installed (scripts/dev deps installs it)")
    profile = os.path.join(case.tmp, "browser-profile")
    command = [BROWSER, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
               "--disable-extensions", "--allow-file-access-from-files",
               f"--user-data-dir={profile}", *flags, "file://" + os.path.abspath(html_path)]
    env = dict(os.environ, HOME=case.tmp)
    done = subprocess.run(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          timeout=120)
    case.assertEqual(done.returncode, 0, done.stderr.decode(errors="replace")[-2000:])


def print_to_pdf(case, html_path, paper="A4"):
    """The page printed on `paper` (A4 or Letter), as the print dialog would; returns the PDF's
    path. The paper is chosen by adding an @page size rule to a copy of the page, as a
    person's printer settings would choose it."""
    with open(html_path, encoding="utf-8") as page:
        html = page.read()
    chosen = html.replace("</head>", f"<style>@page {{ size: {paper}; }}</style>\n</head>", 1)
    copy = os.path.join(case.tmp, f"print-{paper}.html")
    with open(copy, "w", encoding="utf-8") as out:
        out.write(chosen)
    pdf = os.path.join(case.tmp, f"print-{paper}.pdf")
    _run_browser(case, copy, "--no-pdf-header-footer", f"--print-to-pdf={pdf}")
    case.assertTrue(os.path.getsize(pdf) > 0, "the browser printed nothing")
    return pdf


def screenshot(case, html_path, width=1200, height=1600):
    """A PNG of the page as a browser window shows it; returns its path."""
    png = os.path.join(case.tmp, "screenshot.png")
    _run_browser(case, html_path, f"--window-size={width},{height}",
                 "--hide-scrollbars", f"--screenshot={png}")
    return png


def pdf_text(pdf):
    """The PDF's text, laid out as printed."""
    return subprocess.run(["pdftotext", "-layout", pdf, "-"], check=True,
                          stdout=subprocess.PIPE).stdout.decode()


def pdf_pages(pdf):
    """How many pages the PDF has."""
    info = subprocess.run(["pdfinfo", pdf], check=True, stdout=subprocess.PIPE).stdout.decode()
    for line in info.splitlines():
        if line.startswith("Pages:"):
            return int(line.split()[1])
    raise AssertionError(f"pdfinfo gave no page count for {pdf}")


def pdf_page_size(pdf):
    """The first page's size in points (width, height): A4 is 595x842, Letter 612x792."""
    info = subprocess.run(["pdfinfo", pdf], check=True, stdout=subprocess.PIPE).stdout.decode()
    for line in info.splitlines():
        if line.startswith("Page size:"):
            parts = line.split()
            return round(float(parts[2])), round(float(parts[4]))
    raise AssertionError(f"pdfinfo gave no page size for {pdf}")
