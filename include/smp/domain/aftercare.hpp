#pragma once

#include <smp/domain/session.hpp>

#include <string_view>

namespace smp {

// What an aftercare sheet may say about its session, as {placeholders}, in the order the man
// page lists them: the client, the session, and the studio that did it.
inline constexpr std::string_view k_session_placeholders[] = {
    "name", "first_name", "date",   "time",           "duration",    "areas",
    "kind", "course",     "studio", "studio_address", "studio_phone"};

// smp's own aftercare for a session of this kind, in a practitioner's plain words: what a
// client is told at the chair (dry scalp, no sweat or sun, no shaving), for the practitioner
// to review and replace with their own (aftercare.course... in the config). A consultation has
// none: nothing was done to the scalp.
std::string_view default_aftercare(SessionKind kind);

} // namespace smp
