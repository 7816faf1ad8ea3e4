"""`smp import consents`, `import reminders` and `import all FOLDER`: an `export all` read back
into a new records file gives the same `export all` again, byte for byte (every data file;
MANIFEST.txt is compared without its first two lines, which name the records file and the
instant it was written)."""

import os
import shutil
import unittest

from smptest import SmpTestCase

DATA_FILES = ["shades.csv", "lots.csv", "clients.csv", "sessions.csv", "consents.csv",
              "reminders.csv", "attempts.csv", "payments.csv", "erasures.csv"]


class ImportAllTest(SmpTestCase):
    def fill_practice(self):
        """Clients (one with a formula-looking name, one in unicode, one erased), a session
        with a shade and lot, a consent with its document, a reminder sent and a payment."""
        tom = self.add_client("=HYPERLINK(\"x\")", "--phone", "+44 7700 900123")
        zoe = self.add_client("Zoë Ünïcode-Øster", "--email", "zoe@example.org",
                              "--notes", "multi\nline")
        gone = self.add_client("Gone Away", "--email", "gone@example.org")
        self.smp("shade", "add", "Dark Ash", "--dilution", "6:1", "-q")
        self.smp("shade", "lot", "add", "Dark Ash", "L-77", "--expires", "2028-01", "-q")
        # Stock (issue 22): bottles, their size and each opening travel with the lot.
        self.smp("shade", "lot", "add", "Dark Ash", "L-78", "--expires", "2028-02",
                 "--bottles", "3", "--size", "7.5ml", "-q")
        for day in ("2026-03-01", "2026-05-02"):
            self.smp("shade", "lot", "open", "L-78", "--date", day, "-q")
        for client in (tom, zoe, gone):
            self.smp("session", "log", str(client), "--date", "2026-05-04", "--shade",
                     "Dark Ash", "--lot", "L-77", "-q")
        document = os.path.join(self.tmp, "signed.pdf")
        with open(document, "w") as f:
            f.write("signed form")
        self.smp("client", "consent", str(zoe), "--kind", "treatment", "--signed", "2026-01-02",
                 "--form", "v3", "--document", document, "-q")
        self.smp("client", "consent", str(gone), "--kind", "treatment", "--signed",
                 "2026-01-02", "-q")
        self.consent_to_reminders(str(zoe))
        self.smp("client", "consent", str(tom), "--kind", "photo", "--signed", "2026-01-02",
                 "-q")
        self.smp("client", "consent", str(tom), "--kind", "photo", "--withdraw", "2026-03-01",
                 "-q")
        self.smp("payment", "add", str(tom), "450", "-q")
        # A follow-up is due for each: Zoë is reminded, by a send command whose try is kept
        # (Tom has no marketing consent).
        self.smp("--as-of", "2026-06-10", "touchup", "remind", "--channel", "email", "--exec",
                 "echo queued >&2; cat >/dev/null", "-q", expect=(0, 1))
        self.assertEqual(self.query("SELECT count(*) FROM reminder")[0][0], 1)
        self.assertEqual(self.query("SELECT count(*) FROM send_attempt")[0][0], 1)
        self.gone_uuid = self.query("SELECT uuid FROM client WHERE id = ?", (gone,))[0][0]
        self.smp("client", "forget", str(gone), "--yes", "-q")
        os.remove(document)  # the import must not look at it again
        return tom, zoe

    def export_all(self, folder, records=None):
        env = {"SMP_FILE": records} if records else None
        self.smp("export", "all", "--output", folder, "-q", env=env)
        return folder

    def test_round_trip_into_a_new_file_is_byte_identical(self):
        self.fill_practice()
        first = self.export_all(os.path.join(self.tmp, "first"))
        new = os.path.join(self.tmp, "new.smp")
        self.smp("init", "-q", env={"SMP_FILE": new})
        result = self.smp("import", "all", first, env={"SMP_FILE": new})
        self.assertIn("in one transaction", result.stderr)
        second = self.export_all(os.path.join(self.tmp, "second"), new)
        for name in DATA_FILES:
            self.assertEqual(self.read_bytes(os.path.join(first, name)),
                             self.read_bytes(os.path.join(second, name)), name)
        manifests = [self.read_bytes(os.path.join(f, "MANIFEST.txt")).split(b"\n")[2:]
                     for f in (first, second)]
        self.assertEqual(manifests[0], manifests[1])
        # The consent kept its document's path and hash; the reminder counts as sent.
        consents = self.query("SELECT file_path, file_sha256 FROM consent WHERE file_path "
                              "IS NOT NULL", path=new)
        self.assertEqual(consents[0][0], os.path.join(self.tmp, "signed.pdf"))
        self.assertEqual(len(consents[0][1]), 64)
        again = self.smp("--as-of", "2026-06-10", "touchup", "remind", "--channel", "email",
                         "--dry-run", env={"SMP_FILE": new}, expect=(0, 1))
        self.assertNotIn("zoe@example.org", again.stdout)
        # The erasure came too: the erased person's old row stays out of the new file.
        self.assertEqual(self.query("SELECT uuid FROM erasure", path=new),
                         self.query("SELECT uuid FROM erasure"))
        old = os.path.join(self.tmp, "old-clients.csv")
        with open(old, "w", encoding="utf-8") as f:
            f.write(f"uuid,name\n{self.gone_uuid},Gone Away\n")
        result = self.smp("import", "clients", old, env={"SMP_FILE": new}, expect=65)
        self.assertIn("belongs to a client erased", result.stderr)

    def test_a_bad_row_in_any_file_imports_nothing(self):
        self.fill_practice()
        folder = self.export_all(os.path.join(self.tmp, "first"))
        reminders = os.path.join(folder, "reminders.csv")
        with open(reminders, encoding="utf-8") as f:
            bad_line = len(f.read().splitlines()) + 1
        with open(reminders, "a", encoding="utf-8") as f:
            f.write("9,,1,,,touchup,2026-01-01,email,a@b.org,sent,2030-01-01,,hi\n")
        new = os.path.join(self.tmp, "new.smp")
        self.smp("init", "-q", env={"SMP_FILE": new})
        before = self.read_bytes(new)
        result = self.smp("import", "all", folder, env={"SMP_FILE": new}, expect=65)
        self.assertIn(f"{reminders}:{bad_line}: sent_on", result.stderr)
        self.assertIn("nothing imported", result.stderr)
        self.assertIn(f"nothing from \"{folder}\" was imported", result.stderr)
        # No file is said to be imported: the ones before reminders.csv were undone too.
        self.assertNotIn("imported " + os.path.join(folder, "clients.csv"), result.stderr)
        # Into a records file that did not exist: none is left behind.
        missing = os.path.join(self.tmp, "never.smp")
        self.smp("import", "all", folder, env={"SMP_FILE": missing}, expect=65)
        self.assertFalse(os.path.exists(missing))
        self.assertEqual(self.read_bytes(new), before)

    def test_dry_run_writes_nothing(self):
        self.fill_practice()
        folder = self.export_all(os.path.join(self.tmp, "first"))
        new = os.path.join(self.tmp, "new.smp")
        self.smp("init", "-q", env={"SMP_FILE": new})
        before = self.read_bytes(new)
        result = self.smp("import", "all", folder, "--dry-run", env={"SMP_FILE": new})
        self.assertIn("consents.csv: would add 3 consents", result.stderr)
        self.assertIn("nothing written (--dry-run)", result.stderr)
        self.assertEqual(self.read_bytes(new), before)

    def test_a_json_export_is_refused(self):
        folder = os.path.join(self.tmp, "json")
        self.add_client("Ann Example")
        self.smp("export", "all", "--format", "json", "--output", folder, "-q")
        result = self.smp("import", "all", folder, expect=65)
        self.assert_error(result.stderr, "MANIFEST.txt:", "imports csv or tsv")

    def test_a_folder_without_manifest_is_refused(self):
        folder = os.path.join(self.tmp, "loose")
        os.mkdir(folder)
        result = self.smp("import", "all", folder, expect=66)
        self.assert_error(result.stderr, "no MANIFEST.txt", "import clients FILE")

    def test_consents_refer_by_uuid_and_refuse_a_changed_duplicate(self):
        tom, zoe = self.fill_practice()
        folder = self.export_all(os.path.join(self.tmp, "out"))
        path = os.path.join(folder, "consents.csv")
        # The same file again: nothing changes.
        result = self.smp("import", "consents", path)
        self.assertIn("0 added, 0 updated, 3 already on file as they are", result.stderr)
        self.assertEqual(self.query("SELECT count(*) FROM consent")[0][0], 3)
        with open(path, encoding="utf-8") as f:
            text = f.read().replace("2026-01-02", "2026-01-03")
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)
        before = self.read_bytes(self.records)
        result = self.smp("import", "consents", path, expect=65)
        self.assertRegex(result.stderr,
                         rf"{path}:[234]: consent [0-9a-f-]{{36}} is already on file")
        self.assertIn("already on file", result.stderr)
        self.assertEqual(self.read_bytes(self.records), before)

    def test_rows_of_an_erased_or_unknown_client_are_refused(self):
        self.add_client("Ann Example")
        uuid = self.query("SELECT uuid FROM client")[0][0]
        self.smp("client", "forget", "Ann", "--yes", "-q")
        path = os.path.join(self.tmp, "consents.csv")
        with open(path, "w", encoding="utf-8") as f:
            f.write("client_uuid,kind,signed_on\n"
                    f"{uuid},treatment,2026-01-02\n"
                    "00000000-0000-4000-8000-000000000000,treatment,2026-01-02\n")
        result = self.smp("import", "consents", path, expect=65)
        self.assertIn(f"{path}:2: client_uuid: {uuid} belongs to a client erased", result.stderr)
        self.assertIn(f"{path}:3: client_uuid: no client has uuid", result.stderr)
        self.assertEqual(self.query("SELECT count(*) FROM consent")[0][0], 0)

    def test_an_erasure_of_a_client_on_file_is_refused(self):
        self.add_client("Ann Example")
        uuid = self.query("SELECT uuid FROM client")[0][0]
        path = os.path.join(self.tmp, "erasures.csv")
        with open(path, "w", encoding="utf-8") as f:
            f.write(f"uuid,erased_on,purged\n{uuid},2026-01-02,false\n")
        result = self.smp("import", "erasures", path, expect=65)
        self.assertIn(f"{path}:2: uuid: client 1 \"Ann Example\" has uuid", result.stderr)
        self.assertIn("smp client forget 1", result.stderr)
        self.assertEqual(self.query("SELECT count(*) FROM erasure")[0][0], 0)

    def test_imported_reminders_count_as_sent(self):
        zoe = self.add_client("Zoë Example", "--email", "zoe@example.org")
        self.consent_to_reminders(str(zoe))
        self.smp("session", "log", str(zoe), "--date", "2026-05-04", "-q")
        uuid = self.query("SELECT uuid FROM client")[0][0]
        due = self.json_out("--as-of", "2026-06-10", "touchup", "due")
        self.assertTrue(due)
        before = self.smp("--as-of", "2026-06-10", "touchup", "remind", "--channel", "email",
                          "--dry-run", expect=(0, 1))
        self.assertIn("zoe@example.org", before.stdout)
        path = os.path.join(self.tmp, "reminders.csv")
        with open(path, "w", encoding="utf-8") as f:
            f.write("client_uuid,kind,due,channel,address,sent_on,message\n"
                    f"{uuid},{due[0]['kind']},{due[0]['due']},email,zoe@example.org,"
                    "2026-06-09,time to book\n")
        self.smp("import", "reminders", path)
        result = self.smp("--as-of", "2026-06-10", "touchup", "remind", "--channel", "email",
                          "--dry-run", expect=(0, 1))
        self.assertNotIn("zoe@example.org", result.stdout)


if __name__ == "__main__":
    unittest.main()
