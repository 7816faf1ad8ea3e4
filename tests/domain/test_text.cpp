#include <smp/error.hpp>
#include <smp/util/text.hpp>
#include <smp/util/uuid.hpp>

#include <catch2/catch.hpp>

#include <set>
#include <string>

using namespace smp;

namespace {

// Builds a string from raw bytes (for malformed UTF-8 the compiler would not let us write).
std::string bytes(std::initializer_list<unsigned> values) {
    std::string out;
    for (unsigned value : values)
        out += static_cast<char>(value);
    return out;
}

bool is_lower_hex(char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
}

} // namespace

// ---- is_valid_utf8 ----------------------------------------------------------------------------

TEST_CASE("is_valid_utf8: accepts ASCII and well-formed multi-byte sequences") {
    CHECK(is_valid_utf8(""));
    CHECK(is_valid_utf8("Jane Doe, 42"));
    CHECK(is_valid_utf8("José Müller"));          // 2-byte
    CHECK(is_valid_utf8("李小龙"));               // 3-byte
    CHECK(is_valid_utf8("\xF0\x9F\x98\x80"));     // 4-byte emoji U+1F600
    CHECK(is_valid_utf8("\xEF\xBF\xBD"));         // a genuine U+FFFD
    CHECK(is_valid_utf8("\xF4\x8F\xBF\xBF"));     // U+10FFFF, the last code point
    CHECK(is_valid_utf8("\xED\x9F\xBF"));         // U+D7FF, just below the surrogates
    CHECK(is_valid_utf8("\xEE\x80\x80"));         // U+E000, just above them
    CHECK(is_valid_utf8(std::string("a\0b", 3))); // NUL is valid UTF-8 (refused elsewhere)
}

TEST_CASE("is_valid_utf8: refuses overlong encodings") {
    CHECK_FALSE(is_valid_utf8(bytes({0xC0, 0xAF}))); // '/' in 2 bytes
    CHECK_FALSE(is_valid_utf8(bytes({0xC1, 0xBF})));
    CHECK_FALSE(is_valid_utf8(bytes({0xC0, 0x80})));             // NUL in 2 bytes
    CHECK_FALSE(is_valid_utf8(bytes({0xE0, 0x80, 0xAF})));       // '/' in 3 bytes
    CHECK_FALSE(is_valid_utf8(bytes({0xE0, 0x9F, 0xBF})));       // U+07FF in 3 bytes
    CHECK_FALSE(is_valid_utf8(bytes({0xF0, 0x80, 0x80, 0xAF}))); // '/' in 4 bytes
    CHECK_FALSE(is_valid_utf8(bytes({0xF0, 0x8F, 0xBF, 0xBF}))); // U+FFFF in 4 bytes
}

TEST_CASE("is_valid_utf8: refuses UTF-16 surrogates encoded as UTF-8") {
    CHECK_FALSE(is_valid_utf8(bytes({0xED, 0xA0, 0x80})));                   // U+D800
    CHECK_FALSE(is_valid_utf8(bytes({0xED, 0xBF, 0xBF})));                   // U+DFFF
    CHECK_FALSE(is_valid_utf8(bytes({0xED, 0xA0, 0xBD, 0xED, 0xB8, 0x80}))); // CESU-8 pair
}

TEST_CASE("is_valid_utf8: refuses truncated sequences") {
    CHECK_FALSE(is_valid_utf8(bytes({0xC3}))); // "é" cut after its lead byte
    CHECK_FALSE(is_valid_utf8("Jos" + bytes({0xC3})));
    CHECK_FALSE(is_valid_utf8(bytes({0xE6, 0x9D})));       // "李" cut short
    CHECK_FALSE(is_valid_utf8(bytes({0xF0, 0x9F, 0x98}))); // emoji cut short
    CHECK_FALSE(is_valid_utf8(bytes({0xC3, 0x41})));       // continuation replaced by 'A'
    CHECK_FALSE(is_valid_utf8(bytes({0xE6, 0x9D, 0x41})));
}

TEST_CASE("is_valid_utf8: refuses stray continuation bytes and impossible lead bytes") {
    CHECK_FALSE(is_valid_utf8(bytes({0x80})));
    CHECK_FALSE(is_valid_utf8("a" + bytes({0xBF}) + "b"));
    CHECK_FALSE(is_valid_utf8(bytes({0xFE})));
    CHECK_FALSE(is_valid_utf8(bytes({0xFF})));
    CHECK_FALSE(is_valid_utf8(bytes({0xF8, 0x88, 0x80, 0x80, 0x80}))); // old 5-byte form
    CHECK_FALSE(is_valid_utf8(bytes({0xF4, 0x90, 0x80, 0x80})));       // U+110000, past the end
    CHECK_FALSE(is_valid_utf8(bytes({0xF5, 0x80, 0x80, 0x80})));
    CHECK_FALSE(is_valid_utf8(bytes({0xE9}) + "t" + bytes({0xE9}))); // Latin-1 "été"
}

