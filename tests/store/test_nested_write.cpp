#include <smp/domain/client.hpp>
#include <smp/error.hpp>
#include <smp/store/clients.hpp>
#include <smp/store/store.hpp>

#include "../temp_dir.hpp"

#include <SQLiteCpp/Database.h>
#include <catch2/catch.hpp>

#include <memory>
#include <string>

// `smp import all` writes every kind in one transaction, and each kind's import writes (and
// reads) as if alone: a write inside a write is a savepoint of it.

using namespace smp;
using namespace smp::store;
using smp::testing::TempDir;

namespace {

std::int64_t clients_on_file(Store& store) {
    return store.db().execAndGet("SELECT count(*) FROM client").getInt64();
}

void add_named(Store& store, const std::string& name) {
    Client client;
    client.name = name;
    store.write([&] { insert_client(store, client); });
}

} // namespace

TEST_CASE("Store::write: a write inside a write is kept with the outer one") {
    TempDir dir;
    auto store = Store::open(dir / "records.db", Access::create, 5);
    store->write([&] {
        add_named(*store, "Inner");
        // A read inside the write sees what the write did so far.
        std::int64_t seen = 0;
        store->read([&] { seen = clients_on_file(*store); });
        CHECK(seen == 1);
    });
    CHECK(clients_on_file(*store) == 1);
}

TEST_CASE("Store::write: an outer write that throws undoes the inner writes") {
    TempDir dir;
    auto store = Store::open(dir / "records.db", Access::create, 5);
    CHECK_THROWS_AS(store->write([&] {
        add_named(*store, "First");
        add_named(*store, "Second");
        throw Error(Exit::data, "a later file has a bad row");
    }),
                    Error);
    CHECK(clients_on_file(*store) == 0);
    add_named(*store, "After"); // the transaction is closed
    CHECK(clients_on_file(*store) == 1);
}

TEST_CASE("Store::write: an inner write that throws undoes only itself") {
    TempDir dir;
    auto store = Store::open(dir / "records.db", Access::create, 5);
    store->write([&] {
        add_named(*store, "Kept");
        CHECK_THROWS_AS(store->write([&] {
            Client client;
            client.name = "Undone";
            insert_client(*store, client);
            throw Error(Exit::data, "refused");
        }),
                        Error);
    });
    CHECK(clients_on_file(*store) == 1);
}
