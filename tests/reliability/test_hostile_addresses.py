"""Hostile addresses: an email or phone number that a send command would read as an option
(`--exec=!touch${IFS}/tmp/x@x.y`, which GNU mailutils' `mail` runs), or that carries shell or
control characters, is refused wherever it enters (client add, client edit, CSV import), and
one already stored by an older smp never reaches a `touchup remind --exec` command.
"""

import os
import sqlite3
import unittest

from reliability import EXIT_DATA, EXIT_USAGE, SmpTestCase, figures

HOSTILE_EMAILS = [
    "--exec=!touch${IFS}/tmp/x@x.y",
    "-oProxyCommand=x@example.com",
    "-@example.com",
    "$(touch pwned)@example.com",
    "`touch pwned`@example.com",
    "a;touch pwned@example.com",
    "a|b@example.com",
    "a&b@example.com",
    "it's@example.com",
    "a\\b@example.com",
    "jane\x1b]52;c;aGk=\x07@example.com",
    "jane\u202e@example.com",
    "jane@-example.com",
    "jane@example..com",
]

HOSTILE_PHONES = ["-1234567", "--exec=123", "+44 7700 900123; rm", "123$(id)", "\x1b[2J123456"]


class HostileAddressTest(SmpTestCase):
    TIMEOUT = 60

    def test_refused_by_add_edit_and_import(self):
        self.add_client("Jane Doe", "--email", "jane@example.com")
        refused = 0
        for email in HOSTILE_EMAILS:
            with self.subTest(email=email):
                _, err, _ = self.smp("client", "add", "Mallory", "--email", email,
                                     expect=EXIT_USAGE)
                self.assertIn("invalid email", err)
                self.smp("client", "edit", "jane", "--email", email, expect=EXIT_USAGE)
                refused += 2
        for phone in HOSTILE_PHONES:
            with self.subTest(phone=phone):
                self.smp("client", "add", "Mallory", "--phone", phone, expect=EXIT_USAGE)
                self.smp("client", "edit", "jane", "--phone", phone, expect=EXIT_USAGE)
                refused += 2
        # Import: every bad row listed, nothing written.
        csv_path = os.path.join(self.tmp, "clients.csv")
        with open(csv_path, "w", encoding="utf-8", newline="") as f:
            f.write("name,email\n")
            for n, email in enumerate(HOSTILE_EMAILS):
                quoted = '"' + email.replace('"', '""') + '"'
                f.write(f"Imported {n},{quoted}\n")
        _, err, _ = self.smp("import", "clients", csv_path, expect=EXIT_DATA)
        self.assertEqual(err.count("email: invalid email"), len(HOSTILE_EMAILS))
        refused += len(HOSTILE_EMAILS)
        names = [row["name"] for row in self.json_out("client", "list")]
        self.assertEqual(names, ["Jane Doe"])
        self.assertEqual(self.json_out("client", "show", "jane")["email"], "jane@example.com")
        figures("reliability.hostile_addresses", tried=refused, refused=refused, stored=0)

    def test_stored_hostile_address_never_reaches_the_command(self):
        """Addresses an older smp stored: the --exec command never sees one of them."""
        ids = []
        for n in range(len(HOSTILE_EMAILS)):
            ids.append(self.add_client(f"Client {n}", "--email", f"c{n}@example.com"))
            self.smp("session", "log", ids[-1], "--date", "2026-05-20")
        self.reminders_need_no_consent()
        good = self.add_client("Good Client", "--email", "good@example.com")
        self.smp("session", "log", good, "--date", "2026-05-20")
        conn = sqlite3.connect(self.records)
        for client_id, email in zip(ids, HOSTILE_EMAILS):
            conn.execute("UPDATE client SET email = ? WHERE id = ?", (email, client_id))
        conn.commit()
        conn.close()
        log = os.path.join(self.tmp, "arguments.log")
        # The command records each argument it was given, one a line, as `mail` would see them.
        command = f'for a in "$SMP_ADDRESS"; do printf "%s\\n" "$a" >> {log}; done'
        _, err, _ = self.smp("touchup", "remind", "--exec", command)
        with open(log, encoding="utf-8", errors="surrogateescape") as f:
            received = f.read().splitlines()
        as_option = [a for a in received if a.startswith("-")]
        self.assertEqual(received, ["good@example.com"])
        self.assertEqual(err.count("is not a valid address"), len(HOSTILE_EMAILS))
        self.assertNotIn("\x1b", err)
        self.assertEqual(self.query("SELECT count(*) FROM reminder")[0][0], 1)
        figures("reliability.hostile_addresses_stored", stored=len(HOSTILE_EMAILS),
                reached_command=len(received) - 1, reached_as_option=len(as_option))


if __name__ == "__main__":
    unittest.main()
