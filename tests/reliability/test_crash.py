"""Crash during writes: real smp processes are killed with SIGKILL at random moments while they
write (log sessions, add and edit clients, upgrade an old file, import a CSV), and after each
kill the records file must still be sound.

After every attempt (killed or not) a copy of the file as the kill left it (with any hot
journal) is opened the way the next smp would open it, and:
  - PRAGMA integrity_check is ok;
  - the schema is exactly what smp's migrations give for the file's user_version;
  - every change whose command had reported success (exit 0) is present;
  - a write of several rows is whole or absent (a session and its lot links, an import);
  - a journal left behind is 0600, like the records file.
Then smp itself must open the file that was left (it rolls back the hot journal).

Each kind of write is a WriteScenario in SCENARIOS; a new kind of write (an import, a backup,
a reminder run) joins the test by adding one class there.
"""

import collections
import datetime
import hashlib
import os
import random
import shutil
import stat
import subprocess
import time
import unittest

from reliability import (EXIT_NO_MATCH, SmpTestCase, connect, current_version, fetch_all, figures,
                         integrity, make_old_file, migrations, old_clients, reference_schema,
                         schema_of, user_version)
import pictures  # noqa: E402 (tests/cli, on the path reliability sets): real pictures

# Kills in all, over every scenario; each scenario gets its share.
KILLS_WANTED = int(os.environ.get("SMP_RELIABILITY_KILLS", "220"))


def padding(rng):
    """Notes of very different sizes, so that some writes span many pages (and take longer)."""
    return "x" * rng.choice([0, 10, 500, 4000, 20000])


def notes_token(notes):
    return notes.split(" ", 1)[0] if notes else None


class WriteScenario:
    """One kind of write for the kill test.

    prepare(case, path) makes the records file (once, or before every attempt if
    `fresh_file_each_attempt`); command(attempt, rng) is the smp command line for an attempt;
    check(case, path, acknowledged, attempted) looks at the file as a kill left it and returns
    counts of what is wrong: `lost` (acknowledged changes missing), `partial` (a multi-row
    write half present), `unexpected` (rows no command wrote)."""

    name = ""
    share = 1  # relative share of the kills
    fresh_file_each_attempt = False

    def prepare(self, case, path):
        pass

    def command(self, attempt, rng):
        raise NotImplementedError

    def check(self, case, path, acknowledged, attempted):
        raise NotImplementedError


class SessionLog(WriteScenario):
    """`session log` writes a session row and one link row per lot: all or nothing."""

    name = "session_log"
    share = 3

    def prepare(self, case, path):
        case.smp("-f", path, "client", "add", "Kill Client")
        case.smp("-f", path, "shade", "add", "Carbon Black", "--dilution", "6:1")
        for lot in ("L-1", "L-2"):
            case.smp("-f", path, "shade", "lot", "add", "Carbon Black", lot, "--expires", "2030-01")

    def command(self, attempt, rng):
        return ["session", "log", "1", "--date", "2026-06-01", "--duration", "3h",
                "--needle", "3RL-0.25", "--shade", "Carbon Black", "--lot", "L-1", "--lot", "L-2",
                "--notes", f"kill-{attempt} {padding(rng)}", "-q"]

    def check(self, case, path, acknowledged, attempted):
        conn = connect(path)
        try:
            rows = conn.execute("SELECT s.notes, (SELECT count(*) FROM session_lot l "
                                "WHERE l.session_id = s.id) FROM session s").fetchall()
        finally:
            conn.close()
        present = {notes_token(notes) for notes, _ in rows}
        return {"lost": len({f"kill-{a}" for a in acknowledged} - present),
                "partial": sum(1 for _, lots in rows if lots != 2),
                "unexpected": len(present - {f"kill-{a}" for a in attempted})}


class ClientAdd(WriteScenario):
    name = "client_add"

    def command(self, attempt, rng):
        return ["client", "add", f"Kill Client {attempt}", "--phone", f"+44 7700 {attempt:06d}",
                "--notes", padding(rng), "-q"]

    def check(self, case, path, acknowledged, attempted):
        conn = connect(path)
        try:
            names = {name for (name,) in conn.execute("SELECT name FROM client")}
        finally:
            conn.close()
        return {"lost": len({f"Kill Client {a}" for a in acknowledged} - names),
                "partial": 0,
                "unexpected": len(names - {f"Kill Client {a}" for a in attempted})}


