#include "send_command.hpp"

#include <smp/error.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <poll.h>
#include <spawn.h>
#include <string>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <vector>

extern char** environ;

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

double monotonic_seconds() {
    timespec now{};
    ::clock_gettime(CLOCK_MONOTONIC, &now);
    return static_cast<double>(now.tv_sec) + static_cast<double>(now.tv_nsec) / 1e9;
}

constexpr std::size_t k_first_line_max = 200;

// What the command writes: passed on to smp's stderr as it comes (a failing stderr is the
// command's loss, not a reason to stop), its first line that is not blank kept.
class CommandOutput {
  public:
    explicit CommandOutput(int fd) : m_fd(fd) {}
    // Reads what is there without waiting; false once the command's end of the pipe is closed
    // (it, and anything it started, has finished writing).
    bool drain() {
        char buffer[4096];
        for (;;) {
            auto n = ::read(m_fd, buffer, sizeof buffer);
            if (n < 0 && errno == EINTR)
                continue;
            if (n < 0)
                return errno == EAGAIN || errno == EWOULDBLOCK;
            if (n == 0)
                return false;
            auto size = static_cast<std::size_t>(n);
            [[maybe_unused]] auto ignored = ::write(STDERR_FILENO, buffer, size);
            keep(std::string_view(buffer, size));
        }
    }
    int fd() const { return m_fd; }
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

// A descriptor that becomes readable when the child ends (Linux 5.3 and later), so the
// wait sleeps in poll until the command writes or ends. Without it (-1) the wait looks at
// the child every few milliseconds. Polling the pipe alone spun: it reports its end before
// the child can be reaped, and a thousand messages spent a second of CPU there.
int watch_child(pid_t child) {
#ifdef SYS_pidfd_open
    return static_cast<int>(::syscall(SYS_pidfd_open, child, 0));
#else
    (void)child;
    return -1;
#endif
}

// Waits for the child, stopping its whole process group (the shell and what it started)
// once the limit has passed, passing its output on as it comes. Returns the wait status.
int wait_with_limit(pid_t child, double started, int limit_seconds, bool& timed_out,
                    CommandOutput& output) {
    int ended = watch_child(child);
    bool terminated = false, killed = false;
    pollfd watched[2] = {{output.fd(), POLLIN, 0}, {ended, POLLIN, 0}};
    for (;;) {
        int status = 0;
        pid_t done = ::waitpid(child, &status, WNOHANG);
        if (done == child || (done < 0 && errno != EINTR)) {
            if (ended >= 0)
                ::close(ended);
            return done == child ? status : 0;
        }
        double elapsed = monotonic_seconds() - started;
        if (!terminated && elapsed >= limit_seconds) {
            timed_out = terminated = true;
            ::kill(-child, SIGTERM);
        } else if (terminated && !killed && elapsed >= limit_seconds + k_grace_seconds) {
            killed = true;
            ::kill(-child, SIGKILL);
        }
        // A negative descriptor is skipped by poll: the pipe once closed, the child's
        // descriptor when there is none.
        int wait_ms = ended >= 0 ? 100 : 5;
        if (::poll(watched, 2, wait_ms) > 0 && watched[0].revents != 0 && !output.drain())
            watched[0].fd = -1;
    }
}

// smp's own environment with the message's variables set over it, for the command.
std::vector<char*> child_environment(std::vector<std::string>& variables) {
    std::vector<char*> environment;
    for (char** entry = environ; *entry; ++entry) {
        std::string_view text(*entry);
        auto name = std::string(text.substr(0, text.find('='))) + "=";
        bool replaced = std::any_of(variables.begin(), variables.end(), [&](const auto& variable) {
            return variable.rfind(name, 0) == 0;
        });
        if (!replaced)
            environment.push_back(*entry);
    }
    for (auto& variable : variables)
        environment.push_back(variable.data());
    environment.push_back(nullptr);
    return environment;
}

} // namespace

RunningCommand start_send_command(const std::string& command, const Outgoing& message,
                                  const std::string& attachment_path) {
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
    // posix_spawn (a vfork in glibc) instead of fork: smp's pages are not copied for each of
    // a thousand messages. The child gets its own process group (a time-out stops what the
    // shell started too), SIGXFSZ back to its default (smp's own choice, not the command's),
    // the message as stdin and one pipe for its output.
    std::vector<std::string> variables = {
        "SMP_CLIENT_ID=" + std::to_string(r.client_id),
        "SMP_NAME=" + to.name,
        "SMP_EMAIL=" + to.email.value_or(""),
        "SMP_PHONE=" + to.phone.value_or(""),
        "SMP_DUE=" + r.due,
        "SMP_KIND=" + std::string(message_kind_name(r.kind)),
        "SMP_SUBJECT=" + message.subject,
        "SMP_SESSION_ID=" + (r.session_id ? std::to_string(*r.session_id) : std::string()),
        "SMP_ATTACHMENT=" + attachment_path,
        "SMP_CHANNEL=" + r.channel,
        "SMP_ADDRESS=" + r.address};
    auto environment = child_environment(variables);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, input, STDIN_FILENO);
    posix_spawn_file_actions_adddup2(&actions, pipe_ends[1], STDOUT_FILENO);
    posix_spawn_file_actions_adddup2(&actions, pipe_ends[1], STDERR_FILENO);
    posix_spawnattr_t attributes;
    posix_spawnattr_init(&attributes);
    sigset_t defaults;
    sigemptyset(&defaults);
    sigaddset(&defaults, SIGXFSZ);
    posix_spawnattr_setsigdefault(&attributes, &defaults);
    posix_spawnattr_setpgroup(&attributes, 0);
    posix_spawnattr_setflags(&attributes, POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGDEF);
    const char* argv[] = {"sh", "-c", command.c_str(), nullptr};
    pid_t child = -1;
    int spawned = ::posix_spawn(&child, "/bin/sh", &actions, &attributes,
                                const_cast<char* const*>(argv), environment.data());
    posix_spawn_file_actions_destroy(&actions);
    posix_spawnattr_destroy(&attributes);
    ::close(input);
    ::close(pipe_ends[1]);
    if (spawned != 0) {
        ::close(pipe_ends[0]);
        throw Error(Exit::software,
                    fmt::format("cannot start the --exec command: {}", std::strerror(spawned)));
    }
    ::fcntl(pipe_ends[0], F_SETFL, O_NONBLOCK);
    return {child, pipe_ends[0], monotonic_seconds()};
}

SendResult finish_send_command(RunningCommand& running, int limit_seconds) {
    CommandOutput output(running.output);
    SendResult result;
    int status =
        wait_with_limit(running.child, running.started, limit_seconds, result.timed_out, output);
    output.drain(); // what it wrote just before it ended (a background child's later output
                    // is not waited for)
    ::close(running.output);
    running.output = -1;
    result.status = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    result.first_line = output.first_line();
    return result;
}

} // namespace smp::cli
