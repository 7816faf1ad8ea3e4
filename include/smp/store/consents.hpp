#pragma once

#include <smp/domain/consent.hpp>
#include <smp/store/store.hpp>

#include <cstdint>
#include <functional>
#include <optional>
#include <string>

namespace smp::store {

void insert_consent(Store& store, Consent& consent);
// The client's current (signed, not withdrawn) consent of this kind, the newest if several.
std::optional<Consent> active_consent(Store& store, std::int64_t client_id, std::string_view kind);
void withdraw_consent(Store& store, std::int64_t consent_id, const std::string& date);
void for_each_consent(Store& store, std::int64_t client_id,
                      const std::function<void(const Consent&)>& visit);
// Every client's consents with the client's name (an export has no one client to look at),
// by client then date signed.
void for_each_consent_of_every_client(
    Store& store, const std::function<void(const Consent&, const std::string& client_name)>& visit);

} // namespace smp::store
