#include "rows.hpp"

#include <smp/util/text.hpp>

#include <fmt/format.h>

namespace smp::store {
namespace {

std::vector<Candidate> candidates(SQLite::Statement& query) {
    std::vector<Candidate> out;
    while (query.executeStep())
        out.push_back({query.getColumn(0).getInt64(), query.getColumn(1).getString()});
    return out;
}

[[noreturn]] void ambiguous(std::string_view noun, std::string_view reference,
                            const std::vector<Candidate>& matches) {
    throw Error(Exit::data,
                fmt::format("\"{}\" matches {} {}s: {}; use the id or more of the name", reference,
                            matches.size(), noun, describe_candidates(matches)));
}

} // namespace

std::vector<Candidate> records_named(Store& store, std::string_view table, std::string_view name) {
    SQLite::Statement query(store.db(), fmt::format("SELECT id, name FROM {} WHERE smp_fold(name) "
                                                    "= ? ORDER BY id",
                                                    table));
    query.bind(1, fold_case(name));
    return candidates(query);
}

std::int64_t resolve_name(Store& store, std::string_view table, std::string_view reference) {
    auto list_hint = fmt::format("list them with `smp {} list --all`", table);
    // An empty reference would match every name: it is a mistake of its own.
    if (trim(reference).empty())
        throw Error(Exit::usage, fmt::format("empty {} reference \"{}\": give an id or part of "
                                             "the name; {}",
                                             table, reference, list_hint));
    if (is_id_reference(reference)) {
        SQLite::Statement query(store.db(), fmt::format("SELECT id FROM {} WHERE id = ?", table));
        query.bind(1, static_cast<std::int64_t>(std::stoll(std::string(reference))));
        if (query.executeStep())
            return query.getColumn(0).getInt64();
        throw Error(Exit::data, fmt::format("no {} has id {}; {}", table, reference, list_hint));
    }
    auto matches = records_named(store, table, reference);
    if (matches.empty()) {
        SQLite::Statement query(store.db(), fmt::format("SELECT id, name FROM {} WHERE "
                                                        "instr(smp_fold(name), ?) > 0 ORDER BY "
                                                        "name, id LIMIT 50",
                                                        table));
        query.bind(1, fold_case(reference));
        matches = candidates(query);
    }
    if (matches.size() > 1)
        ambiguous(table, reference, matches);
    if (matches.size() == 1)
        return matches.front().id;
    NearestNames nearest(reference);
    SQLite::Statement all(store.db(), fmt::format("SELECT id, name FROM {} ORDER BY id", table));
    while (all.executeStep())
        nearest.consider(all.getColumn(0).getInt64(), all.getColumn(1).getString());
    auto best = nearest.best();
    if (best.empty())
        throw Error(Exit::data,
                    fmt::format("no {} matches \"{}\"; {}", table, reference, list_hint));
    throw Error(Exit::data, fmt::format("no {} matches \"{}\"; did you mean {}?", table, reference,
                                        describe_candidates(best)));
}

Date stored_date(std::string_view text, std::string_view kind, std::int64_t id) {
    if (auto date = parse_iso_date(text))
        return *date;
    // Not quoted: it came from the file, not from the person reading the message.
    throw Error(Exit::data, fmt::format("{} {} has a date in the records file that is not a date "
                                        "(YYYY-MM-DD, {} characters); was the file changed by "
                                        "another tool? run `smp check`",
                                        kind, id, text.size()));
}

} // namespace smp::store
