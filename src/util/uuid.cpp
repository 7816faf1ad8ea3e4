#include <smp/error.hpp>
#include <smp/util/text.hpp>
#include <smp/util/uuid.hpp>

#include <fmt/format.h>

#include <cctype>
#include <cstdint>
#include <random>

namespace smp {

std::string validate_uuid(std::string_view text) {
    std::string uuid = fold_case(trim(text));
    bool valid = uuid.size() == 36;
    for (std::size_t i = 0; valid && i < uuid.size(); ++i)
        valid = (i == 8 || i == 13 || i == 18 || i == 23)
                    ? uuid[i] == '-'
                    : std::isxdigit(static_cast<unsigned char>(uuid[i])) != 0;
    if (!valid)
        throw Error(Exit::data, fmt::format("invalid uuid \"{}\": write it as 8-4-4-4-12 hex "
                                            "digits, or leave it empty for a new record",
                                            text));
    return uuid;
}

std::string new_uuid() {
    static thread_local std::mt19937_64 generator{[] {
        std::random_device device;
        std::seed_seq seeds{device(), device(), device(), device(), device(), device()};
        return std::mt19937_64{seeds};
    }()};
    std::uint64_t high = generator(), low = generator();
    high = (high & 0xFFFFFFFFFFFF0FFFULL) | 0x0000000000004000ULL; // version 4
    low = (low & 0x3FFFFFFFFFFFFFFFULL) | 0x8000000000000000ULL;   // RFC 4122 variant
    return fmt::format("{:08x}-{:04x}-{:04x}-{:04x}-{:012x}", high >> 32, (high >> 16) & 0xFFFF,
                       high & 0xFFFF, low >> 48, low & 0xFFFFFFFFFFFFULL);
}

} // namespace smp
