// pipeline/normalize/dates.h
//
// Vietnamese dates, periods and deadlines to normalised intervals with a
// granularity. Date forms follow Nghị định 30/2020/NĐ-CP ("ngày 21 tháng 8
// năm 2025"; days < 10 and months < 3 written with a leading zero) and common
// practice ("21/8/2025", "21-8-2025", "21.8.2025").
//
// Stage: normalize. Pure functions, thread-safe.

#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "pipeline/base/result.h"

namespace docpipe {

struct CivilDate {
  int year = 0, month = 0, day = 0;
  std::string Iso() const;  // "2025-08-21"
  friend bool operator==(const CivilDate&, const CivilDate&) = default;
  friend auto operator<=>(const CivilDate&, const CivilDate&) = default;
};

// True for a real Gregorian date (31/2/2026 is not).
bool IsValidDate(int year, int month, int day);

enum class Granularity { kDay, kMonth, kQuarter, kHalf, kYear, kYears, kRecurring, kOngoing };
const char* GranularityName(Granularity g);  // "day", "month", ... as stored

enum class DeadlineRelation { kNone, kBefore, kBy, kWithin, kFrom };
const char* DeadlineRelationName(DeadlineRelation r);  // "", "before", "by", "within", "from"

struct DateInterval {
  CivilDate start;  // inclusive; year == 0 when open
  CivilDate end;    // inclusive; year == 0 when open
  Granularity granularity = Granularity::kDay;
  DeadlineRelation relation = DeadlineRelation::kNone;
  // For recurring forms ("quý IV hằng năm", "hằng năm") start/end are empty
  // and "recurring" describes the repeated part ("Q4", "year").
  std::string recurring;
  size_t length = 0;  // bytes of the input consumed
};

// Parses a date, period or deadline form at the start of "text" (after
// optional spaces). Returns kNotFound when "text" does not start with one,
// kBadInput with a reason for an impossible date ("31/2/2026": day 31 does
// not exist in February 2026) -- never a silently shifted date.
// "text" is NFC; tone-mark style and case do not matter ("Hằng năm",
// "hàng năm", "QUÝ I/2026").
Result<DateInterval> ParseVnDate(std::string_view text);

}  // namespace docpipe
