#pragma once

#include <smp/cli/context.hpp>

#include <memory>
#include <string>

namespace smp::cli {

// Output sent through a pager ($PAGER, else `less -FRX`) for as long as this lives: standard
// output is the pager's input, and goes back to the terminal when it ends, after the pager
// has quit.
class Pager {
  public:
    Pager(int pid, int saved_stdout) : m_pid(pid), m_saved_stdout(saved_stdout) {}
    Pager(const Pager&) = delete;
    Pager& operator=(const Pager&) = delete;
    ~Pager();

  private:
    int m_pid;
    int m_saved_stdout;
};

// Starts the pager for a listing (`command` is its path, "client list"), as git does: only
// when standard output is a terminal, the command lists records, and neither --no-pager nor
// `pager = false` in the config says otherwise. Returns null when there is none.
std::unique_ptr<Pager> start_pager(Context& context, const std::string& command);

} // namespace smp::cli
