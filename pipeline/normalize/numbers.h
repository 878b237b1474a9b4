// pipeline/normalize/numbers.h
//
// Vietnamese number forms to values. Vietnamese writes "." for thousands and
// "," for decimals ("1.814,9" = 1814.9; "18.492.346.000"), magnitude words
// multiply ("4,249 triệu" = 4 249 000; "9.600 triệu đồng" = 9.6e9 đồng), counts
// are often zero-padded ("02", "09"), ranges ("2 - 3", "khoảng 2-3"), ratios
// ("13/13", "90/135") and percentages ("8,51%") are common.
//
// The rule for ambiguous forms (documented in rules/README.md too):
//  - "1.000", "18.492" (1-3 digits, then a dot followed by exactly three
//    digits, possibly repeated) is a thousands separator: 1000, 18492.
//  - "1,5" (a comma followed by 1-2 or 4+ digits) is a decimal: 1.5.
//  - "1,500" (comma + exactly three digits) is ambiguous; it is read as a
//    decimal (Vietnamese convention) and marked ambiguous.
//  - "1.5" (a dot followed by other than three digits) is read as an English
//    decimal and marked ambiguous.
//  - A group that breaks the pattern ("1.000.5", "1,5,7", "1,000.5",
//    "1,000,000") is not a number: nullopt, never a guess.
//
// What is NOT a number here (nullopt), because it is part of something else:
//  - a document number or symbol: digits followed by "/" or "-" and a letter
//    ("1520/QĐ-UBND", "2858 /QĐ-UBND", "59-NQ/TW", "30/2020/NĐ-CP"), or
//    digits glued to an ASCII letter ("4C", "5G", and also "10km": units must
//    be separated by a space to be read);
//  - a date: d/m/y, d-m-y, d.m.y with 1-2 digit day and month ("21/8/2025",
//    "27.06.2025"), and month/year "9/2025" (numerator 1-12 over a year
//    1945-2100); see dates.h for reading them.
// A ratio is digits/digits with no spaces, not followed by "/" or a letter.
// "21/8" (numerator > denominator, <= 31 over <= 12) could be a day/month
// and is marked ambiguous. A range needs lower <= upper; "5-3" reads as 5.
// Magnitude words (nghìn/ngàn, triệu, tỷ/tỉ, and "nghìn tỷ") must follow a
// space; "tỷ lệ" (a rate) is not a magnitude. The unit after them ("đồng",
// "USD", "lượt khách") is never consumed. Negative signs are not read.
// The caller must start "text" at a token boundary (the left context is not
// visible here: "F1H20" started at "20" reads 20).
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
  bool approximate = false;  // led by "khoảng" ("khoảng 2-3"), consumed
  bool zero_padded = false;  // "02", "09": a count written with a leading 0
  // Canonical magnitude: "nghìn" (also for "ngàn"), "triệu", "tỷ" (also for
  // "tỉ"), "nghìn tỷ"; or "" when none was printed.
  std::string magnitude;
  size_t length = 0;  // bytes of "text" consumed, leading spaces included
};

// Parses a number form at the start of "text" (after optional spaces).
// Returns nullopt if "text" does not start with a number (see above for the
// forms refused on purpose). Does not allocate.
std::optional<ParsedNumber> ParseVnNumber(std::string_view text);

// Formats a value the Vietnamese way ("1.814,9") for user-facing output:
// rounded to "max_decimals" (0-9), trailing zeros dropped, "-" for negatives.
std::string FormatVnNumber(double value, int max_decimals = 2);

}  // namespace docpipe
