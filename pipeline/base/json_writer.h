// pipeline/base/json_writer.h
//
// JsonWriter: the one pretty-printing JSON writer of docpipe's outputs
// (`export --format json`, `list/show/search --json`): two-space
// indentation, one member or element per line, empty containers as {} and
// [], strings escaped by JsonEscape (invalid UTF-8 becomes U+FFFD), numbers
// in their shortest round-trip form. The caller keeps the nesting right;
// nothing is checked.
//
// Stage: base (std only). Not thread-safe; "out" must outlive the writer.

#pragma once

#include <cstdint>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

namespace docpipe {

class JsonWriter {
 public:
  explicit JsonWriter(std::ostream* out) : out_(out) {}

  void BeginObject() { Open('{'); }
  void EndObject() { Close('}'); }
  void BeginArray() { Open('['); }
  void EndArray() { Close(']'); }

  void Key(std::string_view name);
  void String(std::string_view text);
  void StringOrNull(std::string_view text);  // "" is written as null (an unknown value)
  // Shortest round-trip form, "-0" as 0; NaN and infinities have no JSON
  // form: null.
  void Number(double value);
  void Int(int64_t value);
  void Bool(bool value);
  void Null();
  void StringArray(const std::vector<std::string>& values);

  // Members: Key and value in one call. Member writes "" as null.
  void Member(std::string_view name, std::string_view text);
  void Integer(std::string_view name, int64_t value);
  void Strings(std::string_view name, const std::vector<std::string>& values);

 private:
  void Separate();
  void Value();
  void Open(char bracket);
  void Close(char bracket);

  std::ostream* out_;
  std::vector<bool> empty_;  // per open container: nothing written in it yet
  bool after_key_ = false;
};

}  // namespace docpipe
