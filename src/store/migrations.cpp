#include "migrations.hpp"

#include <array>

namespace smp::store {
namespace {

constexpr std::string_view k_v1_clients = R"sql(
CREATE TABLE client (
    id INTEGER PRIMARY KEY,
    uuid TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    phone TEXT,
    email TEXT,
    birth_date TEXT,
    skin_type TEXT,
    undertone TEXT,
    hair_colour TEXT,
    hair_loss_scale TEXT,
    hair_loss_stage TEXT,
    condition TEXT,
    contraindications TEXT NOT NULL DEFAULT '',
    medical_notes TEXT,
    notes TEXT,
    reminders_allowed INTEGER NOT NULL DEFAULT 1,
    archived_at TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX client_name ON client(name);
)sql";

constexpr std::string_view k_v2_sessions = R"sql(
ALTER TABLE client ADD COLUMN planned_sessions INTEGER;
ALTER TABLE client ADD COLUMN screened_on TEXT;
CREATE TABLE session (
    id INTEGER PRIMARY KEY,
    uuid TEXT NOT NULL UNIQUE,
    client_id INTEGER NOT NULL REFERENCES client(id) ON DELETE CASCADE,
    date TEXT NOT NULL,
    time TEXT,
    duration_minutes INTEGER,
    status TEXT NOT NULL CHECK (status IN ('scheduled', 'done', 'cancelled', 'no-show')),
    kind TEXT NOT NULL CHECK (kind IN ('course', 'touchup', 'correction', 'consult')),
    final INTEGER NOT NULL DEFAULT 0,
    areas TEXT NOT NULL DEFAULT '',
    needle_count INTEGER,
    needle_configuration TEXT,
    needle_diameter_um INTEGER,
    depth_mm REAL,
    machine TEXT,
    voltage REAL,
    numbing TEXT,
    pain INTEGER CHECK (pain BETWEEN 0 AND 10),
    price_minor INTEGER,
    currency TEXT,
    notes TEXT,
    cancel_reason TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX session_client_date ON session(client_id, date);
CREATE INDEX session_date ON session(date);
CREATE TABLE consent (
    id INTEGER PRIMARY KEY,
    uuid TEXT NOT NULL UNIQUE,
    client_id INTEGER NOT NULL REFERENCES client(id) ON DELETE CASCADE,
    kind TEXT NOT NULL CHECK (kind IN ('treatment', 'photo', 'data', 'marketing')),
    signed_on TEXT NOT NULL,
    form_version TEXT,
    file_path TEXT,
    file_sha256 TEXT,
    withdrawn_on TEXT,
    created_at TEXT NOT NULL
);
CREATE INDEX consent_client ON consent(client_id, kind);
)sql";

constexpr std::string_view k_v3_shades = R"sql(
CREATE TABLE shade (
    id INTEGER PRIMARY KEY,
    uuid TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    brand TEXT,
    base TEXT NOT NULL CHECK (base IN ('black', 'dark-grey', 'brown', 'water')),
    dilution TEXT,
    notes TEXT,
    retired_at TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE TABLE lot (
    id INTEGER PRIMARY KEY,
    uuid TEXT NOT NULL UNIQUE,
    shade_id INTEGER NOT NULL REFERENCES shade(id),
    number TEXT NOT NULL,
    expires_on TEXT NOT NULL,
    received_on TEXT,
    opened_on TEXT,
    supplier TEXT,
    recalled_on TEXT,
    recall_reason TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    UNIQUE (shade_id, number)
);
CREATE INDEX lot_number ON lot(number);
ALTER TABLE session ADD COLUMN shade_id INTEGER REFERENCES shade(id);
ALTER TABLE session ADD COLUMN dilution TEXT;
CREATE TABLE session_lot (
    session_id INTEGER NOT NULL REFERENCES session(id) ON DELETE CASCADE,
    lot_id INTEGER NOT NULL REFERENCES lot(id),
    PRIMARY KEY (session_id, lot_id)
);
CREATE INDEX session_lot_lot ON session_lot(lot_id);
)sql";

constexpr std::string_view k_v4_touchups = R"sql(
ALTER TABLE client ADD COLUMN touchup_every TEXT;
ALTER TABLE client ADD COLUMN touchup_due TEXT;
ALTER TABLE client ADD COLUMN snoozed_until TEXT;
CREATE TABLE setting (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
) WITHOUT ROWID;
-- Each client's next due date, kept up to date by every write that can change it
-- (src/store/due.cpp), so that listing who is due reads only the clients who are.
CREATE TABLE due (
    client_id INTEGER PRIMARY KEY REFERENCES client(id) ON DELETE CASCADE,
    kind TEXT NOT NULL CHECK (kind IN ('followup', 'touchup')),
    due_on TEXT NOT NULL,
    overdue_after TEXT NOT NULL,
    last_session TEXT,
    booked_until TEXT,
    reason TEXT NOT NULL
);
CREATE INDEX due_on ON due(due_on);
CREATE TABLE reminder (
    id INTEGER PRIMARY KEY,
    uuid TEXT NOT NULL UNIQUE,
    client_id INTEGER NOT NULL REFERENCES client(id) ON DELETE CASCADE,
    kind TEXT NOT NULL CHECK (kind IN ('followup', 'touchup')),
    due_on TEXT NOT NULL,
    channel TEXT NOT NULL,
    address TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('sending', 'sent')),
    sent_on TEXT NOT NULL,
    sent_at TEXT NOT NULL,
    message TEXT NOT NULL
);
CREATE INDEX reminder_claim ON reminder(client_id, kind, due_on, channel);
)sql";

