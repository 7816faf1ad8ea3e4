"""Standard output and standard error that fail.

Standard output on a full disk (`> /dev/full`) or closed: every command that prints exits 74
with a message, and `touchup remind` records no reminder as sent (they go out on the next run).
Standard error full, closed, or a pipe nobody reads (cron's `2>>log` on a full disk): a write
that succeeded still exits 0 and is committed; a failure keeps its own exit code; smp never
crashes (no 134, no SIGPIPE death).
"""

import os
import subprocess
import unittest

from reliability import EXIT_DATA, EXIT_IO, EXIT_USAGE, SmpTestCase, figures

DUE_CLIENTS = 5


class FailingOutputTest(SmpTestCase):
    TIMEOUT = 60

    def run_with(self, args, stdout=None, stderr=None, preexec_fn=None):
        """Runs smp with the given stdout and stderr (files, fds or None for a pipe)."""
        proc = subprocess.run(self.command(args), stdin=subprocess.DEVNULL,
                              stdout=stdout if stdout is not None else subprocess.PIPE,
                              stderr=stderr if stderr is not None else subprocess.PIPE,
                              env=self.run_env({}), cwd=self.tmp, preexec_fn=preexec_fn,
                              timeout=self.TIMEOUT)
        err = proc.stderr.decode("utf-8", "replace") if proc.stderr is not None else ""
        return proc.returncode, err

    def clients_due(self):
        for n in range(DUE_CLIENTS):
            client = self.add_client(f"Due Client {n}", "--email", f"due{n}@example.com")
            self.consent_to_reminders(client)
            self.smp("session", "log", client, "--date", "2026-05-20")

    def sent_reminders(self):
        return self.query("SELECT count(*) FROM reminder WHERE status = 'sent'")[0][0]

    def test_full_stdout(self):
        self.clients_due()
        commands = [
            ["touchup", "remind"],
            ["touchup", "remind", "--format", "json"],
            ["touchup", "calendar"],
            ["touchup", "due"],
            ["client", "list"],
            ["client", "show", "1"],
            ["client", "export", "1"],
            ["export", "clients"],
            ["export", "sessions", "--format", "json"],
            ["--version"],
            ["client", "--help"],
        ]
        exits = []
        with open("/dev/full", "wb") as full:
            for args in commands:
                with self.subTest(command=" ".join(args)):
                    code, err = self.run_with(args, stdout=full)
                    exits.append(code)
                    self.assertEqual(code, EXIT_IO, err)
                    if not args[0].startswith("-") and args[-1] != "--help":
                        self.assertIn("cannot write the output", err)
                    self.assertEqual(self.sent_reminders(), 0, "a reminder was recorded as sent")
        # The reminders were released, not lost: the next run with room sends all of them.
        out = self.smp("touchup", "remind").stdout
        self.assertEqual(out.count("To: "), DUE_CLIENTS)
        self.assertEqual(self.sent_reminders(), DUE_CLIENTS)
        figures("reliability.full_stdout", commands=len(commands),
                exit_74=exits.count(EXIT_IO), reminders_recorded_sent=0,
                reminders_sent_next_run=DUE_CLIENTS)

    def test_closed_stdout(self):
        self.clients_due()
        code, err = self.run_with(["touchup", "remind"], preexec_fn=lambda: os.close(1))
        self.assertEqual(code, EXIT_IO, err)
        self.assertEqual(self.sent_reminders(), 0)

    def failing_stderrs(self):
        """(name, stderr argument, preexec_fn) for each way stderr can fail."""
        full = open("/dev/full", "wb")
        self.addCleanup(full.close)
        read_end, write_end = os.pipe()
        os.close(read_end)  # a pipe nobody reads: writing to it raises SIGPIPE
        self.addCleanup(os.close, write_end)
        return [("full", full, None), ("closed", subprocess.DEVNULL, lambda: os.close(2)),
                ("broken pipe", write_end, None)]

    def test_failing_stderr(self):
        self.clients_due()
        runs = 0
        for name, stderr, preexec in self.failing_stderrs():
            with self.subTest(stderr=name):
                # Writes whose confirmations, warnings or notices go to stderr.
                code, _ = self.run_with(["client", "add", f"Stderr {name}", "--phone", "+44 1"
                                         "23 456"], stderr=stderr, preexec_fn=preexec)
                self.assertEqual(code, 0)
                code, _ = self.run_with(["session", "log", f"Stderr {name}", "--date",
                                         "2026-06-01"], stderr=stderr, preexec_fn=preexec)
                self.assertEqual(code, 0)  # warns: no consent, no screening
                code, _ = self.run_with(["touchup", "remind", "--exec", "cat >/dev/null"],
                                        stderr=stderr, preexec_fn=preexec)
                self.assertIn(code, (0, 1))
                # An error keeps its own exit code.
                code, _ = self.run_with(["client", "add", "Bad", "--email", "nope"],
                                        stderr=stderr, preexec_fn=preexec)
                self.assertEqual(code, EXIT_USAGE)
                runs += 4
                self.assertEqual(len(self.json_out("client", "list", "--search",
                                                   f"Stderr {name}")), 1)
        figures("reliability.failing_stderr", runs=runs, crashes=0, exit_changed=0)


if __name__ == "__main__":
    unittest.main()
