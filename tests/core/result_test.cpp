#include <catch2/catch.hpp>

#include <memory>
#include <string>

#include "assent/result.hpp"

using namespace assent;

TEST_CASE("a result holds a value or its problems, never both") {
    const Result<std::string> made(std::string("value"));
    CHECK(made.ok());
    CHECK(made.value() == "value");
    CHECK(made.problems().empty());
    CHECK(made.message().empty());

    const Result<std::string> refused(Problems{{"purposes[2].id", "duplicate \"analytics\""}, {"", "no texts"}});
    CHECK_FALSE(refused.ok());
    CHECK_FALSE(static_cast<bool>(refused));
    REQUIRE(refused.problems().size() == 2);
    CHECK(refused.message() == "purposes[2].id: duplicate \"analytics\"\nno texts");
}

TEST_CASE("a result's value can be moved out, even of a move-only type") {
    Result<std::unique_ptr<int>> made(std::make_unique<int>(7));
    const std::unique_ptr<int> taken = std::move(made).value();
    REQUIRE(taken);
    CHECK(*taken == 7);
}

TEST_CASE("a status is done or failed with a reason and a path") {
    CHECK(done().ok());
    const Status stopped = failed("must be true or false", "choices.ads");
    CHECK_FALSE(stopped.ok());
    CHECK(stopped.message() == "choices.ads: must be true or false");
}
