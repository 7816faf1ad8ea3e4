#include <smp/domain/choice.hpp>
#include <smp/domain/client.hpp>
#include <smp/domain/date.hpp>
#include <smp/domain/session.hpp>
#include <smp/domain/shade.hpp>
#include <smp/error.hpp>
#include <smp/util/sha256.hpp>

#include <catch2/catch.hpp>

#include "../error_from.hpp"

#include <chrono>
#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

using namespace smp;
using Catch::Matchers::Contains;
using smp::testing::error_from;

namespace {

Date day(int y, unsigned m, unsigned d) {
    return std::chrono::sys_days{std::chrono::year{y} / std::chrono::month{m} /
                                 std::chrono::day{d}};
}

std::vector<std::string> allowed_of(const Choice& choice) {
    std::vector<std::string> out;
    for (auto value : choice.allowed)
        out.emplace_back(value);
    return out;
}

Span days(int n) {
    return Span{0, 0, n};
}
Span months(int n) {
    return Span{0, n, 0};
}

// A client screened recently with nothing to worry about.
Client healthy_client() {
    Client client;
    client.id = 7;
    client.name = "Sam Okafor";
    client.screened_on = *parse_iso_date("2025-03-01");
    return client;
}

} // namespace

// ---------------------------------------------------------------------------------------------
// parse_money / format_money

TEST_CASE("parse_money: a whole amount is in minor units", "[session][money]") {
    CHECK(parse_money("120") == 12000);
    CHECK(parse_money("0") == 0);
    CHECK(parse_money("1200") == 120000);
}

TEST_CASE("parse_money: one or two decimal places", "[session][money]") {
    CHECK(parse_money("120.5") == 12050);
    CHECK(parse_money("120.50") == 12050);
    CHECK(parse_money("120.05") == 12005);
    CHECK(parse_money("0.99") == 99);
    CHECK(parse_money("1200.00") == 120000);
}

TEST_CASE("parse_money: commas separate thousands", "[session][money]") {
    CHECK(parse_money("1,200.00") == 120000);
    CHECK(parse_money("1,200") == 120000);
    CHECK(parse_money("12,345,678") == 1234567800);
    CHECK(parse_money("999,999.99") == 99999999);
}

TEST_CASE("parse_money: refuses a third decimal place", "[session][money]") {
    auto error = error_from([] { parse_money("12.345"); });
    CHECK(error.code() == Exit::data);
    CHECK_THAT(error.what(), Contains("12.345"));
    CHECK_THAT(error.what(), Contains("two decimal places"));
}

TEST_CASE("parse_money: refuses a misplaced thousands comma", "[session][money]") {
    for (std::string_view text :
         {"12,00", "1,2000", ",100", "1,,200", "1234,567", "1,200,00", "100,", "12,00.50"}) {
        INFO("amount: " << text);
        auto error = error_from([&] { parse_money(text); });
        CHECK(error.code() == Exit::data);
        CHECK_THAT(error.what(), Contains(std::string(text)));
    }
}

TEST_CASE("parse_money: refuses negative, empty and non-numeric amounts", "[session][money]") {
    for (std::string_view text : {"-5", "-5.00", "", "abc", "1.2.3", "12a", "120.", ".50", "1e3",
                                  "+5", "12.5x", " 120", "120 "}) {
        INFO("amount: \"" << text << "\"");
        CHECK(error_from([&] { parse_money(text); }).code() == Exit::data);
    }
}

TEST_CASE("parse_money: refuses spaces around a thousands comma, as it refuses them elsewhere",
          "[session][money]") {
    // " 120" and "120 " are refused above; a space next to a comma is no more an amount.
    for (std::string_view text : {"1, 200", "1 ,200.00", "1,200 ", " 1,200"}) {
        INFO("amount: \"" << text << "\"");
        CHECK(error_from([&] { parse_money(text); }).code() == Exit::data);
    }
}