class ClientEdit(WriteScenario):
    """Each edit replaces the notes: the file must hold the last acknowledged edit or a later
    attempt, never an older one."""

    name = "client_edit"

    def prepare(self, case, path):
        case.smp("-f", path, "client", "add", "Edited Client", "--notes", "kill-start")

    def command(self, attempt, rng):
        return ["client", "edit", "1", "--notes", f"kill-{attempt} {padding(rng)}"]

    def check(self, case, path, acknowledged, attempted):
        conn = connect(path)
        try:
            (notes,) = conn.execute("SELECT notes FROM client WHERE id = 1").fetchone()
        finally:
            conn.close()
        token = notes_token(notes)
        shown = -1 if token == "kill-start" else int(token.split("-")[1])
        return {"lost": int(bool(acknowledged) and shown < max(acknowledged)),
                "partial": 0,
                "unexpected": int(shown != -1 and shown not in attempted)}


class Migration(WriteScenario):
    """An old-schema file is backed up, then upgraded one step (one transaction) at a time."""

    name = "migration"
    share = 3
    fresh_file_each_attempt = True

    def prepare(self, case, path):
        folder = os.path.dirname(path)
        for name in os.listdir(folder):
            os.remove(os.path.join(folder, name))
        # A released version: the steps' numbers need not be consecutive (15 can come before 14).
        self.old_version = case.rng.choice([v for v, _ in migrations() if v < current_version()])
        make_old_file(path, self.old_version, clients=300)
        self.old_rows = old_clients(path)

    def command(self, attempt, rng):
        # Any command upgrades the file; this one prints little (a full pipe would stall smp).
        return ["client", "show", "1", "--format", "json"]

    def check(self, case, path, acknowledged, attempted):
        version = user_version(path)
        counts = {"lost": 0, "partial": 0, "unexpected": 0, "migrated_without_backup": 0,
                  "incomplete_backups": 0}
        if old_clients(path) != self.old_rows:
            counts["lost"] += 1
        if acknowledged and acknowledged[-1] == attempted[-1] and version != current_version():
            counts["lost"] += 1  # reported success, but the upgrade is not there
        backups = [os.path.join(os.path.dirname(path), name)
                   for name in os.listdir(os.path.dirname(path))
                   if ".schema-v" in name and name.endswith(".bak")]
        complete = [b for b in backups if self.complete_backup(b)]
        counts["incomplete_backups"] = len(backups) - len(complete)
        if version > self.old_version and not complete:
            counts["migrated_without_backup"] += 1
        return counts

    def complete_backup(self, path):
        try:
            return (integrity(path) == "ok" and user_version(path) == self.old_version
                    and old_clients(path) == self.old_rows)
        except Exception:
            return False


class ImportClients(WriteScenario):
    """`import clients` adds a few hundred clients from a CSV in one transaction: after a kill
    each import is wholly present or wholly absent."""

    name = "import_clients"
    share = 2

    def prepare(self, case, path):
        self.folder = os.path.join(case.tmp, "import-files")  # not beside the records file
        os.makedirs(self.folder, exist_ok=True)
        self.rows = {}

    def command(self, attempt, rng):
        rows = rng.choice([200, 300, 400])
        self.rows[attempt] = rows
        csv_path = os.path.join(self.folder, f"clients-{attempt}.csv")
        with open(csv_path, "w", encoding="utf-8") as f:
            f.write("name,phone,notes\n")
            for n in range(rows):
                f.write(f"Import {attempt} client {n},+44 7700 {n:06d},{padding(rng)[:500]}\n")
        return ["import", "clients", csv_path, "-q"]

    def check(self, case, path, acknowledged, attempted):
        present = collections.Counter(
            int(name.split(" ")[1]) for (name,) in
            fetch_all(path, "SELECT name FROM client WHERE name LIKE 'Import % client %'"))
        [(others,)] = fetch_all(path, "SELECT count(*) FROM client WHERE name NOT LIKE "
                                      "'Import % client %'")
        return {"lost": sum(1 for a in acknowledged if present[a] != self.rows[a]),
                "partial_imports": sum(1 for a, count in present.items()
                                       if a in self.rows and count != self.rows[a]),
                "unexpected": others + sum(1 for a in present if a not in attempted)}


