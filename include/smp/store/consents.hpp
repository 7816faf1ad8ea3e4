#pragma once

#include <smp/store/store.hpp>

#include <cstdint>
#include <functional>
#include <optional>
#include <string>

namespace smp::store {

// A consent a client signed (treatment, photo, data or marketing) on a form version, with the
// signed document's path and SHA-256 if one was given. Withdrawing keeps the row and dates it.
struct Consent {
    std::int64_t id = 0;
    std::string uuid;
    std::int64_t client_id = 0;
    std::string kind;
    std::string signed_on;
    std::optional<std::string> form_version;
    std::optional<std::string> file_path;
    std::optional<std::string> file_sha256;
    std::optional<std::string> withdrawn_on;
    std::string created_at;
};

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
