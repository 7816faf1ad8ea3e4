"""`smp photo` (add, list, show, open, remove): pictures kept in the private photo folder
beside the records file, only with photo consent (issue 22)."""

import glob
import hashlib
import json
import os
import stat
import unittest

import pictures
from smptest import EXIT_DATA, EXIT_NO_INPUT, SmpTestCase


class PhotoTestCase(SmpTestCase):
    def setUp(self):
        super().setUp()
        self.folder = os.path.join(self.tmp, "records.photos")

    def picture(self, name, data):
        path = os.path.join(self.tmp, name)
        with open(path, "wb") as out:
            out.write(data)
        return path

    def client_with_consent(self, name="Jane Doe"):
        client = self.add_client(name)
        self.smp("client", "consent", str(client), "--kind", "photo", "--signed", "2026-01-02",
                 "-q")
        return client

    def stored_files(self):
        return sorted(path for path in glob.glob(os.path.join(self.folder, "**"), recursive=True)
                      if os.path.isfile(path))

    def mode(self, path):
        return stat.S_IMODE(os.stat(path).st_mode)


class AddTest(PhotoTestCase):
    def test_a_jpeg_is_kept_by_its_hash_with_the_exif_day(self):
        client = self.client_with_consent()
        data = pictures.jpeg_with_exif("2025:03:14 10:22:05")
        original = self.picture("IMG_0001.JPG", data)
        record = self.json_out("photo", "add", "Jane", original, "--stage", "before",
                               "--area", "crown,hairline", "--date", "2026-06-01")
        self.assertEqual(record["taken_on"], "2025-03-14")  # EXIF wins over --date
        self.assertEqual(record["media_type"], "image/jpeg")
        self.assertEqual(record["areas"], ["crown", "hairline"])
        self.assertEqual(record["sha256"], hashlib.sha256(data).hexdigest())
        self.assertEqual(record["size"], len(data))
        self.assertEqual(record["original_name"], "IMG_0001.JPG")
        uuid = self.query("SELECT uuid FROM client WHERE id = ?", (client,))[0][0]
        stored = os.path.join(self.folder, uuid, record["sha256"] + ".jpg")
        self.assertEqual(self.stored_files(), [stored])
        self.assertEqual(self.read_bytes(stored), data)
        self.assertEqual(self.read_bytes(original), data)  # the original stays where it was
        self.assertEqual(self.mode(self.folder), 0o700)
        self.assertEqual(self.mode(os.path.dirname(stored)), 0o700)
        self.assertEqual(self.mode(stored), 0o600)
        self.assertEqual(self.json_out("photo", "show", str(record["id"]))["path"], stored)

    def test_kind_is_read_from_the_content_and_the_day_from_date_or_today(self):
        self.client_with_consent()
        heic = self.picture("phone.jpg", pictures.heic_with_exif("2024:12:30 08:00:00"))
        png = self.picture("scan.heic", pictures.png(4, 4, (10, 200, 30)))
        webp = self.picture("x.png", pictures.webp())
        self.smp("photo", "add", "Jane", heic, png, webp, "--date", "2026-05-02")
        rows = self.json_out("photo", "list")
        self.assertEqual([(r["media_type"], r["taken_on"]) for r in rows],
                         [("image/heic", "2024-12-30"), ("image/png", "2026-05-02"),
                          ("image/webp", "2026-05-02")])
        self.smp("photo", "add", "Jane", png, "--stage", "healed")
        healed = self.json_out("photo", "list", "--stage", "healed")
        self.assertEqual([r["taken_on"] for r in healed], ["2026-06-15"])  # --as-of: today
        self.assertEqual(len(self.stored_files()), 3)  # the same picture is stored once

    def test_refused_without_consent_or_after_withdrawal_and_nothing_written(self):
        self.add_client("Jane Doe")
        original = self.picture("a.jpg", pictures.jpeg_with_exif("2025:03:14 10:22:05"))
        before = self.read_bytes(self.records)
        result = self.smp("photo", "add", "Jane", original, expect=EXIT_DATA)
        self.assert_error(result.stderr, "no photo consent", "--kind photo")
        self.assertEqual(self.read_bytes(self.records), before)
        self.assertFalse(os.path.exists(self.folder))
        self.smp("client", "consent", "Jane", "--kind", "photo", "--signed", "2026-01-02")
        self.smp("client", "consent", "Jane", "--kind", "photo", "--withdraw", "2026-03-01")
        before = self.read_bytes(self.records)
        result = self.smp("photo", "add", "Jane", original, expect=EXIT_DATA)
        self.assert_error(result.stderr, "withdrew photo consent on 2026-03-01")
        self.assertEqual(self.read_bytes(self.records), before)
        self.assertEqual(self.stored_files(), [])

    def test_config_can_turn_the_consent_rule_off_with_a_warning_each_time(self):
        self.add_client("Jane Doe")
        self.write_config("[photo]\nrequire_consent = false\n")
        original = self.picture("a.jpg", pictures.jpeg_with_exif("2025:03:14 10:22:05"))
        for _ in range(2):
            result = self.smp("photo", "add", "Jane", original)
            self.assertIn("photo.require_consent = false", result.stderr)
        self.assertEqual(len(self.json_out("photo", "list")), 2)

    def test_a_bad_file_among_several_writes_nothing(self):
        self.client_with_consent()
        good = self.picture("a.jpg", pictures.jpeg_with_exif("2025:03:14 10:22:05"))
        text = self.picture("notes.jpg", b"not a picture\n")
        before = self.read_bytes(self.records)
        result = self.smp("photo", "add", "Jane", good, text, expect=EXIT_DATA)
        self.assert_error(result.stderr, '"' + text + '"', "not a JPEG, PNG, HEIC or WebP")
        missing = os.path.join(self.tmp, "gone.jpg")
        self.smp("photo", "add", "Jane", good, missing, expect=EXIT_NO_INPUT)
        self.assertEqual(self.read_bytes(self.records), before)
        self.assertEqual(self.stored_files(), [])

    def test_a_session_of_another_client_is_refused(self):
        self.client_with_consent()
        other = self.add_client("Bob Roe")
        session = self.smp("session", "log", str(other), "--date", "2026-06-01", "-q").stdout
        original = self.picture("a.jpg", pictures.jpeg_with_exif("2025:03:14 10:22:05"))
        result = self.smp("photo", "add", "Jane", original, "--session", session.strip(),
                          expect=EXIT_DATA)
        self.assert_error(result.stderr, "is not client")
        self.assertEqual(self.stored_files(), [])


