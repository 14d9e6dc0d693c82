// The small pieces every SQLite user of the server shares (store, analytics,
// texts_archive, rollups): a statement that finalizes itself, and a text
// column read whole (with its NULs) or as "" when NULL.
#pragma once

#include <memory>
#include <string>

#include <sqlite3.h>

namespace assent::server {

struct Finalize {
    void operator()(sqlite3_stmt* statement) const { sqlite3_finalize(statement); }
};
using Statement = std::unique_ptr<sqlite3_stmt, Finalize>;

inline std::string textAt(sqlite3_stmt* statement, int column) {
    const auto* bytes = reinterpret_cast<const char*>(sqlite3_column_text(statement, column));
    return bytes ? std::string(bytes, static_cast<std::size_t>(sqlite3_column_bytes(statement, column))) : std::string();
}

}  // namespace assent::server
