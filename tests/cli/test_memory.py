"""What a command costs the machine beyond its time: page faults.

smp asks for its heap in 2 MiB pages (src/io/huge_pages.cpp): in a virtual machine each 4 KiB
page fault is dear, and a listing took hundreds of them (ARCHITECTURE.md, "Page faults")."""

import os
import resource
import subprocess
import unittest

from smptest import SmpTestCase


def huge_pages_on_advice():
    try:
        with open("/sys/kernel/mm/transparent_hugepage/enabled") as f:
            setting = f.read()
    except OSError:
        return False
    return "[always]" in setting or "[madvise]" in setting


@unittest.skipUnless(huge_pages_on_advice(), "this kernel gives no huge pages")
@unittest.skipIf("ASAN_OPTIONS" in os.environ, "AddressSanitizer keeps its own heap")
class PageFaultTest(SmpTestCase):
    def faults_of(self, *args):
        """The minor page faults of one run of smp (its own, as the kernel counts them)."""
        before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_minflt
        subprocess.run([self.binary, "--as-of", "2026-06-15", *args], env=self.env, check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        return resource.getrusage(resource.RUSAGE_CHILDREN).ru_minflt - before

    def test_a_listing_of_thousands_costs_few_page_faults(self):
        clients = os.path.join(self.tmp, "clients.csv")
        with open(clients, "w") as f:
            f.write("name,phone,email,notes\n")
            for n in range(3000):
                f.write(f"Client Number {n},+44 7700 {n:06d},client{n}@example.com,"
                        f"prefers mornings; fine scarring at the crown {n}\n")
        self.smp("import", "clients", clients)
        start = self.faults_of("--version")
        listing = self.faults_of("client", "list", "--format", "csv")
        # Loading smp and SQLite costs the same whatever the command; the listing's own memory
        # came at one fault per 4 KiB: some 340 more than --version, before the heap's huge pages.
        self.assertLess(listing - start, 150, f"--version: {start}, client list: {listing}")

    def test_a_limit_on_address_space_leaves_malloc_as_it_was(self):
        # Growing the heap 64 MiB at a time would not fit under a 48 MiB limit (ulimit -v);
        # smp needs far less, and keeps working there as it did before.
        def limited():
            resource.setrlimit(resource.RLIMIT_AS, (48 << 20, 48 << 20))

        clients = os.path.join(self.tmp, "clients.csv")
        with open(clients, "w") as f:
            f.write("name,email\nAna Lima,ana@example.com\nBo Chen,bo@example.com\n")
        self.smp("--version", preexec_fn=limited)
        self.smp("import", "clients", clients, preexec_fn=limited)
        out, _, _ = self.smp("client", "list", "--format", "csv", preexec_fn=limited)
        self.assertIn("Bo Chen", out)