class ListShowOpenRemoveTest(PhotoTestCase):
    def test_list_filters_by_client_session_and_stage(self):
        self.client_with_consent()
        bob = self.client_with_consent("Bob Roe")
        session = self.smp("session", "log", "Bob", "--date", "2026-06-01", "-q").stdout.strip()
        a = self.picture("a.jpg", pictures.jpeg_with_exif("2025:03:14 10:22:05", b"a"))
        b = self.picture("b.jpg", pictures.jpeg_with_exif("2026:06:01 10:22:05", b"b"))
        self.smp("photo", "add", "Jane", a)
        self.smp("photo", "add", "Bob", b, "--session", session, "--stage", "after")
        self.assertEqual([r["client_name"] for r in self.json_out("photo", "list", "--client",
                                                                  str(bob))], ["Bob Roe"])
        self.assertEqual(len(self.json_out("photo", "list", "--session", session)), 1)
        rows = self.csv_rows("photo", "list", "--stage", "before")
        self.assertEqual([r["client_name"] for r in rows], ["Jane Doe"])
        self.smp("photo", "list", "--stage", "healed", expect=1)

    def test_open_runs_the_opener_with_the_stored_path(self):
        self.client_with_consent()
        photo = self.json_out("photo", "add", "Jane",
                              self.picture("a.jpg", pictures.jpeg_with_exif("2025:03:14 1")))
        said = os.path.join(self.tmp, "opened.txt")
        opener = self.picture("opener.sh", f'#!/bin/sh\nprintf "%s" "$1" > "{said}"\n'.encode())
        os.chmod(opener, 0o700)
        self.smp("photo", "open", str(photo["id"]), env={"SMP_OPENER": opener})
        path = self.json_out("photo", "show", str(photo["id"]))["path"]
        with open(said) as f:
            self.assertEqual(f.read(), path)
        failing = self.picture("fails.sh", b"#!/bin/sh\nexit 3\n")
        os.chmod(failing, 0o700)
        result = self.smp("photo", "open", str(photo["id"]), env={"SMP_OPENER": failing},
                          expect=69)
        self.assert_error(result.stderr, "SMP_OPENER")

    def test_remove_keeps_a_file_another_record_uses(self):
        self.client_with_consent()
        original = self.picture("a.jpg", pictures.jpeg_with_exif("2025:03:14 10:22:05"))
        first = self.json_out("photo", "add", "Jane", original)
        second = self.json_out("photo", "add", "Jane", original, "--stage", "after")
        self.assertEqual(len(self.stored_files()), 1)
        self.smp("photo", "remove", str(first["id"]), "--yes")
        self.assertEqual(len(self.stored_files()), 1)
        self.smp("photo", "remove", str(second["id"]), "--yes")
        self.assertEqual(self.stored_files(), [])
        self.assertEqual(self.query("SELECT count(*) FROM photo"), [(0,)])


