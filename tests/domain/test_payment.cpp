#include <smp/domain/payment.hpp>
#include <smp/error.hpp>

#include <catch2/catch.hpp>

#include <string>
#include <vector>

using namespace smp;

TEST_CASE("deposit_state: follows the session") {
    CHECK(deposit_state(std::nullopt, std::nullopt, 48) == DepositState::applied);
    CHECK(deposit_state("scheduled", std::nullopt, 48) == DepositState::held);
    CHECK(deposit_state("done", std::nullopt, 48) == DepositState::applied);
    CHECK(deposit_state("no-show", 500, 48) == DepositState::kept);
}

TEST_CASE("deposit_state: a cancellation refunds with enough notice") {
    CHECK(deposit_state("cancelled", 48, 48) == DepositState::refundable);
    CHECK(deposit_state("cancelled", 47, 48) == DepositState::kept);
    CHECK(deposit_state("cancelled", -3, 0) == DepositState::kept);
    CHECK(deposit_state("cancelled", std::nullopt, 48) == DepositState::refundable);
}

TEST_CASE("Balance: owed is charges less credits plus refunds") {
    Balance balance;
    balance.charged = 120000;
    balance.fees = 5000;
    balance.paid = 50000;
    balance.deposits_applied = 20000;
    balance.deposits_held = 9999;
    balance.kept = 7777;
    balance.refundable = 10000;
    balance.refunds = 10000;
    CHECK(balance.owed() == 120000 + 5000 - 50000 - 20000 - 10000 + 10000);
}

TEST_CASE("parse_notice_hours: hours or days") {
    CHECK(parse_notice_hours("48h") == 48);
    CHECK(parse_notice_hours("2d") == 48);
    CHECK(parse_notice_hours("0h") == 0);
    for (auto bad : {"", "h", "48", "2 d", "-1h", "2w", "123456h"})
        CHECK_THROWS_AS(parse_notice_hours(bad), Error);
}

TEST_CASE("parse_payment_method: built in and from the config") {
    std::vector<std::string> extra = {"Voucher"};
    CHECK(parse_payment_method("Card", extra) == "card");
    CHECK(parse_payment_method("voucher", extra) == "Voucher");
    CHECK_THROWS_AS(parse_payment_method("cheque", extra), Error);
    CHECK_THROWS_AS(parse_payment_method("voucher", {}), Error);
}

TEST_CASE("parse_tax_rate: a percentage in hundredths, exact") {
    CHECK(parse_tax_rate("20") == 2000);
    CHECK(parse_tax_rate("7.5") == 750);
    CHECK(parse_tax_rate("5.25") == 525);
    CHECK(parse_tax_rate("0") == 0);
    CHECK(parse_tax_rate("100") == 10000);
    for (auto bad : {"", "20%", "-5", "7.", ".5", "7.125", "100.01", "1e2", " 20", "abc"})
        CHECK_THROWS_AS(parse_tax_rate(bad), Error);
    CHECK(format_tax_rate(2000) == "20");
    CHECK(format_tax_rate(750) == "7.5");
    CHECK(format_tax_rate(525) == "5.25");
}

TEST_CASE("split_tax: prices that include tax") {
    // 120.00 at 20%: 100.00 net, 20.00 tax.
    auto split = split_tax(12000, 2000, true);
    CHECK(split.net == 10000);
    CHECK(split.tax == 2000);
    CHECK(split.gross == 12000);
    // 100.00 at 7.5%: net 93.0232... rounds down to 93.02, tax 6.98.
    split = split_tax(10000, 750, true);
    CHECK(split.net == 9302);
    CHECK(split.tax == 698);
    // 0.21 at 5%: net 0.2 exactly; 1.05 at 5%: exactly 1.00 and 0.05.
    CHECK(split_tax(21, 500, true).net == 20);
    CHECK(split_tax(105, 500, true).net == 100);
    // A half rounds up: 0.05 at 100% is a net of 0.025 -> 0.03.
    split = split_tax(5, 10000, true);
    CHECK(split.net == 3);
    CHECK(split.tax == 2);
}

TEST_CASE("split_tax: prices before tax") {
    auto split = split_tax(10000, 2000, false);
    CHECK(split.net == 10000);
    CHECK(split.tax == 2000);
    CHECK(split.gross == 12000);
    // 0.10 at 5% is 0.005 tax: a half, rounded up to 0.01; 0.09 at 5% is 0.0045 -> 0.00.
    CHECK(split_tax(10, 500, false).tax == 1);
    CHECK(split_tax(9, 500, false).tax == 0);
    // Net plus tax is the gross for any amount and rate.
    for (std::int64_t amount : {1LL, 99LL, 12345LL, 99999999999999LL})
        for (TaxRate rate : {0LL, 1LL, 750LL, 1999LL, 2000LL, 10000LL})
            for (bool included : {true, false}) {
                auto s = split_tax(amount, rate, included);
                CHECK(s.net + s.tax == s.gross);
                CHECK(s.tax >= 0);
            }
}

TEST_CASE("split_tax: a refund splits as its amount, negated") {
    auto split = split_tax(-12000, 2000, true);
    CHECK(split.net == -10000);
    CHECK(split.tax == -2000);
    CHECK(split.gross == -12000);
}
