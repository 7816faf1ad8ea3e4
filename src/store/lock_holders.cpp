#include "lock_holders.hpp"

#include <fmt/format.h>

#include <fstream>
#include <set>
#include <sstream>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>
#include <vector>

namespace smp::store {
namespace {

// SQLite's lock bytes in a database file (the defaults: PENDING_BYTE is 0x40000000).
constexpr unsigned long long k_pending_byte = 0x40000000ULL;
constexpr unsigned long long k_shared_first = k_pending_byte + 2;

// The command words of another process (`smp export all`), never its arguments: those may
// name a client. Options and their values are skipped.
std::string command_words(int pid) {
    std::ifstream in(fmt::format("/proc/{}/cmdline", pid), std::ios::binary);
    std::vector<std::string> args;
    for (std::string arg; std::getline(in, arg, '\0');)
        args.push_back(arg);
    if (args.empty())
        return {};
    auto program = args[0].substr(args[0].rfind('/') + 1);
    std::string words = program;
    static const std::set<std::string> k_options_with_values = {"-f",       "--file",  "--config",
                                                                "--format", "--as-of", "--color"};
    int taken = 0;
    for (std::size_t i = 1; i < args.size() && taken < 2; ++i) {
        if (k_options_with_values.count(args[i])) {
            ++i;
            continue;
        }
        if (!args[i].empty() && args[i][0] == '-')
            continue;
        if (args[i].empty() ||
            args[i].find_first_not_of("abcdefghijklmnopqrstuvwxyz_") != std::string::npos)
            break;
        words += " " + args[i];
        ++taken;
    }
    return words;
}

} // namespace

std::string describe_lock_holders(const std::string& path) {
    struct stat file {};
    if (::stat(path.c_str(), &file) != 0)
        return {};
    auto inode =
        fmt::format("{:02x}:{:02x}:{}", major(file.st_dev), minor(file.st_dev), file.st_ino);
    std::ifstream locks("/proc/locks");
    std::set<int> readers, writers;
    for (std::string line; std::getline(locks, line);) {
        if (line.find("->") != std::string::npos)
            continue; // a process waiting for a lock, not holding one
        std::istringstream fields(line);
        std::string id, kind, advisory, access, device;
        int pid = 0;
        std::string start_text, end_text;
        if (!(fields >> id >> kind >> advisory >> access >> pid >> device >> start_text >>
              end_text))
            continue;
        if (kind != "POSIX" || device != inode || pid == ::getpid())
            continue;
        unsigned long long start = std::stoull(start_text);
        unsigned long long end = end_text == "EOF" ? ~0ULL : std::stoull(end_text);
        if (end < k_pending_byte || start > k_shared_first + 509)
            continue; // not one of SQLite's lock bytes
        bool shared_range = start >= k_shared_first;
        (access == "READ" && shared_range ? readers : writers).insert(pid);
    }
    auto name = [](int pid) {
        auto words = command_words(pid);
        return words.empty() ? fmt::format("process {}", pid)
                             : fmt::format("`{}` (process {})", words, pid);
    };
    if (!writers.empty())
        return fmt::format("{} is writing to it", name(*writers.begin()));
    if (!readers.empty())
        return fmt::format("{} is reading it, and a write must wait until the read ends",
                           name(*readers.begin()));
    return {};
}

} // namespace smp::store
