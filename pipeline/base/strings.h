// pipeline/base/strings.h
//
// Small string helpers that GCC 12's standard library lacks: placeholder
// substitution (no std::format), splitting, trimming, UTF-8 stepping, JSON
// string escaping. All functions are pure and thread-safe.
//
// Stage: base (std only).

#pragma once

#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

#include "pipeline/base/status.h"

namespace docpipe {

// Replaces "$1".."$9" in "format" with the corresponding argument; "$$" is a
// literal dollar. A placeholder without an argument is left as is.
std::string Substitute(std::string_view format, std::initializer_list<std::string_view> args);
std::string Substitute(std::string_view format, const std::vector<std::string>& args);

// Splits on '\n'; a trailing '\r' is removed from each line. An empty input
// gives no lines; a final line without '\n' is kept.
std::vector<std::string_view> SplitLines(std::string_view text);

// Splits on every occurrence of "sep" (which must be non-empty).
std::vector<std::string_view> Split(std::string_view text, std::string_view sep);

// Removes ASCII white space from both ends.
std::string_view Trim(std::string_view text);

bool StartsWith(std::string_view text, std::string_view prefix);
bool EndsWith(std::string_view text, std::string_view suffix);

std::string Join(const std::vector<std::string>& parts, std::string_view sep);

// Decodes the UTF-8 code point at "*pos" and advances "*pos". An invalid or
// truncated sequence yields U+FFFD and advances one byte, so a loop over
// hostile bytes always terminates.
// REQUIRES: *pos < text.size().
char32_t DecodeUtf8Sequence(std::string_view text, size_t* pos);  // a lead byte >= 0x80
inline char32_t DecodeUtf8(std::string_view text, size_t* pos) {
  // ASCII, most bytes of any text, without a call (it was 2 % of an ingest).
  unsigned char lead = static_cast<unsigned char>(text[*pos]);
  if (lead < 0x80) {
    ++*pos;
    return lead;
  }
  return DecodeUtf8Sequence(text, pos);
}
void AppendUtf8(char32_t cp, std::string* out);

// Number of code points (invalid bytes count one each).
size_t Utf8Length(std::string_view text);

// "text" itself when it has at most "max_chars" code points; otherwise its
// first "keep_chars" code points and "…". The one truncation for display
// (report, check and show output), never in the middle of a code point.
std::string Ellipsize(std::string_view text, size_t max_chars, size_t keep_chars);

// Roman numerals as Vietnamese documents number their parts and sections
// ("I.", "IV.", "XII"): the letters I, V, X and L only, upper case.
bool IsRomanNumeral(std::string_view token);
// The value of a Roman numeral ("IV" -> 4, "XL" -> 40); 0 when "token" is
// not one.
int RomanNumeralValue(std::string_view token);
// True when "text" opens with a Roman section marker and a space: "II. ".
bool StartsWithRomanMarker(std::string_view text);

// "Ð" (U+00D0, Icelandic eth), which some sites and OCR print for the
// Vietnamese "Đ" (U+0110): in a document symbol ("QÐ-UBND") it is always Đ.
inline constexpr char32_t kEthLookalike = 0x00D0;
inline constexpr char32_t kCapitalDStroke = 0x0110;
// "text" with every U+00D0 replaced by U+0110.
std::string ReplaceEthWithDStroke(std::string_view text);

// A data line of a tab-separated file (rules/*.tsv): what TsvLines returns
// after dropping blank lines, '#' comments and a UTF-8 BOM. Views into the
// text given to TsvLines, which must stay alive.
struct TsvLine {
  std::string_view file;                 // as the user named it
  int number = 0;                        // 1-based line number
  std::string_view text;                 // the whole line
  std::vector<std::string_view> fields;  // "text" split at tabs
  // kRuleError at file:line, with the line and a caret under "at" (a view
  // into "text"; the line start when it is not one).
  Status Error(std::string_view at, std::string detail) const;
};
// The data lines of "tsv" (the header line included: the first one).
std::vector<TsvLine> TsvLines(std::string_view file_name, std::string_view tsv);

// Escapes "text" as the inside of a JSON string (quotes not included).
// Invalid UTF-8 is replaced by U+FFFD so the output is always valid JSON.
std::string JsonEscape(std::string_view text);

// Lower-case hexadecimal SHA-256 of "data" (FIPS 180-4).
std::string Sha256Hex(std::string_view data);

// Levenshtein distance counted in bytes (for ASCII keys and folded words;
// normalize/fold.h's EditDistance counts code points).
int ByteEditDistance(std::string_view a, std::string_view b);

// Parses a whole decimal integer; false on anything else (no atoi: qpdf's rule).
bool ParseInt(std::string_view text, int64_t* value);

}  // namespace docpipe
