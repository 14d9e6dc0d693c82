// The server's log is JSON lines a collector can parse, whatever a message quotes.
#include "log.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

using assent::server::log::line;
using Json = nlohmann::json;

TEST_CASE("a log line is one JSON object with its time, level, message and fields", "[server][log]") {
    const std::string text = line(1700000000000, "warning", "origin \"x\"\nrefused", {{"origin", "https://a.example"}});
    CHECK(text.find('\n') == std::string::npos);  // one line, even for a message with a newline
    const Json parsed = Json::parse(text);
    CHECK(parsed["at"] == 1700000000000);
    CHECK(parsed["level"] == "warning");
    CHECK(parsed["message"] == "origin \"x\"\nrefused");
    CHECK(parsed["origin"] == "https://a.example");
    CHECK(Json::parse(line(1, "info", "no fields", nullptr)).size() == 3);
}

TEST_CASE("a log line quoting a cut UTF-8 sequence is still valid JSON", "[server][log]") {
    const std::string cut = std::string("caf") + static_cast<char>(0xC3);
    const Json parsed = Json::parse(line(1, "error", cut, {{"what", cut}}));
    CHECK(parsed["message"] == "caf\xEF\xBF\xBD");  // U+FFFD in place of the cut byte
}