TEST_CASE("parse_money: refuses an amount too large to hold", "[session][money]") {
    CHECK(parse_money("999999999999") == 99999999999900);
    CHECK(error_from([] { parse_money("1234567890123"); }).code() == Exit::data);
    CHECK(error_from([] { parse_money("99999999999999999999999"); }).code() == Exit::data);
}

TEST_CASE("format_money: two decimal places, no thousands separator", "[session][money]") {
    CHECK(format_money(0) == "0.00");
    CHECK(format_money(5) == "0.05");
    CHECK(format_money(99) == "0.99");
    CHECK(format_money(12000) == "120.00");
    CHECK(format_money(12050) == "120.50");
    CHECK(format_money(120050) == "1200.50");
}

TEST_CASE("format_money: round trip through parse_money", "[session][money]") {
    for (std::int64_t minor : {0LL, 1LL, 10LL, 12050LL, 120000LL, 1234567899LL}) {
        INFO("minor units: " << minor);
        CHECK(parse_money(format_money(minor)) == minor);
    }
}

// ---------------------------------------------------------------------------------------------
// parse_needle / format_needle

TEST_CASE("parse_needle: count, configuration and diameter kept apart", "[session][needle]") {
    CHECK(parse_needle("3RL-0.25") == Needle{3, "RL", 250});
    CHECK(parse_needle("5RS-0.3") == Needle{5, "RS", 300});
    CHECK(parse_needle("7RM-0.175") == Needle{7, "RM", 175});
    CHECK(parse_needle("3M1-0.30") == Needle{3, "M1", 300});
    CHECK(parse_needle("1F-0.18") == Needle{1, "F", 180});
    CHECK(parse_needle("12RL-0.35") == Needle{12, "RL", 350});
}

TEST_CASE("parse_needle: the configuration is upper-cased", "[session][needle]") {
    CHECK(parse_needle("1rl-0.20") == Needle{1, "RL", 200});
    CHECK(parse_needle("3Rs-0.25") == Needle{3, "RS", 250});
    CHECK(parse_needle("3m1-0.25") == Needle{3, "M1", 250});
}

TEST_CASE("parse_needle: diameter limits 0.10 to 0.50 mm", "[session][needle]") {
    CHECK(parse_needle("1RL-0.10").diameter_micrometres == 100);
    CHECK(parse_needle("1RL-0.50").diameter_micrometres == 500);
    CHECK(error_from([] { parse_needle("1RL-0.09"); }).code() == Exit::data);
    CHECK(error_from([] { parse_needle("1RL-0.51"); }).code() == Exit::data);
}

TEST_CASE("parse_needle: refuses malformed needles", "[session][needle]") {
    for (std::string_view text :
         {"3RL", "RL-0.25", "3XX-0.25", "3RL-1.0", "0RL-0.25", "3RL-0.05", "", "-0.25", "3RL-",
          "3RL-0.", "3RL-.25", "3RL-0.2500", "100RL-0.25", "3 RL-0.25", "3RL-0,25", "3-0.25"}) {
        INFO("needle: \"" << text << "\"");
        auto error = error_from([&] { parse_needle(text); });
        CHECK(error.code() == Exit::data);
        CHECK_THAT(error.what(), Contains("\"" + std::string(text) + "\""));
    }
}

TEST_CASE("format_needle: as practitioners write it", "[session][needle]") {
    CHECK(format_needle(Needle{3, "RL", 250}) == "3RL-0.25");
    CHECK(format_needle(Needle{1, "RL", 200}) == "1RL-0.20");
    CHECK(format_needle(Needle{5, "RS", 300}) == "5RS-0.30");
    CHECK(format_needle(Needle{7, "RM", 175}) == "7RM-0.175");
    CHECK(format_needle(Needle{1, "F", 100}) == "1F-0.10");
}

