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
