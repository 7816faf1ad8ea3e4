#include <smp/util/sha256.hpp>

#include <fmt/format.h>

#include <cstring>

namespace smp {
namespace {

constexpr unsigned int k_round[64] = {
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2};

unsigned int rotate_right(unsigned int x, int n) {
    return (x >> n) | (x << (32 - n));
}

} // namespace

Sha256::Sha256()
    : m_state{0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
              0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19},
      m_block{} {}

void Sha256::compress(const unsigned char* block) {
    unsigned int w[64];
    for (int i = 0; i < 16; ++i)
        w[i] = (unsigned(block[4 * i]) << 24) | (unsigned(block[4 * i + 1]) << 16) |
               (unsigned(block[4 * i + 2]) << 8) | unsigned(block[4 * i + 3]);
    for (int i = 16; i < 64; ++i) {
        unsigned s0 = rotate_right(w[i - 15], 7) ^ rotate_right(w[i - 15], 18) ^ (w[i - 15] >> 3);
        unsigned s1 = rotate_right(w[i - 2], 17) ^ rotate_right(w[i - 2], 19) ^ (w[i - 2] >> 10);
        w[i] = w[i - 16] + s0 + w[i - 7] + s1;
    }
    unsigned a = m_state[0], b = m_state[1], c = m_state[2], d = m_state[3];
    unsigned e = m_state[4], f = m_state[5], g = m_state[6], h = m_state[7];
    for (int i = 0; i < 64; ++i) {
        unsigned s1 = rotate_right(e, 6) ^ rotate_right(e, 11) ^ rotate_right(e, 25);
        unsigned choose = (e & f) ^ (~e & g);
        unsigned t1 = h + s1 + choose + k_round[i] + w[i];
        unsigned s0 = rotate_right(a, 2) ^ rotate_right(a, 13) ^ rotate_right(a, 22);
        unsigned majority = (a & b) ^ (a & c) ^ (b & c);
        unsigned t2 = s0 + majority;
        h = g, g = f, f = e, e = d + t1, d = c, c = b, b = a, a = t1 + t2;
    }
    m_state[0] += a, m_state[1] += b, m_state[2] += c, m_state[3] += d;
    m_state[4] += e, m_state[5] += f, m_state[6] += g, m_state[7] += h;
}

void Sha256::update(std::string_view bytes) {
    m_length += bytes.size();
    for (char byte : bytes) {
        m_block[m_block_used++] = static_cast<unsigned char>(byte);
        if (m_block_used == 64) {
            compress(m_block);
            m_block_used = 0;
        }
    }
}

std::string Sha256::hex_digest() {
    unsigned long long bits = m_length * 8;
    unsigned char pad = 0x80;
    update(std::string_view(reinterpret_cast<char*>(&pad), 1));
    unsigned char zero = 0;
    while (m_block_used != 56)
        update(std::string_view(reinterpret_cast<char*>(&zero), 1));
    unsigned char length[8];
    for (int i = 0; i < 8; ++i)
        length[i] = static_cast<unsigned char>(bits >> (56 - 8 * i));
    update(std::string_view(reinterpret_cast<char*>(length), 8));
    std::string out;
    for (unsigned word : m_state)
        out += fmt::format("{:08x}", word);
    return out;
}

std::string sha256_hex(std::string_view bytes) {
    Sha256 hash;
    hash.update(bytes);
    return hash.hex_digest();
}

} // namespace smp
