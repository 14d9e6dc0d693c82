// /healthz and /metrics: a load balancer's and a monitor's view of the
// collector, in the Prometheus text format, from real requests.
#include <nlohmann/json.hpp>

#include "support.hpp"

using namespace server_test;
using Json = nlohmann::json;

TEST_CASE("/healthz says the server and its database answer", "[collector][metrics]") {
    RunningCollector collector;
    auto res = collector.anonymousClient().Get("/healthz");
    REQUIRE(res);
    CHECK(res->status == 200);
    CHECK(Json::parse(res->body) == Json{{"ok", true}});
}

TEST_CASE("/metrics counts requests by route and status, events stored and refused by reason, and receipts",
          "[collector][metrics]") {
    RunningCollector collector;
    auto client = collector.client();
    // Two events granted, one of marketing refused; a receipt new, then again.
    Core core = deviceThatChose({{"analytics", true}, {"marketing", false}});
    REQUIRE(core.track("$click", "", "/", kNow) == TrackOutcome::Forwarded);
    REQUIRE(core.track("$click", "", "/", kNow + 1) == TrackOutcome::Forwarded);
    const std::string receipt = Json{{"consent", core.storedCurrent()}}.dump();
    REQUIRE(client.Post("/v1/consent", receipt, "application/json")->status == 200);
    REQUIRE(client.Post("/v1/consent", receipt, "application/json")->status == 200);
    const auto batch = core.takeBatch(kNow + 2);
    REQUIRE(batch);
    REQUIRE(client.Post("/v1/events", batch->body, "application/json")->status == 200);
    REQUIRE(client.Post("/v1/events", "{", "application/json")->status == 400);

    auto res = collector.anonymousClient().Get("/metrics");
    REQUIRE(res);
    CHECK(res->status == 200);
    CHECK_THAT(res->get_header_value("Content-Type"), Catch::StartsWith("text/plain; version=0.0.4"));
    const std::string& text = res->body;
    CHECK_THAT(text, Catch::Contains("assent_requests_total{route=\"POST /v1/consent\",status=\"200\"} 2\n"));
    CHECK_THAT(text, Catch::Contains("assent_requests_total{route=\"POST /v1/events\",status=\"200\"} 1\n"));
    CHECK_THAT(text, Catch::Contains("assent_requests_total{route=\"POST /v1/events\",status=\"400\"} 1\n"));
    CHECK_THAT(text, Catch::Contains("assent_events_total{outcome=\"stored\"} 2\n"));
    CHECK_THAT(text, Catch::Contains("assent_receipts_total{outcome=\"new\"} 1\n"));
    CHECK_THAT(text, Catch::Contains("assent_receipts_total{outcome=\"duplicate\"} 1\n"));
    CHECK_THAT(text, Catch::Contains("assent_request_duration_seconds_count{route=\"POST /v1/events\"} 2\n"));
    CHECK_THAT(text, Catch::Contains("assent_request_duration_seconds_bucket{route=\"POST /v1/events\",le=\"+Inf\"} 2\n"));
    CHECK_THAT(text, Catch::Contains("# TYPE assent_request_duration_seconds histogram\n"));
    // The one batch stored, in one commit of its own.
    CHECK_THAT(text, Catch::Contains("assent_event_commits_total 1\n"));
    CHECK_THAT(text, Catch::Contains("assent_event_batches_committed_total 1\n"));
    // Where the two batches' time went: the one that was not JSON never got
    // to its ledger; the other read it and stored its events.
    CHECK_THAT(text, Catch::Contains("# TYPE assent_intake_stage_seconds histogram\n"));
    CHECK_THAT(text, Catch::Contains("assent_intake_stage_seconds_count{stage=\"ledger\"} 1\n"));
    CHECK_THAT(text, Catch::Contains("assent_intake_stage_seconds_bucket{stage=\"store\",le=\"+Inf\"} 1\n"));
    CHECK_THAT(text, Catch::Contains("assent_intake_stage_seconds_count{stage=\"store\"} 1\n"));
    CHECK_THAT(text, !Catch::Contains("stage=\"publish\""));
    // This request itself is being answered.
    CHECK_THAT(text, Catch::Contains("assent_requests_in_flight 1\n"));
}

TEST_CASE("/metrics counts events refused by the server's own judgement, by reason", "[collector][metrics]") {
    RunningCollector collector;
    auto client = collector.client();
    Core core = deviceThatChose({{"analytics", true}});
    REQUIRE(core.track("$click", "", "/", kNow) == TrackOutcome::Forwarded);
    const auto batch = core.takeBatch(kNow + 1);
    REQUIRE(batch);
    // A batch arriving a year late: its event is older than any browser keeps one.
    collector.setNow(kNow + 365LL * 24 * 60 * 60 * 1000);
    REQUIRE(client.Post("/v1/events", batch->body, "application/json")->status == 200);
    const std::string text = collector.anonymousClient().Get("/metrics")->body;
    CHECK_THAT(text, Catch::Contains("assent_events_refused_total{reason=\"tooOld\"} 1\n"));
}
