#include <smp/domain/choice.hpp>
#include <smp/domain/client.hpp>
#include <smp/domain/reference.hpp>
#include <smp/error.hpp>

#include <catch2/catch.hpp>

#include "../error_from.hpp"

#include <array>
#include <stdexcept>
#include <string>

using namespace smp;
using Catch::Matchers::Contains;
using smp::testing::error_from;

namespace {

Date ymd(int year, unsigned month, unsigned day) {
    return Date{std::chrono::year{year} / std::chrono::month{month} / std::chrono::day{day}};
}

const Date k_today = ymd(2026, 3, 15);

std::vector<std::string> names(const std::vector<Candidate>& candidates) {
    std::vector<std::string> out;
    for (const auto& candidate : candidates)
        out.push_back(candidate.name);
    return out;
}

} // namespace

// ---- Choice ---------------------------------------------------------------------------------

TEST_CASE("Choice::parse: matches case-insensitively and returns the canonical spelling") {
    CHECK(choices::skin_type.parse("iv") == "IV");
    CHECK(choices::skin_type.parse("IV") == "IV");
    CHECK(choices::skin_type.parse("Vi") == "VI");
    CHECK(choices::undertone.parse("WARM") == "warm");
    CHECK(choices::hair_colour.parse("Dark-Brown") == "dark-brown");
    CHECK(choices::norwood_stage.parse("3a") == "3A");
    CHECK(choices::norwood_stage.parse("3v") == "3V");
    CHECK(choices::norwood_stage.parse("7") == "7");
    CHECK(choices::ludwig_stage.parse("ii") == "II");
    CHECK(choices::condition.parse("Alopecia-Areata") == "alopecia-areata");
    CHECK(choices::contraindication.parse("KELOID") == "keloid");
}

TEST_CASE("Choice::parse: surrounding white space is ignored") {
    CHECK(choices::undertone.parse("  cool ") == "cool");
}

TEST_CASE("Choice::parse: every allowed value parses to itself") {
    for (const Choice* choice :
         {&choices::skin_type, &choices::undertone, &choices::hair_colour, &choices::norwood_stage,
          &choices::ludwig_stage, &choices::condition, &choices::contraindication}) {
        INFO(choice->field);
        REQUIRE_FALSE(choice->allowed.empty());
        for (auto value : choice->allowed)
            CHECK(choice->parse(value) == value);
    }
}

TEST_CASE("Choice: the documented allowed sets, in display order") {
    CHECK(choices::skin_type.allowed_list() == "I, II, III, IV, V, VI");
    CHECK(choices::undertone.allowed_list() == "cool, neutral, warm");
    CHECK(choices::hair_colour.allowed_list() ==
          "black, dark-brown, brown, light-brown, blonde, red, grey, white, mixed");
    CHECK(choices::norwood_stage.allowed_list() == "1, 2, 2A, 3, 3A, 3V, 4, 4A, 5, 5A, 6, 7");
    CHECK(choices::ludwig_stage.allowed_list() == "I, II, III");
    CHECK(choices::condition.allowed_list() ==
          "androgenetic, alopecia-areata, alopecia-totalis, alopecia-universalis, traction, "
          "diffuse, scar");
}

TEST_CASE(
    "Choice::parse: a value outside the set is Exit::data quoting it and listing the allowed") {
    auto error = error_from([] { choices::skin_type.parse("VII"); });
    CHECK(error.code() == Exit::data);
    std::string message = error.what();
    CHECK_THAT(message, Contains("skin type"));
    CHECK_THAT(message, Contains("\"VII\""));
    CHECK_THAT(message, Contains("I, II, III, IV, V, VI"));

    auto colour = error_from([] { choices::hair_colour.parse("gray"); });
    CHECK(colour.code() == Exit::data);
    CHECK_THAT(colour.what(), Contains("\"gray\""));
    CHECK_THAT(colour.what(), Contains(choices::hair_colour.allowed_list()));
}

