#include <smp/output/page.hpp>

#include <catch2/catch.hpp>

using smp::output::html_page;
using smp::output::html_text;

TEST_CASE("html_text escapes markup and keeps typed line breaks", "[page]") {
    CHECK(html_text("Tom & <b>\"Jo\"</b> 'x'") ==
          "Tom &amp; &lt;b&gt;&quot;Jo&quot;&lt;/b&gt; &#39;x&#39;");
    CHECK(html_text("line one\nline two") == "line one<br>\nline two");
    CHECK(html_text("bell\x1b[31m") == "bell\\x1b[31m");
    CHECK(html_text("") == "");
}

TEST_CASE("html_page is one self-contained page", "[page]") {
    auto page = html_page("Receipt <1>", "<p>body</p>\n");
    CHECK(page.find("<title>Receipt &lt;1&gt;</title>") != std::string::npos);
    CHECK(page.find("<p>body</p>") != std::string::npos);
    CHECK(page.find("@media print") != std::string::npos);
    // Nothing fetched from elsewhere, nothing that runs.
    CHECK(page.find("http") == std::string::npos);
    CHECK(page.find("<script") == std::string::npos);
    CHECK(page.find("<link") == std::string::npos);
}
