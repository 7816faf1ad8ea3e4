#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace smp {

// A record a name reference could mean, for messages such as
// `did you mean "John Smith" (12) or "Jonas Berg" (40)?`
struct Candidate {
    std::int64_t id;
    std::string name;
};

// `"John Smith" (12), "Jonas Berg" (40)` ... with "or" before the last, and "and N more" past
// `limit`.
std::string describe_candidates(const std::vector<Candidate>& candidates, std::size_t limit = 8);

// Keeps the few names closest to a mistyped reference, fed one at a time so a large table is
// streamed rather than loaded. Close means a small edit distance to the whole name or to one of
// its words, case-insensitively.
class NearestNames {
public:
    explicit NearestNames(std::string_view reference, std::size_t keep = 3);
    void consider(std::int64_t id, std::string_view name);
    std::vector<Candidate> best() const;

private:
    std::string m_reference;
    std::size_t m_keep;
    std::vector<std::pair<int, Candidate>> m_best;
};

// True if the reference is a record id (digits only).
bool is_id_reference(std::string_view reference);

} // namespace smp
