// Errors are values: every input from outside (config text, stored bytes,
// events) is checked at the edge and reported with the path that is wrong.
// Nothing here throws, because a C++ throw aborts the WASM build.
#pragma once

#include <string>
#include <utility>
#include <variant>
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
    Result(T value) : state_(std::move(value)) {}
    Result(Problems problems) : state_(std::move(problems)) {}

    bool ok() const { return std::holds_alternative<T>(state_); }
    explicit operator bool() const { return ok(); }
    const T& value() const& { return std::get<T>(state_); }
    T&& value() && { return std::get<T>(std::move(state_)); }
    const Problems& problems() const { return std::get<Problems>(state_); }

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
    std::variant<T, Problems> state_;
};

// A call that makes nothing: done, or every problem that stopped it.
struct Done {};
using Status = Result<Done>;
inline Status done() { return Done{}; }
inline Status failed(std::string reason, std::string path = {}) {
    return Problems{Problem{std::move(path), std::move(reason)}};
}

}  // namespace assent
