#include "assent/script_urls.hpp"

namespace assent {
namespace {

// The length of ref's scheme with its ':' ("https:" -> 6), or 0 when ref has
// none (a relative reference).
std::size_t schemeLength(std::string_view ref) {
    for (std::size_t i = 0; i < ref.size(); ++i) {
        const char c = ref[i];
        const bool alpha = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
        if (c == ':') return i > 0 ? i + 1 : 0;
        if (!alpha && (i == 0 || !((c >= '0' && c <= '9') || c == '+' || c == '-' || c == '.'))) return 0;
    }
    return 0;
}

char lower(char c) { return c >= 'A' && c <= 'Z' ? char(c - 'A' + 'a') : c; }

// RFC 3986 5.2.4 on a path: "." and ".." segments go.
std::string withoutDots(std::string_view path) {
    std::string out;
    while (!path.empty()) {
        const auto next = path.find('/', 1);
        std::string_view seg = path.substr(0, next);  // "/x" (or "x" for a first relative one)
        path.remove_prefix(next == std::string_view::npos ? path.size() : next);
        if (seg == "/." || seg == "/..") {
            if (seg == "/..") {
                const auto cut = out.rfind('/');
                out.erase(cut == std::string::npos ? 0 : cut);
            }
            if (path.empty()) out += '/';
        } else {
            out += seg;
        }
    }
    return out;
}

}  // namespace

std::string absoluteUrl(std::string_view ref, std::string_view base) {
    std::string url;
    const std::size_t scheme = schemeLength(base);
    // base split as scheme "//" authority path [?query] [#fragment]
    const std::size_t authorityAt = base.compare(scheme, 2, "//") == 0 ? scheme + 2 : scheme;
    const std::size_t pathAt = std::min(base.find_first_of("/?#", authorityAt), base.size());
    const std::size_t queryAt = std::min(base.find_first_of("?#", pathAt), base.size());
    if (schemeLength(ref)) url = ref;
    else if (ref.substr(0, 2) == "//") url = std::string(base.substr(0, scheme)).append(ref);
    else if (!ref.empty() && ref[0] == '/') url = std::string(base.substr(0, pathAt)).append(ref);
    else if (!ref.empty() && ref[0] == '?') url = std::string(base.substr(0, queryAt)).append(ref);
    else if (ref.empty() || ref[0] == '#') url = std::string(base.substr(0, base.find('#'))).append(ref);
    else {
        const std::size_t slash = base.substr(0, queryAt).rfind('/');
        const std::size_t dir = slash == std::string_view::npos || slash < pathAt ? pathAt : slash + 1;
        url = std::string(base.substr(0, dir)).append(pathAt == dir ? "/" : "").append(ref);
    }

    // Normalise what a browser normalises in an http(s) URL.
    const std::size_t s = schemeLength(url);
    for (std::size_t i = 0; i < s; ++i) url[i] = lower(url[i]);
    const std::string_view kind(url.data(), s);
    if ((kind != "http:" && kind != "https:") || url.compare(s, 2, "//") != 0) return url;
    const std::size_t host = s + 2;
    const std::size_t path = std::min(url.find_first_of("/?#", host), url.size());
    const std::size_t at = url.rfind('@', path);
    for (std::size_t i = at == std::string::npos || at < host ? host : at + 1; i < path; ++i) url[i] = lower(url[i]);
    std::string head = url.substr(0, path);
    const std::string_view port = kind == "http:" ? ":80" : ":443";
    if (head.size() >= port.size() && head.compare(head.size() - port.size(), port.size(), port) == 0)
        head.resize(head.size() - port.size());
    const std::size_t query = std::min(url.find_first_of("?#", path), url.size());
    std::string tail = withoutDots(std::string_view(url).substr(path, query - path));
    return head + (tail.empty() ? "/" : tail) + url.substr(query);
}

std::string_view purposeOfScript(const Config& config, std::string_view url, std::string_view base) {
    for (const auto& service : config.services) {
        for (const auto& pattern : service.scripts) {
            const bool prefix = pattern.back() == '*';
            const std::string want = absoluteUrl(std::string_view(pattern).substr(0, pattern.size() - prefix), base);
            if (prefix ? url.substr(0, want.size()) == want : url == want) return service.purpose;
        }
    }
    return {};
}

}  // namespace assent
