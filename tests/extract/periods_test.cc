// One interpreter of dates and periods: every period the extractors store
// (a figure's period, a task's timeframe) reads the same as ParseVnDate reads
// its printed text. The rules only find the span (rules/dates.rules).

#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "pipeline/model/facts.h"
#include "pipeline/normalize/dates.h"
#include "tests/extract/extract_test_util.h"
#include "tests/test_util.h"

namespace docpipe {
namespace {

using testing::ExtractSeed;
using testing::OnePageDocument;
using testing::RunExtract;

// What ParseVnDate says the printed period means, as a stored Period.
void CheckAgrees(const Period& period) {
  INFO("period as printed: \"" << period.text << "\"");
  Result<DateInterval> parsed = ParseVnDate(period.text);
  REQUIRE(parsed.ok());
  CHECK(period.granularity == GranularityName(parsed->granularity));
  CHECK(period.end == (parsed->end.year != 0 ? parsed->end.Iso() : std::string()));
  bool until = parsed->relation == DeadlineRelation::kBy ||
               parsed->relation == DeadlineRelation::kBefore;
  CHECK(period.start ==
        (parsed->start.year != 0 && !until ? parsed->start.Iso() : std::string()));
}

TEST_CASE("Every stored period of the seeds reads as ParseVnDate reads it", "[extract]") {
  int figures = 0, timeframes = 0;
  for (const char* seed : {"000", "001", "002", "003", "004"}) {
    Extraction extraction = ExtractSeed(seed);
    for (const Figure& figure : extraction.figures) {
      if (figure.period.text.empty()) continue;
      CheckAgrees(figure.period);
      ++figures;
    }
    for (const Task& task : extraction.tasks) {
      if (task.timeframe.granularity.empty()) continue;
      CheckAgrees(task.timeframe);
      ++timeframes;
    }
  }
  // Seed 000 (the 6-month report) dates its figures; the plan's 68 tasks
  // carry a timeframe column. Far fewer means the readers lost them.
  CHECK(figures >= 20);
  CHECK(timeframes >= 60);
}

TEST_CASE("Period forms of figures agree with the calendar", "[extract]") {
  // Each sentence holds one figure dated by one period form of
  // rules/dates.rules; the stored period must be the calendar's reading.
  const std::vector<std::string> sentences = {
      "Trong 6 tháng đầu năm 2026, toàn tỉnh thu hút 12 dự án.",
      "Lũy kế 9 tháng năm 2026, toàn tỉnh thu hút 15 dự án.",
      "Trong 6 tháng cuối năm 2025, toàn tỉnh thu hút 7 dự án.",
      "Trong quý I/2026, toàn tỉnh thu hút 4 dự án.",
      "Nửa đầu năm 2026, toàn tỉnh thu hút 9 dự án.",
      "Tính đến hết tháng 5/2026, toàn tỉnh thu hút 21 dự án.",
      "Trong tháng 9/2025, toàn tỉnh thu hút 3 dự án.",
      "Giai đoạn 2021 - 2025, toàn tỉnh thu hút 60 dự án.",
  };
  for (const std::string& sentence : sentences) {
    INFO(sentence);
    Extraction extraction = RunExtract(OnePageDocument(sentence));
    REQUIRE_FALSE(extraction.figures.empty());
    const Period& period = extraction.figures.front().period;
    REQUIRE_FALSE(period.text.empty());
    CheckAgrees(period);
  }
}

}  // namespace
}  // namespace docpipe
