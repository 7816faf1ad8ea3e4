#include <smp/domain/reference.hpp>
#include <smp/domain/text.hpp>

#include <fmt/format.h>

#include <algorithm>

namespace smp {

std::string describe_candidates(const std::vector<Candidate>& candidates, std::size_t limit) {
    std::string out;
    std::size_t shown = std::min(limit, candidates.size());
    for (std::size_t i = 0; i < shown; ++i) {
        if (i > 0)
            out += (i + 1 == shown && shown == candidates.size()) ? " or " : ", ";
        out += fmt::format("\"{}\" ({})", candidates[i].name, candidates[i].id);
    }
    if (candidates.size() > shown)
        out += fmt::format(" and {} more", candidates.size() - shown);
    return out;
}

NearestNames::NearestNames(std::string_view reference, std::size_t keep)
    : m_reference(fold_case(reference)), m_keep(keep) {}

void NearestNames::consider(std::int64_t id, std::string_view name) {
    auto folded = fold_case(name);
    int distance = edit_distance(m_reference, folded);
    for (const auto& word : split_list(folded, ' '))
        distance = std::min(distance, edit_distance(m_reference, word));
    // Further than a third of the reference's length (at least 2 edits) is not a typo.
    int limit = std::max(2, static_cast<int>(decode_utf8(m_reference).size()) / 3);
    if (distance > limit)
        return;
    m_best.push_back({distance, Candidate{id, std::string(name)}});
    std::stable_sort(m_best.begin(), m_best.end(),
                     [](const auto& a, const auto& b) { return a.first < b.first; });
    if (m_best.size() > m_keep)
        m_best.pop_back();
}

std::vector<Candidate> NearestNames::best() const {
    std::vector<Candidate> out;
    for (const auto& entry : m_best)
        out.push_back(entry.second);
    return out;
}

bool is_id_reference(std::string_view reference) {
    return !reference.empty() && reference.size() < 19 &&
           std::all_of(reference.begin(), reference.end(),
                       [](char c) { return c >= '0' && c <= '9'; });
}

} // namespace smp
