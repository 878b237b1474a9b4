#include "pipeline/model/document_codec.h"

#include <catch2/catch.hpp>

namespace docpipe {
namespace {

Document SampleDocument() {
  Document doc;
  doc.file = "a.pdf";
  doc.text = "Số: 1520/QĐ-UBND\nSTT\n1\n";
  doc.from_pdf = true;
  Page page;
  page.number = 1;
  page.width = 595.3;
  page.span = {0, doc.text.size()};
  page.furniture = {"2"};
  page.line_confidence = {91.5};
  page.source = TextSource::kOcr;
  page.source_reason = "image_page_small_layer";
  page.layer_text = "Ký bởi: Ủy ban nhân dân tỉnh Gia Lai";
  page.digit_words = {{"332/QĐ-TTg", 88.25, 71.5}};
  doc.pages.push_back(page);
  Table table;
  table.first_page = table.last_page = 1;
  table.columns = 1;
  table.header = {"STT"};
  Row row;
  row.page = 1;
  row.cells.push_back(Cell{{21, 22}, 1, {1, 2, 3, 4}});
  table.rows.push_back(row);
  doc.tables.push_back(table);
  doc.footnotes.push_back(Footnote{"1", {3, 4}, {5, 9}, 1});
  doc.legacy_runs.push_back(FontRun{{0, 3}, ".VnTime"});
  return doc;
}

TEST_CASE("DocumentCodec round-trips the whole page model", "[model]") {
  Document doc = SampleDocument();
  Result<Document> back = DecodeDocument(EncodeDocument(doc));
  REQUIRE(back.ok());
  CHECK(back->text == doc.text);
  CHECK(back->pages[0].furniture == doc.pages[0].furniture);
  CHECK(back->pages[0].width == doc.pages[0].width);
  CHECK(back->tables[0].rows[0].cells[0].span == Span{21, 22});
  CHECK(back->tables[0].rows[0].cells[0].box.x1 == 3);
  CHECK(back->footnotes[0].body == Span{5, 9});
  CHECK(back->legacy_runs[0].font == ".VnTime");
  CHECK(back->pages[0].source == TextSource::kOcr);
  CHECK(back->pages[0].source_reason == "image_page_small_layer");
  CHECK(back->pages[0].layer_text == doc.pages[0].layer_text);
  REQUIRE(back->pages[0].digit_words.size() == 1);
  CHECK(back->pages[0].digit_words[0].text == "332/QĐ-TTg");
  CHECK(back->pages[0].digit_words[0].confidence == 88.25);
  CHECK(back->pages[0].digit_words[0].digit_confidence == 71.5);
}

TEST_CASE("DocumentCodec reads documents stored before page sources (DPD1)", "[model]") {
  // A DPD1 encoding is a DPD3 one without the three page-source fields and
  // the digit-word count: build one by hand from a one-page document
  // whose page has no furniture (its encoding ends in zero bytes only: the
  // four of the page, then empty tables, footnotes and runs; removing any
  // four of them gives the same bytes).
  Document doc;
  doc.file = "a.txt";
  doc.text = "x\n";
  Page page;
  page.number = 1;
  page.span = {0, 2};
  doc.pages.push_back(page);
  std::string v3 = EncodeDocument(doc);
  REQUIRE(v3.substr(0, 4) == "DPD3");
  std::string marker("\x00\x00\x00\x00", 4);
  size_t at = v3.rfind(marker);
  REQUIRE(at != std::string::npos);
  std::string v1 = "DPD1" + v3.substr(4, at - 4) + v3.substr(at + 4);
  Result<Document> back = DecodeDocument(v1);
  REQUIRE(back.ok());
  CHECK(back->text == "x\n");
  CHECK(back->pages[0].source == TextSource::kPlainText);
  // DPD2: the page-source fields, no digit-word count.
  std::string v2 = "DPD2" + v3.substr(4, v3.size() - 5);
  back = DecodeDocument(v2);
  REQUIRE(back.ok());
  CHECK(back->text == "x\n");
  CHECK(back->pages[0].digit_words.empty());
}

TEST_CASE("DocumentCodec rejects every truncation of a valid encoding", "[model]") {
  std::string bytes = EncodeDocument(SampleDocument());
  for (size_t cut = 0; cut < bytes.size(); ++cut) {
    INFO("cut at " << cut);
    CHECK_FALSE(DecodeDocument(std::string_view(bytes).substr(0, cut)).ok());
  }
}

TEST_CASE("DiagnosticsCodec round-trips", "[model]") {
  Diagnostics d;
  d.Add(Severity::kWarning, Code::kBadInput, "impossible date 31/2/2026", 2, 10, 19);
  Result<Diagnostics> back = DecodeDiagnostics(EncodeDiagnostics(d));
  REQUIRE(back.ok());
  REQUIRE(back->items().size() == 1);
  CHECK(back->items()[0].detail == "impossible date 31/2/2026");
  CHECK(back->items()[0].end == 19);
}

}  // namespace
}  // namespace docpipe
