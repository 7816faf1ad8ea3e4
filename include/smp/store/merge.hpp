#pragma once
// `smp client merge`: one person entered twice made one again. Every record kind that belongs
// to a client (each kind table with a client_id field) moves to the client kept, so a kind
// added later (photos) moves without a change here.
#include <smp/domain/client.hpp>
#include <smp/store/store.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace smp::store {

// A profile field of the two clients: filled when the kept client has it empty, a conflict
// when both have it and differ (kept from KEEP unless taken).
struct MergedField {
    std::string field;
    std::string kept, other; // as stored; empty when there is none
    bool taken = false;      // OTHER's value replaces KEEP's
};

struct MergePlan {
    Client keep, other;
    std::vector<std::pair<std::string, std::int64_t>> moves; // record kind, how many rows
    std::vector<MergedField> fills, conflicts;
};

// The profile fields a merge compares, from the client kind table: every stored field a
// practitioner sets or that is personal, but the uuid and the times.
std::vector<std::string_view> merge_fields();

// What merging OTHER into KEEP would do; `take` names conflicting fields to take from OTHER
// (a data error names an unknown one).
MergePlan plan_merge(Store& store, std::int64_t keep, std::int64_t other,
                     const std::vector<std::string>& take);

// Carries out the plan in one transaction: OTHER's records moved to KEEP, KEEP's empty fields
// filled and the taken ones replaced, OTHER's uuid recorded as merged into KEEP's, OTHER
// removed (its search entry too); the merge is dated `on` (the day --as-of gives).
void merge_clients(Store& store, const MergePlan& plan, Date on);

// The uuid a merged-away client's uuid now stands for, if it was merged.
std::optional<std::string> merged_into(Store& store, const std::string& uuid);

// The client with this uuid, or the one it was merged into.
std::optional<Client> client_by_uuid_or_merged(Store& store, const std::string& uuid);

} // namespace smp::store
