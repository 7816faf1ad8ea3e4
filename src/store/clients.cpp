#include "rows.hpp"

#include <smp/domain/date.hpp>
#include <smp/domain/text.hpp>
#include <smp/store/clients.hpp>
#include <smp/store/due.hpp>

#include <SQLiteCpp/Column.h>
#include <SQLiteCpp/Statement.h>
#include <fmt/format.h>

namespace smp::store {
namespace {

constexpr std::string_view k_columns =
    "id, uuid, name, phone, email, birth_date, skin_type, undertone, hair_colour, "
    "hair_loss_scale, hair_loss_stage, condition, contraindications, medical_notes, notes, "
    "reminders_allowed, archived_at, created_at, updated_at, planned_sessions, screened_on, touchup_every, touchup_due, "
    "snoozed_until";

Client read_client(SQLite::Statement& row) {
    Client c;
    c.id = row.getColumn(0).getInt64();
    c.uuid = row.getColumn(1).getString();
    c.name = row.getColumn(2).getString();
    c.phone = optional_text(row, 3);
    c.email = optional_text(row, 4);
    c.birth_date = optional_text(row, 5);
    c.skin_type = optional_text(row, 6);
    c.undertone = optional_text(row, 7);
    c.hair_colour = optional_text(row, 8);
    c.hair_loss_scale = optional_text(row, 9);
    c.hair_loss_stage = optional_text(row, 10);
    c.condition = optional_text(row, 11);
    c.contraindications = split_list(row.getColumn(12).getString());
    c.medical_notes = optional_text(row, 13);
    c.notes = optional_text(row, 14);
    c.reminders_allowed = row.getColumn(15).getInt() != 0;
    c.archived_at = optional_text(row, 16);
    c.created_at = row.getColumn(17).getString();
    c.updated_at = row.getColumn(18).getString();
    if (!row.getColumn(19).isNull())
        c.planned_sessions = row.getColumn(19).getInt();
    c.screened_on = optional_text(row, 20);
    c.touchup_every = optional_text(row, 21);
    c.touchup_due = optional_text(row, 22);
    c.snoozed_until = optional_text(row, 23);
    return c;
}

// Binds every column but id, in k_columns order, starting at parameter 1. The text is not
// copied: `c` outlives the write that follows.
void bind_client(SQLite::Statement& statement, const Client& c) {
    auto contraindications = join(c.contraindications, ",");
    statement.bindNoCopy(1, c.uuid);
    statement.bindNoCopy(2, c.name);
    bind_optional_no_copy(statement, 3, c.phone);
    bind_optional_no_copy(statement, 4, c.email);
    bind_optional_no_copy(statement, 5, c.birth_date);
    bind_optional_no_copy(statement, 6, c.skin_type);
    bind_optional_no_copy(statement, 7, c.undertone);
    bind_optional_no_copy(statement, 8, c.hair_colour);
    bind_optional_no_copy(statement, 9, c.hair_loss_scale);
    bind_optional_no_copy(statement, 10, c.hair_loss_stage);
    bind_optional_no_copy(statement, 11, c.condition);
    statement.bind(12, contraindications);
    bind_optional_no_copy(statement, 13, c.medical_notes);
    bind_optional_no_copy(statement, 14, c.notes);
    statement.bind(15, c.reminders_allowed ? 1 : 0);
    bind_optional_no_copy(statement, 16, c.archived_at);
    statement.bindNoCopy(17, c.created_at);
    statement.bindNoCopy(18, c.updated_at);
    if (c.planned_sessions)
        statement.bind(19, *c.planned_sessions);
    else
        statement.bind(19);
    bind_optional_no_copy(statement, 20, c.screened_on);
    bind_optional_no_copy(statement, 21, c.touchup_every);
    bind_optional_no_copy(statement, 22, c.touchup_due);
    bind_optional_no_copy(statement, 23, c.snoozed_until);
}

// The text `--search` looks in, folded as the search is: the fields apart (char 31 between
// them), so a fragment never matches across two of them. A new client has no entry to replace.
void index_for_search(Store& store, const Client& c, bool is_new) {
    if (!is_new) {
        auto& remove = store.cached("DELETE FROM client_search WHERE rowid = ?");
        remove.bind(1, c.id);
        remove.exec();
    }
    auto& insert = store.cached("INSERT INTO client_search (rowid, text) VALUES (?, ?)");
    auto text = fold_case(c.name + '\x1f' + c.phone.value_or("") + '\x1f' + c.email.value_or("") +
                          '\x1f' + c.notes.value_or(""));
    insert.bind(1, c.id);
    insert.bindNoCopy(2, text);
    insert.exec();
}

// The index's query for clients holding every trigram (three characters in a row) of `text`:
// `"abc" AND "bcd" AND ...`, each quoted as an FTS5 string. The index does not know where a
// trigram stands, so the exact test in for_each_client then drops any client who holds them
// all but not in a row.
std::string every_trigram(std::string_view text) {
    std::vector<std::size_t> starts; // where each character (not byte) begins
    for (std::size_t i = 0; i < text.size(); ++i)
        if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80)
            starts.push_back(i);
    starts.push_back(text.size());
    std::string query;
    for (std::size_t i = 0; i + 3 < starts.size(); ++i) {
        query += query.empty() ? "\"" : " AND \"";
        for (char c : text.substr(starts[i], starts[i + 3] - starts[i]))
            query += c == '"' ? std::string("\"\"") : std::string(1, c);
        query += '"';
    }
    return query;
}

// Merges the search index and VACUUMs after an erasure (see forget_client). The erasure is
// already committed when this runs, so a failure must not say "nothing was changed".
void compact_after_erasure(Store& store, std::int64_t id) {
    Exit code = Exit::io;
    std::string reason;
    try {
        store.write([&] { store.db().exec("INSERT INTO client_search (client_search) VALUES ('optimize')"); });
        store.db().exec("VACUUM");
        return;
    } catch (const Error& error) {
        code = error.code();
    } catch (const SQLite::Exception& failure) {
        code = to_error(failure, store.path(), errno).code();
        reason = failure.getErrorStr();
    }
    if (reason.empty())
        reason = code == Exit::busy ? "another smp is using the file"
                                    : "no space left, or the file is read-only";
    throw Error(code == Exit::busy ? Exit::busy : Exit::io,
                fmt::format("client {} was erased, but compacting \"{}\" afterwards failed ({}), "
                            "so fragments of the erased data may remain in its free space "
                            "until the next `smp client forget` (of anyone) compacts it: make "
                            "room (or wait) first",
                            id, store.path(), reason));
}

} // namespace

