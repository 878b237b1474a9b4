// Due dates per cycle of plan task timeframes: every case of
// tests/data/crosscheck/due_dates.tsv through ParseTimeframe and DueCycles
// (pipeline/normalize/dates.h), the one interpreter of dates the
// cross-check uses for "Thời gian thực hiện".

#include <catch2/catch.hpp>
#include <cstdint>
#include <string>
#include <vector>

#include "pipeline/base/strings.h"
#include "pipeline/normalize/dates.h"
#include "tests/normalize/normalize_test_util.h"
#include "tests/test_util.h"

namespace docpipe {
namespace {

std::string DescribeCycles(std::string_view timeframe, int first_year, int last_year) {
  Result<DateInterval> parsed = ParseTimeframe(timeframe);
  if (!parsed.ok()) return "none";
  std::vector<DueCycle> cycles = DueCycles(*parsed, first_year, last_year);
  if (cycles.empty()) return "none";
  std::string out;
  for (const DueCycle& c : cycles) {
    if (!out.empty()) out += " | ";
    out += c.label + " " + c.start.Iso() + ".." + c.due.Iso();
  }
  return out;
}

TEST_CASE("DueCycles gives one due date per cycle for every case of due_dates.tsv",
          "[crosscheck]") {
  std::vector<testing::TsvCase> cases = testing::LoadTsvCases("crosscheck/due_dates.tsv");
  REQUIRE(cases.size() >= 30);
  for (const testing::TsvCase& c : cases) {
    std::string where = "due_dates.tsv:" + std::to_string(c.line) + ": ";
    if (c.fields.size() != 4) {
      FAIL_CHECK(where << "expected 4 fields, got " << c.fields.size());
      continue;
    }
    int64_t first_year = 0, last_year = 0;
    if (!ParseInt(c.fields[1], &first_year) || !ParseInt(c.fields[2], &last_year)) {
      FAIL_CHECK(where << "bad year");
      continue;
    }
    std::string input = testing::UnescapeField(c.fields[0]);
    std::string got =
        DescribeCycles(input, static_cast<int>(first_year), static_cast<int>(last_year));
    INFO(where << c.fields[0]);
    CHECK(got == c.fields[3]);
  }
}

}  // namespace
}  // namespace docpipe
