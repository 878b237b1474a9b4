// pipeline/normalize/legacy_encoding.h
//
// Vietnamese 8-bit legacy encodings in PDF text layers: TCVN3 (TCVN 5712:1993
// "ABC", fonts ".VnTime", ".VnTimeH", "VnTimeBold", ...) and VNI ("VNI-Times").
// A PDF drawn in such a font gives its bytes through WinAnsi, so
// Document::text holds e.g. "b¸o c¸o" for "báo cáo". This module says where a
// text is legacy-encoded (font names first, statistics otherwise, per line so
// that mixed documents work) and converts it to Unicode code point by code
// point, keeping the source range of every output character so the
// normaliser's OffsetMap stays exact.
//
// Quirks of real TCVN3 PDFs handled here (corpus/real/viparse-tcvn3): "ư"
// (byte 0xAD) arrives as U+00AD or U+2212, "ã" (0xB7) as U+00B7 or U+2219;
// some fonts name that glyph "hyphen", so it arrives as ASCII "-" ("t-íng"),
// which is read as "ư" only where a hyphen cannot stand; all-caps fonts
// (".VnTimeH") draw lower-case codes as capitals.
//
// Stage: normalize. The tables are compiled in. Pure functions, thread-safe.

#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "pipeline/model/page_model.h"
#include "pipeline/model/span.h"

namespace docpipe {

enum class LegacyEncoding { kUnicode = 0, kTcvn3 = 1, kVni = 2 };

// "unicode", "tcvn3", "vni" (as stored in NormalizedText::encoding).
const char* LegacyEncodingName(LegacyEncoding encoding);

// The encoding a font name implies: "ABCDEF+.VnTimeH,Bold" -> kTcvn3 with
// *all_caps = true; "VNI-Times" -> kVni; anything else -> kUnicode.
// "all_caps" may be null.
LegacyEncoding EncodingFromFontName(std::string_view font, bool* all_caps);

// A stretch of a text in one encoding.
struct LegacySpan {
  Span span;  // byte offsets into the text given to DetectLegacySpans
  LegacyEncoding encoding = LegacyEncoding::kTcvn3;
  double confidence = 0;   // 0..1
  bool all_caps = false;   // drawn in an all-caps font: convert to upper case
  bool from_font = false;  // decided by a font name rather than statistics
};

// Statistical guess for a whole text (no font information): counts code
// points typical of TCVN3-through-WinAnsi, VNI base+modifier pairs, and
// Vietnamese Unicode letters. Returns kUnicode with confidence 1 - evidence
// when the text looks like Unicode (or has no evidence either way).
struct EncodingGuess {
  LegacyEncoding encoding = LegacyEncoding::kUnicode;
  double confidence = 1.0;
};
EncodingGuess DetectEncoding(std::string_view text);

// The legacy spans of "text", sorted and non-overlapping. Font runs (from
// Document::legacy_runs) decide their own spans, unless a run's text is
// plainly Unicode already (a font with a correct ToUnicode map). Outside the
// runs each line is classified by statistics; lines without evidence either
// way follow the whole text's guess when no runs were given. Never fails.
std::vector<LegacySpan> DetectLegacySpans(std::string_view text,
                                          const std::vector<FontRun>& runs);
// As above; when the whole text's guess was needed ("runs" empty) it is
// stored in *whole, so that a caller needing it too does not count again.
std::vector<LegacySpan> DetectLegacySpans(std::string_view text, const std::vector<FontRun>& runs,
                                          std::optional<EncodingGuess>* whole);

// One output code point and the bytes of the input it came from.
struct DecodedChar {
  char32_t code_point;
  size_t src_begin;  // byte offsets into the text given to DecodeLegacy
  size_t src_end;
};

// Converts "text" (UTF-8 of the characters the PDF gave) from "encoding" to
// Unicode. Code points that the encoding does not define pass through.
// With "all_caps", letters are upper-cased (".VnTimeH" fonts); otherwise words
// written in capitals are completed ("NGHÞ" -> "NGHỊ", but "Sè" -> "Số").
// Invalid UTF-8 bytes become U+FFFD. kUnicode decodes the UTF-8 unchanged.
std::vector<DecodedChar> DecodeLegacy(std::string_view text, LegacyEncoding encoding,
                                      bool all_caps);

// DecodeLegacy, as a UTF-8 string (not NFC-normalised).
std::string ConvertLegacy(std::string_view text, LegacyEncoding encoding, bool all_caps = false);

}  // namespace docpipe
