#include <smp/io/huge_pages.hpp>

#include <catch2/catch.hpp>

#include <fstream>
#include <memory>
#include <string>
#include <vector>

namespace {

// The VmFlags of each [heap] mapping in /proc/self/smaps: "hg" marks memory advised to be
// backed by huge pages.
std::vector<std::string> heap_flags() {
    std::ifstream smaps("/proc/self/smaps");
    std::vector<std::string> flags;
    bool in_heap = false;
    for (std::string line; std::getline(smaps, line);) {
        if (line.find('-') < line.find(' ') && line.find(':') > line.find(' '))
            in_heap = line.size() >= 6 && line.compare(line.size() - 6, 6, "[heap]") == 0;
        else if (in_heap && line.rfind("VmFlags:", 0) == 0)
            flags.push_back(line + ' ');
    }
    return flags;
}

} // namespace

TEST_CASE("the heap an import fills is advised to use huge pages as it grows") {
#if defined(__SANITIZE_ADDRESS__)
    WARN("AddressSanitizer keeps its own heap, away from the program break");
    return;
#endif
    smp::io::heap_in_huge_pages();
    // 16 MiB in blocks small enough to come from the heap, as an import's records do.
    std::vector<std::unique_ptr<char[]>> blocks;
    for (int i = 0; i < 1024; ++i) {
        blocks.emplace_back(new char[16 * 1024]);
        blocks.back()[0] = 1;
    }
    smp::io::heap_in_huge_pages();
    auto flags = heap_flags();
    REQUIRE_FALSE(flags.empty());
    bool advised = false;
    for (const auto& f : flags)
        advised = advised || f.find(" hg ") != std::string::npos;
    CHECK(advised);
}
