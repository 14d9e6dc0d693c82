// What the readers of the config's `tcf` and `gpp` sections share (each
// one's site.cpp): the paths their problems name, and the warning for a key
// an object of the section does not have.
#pragma once

#include <cstddef>
#include <set>
#include <string>
#include <string_view>
#include <utility>

#include "assent/json.hpp"
#include "assent/json_writer.hpp"
#include "assent/result.hpp"
#include "assent/tcf/site.hpp"

namespace assent::tcf {

inline std::string join(const std::string& path, std::string_view key) {
    return path.empty() ? std::string(key) : path + "." + std::string(key);
}

inline std::string at(const std::string& path, std::size_t i) {
    return path + "[" + decimal(static_cast<std::int64_t>(i)) + "]";
}

// The site's purpose ids, from the config's own `purposes` (checked in
// full by the main core; here only to resolve the mapping's references).
inline std::set<std::string> sitePurposes(const json::Value& root) {
    std::set<std::string> out;
    const json::Value* list = root.find("purposes");
    if (list && list->isArray())
        for (const auto& p : list->items())
            if (const json::Value* id = p.isObject() ? p.find("id") : nullptr; id && id->isString()) out.insert(id->string());
    return out;
}

class SectionReader {
public:
    Problems problems;
    Problems warnings;

    void problem(std::string path, std::string reason) { problems.push_back({std::move(path), std::move(reason)}); }

    // A warning for each key of `obj` that the table's object at `place`
    // does not have (a typo, or a key of a newer Assent: not fatal).
    template <std::size_t N>
    void knownKeys(const ConfigObject (&table)[N], const json::Value& obj, const std::string& path,
                   std::string_view place) {
        for (const auto& o : table)
            if (o.place == place)
                for (const auto& item : obj.members())
                    if (!o.holds(item.first)) warnings.push_back({join(path, item.first), "unknown key, ignored"});
    }
};

}  // namespace assent::tcf