// The folded (case- and accent-free) name, phone, email and notes of each client, indexed by
// trigrams, so `client list --search` finds a fragment without reading every client. Kept by
// insert_client, update_client and delete_client; rowid is the client's id.
constexpr std::string_view k_v5_client_search = R"sql(
CREATE VIRTUAL TABLE client_search USING fts5(text, tokenize = 'trigram');
INSERT INTO client_search (rowid, text)
    SELECT id, smp_fold(name || char(31) || coalesce(phone, '') || char(31) ||
                        coalesce(email, '') || char(31) || coalesce(notes, ''))
    FROM client;
)sql";

// Indexes for reading a large practice: archived clients leave the due index, and the index
// on due dates holds the whole entry (kind, booking first), so listing who is due skips booked
// and archived clients, and reads the rest, without reading a due row; session_course holds
// everything that numbers a course (the renumber_client trigger since schema v8), so numbering
// reads no session rows.
constexpr std::string_view k_v6_reading_indexes = R"sql(
DELETE FROM due WHERE client_id IN (SELECT id FROM client WHERE archived_at IS NOT NULL);
DROP INDEX due_on;
CREATE INDEX due_on ON due(due_on, kind, booked_until, overdue_after, last_session, reason);
CREATE INDEX session_course ON session(client_id, date, time, kind, status)
    WHERE kind = 'course' AND status IN ('done', 'scheduled');
)sql";

// The search index, smaller and quicker to write: it records which clients hold each trigram,
// not where (detail = none), nor how long each entry is (columnsize = 0, only for ranking).
// A search asks for every trigram of the text, and the exact test on the candidates settles
// where they stand (store/clients.cpp). It keeps up to 16 MiB of new entries in memory before
// writing them out (FTS5's `hashsize`, 1 MiB by default), so an import of 100,000 clients
// writes its entries once instead of in pieces merged again and again.
// 100,000 clients: file 46 MB -> 36 MB, import 1.40 s -> 1.29 s.
// session_booked holds all the agenda shows of a booked session (store/sessions.cpp,
// for_each_booking), for booked sessions only: a few pages in date order, where a week of a
// large practice read a thousand session rows scattered through the file.
constexpr std::string_view k_v7_search_and_bookings = R"sql(
CREATE INDEX session_booked ON session(date, time, id, client_id, kind, areas, status)
    WHERE status = 'scheduled';
DROP TABLE client_search;
CREATE VIRTUAL TABLE client_search USING fts5(text, tokenize = 'trigram', detail = none,
                                              columnsize = 0);
INSERT INTO client_search (client_search, rank) VALUES ('hashsize', 16777216);
INSERT INTO client_search (rowid, text)
    SELECT id, smp_fold(name || char(31) || coalesce(phone, '') || char(31) ||
                        coalesce(email, '') || char(31) || coalesce(notes, ''))
    FROM client ORDER BY id;
)sql";

