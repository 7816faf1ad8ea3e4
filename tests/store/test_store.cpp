#include <smp/domain/client.hpp>
#include <smp/domain/date.hpp>
#include <smp/error.hpp>
#include <smp/store/clients.hpp>
#include <smp/store/store.hpp>

#include "../temp_dir.hpp"
#include "records.hpp"

#include <SQLiteCpp/Database.h>
#include <catch2/catch.hpp>
#include <sqlite3.h>

#include "../error_from.hpp"

#include <chrono>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <sys/stat.h>
#include <vector>

using namespace smp;
using smp::testing::error_from;
using namespace smp::store;
using Catch::Matchers::Contains;
using smp::testing::query_plan;
using smp::testing::TempDir;
namespace fs = std::filesystem;

namespace {

// Sets the umask for one test and restores the old one afterwards.
class ScopedUmask {
  public:
    explicit ScopedUmask(mode_t mask) : m_old(::umask(mask)) {}
    ~ScopedUmask() { ::umask(m_old); }
    ScopedUmask(const ScopedUmask&) = delete;
    ScopedUmask& operator=(const ScopedUmask&) = delete;

  private:
    mode_t m_old;
};

mode_t mode_of(const std::string& path) {
    struct stat info {};
    if (::stat(path.c_str(), &info) != 0)
        throw std::runtime_error("cannot stat " + path);
    return info.st_mode & 07777;
}

std::string contents(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), {});
}

std::unique_ptr<Store> open_new(const TempDir& dir) {
    return Store::open(dir / "records.db", Access::create, 5);
}

Client make_client(std::string name) {
    Client client;
    client.name = std::move(name);
    return client;
}

Client add(Store& store, Client client) {
    store.write([&] { insert_client(store, client); });
    return client;
}

std::int64_t count_clients(Store& store) {
    return store.db().execAndGet("SELECT count(*) FROM client").getInt64();
}

std::vector<std::string> listed(Store& store, const ClientFilter& filter) {
    std::vector<std::string> names;
    for_each_client(store, filter, [&](const Client& client) { names.push_back(client.name); });
    return names;
}

ClientFilter filter(ClientFilter::Which which, std::optional<std::string> search = std::nullopt) {
    ClientFilter out;
    out.which = which;
    out.search = std::move(search);
    return out;
}

// A plain SQLite database that is not an smp records file.
void make_foreign_database(const std::string& path, bool wal = false) {
    SQLite::Database db(path, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
    if (wal)
        db.exec("PRAGMA journal_mode = WAL");
    db.exec("CREATE TABLE recipe (id INTEGER PRIMARY KEY, title TEXT)");
    db.exec("INSERT INTO recipe (title) VALUES ('bread')");
}

// Compares file contents without dumping binary pages into the test report.
bool same_bytes(const std::string& a, const std::string& b) {
    if (a == b)
        return true;
    std::size_t at = 0;
    while (at < a.size() && at < b.size() && a[at] == b[at])
        ++at;
    UNSCOPED_INFO("contents differ from byte " << at << " (sizes " << a.size() << " and "
                                               << b.size() << ")");
    return false;
}

bool is_utc_instant(const std::string& text) {
    return text.size() == 20 && text[10] == 'T' && text.back() == 'Z' &&
           parse_iso_date(text.substr(0, 10)).has_value();
}

} // namespace

// ---- Store::open --------------------------------------------------------------------------------

TEST_CASE("Store::open: reading a missing file is Exit::no_input and creates nothing") {
    TempDir dir;
    auto path = dir / "missing/records.db";
    auto error = error_from([&] { Store::open(path, Access::existing, 5); });
    CHECK(error.code() == Exit::no_input);
    CHECK_THAT(error.what(), Contains(path));
    CHECK_THAT(error.what(), Contains("smp init"));
    CHECK_FALSE(fs::exists(path));
    CHECK_FALSE(fs::exists(dir / "missing"));
    CHECK(fs::is_empty(dir.path()));
}

TEST_CASE("Store::open: writing creates a 0600 file in a new 0700 folder under umask 022") {
    ScopedUmask umask(022);
    TempDir dir;
    auto path = dir / "data/smp/records.db";
    auto store = Store::open(path, Access::create, 5);
    REQUIRE(fs::exists(path));
    CHECK(mode_of(path) == 0600);
    CHECK(mode_of(dir / "data") == 0700);
    CHECK(mode_of(dir / "data/smp") == 0700);
    CHECK(store->path() == path);
}

