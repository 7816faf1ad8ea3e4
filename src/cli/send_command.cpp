#include "send_command.hpp"

#include <smp/error.hpp>

#include <fmt/format.h>

#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstring>
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

// Waits for the child, stopping its whole process group (the shell and what it started)
// once the limit has passed. Returns the wait status.
int wait_with_limit(pid_t child, int limit_seconds, bool& timed_out) {
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
        timespec pause{0, 20'000'000};
        ::nanosleep(&pause, nullptr);
    }
}

} // namespace

SendResult run_send_command(const std::string& command, const store::Reminder& r,
                            const store::DueRow& row, int limit_seconds) {
    int input = message_input(r.message);
    std::fflush(nullptr);
    pid_t child = ::fork();
    if (child == 0) {
        ::setpgid(0, 0); // its own group, so a time-out stops what the shell started too
        ::dup2(input, STDIN_FILENO);
        ::dup2(STDERR_FILENO, STDOUT_FILENO);
        std::signal(SIGXFSZ, SIG_DFL); // smp's own choice, not the command's
        ::setenv("SMP_CLIENT_ID", std::to_string(r.client_id).c_str(), 1);
        ::setenv("SMP_NAME", row.name.c_str(), 1);
        ::setenv("SMP_EMAIL", row.email.value_or("").c_str(), 1);
        ::setenv("SMP_PHONE", row.phone.value_or("").c_str(), 1);
        ::setenv("SMP_DUE", r.due.c_str(), 1);
        ::setenv("SMP_KIND", std::string(due_kind_name(r.kind)).c_str(), 1);
        ::setenv("SMP_CHANNEL", r.channel.c_str(), 1);
        ::setenv("SMP_ADDRESS", r.address.c_str(), 1);
        ::execl("/bin/sh", "sh", "-c", command.c_str(), static_cast<char*>(nullptr));
        ::_exit(127);
    }
    ::close(input);
    if (child < 0)
        throw Error(Exit::software, "cannot start the --exec command (fork failed)");
    ::setpgid(child, child); // also here: the group must exist before a kill could be sent
    SendResult result;
    int status = wait_with_limit(child, limit_seconds, result.timed_out);
    result.status = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    return result;
}

} // namespace smp::cli
