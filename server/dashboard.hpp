// The operators' dashboard at /dashboard:
//   GET  /dashboard              the dashboard once signed in, else the sign-in form
//   POST /dashboard/login        form field `token` (an operator token): on success a
//                                session cookie and 303 to /dashboard; 401 and the form otherwise
//   POST /dashboard/logout       ends the session, 303 to /dashboard
//   GET  /dashboard/api/summary  ?from=YYYY-MM-DD&to=YYYY-MM-DD: the figures (summary.hpp);
//                                401 without a session, 400 naming a bad parameter
//   GET  /dashboard/{dashboard.js,login.js,dashboard.css}  the page's files
// Every page and answer carries a strict Content-Security-Policy (no inline
// script or style) and is never cached. The session cookie is
// `assent_session` (Path=/dashboard; Secure; HttpOnly; SameSite=Strict);
// the POSTs must also come from a page of this server's own origin (Origin
// or Sec-Fetch-Site), so another site can neither sign someone in (login
// CSRF) nor out. Every refusal of one kind has one body, whatever was wrong,
// and every operator action is logged to standard error as a JSON line.
#pragma once

#include <cstdint>
#include <string>

#include "access.hpp"
#include "analytics.hpp"
#include "api.hpp"
#include "metrics.hpp"
#include "operator_sessions.hpp"

namespace httplib {
class Server;
}

namespace assent::server {

inline constexpr const char* kDashboardCsp =
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
    "frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

struct Dashboard {
    Analytics& analytics;
    OperatorSessions& sessions;
    Access access;         // the operator tokens' hashes
    std::string assets;    // the built page: index.html, login.html, dashboard.js, login.js, dashboard.css
    std::string site;      // the config's siteId
    Clock now = systemNowMs;
    Metrics* metrics = nullptr;  // where its routes are measured, as the API's are (api.hpp)
};

// Adds the /dashboard routes; `dashboard` must outlive the server.
void serveDashboard(httplib::Server&, const Dashboard&);

}  // namespace assent::server
