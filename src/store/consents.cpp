#include "kind_rows.hpp"

#include <smp/domain/date.hpp>
#include <smp/store/consents.hpp>
#include <smp/util/clock.hpp>
#include <smp/util/text.hpp>
#include <smp/util/uuid.hpp>

#include <fmt/format.h>

namespace smp::store {
namespace {

const std::string& consent_columns() {
    static const std::string columns = select_list(consent_fields());
    return columns;
}

Consent read_consent(SQLite::Statement& row) {
    Consent c;
    read_fields(consent_fields(), row, c, "consent");
    return c;
}

} // namespace

void insert_consent(Store& store, Consent& consent, Stamp stamp) {
    consent.uuid = consent.uuid.empty() ? new_uuid() : consent.uuid;
    if (stamp == Stamp::now || consent.created_at.empty())
        consent.created_at = utc_now();
    static auto insert = FieldWrite<Consent>::insert_into("consent", consent_fields());
    insert.run(store, consent, kept_id(stamp, consent.id));
    consent.id = store.db().getLastInsertRowid();
}

std::optional<Consent> consent_by_uuid(Store& store, const std::string& uuid) {
    SQLite::Statement query(store.db(),
                            "SELECT " + consent_columns() + " FROM consent WHERE uuid = ?");
    query.bind(1, uuid);
    if (!query.executeStep())
        return std::nullopt;
    return read_consent(query);
}

std::optional<Consent> active_consent(Store& store, std::int64_t client_id, std::string_view kind) {
    SQLite::Statement query(store.db(), "SELECT " + consent_columns() +
                                            " FROM consent WHERE client_id = ? AND kind = ? AND "
                                            "withdrawn_on IS NULL ORDER BY signed_on DESC, id DESC "
                                            "LIMIT 1");
    query.bind(1, client_id);
    query.bind(2, std::string(kind));
    if (!query.executeStep())
        return std::nullopt;
    return read_consent(query);
}

void withdraw_consent(Store& store, std::int64_t consent_id, Date date) {
    SQLite::Statement update(store.db(), "UPDATE consent SET withdrawn_on = ? WHERE id = ?");
    update.bind(1, format_date(date));
    update.bind(2, consent_id);
    update.exec();
}

void for_each_consent(Store& store, std::int64_t client_id,
                      const std::function<void(const Consent&)>& visit) {
    SQLite::Statement query(store.db(), "SELECT " + consent_columns() +
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
        store.db(), fmt::format("SELECT {}, p.name, p.uuid FROM consent c JOIN client p ON "
                                "p.id = c.client_id ORDER BY c.client_id, c.signed_on, c.id",
                                qualified_select_list(consent_fields(), "c")));
    int client = query.getColumnCount() - 2; // after the consent's own columns
    while (query.executeStep())
        visit(read_consent(query), query.getColumn(client).getString(),
              query.getColumn(client + 1).getString());
}

} // namespace smp::store
