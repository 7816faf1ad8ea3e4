#include <smp/domain/reference.hpp>
#include <smp/util/text.hpp>

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

namespace {

// The edit distance between a and b when it is at most `limit`, else limit + 1: rows stop as
// soon as every cell is over the limit, and strings whose lengths differ by more are never
// compared, so a long name costs little more than a short one.
int distance_within(const std::vector<char32_t>& a, const std::vector<char32_t>& b, int limit) {
    auto gap = a.size() > b.size() ? a.size() - b.size() : b.size() - a.size();
    if (gap > static_cast<std::size_t>(limit))
        return limit + 1;
    std::vector<int> row(b.size() + 1);
    for (std::size_t j = 0; j <= b.size(); ++j)
        row[j] = static_cast<int>(j);
    for (std::size_t i = 1; i <= a.size(); ++i) {
        int diagonal = row[0];
        row[0] = static_cast<int>(i);
        int smallest = row[0];
        for (std::size_t j = 1; j <= b.size(); ++j) {
            int above = row[j];
            row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] != b[j - 1])});
            diagonal = above;
            smallest = std::min(smallest, row[j]);
        }
        if (smallest > limit)
            return limit + 1;
    }
    return std::min(row[b.size()], limit + 1);
}

} // namespace

NearestNames::NearestNames(std::string_view reference, std::size_t keep)
    : m_reference(decode_utf8(fold_case(reference))), m_keep(keep) {
    // Further than a third of the reference's length (at least 2 edits) is not a typo.
    m_limit = std::max(2, static_cast<int>(m_reference.size()) / 3);
    if (m_reference.size() > k_name_max_chars)
        m_limit = -1; // no name is that long: nothing to suggest
}

void NearestNames::consider(std::int64_t id, std::string_view name) {
    if (m_limit < 0)
        return;
    auto folded = fold_case(name);
    int distance = distance_within(m_reference, decode_utf8(folded), m_limit);
    for (const auto& word : split_list(folded, ' '))
        distance = std::min(distance, distance_within(m_reference, decode_utf8(word), m_limit));
    if (distance > m_limit)
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
