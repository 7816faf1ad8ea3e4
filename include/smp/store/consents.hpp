#pragma once

#include <smp/domain/consent.hpp>
#include <smp/store/store.hpp>

#include <cstdint>
#include <functional>
#include <optional>
#include <string>

namespace smp::store {

// Sets the id, uuid and created_at (kept as the consent gives them with Stamp::as_given, for an
// import: a signed consent's dates and document hash are a legal record, moved as they are).
void insert_consent(Store& store, Consent& consent, Stamp stamp = Stamp::now);
std::optional<Consent> consent_by_uuid(Store& store, const std::string& uuid);
// The client's current (signed, not withdrawn) consent of this kind, the newest if several.
std::optional<Consent> active_consent(Store& store, std::int64_t client_id, std::string_view kind);
void withdraw_consent(Store& store, std::int64_t consent_id, Date date);
void for_each_consent(Store& store, std::int64_t client_id,
                      const std::function<void(const Consent&)>& visit);
// Every client's consents with the client's name and uuid (an export has no one client to look
// at, and another records file knows the client by uuid), by client then date signed.
void for_each_consent_of_every_client(
    Store& store, const std::function<void(const Consent&, const std::string& client_name,
                                           const std::string& client_uuid)>& visit);

} // namespace smp::store
