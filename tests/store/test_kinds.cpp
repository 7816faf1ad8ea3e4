#include <smp/domain/client.hpp>
#include <smp/domain/kind.hpp>
#include <smp/domain/shade.hpp>
#include <smp/store/clients.hpp>
#include <smp/store/store.hpp>

#include "../temp_dir.hpp"

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>
#include <catch2/catch.hpp>

#include <algorithm>
#include <set>
#include <string>

using namespace smp;
using smp::testing::TempDir;

namespace {

bool is_internal_table(const std::string& table) {
    auto tables = internal_tables();
    return std::find(tables.begin(), tables.end(), table) != tables.end();
}

// Every column a kind's table says it keeps, by SQL table.
std::set<std::string> described_columns(const KindInfo& kind) {
    std::set<std::string> columns;
    for (const auto& field : kind.fields)
        for (auto column : field.columns())
            columns.emplace(column);
    for (auto column : kind.internal_columns)
        columns.emplace(column);
    return columns;
}

} // namespace

TEST_CASE("kinds: every column of a new records file is described or marked internal") {
    TempDir dir;
    auto store = store::Store::open(dir / "records.db", store::Access::create, 5);
    SQLite::Statement tables(store->db(),
                             "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name");
    std::set<std::string> seen;
    while (tables.executeStep()) {
        auto table = tables.getColumn(0).getString();
        seen.insert(table);
        if (is_internal_table(table))
            continue;
        const KindInfo* kind = nullptr;
        for (const auto* candidate : record_kinds())
            if (candidate->table == table)
                kind = candidate;
        INFO("table " << table);
        REQUIRE(kind != nullptr); // a new table needs a kind, or a place in internal_tables()
        auto described = described_columns(*kind);
        SQLite::Statement columns(store->db(), "SELECT name FROM pragma_table_info(?)");
        columns.bind(1, table);
        std::set<std::string> in_file;
        while (columns.executeStep()) {
            auto column = columns.getColumn(0).getString();
            in_file.insert(column);
            INFO("column " << table << "." << column);
            CHECK(described.count(column) == 1);
        }
        for (const auto& column : described) {
            INFO("described column " << table << "." << column << " is not in the file");
            CHECK(in_file.count(column) == 1);
        }
    }
    for (const auto* kind : record_kinds())
        CHECK(seen.count(std::string(kind->table)) == 1);
}

TEST_CASE("kinds: field names are unique and choices have their values") {
    for (const auto* kind : record_kinds()) {
        std::set<std::string_view> names;
        for (const auto& field : kind->fields) {
            INFO(kind->name << "." << field.name);
            CHECK(names.insert(field.name).second);
            CHECK((field.choice != nullptr) ==
                  (field.codec == Codec::choice || field.codec == Codec::choice_list));
            CHECK_FALSE((field.has(field_flag::settable) && field.option.empty()));
        }
    }
}

TEST_CASE("kinds: erasure writes over every personal field of the client") {
    auto set = store::erasure_assignments(*kind_named("client"));
    for (const auto& field : kind_named("client")->fields)
        if (field.has(field_flag::personal))
            CHECK_THAT(set, Catch::Matchers::Contains(std::string(field.name) + " = "));
    CHECK_THAT(set, Catch::Matchers::Contains("name = 'forgotten client'"));
    CHECK_THAT(set, Catch::Matchers::Contains("contraindications = ''"));
    CHECK_THAT(set, Catch::Matchers::Contains("reminders_allowed = 0"));
    CHECK_THAT(set, Catch::Matchers::Contains("phone = NULL"));
    CHECK_FALSE(set.find("planned_sessions") != std::string::npos); // not personal: kept
}

TEST_CASE("kinds: a lot's bottle size is a decimal above 0 and at most 1000, blank clears it") {
    const FieldOf<Lot>* size = nullptr;
    for (const auto& f : lot_fields())
        if (f.info.name == "bottle_ml")
            size = &f;
    REQUIRE(size != nullptr);
    Lot lot;
    Date today = parse_date("2026-12-02", Date{});
    set_from_text(*size, lot, "15", today);
    CHECK(lot.bottle_ml == 15.0);
    set_from_text(*size, lot, "2.5", today);
    CHECK(lot.bottle_ml == 2.5);
    for (auto bad : {"0", "-1", "1001", "15ml", ".", "1.2.3"})
        CHECK_THROWS_WITH(set_from_text(*size, lot, bad, today),
                          std::string("invalid bottle ml \"") + bad +
                              "\": use a number above 0 and at most 1000");
    set_from_text(*size, lot, "", today);
    CHECK_FALSE(lot.bottle_ml.has_value());
}

TEST_CASE("kinds: a client field set from text follows its codec, blank clears it") {
    Client client;
    Date today = parse_date("2026-12-02", Date{});
    auto field = [](std::string_view name) {
        for (const auto& f : client_fields())
            if (f.info.name == name)
                return f;
        FAIL("no field " << name);
        return client_fields()[0];
    };
    set_from_text(field("skin_type"), client, "iii", today);
    CHECK(client.skin_type == "III");
    set_from_text(field("planned_sessions"), client, "4", today);
    CHECK(client.planned_sessions == 4);
    CHECK_THROWS_WITH(set_from_text(field("planned_sessions"), client, "21", today),
                      "invalid planned sessions \"21\": use a whole number from 1 to 20");
    CHECK_THROWS_WITH(set_from_text(field("birth_date"), client, "2027-01-01", today),
                      "invalid date of birth \"2027-01-01\": it is after today (2026-12-02)");
    set_from_text(field("contraindications"), client, "Keloid,diabetes", today);
    CHECK(client.contraindications == std::vector<std::string>{"keloid", "diabetes"});
    set_from_text(field("skin_type"), client, "  ", today);
    CHECK_FALSE(client.skin_type.has_value());
    auto clear_names = [](std::string_view kind) {
        const auto& allowed = clear_choice(*kind_named(kind)).allowed;
        return std::vector<std::string>(allowed.begin(), allowed.end());
    };
    CHECK(clear_names("shade") == std::vector<std::string>{"brand", "dilution", "notes"});
    CHECK(clear_names("session") == std::vector<std::string>{"time", "duration", "areas", "needle",
                                                             "depth", "machine", "voltage",
                                                             "numbing", "pain", "price", "notes",
                                                             "shade", "dilution", "lots"});
    CHECK(clear_names("client") ==
          std::vector<std::string>{"phone", "email", "birth-date", "skin-type", "undertone",
                                   "hair-colour", "hair-loss", "condition", "contraindications",
                                   "medical-notes", "notes", "planned-sessions"});
}