TEST_CASE("Choice::parse: refuses empty text, prefixes and near misses") {
    auto refuses = [](const Choice& choice, std::string_view value) {
        INFO(choice.field << ": \"" << value << '"');
        CHECK(error_from([&] { choice.parse(value); }).code() == Exit::data);
    };
    for (auto value : {"", " ", "I V", "4", "VII", "1", "i,ii"})
        refuses(choices::skin_type, value);
    for (auto value : {"dark brown", "darkbrown", "brow", "gray", "blond"})
        refuses(choices::hair_colour, value);
    for (auto value : {"3AA", "8", "0", "3 A", "norwood 3"})
        refuses(choices::norwood_stage, value);
    for (auto value : {"IV", "1", "ludwig I"})
        refuses(choices::ludwig_stage, value);
    for (auto value : {"alopecia", "areata", "scarring"})
        refuses(choices::condition, value);
}

TEST_CASE("Choice: a custom choice works the same way") {
    constexpr std::array<std::string_view, 3> allowed = {"scalp", "Hairline", "crown"};
    Choice area{"area", allowed};
    CHECK(area.parse("HAIRLINE") == "Hairline");
    CHECK(area.allowed_list() == "scalp, Hairline, crown");
    auto error = error_from([&] { area.parse("temple"); });
    CHECK(error.code() == Exit::data);
    CHECK_THAT(error.what(), Contains("invalid area \"temple\""));
}

// ---- parse_choices --------------------------------------------------------------------------

TEST_CASE("parse_choices: comma-separated items, canonical spelling, order kept") {
    CHECK(parse_choices(choices::contraindication, {"Keloid, diabetes,ECZEMA"}) ==
          std::vector<std::string>{"keloid", "diabetes", "eczema"});
}

TEST_CASE("parse_choices: repeated options are combined") {
    CHECK(parse_choices(choices::contraindication, {"keloid", "pregnant,nursing", "allergy"}) ==
          std::vector<std::string>{"keloid", "pregnant", "nursing", "allergy"});
}

TEST_CASE("parse_choices: duplicates are dropped, first position kept") {
    CHECK(parse_choices(choices::contraindication, {"keloid,KELOID", "diabetes", "Keloid"}) ==
          std::vector<std::string>{"keloid", "diabetes"});
}

TEST_CASE("parse_choices: empty input and empty items give nothing") {
    CHECK(parse_choices(choices::contraindication, {}).empty());
    CHECK(parse_choices(choices::contraindication, {""}).empty());
    CHECK(parse_choices(choices::contraindication, {" , ,"}).empty());
}

TEST_CASE("parse_choices: one bad item refuses the whole list") {
    auto error = error_from([] {
        parse_choices(choices::contraindication, {"keloid,smoker", "diabetes"});
    });
    CHECK(error.code() == Exit::data);
    CHECK_THAT(error.what(), Contains("\"smoker\""));
    CHECK_THAT(error.what(), Contains("anticoagulants"));
}

// ---- validate_name ----------------------------------------------------------------------------

TEST_CASE("validate_name: trims and keeps the name as written") {
    CHECK(validate_name("Jane Doe") == "Jane Doe");
    CHECK(validate_name("  José Müller \n") == "José Müller");
    CHECK(validate_name("李小龙") == "李小龙");
    CHECK(validate_name("O'Brien, \"Bob\"; DROP TABLE client;--") ==
          "O'Brien, \"Bob\"; DROP TABLE client;--");
    CHECK(validate_name("Jane 😀") == "Jane 😀");
}

TEST_CASE("validate_name: refuses an empty or blank name") {
    for (auto name : {"", " ", "\t\n"}) {
        INFO('"' << name << '"');
        auto error = error_from([&] { validate_name(name); });
        CHECK(error.code() == Exit::data);
        CHECK_THAT(error.what(), Contains("name"));
    }
}

TEST_CASE("validate_name: refuses a NUL byte and invalid UTF-8") {
    auto nul = error_from([] { validate_name(std::string("Jane\0Doe", 8)); });
    CHECK(nul.code() == Exit::data);
    CHECK_THAT(nul.what(), Contains("NUL"));
    auto latin1 = error_from([] { validate_name("Jos\xE9"); });
    CHECK(latin1.code() == Exit::data);
    CHECK_THAT(latin1.what(), Contains("UTF-8"));
}

// ---- validate_phone ---------------------------------------------------------------------------

