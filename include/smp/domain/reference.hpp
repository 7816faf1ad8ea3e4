#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace smp {

// The longest client name smp accepts, in characters (code points): longer is no one's name,
// and every comparison of names stays cheap.
inline constexpr std::size_t k_name_max_chars = 200;

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
// its words, case-insensitively. Bounded: a name is compared only while it can still be within
// the distance that counts as a typo, and a reference longer than any name may be
// (k_name_max_chars) is compared with nothing.
class NearestNames {
  public:
    explicit NearestNames(std::string_view reference, std::size_t keep = 3);
    void consider(std::int64_t id, std::string_view name);
    std::vector<Candidate> best() const;

  private:
    std::vector<char32_t> m_reference;
    int m_limit = 0; // the most edits that are still a typo
    std::size_t m_keep;
    std::vector<std::pair<int, Candidate>> m_best;
};

// True if the reference is a record id (digits only).
bool is_id_reference(std::string_view reference);

} // namespace smp