class ErasureAndCheckTest(PhotoTestCase):
    def add_two(self):
        self.client_with_consent()
        a = self.json_out("photo", "add", "Jane", self.picture(
            "a.jpg", pictures.jpeg_with_exif("2025:03:14 10:22:05", b"a")))
        b = self.json_out("photo", "add", "Jane", self.picture(
            "b.png", pictures.png(3, 3, (1, 2, 3))), "--date", "2026-01-01")
        return a, b

    def test_forget_deletes_the_photo_files_and_folder_and_says_so(self):
        a, _ = self.add_two()
        folder = os.path.dirname(self.json_out("photo", "show", str(a["id"]))["path"])
        other = self.client_with_consent("Bob Roe")
        self.smp("photo", "add", str(other), self.picture("c.png", pictures.png(2, 2, (9, 9, 9))))
        result = self.smp("client", "forget", "Jane", "--yes")
        self.assertIn("Deleted client 1's 2 photo files and their folder", result.stderr)
        self.assertFalse(os.path.exists(folder))
        self.assertEqual(self.query("SELECT count(*) FROM photo WHERE client_id = 1"), [(0,)])
        self.assertEqual(len(self.stored_files()), 1)  # Bob's stays

    def test_check_names_a_changed_a_missing_and_an_unrecorded_file(self):
        a, b = self.add_two()
        self.smp("check")
        path_a = self.json_out("photo", "show", str(a["id"]))["path"]
        path_b = self.json_out("photo", "show", str(b["id"]))["path"]
        with open(path_a, "ab") as out:
            out.write(b"edited")
        os.remove(path_b)
        stray = os.path.join(os.path.dirname(path_a), "stray.jpg")
        with open(stray, "wb") as out:
            out.write(b"x")
        rows = self.json_out("check", expect=EXIT_DATA)
        problems = [r["problem"] for r in rows if r["check"] == "photos"]
        self.assertEqual(len(problems), 3, problems)
        self.assertIn("has changed since it was added", problems[0])
        self.assertIn(f"smp photo remove {a['id']}", problems[0])
        self.assertIn("is missing", problems[1])
        self.assertIn("without a photo record", problems[2])
        self.assertIn(stray, problems[2])

    def test_client_export_lists_the_photos_and_copies_them_beside_the_file(self):
        a, b = self.add_two()
        listed = self.json_out("client", "export", "Jane")["photos"]
        self.assertEqual([p["id"] for p in listed], [a["id"], b["id"]])  # by day taken
        target = os.path.join(self.tmp, "jane.json")
        result = self.smp("client", "export", "Jane", "-o", target)
        self.assertIn("copied client 1's 2 photos", result.stderr)
        with open(target) as f:
            exported = json.load(f)["photos"]
        uuid = self.query("SELECT uuid FROM client WHERE id = 1")[0][0]
        for photo in exported:
            copy = os.path.join(self.tmp, "jane.photos", uuid, photo["file"])
            self.assertEqual(hashlib.sha256(self.read_bytes(copy)).hexdigest(), photo["sha256"])
            self.assertEqual(self.mode(copy), 0o600)


