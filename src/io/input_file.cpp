#include <smp/io/input_file.hpp>

#include <fmt/format.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sys/stat.h>

namespace smp::io {

std::uintmax_t check_input_file(const std::string& path, std::string_view what,
                                std::uintmax_t max_bytes, Exit code) {
    struct stat status {};
    if (::stat(path.c_str(), &status) != 0)
        throw Error(errno == ENOENT ? Exit::no_input : code,
                    fmt::format("cannot read {} \"{}\": {}; check the path", what, path,
                                std::strerror(errno)));
    if (!S_ISREG(status.st_mode))
        throw Error(code, fmt::format("cannot read {} \"{}\": it is not a regular file (a {}); "
                                      "give the path of a file",
                                      what, path,
                                      S_ISDIR(status.st_mode)    ? "folder"
                                      : S_ISFIFO(status.st_mode) ? "FIFO"
                                      : S_ISSOCK(status.st_mode) ? "socket"
                                                                 : "device"));
    auto size = static_cast<std::uintmax_t>(status.st_size);
    if (size > max_bytes)
        throw Error(code, fmt::format("cannot read {} \"{}\": it is {} bytes, more than such a "
                                      "file ever needs ({} bytes); check the path",
                                      what, path, size, max_bytes));
    return size;
}

std::string read_input_file(const std::string& path, std::string_view what,
                            std::uintmax_t max_bytes, Exit code) {
    check_input_file(path, what, max_bytes, code);
    std::ifstream in(path, std::ios::binary);
    if (!in)
        throw Error(Exit::no_input,
                    fmt::format("cannot read {} \"{}\"; check the path", what, path));
    std::string text;
    // Never more than the limit, should the file grow while it is read.
    char buffer[1 << 16];
    while (in.read(buffer, sizeof buffer) || in.gcount() > 0) {
        text.append(buffer, static_cast<std::size_t>(in.gcount()));
        if (text.size() > max_bytes)
            throw Error(code, fmt::format("cannot read {} \"{}\": it grew past {} bytes while "
                                          "smp read it",
                                          what, path, max_bytes));
    }
    return text;
}

} // namespace smp::io
