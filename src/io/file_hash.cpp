#include <smp/error.hpp>
#include <smp/io/file_hash.hpp>
#include <smp/io/input_file.hpp>
#include <smp/util/sha256.hpp>

#include <fmt/format.h>

#include <fstream>

namespace smp::io {

std::string hash_file(const std::string& path) {
    // A scanned consent form is a few MB; 1 GiB is no document (and /dev/zero never ends).
    check_input_file(path, "consent file", std::uintmax_t{1} << 30, Exit::usage);
    std::ifstream in(path, std::ios::binary);
    if (!in)
        throw Error(Exit::no_input,
                    fmt::format("cannot read consent file \"{}\"; check the path", path));
    Sha256 hash;
    char buffer[1 << 16];
    while (in.read(buffer, sizeof buffer) || in.gcount() > 0)
        hash.update(std::string_view(buffer, static_cast<std::size_t>(in.gcount())));
    return hash.hex_digest();
}

} // namespace smp::io
