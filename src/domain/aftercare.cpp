#include <smp/domain/aftercare.hpp>

namespace smp {
namespace {

constexpr std::string_view k_course = R"(For the first 4 days
- Keep your scalp dry: no washing, swimming, steam room or sauna.
- Avoid heavy sweating: no gym, running or hot yoga.
- Do not touch, scratch or pick the treated area; small flakes fall off on their own.

For the first 7 days
- Keep the sun off your scalp: wear a loose hat outdoors, no sunbed.
- No swimming pools or sea water.
- Sleep on a clean pillowcase.

Shaving
- Do not shave for 5 days. Then shave gently with an electric shaver; no wet razor on the
  treated area before day 7.

Washing
- From day 5, wash with lukewarm water and a mild shampoo; pat dry, do not rub.

Your next session
- This was your {course}. The next one is usually 10 to 14 days after it, once the dots have
  settled.

If the area is red, swollen, hot or weeping after 48 hours, call us.)";

constexpr std::string_view k_touchup = R"(For the first 4 days
- Keep your scalp dry: no washing, swimming, steam room or sauna.
- Avoid heavy sweating, and do not scratch or pick the treated area.

For the first 7 days
- Keep the sun off your scalp: wear a loose hat outdoors, no sunbed, no pools or sea water.

Shaving
- Do not shave for 5 days; then use an electric shaver, gently.

Afterwards
- Use sunscreen (SPF 50) on your scalp whenever it is in the sun: sun fades pigment.

If the area is red, swollen, hot or weeping after 48 hours, call us.)";

constexpr std::string_view k_correction = R"(For the first 4 days
- Keep your scalp dry: no washing, swimming, steam room or sauna.
- Avoid heavy sweating, and do not scratch or pick the corrected area.

For the first 7 days
- Keep the sun off your scalp: wear a loose hat outdoors, no sunbed, no pools or sea water.

Shaving
- Do not shave for 5 days; then use an electric shaver, gently.

Healing
- A corrected area can look darker or patchy for up to four weeks before it settles; we will
  look at it again at your next visit.

If the area is red, swollen, hot or weeping after 48 hours, call us.)";

} // namespace

std::string_view default_aftercare(SessionKind kind) {
    switch (kind) {
    case SessionKind::course:
        return k_course;
    case SessionKind::touchup:
        return k_touchup;
    case SessionKind::correction:
        return k_correction;
    case SessionKind::consult:
        return {};
    }
    return {};
}

} // namespace smp
