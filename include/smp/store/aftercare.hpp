#pragma once

#include <smp/domain/date.hpp>
#include <smp/store/store.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace smp::store {

// How and when a session's aftercare reached the client.
struct AftercareGiven {
    std::int64_t session_id = 0;
    std::string how; // "given" in person, or the channel it was sent by
    Date on{};
};

std::optional<AftercareGiven> aftercare_of(Store& store, std::int64_t session_id);
// Records it, once per session: returns the record that stands (an earlier one, if any).
AftercareGiven record_aftercare(Store& store, const AftercareGiven& given);
// The client's latest done session that has aftercare (not a consultation), with its aftercare
// if it was given: what `client show` tells.
struct LatestAftercare {
    std::int64_t session_id = 0;
    std::optional<AftercareGiven> given;
};
std::optional<LatestAftercare> latest_aftercare(Store& store, std::int64_t client_id);

} // namespace smp::store
