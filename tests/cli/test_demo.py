"""The README's first command: the demo practice (scripts/make-demo) and its agenda."""

import os
import subprocess
import unittest

from smptest import SmpTestCase


class DemoTest(SmpTestCase):
    def test_demo_practice_fills_every_part_of_the_agenda(self):
        script = os.path.join(self.source_dir, "scripts", "make-demo")
        subprocess.run([script, self.binary, self.records], check=True, env=self.env,
                       stdout=subprocess.DEVNULL, timeout=120)
        # The demo is dated from the real today, so no --as-of here.
        agenda = self.json_out("agenda", as_of=False)
        self.assertEqual(len(agenda["sessions"]), 4)
        self.assertEqual([f["client_name"] for f in agenda["followups"]], ["José Müller", "Jane Doe"])
        self.assertEqual(len(agenda["touchups"]), 3)
        self.assertEqual({l["lot"] for l in agenda["lots"]}, {"L-2291", "SG-118"})
        clients = self.json_out("client", "list", "--all", as_of=False)
        self.assertEqual(len(clients), 12)
        self.assertEqual(self.query("PRAGMA integrity_check"), [("ok",)])


if __name__ == "__main__":
    unittest.main()
