#include <smp/domain/client.hpp>
#include <smp/domain/reference.hpp>
#include <smp/error.hpp>
#include <smp/util/text.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cctype>

namespace smp {
namespace {

constexpr std::array<std::string_view, 6> k_skin_types = {"I", "II", "III", "IV", "V", "VI"};
constexpr std::array<std::string_view, 3> k_undertones = {"cool", "neutral", "warm"};
constexpr std::array<std::string_view, 9> k_hair_colours = {
    "black", "dark-brown", "brown", "light-brown", "blonde", "red", "grey", "white", "mixed"};
constexpr std::array<std::string_view, 12> k_norwood = {"1", "2",  "2A", "3",  "3A", "3V",
                                                        "4", "4A", "5",  "5A", "6",  "7"};
constexpr std::array<std::string_view, 3> k_ludwig = {"I", "II", "III"};
constexpr std::array<std::string_view, 2> k_hair_loss_scales = {"norwood", "ludwig"};
constexpr std::array<std::string_view, 7> k_conditions = {"androgenetic",
                                                          "alopecia-areata",
                                                          "alopecia-totalis",
                                                          "alopecia-universalis",
                                                          "traction",
                                                          "diffuse",
                                                          "scar"};
// The screening questions of DOMAIN.md, one flag each.
constexpr std::array<std::string_view, 11> k_contraindications = {
    "anticoagulants", "keloid",         "pregnant",     "nursing",       "diabetes", "psoriasis",
    "eczema",         "blood-disorder", "chemotherapy", "laser-removal", "allergy"};

} // namespace

namespace choices {
const Choice skin_type{"skin type", k_skin_types};
const Choice undertone{"undertone", k_undertones};
const Choice hair_colour{"hair colour", k_hair_colours};
const Choice norwood_stage{"Norwood stage", k_norwood};
const Choice ludwig_stage{"Ludwig stage", k_ludwig};
const Choice hair_loss_scale{"hair loss scale", k_hair_loss_scales};
const Choice condition{"condition", k_conditions};
const Choice contraindication{"contraindication", k_contraindications};
} // namespace choices

namespace {

using namespace field_flag;
using C = Client;
constexpr unsigned k_profile = settable | clearable | personal | importable;

const std::array<FieldOf<Client>, 26> k_client_fields = {{
    {{"id", Codec::id}, &C::id},
    {{"uuid", Codec::uuid, required}, &C::uuid},
    {{"name", Codec::text, required | personal | importable}, &C::name},
    {{"phone", Codec::phone, k_profile, {}, nullptr, "--phone", "TEXT", "Phone number"}, &C::phone},
    {{"email", Codec::email, k_profile, {}, nullptr, "--email", "TEXT", "Email address"},
     &C::email},
    {{"birth_date",
      Codec::date,
      k_profile | past,
      {},
      nullptr,
      "--birth-date,--dob",
      "DATE",
      "Date of birth",
      "date of birth"},
     &C::birth_date},
    {{"skin_type",
      Codec::choice,
      k_profile,
      {},
      &choices::skin_type,
      "--skin-type",
      "TYPE",
      "Fitzpatrick skin type: I, II, III, IV, V, VI"},
     &C::skin_type},
    {{"undertone",
      Codec::choice,
      k_profile,
      {},
      &choices::undertone,
      "--undertone",
      "TONE",
      "Skin undertone: cool, neutral, warm"},
     &C::undertone},
    {{"hair_colour",
      Codec::choice,
      k_profile,
      {},
      &choices::hair_colour,
      "--hair-colour,--hair-color",
      "COLOUR",
      "Hair colour: black, dark-brown, brown, light-brown, blonde, red, grey, white, mixed"},
     &C::hair_colour},
    // Set by --norwood or --ludwig (set_hair_loss), cleared together as "hair-loss".
    {{"hair_loss_scale",
      Codec::choice,
      clearable | personal | importable,
      {},
      &choices::hair_loss_scale,
      "--hair-loss"},
     &C::hair_loss_scale},
    {{"hair_loss_stage", Codec::text, personal | importable}, &C::hair_loss_stage},
    {{"condition",
      Codec::choice,
      k_profile,
      {},
      &choices::condition,
      "--condition",
      "CONDITION",
      "Condition: androgenetic, alopecia-areata, alopecia-totalis, alopecia-universalis, "
      "traction, diffuse, scar"},
     &C::condition},
    // Set by the repeatable --contraindication (add_profile_options).
    {{"contraindications",
      Codec::choice_list,
      clearable | personal | importable,
      {},
      &choices::contraindication,
      "--contraindications"},
     &C::contraindications},
    {{"medical_notes",
      Codec::text,
      k_profile,
      {},
      nullptr,
      "--medical-notes",
      "TEXT",
      "Allergies, medication, other health notes"},
     &C::medical_notes},
    {{"notes", Codec::text, k_profile, {}, nullptr, "--notes", "TEXT", "Free-text notes"},
     &C::notes},
    // Set by --reminders / --no-reminders; a forgotten client is never reminded.
    {{"reminders_allowed", Codec::flag, personal | importable}, &C::reminders_allowed},
    // Set by --service-messages / --no-service-messages: the messages about a session.
    {{"service_messages", Codec::flag, personal | importable}, &C::service_messages},
    {{"planned_sessions",
      Codec::integer,
      settable | clearable | importable,
      {},
      nullptr,
      "--planned-sessions",
      "N",
      "Sessions in this client's course, 1-20 (default from the config)",
      {},
      1,
      20},
     &C::planned_sessions},
    {{"screened_on", Codec::date, personal | importable}, &C::screened_on},
    {{"touchup_every", Codec::span, personal | importable}, &C::touchup_every},
    {{"touchup_due", Codec::date, personal | importable}, &C::touchup_due},
    {{"snoozed_until", Codec::date, personal | importable}, &C::snoozed_until},
    // Shown from archived_at; an import sets both (import_flag).
    {{"archived", Codec::flag, derived | importable}},
    {{"archived_at", Codec::instant, importable}, &C::archived_at},
    {{"created_at", Codec::instant, required | importable}, &C::created_at},
    {{"updated_at", Codec::instant, required | importable}, &C::updated_at},
}};

} // namespace

std::span<const FieldOf<Client>> client_fields() {
    return k_client_fields;
}

int validate_planned_sessions(std::string_view text) {
    if (!is_id_reference(text) || text.size() > 2 || std::stoi(std::string(text)) < 1 ||
        std::stoi(std::string(text)) > 20)
        throw Error(Exit::data, fmt::format("invalid planned sessions \"{}\": use a whole number "
                                            "from 1 to 20",
                                            text));
    return std::stoi(std::string(text));
}

std::string validate_hair_loss_stage(std::string_view scale, std::string_view stage) {
    bool norwood = choices::hair_loss_scale.parse(scale) == "norwood";
    return (norwood ? choices::norwood_stage : choices::ludwig_stage).parse(stage);
}

std::string validate_text(std::string_view field, std::string_view text) {
    if (!is_valid_utf8(text))
        throw Error(Exit::data, fmt::format("invalid {}: the text is not valid UTF-8; save it as "
                                            "UTF-8 and try again",
                                            field));
    if (text.find('\0') != std::string_view::npos)
        throw Error(Exit::data, fmt::format("invalid {}: the text contains a NUL byte", field));
    return std::string(text);
}

namespace {

// The first `count` characters of valid UTF-8 text, never cutting one in half.
std::string first_characters(std::string_view text, std::size_t count) {
    std::string out;
    auto points = decode_utf8(text);
    for (std::size_t i = 0; i < points.size() && i < count; ++i)
        append_utf8(out, points[i]);
    return out;
}

} // namespace

std::string first_name(std::string_view name) {
    return std::string(name.substr(0, name.find(' ')));
}

std::string validate_name(std::string_view name) {
    auto trimmed = trim(name);
    if (trimmed.empty())
        throw Error(Exit::data, fmt::format("invalid name \"{}\": a client needs a name", name));
    auto text = validate_text("name", trimmed);
    if (auto length = decode_utf8(text).size(); length > k_name_max_chars)
        throw Error(Exit::data, fmt::format("invalid name \"{}…\": it is {} characters long; a "
                                            "name holds at most {} (put the rest in --notes)",
                                            first_characters(text, 40), length, k_name_max_chars));
    return text;
}

std::string validate_phone(std::string_view phone) {
    auto trimmed = trim(phone);
    int digits = 0;
    // It must start like a number ("+44", "(020)", "07700"): a leading "-" would make the
    // address look like an option to the --exec command that receives it.
    bool allowed = !trimmed.empty() && (std::isdigit(static_cast<unsigned char>(trimmed[0])) ||
                                        trimmed[0] == '+' || trimmed[0] == '(');
    for (char c : trimmed) {
        if (std::isdigit(static_cast<unsigned char>(c)))
            ++digits;
        else if (std::string_view(" +-().").find(c) == std::string_view::npos)
            allowed = false;
    }
    if (!allowed || digits < 3 || digits > 20)
        throw Error(Exit::data, fmt::format("invalid phone \"{}\": use digits with optional +, "
                                            "spaces, dashes, dots or brackets, starting with a "
                                            "digit, + or (, e.g. +44 7700 900123",
                                            phone));
    return std::string(trimmed);
}

namespace {

// Letters of other scripts are welcome in an address ("josé@example.es"), but not the
// invisible ones: spaces, C1 controls, zero-width and direction marks, the BOM, specials.
bool allowed_in_address(char32_t cp) {
    return cp >= 0xA0 && cp != 0xA0 && cp != 0xAD && !(cp >= 0x2000 && cp <= 0x206F) &&
           cp != 0x3000 && cp != 0xFEFF && !(cp >= 0xFFF0 && cp <= 0xFFFF) && cp != 0x061C &&
           cp != 0x180E;
}

// The part before the @: letters, digits and . _ % + -, no dot first, last or doubled, no
// "-" first. Nothing a shell would expand or quote ($ ` ! ; & | < > ( ) ' " \ space...).
bool valid_local_part(std::string_view local) {
    if (local.empty() || local.size() > 64 || local.front() == '.' || local.back() == '.' ||
        local.front() == '-' || local.find("..") != std::string_view::npos)
        return false;
    for (char32_t cp : decode_utf8(local))
        if (cp >= 0x80 ? !allowed_in_address(cp)
                       : !(std::isalnum(static_cast<int>(cp)) ||
                           std::string_view("._%+-").find(static_cast<char>(cp)) !=
                               std::string_view::npos))
            return false;
    return true;
}

// The part after the @: two or more dot-separated labels of letters, digits and inner "-".
bool valid_domain(std::string_view domain) {
    if (domain.size() > 253 || domain.find('.') == std::string_view::npos)
        return false;
    for (auto label : split_list(std::string(domain), '.')) {
        if (label.size() > 63 || label.front() == '-' || label.back() == '-')
            return false;
        for (char32_t cp : decode_utf8(label))
            if (cp >= 0x80 ? !allowed_in_address(cp)
                           : !(std::isalnum(static_cast<int>(cp)) || cp == '-'))
                return false;
    }
    // split_list drops empty labels: "a..b", ".a.b" and "a.b." are refused here.
    return domain.front() != '.' && domain.back() != '.' &&
           domain.find("..") == std::string_view::npos;
}

} // namespace

std::string validate_email(std::string_view email) {
    auto trimmed = trim(email);
    auto at = trimmed.find('@');
    bool ok = is_valid_utf8(trimmed) && at != std::string_view::npos &&
              trimmed.find('@', at + 1) == std::string_view::npos &&
              valid_local_part(trimmed.substr(0, at)) && valid_domain(trimmed.substr(at + 1));
    if (!ok)
        throw Error(Exit::data,
                    fmt::format("invalid email \"{}\": use an address like name@example.com "
                                "(letters, digits and . _ % + - before the @, not starting "
                                "with - or .)",
                                email));
    return std::string(trimmed);
}

std::string describe_hair_loss(const Client& client) {
    if (!client.hair_loss_scale || !client.hair_loss_stage)
        return {};
    std::string scale = *client.hair_loss_scale;
    scale[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(scale[0])));
    return scale + " " + *client.hair_loss_stage;
}

} // namespace smp
