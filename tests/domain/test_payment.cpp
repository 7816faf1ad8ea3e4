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
