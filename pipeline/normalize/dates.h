// pipeline/normalize/dates.h
//
// Vietnamese dates, periods and deadlines to normalised intervals with a
// granularity. Date forms follow Nghị định 30/2020/NĐ-CP ("ngày 21 tháng 8
// năm 2025"; days < 10 and months < 3 written with a leading zero) and common
// practice ("21/8/2025", "21-8-2025", "21.8.2025").
//
// Forms read (keywords in any case; "quí" = "quý"; "Ð" U+00D0 = "Đ"):
//   day      "ngày 21 tháng 8 năm 2025", "ngày 21/8/2025", "21/8/2025",
//            "21-8-2025", "21.8.2025" (one separator kind), "21 tháng 8 năm 2025"
//   month    "tháng 9/2025", "tháng 9-2025", "tháng 9 năm 2025"
//   quarter  "quý I/2026", "quý IV năm 2026", "quý 2/2026"
//   half     "nửa đầu năm 2026", "nửa cuối năm 2026"
//   months   "6 tháng đầu năm 2026" (half), "06 tháng cuối năm 2026" (half),
//            "9 tháng năm 2026" (first 9 months: "months"), "3 tháng đầu năm
//            2026" (quarter), "12 tháng năm 2026" (year)
//   year(s)  "năm 2026", "năm 2026 - 2030", "2025-2030", "giai đoạn 2026-2030"
//   recurring "hằng năm"/"hàng năm" ("year"), "hằng quý" ("quarter"), "hằng
//            tháng" ("month"), "hằng tuần" ("week"), "hằng ngày" ("day"),
//            "quý IV hằng năm" ("Q4"), "tháng 12 hằng năm" ("--12"), "ngày 15
//            tháng 11 hằng năm" ("--11-15"), "định kỳ [hằng năm | 6 tháng]"
//            ("year", "half"; "định kỳ" alone: "periodic")
//   ongoing  "thường xuyên"
// Relations (the interval stays the referenced period, except kFrom):
//   kBefore "trước [ngày] X"; kBy "chậm nhất [là|vào] [trước|trong] X",
//   "hạn chót [là|:] X", "[tính] đến [hết] X", "tới [hết] X"; kWithin "trong X"; kFrom "từ X",
//   "kể từ X", "X và các năm tiếp theo" (end open). "từ X đến Y" is the
//   closed interval X.start..Y.end with relation kNone.
// Not dates (kNotFound): two-digit years ("21/8/25"), a day or month without
// a year ("ngày 21/8", "tháng 9") unless recurring, blank templates ("ngày
// tháng năm 2025"), bare years ("2026"), "năm YYYY" outside 1945..2100,
// "hàng năm 2025" (goods of 2025), "trước mắt", "trong đó".
//
// Stage: normalize. Pure functions, thread-safe.

#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

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

// Today's date in UTC as "YYYY-MM-DD": the default "as of" of the cross-check
// and the date a report is printed on.
std::string TodayUtcIso();

// kMonths: a run of months that is not a quarter, half or year ("9 tháng").
enum class Granularity {
  kDay, kMonth, kQuarter, kHalf, kYear, kYears, kRecurring, kOngoing, kMonths
};
const char* GranularityName(Granularity g);  // "day", "month", ..., "months" as stored

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
  // True when a misspelt keyword was accepted (the seed's "Hẳng năm" for
  // "Hằng năm"); the caller may add a note to its Diagnostics.
  bool fuzzy = false;
  size_t length = 0;  // bytes of the input consumed, leading spaces included
};

// Parses a date, period or deadline form at the start of "text" (after
// optional spaces). Returns kNotFound when "text" does not start with one,
// kBadInput with a reason for an impossible date ("31/2/2026": day 31 does
// not exist in February 2026), for a day or month outside the calendar, a
// quarter beyond IV, a year outside 1945..2100 in a day/month/quarter form,
// or a period that ends before it starts -- never a silently shifted date.
// Does not allocate for kNotFound.
// "text" is NFC; tone-mark style and case do not matter ("Hằng năm",
// "hàng năm", "QUÝ I/2026").
Result<DateInterval> ParseVnDate(std::string_view text);

// A plan task's "Thời gian thực hiện" cell: ParseVnDate, and also "6 tháng",
// "3 tháng", "12 tháng", "1 tháng" as the whole cell, which a timeframe
// column means as "every N months" (recurring "half", "quarter", "year",
// "month"; in running text they are durations and not read). Errors as
// ParseVnDate.
Result<DateInterval> ParseTimeframe(std::string_view cell);

// One cycle of a plan task's timeframe ("Thời gian thực hiện"): the period
// the work of that cycle belongs to and the day it is due.
struct DueCycle {
  CivilDate start;    // first day of the cycle
  CivilDate due;      // last day of the cycle: the task is due then
  std::string label;  // "2025", "Q4/2026", "H1/2026", "09/2026", "2026-2030"
  friend bool operator==(const DueCycle&, const DueCycle&) = default;
};

// The due cycles of a timeframe read by ParseTimeframe, from the plan's issue
// year "first_year" through "last_year" (both inclusive; the caller picks
// the year of the date it judges as of):
//   a period with an end ("Năm 2025", "Quý III/2025", "2025 - 2030",
//     "Đến năm 2030" -- kBy starts the cycle on 1/1 of "first_year"):
//     one cycle, due on its last day, whatever "last_year" is;
//   recurring "year", "half", "quarter", "month", "Q4", "--12", "--11-15"
//     ("Hằng năm", "6 tháng", "Quý IV hằng năm", "tháng 12 hằng năm"): one
//     cycle per repetition, the first in "first_year";
//   open from a year ("Từ năm 2026", "Năm 2026 và các năm tiếp theo"): one
//     cycle per year from that year;
//   ongoing ("Thường xuyên"), "periodic", weekly and daily: none -- no due date.
// Never fails; an empty result means "no due date". Cycles are in date order.
std::vector<DueCycle> DueCycles(const DateInterval& timeframe, int first_year, int last_year);

}  // namespace docpipe
