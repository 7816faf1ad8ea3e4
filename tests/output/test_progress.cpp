#include <smp/output/progress.hpp>

#include <catch2/catch.hpp>

#include "capture.hpp"

#include <cstdio>
#include <string>

using namespace smp::output;
using Catch::Matchers::Contains;

namespace {

std::string run_progress(bool show, std::chrono::milliseconds delay, int rows) {
    Capture capture;
    {
        Progress progress(capture.file(), "exporting sessions", 1000, show, delay);
        for (int i = 0; i < rows; ++i)
            progress.advance();
        CHECK(progress.done() == rows);
    }
    return capture.text();
}

} // namespace

TEST_CASE("progress: after the delay, rows of the total and the percentage, then cleared") {
    auto text = run_progress(true, std::chrono::milliseconds(0), 512);
    CHECK_THAT(text, Contains("\rexporting sessions: 256 of 1000 rows (25%)"));
    // Cleared at the end: the last thing written returns to the start of a blank line.
    REQUIRE(text.size() > 2);
    CHECK(text.back() == '\r');
    CHECK(text.substr(text.rfind('\r', text.size() - 2) + 1).find_first_not_of(" \r") ==
          std::string::npos);
}

TEST_CASE("progress: nothing at all within the first second (quick jobs stay quiet)") {
    CHECK(run_progress(true, std::chrono::seconds(60), 5000).empty());
}

TEST_CASE("progress: nothing when not shown (stderr is not a terminal)") {
    CHECK(run_progress(false, std::chrono::milliseconds(0), 5000).empty());
}

TEST_CASE("progress: a file is not a terminal") {
    Capture capture;
    CHECK_FALSE(Progress::on_terminal(capture.file()));
}
