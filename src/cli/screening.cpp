#include <smp/cli/records.hpp>
#include <smp/cli/screening.hpp>
#include <smp/store/screening.hpp>
#include <smp/store/sessions.hpp>
#include <smp/store/shades.hpp>
#include <smp/util/text.hpp>

#include <fmt/format.h>

#include <algorithm>

namespace smp::cli {
namespace {

bool contains(const std::vector<std::string>& list, const std::string& item) {
    return std::find(list.begin(), list.end(), item) != list.end();
}

void record_review(store::Store& store, const Client& client, const std::vector<std::string>& given,
                   Date date, bool screened) {
    auto flags = parse_choices(choices::contraindication, given);
    for (const auto& flag : flags)
        if (!contains(client.contraindications, flag))
            throw Error(Exit::data,
                        fmt::format("client {} (\"{}\") has no contraindication \"{}\" on record "
                                    "to review; {}",
                                    client.id, output::visible(client.name), flag,
                                    client.contraindications.empty()
                                        ? std::string("they have none")
                                        : "they have: " + join(client.contraindications, ", ")));
    store::ScreeningReview review{{}, format_date(date)};
    if (auto earlier = store::screening_review(store, client.id); earlier && !screened)
        review.flags = earlier->flags; // adds to the review of the same screening
    for (const auto& flag : flags)
        if (!contains(review.flags, flag))
            review.flags.push_back(flag);
    store::set_screening_review(store, client.id, review);
}

void record_patch_test(Context& context, store::Store& store, const Client& client,
                       const ScreeningExtras& extras) {
    store::PatchTest test;
    test.client_id = client.id;
    test.tested_on = past_day("patch test date", *extras.patch_test, context.today());
    test.result = *extras.patch_result;
    if (extras.lot)
        test.lot_id = store::resolve_lot(store, *extras.lot).id;
    store::insert_patch_test(store, test);
}

} // namespace

void check_screening_extras(const ScreeningExtras& extras) {
    if (extras.patch_test && !extras.patch_result)
        throw Error(Exit::usage, "a patch test needs its result: add --patch-result ok or "
                                 "--patch-result reaction");
    if (!extras.patch_test && (extras.patch_result || extras.lot))
        throw Error(Exit::usage, "--patch-result and --lot describe a patch test: add "
                                 "--patch-test DATE");
    if (extras.patch_result && *extras.patch_result != "ok" && *extras.patch_result != "reaction")
        throw Error(Exit::usage, fmt::format("invalid --patch-result \"{}\": use ok or reaction",
                                             output::visible(*extras.patch_result)));
}

void record_screening_extras(Context& context, store::Store& store, const Client& client,
                             const ScreeningExtras& extras, Date date, bool screened) {
    if (screened)
        store::drop_screening_review(store, client.id); // a new screening is looked at afresh
    if (!extras.reviewed.empty())
        record_review(store, client, extras.reviewed, date, screened);
    if (extras.patch_test)
        record_patch_test(context, store, client, extras);
}

Client without_reviewed(store::Store& store, Client client) {
    if (auto review = store::screening_review(store, client.id))
        std::erase_if(client.contraindications,
                      [&](const std::string& flag) { return contains(review->flags, flag); });
    return client;
}

std::vector<std::string> patch_test_concerns(Context& context, store::Store& store,
                                             const Client& client, const Session& session) {
    std::vector<std::string> concerns;
    auto latest = store::latest_patch_test(store, client.id, format_date(session.date));
    if (latest && latest->result == "reaction")
        concerns.push_back(
            fmt::format("client {} (\"{}\") reacted to the patch test on {}{}", client.id,
                        output::visible(client.name), format_date(latest->tested_on),
                        latest->lot_number ? " (lot " + *latest->lot_number + ")" : std::string{}));
    const auto& within = context.config().patch_test_within;
    if (!within || session.kind != SessionKind::course)
        return concerns;
    auto course = store::course_state(store, client, context.config().planned_sessions,
                                      session.id ? std::optional(session.id) : std::nullopt);
    if (course.done > 0 || course.scheduled > 0)
        return concerns; // not the first course session
    if (!latest || latest->tested_on < add_span(session.date, *within, -1))
        concerns.push_back(fmt::format("client {} (\"{}\") has no patch test within {} before "
                                       "this first session; record one with `smp client screen "
                                       "{} --patch-test DATE --patch-result ok|reaction`",
                                       client.id, output::visible(client.name),
                                       format_span(*within), client.id));
    return concerns;
}

output::Record patch_test_record(const store::PatchTest& test) {
    return output::Record{
        {{"tested_on", format_date(test.tested_on)},
         {"result", test.result},
         {"lot", test.lot_number ? output::Value{*test.lot_number} : output::Value{}}},
        {}};
}

void add_screening_fields(store::Store& store, const Client& client, output::Record& record,
                          bool machine) {
    auto review = store::screening_review(store, client.id);
    auto test = store::latest_patch_test(store, client.id, "9999-12-31");
    if (machine) { // the same facts, each in its own field
        auto& fields = record.fields;
        fields.push_back({"contraindications_reviewed",
                          text_list(review ? review->flags : std::vector<std::string>{})});
        fields.push_back({"contraindications_reviewed_on",
                          review ? output::Value{review->reviewed_on} : output::Value{}});
        fields.push_back({"patch_test_on",
                          test ? output::Value{format_date(test->tested_on)} : output::Value{}});
        fields.push_back(
            {"patch_test_result", test ? output::Value{test->result} : output::Value{}});
        fields.push_back({"patch_test_lot", test && test->lot_number
                                                ? output::Value{*test->lot_number}
                                                : output::Value{}});
        return;
    }
    record.fields.push_back({"contraindications_reviewed",
                             review
                                 ? output::Value{fmt::format("{} (on {})", join(review->flags, ","),
                                                             review->reviewed_on)}
                                 : output::Value{}});
    record.fields.push_back(
        {"patch_test",
         test ? output::Value{fmt::format("{} {}{}", format_date(test->tested_on), test->result,
                                          test->lot_number ? " (lot " + *test->lot_number + ")"
                                                           : std::string{})}
              : output::Value{}});
}

} // namespace smp::cli
