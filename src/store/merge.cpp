#include "rows.hpp"

#include <smp/domain/kind.hpp>
#include <smp/store/clients.hpp>
#include <smp/store/merge.hpp>
#include <smp/util/text.hpp>

#include <fmt/format.h>

#include <algorithm>

namespace smp::store {
namespace {

bool is_merged(const FieldInfo& field) {
    return (field.has(field_flag::personal) || field.has(field_flag::settable)) &&
           !field.has(field_flag::derived) && !field.sql_column().empty() && field.name != "uuid";
}

// A field's columns as one text (empty: nothing recorded; a choice list's '' counts as empty).
std::string stored(Store& store, const FieldInfo& field, std::int64_t id) {
    std::string text;
    for (auto column : field.columns()) {
        SQLite::Statement query(store.db(),
                                fmt::format("SELECT {} FROM client WHERE id = ?", column));
        query.bind(1, id);
        if (query.executeStep() && !query.getColumn(0).isNull())
            text += (text.empty() ? "" : ",") + query.getColumn(0).getString();
    }
    return text;
}

// A hair loss stage means something only on its scale: taking one takes both.
bool wants(const std::vector<std::string>& take, std::string_view field) {
    auto named = [&](std::string_view name) {
        return std::find(take.begin(), take.end(), name) != take.end();
    };
    if (field == "hair_loss_scale" || field == "hair_loss_stage")
        return named("hair_loss_scale") || named("hair_loss_stage");
    return named(field);
}

void copy_field(Store& store, const FieldInfo& field, std::int64_t keep, std::int64_t other) {
    for (auto column : field.columns()) {
        SQLite::Statement copy(store.db(),
                               fmt::format("UPDATE client SET {0} = (SELECT {0} FROM client "
                                           "WHERE id = ?2) WHERE id = ?1",
                                           column));
        copy.bind(1, keep);
        copy.bind(2, other);
        copy.exec();
    }
}

// The one place a client's records change hands: every kind with a client_id. A row the kept
// client already has its own of (a screening review, a reminder for the same due date) stays
// with the other client and goes with them.
void move_records(Store& store, std::int64_t keep, std::int64_t other) {
    for (const auto* kind : record_kinds()) {
        if (kind->table == "client" || !kind->field("client_id"))
            continue;
        SQLite::Statement move(store.db(),
                               fmt::format("UPDATE OR IGNORE {} SET client_id = ?1 WHERE "
                                           "client_id = ?2",
                                           kind->table));
        move.bind(1, keep);
        move.bind(2, other);
        move.exec();
    }
}

void record_merge(Store& store, const Client& keep, const Client& other, Date on) {
    SQLite::Statement earlier(store.db(), "UPDATE merged_client SET into_uuid = ?1 WHERE "
                                          "into_uuid = ?2");
    earlier.bind(1, keep.uuid);
    earlier.bind(2, other.uuid);
    earlier.exec();
    SQLite::Statement remember(store.db(), "INSERT OR REPLACE INTO merged_client (uuid, "
                                           "into_uuid, merged_on) VALUES (?, ?, ?)");
    remember.bind(1, other.uuid);
    remember.bind(2, keep.uuid);
    remember.bind(3, format_date(on));
    remember.exec();
}

} // namespace

std::vector<std::string_view> merge_fields() {
    std::vector<std::string_view> names;
    for (const auto& field : kind_named("client")->fields)
        if (is_merged(field))
            names.push_back(field.name);
    return names;
}

MergePlan plan_merge(Store& store, std::int64_t keep, std::int64_t other,
                     const std::vector<std::string>& take) {
    MergePlan plan{*client_by_id(store, keep), *client_by_id(store, other), {}, {}, {}};
    auto fields = merge_fields();
    for (const auto& name : take)
        if (std::find(fields.begin(), fields.end(), name) == fields.end())
            throw Error(Exit::usage, fmt::format("--take: \"{}\" is not a field a merge can take; "
                                                 "give one of {}",
                                                 name, fmt::join(fields, ", ")));
    for (const auto& field : kind_named("client")->fields) {
        if (!is_merged(field))
            continue;
        MergedField f{std::string(field.name), stored(store, field, keep),
                      stored(store, field, other)};
        if (f.other.empty() || f.kept == f.other)
            continue;
        if (f.kept.empty() && field.codec != Codec::flag) {
            f.taken = true;
            plan.fills.push_back(f);
        } else {
            f.taken = wants(take, field.name);
            plan.conflicts.push_back(f);
        }
    }
    for (const auto* kind : record_kinds()) {
        if (kind->table == "client" || !kind->field("client_id"))
            continue;
        SQLite::Statement count(
            store.db(), fmt::format("SELECT count(*) FROM {} WHERE client_id = ?", kind->table));
        count.bind(1, other);
        if (count.executeStep() && count.getColumn(0).getInt64() > 0)
            plan.moves.emplace_back(kind->name, count.getColumn(0).getInt64());
    }
    return plan;
}

void merge_clients(Store& store, const MergePlan& plan, Date on) {
    auto keep = plan.keep.id, other = plan.other.id;
    store.write([&] {
        for (const auto* list : {&plan.fills, &plan.conflicts})
            for (const auto& f : *list)
                if (f.taken)
                    copy_field(store, *kind_named("client")->field(f.field), keep, other);
        record_merge(store, plan.keep, plan.other, on);
        move_records(store, keep, other);
        delete_client(store, other); // what stayed with them, their due entry and search entry
        auto kept = *client_by_id(store, keep);
        update_client(store, kept); // search entry, due date and updated_at
    });
}

std::optional<std::string> merged_into(Store& store, const std::string& uuid) {
    auto& query = store.cached("SELECT into_uuid FROM merged_client WHERE uuid = ?");
    query.bind(1, uuid);
    std::optional<std::string> into;
    if (query.executeStep())
        into = query.getColumn(0).getString();
    query.reset();
    return into;
}

std::optional<Client> client_by_uuid_or_merged(Store& store, const std::string& uuid) {
    if (auto client = client_by_uuid(store, uuid))
        return client;
    if (auto into = merged_into(store, uuid))
        return client_by_uuid(store, *into);
    return std::nullopt;
}

} // namespace smp::store