TEST_CASE("format_needle: round trip through parse_needle", "[session][needle]") {
    for (std::string_view text : {"3RL-0.25", "1RL-0.20", "7RM-0.175", "12M1-0.35", "1F-0.50"})
        CHECK(format_needle(parse_needle(text)) == text);
    CHECK(format_needle(parse_needle("1rl-0.2")) == "1RL-0.20");
    CHECK(format_needle(parse_needle("5RS-0.3")) == "5RS-0.30");
    for (const Needle& needle :
         {Needle{3, "RL", 250}, Needle{7, "RM", 175}, Needle{1, "F", 100}, Needle{5, "RS", 305}})
        CHECK(parse_needle(format_needle(needle)) == needle);
}

// ---------------------------------------------------------------------------------------------
// Courses and kind defaults

TEST_CASE("default_session_kind: course while the course has room", "[session][course]") {
    CHECK(default_session_kind(CourseState{3, 0, 0, false}) == SessionKind::course);
    CHECK(default_session_kind(CourseState{3, 2, 0, false}) == SessionKind::course);
    CHECK(default_session_kind(CourseState{3, 1, 1, false}) == SessionKind::course);
    CHECK(default_session_kind(CourseState{3, 0, 2, false}) == SessionKind::course);
    CHECK(default_session_kind(CourseState{1, 0, 0, false}) == SessionKind::course);
}

TEST_CASE("default_session_kind: touch-up once done and booked sessions fill the plan",
          "[session][course]") {
    CHECK(default_session_kind(CourseState{3, 3, 0, false}) == SessionKind::touchup);
    CHECK(default_session_kind(CourseState{3, 2, 1, false}) == SessionKind::touchup);
    CHECK(default_session_kind(CourseState{3, 0, 3, false}) == SessionKind::touchup);
    CHECK(default_session_kind(CourseState{3, 4, 0, false}) == SessionKind::touchup);
    CHECK(default_session_kind(CourseState{1, 1, 0, false}) == SessionKind::touchup);
}

TEST_CASE("default_session_kind: touch-up after a finalised course", "[session][course]") {
    CHECK(default_session_kind(CourseState{3, 1, 0, true}) == SessionKind::touchup);
    CHECK(default_session_kind(CourseState{5, 0, 0, true}) == SessionKind::touchup);
}

TEST_CASE("CourseState: defaults to a plan of three with nothing done", "[session][course]") {
    CourseState state;
    CHECK(state.planned == 3);
    CHECK(state.done == 0);
    CHECK(state.scheduled == 0);
    CHECK_FALSE(state.finalised);
    CHECK_FALSE(state.finished());
}

TEST_CASE("CourseState::finished: planned sessions done, or finalised", "[session][course]") {
    CHECK_FALSE(CourseState{3, 2, 0, false}.finished());
    CHECK(CourseState{3, 3, 0, false}.finished());
    CHECK(CourseState{3, 4, 0, false}.finished());
    CHECK(CourseState{3, 1, 0, true}.finished());
    CHECK(CourseState{3, 0, 0, true}.finished());
}

TEST_CASE("CourseState::finished: booked sessions do not finish a course", "[session][course]") {
    CHECK_FALSE(CourseState{3, 2, 1, false}.finished());
    CHECK_FALSE(CourseState{3, 0, 3, false}.finished());
}

// ---------------------------------------------------------------------------------------------
// gap_warning

TEST_CASE("gap_warning: six days after the previous session warns with both dates",
          "[session][gap]") {
    auto warning = gap_warning(day(2026, 3, 2), day(2026, 3, 8), days(7));
    REQUIRE(warning);
    CHECK_THAT(*warning, Contains("2026-03-02"));
    CHECK_THAT(*warning, Contains("2026-03-08"));
    CHECK_THAT(*warning, Contains("6 days"));
}

TEST_CASE("gap_warning: exactly the minimum gap does not warn", "[session][gap]") {
    CHECK_FALSE(gap_warning(day(2026, 3, 2), day(2026, 3, 9), days(7)));
    CHECK_FALSE(gap_warning(day(2026, 3, 2), day(2026, 3, 30), days(7)));
}

