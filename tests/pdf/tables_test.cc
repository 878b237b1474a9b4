// Tests of pipeline/pdf/tables.h: geometry tables (synthetic pages) and
// tables written one cell per line.

#include <optional>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "pipeline/pdf/tables.h"

namespace docpipe {
namespace {

// Words of "text" at x (6 points per byte, 3-point gaps), 12-point size.
void Put(std::vector<Word>* words, const std::string& text, double x, double y) {
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find(' ', start);
    if (end == std::string::npos) end = text.size();
    Word word;
    word.text = text.substr(start, end - start);
    word.box = {x, y, x + 6.0 * static_cast<double>(word.text.size()), y + 11};
    word.size = 12;
    x = word.box.x1 + 3;
    words->push_back(word);
    start = end + 1;
  }
}

// Columns: STT at 60, content at 100, agency at 300, time at 450 (centred
// headers are further right than the left-aligned cells).
void Header(std::vector<Word>* words, double y) {
  Put(words, "STT", 60, y);
  Put(words, "Nội dung", 160, y);
  Put(words, "Cơ quan", 330, y);
  Put(words, "Thời gian", 455, y);
}

TEST_CASE("TableFinder rebuilds rows, multi-line cells and sections from geometry", "[pdf]") {
  std::vector<Word> words;
  Put(&words, "Văn bản trước bảng.", 60, 20);
  Header(&words, 50);
  Put(&words, "I. Nhiệm vụ chung của các sở ngành trong tỉnh", 60, 70);
  Put(&words, "1.", 65, 90);
  Put(&words, "Tổ chức quán triệt", 100, 90);
  Put(&words, "Nghị quyết 59-", 100, 104);
  Put(&words, "NQ/TW", 100, 118);
  Put(&words, "Sở Ngoại vụ", 300, 90);
  Put(&words, "Năm 2025", 450, 90);
  Put(&words, "2.", 65, 140);
  Put(&words, "Tuyên truyền", 100, 140);
  Put(&words, "Các sở", 300, 140);
  Put(&words, "Hằng năm", 450, 140);
  Put(&words, "Văn bản sau bảng, cách một khoảng lớn.", 60, 220);
  TableFinder finder;
  std::vector<TextLine> lines = BuildLines(words);
  (void)finder.Find(lines);
  finder.Rewind();
  std::optional<PageTable> table = finder.Find(lines);
  REQUIRE(table.has_value());
  CHECK(!table->continues);
  CHECK(table->header == std::vector<std::string>{"STT", "Nội dung", "Cơ quan", "Thời gian"});
  REQUIRE(table->before.size() == 1);
  REQUIRE(table->after.size() == 1);
  CHECK(LineText(table->after[0]) == "Văn bản sau bảng, cách một khoảng lớn.");
  REQUIRE(table->rows.size() == 4);
  CHECK(table->rows[0].kind == RowKind::kHeader);
  CHECK(table->rows[1].kind == RowKind::kSection);
  REQUIRE(table->rows[1].cells.size() == 1);
  CHECK(table->rows[1].cells[0].text == "I. Nhiệm vụ chung của các sở ngành trong tỉnh");
  const RowDraft& first = table->rows[2];
  REQUIRE(first.cells.size() == 4);
  CHECK(first.cells[0].text == "1.");
  CHECK(first.cells[1].text == "Tổ chức quán triệt Nghị quyết 59-NQ/TW");
  CHECK(first.cells[2].text == "Sở Ngoại vụ");
  CHECK(first.cells[3].text == "Năm 2025");
  CHECK(first.cells[1].box.y1 == Approx(129));  // three lines
  CHECK(table->rows[3].cells[2].text == "Các sở");
}

TEST_CASE("TableFinder continues a table on the next page with and without a header", "[pdf]") {
  std::vector<Word> page1, page2, page3;
  Header(&page1, 50);
  Put(&page1, "1.", 65, 70);
  Put(&page1, "Việc một", 100, 70);
  Put(&page1, "Sở A", 300, 70);
  Put(&page1, "2025", 450, 70);
  Header(&page2, 50);  // repeated header
  Put(&page2, "2.", 65, 70);
  Put(&page2, "Việc hai", 100, 70);
  Put(&page2, "Sở B", 300, 70);
  Put(&page2, "2026", 450, 70);
  Put(&page3, "3.", 65, 50);  // no header at all
  Put(&page3, "Việc ba", 100, 50);
  Put(&page3, "Sở C", 300, 50);
  Put(&page3, "2027", 450, 50);
  std::vector<TextLine> lines1 = BuildLines(page1), lines2 = BuildLines(page2),
                        lines3 = BuildLines(page3);
  TableFinder finder;
  std::optional<PageTable> t1 = finder.Find(lines1);
  std::optional<PageTable> t2 = finder.Find(lines2);
  std::optional<PageTable> t3 = finder.Find(lines3);
  REQUIRE(t1.has_value());
  REQUIRE(t2.has_value());
  REQUIRE(t3.has_value());
  CHECK(!t1->continues);
  CHECK(t2->continues);
  CHECK(t2->header_repeated);
  REQUIRE(t2->rows.size() == 1);  // the repeated header is not a row again
  CHECK(t2->rows[0].cells[1].text == "Việc hai");
  CHECK(t3->continues);
  CHECK(!t3->header_repeated);
  REQUIRE(t3->rows.size() == 1);
  CHECK(t3->rows[0].cells[2].text == "Sở C");
}

// Two passes over the pages, as reader.cc does; the second pass's results.
std::vector<std::optional<PageTable>> FindAll(const std::vector<std::vector<Word>>& pages) {
  TableFinder finder;
  std::vector<std::vector<TextLine>> lines;
  for (const auto& words : pages) lines.push_back(BuildLines(words));
  for (const auto& page : lines) (void)finder.Find(page);
  finder.Rewind();
  std::vector<std::optional<PageTable>> out;
  for (const auto& page : lines) out.push_back(finder.Find(page));
  return out;
}

TEST_CASE("TableFinder keeps a numbered row's rest on the next page in one row", "[pdf]") {
  std::vector<Word> page1, page2;
  Header(&page1, 50);
  Put(&page1, "1.", 65, 70);
  Put(&page1, "Tổ chức quán triệt", 100, 70);
  Put(&page1, "Sở Ngoại vụ", 300, 70);
  // Page 2: the rest of row 1, in two blocks set apart (a Word sub-row),
  // then row 2.
  Put(&page2, "Nghị quyết 59-NQ/TW", 100, 40);
  Put(&page2, "Năm 2025", 450, 40);
  Put(&page2, "trong toàn tỉnh", 100, 62);
  Put(&page2, "2.", 65, 84);
  Put(&page2, "Tuyên truyền", 100, 84);
  auto tables = FindAll({page1, page2});
  REQUIRE(tables[1].has_value());
  const PageTable& rest = *tables[1];
  CHECK(rest.continues);
  CHECK(rest.first_row_continues);
  REQUIRE(rest.rows.size() == 2);  // the gap does not split the rest of row 1
  CHECK(rest.rows[0].cells[0].text.empty());
  CHECK(rest.rows[0].cells[1].text == "Nghị quyết 59-NQ/TW trong toàn tỉnh");
  CHECK(rest.rows[0].cells[3].text == "Năm 2025");
  CHECK(rest.rows[1].cells[0].text == "2.");
}

TEST_CASE("TableFinder does not continue a numbered table into a paragraph", "[pdf]") {
  std::vector<Word> page1, page2;
  Header(&page1, 50);
  Put(&page1, "1.", 65, 70);
  Put(&page1, "Tổ chức", 100, 70);
  Put(&page1, "Sở Ngoại vụ", 300, 70);
  // A paragraph at the left edge whose words happen to fall within columns.
  Put(&page2, "(1)", 62, 40);
  Put(&page2, "Ghi chú về", 100, 40);
  Put(&page2, "quy mô", 300, 40);
  auto tables = FindAll({page1, page2});
  CHECK(tables[0].has_value());
  CHECK(!tables[1].has_value());
}

TEST_CASE("TableFinder finds a table whose header has no STT column", "[pdf]") {
  std::vector<Word> words;
  Put(&words, "Văn bản trước bảng.", 60, 20);
  Put(&words, "Nhiệm vụ", 60, 50);
  Put(&words, "Nội dung", 160, 50);
  Put(&words, "Cơ quan chủ trì", 300, 50);
  Put(&words, "Thời gian", 455, 50);
  Put(&words, "Tuyên truyền", 60, 70);
  Put(&words, "Phổ biến", 160, 70);
  Put(&words, "Sở Ngoại vụ", 300, 70);
  Put(&words, "Năm 2025", 455, 70);
  Put(&words, "Đào tạo", 60, 90);
  Put(&words, "Bồi dưỡng", 160, 90);
  Put(&words, "Sở Nội vụ", 300, 90);
  Put(&words, "Năm 2026", 455, 90);
  auto tables = FindAll({words});
  REQUIRE(tables[0].has_value());
  const PageTable& table = *tables[0];
  REQUIRE(table.header.size() == 4);
  CHECK(table.header[2] == "Cơ quan chủ trì");
  REQUIRE(table.rows.size() == 3);  // header + 2 rows
  CHECK(table.rows[2].cells[2].text == "Sở Nội vụ");
  // Running text naming two titles in one line is no header.
  std::vector<Word> prose;
  Put(&prose, "Nội dung và Thời gian thực hiện theo kế hoạch của tỉnh.", 60, 50);
  CHECK(!FindAll({prose})[0].has_value());
}

TEST_CASE("TableFinder ends a bold header at the first plain line", "[pdf]") {
  std::vector<Word> words;
  size_t bold_end = 0;
  Header(&words, 50);
  Put(&words, "chủ trì", 330, 64);
  bold_end = words.size();
  // Row 1's first lines come before its vertically centred number.
  Put(&words, "Tổ chức quán triệt", 100, 80);
  Put(&words, "Sở Ngoại vụ", 300, 80);
  Put(&words, "1.", 65, 94);
  Put(&words, "Nghị quyết", 100, 94);
  Put(&words, "Năm 2025", 450, 94);
  for (size_t idx = 0; idx < words.size(); ++idx) {
    words[idx].font = idx < bold_end ? "TimesNewRoman,Bold" : "TimesNewRoman";
  }
  auto tables = FindAll({words});
  REQUIRE(tables[0].has_value());
  const PageTable& table = *tables[0];
  CHECK(table.header[2] == "Cơ quan chủ trì");
  REQUIRE(table.rows.size() == 2);
  CHECK(table.rows[1].cells[0].text == "1.");
  CHECK(table.rows[1].cells[1].text == "Tổ chức quán triệt Nghị quyết");
  CHECK(table.rows[1].cells[2].text == "Sở Ngoại vụ");
}

TEST_CASE("TableFinder finds nothing in running text", "[pdf]") {
  std::vector<Word> words;
  Put(&words, "Điều 1. Ban hành kèm theo Quyết định này Kế hoạch.", 85, 100);
  Put(&words, "Điều 2. Quyết định có hiệu lực kể từ ngày ký.", 85, 120);
  TableFinder finder;
  CHECK(!finder.Find(BuildLines(words)).has_value());
}

std::vector<TextItem> Items(const std::vector<std::string>& lines) {
  std::vector<TextItem> items;
  for (const std::string& line : lines) items.push_back({line, line == "\u00a0"});
  return items;
}

TEST_CASE("FindTextTables rebuilds rows written one cell per line", "[pdf]") {
  std::vector<TextItem> items = Items({
      "Đoạn văn trước bảng.", "STT", "Nội dung", "Chủ trì", "Thời gian", "Kết quả",
      "I. Phần một",
      "1.", "Việc một", "Sở Khoa học và", "Công nghệ", "Năm 2026", "(Sau đó, hằng năm)",
      "Báo cáo",
      "2.", "Việc hai", "\u00a0", "Hằng năm", "- Kết quả thứ nhất", "- Kết quả thứ hai",
      "3.", "Việc ba", "Sở Y tế", "2026"});
  std::vector<TextTable> tables = FindTextTables(items);
  REQUIRE(tables.size() == 1);
  const TextTable& table = tables[0];
  CHECK(table.begin == 1);
  CHECK(table.end == items.size());
  CHECK(table.header.size() == 5);
  REQUIRE(table.rows.size() == 5);
  CHECK(table.rows[1].kind == RowKind::kSection);
  auto texts = [](const RowDraft& row) {
    std::vector<std::string> out;
    for (const auto& cell : row.cells) out.push_back(cell.text);
    return out;
  };
  CHECK(texts(table.rows[2]) == std::vector<std::string>{"1.", "Việc một", "Sở Khoa học và Công nghệ",
                                                         "Năm 2026 (Sau đó, hằng năm)", "Báo cáo"});
  CHECK(texts(table.rows[3]) == std::vector<std::string>{"2.", "Việc hai", "", "Hằng năm",
                                                         "- Kết quả thứ nhất - Kết quả thứ hai"});
  CHECK(texts(table.rows[4]) == std::vector<std::string>{"3.", "Việc ba", "Sở Y tế", "2026", ""});
  CHECK(table.irregular_rows > 0);
  CHECK(table.row_begin[2] == 7);
}

TEST_CASE("FindTextTables ignores an STT line without a table after it", "[pdf]") {
  CHECK(FindTextTables(Items({"STT", "là viết tắt của số thứ tự."})).empty());
  CHECK(FindTextTables(Items({"Không có bảng.", "1. Mục một"})).empty());
}

}  // namespace
}  // namespace docpipe
