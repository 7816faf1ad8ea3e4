#pragma once

#include <smp/cli/context.hpp>
#include <smp/domain/client.hpp>
#include <smp/domain/session.hpp>
#include <smp/output/output.hpp>
#include <smp/store/screening.hpp>

#include <optional>
#include <string>
#include <vector>

namespace smp::cli {

// What `client screen` may record besides a screening: contraindications reviewed, and a
// patch test.
struct ScreeningExtras {
    std::vector<std::string> reviewed;
    std::optional<std::string> patch_test, patch_result, lot;

    bool screening_only() const { return reviewed.empty() && !patch_test; }
};

// Checks the patch test options before anything is written (usage errors).
void check_screening_extras(const ScreeningExtras& extras);

// Records the review and the patch test inside the caller's write transaction. `screened`
// says whether this command also recorded a new screening (which drops an older review).
void record_screening_extras(Context& context, store::Store& store, const Client& client,
                             const ScreeningExtras& extras, Date date, bool screened);

// The client as the pre-session checks should see them: without the contraindications
// reviewed for their current screening.
Client without_reviewed(store::Store& store, Client client);

// Patch test concerns before a session: a reaction on the latest test, and, when
// screening.patch_test_within is set, no test within it before a first course session.
std::vector<std::string> patch_test_concerns(Context& context, store::Store& store,
                                             const Client& client, const Session& session);

// A patch test as `client export` lists it: tested_on, result, lot.
output::Record patch_test_record(const store::PatchTest& test);

// `client show`'s fields: contraindications_reviewed and patch_test; for machines the review's
// flags as a list and its date, and the patch test's date, result and lot, each apart.
void add_screening_fields(store::Store& store, const Client& client, output::Record& record,
                          bool machine);

} // namespace smp::cli
