#include <smp/domain/shade.hpp>
#include <smp/error.hpp>

#include <catch2/catch.hpp>

#include "../error_from.hpp"

#include <string>

using namespace smp;
using Catch::Matchers::Contains;
using smp::testing::error_from;

// ---- validate_lot_number ------------------------------------------------------------------------

TEST_CASE("validate_lot_number: kept as written, without surrounding spaces", "[lot]") {
    CHECK(validate_lot_number("A123") == "A123");
    CHECK(validate_lot_number("  l-1/2026 ") == "l-1/2026");
    CHECK(validate_lot_number("Charge Nº 7") == "Charge Nº 7");
}

TEST_CASE("validate_lot_number: empty, or with a colon or a comma, is refused", "[lot]") {
    for (std::string number : {"", "   ", "SHADE:L1", "L1,L2", ":", ","}) {
        auto error = error_from([&] { validate_lot_number(number); });
        CHECK(error.code() == Exit::data);
        CHECK_THAT(error.what(), Contains("invalid lot \"" + number + "\""));
    }
}

TEST_CASE("validate_lot_number: text that is not valid UTF-8 is refused", "[lot]") {
    CHECK(error_from([] { validate_lot_number("L\xff"); }).code() == Exit::data);
}

// ---- lot_number_key -----------------------------------------------------------------------------

TEST_CASE("lot_number_key: numbers differing only in case or accents are the same lot", "[lot]") {
    CHECK(lot_number_key("l-1") == lot_number_key("L-1"));
    CHECK(lot_number_key("CHARGE-É") == lot_number_key("charge-e"));
}

TEST_CASE("lot_number_key: other differences make another lot", "[lot]") {
    CHECK(lot_number_key("L-1") != lot_number_key("L1"));
    CHECK(lot_number_key("L-1") != lot_number_key("L-1 "));
}

// ---- stock ----------------------------------------------------------------------------------

TEST_CASE("parse_bottle_size: millilitres with or without the unit", "[lot]") {
    CHECK(parse_bottle_size("15ml") == 15);
    CHECK(parse_bottle_size("15 ml") == 15);
    CHECK(parse_bottle_size("15") == 15);
    CHECK(parse_bottle_size("7.5ML") == 7.5);
    for (std::string text : {"", "0", "0ml", "-15", "ml", "15 l", "1001", "big"}) {
        auto error = error_from([&] { parse_bottle_size(text); });
        CHECK(error.code() == Exit::data);
        CHECK_THAT(error.what(), Contains("\"" + text + "\""));
    }
}

TEST_CASE("parse_bottle_count: a whole number from 1 to 1000", "[lot]") {
    CHECK(parse_bottle_count("3") == 3);
    for (std::string text : {"", "0", "-1", "2.5", "1001", "three"}) {
        auto error = error_from([&] { parse_bottle_count(text); });
        CHECK(error.code() == Exit::data);
        CHECK_THAT(error.what(), Contains("\"" + text + "\""));
    }
}

namespace {
Lot stocked_lot() {
    Lot lot;
    lot.number = "B200";
    lot.shade_name = "Midnight";
    lot.expires_on = *parse_iso_date("2028-01-31");
    lot.bottles = 3;
    return lot;
}
Date day(const char* text) {
    return *parse_iso_date(text);
}
} // namespace

TEST_CASE("bottles_left: received less opened, unknown when not counted", "[lot]") {
    auto lot = stocked_lot();
    lot.bottles_opened = 2;
    CHECK(bottles_left(lot) == 1);
    lot.bottles_opened = 5;
    CHECK(bottles_left(lot) == 0);
    lot.bottles.reset();
    CHECK_FALSE(bottles_left(lot).has_value());
}

TEST_CASE("lot_concern: an opened bottle past its shelf life, like an expired lot", "[lot]") {
    auto lot = stocked_lot();
    Span twelve_months{0, 12, 0};
    CHECK_FALSE(lot_concern(lot, day("2027-01-01"), twelve_months));
    lot.last_opened_on = *parse_iso_date("2026-01-10");
    CHECK(format_date(*opened_bottle_expiry(lot, twelve_months)) == "2027-01-10");
    CHECK_FALSE(lot_concern(lot, day("2027-01-10"), twelve_months)); // its last day
    auto concern = lot_concern(lot, day("2027-01-11"), twelve_months);
    REQUIRE(concern);
    CHECK_THAT(*concern, Contains("B200") && Contains("2026-01-10") && Contains("2027-01-10"));
    lot.expires_on = *parse_iso_date("2026-12-31"); // the lot's own expiry comes first
    CHECK_THAT(*lot_concern(lot, day("2027-01-11"), twelve_months), Contains("expired on"));
}
