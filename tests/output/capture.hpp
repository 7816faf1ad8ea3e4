#pragma once

#include <cstdio>
#include <stdexcept>
#include <string>

// A tmpfile() the writers write into, read back as text.
class Capture {
  public:
    Capture() : m_file(std::tmpfile()) {
        if (!m_file)
            throw std::runtime_error("tmpfile() failed");
    }
    ~Capture() { std::fclose(m_file); }
    Capture(const Capture&) = delete;
    Capture& operator=(const Capture&) = delete;

    std::FILE* file() { return m_file; }
    std::string text() {
        std::fflush(m_file);
        std::rewind(m_file);
        std::string out;
        char chunk[4096];
        std::size_t got;
        while ((got = std::fread(chunk, 1, sizeof chunk, m_file)) > 0)
            out.append(chunk, got);
        return out;
    }

  private:
    std::FILE* m_file;
};
