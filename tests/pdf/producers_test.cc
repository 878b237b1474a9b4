// Issues #11 and #12: the same documents made by different producers must read
// the same. Every born-digital sample exists three times: drawn by our own
// reportlab generator (samples/*.pdf), laid out by LibreOffice Writer from a
// .docx (samples/office/libreoffice/) and printed by Chromium from HTML
// (samples/office/chromium/); see samples/README.md. Office software puts the
// ND 30/2020 header and the closing block in borderless tables and the plan's
// appendix in a bordered table with merged cells (section rows across all
// columns, a lead agency merged over consecutive rows), so the reader must
// not depend on how reportlab happens to place lines.
//
// For each producer and sample the whole pipeline runs (Pipeline::ProcessFile:
// isolated reader -> normaliser -> extractors) and the test checks what the
// seed really has: number, date, issuer and signer (none guessed where the
// seed's header is cut off), and for the plan 68 task rows in 7 sections whose
// six cells equal samples/001-quyet-dinh-1520.appendix.json up to white space.
// The signed scan (#12) is image-only with a signing-software stamp as its only
// text: identity must come from OCR, and the stamp's signing time
// (22.08.2025) must not become the issue date (21/8/2025).
//
// Each test prints one line per sample: a table over producers.

#include <cstdio>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "pipeline/jobs/pipeline.h"
#include "tests/pdf/pdf_test_util.h"
#include "tests/test_util.h"

