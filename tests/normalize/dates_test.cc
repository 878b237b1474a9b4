// Tests for pipeline/normalize/dates.h. The cases live in
// tests/data/normalize/dates.tsv, written by hand from Nghị định
// 30/2020/NĐ-CP and the seed documents (see the file's header for columns).

#include "pipeline/normalize/dates.h"

#include <chrono>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "pipeline/base/strings.h"
#include "tests/normalize/normalize_test_util.h"
#include "tests/test_util.h"

namespace docpipe {
namespace {


std::string Dash(const std::string& s) { return s.empty() ? "-" : s; }

std::string Describe(const Result<DateInterval>& r, std::string_view input) {
  if (!r.ok()) {
    return r.status().code() == Code::kNotFound ? std::string("none")
                                                : "bad (" + r.status().detail() + ")";
  }
  const DateInterval& iv = *r;
  return "ok " + Dash(iv.start.Iso()) + " " + Dash(iv.end.Iso()) + " " +
         GranularityName(iv.granularity) + " " + Dash(DeadlineRelationName(iv.relation)) + " " +
         Dash(iv.recurring) + " " + (iv.fuzzy ? "fuzzy" : "-") + " consumed=\"" +
         std::string(input.substr(0, iv.length)) + "\"";
}

TEST_CASE("ParseVnDate reads every case of dates.tsv", "[normalize]") {
  std::vector<testing::TsvCase> cases = testing::LoadTsvCases("normalize/dates.tsv");
  REQUIRE(cases.size() >= 250);
  for (const testing::TsvCase& c : cases) {
    std::string where = "dates.tsv:" + std::to_string(c.line) + ": ";
    if (c.fields.size() < 10) {
      FAIL_CHECK(where << "expected at least 10 fields, got " << c.fields.size());
      continue;
    }
    const std::string input = testing::UnescapeField(c.fields[0]);
    const std::string& status = c.fields[1];
    Result<DateInterval> got = ParseVnDate(input);
    std::string want;
    bool ok = false;
    if (status == "none") {
      want = "none";
      ok = !got.ok() && got.status().code() == Code::kNotFound;
    } else if (status == "bad") {
      want = "bad (... " + c.fields[9] + " ...)";
      ok = !got.ok() && got.status().code() == Code::kBadInput &&
           got.status().detail().find(c.fields[9]) != std::string::npos;
    } else if (status == "ok") {
      std::string consumed = testing::UnescapeField(c.fields[8]);
      want = "ok " + c.fields[2] + " " + c.fields[3] + " " + c.fields[4] + " " + c.fields[5] +
             " " + c.fields[6] + " " + c.fields[7] + " consumed=\"" + consumed + "\"";
      ok = got.ok() && Dash(got->start.Iso()) == c.fields[2] &&
           Dash(got->end.Iso()) == c.fields[3] &&
           GranularityName(got->granularity) == c.fields[4] &&
           Dash(DeadlineRelationName(got->relation)) == c.fields[5] &&
           Dash(got->recurring) == c.fields[6] &&
           (got->fuzzy ? "fuzzy" : "-") == c.fields[7] && got->length == consumed.size() &&
           input.compare(0, consumed.size(), consumed) == 0;
    } else {
      FAIL_CHECK(where << "unknown status " << status);
      continue;
    }
    if (!ok) {
      FAIL_CHECK(where << "\"" << c.fields[0] << "\" -> got " << Describe(got, input)
                       << ", want " << want);
    }
  }
}

TEST_CASE("IsValidDate follows the Gregorian calendar", "[normalize]") {
  CHECK(IsValidDate(2025, 8, 21));
  CHECK(IsValidDate(2028, 2, 29));   // divisible by 4
  CHECK(IsValidDate(2000, 2, 29));   // divisible by 400
  CHECK_FALSE(IsValidDate(2100, 2, 29));  // divisible by 100, not 400
  CHECK_FALSE(IsValidDate(2025, 2, 29));
  CHECK_FALSE(IsValidDate(2026, 2, 31));
  CHECK_FALSE(IsValidDate(2026, 4, 31));
  CHECK(IsValidDate(2026, 12, 31));
  CHECK_FALSE(IsValidDate(2026, 13, 1));
  CHECK_FALSE(IsValidDate(2026, 0, 1));
  CHECK_FALSE(IsValidDate(2026, 1, 0));
}

TEST_CASE("CivilDate and the enum names print as stored", "[normalize]") {
  CHECK(CivilDate{2025, 8, 21}.Iso() == "2025-08-21");
  CHECK(CivilDate{2026, 2, 4}.Iso() == "2026-02-04");
  CHECK(CivilDate{}.Iso().empty());
  CHECK(CivilDate{2025, 8, 21} < CivilDate{2025, 9, 1});
  CHECK(std::string(GranularityName(Granularity::kQuarter)) == "quarter");
  CHECK(std::string(GranularityName(Granularity::kMonths)) == "months");
  CHECK(std::string(DeadlineRelationName(DeadlineRelation::kNone)).empty());
  CHECK(std::string(DeadlineRelationName(DeadlineRelation::kWithin)) == "within");
}

// Every line start of the plan's appendix (seed 001) that reads as a
// timeframe; the counts were taken by hand with grep on the seed text:
// 45 lines are exactly "Hằng năm", one is the typo "Hẳng năm", five are
// "Thường xuyên"; two are "Năm 2026 và các năm tiếp theo" and one "Từ năm
// 2026" (from 2026, open end); nine are year ranges ("Năm 2026-2030",
// "2025-2030", "2026 -2030", "Năm 2026-2028") and one "Năm 2026".
TEST_CASE("ParseVnDate reads the timeframe column of the plan seed", "[normalize]") {
  std::string text = testing::SeedText("001");
  REQUIRE(!text.empty());
  int every_year = 0, fuzzy = 0, ongoing = 0, from_2026 = 0, year_ranges = 0, year_2026 = 0;
  for (std::string_view line : SplitLines(text)) {
    Result<DateInterval> r = ParseVnDate(line);
    if (!r.ok() || r->length != line.size()) continue;
    if (r->granularity == Granularity::kRecurring && r->recurring == "year") {
      ++every_year;
      if (r->fuzzy) ++fuzzy;
    }
    if (r->granularity == Granularity::kOngoing) ++ongoing;
    if (r->relation == DeadlineRelation::kFrom && r->start == CivilDate{2026, 1, 1}) ++from_2026;
    if (r->granularity == Granularity::kYears) ++year_ranges;
    if (r->granularity == Granularity::kYear && r->relation == DeadlineRelation::kNone &&
        r->start == CivilDate{2026, 1, 1} && r->end == CivilDate{2026, 12, 31}) {
      ++year_2026;
    }
  }
  CHECK(every_year == 46);
  CHECK(fuzzy == 1);
  CHECK(ongoing == 5);
  CHECK(from_2026 == 3);
  CHECK(year_ranges == 9);
  CHECK(year_2026 == 1);
}

// Every offset of every seed: the parser never reads past the end, never
// succeeds with an empty match, and stays cheap (it runs on every token).
TEST_CASE("ParseVnDate is safe and cheap at every offset of the seeds", "[normalize]") {
  size_t bytes = 0, found = 0;
  auto begin = std::chrono::steady_clock::now();
  for (std::string_view prefix : {"000", "001", "002", "003", "004"}) {
    std::string text = testing::SeedText(prefix);
    REQUIRE(!text.empty());
    std::string_view view = text;
    for (size_t offset = 0; offset < view.size(); ++offset) {
      Result<DateInterval> r = ParseVnDate(view.substr(offset));
      if (r.ok()) {
        ++found;
        CHECK(r->length > 0);
        CHECK(r->length <= view.size() - offset);
      }
    }
    bytes += view.size();
  }
  double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - begin)
                  .count();
  WARN("ParseVnDate at every offset: " << bytes << " offsets, " << found << " found, " << ms
                                       << " ms");
  CHECK(found > 100);
}

}  // namespace
}  // namespace docpipe