TEST_CASE("Store::open: the file is 0600 whatever the umask") {
    for (mode_t mask : {mode_t{0}, mode_t{002}, mode_t{077}}) {
        INFO("umask " << mask);
        ScopedUmask umask(mask);
        TempDir dir;
        auto path = dir / "sub/records.db";
        Store::open(path, Access::create, 5);
        CHECK(mode_of(path) == 0600);
        CHECK(mode_of(dir / "sub") == 0700);
    }
}

TEST_CASE("Store::open: a new file gets the application id and the current schema version") {
    TempDir dir;
    auto path = dir / "records.db";
    {
        auto store = Store::open(path, Access::create, 5);
        CHECK(store->schema_version() == current_schema_version());
    }
    CHECK(current_schema_version() >= 1);
    // Checked through a connection of our own, on what reached the disk.
    SQLite::Database db(path, SQLite::OPEN_READONLY);
    CHECK(db.execAndGet("PRAGMA application_id").getInt() == k_application_id);
    CHECK(db.execAndGet("PRAGMA user_version").getInt() == current_schema_version());
    CHECK(db.execAndGet("SELECT count(*) FROM sqlite_master WHERE name = 'client'").getInt() == 1);
}

TEST_CASE("Store::open: an existing records file opens for reading and writing") {
    TempDir dir;
    auto path = dir / "records.db";
    {
        auto store = Store::open(path, Access::create, 5);
        add(*store, make_client("Jane Doe"));
    }
    auto reader = Store::open(path, Access::existing, 5);
    CHECK(count_clients(*reader) == 1);
    auto writer = Store::open(path, Access::create, 5);
    CHECK(count_clients(*writer) == 1);
}

TEST_CASE("Store::open: pragmas for one portable file: journal_mode delete, foreign_keys on") {
    TempDir dir;
    auto store = open_new(dir);
    auto& db = store->db();
    CHECK(db.execAndGet("PRAGMA journal_mode").getString() == "delete");
    CHECK(db.execAndGet("PRAGMA foreign_keys").getInt() == 1);
    CHECK(db.execAndGet("PRAGMA synchronous").getInt() == 2); // FULL
    // The wait for a lock is smp's own handler (it also stops when `smp restore` replaced the
    // file), so PRAGMA busy_timeout reads 0; reliability.test_busy times the wait itself.

    auto reader = Store::open(dir / "records.db", Access::existing, 5);
    CHECK(reader->db().execAndGet("PRAGMA foreign_keys").getInt() == 1);
}

TEST_CASE("Store::open: no journal, -wal or -shm file is left beside the records file") {
    TempDir dir;
    {
        auto store = open_new(dir);
        add(*store, make_client("Jane Doe"));
        add(*store, make_client("John Smith"));
    }
    std::vector<std::string> files;
    for (const auto& entry : fs::directory_iterator(dir.path()))
        files.push_back(entry.path().filename().string());
    CHECK(files == std::vector<std::string>{"records.db"});
}

TEST_CASE("Store::open: a foreign SQLite file is refused with Exit::data and left unchanged") {
    TempDir dir;
    auto path = dir / "recipes.db";
    make_foreign_database(path);
    auto before = contents(path);
    for (auto access : {Access::create, Access::existing}) {
        auto error = error_from([&] { Store::open(path, access, 5); });
        CHECK(error.code() == Exit::data);
        CHECK_THAT(error.what(), Contains(path));
        CHECK_THAT(error.what(), Contains("not an smp records file"));
    }
    CHECK(same_bytes(contents(path), before));
    CHECK(mode_of(path) != 0); // still there
}

TEST_CASE("Store::open: a foreign SQLite file in WAL mode is left unchanged too") {
    TempDir dir;
    auto path = dir / "recipes.db";
    make_foreign_database(path, /*wal=*/true);
    auto before = contents(path);
    REQUIRE(before.size() > 20);
    REQUIRE(before[18] == 2); // the header says WAL
    auto error = error_from([&] { Store::open(path, Access::create, 5); });
    CHECK(error.code() == Exit::data);
    auto after = contents(path);
    CHECK(static_cast<int>(after[18]) == 2);
    CHECK(static_cast<int>(after[19]) == 2);
    CHECK(same_bytes(after, before));
}

TEST_CASE("Store::open: a file that is not SQLite at all is refused with Exit::data, unchanged") {
    TempDir dir;
    auto path = dir / "notes.txt";
    {
        std::ofstream out(path, std::ios::binary);
        out << "These are my notes, not a database.\n" << std::string(2000, 'x');
    }
    auto before = contents(path);
    auto error = error_from([&] { Store::open(path, Access::create, 5); });
    CHECK(error.code() == Exit::data);
    CHECK_THAT(error.what(), Contains(path));
    CHECK(same_bytes(contents(path), before));
}