// Course numbers, and what the agenda shows of a booking, kept on the session row, so the
// agenda reads a week of a large practice from session_booked alone: looking up each booked
// client's name and counting their course took two scattered page reads per booking (2,300 for
// a week at 100,000 clients). Triggers keep them, in the same transaction as every change,
// whoever writes the file; `smp check` counts them again another way (store/backup.cpp).
// - course_number: a course session's place in its client's course, counting done and booked
//   ones in date, time and id order (untimed first in their day); cancelled and missed
//   sessions, and other kinds, have none. Listings and exports read it.
// - booked_client_name, booked_planned_sessions: the client's name and own course length, on
//   booked sessions only.
// renumber_client is a view with nothing in it: inserting a client's id into it runs the one
// statement that sets all three on that client's sessions.
constexpr std::string_view k_v8_course_numbers = R"sql(
ALTER TABLE session ADD COLUMN course_number INTEGER;
ALTER TABLE session ADD COLUMN booked_client_name TEXT;
ALTER TABLE session ADD COLUMN booked_planned_sessions INTEGER;
CREATE VIEW renumber_client (client_id) AS SELECT NULL WHERE 0;
CREATE TRIGGER renumber_client INSTEAD OF INSERT ON renumber_client BEGIN
    UPDATE session SET
        course_number = CASE WHEN kind = 'course' AND status IN ('done', 'scheduled') THEN
            (SELECT count(*) FROM session x WHERE x.client_id = session.client_id
                AND x.kind = 'course' AND x.status IN ('done', 'scheduled')
                AND x.date <= session.date
                AND (x.date < session.date OR ifnull(x.time, '') < ifnull(session.time, '')
                     OR (ifnull(x.time, '') = ifnull(session.time, '') AND x.id <= session.id)))
        END,
        booked_client_name = CASE WHEN status = 'scheduled' THEN
            (SELECT name FROM client WHERE id = session.client_id) END,
        booked_planned_sessions = CASE WHEN status = 'scheduled' THEN
            (SELECT planned_sessions FROM client WHERE id = session.client_id) END
    WHERE client_id = NEW.client_id AND (kind = 'course' OR status = 'scheduled'
        OR course_number IS NOT NULL OR booked_client_name IS NOT NULL);
END;
CREATE TRIGGER session_added AFTER INSERT ON session
    WHEN NEW.kind = 'course' OR NEW.status = 'scheduled'
BEGIN
    INSERT INTO renumber_client VALUES (NEW.client_id);
END;
CREATE TRIGGER session_moved AFTER UPDATE OF client_id, date, time, kind, status ON session
    WHEN (OLD.client_id, OLD.date, OLD.time, OLD.kind, OLD.status)
         IS NOT (NEW.client_id, NEW.date, NEW.time, NEW.kind, NEW.status)
BEGIN
    INSERT INTO renumber_client VALUES (NEW.client_id);
    INSERT INTO renumber_client SELECT OLD.client_id WHERE OLD.client_id != NEW.client_id;
END;
CREATE TRIGGER session_removed AFTER DELETE ON session
    WHEN OLD.kind = 'course' AND OLD.status IN ('done', 'scheduled')
BEGIN
    INSERT INTO renumber_client VALUES (OLD.client_id);
END;
CREATE TRIGGER client_renamed AFTER UPDATE OF name, planned_sessions ON client
    WHEN OLD.name IS NOT NEW.name OR OLD.planned_sessions IS NOT NEW.planned_sessions
BEGIN
    INSERT INTO renumber_client VALUES (NEW.id);
END;
INSERT INTO renumber_client SELECT DISTINCT client_id FROM session
    WHERE kind = 'course' OR status = 'scheduled';
DROP INDEX session_booked;
CREATE INDEX session_booked ON session(date, time, id, client_id, kind, areas, status,
    booked_client_name, booked_planned_sessions, course_number) WHERE status = 'scheduled';
)sql";

