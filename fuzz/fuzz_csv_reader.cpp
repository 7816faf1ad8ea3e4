// libFuzzer target: the CSV/TSV reader behind `smp import` (smp/io/csv_reader.hpp). An import
// reads whatever file a user points it at, so only smp::Error is an expected refusal; any other
// exception, a sanitizer report, a hang or a broken promise about rows is a crash. A first byte
// below 4 picks an explicit delimiter, so that path is fuzzed as well as sniffing.

#include "fuzz_check.hpp"

#include <smp/error.hpp>
#include <smp/io/csv_reader.hpp>

#include <optional>
#include <sstream>
#include <string>

using smp::fuzz::check;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::optional<char> delimiter;
    if (size > 0 && data[0] < 4) {
        constexpr char k_delimiters[] = {',', '\t', ';', '|'};
        delimiter = k_delimiters[data[0]];
        ++data;
        --size;
    }
    auto text = smp::fuzz::as_text(data, size);
    std::istringstream in{std::string(text)};
    try {
        smp::io::CsvReader reader(in, "fuzz.csv", delimiter);
        check(!reader.header().empty(), "a header has at least one column", text, "");
        smp::io::CsvRow row;
        long last_line = reader.header_line();
        while (reader.next(row)) {
            check(row.fields.size() == reader.header().size(), "every row has the header's width",
                  text, std::to_string(row.fields.size()));
            check(row.line > last_line, "rows start on increasing lines", text,
                  std::to_string(row.line));
            last_line = row.line;
        }
    } catch (const smp::Error&) {
    }
    return 0;
}
