#include "pipeline/normalize/legacy_encoding.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <optional>

#include <unicode/uchar.h>

#include "pipeline/base/strings.h"
#include "pipeline/base/vn_charsets.h"

namespace docpipe {
namespace {

// TCVN 5712:1993 (VN3, "ABC") bytes 0xA0..0xFF as Unicode, from glibc 2.36's
// TCVN5712-1 charmap (identical to the ABC tables for this range). Bytes
// 0xB0..0xB4 are combining marks there; they are passed through unchanged
// (0) because real text layers use them as "°", "±", "²", "³", "´".
// Below 0xA0 TCVN3 text is ASCII plus WinAnsi punctuation (“ ” – …).

// Glyph-name quirks of real TCVN3 PDFs: byte 0xAD ("ư") is named "minus" and
// 0xB7 ("ã") "bulletoperator" in some embedded fonts, so Poppler reports
// U+2212 and U+2219 instead of U+00AD and U+00B7.
char32_t TcvnByte(char32_t cp) {
  if (cp == 0x2212) return 0xAD;
  if (cp == 0x2219) return 0xB7;
  return cp;
}

bool IsConsonantLetter(char32_t c) {
  if (c >= U'A' && c <= U'Z') c = c - U'A' + U'a';
  if (c < U'a' || c > U'z') return false;
  return c != U'a' && c != U'e' && c != U'i' && c != U'o' && c != U'u' && c != U'y';
}

// A bare "ư" (no tone) is followed by "ơ" in any tone (ươ), "a" (ưa), "u"
// (ưu) or "ng" (ưng); as TCVN3 codes: ¬ í ê ë ì î a u n.
bool CanFollowBareU(char32_t c) {
  return c == 0xAC || c == 0xED || c == 0xEA || c == 0xEB || c == 0xEC || c == 0xEE || c == U'a' ||
         c == U'u' || c == U'n';
}

bool IsWordEnd(char32_t c) {
  return c == 0 || c == U' ' || c == U'\n' || c == U'\r' || c == U'\t' || c == U',' || c == U'.' ||
         c == U';' || c == U':' || c == U'!' || c == U'?' || c == U')' || c == U'"' || c == U'\'';
}

// Some TCVN3 fonts name glyph 0xAD ("ư") "hyphen", so the text layer gives an
// ASCII "-" (seen in samples/legacy-tcvn3-*.pdf: "Thñ t-íng" = "Thủ tướng").
// It is read as "ư" only where a hyphen cannot be: after a consonant and
// before what follows a bare ư ("t-íng", "Th-¬ng", "L-u"), after a lower-case
// consonant at a word end ("®Çu t-," = "đầu tư,"), or at a word start before
// ơ/u ("-u tiªn" = "ưu tiên"). "tÕ-x·", "Q§-TTg", "59-NQ", "- C¸c" keep "-".
bool HyphenIsU(char32_t prev, char32_t next) {
  bool prev_consonant = IsConsonantLetter(prev) || prev == 0xAE || prev == 0xA7;
  bool prev_lower_consonant = (IsConsonantLetter(prev) && prev >= U'a') || prev == 0xAE;
  bool prev_blank = prev == 0 || prev == U' ' || prev == U'\n' || prev == U'(';
  if (prev_consonant && CanFollowBareU(next)) return true;
  if (prev_lower_consonant && IsWordEnd(next)) return true;
  return prev_blank && next != U'n' && next != U'a' && CanFollowBareU(next);
}

char32_t Tcvn3ToUnicode(char32_t cp) {
  char32_t byte = TcvnByte(cp);
  if (byte >= 0xA0 && byte <= 0xFF) {
    char32_t mapped = byte >= 0xB0 && byte <= 0xB4 ? 0 : kTcvn3High[byte - 0x80];
    return mapped != 0 ? mapped : cp;
  }
  return cp;
}

// VNI for Windows: a base letter followed by a modifier byte, plus a few
// standalone letters. Tone index: 0 none, 1 grave, 2 acute, 3 hook, 4 tilde,
// 5 dot below. Shape: 0 none, 1 circumflex, 2 breve.
struct VniModifier {
  int shape;
  int tone;
};

bool VniModifierOf(char32_t cp, VniModifier* mod) {
  switch (cp) {
    case 0xF8: case 0xD8: *mod = {0, 1}; return true;  // ø Ø
    case 0xF9: case 0xD9: *mod = {0, 2}; return true;  // ù Ù
    case 0xFB: case 0xDB: *mod = {0, 3}; return true;  // û Û
    case 0xF5: case 0xD5: *mod = {0, 4}; return true;  // õ Õ
    case 0xEF: case 0xCF: *mod = {0, 5}; return true;  // ï Ï
    case 0xE2: case 0xC2: *mod = {1, 0}; return true;  // â Â
    case 0xE0: case 0xC0: *mod = {1, 1}; return true;  // à À
    case 0xE1: case 0xC1: *mod = {1, 2}; return true;  // á Á
    case 0xE5: case 0xC5: *mod = {1, 3}; return true;  // å Å
    case 0xE3: case 0xC3: *mod = {1, 4}; return true;  // ã Ã
    case 0xE4: case 0xC4: *mod = {1, 5}; return true;  // ä Ä
    case 0xEA: case 0xCA: *mod = {2, 0}; return true;  // ê Ê
    case 0xE8: case 0xC8: *mod = {2, 1}; return true;  // è È
    case 0xE9: case 0xC9: *mod = {2, 2}; return true;  // é É
    case 0xFA: case 0xDA: *mod = {2, 3}; return true;  // ú Ú
    case 0xFC: case 0xDC: *mod = {2, 4}; return true;  // ü Ü
    case 0xEB: case 0xCB: *mod = {2, 5}; return true;  // ë Ë
    default: return false;
  }
}

// Lower-case Vietnamese vowels by [vowel][tone]: rows a ă â e ê i o ô ơ u ư y.
constexpr char32_t kVowels[12][6] = {
    {U'a', U'à', U'á', U'ả', U'ã', U'ạ'}, {U'ă', U'ằ', U'ắ', U'ẳ', U'ẵ', U'ặ'},
    {U'â', U'ầ', U'ấ', U'ẩ', U'ẫ', U'ậ'}, {U'e', U'è', U'é', U'ẻ', U'ẽ', U'ẹ'},
    {U'ê', U'ề', U'ế', U'ể', U'ễ', U'ệ'}, {U'i', U'ì', U'í', U'ỉ', U'ĩ', U'ị'},
    {U'o', U'ò', U'ó', U'ỏ', U'õ', U'ọ'}, {U'ô', U'ồ', U'ố', U'ổ', U'ỗ', U'ộ'},
    {U'ơ', U'ờ', U'ớ', U'ở', U'ỡ', U'ợ'}, {U'u', U'ù', U'ú', U'ủ', U'ũ', U'ụ'},
    {U'ư', U'ừ', U'ứ', U'ử', U'ữ', U'ự'}, {U'y', U'ỳ', U'ý', U'ỷ', U'ỹ', U'ỵ'},
};
enum VowelRow { kA, kABreve, kACirc, kE, kECirc, kI, kO, kOCirc, kOHorn, kU, kUHorn, kY };

// The VNI base a modifier may follow: row in kVowels and whether upper case.
bool VniBase(char32_t cp, int* row, bool* upper) {
  *upper = false;
  switch (cp) {
    case U'A': *upper = true; [[fallthrough]];
    case U'a': *row = kA; return true;
    case U'E': *upper = true; [[fallthrough]];
    case U'e': *row = kE; return true;
    case U'I': *upper = true; [[fallthrough]];
    case U'i': *row = kI; return true;
    case U'O': *upper = true; [[fallthrough]];
    case U'o': *row = kO; return true;
    case U'U': *upper = true; [[fallthrough]];
    case U'u': *row = kU; return true;
    case U'Y': *upper = true; [[fallthrough]];
    case U'y': *row = kY; return true;
    case 0xD4: *upper = true; [[fallthrough]];  // Ô = Ơ
    case 0xF4: *row = kOHorn; return true;      // ô = ơ
    case 0xD6: *upper = true; [[fallthrough]];  // Ö = Ư
    case 0xF6: *row = kUHorn; return true;      // ö = ư
    default: return false;
  }
}

// Standalone VNI letters (no base before them).
char32_t VniSingle(char32_t cp) {
  switch (cp) {
    case 0xF1: return U'đ';  case 0xD1: return U'Đ';
    case 0xF4: return U'ơ';  case 0xD4: return U'Ơ';
    case 0xF6: return U'ư';  case 0xD6: return U'Ư';
    case 0xE6: return U'ỉ';  case 0xC6: return U'Ỉ';
    case 0xF2: return U'ị';  case 0xD2: return U'Ị';
    case 0xF3: return U'ĩ';  case 0xD3: return U'Ĩ';
    case 0xEE: return U'ỵ';  case 0xCE: return U'Ỵ';
    default: return cp;
  }
}

// Combines a VNI base row with a modifier; false if the pair is not a
// Vietnamese letter (then both are emitted as they are).
bool VniCombine(int row, const VniModifier& mod, char32_t* out) {
  int target = row;
  if (mod.shape == 1) {
    if (row == kA) target = kACirc;
    else if (row == kE) target = kECirc;
    else if (row == kO) target = kOCirc;
    else return false;
  } else if (mod.shape == 2) {
    if (row != kA) return false;
    target = kABreve;
  }
  if (mod.shape == 0 && mod.tone == 0) return false;
  *out = kVowels[target][mod.tone];
  return true;
}

bool IsAsciiUpper(char32_t c) { return c >= U'A' && c <= U'Z'; }
bool IsAsciiLower(char32_t c) { return c >= U'a' && c <= U'z'; }
bool IsAsciiVowel(char32_t c) {
  switch (c) {
    case U'a': case U'e': case U'i': case U'o': case U'u': case U'y':
    case U'A': case U'E': case U'I': case U'O': case U'U': case U'Y':
      return true;
    default:
      return false;
  }
}

// Vietnamese letters that exist only in Unicode text (never in a TCVN3 or VNI
// layer seen through WinAnsi): ă đ ĩ ũ ơ ư and U+1EA0..U+1EF9.
bool IsVietnameseUnicodeLetter(char32_t c) {
  return c == 0x0102 || c == 0x0103 || c == 0x0110 || c == 0x0111 || c == 0x0128 ||
         c == 0x0129 || c == 0x0168 || c == 0x0169 || c == 0x01A0 || c == 0x01A1 ||
         c == 0x01AF || c == 0x01B0 || (c >= 0x1EA0 && c <= 0x1EF9);
}

bool IsLetterish(char32_t c) {
  return IsAsciiUpper(c) || IsAsciiLower(c) || (c >= 0xA1 && c <= 0xFF && c != 0xD7 && c != 0xF7) ||
         c == 0x2212 || c == 0x2219 || IsVietnameseUnicodeLetter(c);
}

struct Evidence {
  int tcvn3 = 0;    // code points typical of TCVN3 through WinAnsi
  int vni = 0;      // VNI base+modifier pairs impossible in Unicode Vietnamese
  int unicode = 0;  // Vietnamese letters only Unicode text has
};

// VNI modifiers that never follow a vowel in NFC Vietnamese.
bool IsStrongVniModifier(char32_t c) {
  switch (c) {
    case 0xF8: case 0xFB: case 0xEF: case 0xE5: case 0xE4: case 0xFC: case 0xEB:
    case 0xD8: case 0xDB: case 0xCF: case 0xC5: case 0xC4: case 0xDC: case 0xCB:
      return true;
    default:
      return false;
  }
}

Evidence CountEvidence(std::string_view text) {
  Evidence e;
  // Text without a byte >= 0x80 holds none of the code points counted below.
  if (std::all_of(text.begin(), text.end(), [](char b) { return (b & 0x80) == 0; })) return e;
  char32_t prev = 0;
  size_t pos = 0;
  char32_t next = DecodeUtf8(text, &pos);  // not empty: it holds a byte >= 0x80
  for (bool more = true; more;) {
    char32_t c = next;
    more = pos < text.size();
    next = more ? DecodeUtf8(text, &pos) : 0;
    if (IsVietnameseUnicodeLetter(c)) {
      ++e.unicode;
    } else if ((c >= 0xA1 && c <= 0xAF) || (c >= 0xB5 && c <= 0xBE)) {
      // Â Ê Ô Ơ Ư Đ ă â ê ô ơ ư đ à ả ã á ạ ắ ằ ...: the letters every
      // Vietnamese TCVN3 line is full of. The few that Unicode text also uses
      // as symbols ("§ 3", "© 2025", "«Báo cáo»", "a · b") count only before
      // a lower-case letter, as in "§iÒu", "th«ng", "l·nh"; the others only
      // next to a letter ("5µm" aside, never in Unicode words).
      bool symbol_too = c <= 0xA7 || c == 0xA9 || c == 0xAB || c == 0xAC || c == 0xAE ||
                        c == 0xB6 || c == 0xB7 || c == 0xBB;
      bool next_lower = IsAsciiLower(next) || (next >= 0xDF && next <= 0xFF && next != 0xF7);
      if (symbol_too ? next_lower : (IsLetterish(prev) || IsLetterish(next))) ++e.tcvn3;
      // A soft hyphen inside a word where only "ư" fits ("t\u00ADíng" =
      // tướng, "c\u00ADêng" = cường) is strong evidence: Unicode text
      // hyphenates between syllables, never before "ớ", "ờ", "ơ".
      if (c == 0xAD && IsConsonantLetter(prev) && CanFollowBareU(next) && next != U'a' &&
          next != U'u' && next != U'n') {
        ++e.tcvn3;
      }
    } else if ((c == 0x2212 || c == 0x2219) && (IsLetterish(prev) || IsLetterish(next))) {
      ++e.tcvn3;
      // "t−íng" (tướng): "ư" between a consonant and what follows a bare ư.
      if (c == 0x2212 && IsConsonantLetter(prev) && CanFollowBareU(next)) ++e.tcvn3;
    } else if (c >= 0xC0 && c <= 0xDE && c != 0xD7 && IsAsciiLower(prev)) {
      // An upper-case Latin-1 letter right after a lower-case one ("hiÖn"):
      // a lower-case TCVN3 letter; in VNI only Ô/Ö-like bases follow lower
      // case letters, and those are handled below.
      VniModifier mod;
      if (!VniModifierOf(c, &mod)) ++e.tcvn3;
    }
    if (IsAsciiVowel(prev) || prev == 0xF4 || prev == 0xF6) {
      VniModifier mod;
      if (VniModifierOf(c, &mod)) {
        bool a_or_e = prev == U'a' || prev == U'e' || prev == U'A' || prev == U'E';
        if (IsStrongVniModifier(c) || a_or_e) ++e.vni;
      }
    }
    prev = c;
  }
  return e;
}

struct LineClass {
  LegacyEncoding encoding = LegacyEncoding::kUnicode;
  double confidence = 0;
  bool strong = false;  // decided by the line's own evidence
};

LineClass Classify(const Evidence& e) {
  LineClass result;
  int legacy = std::max(e.tcvn3, e.vni);
  if (e.unicode > 0 && e.unicode >= e.tcvn3 + e.vni) {
    result.encoding = LegacyEncoding::kUnicode;
    result.strong = true;
    result.confidence = static_cast<double>(e.unicode) / (e.unicode + e.tcvn3 + e.vni);
    return result;
  }
  if (legacy < 3) return result;  // no evidence either way ("naïve, Noël")
  result.encoding = e.tcvn3 >= e.vni ? LegacyEncoding::kTcvn3 : LegacyEncoding::kVni;
  double total = e.tcvn3 + e.vni + e.unicode;
  double ratio = legacy / total;
  double saturation = std::min(1.0, 0.5 + legacy / 8.0);
  result.confidence = ratio * saturation;
  result.strong = true;
  return result;
}

std::string StripFontPrefix(std::string_view font) {
  // Subset fonts are named "ABCDEF+Name".
  if (font.size() > 7 && font[6] == '+' &&
      std::all_of(font.begin(), font.begin() + 6, [](char c) { return c >= 'A' && c <= 'Z'; })) {
    font.remove_prefix(7);
  }
  while (!font.empty() && (font.front() == '.' || font.front() == ' ')) font.remove_prefix(1);
  return std::string(font);
}

bool EndsWithNoCase(const std::string& text, std::string_view suffix) {
  if (text.size() < suffix.size()) return false;
  for (size_t i = 0; i < suffix.size(); ++i) {
    char a = text[text.size() - suffix.size() + i];
    if (a >= 'A' && a <= 'Z') a = static_cast<char>(a - 'A' + 'a');
    if (a != suffix[i]) return false;
  }
  return true;
}

char32_t ToUpper(char32_t c) { return static_cast<char32_t>(u_toupper(static_cast<UChar32>(c))); }

}  // namespace

const char* LegacyEncodingName(LegacyEncoding encoding) {
  switch (encoding) {
    case LegacyEncoding::kTcvn3: return "tcvn3";
    case LegacyEncoding::kVni: return "vni";
    case LegacyEncoding::kUnicode: break;
  }
  return "unicode";
}

LegacyEncoding EncodingFromFontName(std::string_view font, bool* all_caps) {
  if (all_caps != nullptr) *all_caps = false;
  std::string name = StripFontPrefix(font);
  auto lower_prefix = [&name](std::string_view prefix) {
    if (name.size() < prefix.size()) return false;
    for (size_t i = 0; i < prefix.size(); ++i) {
      char c = name[i];
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
      if (c != prefix[i]) return false;
    }
    return true;
  };
  if (lower_prefix("vni")) return LegacyEncoding::kVni;
  if (!lower_prefix("vn")) return LegacyEncoding::kUnicode;
  // The family without style: ".VnTimeH,Bold" -> "VnTimeH", "VnTimeHBold" ->
  // "VnTimeH". ABC's all-caps families end in "H" (.VnTimeH, .VnArialH, .Vn3DH).
  std::string family = name.substr(0, name.find_first_of(",-"));
  bool stripped = true;
  while (stripped) {
    stripped = false;
    for (std::string_view style : {"bold", "italic", "oblique", "regular", "normal"}) {
      if (family.size() > style.size() + 2 && EndsWithNoCase(family, style)) {
        family.resize(family.size() - style.size());
        stripped = true;
      }
    }
  }
  if (all_caps != nullptr) *all_caps = family.size() > 3 && family.back() == 'H';
  return LegacyEncoding::kTcvn3;
}

EncodingGuess DetectEncoding(std::string_view text) {
  Evidence e = CountEvidence(text);
  LineClass c = Classify(e);
  EncodingGuess guess;
  guess.encoding = c.encoding;
  if (c.encoding == LegacyEncoding::kUnicode) {
    int legacy = e.tcvn3 + e.vni;
    guess.confidence = legacy == 0 ? 1.0 : static_cast<double>(e.unicode) / (e.unicode + legacy);
  } else {
    guess.confidence = c.confidence;
  }
  return guess;
}

std::vector<LegacySpan> DetectLegacySpans(std::string_view text,
                                          const std::vector<FontRun>& runs) {
  return DetectLegacySpans(text, runs, nullptr);
}

std::vector<LegacySpan> DetectLegacySpans(std::string_view text, const std::vector<FontRun>& runs,
                                          std::optional<EncodingGuess>* whole) {
  std::vector<LegacySpan> spans;
  // Font runs first, sorted, clipped, without overlap.
  std::vector<LegacySpan> font_spans;
  for (const FontRun& run : runs) {
    bool caps = false;
    LegacyEncoding encoding = EncodingFromFontName(run.font, &caps);
    if (encoding == LegacyEncoding::kUnicode) continue;
    Span span = run.span;
    if (span.begin >= text.size() || span.end <= span.begin) continue;
    span.end = std::min(span.end, text.size());
    Evidence e = CountEvidence(text.substr(span.begin, span.size()));
    // A legacy font with a correct ToUnicode map already gives Unicode.
    if (e.unicode > 0 && e.unicode > e.tcvn3 + e.vni) continue;
    font_spans.push_back({span, encoding, 0.99, caps, true});
  }
  std::sort(font_spans.begin(), font_spans.end(),
            [](const LegacySpan& a, const LegacySpan& b) { return a.span.begin < b.span.begin; });

  // The whole text's guess, used for lines without evidence when the reader
  // gave no font runs at all (plain text input, or a reader without fonts).
  EncodingGuess document_guess;
  if (runs.empty()) {
    document_guess = DetectEncoding(text);
    if (whole != nullptr) *whole = document_guess;
  }

  auto classify_gap = [&](size_t begin, size_t end) {
    size_t line_begin = begin;
    while (line_begin < end) {
      size_t nl = text.find('\n', line_begin);
      size_t line_end = (nl == std::string_view::npos || nl >= end) ? end : nl + 1;
      LineClass c = Classify(CountEvidence(text.substr(line_begin, line_end - line_begin)));
      LegacyEncoding encoding = c.encoding;
      double confidence = c.confidence;
      if (!c.strong && document_guess.encoding != LegacyEncoding::kUnicode) {
        encoding = document_guess.encoding;
        confidence = document_guess.confidence * 0.9;
      }
      if (encoding != LegacyEncoding::kUnicode) {
        if (!spans.empty() && !spans.back().from_font && spans.back().encoding == encoding &&
            spans.back().span.end == line_begin) {
          // Extend the previous statistical span; keep the lower confidence.
          spans.back().span.end = line_end;
          spans.back().confidence = std::min(spans.back().confidence, confidence);
        } else {
          spans.push_back({{line_begin, line_end}, encoding, confidence, false, false});
        }
      }
      line_begin = line_end;
    }
  };

  size_t cursor = 0;
  for (const LegacySpan& font_span : font_spans) {
    if (font_span.span.end <= cursor) continue;
    LegacySpan clipped = font_span;
    clipped.span.begin = std::max(clipped.span.begin, cursor);
    if (clipped.span.begin > cursor) classify_gap(cursor, clipped.span.begin);
    spans.push_back(clipped);
    cursor = clipped.span.end;
  }
  if (cursor < text.size()) classify_gap(cursor, text.size());
  return spans;
}

std::vector<DecodedChar> DecodeLegacy(std::string_view text, LegacyEncoding encoding,
                                      bool all_caps) {
  std::vector<DecodedChar> in;
  size_t pos = 0;
  while (pos < text.size()) {
    size_t begin = pos;
    char32_t cp = DecodeUtf8(text, &pos);
    in.push_back({cp, begin, pos});
  }
  if (encoding == LegacyEncoding::kUnicode) return in;

  std::vector<DecodedChar> out;
  out.reserve(in.size());
  std::vector<bool> converted;  // per output: produced by the table (not ASCII)
  if (encoding == LegacyEncoding::kTcvn3) {
    for (size_t i = 0; i < in.size(); ++i) {
      const DecodedChar& d = in[i];
      char32_t mapped = Tcvn3ToUnicode(d.code_point);
      if (d.code_point == U'-' &&
          HyphenIsU(i > 0 ? in[i - 1].code_point : 0, i + 1 < in.size() ? in[i + 1].code_point : 0)) {
        mapped = 0x01B0;
      }
      out.push_back({mapped, d.src_begin, d.src_end});
      converted.push_back(mapped != d.code_point);
    }
  } else {
    for (size_t i = 0; i < in.size(); ++i) {
      int row;
      bool upper;
      VniModifier mod;
      char32_t combined;
      if (i + 1 < in.size() && VniBase(in[i].code_point, &row, &upper) &&
          VniModifierOf(in[i + 1].code_point, &mod) && VniCombine(row, mod, &combined)) {
        if (upper) combined = ToUpper(combined);
        out.push_back({combined, in[i].src_begin, in[i + 1].src_end});
        converted.push_back(true);
        ++i;
        continue;
      }
      char32_t single = VniSingle(in[i].code_point);
      out.push_back({single, in[i].src_begin, in[i].src_end});
      converted.push_back(single != in[i].code_point);
    }
  }

  if (all_caps) {
    for (DecodedChar& d : out) d.code_point = ToUpper(d.code_point);
    return out;
  }
  if (encoding != LegacyEncoding::kTcvn3) return out;
  // Headings set in an all-caps font reach us without the font name (plain
  // text input): in a word whose ASCII letters are all capitals (at least
  // two: "Sè" stays "Số"), the converted letters are capitals too.
  size_t word_begin = 0;
  while (word_begin < out.size()) {
    size_t word_end = word_begin;
    int upper = 0, lower = 0;
    while (word_end < out.size() && u_isalpha(static_cast<UChar32>(out[word_end].code_point))) {
      char32_t original = in.size() == out.size() ? in[word_end].code_point : 0;
      if (IsAsciiUpper(original)) ++upper;
      if (IsAsciiLower(original)) ++lower;
      ++word_end;
    }
    if (upper >= 2 && lower == 0) {
      for (size_t k = word_begin; k < word_end; ++k) {
        if (converted[k]) out[k].code_point = ToUpper(out[k].code_point);
      }
    }
    word_begin = word_end + 1;
  }
  return out;
}

std::string ConvertLegacy(std::string_view text, LegacyEncoding encoding, bool all_caps) {
  std::string out;
  out.reserve(text.size() + text.size() / 2);
  for (const DecodedChar& d : DecodeLegacy(text, encoding, all_caps)) AppendUtf8(d.code_point, &out);
  return out;
}

}  // namespace docpipe