// Who each due entry is for, as its lists show them: the client's uuid, name, phone, email,
// consent to reminders and snooze, copied into the entry, so the due list and the agenda's
// follow-ups read the due_on index alone. Kind comes first in it: the agenda asks for
// follow-ups and touch-ups apart, and each then reads only its own kind's entries (its
// touch-ups had stepped over every follow-up due). Looking up each due client's row was one
// scattered page read per client listed (the follow-ups of a large practice: 0.8 of the agenda's 5
// ms). The entry is written with them (store/due.cpp), a trigger copies every change to them
// whoever writes the file, and `smp check` compares them with the client's.
constexpr std::string_view k_v9_due_contacts = R"sql(
ALTER TABLE due ADD COLUMN client_uuid TEXT;
ALTER TABLE due ADD COLUMN name TEXT;
ALTER TABLE due ADD COLUMN phone TEXT;
ALTER TABLE due ADD COLUMN email TEXT;
ALTER TABLE due ADD COLUMN reminders_allowed INTEGER;
ALTER TABLE due ADD COLUMN snoozed_until TEXT;
UPDATE due SET (client_uuid, name, phone, email, reminders_allowed, snoozed_until) =
    (SELECT uuid, name, phone, email, reminders_allowed, snoozed_until FROM client
     WHERE client.id = due.client_id);
CREATE TRIGGER client_contact_changed
    AFTER UPDATE OF uuid, name, phone, email, reminders_allowed, snoozed_until ON client
    WHEN (OLD.uuid, OLD.name, OLD.phone, OLD.email, OLD.reminders_allowed, OLD.snoozed_until)
         IS NOT (NEW.uuid, NEW.name, NEW.phone, NEW.email, NEW.reminders_allowed,
                 NEW.snoozed_until)
BEGIN
    UPDATE due SET client_uuid = NEW.uuid, name = NEW.name, phone = NEW.phone,
        email = NEW.email, reminders_allowed = NEW.reminders_allowed,
        snoozed_until = NEW.snoozed_until
    WHERE client_id = NEW.id;
END;
DROP INDEX due_on;
CREATE INDEX due_on ON due(kind, due_on, booked_until, overdue_after, last_session, reason,
    snoozed_until, name, client_uuid, phone, email, reminders_allowed);
)sql";

// Issue 18: an id removed is never given again, so "session 39" in a note, a message or an old
// export always means the one session. AUTOINCREMENT does that, but a table cannot be rebuilt
// with it here: dropping the old table inside this transaction would cascade the delete through
// the foreign keys. So the tables' CREATE text gains the word, as SQLite documents for changes
// that leave the stored rows as they are (lang_altertable.html#otheralter): the seed table
// makes sqlite_sequence, and creating and dropping it again bumps the schema cookie so every
// connection reads the new text. Each table's sequence starts at its highest id in use: ids
// removed before this upgrade cannot be known, ids removed after it are never reused.
// Also: contraindications reviewed for the current screening (screening_review, dropped by the
// next screening), and patch tests (patch_test), each in its own table keyed by client.
constexpr std::string_view k_v10_ids_never_reused = R"sql(
CREATE TABLE smp_sequence_seed (id INTEGER PRIMARY KEY AUTOINCREMENT);
DROP TABLE smp_sequence_seed;
PRAGMA writable_schema = ON;
UPDATE sqlite_schema
    SET sql = replace(sql, 'id INTEGER PRIMARY KEY,', 'id INTEGER PRIMARY KEY AUTOINCREMENT,')
    WHERE type = 'table' AND name IN ('client', 'session', 'consent', 'shade', 'lot', 'reminder');
PRAGMA writable_schema = RESET;
CREATE TABLE smp_sequence_seed (id INTEGER PRIMARY KEY AUTOINCREMENT);
DROP TABLE smp_sequence_seed;
DELETE FROM sqlite_sequence;
INSERT INTO sqlite_sequence (name, seq)
    SELECT 'client', max(id) FROM client HAVING count(*) > 0
    UNION ALL SELECT 'session', max(id) FROM session HAVING count(*) > 0
    UNION ALL SELECT 'consent', max(id) FROM consent HAVING count(*) > 0
    UNION ALL SELECT 'shade', max(id) FROM shade HAVING count(*) > 0
    UNION ALL SELECT 'lot', max(id) FROM lot HAVING count(*) > 0
    UNION ALL SELECT 'reminder', max(id) FROM reminder HAVING count(*) > 0;
CREATE TABLE screening_review (
    client_id INTEGER PRIMARY KEY REFERENCES client(id) ON DELETE CASCADE,
    flags TEXT NOT NULL,
    reviewed_on TEXT NOT NULL
);
CREATE TABLE patch_test (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    client_id INTEGER NOT NULL REFERENCES client(id) ON DELETE CASCADE,
    tested_on TEXT NOT NULL,
    result TEXT NOT NULL CHECK (result IN ('ok', 'reaction')),
    lot_id INTEGER REFERENCES lot(id) ON DELETE SET NULL,
    created_at TEXT NOT NULL
);
CREATE INDEX patch_test_client ON patch_test(client_id, tested_on);
)sql";

