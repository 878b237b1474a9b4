// pipeline/normalize/numbers.h
//
// Vietnamese number forms to values. Vietnamese writes "." for thousands and
// "," for decimals ("1.814,9" = 1814.9; "18.492.346.000"), magnitude words
// multiply ("4,249 triệu" = 4 249 000; "9.600 triệu đồng" = 9.6e9 đồng), counts
// are often zero-padded ("02", "09"), ranges ("2 - 3", "khoảng 2-3"), ratios
// ("13/13", "90/135") and percentages ("8,51%") are common.
//
// The rule for ambiguous forms (documented in rules/README.md too):
//  - "1.000", "18.492" (a dot followed by exactly three digits, possibly
//    repeated) is a thousands separator: 1000, 18492.
//  - "1,5" (a comma followed by 1-2 or 4+ digits) is a decimal: 1.5.
//  - "1,500" (comma + exactly three digits) is ambiguous; it is read as a
//    decimal (Vietnamese convention) and marked ambiguous.
//  - "1.5" (a dot followed by other than three digits) is read as an English
//    decimal and marked ambiguous.
//
// Stage: normalize. Pure functions, thread-safe.

#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace docpipe {

struct ParsedNumber {
  double value = 0;         // magnitude words applied
  double upper = 0;         // for ranges: the upper bound; else == value
  bool is_range = false;
  bool is_ratio = false;    // "13/13": value = numerator, denominator below
  double denominator = 0;
  bool is_percent = false;  // "8,51%": value = 8.51
  bool ambiguous = false;   // see the rule above
  std::string magnitude;    // "nghìn", "triệu", "tỷ" as printed (canonical), or ""
  size_t length = 0;        // bytes of the input consumed
};

// Parses a number form at the start of "text" (after optional spaces).
// Returns nullopt if "text" does not start with a number.
std::optional<ParsedNumber> ParseVnNumber(std::string_view text);

// Formats a value the Vietnamese way ("1.814,9") for user-facing output.
std::string FormatVnNumber(double value, int max_decimals = 2);

}  // namespace docpipe
