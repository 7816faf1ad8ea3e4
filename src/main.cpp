#include <smp/app.hpp>
#include <smp/io/huge_pages.hpp>

#include <sqlite3.h>

int main(int argc, char** argv) {
    // smp never asks SQLite how much memory it holds; without the count, SQLite takes no lock
    // around each of its allocations (thousands for a listing). Set before SQLite starts.
    sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
    smp::io::start_heap_in_huge_pages();
    return smp::run(argc, argv);
}