// What a calendar feed needs to update the events it gave before: how many times a session
// changed as a calendar shows it (day, time, length, status), for SEQUENCE, and when it was
// cancelled, so the feed keeps a cancelled session for calendar.keep_cancelled with
// STATUS:CANCELLED (a calendar app then removes it) rather than silently dropping it. A trigger
// keeps both, whoever writes the file; sessions cancelled before it count from their last
// change.
constexpr std::string_view k_v11_calendar_changes = R"sql(
ALTER TABLE session ADD COLUMN calendar_sequence INTEGER NOT NULL DEFAULT 0;
ALTER TABLE session ADD COLUMN cancelled_at TEXT;
UPDATE session SET cancelled_at = updated_at WHERE status = 'cancelled';
CREATE TRIGGER session_calendar_changed
    AFTER UPDATE OF date, time, duration_minutes, status ON session
    WHEN (OLD.date, OLD.time, OLD.duration_minutes, OLD.status)
         IS NOT (NEW.date, NEW.time, NEW.duration_minutes, NEW.status)
BEGIN
    UPDATE session SET calendar_sequence = OLD.calendar_sequence + 1,
        cancelled_at = CASE WHEN NEW.status != 'cancelled' THEN NULL
                            WHEN OLD.status = 'cancelled' THEN OLD.cancelled_at
                            ELSE strftime('%Y-%m-%dT%H:%M:%SZ', 'now') END
    WHERE id = NEW.id;
END;
)sql";

// Issue 21: money that changed hands (deposits, payments, refunds) or was charged (fees), per
// client and optionally per session. Amounts are exact minor units, never negative (the kind
// says which way the money went). Removing a session keeps its payments for the books; a
// client purged takes theirs along.
constexpr std::string_view k_v12_payments = R"sql(
CREATE TABLE payment (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    uuid TEXT NOT NULL UNIQUE,
    client_id INTEGER NOT NULL REFERENCES client(id) ON DELETE CASCADE,
    session_id INTEGER REFERENCES session(id) ON DELETE SET NULL,
    date TEXT NOT NULL,
    amount_minor INTEGER NOT NULL CHECK (amount_minor >= 0),
    currency TEXT NOT NULL,
    method TEXT,
    kind TEXT NOT NULL CHECK (kind IN ('deposit', 'payment', 'refund', 'fee')),
    reference TEXT,
    notes TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX payment_client_date ON payment(client_id, date);
CREATE INDEX payment_date ON payment(date);
CREATE INDEX payment_session ON payment(session_id) WHERE session_id IS NOT NULL;
)sql";

// Issue 19: the erasure record (below), and every attempt to send a reminder with --exec, failed or
// not (when, by which channel to which address, the command's exit status or what stopped it, the
// first line it wrote on stderr), so a bouncing address can be seen and, after
// reminder.max_failures failures in a row, no longer tried.
constexpr std::string_view k_v13_send_attempts = R"sql(
CREATE TABLE send_attempt (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    uuid TEXT NOT NULL UNIQUE,
    client_id INTEGER NOT NULL REFERENCES client(id) ON DELETE CASCADE,
    kind TEXT NOT NULL CHECK (kind IN ('followup', 'touchup')),
    due_on TEXT NOT NULL,
    channel TEXT NOT NULL,
    address TEXT NOT NULL,
    attempted_on TEXT NOT NULL,
    attempted_at TEXT NOT NULL,
    outcome TEXT NOT NULL CHECK (outcome IN ('sent', 'failed')),
    exit_status INTEGER,
    error TEXT,
    stderr_line TEXT
);
CREATE INDEX send_attempt_address ON send_attempt(channel, address, id);
CREATE INDEX send_attempt_client ON send_attempt(client_id, id);
-- Each client erased by `client forget`: the uuid they had and the day, nothing personal, so
-- that a restored backup or an import cannot bring them back.
CREATE TABLE erasure (
    uuid TEXT PRIMARY KEY,
    erased_on TEXT NOT NULL,
    purged INTEGER NOT NULL DEFAULT 0
) WITHOUT ROWID;
)sql";

