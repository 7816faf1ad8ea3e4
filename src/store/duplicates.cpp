#include "rows.hpp"

#include <smp/domain/date.hpp>
#include <smp/store/duplicates.hpp>
#include <smp/util/text.hpp>

#include <SQLiteCpp/Column.h>
#include <SQLiteCpp/Statement.h>

#include <algorithm>
#include <map>
#include <set>
#include <sstream>

namespace smp::store {
namespace {

// Edits (insert, delete, change one letter) from one name to the other, given up past `limit`.
std::size_t edit_distance(std::string_view a, std::string_view b, std::size_t limit) {
    if ((a.size() > b.size() ? a.size() - b.size() : b.size() - a.size()) > limit)
        return limit + 1;
    std::vector<std::size_t> row(b.size() + 1);
    for (std::size_t j = 0; j <= b.size(); ++j)
        row[j] = j;
    for (std::size_t i = 1; i <= a.size(); ++i) {
        std::size_t diagonal = row[0];
        row[0] = i;
        for (std::size_t j = 1; j <= b.size(); ++j) {
            std::size_t above = row[j];
            row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] != b[j - 1])});
            diagonal = above;
        }
    }
    return row[b.size()];
}

// The name's words in order, so "Baker Tom" is near "Tom Baker".
std::string sorted_words(const std::string& folded) {
    std::istringstream in(folded);
    std::vector<std::string> words;
    for (std::string word; in >> word;)
        words.push_back(word);
    std::sort(words.begin(), words.end());
    std::string out;
    for (const auto& word : words)
        out += (out.empty() ? "" : " ") + word;
    return out;
}

// Names one or two typing slips apart (Jon/John Smith), or the same words in another order.
bool near_names(const std::string& a, const std::string& b) {
    return edit_distance(a, b, 2) <= 2 || sorted_words(a) == sorted_words(b);
}

} // namespace

std::vector<ClientContact> client_contacts(Store& store) {
    SQLite::Statement query(store.db(), "SELECT id, name, phone, email FROM client ORDER BY id");
    std::vector<ClientContact> out;
    while (query.executeStep())
        out.push_back({query.getColumn(0).getInt64(), query.getColumn(1).getString(),
                       optional_text(query, 2), optional_text(query, 3)});
    return out;
}

std::string phone_key(const std::optional<std::string>& phone) {
    std::string digits;
    for (char c : phone.value_or(""))
        if (c >= '0' && c <= '9')
            digits += c;
    return digits;
}

std::string email_key(const std::optional<std::string>& email) {
    return fold_case(trim(email.value_or("")));
}

ClientsByName::ClientsByName(std::vector<ClientContact> clients) : m_clients(std::move(clients)) {
    m_by_name.reserve(m_clients.size());
    for (std::size_t i = 0; i < m_clients.size(); ++i)
        m_by_name.emplace(fold_case(m_clients[i].name), i);
}

std::optional<DuplicateOf> ClientsByName::find(std::string_view name,
                                               const std::optional<std::string>& phone,
                                               const std::optional<std::string>& email) const {
    auto [first, last] = m_by_name.equal_range(fold_case(name));
    auto phone_digits = phone_key(phone), address = email_key(email);
    for (auto it = first; it != last; ++it) {
        const auto& client = m_clients[it->second];
        if (!phone_digits.empty() && phone_key(client.phone) == phone_digits)
            return DuplicateOf{&client, SameContact::phone};
        if (!address.empty() && email_key(client.email) == address)
            return DuplicateOf{&client, SameContact::email};
    }
    return std::nullopt;
}

std::optional<std::int64_t> session_at(Store& store, std::int64_t client_id, Date date,
                                       const std::optional<int>& time) {
    auto& query = store.cached("SELECT id FROM session WHERE client_id = ? AND date = ? AND "
                               "time IS ? ORDER BY id LIMIT 1");
    query.bind(1, client_id);
    query.bind(2, format_date(date));
    if (time)
        query.bind(3, format_time_of_day(*time));
    else
        query.bind(3);
    std::optional<std::int64_t> id;
    if (query.executeStep())
        id = query.getColumn(0).getInt64();
    query.reset();
    return id;
}

std::vector<LikelyDuplicate> likely_duplicates(Store& store) {
    auto clients = client_contacts(store);
    std::vector<std::string> folded;
    folded.reserve(clients.size());
    for (const auto& c : clients)
        folded.push_back(fold_case(c.name));
    // Each pair once, with the strongest reason found: the same name first.
    std::map<std::pair<std::size_t, std::size_t>, std::string> found;
    auto note = [&](std::size_t a, std::size_t b, std::string reason) {
        found.emplace(std::pair{std::min(a, b), std::max(a, b)}, std::move(reason));
    };
    std::map<std::string, std::vector<std::size_t>> by_name, by_phone;
    for (std::size_t i = 0; i < clients.size(); ++i) {
        by_name[folded[i]].push_back(i);
        if (auto digits = phone_key(clients[i].phone); !digits.empty())
            by_phone[digits].push_back(i);
    }
    for (const auto& [name, group] : by_name)
        for (std::size_t x = 0; x < group.size(); ++x)
            for (std::size_t y = x + 1; y < group.size(); ++y) {
                const auto &a = clients[group[x]], &b = clients[group[y]];
                if (!phone_key(a.phone).empty() && phone_key(a.phone) == phone_key(b.phone))
                    note(group[x], group[y], "same name and phone");
                else if (!email_key(a.email).empty() && email_key(a.email) == email_key(b.email))
                    note(group[x], group[y], "same name and email");
            }
    for (const auto& [phone, group] : by_phone)
        for (std::size_t x = 0; x < group.size(); ++x)
            for (std::size_t y = x + 1; y < group.size(); ++y)
                if (folded[group[x]] != folded[group[y]] &&
                    near_names(folded[group[x]], folded[group[y]]))
                    note(group[x], group[y], "near names, same phone");
    std::vector<LikelyDuplicate> out;
    for (const auto& [pair, reason] : found)
        out.push_back({clients[pair.first], clients[pair.second], reason});
    return out;
}

} // namespace smp::store
