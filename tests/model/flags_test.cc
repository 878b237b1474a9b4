// The stored contract of pipeline/model/flags.h: FlagKind numbers and keys
// are written to SQLite and the JSON/CSV export and must never change.

#include "pipeline/model/flags.h"

#include <catch2/catch.hpp>

#include <set>
#include <string>

namespace docpipe {
namespace {

TEST_CASE("FlagKind values and stored keys never change", "[model]") {
  struct Row {
    FlagKind kind;
    int value;
    const char* key;
  };
  const Row kRows[] = {{FlagKind::kFigureMismatch, 0, "figure_mismatch"},
                       {FlagKind::kCountVsList, 1, "count_vs_list"},
                       {FlagKind::kPlanClaim, 2, "plan_claim"},
                       {FlagKind::kCumulativeDecrease, 3, "cumulative_decrease"},
                       {FlagKind::kListVsCount, 4, "list_vs_count"},
                       {FlagKind::kDeadline, 5, "deadline"},
                       {FlagKind::kQualityRepeat, 6, "quality_repeat"},
                       {FlagKind::kQualityPlaceholder, 7, "quality_placeholder"},
                       {FlagKind::kQualitySectionNumber, 8, "quality_section_number"},
                       {FlagKind::kUpdate, 9, "update"},
                       {FlagKind::kDuplicateCopy, 10, "duplicate_copy"}};
  REQUIRE(std::size(kRows) == std::size(kAllFlagKinds));
  for (const Row& row : kRows) {
    CHECK(static_cast<int>(row.kind) == row.value);
    CHECK(std::string(FlagKindKey(row.kind)) == row.key);
    CHECK(ParseFlagKind(row.key) == row.kind);
  }
}

TEST_CASE("Every FlagKind has a distinct key and unknown keys do not parse", "[model]") {
  std::set<std::string> keys;
  for (FlagKind kind : kAllFlagKinds) {
    std::string key = FlagKindKey(kind);
    CHECK_FALSE(key.empty());
    CHECK(keys.insert(key).second);
  }
  CHECK_FALSE(ParseFlagKind("").has_value());
  CHECK_FALSE(ParseFlagKind("Figure_Mismatch").has_value());
}

}  // namespace
}  // namespace docpipe