TEST_CASE("Store::open: a file with a newer schema version is refused and left unchanged") {
    TempDir dir;
    auto path = dir / "records.db";
    {
        auto store = Store::open(path, Access::create, 5);
        add(*store, make_client("Jane Doe"));
    }
    {
        SQLite::Database db(path, SQLite::OPEN_READWRITE);
        db.exec("PRAGMA user_version = " + std::to_string(current_schema_version() + 1));
    }
    auto before = contents(path);
    for (auto access : {Access::create, Access::existing}) {
        auto error = error_from([&] { Store::open(path, access, 5); });
        CHECK(error.code() == Exit::data);
        CHECK_THAT(error.what(), Contains(path));
        CHECK_THAT(error.what(), Contains("newer"));
        CHECK_THAT(error.what(), Contains(std::to_string(current_schema_version() + 1)));
    }
    CHECK(same_bytes(contents(path), before));
    // No backup or other file was written beside it.
    CHECK(std::distance(fs::directory_iterator(dir.path()), fs::directory_iterator{}) == 1);
}

TEST_CASE("Store::open: a table whose first page is damaged is refused, the file unchanged") {
    TempDir dir;
    auto path = dir / "records.db";
    int root = 0;
    int page_size = 0;
    {
        auto store = Store::open(path, Access::create, 5);
        add(*store, make_client("Jane Doe"));
        root = store->db().execAndGet("SELECT rootpage FROM sqlite_master WHERE name = 'shade'");
        page_size = store->db().execAndGet("PRAGMA page_size");
    }
    // Zeros over the shade table's root page: a command that never reads shades must still
    // refuse the file rather than write into it.
    auto bytes = contents(path);
    bytes.replace(static_cast<std::size_t>(root - 1) * page_size, page_size,
                  std::string(page_size, '\0'));
    {
        std::ofstream out(path, std::ios::binary | std::ios::trunc);
        out << bytes;
    }
    for (auto access : {Access::create, Access::existing}) {
        auto error = error_from([&] { Store::open(path, access, 5); });
        CHECK(error.code() == Exit::data);
        CHECK_THAT(error.what(), Contains(path));
        CHECK_THAT(error.what(), Contains("damaged"));
        CHECK_THAT(error.what(), Contains("shade"));
    }
    CHECK(same_bytes(contents(path), bytes));
}

TEST_CASE("Store::open: a file locked by another writer is Exit::busy after the timeout") {
    TempDir dir;
    auto path = dir / "records.db";
    Store::open(path, Access::create, 5);
    SQLite::Database other(path, SQLite::OPEN_READWRITE);
    other.exec("BEGIN EXCLUSIVE");
    auto start = std::chrono::steady_clock::now();
    auto error = error_from([&] { Store::open(path, Access::create, 1); });
    auto waited = std::chrono::steady_clock::now() - start;
    other.exec("ROLLBACK");
    CHECK(error.code() == Exit::busy);
    CHECK_THAT(error.what(), Contains(path));
    CHECK(waited >= std::chrono::milliseconds(900));
}

// ---- Store::write -----------------------------------------------------------------------------

TEST_CASE("Store::write: commits what the work did") {
    TempDir dir;
    {
        auto store = open_new(dir);
        store->write([&] {
            auto client = make_client("Jane Doe");
            insert_client(*store, client);
        });
    }
    auto store = Store::open(dir / "records.db", Access::existing, 5);
    CHECK(count_clients(*store) == 1);
}

TEST_CASE("Store::write: returns the work's result") {
    TempDir dir;
    auto store = open_new(dir);
    auto id = store->write([&] {
        auto client = make_client("Jane Doe");
        insert_client(*store, client);
        return client.id;
    });
    CHECK(id > 0);
    CHECK(client_by_id(*store, id).has_value());
}

TEST_CASE("Store::write: rolls back everything when the work throws") {
    TempDir dir;
    auto store = open_new(dir);
    add(*store, make_client("Kept"));
    CHECK_THROWS_AS(store->write([&] {
        auto first = make_client("First");
        insert_client(*store, first);
        auto second = make_client("Second");
        insert_client(*store, second);
        throw Error(Exit::data, "changed my mind");
    }),
                    Error);
    CHECK(count_clients(*store) == 1);
    // The store is usable afterwards: the transaction is closed.
    add(*store, make_client("After"));
    CHECK(count_clients(*store) == 2);
    store.reset();
    auto reopened = Store::open(dir / "records.db", Access::existing, 5);
    CHECK(listed(*reopened, filter(ClientFilter::Which::all)) ==
          std::vector<std::string>{"After", "Kept"});
}

