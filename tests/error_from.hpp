#pragma once

// Runs `work`, which must throw smp::Error, and hands the error back for inspection.

#include <smp/error.hpp>

#include <stdexcept>

namespace smp::testing {

template <typename Work> Error error_from(Work&& work) {
    try {
        work();
    } catch (const Error& error) {
        return error;
    }
    throw std::logic_error("expected an smp::Error, but nothing was thrown");
}

} // namespace smp::testing