// ---- decode_utf8 / append_utf8 ----------------------------------------------------------------

TEST_CASE("decode_utf8: code points, with U+FFFD for invalid bytes") {
    CHECK(decode_utf8("aé李😀") == std::vector<char32_t>{U'a', U'é', U'李', U'😀'});
    CHECK(decode_utf8("a" + bytes({0xFF}) + "b") == std::vector<char32_t>{U'a', 0xFFFD, U'b'});
    CHECK(decode_utf8("").empty());
}

TEST_CASE("append_utf8: encodes 1- to 4-byte code points") {
    std::string out;
    for (char32_t cp : {U'a', U'é', U'李', U'😀'})
        append_utf8(out, cp);
    CHECK(out == "aé李😀");
}

// ---- fold_case ------------------------------------------------------------------------------

TEST_CASE("fold_case: ASCII letters are lower-cased, the rest kept") {
    CHECK(fold_case("") == "");
    CHECK(fold_case("Jane DOE") == "jane doe");
    CHECK(fold_case("already lower") == "already lower");
    CHECK(fold_case("O'Brien-Smith 42 @x.COM") == "o'brien-smith 42 @x.com");
}

TEST_CASE("fold_case: Latin-1 capitals fold and accents are dropped") {
    CHECK(fold_case("JOSÉ") == "jose");
    CHECK(fold_case("José") == "jose");
    CHECK(fold_case("jose") == "jose");
    CHECK(fold_case("Müller") == "muller");
    CHECK(fold_case("MÜLLER") == "muller");
    CHECK(fold_case("François") == "francois");
    CHECK(fold_case("ÑANDÚ") == "nandu");
    CHECK(fold_case("Ærø") == fold_case("ærø"));
    CHECK(fold_case("Øyvind") == "oyvind");
    CHECK(fold_case("Ÿ") == fold_case("ÿ")); // U+0178 is the capital of U+00FF
}

TEST_CASE("fold_case: Latin Extended-A capitals fold to their small letters") {
    CHECK(fold_case("ŁÓDŹ") == "łodź");
    CHECK(fold_case("ŁÓDŹ") == fold_case("łódź"));
    CHECK(fold_case("ČEŠKA") == "češka");
    CHECK(fold_case("ŒUVRE") == "œuvre");
    CHECK(fold_case("Ĳssel") == "ĳssel");
}

TEST_CASE("fold_case: Cyrillic and Greek capitals fold to their small letters") {
    CHECK(fold_case("ИВАН") == "иван");
    CHECK(fold_case("Иван Петров") == "иван петров");
    CHECK(fold_case("ЁЖИК") == "ёжик"); // U+0401 and friends sit outside the main block
    CHECK(fold_case("ЇЖАК") == "їжак");
    CHECK(fold_case("ΣΟΦΙΑ") == "σοφια");
    CHECK(fold_case("ΑΒΓΔΩ") == "αβγδω");
}

TEST_CASE("fold_case: characters without case pass through, invalid bytes become U+FFFD") {
    CHECK(fold_case("李小龙") == "李小龙");
    CHECK(fold_case("😀 OK") == "😀 ok");
    CHECK(fold_case("A" + bytes({0xFF})) == "a\xEF\xBF\xBD");
}

// ---- display_width --------------------------------------------------------------------------

TEST_CASE("display_width: one column per Latin letter, precomposed accents included") {
    CHECK(display_width("") == 0);
    CHECK(display_width("Jane") == 4);
    CHECK(display_width("José Müller") == 11);
    CHECK(display_width("Иван") == 4);
    CHECK(display_width("…") == 1);
}

TEST_CASE("display_width: wide East Asian characters take two columns") {
    CHECK(display_width("李小龙") == 6);
    CHECK(display_width("李 Li") == 5);
    CHECK(display_width("한국") == 4);
    CHECK(display_width("カタカナ") == 8);
    CHECK(display_width("ＡＢ") == 4); // fullwidth Latin
}

TEST_CASE("display_width: emoji take two columns") {
    CHECK(display_width("😀") == 2);
    CHECK(display_width("👍") == 2);
    CHECK(display_width("a😀b") == 4);
    CHECK(display_width("👍🏽") == 2); // a skin-tone modifier adds nothing
}

