#pragma once

#include <smp/domain/kind.hpp>

#include <cstdint>
#include <optional>
#include <span>
#include <string>

namespace smp {

// A consent a client signed (treatment, photo, data or marketing) on a form version, with the
// signed document's path and SHA-256 if one was given. Withdrawing keeps the row and dates it.
struct Consent {
    std::int64_t id = 0;
    std::string uuid;
    std::int64_t client_id = 0;
    std::string kind;
    Date signed_on{};
    std::optional<std::string> form_version;
    std::optional<std::string> file_path;
    std::optional<std::string> file_sha256;
    std::optional<Date> withdrawn_on;
    std::string created_at;
};

// Its fields, each once (see kind.hpp). Every one is about the person: `client forget`
// deletes a client's consents whole.
std::span<const FieldOf<Consent>> consent_fields();

} // namespace smp
