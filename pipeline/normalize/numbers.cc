#include "pipeline/normalize/numbers.h"

#include <charconv>
#include <cmath>
#include <cstdio>
#include <system_error>

namespace docpipe {
namespace {

// Longest digit string (separators removed) we read. 40 digits is far beyond
// any figure in a public budget; longer runs are serial numbers, not amounts.
constexpr size_t kMaxMantissa = 40;

bool IsDigit(std::string_view t, size_t pos) {
  return pos < t.size() && t[pos] >= '0' && t[pos] <= '9';
}

bool IsAsciiLetter(std::string_view t, size_t pos) {
  if (pos >= t.size()) return false;
  char c = t[pos];
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
}

// True if a letter (ASCII or a Vietnamese/Latin letter, i.e. a UTF-8
// sequence of U+00C0..U+1FFF, where combining marks fall too) starts at pos.
bool IsLetter(std::string_view t, size_t pos) {
  if (IsAsciiLetter(t, pos)) return true;
  if (pos >= t.size()) return false;
  auto b = static_cast<unsigned char>(t[pos]);
  if (b >= 0xC3 && b <= 0xDF) return true;  // U+00C0..U+07FF
  if (b == 0xE1 && pos + 1 < t.size()) {    // U+1000..U+1FFF
    return true;
  }
  return false;
}

size_t CountDigits(std::string_view t, size_t pos) {
  size_t n = 0;
  while (IsDigit(t, pos + n)) ++n;
  return n;
}

// Spaces allowed inside a number form: ASCII space, tab, NO-BREAK SPACE.
size_t SkipSpaces(std::string_view t, size_t pos) {
  while (pos < t.size()) {
    if (t[pos] == ' ' || t[pos] == '\t') {
      ++pos;
    } else if (t.compare(pos, 2, "\xC2\xA0") == 0) {
      pos += 2;
    } else {
      break;
    }
  }
  return pos;
}

// A dash between the bounds of a range: "-", EN DASH, EM DASH, MINUS SIGN.
size_t MatchDash(std::string_view t, size_t pos) {
  if (pos < t.size() && t[pos] == '-') return 1;
  if (t.compare(pos, 3, "\xE2\x80\x93") == 0 || t.compare(pos, 3, "\xE2\x80\x94") == 0 ||
      t.compare(pos, 3, "\xE2\x88\x92") == 0) {
    return 3;
  }
  return 0;
}

struct Mantissa {
  char digits[kMaxMantissa + 2];  // digits, at most one '.'
  size_t size = 0;
  size_t end = 0;  // offset in the text just after the form
  size_t int_digits = 0;
  bool has_fraction = false;
  bool grouped = false;  // "1.000": thousands separators seen
  bool ambiguous = false;
  bool padded = false;
};

bool Append(Mantissa* m, std::string_view t, size_t pos, size_t count) {
  if (m->size + count > kMaxMantissa) return false;
  for (size_t idx = 0; idx < count; ++idx) m->digits[m->size++] = t[pos + idx];
  return true;
}

bool AppendPoint(Mantissa* m) {
  if (m->size + 1 > kMaxMantissa + 1) return false;
  m->digits[m->size++] = '.';
  m->has_fraction = true;
  return true;
}

// "[.,]digit" at pos: a further group that breaks the pattern.
bool SeparatorThenDigit(std::string_view t, size_t pos) {
  return pos < t.size() && (t[pos] == '.' || t[pos] == ',') && IsDigit(t, pos + 1);
}

// Reads digits with Vietnamese (or, marked ambiguous, English) separators at
// "pos", which must be a digit. False when the form is malformed.
bool ParseMantissa(std::string_view t, size_t pos, Mantissa* m) {
  size_t run = CountDigits(t, pos);
  if (!Append(m, t, pos, run)) return false;
  m->int_digits = run;
  m->padded = run > 1 && t[pos] == '0';
  size_t q = pos + run;
  if (q < t.size() && t[q] == '.' && IsDigit(t, q + 1)) {
    size_t d = CountDigits(t, q + 1);
    if (d == 3 && run <= 3) {
      // Thousands groups: ".ddd" repeated.
      while (q < t.size() && t[q] == '.' && CountDigits(t, q + 1) == 3) {
        if (!Append(m, t, q + 1, 3)) return false;
        m->int_digits += 3;
        q += 4;
      }
      m->grouped = true;
      if (q < t.size() && t[q] == '.' && IsDigit(t, q + 1)) return false;  // "1.000.5"
      if (q < t.size() && t[q] == ',' && IsDigit(t, q + 1)) {
        size_t frac = CountDigits(t, q + 1);
        if (!AppendPoint(m) || !Append(m, t, q + 1, frac)) return false;
        q += 1 + frac;
      }
    } else {
      // "1.5", "1.00", "1234.567": an English decimal point.
      if (!AppendPoint(m) || !Append(m, t, q + 1, d)) return false;
      m->ambiguous = true;
      q += 1 + d;
    }
  } else if (q < t.size() && t[q] == ',' && IsDigit(t, q + 1)) {
    size_t frac = CountDigits(t, q + 1);
    if (!AppendPoint(m) || !Append(m, t, q + 1, frac)) return false;
    m->ambiguous = frac == 3;  // "1,500": decimal by convention, but unsure
    q += 1 + frac;
  }
  if (SeparatorThenDigit(t, q)) return false;  // "1,5,7", "1,000.5", "1.5.3"
  m->end = q;
  return true;
}

// Value of the mantissa times 10^exponent, rounded once (from_chars).
double ToDouble(const Mantissa& m, int exponent) {
  char buf[kMaxMantissa + 8];
  size_t n = 0;
  for (size_t idx = 0; idx < m.size; ++idx) buf[n++] = m.digits[idx];
  if (exponent > 0) {
    buf[n++] = 'e';
    if (exponent >= 10) buf[n++] = static_cast<char>('0' + exponent / 10);
    buf[n++] = static_cast<char>('0' + exponent % 10);
  }
  double value = 0;
  std::from_chars(buf, buf + n, value);
  return value;
}

// Integer value of a mantissa without fraction, or -1.
long long IntegerValue(const Mantissa& m) {
  if (m.has_fraction || m.size > 18) return -1;
  long long v = 0;
  for (size_t idx = 0; idx < m.size; ++idx) v = v * 10 + (m.digits[idx] - '0');
  return v;
}

// d/m/y, d-m-y, d.m.y with 1-2 digit day and month and a 2-4 digit year.
bool LooksLikeDate(std::string_view t, size_t pos) {
  size_t d1 = CountDigits(t, pos);
  if (d1 < 1 || d1 > 2) return false;
  size_t s1 = pos + d1;
  if (s1 >= t.size() || (t[s1] != '/' && t[s1] != '-' && t[s1] != '.')) return false;
  size_t d2 = CountDigits(t, s1 + 1);
  if (d2 < 1 || d2 > 2) return false;
  size_t s2 = s1 + 1 + d2;
  if (s2 >= t.size() || t[s2] != t[s1]) return false;
  size_t d3 = CountDigits(t, s2 + 1);
  return d3 >= 2 && d3 <= 4;
}

// A "/" or "-" at pos that ties the number to a letter-symbol ("/QĐ",
// "/ QĐ", "-NQ"). A "-" must be glued to the letter: "2 - Tăng" is a dash.
bool SymbolAt(std::string_view t, size_t pos) {
  if (pos >= t.size()) return false;
  if (t[pos] == '-') return IsLetter(t, pos + 1);
  if (t[pos] == '/') return IsLetter(t, SkipSpaces(t, pos + 1));
  return false;
}

// A symbol right after a number ending at pos: glued, or "2858 /QĐ-UBND".
bool SymbolFollows(std::string_view t, size_t pos) {
  if (SymbolAt(t, pos)) return true;
  size_t s = SkipSpaces(t, pos);
  return s > pos && s < t.size() && t[s] == '/' && SymbolAt(t, s);
}

struct Magnitude {
  std::string_view spelling;
  std::string_view canonical;
  int exponent;
};

// Spellings as printed: lower case, sentence case, upper case (headings).
constexpr Magnitude kMagnitudes[] = {
    {"nghìn", "nghìn", 3}, {"Nghìn", "nghìn", 3}, {"NGHÌN", "nghìn", 3},
    {"ngàn", "nghìn", 3},  {"Ngàn", "nghìn", 3},  {"NGÀN", "nghìn", 3},
    {"triệu", "triệu", 6}, {"Triệu", "triệu", 6}, {"TRIỆU", "triệu", 6},
    {"tỷ", "tỷ", 9},       {"Tỷ", "tỷ", 9},       {"TỶ", "tỷ", 9},
    {"tỉ", "tỷ", 9},       {"Tỉ", "tỷ", 9},       {"TỈ", "tỷ", 9},
};

// The magnitude word at pos, or nullptr. "tỷ lệ" (rate) is not one.
const Magnitude* MatchMagnitude(std::string_view t, size_t pos, size_t* end) {
  for (const Magnitude& mag : kMagnitudes) {
    if (t.compare(pos, mag.spelling.size(), mag.spelling) != 0) continue;
    size_t after = pos + mag.spelling.size();
    if (IsLetter(t, after) || IsDigit(t, after)) continue;
    if (mag.exponent == 9) {
      size_t next = SkipSpaces(t, after);
      bool rate = false;
      for (std::string_view le : {"lệ", "Lệ", "LỆ"}) {
        rate = rate || t.compare(next, le.size(), le) == 0;
      }
      if (next > after && rate) continue;
    }
    *end = after;
    return &mag;
  }
  return nullptr;
}

// "khoảng" before a number.
size_t MatchApproximate(std::string_view t, size_t pos) {
  for (std::string_view word : {"khoảng", "Khoảng", "KHOẢNG"}) {
    if (t.compare(pos, word.size(), word) == 0) {
      size_t after = pos + word.size();
      size_t next = SkipSpaces(t, after);
      if (next > after && IsDigit(t, next)) return next - pos;
    }
  }
  return 0;
}

}  // namespace

std::optional<ParsedNumber> ParseVnNumber(std::string_view text) {
  ParsedNumber out;
  size_t pos = SkipSpaces(text, 0);
  if (pos < text.size() && (text[pos] == 'k' || text[pos] == 'K')) {
    size_t n = MatchApproximate(text, pos);
    if (n == 0) return std::nullopt;
    out.approximate = true;
    pos += n;
  }
  if (!IsDigit(text, pos)) return std::nullopt;
  if (LooksLikeDate(text, pos)) return std::nullopt;

  Mantissa low;
  if (!ParseMantissa(text, pos, &low)) return std::nullopt;
  size_t q = low.end;
  if (IsAsciiLetter(text, q)) return std::nullopt;  // "4C", "5G", "10km"
  // "2858 /QĐ-UBND", "59-NQ/TW", "1520/QĐ-UBND": part of a symbol.
  if (SymbolFollows(text, q)) return std::nullopt;
  out.zero_padded = low.padded;
  out.ambiguous = low.ambiguous;

  // Ratio: digits/digits, glued.
  if (q < text.size() && text[q] == '/' && IsDigit(text, q + 1)) {
    Mantissa den;
    if (!ParseMantissa(text, q + 1, &den)) return std::nullopt;
    size_t r = den.end;
    if (r < text.size() && text[r] == '/') return std::nullopt;  // "30/2020/NĐ-CP"
    if (IsLetter(text, r) || SymbolFollows(text, r)) return std::nullopt;
    long long num_int = IntegerValue(low);
    long long den_int = IntegerValue(den);
    if (num_int >= 1 && num_int <= 12 && low.int_digits <= 2 && den.size == 4 &&
        den_int >= 1945 && den_int <= 2100) {
      return std::nullopt;  // "9/2025": a month, see dates.h
    }
    double numerator = ToDouble(low, 0);
    double denominator = ToDouble(den, 0);
    if (denominator == 0) return std::nullopt;
    out.value = numerator;
    out.upper = numerator;
    out.is_ratio = true;
    out.denominator = denominator;
    out.ambiguous = out.ambiguous || den.ambiguous ||
                    (num_int > den_int && num_int <= 31 && den_int >= 1 && den_int <= 12);
    out.length = r;
    return out;
  }

  // Range: "2-3", "2 - 3", "2 – 3".
  const Mantissa* high = nullptr;
  Mantissa upper;
  {
    size_t s = SkipSpaces(text, q);
    size_t dash = MatchDash(text, s);
    if (dash > 0) {
      size_t u = SkipSpaces(text, s + dash);
      if (IsDigit(text, u) && !LooksLikeDate(text, u) && ParseMantissa(text, u, &upper) &&
          !IsAsciiLetter(text, upper.end) && !SymbolFollows(text, upper.end) &&
          !(upper.end < text.size() && text[upper.end] == '/') &&
          ToDouble(upper, 0) >= ToDouble(low, 0)) {
        high = &upper;
        q = upper.end;
        out.ambiguous = out.ambiguous || upper.ambiguous;
      }
    }
  }

  // Percent: "8,51%", "8,51 %".
  int exponent = 0;
  {
    size_t s = SkipSpaces(text, q);
    if (s < text.size() && text[s] == '%') {
      out.is_percent = true;
      q = s + 1;
    }
  }
  // Magnitude words: "4,249 triệu", "2 nghìn tỷ".
  if (!out.is_percent) {
    size_t s = SkipSpaces(text, q);
    size_t end = 0;
    const Magnitude* mag = s > q ? MatchMagnitude(text, s, &end) : nullptr;
    if (mag != nullptr) {
      exponent = mag->exponent;
      out.magnitude = mag->canonical;
      q = end;
      size_t s2 = SkipSpaces(text, end);
      const Magnitude* mag2 = (mag->exponent == 3 && s2 > end) ? MatchMagnitude(text, s2, &end)
                                                               : nullptr;
      if (mag2 != nullptr && mag2->exponent == 9) {
        exponent = 12;
        out.magnitude = "nghìn tỷ";
        q = end;
      }
    }
  }

  out.value = ToDouble(low, exponent);
  out.upper = high != nullptr ? ToDouble(*high, exponent) : out.value;
  out.is_range = high != nullptr;
  out.length = q;
  return out;
}

std::string FormatVnNumber(double value, int max_decimals) {
  if (!std::isfinite(value)) return "";
  if (max_decimals < 0) max_decimals = 0;
  if (max_decimals > 9) max_decimals = 9;
  double magnitude = std::fabs(value);
  int needed = std::snprintf(nullptr, 0, "%.*f", max_decimals, magnitude);
  if (needed <= 0) return "";
  std::string plain(static_cast<size_t>(needed) + 1, '\0');
  std::snprintf(plain.data(), plain.size(), "%.*f", max_decimals, magnitude);
  plain.resize(static_cast<size_t>(needed));

  std::string_view digits = plain;
  std::string_view fraction;
  size_t point = digits.find('.');
  if (point != std::string_view::npos) {
    fraction = digits.substr(point + 1);
    digits = digits.substr(0, point);
    while (!fraction.empty() && fraction.back() == '0') fraction.remove_suffix(1);
  }
  bool zero = fraction.empty() && digits.find_first_not_of('0') == std::string_view::npos;

  std::string out;
  out.reserve(digits.size() + digits.size() / 3 + fraction.size() + 2);
  if (value < 0 && !zero) out += '-';
  for (size_t idx = 0; idx < digits.size(); ++idx) {
    if (idx > 0 && (digits.size() - idx) % 3 == 0) out += '.';
    out += digits[idx];
  }
  if (!fraction.empty()) {
    out += ',';
    out += fraction;
  }
  return out;
}

}  // namespace docpipe
