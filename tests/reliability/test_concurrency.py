"""Concurrency: several smp processes writing to one records file at the same time.

Three writers each make 300 writes (one smp process per write) to the same file at once. With
the default busy timeout none may give up as busy (exit 75), every acknowledged write must be
in the file, and nothing else. Each kind of concurrent write is a function in WRITES.

Two `smp remind` jobs started together (two cron jobs, or cron and a person) on a file with
many messages due, of every kind (booking reminders, confirmations, cancellations, aftercare and
follow-ups): every message goes out exactly once, counted three ways: the rows in the reminder
table, what the --exec commands recorded, and what printing jobs printed.
"""

import collections
import json
import os
import shutil
import subprocess
import threading
import unittest

from reliability import (EXIT_BUSY, EXIT_NO_MATCH, SmpTestCase, connect, fetch_all, figures,
                         integrity)

WRITERS = 3
WRITES_PER_WRITER = int(os.environ.get("SMP_RELIABILITY_WRITES", "300"))


def client_add(writer, write):
    """A new client: the row it must leave is the client's name."""
    name = f"Writer {writer} client {write}"
    return ["client", "add", name, "-q"], ("client", name)


def session_log(writer, write):
    """A session for the writer's own client (added before the race), tagged by its notes."""
    notes = f"writer-{writer}-write-{write}"
    return (["session", "log", f"Writer {writer} own client", "--date", "2026-06-01",
             "--duration", "2h", "--notes", notes, "-q"], ("session", notes))


def client_edit(writer, write):
    """An edit of a shared client: a write that leaves no new row (nothing to count)."""
    return ["client", "edit", "Shared Client", "--notes", f"writer {writer} write {write}"], None


# What each writer does, in turn.
WRITES = [client_add, session_log, client_edit]


