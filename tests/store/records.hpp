#pragma once

// A fresh records file in its own temporary folder, with helpers to fill it and read it back.

#include <smp/domain/client.hpp>
#include <smp/domain/session.hpp>
#include <smp/store/clients.hpp>
#include <smp/store/consents.hpp>
#include <smp/store/sessions.hpp>
#include <smp/store/store.hpp>

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>

#include "../temp_dir.hpp"

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace smp::testing {

using namespace smp::store;

constexpr int k_default_planned = 3;

// A date written as the tests read best, YYYY-MM-DD.
inline Date iso_day(std::string_view text) {
    return *parse_iso_date(text);
}

inline int at(int hours, int minutes) {
    return hours * 60 + minutes;
}

// SQLite's plan for a statement, one step per line, as EXPLAIN QUERY PLAN prints it.
inline std::string query_plan(Store& store, const std::string& sql) {
    SQLite::Statement plan(store.db(), "EXPLAIN QUERY PLAN " + sql);
    std::string details;
    while (plan.executeStep())
        details += plan.getColumn(3).getString() + "\n";
    return details;
}

// A fresh records file in its own temporary folder, with helpers to fill it.
class Records {
  public:
    Records() : m_store(Store::open(m_dir / "records.db", Access::create, 5)) {}

    Store& store() { return *m_store; }

    Client add_client(const std::string& name, std::optional<int> planned = std::nullopt) {
        Client client;
        client.name = name;
        client.planned_sessions = planned;
        m_store->write([&] { insert_client(*m_store, client); });
        return client;
    }

    Session add_session(const Client& client, const std::string& date,
                        const std::string& status = "done", const std::string& kind = "course",
                        std::optional<int> time = std::nullopt, bool final = false) {
        Session session;
        session.client_id = client.id;
        session.date = iso_day(date);
        session.status = parse_session_status(status);
        session.kind = parse_session_kind(kind);
        session.time = time;
        session.final = final;
        m_store->write([&] { insert_session(*m_store, session); });
        return session;
    }

    Consent add_consent(const Client& client, const std::string& kind, const std::string& signed_on,
                        std::optional<std::string> withdrawn_on = std::nullopt) {
        Consent consent;
        consent.client_id = client.id;
        consent.kind = kind;
        consent.signed_on = *parse_iso_date(signed_on);
        if (withdrawn_on)
            consent.withdrawn_on = *parse_iso_date(*withdrawn_on);
        m_store->write([&] { insert_consent(*m_store, consent); });
        return consent;
    }

    std::vector<SessionRow> rows(const SessionFilter& filter = {},
                                 int default_planned = k_default_planned) {
        std::vector<SessionRow> out;
        for_each_session(*m_store, filter, default_planned,
                         [&](const SessionRow& row) { out.push_back(row); });
        return out;
    }

    // Session id -> number in the course, from the listing.
    std::map<std::int64_t, int> numbers(const SessionFilter& filter = {}) {
        std::map<std::int64_t, int> out;
        for (const auto& row : rows(filter))
            out[row.session.id] = row.course_number;
        return out;
    }

    int number_of(const Session& session) {
        return session_row(*m_store, session.id, k_default_planned).course_number;
    }

    std::vector<std::int64_t> ids(const SessionFilter& filter = {}) {
        std::vector<std::int64_t> out;
        for (const auto& row : rows(filter))
            out.push_back(row.session.id);
        return out;
    }

    std::vector<Consent> consents(const Client& client) {
        std::vector<Consent> out;
        for_each_consent(*m_store, client.id,
                         [&](const Consent& consent) { out.push_back(consent); });
        return out;
    }

    std::int64_t count(const std::string& table) {
        return m_store->db().execAndGet("SELECT count(*) FROM " + table).getInt64();
    }

  private:
    TempDir m_dir;
    std::unique_ptr<Store> m_store;
};

} // namespace smp::testing
