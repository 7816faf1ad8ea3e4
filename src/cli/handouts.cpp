// The handouts of a session: the aftercare sheet and the ink passport, printed as text or as
// one self-contained HTML page, to standard output or a new file.

#include <smp/cli/commands.hpp>
#include <smp/cli/handouts.hpp>
#include <smp/cli/records.hpp>
#include <smp/cli/valid.hpp>
#include <smp/domain/aftercare.hpp>
#include <smp/domain/client.hpp>
#include <smp/domain/reminder.hpp>
#include <smp/io/atomic_file.hpp>
#include <smp/io/input_file.hpp>
#include <smp/output/page.hpp>
#include <smp/store/aftercare.hpp>
#include <smp/store/sessions.hpp>
#include <smp/store/shades.hpp>
#include <smp/util/text.hpp>

#include <fmt/format.h>

#include <filesystem>
#include <map>

namespace smp::cli {
namespace {

struct HandoutOptions {
    std::string reference;
    std::string output;
    bool given = false;              // aftercare: record it as handed over, print nothing
    std::optional<std::string> date; // the day it was given
};

// "session 2 of 3" for a course session, else the kind in words.
std::string course_words(const store::SessionRow& row) {
    if (row.course_number > 0)
        return fmt::format("session {} of {}", row.course_number, row.course_planned);
    switch (row.session.kind) {
    case SessionKind::course:
        return "course session";
    case SessionKind::touchup:
        return "touch-up";
    case SessionKind::correction:
        return "correction";
    case SessionKind::consult:
        return "consultation";
    }
    return {};
}

} // namespace

Values session_values(const store::SessionRow& row, const Config& config) {
    const auto& s = row.session;
    return {{"name", row.client_name},
            {"first_name", first_name(row.client_name)},
            {"date", format_date(s.date)},
            {"time", s.time ? format_time_of_day(*s.time) : ""},
            {"duration", s.duration ? format_duration(*s.duration) : ""},
            {"areas", join(s.areas, ", ")},
            {"kind", std::string(session_kind_name(s.kind))},
            {"course", course_words(row)},
            {"studio", studio_name(config)},
            {"studio_address", config.studio_address},
            {"studio_phone", config.studio_phone}};
}

namespace {

// "2026-06-15 at 10:00 · session 2 of 3 · hairline, crown"
std::string session_line(const store::SessionRow& row) {
    const auto& s = row.session;
    auto line = format_date(s.date);
    if (s.time)
        line += " at " + format_time_of_day(*s.time);
    line += " · " + course_words(row);
    if (!s.areas.empty())
        line += " · " + join(s.areas, ", ");
    return line;
}

// "Studio Nord · 1 High Street · 0161 496 0000", the parts the config has.
std::string studio_line(const Config& config) {
    std::vector<std::string> parts;
    for (const auto& part : {studio_name(config), config.studio_address, config.studio_phone})
        if (!part.empty())
            parts.push_back(part);
    return join(parts, " · ");
}

} // namespace

std::string aftercare_text(Context& context, const store::SessionRow& row) {
    const auto& config = context.config();
    auto kind = row.session.kind;
    if (kind == SessionKind::consult)
        throw Error(Exit::data, fmt::format("session {} is a consultation: nothing was done to "
                                            "the scalp, so it has no aftercare",
                                            row.session.id));
    const std::string* file = kind == SessionKind::course    ? &config.aftercare_course
                              : kind == SessionKind::touchup ? &config.aftercare_touchup
                                                             : &config.aftercare_correction;
    auto key = fmt::format("aftercare.{}", session_kind_name(kind));
    std::string text;
    if (file->empty()) {
        context.warn(fmt::format("this is smp's own aftercare for a {} session; review it and "
                                 "name your own text file in the config's {} (smp-config(5))",
                                 session_kind_name(kind), key));
        text = default_aftercare(kind);
    } else {
        auto path = expand_home(*file, key);
        text = io::read_input_file(path, key + " file", 256 * 1024, Exit::config);
        if (!is_valid_utf8(text))
            throw Error(Exit::config, fmt::format("{} file \"{}\" is not UTF-8 text; save it as "
                                                  "UTF-8",
                                                  key, path));
    }
    MessageTemplate sheet(text, Exit::config, key, k_session_placeholders);
    return sheet.render(session_values(row, config));
}

namespace {

std::string aftercare_as_text(const store::SessionRow& row, const Config& config,
                              const std::string& instructions) {
    std::string studio = studio_line(config);
    return fmt::format("Aftercare for {}\n{}\n{}\n{}\n", row.client_name, session_line(row),
                       studio.empty() ? "" : studio + "\n", instructions);
}

// Paragraphs at blank lines; a paragraph whose lines start with "- " is a list.
std::string paragraphs_as_html(const std::string& text) {
    std::string html;
    std::size_t start = 0;
    while (start < text.size()) {
        auto end = text.find("\n\n", start);
        if (end == std::string::npos)
            end = text.size();
        auto block = std::string(trim(std::string_view(text).substr(start, end - start)));
        start = end + 2;
        if (block.empty())
            continue;
        auto lines = split_list(block, '\n'); // each trimmed
        std::string heading, items;
        for (const auto& line : lines) {
            if (line.rfind("- ", 0) == 0)
                items += "<li>" + output::html_text(line.substr(2)) + "</li>";
            else if (!items.empty()) // a wrapped list item goes on with its item
                items.insert(items.size() - 5, " " + output::html_text(trim(line)));
            else
                heading += (heading.empty() ? "" : "<br>") + output::html_text(line);
        }
        if (items.empty())
            html += "<p>" + heading + "</p>\n";
        else
            html +=
                (heading.empty() ? "" : "<h2>" + heading + "</h2>\n") + "<ul>" + items + "</ul>\n";
    }
    return html;
}

std::string aftercare_as_html(const store::SessionRow& row, const Config& config,
                              const std::string& instructions) {
    auto studio = studio_line(config);
    auto body = fmt::format(
        "<h1>Aftercare for {}</h1>\n<p>{}</p>\n{}{}", output::html_text(row.client_name),
        output::html_text(session_line(row)),
        studio.empty() ? "" : "<p class=\"studio\">" + output::html_text(studio) + "</p>\n",
        paragraphs_as_html(instructions));
    return output::html_page("Aftercare for " + row.client_name, body);
}

// One lot of the passport, with what its shade says about it.
struct PassportLine {
    Lot lot;
    Shade shade;
};

std::vector<PassportLine> passport_lines(store::Store& store, const store::SessionRow& row) {
    std::vector<PassportLine> lines;
    for (auto& lot : store::session_lots(store, row.session.id))
        lines.push_back({lot, store::resolve_shade(store, std::to_string(lot.shade_id))});
    if (lines.empty())
        throw Error(Exit::data, fmt::format("session {} has no pigment lots on record, so there is "
                                            "nothing for its passport; add them with `smp session "
                                            "edit {} --lot LOT`",
                                            row.session.id, row.session.id));
    return lines;
}

std::string passport_as_text(const store::SessionRow& row, const Config& config,
                             const std::vector<PassportLine>& lines) {
    auto text = fmt::format("Ink passport for {}\nSession {}: {}\n", row.client_name,
                            row.session.id, session_line(row));
    if (row.session.dilution)
        text += fmt::format("Dilution (water:pigment): {}\n", *row.session.dilution);
    if (auto studio = studio_line(config); !studio.empty())
        text += studio + "\n";
    for (const auto& [lot, shade] : lines) {
        text += fmt::format("\n{} ({}{})\n  lot {}, expires {}", shade.name, shade.base,
                            shade.brand ? ", " + *shade.brand : "", lot.number,
                            format_date(lot.expires_on));
        if (lot.supplier)
            text += ", supplied by " + *lot.supplier;
        text += "\n";
    }
    return text;
}

std::string passport_as_html(const store::SessionRow& row, const Config& config,
                             const std::vector<PassportLine>& lines) {
    auto cell = [](std::string_view text) { return "<td>" + output::html_text(text) + "</td>"; };
    std::string rows;
    for (const auto& [lot, shade] : lines)
        rows += "<tr>" + cell(shade.name) + cell(shade.brand.value_or("")) + cell(shade.base) +
                cell(lot.number) + cell(format_date(lot.expires_on)) +
                cell(lot.supplier.value_or("")) + "</tr>\n";
    auto studio = studio_line(config);
    auto body = fmt::format(
        "<h1>Ink passport for {}</h1>\n<p>Session {}: {}</p>\n{}{}"
        "<table>\n<tr><th>Shade</th><th>Brand</th><th>Base</th><th>Lot</th><th>Expires</th>"
        "<th>Supplier</th></tr>\n{}</table>\n"
        "<p class=\"small\">The pigments used in your treatment, as their labels give them. Keep "
        "this sheet: a doctor or another practitioner may ask for it.</p>\n",
        output::html_text(row.client_name), row.session.id, output::html_text(session_line(row)),
        row.session.dilution
            ? "<p>Dilution (water:pigment): " + output::html_text(*row.session.dilution) + "</p>\n"
            : "",
        studio.empty() ? "" : "<p class=\"studio\">" + output::html_text(studio) + "</p>\n", rows);
    return output::html_page("Ink passport for " + row.client_name, body);
}

} // namespace

std::optional<std::string> passport_page(store::Store& store, const store::SessionRow& row,
                                         const Config& config) {
    if (store::session_lots(store, row.session.id).empty())
        return std::nullopt;
    return passport_as_html(row, config, passport_lines(store, row));
}

namespace {

store::SessionRow handout_session(Context& context, store::Store& store,
                                  const std::string& reference) {
    auto id = store::resolve_session(store, reference).id;
    return store::session_row(store, id, context.config().planned_sessions);
}

// `session aftercare --given`: the sheet was handed over in person (so it is not sent), once.
void record_given(Context& context, const HandoutOptions& o) {
    auto& store = context.store(store::Access::existing);
    auto recorded = store.write([&] {
        auto row = handout_session(context, store, o.reference);
        const auto& s = row.session;
        if (s.status != SessionStatus::done || s.kind == SessionKind::consult)
            throw Error(Exit::data,
                        fmt::format("session {} is a {} {}: aftercare is given after a done "
                                    "treatment session",
                                    s.id, session_status_name(s.status),
                                    session_kind_name(s.kind)));
        auto on = o.date ? parse_date(*o.date, context.today()) : context.today();
        if (on < s.date || on > context.today())
            throw Error(Exit::data, fmt::format("aftercare given on {}: give a day from the "
                                                "session ({}) to today ({})",
                                                format_date(on), format_date(s.date),
                                                format_date(context.today())));
        return store::record_aftercare(store, {s.id, "given", on});
    });
    context.tell(fmt::format("aftercare of session {}: {} on {}", recorded.session_id, recorded.how,
                             format_date(recorded.on)));
}

void print_aftercare(Context& context, const HandoutOptions& o) {
    if (o.given)
        return record_given(context, o);
    require_new_file(o.output);
    auto& store = context.store(store::Access::existing);
    auto row = handout_session(context, store, o.reference);
    auto status = row.session.status;
    if (status == SessionStatus::cancelled || status == SessionStatus::no_show)
        throw Error(Exit::data, fmt::format("session {} is {}: there is nothing to look after",
                                            row.session.id, session_status_name(status)));
    auto instructions = aftercare_text(context, row);
    const auto& config = context.config();
    deliver_handout(context,
                    context.format() == output::Format::html
                        ? aftercare_as_html(row, config, instructions)
                        : aftercare_as_text(row, config, instructions),
                    fmt::format("the aftercare sheet of session {}", row.session.id), o.output);
}

void print_passport(Context& context, const HandoutOptions& o) {
    require_new_file(o.output);
    auto& store = context.store(store::Access::existing);
    auto row = handout_session(context, store, o.reference);
    if (row.session.status != SessionStatus::done)
        throw Error(Exit::data, fmt::format("session {} is {}: a passport lists the pigments "
                                            "used; mark it done first (smp session done {})",
                                            row.session.id, session_status_name(row.session.status),
                                            row.session.id));
    auto lines = passport_lines(store, row);
    const auto& config = context.config();
    deliver_handout(context,
                    context.format() == output::Format::html ? passport_as_html(row, config, lines)
                                                             : passport_as_text(row, config, lines),
                    fmt::format("the ink passport of session {}", row.session.id), o.output);
}

void add_handout_options(CLI::App* command, Context& context, HandoutOptions& o) {
    command->add_option("SESSION", o.reference, "Session id")->required();
    command->add_option("--output", o.output, "Write it to FILE (a new file), not the screen")
        ->type_name("FILE");
    accept_formats(command, context, {output::Format::text, output::Format::html});
}

} // namespace

std::string studio_name(const Config& config) {
    return config.studio_name.empty() ? config.studio : config.studio_name;
}

void require_new_file(const std::string& path) {
    if (!path.empty() && path != "-" && std::filesystem::exists(path))
        throw Error(Exit::cant_create, fmt::format("\"{}\" already exists; smp never writes "
                                                   "a handout over a file: choose another name",
                                                   output::visible(path)));
}

void deliver_handout(Context& context, const std::string& handout, const std::string& what,
                     const std::string& path) {
    if (path.empty() || path == "-") {
        fmt::print(context.out, "{}", handout);
        return;
    }
    require_new_file(path);
    io::AtomicFile file(path);
    fmt::print(file.stream(), "{}", handout);
    file.commit(); // checks that every byte was written
    context.tell(fmt::format("wrote {} to \"{}\"", what, output::visible(path)));
}

void fill_handout_commands(CLI::App* session, Context& context) {
    auto o = std::make_shared<HandoutOptions>();
    auto aftercare =
        session->add_subcommand("aftercare", "Print the aftercare sheet to hand over (text or "
                                             "html)");
    add_handout_options(aftercare, context, *o);
    aftercare->add_flag("--given", o->given,
                        "Record that it was handed over in person (it is then not sent)");
    aftercare->add_option("--date", o->date, "With --given: the day it was given (default today)")
        ->type_name("DATE")
        ->check(valid::date(context));
    when_run(aftercare, context, [&context, o] { print_aftercare(context, *o); });

    auto passport = session->add_subcommand("passport", "Print the ink passport: the pigment "
                                                        "lots used (text or html)");
    add_handout_options(passport, context, *o);
    when_run(passport, context, [&context, o] { print_passport(context, *o); });
}

void add_aftercare_fields(Context& context, const store::SessionRow& row, output::Record& record) {
    const auto& s = row.session;
    if (s.status != SessionStatus::done || s.kind == SessionKind::consult)
        return; // nothing to look after
    auto given = store::aftercare_of(context.store(store::Access::existing), s.id);
    if (for_machines(context.format())) {
        record.fields.push_back(
            {"aftercare_how", given ? output::Value{given->how} : output::Value{}});
        record.fields.push_back(
            {"aftercare_on", given ? output::Value{format_date(given->on)} : output::Value{}});
    } else {
        record.fields.push_back(
            {"aftercare", given ? fmt::format("{} on {}", given->how, format_date(given->on))
                                : fmt::format("not given yet (smp session aftercare {})", s.id)});
    }
}

void add_latest_aftercare_fields(Context& context, std::int64_t client_id, output::Record& record) {
    auto latest = store::latest_aftercare(context.store(store::Access::existing), client_id);
    const auto* given = latest && latest->given ? &*latest->given : nullptr;
    if (for_machines(context.format())) {
        record.fields.push_back(
            {"aftercare_session_id", latest ? output::Value{latest->session_id} : output::Value{}});
        record.fields.push_back(
            {"aftercare_how", given ? output::Value{given->how} : output::Value{}});
        record.fields.push_back(
            {"aftercare_on", given ? output::Value{format_date(given->on)} : output::Value{}});
    } else if (latest) {
        record.fields.push_back(
            {"aftercare",
             given ? fmt::format("{} on {} (session {})", given->how, format_date(given->on),
                                 latest->session_id)
                   : fmt::format("not given yet for session {} (smp session aftercare {})",
                                 latest->session_id, latest->session_id)});
    }
}

} // namespace smp::cli
