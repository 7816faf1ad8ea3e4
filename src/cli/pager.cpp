#include <smp/cli/pager.hpp>

#include <cerrno>
#include <cstdlib>
#include <set>
#include <string_view>
#include <sys/ioctl.h>
#include <sys/wait.h>
#include <unistd.h>

namespace smp::cli {
namespace {

// The commands whose output can run longer than a screen. Commands that ask for confirmation
// or write records are not here: a pager would hide the question.
const std::set<std::string, std::less<>> k_listings = {
    "client list", "client show",    "session list",     "session show", "shade list",
    "shade show",  "shade lot list", "shade trace",      "touchup due",  "touchup list",
    "agenda",      "check",          "touchup calendar",
};

bool on_path(std::string_view program) {
    const char* path = std::getenv("PATH");
    std::string_view folders = path ? path : "/usr/bin:/bin";
    while (!folders.empty()) {
        auto end = folders.find(':');
        auto folder = folders.substr(0, end);
        if (::access((std::string(folder) + "/" + std::string(program)).c_str(), X_OK) == 0)
            return true;
        folders = end == std::string_view::npos ? "" : folders.substr(end + 1);
    }
    return false;
}

// SMP_PAGER, else PAGER, else less if there is one (a minimal system may have none): empty
// means no pager.
std::string pager_command() {
    const char* chosen = std::getenv("SMP_PAGER");
    if (!chosen)
        chosen = std::getenv("PAGER");
    if (chosen)
        return chosen;
    // -F: quit at once when it fits the screen; -R: show colours; -X: leave it on the screen.
    return on_path("less") ? "less -FRX" : "";
}

} // namespace

Pager::~Pager() {
    std::fflush(stdout);
    // The pager reads until its input closes: standard output back to the terminal closes it.
    ::dup2(m_saved_stdout, STDOUT_FILENO);
    ::close(m_saved_stdout);
    int status = 0;
    while (::waitpid(m_pid, &status, 0) < 0 && errno == EINTR) {
    }
}

std::unique_ptr<Pager> start_pager(Context& context, const std::string& command) {
    if (context.options.no_pager || !k_listings.count(command) || context.out != stdout ||
        !::isatty(STDOUT_FILENO) || !context.config().pager)
        return nullptr;
    // A dumb terminal (or none named) cannot page: less would stop to warn about it.
    const char* term = std::getenv("TERM");
    auto pager = pager_command();
    if (pager.empty() || pager == "cat" || !term || std::string_view(term) == "dumb")
        return nullptr;
    winsize size{};
    context.paged_width =
        ::ioctl(STDOUT_FILENO, TIOCGWINSZ, &size) == 0 && size.ws_col > 0 ? size.ws_col : 0;
    int pipe_ends[2];
    if (::pipe(pipe_ends) != 0)
        return nullptr;
    std::fflush(stdout);
    pid_t child = ::fork();
    if (child < 0) {
        ::close(pipe_ends[0]);
        ::close(pipe_ends[1]);
        return nullptr;
    }
    if (child == 0) {
        ::dup2(pipe_ends[0], STDIN_FILENO);
        ::close(pipe_ends[0]);
        ::close(pipe_ends[1]);
        ::execl("/bin/sh", "sh", "-c", pager.c_str(), static_cast<char*>(nullptr));
        ::_exit(127);
    }
    int saved = ::dup(STDOUT_FILENO);
    ::dup2(pipe_ends[1], STDOUT_FILENO);
    ::close(pipe_ends[0]);
    ::close(pipe_ends[1]);
    return std::make_unique<Pager>(child, saved);
}

} // namespace smp::cli
