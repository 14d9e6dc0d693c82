// services[].scripts: which purpose a script's URL belongs to, so that the
// browser shell can hold back a script the page forgot to mark. The shell
// only reports the URL it sees; matching a URL to a purpose lives here.
//
// A pattern is a URL, or a prefix ending in '*'; a relative one resolves
// against the config's URL. Resolving is platform work the browser's URL
// parser does (and writes URLs as it writes a script's src), so the shell
// makes each pattern absolute once (scriptPatterns, then useScriptPatterns
// on the wire) and the core keeps no URL parser: it only matches. A script's
// absolute URL belongs to the purpose of the first service with a pattern it
// equals, or, for a prefix, starts with. No regular expressions.
// (Issue 11, measured with tests/bench/size.cjs: the core's own resolver
// was 2.3 KB of assent.wasm; moving it to the shell took assent.wasm from
// 109,739 to 108,037 B raw (44,331 -> 43,662 brotli) and assent.js from
// 36,743 to 36,960 B raw (13,069 -> 13,187 brotli): first visit 61,744 ->
// 61,193 B brotli.)
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "assent/config.hpp"

namespace assent {

// Every services[].scripts pattern, in the order matching tries them
// (services first to last, each one's scripts in order).
std::vector<std::string_view> scriptPatterns(const Config&);

// The purpose of the first service whose pattern matches url, or "" when
// none does. absolute: scriptPatterns(config) as the shell made them
// absolute, the trailing '*' kept; "" for one it could not resolve, which
// matches nothing (as does one missing from the list).
std::string_view purposeOfScript(const Config&, const std::vector<std::string>& absolute, std::string_view url);

}  // namespace assent
