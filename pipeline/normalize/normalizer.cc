#include "pipeline/normalize/normalizer.h"

#include <algorithm>
#include <optional>
#include <utility>
#include <vector>

#include <unicode/normalizer2.h>
#include <unicode/unistr.h>

#include "pipeline/base/strings.h"
#include "pipeline/normalize/legacy_encoding.h"

namespace docpipe {
namespace {

// One code point of text being normalised and the source bytes it came from.
// Every pass maps units to units; several units may share one source range
// (a character that expanded) and one unit may cover many source bytes (a
// collapsed run), which is what the OffsetMap records at the end.
struct Unit {
  char32_t cp;
  size_t src_begin;
  size_t src_end;
};

bool IsSpace(char32_t c) {
  return c == U' ' || c == U'\t' || c == 0x0B || c == 0x00A0 ||
         (c >= 0x2000 && c <= 0x200A) || c == 0x202F || c == 0x205F || c == 0x3000 ||
         c == 0x1680;
}

bool IsDropped(char32_t c) {
  return (c >= 0x200B && c <= 0x200D) || c == 0x2060 || c == 0xFEFF || c == 0x00AD;
}

// Form feed: pdftotext and some readers mark page breaks with it.
bool IsLineBreak(char32_t c) {
  return c == U'\n' || c == 0x0C || c == 0x2028 || c == 0x2029 || c == 0x0085;
}

bool IsDash(char32_t c) {
  return (c >= 0x2010 && c <= 0x2015) || c == 0x2212 || c == 0xFE58 || c == 0xFE63 ||
         c == 0xFF0D;
}

bool IsSingleQuote(char32_t c) {
  return c == 0x2018 || c == 0x2019 || c == 0x201A || c == 0x201B;
}

bool IsDoubleQuote(char32_t c) {
  return c == 0x201C || c == 0x201D || c == 0x201E || c == 0x201F;
}

bool IsAsciiDigit(char32_t c) { return c >= U'0' && c <= U'9'; }
bool IsSymbolUpper(char32_t c) { return (c >= U'A' && c <= U'Z') || c == 0x0110; }

// Characters of a document number or symbol: "1520/QĐ-UBND", "59-NQ/TW",
// "BTP-QLXLVPHC&TDTHPL", "01/2006/TT-NHNN".
bool IsSymbolChar(char32_t c) {
  return IsAsciiDigit(c) || IsSymbolUpper(c) || c == U'/' || c == U'-' || c == U'&' ||
         c == U'.';
}

// Stage 1: decode the source, converting legacy spans.
std::vector<Unit> Decode(std::string_view source, const std::vector<LegacySpan>& spans,
                         size_t* invalid_bytes) {
  std::vector<Unit> units;
  units.reserve(source.size());
  auto decode_plain = [&](size_t begin, size_t end) {
    size_t pos = begin;
    std::string_view part = source.substr(0, end);
    while (pos < end) {
      size_t start = pos;
      char32_t cp = DecodeUtf8(part, &pos);
      if (cp == 0xFFFD && pos - start != 3) ++*invalid_bytes;
      units.push_back({cp, start, pos});
    }
  };
  size_t cursor = 0;
  for (const LegacySpan& span : spans) {
    if (span.span.begin < cursor || span.span.end > source.size()) continue;
    decode_plain(cursor, span.span.begin);
    std::string_view part = source.substr(span.span.begin, span.span.size());
    for (const DecodedChar& d : DecodeLegacy(part, span.encoding, span.all_caps)) {
      if (d.code_point == 0xFFFD && d.src_end - d.src_begin != 3) ++*invalid_bytes;
      units.push_back({d.code_point, span.span.begin + d.src_begin, span.span.begin + d.src_end});
    }
    cursor = span.span.end;
  }
  decode_plain(cursor, source.size());
  return units;
}

// Stage 2: NFC. Text between two normalisation boundaries is normalised as a
// whole; its output code points all take the whole group's source range.
void ApplyNfc(std::vector<Unit>* units) {
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* nfc = icu::Normalizer2::getNFCInstance(status);
  if (U_FAILURE(status) || nfc == nullptr) return;  // ICU data missing: keep the text
  // Most text is already NFC: check it first, building the UTF-16 buffer by
  // hand (UnicodeString::append per code point was a tenth of re-extraction)
  // and letting ICU read it in place through a read-only alias.
  std::u16string utf16;
  utf16.reserve(units->size() + 16);
  for (const Unit& u : *units) {
    char32_t cp = u.cp;
    if (cp < 0x10000) {
      utf16.push_back(static_cast<char16_t>(cp));
    } else if (cp <= 0x10FFFF) {
      utf16.push_back(static_cast<char16_t>(U16_LEAD(cp)));
      utf16.push_back(static_cast<char16_t>(U16_TRAIL(cp)));
    }  // else nothing, as UnicodeString::append(UChar32) does
  }
  const icu::UnicodeString all(false, utf16.data(), static_cast<int32_t>(utf16.size()));
  status = U_ZERO_ERROR;
  if (nfc->isNormalized(all, status) && U_SUCCESS(status)) return;

  std::vector<Unit> out;
  out.reserve(units->size());
  size_t i = 0;
  while (i < units->size()) {
    size_t j = i + 1;
    while (j < units->size() && !nfc->hasBoundaryBefore(static_cast<UChar32>((*units)[j].cp))) ++j;
    icu::UnicodeString group;
    for (size_t k = i; k < j; ++k) group.append(static_cast<UChar32>((*units)[k].cp));
    status = U_ZERO_ERROR;
    icu::UnicodeString normalized = nfc->normalize(group, status);
    if (U_FAILURE(status) || normalized == group) {
      out.insert(out.end(), units->begin() + static_cast<std::ptrdiff_t>(i),
                 units->begin() + static_cast<std::ptrdiff_t>(j));
    } else {
      size_t begin = (*units)[i].src_begin, end = (*units)[j - 1].src_end;
      for (int32_t k = 0; k < normalized.length();) {
        UChar32 cp = normalized.char32At(k);
        out.push_back({static_cast<char32_t>(cp), begin, end});
        k += U16_LENGTH(cp);
      }
    }
    i = j;
  }
  *units = std::move(out);
}

// Stage 3: character mappings (spaces, zero-width, line breaks, quotes,
// dashes, ellipsis, "QÐ").
std::vector<Unit> MapCharacters(const std::vector<Unit>& in) {
  std::vector<Unit> out;
  out.reserve(in.size());
  for (size_t i = 0; i < in.size(); ++i) {
    Unit u = in[i];
    char32_t c = u.cp;
    if (IsDropped(c)) continue;
    if (c == U'\r') {
      if (i + 1 < in.size() && in[i + 1].cp == U'\n') {
        u.src_end = in[i + 1].src_end;
        ++i;
      }
      u.cp = U'\n';
    } else if (IsLineBreak(c)) {
      u.cp = U'\n';
    } else if (IsSpace(c)) {
      u.cp = U' ';
    } else if (IsDash(c)) {
      u.cp = U'-';
    } else if (IsSingleQuote(c)) {
      u.cp = U'\'';
    } else if (IsDoubleQuote(c)) {
      u.cp = U'"';
    } else if (c == 0x2026) {  // "…" -> "...": three units sharing the source
      u.cp = U'.';
      out.push_back(u);
      out.push_back(u);
    } else if (c == kEthLookalike) {
      // Some sites print "QÐ-UBND" with U+00D0 (Icelandic eth); in a
      // document symbol it is always "Đ" (U+0110).
      char32_t prev = i > 0 ? in[i - 1].cp : 0;
      char32_t next = i + 1 < in.size() ? in[i + 1].cp : 0;
      if (IsSymbolChar(prev) || IsSymbolChar(next)) u.cp = kCapitalDStroke;
    }
    out.push_back(u);
  }
  return out;
}

bool IsBlank(char32_t c) { return c == U' ' || c == U'\n'; }

// The token that "out" ends with qualifies as the left part of a broken
// document number: symbol characters only, ending in "-" or "/", holding a
// digit or a "/" ("1520/QĐ-", "59-", "/QĐ-" of a blank number).
bool LeftPartBroken(const std::vector<Unit>& out) {
  if (out.empty()) return false;
  char32_t last = out.back().cp;
  if (last != U'-' && last != U'/') return false;
  size_t k = out.size();
  bool digit_or_slash = false;
  size_t length = 0;
  while (k > 0 && !IsBlank(out[k - 1].cp)) {
    char32_t c = out[k - 1].cp;
    if (!IsSymbolChar(c)) {
      if (c == U'(' || c == U'"' || c == U'\'') break;  // "(59-"
      return false;
    }
    if (IsAsciiDigit(c) || (c == U'/' && k != out.size())) digit_or_slash = true;
    ++length;
    --k;
  }
  return length >= 2 && digit_or_slash;
}

// The token starting at in[k] qualifies as the right part: an upper-case
// symbol ("UBND", "NQ/TW", "CP", "KH-UBND") up to a blank or punctuation.
bool RightPartBroken(const std::vector<Unit>& in, size_t k) {
  if (k + 1 >= in.size() || !IsSymbolUpper(in[k].cp) || !IsSymbolUpper(in[k + 1].cp)) {
    return false;
  }
  for (size_t i = k; i < in.size(); ++i) {
    char32_t c = in[i].cp;
    if (IsBlank(c) || c == U',' || c == U';' || c == U':' || c == U')' || c == U'.') return true;
    if (!IsSymbolChar(c)) return false;
  }
  return true;
}

// Stage 4: collapse space runs, trim lines, repair broken symbols.
std::vector<Unit> FixWhitespace(const std::vector<Unit>& in) {
  std::vector<Unit> out;
  out.reserve(in.size());
  size_t i = 0;
  while (i < in.size()) {
    char32_t c = in[i].cp;
    if (c != U' ' && c != U'\n') {
      out.push_back(in[i++]);
      continue;
    }
    // A run of blanks [i, j) with "newlines" line breaks.
    size_t j = i;
    int newlines = 0;
    while (j < in.size() && IsBlank(in[j].cp)) {
      if (in[j].cp == U'\n') ++newlines;
      ++j;
    }
    bool at_start = out.empty();
    bool at_end = j == in.size();
    // "1520/QĐ-\nUBND", "59- NQ/TW", "153/NQ-\n\nCP": a number split at a
    // line end (or by a stray space) inside its symbol. Paragraph breaks up to
    // one blank line are crossed; spaced ranges ("2026 - 2030") and list
    // dashes ("- Sở") never qualify because their "-" stands alone.
    if (!at_start && !at_end && newlines <= 2 && LeftPartBroken(out) && RightPartBroken(in, j)) {
      i = j;
      continue;
    }
    if (newlines == 0) {
      // Spaces: dropped at the start or end of a line, else one space.
      if (!at_start && !at_end && in[j].cp != U'\n') {
        out.push_back({U' ', in[i].src_begin, in[j - 1].src_end});
      }
      i = j;
      continue;
    }
    // Line breaks are kept one by one; spaces around them are dropped.
    for (size_t k = i; k < j; ++k) {
      if (in[k].cp == U'\n') out.push_back(in[k]);
    }
    i = j;
  }
  // Trailing spaces of the text were dropped above; leading ones too.
  return out;
}

// Stage 5: the text and its OffsetMap.
void Emit(const std::vector<Unit>& units, std::string_view source, NormalizedText* result) {
  std::string& text = result->text;
  text.clear();
  text.reserve(units.size() + units.size() / 2);
  size_t i = 0;
  while (i < units.size()) {
    size_t j = i + 1;
    while (j < units.size() && units[j].src_begin == units[i].src_begin &&
           units[j].src_end == units[i].src_end) {
      ++j;
    }
    size_t src_begin = units[i].src_begin, src_end = units[i].src_end;
    size_t norm_begin = text.size();
    for (size_t k = i; k < j; ++k) AppendUtf8(units[k].cp, &text);
    std::string_view produced(text.data() + norm_begin, text.size() - norm_begin);
    if (j - i == 1 || produced == source.substr(src_begin, src_end - src_begin)) {
      result->map.Add(norm_begin, text.size(), src_begin, src_end);
    } else {
      // Several characters from one source range: each maps to all of it.
      size_t at = norm_begin;
      for (size_t k = i; k < j; ++k) {
        std::string one;
        AppendUtf8(units[k].cp, &one);
        result->map.Add(at, at + one.size(), src_begin, src_end);
        at += one.size();
      }
    }
    i = j;
  }
  // Past-the-end maps to the end of the source.
  result->map.Add(text.size(), text.size(), source.size(), source.size());
}

NormalizedText NormalizeSource(std::string_view source, const std::vector<FontRun>& runs,
                               Diagnostics* diagnostics) {
  NormalizedText result;
  std::optional<EncodingGuess> whole;
  std::vector<LegacySpan> spans = DetectLegacySpans(source, runs, &whole);

  // Encoding summary: the legacy kinds present and whether Unicode
  // Vietnamese text remains outside them.
  size_t legacy_bytes = 0;
  double weighted = 0;
  bool tcvn3 = false, vni = false;
  for (const LegacySpan& span : spans) {
    legacy_bytes += span.span.size();
    weighted += span.confidence * static_cast<double>(span.span.size());
    tcvn3 |= span.encoding == LegacyEncoding::kTcvn3;
    vni |= span.encoding == LegacyEncoding::kVni;
  }
  if (!spans.empty()) {
    std::string rest;
    size_t cursor = 0;
    for (const LegacySpan& span : spans) {
      rest.append(source.substr(cursor, span.span.begin - cursor));
      cursor = span.span.end;
    }
    rest.append(source.substr(std::min(cursor, source.size())));
    // Vietnamese Unicode letters outside the legacy spans make it "mixed"
    // (a Unicode header over a legacy body, say).
    int vietnamese_letters = 0;
    size_t pos = 0;
    while (pos < rest.size()) {
      char32_t c = DecodeUtf8(rest, &pos);
      if ((c >= 0x1EA0 && c <= 0x1EF9) || c == 0x0103 || c == 0x0111 || c == 0x01A1 ||
          c == 0x01B0) {
        ++vietnamese_letters;
      }
    }
    if ((tcvn3 && vni) || vietnamese_letters >= 3) {
      result.encoding = "mixed";
    } else {
      result.encoding = tcvn3 ? "tcvn3" : "vni";
    }
    result.encoding_confidence = legacy_bytes > 0 ? weighted / static_cast<double>(legacy_bytes) : 1.0;
    if (diagnostics != nullptr) {
      diagnostics->Note(Substitute("converted $1 bytes in $2 legacy span(s) ($3) to Unicode",
                                   {std::to_string(legacy_bytes), std::to_string(spans.size()),
                                    result.encoding}));
    }
  } else {
    result.encoding_confidence = (whole ? *whole : DetectEncoding(source)).confidence;
  }

  size_t invalid_bytes = 0;
  std::vector<Unit> units = Decode(source, spans, &invalid_bytes);
  if (invalid_bytes > 0 && diagnostics != nullptr) {
    diagnostics->Warn(Code::kBadInput,
                      Substitute("$1 invalid UTF-8 byte(s) replaced by U+FFFD",
                                 {std::to_string(invalid_bytes)}));
  }
  ApplyNfc(&units);
  units = MapCharacters(units);
  units = FixWhitespace(units);
  Emit(units, source, &result);
  return result;
}

}  // namespace

NormalizedText Normalize(const Document& document, Diagnostics* diagnostics) {
  Diagnostics own;
  NormalizedText result = NormalizeSource(document.text, document.legacy_runs, &own);
  result.normalizer_version = kNormalizerVersion;
  if (diagnostics != nullptr) diagnostics->Append(own);
  result.diagnostics = std::move(own);
  return result;
}

NormalizedText NormalizeText(std::string_view source) {
  NormalizedText result = NormalizeSource(source, {}, nullptr);
  result.normalizer_version = kNormalizerVersion;
  return result;
}

}  // namespace docpipe