TEST_CASE("gap_warning: a session on the same day as the previous one warns", "[session][gap]") {
    auto warning = gap_warning(day(2026, 3, 2), day(2026, 3, 2), days(7));
    REQUIRE(warning);
    CHECK_THAT(*warning, Contains("2026-03-02"));
}

TEST_CASE("gap_warning: a session before the previous one does not warn", "[session][gap]") {
    CHECK_FALSE(gap_warning(day(2026, 3, 8), day(2026, 3, 2), days(7)));
    CHECK_FALSE(gap_warning(day(2026, 3, 8), day(2026, 3, 7), days(7)));
}

TEST_CASE("gap_warning: a day gap across a month end", "[session][gap]") {
    auto warning = gap_warning(day(2026, 1, 28), day(2026, 2, 3), days(7));
    REQUIRE(warning);
    CHECK_THAT(*warning, Contains("2026-01-28"));
    CHECK_THAT(*warning, Contains("2026-02-03"));
    CHECK_FALSE(gap_warning(day(2026, 1, 28), day(2026, 2, 4), days(7)));
    // Across a year end, and across a leap day.
    CHECK(gap_warning(day(2025, 12, 28), day(2026, 1, 3), days(7)));
    CHECK_FALSE(gap_warning(day(2025, 12, 28), day(2026, 1, 4), days(7)));
    CHECK(gap_warning(day(2024, 2, 25), day(2024, 3, 2), days(7)));
    CHECK_FALSE(gap_warning(day(2024, 2, 25), day(2024, 3, 3), days(7)));
}

TEST_CASE("gap_warning: a month gap from the 31st ends on the last day of the next month",
          "[session][gap]") {
    // 2026-01-31 + 1mo = 2026-02-28 (clamped), so the 27th warns and the 28th does not.
    CHECK(gap_warning(day(2026, 1, 31), day(2026, 2, 27), months(1)));
    CHECK_FALSE(gap_warning(day(2026, 1, 31), day(2026, 2, 28), months(1)));
    // In a leap year the month ends on the 29th.
    CHECK(gap_warning(day(2024, 1, 31), day(2024, 2, 28), months(1)));
    CHECK_FALSE(gap_warning(day(2024, 1, 31), day(2024, 2, 29), months(1)));
}

TEST_CASE("gap_warning: the message names the minimum gap", "[session][gap]") {
    auto warning = gap_warning(day(2026, 3, 2), day(2026, 3, 5), days(10));
    REQUIRE(warning);
    CHECK_THAT(*warning, Contains("10d"));
    CHECK_THAT(*warning, Contains("3 days"));
}

// ---------------------------------------------------------------------------------------------
// pre_session_concerns

TEST_CASE("pre_session_concerns: none when all is well", "[session][screening]") {
    CHECK(pre_session_concerns(healthy_client(), true, day(2025, 6, 1), months(12)).empty());
}

TEST_CASE("pre_session_concerns: no treatment consent on record", "[session][screening]") {
    auto concerns = pre_session_concerns(healthy_client(), false, day(2025, 6, 1), months(12));
    REQUIRE(concerns.size() == 1);
    CHECK_THAT(concerns[0], Contains("treatment consent"));
    CHECK_THAT(concerns[0], Contains("Sam Okafor"));
}

TEST_CASE("pre_session_concerns: a client never screened", "[session][screening]") {
    auto client = healthy_client();
    client.screened_on.reset();
    auto concerns = pre_session_concerns(client, true, day(2025, 6, 1), months(12));
    REQUIRE(concerns.size() == 1);
    CHECK_THAT(concerns[0], Contains("never been screened"));
}

