#include <smp/util/clock.hpp>

#include <fmt/format.h>

#include <ctime>
#include <string_view>

namespace smp {

std::chrono::sys_days local_today() {
    std::time_t now = std::time(nullptr);
    std::tm local{};
    localtime_r(&now, &local);
    using namespace std::chrono;
    return sys_days{year_month_day{year{local.tm_year + 1900},
                                   month{static_cast<unsigned>(local.tm_mon + 1)},
                                   day{static_cast<unsigned>(local.tm_mday)}}};
}

namespace {

std::string utc_now_as(std::string_view pattern, std::time_t ago = 0) {
    std::time_t now = std::time(nullptr) - ago;
    std::tm utc{};
    gmtime_r(&now, &utc);
    return fmt::format(fmt::runtime(pattern), utc.tm_year + 1900, utc.tm_mon + 1, utc.tm_mday,
                       utc.tm_hour, utc.tm_min, utc.tm_sec);
}

} // namespace

std::string utc_now() {
    return utc_now_as("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z");
}

std::string utc_before_now(std::chrono::seconds ago) {
    return utc_now_as("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z",
                      static_cast<std::time_t>(ago.count()));
}

std::string utc_stamp() {
    return utc_now_as("{:04}{:02}{:02}T{:02}{:02}{:02}Z");
}

} // namespace smp
