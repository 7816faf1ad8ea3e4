#include <smp/output/output.hpp>
#include <smp/output/page.hpp>

#include <fmt/format.h>

namespace smp::output {

namespace {

// Plain, printable, and readable by a client: a serif-free body, tables with hairlines, no
// colour that a black-and-white printer loses. `@page` sets margins only, not a size, so the
// browser uses the paper the practitioner chose; the body's width keeps lines inside both.
constexpr std::string_view k_style = R"(
body { font-family: "DejaVu Sans", Arial, sans-serif; font-size: 11pt; line-height: 1.35;
       color: #000; max-width: 46em; margin: 2em auto; padding: 0 1em; }
h1 { font-size: 16pt; margin: 0 0 0.2em; }
h2 { font-size: 12.5pt; margin: 1.1em 0 0.3em; }
p, ul, ol { margin: 0.3em 0; }
table { border-collapse: collapse; width: 100%; margin: 0.4em 0; }
th, td { text-align: left; vertical-align: top; padding: 0.2em 0.5em 0.2em 0;
         border-bottom: 0.5pt solid #888; }
td.amount, th.amount { text-align: right; white-space: nowrap; }
.studio { color: #333; margin-bottom: 1em; }
.small { font-size: 9pt; color: #333; }
.note { border-left: 2pt solid #888; padding-left: 0.6em; }
@page { margin: 15mm; }
@media print {
  body { margin: 0; padding: 0; max-width: none; font-size: 10.5pt; }
  h2, tr, figure { break-inside: avoid; page-break-inside: avoid; }
}
)";

void append_escaped(std::string& html, std::string_view shown) {
    for (char c : shown) {
        switch (c) {
        case '&':
            html += "&amp;";
            break;
        case '<':
            html += "&lt;";
            break;
        case '>':
            html += "&gt;";
            break;
        case '"':
            html += "&quot;";
            break;
        case '\'':
            html += "&#39;";
            break;
        default:
            html += c;
        }
    }
}

} // namespace

std::string html_text(std::string_view text) {
    std::string html;
    html.reserve(text.size());
    for (std::size_t start = 0;;) { // a line break typed in a note stays a line break
        auto end = text.find('\n', start);
        append_escaped(html, visible(text.substr(start, end == text.npos ? end : end - start)));
        if (end == std::string_view::npos)
            return html;
        html += "<br>\n";
        start = end + 1;
    }
}

std::string html_page(std::string_view title, std::string_view body) {
    return fmt::format("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
                       "<meta name=\"viewport\" content=\"width=device-width\">\n"
                       "<title>{}</title>\n<style>{}</style>\n</head>\n<body>\n{}</body>\n"
                       "</html>\n",
                       html_text(title), k_style, body);
}

} // namespace smp::output
