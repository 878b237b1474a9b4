// Tests of pipeline/pdf/page_source.h: which pages are OCRed, decided from
// what they show, on real scans from ../shared/corpus and on our samples.

#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "pipeline/pdf/page_source.h"
#include "pipeline/pdf/pdf_pages.h"
#include "tests/test_util.h"

namespace docpipe {
namespace {

// Decisions for the first "pages" pages of "path" (all if 0).
std::vector<PageSourceDecision> Decide(const std::string& path, int pages = 0) {
  std::string bytes = testing::ReadAll(path);
  REQUIRE(!bytes.empty());
  std::vector<std::string> messages;
  Result<std::unique_ptr<PdfFile>> pdf = PdfFile::Open(bytes, &messages);
  REQUIRE(pdf.ok());
  std::vector<PageSourceDecision> out;
  int count = (*pdf)->page_count();
  if (pages > 0 && pages < count) count = pages;
  for (int number = 1; number <= count; ++number) {
    out.push_back(DecidePageSource((*pdf)->ReadPage(number)));
  }
  return out;
}

std::string SharedFile(const std::string& relative) {
  std::string path = testing::SharedPath(relative);
  std::error_code ec;
  if (path.empty() || !std::filesystem::is_regular_file(path, ec)) {
    const char* ci = std::getenv("CI");
    if (ci != nullptr && std::string(ci) == "true") FAIL("missing ../shared/" << relative);
    WARN("../shared/" << relative << " is absent; test skipped");
    return "";
  }
  return path;
}

TEST_CASE("Text pages of our samples keep their text layer, legacy fonts included", "[pdf]") {
  for (const char* sample : {"samples/001-quyet-dinh-1520.pdf", "samples/002-cong-van.pdf",
                             "samples/legacy-tcvn3-004-cong-van.pdf",
                             "samples/legacy-vni-003-thong-bao-ket-luan.pdf"}) {
    for (const PageSourceDecision& decision : Decide(testing::SourcePath(sample))) {
      INFO(sample << ": " << decision.reason);
      CHECK(!decision.ocr);
      CHECK(decision.layer_reason == "text_layer");
    }
  }
  std::vector<PageSourceDecision> scanned =
      Decide(testing::SourcePath("samples/scanned-003-thong-bao-ket-luan.pdf"));
  REQUIRE(!scanned.empty());
  for (const PageSourceDecision& decision : scanned) CHECK(decision.ocr);
}

TEST_CASE("A signed scan is OCRed although its stamp gives it a text layer", "[pdf]") {
  for (const char* file : {"corpus/real/vietlexibot/QD-1360-QD-TTg-2025-scan.pdf",
                           "corpus/real/vietlexibot/QD-1380-QD-TTg-2025-scan-table.pdf",
                           "corpus/real2/CV-464-TTg-CDS-2026-scan.pdf"}) {
    std::string path = SharedFile(file);
    if (path.empty()) continue;
    std::vector<PageSourceDecision> pages = Decide(path, 2);
    REQUIRE(pages.size() == 2);
    INFO(file);
    CHECK(pages[0].ocr);  // "Ký bởi: ...", "Thời gian ký: ..." over a page-sized image
    CHECK(pages[0].reason == "image_page_small_layer");
    CHECK(pages[0].image_cover > 0.9);
    CHECK(pages[1].ocr);
    CHECK(pages[1].reason == "no_text_layer");
  }
}

TEST_CASE("A scan whose OCR layer is not Vietnamese is OCRed again", "[pdf]") {
  std::string path = SharedFile("corpus/real/vietlexibot/CV-687-STP-VB-HCM-2021-scan-badocr.pdf");
  if (path.empty()) return;
  std::vector<PageSourceDecision> pages = Decide(path, 1);
  REQUIRE(pages.size() == 1);
  CHECK(pages[0].ocr);
  CHECK(pages[0].reason == "layer_not_vietnamese");  // "UY NUAN DAN THANH Ho Ho"
}

TEST_CASE("Office-made text pages keep their text layer", "[pdf]") {
  for (const char* file : {"corpus/repro/office-suite-letter-header.pdf",
                           "corpus/plans/p01-qd-435-kontum.pdf", "corpus/plans/p02-qd-59-btnmt.pdf",
                           "corpus/real/vietlexibot/KH-3070-KH-UBND-BimSon-2024.pdf"}) {
    std::string path = SharedFile(file);
    if (path.empty()) continue;
    for (const PageSourceDecision& decision : Decide(path)) {
      INFO(file << ": " << decision.reason);
      CHECK(!decision.ocr);
    }
  }
}

}  // namespace
}  // namespace docpipe
