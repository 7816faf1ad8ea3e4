#include "kind_rows.hpp"

#include <smp/domain/date.hpp>
#include <smp/store/clients.hpp>
#include <smp/store/due.hpp>
#include <smp/util/clock.hpp>
#include <smp/util/text.hpp>
#include <smp/util/uuid.hpp>

#include <SQLiteCpp/Column.h>
#include <SQLiteCpp/Statement.h>
#include <fmt/format.h>

namespace smp::store {
namespace {

// The client table's select list, built from client_fields() once.
const std::string& client_columns() {
    static const std::string columns = select_list(client_fields());
    return columns;
}

Client read_client(SQLite::Statement& row) {
    Client client;
    read_fields(client_fields(), row, client, "client");
    return client;
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
        store.write([&] {
            store.db().exec("INSERT INTO client_search (client_search) VALUES ('optimize')");
        });
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
    static auto insert = FieldWrite<Client>::insert_into("client", client_fields());
    insert.run(store, client, kept_id(how, client.id));
    client.id = store.db().getLastInsertRowid();
    index_for_search(store, client, true);
}

void update_client(Store& store, Client& client, Stamp how) {
    stamp(how, false, client.created_at, client.updated_at);
    static auto update = FieldWrite<Client>::update_of("client", client_fields());
    update.run(store, client, client.id);
    index_for_search(store, client, false);
    refresh_due(store, client.id); // course length or touch-up settings may have changed
}

std::optional<Client> client_by_uuid(Store& store, const std::string& uuid) {
    auto& query =
        store.cached(fmt::format("SELECT {} FROM client WHERE uuid = ?", client_columns()));
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

std::string erasure_assignments(const KindInfo& kind) {
    std::string set;
    auto forgotten = fmt::format("'forgotten {}'", kind.name);
    for (const auto& field : kind.fields) {
        if (!field.has(field_flag::personal))
            continue;
        std::string_view value = "NULL";
        if (field.codec == Codec::choice_list)
            value = "''";
        else if (field.codec == Codec::flag)
            value = "0";
        else if (field.has(field_flag::required))
            value = forgotten;
        for (auto column : field.columns()) // none for a derived field
            fmt::format_to(std::back_inserter(set), "{}{} = {}", set.empty() ? "" : ", ", column,
                           value);
    }
    return set;
}

namespace {

// The uuid the client has now (forget gives the row a fresh one), the day and the way: all a
// restore or an import needs to keep them erased, and nothing personal.
void record_erasure(Store& store, std::int64_t id, bool purge) {
    SQLite::Statement remember(store.db(),
                               "INSERT OR REPLACE INTO erasure (uuid, erased_on, purged) SELECT "
                               "uuid, ?, ? FROM client WHERE id = ?");
    remember.bind(1, utc_now().substr(0, 10));
    remember.bind(2, purge ? 1 : 0);
    remember.bind(3, id);
    remember.exec();
    // The uuids of clients merged into this one stand for them too: erased with them.
    SQLite::Statement merged(store.db(),
                             "INSERT OR REPLACE INTO erasure (uuid, erased_on, purged) SELECT "
                             "m.uuid, ?, ? FROM merged_client m JOIN client c ON c.uuid = "
                             "m.into_uuid WHERE c.id = ?");
    merged.bind(1, utc_now().substr(0, 10));
    merged.bind(2, purge ? 1 : 0);
    merged.bind(3, id);
    merged.exec();
    SQLite::Statement unmerge(store.db(), "DELETE FROM merged_client WHERE into_uuid = (SELECT "
                                          "uuid FROM client WHERE id = ?)");
    unmerge.bind(1, id);
    unmerge.exec();
}

// Every other kind's rows about the client: deleted whole (consents, reminders), or their
// personal fields erased (a session's notes), as each kind's table says.
void erase_related(Store& store, std::int64_t client_id) {
    for (const auto* kind : record_kinds()) {
        if (kind->table == "client" || !kind->field("client_id"))
            continue;
        std::string sql;
        if (kind->erased_whole)
            sql = fmt::format("DELETE FROM {} WHERE client_id = ?", kind->table);
        else if (auto set = erasure_assignments(*kind); !set.empty())
            sql = fmt::format("UPDATE {} SET {} WHERE client_id = ?", kind->table, set);
        else
            continue;
        SQLite::Statement statement(store.db(), sql);
        statement.bind(1, client_id);
        statement.exec();
    }
}

} // namespace

void forget_client(Store& store, std::int64_t id, bool purge) {
    store.db().exec("PRAGMA secure_delete = ON");
    store.write([&] {
        record_erasure(store, id, purge);
        erase_related(store, id);
        if (purge) {
            delete_client(store, id); // sessions, their lots and the due entry cascade
            return;
        }
        // The row stays, for the lot and date facts: every personal field erased, a fresh uuid
        // (the old one could be matched elsewhere), archived.
        SQLite::Statement anonymise(
            store.db(), fmt::format("UPDATE client SET {}, uuid = ?1, archived_at = "
                                    "coalesce(archived_at, ?2), updated_at = ?2 WHERE id = ?3",
                                    erasure_assignments(*kind_named("client"))));
        anonymise.bind(1, new_uuid());
        anonymise.bind(2, utc_now());
        anonymise.bind(3, id);
        anonymise.exec();
        index_for_search(store, *client_by_id(store, id),
                         false); // the old name leaves the index too
        refresh_due(store, id);
    });
    // The search index keeps deleted trigrams in old segments until they are merged: merge
    // them all, then VACUUM rewrites the file from its live rows only, so no free page or
    // stale segment keeps a fragment of the person.
    compact_after_erasure(store, id);
}

std::optional<Client> client_by_id(Store& store, std::int64_t id) {
    SQLite::Statement query(store.db(),
                            fmt::format("SELECT {} FROM client WHERE id = ?", client_columns()));
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
        where +=
            " AND (instr(smp_fold(name), ?1) > 0 OR instr(smp_fold(coalesce(phone, '')), ?1) > 0"
            " OR instr(smp_fold(coalesce(email, '')), ?1) > 0"
            " OR instr(smp_fold(coalesce(notes, '')), ?1) > 0)";
    if (filter.inactive_before)
        where += " AND NOT EXISTS (SELECT 1 FROM session s WHERE s.client_id = client.id AND "
                 "s.status IN ('done', 'scheduled') AND s.date >= ?3) AND (created_at < ?3 OR "
                 "EXISTS (SELECT 1 FROM session s WHERE s.client_id = client.id AND "
                 "s.status = 'done'))";
    return fmt::format("SELECT {} FROM client WHERE {} ORDER BY name, id", client_columns(), where);
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

Erasure read_erasure(SQLite::Statement& row) {
    return Erasure{row.getColumn(0).getString(), row.getColumn(1).getString(),
                   row.getColumn(2).getInt() != 0};
}

std::vector<Erasure> erasures(Store& store) {
    std::vector<Erasure> all;
    SQLite::Statement query(store.db(), "SELECT uuid, erased_on, purged FROM erasure ORDER BY "
                                        "erased_on, uuid");
    while (query.executeStep())
        all.push_back(read_erasure(query));
    return all;
}

std::optional<Erasure> erasure_of(Store& store, const std::string& uuid) {
    // Prepared once: an import asks this for every row (100,000 prepares cost it 40%).
    auto& query = store.cached("SELECT uuid, erased_on, purged FROM erasure WHERE uuid = ?");
    query.bind(1, uuid);
    if (!query.executeStep())
        return std::nullopt;
    auto erasure = read_erasure(query);
    query.reset();
    return erasure;
}

void remember_erasure(Store& store, const Erasure& e) {
    SQLite::Statement remember(store.db(), "INSERT OR IGNORE INTO erasure (uuid, erased_on, "
                                           "purged) VALUES (?, ?, ?)");
    remember.bind(1, e.uuid);
    remember.bind(2, e.erased_on);
    remember.bind(3, e.purged ? 1 : 0);
    remember.exec();
}

int reapply_erasures(Store& store, const std::vector<Erasure>& erased) {
    int again = 0;
    for (const auto& e : erased) {
        if (auto client = client_by_uuid(store, e.uuid)) {
            forget_client(store, client->id, e.purged);
            ++again;
        }
        remember_erasure(store, e);
    }
    return again;
}

} // namespace smp::store
