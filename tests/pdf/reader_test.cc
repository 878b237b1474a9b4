// Tests of ReadPdf / ReadAny (pipeline/pdf/reader.cc) on the sample PDFs
// (samples/generate.py) and, when ../shared is present, on real PDFs.

#include <chrono>
#include <string>

#include <catch2/catch.hpp>

#include "pipeline/base/strings.h"
#include "pipeline/pdf/reader.h"
#include "tests/pdf/pdf_test_util.h"
#include "tests/test_util.h"

namespace docpipe {
namespace {

Result<Document> ReadSample(const std::string& relative, Diagnostics* diagnostics) {
  std::string bytes = testing::ReadAll(testing::SourcePath(relative));
  REQUIRE(!bytes.empty());
  ReadOptions options;
  options.ocr = false;
  return ReadAny(relative, bytes, options, diagnostics);
}

TEST_CASE("ReadPdf rebuilds the 68 appendix rows of sample 001 from text geometry", "[pdf]") {
  Diagnostics diagnostics;
  Result<Document> doc = ReadSample("samples/001-quyet-dinh-1520.pdf", &diagnostics);
  REQUIRE(doc.ok());
  CHECK(doc->from_pdf);
  REQUIRE(testing::CheckInvariants(*doc) == "");
  REQUIRE(doc->tables.size() == 1);
  const Table& table = doc->tables[0];
  CHECK(table.columns == 6);
  CHECK(table.header == std::vector<std::string>{"STT", "Nội dung công việc", "Đơn vị chủ trì",
                                                  "Đơn vị phối hợp", "Thời gian thực hiện",
                                                  "Kết quả"});
  CHECK(table.last_page > table.first_page);  // continues across pages
  int tasks = 0, sections = 0, headers = 0;
  for (const Row& row : table.rows) {
    tasks += row.kind == RowKind::kBody;
    sections += row.kind == RowKind::kSection;
    headers += row.kind == RowKind::kHeader;
    for (const Cell& cell : row.cells) {
      CHECK(cell.page == row.page);
      if (!cell.span.empty()) CHECK(cell.box.x1 > cell.box.x0);
    }
  }
  CHECK(tasks == 68);
  CHECK(sections == 7);
  CHECK(headers == 1);  // the repeated headers are furniture
  std::vector<std::string> header;
  std::vector<testing::TruthRow> truth = testing::LoadAppendixTruth(
      testing::SourcePath("samples/001-quyet-dinh-1520.appendix.json"), &header);
  REQUIRE(!truth.empty());
  CHECK(header == table.header);
  std::string report;
  int exact = 0;
  int differing = testing::CompareRows(*doc, table, truth, &report, &exact);
  INFO(report);
  CHECK(differing == 0);
  CHECK(exact == static_cast<int>(truth.size()));  // even with spaces collapsed
}

TEST_CASE("ReadPdf reads the two-block header in order", "[pdf]") {
  Result<Document> doc = ReadSample("samples/001-quyet-dinh-1520.pdf", nullptr);
  REQUIRE(doc.ok());
  std::vector<std::string_view> lines = SplitLines(doc->text);
  REQUIRE(lines.size() > 12);
  std::vector<std::string_view> head(lines.begin(), lines.begin() + 12);
  CHECK(head == std::vector<std::string_view>{
                    "ỦY BAN NHÂN DÂN", "TỈNH GIA LAI", "", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
                    "Độc lập - Tự do - Hạnh phúc", "", "Số: 1520/QĐ-UBND", "",
                    "Gia Lai, ngày 21 tháng 8 năm 2025", "", "QUYẾT ĐỊNH", ""});
  // The wrapped title is one paragraph.
  CHECK(StartsWith(lines[12], "VỀ BAN HÀNH KẾ HOẠCH THỰC HIỆN NGHỊ QUYẾT SỐ 153/NQ-CP NGÀY 31"));
  CHECK(EndsWith(lines[12], "TRÊN ĐỊA BÀN TỈNH GIA LAI"));
}

TEST_CASE("ReadPdf removes running page numbers and keeps them as furniture", "[pdf]") {
  Result<Document> doc = ReadSample("samples/000-bao-cao.pdf", nullptr);
  REQUIRE(doc.ok());
  REQUIRE(doc->pages.size() >= 3);
  CHECK(doc->pages[0].furniture.empty());
  for (size_t idx = 1; idx < doc->pages.size(); ++idx) {
    CHECK(doc->pages[idx].furniture == std::vector<std::string>{std::to_string(idx + 1)});
  }
  for (std::string_view line : SplitLines(doc->text)) {
    int64_t value = 0;
    CHECK(!ParseInt(line, &value));
  }
}

TEST_CASE("ReadPdf separates the footnotes of sample 002 and links their markers", "[pdf]") {
  Result<Document> doc = ReadSample("samples/002-cong-van.pdf", nullptr);
  REQUIRE(doc.ok());
  REQUIRE(testing::CheckInvariants(*doc) == "");
  REQUIRE(doc->footnotes.size() == 2);
  const Footnote& first = doc->footnotes[0];
  CHECK(first.marker == "1");
  CHECK(doc->SpanText(first.body) == "Sở Văn hoá, Thể thao và Du lịch");
  REQUIRE(!first.marker_span.empty());
  CHECK(EndsWith(doc->text.substr(0, first.marker_span.end), "văn bản triển khai thực hiện1"));
  CHECK(doc->PageAt(first.marker_span.begin) == first.page);
  const Footnote& second = doc->footnotes[1];
  CHECK(second.marker == "2");
  REQUIRE(!second.marker_span.empty());
  CHECK(EndsWith(doc->text.substr(0, second.marker_span.end), "chưa ban hành kế hoạch2"));
  std::string body = doc->SpanText(second.body);
  if (EndsWith(body, ".")) body.pop_back();
  std::vector<std::string_view> names = Split(body, ";");
  CHECK(names.size() == 72);
  for (std::string_view name : names) {
    CHECK((StartsWith(Trim(name), "Xã ") || StartsWith(Trim(name), "Phường ")));
  }
  // Footnote text follows the body of its page, never inside a paragraph.
  const Page& page = doc->pages[static_cast<size_t>(first.page) - 1];
  std::string page_text = doc->SpanText(page.span);
  size_t note = page_text.find("1 Sở Văn hoá");
  REQUIRE(note != std::string::npos);
  CHECK(page_text.find("được giao.") < note);
}

TEST_CASE("ReadPdf gives the same paragraphs as the seed for body text", "[pdf]") {
  Result<Document> doc = ReadSample("samples/002-cong-van.pdf", nullptr);
  REQUIRE(doc.ok());
  // Wrapped lines joined, "1520/QĐ-" + "UBND" glued, dash ranges kept.
  CHECK(doc->text.find("Quyết định số 1520/QĐ-UBND ngày 21/8/2025") != std::string::npos);
  CHECK(doc->text.find("rõ người - rõ việc - rõ thời gian - rõ trách nhiệm") != std::string::npos);
  bool found = false;
  for (std::string_view line : SplitLines(doc->text)) {
    if (StartsWith(line, "2. Tiếp tục tổ chức")) {
      found = true;
      CHECK(EndsWith(line, "trong quá trình hội nhập quốc tế."));
    }
  }
  CHECK(found);
}

TEST_CASE("ReadAny rejects what is not a readable PDF", "[pdf]") {
  ReadOptions options;
  Result<Document> truncated = ReadPdf("t.pdf", "%PDF-1.7\n1 0 obj\n<<", options, nullptr);
  REQUIRE(!truncated.ok());
  CHECK(truncated.status().code() == Code::kBadInput);
  Result<Document> not_pdf = ReadPdf("t.pdf", "hello", options, nullptr);
  REQUIRE(!not_pdf.ok());
  CHECK(not_pdf.status().code() == Code::kBadInput);
  Result<Document> text = ReadAny("t.txt", "Điều 1. Văn bản.\n", options, nullptr);
  REQUIRE(text.ok());
  CHECK(!text->from_pdf);
  options.max_pages = 2;
  std::string bytes = testing::ReadAll(testing::SourcePath("samples/000-bao-cao.pdf"));
  Result<Document> limited = ReadPdf("000.pdf", bytes, options, nullptr);
  REQUIRE(!limited.ok());
  CHECK(limited.status().code() == Code::kLimitExceeded);
}

TEST_CASE("ReadPdf reads a scanned page only through OCR", "[pdf]") {
  std::string bytes = testing::ReadAll(testing::SourcePath("samples/scanned-003-thong-bao-ket-luan.pdf"));
  if (bytes.empty()) {
    testing::SkipOrFail("samples/scanned-003-thong-bao-ket-luan.pdf missing");
    return;
  }
  ReadOptions options;
  options.ocr = false;
  Diagnostics diagnostics;
  Result<Document> doc = ReadPdf("scan.pdf", bytes, options, &diagnostics);
  REQUIRE(doc.ok());
  CHECK(doc->text.empty());
  CHECK(diagnostics.Count(Severity::kWarning) == doc->pages.size());
}

TEST_CASE("ReadPdf joins a table row split by a page break", "[pdf]") {
  // tests/data/pdf/split-row.pdf (make_split_row.py): header, rows 1 and
  // 10-38, row 39 starting at the bottom of page 1 and going on at the top of
  // page 2 with an empty STT cell, row 40, a closing paragraph.
  Diagnostics diagnostics;
  Result<Document> doc = ReadSample("tests/data/pdf/split-row.pdf", &diagnostics);
  REQUIRE(doc.ok());
  REQUIRE(testing::CheckInvariants(*doc) == "");
  REQUIRE(doc->tables.size() == 1);
  const Table& table = doc->tables[0];
  CHECK(table.header == std::vector<std::string>{"STT", "Nội dung", "Cơ quan chủ trì", "Thời gian"});
  REQUIRE(table.rows.size() == 33);
  const Row& split = table.rows[31];
  CHECK(split.page == 1);
  CHECK(doc->SpanText(split.cells[0].span) == "39.");
  CHECK(doc->SpanText(split.cells[1].span) ==
        "Xây dựng cơ sở dữ liệu về hội nhập quốc tế của tỉnh, kết nối với các bộ ngành trung ương");
  CHECK(doc->SpanText(split.cells[2].span) == "Sở Khoa học và Công nghệ");
  CHECK(doc->SpanText(split.cells[3].span) == "Quý IV/2025");
  CHECK(doc->PageAt(split.cells[3].span.begin) == 1);
  const Row& last = table.rows[32];
  CHECK(doc->SpanText(last.cells[0].span) == "40.");
  CHECK(doc->PageAt(last.cells[1].span.begin) == 2);
  CHECK(table.last_page == 2);
  size_t after = doc->text.find("Các cơ quan báo cáo kết quả thực hiện về Sở Ngoại vụ.");
  REQUIRE(after != std::string::npos);
  CHECK(doc->PageAt(after) == 2);
  CHECK(doc->pages[1].furniture == std::vector<std::string>{"2"});
}

}  // namespace
}  // namespace docpipe
