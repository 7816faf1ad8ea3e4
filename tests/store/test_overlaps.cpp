#include <smp/cli/bookings.hpp>

#include <catch2/catch.hpp>

#include <algorithm>
#include <random>
#include <vector>

using smp::cli::all_overlaps;
using smp::cli::overlapping_bookings;
using smp::store::Booking;

namespace {

// A day of bookings in the order the agenda reads them: untimed first, then by start, then id.
std::vector<Booking> random_day(std::mt19937& random) {
    std::vector<Booking> day(std::uniform_int_distribution<int>(0, 40)(random));
    std::int64_t id = 1;
    for (auto& b : day) {
        b.session_id = id++;
        if (random() % 8 != 0)
            b.time = 9 * 60 + 15 * static_cast<int>(random() % 36);
        if (random() % 3 != 0)
            b.duration_minutes = 15 * static_cast<int>(random() % 16); // 0 to 3h45
    }
    std::sort(day.begin(), day.end(), [](const Booking& a, const Booking& b) {
        return std::pair(a.time.value_or(-1), a.session_id) <
               std::pair(b.time.value_or(-1), b.session_id);
    });
    return day;
}

} // namespace

TEST_CASE("overlaps: the table's count and first few agree with every pair", "[bookings]") {
    std::mt19937 random(2026);
    for (int round = 0; round < 300; ++round) {
        auto day = random_day(random);
        auto every = overlapping_bookings(day, 180);
        auto counted = overlapping_bookings(day, 180, 3);
        REQUIRE(every.size() == day.size());
        for (std::size_t i = 0; i < day.size(); ++i) {
            INFO("round " << round << ", booking " << i);
            CHECK(counted[i].count == every[i].count);
            CHECK(every[i].count == every[i].ids.size());
            // The first three by start time: those of every[i] in the day's order.
            std::vector<std::int64_t> first;
            for (const auto& b : day)
                if (first.size() < 3 &&
                    std::binary_search(every[i].ids.begin(), every[i].ids.end(), b.session_id))
                    first.push_back(b.session_id);
            CHECK(counted[i].ids == first);
        }
    }
    CHECK(all_overlaps > 3);
}
