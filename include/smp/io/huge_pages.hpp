#pragma once

namespace smp::io {

// The heap in 2 MiB pages (transparent huge pages, which Debian's kernels give to memory a
// program advises with madvise), rather than one page fault per 4 KiB of it: in a virtual
// machine a page fault is dear, and they were much of a short command's time (ARCHITECTURE.md,
// "Page faults"). Where the kernel has no huge pages the advice is ignored; under a limit on
// address space (ulimit -v or -d) nothing is changed.

// Moves the heap to start just below a 2 MiB boundary, and advises the memory above it
// before anything touches it. Called first thing in main, once.
void start_heap_in_huge_pages();

// Advises the heap grown since start_heap_in_huge_pages (64 MiB at a time): a command that
// holds a large file's records in memory (an import) calls it every few thousand rows.
void heap_in_huge_pages();

} // namespace smp::io