TEST_CASE("validate_phone: digits with +, spaces, dashes, dots and brackets") {
    CHECK(validate_phone("+44 7700 900123") == "+44 7700 900123");
    CHECK(validate_phone("(555) 123-4567") == "(555) 123-4567");
    CHECK(validate_phone("555.123.4567") == "555.123.4567");
    CHECK(validate_phone("  07700900123 ") == "07700900123");
    CHECK(validate_phone("112") == "112");
}

TEST_CASE("validate_phone: refuses letters, too few or too many digits, and blanks") {
    for (auto phone : {"", "   ", "12", "call me", "0770O900123", "+44 7700 900123 ext 5",
                       "123456789012345678901", "+-()", "123/456", "12345\n678"}) {
        INFO('"' << phone << '"');
        auto error = error_from([&] { validate_phone(phone); });
        CHECK(error.code() == Exit::data);
        CHECK_THAT(error.what(), Contains(std::string("\"") + phone + "\""));
    }
}

TEST_CASE("validate_phone: refuses a number that starts like an option") {
    for (auto phone : {"-1234567", "--exec=123", " -44 7700 900123", ".123456", ")123 456"}) {
        INFO('"' << phone << '"');
        CHECK(error_from([&] { validate_phone(phone); }).code() == Exit::data);
    }
}

// ---- validate_email ---------------------------------------------------------------------------

TEST_CASE("validate_email: ordinary addresses are accepted and trimmed") {
    CHECK(validate_email("jane@example.com") == "jane@example.com");
    CHECK(validate_email(" Jane.Doe+smp@mail.example.co.uk ") == "Jane.Doe+smp@mail.example.co.uk");
    CHECK(validate_email("josé@example.es") == "josé@example.es");
}

TEST_CASE("validate_email: refuses addresses without one @ and a dotted domain") {
    for (auto email :
         {"", "jane", "jane@", "@example.com", "jane@example", "jane@@example.com",
          "jane@exa@mple.com", "jane doe@example.com", "jane@example.com.",
          "Jane <jane@example.com>", "jane@example.com,bob@example.com", "jane\n@example.com"}) {
        INFO('"' << email << '"');
        auto error = error_from([&] { validate_email(email); });
        CHECK(error.code() == Exit::data);
        CHECK_THAT(error.what(), Contains(std::string("\"") + email + "\""));
    }
    CHECK(error_from([] { validate_email("jos\xE9@example.com"); }).code() == Exit::data);
}

TEST_CASE("validate_email: refuses what looks like an option or carries shell or control "
          "characters") {
    for (auto email : {"--exec=!touch${IFS}/tmp/x@x.y",
                       "-x@example.com",
                       "-@example.com",
                       "jane@-example.com",
                       "jane@example-.com",
                       "$(id)@example.com",
                       "`id`@example.com",
                       "a;b@example.com",
                       "a|b@example.com",
                       "a&b@example.com",
                       "a'b@example.com",
                       "a\\b@example.com",
                       "a!b@example.com",
                       "a*b@example.com",
                       "a{b}@example.com",
                       "jane@exa$mple.com",
                       "jane@example..com",
                       ".jane@example.com",
                       "jane.@example.com",
                       "ja..ne@example.com",
                       "ja\tne@example.com",
                       "jane\x1b]52;c;aGk=\x07@example.com",
                       "jane\u202e@example.com",
                       "jane\u200b@example.com",
                       "jane@\u00a0example.com"}) {
        INFO('"' << email << '"');
        CHECK(error_from([&] { validate_email(email); }).code() == Exit::data);
    }
    CHECK(validate_email("o-brien_99%x@mail-1.example.ie") == "o-brien_99%x@mail-1.example.ie");
    CHECK(validate_email("ゆき@例え.jp") == "ゆき@例え.jp");
}

// ---- birth_date: a date field flagged past ---------------------------------------------------

namespace {
std::string birth_date(std::string_view text) {
    return canonical_text(*kind_named("client")->field("birth_date"), text, k_today);
}
} // namespace

TEST_CASE("birth_date: any accepted date form, stored as YYYY-MM-DD") {
    CHECK(birth_date("1985-06-01") == "1985-06-01");
    CHECK(birth_date("today") == "2026-03-15");
    CHECK(birth_date("-30y") == "1996-03-15");
}

