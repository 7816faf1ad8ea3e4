#pragma once

#include <smp/domain/client.hpp>
#include <smp/domain/reference.hpp>
#include <smp/store/store.hpp>

#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace smp::store {

struct ClientFilter {
    enum class Which { active, archived, all } which = Which::active;
    std::optional<std::string> search; // case-insensitive, across name, phone, email and notes
    // For a retention review: only clients with no session done or booked on or after this
    // day (YYYY-MM-DD), who either had a session before it or were added before it.
    std::optional<std::string> inactive_before;
};

// Writes go through Store::write(); these functions run inside the caller's transaction.
void insert_client(Store& store, Client& client, Stamp stamp = Stamp::now); // sets id, uuid, times
void update_client(Store& store, Client& client, Stamp stamp = Stamp::now); // sets updated_at
void delete_client(Store& store, std::int64_t id);

// Erases a client's personal data for good (a GDPR erasure request), in its own transaction:
// their consents and reminders are deleted, their sessions' notes cleared, and the client row
// kept as an archived "forgotten client" with a fresh uuid and no personal field, so lot and
// date facts still count; `purge` deletes the client and their sessions instead. Deleted
// content is overwritten (secure_delete) and the file is vacuumed afterwards, so none of it
// stays in the records file's bytes.
void forget_client(Store& store, std::int64_t id, bool purge);

// What `client forget` records of a client it erased: the uuid they had and the day.
struct Erasure {
    std::string uuid;
    std::string erased_on;
    bool purged = false;
};
std::vector<Erasure> erasures(Store& store);
std::optional<Erasure> erasure_of(Store& store, const std::string& uuid);
// Erases again every client of `store` whose uuid is in `erased` (each as forget_client did,
// purged or not), and records those erasures here too. Returns how many clients it erased.
int reapply_erasures(Store& store, const std::vector<Erasure>& erased);
// Records an erasure made in another records file (`smp import erasures`): nothing to erase
// here, only the uuid to refuse from now on. One already recorded is kept as it is.
void remember_erasure(Store& store, const Erasure& erasure);

// What `client forget` writes over a kind's personal fields, as SQL assignments: NULL for an
// optional field, an empty list, "no" for a flag, "forgotten <kind>" for required text such as
// a name. Read from the kind's table, so a new personal field is erased because its flag says
// so.
std::string erasure_assignments(const KindInfo& kind);

std::optional<Client> client_by_id(Store& store, std::int64_t id);

// The client with this uuid, if any (imports match rows to records by uuid).
std::optional<Client> client_by_uuid(Store& store, const std::string& uuid);

// Finds the one client a reference means: an id, or a case-insensitive fragment of the name
// matching exactly one client (an exact full-name match wins over fragments). Throws
// Error(data) listing the candidates when ambiguous, or the nearest names when none match.
Client resolve_client(Store& store, std::string_view reference);

// Other clients whose name is exactly this one (case-insensitively).
std::vector<Candidate> clients_named(Store& store, std::string_view name);

// Streams the clients the filter selects, by name then id.
void for_each_client(Store& store, const ClientFilter& filter,
                     const std::function<void(const Client&)>& visit);
// The statement behind for_each_client, for tests of its query plan.
std::string client_list_sql(const ClientFilter& filter);

} // namespace smp::store
