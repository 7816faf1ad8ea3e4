#include "conditions.hpp"
#include "kind_rows.hpp"

#include <smp/domain/reference.hpp>
#include <smp/error.hpp>
#include <smp/io/file_hash.hpp>
#include <smp/io/photo_files.hpp>
#include <smp/store/photos.hpp>
#include <smp/util/uuid.hpp>

#include <SQLiteCpp/Column.h>
#include <SQLiteCpp/Statement.h>
#include <fmt/format.h>

#include <filesystem>
#include <set>

namespace smp::store {
namespace {

// The photo table's columns, each prefixed "p." so they can be read beside the client's.
const std::string& photo_columns() {
    static const std::string columns = qualified_select_list(photo_fields(), "p");
    return columns;
}

// The columns after the photo's own: its client's name and uuid, its session's course number.
PhotoRow read_photo_row(SQLite::Statement& row) {
    PhotoRow out;
    read_fields(photo_fields(), row, out.photo, "photo");
    int next = row.getColumnCount() - 3;
    out.client_name = row.getColumn(next).getString();
    out.client_uuid = row.getColumn(next + 1).getString();
    if (!row.getColumn(next + 2).isNull())
        out.course_number = row.getColumn(next + 2).getInt();
    return out;
}

std::string select_photo_rows(std::string_view where, std::string_view order) {
    return fmt::format("SELECT {}, c.name, c.uuid, s.course_number FROM photo p JOIN client c ON "
                       "c.id = p.client_id LEFT JOIN session s ON s.id = p.session_id WHERE {}{}",
                       photo_columns(), where, order);
}

} // namespace

void insert_photo(Store& store, Photo& photo) {
    photo.uuid = photo.uuid.empty() ? new_uuid() : photo.uuid;
    stamp(Stamp::now, true, photo.created_at, photo.updated_at);
    static auto insert = FieldWrite<Photo>::insert_into("photo", photo_fields());
    insert.run(store, photo, std::nullopt);
    photo.id = store.db().getLastInsertRowid();
}

void delete_photo(Store& store, std::int64_t id) {
    SQLite::Statement remove(store.db(), "DELETE FROM photo WHERE id = ?");
    remove.bind(1, id);
    remove.exec();
}

PhotoRow resolve_photo(Store& store, std::string_view reference) {
    if (!is_id_reference(reference))
        throw Error(Exit::data, fmt::format("invalid photo \"{}\": photos are named by id; find "
                                            "it with `smp photo list --client NAME`",
                                            reference));
    SQLite::Statement query(store.db(), select_photo_rows("p.id = ?", ""));
    query.bind(1, static_cast<std::int64_t>(std::stoll(std::string(reference))));
    if (!query.executeStep())
        throw Error(Exit::data,
                    fmt::format("no photo has id {}; find it with `smp photo list`", reference));
    return read_photo_row(query);
}

void for_each_photo(Store& store, const PhotoFilter& filter,
                    const std::function<void(const PhotoRow&)>& visit) {
    Conditions conditions;
    conditions.add("p.client_id = :client", ":client", filter.client_id);
    conditions.add("p.session_id = :session", ":session", filter.session_id);
    conditions.add("p.stage = :stage", ":stage", filter.stage);
    SQLite::Statement query(
        store.db(),
        select_photo_rows(conditions.where(), " ORDER BY p.client_id, p.taken_on, p.id"));
    conditions.bind(query);
    while (query.executeStep())
        visit(read_photo_row(query));
}

int photos_with_hash(Store& store, std::int64_t client_id, const std::string& sha256) {
    SQLite::Statement query(store.db(),
                            "SELECT count(*) FROM photo WHERE client_id = ? AND sha256 = ?");
    query.bind(1, client_id);
    query.bind(2, sha256);
    query.executeStep();
    return query.getColumn(0).getInt();
}

namespace {

namespace fs = std::filesystem;

// A photo's file compared with its record: empty when it is there as recorded.
std::string photo_file_problem(const PhotoRow& row, const std::string& path) {
    const auto& p = row.photo;
    auto fix = fmt::format("put the file back from a backup (`smp restore`), or remove the "
                           "record with `smp photo remove {}`",
                           p.id);
    std::error_code error;
    if (!fs::is_regular_file(path, error))
        return fmt::format("photo {} (client {}): \"{}\" is missing; {}", p.id, p.client_id, path,
                           fix);
    auto size = fs::file_size(path, error);
    if (error || static_cast<std::int64_t>(size) != p.size || io::hash_file(path) != p.sha256)
        return fmt::format("photo {} (client {}): \"{}\" has changed since it was added (its "
                           "size or SHA-256 differs); {}",
                           p.id, p.client_id, path, fix);
    return "";
}

} // namespace

CheckResult check_photos(Store& store, const std::string& records_path) {
    CheckResult result{"photos", {}, {}, {}};
    std::set<std::string> recorded;
    for_each_photo(store, {}, [&](const PhotoRow& row) {
        auto path = io::photo_file_path(records_path, row.client_uuid, row.photo.sha256,
                                        row.photo.media_type);
        recorded.insert(path);
        if (auto problem = photo_file_problem(row, path); !problem.empty())
            result.problems.push_back(problem);
    });
    std::error_code error;
    auto folder = io::photo_folder(records_path);
    if (!fs::is_directory(folder, error))
        return result;
    for (const auto& entry : fs::recursive_directory_iterator(folder, error))
        if (entry.is_regular_file(error) && !recorded.count(entry.path().string()))
            result.problems.push_back(
                fmt::format("\"{}\" is in the photo folder without a photo record (left by an "
                            "interrupted command, or put there by hand); delete it, or add it "
                            "again with `smp photo add`",
                            entry.path().string()));
    return result;
}

} // namespace smp::store
