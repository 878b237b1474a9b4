#include <algorithm>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "tests/extract/extract_test_util.h"

namespace docpipe {
namespace {

using testing::ExtractRules;

bool Has(const std::vector<std::string>& names, const std::string& name) {
  return std::find(names.begin(), names.end(), name) != names.end();
}

TEST_CASE("Assignments of conclusion 003: agency, coordinators, action, deadline", "[extract]") {
  REQUIRE(ExtractRules() != nullptr);
  Extraction conclusion = testing::ExtractSeed("003");
  const Assignment* plan = nullptr;
  const Assignment* military = nullptr;
  const Assignment* investment = nullptr;
  for (const Assignment& assignment : conclusion.assignments) {
    if (assignment.deadline == "2025-09-21") plan = &assignment;
    if (assignment.agency == "Bộ Chỉ huy Quân sự tỉnh") military = &assignment;
    if (assignment.action.find("quy trình thu hút đầu tư") != std::string::npos) investment = &assignment;
  }
  REQUIRE(plan != nullptr);
  CHECK(plan->agency == "Sở Ngoại vụ");
  CHECK(plan->action.find("xây dựng Kế hoạch đẩy mạnh hợp tác hữu nghị") != std::string::npos);
  CHECK(plan->where.rule_id == "assignment.giao");
  REQUIRE(military != nullptr);
  CHECK(Has(military->coordinate, "Sở Nội vụ"));
  CHECK(Has(military->coordinate, "Sở Ngoại vụ"));
  REQUIRE(investment != nullptr);
  CHECK(investment->agency == "Sở Ngoại vụ");
  CHECK(Has(investment->coordinate, "Ban Quản lý Khu kinh tế tỉnh"));
  CHECK(Has(investment->coordinate, "Sở Tài chính"));
  CHECK(Has(investment->coordinate, "Sở Công Thương"));
  CHECK(Has(investment->coordinate, "Công an tỉnh"));
}

TEST_CASE("Assignments of letter 004 follow the per-department headings", "[extract]") {
  REQUIRE(ExtractRules() != nullptr);
  Extraction letter = testing::ExtractSeed("004");
  int industry = 0, foreign = 0;
  for (const Assignment& assignment : letter.assignments) {
    if (assignment.agency == "Sở Công Thương") ++industry;
    if (assignment.agency == "Sở Ngoại vụ") ++foreign;
  }
  CHECK(industry == 2);  // b) Sở Công Thương: two bullets
  CHECK(foreign >= 4);   // a) four bullets, plus "Giao Sở Ngoại vụ chủ trì" at the end
}

}  // namespace
}  // namespace docpipe