TEST_CASE("Store::write: a failing SQL statement rolls back the earlier ones") {
    TempDir dir;
    auto store = open_new(dir);
    auto kept = add(*store, make_client("Kept"));
    CHECK_THROWS(store->write([&] {
        auto first = make_client("First");
        insert_client(*store, first);
        auto clash = make_client("Clash");
        clash.uuid = kept.uuid; // violates UNIQUE(uuid)
        insert_client(*store, clash);
    }));
    CHECK(listed(*store, filter(ClientFilter::Which::all)) == std::vector<std::string>{"Kept"});
}

TEST_CASE("Store::write: a file locked by another writer fails as busy, changing nothing") {
    TempDir dir;
    auto path = dir / "records.db";
    auto store = Store::open(path, Access::create, 1);
    SQLite::Database other(path, SQLite::OPEN_READWRITE);
    other.exec("BEGIN IMMEDIATE");
    bool busy = false;
    try {
        store->write([&] {
            auto client = make_client("Jane Doe");
            insert_client(*store, client);
        });
    } catch (const SQLite::Exception& failure) {
        busy = to_error(failure, path).code() == Exit::busy;
    }
    other.exec("ROLLBACK");
    CHECK(busy);
    CHECK(count_clients(*store) == 0);
}

TEST_CASE("Store::read: the work's reads share one transaction, ended even when it throws") {
    TempDir dir;
    auto store = open_new(dir);
    add(*store, make_client("Jane Doe"));
    auto in_transaction = [&] { return sqlite3_get_autocommit(store->db().getHandle()) == 0; };
    store->read([&] {
        CHECK(in_transaction());
        CHECK(count_clients(*store) == 1);
    });
    CHECK_FALSE(in_transaction());
    CHECK_THROWS_AS(store->read([&] { throw Error(Exit::data, "a bad row"); }), Error);
    CHECK_FALSE(in_transaction());
    add(*store, make_client("After")); // a write can take the lock again
    CHECK(count_clients(*store) == 2);
}

TEST_CASE("Store::set_cache_size: sets the connection's page cache in MiB") {
    TempDir dir;
    auto store = open_new(dir);
    store->set_cache_size(64);
    CHECK(store->db().execAndGet("PRAGMA cache_size").getInt() == -64 * 1024);
}

// ---- create_private_file ----------------------------------------------------------------------

TEST_CASE("create_private_file: 0600 in 0700 folders, and refuses an existing file") {
    ScopedUmask umask(0);
    TempDir dir;
    auto path = dir / "exports/2026/clients.csv";
    create_private_file(path);
    CHECK(mode_of(path) == 0600);
    CHECK(mode_of(dir / "exports") == 0700);
    CHECK(mode_of(dir / "exports/2026") == 0700);
    auto error = error_from([&] { create_private_file(path); });
    CHECK(error.code() == Exit::cant_create);
    CHECK_THAT(error.what(), Contains(path));
}

// ---- insert_client / client_by_id -------------------------------------------------------------

TEST_CASE("insert_client: sets the id, a UUID and the created and updated times") {
    TempDir dir;
    auto store = open_new(dir);
    auto first = add(*store, make_client("Jane Doe"));
    auto second = add(*store, make_client("John Smith"));
    CHECK(first.id > 0);
    CHECK(second.id > first.id);
    CHECK(first.uuid.size() == 36);
    CHECK(first.uuid[14] == '4');
    CHECK(first.uuid != second.uuid);
    CHECK(is_utc_instant(first.created_at));
    CHECK(first.updated_at == first.created_at);
}

TEST_CASE("insert_client: Stamp::as_given keeps the id and times the client carries") {
    TempDir dir;
    auto store = open_new(dir);
    auto client = make_client("Jane Doe");
    client.id = 40;
    client.created_at = "2019-01-02T03:04:05Z";
    client.updated_at = "2020-06-07T08:09:10Z";
    store->write([&] { insert_client(*store, client, Stamp::as_given); });
    auto read = client_by_id(*store, 40);
    REQUIRE(read.has_value());
    CHECK(read->name == "Jane Doe");
    CHECK(read->created_at == "2019-01-02T03:04:05Z");
    CHECK(read->updated_at == "2020-06-07T08:09:10Z");
    // Without an id or times, it is a new client as any other.
    auto plain = make_client("John Smith");
    store->write([&] { insert_client(*store, plain, Stamp::as_given); });
    CHECK(plain.id == 41);
    CHECK(is_utc_instant(plain.created_at));
    CHECK(plain.updated_at == plain.created_at);
}

