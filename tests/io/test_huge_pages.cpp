#include <smp/io/huge_pages.hpp>

#include <catch2/catch.hpp>

#include <cstdint>
#include <fstream>
#include <memory>
#include <string>
#include <vector>

namespace {

// The VmFlags of the mapping in /proc/self/smaps that holds `address`: "hg" marks memory
// advised to be backed by huge pages.
std::vector<std::string> heap_flags(std::uintptr_t address) {
    std::ifstream smaps("/proc/self/smaps");
    std::vector<std::string> flags;
    bool holds = false;
    for (std::string line; std::getline(smaps, line);) {
        if (line.find('-') < line.find(' ') && line.find(':') > line.find(' ')) {
            auto from = std::stoull(line.substr(0, line.find('-')), nullptr, 16);
            auto to = std::stoull(line.substr(line.find('-') + 1), nullptr, 16);
            holds = from <= address && address < to;
        } else if (holds && line.rfind("VmFlags:", 0) == 0) {
            flags.push_back(line + ' ');
        }
    }
    return flags;
}

} // namespace

TEST_CASE("the heap an import grows past its first 64 MiB is advised for huge pages too") {
#if defined(__SANITIZE_ADDRESS__)
    WARN("AddressSanitizer keeps its own heap, away from the program break");
    return;
#endif
    smp::io::start_heap_in_huge_pages();
    // 96 MiB in blocks small enough to come from the heap, as an import's records do: past the
    // first 64 MiB advised at the start, into heap grown since.
    std::vector<std::unique_ptr<char[]>> blocks;
    for (int i = 0; i < 6144; ++i) {
        blocks.emplace_back(new char[16 * 1024]);
        blocks.back()[0] = 1;
    }
    smp::io::heap_in_huge_pages();
    auto flags = heap_flags(reinterpret_cast<std::uintptr_t>(blocks.back().get()));
    REQUIRE_FALSE(flags.empty());
    bool advised = false;
    for (const auto& f : flags)
        advised = advised || f.find(" hg ") != std::string::npos;
    CHECK(advised);
}
