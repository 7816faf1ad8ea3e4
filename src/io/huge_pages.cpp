#include <smp/io/huge_pages.hpp>

#include <cstdint>
#include <malloc.h>
#include <sys/mman.h>
#include <unistd.h>

namespace smp::io {

namespace {

constexpr std::uintptr_t k_page = 4096;

// The heap grows 64 MiB at a time, and large blocks come from it too (not from mappings of
// their own), so most of what an import allocates lies in the advised range before it is
// first touched.
std::uintptr_t heap_start() {
    static const std::uintptr_t start = [] {
        mallopt(M_TOP_PAD, 64 << 20);
        mallopt(M_MMAP_THRESHOLD, 32 << 20);
        return (reinterpret_cast<std::uintptr_t>(sbrk(0)) + k_page - 1) & ~(k_page - 1);
    }();
    return start;
}

} // namespace

void heap_in_huge_pages() {
    auto start = heap_start();
    auto end = reinterpret_cast<std::uintptr_t>(sbrk(0)) & ~(k_page - 1);
    if (end > start)
        madvise(reinterpret_cast<void*>(start), end - start, MADV_HUGEPAGE);
}

} // namespace smp::io
