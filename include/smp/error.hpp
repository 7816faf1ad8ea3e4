#pragma once

#include <stdexcept>
#include <string>

namespace smp {

// Exit codes from sysexits(3), documented in smp(1). A script branches on these, so they are a
// contract: never renumber one.
enum class Exit : int {
    ok = 0,
    no_match = 1,     // a query or search matched nothing
    usage = 64,       // bad option or argument
    data = 65,        // a value failed validation, or a record reference is unknown/ambiguous
    no_input = 66,    // a file that should exist does not
    unavailable = 69, // a command smp ran for it (touchup remind --exec) failed
    software = 70,    // internal error (a bug)
    cant_create = 73, // cannot create an output file
    io = 74,          // disk full, read-only file, other I/O failure
    busy = 75,        // records file locked by another process: try again
    config = 78,      // config file error
};

// A user-facing error: a sentence that quotes the offending value, and the exit code a script
// will see. Anything else that escapes to app.cpp is a bug and exits 70.
class Error : public std::runtime_error {
  public:
    Error(Exit code, const std::string& message) : std::runtime_error(message), m_code(code) {}
    Exit code() const { return m_code; }

  private:
    Exit m_code;
};

// A query that matched nothing: not an error message, just exit 1 (so `smp ... || ...` works).
struct NoMatch {};

} // namespace smp