// A booking's duration in session_booked too, so the agenda sees overlapping bookings from the
// index alone: looking up each booked session's row for its duration read 1,779 pages for a
// week at 100,000 clients; with it, 144 (agenda 11.6 ms -> 6.6 ms).
constexpr std::string_view k_v14_booked_durations = R"sql(
DROP INDEX session_booked;
CREATE INDEX session_booked ON session(date, time, id, client_id, kind, areas, status,
    booked_client_name, booked_planned_sessions, course_number, duration_minutes)
    WHERE status = 'scheduled';
)sql";

// When a session's aftercare reached the client, once per session: handed over in person
// (`how` = "given") or sent by a channel. Nothing personal; it goes with its session.
constexpr std::string_view k_v15_aftercare = R"sql(
CREATE TABLE aftercare (
    session_id INTEGER PRIMARY KEY REFERENCES session(id) ON DELETE CASCADE,
    how TEXT NOT NULL,
    given_on TEXT NOT NULL,
    recorded_at TEXT NOT NULL
);
)sql";

// Issue 19: each client merged into another by `client merge`: the uuid the merged-away client
// had and the uuid of the client kept, so a later import of the old uuid updates the one kept.
constexpr std::string_view k_v16_merged_clients = R"sql(
CREATE TABLE merged_client (
    uuid TEXT PRIMARY KEY,
    into_uuid TEXT NOT NULL,
    merged_on TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX merged_client_into ON merged_client(into_uuid);
)sql";

// Issue 22: before-and-after photos, each a file kept beside the records file (named by its
// SHA-256, so the same picture is stored once) and a row saying whose it is, of which session,
// stage and areas, and when it was taken. The records hold the hash and size so `smp check`
// can tell a changed or missing file.
constexpr std::string_view k_v17_photos = R"sql(
CREATE TABLE photo (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    uuid TEXT NOT NULL UNIQUE,
    client_id INTEGER NOT NULL REFERENCES client(id) ON DELETE CASCADE,
    session_id INTEGER REFERENCES session(id) ON DELETE SET NULL,
    stage TEXT NOT NULL CHECK (stage IN ('before', 'after', 'healed', 'consult')),
    areas TEXT,
    taken_on TEXT NOT NULL,
    sha256 TEXT NOT NULL CHECK (length(sha256) = 64),
    size_bytes INTEGER NOT NULL CHECK (size_bytes >= 0),
    original_name TEXT,
    media_type TEXT NOT NULL,
    notes TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX photo_client ON photo(client_id, taken_on);
CREATE INDEX photo_session ON photo(session_id) WHERE session_id IS NOT NULL;
CREATE INDEX photo_file ON photo(client_id, sha256);
)sql";

// Issue 22: pigment stock. A lot's bottles received and their size in millilitres (empty on a
// lot recorded before: its stock is unknown, not nought), and one row per bottle opened, so
// bottles left and the opened bottle's shelf life follow. The partial index lets the agenda
// read only the lots whose stock is counted.
constexpr std::string_view k_v18_lot_stock = R"sql(
ALTER TABLE lot ADD COLUMN bottles INTEGER CHECK (bottles > 0);
ALTER TABLE lot ADD COLUMN bottle_ml REAL CHECK (bottle_ml > 0);
CREATE TABLE lot_opening (
    id INTEGER PRIMARY KEY,
    lot_id INTEGER NOT NULL REFERENCES lot(id) ON DELETE CASCADE,
    opened_on TEXT NOT NULL,
    recorded_at TEXT NOT NULL
);
CREATE INDEX lot_opening_lot ON lot_opening(lot_id, opened_on);
CREATE INDEX lot_stocked ON lot(expires_on) WHERE bottles IS NOT NULL;
)sql";

// Issue 20: one reminder job for every message a client should get. A reminder (and each try
// of sending one) is now of a kind about a session too (booking, confirmation, cancellation,
// aftercare), keyed by that session and its slot, so a moved session gets new ones. SQLite
// cannot change a CHECK in place: both tables are copied. A client can refuse the service
// messages (the ones about a session) apart from reminders to book.
constexpr std::string_view k_v19_service_messages = R"sql(
CREATE TABLE reminder_v19 (
    id INTEGER PRIMARY KEY,
    uuid TEXT NOT NULL UNIQUE,
    client_id INTEGER NOT NULL REFERENCES client(id) ON DELETE CASCADE,
    kind TEXT NOT NULL CHECK (kind IN ('booking', 'confirmation', 'cancellation', 'aftercare',
                                       'followup', 'touchup')),
    due_on TEXT NOT NULL,
    channel TEXT NOT NULL,
    address TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('sending', 'sent')),
    sent_on TEXT NOT NULL,
    sent_at TEXT NOT NULL,
    message TEXT NOT NULL,
    session_id INTEGER REFERENCES session(id) ON DELETE CASCADE
);
INSERT INTO reminder_v19 (id, uuid, client_id, kind, due_on, channel, address, status, sent_on,
                          sent_at, message)
    SELECT id, uuid, client_id, kind, due_on, channel, address, status, sent_on, sent_at, message
    FROM reminder;
