#pragma once

#include <smp/domain/client.hpp>
#include <smp/domain/reference.hpp>
#include <smp/store/store.hpp>

#include <SQLiteCpp/Statement.h>

#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace smp::store {

struct ClientFilter {
    enum class Which { active, archived, all } which = Which::active;
    std::optional<std::string> search; // case-insensitive, across name, phone, email and notes
};

// Writes go through Store::write(); these functions run inside the caller's transaction.
void insert_client(Store& store, Client& client); // sets id, uuid and times
void update_client(Store& store, Client& client); // sets updated_at
void delete_client(Store& store, std::int64_t id);

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

} // namespace smp::store
