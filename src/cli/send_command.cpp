#include "send_command.hpp"

#include <smp/error.hpp>

#include <fmt/format.h>

#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <poll.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

namespace smp::cli {
namespace {

constexpr int k_grace_seconds = 2;

// The message in memory (never a file in /tmp: it names a client), readable as stdin.
int message_input(const std::string& message) {
    int fd = ::memfd_create("smp-reminder", MFD_CLOEXEC);
    if (fd < 0)
        throw Error(Exit::io, fmt::format("cannot hold the reminder message for the --exec "
                                          "command: {}",
                                          std::strerror(errno)));
    for (std::size_t written = 0; written < message.size();) {
        auto n = ::write(fd, message.data() + written, message.size() - written);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0) {
            ::close(fd);
            throw Error(Exit::io,
                        fmt::format("cannot hold the reminder message: {}", std::strerror(errno)));
        }
        written += static_cast<std::size_t>(n);
    }
    ::lseek(fd, 0, SEEK_SET);
    return fd;
}

double seconds_since(const timespec& start) {
    timespec now{};
    ::clock_gettime(CLOCK_MONOTONIC, &now);
    return static_cast<double>(now.tv_sec - start.tv_sec) +
           static_cast<double>(now.tv_nsec - start.tv_nsec) / 1e9;
}

constexpr std::size_t k_first_line_max = 200;

// What the command writes: passed on to smp's stderr as it comes (a failing stderr is the
// command's loss, not a reason to stop), its first line that is not blank kept.
class CommandOutput {
  public:
    explicit CommandOutput(int fd) : m_fd(fd) {}
    // Reads what is there without waiting.
    void drain() {
        char buffer[4096];
        for (;;) {
            auto n = ::read(m_fd, buffer, sizeof buffer);
            if (n < 0 && errno == EINTR)
                continue;
            if (n <= 0)
                return;
            auto size = static_cast<std::size_t>(n);
            [[maybe_unused]] auto ignored = ::write(STDERR_FILENO, buffer, size);
            keep(std::string_view(buffer, size));
        }
    }
    // Waits up to `ms` for more output.
    void wait(int ms) {
        pollfd ready{m_fd, POLLIN, 0};
        if (::poll(&ready, 1, ms) > 0)
            drain();
    }
    std::string first_line() const {
        auto end = m_line.find('\n');
        auto line = m_line.substr(0, std::min(end, k_first_line_max));
        while (!line.empty() && (line.back() == '\r' || line.back() == ' '))
            line.pop_back();
        return line;
    }

  private:
    void keep(std::string_view data) {
        for (char c : data) {
            if (m_line.find('\n') != std::string::npos || m_line.size() > k_first_line_max)
                return;
            if (c == '\n' && m_line.find_first_not_of(" \t\r") == std::string::npos)
                m_line.clear(); // a blank line is no reason
            else
                m_line += c;
        }
    }
    int m_fd;
    std::string m_line;
};

// Waits for the child, stopping its whole process group (the shell and what it started)
// once the limit has passed. Returns the wait status.
int wait_with_limit(pid_t child, int limit_seconds, bool& timed_out, CommandOutput& output) {
    timespec start{};
    ::clock_gettime(CLOCK_MONOTONIC, &start);
    bool terminated = false, killed = false;
    for (;;) {
        int status = 0;
        pid_t done = ::waitpid(child, &status, WNOHANG);
        if (done == child)
            return status;
        if (done < 0 && errno != EINTR)
            return 0;
        double elapsed = seconds_since(start);
        if (!terminated && elapsed >= limit_seconds) {
            timed_out = terminated = true;
            ::kill(-child, SIGTERM);
        } else if (terminated && !killed && elapsed >= limit_seconds + k_grace_seconds) {
            killed = true;
            ::kill(-child, SIGKILL);
        }
        output.wait(20);
    }
}

} // namespace

SendResult run_send_command(const std::string& command, const Outgoing& message,
                            const std::string& attachment_path, int limit_seconds) {
    const auto& r = message.reminder;
    const auto& to = message.to;
    int input = message_input(r.message);
    int pipe_ends[2];
    if (::pipe2(pipe_ends, O_CLOEXEC) != 0) {
        ::close(input);
        throw Error(Exit::io,
                    fmt::format("cannot start the --exec command: {}", std::strerror(errno)));
    }
    std::fflush(nullptr);
    pid_t child = ::fork();
    if (child == 0) {
        ::setpgid(0, 0); // its own group, so a time-out stops what the shell started too
        ::dup2(input, STDIN_FILENO);
        ::dup2(pipe_ends[1], STDOUT_FILENO);
        ::dup2(pipe_ends[1], STDERR_FILENO);
        std::signal(SIGXFSZ, SIG_DFL); // smp's own choice, not the command's
        ::setenv("SMP_CLIENT_ID", std::to_string(r.client_id).c_str(), 1);
        ::setenv("SMP_NAME", to.name.c_str(), 1);
        ::setenv("SMP_EMAIL", to.email.value_or("").c_str(), 1);
        ::setenv("SMP_PHONE", to.phone.value_or("").c_str(), 1);
        ::setenv("SMP_DUE", r.due.c_str(), 1);
        ::setenv("SMP_KIND", std::string(message_kind_name(r.kind)).c_str(), 1);
        ::setenv("SMP_SUBJECT", message.subject.c_str(), 1);
        ::setenv("SMP_SESSION_ID", r.session_id ? std::to_string(*r.session_id).c_str() : "", 1);
        ::setenv("SMP_ATTACHMENT", attachment_path.c_str(), 1);
        ::setenv("SMP_CHANNEL", r.channel.c_str(), 1);
        ::setenv("SMP_ADDRESS", r.address.c_str(), 1);
        ::execl("/bin/sh", "sh", "-c", command.c_str(), static_cast<char*>(nullptr));
        ::_exit(127);
    }
    ::close(input);
    ::close(pipe_ends[1]);
    if (child < 0) {
        ::close(pipe_ends[0]);
        throw Error(Exit::software, "cannot start the --exec command (fork failed)");
    }
    ::setpgid(child, child); // also here: the group must exist before a kill could be sent
    ::fcntl(pipe_ends[0], F_SETFL, O_NONBLOCK);
    CommandOutput output(pipe_ends[0]);
    SendResult result;
    int status = wait_with_limit(child, limit_seconds, result.timed_out, output);
    output.drain(); // what it wrote just before it ended (a background child's later output
                    // is not waited for)
    ::close(pipe_ends[0]);
    result.status = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    result.first_line = output.first_line();
    return result;
}

} // namespace smp::cli