class PhotoAdd(WriteScenario):
    """`photo add` stores the picture beside the records file (0600, by its hash), then records
    it. After a kill no record lacks its file; a file left without its record (the kill came
    between, or during the copy) is named by `smp check`, and running the same `photo add`
    again records it (and clears a half-written copy)."""

    name = "photo_add"

    def prepare(self, case, path):
        case.smp("-f", path, "client", "add", "Pia Photo", "-q")
        case.smp("-f", path, "client", "consent", "1", "--kind", "photo", "--signed",
                 "2024-01-01", "-q")
        self.folder = os.path.join(case.tmp, "pictures")  # not beside the records file
        os.makedirs(self.folder, exist_ok=True)
        self.pictures = {}

    def command(self, attempt, rng):
        picture = os.path.join(self.folder, f"scalp-{attempt}.png")
        side = rng.choice([8, 200, 700])  # from a few hundred bytes to about a megabyte
        with open(picture, "wb") as f:
            f.write(pictures.png(side, side, (attempt % 256, rng.randrange(256), 7)))
        with open(picture, "rb") as f:
            self.pictures[attempt] = (picture, hashlib.sha256(f.read()).hexdigest())
        return ["photo", "add", "1", picture, "-q"]

    def files_and_records(self, path):
        folder = os.path.splitext(path)[0] + ".photos"
        files = {os.path.join(root, name) for root, _, names in os.walk(folder)
                 for name in names}
        hashes = {sha for (sha,) in fetch_all(path, "SELECT sha256 FROM photo")}
        stored = {os.path.basename(f).split(".")[0] for f in files}
        orphans = {f for f in files if os.path.basename(f).split(".")[0] not in hashes}
        return hashes, hashes - stored, orphans

    def check(self, case, path, acknowledged, attempted):
        hashes, without_file, orphans = self.files_and_records(path)
        counts = {"lost": sum(1 for a in acknowledged if self.pictures[a][1] not in hashes),
                  "records_without_file": len(without_file),
                  "files_without_record": len(orphans), "orphans_not_repaired": 0,
                  "orphans_not_named_by_check": 0}
        if orphans:
            report = case.smp("-f", path, "check", expect=None).stdout
            counts["orphans_not_named_by_check"] = sum(1 for f in orphans if f not in report)
            for attempt in attempted:  # the same command again, on this copy
                picture, sha = self.pictures[attempt]
                if any(sha in os.path.basename(f) for f in orphans):
                    case.smp("-f", path, "photo", "add", "1", picture, "-q")
            counts["orphans_not_repaired"] = len(self.files_and_records(path)[2])
        return counts


class BackupWithPhotos(WriteScenario):
    """`backup` of a file with photos writes the records file and its photo folder. After a
    kill a backup records file is never there without every photo it records (the photos are
    copied first, to a .part folder, and named only once the records file is in place)."""

    name = "backup_with_photos"

    def prepare(self, case, path):
        case.smp("-f", path, "client", "add", "Pia Photo", "-q")
        case.smp("-f", path, "client", "consent", "1", "--kind", "photo", "--signed",
                 "2024-01-01", "-q")
        folder = os.path.join(case.tmp, "pictures")
        os.makedirs(folder, exist_ok=True)
        for n in range(6):  # about a megabyte each, so a kill often lands in the copy
            picture = os.path.join(folder, f"backup-{n}.png")
            with open(picture, "wb") as f:
                f.write(pictures.png(700, 700, (n, 40, 80)))
            case.smp("-f", path, "photo", "add", "1", picture, "-q")
        self.backups = os.path.join(case.tmp, "backups")  # not beside the records file
        os.makedirs(self.backups, exist_ok=True)

    def command(self, attempt, rng):
        return ["backup", os.path.join(self.backups, f"backup-{attempt}.db")]

    def check(self, case, path, acknowledged, attempted):
        incomplete, lost = 0, 0
        for attempt in attempted:
            backup = os.path.join(self.backups, f"backup-{attempt}.db")
            if not os.path.exists(backup):
                lost += attempt in acknowledged
                continue
            photos = os.path.splitext(backup)[0] + ".photos"
            for uuid, sha in fetch_all(backup, "SELECT c.uuid, p.sha256 FROM photo p JOIN "
                                               "client c ON c.id = p.client_id"):
                stored = os.path.join(photos, uuid, sha + ".png")
                if not os.path.exists(stored):
                    incomplete += 1
                    break
                with open(stored, "rb") as f:
                    if hashlib.sha256(f.read()).hexdigest() != sha:
                        incomplete += 1
                        break
        return {"lost": lost, "backups_without_their_photos": incomplete}


