#pragma once

#include <string>
#include <string_view>

namespace smp::output {

// Handouts a practitioner prints or sends (a receipt, an aftercare sheet, an ink passport, a
// photo sheet) are one self-contained HTML page each: the stylesheet is inline, nothing is
// fetched from elsewhere and nothing runs, so the page prints the same offline, years later.

// Text safe inside an HTML element: & < > " ' escaped, a line break typed in a note kept as
// <br>, and other control characters (an escape sequence) shown as visible() does.
std::string html_text(std::string_view text);

// The whole page around `body` (HTML already escaped by its maker): UTF-8, a screen layout,
// and a print stylesheet whose page box fits both A4 and US Letter (the text block is as wide
// as Letter's and as tall as Letter's less A4's extra, so neither paper cuts it).
std::string html_page(std::string_view title, std::string_view body);

} // namespace smp::output
