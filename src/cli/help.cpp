#include <smp/cli/commands.hpp>
#include <smp/error.hpp>
#include <smp/output/output.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <cerrno>
#include <fcntl.h>
#include <memory>
#include <sys/wait.h>
#include <unistd.h>

namespace smp::cli {
namespace {

// 127 is the shell's "not found", used by the child below when the program is missing.
constexpr int k_not_found = 127;

// The manual page a topic is documented in: each command has a page under its own name
// (installed as a link where another page documents it), the config file has section 5.
std::vector<std::string> man_arguments(const std::vector<std::string>& topic) {
    if (topic.empty())
        return {"man", "smp"};
    if (topic.front() == "config")
        return {"man", "5", "smp-config"};
    return {"man", "1", "smp-" + topic.front()};
}

// Runs ARGUMENTS (searched on PATH) and returns its exit status, k_not_found if it could not
// be started. A quiet program's output goes nowhere.
int run_program(const std::vector<std::string>& arguments, bool quiet = false) {
    std::vector<char*> argv;
    for (const auto& argument : arguments)
        argv.push_back(const_cast<char*>(argument.c_str()));
    argv.push_back(nullptr);
    std::fflush(nullptr);
    pid_t child = ::fork();
    if (child == 0) {
        if (quiet) {
            int nowhere = ::open("/dev/null", O_WRONLY);
            ::dup2(nowhere, STDOUT_FILENO);
            ::dup2(nowhere, STDERR_FILENO);
        }
        ::execvp(argv[0], argv.data());
        ::_exit(k_not_found);
    }
    if (child < 0)
        return k_not_found;
    int status = 0;
    while (::waitpid(child, &status, 0) < 0 && errno == EINTR) {
    }
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

// Without man, or without the page (smp run from its build folder), the command's own --help:
// smp runs itself again, so the help is exactly what `smp TOPIC... --help` prints.
[[noreturn]] void show_command_help(const std::vector<std::string>& topic) {
    std::vector<std::string> arguments{"smp"};
    if (topic.empty() || topic.front() != "config")
        arguments.insert(arguments.end(), topic.begin(), topic.end());
    arguments.push_back("--help");
    std::vector<char*> argv;
    for (const auto& argument : arguments)
        argv.push_back(const_cast<char*>(argument.c_str()));
    argv.push_back(nullptr);
    std::fflush(nullptr);
    ::execv("/proc/self/exe", argv.data());
    throw Error(Exit::software, "cannot show the help: smp could not run itself");
}

// The words must name a command (and its subcommands) smp has, or `config`.
void check_topic(CLI::App* help, const std::vector<std::string>& topic) {
    if (topic.empty() || topic.front() == "config")
        return;
    std::vector<std::string> names;
    for (auto* command : help->get_parent()->get_subcommands(
             [](CLI::App* sub) { return !sub->get_group().empty(); }))
        names.push_back(command->get_name());
    if (std::find(names.begin(), names.end(), topic.front()) == names.end())
        throw Error(Exit::usage,
                    fmt::format("no command \"{}\" to show the manual of; the "
                                "commands are {}, and config for the config file",
                                output::visible(topic.front()), fmt::join(names, ", ")));
}

} // namespace

void fill_help_command(CLI::App* help, Context& context) {
    auto topic = std::make_shared<std::vector<std::string>>();
    help->add_option("command", *topic,
                     "The command (and subcommand) to show the manual of, "
                     "or config for the config file")
        ->type_name("COMMAND");
    when_run(help, context, [help, topic] {
        check_topic(help, *topic);
        auto man = man_arguments(*topic);
        auto where = man;
        where.insert(where.begin() + 1, "-w");
        // No man, or no page (smp run from its build folder): the --help, without man's
        // "No manual entry" first.
        if (run_program(where, true) != 0)
            show_command_help(*topic);
        if (int status = run_program(man); status != 0)
            throw Error(Exit::unavailable, fmt::format("man exited with status {}", status));
    });
}

} // namespace smp::cli
