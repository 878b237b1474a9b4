#include "pipeline/base/json_writer.h"

#include <charconv>
#include <cmath>

#include "pipeline/base/strings.h"

namespace docpipe {

void JsonWriter::Key(std::string_view name) {
  Separate();
  *out_ << '"' << JsonEscape(name) << "\": ";
  after_key_ = true;
}

void JsonWriter::String(std::string_view text) {
  Value();
  *out_ << '"' << JsonEscape(text) << '"';
}

void JsonWriter::StringOrNull(std::string_view text) {
  if (text.empty()) {
    Null();
  } else {
    String(text);
  }
}

void JsonWriter::Number(double value) {
  Value();
  if (!std::isfinite(value)) {
    *out_ << "null";
    return;
  }
  if (value == 0) value = 0;  // no "-0"
  char buffer[64];
  std::to_chars_result result = std::to_chars(buffer, buffer + sizeof(buffer), value);
  *out_ << std::string_view(buffer, static_cast<size_t>(result.ptr - buffer));
}

void JsonWriter::Int(int64_t value) {
  Value();
  *out_ << value;
}

void JsonWriter::Bool(bool value) {
  Value();
  *out_ << (value ? "true" : "false");
}

void JsonWriter::Null() {
  Value();
  *out_ << "null";
}

void JsonWriter::StringArray(const std::vector<std::string>& values) {
  BeginArray();
  for (const std::string& value : values) String(value);
  EndArray();
}

void JsonWriter::Member(std::string_view name, std::string_view text) {
  Key(name);
  StringOrNull(text);
}

void JsonWriter::Integer(std::string_view name, int64_t value) {
  Key(name);
  Int(value);
}

void JsonWriter::Strings(std::string_view name, const std::vector<std::string>& values) {
  Key(name);
  StringArray(values);
}

void JsonWriter::Separate() {
  if (empty_.empty()) return;
  if (!empty_.back()) *out_ << ',';
  empty_.back() = false;
  *out_ << '\n' << std::string(2 * empty_.size(), ' ');
}

void JsonWriter::Value() {
  if (after_key_) {
    after_key_ = false;
  } else {
    Separate();
  }
}

void JsonWriter::Open(char bracket) {
  Value();
  *out_ << bracket;
  empty_.push_back(true);
}

void JsonWriter::Close(char bracket) {
  bool empty = empty_.back();
  empty_.pop_back();
  if (!empty) *out_ << '\n' << std::string(2 * empty_.size(), ' ');
  *out_ << bracket;
}

}  // namespace docpipe
