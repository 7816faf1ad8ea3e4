#include "import_engine.hpp"

// `smp import all FOLDER`: a folder written by `smp export all` read back whole, so that a
// practice moved into a new records file keeps every record, consents and reminders included.

namespace smp::cli {
namespace {

namespace fs = std::filesystem;

// The order the kinds are written in: each after the kinds its rows refer to (a lot to its
// shade; a session to its client, shade and lots; a payment to its session). Erasures come
// first, so that no row of the folder brings an erased person back.
constexpr std::array<std::string_view, 9> k_import_order = {"erasures",  "shades",   "lots",
                                                            "clients",   "sessions", "consents",
                                                            "reminders", "attempts", "payments"};

// A MANIFEST.txt line naming a file ("clients.csv: 12 rows"): its kind and extension; nothing
// for a line that describes the files for people. (No std::regex: g++ 12 warns inside it
// under the sanitizers, and it is a heavy header for one line shape.)
std::optional<std::pair<std::string, std::string>> listed_file(std::string_view line) {
    auto is_lower = [](std::string_view text, bool underscore) {
        return !text.empty() && std::all_of(text.begin(), text.end(), [&](char c) {
            return (c >= 'a' && c <= 'z') || (underscore && c == '_');
        });
    };
    auto dot = line.find('.'), colon = line.find(": ");
    if (dot == std::string_view::npos || colon == std::string_view::npos || colon < dot)
        return std::nullopt;
    auto kind = line.substr(0, dot), extension = line.substr(dot + 1, colon - dot - 1);
    auto rest = line.substr(colon + 2);
    auto space = rest.find(' ');
    if (!is_lower(kind, true) || !is_lower(extension, false) || space == std::string_view::npos)
        return std::nullopt;
    auto count = rest.substr(0, space), word = rest.substr(space + 1);
    bool digits = !count.empty() && std::all_of(count.begin(), count.end(),
                                                [](char c) { return c >= '0' && c <= '9'; });
    if (!digits || (word != "row" && word != "rows"))
        return std::nullopt;
    return std::pair{std::string(kind), std::string(extension)};
}

// The files MANIFEST.txt lists ("clients.csv: 12 rows"), by kind.
std::map<std::string, std::string> listed_files(const fs::path& manifest) {
    std::ifstream in(manifest, std::ios::binary);
    if (!in)
        throw Error(Exit::no_input,
                    fmt::format("cannot read \"{}\"; check its permissions", manifest.string()));
    std::map<std::string, std::string> files;
    std::string line;
    for (long number = 1; std::getline(in, line); ++number) {
        auto listed = listed_file(line);
        if (!listed)
            continue;
        const auto& [kind, extension] = *listed;
        auto where = fmt::format("{}:{}", manifest.string(), number);
        if (std::find(k_import_order.begin(), k_import_order.end(), kind) == k_import_order.end())
            throw Error(Exit::data, fmt::format("{}: \"{}\" is no kind smp imports; was the "
                                                "folder written by a newer smp?",
                                                where, output::visible(line)));
        if (extension != "csv" && extension != "tsv")
            throw Error(Exit::data, fmt::format("{}: {}.{} is {}, and smp imports csv or tsv; "
                                                "export again without --format (csv) or with "
                                                "--format tsv",
                                                where, kind, extension, extension));
        files[kind] = kind + "." + extension;
    }
    if (files.empty())
        throw Error(Exit::data, fmt::format("\"{}\" lists no files; is it from `smp export "
                                            "all`?",
                                            manifest.string()));
    return files;
}

// The folder's files in the order they are imported, each checked to be there.
std::vector<std::pair<std::string, fs::path>> files_to_import(const std::string& folder) {
    std::error_code error;
    if (!fs::is_directory(folder, error))
        throw Error(Exit::no_input,
                    fmt::format("cannot import \"{}\": {}; give the folder `smp export all "
                                "--output` wrote",
                                output::visible(folder),
                                fs::exists(folder, error) ? "it is a file, not a folder"
                                                          : "no such folder"));
    auto manifest = fs::path(folder) / "MANIFEST.txt";
    if (!fs::exists(manifest, error))
        throw Error(Exit::no_input,
                    fmt::format("\"{}\" has no MANIFEST.txt, so it is not a folder from `smp "
                                "export all`; import its files one kind at a time (`smp import "
                                "clients FILE`...)",
                                output::visible(folder)));
    auto listed = listed_files(manifest);
    std::vector<std::pair<std::string, fs::path>> files;
    for (auto kind : k_import_order) {
        auto found = listed.find(std::string(kind));
        if (found == listed.end())
            continue; // an older smp's export, without that kind
        auto path = fs::path(folder) / found->second;
        if (!fs::exists(path, error))
            throw Error(Exit::no_input, fmt::format("\"{}\" is listed in MANIFEST.txt but "
                                                    "missing; export all again",
                                                    path.string()));
        files.emplace_back(std::string(kind), path);
    }
    return files;
}

// Thrown to roll back a --dry-run once every file has been checked against the records the
// files before it added.
struct RehearsalDone {};

} // namespace

// Every file in one transaction: a refused row in any file leaves the records file as it was,
// rather than, say, the clients imported and their sessions not.
void import_all(Context& context, const ImportOptions& o) {
    if (!o.maps.empty() || o.delimiter || o.match)
        throw Error(Exit::usage, "--map, --delimiter and --match are for one file; `import all` "
                                 "reads the files of `smp export all` as they are");
    auto files = files_to_import(o.file);
    auto& store = context.store(o.dry_run ? store::Access::existing : store::Access::create);
    std::vector<std::string> reports;
    auto tell_reports = [&] {
        for (const auto& report : reports)
            context.tell(report);
    };
    try {
        store.write([&] {
            for (const auto& [kind, path] : files) {
                ImportOptions one = o;
                one.kind = kind;
                one.file = path.string();
                one.dry_run = false;
                one.rehearsal = o.dry_run;
                one.reports = &reports;
                import_kind(context, one);
            }
            if (o.dry_run)
                throw RehearsalDone{};
        });
    } catch (const Error& error) {
        // The message names the file at fault; the files before it are undone too.
        throw Error(error.code(), fmt::format("{} (nothing from \"{}\" was imported: its files "
                                              "go in together or not at all)",
                                              error.what(), o.file));
    } catch (const RehearsalDone&) {
        tell_reports();
        context.tell(fmt::format("nothing written (--dry-run): every file of \"{}\" imports "
                                 "cleanly",
                                 o.file));
        return;
    }
    tell_reports();
    context.tell(
        fmt::format("imported {} files from \"{}\" in one transaction", files.size(), o.file));
}

} // namespace smp::cli