TEST_CASE("pre_session_concerns: screening older than the maximum age on the session date",
          "[session][screening]") {
    auto client = healthy_client(); // screened 2025-03-01
    auto concerns = pre_session_concerns(client, true, day(2026, 3, 2), months(12));
    REQUIRE(concerns.size() == 1);
    CHECK_THAT(concerns[0], Contains("2025-03-01"));
    CHECK_THAT(concerns[0], Contains("12mo"));
}

TEST_CASE("pre_session_concerns: screening exactly the maximum age old is still fine",
          "[session][screening]") {
    auto client = healthy_client(); // screened 2025-03-01
    CHECK(pre_session_concerns(client, true, day(2026, 3, 1), months(12)).empty());
    CHECK(pre_session_concerns(client, true, day(2026, 3, 1), Span{1, 0, 0}).empty());
    CHECK(pre_session_concerns(client, true, day(2026, 3, 2), Span{1, 0, 0}).size() == 1);
    // Days as the age: 2025-03-01 + 30d = 2025-03-31.
    CHECK(pre_session_concerns(client, true, day(2025, 3, 31), days(30)).empty());
    CHECK(pre_session_concerns(client, true, day(2025, 4, 1), days(30)).size() == 1);
}

TEST_CASE("pre_session_concerns: the age is measured from the session date, not today",
          "[session][screening]") {
    auto client = healthy_client(); // screened 2025-03-01
    // A session booked far ahead is judged on its own date.
    CHECK(pre_session_concerns(client, true, day(2027, 1, 1), months(12)).size() == 1);
    CHECK(pre_session_concerns(client, true, day(2025, 3, 1), months(12)).empty());
}

TEST_CASE("pre_session_concerns: a screening on a leap day ages to the end of February",
          "[session][screening]") {
    auto client = healthy_client();
    client.screened_on = *parse_iso_date("2024-02-29");
    CHECK(pre_session_concerns(client, true, day(2025, 2, 28), months(12)).empty());
    CHECK(pre_session_concerns(client, true, day(2025, 3, 1), months(12)).size() == 1);
}

TEST_CASE("pre_session_concerns: contraindications are listed", "[session][screening]") {
    auto client = healthy_client();
    client.contraindications = {"keloid", "anticoagulants"};
    auto concerns = pre_session_concerns(client, true, day(2025, 6, 1), months(12));
    REQUIRE(concerns.size() == 1);
    CHECK_THAT(concerns[0], Contains("keloid"));
    CHECK_THAT(concerns[0], Contains("anticoagulants"));
}

TEST_CASE("pre_session_concerns: every concern at once", "[session][screening]") {
    auto client = healthy_client();
    client.contraindications = {"pregnant"};
    auto concerns = pre_session_concerns(client, false, day(2026, 6, 1), months(12));
    REQUIRE(concerns.size() == 3);
    CHECK_THAT(concerns[0], Contains("treatment consent"));
    CHECK_THAT(concerns[1], Contains("2025-03-01"));
    CHECK_THAT(concerns[2], Contains("pregnant"));
}

// ---------------------------------------------------------------------------------------------
// parse_measure

TEST_CASE("parse_measure: a decimal above zero and at most the maximum", "[session][measure]") {
    CHECK(parse_measure("depth", "1.2", 3.0) == Approx(1.2));
    CHECK(parse_measure("depth", "3", 3.0) == Approx(3.0));
    CHECK(parse_measure("voltage", "8.5", 20.0) == Approx(8.5));
    CHECK(parse_measure("depth", "0.01", 3.0) == Approx(0.01));
}

TEST_CASE("parse_measure: refuses zero, negatives, too large and non-numbers, naming the field",
          "[session][measure]") {
    for (std::string_view text :
         {"0", "-1", "3.01", "", "abc", "1.2mm", "nan", "inf", " 1", "1,5"}) {
        INFO("measure: \"" << text << "\"");
        auto error = error_from([&] { parse_measure("depth", text, 3.0); });
        CHECK(error.code() == Exit::data);
        CHECK_THAT(error.what(), Contains("depth"));
    }
}

