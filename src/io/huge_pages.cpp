#include <smp/io/huge_pages.hpp>

#include <cstdint>
#include <cstdlib>
#include <initializer_list>
#include <malloc.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <unistd.h>

namespace smp::io {

namespace {

// AddressSanitizer keeps its own heap, away from the program break: nothing to advise there.
#if defined(__SANITIZE_ADDRESS__)
constexpr bool k_own_heap = true;
#else
constexpr bool k_own_heap = false;
#endif

constexpr std::uintptr_t k_page = 4096;
constexpr std::uintptr_t k_huge_page = 2 << 20;

// Where the advised heap begins; 0 when start_heap_in_huge_pages changed nothing (under a
// limit, under AddressSanitizer), and then nothing is advised later either.
std::uintptr_t advised_from = 0;

std::uintptr_t program_break() {
    return reinterpret_cast<std::uintptr_t>(sbrk(0));
}

std::uintptr_t round_up(std::uintptr_t n, std::uintptr_t to) {
    return (n + to - 1) & ~(to - 1);
}

// Whether the process may take address space freely. Under a limit (ulimit -v or -d) malloc
// keeps its defaults: growing the heap 64 MiB at a time could then fail where smp needs far
// less.
bool unlimited() {
    for (int resource : {RLIMIT_AS, RLIMIT_DATA}) {
        rlimit limit{};
        if (getrlimit(resource, &limit) != 0 || limit.rlim_cur != RLIM_INFINITY)
            return false;
    }
    return true;
}

void advise(std::uintptr_t from, std::uintptr_t to) {
    if (from != 0 && to > from)
        madvise(reinterpret_cast<void*>(from), to - from, MADV_HUGEPAGE);
}

} // namespace

void start_heap_in_huge_pages() {
    if (k_own_heap || !unlimited())
        return;
    // What the heap has free at its top goes back first: its untouched pages would be handed
    // out before the advised ones. Large blocks come from the heap too, not from mappings of
    // their own, and the heap grows 64 MiB at a time (address space only, until touched): a
    // command's allocations then land in the advised memory.
    malloc_trim(0);
    mallopt(M_MMAP_THRESHOLD, 32 << 20);
    mallopt(M_TOP_PAD, 64 << 20);
    // A block larger than all the heap has free, so malloc grows the heap to hand it out.
    // malloc writes its bookkeeping at the new memory's start and just past the block: the
    // break is first moved (never touched) so that both fall below the 2 MiB boundary,
    // `start`, and the memory above it is advised before its first touch. A range already
    // touched in 4 KiB pages stays so.
    std::size_t request = mallinfo2().fordblks + k_page;
    std::uintptr_t below = round_up(request + 2 * k_page, k_page);
    std::uintptr_t now = program_break();
    std::uintptr_t start = round_up(now + below, k_huge_page);
    if (sbrk(static_cast<std::intptr_t>(start - below - now)) == reinterpret_cast<void*>(-1))
        return;
    // volatile: a block never used is otherwise no allocation at all (the compiler drops it).
    void* volatile block = std::malloc(request);
    advised_from = start;
    advise(start, program_break() & ~(k_page - 1));
    std::free(block);
}

void heap_in_huge_pages() {
    advise(advised_from, program_break() & ~(k_page - 1));
}

} // namespace smp::io
