// assent-validate: checks Assent configs the way the core reads them, for a
// site's CI and for editors' save hooks.
//
//   assent-validate [--strict] FILE...     ("-" reads standard input)
//
// Prints "FILE: ok", or one line per problem ("FILE: error: path: reason")
// and per unknown key ("FILE: warning: …"). Exit status: 0 when every file is
// a valid config, 1 when one is not (or, with --strict, has a warning), 2 when
// a file cannot be read or the arguments are wrong.
#include <algorithm>
#include <fstream>
#include <iostream>
#include <iterator>
#include <sstream>
#include <string>
#include <vector>

#include "assent/config.hpp"

namespace {

constexpr int kValid = 0, kInvalid = 1, kUnusable = 2;

void usage(std::ostream& out) {
    out << "usage: assent-validate [--strict] FILE...\n"
           "  Checks each Assent config (\"-\": standard input) as the core reads it.\n"
           "  --strict   an unknown key fails too\n"
           "  exit status: 0 valid, 1 invalid, 2 unreadable file or bad arguments\n";
}

bool readAll(const std::string& file, std::string& text) {
    if (file == "-") {
        text.assign(std::istreambuf_iterator<char>(std::cin), std::istreambuf_iterator<char>());
        return true;
    }
    std::ifstream in(file, std::ios::binary);
    if (!in) return false;
    std::ostringstream buffer;
    buffer << in.rdbuf();
    text = buffer.str();
    return true;
}

// The worst status of one file, its lines printed.
int check(const std::string& file, bool strict) {
    std::string text;
    if (!readAll(file, text)) {
        std::cerr << file << ": cannot be read\n";
        return kUnusable;
    }
    const auto parsed = assent::parseConfig(text);
    if (!parsed) {
        for (const auto& p : parsed.problems()) std::cout << file << ": error: " << p.message() << '\n';
        return kInvalid;
    }
    for (const auto& w : parsed.value().warnings) std::cout << file << ": warning: " << w.message() << '\n';
    if (parsed.value().warnings.empty()) std::cout << file << ": ok\n";
    return strict && !parsed.value().warnings.empty() ? kInvalid : kValid;
}

}  // namespace

int main(int argc, char** argv) {
    bool strict = false;
    std::vector<std::string> files;
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        if (arg == "--help" || arg == "-h") return usage(std::cout), kValid;
        if (arg == "--strict") strict = true;
        else if (arg.size() > 1 && arg[0] == '-') return std::cerr << "unknown option " << arg << '\n', usage(std::cerr), kUnusable;
        else files.push_back(arg);
    }
    if (files.empty()) return usage(std::cerr), kUnusable;
    int status = kValid;
    for (const auto& file : files) status = std::max(status, check(file, strict));
    return status;
}