void insert_client(Store& store, Client& client, Stamp how) {
    client.uuid = client.uuid.empty() ? new_uuid() : client.uuid;
    stamp(how, true, client.created_at, client.updated_at);
    // Built once: an import inserts 100,000 clients through this one statement.
    static const std::string sql =
        fmt::format("INSERT INTO client ({}) VALUES (?24, ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, "
                    "?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22, ?23)",
                    k_columns);
    auto& insert = store.cached(sql);
    bind_client(insert, client);
    bind_new_id(insert, 24, how, client.id);
    insert.exec();
    client.id = store.db().getLastInsertRowid();
    index_for_search(store, client, true);
}

void update_client(Store& store, Client& client, Stamp how) {
    stamp(how, false, client.created_at, client.updated_at);
    auto& update = store.cached(
        "UPDATE client SET uuid = ?1, name = ?2, phone = ?3, email = ?4, birth_date = ?5, "
        "skin_type = ?6, undertone = ?7, hair_colour = ?8, hair_loss_scale = ?9, "
        "hair_loss_stage = ?10, condition = ?11, contraindications = ?12, medical_notes = ?13, "
        "notes = ?14, reminders_allowed = ?15, archived_at = ?16, created_at = ?17, "
        "updated_at = ?18, planned_sessions = ?19, screened_on = ?20, touchup_every = ?21, "
        "touchup_due = ?22, snoozed_until = ?23 WHERE id = ?24");
    bind_client(update, client);
    update.bind(24, client.id);
    update.exec();
    index_for_search(store, client, false);
    refresh_due(store, client.id); // course length or touch-up settings may have changed
}

std::optional<Client> client_by_uuid(Store& store, const std::string& uuid) {
    auto& query = store.cached(fmt::format("SELECT {} FROM client WHERE uuid = ?", k_columns));
    query.bind(1, uuid);
    if (!query.executeStep())
        return std::nullopt;
    auto client = read_client(query);
    query.reset();
    return client;
}

void delete_client(Store& store, std::int64_t id) {
    SQLite::Statement remove(store.db(), "DELETE FROM client WHERE id = ?");
    remove.bind(1, id);
    remove.exec();
    SQLite::Statement unindex(store.db(), "DELETE FROM client_search WHERE rowid = ?");
    unindex.bind(1, id);
    unindex.exec();
}

