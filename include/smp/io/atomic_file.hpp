#pragma once

#include <cstdio>
#include <string>

namespace smp::io {

// A file that appears whole or not at all: it is written to `.NAME.smp-tmp-XXXXXX` in the
// same folder (mode 0600 whatever the umask), and only commit() flushes, fsyncs and renames it
// over `path`, replacing a file already there. Destroyed without commit() (an error), the
// temporary file is removed; on SIGINT or SIGTERM the handler installed here removes it too.
// One AtomicFile at a time per process (the signal handler remembers one name).
class AtomicFile {
  public:
    // The start of the temporary file's name for `path` (".NAME.smp-tmp-"), by which a copy
    // that a killed command left half written is found again.
    static std::string temporary_prefix(const std::string& path);

    // Throws Error(cant_create) naming the path when the folder is missing, read-only, or
    // `path` is a folder.
    explicit AtomicFile(std::string path);
    ~AtomicFile();
    AtomicFile(const AtomicFile&) = delete;
    AtomicFile& operator=(const AtomicFile&) = delete;

    // Fully buffered (1 MiB), so rows go to the disk in large writes.
    std::FILE* stream() { return m_stream; }
    const std::string& path() const { return m_path; }
    // Throws Error(io) if anything could not be written; the destination is then untouched.
    void commit();

  private:
    void discard();

    std::string m_path;
    std::string m_temporary;
    std::FILE* m_stream = nullptr;
};

} // namespace smp::io