TEST_CASE("birth_date: refuses a date after today and impossible dates") {
    auto future = error_from([] { birth_date("2026-03-16"); });
    CHECK(future.code() == Exit::data);
    CHECK_THAT(future.what(), Contains("\"2026-03-16\""));
    CHECK_THAT(future.what(), Contains("2026-03-15"));
    CHECK(error_from([] { birth_date("tomorrow"); }).code() == Exit::data);
    CHECK(error_from([] { birth_date("1990-02-30"); }).code() == Exit::data);
    CHECK(error_from([] { birth_date("01/02/1990"); }).code() == Exit::data);
}

// ---- validate_text ----------------------------------------------------------------------------

TEST_CASE("validate_text: keeps text exactly, newlines, quotes and emoji included") {
    std::string text = "Line one, \"quoted\"\nline two\ttabbed; 'SQL' -- 😀 李";
    CHECK(validate_text("notes", text) == text);
    CHECK(validate_text("notes", "") == "");
    CHECK(validate_text("notes", "  padded  ") == "  padded  ");
}

TEST_CASE("validate_text: refuses a NUL byte, naming the field") {
    auto error = error_from([] { validate_text("medical notes", std::string("abc\0def", 7)); });
    CHECK(error.code() == Exit::data);
    CHECK_THAT(error.what(), Contains("medical notes"));
    CHECK_THAT(error.what(), Contains("NUL"));
}

TEST_CASE("validate_text: refuses invalid UTF-8, naming the field") {
    for (auto text : {"caf\xE9", "\xC0\xAF", "\xED\xA0\x80", "\xE6\x9D", "\xFF"}) {
        auto error = error_from([&] { validate_text("notes", text); });
        CHECK(error.code() == Exit::data);
        CHECK_THAT(error.what(), Contains("notes"));
        CHECK_THAT(error.what(), Contains("UTF-8"));
    }
}

// ---- describe_hair_loss -----------------------------------------------------------------------

TEST_CASE("describe_hair_loss: scale capitalised, then the stage") {
    Client client;
    client.hair_loss_scale = "norwood";
    client.hair_loss_stage = "3A";
    CHECK(describe_hair_loss(client) == "Norwood 3A");
    client.hair_loss_scale = "ludwig";
    client.hair_loss_stage = "II";
    CHECK(describe_hair_loss(client) == "Ludwig II");
}

TEST_CASE("describe_hair_loss: empty when the scale or the stage is missing") {
    Client client;
    CHECK(describe_hair_loss(client).empty());
    client.hair_loss_scale = "norwood";
    CHECK(describe_hair_loss(client).empty());
    client.hair_loss_scale.reset();
    client.hair_loss_stage = "3";
    CHECK(describe_hair_loss(client).empty());
}

// ---- describe_candidates ----------------------------------------------------------------------

TEST_CASE("describe_candidates: names quoted with ids, \"or\" before the last") {
    CHECK(describe_candidates({}) == "");
    CHECK(describe_candidates({{12, "John Smith"}}) == "\"John Smith\" (12)");
    CHECK(describe_candidates({{12, "John Smith"}, {40, "Jonas Berg"}}) ==
          "\"John Smith\" (12) or \"Jonas Berg\" (40)");
    CHECK(describe_candidates({{1, "A"}, {2, "B"}, {3, "C"}}) ==
          "\"A\" (1), \"B\" (2) or \"C\" (3)");
}

TEST_CASE("describe_candidates: past the limit, \"and N more\"") {
    std::vector<Candidate> many;
    for (int i = 1; i <= 11; ++i)
        many.push_back({i, "Client " + std::to_string(i)});
    auto text = describe_candidates(many);
    CHECK_THAT(text, Contains("\"Client 8\" (8)"));
    CHECK_THAT(text, !Contains("\"Client 9\""));
    CHECK_THAT(text, Contains(" and 3 more"));
    CHECK_THAT(text, !Contains(" or "));
    CHECK(describe_candidates({{1, "A"}, {2, "B"}, {3, "C"}}, 2) ==
          "\"A\" (1), \"B\" (2) and 1 more");
    // Exactly at the limit: everything shown, no "more".
    many.resize(8);
    CHECK_THAT(describe_candidates(many), !Contains("more"));
    CHECK_THAT(describe_candidates(many), Contains(" or \"Client 8\" (8)"));
}

