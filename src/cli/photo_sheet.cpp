#include <smp/cli/commands.hpp>
#include <smp/cli/records.hpp>
#include <smp/io/atomic_file.hpp>
#include <smp/io/input_file.hpp>
#include <smp/output/page.hpp>
#include <smp/store/clients.hpp>
#include <smp/store/photos.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <filesystem>
#include <map>

namespace smp::cli {
namespace {

constexpr std::string_view k_no_area = "area not given";

// Base64 (RFC 4648), for a picture embedded in the page as a data: URI: the sheet is one file,
// nothing fetched from elsewhere.
std::string base64(std::string_view bytes) {
    static constexpr char k_digits[] =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    std::string out;
    out.reserve((bytes.size() + 2) / 3 * 4);
    for (std::size_t i = 0; i < bytes.size(); i += 3) {
        unsigned n = static_cast<unsigned char>(bytes[i]) << 16;
        if (i + 1 < bytes.size())
            n |= static_cast<unsigned char>(bytes[i + 1]) << 8;
        if (i + 2 < bytes.size())
            n |= static_cast<unsigned char>(bytes[i + 2]);
        out += k_digits[(n >> 18) & 63];
        out += k_digits[(n >> 12) & 63];
        out += i + 1 < bytes.size() ? k_digits[(n >> 6) & 63] : '=';
        out += i + 2 < bytes.size() ? k_digits[n & 63] : '=';
    }
    return out;
}

int stage_order(std::string_view stage) {
    constexpr std::array<std::string_view, 4> order = {"consult", "before", "after", "healed"};
    return static_cast<int>(std::find(order.begin(), order.end(), stage) - order.begin());
}

// A column of the sheet: one day and stage, so before, after and healed sit side by side.
struct Column {
    Date day;
    std::string stage;
    bool operator<(const Column& other) const {
        return std::pair(day, stage_order(stage)) < std::pair(other.day, stage_order(other.stage));
    }
};

std::string picture_cell(const store::PhotoRow& row, const std::string& records, int planned) {
    auto path = photo_path(row, records);
    std::string image;
    std::error_code error;
    if (std::filesystem::is_regular_file(path, error))
        image = fmt::format(
            "<img src=\"data:{};base64,{}\" alt=\"photo {}\">", row.photo.media_type,
            base64(io::read_input_file(path, "photo", std::uintmax_t{1} << 30, Exit::io)),
            row.photo.id);
    else
        image = "<p>(file missing: run <code>smp check</code>)</p>";
    auto session = photo_session_caption(row, planned);
    return fmt::format("<figure>{}<figcaption>{}, {}{}</figcaption></figure>", image,
                       output::html_text(format_date(row.photo.taken_on)),
                       output::html_text(row.photo.stage),
                       session.empty() ? "" : ", session " + output::html_text(session));
}

constexpr std::string_view k_sheet_style =
    "<style>.sheet img { max-width: 14em; max-height: 14em; display: block; }"
    ".sheet figure { margin: 0.2em; } .sheet td, .sheet th { vertical-align: top; }</style>\n";

std::string sheet_body(Context& context, store::Store& store, const Client& client) {
    std::map<std::string, std::map<Column, std::vector<std::string>>> cells; // area, column
    std::vector<Column> columns;
    store::PhotoFilter filter;
    filter.client_id = client.id;
    store::for_each_photo(store, filter, [&](const store::PhotoRow& row) {
        Column column{row.photo.taken_on, row.photo.stage};
        if (std::find_if(columns.begin(), columns.end(), [&](const Column& c) {
                return c.day == column.day && c.stage == column.stage;
            }) == columns.end())
            columns.push_back(column);
        auto cell = picture_cell(row, store.path(), context.config().planned_sessions);
        auto areas = row.photo.areas;
        if (areas.empty())
            areas.push_back(std::string(k_no_area));
        for (const auto& area : areas)
            cells[area][column].push_back(cell);
    });
    if (columns.empty())
        throw Error(Exit::data, fmt::format("client {} ({}) has no photos; add them with `smp "
                                            "photo add {} FILE...`",
                                            client.id, output::visible(client.name), client.id));
    std::sort(columns.begin(), columns.end());
    std::string body = fmt::format("{}<h1>Photos of {}</h1>\n<table class=\"sheet\">\n<tr><th>"
                                   "Area</th>",
                                   k_sheet_style, output::html_text(client.name));
    for (const auto& column : columns)
        body += fmt::format("<th>{}<br>{}</th>", output::html_text(format_date(column.day)),
                            output::html_text(column.stage));
    body += "</tr>\n";
    for (const auto& [area, by_column] : cells) {
        body += fmt::format("<tr><th>{}</th>", output::html_text(area));
        for (const auto& column : columns) {
            auto found = std::find_if(by_column.begin(), by_column.end(), [&](const auto& entry) {
                return entry.first.day == column.day && entry.first.stage == column.stage;
            });
            body += "<td>";
            if (found != by_column.end())
                for (const auto& cell : found->second)
                    body += cell;
            body += "</td>";
        }
        body += "</tr>\n";
    }
    return body + "</table>\n";
}

} // namespace

void write_photo_sheet(Context& context, const std::string& reference, const std::string& path) {
    auto& store = context.store(store::Access::existing);
    auto client = store::resolve_client(store, reference);
    auto page = output::html_page(fmt::format("Photos of {}", client.name),
                                  sheet_body(context, store, client));
    if (path.empty() || path == "-") {
        fmt::print(context.out, "{}", page);
        return;
    }
    io::AtomicFile file(path);
    fmt::print(file.stream(), "{}", page);
    file.commit();
    context.tell(fmt::format("wrote client {}'s photo sheet to \"{}\"", client.id, path));
}

} // namespace smp::cli