class SheetTest(PhotoTestCase):
    def test_the_sheet_shows_the_pictures_side_by_side_in_a_real_browser(self):
        from browser import screenshot
        self.client_with_consent()
        first = self.smp("session", "log", "Jane", "--date", "2026-01-10", "-q").stdout.strip()
        self.smp("photo", "add", "Jane", self.picture("red.png", pictures.png(40, 40, (220, 20, 20))),
                 "--stage", "before", "--area", "crown", "--session", first, "--date", "2026-01-10")
        self.smp("photo", "add", "Jane", self.picture("blue.png", pictures.png(40, 40, (20, 20, 220))),
                 "--stage", "healed", "--area", "crown", "--date", "2026-02-10")
        sheet = os.path.join(self.tmp, "sheet.html")
        self.smp("photo", "sheet", "Jane", "--output", sheet)
        self.assertEqual(self.mode(sheet), 0o600)
        with open(sheet, encoding="utf-8") as f:
            html = f.read()
        self.assertNotIn("src=\"file", html)
        self.assertNotIn("http", html)
        self.assertIn("2026-01-10, before, session 1 of 3", html)
        self.assertIn("2026-02-10, healed", html)
        self.assertLess(html.index("2026-01-10, before"), html.index("2026-02-10, healed"))
        pixels = pictures.png_pixels(self.read_bytes(screenshot(self, sheet, 900, 700)))
        def near(colour):
            return sum(1 for p in pixels if all(abs(p[i] - colour[i]) < 12 for i in range(3)))
        self.assertGreater(near((220, 20, 20)), 1000, "the red picture is not shown")
        self.assertGreater(near((20, 20, 220)), 1000, "the blue picture is not shown")

    def test_a_client_without_photos_gets_no_sheet(self):
        self.client_with_consent()
        result = self.smp("photo", "sheet", "Jane", expect=EXIT_DATA)
        self.assert_error(result.stderr, "has no photos")


class BackupTest(PhotoTestCase):
    def test_backup_carries_the_photos_and_restore_puts_them_back_verified(self):
        self.client_with_consent()
        photo = self.json_out("photo", "add", "Jane", self.picture(
            "a.jpg", pictures.jpeg_with_exif("2025:03:14 10:22:05")))
        path = self.json_out("photo", "show", str(photo["id"]))["path"]
        target = os.path.join(self.tmp, "monday.db")
        result = self.smp("backup", target)
        self.assertIn('copied 1 photo to "' + os.path.join(self.tmp, "monday.photos"),
                      result.stderr)
        copy = path.replace("records.photos", "monday.photos")
        self.assertEqual(self.read_bytes(copy), self.read_bytes(path))
        self.assertEqual(self.mode(os.path.join(self.tmp, "monday.photos")), 0o700)
        self.assertEqual(self.mode(copy), 0o600)
        # Photos lost after the backup: the restore brings them back, and check agrees.
        self.smp("photo", "remove", str(photo["id"]), "--yes")
        self.assertEqual(self.stored_files(), [])
        result = self.smp("restore", target, "--yes")
        self.assertNotIn("restored photos:", result.stderr)
        self.assertEqual(self.read_bytes(path), self.read_bytes(copy))
        self.smp("check")

    def test_a_damaged_photo_fails_the_backup_and_leaves_no_backup_file(self):
        self.client_with_consent()
        photo = self.json_out("photo", "add", "Jane", self.picture(
            "a.jpg", pictures.jpeg_with_exif("2025:03:14 10:22:05")))
        with open(self.json_out("photo", "show", str(photo["id"]))["path"], "ab") as out:
            out.write(b"bit rot")
        target = os.path.join(self.tmp, "monday.db")
        result = self.smp("backup", target, expect=EXIT_DATA)
        self.assert_error(result.stderr, "has changed since it was added")
        self.assertFalse(os.path.exists(target))
        self.assertFalse(os.path.exists(os.path.join(self.tmp, "monday.photos")))


if __name__ == "__main__":
    unittest.main()


class MergeTest(PhotoTestCase):
    def test_merge_moves_the_photos_and_their_files(self):
        keep = self.client_with_consent("Tom Baker")
        other = self.client_with_consent("Tom Bakker")
        shared = self.picture("a.png", pictures.png(2, 2, (10, 20, 30)))
        own = self.picture("b.png", pictures.png(2, 2, (40, 50, 60)))
        self.smp("photo", "add", str(keep), shared, "-q")
        self.smp("photo", "add", str(other), shared, own, "-q")
        other_uuid = self.json_out("client", "show", str(other))["uuid"]
        self.smp("client", "merge", str(keep), str(other), "--yes")
        photos = self.json_out("photo", "list", "--client", str(keep))
        self.assertEqual(len(photos), 3)
        for photo in photos:  # each record's file is where it says, whole
            path = self.json_out("photo", "show", str(photo["id"]))["path"]
            self.assertTrue(os.path.isfile(path), path)
        self.assertFalse(os.path.exists(os.path.join(self.folder, other_uuid)))
        self.assertEqual(len(self.stored_files()), 2)  # the same picture kept once
        self.smp("check")
