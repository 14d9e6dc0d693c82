#include "dashboard.hpp"

#include <filesystem>
#include <iostream>
#include <optional>

#include <httplib.h>
#include <nlohmann/json.hpp>

#include "assent/sha256.hpp"
#include "files.hpp"
#include "log.hpp"
#include "summary.hpp"

namespace assent::server {
namespace {

using Json = nlohmann::ordered_json;
using httplib::Request;
using httplib::Response;

constexpr const char* kCookie = "assent_session";
// The sign-in page marks its state here; a refused sign-in answers the same
// page marked "refused" (its stylesheet shows the message: no inline code).
constexpr const char* kAsking = "data-state=\"ask\"";
constexpr const char* kRefused = "data-state=\"refused\"";

void protect(Response& res) {
    res.set_header("Content-Security-Policy", kDashboardCsp);
    res.set_header("X-Content-Type-Options", "nosniff");
    // Not no-referrer: under it Chromium sends "Origin: null" with the
    // page's own form posts, which the same-origin check must refuse.
    res.set_header("Referrer-Policy", "same-origin");
    res.set_header("Cache-Control", "no-store");
}

// An operator's action in the server's log (log.hpp), as the /v1/ ones are;
// a refused attempt says "operator":false.
void logAction(Json fields) {
    log::Fields out = {{"operator", true}};
    for (auto& [key, value] : fields.items()) out[key] = value;
    log::info("operator action", out);
}

void answerJson(Response& res, int status, const std::string& json) {
    protect(res);
    res.status = status;
    res.set_content(json, "application/json");
}

void refuse(Response& res, int status, const std::string& message) {
    answerJson(res, status, Json{{"error", message}}.dump());
}

// A file of the built page; 500 when the build is missing (the operator's
// to fix: `validate` names the folder).
void sendFile(const Dashboard& d, Response& res, const std::string& name, const char* type, int status = 200,
              bool refused = false) {
    auto text = readFile((std::filesystem::path(d.assets) / name).string());
    if (!text) {
        log::error("dashboard: cannot read " + d.assets + "/" + name);
        return refuse(res, 500, "dashboard: the page is not built");
    }
    if (refused) {
        const auto at = text->find(kAsking);
        if (at != std::string::npos) text->replace(at, std::string(kAsking).size(), kRefused);
    }
    protect(res);
    res.status = status;
    res.set_content(std::move(*text), type);
}

// The session id the request's cookie carries ("" when none).
std::string sessionCookie(const Request& req) {
    const std::string header = req.get_header_value("Cookie");
    const std::string name = std::string(kCookie) + "=";
    std::size_t at = 0;
    while (at < header.size()) {
        while (at < header.size() && (header[at] == ' ' || header[at] == ';')) ++at;
        const std::size_t end = std::min(header.find(';', at), header.size());
        if (header.compare(at, name.size(), name) == 0) return header.substr(at + name.size(), end - at - name.size());
        at = end;
    }
    return "";
}

std::optional<std::string> signedIn(const Dashboard& d, const Request& req) {
    return d.sessions.holder(sessionCookie(req), d.now());
}

// A POST from a page of this server's own origin: the browser says so with
// Sec-Fetch-Site, or its Origin names this Host. Neither: not a browser
// form of ours (an old browser, or a forged request), refused.
bool sameOrigin(const Request& req) {
    const std::string fetchSite = req.get_header_value("Sec-Fetch-Site");
    if (!fetchSite.empty() && fetchSite != "same-origin") return false;
    const std::string origin = req.get_header_value("Origin");
    if (origin.empty()) return fetchSite == "same-origin";
    const std::string host = req.get_header_value("Host");
    return !host.empty() && (origin == "http://" + host || origin == "https://" + host);
}

// Which operator the token is (the first 12 hex of its hash names it in the
// log), or nothing. Every hash is compared, in constant time, whichever matches.
std::optional<std::string> operatorOf(const Access& access, const std::string& token) {
    const std::string given = sha256Hex(token);
    bool matched = false;
    for (const auto& known : access.operatorTokenHashes) matched |= sameSecretHash(given, known);
    if (!matched || token.empty()) return std::nullopt;
    return given.substr(0, 12);
}

void getPage(const Dashboard& d, const Request& req, Response& res) {
    if (signedIn(d, req)) return sendFile(d, res, "index.html", "text/html; charset=utf-8");
    sendFile(d, res, "login.html", "text/html; charset=utf-8");
}

void refuseCrossSite(const Request& req, Response& res) {
    logAction({{"operator", false}, {"action", req.method + " " + req.path}, {"refused", "not from this server's own pages"}});
    refuse(res, 403, "dashboard: a request from another site's page is refused");
}

void postLogin(const Dashboard& d, const Request& req, Response& res) {
    if (!sameOrigin(req)) return refuseCrossSite(req, res);
    const auto who = operatorOf(d.access, req.has_param("token") ? req.get_param_value("token") : "");
    if (!who) {
        logAction({{"operator", false}, {"action", "dashboard login"}, {"refused", "not an operator token"}});
        return sendFile(d, res, "login.html", "text/html; charset=utf-8", 401, true);
    }
    const auto id = d.sessions.open(*who, d.now());
    if (!id) {
        log::error("dashboard: cannot open a session: no random bytes, or the session could not be kept");
        return refuse(res, 500, "dashboard: cannot open a session; retry later");
    }
    logAction({{"action", "dashboard login"}, {"token", *who}});
    protect(res);
    res.set_header("Set-Cookie", std::string(kCookie) + "=" + *id + "; Path=/dashboard; Max-Age=" +
                                     std::to_string(d.sessions.lifeMs() / 1000) +
                                     "; Secure; HttpOnly; SameSite=Strict");
    res.set_redirect("/dashboard", 303);
}

void postLogout(const Dashboard& d, const Request& req, Response& res) {
    if (!sameOrigin(req)) return refuseCrossSite(req, res);
    const std::string id = sessionCookie(req);
    if (const auto who = d.sessions.holder(id, d.now())) logAction({{"action", "dashboard logout"}, {"token", *who}});
    d.sessions.close(id);
    protect(res);
    res.set_header("Set-Cookie", std::string(kCookie) + "=; Path=/dashboard; Max-Age=0; Secure; HttpOnly; SameSite=Strict");
    res.set_redirect("/dashboard", 303);
}

void getSummary(const Dashboard& d, const Request& req, Response& res) {
    const auto who = signedIn(d, req);
    if (!who) return refuse(res, 401, "dashboard: sign in first");
    const std::string from = req.get_param_value("from");
    const std::string to = req.get_param_value("to");
    auto range = rangeOf(req.has_param("from") ? &from : nullptr, req.has_param("to") ? &to : nullptr);
    if (!range) {
        Json problems = Json::array();
        for (const Problem& p : range.problems()) problems.push_back({{"path", p.path}, {"reason", p.reason}});
        return answerJson(res, 400, Json{{"error", range.message()}, {"problems", problems}}.dump(-1, ' ', false,
                                                                                                  Json::error_handler_t::replace));
    }
    logAction({{"action", "dashboard summary"}, {"token", *who}, {"from", from}, {"to", to}});
    auto summary = summaryJson(d.analytics, range.value(), SummaryContext{d.site});
    if (!summary) {
        log::error("dashboard: " + summary.message());
        return refuse(res, 500, "dashboard: the figures could not be read; retry later");
    }
    answerJson(res, 200, summary.value());
}

}  // namespace

void serveDashboard(httplib::Server& server, const Dashboard& dashboard) {
    const Dashboard* d = &dashboard;
    const auto route = [d](void (*handler)(const Dashboard&, const Request&, Response&)) {
        return measured(d->metrics, [d, handler](const Request& req, Response& res) { handler(*d, req, res); });
    };
    server.Get("/dashboard", route(getPage));
    server.Post("/dashboard/login", route(postLogin));
    server.Post("/dashboard/logout", route(postLogout));
    server.Get("/dashboard/api/summary", route(getSummary));
    for (const auto& [name, type] : {std::pair{"dashboard.js", "text/javascript; charset=utf-8"},
                                     std::pair{"login.js", "text/javascript; charset=utf-8"},
                                     std::pair{"dashboard.css", "text/css; charset=utf-8"}}) {
        server.Get(std::string("/dashboard/") + name,
                   measured(d->metrics, [d, name = std::string(name), type = std::string(type)](const Request&, Response& res) {
                       sendFile(*d, res, name, type.c_str());
                   }));
    }
}

}  // namespace assent::server
