#include "rows.hpp"

#include <smp/domain/date.hpp>
#include <smp/store/consents.hpp>
#include <smp/util/clock.hpp>
#include <smp/util/text.hpp>
#include <smp/util/uuid.hpp>

namespace smp::store {
namespace {

constexpr const char* k_columns = "id, uuid, client_id, kind, signed_on, form_version, file_path, "
                                  "file_sha256, withdrawn_on, created_at";

Consent read_consent(SQLite::Statement& row) {
    Consent c;
    c.id = row.getColumn(0).getInt64();
    c.uuid = row.getColumn(1).getString();
    c.client_id = row.getColumn(2).getInt64();
    c.kind = row.getColumn(3).getString();
    c.signed_on = row.getColumn(4).getString();
    c.form_version = optional_text(row, 5);
    c.file_path = optional_text(row, 6);
    c.file_sha256 = optional_text(row, 7);
    c.withdrawn_on = optional_text(row, 8);
    c.created_at = row.getColumn(9).getString();
    return c;
}

} // namespace

void insert_consent(Store& store, Consent& consent, Stamp stamp) {
    consent.uuid = consent.uuid.empty() ? new_uuid() : consent.uuid;
    if (stamp == Stamp::now || consent.created_at.empty())
        consent.created_at = utc_now();
    SQLite::Statement insert(store.db(), "INSERT INTO consent (uuid, client_id, kind, signed_on, "
                                         "form_version, file_path, file_sha256, withdrawn_on, "
                                         "created_at, id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    insert.bind(1, consent.uuid);
    insert.bind(2, consent.client_id);
    insert.bind(3, consent.kind);
    insert.bind(4, consent.signed_on);
    bind_optional(insert, 5, consent.form_version);
    bind_optional(insert, 6, consent.file_path);
    bind_optional(insert, 7, consent.file_sha256);
    bind_optional(insert, 8, consent.withdrawn_on);
    insert.bind(9, consent.created_at);
    if (stamp == Stamp::as_given && consent.id != 0)
        insert.bind(10, consent.id);
    else
        insert.bind(10); // NULL: the next free id
    insert.exec();
    consent.id = store.db().getLastInsertRowid();
}

std::optional<Consent> consent_by_uuid(Store& store, const std::string& uuid) {
    SQLite::Statement query(store.db(),
                            std::string("SELECT ") + k_columns + " FROM consent WHERE uuid = ?");
    query.bind(1, uuid);
    if (!query.executeStep())
        return std::nullopt;
    return read_consent(query);
}

std::optional<Consent> active_consent(Store& store, std::int64_t client_id, std::string_view kind) {
    SQLite::Statement query(store.db(), std::string("SELECT ") + k_columns +
                                            " FROM consent WHERE client_id = ? AND kind = ? AND "
                                            "withdrawn_on IS NULL ORDER BY signed_on DESC, id DESC "
                                            "LIMIT 1");
    query.bind(1, client_id);
    query.bind(2, std::string(kind));
    if (!query.executeStep())
        return std::nullopt;
    return read_consent(query);
}

void withdraw_consent(Store& store, std::int64_t consent_id, const std::string& date) {
    SQLite::Statement update(store.db(), "UPDATE consent SET withdrawn_on = ? WHERE id = ?");
    update.bind(1, date);
    update.bind(2, consent_id);
    update.exec();
}

void for_each_consent(Store& store, std::int64_t client_id,
                      const std::function<void(const Consent&)>& visit) {
    SQLite::Statement query(store.db(), std::string("SELECT ") + k_columns +
                                            " FROM consent WHERE client_id = ? ORDER BY "
                                            "signed_on, id");
    query.bind(1, client_id);
    while (query.executeStep())
        visit(read_consent(query));
}

void for_each_consent_of_every_client(
    Store& store, const std::function<void(const Consent&, const std::string& client_name,
                                           const std::string& client_uuid)>& visit) {
    SQLite::Statement query(
        store.db(), "SELECT c.id, c.uuid, c.client_id, c.kind, c.signed_on, c.form_version, "
                    "c.file_path, c.file_sha256, c.withdrawn_on, c.created_at, p.name, p.uuid "
                    "FROM consent c JOIN client p ON p.id = c.client_id "
                    "ORDER BY c.client_id, c.signed_on, c.id");
    while (query.executeStep())
        visit(read_consent(query), query.getColumn(10).getString(),
              query.getColumn(11).getString());
}

} // namespace smp::store