namespace docpipe {
namespace {

using testing::SourcePath;

struct Producer {
  const char* name;
  const char* folder;  // relative to the source tree
};

constexpr Producer kReportlab{"reportlab", "samples/"};
constexpr Producer kLibreOffice{"libreoffice", "samples/office/libreoffice/"};
constexpr Producer kChromium{"chromium", "samples/office/chromium/"};

// What the seed prints. "" = the seed has no such field (header cut off): the
// pipeline must leave it empty, never guess. nullptr = not checked (the seed
// has no header, so the issuer is not a header field to compare).
struct Sample {
  const char* file;
  const char* kind;
  const char* number;
  const char* date;
  const char* issuer;
  const char* signer;
  bool plan;
};

const std::vector<Sample>& Samples() {
  static const std::vector<Sample> samples = {
      {"001-quyet-dinh-1520.pdf", "Quyết định", "1520/QĐ-UBND", "2025-08-21",
       "Ủy ban nhân dân tỉnh Gia Lai", "Phạm Anh Tuấn", true},
      {"000-bao-cao.pdf", "Báo cáo", "", "", nullptr, "Nguyễn Thị Thanh Lịch", false},
      {"002-cong-van.pdf", nullptr, "", "", nullptr, "Nguyễn Thị Thanh Lịch", false},
      {"003-thong-bao-ket-luan.pdf", nullptr, "", "", nullptr, "", false},
      {"004-cong-van.pdf", nullptr, "", "", nullptr, "Nguyễn Thị Thanh Lịch", false},
  };
  return samples;
}

const Pipeline& SharedPipeline() {
  static std::unique_ptr<Pipeline> pipeline = [] {
    Result<std::unique_ptr<Pipeline>> loaded = Pipeline::Load(SourcePath("rules"));
    REQUIRE(loaded.ok());
    return std::move(*loaded);
  }();
  return *pipeline;
}

// One line of the printed table.
struct Summary {
  std::string producer, file;
  int pages = 0, body_rows = -1, section_rows = -1, cells_equal = -1, tasks = -1;
  std::string identity;  // per field: "ok" or what was found
};

void Print(const Summary& s) {
  char line[512];
  std::snprintf(line, sizeof line, "producers | %-11s | %-27s | %2d p | rows %3s sections %2s "
                "equal %3s tasks %3s | %s\n", s.producer.c_str(), s.file.c_str(), s.pages,
                s.body_rows < 0 ? "-" : std::to_string(s.body_rows).c_str(),
                s.section_rows < 0 ? "-" : std::to_string(s.section_rows).c_str(),
                s.cells_equal < 0 ? "-" : std::to_string(s.cells_equal).c_str(),
                s.tasks < 0 ? "-" : std::to_string(s.tasks).c_str(), s.identity.c_str());
  std::cout << line << std::flush;
}

// Checks one identity field, and notes it in the summary.
void CheckField(const char* name, const char* want, const Field& got, Summary* summary) {
  if (want == nullptr) return;
  INFO(name << ": expected \"" << want << "\", found \"" << got.value << "\"");
  CHECK(got.value == want);
  summary->identity += std::string(name) + "=" +
                       (got.value == want ? "ok" : "\"" + got.value + "\"") + " ";
}

// The appendix table: the six-column table with the most rows.
const Table* FindAppendix(const Document& doc) {
  const Table* best = nullptr;
  for (const Table& table : doc.tables) {
    if (table.columns != 6) continue;
    if (best == nullptr || table.rows.size() > best->rows.size()) best = &table;
  }
  return best;
}

void CheckPlan(const Processed& processed, Summary* summary) {
  std::vector<std::string> header;
  std::vector<testing::TruthRow> truth = testing::LoadAppendixTruth(
      SourcePath("samples/001-quyet-dinh-1520.appendix.json"), &header);
  REQUIRE(truth.size() == 75);  // 68 tasks + 7 sections
  const Document& doc = processed.document;
  std::string found;
  for (const Table& each : doc.tables) {
    found += "\n  " + std::to_string(each.columns) + " columns, " +
             std::to_string(each.rows.size()) + " rows, pages " +
             std::to_string(each.first_page) + "-" + std::to_string(each.last_page) + ", header:";
    for (const std::string& title : each.header) found += " [" + title + "]";
  }
  INFO("tables found: " << doc.tables.size() << found);
  const Table* table = FindAppendix(doc);
  CHECK(table != nullptr);
  if (table != nullptr) {
    CHECK(table->header == header);  // the six titles as printed, wrapped lines joined
    int body = 0, sections = 0;
    for (const Row& row : table->rows) {
      body += row.kind == RowKind::kBody;
      sections += row.kind == RowKind::kSection;
    }
    summary->body_rows = body;
    summary->section_rows = sections;
    CHECK(body == 68);
    CHECK(sections == 7);
    std::string report;
    int exact = 0;
    int differing = testing::CompareRows(doc, *table, truth, &report, &exact);
    summary->cells_equal = static_cast<int>(truth.size()) - differing;
    INFO(report);
    CHECK(differing == 0);  // a merged lead cell counts for every row it covers
  }
  // The extractor's view: 68 tasks in 7 sections (two of them numbered III).
  const std::vector<Task>& tasks = processed.extraction.tasks;
  summary->tasks = static_cast<int>(tasks.size());
  CHECK(tasks.size() == 68);
  std::vector<std::string> sections;
  for (const Task& task : tasks) {
    std::string key = task.section + " " + task.section_title;
    if (sections.empty() || sections.back() != key) sections.push_back(key);
  }
  CHECK(sections.size() == 7);
}

void CheckProducer(const Producer& producer) {
  const Pipeline& pipeline = SharedPipeline();
  ReadOptions read;
  read.ocr = false;  // born-digital: every page has a text layer
  for (const Sample& sample : Samples()) {
    std::string relative = std::string(producer.folder) + sample.file;
    INFO(producer.name << ": " << relative);
    Summary summary{producer.name, sample.file};
    Result<Processed> processed = pipeline.ProcessFile(SourcePath(relative), read, Limits{}, nullptr);
    REQUIRE(processed.ok());
    summary.pages = static_cast<int>(processed->document.pages.size());
    CHECK(testing::CheckInvariants(processed->document) == "");
    const Identity& identity = processed->extraction.identity;
    CheckField("kind", sample.kind, identity.kind, &summary);
    CheckField("number", sample.number, identity.number, &summary);
    CheckField("date", sample.date, identity.date, &summary);
    CheckField("issuer", sample.issuer, identity.issuer, &summary);
    CheckField("signer", sample.signer, identity.signer, &summary);
    if (sample.plan) CheckPlan(*processed, &summary);
    Print(summary);
  }
}

TEST_CASE("Producers reportlab samples give the seeds' identity and the plan's 68 rows",
          "[producers]") {
  CheckProducer(kReportlab);
}

TEST_CASE("Producers LibreOffice copies give the seeds' identity and the plan's 68 rows",
          "[producers]") {
  CheckProducer(kLibreOffice);
}

TEST_CASE("Producers Chromium copies give the seeds' identity and the plan's 68 rows",
          "[producers]") {
  CheckProducer(kChromium);
}

TEST_CASE("Producers signed scan of decision 1520 reads by OCR and ignores the signing time",
          "[producers]") {
  const std::string relative = "samples/office/scan/001-quyet-dinh-1520-signed-scan.pdf";
  ReadOptions read;
  read.ocr = true;
  Result<Processed> processed =
      SharedPipeline().ProcessFile(SourcePath(relative), read, Limits{}, nullptr);
  REQUIRE(processed.ok());
  const Document& doc = processed->document;
  Summary summary{"scan", "001-...-signed-scan.pdf"};
  summary.pages = static_cast<int>(doc.pages.size());
  REQUIRE(doc.pages.size() == 2);
  // Both pages are images: their text is OCR, the stamp is not the page text.
  for (const Page& page : doc.pages) {
    INFO("page " << page.number << " ocr " << page.ocr << " confidence " << page.ocr_confidence
                 << " source reason \"" << page.source_reason << "\" text \""
                 << doc.SpanText(page.span).substr(0, 300) << "\"");
    CHECK(page.ocr);  // text from OCR, not the text layer (the stamp)
  }
  // The stamp is kept (as the unused text layer of page 1, or in the text).
  const std::string kStampTime = "22.08.2025 09:15:31";
  CHECK((doc.pages[0].layer_text.find(kStampTime) != std::string::npos ||
         doc.text.find(kStampTime) != std::string::npos));
  const Identity& identity = processed->extraction.identity;
  CheckField("kind", "Quyết định", identity.kind, &summary);
  CheckField("number", "1520/QĐ-UBND", identity.number, &summary);
  CheckField("date", "2025-08-21", identity.date, &summary);  // not the signing time
  CheckField("signer", "Phạm Anh Tuấn", identity.signer, &summary);
  CHECK(identity.date.value != "2025-08-22");
  Print(summary);
}

}  // namespace
}  // namespace docpipe
