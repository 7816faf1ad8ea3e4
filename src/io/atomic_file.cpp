#include <smp/error.hpp>
#include <smp/io/atomic_file.hpp>

#include <fmt/format.h>

#include <array>
#include <cerrno>
#include <csignal>
#include <cstring>
#include <filesystem>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace smp::io {
namespace {

namespace fs = std::filesystem;

constexpr std::size_t k_buffer_size = 1 << 20;

// The temporary file being written, for the signal handler: a fixed buffer, because a handler
// may only call async-signal-safe functions (unlink, signal, raise), never allocate.
std::array<char, 4096> g_pending_temporary{};

extern "C" void remove_pending_temporary(int signal_number) {
    if (g_pending_temporary[0] != '\0')
        ::unlink(g_pending_temporary.data());
    std::signal(signal_number, SIG_DFL);
    std::raise(signal_number); // die of the signal, as the caller expects
}

void remember_pending(const std::string& temporary) {
    static bool installed = false;
    if (!installed) {
        std::signal(SIGINT, remove_pending_temporary);
        std::signal(SIGTERM, remove_pending_temporary);
        installed = true;
    }
    if (temporary.size() < g_pending_temporary.size())
        std::memcpy(g_pending_temporary.data(), temporary.c_str(), temporary.size() + 1);
}

void forget_pending() {
    g_pending_temporary[0] = '\0';
}

// The folder's own entry must reach the disk too, or a crash can lose the rename.
void sync_folder(const fs::path& folder) {
    int fd = ::open(folder.empty() ? "." : folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd >= 0) {
        ::fsync(fd);
        ::close(fd);
    }
}

} // namespace

std::string AtomicFile::temporary_prefix(const std::string& path) {
    return fmt::format(".{}.smp-tmp-", fs::path(path).filename().string());
}

AtomicFile::AtomicFile(std::string path) : m_path(std::move(path)) {
    std::error_code error;
    // A link is kept, and the file it points at replaced.
    for (int hops = 0; hops < 40 && fs::is_symlink(m_path, error); ++hops) {
        auto target = fs::read_symlink(m_path, error);
        if (error)
            break;
        m_path = (target.is_absolute() ? target : fs::path(m_path).parent_path() / target).string();
    }
    fs::path target(m_path);
    auto status = fs::status(target, error);
    if (fs::is_directory(status))
        throw Error(Exit::cant_create,
                    fmt::format("cannot write \"{}\": it is a folder; give a file name", m_path));
    // A device, FIFO or socket is never replaced by a file (of client data, as root even
    // /dev/null); standard output is the way to send an export there.
    if (fs::exists(status) && !fs::is_regular_file(status))
        throw Error(Exit::cant_create,
                    fmt::format("cannot write \"{}\": it is not a regular file (a device, FIFO "
                                "or socket); give a file name, or leave out --output to write "
                                "to standard output",
                                m_path));
    auto folder = target.parent_path();
    m_temporary = (folder / (temporary_prefix(m_path) + "XXXXXX")).string();
    int fd = ::mkstemp(m_temporary.data());
    if (fd < 0)
        throw Error(errno == ENOSPC ? Exit::io : Exit::cant_create,
                    fmt::format("cannot create \"{}\": {} in \"{}\"", m_path, std::strerror(errno),
                                folder.empty() ? "." : folder.string()));
    remember_pending(m_temporary);
    ::fchmod(fd, 0600); // mkstemp makes 0600 already; never let anything widen it
    m_stream = ::fdopen(fd, "w");
    if (!m_stream) {
        ::close(fd);
        discard();
        throw Error(Exit::cant_create, fmt::format("cannot write \"{}\"", m_path));
    }
    std::setvbuf(m_stream, nullptr, _IOFBF, k_buffer_size);
}

AtomicFile::~AtomicFile() {
    discard();
}

void AtomicFile::discard() {
    if (m_stream)
        std::fclose(m_stream);
    m_stream = nullptr;
    if (!m_temporary.empty())
        ::unlink(m_temporary.c_str());
    m_temporary.clear();
    forget_pending();
}

void AtomicFile::commit() {
    bool written =
        std::fflush(m_stream) == 0 && !std::ferror(m_stream) && ::fsync(::fileno(m_stream)) == 0;
    int saved = errno;
    bool closed = std::fclose(m_stream) == 0;
    m_stream = nullptr;
    if (!written || !closed) {
        discard();
        throw Error(Exit::io, fmt::format("cannot write \"{}\": {} (nothing was written)", m_path,
                                          std::strerror(written ? errno : saved)));
    }
    if (::rename(m_temporary.c_str(), m_path.c_str()) != 0) {
        int failure = errno;
        discard();
        throw Error(Exit::cant_create,
                    fmt::format("cannot replace \"{}\": {}", m_path, std::strerror(failure)));
    }
    m_temporary.clear();
    forget_pending();
    sync_folder(fs::path(m_path).parent_path());
}

} // namespace smp::io
