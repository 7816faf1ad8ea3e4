#pragma once

#include <string>
#include <string_view>

namespace smp {

// SHA-256 (FIPS 180-4) of some bytes, as 64 lower-case hex digits. Used to tell later whether a
// signed consent form on disk has changed since it was recorded.
class Sha256 {
  public:
    Sha256();
    void update(std::string_view bytes);
    std::string hex_digest(); // finishes the hash; call once

  private:
    void compress(const unsigned char* block);
    unsigned int m_state[8];
    unsigned char m_block[64];
    std::size_t m_block_used = 0;
    unsigned long long m_length = 0;
};

std::string sha256_hex(std::string_view bytes);

} // namespace smp
