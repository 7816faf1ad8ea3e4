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

constexpr std::array k_migrations = {
    Migration{1, k_v1_clients},
};

} // namespace

std::span<const Migration> migrations() { return k_migrations; }

} // namespace smp::store
