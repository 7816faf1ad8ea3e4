"""One rule for a bad value: typed on the command line it is a usage error (64) naming the
option, before anything is read or written; read from a file it is bad data (65)."""

import hashlib
import os

from smptest import EXIT_DATA, EXIT_USAGE, SmpTestCase
from test_completions import described_options

# Options whose value has a form smp checks, with a value of the wrong form: the command line
# that carries it, and the name the error must give.
TYPED = [
    (("session", "log", "1", "--date", "garbage"), "--date"),
    (("session", "plan", "1", "--date", "+3q"), "--date"),
    (("session", "log", "1", "--time", "25:99"), "--time"),
    (("session", "log", "1", "--duration", "forever"), "--duration"),
    (("session", "log", "1", "--needle", "zz"), "--needle"),
    (("session", "log", "1", "--depth", "99"), "--depth"),
    (("session", "log", "1", "--voltage", "-3"), "--voltage"),
    (("session", "log", "1", "--pain", "11"), "--pain"),
    (("session", "log", "1", "--price", "12.345"), "--price"),
    (("session", "log", "1", "--dilution", "six"), "--dilution"),
    (("session", "list", "--from", "soon"), "--from"),
    (("session", "edit", "1", "--clear", "colour"), "--clear"),
    (("client", "add", "Ann", "--phone", "call me"), "--phone"),
    (("client", "add", "Ann", "--email", "-x@y.z"), "--email"),
    (("client", "add", "Ann", "--birth-date", "2999-01-01"), "--birth-date"),
    (("client", "add", "Ann", "--planned-sessions", "99"), "--planned-sessions"),
    (("client", "edit", "1", "--clear", "shoe-size"), "--clear"),
    (("client", "list", "--inactive-since", "long"), "--inactive-since"),
    (("client", "consent", "1", "--kind", "photo", "--signed", "31/12/2025"), "--signed"),
    (("shade", "add", "Ink", "--dilution", "6-1"), "--dilution"),
    (("shade", "lot", "add", "Ink", "L1", "--expires", "soon"), "--expires"),
    (("shade", "mix", "Ink", "--volume", "500"), "--volume"),
    (("touchup", "due", "--within", "3q"), "--within"),
    (("touchup", "set", "1", "--every", "often"), "--every"),
    (("touchup", "remind", "--exec-timeout", "ages"), "--exec-timeout"),
    (("agenda", "--as-of", "someday"), "--as-of"),
    (("payment", "add", "1", "12.345"), "AMOUNT"),
    (("payment", "add", "1", "10", "--date", "soonish"), "--date"),
    (("payment", "list", "--to", "later"), "--to"),
]


class OptionValueRule(SmpTestCase):
    def setUp(self):
        super().setUp()
        self.add_client("Tom Baker", "--phone", "+44 7700 900123")
        self.smp("shade", "add", "Ink", "--base", "black")
        self.smp("session", "log", "1", "--kind", "consult")
        self.smp("payment", "add", "1", "10")
        self.before = self.digest()

    def digest(self):
        with open(self.records, "rb") as f:
            return hashlib.sha256(f.read()).hexdigest()

    def refused(self, args, option, value):
        _, err, _ = self.smp(*args, expect=EXIT_USAGE)
        self.assertEqual(len(err.splitlines()), 1, err)
        self.assertRegex(err, r"^smp: error: (--[a-z-]+|[A-Z]+): ")
        self.assertIn(f'"{value}"', err)
        self.assertEqual(self.digest(), self.before, args)

    def test_every_typed_value_is_a_usage_error_naming_the_option(self):
        for args, option in TYPED:
            with self.subTest(args=args):
                self.refused(args, option, args[-1])

    def test_every_closed_set_refuses_an_unknown_value_with_64(self):
        # Every option _describe lists values for, in one command of its own.
        runnable = {"client add": ["Ann"], "client edit": ["1"], "client consent": ["1"],
                    "client screen": ["1"], "session log": ["1"], "session plan": ["1"],
                    "session edit": ["1"], "session list": [], "shade add": ["Ink2"],
                    "shade edit": ["Ink"], "touchup due": [], "touchup remind": ["--dry-run"],
                    "payment add": ["1", "10"], "payment list": [], "payment edit": ["1"]}
        tried = 0
        for command, option, values in described_options():
            if command not in runnable or not values or not option.startswith("--"):
                continue
            with self.subTest(command=command, option=option):
                self.refused((*command.split(), *runnable[command], option, "nonsuch"),
                             option, "nonsuch")
                tried += 1
        self.assertGreater(tried, 15)

    def test_the_same_value_in_an_imported_file_is_bad_data(self):
        path = os.path.join(self.home, "clients.csv")
        with open(path, "w", encoding="utf-8") as f:
            f.write("name,phone,birth_date\nAnn Lee,call me,2999-01-01\n")
        _, err, _ = self.smp("import", "clients", path, expect=EXIT_DATA)
        self.assertIn('"call me"', err)
        self.assertEqual(self.digest(), self.before)