// ---- NearestNames -----------------------------------------------------------------------------

TEST_CASE("NearestNames: keeps names close to a mistyped reference") {
    NearestNames nearest("Jonh Smith");
    nearest.consider(1, "John Smith");
    nearest.consider(2, "Maria Garcia");
    nearest.consider(3, "Li Wei");
    CHECK(names(nearest.best()) == std::vector<std::string>{"John Smith"});
    CHECK(nearest.best().front().id == 1);
}

TEST_CASE("NearestNames: a close word of a longer name counts, case-insensitively") {
    NearestNames nearest("smyth");
    nearest.consider(7, "JOHN SMITH");
    nearest.consider(8, "Jane Doe");
    REQUIRE(nearest.best().size() == 1);
    CHECK(nearest.best().front().id == 7);
    CHECK(nearest.best().front().name == "JOHN SMITH"); // the name as stored, not folded
}

TEST_CASE("NearestNames: accents do not count as typos") {
    NearestNames nearest("jose");
    nearest.consider(1, "José Müller");
    CHECK(names(nearest.best()) == std::vector<std::string>{"José Müller"});
}

TEST_CASE("NearestNames: far names are ignored") {
    NearestNames nearest("Zbigniew");
    nearest.consider(1, "John Smith");
    nearest.consider(2, "Maria Garcia");
    nearest.consider(3, "Li");
    CHECK(nearest.best().empty());
}

TEST_CASE("NearestNames: the closest come first and only `keep` are kept") {
    NearestNames nearest("anna", 2);
    nearest.consider(1, "Hanna");  // 1 edit
    nearest.consider(2, "Anna");   // 0 edits
    nearest.consider(3, "Annika"); // 2 edits
    nearest.consider(4, "Ann");    // 1 edit
    auto best = nearest.best();
    REQUIRE(best.size() == 2);
    CHECK(best[0].id == 2);
    CHECK(best[1].id == 1); // ties keep the order they were seen in
}

// ---- is_id_reference --------------------------------------------------------------------------

TEST_CASE("is_id_reference: digits only") {
    CHECK(is_id_reference("1"));
    CHECK(is_id_reference("12"));
    CHECK(is_id_reference("007"));
    CHECK_FALSE(is_id_reference(""));
    CHECK_FALSE(is_id_reference("12a"));
    CHECK_FALSE(is_id_reference("-1"));
    CHECK_FALSE(is_id_reference("+1"));
    CHECK_FALSE(is_id_reference(" 12"));
    CHECK_FALSE(is_id_reference("1.5"));
    CHECK_FALSE(is_id_reference("John"));
    CHECK_FALSE(is_id_reference("١٢")); // Arabic-Indic digits are not ids
}

TEST_CASE("is_id_reference: a number too long for an id is not one") {
    CHECK(is_id_reference("123456789012345678"));         // 18 digits still fit an int64
    CHECK_FALSE(is_id_reference("99999999999999999999")); // 20 digits would overflow
}

TEST_CASE("validate_planned_sessions: a whole number from 1 to 20") {
    CHECK(validate_planned_sessions("1") == 1);
    CHECK(validate_planned_sessions("20") == 20);
    for (const char* bad : {"0", "21", "3.5", "-1", "", "three", "100"}) {
        auto error = error_from([&] { validate_planned_sessions(bad); });
        CHECK(error.code() == Exit::data);
        CHECK_THAT(error.what(), Contains("1 to 20"));
    }
}

TEST_CASE("validate_hair_loss_stage: the stage on its own scale, canonical spelling") {
    CHECK(validate_hair_loss_stage("Norwood", "3a") == "3A");
    CHECK(validate_hair_loss_stage("ludwig", "ii") == "II");
    CHECK_THAT(error_from([] { validate_hair_loss_stage("ludwig", "3A"); }).what(),
               Contains("Ludwig stage"));
    CHECK_THAT(error_from([] { validate_hair_loss_stage("hamilton", "3"); }).what(),
               Contains("hair loss scale"));
}
