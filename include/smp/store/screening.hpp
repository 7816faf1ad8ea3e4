#pragma once

#include <smp/domain/date.hpp>
#include <smp/store/store.hpp>

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace smp::store {

// Contraindications the practitioner has reviewed for a client's current screening: no longer
// warned about before each session. A new screening drops the review.
struct ScreeningReview {
    std::vector<std::string> flags;
    std::string reviewed_on; // YYYY-MM-DD
};
std::optional<ScreeningReview> screening_review(Store& store, std::int64_t client_id);
// These run inside the caller's write transaction.
void set_screening_review(Store& store, std::int64_t client_id, const ScreeningReview& review);
void drop_screening_review(Store& store, std::int64_t client_id);

// A patch test: a few dots some days before the first session, to see how the skin takes the
// pigment.
struct PatchTest {
    std::int64_t id = 0;
    std::int64_t client_id = 0;
    Date tested_on;
    std::string result;                 // ok or reaction
    std::optional<std::int64_t> lot_id; // the lot tested, if recorded
    std::optional<std::string> lot_number;
};
void insert_patch_test(Store& store, PatchTest& test);
// Every patch test of the client, oldest first.
void for_each_patch_test(Store& store, std::int64_t client_id,
                         const std::function<void(const PatchTest&)>& visit);
// The client's latest patch test on or before `date`, if any.
std::optional<PatchTest> latest_patch_test(Store& store, std::int64_t client_id,
                                           const std::string& date);

} // namespace smp::store
