#include <set>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "tests/extract/extract_test_util.h"

namespace docpipe {
namespace {

using testing::ExtractRules;

// Builds a document whose text is the cells, one per line, and a table over
// them. Columns are given in an unusual order to show they are found by
// header text.
Document TableDocument(const std::vector<std::vector<std::string>>& rows,
                       const std::vector<RowKind>& kinds) {
  Document document;
  Table table;
  table.first_page = table.last_page = 1;
  for (size_t row_idx = 0; row_idx < rows.size(); ++row_idx) {
    Row row;
    row.kind = kinds[row_idx];
    row.page = 1;
    for (const std::string& text : rows[row_idx]) {
      Cell cell;
      cell.page = 1;
      cell.span.begin = document.text.size();
      document.text += text;
      cell.span.end = document.text.size();
      document.text += "\n";
      row.cells.push_back(cell);
    }
    if (row.kind == RowKind::kHeader) {
      for (const std::string& text : rows[row_idx]) table.header.push_back(text);
    }
    table.rows.push_back(row);
  }
  table.columns = static_cast<int>(table.header.size());
  document.tables.push_back(table);
  Page page;
  page.number = 1;
  page.span = {0, document.text.size()};
  document.pages.push_back(page);
  return document;
}

TEST_CASE("Tasks are read from a table by header text", "[extract]") {
  REQUIRE(ExtractRules() != nullptr);
  Document document = TableDocument(
      {{"TT", "Nhiệm vụ", "Thời hạn hoàn thành", "Cơ quan chủ trì", "Cơ quan phối hợp", "Sản phẩm"},
       {"I. Cải cách hành chính"},
       {"1.", "Rà soát thủ tục hành chính", "Quý IV/2025", "Sở Tư pháp", "Sở Nội vụ, Sở Tài chính",
        "Ít nhất 02 báo cáo rà soát"},
       {"2.", "Số hóa hồ sơ", "Hẳng năm", "Sở Khoa học và Công nghệ", "Các sở, ngành",
        "100% hồ sơ được số hóa"},
       {"II. Hợp tác quốc tế"},
       {"3.", "Xúc tiến đầu tư", "2026-2030", "Sở Tài chính; Ban Quản lý Khu kinh tế", "",
        "Đến năm 2030, thu hút tối thiểu 15 dự án"}},
      {RowKind::kHeader, RowKind::kSection, RowKind::kBody, RowKind::kBody, RowKind::kSection,
       RowKind::kBody});
  Diagnostics diagnostics;
  Extraction extraction = testing::RunExtract(document, &diagnostics);
  REQUIRE(extraction.tasks.size() == 3);
  const Task& first = extraction.tasks[0];
  CHECK(first.section == "I");
  CHECK(first.section_title == "Cải cách hành chính");
  CHECK(first.stt == "1");
  CHECK(first.content == "Rà soát thủ tục hành chính");
  CHECK(first.lead == std::vector<std::string>{"Sở Tư pháp"});
  CHECK(first.coordinate == std::vector<std::string>{"Sở Nội vụ", "Sở Tài chính"});
  CHECK(first.timeframe.start == "2025-10-01");
  CHECK(first.timeframe.end == "2025-12-31");
  CHECK(first.timeframe.granularity == "quarter");
  CHECK(first.where.rule_id == "table.task");
  CHECK(first.where.page == 1);
  const Task& second = extraction.tasks[1];
  CHECK(second.timeframe.granularity == "recurring");
  CHECK(second.where.fuzzy);  // "Hẳng năm" read as "Hằng năm"
  REQUIRE(second.targets.size() == 1);
  CHECK(second.targets[0].value == 100);
  CHECK(second.targets[0].unit == "%");
  const Task& third = extraction.tasks[2];
  CHECK(third.section == "II");
  CHECK(third.lead == std::vector<std::string>{"Sở Tài chính", "Ban Quản lý Khu kinh tế tỉnh"});
  CHECK(third.timeframe.start == "2026-01-01");
  CHECK(third.timeframe.end == "2030-12-31");
  REQUIRE(third.targets.size() == 1);
  CHECK(third.targets[0].value == 15);
  CHECK(third.targets[0].qualifier == "tối thiểu");
  CHECK(third.targets[0].date == "2030-12-31");
  // Figures inside task tables are targets, not figures of the document.
  CHECK(extraction.figures.empty());
}

TEST_CASE("Tasks of seed 001: 68 tasks, 13 department-level lead agencies", "[extract]") {
  REQUIRE(ExtractRules() != nullptr);
  REQUIRE(testing::ExtractAgencies() != nullptr);
  Document document;
  Extraction plan = testing::ExtractSeed("001", &document);
  INFO("tables read by ParseText: " << document.tables.size());
  REQUIRE(plan.tasks.size() == 68);
  std::set<std::string> departments;
  std::set<std::string> sections;
  for (const Task& task : plan.tasks) {
    sections.insert(task.section);
    for (const std::string& lead : task.lead) {
      int hit = testing::ExtractAgencies()->Resolve(lead);
      if (hit >= 0 && testing::ExtractAgencies()->agencies()[hit].level == "department") {
        departments.insert(lead);
      }
    }
  }
  CHECK(departments.size() == 13);
  CHECK(sections.size() == 7);
  CHECK(plan.tasks.front().stt == "1");
  CHECK(plan.tasks.back().stt == "68");
  int parsed = 0;
  for (const Task& task : plan.tasks) {
    if (!task.timeframe.granularity.empty()) ++parsed;
  }
  CHECK(parsed >= 60);
  // Task 5: "Ít nhất 02 chương trình xúc tiến thương mại ...".
  REQUIRE(plan.tasks.size() > 4);
  REQUIRE_FALSE(plan.tasks[4].targets.empty());
  CHECK(plan.tasks[4].targets[0].value == 2);
  CHECK(plan.tasks[4].targets[0].qualifier == "ít nhất");
}

}  // namespace
}  // namespace docpipe
