#include <smp/cli/commands.hpp>
#include <smp/cli/handouts.hpp>
#include <smp/domain/payment.hpp>
#include <smp/domain/session.hpp>
#include <smp/output/output.hpp>
#include <smp/output/page.hpp>
#include <smp/store/payments.hpp>
#include <smp/store/sessions.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <memory>
#include <utility>
#include <vector>

namespace smp::cli {
namespace {

// A receipt as lines of label and value, the same for the text and the HTML form; values are
// the records' own text, escaped by each form.
struct Receipt {
    std::string title; // "Receipt 12"
    std::string studio_name, studio_address, studio_phone;
    std::vector<std::pair<std::string, std::string>> lines;
    std::vector<std::pair<std::string, std::string>> amounts; // amount, then net/tax/gross
};

std::string receipt_title(const Payment& p) {
    if (p.kind == "refund")
        return fmt::format("Refund {}", p.id);
    if (p.kind == "fee")
        return fmt::format("Fee charged {}", p.id);
    return fmt::format("Receipt {}", p.id);
}

// What the money was for: the session's kind and day, when it was for one.
std::string paid_for(store::Store& store, const Payment& p) {
    auto what = p.kind == "deposit" ? std::string("deposit") : std::string();
    if (!p.session_id)
        return what.empty() ? "treatment" : "deposit on account";
    auto session = store::resolve_session(store, std::to_string(*p.session_id));
    auto status = session.status == SessionStatus::scheduled ? "booked for" : "on";
    return fmt::format("{}{} session {} {}", what.empty() ? "" : "deposit for the ",
                       session_kind_name(session.kind), status, format_date(session.date));
}

Receipt make_receipt(Context& context, store::Store& store, const store::PaymentRow& row) {
    const auto& config = context.config();
    const auto& p = row.payment;
    Receipt receipt;
    receipt.title = receipt_title(p);
    receipt.studio_name = studio_name(config);
    receipt.studio_address = config.studio_address;
    receipt.studio_phone = config.studio_phone;
    receipt.lines = {{"Receipt number", std::to_string(p.id)},
                     {"Date", format_date(p.date)},
                     {"Client", row.client_name},
                     {"For", paid_for(store, p)},
                     {"Kind", p.kind}};
    if (p.method)
        receipt.lines.emplace_back("Method", *p.method);
    if (p.reference)
        receipt.lines.emplace_back("Reference", *p.reference);
    auto money = [&](std::int64_t minor) {
        return fmt::format("{} {}", format_money(minor), p.currency);
    };
    receipt.amounts.emplace_back("Amount", money(p.amount));
    if (config.tax_rate > 0) {
        auto split = split_tax(p.amount, config.tax_rate, config.prices_include_tax);
        receipt.amounts.emplace_back("Net", money(split.net));
        receipt.amounts.emplace_back(fmt::format("Tax at {}%", format_tax_rate(config.tax_rate)),
                                     money(split.tax));
        receipt.amounts.emplace_back("Total", money(split.gross));
    }
    return receipt;
}

// An address typed over several lines, line by line; none for an empty one.
std::vector<std::string> split_lines(const std::string& text) {
    std::vector<std::string> lines;
    for (std::size_t start = 0; start < text.size();) {
        auto end = std::min(text.find('\n', start), text.size());
        lines.push_back(text.substr(start, end - start));
        start = end + 1;
    }
    return lines;
}

std::string receipt_text(const Receipt& receipt) {
    std::string text;
    auto line = [&](std::string_view value) { text += output::visible(value) + "\n"; };
    if (!receipt.studio_name.empty())
        line(receipt.studio_name);
    for (const auto& part : {receipt.studio_address, receipt.studio_phone})
        for (const auto& piece : split_lines(part))
            line(piece);
    text += "\n" + receipt.title + "\n\n";
    for (const auto& rows : {receipt.lines, receipt.amounts})
        for (const auto& [label, value] : rows)
            line(fmt::format("{:<16}{}", label + ":", value));
    return text;
}

std::string receipt_html(const Receipt& receipt) {
    std::string body;
    if (!receipt.studio_name.empty())
        body += "<h1>" + output::html_text(receipt.studio_name) + "</h1>\n";
    body += "<div class=\"studio\">";
    for (const auto& part : {receipt.studio_address, receipt.studio_phone})
        if (!part.empty())
            body += "<p>" + output::html_text(part) + "</p>";
    body += "</div>\n<h2>" + output::html_text(receipt.title) + "</h2>\n<table>\n";
    for (const auto& [label, value] : receipt.lines)
        body += fmt::format("<tr><th>{}</th><td>{}</td></tr>\n", output::html_text(label),
                            output::html_text(value));
    for (const auto& [label, value] : receipt.amounts)
        body += fmt::format("<tr><th>{}</th><td class=\"amount\">{}</td></tr>\n",
                            output::html_text(label), output::html_text(value));
    body += "</table>\n";
    return output::html_page(receipt.title, body);
}

void write_receipt(Context& context, const std::string& reference, const std::string& path) {
    require_new_file(path);
    auto& store = context.store(store::Access::existing);
    auto row = store::payment_row(store, store::resolve_payment(store, reference).id);
    auto receipt = make_receipt(context, store, row);
    auto text =
        context.format() == output::Format::html ? receipt_html(receipt) : receipt_text(receipt);
    deliver_handout(context, text, fmt::format("receipt {}", row.payment.id), path);
}

} // namespace

void add_receipt_command(CLI::App* payment, Context& context) {
    struct Arguments {
        std::string reference, output;
    };
    auto args = std::make_shared<Arguments>();
    auto receipt = payment->add_subcommand(
        "receipt", "Print a receipt for a payment (text, or a printable HTML page)");
    receipt->add_option("PAYMENT", args->reference, "Payment id")->required();
    receipt
        ->add_option("--output", args->output,
                     "Write it to FILE (private, 0600; never over an existing file)")
        ->type_name("FILE");
    accept_formats(receipt, context, {output::Format::text, output::Format::html});
    when_run(receipt, context,
             [&context, args] { write_receipt(context, args->reference, args->output); });
}

} // namespace smp::cli
