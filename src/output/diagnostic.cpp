#include <smp/output/diagnostic.hpp>
#include <smp/output/output.hpp>

#include <cerrno>
#include <csignal>
#include <ctime>
#include <fcntl.h>
#include <unistd.h>

namespace smp::output {

void write_to_stderr(std::FILE* err, std::string_view text) {
    // SIGPIPE is held back while writing: a stderr pipe whose reader has gone must not kill
    // smp (after a commit that would turn a success into exit 141). A SIGPIPE this write
    // raised is taken off again before the mask is restored.
    sigset_t pipe_only, previous;
    sigemptyset(&pipe_only);
    sigaddset(&pipe_only, SIGPIPE);
    sigprocmask(SIG_BLOCK, &pipe_only, &previous);
    bool written =
        std::fwrite(text.data(), 1, text.size(), err) == text.size() && std::fflush(err) == 0;
    bool broken = !written && errno == EPIPE;
    std::clearerr(err); // a later message tries again (the disk may have room by then)
    if (broken) {
        timespec no_wait{0, 0};
        sigtimedwait(&pipe_only, nullptr, &no_wait);
    }
    sigprocmask(SIG_SETMASK, &previous, nullptr);
}

void print_diagnostic(std::FILE* err, std::string_view line) {
    try {
        write_to_stderr(err, visible(line) + "\n");
    } catch (...) {
        // Out of memory for the escaped copy: a message is never worth the command.
    }
}

void open_standard_streams() {
    for (int fd = 0; fd <= 2; ++fd) {
        if (::fcntl(fd, F_GETFD) != -1 || errno != EBADF)
            continue;
        // open() returns the lowest free descriptor: this one.
        int opened = ::open("/dev/null", fd == 2 ? O_WRONLY : O_RDONLY);
        if (opened >= 0 && opened != fd) {
            ::dup2(opened, fd);
            ::close(opened);
        }
    }
}

} // namespace smp::output
