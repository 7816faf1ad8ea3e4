#include "moved_guard.hpp"

#include <sqlite3.h>

namespace smp::store {
namespace {

// A file of the guard: SQLite's own file follows it in the same allocation.
struct GuardedFile {
    sqlite3_file base;
    sqlite3_file* real;
};

sqlite3_vfs* g_real_vfs = nullptr;

sqlite3_file* real(sqlite3_file* file) {
    return reinterpret_cast<GuardedFile*>(file)->real;
}

int guard_close(sqlite3_file* f) {
    return real(f)->pMethods->xClose(real(f));
}
int guard_read(sqlite3_file* f, void* data, int amount, sqlite3_int64 offset) {
    return real(f)->pMethods->xRead(real(f), data, amount, offset);
}
int guard_write(sqlite3_file* f, const void* data, int amount, sqlite3_int64 offset) {
    return real(f)->pMethods->xWrite(real(f), data, amount, offset);
}
int guard_truncate(sqlite3_file* f, sqlite3_int64 size) {
    return real(f)->pMethods->xTruncate(real(f), size);
}
int guard_sync(sqlite3_file* f, int flags) {
    return real(f)->pMethods->xSync(real(f), flags);
}
int guard_file_size(sqlite3_file* f, sqlite3_int64* size) {
    return real(f)->pMethods->xFileSize(real(f), size);
}
// The one change: the first lock of a transaction (SHARED) is refused, as busy, once the path
// names another file. SQLite looks for a crashed write's journal only after this lock.
int guard_lock(sqlite3_file* f, int level) {
    if (level == SQLITE_LOCK_SHARED) {
        int moved = 0;
        if (real(f)->pMethods->xFileControl(real(f), SQLITE_FCNTL_HAS_MOVED, &moved) == SQLITE_OK &&
            moved)
            return SQLITE_BUSY;
    }
    return real(f)->pMethods->xLock(real(f), level);
}
int guard_unlock(sqlite3_file* f, int level) {
    return real(f)->pMethods->xUnlock(real(f), level);
}
int guard_check_reserved(sqlite3_file* f, int* out) {
    return real(f)->pMethods->xCheckReservedLock(real(f), out);
}
int guard_file_control(sqlite3_file* f, int op, void* arg) {
    return real(f)->pMethods->xFileControl(real(f), op, arg);
}
int guard_sector_size(sqlite3_file* f) {
    return real(f)->pMethods->xSectorSize(real(f));
}
int guard_device(sqlite3_file* f) {
    return real(f)->pMethods->xDeviceCharacteristics(real(f));
}
int guard_shm_map(sqlite3_file* f, int region, int size, int extend, void volatile** out) {
    return real(f)->pMethods->xShmMap(real(f), region, size, extend, out);
}
int guard_shm_lock(sqlite3_file* f, int offset, int n, int flags) {
    return real(f)->pMethods->xShmLock(real(f), offset, n, flags);
}
void guard_shm_barrier(sqlite3_file* f) {
    real(f)->pMethods->xShmBarrier(real(f));
}
int guard_shm_unmap(sqlite3_file* f, int remove) {
    return real(f)->pMethods->xShmUnmap(real(f), remove);
}
int guard_fetch(sqlite3_file* f, sqlite3_int64 offset, int amount, void** out) {
    return real(f)->pMethods->xFetch(real(f), offset, amount, out);
}
int guard_unfetch(sqlite3_file* f, sqlite3_int64 offset, void* page) {
    return real(f)->pMethods->xUnfetch(real(f), offset, page);
}

const sqlite3_io_methods k_guard_methods = {3,
                                            guard_close,
                                            guard_read,
                                            guard_write,
                                            guard_truncate,
                                            guard_sync,
                                            guard_file_size,
                                            guard_lock,
                                            guard_unlock,
                                            guard_check_reserved,
                                            guard_file_control,
                                            guard_sector_size,
                                            guard_device,
                                            guard_shm_map,
                                            guard_shm_lock,
                                            guard_shm_barrier,
                                            guard_shm_unmap,
                                            guard_fetch,
                                            guard_unfetch};

int plain_lock(sqlite3_file* f, int level) {
    return real(f)->pMethods->xLock(real(f), level);
}

// Every other file (journals, temporary files) passes every call through unchanged.
const sqlite3_io_methods k_plain_methods = {3,
                                            guard_close,
                                            guard_read,
                                            guard_write,
                                            guard_truncate,
                                            guard_sync,
                                            guard_file_size,
                                            plain_lock,
                                            guard_unlock,
                                            guard_check_reserved,
                                            guard_file_control,
                                            guard_sector_size,
                                            guard_device,
                                            guard_shm_map,
                                            guard_shm_lock,
                                            guard_shm_barrier,
                                            guard_shm_unmap,
                                            guard_fetch,
                                            guard_unfetch};

int guard_open(sqlite3_vfs*, sqlite3_filename name, sqlite3_file* file, int flags, int* out) {
    auto* guarded = reinterpret_cast<GuardedFile*>(file);
    guarded->real = reinterpret_cast<sqlite3_file*>(guarded + 1);
    int result = g_real_vfs->xOpen(g_real_vfs, name, guarded->real, flags, out);
    // SQLite closes a file whose methods are set, even when opening it failed.
    if (!guarded->real->pMethods)
        guarded->base.pMethods = nullptr;
    else
        guarded->base.pMethods =
            (flags & SQLITE_OPEN_MAIN_DB) ? &k_guard_methods : &k_plain_methods;
    return result;
}

} // namespace

void install_moved_file_guard() {
    static bool installed = false;
    if (installed)
        return;
    installed = true;
    g_real_vfs = sqlite3_vfs_find(nullptr);
    if (!g_real_vfs)
        return;
    static sqlite3_vfs guard = *g_real_vfs;
    guard.zName = "smp-moved-guard";
    guard.szOsFile = static_cast<int>(sizeof(GuardedFile)) + g_real_vfs->szOsFile;
    guard.xOpen = guard_open;
    guard.pNext = nullptr;
    sqlite3_vfs_register(&guard, 1);
}

} // namespace smp::store