TEST_CASE("client_by_id: reads back every field exactly") {
    TempDir dir;
    auto store = open_new(dir);
    Client client = make_client("O'Brien, \"Bob\"\nRobert'); DROP TABLE client;-- 😀 李");
    client.phone = "+44 7700 900123";
    client.email = "bob@example.com";
    client.birth_date = *parse_iso_date("1985-06-01");
    client.skin_type = "IV";
    client.undertone = "warm";
    client.hair_colour = "dark-brown";
    client.hair_loss_scale = "norwood";
    client.hair_loss_stage = "3A";
    client.condition = "androgenetic";
    client.contraindications = {"keloid", "diabetes"};
    client.medical_notes = "Takes aspirin; ask \"before\" each session";
    client.notes = "Line one\nline two, with comma\ttab";
    client.reminders_allowed = false;
    add(*store, client);
    auto read = client_by_id(*store, 1);
    REQUIRE(read.has_value());
    CHECK(read->id == 1);
    CHECK(read->name == client.name);
    CHECK(read->phone == client.phone);
    CHECK(read->email == client.email);
    CHECK(read->birth_date == client.birth_date);
    CHECK(read->skin_type == client.skin_type);
    CHECK(read->undertone == client.undertone);
    CHECK(read->hair_colour == client.hair_colour);
    CHECK(read->hair_loss_scale == client.hair_loss_scale);
    CHECK(read->hair_loss_stage == client.hair_loss_stage);
    CHECK(read->condition == client.condition);
    CHECK(read->contraindications == client.contraindications);
    CHECK(read->medical_notes == client.medical_notes);
    CHECK(read->notes == client.notes);
    CHECK(read->reminders_allowed == false);
    CHECK_FALSE(read->archived_at.has_value());
    CHECK(is_utc_instant(read->created_at));
}

TEST_CASE("client_by_id: blank optional fields come back empty, not as empty strings") {
    TempDir dir;
    auto store = open_new(dir);
    auto client = add(*store, make_client("Jane Doe"));
    auto read = client_by_id(*store, client.id);
    REQUIRE(read.has_value());
    CHECK_FALSE(read->phone.has_value());
    CHECK_FALSE(read->email.has_value());
    CHECK_FALSE(read->birth_date.has_value());
    CHECK_FALSE(read->skin_type.has_value());
    CHECK_FALSE(read->notes.has_value());
    CHECK(read->contraindications.empty());
    CHECK(read->reminders_allowed == true);
    CHECK(read->uuid == client.uuid);
}

TEST_CASE("client_by_id: an unknown id gives nothing") {
    TempDir dir;
    auto store = open_new(dir);
    CHECK_FALSE(client_by_id(*store, 1).has_value());
    add(*store, make_client("Jane Doe"));
    CHECK_FALSE(client_by_id(*store, 2).has_value());
    CHECK_FALSE(client_by_id(*store, -1).has_value());
}

// ---- update_client / delete_client ------------------------------------------------------------

TEST_CASE("update_client: changes and clears fields, keeps id, uuid and created time") {
    TempDir dir;
    auto store = open_new(dir);
    Client client = make_client("Jane Doe");
    client.phone = "+44 7700 900123";
    client.notes = "old note";
    client = add(*store, client);
    auto other = add(*store, make_client("John Smith"));

    Client changed = client;
    changed.name = "Jane Smith";
    changed.phone.reset();
    changed.email = "jane@example.com";
    changed.contraindications = {"pregnant"};
    changed.archived_at = "2026-03-15T10:00:00Z";
    store->write([&] { update_client(*store, changed); });
    CHECK(is_utc_instant(changed.updated_at));
    CHECK(changed.updated_at >= client.created_at);

    auto read = client_by_id(*store, client.id);
    REQUIRE(read.has_value());
    CHECK(read->name == "Jane Smith");
    CHECK_FALSE(read->phone.has_value());
    CHECK(read->email == std::optional<std::string>("jane@example.com"));
    CHECK(read->notes == std::optional<std::string>("old note"));
    CHECK(read->contraindications == std::vector<std::string>{"pregnant"});
    CHECK(read->archived_at == std::optional<std::string>("2026-03-15T10:00:00Z"));
    CHECK(read->uuid == client.uuid);
    CHECK(read->created_at == client.created_at);
    CHECK(read->updated_at == changed.updated_at);
    // The other client is untouched.
    auto untouched = client_by_id(*store, other.id);
    REQUIRE(untouched.has_value());
    CHECK(untouched->name == "John Smith");
    CHECK(untouched->updated_at == other.updated_at);
}

