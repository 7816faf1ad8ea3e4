#pragma once

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <string>

namespace smp::output {

// A one-line progress report on stderr for long jobs (export, import):
//   exporting sessions: 120000 of 1000000 rows (12%)
// It stays silent for the first second, so quick jobs print nothing, and redraws at most a few
// times a second, so it never slows the work it reports. The line is cleared by finish() or
// the destructor, leaving the terminal as it was.
class Progress {
  public:
    // `show` is false off a terminal: see on_terminal(). `total` may be 0 when unknown.
    Progress(std::FILE* err, std::string label, std::int64_t total, bool show,
             std::chrono::milliseconds delay = std::chrono::seconds(1));
    ~Progress();
    Progress(const Progress&) = delete;
    Progress& operator=(const Progress&) = delete;

    // Counts one more row done (cheap: the clock is read only every few hundred rows).
    void advance();
    void finish();
    std::int64_t done() const { return m_done; }

    // True when `err` is a terminal: progress lines are for people, never for log files.
    static bool on_terminal(std::FILE* err);

  private:
    void draw();

    std::FILE* m_err;
    std::string m_label;
    std::int64_t m_total;
    bool m_show;
    std::chrono::steady_clock::time_point m_start, m_next_draw;
    std::int64_t m_done = 0;
    std::size_t m_drawn_width = 0; // characters on the line now, 0 when nothing is shown
};

} // namespace smp::output