class ConcurrentWritesTest(SmpTestCase):
    TIMEOUT = 60

    def rows_present(self):
        conn = connect(self.records)
        try:
            clients = {("client", name) for (name,) in
                       conn.execute("SELECT name FROM client WHERE name LIKE 'Writer % client %'")}
            sessions = {("session", notes) for (notes,) in
                        conn.execute("SELECT notes FROM session WHERE notes LIKE 'writer-%'")}
        finally:
            conn.close()
        return clients | sessions

    def writer(self, number, outcome, lock):
        env = self.run_env({})
        for write in range(WRITES_PER_WRITER):
            args, row = WRITES[write % len(WRITES)](number, write)
            proc = subprocess.run(self.command(args), stdin=subprocess.DEVNULL,
                                  capture_output=True, env=env, cwd=self.tmp,
                                  timeout=self.TIMEOUT)
            with lock:
                outcome["writes"] += 1
                if proc.returncode == 0:
                    if row:
                        outcome["acknowledged"].add(row)
                elif proc.returncode == EXIT_BUSY:
                    outcome["busy"] += 1
                else:
                    outcome["errors"].append((args, proc.returncode, proc.stderr.decode()))

    def test_three_writers_at_once(self):
        self.smp("client", "add", "Shared Client")
        for number in range(WRITERS):
            self.smp("client", "add", f"Writer {number} own client")
        outcome = {"writes": 0, "acknowledged": set(), "busy": 0, "errors": []}
        lock = threading.Lock()
        threads = [threading.Thread(target=self.writer, args=(n, outcome, lock))
                   for n in range(WRITERS)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        present = self.rows_present()
        verdict = integrity(self.records)
        figures("reliability.concurrency", writers=WRITERS, writes=outcome["writes"],
                busy_errors=outcome["busy"], other_errors=len(outcome["errors"]),
                rows_acknowledged=len(outcome["acknowledged"]), rows_present=len(present),
                integrity=verdict)
        self.assertEqual(outcome["errors"], [])
        self.assertEqual(outcome["busy"], 0)
        self.assertEqual(present, outcome["acknowledged"])
        self.assertEqual(verdict, "ok")


CLIENTS_DUE = int(os.environ.get("SMP_RELIABILITY_DUE_CLIENTS", "40"))
REMIND_ROUNDS = 6


class TwoReminderJobsTest(SmpTestCase):
    TIMEOUT = 120

    def records_with_clients_due(self, path):
        """CLIENTS_DUE clients with an email address and one course session on 2026-05-20, so a
        follow-up is due on 2026-06-03 (AS_OF is 2026-06-15). Imported clients cannot carry a
        consent: the config sends reminders without one. Returns their ids."""
        self.reminders_need_no_consent()
        clients = os.path.join(self.tmp, "due-clients.csv")
        with open(clients, "w", encoding="utf-8") as f:
            f.write("name,email\n")
            f.writelines(f"Due Client {n},due{n}@example.com\n" for n in range(CLIENTS_DUE))
        sessions = os.path.join(self.tmp, "due-sessions.csv")
        with open(sessions, "w", encoding="utf-8") as f:
            f.write("client,date\n")
            f.writelines(f"Due Client {n},2026-05-20\n" for n in range(CLIENTS_DUE))
        self.smp("-f", path, "import", "clients", clients)
        self.smp("-f", path, "import", "sessions", sessions)
        return {row["id"] for row in self.json_out("-f", path, "client", "list")}

    def with_every_kind_of_message(self, path, due):
        """Adds, beside the follow-ups, a message of each other kind: every fourth client is
        booked for tomorrow (booking reminder and confirmation), every fourth was treated two
        days ago (aftercare), every fourth had a booking confirmed and then cancelled
        (cancellation), and a few new clients finished a course in 2022 (touch-ups)."""
        ids = sorted(due)
        cancelled = [int(self.smp("-f", path, "session", "plan", str(client), "--date",
                                  "2026-06-25", "-q").stdout) for client in ids[3::4]]
        self.smp("-f", path, "remind", "--kind", "confirmation", "--exec", "cat >/dev/null",
                 "--format", "json")
        for session in cancelled:
            self.smp("-f", path, "session", "cancel", str(session), "-q")
        for client in ids[1::4]:
            self.smp("-f", path, "--as-of", "2026-06-10", "session", "plan", str(client),
                     "--date", "2026-06-16", "--time", "10:00", "-q")
        for client in ids[2::4]:
            self.smp("-f", path, "session", "log", str(client), "--date", "2026-06-13", "-q")
        for n in range(max(2, len(ids) // 8)):  # a course finished in 2022: touch-up due
            client = self.smp("-f", path, "client", "add", f"Touch Client {n}", "--email",
                              f"touch{n}@example.com", "-q").stdout.strip()
            self.smp("-f", path, "session", "log", client, "--date", "2022-07-01", "--final",
                     "-q")

    def expected_messages(self, path):
        """What one job would send: (client, kind, session) for each message."""
        rows = self.json_out("-f", path, "remind", "--list", expect=(0, 1))
        return collections.Counter((r["client_id"], r["kind"], r["session_id"]) for r in rows)

    def two_jobs(self, path, extra):
        """Starts two `smp remind` jobs together; returns [(exit code, stdout, stderr)]."""
        jobs = [subprocess.Popen(self.command(["-f", path, "remind", *extra]),
                                 env=self.run_env({"REMIND_JOB": str(job)}), cwd=self.tmp,
                                 stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                 stderr=subprocess.PIPE)
                for job in range(2)]
        results = []
        for job in jobs:
            out, err = job.communicate(timeout=self.TIMEOUT)
            results.append((job.returncode, out.decode(), err.decode()))
        return results

    def test_two_remind_jobs_at_once(self):
        totals = collections.Counter()
        base = os.path.join(self.tmp, "base.db")
        due = self.records_with_clients_due(base)
        self.with_every_kind_of_message(base, due)
        expected = self.expected_messages(base)
        self.assertEqual({kind for _, kind, _ in expected},
                         {"booking", "confirmation", "cancellation", "aftercare", "followup",
                          "touchup"})
        for round_ in range(REMIND_ROUNDS):
            path = os.path.join(self.tmp, f"round-{round_}.db")
            shutil.copyfile(base, path)
            os.chmod(path, 0o600)
            # Half the rounds send through --exec (one claim and one send at a time, each send
            # taking a moment so the jobs interleave), half print (all claimed at once).
            sent_log = os.path.join(self.tmp, f"sent-{round_}.log")
            by_exec = round_ % 2 == 0
            extra = (["--exec", f'sleep 0.01; echo "$SMP_CLIENT_ID $SMP_KIND '
                                f'${{SMP_SESSION_ID:-0}} $REMIND_JOB" >> {sent_log}']
                     if by_exec else ["--format", "ndjson"])
            results = self.two_jobs(path, extra)
            for code, _, err in results:
                if code == EXIT_BUSY:
                    totals["busy_errors"] += 1
                elif code not in (0, EXIT_NO_MATCH):
                    totals["other_errors"] += 1
                    print(f"  round {round_}: remind exited {code}: {err}")
            # ((client id, kind, session), job) for each message sent
            if by_exec:
                with open(sent_log, encoding="utf-8") as f:
                    sends = [((int(c), k, int(s) or None), int(j))
                             for c, k, s, j in (line.split() for line in f.read().splitlines())]
            else:
                sends = [((r["client_id"], r["kind"], r["session_id"]), job)
                         for job, (_, out, _) in enumerate(results)
                         for r in (json.loads(line) for line in out.split("\n") if line)]
            totals["rounds_both_jobs_sent"] += len({job for _, job in sends}) == 2
            rows = fetch_all(path, "SELECT client_id, kind, session_id, due_on, channel, status "
                                   "FROM reminder")
            recorded = collections.Counter(tuple(row[:5]) for row in rows)
            sent = collections.Counter(message for message, _ in sends)
            totals["messages_due"] += len(expected)
            totals["messages_sent"] += len(sends)
            totals["sent_twice"] += sum(1 for n in sent.values() if n > 1)
            totals["recorded_twice"] += sum(1 for n in recorded.values() if n > 1)
            totals["not_sent"] += len(set(expected) - set(sent))
            totals["sent_unexpected"] += len(set(sent) - set(expected))
            totals["left_sending"] += sum(1 for *_, status in rows if status != "sent")
            totals["integrity_failures"] += integrity(path) != "ok"
        figures("reliability.concurrency.remind", rounds=REMIND_ROUNDS, jobs=2 * REMIND_ROUNDS,
                messages_due=totals["messages_due"], messages_sent=totals["messages_sent"],
                rounds_both_jobs_sent=totals["rounds_both_jobs_sent"],
                sent_twice=totals["sent_twice"], recorded_twice=totals["recorded_twice"],
                not_sent=totals["not_sent"], busy_errors=totals["busy_errors"],
                other_errors=totals["other_errors"], left_sending=totals["left_sending"],
                integrity_failures=totals["integrity_failures"])
        self.assertEqual(totals["messages_sent"], totals["messages_due"])
        for key in ("sent_twice", "recorded_twice", "not_sent", "sent_unexpected", "busy_errors",
                    "other_errors", "left_sending", "integrity_failures"):
            self.assertEqual(totals[key], 0, key)


if __name__ == "__main__":
    unittest.main()