// ---------------------------------------------------------------------------------------------
// Choice sets

TEST_CASE("choices::session_status: scheduled, done, cancelled, no-show", "[session][choices]") {
    CHECK(allowed_of(choices::session_status) ==
          std::vector<std::string>{"scheduled", "done", "cancelled", "no-show"});
    CHECK(choices::session_status.parse("No-Show") == "no-show");
    CHECK(choices::session_status.parse("DONE") == "done");
    auto error = error_from([] { choices::session_status.parse("pending"); });
    CHECK(error.code() == Exit::data);
    CHECK_THAT(error.what(), Contains("pending"));
    CHECK_THAT(error.what(), Contains("no-show"));
}

TEST_CASE("choices::session_kind: course, touchup, correction, consult", "[session][choices]") {
    CHECK(allowed_of(choices::session_kind) ==
          std::vector<std::string>{"course", "touchup", "correction", "consult"});
    CHECK(choices::session_kind.parse("TouchUp") == "touchup");
    CHECK(error_from([] { choices::session_kind.parse("touch-up-ish"); }).code() == Exit::data);
}

TEST_CASE("choices::area: the scalp areas", "[session][choices]") {
    CHECK(allowed_of(choices::area) ==
          std::vector<std::string>{"hairline", "temples", "frontal", "mid-scalp", "crown", "sides",
                                   "back", "fut-scar", "fue-scars", "other-scar", "density"});
    CHECK(choices::area.parse("FUT-Scar") == "fut-scar");
    auto error = error_from([] { choices::area.parse("eyebrows"); });
    CHECK(error.code() == Exit::data);
    CHECK_THAT(error.what(), Contains("eyebrows"));
    CHECK_THAT(error.what(), Contains("hairline"));
}

TEST_CASE("choices::area: a comma-separated or repeated list, duplicates dropped",
          "[session][choices]") {
    CHECK(parse_choices(choices::area, {"crown,Temples", "crown", "hairline"}) ==
          std::vector<std::string>{"crown", "temples", "hairline"});
    CHECK(error_from([] { parse_choices(choices::area, {"crown,nose"}); }).code() == Exit::data);
}

TEST_CASE("choices::consent_kind: treatment, photo, data, marketing", "[session][choices]") {
    CHECK(allowed_of(choices::consent_kind) ==
          std::vector<std::string>{"treatment", "photo", "data", "marketing"});
    CHECK(choices::consent_kind.parse("Photo") == "photo");
    CHECK(error_from([] { choices::consent_kind.parse("medical"); }).code() == Exit::data);
}

// ---------------------------------------------------------------------------------------------
// SHA-256

