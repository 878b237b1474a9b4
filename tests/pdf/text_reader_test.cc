// Tests of ParseText (pipeline/pdf/text_reader.cc) on the seed texts.

#include <string>

#include <catch2/catch.hpp>

#include "pipeline/base/strings.h"
#include "pipeline/pdf/reader.h"
#include "tests/pdf/pdf_test_util.h"
#include "tests/test_util.h"

namespace docpipe {
namespace {

Document ParseSeed(const char* prefix, Diagnostics* diagnostics) {
  std::string text = testing::SeedText(prefix);
  Result<Document> doc = ParseText(testing::SeedPath(prefix), text, diagnostics);
  REQUIRE(doc.ok());
  return std::move(doc).value();
}

TEST_CASE("ParseText rebuilds the 68 appendix rows of seed 001 from one cell per line", "[pdf]") {
  Diagnostics diagnostics;
  Document doc = ParseSeed("001", &diagnostics);
  REQUIRE(testing::CheckInvariants(doc) == "");
  REQUIRE(doc.tables.size() == 1);
  const Table& table = doc.tables[0];
  CHECK(table.columns == 6);
  CHECK(table.header == std::vector<std::string>{"STT", "Nội dung công việc", "Đơn vị chủ trì",
                                                  "Đơn vị phối hợp", "Thời gian thực hiện",
                                                  "Kết quả"});
  int tasks = 0, sections = 0;
  for (const Row& row : table.rows) {
    if (row.kind == RowKind::kBody) {
      ++tasks;
      CHECK(row.cells.size() == 6);
    }
    if (row.kind == RowKind::kSection) ++sections;
  }
  CHECK(tasks == 68);
  CHECK(sections == 7);
  std::vector<testing::TruthRow> truth =
      testing::LoadAppendixTruth(testing::SourcePath("samples/001-quyet-dinh-1520.appendix.json"), nullptr);
  if (truth.empty()) {
    testing::SkipOrFail("samples/001-quyet-dinh-1520.appendix.json missing: cell texts not compared");
    return;
  }
  std::string report;
  int differing = testing::CompareRows(doc, table, truth, &report);
  INFO(report);
  CHECK(differing == 0);
}

TEST_CASE("ParseText merges a cell's extra lines by textual evidence", "[pdf]") {
  Document doc = ParseSeed("001", nullptr);
  REQUIRE(doc.tables.size() == 1);
  auto row_of = [&](const std::string& number) -> const Row* {
    for (const Row& row : doc.tables[0].rows) {
      if (!row.cells.empty() && doc.SpanText(row.cells[0].span) == number) return &row;
    }
    return nullptr;
  };
  const Row* row36 = row_of("36.");  // "Sở Khoa học và" / "Công nghệ"
  REQUIRE(row36 != nullptr);
  CHECK(doc.SpanText(row36->cells[2].span) == "Sở Khoa học và Công nghệ");
  const Row* row15 = row_of("15.");  // "Năm 2026" / "(Sau đó, ...)" is one time cell
  REQUIRE(row15 != nullptr);
  CHECK(StartsWith(doc.SpanText(row15->cells[4].span), "Năm 2026 (Sau đó,"));
  CHECK(StartsWith(doc.SpanText(row15->cells[5].span), "Danh mục gồm"));
  const Row* row1 = row_of("1.");  // an NBSP line is an empty cell
  REQUIRE(row1 != nullptr);
  CHECK(row1->cells[3].span.empty());
  CHECK(doc.SpanText(row1->cells[4].span) == "Năm 2025");
}

TEST_CASE("ParseText keeps the site banner, trailer and page numbers as furniture", "[pdf]") {
  Document doc = ParseSeed("001", nullptr);
  CHECK(doc.text.find("Hệ thống pháp luật") == std::string::npos);
  CHECK(doc.text.find("HIỆU LỰC VĂN BẢN") == std::string::npos);
  CHECK(StartsWith(doc.text, "ỦY BAN NHÂN DÂN\n"));
  bool banner = false;
  for (const Page& page : doc.pages) {
    for (const std::string& item : page.furniture) banner |= item == "Hệ thống pháp luật";
  }
  CHECK(banner);

  Document report = ParseSeed("003", nullptr);  // a running page number "3" inside
  REQUIRE(testing::CheckInvariants(report) == "");
  CHECK(report.pages.size() == 3);  // the printed "2" was lost with the header
  CHECK(report.pages[2].furniture == std::vector<std::string>{"3"});
  for (std::string_view line : SplitLines(report.text)) CHECK(line != "3");
}

TEST_CASE("ParseText joins wrapped lines and repairs symbols broken at line ends", "[pdf]") {
  Document doc = ParseSeed("002", nullptr);
  REQUIRE(testing::CheckInvariants(doc) == "");
  // "1520/QĐ-" + "UBND" (seed line 17-18) and "Tỉnh" / blank / "ủy" (lines 1-3).
  CHECK(doc.text.find("Quyết định số 1520/QĐ-UBND ngày 21/8/2025 của Ủy ban") != std::string::npos);
  CHECK(doc.text.find("QĐ- UBND") == std::string::npos);
  CHECK(StartsWith(doc.text, "Thực hiện Kế hoạch số 34-KH/TU ngày 14/01/2026 của Ban Thường vụ Tỉnh ủy về"));
  // A spaced range keeps its spaces; a wrapped dash list item stays inline.
  CHECK(doc.text.find("rõ thời gian - rõ trách nhiệm") != std::string::npos);
  // One paragraph per line: item 3 ends with "được giao." on the same line.
  bool found = false;
  for (std::string_view line : SplitLines(doc.text)) {
    if (StartsWith(line, "3. Đối với")) {
      found = true;
      CHECK(EndsWith(line, "các nhiệm vụ được giao."));
    }
  }
  CHECK(found);
}

TEST_CASE("ParseText separates the footnotes of seed 002 and links their markers", "[pdf]") {
  Document doc = ParseSeed("002", nullptr);
  REQUIRE(doc.footnotes.size() == 2);
  const Footnote& first = doc.footnotes[0];
  CHECK(first.marker == "1");
  CHECK(doc.SpanText(first.body) == "Sở Văn hoá, Thể thao và Du lịch");
  REQUIRE(!first.marker_span.empty());
  CHECK(EndsWith(doc.text.substr(0, first.marker_span.end), "văn bản triển khai thực hiện1"));
  const Footnote& second = doc.footnotes[1];
  CHECK(second.marker == "2");
  REQUIRE(!second.marker_span.empty());
  CHECK(EndsWith(doc.text.substr(0, second.marker_span.end), "chưa ban hành kế hoạch2"));
  CHECK(second.marker_span.begin > first.marker_span.begin);
  // The footnotes are out of the body: "4. Ủy ban ..." follows item 3 directly.
  size_t item3 = doc.text.find("3. Đối với");
  size_t item4 = doc.text.find("4. Ủy ban nhân dân các xã");
  REQUIRE(item4 != std::string::npos);
  CHECK(doc.text.substr(item3, item4 - item3).find("Sở Văn hoá") == std::string::npos);
  // Footnote 2 lists 72 communes and wards, separated by ";".
  std::string body = doc.SpanText(second.body);
  if (EndsWith(body, ".")) body.pop_back();
  std::vector<std::string_view> names = Split(body, ";");
  CHECK(names.size() == 72);
  for (std::string_view name : names) {
    name = Trim(name);
    CHECK((StartsWith(name, "Xã ") || StartsWith(name, "Phường ")));
  }
  CHECK(Trim(names.front()) == "Phường Quy Nhơn Tây");
  CHECK(Trim(names.back()) == "Xã Krong");
}

TEST_CASE("ParseText reads every seed without breaking the invariants", "[pdf]") {
  for (const char* prefix : {"000", "001", "002", "003", "004"}) {
    INFO(prefix);
    Document doc = ParseSeed(prefix, nullptr);
    CHECK(testing::CheckInvariants(doc) == "");
    CHECK(!doc.from_pdf);
    CHECK(doc.text.size() > 1000);
  }
}

// Page of the first occurrence of "sentence" in the document's text.
int PageOf(const Document& doc, std::string_view sentence) {
  size_t pos = doc.text.find(sentence);
  return pos == std::string::npos ? -1 : doc.PageAt(pos);
}

TEST_CASE("ParseText numbers pages as printed in seeds 003 and 000", "[pdf]") {
  // Seed 003 (checked by hand): its header is cut off, its first running
  // number is the line "3" (line 97); "Phấn đấu từng bước" (line 100) follows
  // it, "Sáng ngày 12/9/2025" (line 9) is on the first page.
  Document report = ParseSeed("003", nullptr);
  REQUIRE(testing::CheckInvariants(report) == "");
  CHECK(PageOf(report, "Phấn đấu từng bước xây dựng hệ thống y tế") == 3);
  CHECK(PageOf(report, "Sáng ngày 12/9/2025") == 1);
  CHECK(report.pages[1].span.empty());
  // Seed 000 carries no running number at all: one page, whatever its
  // numbered headings ("1.", "2.", "III.") say.
  Document plan_report = ParseSeed("000", nullptr);
  REQUIRE(testing::CheckInvariants(plan_report) == "");
  CHECK(plan_report.pages.size() == 1);
  CHECK(PageOf(plan_report, "PHƯƠNG HƯỚNG TRIỂN KHAI NHIỆM VỤ 6 THÁNG CUỐI NĂM 2026") == 1);
}

TEST_CASE("ParseText follows consistent running numbers and keeps other numbers as text", "[pdf]") {
  Result<Document> doc = ParseText(
      "x.txt", "Trang một.\n2\nTrang hai.\nSố lượng:\n9\nTrang hai nữa.\n3\nTrang ba.\n", nullptr);
  REQUIRE(doc.ok());
  REQUIRE(testing::CheckInvariants(*doc) == "");
  REQUIRE(doc->pages.size() == 3);
  CHECK(PageOf(*doc, "Trang hai nữa.") == 2);  // "9" is no page number
  CHECK(doc->text.find('9') != std::string::npos);
  CHECK(PageOf(*doc, "Trang ba.") == 3);
  // A form feed, then the page's own number: one new page, not two.
  Result<Document> fed = ParseText("x.txt", "Trang một.\n\f2\nTrang hai.\n\f3\nTrang ba.\n", nullptr);
  REQUIRE(fed.ok());
  REQUIRE(fed->pages.size() == 3);
  CHECK(PageOf(*fed, "Trang ba.") == 3);
  CHECK(fed->pages[1].furniture == std::vector<std::string>{"2"});
}

TEST_CASE("ParseText rejects binary data and splits pages at form feeds", "[pdf]") {
  std::string binary("\x00\x01\x02PK\x03\x04", 8);
  Result<Document> bad = ParseText("x.bin", binary, nullptr);
  REQUIRE(!bad.ok());
  CHECK(bad.status().code() == Code::kBadInput);
  Result<Document> two = ParseText("x.txt", "Trang một.\n\fTrang hai.\n", nullptr);
  REQUIRE(two.ok());
  CHECK(two->pages.size() == 2);
  CHECK(testing::CheckInvariants(*two) == "");
  CHECK(two->SpanText(two->pages[1].span).find("Trang hai.") != std::string::npos);
}

}  // namespace
}  // namespace docpipe
