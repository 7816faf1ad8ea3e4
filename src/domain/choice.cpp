#include <smp/domain/choice.hpp>
#include <smp/error.hpp>
#include <smp/util/text.hpp>

#include <fmt/format.h>

#include <algorithm>

namespace smp {

std::string Choice::allowed_list() const {
    return join(allowed, ", ");
}

std::string Choice::parse(std::string_view value) const {
    auto wanted = fold_case(trim(value));
    for (auto candidate : allowed)
        if (fold_case(candidate) == wanted)
            return std::string(candidate);
    throw Error(Exit::data, fmt::format("invalid {} \"{}\": allowed values are {}", field, value,
                                        allowed_list()));
}

std::vector<std::string> parse_choices(const Choice& choice,
                                       const std::vector<std::string>& values) {
    std::vector<std::string> out;
    for (const auto& value : values)
        for (const auto& item : split_list(value)) {
            auto canonical = choice.parse(item);
            if (std::find(out.begin(), out.end(), canonical) == out.end())
                out.push_back(canonical);
        }
    return out;
}

} // namespace smp