DROP TABLE reminder;
ALTER TABLE reminder_v19 RENAME TO reminder;
CREATE INDEX reminder_claim ON reminder(client_id, kind, due_on, channel);
CREATE INDEX reminder_session ON reminder(session_id, kind) WHERE session_id IS NOT NULL;
CREATE TABLE send_attempt_v19 (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    uuid TEXT NOT NULL UNIQUE,
    client_id INTEGER NOT NULL REFERENCES client(id) ON DELETE CASCADE,
    kind TEXT NOT NULL CHECK (kind IN ('booking', 'confirmation', 'cancellation', 'aftercare',
                                       'followup', 'touchup')),
    due_on TEXT NOT NULL,
    channel TEXT NOT NULL,
    address TEXT NOT NULL,
    attempted_on TEXT NOT NULL,
    attempted_at TEXT NOT NULL,
    outcome TEXT NOT NULL CHECK (outcome IN ('sent', 'failed')),
    exit_status INTEGER,
    error TEXT,
    stderr_line TEXT,
    session_id INTEGER REFERENCES session(id) ON DELETE SET NULL
);
INSERT INTO send_attempt_v19 (id, uuid, client_id, kind, due_on, channel, address, attempted_on,
                              attempted_at, outcome, exit_status, error, stderr_line)
    SELECT id, uuid, client_id, kind, due_on, channel, address, attempted_on, attempted_at,
           outcome, exit_status, error, stderr_line FROM send_attempt;
DROP TABLE send_attempt;
ALTER TABLE send_attempt_v19 RENAME TO send_attempt;
CREATE INDEX send_attempt_address ON send_attempt(channel, address, id);
CREATE INDEX send_attempt_client ON send_attempt(client_id, id);
ALTER TABLE client ADD COLUMN service_messages INTEGER NOT NULL DEFAULT 1;
)sql";

// `shade list` counts each shade's sessions: without an index that read every session once per
// shade (0.48 s at 100,000 clients). Partial, as most sessions name no shade.
constexpr std::string_view k_v20_session_shade = R"sql(
CREATE INDEX session_shade ON session(shade_id) WHERE shade_id IS NOT NULL;
)sql";

constexpr std::array k_migrations = {
    Migration{1, k_v1_clients},
    Migration{2, k_v2_sessions},
    Migration{3, k_v3_shades},
    Migration{4, k_v4_touchups},
    Migration{5, k_v5_client_search},
    Migration{6, k_v6_reading_indexes},
    Migration{7, k_v7_search_and_bookings},
    Migration{8, k_v8_course_numbers},
    Migration{9, k_v9_due_contacts},
    Migration{10, k_v10_ids_never_reused},
    Migration{11, k_v11_calendar_changes},
    Migration{12, k_v12_payments},
    Migration{13, k_v13_send_attempts},
    Migration{14, k_v14_booked_durations},
    Migration{15, k_v15_aftercare},
    Migration{16, k_v16_merged_clients},
    Migration{17, k_v17_photos},
    Migration{18, k_v18_lot_stock},
    Migration{19, k_v19_service_messages},
    Migration{20, k_v20_session_shade},
};

// A file created by this smp asks for marketing consent before a reminder goes out unless the
// config says otherwise; a file created before keeps sending without it (store/reminders.cpp,
// consent_rule). Not a migration step: an upgraded file must not get it.
constexpr std::string_view k_new_file_settings = R"sql(
INSERT OR REPLACE INTO setting (key, value) VALUES ('reminder.requires_consent', 'marketing');
)sql";

} // namespace

std::span<const Migration> migrations() {
    return k_migrations;
}

std::string_view new_file_settings() {
    return k_new_file_settings;
}

} // namespace smp::store
