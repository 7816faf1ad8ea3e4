#include <smp/output/progress.hpp>

#include <catch2/catch.hpp>

#include <cstdio>
#include <stdexcept>
#include <string>

using namespace smp::output;
using Catch::Matchers::Contains;

namespace {

std::string read_all(std::FILE* file) {
    std::fflush(file);
    std::rewind(file);
    std::string out;
    char chunk[4096];
    std::size_t got;
    while ((got = std::fread(chunk, 1, sizeof chunk, file)) > 0)
        out.append(chunk, got);
    return out;
}

std::string run_progress(bool show, std::chrono::milliseconds delay, int rows) {
    std::FILE* file = std::tmpfile();
    if (!file)
        throw std::runtime_error("tmpfile() failed");
    {
        Progress progress(file, "exporting sessions", 1000, show, delay);
        for (int i = 0; i < rows; ++i)
            progress.advance();
        CHECK(progress.done() == rows);
    }
    auto text = read_all(file);
    std::fclose(file);
    return text;
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
    std::FILE* file = std::tmpfile();
    REQUIRE(file);
    CHECK_FALSE(Progress::on_terminal(file));
    std::fclose(file);
}