TEST_CASE("sha256: FIPS 180-4 test vectors", "[session][sha256]") {
    CHECK(sha256_hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    CHECK(sha256_hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    CHECK(sha256_hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq") ==
          "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
    CHECK(sha256_hex(
              "abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopq"
              "klmnopqrlmnopqrsmnopqrstnopqrstu") ==
          "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1");
}

TEST_CASE("sha256: one million 'a'", "[session][sha256]") {
    CHECK(sha256_hex(std::string(1000000, 'a')) ==
          "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

TEST_CASE("sha256: padding at the block boundaries", "[session][sha256]") {
    // Lengths where the length field just fits, just does not, and fills whole blocks.
    struct Vector {
        std::size_t length;
        const char* digest;
    };
    const Vector vectors[] = {
        {55, "9f4390f8d30c2dd92ec9f095b65e2b9ae9b0a925a5258e241c9f1e910f734318"},
        {56, "b35439a4ac6f0948b6d6f9e3c6af0f5f590ce20f1bde7090ef7970686ec6738a"},
        {63, "7d3e74a05d7db15bce4ad9ec0658ea98e3f06eeecf16b4c6fff2da457ddc2f34"},
        {64, "ffe054fe7ae0cb6dc65c3af9b61d5209f439851db43d0ba5997337df154668eb"},
        {65, "635361c48bb9eab14198e76ea8ab7f1a41685d6ad62aa9146d301d4f17eb0ae0"},
        {119, "31eba51c313a5c08226adf18d4a359cfdfd8d2e816b13f4af952f7ea6584dcfb"},
        {120, "2f3d335432c70b580af0e8e1b3674a7c020d683aa5f73aaaedfdc55af904c21c"},
        {128, "6836cf13bac400e9105071cd6af47084dfacad4e5e302c94bfed24e013afb73e"},
    };
    for (const auto& vector : vectors) {
        INFO("length " << vector.length);
        CHECK(sha256_hex(std::string(vector.length, 'a')) == vector.digest);
    }
}

TEST_CASE("sha256: bytes with the high bit set", "[session][sha256]") {
    std::string bytes;
    for (int i = 0; i < 256; ++i)
        bytes += static_cast<char>(i);
    CHECK(sha256_hex(bytes) == "40aff2e9d2d8922e47afd4648e6967497158785fbd1da870e7110266bf944880");
}

TEST_CASE("sha256: update() in pieces equals one update", "[session][sha256]") {
    std::string message;
    for (int i = 0; i < 1000; ++i)
        message += static_cast<char>('a' + i % 26);
    auto whole = sha256_hex(message);
    for (std::size_t piece :
         {std::size_t{1}, std::size_t{3}, std::size_t{55}, std::size_t{63}, std::size_t{64},
          std::size_t{65}, std::size_t{127}, std::size_t{999}}) {
        INFO("piece size " << piece);
        Sha256 hash;
        for (std::size_t at = 0; at < message.size(); at += piece)
            hash.update(std::string_view(message).substr(at, piece));
        CHECK(hash.hex_digest() == whole);
    }
    // Empty updates change nothing.
    Sha256 hash;
    hash.update("");
    hash.update("ab");
    hash.update("");
    hash.update("c");
    CHECK(hash.hex_digest() == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST_CASE("parse_pain: a whole number from 0 to 10", "[session]") {
    CHECK(parse_pain("0") == 0);
    CHECK(parse_pain("10") == 10);
    for (const char* bad : {"11", "-1", "", "4.5", "ten", "007"}) {
        auto error = error_from([&] { parse_pain(bad); });
        CHECK(error.code() == Exit::data);
        CHECK_THAT(error.what(), Contains("0 to 10"));
    }
}

TEST_CASE("validate_shade_name: trimmed, and never empty", "[shade]") {
    CHECK(validate_shade_name("  Onyx ") == "Onyx");
    CHECK_THAT(error_from([] { validate_shade_name("  "); }).what(), Contains("needs a name"));
    CHECK(error_from([] { validate_shade_name("Bad\xff"); }).code() == Exit::data);
}

TEST_CASE("session status and kind: each enum value is its documented word", "[session]") {
    // The enums' order is the choices' order: a word added to one and not the other fails.
    const auto& statuses = choices::session_status.allowed;
    REQUIRE(statuses.size() == 4);
    for (std::size_t i = 0; i < statuses.size(); ++i) {
        auto status = static_cast<SessionStatus>(i);
        CHECK(session_status_name(status) == statuses[i]);
        CHECK(parse_session_status(statuses[i]) == status);
    }
    const auto& kinds = choices::session_kind.allowed;
    REQUIRE(kinds.size() == 4);
    for (std::size_t i = 0; i < kinds.size(); ++i) {
        auto kind = static_cast<SessionKind>(i);
        CHECK(session_kind_name(kind) == kinds[i]);
        CHECK(parse_session_kind(kinds[i]) == kind);
    }
    CHECK(session_status_name(SessionStatus::no_show) == "no-show");
    CHECK(parse_session_status("No-Show") == SessionStatus::no_show); // as typed
    CHECK_THROWS_WITH(parse_session_status("gone"), Catch::Contains("\"gone\""));
}
