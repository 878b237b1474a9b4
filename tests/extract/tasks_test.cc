#include <algorithm>
#include <set>
#include <utility>
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

// A table given cell by cell with x-extents (0, 0 = no box), as a reader of
// ruling lines gives it: a merged cell is one Cell given to every row it
// spans (the same span). "same_as_above" lists (row, column) cells that are
// the cell above them.
struct TestCell {
  std::string text;
  double x0 = 0, x1 = 0;
};

Document GridDocument(const std::vector<std::vector<TestCell>>& rows,
                      const std::vector<RowKind>& kinds,
                      const std::vector<std::pair<int, int>>& same_as_above = {}) {
  Document document;
  Table table;
  table.first_page = table.last_page = 1;
  for (size_t row_idx = 0; row_idx < rows.size(); ++row_idx) {
    Row row;
    row.kind = kinds[row_idx];
    row.page = 1;
    for (size_t col = 0; col < rows[row_idx].size(); ++col) {
      const TestCell& given = rows[row_idx][col];
      Cell cell;
      cell.page = 1;
      cell.box = Box{given.x0, 10.0 * row_idx, given.x1, 10.0 * row_idx + 9};
      bool merged = std::find(same_as_above.begin(), same_as_above.end(),
                              std::make_pair(static_cast<int>(row_idx), static_cast<int>(col))) !=
                    same_as_above.end();
      if (merged) {
        cell.span = table.rows.back().cells[col].span;
      } else {
        cell.span.begin = document.text.size();
        document.text += given.text;
        cell.span.end = document.text.size();
        document.text += "\n";
      }
      row.cells.push_back(cell);
    }
    table.columns = std::max<int>(table.columns, row.cells.size());
    table.rows.push_back(row);
  }
  document.tables.push_back(table);
  Page page;
  page.number = 1;
  page.span = {0, document.text.size()};
  document.pages.push_back(page);
  return document;
}

TEST_CASE("Tasks: column titles of other issuers, words out of order, two-level header",
          "[extract]") {
  REQUIRE(testing::ExtractTableTitles() != nullptr);
  // BTNMT's Phụ lục 02 form: "Đơn vị thực hiện" over "Chủ trì | Phối hợp",
  // "Tên đề án", "Thời gian trình"; "Cấp trình" over two columns that are no
  // task field. The second header row has only the lower titles.
  const double x[] = {0, 30, 200, 230, 260, 320, 420, 520, 560};
  auto at = [&x](int col, std::string text) { return TestCell{std::move(text), x[col], x[col + 1] - 1}; };
  auto wide = [&x](int first, int last, std::string text) {
    return TestCell{std::move(text), x[first], x[last + 1] - 1};
  };
  Document document = GridDocument(
      {{at(0, "Số TT"), at(1, "Tên đề án"), wide(2, 3, "Cấp trình"), at(4, "trình Thời gian"),
        wide(5, 6, "Đơn vị\nthực hiện"), at(7, "Ghi chú")},
       {at(2, "Chính phủ"), at(3, "TTg CP"), at(5, "Chủ trì"), at(6, "Phối hợp")},
       {wide(0, 7, "I. Nhóm nhiệm vụ về rà soát, hoàn thiện thể chế")},
       {at(0, "1"), at(1, "Tổng kết việc thi hành Luật"), at(2, "x"), at(3, ""), at(4, "Tháng 12"),
        at(5, "Cục Biển và Hải đảo Việt Nam"), at(6, "- Vụ Đất đai\n- Vụ Pháp chế"), at(7, "")},
       {at(0, "2"), at(1, "Đề án kiểm kê đất đai"), at(2, ""), at(3, "x"), at(4, "Tháng 3"),
        at(5, "Cục Đăng ký và Dữ liệu thông tin đất đai"), at(6, ""), at(7, "")}},
      {RowKind::kHeader, RowKind::kHeader, RowKind::kSection, RowKind::kBody, RowKind::kBody});
  Extraction extraction = testing::RunExtract(document, nullptr);
  REQUIRE(extraction.tasks.size() == 2);
  const Task& first = extraction.tasks[0];
  CHECK(first.section == "I");
  CHECK(first.stt == "1");
  CHECK(first.content == "Tổng kết việc thi hành Luật");
  // Not in the gazetteer (a ministry's department): kept as printed.
  CHECK(first.lead == std::vector<std::string>{"Cục Biển và Hải đảo Việt Nam"});
  CHECK(first.coordinate == std::vector<std::string>{"Vụ Đất đai", "Vụ Pháp chế"});
  CHECK(first.timeframe.text == "Tháng 12");
  CHECK(extraction.tasks[1].lead ==
        std::vector<std::string>{"Cục Đăng ký và Dữ liệu thông tin đất đai"});
}