# Every kind of write the kill test interrupts.
SCENARIOS = [SessionLog, ClientAdd, ClientEdit, Migration, ImportClients, PhotoAdd,
             BackupWithPhotos]


def mode(path):
    return stat.S_IMODE(os.stat(path).st_mode)


class CrashDuringWritesTest(SmpTestCase):
    def setUp(self):
        super().setUp()
        seed = int(os.environ.get("SMP_RELIABILITY_SEED", time.time_ns() % 1_000_000))
        print(f"seed={seed} (SMP_RELIABILITY_SEED={seed} to replay the same choices)", flush=True)
        self.rng = random.Random(seed)

    def attempt(self, scenario, path, attempt, kill_after):
        """Runs one write; kills it after `kill_after` seconds if it is still running. Returns
        (killed, exit code, seconds it ran)."""
        cmd = self.command(["-f", path, *scenario.command(attempt, self.rng)])
        started = time.monotonic()
        proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, env=self.run_env({}), cwd=self.tmp)
        killed = False
        if kill_after is not None:
            time.sleep(kill_after)
            if proc.poll() is None:
                proc.kill()
                killed = True
        _, err = proc.communicate(timeout=self.TIMEOUT)
        if not killed and proc.returncode != 0:
            self.fail(f"{scenario.name}: {cmd[1:]} exited {proc.returncode} without a kill: "
                      f"{err.decode(errors='replace')}")
        return killed and proc.returncode == -9, proc.returncode, time.monotonic() - started

    def inspect(self, scenario, path, acknowledged, attempted, totals):
        """Looks at the file exactly as the last attempt left it (on a copy, with its journal),
        then lets smp open the original."""
        journal = path + "-journal"
        if os.path.exists(journal):
            totals["hot_journals"] += 1
            if mode(journal) != 0o600:
                totals["journal_mode_wrong"] += 1
        snapshot = os.path.join(self.tmp, "snapshot")
        shutil.rmtree(snapshot, ignore_errors=True)
        os.mkdir(snapshot)
        copy = os.path.join(snapshot, os.path.basename(path))
        for name in os.listdir(os.path.dirname(path)):
            source = os.path.join(os.path.dirname(path), name)
            if os.path.isdir(source):  # the photo folder
                shutil.copytree(source, os.path.join(snapshot, name))
            else:
                shutil.copy2(source, snapshot)
        verdict = integrity(copy)
        if verdict != "ok":
            totals["integrity_failures"] += 1
            print(f"  {scenario.name}: integrity: {verdict}")
            return
        version = user_version(copy)
        if schema_of(copy) != reference_schema(version):
            totals["schema_mismatches"] += 1
            print(f"  {scenario.name}: schema differs from migrations 1..{version}")
        for key, value in scenario.check(self, copy, acknowledged, attempted).items():
            totals[key] += value
        if scenario.fresh_file_each_attempt:
            return  # the next attempt starts from a new file
        result = self.smp("-f", path, "client", "list", "--format", "json", expect=None)
        if result.code not in (0, EXIT_NO_MATCH):
            totals["integrity_failures"] += 1
            print(f"  {scenario.name}: smp cannot open the file after a kill: {result.stderr}")

    def run_scenario(self, scenario, kills_wanted, totals):
        path = os.path.join(self.tmp, scenario.name, "records.db")
        os.makedirs(os.path.dirname(path))
        if not scenario.fresh_file_each_attempt:
            scenario.prepare(self, path)
        acknowledged, attempted, durations = [], [], []
        kills = 0
        attempt = 0
        window = None
        while kills < kills_wanted:
            self.assertLess(attempt, kills_wanted * 8, f"{scenario.name}: too few kills landed")
            if scenario.fresh_file_each_attempt:
                scenario.prepare(self, path)
            # The first attempts run to the end, to learn how long a write takes; then each is
            # killed at a random moment within a window that adapts so that about half the
            # attempts are killed and half finish (and must then be found in the file).
            kill_after = None
            if len(durations) >= 3:
                window = window or sorted(durations)[1]
                kill_after = self.rng.uniform(0, window)
            attempted.append(attempt)
            killed, code, seconds = self.attempt(scenario, path, attempt, kill_after)
            if killed:
                kills += 1
            else:
                durations.append(seconds)
                if code == 0:
                    acknowledged.append(attempt)
            if window:
                window *= 1.1 if killed else 0.9
            self.inspect(scenario, path, acknowledged, attempted, totals)
            attempt += 1
        totals["kills"] += kills
        totals["acknowledged"] += len(acknowledged)
        totals["attempts"] += attempt
        figures(f"reliability.crash.{scenario.name}", kills=kills, acknowledged=len(acknowledged),
                **{k: v for k, v in totals.items() if k not in ("kills", "acknowledged",
                                                                 "attempts")})

    def test_kill_9_during_writes(self):
        scenarios = [cls() for cls in SCENARIOS]
        shares = sum(s.share for s in scenarios)
        grand = collections.Counter()
        for scenario in scenarios:
            totals = collections.Counter({key: 0 for key in (
                "integrity_failures", "lost", "partial", "partial_imports", "unexpected",
                "schema_mismatches", "hot_journals", "journal_mode_wrong",
                "records_without_file", "orphans_not_repaired", "orphans_not_named_by_check",
                "backups_without_their_photos")})
            self.run_scenario(scenario, -(-KILLS_WANTED * scenario.share // shares), totals)
            grand.update(totals)
        figures("reliability.crash", kills=grand["kills"], acknowledged=grand["acknowledged"],
                integrity_failures=grand["integrity_failures"], lost=grand["lost"],
                partial_writes=grand["partial"], partial_imports=grand["partial_imports"],
                schema_mismatches=grand["schema_mismatches"],
                unexpected_rows=grand["unexpected"], hot_journals=grand["hot_journals"],
                journal_mode_wrong=grand["journal_mode_wrong"],
                migrated_without_backup=grand["migrated_without_backup"],
                incomplete_backups_left=grand["incomplete_backups"],
                photo_records_without_file=grand["records_without_file"],
                photo_files_without_record=grand["files_without_record"],
                photo_orphans_not_repaired=grand["orphans_not_repaired"],
                backups_without_their_photos=grand["backups_without_their_photos"])
        self.assertGreaterEqual(grand["kills"], min(200, KILLS_WANTED))
        # An interrupted upgrade backup leaves at most a .part file, never a half backup.
        self.assertEqual(grand["incomplete_backups"], 0, "half-written backups left")
        for key in ("integrity_failures", "lost", "partial", "partial_imports",
                    "schema_mismatches", "unexpected", "journal_mode_wrong",
                    "migrated_without_backup", "records_without_file", "orphans_not_repaired",
                    "orphans_not_named_by_check", "backups_without_their_photos"):
            self.assertEqual(grand[key], 0, key)


class UpgradeRetryTest(SmpTestCase):
    """An upgrade interrupted after its backup (a kill, a busy or read-only file) leaves that
    backup; trying again in the same second must not trip over it."""

    # smp bug: the backup's name has a one-second timestamp and is created with O_EXCL, so a
    # retry within the same second exits 73 ("cannot create ...bak: File exists"). Remove the
    # marker once fixed.
    def test_retry_beside_a_backup_from_this_second(self):
        make_old_file(self.records, version=1, clients=3)
        rows = old_clients(self.records)
        now = datetime.datetime.now(datetime.timezone.utc)
        for second in range(-1, 30):  # the backups earlier attempts this second would leave
            stamp = (now + datetime.timedelta(seconds=second)).strftime("%Y%m%dT%H%M%SZ")
            shutil.copy2(self.records, f"{self.records}.schema-v1.{stamp}.bak")
        self.smp("client", "list")
        self.assertEqual(user_version(self.records), current_version())
        self.assertEqual(old_clients(self.records), rows)


if __name__ == "__main__":
    unittest.main()
