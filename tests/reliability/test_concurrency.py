"""Concurrency: several smp processes writing to one records file at the same time.

Three writers each make 300 writes (one smp process per write) to the same file at once. With
the default busy timeout none may give up as busy (exit 75), every acknowledged write must be
in the file, and nothing else. Each kind of concurrent write is a function in WRITES.
"""

import os
import subprocess
import threading
import unittest

from reliability import EXIT_BUSY, SmpTestCase, connect, figures, integrity

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


if __name__ == "__main__":
    unittest.main()
