#pragma once
// The same person entered twice: what an import checks each new client and session against,
// and what `smp client duplicates` lists.
#include <smp/store/store.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace smp::store {

// A client's name and ways of contact, as compared for duplicates.
struct ClientContact {
    std::int64_t id = 0;
    std::string name;
    std::optional<std::string> phone, email;
};

// Every client on file (archived ones too: an archived client imported again is still a
// duplicate), in id order.
std::vector<ClientContact> client_contacts(Store& store);

// Phones compared by their digits ("+44 7700 900123" and "+447700900123" are one phone),
// emails ignoring case; empty when there is none to compare.
std::string phone_key(const std::optional<std::string>& phone);
std::string email_key(const std::optional<std::string>& email);

// Which contact a duplicate shares with a client on file.
enum class SameContact { phone, email };

struct DuplicateOf {
    const ClientContact* client;
    SameContact same;
};

// The clients on file by folded name, to find in one look the one a new client repeats: the
// same name (ignoring case and accents) and the same phone or email.
class ClientsByName {
  public:
    explicit ClientsByName(std::vector<ClientContact> clients);
    std::optional<DuplicateOf> find(std::string_view name, const std::optional<std::string>& phone,
                                    const std::optional<std::string>& email) const;

  private:
    std::vector<ClientContact> m_clients;
    std::unordered_multimap<std::string, std::size_t> m_by_name;
};

// The session a client has on that day at that time (no time matches no time), if any. Prepared
// once: an import asks it for every new session.
std::optional<std::int64_t> session_at(Store& store, std::int64_t client_id, Date date,
                                       const std::optional<int>& time);

// Two clients on file that are likely one person, and why.
struct LikelyDuplicate {
    ClientContact first, second; // first has the lower id
    std::string reason;          // "same name and phone", "near names, same phone"
};

// Same folded name and phone or email; or names a letter or two apart with the same phone.
std::vector<LikelyDuplicate> likely_duplicates(Store& store);

} // namespace smp::store
