// Errors are values: every input from outside (config text, stored bytes,
// events) is checked at the edge and reported with the path that is wrong.
// Nothing here throws, because a C++ throw aborts the WASM build.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace assent {

struct Problem {
    std::string path;    // JSON path of the offending value, e.g. "purposes[2].id"
    std::string reason;  // plain words a site owner can act on
    std::string message() const { return path.empty() ? reason : path + ": " + reason; }
};

using Problems = std::vector<Problem>;

// A value, or every problem found while trying to make it.
template <class T>
class Result {
public:
    Result(T value) : value_(std::move(value)) {}
    Result(Problems problems) : problems_(std::move(problems)) {}

    bool ok() const { return value_.has_value(); }
    explicit operator bool() const { return ok(); }
    const T& value() const& { return *value_; }  // only when ok()
    T&& value() && { return std::move(*value_); }
    const Problems& problems() const { return problems_; }  // empty when ok()

    // All problems as one line each, for a console error.
    std::string message() const {
        std::string out;
        if (ok()) return out;
        for (const auto& p : problems()) {
            if (!out.empty()) out += '\n';
            out += p.message();
        }
        return out;
    }

private:
    // An optional and a list, not std::variant<T, Problems>: the variant's
    // visitation tables, instantiated for every T, cost the WASM module more
    // than the empty list's three words cost here.
    std::optional<T> value_;
    Problems problems_;
};

// A call that makes nothing: done, or every problem that stopped it.
struct Done {};
using Status = Result<Done>;
inline Status done() { return Done{}; }
inline Status failed(std::string reason, std::string path = {}) {
    return Problems{Problem{std::move(path), std::move(reason)}};
}

}  // namespace assent
