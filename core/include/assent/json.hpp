// A small, strict JSON reader for the inputs the core parses (config,
// choices, event properties, kept events). The browser build then carries no
// general-purpose JSON library: nlohmann's parser alone cost about 20 KB
// brotli there. Natively it is fuzzed against nlohmann (tests/fuzz).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace assent::json {

class Value {
public:
    enum class Type : std::uint8_t { Null, Bool, Number, String, Array, Object };
    using Members = std::vector<std::pair<std::string, Value>>;

    Type type() const { return type_; }
    bool isNull() const { return type_ == Type::Null; }
    bool isBool() const { return type_ == Type::Bool; }
    bool isNumber() const { return type_ == Type::Number; }
    bool isInteger() const { return type_ == Type::Number && integral_; }  // written without fraction or exponent
    bool isString() const { return type_ == Type::String; }
    bool isArray() const { return type_ == Type::Array; }
    bool isObject() const { return type_ == Type::Object; }

    bool boolean() const { return flag_; }
    std::int64_t integer() const { return integer_; }
    const std::string& string() const { return text_; }  // a string's value, or a number as written
    const std::vector<Value>& items() const { return items_; }
    const Members& members() const { return members_; }  // in document order
    std::size_t size() const;

    // The member named `key` (the last one, if the text repeats it), or nullptr.
    const Value* find(std::string_view key) const;

private:
    friend class Parser;
    Type type_ = Type::Null;
    bool flag_ = false;
    bool integral_ = false;
    std::int64_t integer_ = 0;
    std::string text_;
    // Held by value, not behind shared_ptr: shared_ptr's control blocks drag
    // libc++abi's RTTI machinery into the WASM build (about 4 KB), and a
    // parsed document is moved, not shared.
    std::vector<Value> items_;
    Members members_;
};

// The value of a complete JSON text (RFC 8259: UTF-8, no trailing data,
// nesting at most 64 deep), or nullopt; then *stoppedAt (when given) is the
// byte offset where reading stopped, at what is wrong or the text's end.
std::optional<Value> parse(std::string_view text, std::size_t* stoppedAt = nullptr);

// "a string", "a number", … for messages about a value of the wrong type.
std::string_view describe(const Value&);

}  // namespace assent::json