TEST_CASE("update_client: Stamp::as_given keeps the times the client carries") {
    TempDir dir;
    auto store = open_new(dir);
    auto client = add(*store, make_client("Jane Doe"));
    client.created_at = "2019-01-02T03:04:05Z";
    client.updated_at = "2020-06-07T08:09:10Z";
    store->write([&] { update_client(*store, client, Stamp::as_given); });
    auto read = client_by_id(*store, client.id);
    REQUIRE(read.has_value());
    CHECK(read->created_at == "2019-01-02T03:04:05Z");
    CHECK(read->updated_at == "2020-06-07T08:09:10Z");
    // An empty updated_at is now.
    client.updated_at.clear();
    store->write([&] { update_client(*store, client, Stamp::as_given); });
    CHECK(is_utc_instant(client.updated_at));
    CHECK(client.updated_at > "2020-06-07T08:09:10Z");
}

TEST_CASE("delete_client: removes only that client") {
    TempDir dir;
    auto store = open_new(dir);
    auto jane = add(*store, make_client("Jane Doe"));
    auto john = add(*store, make_client("John Smith"));
    store->write([&] { delete_client(*store, jane.id); });
    CHECK_FALSE(client_by_id(*store, jane.id).has_value());
    CHECK(client_by_id(*store, john.id).has_value());
    CHECK(count_clients(*store) == 1);
    // A later client never reuses a deleted id's place in between.
    auto next = add(*store, make_client("Next"));
    CHECK(next.id > john.id);
}

// ---- for_each_client ------------------------------------------------------------------------

namespace {

// Jane (active), José (active), Bob (archived), 李小龙 (active).
std::unique_ptr<Store> sample_store(const TempDir& dir) {
    auto store = open_new(dir);
    Client jane = make_client("Jane Doe");
    jane.phone = "+44 7700 900123";
    jane.email = "jane@example.com";
    jane.notes = "Prefers mornings";
    add(*store, jane);
    Client jose = make_client("José Müller");
    jose.email = "jose@example.es";
    jose.notes = "Allergic to LATEX";
    add(*store, jose);
    Client bob = make_client("Bob Archer");
    bob.phone = "555 0100";
    bob.archived_at = "2026-01-01T09:00:00Z";
    add(*store, bob);
    Client li = make_client("李小龙");
    li.medical_notes = "mornings only"; // medical notes are not searched
    add(*store, li);
    return store;
}

} // namespace

TEST_CASE("for_each_client: active by default, archived and all on request, by name") {
    TempDir dir;
    auto store = sample_store(dir);
    CHECK(listed(*store, ClientFilter{}) ==
          std::vector<std::string>{"Jane Doe", "José Müller", "李小龙"});
    CHECK(listed(*store, filter(ClientFilter::Which::archived)) ==
          std::vector<std::string>{"Bob Archer"});
    CHECK(listed(*store, filter(ClientFilter::Which::all)) ==
          std::vector<std::string>{"Bob Archer", "Jane Doe", "José Müller", "李小龙"});
}

TEST_CASE("for_each_client: two clients with one name are both listed, by id") {
    TempDir dir;
    auto store = open_new(dir);
    auto first = add(*store, make_client("Sam Lee"));
    auto second = add(*store, make_client("Sam Lee"));
    std::vector<std::int64_t> ids;
    for_each_client(*store, ClientFilter{}, [&](const Client& c) { ids.push_back(c.id); });
    CHECK(ids == std::vector<std::int64_t>{first.id, second.id});
}

TEST_CASE("for_each_client: search is case-insensitive across name, phone, email and notes") {
    TempDir dir;
    auto store = sample_store(dir);
    using W = ClientFilter::Which;
    CHECK(listed(*store, filter(W::active, "JANE")) == std::vector<std::string>{"Jane Doe"});
    CHECK(listed(*store, filter(W::active, "7700 900")) == std::vector<std::string>{"Jane Doe"});
    CHECK(listed(*store, filter(W::active, "EXAMPLE.ES")) ==
          std::vector<std::string>{"José Müller"});
    CHECK(listed(*store, filter(W::active, "latex")) == std::vector<std::string>{"José Müller"});
    CHECK(listed(*store, filter(W::active, "MORNINGS")) == std::vector<std::string>{"Jane Doe"});
    CHECK(listed(*store, filter(W::active, "example")) ==
          std::vector<std::string>{"Jane Doe", "José Müller"});
    CHECK(listed(*store, filter(W::active, "小龙")) == std::vector<std::string>{"李小龙"});
}