TEST_CASE("Tasks: a table without a lead column is not a plan", "[extract]") {
  Document document = TableDocument({{"STT", "Nội dung", "Ghi chú"}, {"1", "Báo cáo quý", ""}},
                                    {RowKind::kHeader, RowKind::kBody});
  CHECK(testing::RunExtract(document, nullptr).tasks.empty());
}

TEST_CASE("Tasks: STT forms and section rows", "[extract]") {
  // Kon Tum 435 style: "1." rows across the table above "1.1"; BTP style:
  // Roman rows; lettered and "I.2" numbers of other plans; a header repeated
  // on a later page that the reader did not mark as one.
  Document document = TableDocument(
      {{"TT", "Nội dung nhiệm vụ", "Cơ quan chủ trì", "Thời gian thực hiện"},
       {"1.", "Tăng cường sự lãnh đạo", "", ""},
       {"1.1", "Tổ chức nghiên cứu", "Sở Nội vụ", "Quý II/2020"},
       {"II", "Công tác kiểm tra", "", ""},
       {"a)", "Kiểm tra văn bản", "Sở Tư pháp", "Cả năm 2015"},
       {"STT", "Nội dung nhiệm vụ", "Cơ quan chủ trì", "Thời gian thực hiện"},
       {"II.2", "Rà soát văn bản", "Sở Tư pháp", "Quý IV/2015"}},
      {RowKind::kHeader, RowKind::kBody, RowKind::kBody, RowKind::kBody, RowKind::kBody,
       RowKind::kBody, RowKind::kBody});
  Extraction extraction = testing::RunExtract(document, nullptr);
  REQUIRE(extraction.tasks.size() == 3);
  CHECK(extraction.tasks[0].section == "1");
  CHECK(extraction.tasks[0].section_title == "Tăng cường sự lãnh đạo");
  CHECK(extraction.tasks[0].stt == "1.1");
  CHECK(extraction.tasks[1].section == "II");
  CHECK(extraction.tasks[1].stt == "a");
  CHECK(extraction.tasks[2].stt == "II.2");
  CHECK(extraction.tasks[2].timeframe.text == "Quý IV/2015");
  CHECK(extraction.tasks[2].timeframe.granularity == "quarter");
}

