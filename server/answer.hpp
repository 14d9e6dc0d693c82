// JSON answers shared by the routes and the HTTP limits.
#pragma once

#include <string>

namespace httplib {
struct Response;
}

namespace assent::server {

// {"error":"<message>"}, as every refusal is written.
std::string errorJson(const std::string& message);

// Answers `json` with `status` and then closes the connection: what is left
// of the request (an unread or cut body) is never read as a next request,
// which behind a proxy would be request smuggling. httplib 0.11.4 keeps a
// connection open whatever the handler says, unless writing the answer
// fails: the body is written whole by a provider that then reports failure.
void answerAndClose(httplib::Response&, int status, std::string json);

}  // namespace assent::server
