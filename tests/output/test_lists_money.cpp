// Lists and amounts of money: one value each, written as each format promises (smp(1) JSON
// OUTPUT): an array and an amount twice in json, the text people and `smp import` know elsewhere.
#include <smp/output/output.hpp>

#include <catch2/catch.hpp>

#include "capture.hpp"

#include <string>
#include <vector>

using namespace smp::output;

namespace {

std::string render(Format format, const std::vector<std::string>& columns,
                   const std::vector<Value>& row) {
    Capture capture;
    auto writer = make_row_writer(format, {}, columns, capture.file());
    writer->row(row);
    writer->finish();
    return capture.text();
}

std::string render_record(Format format, const Record& record) {
    Capture capture;
    write_record(format, {}, record, capture.file());
    return capture.text();
}

List areas(std::string joined) {
    return List{std::move(joined)};
}

} // namespace

TEST_CASE("json writer: a list is an array, of strings or of numbers, [] when empty") {
    List ids{"3,8", true};
    CHECK(render(Format::json, {"areas", "overlaps", "lots"},
                 {areas("crown,fut-scar"), ids, List{}}) ==
          "[\n{\"areas\":[\"crown\",\"fut-scar\"],\"overlaps\":[3,8],\"lots\":[]}\n]\n");
    CHECK(render(Format::json, {"lots"}, {areas("L\"1")}) == "[\n{\"lots\":[\"L\\\"1\"]}\n]\n");
}

TEST_CASE("csv tsv and table writers: a list is its items comma-joined, blank when empty") {
    CHECK(render(Format::csv, {"areas", "lots"}, {areas("crown,temples"), List{}}) ==
          "areas,lots\n\"crown,temples\",\n");
    CHECK(render(Format::tsv, {"areas"}, {areas("crown,temples")}) == "areas\ncrown,temples\n");
    CHECK(render(Format::table, {"areas", "id"}, {areas("crown,temples"), std::int64_t{1}}) ==
          "areas          id\ncrown,temples   1\n");
}

TEST_CASE("json writer: an amount is the exact decimal text, then its minor units") {
    CHECK(render(Format::json, {"price", "currency"}, {Money{45050}, std::string("EUR")}) ==
          "[\n{\"price\":\"450.50\",\"price_minor\":45050,\"currency\":\"EUR\"}\n]\n");
    CHECK(render(Format::ndjson, {"price"}, {Money{}}) ==
          "{\"price\":null,\"price_minor\":null}\n");
    Record session{{{"id", std::int64_t{1}}, {"price", Money{120000}}}, {}};
    CHECK(render_record(Format::json, session) ==
          "{\"id\":1,\"price\":\"1200.00\",\"price_minor\":120000}\n");
}

TEST_CASE("csv and table writers: an amount has two decimals, blank without one") {
    CHECK(render(Format::csv, {"price", "deposit"}, {Money{45000}, Money{}}) ==
          "price,deposit\n450.00,\n");
    // `show` leaves out a field with no amount, as it leaves out an empty one.
    Record session{{{"id", std::int64_t{1}}, {"price", Money{}}, {"areas", List{}}}, {}};
    CHECK(render_record(Format::table, session) == "id  1\n");
    CHECK_FALSE(has_value(Money{}));
    CHECK_FALSE(has_value(List{}));
    CHECK(has_value(Money{0}));
}
