// libFuzzer target: the dilution and expiry parsers (smp/domain/shade.hpp) and the needle, money
// and measure parsers (smp/domain/session.hpp). Only smp::Error is an expected refusal.

#include "fuzz_check.hpp"

#include <smp/domain/session.hpp>
#include <smp/domain/shade.hpp>
#include <smp/error.hpp>

using smp::fuzz::check;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    auto text = smp::fuzz::as_text(data, size);

    try {
        auto dilution = smp::parse_dilution(text);
        (void)smp::format_dilution(dilution);
        auto mix = smp::mix_for(dilution, 3.5);
        (void)smp::format_ml(mix.pigment_ml);
        (void)smp::format_ml(mix.water_ml);
    } catch (const smp::Error&) {
    }

    try {
        (void)smp::format_date(smp::parse_expiry(text));
    } catch (const smp::Error&) {
    }

    try {
        auto needle = smp::parse_needle(text);
        auto written = smp::format_needle(needle);
        check(smp::parse_needle(written) == needle, "parse_needle round trip", text, written);
    } catch (const smp::Error&) {
    }

    try {
        auto minor = smp::parse_money(text);
        auto written = smp::format_money(minor);
        check(minor >= 0 && smp::parse_money(written) == minor, "parse_money round trip", text,
              written);
    } catch (const smp::Error&) {
    }

    try {
        double value = smp::parse_measure("depth", text, 10);
        check(value > 0 && value <= 10, "parse_measure keeps to (0, max]", text, "");
    } catch (const smp::Error&) {
    }
    return 0;
}