TEST_CASE("for_each_client: search ignores accents the way fold_case does") {
    TempDir dir;
    auto store = sample_store(dir);
    using W = ClientFilter::Which;
    CHECK(listed(*store, filter(W::active, "jose")) == std::vector<std::string>{"José Müller"});
    CHECK(listed(*store, filter(W::active, "MÜLLER")) == std::vector<std::string>{"José Müller"});
    CHECK(listed(*store, filter(W::active, "muller")) == std::vector<std::string>{"José Müller"});
}

TEST_CASE("for_each_client: search combines with active/archived/all") {
    TempDir dir;
    auto store = sample_store(dir);
    using W = ClientFilter::Which;
    CHECK(listed(*store, filter(W::active, "bob")).empty());
    CHECK(listed(*store, filter(W::archived, "bob")) == std::vector<std::string>{"Bob Archer"});
    CHECK(listed(*store, filter(W::all, "0100")) == std::vector<std::string>{"Bob Archer"});
    CHECK(listed(*store, filter(W::archived, "jane")).empty());
}

TEST_CASE("for_each_client: search text is literal, not a pattern") {
    TempDir dir;
    auto store = sample_store(dir);
    using W = ClientFilter::Which;
    CHECK(listed(*store, filter(W::all, "%")).empty());
    CHECK(listed(*store, filter(W::all, "_")).empty());
    CHECK(listed(*store, filter(W::all, "J%e")).empty());
    CHECK(listed(*store, filter(W::all, "' OR 1=1 --")).empty());
    CHECK(listed(*store, filter(W::all, "nobody")).empty());
}

TEST_CASE("for_each_client: a client holding every trigram of the text, but apart, is not found") {
    TempDir dir;
    auto store = open_new(dir);
    add(*store, make_client("Abcx Bcdy")); // abc and bcd, never abcd
    Client rosa = make_client("Rosa Abcd");
    add(*store, rosa);
    using W = ClientFilter::Which;
    CHECK(listed(*store, filter(W::all, "abcd")) == std::vector<std::string>{"Rosa Abcd"});
    CHECK(listed(*store, filter(W::all, "ABC")) ==
          std::vector<std::string>{"Abcx Bcdy", "Rosa Abcd"});
    CHECK(listed(*store, filter(W::all, "x b")) == std::vector<std::string>{"Abcx Bcdy"});
    CHECK(listed(*store, filter(W::all, "a\"b")).empty()); // a quote is text, not FTS5 syntax
}

TEST_CASE("for_each_client: a search finds candidates in the trigram index, not by reading every "
          "client") {
    TempDir dir;
    auto store = sample_store(dir);
    auto plan = query_plan(*store, client_list_sql(filter(ClientFilter::Which::active, "rossi")));
    CHECK_THAT(plan, Contains("client_search VIRTUAL TABLE"));
    CHECK_THAT(plan, Contains("client USING INTEGER PRIMARY KEY"));
    CHECK_THAT(plan, !Contains("SCAN client\n"));
    // Two characters have no trigram: those read the clients themselves.
    auto short_plan =
        query_plan(*store, client_list_sql(filter(ClientFilter::Which::active, "ro")));
    CHECK_THAT(short_plan, !Contains("client_search"));
}

// ---- clients_named ----------------------------------------------------------------------------

TEST_CASE("clients_named: whole-name matches, case- and accent-insensitive") {
    TempDir dir;
    auto store = sample_store(dir);
    auto jane = clients_named(*store, "JANE DOE");
    REQUIRE(jane.size() == 1);
    CHECK(jane[0].name == "Jane Doe");
    CHECK(jane[0].id == 1);
    CHECK(clients_named(*store, "Jane").empty());
    CHECK(clients_named(*store, "jane doe ").empty());
    REQUIRE(clients_named(*store, "jose muller").size() == 1);
    CHECK(clients_named(*store, "jose muller")[0].name == "José Müller");
    CHECK(clients_named(*store, "Bob Archer").size() == 1); // archived clients count too
}

TEST_CASE("clients_named: every client sharing the name, by id") {
    TempDir dir;
    auto store = open_new(dir);
    auto a = add(*store, make_client("Sam Lee"));
    add(*store, make_client("Sam Leeds"));
    auto b = add(*store, make_client("SAM LEE"));
    auto named = clients_named(*store, "sam lee");
    REQUIRE(named.size() == 2);
    CHECK(named[0].id == a.id);
    CHECK(named[1].id == b.id);
}

// ---- resolve_client -------------------------------------------------------------------------

TEST_CASE("resolve_client: by id") {
    TempDir dir;
    auto store = sample_store(dir);
    CHECK(resolve_client(*store, "2").name == "José Müller");
    CHECK(resolve_client(*store, "3").name == "Bob Archer"); // archived clients resolve too
    auto error = error_from([&] { resolve_client(*store, "99"); });
    CHECK(error.code() == Exit::data);
    CHECK_THAT(error.what(), Contains("99"));
}