TEST_CASE("Tasks: lead cells name one or several agencies in several ways", "[extract]") {
  struct Case {
    const char* lead;
    std::vector<std::string> leads;
    std::vector<std::string> coordinators;
  };
  const std::vector<Case> cases = {
      // Kon Tum 435's "Cơ quan thực hiện": X chủ trì, phối hợp với Y.
      {"Sở Tư pháp chủ trì, phối hợp với Sở Nội vụ", {"Sở Tư pháp"}, {"Sở Nội vụ"}},
      // Several leads separated by ";" (p01 1.1), one of them a group.
      {"Các sở, ban, ngành; Ủy ban nhân dân các huyện, thành phố",
       {"Các sở, ban, ngành", "Ủy ban nhân dân các huyện, thành phố"},
       {}},
      // "," between names the gazetteer knows (our sample, tasks 16-18).
      {"Sở Tài chính, Ban Quản lý Khu kinh tế",
       {"Sở Tài chính", "Ban Quản lý Khu kinh tế tỉnh"},
       {}},
      // "," and "và" between names with the same head, unknown to the gazetteer.
      {"Cục Quản lý tài nguyên nước, Cục Địa chất Việt Nam",
       {"Cục Quản lý tài nguyên nước", "Cục Địa chất Việt Nam"},
       {}},
      {"Vụ Pháp luật quốc tế và Vụ Tổ chức cán bộ",
       {"Vụ Pháp luật quốc tế", "Vụ Tổ chức cán bộ"},
       {}},
      // A comma or "và" inside one name (BTP, Kon Tum, BTNMT).
      {"Vụ Phổ biến, giáo dục pháp luật", {"Vụ Phổ biến, giáo dục pháp luật"}, {}},
      {"Sở Lao động - Thương binh và Xã hội", {"Sở Lao động - Thương binh và Xã hội"}, {}},
      {"Viện Chiến lược, Chính sách TN&MT", {"Viện Chiến lược, Chính sách TN&MT"}, {}},
      // One agency per line, the line breaks lost.
      {"Sở Xây dựng Sở Nội vụ", {"Sở Xây dựng", "Sở Nội vụ"}, {}},
      {"Văn phòng Bộ Văn hóa, Thể thao và Du lịch",
       {"Văn phòng Bộ Văn hóa, Thể thao và Du lịch"},
       {}},
      // Known names delimited by list separators inside a longer item; the
      // rest kept as printed (our sample, task 2).
      {"Sở Văn hóa, Thể thao và Du lịch; Báo và Phát thanh, Truyền hình Gia Lai và các cơ quan, "
       "đơn vị, địa phương trong tỉnh",
       {"Sở Văn hóa, Thể thao và Du lịch", "Báo và Phát thanh, Truyền hình tỉnh",
        "các cơ quan, đơn vị, địa phương trong tỉnh"},
       {}},
      // "(chủ trì)" after the lead, the coordinator after it.
      {"Sở Tư pháp (chủ trì); Sở Nội vụ", {"Sở Tư pháp"}, {"Sở Nội vụ"}},
      // An agency of another province is a lead all the same.
      {"Sở Tư pháp tỉnh Kon Tum", {"Sở Tư pháp tỉnh Kon Tum"}, {}},
  };
  for (const Case& c : cases) {
    INFO(c.lead);
    Document document = TableDocument(
        {{"STT", "Nhiệm vụ", "Đơn vị chủ trì", "Thời hạn"}, {"1", "Rà soát", c.lead, "Năm 2026"}},
        {RowKind::kHeader, RowKind::kBody});
    Extraction extraction = testing::RunExtract(document, nullptr);
    REQUIRE(extraction.tasks.size() == 1);
    CHECK(extraction.tasks[0].lead == c.leads);
    CHECK(extraction.tasks[0].coordinate == c.coordinators);
  }
}

TEST_CASE("Tasks: a cell merged over rows counts for each of them", "[extract]") {
  Document document = GridDocument(
      {{{"STT"}, {"Nội dung công việc"}, {"Đơn vị chủ trì"}, {"Thời gian thực hiện"}},
       {{"6"}, {"Phối hợp kiểm tra"}, {"Cục Kiểm tra văn bản quy phạm pháp luật"}, {"Cả năm 2015"}},
       {{"7"}, {"Trao đổi, hướng dẫn"}, {""}, {""}},
       {{"8"}, {"Rà soát"}, {"Vụ Pháp luật dân sự - kinh tế"}, {"Quý II/2015"}},
       {{"9"}, {"Tổng kết"}, {""}, {"Quý IV/2015"}}},
      {RowKind::kHeader, RowKind::kBody, RowKind::kBody, RowKind::kBody, RowKind::kBody},
      {{2, 2}, {2, 3}});
  Diagnostics diagnostics;
  Extraction extraction = testing::RunExtract(document, &diagnostics);
  REQUIRE(extraction.tasks.size() == 4);
  // An empty cell of its own (not merged, by the reader's account) inherits
  // nothing from the row above; the row is noted.
  CHECK(extraction.tasks[3].lead.empty());
  bool noted = false;
  for (const Diagnostic& d : diagnostics.items()) {
    noted = noted || d.detail == "task 9: no lead agency in its row";
  }
  CHECK(noted);
  CHECK(extraction.tasks[1].lead ==
        std::vector<std::string>{"Cục Kiểm tra văn bản quy phạm pháp luật"});
  CHECK(extraction.tasks[1].timeframe.text == "Cả năm 2015");
  // The row's quote is its own text, not the row above it.
  CHECK(extraction.tasks[1].where.quote.find("Phối hợp kiểm tra") == std::string::npos);
  CHECK(extraction.tasks[1].where.quote.find("Trao đổi, hướng dẫn") != std::string::npos);
  CHECK(extraction.tasks[2].lead == std::vector<std::string>{"Vụ Pháp luật dân sự - kinh tế"});
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
