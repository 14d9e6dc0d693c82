// services[].scripts: which purpose a script's URL belongs to, so that the
// browser shell can hold back a script the page forgot to mark. The shell
// only reports the URL it sees; the patterns and their matching live here.
//
// A pattern is a URL, or a prefix ending in '*'; a relative one resolves
// against the config's URL. A script's absolute URL (as the browser writes
// it) belongs to the purpose of the first service with a pattern it equals,
// or, for a prefix, starts with. No regular expressions, no URL library:
// resolution is the plain cases of RFC 3986 (scheme-relative, path-absolute,
// path-relative with dot segments, query, fragment) and normalisation is what
// browsers do to every http(s) URL (lower-case scheme and host, no default
// port, "/" for an empty path).
#pragma once

#include <string>
#include <string_view>

#include "assent/config.hpp"

namespace assent {

// ref made absolute against base (an absolute URL), normalised as above.
std::string absoluteUrl(std::string_view ref, std::string_view base);

// The purpose of the first service whose scripts pattern matches url, or ""
// when none does. url: the script's absolute URL; base: the config's URL.
std::string_view purposeOfScript(const Config&, std::string_view url, std::string_view base);

}  // namespace assent
