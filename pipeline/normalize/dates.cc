#include "pipeline/normalize/dates.h"

#include <algorithm>
#include <chrono>
#include <ctime>
#include <cstdio>
#include <initializer_list>
#include <string>
#include <utility>
#include <vector>

#include "pipeline/base/strings.h"

namespace docpipe {
namespace {

// Years accepted as dates: the Democratic Republic's first documents (1945)
// up to the end of any plausible plan horizon.
constexpr int kMinYear = 1945;
constexpr int kMaxYear = 2100;

constexpr const char* kMonthNames[] = {"January", "February", "March",     "April",
                                       "May",     "June",     "July",      "August",
                                       "September", "October", "November", "December"};

constexpr size_t kNoMatch = std::string_view::npos;

bool IsLeapYear(int year) { return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0; }

int DaysInMonth(int year, int month) {
  constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (month == 2 && IsLeapYear(year)) return 29;
  return kDays[month - 1];
}

// Lower-cases the letters Vietnamese uses (ASCII, Latin-1, Ă Đ Ĩ Ũ Ơ Ư and
// the Latin Extended Additional block, where upper case is even and lower
// case odd). "Ð" (U+00D0, ETH), which some sites print for "Đ", folds to "đ".
char32_t Fold(char32_t c) {
  if (c >= 'A' && c <= 'Z') return c + 32;
  if (c == 0xD0 || c == 0xF0) return 0x111;
  if (c >= 0xC0 && c <= 0xDE && c != 0xD7) return c + 0x20;
  if (c == 0x102 || c == 0x110 || c == 0x128 || c == 0x168 || c == 0x1A0 || c == 0x1AF) {
    return c + 1;
  }
  if (c >= 0x1EA0 && c <= 0x1EF9 && c % 2 == 0) return c + 1;
  return c;
}

bool IsDigit(std::string_view t, size_t pos) {
  return pos < t.size() && t[pos] >= '0' && t[pos] <= '9';
}

// Decodes the code point at *pos and advances; a fast path for the valid
// 1-3 byte sequences of Vietnamese text, base's DecodeUtf8 for the rest.
inline char32_t Decode(std::string_view t, size_t* pos) {
  size_t p = *pos;
  auto b0 = static_cast<unsigned char>(t[p]);
  if (b0 < 0x80) {
    *pos = p + 1;
    return b0;
  }
  if (b0 >= 0xC2 && b0 < 0xE0 && p + 1 < t.size()) {
    auto b1 = static_cast<unsigned char>(t[p + 1]);
    if ((b1 & 0xC0) == 0x80) {
      *pos = p + 2;
      return (static_cast<char32_t>(b0 & 0x1F) << 6) | (b1 & 0x3F);
    }
  }
  if (b0 == 0xE1 && p + 2 < t.size()) {  // U+1000..U+1FFF: Vietnamese letters
    auto b1 = static_cast<unsigned char>(t[p + 1]);
    auto b2 = static_cast<unsigned char>(t[p + 2]);
    if ((b1 & 0xC0) == 0x80 && (b2 & 0xC0) == 0x80) {
      *pos = p + 3;
      return 0x1000 | (static_cast<char32_t>(b1 & 0x3F) << 6) | (b2 & 0x3F);
    }
  }
  return DecodeUtf8(t, pos);
}

// A letter or digit starts at pos (so a keyword ending before it is cut).
bool IsWordChar(std::string_view t, size_t pos) {
  if (pos >= t.size()) return false;
  char32_t c = Decode(t, &pos);
  if ((c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z')) return true;
  return c >= 0xC0 && c < 0x2000 && c != 0xD7 && c != 0xF7;
}

// White space between the words of a form. Newlines count: PDF text layers
// wrap lines inside "ngày 21 tháng\n8 năm 2025".
size_t SkipSpace(std::string_view t, size_t pos) {
  while (pos < t.size()) {
    char c = t[pos];
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
      ++pos;
    } else if (t.compare(pos, 2, "\xC2\xA0") == 0) {
      pos += 2;
    } else {
      break;
    }
  }
  return pos;
}

// Matches "keyword" (lower-case NFC; each ' ' stands for one or more spaces)
// at pos, ignoring case, followed by a word boundary. Returns the end or
// kNoMatch. ASCII letters are compared byte by byte: this runs for every
// token of every document.
size_t Keyword(std::string_view t, size_t pos, std::string_view keyword) {
  size_t k = 0;
  while (k < keyword.size()) {
    auto want_byte = static_cast<unsigned char>(keyword[k]);
    if (want_byte == ' ') {
      size_t next = SkipSpace(t, pos);
      if (next == pos) return kNoMatch;
      pos = next;
      ++k;
      continue;
    }
    if (pos >= t.size()) return kNoMatch;
    auto got_byte = static_cast<unsigned char>(t[pos]);
    if (want_byte < 0x80) {
      if (got_byte != want_byte && got_byte + 0x20 != want_byte) return kNoMatch;
      ++pos;
      ++k;
      continue;
    }
    if (got_byte < 0x80) return kNoMatch;
    char32_t want = Decode(keyword, &k);
    char32_t got = Decode(t, &pos);
    if (Fold(got) != want) return kNoMatch;
  }
  if (IsWordChar(t, pos)) return kNoMatch;
  return pos;
}

// The first of "keywords" that matches at pos.
size_t AnyKeyword(std::string_view t, size_t pos, std::initializer_list<std::string_view> keywords) {
  for (std::string_view keyword : keywords) {
    size_t end = Keyword(t, pos, keyword);
    if (end != kNoMatch) return end;
  }
  return kNoMatch;
}

// A dash between two years: "-", EN DASH, EM DASH. Returns its byte length.
size_t Dash(std::string_view t, size_t pos) {
  if (pos < t.size() && t[pos] == '-') return 1;
  if (t.compare(pos, 3, "\xE2\x80\x93") == 0 || t.compare(pos, 3, "\xE2\x80\x94") == 0) return 3;
  return 0;
}

// Reads a run of digits at pos: its value and length (0 if none). Runs longer
// than 9 digits report a length only.
size_t Digits(std::string_view t, size_t pos, int* value) {
  size_t n = 0;
  int v = 0;
  while (IsDigit(t, pos + n)) {
    if (n < 9) v = v * 10 + (t[pos + n] - '0');
    ++n;
  }
  *value = v;
  return n;
}

Status NotFound() { return Status::Error(Code::kNotFound, ""); }
Status Bad(std::string reason) { return Status::Error(Code::kBadInput, std::move(reason)); }

std::string Num(int v) { return std::to_string(v); }

bool YearInRange(int year) { return year >= kMinYear && year <= kMaxYear; }

Status YearOutOfRange(int year) {
  return Bad("year " + Num(year) + " is outside " + Num(kMinYear) + ".." + Num(kMaxYear));
}

Status CheckMonth(int month) {
  if (month < 1 || month > 12) return Bad("month " + Num(month) + " does not exist");
  return OkStatus();
}

// Day and month of a date; "year" 0 means any year (recurring: 29/2 allowed).
Status CheckDayMonth(int year, int month, int day) {
  Status s = CheckMonth(month);
  if (!s.ok()) return s;
  if (day < 1) return Bad("day " + Num(day) + " does not exist");
  int days = DaysInMonth(year == 0 ? 2000 : year, month);
  if (day > days) {
    std::string where = kMonthNames[month - 1];
    if (year != 0) where += " " + Num(year);
    std::string reason = "day " + Num(day) + " does not exist in " + where + " (" + Num(days) +
                         " days";
    if (month == 2 && day == 29) reason += "; not a leap year";
    return Bad(reason + ")");
  }
  return OkStatus();
}

DateInterval Interval(CivilDate start, CivilDate end, Granularity g, size_t length) {
  DateInterval iv;
  iv.start = start;
  iv.end = end;
  iv.granularity = g;
  iv.length = length;
  return iv;
}

DateInterval Recurring(std::string what, size_t length) {
  DateInterval iv;
  iv.granularity = Granularity::kRecurring;
  iv.recurring = std::move(what);
  iv.length = length;
  return iv;
}

Result<DateInterval> DayInterval(int year, int month, int day, size_t length) {
  if (!YearInRange(year)) return YearOutOfRange(year);
  Status s = CheckDayMonth(year, month, day);
  if (!s.ok()) return s;
  CivilDate d{year, month, day};
  return Interval(d, d, Granularity::kDay, length);
}

Result<DateInterval> MonthInterval(int year, int month, size_t length) {
  Status s = CheckMonth(month);
  if (!s.ok()) return s;
  if (!YearInRange(year)) return YearOutOfRange(year);
  return Interval({year, month, 1}, {year, month, DaysInMonth(year, month)}, Granularity::kMonth,
                  length);
}

DateInterval YearsInterval(int first, int last, size_t length) {
  return Interval({first, 1, 1}, {last, 12, 31},
                  first == last ? Granularity::kYear : Granularity::kYears, length);
}

std::string TwoDigits(int v) {
  char buf[4];
  std::snprintf(buf, sizeof buf, "%02d", v % 100);
  return buf;
}

class Parser {
 public:
  explicit Parser(std::string_view text) : t_(text) {}

  Result<DateInterval> Top(size_t pos);

 private:
  Result<DateInterval> Core(size_t pos);
  Result<DateInterval> Numeric(size_t pos);
  Result<DateInterval> DayMonthYear(size_t pos);
  Result<DateInterval> DayMonthWords(int day, size_t pos);
  Result<DateInterval> YearlyDay(int month, int day, size_t pos);
  Result<DateInterval> MonthForm(size_t pos);
  Result<DateInterval> QuarterForm(size_t pos);
  Result<DateInterval> YearForm(size_t pos);
  Result<DateInterval> PeriodForm(size_t pos);
  Result<DateInterval> MonthsOfYear(int count, size_t pos);
  Result<DateInterval> HalfForm(size_t pos);
  Result<DateInterval> Every(size_t pos);
  Result<DateInterval> Periodic(size_t pos);
  Result<DateInterval> FromTo(size_t pos);

  // "hằng năm" after a day or month or quarter: end offset, or kNoMatch.
  size_t Annually(size_t pos, bool* fuzzy) const;
  // A 4-digit year at pos (exactly 4 digits): its end, or kNoMatch.
  size_t Year(size_t pos, int* year) const;
  // "/2026", "-2026" (and "." when "dot" is set) or " năm 2026" after pos.
  size_t YearTail(size_t pos, bool dot, int* year) const;

  std::string_view t_;
};

size_t Parser::Year(size_t pos, int* year) const {
  size_t n = Digits(t_, pos, year);
  return n == 4 ? pos + 4 : kNoMatch;
}

size_t Parser::YearTail(size_t pos, bool dot, int* year) const {
  if (pos < t_.size() && (t_[pos] == '/' || t_[pos] == '-' || (dot && t_[pos] == '.'))) {
    return Year(pos + 1, year);
  }
  size_t p = Keyword(t_, SkipSpace(t_, pos), "năm");
  if (p == kNoMatch) return kNoMatch;
  return Year(SkipSpace(t_, p), year);
}

size_t Parser::Annually(size_t pos, bool* fuzzy) const {
  size_t p = SkipSpace(t_, pos);
  size_t end = AnyKeyword(t_, p, {"hằng năm", "hàng năm"});
  if (end == kNoMatch) {
    end = Keyword(t_, p, "hẳng năm");
    if (end == kNoMatch) return kNoMatch;
    *fuzzy = true;
  }
  return end;
}

Result<DateInterval> Parser::Top(size_t pos) {
  DeadlineRelation relation = DeadlineRelation::kNone;
  size_t p = kNoMatch;
  if ((p = Keyword(t_, pos, "chậm nhất")) != kNoMatch) {
    relation = DeadlineRelation::kBy;
    for (std::string_view filler : {"là", "vào", "trước", "trong"}) {
      size_t q = Keyword(t_, SkipSpace(t_, p), filler);
      if (q != kNoMatch) p = q;
    }
  } else if ((p = AnyKeyword(t_, pos, {"hạn chót", "hạn cuối"})) != kNoMatch) {
    relation = DeadlineRelation::kBy;
    size_t q = SkipSpace(t_, p);
    if (q < t_.size() && t_[q] == ':') p = q + 1;
    q = Keyword(t_, SkipSpace(t_, p), "là");
    if (q != kNoMatch) p = q;
  } else if ((p = Keyword(t_, pos, "trước")) != kNoMatch) {
    relation = DeadlineRelation::kBefore;
  } else if ((p = Keyword(t_, pos, "trong")) != kNoMatch) {
    relation = DeadlineRelation::kWithin;
  } else if ((p = AnyKeyword(t_, pos, {"tính đến hết", "tính đến", "đến hết", "đến", "tới hết",
                                        "tới"})) != kNoMatch) {
    relation = DeadlineRelation::kBy;
  } else if ((p = AnyKeyword(t_, pos, {"kể từ", "từ"})) != kNoMatch) {
    return FromTo(SkipSpace(t_, p));
  } else if ((p = AnyKeyword(t_, pos, {"định kỳ", "định kì"})) != kNoMatch) {
    return Periodic(p);
  }
  if (relation == DeadlineRelation::kNone) return Core(pos);
  Result<DateInterval> core = Core(SkipSpace(t_, p));
  if (!core.ok()) return core;
  core->relation = relation;
  return core;
}

Result<DateInterval> Parser::FromTo(size_t pos) {
  Result<DateInterval> from = Core(pos);
  if (!from.ok()) return from;
  size_t p = SkipSpace(t_, from->length);
  size_t q = AnyKeyword(t_, p, {"đến hết", "đến"});
  if (q == kNoMatch && Dash(t_, p) > 0) q = p + Dash(t_, p);
  if (q != kNoMatch) {
    size_t r = SkipSpace(t_, q);
    Result<DateInterval> to = Core(r);
    if (!to.ok() && to.status().code() != Code::kNotFound) return to;
    int last = 0;
    size_t last_end = kNoMatch;
    if (!to.ok() && from->granularity == Granularity::kYear &&
        (last_end = Year(r, &last)) != kNoMatch && YearInRange(last)) {
      to = YearsInterval(last, last, last_end);  // "từ năm 2026 đến 2030"
    }
    if (to.ok() && to->start.year != 0 && from->start.year != 0) {
      if (to->end < from->start) {
        return Bad("period " + from->start.Iso() + ".." + to->end.Iso() + " ends before it starts");
      }
      DateInterval iv = *from;
      iv.end = to->end;
      if (from->granularity == Granularity::kYear && to->granularity == Granularity::kYear) {
        iv.granularity = Granularity::kYears;
      }
      iv.length = to->length;
      iv.fuzzy = from->fuzzy || to->fuzzy;
      return iv;
    }
  }
  // "từ năm 2026 - 2030" is the closed period itself.
  if (from->granularity == Granularity::kYears && from->end.year != 0) return from;
  // "từ năm 2026": from, open end.
  from->relation = DeadlineRelation::kFrom;
  from->end = CivilDate{};
  return from;
}

Result<DateInterval> Parser::Core(size_t pos) {
  if (pos >= t_.size()) return NotFound();
  if (IsDigit(t_, pos)) return Numeric(pos);
  size_t p = kNoMatch;
  if ((p = Keyword(t_, pos, "ngày")) != kNoMatch) {
    size_t q = SkipSpace(t_, p);
    int day = 0;
    size_t n = Digits(t_, q, &day);
    if (n < 1 || n > 2) return NotFound();  // also "ngày   tháng   năm 2025" (blank)
    size_t after = q + n;
    if (after < t_.size() && (t_[after] == '/' || t_[after] == '-' || t_[after] == '.')) {
      return DayMonthYear(q);
    }
    size_t r = Keyword(t_, SkipSpace(t_, after), "tháng");
    if (r == kNoMatch) return NotFound();
    return DayMonthWords(day, r);
  }
  if ((p = Keyword(t_, pos, "tháng")) != kNoMatch) return MonthForm(p);
  if ((p = AnyKeyword(t_, pos, {"quý", "quí"})) != kNoMatch) return QuarterForm(p);
  if ((p = Keyword(t_, pos, "năm")) != kNoMatch) return YearForm(p);
  if ((p = Keyword(t_, pos, "giai đoạn")) != kNoMatch) return PeriodForm(p);
  if ((p = Keyword(t_, pos, "nửa")) != kNoMatch) return HalfForm(p);
  if ((p = Keyword(t_, pos, "thường xuyên")) != kNoMatch) {
    DateInterval iv;
    iv.granularity = Granularity::kOngoing;
    iv.length = p;
    return iv;
  }
  return Every(pos);
}

// "hằng năm", "hàng quý", "Hẳng năm" (fuzzy), ...
Result<DateInterval> Parser::Every(size_t pos) {
  bool fuzzy = false;
  size_t p = AnyKeyword(t_, pos, {"hằng", "hàng"});
  if (p == kNoMatch) {
    p = Keyword(t_, pos, "hẳng");
    if (p == kNoMatch) return NotFound();
    fuzzy = true;
  }
  struct Unit {
    std::string_view word;
    const char* name;
  };
  constexpr Unit kUnits[] = {{"năm", "year"},  {"quý", "quarter"}, {"quí", "quarter"},
                             {"tháng", "month"}, {"tuần", "week"},  {"ngày", "day"}};
  size_t q = SkipSpace(t_, p);
  if (q == p) return NotFound();
  for (const Unit& unit : kUnits) {
    size_t end = Keyword(t_, q, unit.word);
    if (end == kNoMatch) continue;
    // "hàng năm 2025" is "the goods of 2025", not "every year".
    if (IsDigit(t_, SkipSpace(t_, end))) return NotFound();
    DateInterval iv = Recurring(unit.name, end);
    iv.fuzzy = fuzzy;
    return iv;
  }
  return NotFound();
}

// After "định kỳ": "hằng năm", "6 tháng", or nothing ("periodic").
Result<DateInterval> Parser::Periodic(size_t pos) {
  size_t p = SkipSpace(t_, pos);
  Result<DateInterval> every = Every(p);
  if (every.ok()) return every;
  int months = 0;
  size_t n = Digits(t_, p, &months);
  if (n >= 1 && n <= 2) {
    size_t q = Keyword(t_, SkipSpace(t_, p + n), "tháng");
    if (q != kNoMatch && months >= 1 && months <= 12) {
      const char* name = months == 12  ? "year"
                         : months == 6 ? "half"
                         : months == 3 ? "quarter"
                         : months == 1 ? "month"
                                       : nullptr;
      return Recurring(name != nullptr ? std::string(name) : Num(months) + " months", q);
    }
  }
  return Recurring("periodic", pos);
}

// pos: the day of "d/m/yyyy", "d-m-yyyy", "d.m.yyyy" (one kind of separator),
// or "d/m hằng năm".
Result<DateInterval> Parser::DayMonthYear(size_t pos) {
  int day = 0, month = 0, year = 0;
  size_t n1 = Digits(t_, pos, &day);
  if (n1 < 1 || n1 > 2) return NotFound();
  size_t s1 = pos + n1;
  if (s1 >= t_.size()) return NotFound();
  char sep = t_[s1];
  if (sep != '/' && sep != '-' && sep != '.') return NotFound();
  size_t n2 = Digits(t_, s1 + 1, &month);
  if (n2 < 1 || n2 > 2) return NotFound();
  size_t s2 = s1 + 1 + n2;
  if (s2 < t_.size() && t_[s2] == sep && IsDigit(t_, s2 + 1)) {
    size_t n3 = Digits(t_, s2 + 1, &year);
    if (n3 != 4) return NotFound();  // "21/8/25": two-digit years are not read
    size_t end = s2 + 1 + n3;
    if (end < t_.size() && t_[end] == '/') return NotFound();  // a symbol, not a date
    return DayInterval(year, month, day, end);
  }
  if (sep != '/') return NotFound();
  return YearlyDay(month, day, s2);
}

// After "ngày 21 tháng": "8 năm 2025", "8/2025", "11 hằng năm".
Result<DateInterval> Parser::DayMonthWords(int day, size_t pos) {
  size_t p = SkipSpace(t_, pos);
  int month = 0, year = 0;
  size_t n = Digits(t_, p, &month);
  if (n < 1 || n > 2) return NotFound();
  size_t end = YearTail(p + n, false, &year);
  if (end != kNoMatch) return DayInterval(year, month, day, end);
  return YearlyDay(month, day, p + n);
}

// "day/month" or "ngày day tháng month" followed at "pos" by "hằng năm"
// (Annually): the same day every year, "--MM-DD".
Result<DateInterval> Parser::YearlyDay(int month, int day, size_t pos) {
  bool fuzzy = false;
  size_t end = Annually(pos, &fuzzy);
  if (end == kNoMatch) return NotFound();
  Status s = CheckDayMonth(0, month, day);
  if (!s.ok()) return s;
  DateInterval iv = Recurring("--" + TwoDigits(month) + "-" + TwoDigits(day), end);
  iv.fuzzy = fuzzy;
  return iv;
}

// After "tháng": "9/2025", "9 năm 2025", "12 hằng năm".
Result<DateInterval> Parser::MonthForm(size_t pos) {
  size_t p = SkipSpace(t_, pos);
  int month = 0, year = 0;
  size_t n = Digits(t_, p, &month);
  if (n < 1 || n > 2) return NotFound();
  size_t end = YearTail(p + n, true, &year);
  if (end != kNoMatch) return MonthInterval(year, month, end);
  bool fuzzy = false;
  end = Annually(p + n, &fuzzy);
  if (end == kNoMatch) return NotFound();
  Status s = CheckMonth(month);
  if (!s.ok()) return s;
  DateInterval iv = Recurring("--" + TwoDigits(month), end);
  iv.fuzzy = fuzzy;
  return iv;
}

// After "quý": "I/2026", "IV năm 2026", "2/2026", "IV hằng năm".
Result<DateInterval> Parser::QuarterForm(size_t pos) {
  size_t p = SkipSpace(t_, pos);
  int quarter = 0;
  size_t n = Digits(t_, p, &quarter);
  std::string_view printed = t_.substr(p, n);
  if (n == 0) {
    // Roman numerals, any case. Values as in "VI" = 6 for the error message.
    int value = 0, previous = 0;
    while (p + n < t_.size()) {
      char c = t_[p + n];
      int v = (c == 'I' || c == 'i') ? 1 : (c == 'V' || c == 'v') ? 5 : (c == 'X' || c == 'x') ? 10 : 0;
      if (v == 0 || n == 8) break;  // no quarter needs more than 8 numerals
      value += v;
      if (v > previous && previous != 0) value -= 2 * previous;
      previous = v;
      ++n;
    }
    if (n == 0 || IsWordChar(t_, p + n)) return NotFound();
    quarter = value;
    printed = t_.substr(p, n);
  } else if (n > 1) {
    return NotFound();
  }
  size_t after = p + n;
  int year = 0;
  size_t end = YearTail(after, false, &year);
  bool fuzzy = false;
  size_t every = end == kNoMatch ? Annually(after, &fuzzy) : kNoMatch;
  if (end == kNoMatch && every == kNoMatch) return NotFound();
  if (quarter < 1 || quarter > 4) {
    return Bad("quarter " + std::string(printed) + " does not exist");
  }
  if (every != kNoMatch) {
    DateInterval iv = Recurring("Q" + Num(quarter), every);
    iv.fuzzy = fuzzy;
    return iv;
  }
  if (!YearInRange(year)) return YearOutOfRange(year);
  int first_month = 3 * quarter - 2;
  return Interval({year, first_month, 1}, {year, first_month + 2, DaysInMonth(year, first_month + 2)},
                  Granularity::kQuarter, end);
}

// After "năm": "2026", "2026 - 2030", "2026 và các năm tiếp theo".
Result<DateInterval> Parser::YearForm(size_t pos) {
  size_t p = SkipSpace(t_, pos);
  int first = 0;
  size_t end = Year(p, &first);
  if (end == kNoMatch || !YearInRange(first)) return NotFound();
  DateInterval iv = YearsInterval(first, first, end);
  size_t s = SkipSpace(t_, end);
  size_t dash = Dash(t_, s);
  if (dash > 0) {
    size_t q = SkipSpace(t_, s + dash);
    size_t r = Keyword(t_, q, "năm");
    if (r != kNoMatch) q = SkipSpace(t_, r);
    int last = 0;
    size_t last_end = Year(q, &last);
    if (last_end != kNoMatch && YearInRange(last)) {
      if (last <= first) {
        return Bad("period " + Num(first) + "-" + Num(last) + " ends before it starts");
      }
      iv = YearsInterval(first, last, last_end);
    }
  }
  size_t next = Keyword(t_, SkipSpace(t_, iv.length), "và các năm tiếp theo");
  if (next != kNoMatch) {
    iv.end = CivilDate{};
    iv.relation = DeadlineRelation::kFrom;
    iv.length = next;
  }
  return iv;
}

// After "giai đoạn": "2026-2030", "2026 - 2030", "từ 2026 đến 2030", "năm 2026-2030".
Result<DateInterval> Parser::PeriodForm(size_t pos) {
  size_t p = SkipSpace(t_, pos);
  size_t q = Keyword(t_, p, "từ");
  if (q != kNoMatch) p = SkipSpace(t_, q);
  q = Keyword(t_, p, "năm");
  if (q != kNoMatch) p = SkipSpace(t_, q);
  int first = 0, last = 0;
  size_t end = Year(p, &first);
  if (end == kNoMatch) return NotFound();
  size_t s = SkipSpace(t_, end);
  size_t link = Dash(t_, s);
  if (link > 0) {
    s += link;
  } else {
    size_t r = Keyword(t_, s, "đến");
    if (r == kNoMatch) return NotFound();
    s = r;
  }
  s = SkipSpace(t_, s);
  q = Keyword(t_, s, "năm");
  if (q != kNoMatch) s = SkipSpace(t_, q);
  size_t last_end = Year(s, &last);
  if (last_end == kNoMatch) return NotFound();
  if (!YearInRange(first)) return YearOutOfRange(first);
  if (!YearInRange(last)) return YearOutOfRange(last);
  if (last <= first) {
    return Bad("period " + Num(first) + "-" + Num(last) + " ends before it starts");
  }
  return YearsInterval(first, last, last_end);
}

// "6 tháng đầu năm 2026", "06 tháng cuối năm 2026", "9 tháng năm 2026".
Result<DateInterval> Parser::MonthsOfYear(int count, size_t pos) {
  size_t p = SkipSpace(t_, pos);
  bool last_part = false;
  size_t q = Keyword(t_, p, "đầu");
  if (q == kNoMatch) {
    q = Keyword(t_, p, "cuối");
    last_part = q != kNoMatch;
  }
  if (q != kNoMatch) p = SkipSpace(t_, q);
  q = Keyword(t_, p, "năm");
  if (q == kNoMatch) return NotFound();
  int year = 0;
  size_t end = Year(SkipSpace(t_, q), &year);
  if (end == kNoMatch) return NotFound();
  if (count < 1 || count > 12) {
    return Bad(Num(count) + " months do not fit in one year");
  }
  if (!YearInRange(year)) return YearOutOfRange(year);
  int first_month = last_part ? 13 - count : 1;
  int last_month = last_part ? 12 : count;
  Granularity g = count == 12  ? Granularity::kYear
                  : count == 6 ? Granularity::kHalf
                  : count == 3 ? Granularity::kQuarter
                               : Granularity::kMonths;
  return Interval({year, first_month, 1}, {year, last_month, DaysInMonth(year, last_month)}, g,
                  end);
}

// After "nửa": "đầu năm 2026" (January-June), "cuối năm 2026" (July-December).
Result<DateInterval> Parser::HalfForm(size_t pos) {
  size_t p = SkipSpace(t_, pos);
  size_t q = Keyword(t_, p, "đầu");
  bool second = false;
  if (q == kNoMatch) {
    q = Keyword(t_, p, "cuối");
    second = true;
  }
  if (q == kNoMatch) return NotFound();
  q = Keyword(t_, SkipSpace(t_, q), "năm");
  if (q == kNoMatch) return NotFound();
  int year = 0;
  size_t end = Year(SkipSpace(t_, q), &year);
  if (end == kNoMatch) return NotFound();
  if (!YearInRange(year)) return YearOutOfRange(year);
  return second ? Interval({year, 7, 1}, {year, 12, 31}, Granularity::kHalf, end)
                : Interval({year, 1, 1}, {year, 6, 30}, Granularity::kHalf, end);
}

// A form that starts with digits: "21/8/2025", "2025-2030", "6 tháng đầu năm
// 2026", "21 tháng 8 năm 2025".
Result<DateInterval> Parser::Numeric(size_t pos) {
  int value = 0;
  size_t n = Digits(t_, pos, &value);
  size_t after = pos + n;
  if (n <= 2 && after < t_.size() && (t_[after] == '/' || t_[after] == '-' || t_[after] == '.')) {
    return DayMonthYear(pos);
  }
  if (n == 4) {
    // A bare year range; a bare year alone is not a date.
    size_t s = SkipSpace(t_, after);
    size_t dash = Dash(t_, s);
    if (dash == 0) return NotFound();
    int last = 0;
    size_t end = Year(SkipSpace(t_, s + dash), &last);
    if (end == kNoMatch || !YearInRange(value) || !YearInRange(last) || last <= value) {
      return NotFound();
    }
    if (end < t_.size() && t_[end] == '/') return NotFound();
    return YearsInterval(value, last, end);
  }
  if (n > 2) return NotFound();
  size_t p = Keyword(t_, SkipSpace(t_, after), "tháng");
  if (p == kNoMatch) return NotFound();
  if (IsDigit(t_, SkipSpace(t_, p))) return DayMonthWords(value, p);
  return MonthsOfYear(value, p);
}

bool MayStartDate(unsigned char c) {
  switch (c) {
    case 'n': case 'N': case 't': case 'T': case 'q': case 'Q': case 'g': case 'G':
    case 'h': case 'H': case 'c': case 'C': case 'k': case 'K':
    case 0xC3:  // "Ð" (U+00D0) for "Đ"
    case 0xC4:  // "đ", "Đ"
      return true;
    default:
      return c >= '0' && c <= '9';
  }
}

}  // namespace

std::string CivilDate::Iso() const {
  if (year == 0) return "";
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", year % 10000, month % 100, day % 100);
  return buf;
}

std::string TodayUtcIso() {
  std::time_t now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm tm{};
  gmtime_r(&now, &tm);
  char buffer[16];
  std::strftime(buffer, sizeof(buffer), "%Y-%m-%d", &tm);
  return buffer;
}

bool IsValidDate(int year, int month, int day) {
  if (month < 1 || month > 12 || day < 1) return false;
  return day <= DaysInMonth(year, month);
}

const char* GranularityName(Granularity g) {
  switch (g) {
    case Granularity::kDay: return "day";
    case Granularity::kMonth: return "month";
    case Granularity::kQuarter: return "quarter";
    case Granularity::kHalf: return "half";
    case Granularity::kYear: return "year";
    case Granularity::kYears: return "years";
    case Granularity::kRecurring: return "recurring";
    case Granularity::kOngoing: return "ongoing";
    case Granularity::kMonths: return "months";
  }
  return "";
}

const char* DeadlineRelationName(DeadlineRelation r) {
  switch (r) {
    case DeadlineRelation::kNone: return "";
    case DeadlineRelation::kBefore: return "before";
    case DeadlineRelation::kBy: return "by";
    case DeadlineRelation::kWithin: return "within";
    case DeadlineRelation::kFrom: return "from";
  }
  return "";
}

Result<DateInterval> ParseVnDate(std::string_view text) {
  size_t pos = SkipSpace(text, 0);
  if (pos >= text.size() || !MayStartDate(static_cast<unsigned char>(text[pos]))) {
    return NotFound();
  }
  return Parser(text).Top(pos);
}

namespace {

CivilDate LastDay(int year, int month) { return {year, month, DaysInMonth(year, month)}; }

std::string TwoDigitLabel(int n) { return (n < 10 ? "0" : "") + std::to_string(n); }

}  // namespace

Result<DateInterval> ParseTimeframe(std::string_view cell) {
  Result<DateInterval> parsed = ParseVnDate(cell);
  if (parsed.ok() || parsed.status().code() != Code::kNotFound) return parsed;
  // "6 tháng" as the whole cell: every 6 months (in running text it is a
  // duration, and ParseVnDate does not read it).
  std::string_view t = Trim(cell);
  int count = 0;
  size_t pos = 0;
  while (pos < t.size() && t[pos] >= '0' && t[pos] <= '9' && pos < 3) count = count * 10 + (t[pos++] - '0');
  if (pos == 0) return parsed;
  std::string_view rest = Trim(t.substr(pos));
  if (rest != "tháng" && rest != "Tháng" && rest != "THÁNG") return parsed;
  const char* name = count == 12  ? "year"
                     : count == 6 ? "half"
                     : count == 3 ? "quarter"
                     : count == 1 ? "month"
                                  : nullptr;
  if (name == nullptr) return parsed;
  DateInterval iv = Recurring(name, cell.size());
  return iv;
}

std::vector<DueCycle> DueCycles(const DateInterval& timeframe, int first_year, int last_year) {
  std::vector<DueCycle> cycles;
  if (timeframe.granularity == Granularity::kOngoing) return cycles;
  if (timeframe.granularity == Granularity::kRecurring) {
    const std::string& what = timeframe.recurring;
    for (int year = first_year; year <= last_year; ++year) {
      std::string y = std::to_string(year);
      if (what == "year") {
        cycles.push_back({{year, 1, 1}, {year, 12, 31}, y});
      } else if (what == "half") {
        cycles.push_back({{year, 1, 1}, {year, 6, 30}, "H1/" + y});
        cycles.push_back({{year, 7, 1}, {year, 12, 31}, "H2/" + y});
      } else if (what == "quarter") {
        for (int q = 1; q <= 4; ++q) {
          cycles.push_back({{year, 3 * q - 2, 1}, LastDay(year, 3 * q), "Q" + std::to_string(q) + "/" + y});
        }
      } else if (what == "month") {
        for (int m = 1; m <= 12; ++m) {
          cycles.push_back({{year, m, 1}, LastDay(year, m), TwoDigitLabel(m) + "/" + y});
        }
      } else if (what.size() == 2 && what[0] == 'Q' && what[1] >= '1' && what[1] <= '4') {
        // "Quý IV hằng năm": the work of the year, due at the end of that quarter.
        int q = what[1] - '0';
        cycles.push_back({{year, 1, 1}, LastDay(year, 3 * q), what + "/" + y});
      } else if (what.size() == 4 && what.compare(0, 2, "--") == 0) {
        int m = (what[2] - '0') * 10 + (what[3] - '0');
        cycles.push_back({{year, 1, 1}, LastDay(year, m), TwoDigitLabel(m) + "/" + y});
      } else if (what.size() == 7 && what.compare(0, 2, "--") == 0) {
        int m = (what[2] - '0') * 10 + (what[3] - '0');
        int d = (what[5] - '0') * 10 + (what[6] - '0');
        if (!IsValidDate(year, m, d)) d = DaysInMonth(year, m);  // 29/2 in a common year
        cycles.push_back({{year, 1, 1}, {year, m, d}, TwoDigitLabel(d) + "/" + TwoDigitLabel(m) + "/" + y});
      } else {
        break;  // "periodic", "week", "day": no due date
      }
    }
    return cycles;
  }
  if (timeframe.start.year == 0) return cycles;
  if (timeframe.relation == DeadlineRelation::kFrom && timeframe.end.year == 0) {
    for (int year = timeframe.start.year; year <= last_year; ++year) {
      cycles.push_back({{year, 1, 1}, {year, 12, 31}, std::to_string(year)});
    }
    return cycles;
  }
  if (timeframe.end.year == 0) return cycles;
  DueCycle one{timeframe.start, timeframe.end, ""};
  if (timeframe.relation == DeadlineRelation::kBy || timeframe.relation == DeadlineRelation::kBefore) {
    one.start = {std::min(first_year, one.start.year), 1, 1};
    if (timeframe.relation == DeadlineRelation::kBefore) {
      // "trước ngày 15/3/2026": due the day before.
      CivilDate d = timeframe.start;
      if (timeframe.granularity == Granularity::kDay) {
        if (--d.day == 0) {
          if (--d.month == 0) {
            d.month = 12;
            --d.year;
          }
          d.day = DaysInMonth(d.year, d.month);
        }
        one.due = d;
      }
    }
  }
  const CivilDate& s = timeframe.start;
  const CivilDate& e = timeframe.end;
  std::string y = std::to_string(e.year);
  switch (timeframe.granularity) {
    case Granularity::kDay: one.label = e.Iso(); break;
    case Granularity::kMonth: one.label = TwoDigitLabel(e.month) + "/" + y; break;
    case Granularity::kQuarter: one.label = "Q" + std::to_string((e.month + 2) / 3) + "/" + y; break;
    case Granularity::kHalf: one.label = (e.month <= 6 ? "H1/" : "H2/") + y; break;
    case Granularity::kYear: one.label = y; break;
    case Granularity::kYears: one.label = std::to_string(s.year) + "-" + y; break;
    default: one.label = s.Iso() + ".." + e.Iso(); break;
  }
  cycles.push_back(one);
  return cycles;
}

}  // namespace docpipe