void forget_client(Store& store, std::int64_t id, bool purge) {
    store.db().exec("PRAGMA secure_delete = ON");
    store.write([&] {
        for (auto sql : {"DELETE FROM consent WHERE client_id = ?",
                         "DELETE FROM reminder WHERE client_id = ?",
                         "UPDATE session SET notes = NULL, cancel_reason = NULL WHERE client_id = ?"}) {
            SQLite::Statement statement(store.db(), sql);
            statement.bind(1, id);
            statement.exec();
        }
        if (purge) {
            delete_client(store, id); // sessions, their lots and the due entry cascade
            return;
        }
        SQLite::Statement anonymise(
            store.db(),
            "UPDATE client SET uuid = ?1, name = 'forgotten client', phone = NULL, email = NULL, "
            "birth_date = NULL, skin_type = NULL, undertone = NULL, hair_colour = NULL, "
            "hair_loss_scale = NULL, hair_loss_stage = NULL, condition = NULL, "
            "contraindications = '', medical_notes = NULL, notes = NULL, reminders_allowed = 0, "
            "screened_on = NULL, touchup_every = NULL, touchup_due = NULL, snoozed_until = NULL, "
            "archived_at = coalesce(archived_at, ?2), updated_at = ?2 WHERE id = ?3");
        anonymise.bind(1, new_uuid());
        anonymise.bind(2, utc_now());
        anonymise.bind(3, id);
        anonymise.exec();
        index_for_search(store, *client_by_id(store, id), false); // the old name leaves the index too
        refresh_due(store, id);
    });
    // The search index keeps deleted trigrams in old segments until they are merged: merge
    // them all, then VACUUM rewrites the file from its live rows only, so no free page or
    // stale segment keeps a fragment of the person.
    compact_after_erasure(store, id);
}

std::optional<Client> client_by_id(Store& store, std::int64_t id) {
    SQLite::Statement query(store.db(), fmt::format("SELECT {} FROM client WHERE id = ?", k_columns));
    query.bind(1, id);
    if (!query.executeStep())
        return std::nullopt;
    return read_client(query);
}

std::vector<Candidate> clients_named(Store& store, std::string_view name) {
    return records_named(store, "client", name);
}

Client resolve_client(Store& store, std::string_view reference) {
    return *client_by_id(store, resolve_name(store, "client", reference));
}

namespace {

// Three characters or more: the trigram index finds the candidates. Shorter fragments (and the
// exact per-field test on the candidates) read the fields themselves.
bool searches_index(const ClientFilter& filter) {
    return filter.search && decode_utf8(fold_case(*filter.search)).size() >= 3;
}

} // namespace

std::string client_list_sql(const ClientFilter& filter) {
    std::string where = filter.which == ClientFilter::Which::active     ? "archived_at IS NULL"
                        : filter.which == ClientFilter::Which::archived ? "archived_at IS NOT NULL"
                                                                        : "1";
    if (searches_index(filter))
        where += " AND id IN (SELECT rowid FROM client_search WHERE client_search MATCH ?2)";
    if (filter.search)
        where += " AND (instr(smp_fold(name), ?1) > 0 OR instr(smp_fold(coalesce(phone, '')), ?1) > 0"
                 " OR instr(smp_fold(coalesce(email, '')), ?1) > 0"
                 " OR instr(smp_fold(coalesce(notes, '')), ?1) > 0)";
    if (filter.inactive_before)
        where += " AND NOT EXISTS (SELECT 1 FROM session s WHERE s.client_id = client.id AND "
                 "s.status IN ('done', 'scheduled') AND s.date >= ?3) AND (created_at < ?3 OR "
                 "EXISTS (SELECT 1 FROM session s WHERE s.client_id = client.id AND "
                 "s.status = 'done'))";
    return fmt::format("SELECT {} FROM client WHERE {} ORDER BY name, id", k_columns, where);
}

void for_each_client(Store& store, const ClientFilter& filter,
                     const std::function<void(const Client&)>& visit) {
    SQLite::Statement query(store.db(), client_list_sql(filter));
    if (filter.search)
        query.bind(1, fold_case(*filter.search));
    if (searches_index(filter))
        query.bind(2, every_trigram(fold_case(*filter.search)));
    if (filter.inactive_before)
        query.bind(3, *filter.inactive_before);
    while (query.executeStep())
        visit(read_client(query));
}

} // namespace smp::store
