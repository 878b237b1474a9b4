#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "tests/extract/extract_test_util.h"

namespace docpipe {
namespace {

using testing::ExtractRules;

std::vector<const Deadline*> On(const Extraction& extraction, const std::string& date) {
  std::vector<const Deadline*> found;
  for (const Deadline& deadline : extraction.deadlines) {
    if (deadline.date == date) found.push_back(&deadline);
  }
  return found;
}

TEST_CASE("Deadlines of letter 002 bind the agencies of their clauses", "[extract]") {
  REQUIRE(ExtractRules() != nullptr);
  Document document;
  Extraction letter = testing::ExtractSeed("002", &document);
  std::vector<const Deadline*> march15 = On(letter, "2026-03-15");
  REQUIRE(march15.size() == 2);
  CHECK(march15[0]->relation == "before");
  // Item 3: "the departments that have not issued a plan" — footnote 1 of
  // the letter names the one department. That department is the one right
  // answer: "Các sở, ban, ngành" would send the deadline to every department.
  CHECK(march15[0]->agency == "Sở Văn hóa, Thể thao và Du lịch");
  // Item 4: the communes; "gửi Sở Ngoại vụ" receives, it does not owe.
  CHECK(march15[1]->agency == "Ủy ban nhân dân các xã, phường");
  std::vector<const Deadline*> march17 = On(letter, "2026-03-17");
  REQUIRE(march17.size() == 1);
  CHECK(march17[0]->agency == "Sở Ngoại vụ");
  CHECK(march17[0]->relation == "before");
  CHECK(march17[0]->where.rule_id == "deadline.before");
  CHECK(document.SpanText(march17[0]->where.span).find("17/3/2026") != std::string::npos);
}

TEST_CASE("Deadlines of conclusion 003 bind Sở Ngoại vụ", "[extract]") {
  REQUIRE(ExtractRules() != nullptr);
  Extraction conclusion = testing::ExtractSeed("003");
  std::vector<const Deadline*> sept21 = On(conclusion, "2025-09-21");
  REQUIRE(sept21.size() == 1);
  CHECK(sept21[0]->agency == "Sở Ngoại vụ");
  CHECK(sept21[0]->relation == "by");
  CHECK(sept21[0]->text.find("trình UBND tỉnh chậm nhất ngày 21/9/2025") != std::string::npos);
  // "báo cáo UBND tỉnh trong tháng 9/2025" (item g): within the month.
  std::vector<const Deadline*> september = On(conclusion, "2025-09-30");
  REQUIRE(september.size() == 1);
  CHECK(september[0]->relation == "within");
  CHECK(september[0]->agency == "Sở Ngoại vụ");
  // The meeting itself is an event, not a deadline.
  std::vector<const Deadline*> meeting = On(conclusion, "2025-09-12");
  REQUIRE(meeting.size() == 1);
  CHECK(meeting[0]->relation == "on");
  CHECK(meeting[0]->agency.empty());
}

}  // namespace
}  // namespace docpipe
