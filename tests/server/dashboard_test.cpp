// The operators' dashboard over HTTP (dashboard.hpp): who may see it, how a
// session starts and ends, which requests are refused (and that each kind
// of refusal looks the same whatever was wrong), and what the summary says.
#include "dashboard.hpp"

#include <set>
#include <sstream>

#include <nlohmann/json.hpp>

#include "calendar.hpp"
#include "fresh_store.hpp"

using namespace server_test;
using Json = nlohmann::json;

namespace {

constexpr std::int64_t kHourMs = 60 * 60 * 1000;
constexpr std::int64_t kSessionMs = 12 * kHourMs;

// The server's routes and the dashboard, with a built page of its own, on a
// free port, over a store of `kind` (fresh_store.hpp); its clock is set by
// the test.
class DashboardServer {
public:
    explicit DashboardServer(const std::string& kind = "sqlite")
        : store_(kind, testConfig().siteId, testConfig().revision),
          analytics_(store_.analytics(testConfig().siteId)),
          sessions_(kSessionMs),
          services_{testConfig(), *store_, [this] { return now_.load(); }, {}, Access{{sha256Hex(kOperatorToken)}}, &metrics_},
          dashboard_{*analytics_, sessions_, services_.access, (dir_.path() / "page").string(), testConfig().siteId,
                     [this] { return now_.load(); }, &metrics_} {
        writeText(dir_.path() / "page/index.html", "<main>the dashboard</main>");
        writeText(dir_.path() / "page/login.html", "<main data-state=\"ask\">sign in</main>");
        writeText(dir_.path() / "page/dashboard.js", "// the page's script");
        serveApi(server_, services_);
        serveDashboard(server_, dashboard_);
        port_ = server_.bind_to_any_port("127.0.0.1");
        REQUIRE(port_ > 0);
        thread_ = std::thread([this] { server_.listen_after_bind(); });
        while (!server_.is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    ~DashboardServer() {
        server_.stop();
        thread_.join();
    }

    httplib::Client client() const {
        httplib::Client c("127.0.0.1", port_);
        c.set_read_timeout(10, 0);
        return c;
    }
    // What a page of this server sends with a form POST.
    httplib::Headers ownPage() const {
        return {{"Origin", "http://127.0.0.1:" + std::to_string(port_)}, {"Sec-Fetch-Site", "same-origin"}};
    }
    void setNow(std::int64_t ms) { now_ = ms; }
    Store& store() { return *store_; }

private:
    TempDir dir_;
    std::atomic<std::int64_t> now_{kNow};
    FreshStore store_;
    std::unique_ptr<Analytics> analytics_;
    OperatorSessions sessions_;
    Metrics metrics_;
    Services services_;
    Dashboard dashboard_;
    httplib::Server server_;
    int port_ = 0;
    std::thread thread_;
};

httplib::Result login(const DashboardServer& s, const std::string& body, httplib::Headers headers) {
    return s.client().Post("/dashboard/login", headers, body, "application/x-www-form-urlencoded");
}

// The cookie's value ("assent_session=…") from a sign-in's answer.
std::string cookieOf(const httplib::Result& res) {
    REQUIRE(res);
    const std::string set = res->get_header_value("Set-Cookie");
    return set.substr(0, set.find(';'));
}

std::string signIn(const DashboardServer& s) {
    auto res = login(s, std::string("token=") + kOperatorToken, s.ownPage());
    REQUIRE(res);
    REQUIRE(res->status == 303);
    return cookieOf(res);
}

httplib::Result summary(const DashboardServer& s, const std::string& cookie,
                        const std::string& query = "?from=2023-11-14&to=2023-11-15") {
    httplib::Headers headers;
    if (!cookie.empty()) headers.emplace("Cookie", cookie);
    return s.client().Get(("/dashboard/api/summary" + query).c_str(), headers);
}

// What an operator action wrote to the log while `act` ran.
template <class Act>
std::string logged(Act&& act) {
    std::ostringstream log;
    std::streambuf* before = std::cerr.rdbuf(log.rdbuf());
    act();
    std::cerr.rdbuf(before);
    return log.str();
}

}  // namespace

TEST_CASE("without signing in, the dashboard shows the sign-in form and its figures are 401", "[dashboard][access]") {
    DashboardServer s;
    auto page = s.client().Get("/dashboard");
    REQUIRE(page);
    CHECK(page->status == 200);
    CHECK(page->body == "<main data-state=\"ask\">sign in</main>");
    CHECK(page->get_header_value("Content-Security-Policy") == kDashboardCsp);
    CHECK(page->get_header_value("Cache-Control") == "no-store");
    auto figures = summary(s, "");
    REQUIRE(figures);
    CHECK(figures->status == 401);
    CHECK(Json::parse(figures->body) == Json{{"error", "dashboard: sign in first"}});
}

TEST_CASE("[C18] an operator token signs in with a Secure, HttpOnly, SameSite=Strict session cookie, never kept itself",
          "[dashboard][access]") {
    DashboardServer s;
    std::optional<httplib::Result> answered;
    const std::string log = logged([&] { answered.emplace(login(s, std::string("token=") + kOperatorToken, s.ownPage())); });
    const httplib::Result& res = *answered;
    REQUIRE(res);
    CHECK(res->status == 303);
    CHECK(res->get_header_value("Location") == "/dashboard");
    const std::string set = res->get_header_value("Set-Cookie");
    CHECK_THAT(set, Catch::Matches("assent_session=[A-Za-z0-9_-]{43}; Path=/dashboard; Max-Age=43200; Secure; "
                                   "HttpOnly; SameSite=Strict"));
    CHECK_THAT(log, Catch::Contains("\"action\":\"dashboard login\"") &&
                        Catch::Contains("\"token\":\"" + sha256Hex(kOperatorToken).substr(0, 12) + "\""));
    CHECK_THAT(log, !Catch::Contains(kOperatorToken));

    const std::string cookie = cookieOf(res);
    auto page = s.client().Get("/dashboard", {{"Cookie", "theme=dark; " + cookie}});
    REQUIRE(page);
    CHECK(page->body == "<main>the dashboard</main>");
    auto figures = summary(s, cookie);
    REQUIRE(figures);
    CHECK(figures->status == 200);
    CHECK(Json::parse(figures->body)["from"] == "2023-11-14");
    // Two sign-ins, two sessions.
    CHECK(signIn(s) != cookie);
}

TEST_CASE("[C18] a wrong, empty or missing token is refused alike, with the form marked refused and no cookie",
          "[dashboard][access]") {
    DashboardServer s;
    std::vector<std::string> bodies;
    std::string log;
    for (const std::string& body : std::vector<std::string>{"token=guessed", "token=", "", "name=x",
                                                            std::string("token=") + kOperatorToken + "x",
                                                            "token=" + sha256Hex(kOperatorToken)}) {
        INFO(body);
        std::optional<httplib::Result> answered;
        log += logged([&] { answered.emplace(login(s, body, s.ownPage())); });
        const httplib::Result& res = *answered;
        REQUIRE(res);
        CHECK(res->status == 401);
        CHECK_FALSE(res->has_header("Set-Cookie"));
        bodies.push_back(res->body);
    }
    for (const auto& body : bodies) CHECK(body == bodies.front());
    CHECK(bodies.front() == "<main data-state=\"refused\">sign in</main>");
    CHECK_THAT(log, Catch::Contains("\"refused\":\"not an operator token\""));
}

TEST_CASE("a sign-in or sign-out from another site's page is refused (login and logout CSRF)", "[dashboard][access]") {
    DashboardServer s;
    const std::string cookie = signIn(s);
    const std::string token = std::string("token=") + kOperatorToken;
    std::vector<std::string> bodies;
    for (const httplib::Headers& headers : std::vector<httplib::Headers>{
             {{"Origin", "https://evil.example"}},
             {{"Origin", "null"}},
             {{"Sec-Fetch-Site", "cross-site"}, {"Origin", "http://127.0.0.1"}},
             {{"Sec-Fetch-Site", "same-site"}},
             {},  // neither: no page of ours sends that
         }) {
        auto in = login(s, token, headers);
        REQUIRE(in);
        CHECK(in->status == 403);
        CHECK_FALSE(in->has_header("Set-Cookie"));
        bodies.push_back(in->body);
        httplib::Headers withCookie = headers;
        withCookie.emplace("Cookie", cookie);
        auto out = s.client().Post("/dashboard/logout", withCookie, "", "application/x-www-form-urlencoded");
        REQUIRE(out);
        CHECK(out->status == 403);
        bodies.push_back(out->body);
    }
    for (const auto& body : bodies) CHECK(body == bodies.front());
    CHECK(Json::parse(bodies.front()) == Json{{"error", "dashboard: a request from another site's page is refused"}});
    // The operator is still signed in.
    CHECK(summary(s, cookie)->status == 200);
}

TEST_CASE("a session ends at sign-out and after its hours; ended, expired and made-up sessions are refused alike",
          "[dashboard][access]") {
    DashboardServer s;
    const std::string ended = signIn(s);
    httplib::Headers headers = s.ownPage();
    headers.emplace("Cookie", ended);
    auto out = s.client().Post("/dashboard/logout", headers, "", "application/x-www-form-urlencoded");
    REQUIRE(out);
    CHECK(out->status == 303);
    CHECK_THAT(out->get_header_value("Set-Cookie"), Catch::StartsWith("assent_session=; Path=/dashboard; Max-Age=0"));

    const std::string expiring = signIn(s);
    s.setNow(kNow + kSessionMs - 1);
    CHECK(summary(s, expiring)->status == 200);
    s.setNow(kNow + kSessionMs);

    std::vector<std::string> bodies;
    for (const std::string& cookie : {ended, expiring, std::string("assent_session=") + std::string(43, 'A'),
                                      std::string("assent_session="), std::string("other=1")}) {
        INFO(cookie);
        auto res = summary(s, cookie);
        REQUIRE(res);
        CHECK(res->status == 401);
        bodies.push_back(res->body);
        auto page = s.client().Get("/dashboard", {{"Cookie", cookie}});
        CHECK(page->body == "<main data-state=\"ask\">sign in</main>");
    }
    for (const auto& body : bodies) CHECK(body == bodies.front());
}

TEST_CASE("a missing or wrong date range is a 400 that names what is wrong", "[dashboard][summary]") {
    DashboardServer s;
    const std::string cookie = signIn(s);
    const std::vector<std::pair<std::string, std::string>> cases = {
        {"", "from: missing: a day as YYYY-MM-DD\nto: missing: a day as YYYY-MM-DD"},
        {"?from=2023-11-14", "to: missing: a day as YYYY-MM-DD"},
        {"?from=2023-02-30&to=2023-03-01", "from: \"2023-02-30\" is not a day as YYYY-MM-DD"},
        {"?from=2023-11-14&to=14.11.2023", "to: \"14.11.2023\" is not a day as YYYY-MM-DD"},
        {"?from=2023-11-14&to=2023-11-14", "to: must be a day after from (the range is [from, to))"},
        {"?from=2022-01-01&to=2023-01-03", "to: at most 366 days after from"},
    };
    for (const auto& [query, error] : cases) {
        INFO(query);
        auto res = summary(s, cookie, query);
        REQUIRE(res);
        CHECK(res->status == 400);
        CHECK(Json::parse(res->body)["error"] == error);
    }
    CHECK(summary(s, cookie, "?from=2022-01-01&to=2023-01-02")->status == 200);  // 366 days
}

TEST_CASE("the summary counts stored rows, and the events refused at intake since the server started",
          "[dashboard][summary]") {
    const std::string kind = GENERATE(from_range(storeKinds()));
    INFO(kind);
    DashboardServer s(kind);
    // A person who allowed analytics (the demo keeps no identifiers in this
    // test config): three clicks, stored.
    auto posted = s.client().Post("/v1/events", clickBatch(3), "text/plain");
    REQUIRE(posted);
    REQUIRE(Json::parse(posted->body)["stored"] == 3);
    // Events captured 30 days ago arrive now: refused as too old, never stored.
    auto old = s.client().Post("/v1/events", clickBatch(2, kNow - 30 * 24 * kHourMs), "text/plain");
    REQUIRE(old);
    REQUIRE(Json::parse(old->body)["refused"]["tooOld"] == 2);

    const std::string cookie = signIn(s);
    std::optional<httplib::Result> answered;
    const std::string log = logged([&] { answered.emplace(summary(s, cookie, "?from=2023-11-14&to=2023-11-15")); });
    const httplib::Result& res = *answered;
    REQUIRE(res);
    REQUIRE(res->status == 200);
    CHECK_THAT(log, Catch::Contains("\"action\":\"dashboard summary\"") && Catch::Contains("\"from\":\"2023-11-14\""));
    const Json body = Json::parse(res->body);
    CHECK(body["site"] == testConfig().siteId);
    CHECK(body["traffic"]["pageViews"] == 0);
    CHECK(body["topClicks"] == Json::parse(R"([{"page":"/","selector":"","text":"","clicks":3}])"));
    CHECK(body["consent"]["decisions"] == 2);  // each device's custom decision
    CHECK(body["consent"]["byDay"][0] ==
          Json::parse(R"({"day":"2023-11-14","acceptAll":0,"rejectAll":0,"custom":2,"withdraw":0,"other":0,"total":2})"));
    CHECK(body["refusals"] == Json::parse(R"({"byReason":{"tooOld":2}})"));
    // Refusals are counted by the day they arrived: a range without that day has none.
    auto other = summary(s, cookie, "?from=2023-11-15&to=2023-11-16");
    REQUIRE(other);
    CHECK(Json::parse(other->body)["refusals"] == Json::parse(R"({"byReason":{}})"));
}

TEST_CASE("/metrics counts the dashboard's requests by route and status, as it counts the API's", "[dashboard][metrics]") {
    DashboardServer s;
    REQUIRE(summary(s, "")->status == 401);
    REQUIRE(login(s, "token=wrong", s.ownPage())->status == 401);
    const std::string cookie = signIn(s);
    REQUIRE(summary(s, cookie, "?from=2023-11-14&to=2023-11-15")->status == 200);
    REQUIRE(s.client().Get("/dashboard/dashboard.js")->status == 200);

    auto metrics = s.client().Get("/metrics");
    REQUIRE(metrics);
    const std::string& text = metrics->body;
    CHECK_THAT(text, Catch::Contains("assent_requests_total{route=\"GET /dashboard/api/summary\",status=\"401\"} 1\n") &&
                         Catch::Contains("assent_requests_total{route=\"GET /dashboard/api/summary\",status=\"200\"} 1\n") &&
                         Catch::Contains("assent_requests_total{route=\"POST /dashboard/login\",status=\"401\"} 1\n") &&
                         Catch::Contains("assent_requests_total{route=\"POST /dashboard/login\",status=\"303\"} 1\n") &&
                         Catch::Contains("assent_requests_total{route=\"GET /dashboard/dashboard.js\",status=\"200\"} 1\n") &&
                         Catch::Contains("assent_request_duration_seconds_count{route=\"GET /dashboard/api/summary\"} 2\n"));
    // Only what is being answered is in flight: the /metrics request itself.
    CHECK_THAT(text, Catch::Contains("assent_requests_in_flight 1\n"));
}

TEST_CASE("the page's files are served with the same strict policy, signed in or not", "[dashboard]") {
    DashboardServer s;
    auto script = s.client().Get("/dashboard/dashboard.js");
    REQUIRE(script);
    CHECK(script->status == 200);
    CHECK(script->body == "// the page's script");
    CHECK(script->get_header_value("Content-Type") == "text/javascript; charset=utf-8");
    CHECK(script->get_header_value("Content-Security-Policy") == kDashboardCsp);
    // One the build lacks is the operator's to fix, and says so.
    auto missing = s.client().Get("/dashboard/dashboard.css");
    REQUIRE(missing);
    CHECK(missing->status == 500);
}

TEST_CASE("session ids come from the system's random source, 256 bits each, and lapse after the session's hours",
          "[dashboard][access]") {
    OperatorSessions sessions(kSessionMs);
    std::set<std::string> ids;
    for (int i = 0; i < 1000; ++i) {
        const auto id = sessions.open("op", kNow);
        REQUIRE(id);
        CHECK(id->size() == 43);
        ids.insert(*id);
    }
    CHECK(ids.size() == 1000);
    const std::string id = *ids.begin();
    CHECK(sessions.holder(id, kNow + kSessionMs - 1) == std::optional<std::string>("op"));
    CHECK_FALSE(sessions.holder(id, kNow + kSessionMs));
    sessions.close(id);
    CHECK_FALSE(sessions.holder(id, kNow));
}
