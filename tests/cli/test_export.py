"""smp export: every kind of record out as csv (the default), tsv, json or ndjson; files written
whole with mode 0600; formula neutralisation; `export all` with its manifest."""

import csv
import io
import json
import os
import stat

from smptest import SmpTestCase, parse_csv, EXIT_USAGE, EXIT_CANT_CREATE, EXIT_IO

# A client name that puts every awkward thing in one field: a formula start, quotes, a comma,
# CR LF and LF, an emoji and right-to-left text.
AWKWARD_NAME = '=cmd|"x", line\r\nnext\nלקוח 😀'
SESSION_NOTES = '-5, "ok"\nsecond line'
SHADE_NAME = '@Onyx, "black"'
SHADE_NOTES = "+plus"
LOT_NUMBER = "L-1"
SUPPLIER = "Sup\r\nplier, Ltd"
FORM_VERSION = "=v1"
PHONE = "+44 7700 900123"

KINDS = ["clients", "sessions", "shades", "lots", "consents", "reminders", "payments",
         "attempts", "erasures"]


def neutral(text):
    return "'" + text


class ExportTest(SmpTestCase):
    def setUp(self):
        super().setUp()
        self.client_id = self.add_client(AWKWARD_NAME, "--phone", PHONE, "--email", "x@y.z",
                                         "--notes", "@note")
        self.smp("session", "log", self.client_id, "--date", "2026-05-01", "--area", "hairline",
                 "--notes", SESSION_NOTES, "-q")
        self.smp("shade", "add", SHADE_NAME, "--notes", SHADE_NOTES, "-q")
        self.smp("shade", "lot", "add", "1", LOT_NUMBER, "--expires", "2027-01",
                 "--supplier", SUPPLIER, "-q")
        self.smp("client", "consent", self.client_id, "--kind", "treatment", "--signed",
                 "2026-01-01", "--form", FORM_VERSION)
        # A follow-up was due 14 days after the session: this records one reminder as sent and
        # its send attempt (without a marketing consent, which would be one consent more in every export).
        self.reminders_need_no_consent()
        self.smp("touchup", "remind", "--channel", "email", "--exec", "cat >/dev/null")
        os.remove(self.config_path)
        self.smp("payment", "add", self.client_id, "450", "--reference", "+31 slip", "-q")
        # An erasure made in another records file (a client forget here would add a client row).
        erasures = os.path.join(self.tmp, "erasures.csv")
        with open(erasures, "w", encoding="utf-8") as f:
            f.write("uuid,erased_on,purged\n0b6e1f3a-3c1e-4f55-9a7b-2f0c9d8e7a61,2026-02-03,no\n")
        self.smp("import", "erasures", erasures, "-q")

    def export_rows(self, kind, *args):
        """Exports to stdout (csv) and returns (header, rows as dicts), every row as wide as the
        header."""
        rows = parse_csv(self.smp("export", kind, *args).stdout)
        self.assertTrue(rows, f"no header in the {kind} export")
        header = rows[0]
        for row in rows[1:]:
            self.assertEqual(len(row), len(header), f"{kind}: row width differs: {row!r}")
        return header, [dict(zip(header, row)) for row in rows[1:]]

    # ---- every kind, awkward values ---------------------------------------------------------

    def test_every_kind_has_one_row_per_record(self):
        for kind in KINDS:
            with self.subTest(kind=kind):
                _, rows = self.export_rows(kind)
                self.assertEqual(len(rows), 1)

    def test_payments_text_is_neutralised(self):
        _, rows = self.export_rows("payments")
        self.assertEqual((rows[0]["reference"], rows[0]["amount"]), (neutral("+31 slip"), "450.00"))

    def test_clients_awkward_values_survive_and_formulas_are_neutralised(self):
        header, rows = self.export_rows("clients")
        self.assertEqual(header[:4], ["id", "uuid", "name", "phone"])
        row = rows[0]
        self.assertEqual(row["name"], neutral(AWKWARD_NAME))
        self.assertEqual(row["phone"], neutral(PHONE))
        self.assertEqual(row["notes"], neutral("@note"))
        self.assertEqual(row["id"], str(self.client_id))
        self.assertEqual(row["reminders_allowed"], "true")

    def test_archived_clients_and_retired_shades_are_exported_too(self):
        archived = self.add_client("Archie Archived")
        self.smp("client", "archive", archived, "--yes")
        self.smp("shade", "add", "Old Umber", "-q")
        self.smp("shade", "retire", "Old Umber")
        _, clients = self.export_rows("clients")
        self.assertEqual([c["archived"] for c in clients if c["id"] == str(archived)], ["true"])
        _, shades = self.export_rows("shades")
        self.assertIn("Old Umber", [s["name"] for s in shades])

    def test_raw_leaves_every_value_as_stored(self):
        _, rows = self.export_rows("clients", "--raw")
        self.assertEqual(rows[0]["name"], AWKWARD_NAME)
        self.assertEqual(rows[0]["phone"], PHONE)
        _, rows = self.export_rows("sessions", "--raw")
        self.assertEqual(rows[0]["notes"], SESSION_NOTES)
        self.assertEqual(rows[0]["client_name"], AWKWARD_NAME)

    def test_sessions_carry_the_client(self):
        header, rows = self.export_rows("sessions")
        self.assertEqual(header[:5], ["id", "uuid", "client_id", "client_uuid", "client_name"])
        row = rows[0]
        self.assertEqual(row["client_id"], str(self.client_id))
        client_uuid = self.json_out("client", "show", str(self.client_id))["uuid"]
        self.assertEqual(row["client_uuid"], client_uuid)
        for form in ["json", "ndjson"]:
            out = self.smp("--format", form, "export", "sessions").stdout
            first = json.loads(out)[0] if form == "json" else json.loads(out.splitlines()[0])
            self.assertEqual(first["client_uuid"], client_uuid, form)
        self.assertEqual(row["client_name"], neutral(AWKWARD_NAME))
        self.assertEqual(row["notes"], neutral(SESSION_NOTES))
        self.assertEqual(row["date"], "2026-05-01")

    def test_shades_and_lots(self):
        _, shades = self.export_rows("shades")
        self.assertEqual(shades[0]["name"], neutral(SHADE_NAME))
        self.assertEqual(shades[0]["notes"], neutral(SHADE_NOTES))
        _, lots = self.export_rows("lots")
        self.assertEqual(lots[0]["lot"], LOT_NUMBER)
        self.assertEqual(lots[0]["supplier"], SUPPLIER)
        self.assertEqual(lots[0]["shade"], neutral(SHADE_NAME))
        self.assertEqual(lots[0]["expires_on"], "2027-01-31")

    def test_consents_carry_the_client(self):
        header, rows = self.export_rows("consents")
        self.assertEqual(header[:5], ["id", "uuid", "client_id", "client_uuid", "client_name"])
        row = rows[0]
        self.assertEqual(row["client_id"], str(self.client_id))
        client_uuid = self.query("SELECT uuid FROM client WHERE id = ?", (self.client_id,))[0][0]
        self.assertEqual(row["client_uuid"], client_uuid)
        self.assertEqual(row["client_name"], neutral(AWKWARD_NAME))
        self.assertEqual(row["form_version"], neutral(FORM_VERSION))
        self.assertEqual(row["signed_on"], "2026-01-01")

    def test_reminders_carry_the_client_name_and_when_sent(self):
        _, rows = self.export_rows("reminders", "--raw")
        row = rows[0]
        self.assertEqual(row["client_id"], str(self.client_id))
        client_uuid = self.query("SELECT uuid FROM client WHERE id = ?", (self.client_id,))[0][0]
        self.assertEqual(row["client_uuid"], client_uuid)
        self.assertEqual(row["name"], AWKWARD_NAME)
        self.assertEqual(row["sent_on"], self.AS_OF)
        self.assertEqual(row["status"], "sent")
        self.assertTrue(row["uuid"])

    def test_export_is_csv_even_when_the_config_asks_for_a_table(self):
        self.write_config('format = "table"\n')
        out = self.smp("export", "shades").stdout
        self.assertTrue(out.startswith("id,uuid,name,"), out)

    # ---- formats ----------------------------------------------------------------------------

    def test_json_and_ndjson_parse_and_are_never_neutralised(self):
        for kind in KINDS:
            with self.subTest(kind=kind):
                records = json.loads(self.smp("--format", "json", "export", kind).stdout)
                self.assertEqual(len(records), 1)
                lines = self.smp("--format", "ndjson", "export", kind).stdout.splitlines()
                self.assertEqual([json.loads(line) for line in lines], records)
        client = json.loads(self.smp("--format", "json", "export", "clients").stdout)[0]
        self.assertEqual(client["name"], AWKWARD_NAME)
        self.assertEqual(client["phone"], PHONE)

    def test_tsv_is_neutralised_too(self):
        out = self.smp("--format", "tsv", "export", "shades").stdout
        header, row = out.splitlines()[:2]
        fields = dict(zip(header.split("\t"), row.split("\t")))
        self.assertEqual(fields["notes"], neutral(SHADE_NOTES))

    def test_format_table_is_refused(self):
        result = self.smp("--format", "table", "export", "clients", expect=EXIT_USAGE)
        self.assert_error(result.stderr, "--format table")
        self.assertEqual(result.stdout, "")

    def test_unknown_kind_is_refused(self):
        result = self.smp("export", "clinets", expect=EXIT_USAGE)
        self.assert_error(result.stderr, "clinets", "clients")

    def test_crlf_and_bom_refused_for_json(self):
        self.smp("--format", "json", "export", "clients", "--crlf", expect=EXIT_USAGE)
        self.smp("--format", "json", "export", "clients", "--bom", expect=EXIT_USAGE)

    # ---- CRLF and BOM -----------------------------------------------------------------------

    def test_lf_by_default(self):
        data = self.smp("export", "sessions").stdout.encode("utf-8")
        self.assertFalse(data.startswith(b"\xef\xbb\xbf"))
        self.assertIn(b"updated_at\n", data)
        self.assertTrue(data.endswith(b"Z\n"))

    def test_crlf_ends_every_row_with_cr_lf(self):
        data = self.smp("export", "sessions", "--crlf").stdout.encode("utf-8")
        self.assertIn(b"updated_at\r\n", data)
        self.assertTrue(data.endswith(b"Z\r\n"))
        # Line breaks inside quoted fields are kept as they were stored.
        self.assertIn(b'"\'-5, ""ok""\nsecond line"', data)
        rows = list(csv.reader(io.StringIO(data.decode("utf-8"), newline="")))
        self.assertEqual(len(rows), 2)
        self.assertEqual(rows[1][rows[0].index("client_name")], neutral(AWKWARD_NAME))

    def test_bom_comes_first(self):
        data = self.smp("export", "clients", "--bom").stdout.encode("utf-8")
        self.assertTrue(data.startswith(b"\xef\xbb\xbfid,uuid,"))
        self.assertEqual(data.count(b"\xef\xbb\xbf"), 1)

    # ---- files ------------------------------------------------------------------------------

    def leftovers(self, folder):
        return [name for name in os.listdir(folder) if ".smp-tmp-" in name]

    def test_output_file_is_private_whatever_the_umask(self):
        target = os.path.join(self.tmp, "clients.csv")
        self.smp("export", "clients", "--output", target, preexec_fn=lambda: os.umask(0o022))
        self.assertEqual(stat.S_IMODE(os.stat(target).st_mode), 0o600)
        with open(target, newline="", encoding="utf-8") as f:
            rows = list(csv.reader(f))
        self.assertEqual(rows[1][2], neutral(AWKWARD_NAME))
        self.assertEqual(self.leftovers(self.tmp), [])

    def test_output_replaces_an_existing_file_whole(self):
        target = os.path.join(self.tmp, "out.csv")
        with open(target, "w") as f:
            f.write("old content that is much longer than nothing\n" * 1000)
        os.chmod(target, 0o644)
        old_inode = os.stat(target).st_ino
        self.smp("export", "shades", "-o", target)
        with open(target, encoding="utf-8") as f:
            text = f.read()
        self.assertNotIn("old content", text)
        self.assertTrue(text.startswith("id,uuid,name,"))
        # Renamed into place, not rewritten: a new file, with the export's own mode.
        self.assertNotEqual(os.stat(target).st_ino, old_inode)
        self.assertEqual(stat.S_IMODE(os.stat(target).st_mode), 0o600)

    def test_a_folder_given_as_the_file_is_refused(self):
        folder = os.path.join(self.tmp, "folder")
        os.mkdir(folder)
        result = self.smp("export", "clients", "--output", folder, expect=EXIT_CANT_CREATE)
        self.assert_error(result.stderr, folder, "folder")
        self.assertEqual(os.listdir(folder), [])
        self.assertEqual(self.leftovers(self.tmp), [])

    def test_a_missing_folder_is_refused_and_nothing_created(self):
        target = os.path.join(self.tmp, "nowhere", "clients.csv")
        result = self.smp("export", "clients", "--output", target, expect=EXIT_CANT_CREATE)
        self.assert_error(result.stderr, target)
        self.assertFalse(os.path.exists(os.path.dirname(target)))

    def test_a_read_only_folder_is_refused(self):
        if os.geteuid() == 0:
            self.skipTest("root writes into read-only folders")
        folder = os.path.join(self.tmp, "locked")
        os.mkdir(folder, 0o500)
        self.addCleanup(os.chmod, folder, 0o700)
        result = self.smp("export", "clients", "-o", os.path.join(folder, "c.csv"),
                          expect=EXIT_CANT_CREATE)
        self.assert_error(result.stderr, "c.csv")
        self.assertEqual(os.listdir(folder), [])

    def test_a_write_failing_midway_leaves_no_file_and_no_temporary(self):
        # A file size limit makes the writes fail partway through (SIGXFSZ ignored, so the
        # write returns an error instead of killing smp): as a full disk would.
        import resource
        import signal
        for i in range(40):
            self.add_client(f"Client {i} " + "x" * 180)
        target = os.path.join(self.tmp, "clients.csv")
        with open(target, "w") as f:
            f.write("the previous export\n")

        def limit():
            signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
            resource.setrlimit(resource.RLIMIT_FSIZE, (2000, 2000))

        result = self.smp("export", "clients", "-o", target, preexec_fn=limit, expect=EXIT_IO)
        self.assert_error(result.stderr, target)
        with open(target) as f:
            self.assertEqual(f.read(), "the previous export\n")
        self.assertEqual(self.leftovers(self.tmp), [])

    # ---- export all -------------------------------------------------------------------------

    def test_all_writes_every_kind_and_a_manifest(self):
        for i in range(3):
            self.add_client(f"Extra {i}")
        folder = os.path.join(self.tmp, "backup-2026")
        self.smp("export", "all", "--output", folder, preexec_fn=lambda: os.umask(0o022))
        self.assertEqual(stat.S_IMODE(os.stat(folder).st_mode), 0o700)
        expected = {f"{kind}.csv" for kind in KINDS} | {"MANIFEST.txt"}
        self.assertEqual(set(os.listdir(folder)), expected)
        counts = {"clients": 4, "sessions": 1, "shades": 1, "lots": 1, "consents": 1,
                  "reminders": 1, "payments": 1, "erasures": 1}
        with open(os.path.join(folder, "MANIFEST.txt"), encoding="utf-8") as f:
            manifest = f.read()
        for kind, count in counts.items():
            path = os.path.join(folder, f"{kind}.csv")
            self.assertEqual(stat.S_IMODE(os.stat(path).st_mode), 0o600)
            with open(path, newline="", encoding="utf-8") as f:
                rows = list(csv.reader(f))
            self.assertEqual(len(rows) - 1, count, kind)
            row_word = "row" if count == 1 else "rows"
            self.assertIn(f"{kind}.csv: {count} {row_word}\n", manifest)
            self.assertIn("columns: " + ", ".join(rows[0]), manifest)
        # The same data as one kind exported alone.
        alone = self.smp("export", "sessions").stdout
        with open(os.path.join(folder, "sessions.csv"), newline="", encoding="utf-8") as f:
            self.assertEqual(f.read(), alone)

    def test_all_needs_a_folder(self):
        self.smp("export", "all", expect=EXIT_USAGE)
        target = os.path.join(self.tmp, "a-file")
        with open(target, "w") as f:
            f.write("x")
        result = self.smp("export", "all", "-o", target, expect=EXIT_CANT_CREATE)
        self.assert_error(result.stderr, target)

    def test_all_in_json_uses_json_files(self):
        folder = os.path.join(self.tmp, "json")
        self.smp("--format", "json", "export", "all", "-o", folder)
        for kind in KINDS:
            with open(os.path.join(folder, f"{kind}.json"), encoding="utf-8") as f:
                self.assertEqual(len(json.load(f)), 1)

    # ---- progress ---------------------------------------------------------------------------

    def test_no_progress_line_off_a_terminal(self):
        result = self.smp("export", "clients", "-o", os.path.join(self.tmp, "c.csv"))
        self.assertNotIn("exporting", result.stderr)
        self.assertNotIn("\r", result.stderr)
