// `client duplicates` and `client merge`: one person entered twice, found and made one again.
#include <smp/cli/commands.hpp>
#include <smp/cli/records.hpp>
#include <smp/cli/valid.hpp>
#include <smp/io/photo_files.hpp>
#include <smp/output/output.hpp>
#include <smp/store/clients.hpp>
#include <smp/store/duplicates.hpp>
#include <smp/store/merge.hpp>

#include <fmt/format.h>

namespace smp::cli {
namespace {

output::Value text_or_blank(const std::optional<std::string>& text) {
    return text ? output::Value{*text} : output::Value{};
}

output::Record duplicate_record(const store::LikelyDuplicate& d) {
    return {{{"id", d.first.id},
             {"name", d.first.name},
             {"phone", text_or_blank(d.first.phone)},
             {"email", text_or_blank(d.first.email)},
             {"duplicate_id", d.second.id},
             {"duplicate_name", d.second.name},
             {"duplicate_phone", text_or_blank(d.second.phone)},
             {"duplicate_email", text_or_blank(d.second.email)},
             {"reason", d.reason}},
            {}};
}

void list_duplicates(Context& context) {
    auto& store = context.store(store::Access::existing);
    auto pairs = store::likely_duplicates(store);
    auto count = write_list(context, {"id", "name", "duplicate_id", "duplicate_name", "reason"},
                            duplicate_record({}), "no likely duplicates", [&](auto&& emit) {
                                for (const auto& pair : pairs)
                                    emit(duplicate_record(pair));
                            });
    if (count == 0)
        throw NoMatch{};
    if (context.format() == output::Format::table)
        context.tell("make two records of one person one with `smp client merge KEEP OTHER "
                     "--dry-run`, then without --dry-run");
}

std::string quoted_or_none(const std::string& value) {
    return value.empty() ? "nothing" : fmt::format("\"{}\"", output::visible(value));
}

// The plan, in a practitioner's words: what moves, what is filled in, what differs.
void print_plan(Context& context, const store::MergePlan& plan) {
    const auto &keep = plan.keep, &other = plan.other;
    fmt::print(context.out, "merge client {} \"{}\" into client {} \"{}\":\n", other.id,
               output::visible(other.name), keep.id, output::visible(keep.name));
    for (const auto& [kind, count] : plan.moves)
        fmt::print(context.out, "  move {} {} record{}\n", count, kind, count == 1 ? "" : "s");
    for (const auto& f : plan.fills)
        fmt::print(context.out, "  fill {}: {}\n", f.field, quoted_or_none(f.other));
    for (const auto& f : plan.conflicts)
        fmt::print(context.out, "  {} {}: {} (client {} has {}){}\n", f.taken ? "take" : "keep",
                   f.field, quoted_or_none(f.taken ? f.other : f.kept),
                   f.taken ? keep.id : other.id, quoted_or_none(f.taken ? f.kept : f.other),
                   f.taken ? "" : fmt::format("; --take {} to take it", f.field));
    fmt::print(context.out, "  remove client {}; an import of its uuid {} will update client {}\n",
               other.id, other.uuid, keep.id);
}

void merge_clients(Context& context, const std::string& keep_ref, const std::string& other_ref,
                   const std::vector<std::string>& take, bool dry_run) {
    auto& store = context.store(dry_run ? store::Access::existing : store::Access::create);
    auto keep = store::resolve_client(store, keep_ref);
    auto other = store::resolve_client(store, other_ref);
    if (keep.id == other.id)
        throw Error(Exit::usage,
                    fmt::format("\"{}\" and \"{}\" are both client {}; give two "
                                "different clients",
                                output::visible(keep_ref), output::visible(other_ref), keep.id));
    auto plan = store::plan_merge(store, keep.id, other.id, take);
    print_plan(context, plan);
    context.flush_output();
    if (dry_run) {
        context.tell("nothing changed (--dry-run)");
        return;
    }
    auto question = fmt::format("Merge client {} ({}) into client {} ({}) and remove client {}? "
                                "This cannot be undone.",
                                other.id, output::visible(other.name), keep.id,
                                output::visible(keep.name), other.id);
    if (!context.confirm(question, fmt::format("merge client {} into {}", other.id, keep.id)))
        throw Error(Exit::usage,
                    fmt::format("kept clients {} and {}: merge not confirmed", keep.id, other.id));
    // Their photos first get a second name in the kept client's folder; once the records say
    // whose they are, the merged client's folder goes.
    auto records = context.records_path();
    auto links = io::link_client_photos(records, other.uuid, keep.uuid);
    try {
        store::merge_clients(store, plan, context.today());
    } catch (...) {
        io::undo_photo_links(links);
        throw;
    }
    io::remove_client_photos(records, other.uuid);
    context.tell(fmt::format("merged client {} into client {}", other.id, keep.id));
}

} // namespace

const Choice& merge_take_choice() {
    static const std::vector<std::string_view> fields = store::merge_fields();
    static const Choice choice{"field", fields};
    return choice;
}

void add_client_merge_commands(CLI::App& client, Context& context) {
    struct Arguments {
        std::string keep, other;
        std::vector<std::string> take;
        bool dry_run = false;
    };
    auto args = std::make_shared<Arguments>();

    auto duplicates = client.add_subcommand("duplicates", "List clients who are likely one "
                                                          "person entered twice");
    when_run(duplicates, context, [&context] { list_duplicates(context); });

    auto merge = client.add_subcommand("merge", "Make two clients one: move OTHER's records to "
                                                "KEEP and remove OTHER (asks first)");
    merge->add_option("KEEP", args->keep, "The client kept: id or part of the name")->required();
    merge->add_option("OTHER", args->other, "The client merged into KEEP and removed")->required();
    merge
        ->add_option("--take", args->take,
                     "Take these fields from OTHER where both have a value; repeatable or "
                     "comma-separated")
        ->type_name("FIELD")
        ->delimiter(',')
        ->check(valid::choice(merge_take_choice()));
    merge->add_flag("-n,--dry-run", args->dry_run, "Show what the merge would do; change nothing");
    when_run(merge, context, [&context, args] {
        merge_clients(context, args->keep, args->other,
                      parse_choices(merge_take_choice(), args->take), args->dry_run);
    });
}

} // namespace smp::cli
