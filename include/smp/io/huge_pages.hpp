#pragma once

namespace smp::io {

// Asks the kernel to back the heap with 2 MiB pages (transparent huge pages, which Debian
// gives to the memory a program asks for with madvise) from here on. A command that holds a
// large file's records in memory (an import) calls it before it starts and every few thousand
// rows: a new heap page is otherwise one page fault per 4 KiB, and in a virtual machine those
// faults took a fifth of importing 100,000 clients. Harmless where the kernel has no huge
// pages: the advice is then ignored.
void heap_in_huge_pages();

} // namespace smp::io
