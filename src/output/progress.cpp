#include <smp/output/diagnostic.hpp>
#include <smp/output/output.hpp>
#include <smp/output/progress.hpp>

#include <fmt/format.h>

#include <unistd.h>

namespace smp::output {
namespace {

// Reading the clock for every row would cost more than writing the row.
constexpr std::int64_t k_rows_between_clock_reads = 256;
constexpr auto k_redraw_every = std::chrono::milliseconds(250);

} // namespace

Progress::Progress(std::FILE* err, std::string label, std::int64_t total, bool show,
                   std::chrono::milliseconds delay)
    : m_err(err), m_label(std::move(label)), m_total(total), m_show(show),
      m_start(std::chrono::steady_clock::now()), m_next_draw(m_start + delay) {}

Progress::~Progress() {
    finish();
}

bool Progress::on_terminal(std::FILE* err) {
    return ::isatty(::fileno(err)) == 1;
}

void Progress::advance() {
    ++m_done;
    if (!m_show || m_done % k_rows_between_clock_reads != 0)
        return;
    auto now = std::chrono::steady_clock::now();
    if (now < m_next_draw)
        return;
    m_next_draw = now + k_redraw_every;
    draw();
}

void Progress::draw() {
    std::string line = m_total > 0 ? fmt::format("{}: {} of {} rows ({}%)", m_label, m_done,
                                                 m_total, m_done * 100 / m_total)
                                   : fmt::format("{}: {} rows", m_label, m_done);
    // Spaces cover what is left of a longer previous line.
    auto width = line.size();
    if (width < m_drawn_width)
        line.append(m_drawn_width - width, ' ');
    write_to_stderr(m_err, "\r" + visible(line));
    m_drawn_width = width;
}

void Progress::finish() {
    if (m_drawn_width == 0)
        return;
    write_to_stderr(m_err, "\r" + std::string(m_drawn_width, ' ') + "\r");
    m_drawn_width = 0;
}

} // namespace smp::output
