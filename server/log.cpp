#include "log.hpp"

#include <chrono>
#include <iostream>
#include <mutex>

namespace assent::server::log {
namespace {

std::int64_t nowMs() {
    using namespace std::chrono;
    return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

void write(std::string_view level, std::string_view message, const Fields& fields) {
    static std::mutex lock;
    const std::string text = line(nowMs(), level, message, fields);
    std::lock_guard<std::mutex> guard(lock);
    std::cerr << text << std::endl;
}

}  // namespace

std::string line(std::int64_t atMs, std::string_view level, std::string_view message, const Fields& fields) {
    Fields out = {{"at", atMs}, {"level", level}, {"message", message}};
    if (fields.is_object()) out.update(fields);
    // A message may quote what a client sent: never throw on a cut UTF-8 sequence.
    return out.dump(-1, ' ', false, Fields::error_handler_t::replace);
}

void info(std::string_view message, const Fields& fields) { write("info", message, fields); }
void warning(std::string_view message, const Fields& fields) { write("warning", message, fields); }
void error(std::string_view message, const Fields& fields) { write("error", message, fields); }

}  // namespace assent::server::log