TEST_CASE("resolve_client: by a unique case-insensitive fragment of the name") {
    TempDir dir;
    auto store = sample_store(dir);
    CHECK(resolve_client(*store, "jane").id == 1);
    CHECK(resolve_client(*store, "DOE").id == 1);
    CHECK(resolve_client(*store, "archer").id == 3);
    CHECK(resolve_client(*store, "小龙").id == 4);
}

TEST_CASE("resolve_client: accent-insensitive, \"jose\" finds \"José\"") {
    TempDir dir;
    auto store = sample_store(dir);
    CHECK(resolve_client(*store, "jose").name == "José Müller");
    CHECK(resolve_client(*store, "JOSÉ").name == "José Müller");
    CHECK(resolve_client(*store, "muller").name == "José Müller");
    CHECK(resolve_client(*store, "José Müller").name == "José Müller");
}

TEST_CASE("resolve_client: an exact full name wins over fragments") {
    TempDir dir;
    auto store = open_new(dir);
    auto ann = add(*store, make_client("Ann"));
    add(*store, make_client("Anna Berg"));
    add(*store, make_client("Joanne Ann"));
    CHECK(resolve_client(*store, "ann").id == ann.id);
    CHECK(resolve_client(*store, "ANN").id == ann.id);
}

TEST_CASE("resolve_client: an ambiguous fragment is Exit::data listing the candidates with ids") {
    TempDir dir;
    auto store = open_new(dir);
    auto john = add(*store, make_client("John Smith"));
    auto jonas = add(*store, make_client("Jonas Berg"));
    add(*store, make_client("Maria Garcia"));
    auto error = error_from([&] { resolve_client(*store, "jo"); });
    CHECK(error.code() == Exit::data);
    std::string message = error.what();
    CHECK_THAT(message, Contains("\"jo\""));
    CHECK_THAT(message, Contains("\"John Smith\" (" + std::to_string(john.id) + ")"));
    CHECK_THAT(message, Contains("\"Jonas Berg\" (" + std::to_string(jonas.id) + ")"));
    CHECK_THAT(message, !Contains("Maria"));
}

TEST_CASE("resolve_client: two clients with the same full name are ambiguous, listing both ids") {
    TempDir dir;
    auto store = open_new(dir);
    auto first = add(*store, make_client("Sam Lee"));
    auto second = add(*store, make_client("Sam Lee"));
    auto error = error_from([&] { resolve_client(*store, "sam lee"); });
    CHECK(error.code() == Exit::data);
    CHECK_THAT(error.what(), Contains("(" + std::to_string(first.id) + ")"));
    CHECK_THAT(error.what(), Contains("(" + std::to_string(second.id) + ")"));
    // The id still reaches each of them.
    CHECK(resolve_client(*store, std::to_string(second.id)).id == second.id);
}

TEST_CASE("resolve_client: no match suggests the nearest names") {
    TempDir dir;
    auto store = sample_store(dir);
    auto error = error_from([&] { resolve_client(*store, "Jnae Doe"); });
    CHECK(error.code() == Exit::data);
    CHECK_THAT(error.what(), Contains("\"Jnae Doe\""));
    CHECK_THAT(error.what(), Contains("did you mean"));
    CHECK_THAT(error.what(), Contains("\"Jane Doe\" (1)"));
    CHECK_THAT(error.what(), !Contains("Archer"));
}

TEST_CASE("resolve_client: no match and nothing near says so without suggestions") {
    TempDir dir;
    auto store = sample_store(dir);
    auto error = error_from([&] { resolve_client(*store, "Zbigniew"); });
    CHECK(error.code() == Exit::data);
    CHECK_THAT(error.what(), Contains("\"Zbigniew\""));
    CHECK_THAT(error.what(), !Contains("did you mean"));
}

TEST_CASE("resolve_client: an empty store has no client to find") {
    TempDir dir;
    auto store = open_new(dir);
    CHECK(error_from([&] { resolve_client(*store, "jane"); }).code() == Exit::data);
    CHECK(error_from([&] { resolve_client(*store, "1"); }).code() == Exit::data);
}

TEST_CASE("resolve_client: fragments are literal text, not patterns") {
    TempDir dir;
    auto store = sample_store(dir);
    CHECK(error_from([&] { resolve_client(*store, "%"); }).code() == Exit::data);
    CHECK(error_from([&] { resolve_client(*store, "J_ne"); }).code() == Exit::data);
}
