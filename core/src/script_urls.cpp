#include "assent/script_urls.hpp"

namespace assent {

std::vector<std::string_view> scriptPatterns(const Config& config) {
    std::vector<std::string_view> out;
    for (const auto& service : config.services)
        for (const auto& pattern : service.scripts) out.push_back(pattern);
    return out;
}

std::string_view purposeOfScript(const Config& config, const std::vector<std::string>& absolute, std::string_view url) {
    std::size_t i = 0;
    for (const auto& service : config.services) {
        for (std::size_t n = service.scripts.size(); n > 0; --n, ++i) {
            if (i >= absolute.size()) return {};
            std::string_view want = absolute[i];
            if (want.empty()) continue;  // the shell could not resolve it: it claims nothing (and has no last character)
            const bool prefix = want.back() == '*';
            if (prefix) want.remove_suffix(1);
            if (prefix ? url.substr(0, want.size()) == want : url == want) return service.purpose;
        }
    }
    return {};
}

}  // namespace assent
