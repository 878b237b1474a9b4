// tests/normalize/normalize_test_util.h
//
// Helpers for the normaliser's table-driven tests: escapes in TSV fields and
// the "file:line" every failing case names.

#pragma once

#include <string>
#include <string_view>

#include "pipeline/base/strings.h"
#include "tests/test_util.h"

namespace docpipe::testing {

// "\n", "\r", "\t", "\\", "\s" (a space, for fields whose edges matter) and
// "\u{XXXX}" in a TSV field.
inline std::string UnescapeField(std::string_view field) {
  std::string out;
  for (size_t i = 0; i < field.size(); ++i) {
    if (field[i] != '\\' || i + 1 == field.size()) {
      out += field[i];
      continue;
    }
    char next = field[++i];
    switch (next) {
      case 'n': out += '\n'; break;
      case 'r': out += '\r'; break;
      case 't': out += '\t'; break;
      case 's': out += ' '; break;
      case '\\': out += '\\'; break;
      case 'u': {
        size_t close = field.find('}', i);
        if (i + 1 < field.size() && field[i + 1] == '{' && close != std::string_view::npos) {
          std::string hex(field.substr(i + 2, close - i - 2));
          AppendUtf8(static_cast<char32_t>(std::stoul(hex, nullptr, 16)), &out);
          i = close;
        } else {
          out += "\\u";
        }
        break;
      }
      default:
        out += '\\';
        out += next;
    }
  }
  return out;
}

inline std::string Where(std::string_view file, const TsvCase& c) {
  return "tests/data/" + std::string(file) + ":" + std::to_string(c.line);
}

// Makes control characters visible in failure messages.
inline std::string Visible(std::string_view text) {
  std::string out;
  for (char ch : text) {
    if (ch == '\n') out += "\\n";
    else if (ch == '\t') out += "\\t";
    else if (ch == '\r') out += "\\r";
    else out += ch;
  }
  return out;
}

}  // namespace docpipe::testing