TEST_CASE("display_width: combining marks and zero-width characters take no column") {
    CHECK(display_width("\u0301") == 0);     // combining acute accent alone
    CHECK(display_width("Jose\u0301") == 4); // decomposed "José"
    CHECK(display_width("e\u0301\u0308") == 1);
    CHECK(display_width("a\u200Bb") == 2); // zero-width space
    CHECK(display_width("\u200D") == 0);   // zero-width joiner
    CHECK(display_width("\uFE0F") == 0);   // variation selector
}

// ---- edit_distance --------------------------------------------------------------------------

TEST_CASE("edit_distance: insertions, deletions and substitutions, on code points") {
    CHECK(edit_distance("", "") == 0);
    CHECK(edit_distance("abc", "abc") == 0);
    CHECK(edit_distance("", "abc") == 3);
    CHECK(edit_distance("abc", "") == 3);
    CHECK(edit_distance("kitten", "sitting") == 3);
    CHECK(edit_distance("jon", "john") == 1);
    CHECK(edit_distance("john", "jonh") == 2);
    CHECK(edit_distance("smith", "smyth") == 1);
    CHECK(edit_distance("josé", "jose") == 1); // é is one code point, not two bytes
    CHECK(edit_distance("李小龙", "李小") == 1);
    CHECK(edit_distance("flaw", "lawn") == edit_distance("lawn", "flaw"));
}

// ---- trim / split_list ----------------------------------------------------------------------

TEST_CASE("trim: removes leading and trailing ASCII white space only") {
    CHECK(trim("") == "");
    CHECK(trim("   ") == "");
    CHECK(trim("abc") == "abc");
    CHECK(trim("  a b  ") == "a b");
    CHECK(trim("\t\r\n a\n") == "a");
    CHECK(trim("\v\fa\f\v") == "a");
    CHECK(trim("\xC2\xA0"
               "a") == "\xC2\xA0"
                       "a"); // no-break space is not ASCII space
}

TEST_CASE("split_list: splits on the separator, trims and drops empty parts") {
    CHECK(split_list("a,b, c") == std::vector<std::string>{"a", "b", "c"});
    CHECK(split_list("") == std::vector<std::string>{});
    CHECK(split_list(" , ,") == std::vector<std::string>{});
    CHECK(split_list(",a,,b,") == std::vector<std::string>{"a", "b"});
    CHECK(split_list("single") == std::vector<std::string>{"single"});
    CHECK(split_list("  keloid  ") == std::vector<std::string>{"keloid"});
    CHECK(split_list("John  Smith", ' ') == std::vector<std::string>{"John", "Smith"});
    CHECK(split_list("a;b,c", ';') == std::vector<std::string>{"a", "b,c"});
}

// ---- new_uuid -------------------------------------------------------------------------------

TEST_CASE("new_uuid: canonical lower-case 8-4-4-4-12 version-4 form") {
    for (int i = 0; i < 100; ++i) {
        auto uuid = new_uuid();
        INFO(uuid);
        REQUIRE(uuid.size() == 36);
        for (std::size_t pos = 0; pos < uuid.size(); ++pos) {
            if (pos == 8 || pos == 13 || pos == 18 || pos == 23)
                CHECK(uuid[pos] == '-');
            else
                CHECK(is_lower_hex(uuid[pos]));
        }
        CHECK(uuid[14] == '4');                                         // version nibble
        CHECK(std::string("89ab").find(uuid[19]) != std::string::npos); // RFC 4122 variant
    }
}

TEST_CASE("new_uuid: two calls differ") {
    CHECK(new_uuid() != new_uuid());
    std::set<std::string> seen;
    for (int i = 0; i < 1000; ++i)
        seen.insert(new_uuid());
    CHECK(seen.size() == 1000);
}

TEST_CASE("validate_uuid: 8-4-4-4-12 hex digits, any case, lower-cased") {
    CHECK(validate_uuid(" 0D88F83D-2549-4318-8A61-44A7C157120D ") ==
          "0d88f83d-2549-4318-8a61-44a7c157120d");
    CHECK(validate_uuid(new_uuid()).size() == 36);
    for (const char* bad : {"", "0d88f83d25494318", "0d88f83d-2549-4318-8a61-44a7c157120g",
                            "0d88f83d-2549-4318-8a61_44a7c157120d"})
        CHECK_THROWS_AS(validate_uuid(bad), smp::Error);
}

TEST_CASE("parse_yes_no: the spellings spreadsheets and exports use") {
    for (const char* yes : {"true", "TRUE", "yes", "Y", "1", " yes "})
        CHECK(parse_yes_no("final", yes));
    for (const char* no : {"false", "No", "n", "0"})
        CHECK_FALSE(parse_yes_no("final", no));
    CHECK_THROWS_WITH(parse_yes_no("final", "maybe"),
                      Catch::Matchers::Contains("invalid final \"maybe\""));
}
