#include <smp/cli/records.hpp>
#include <smp/cli/valid.hpp>
#include <smp/domain/client.hpp>
#include <smp/domain/date.hpp>
#include <smp/domain/reminder.hpp>
#include <smp/domain/session.hpp>
#include <smp/domain/shade.hpp>
#include <smp/error.hpp>

namespace smp::cli::valid {
namespace {

bool blank(std::string_view text) {
    return text.find_first_not_of(" \t\r\n") == std::string_view::npos;
}

} // namespace

CLI::Validator by(std::function<void(std::string_view)> parse) {
    return CLI::Validator(
        [parse = std::move(parse)](std::string& text) -> std::string {
            if (blank(text))
                return {};
            try {
                parse(text);
            } catch (const Error& refused) {
                // A bad value, not a config that cannot be read (78) or a file error.
                if (refused.code() != Exit::data && refused.code() != Exit::usage)
                    throw;
                return refused.what();
            }
            return {};
        },
        "");
}

CLI::Validator text(std::string_view field) {
    return by([field](std::string_view text) { validate_text(field, text); });
}

CLI::Validator date(Context& context) {
    return by([&context](std::string_view text) { parse_date(text, context.today()); });
}

CLI::Validator interval() {
    return by([](std::string_view text) { parse_interval(text); });
}

CLI::Validator duration() {
    return by([](std::string_view text) { parse_duration(text); });
}

CLI::Validator time_of_day() {
    return by([](std::string_view text) { parse_time_of_day(text); });
}

CLI::Validator needle() {
    return by([](std::string_view text) { parse_needle(text); });
}

CLI::Validator amount() {
    return by([](std::string_view text) { parse_money(text); });
}

CLI::Validator payment_amount(Context& context) {
    return by([&context](std::string_view text) {
        command_line_amount(text, context.config().currency);
    });
}

CLI::Validator dilution() {
    return by([](std::string_view text) { parse_dilution(text); });
}

CLI::Validator expiry() {
    return by([](std::string_view text) { parse_expiry(text); });
}

CLI::Validator pain() {
    return by([](std::string_view text) { parse_pain(text); });
}

CLI::Validator time_limit(std::string_view option) {
    return by([option](std::string_view text) { parse_time_limit(text, option); });
}

CLI::Validator choice(const Choice& allowed) {
    return by([&allowed](std::string_view text) { parse_choices(allowed, {std::string(text)}); });
}

CLI::Validator field(const FieldInfo& info, Context& context) {
    return by([&info, &context](std::string_view text) {
        switch (info.codec) {
        case Codec::integer:
            canonical_integer(info, text);
            break;
        case Codec::flag:
            canonical_flag(info, text);
            break;
        case Codec::choice_list:
            parse_choices(*info.choice, {std::string(text)});
            break;
        default:
            canonical_text(info, text, context.today());
        }
    });
}

} // namespace smp::cli::valid
