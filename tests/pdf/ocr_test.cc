#include "pipeline/pdf/ocr.h"

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <ctime>
#include <filesystem>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include <sys/resource.h>

#include <catch2/catch.hpp>

#include "pipeline/base/strings.h"
#include "pipeline/normalize/normalizer.h"
#include "pipeline/pdf/reader.h"
#include "tests/test_util.h"

namespace docpipe {
namespace {

using testing::LoadTsvCases;
using testing::ReadAll;
using testing::RunCommand;
using testing::SharedPath;
using testing::SourcePath;
using testing::TempDir;

constexpr const char* kScanned = "samples/scanned-003-thong-bao-ket-luan.pdf";
constexpr const char* kTwin = "samples/003-thong-bao-ket-luan.pdf";
constexpr int kSamplePages = 5;

// NFC (via the normaliser), then every run of whitespace to one space, as
// code points.
std::u32string Canonical(std::string_view text) {
  std::string nfc = NormalizeText(text).text;
  std::u32string out;
  bool space = false;
  size_t pos = 0;
  while (pos < nfc.size()) {
    char32_t cp = DecodeUtf8(nfc, &pos);
    if (cp == U' ' || cp == U'\n' || cp == U'\t' || cp == U'\r' || cp == U'\f') {
      space = !out.empty();
      continue;
    }
    if (space) out.push_back(U' ');
    space = false;
    out.push_back(cp);
  }
  return out;
}

size_t Levenshtein(const std::u32string& a, const std::u32string& b) {
  std::vector<size_t> previous(b.size() + 1), current(b.size() + 1);
  for (size_t col = 0; col <= b.size(); ++col) previous[col] = col;
  for (size_t row = 1; row <= a.size(); ++row) {
    current[0] = row;
    for (size_t col = 1; col <= b.size(); ++col) {
      size_t substitute = previous[col - 1] + (a[row - 1] == b[col - 1] ? 0 : 1);
      current[col] = std::min({previous[col] + 1, current[col - 1] + 1, substitute});
    }
    std::swap(previous, current);
  }
  return previous[b.size()];
}

struct Accuracy {
  size_t distance = 0;
  size_t length = 0;
  void Add(std::string_view ocr, std::string_view truth) {
    std::u32string a = Canonical(ocr), b = Canonical(truth);
    distance += Levenshtein(a, b);
    length += b.size();
  }
  double value() const {
    return length == 0 ? 0 : 1.0 - static_cast<double>(distance) / static_cast<double>(length);
  }
};

// Reads a binary PGM (P5, maxval 255) as pdftoppm writes it.
bool ReadPgm(const std::string& data, int* width, int* height, std::string* pixels) {
  std::istringstream in(data);
  std::string magic;
  int maxval = 0;
  in >> magic >> *width >> *height >> maxval;
  if (magic != "P5" || maxval != 255 || *width <= 0 || *height <= 0) return false;
  in.get();  // the single whitespace after maxval
  size_t size = static_cast<size_t>(*width) * static_cast<size_t>(*height);
  size_t start = static_cast<size_t>(in.tellg());
  if (data.size() < start + size) return false;
  *pixels = data.substr(start, size);
  return true;
}

struct Gray {
  int width = 0, height = 0;
  std::string pixels;
};

// Page "page_number" of "pdf" rendered by pdftoppm in grayscale at "dpi".
bool Render(const TempDir& dir, const std::string& pdf, int page_number, int dpi, Gray* out) {
  std::string n = std::to_string(page_number);
  std::string output;
  if (RunCommand("pdftoppm -gray -r " + std::to_string(dpi) + " -singlefile -f " + n + " -l " + n +
                     " '" + pdf + "' '" + dir.File("page") + "'",
                 &output) != 0) {
    return false;
  }
  return ReadPgm(ReadAll(dir.File("page.pgm")), &out->width, &out->height, &out->pixels);
}

std::string PageText(const OcrPage& page) {
  std::string text;
  for (const OcrLine& line : page.lines) text += line.text + "\n";
  return text;
}

// OCR of every page of "pdf" as the reader is meant to do it: page 1 with
// its header zone at "header_dpi" and the rest at "body_dpi" (0: page 1 all
// at body_dpi), later pages at body_dpi. Wall and CPU seconds of OcrImage
// only (rendering excluded), and the text.
struct ScanRun {
  std::string text;
  std::vector<OcrPage> pages;
  double seconds = 0, cpu_seconds = 0;
  int page_count = 0;
};

ScanRun OcrPdf(const std::string& pdf, int pages, int body_dpi, int header_dpi) {
  TempDir dir;
  ScanRun run;
  REQUIRE(WarmUpOcr("vie").ok());
  for (int page_number = 1; page_number <= pages; ++page_number) {
    bool header = page_number == 1 && header_dpi > body_dpi;
    int dpi = header ? header_dpi : body_dpi;
    Gray image;
    REQUIRE(Render(dir, pdf, page_number, dpi, &image));
    OcrOptions options;
    if (header) options.body_dpi = body_dpi;
    auto start = std::chrono::steady_clock::now();
    std::clock_t cpu_start = std::clock();
    Result<OcrPage> page = OcrImage(reinterpret_cast<const uint8_t*>(image.pixels.data()),
                                    image.width, image.height, image.width, dpi, options);
    run.cpu_seconds += static_cast<double>(std::clock() - cpu_start) / CLOCKS_PER_SEC;
    run.seconds += std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    REQUIRE(page.ok());
    run.text += PageText(*page);
    run.pages.push_back(std::move(*page));
    ++run.page_count;
  }
  return run;
}

int PdfPages(const std::string& pdf) {
  std::string info;
  if (RunCommand("pdfinfo '" + pdf + "' 2>/dev/null | sed -n 's/^Pages: *//p'", &info) != 0)
    return 0;
  int64_t pages = 0;
  if (!ParseInt(Trim(info), &pages)) return 0;
  return static_cast<int>(pages);
}

bool ToolsPresent() {
  std::string ignored;
  return RunCommand("command -v pdftoppm && command -v pdftotext", &ignored) == 0;
}

TEST_CASE("RepairOcrText repairs symbol slips and leaves running text alone", "[pdf]") {
  std::vector<testing::TsvCase> cases = LoadTsvCases("pdf/ocr_repairs.tsv");
  REQUIRE(cases.size() >= 10);
  for (const testing::TsvCase& row : cases) {
    INFO("tests/data/pdf/ocr_repairs.tsv:" << row.line);
    REQUIRE(row.fields.size() >= 2);
    CHECK(RepairOcrText(row.fields[0]) == row.fields[1]);
  }
}

TEST_CASE("OcrImage rejects bad images and unknown languages", "[pdf]") {
  std::vector<uint8_t> white(100 * 100, 255);
  Result<OcrPage> null_image = OcrImage(nullptr, 100, 100, 100, 300, "vie");
  REQUIRE_FALSE(null_image.ok());
  CHECK(null_image.status().code() == Code::kInvalidArgument);
  Result<OcrPage> bad_stride = OcrImage(white.data(), 100, 100, 50, 300, "vie");
  REQUIRE_FALSE(bad_stride.ok());
  CHECK(bad_stride.status().code() == Code::kInvalidArgument);
  Result<OcrPage> bad_dpi = OcrImage(white.data(), 100, 100, 100, 0, "vie");
  REQUIRE_FALSE(bad_dpi.ok());
  CHECK(bad_dpi.status().code() == Code::kInvalidArgument);
  CHECK_FALSE(OcrAvailable("xx_nonexistent"));
  Result<OcrPage> unknown = OcrImage(white.data(), 100, 100, 100, 300, "xx_nonexistent");
  REQUIRE_FALSE(unknown.ok());
  CHECK(unknown.status().code() == Code::kUnsupported);
  Result<OcrPage> injection = OcrImage(white.data(), 100, 100, 100, 300, "vie --psm 0");
  REQUIRE_FALSE(injection.ok());
  CHECK(injection.status().code() == Code::kUnsupported);
}

TEST_CASE("OcrImage finds nothing on a blank page", "[pdf]") {
  if (!OcrAvailable("vie")) {
    testing::SkipOrFail("tesseract with the vie model is not installed; OCR not tested");
    return;
  }
  std::vector<uint8_t> white(600 * 800, 255);
  Result<OcrPage> page = OcrImage(white.data(), 600, 800, 600, 300, "vie");
  REQUIRE(page.ok());
  CHECK(page->lines.empty());
  CHECK(page->mean_confidence == -1);
  CHECK(page->width == Approx(600 * 72.0 / 300));
}

// The ink count that lets OcrImage skip blank pages: white paper and a few
// specks are blank, a page number is not counted as text but a line is, and
// the scanned sample's pages are far above the threshold.
TEST_CASE("InkShare separates blank pages from pages with text", "[pdf]") {
  const int width = 1654, height = 2339;  // A4 at 200 dpi
  std::vector<uint8_t> page(static_cast<size_t>(width) * height, 255);
  auto fill = [&](int x0, int y0, int x1, int y1) {
    for (int y = y0; y < y1; ++y) {
      for (int x = x0; x < x1; ++x) page[static_cast<size_t>(y) * width + x] = 0;
    }
  };
  OcrOptions options;
  CHECK(InkShare(page.data(), width, height, width) == 0);
  CHECK(InkShare(nullptr, width, height, width) == 0);
  for (int speck = 0; speck < 40; ++speck) fill(200 + speck * 30, 900, 202 + speck * 30, 902);
  CHECK(InkShare(page.data(), width, height, width) < options.blank_ink_share);
  // The scan's dark edge lies in the margin that is not counted.
  fill(0, 0, 40, height);
  CHECK(InkShare(page.data(), width, height, width) < options.blank_ink_share);
  CHECK(InkShare(page.data(), width, height, width, 0) > 0.01);
  // One line of 12 pt text: 33 px high, strokes about a fifth of the box.
  for (int glyph = 0; glyph < 60; ++glyph) {
    fill(200 + glyph * 20, 1200, 204 + glyph * 20, 1233);
    fill(200 + glyph * 20, 1229, 214 + glyph * 20, 1233);
  }
  CHECK(InkShare(page.data(), width, height, width) > options.blank_ink_share);
  if (!ToolsPresent()) return;
  TempDir dir;
  Gray image;
  REQUIRE(Render(dir, SourcePath(kScanned), 5, 200, &image));
  double share = InkShare(reinterpret_cast<const uint8_t*>(image.pixels.data()), image.width,
                          image.height, image.width);
  std::cout << "InkShare of the scanned sample's last page at 200 dpi: " << share * 100 << " %\n";
  CHECK(share > 20 * options.blank_ink_share);
}

TEST_CASE("OcrImage skips a page with specks without running Tesseract", "[pdf]") {
  if (!OcrAvailable("vie")) {
    testing::SkipOrFail("tesseract with the vie model is not installed; OCR not tested");
    return;
  }
  const int width = 1654, height = 2339;
  std::vector<uint8_t> page(static_cast<size_t>(width) * height, 250);
  for (int speck = 0; speck < 30; ++speck) page[static_cast<size_t>(300 + speck * 50) * width + 400] = 0;
  std::clock_t start = std::clock();
  Result<OcrPage> ocr = OcrImage(page.data(), width, height, width, 200, "vie");
  double cpu = static_cast<double>(std::clock() - start) / CLOCKS_PER_SEC;
  REQUIRE(ocr.ok());
  CHECK(ocr->blank);
  CHECK(ocr->lines.empty());
  CHECK(ocr->width == Approx(width * 72.0 / 200));
  CHECK(cpu < 0.05);  // Tesseract's layout analysis alone takes longer
}

// Issue #15: a page budget per document. The scanned sample has 5 pages;
// with a budget of 2, pages 3-5 are left unread and marked, with one
// warning for the file, and the first two are read as usual.
TEST_CASE("ReadPdf leaves pages past the OCR page budget unread and says so", "[pdf]") {
  if (!OcrAvailable("vie")) {
    testing::SkipOrFail("tesseract with the vie model is not installed; OCR not tested");
    return;
  }
  ReadOptions options;
  options.max_ocr_pages = 2;
  Diagnostics diagnostics;
  Result<Document> document =
      ReadPdf(kScanned, ReadAll(SourcePath(kScanned)), options, &diagnostics);
  REQUIRE(document.ok());
  REQUIRE(document->pages.size() == kSamplePages);
  for (const Page& page : document->pages) {
    INFO("page " << page.number);
    CHECK(page.ocr == (page.number <= 2));
    CHECK(page.source_reason == (page.number <= 2 ? "no_text_layer" : "ocr_budget_exceeded"));
  }
  CHECK(document->pages[0].span.size() > 1000);  // page 1 read
  int budget_warnings = 0;
  for (const Diagnostic& diagnostic : diagnostics.items()) {
    if (diagnostic.detail.find("OCR page budget") == std::string::npos) continue;
    ++budget_warnings;
    CHECK(diagnostic.code == Code::kLimitExceeded);
    CHECK(diagnostic.detail.find("budget of 2 pages used up: 3 pages that need OCR left unread "
                                 "(pages 3-5)") != std::string::npos);
  }
  CHECK(budget_warnings == 1);
}

// Issue #15, acceptance 5: an 18 KB PDF of 2000 blank pages. Every page
// needs OCR (no text layer) and draws nothing: each is dismissed by a render
// at 36 dpi, none is OCRed, none counts against the budget. Time and memory
// are printed.
TEST_CASE("ReadPdf of 2000 blank pages skips them cheaply", "[pdf]") {
  std::string bytes = ReadAll(SourcePath("tests/data/inbox/blank-2000-pages.pdf"));
  REQUIRE(bytes.size() < 20000);
  ReadOptions options;
  options.max_ocr_pages = 1;  // blank pages must not use the budget
  Diagnostics diagnostics;
  auto start = std::chrono::steady_clock::now();
  std::clock_t cpu_start = std::clock();
  Result<Document> document = ReadPdf("blank-2000-pages.pdf", bytes, options, &diagnostics);
  double cpu = static_cast<double>(std::clock() - cpu_start) / CLOCKS_PER_SEC;
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  struct rusage usage {};
  ::getrusage(RUSAGE_SELF, &usage);
  std::cout << "ReadPdf of 2000 blank pages: " << seconds << " s wall, " << cpu
            << " s CPU, max RSS of the test process " << usage.ru_maxrss / 1024 << " MiB\n";
  REQUIRE(document.ok());
  REQUIRE(document->pages.size() == 2000);
  int blank = 0;
  for (const Page& page : document->pages) blank += page.source_reason == "blank_page" && !page.ocr;
  CHECK(blank == 2000);
  CHECK(diagnostics.Count(Severity::kWarning) == 0);
  CHECK(cpu < 8);  // the CPU limit the ingest test gives the whole reader
}

TEST_CASE("OcrImage reads the scanned sample as its born-digital twin", "[pdf]") {
  if (!OcrAvailable("vie") || !ToolsPresent()) {
    testing::SkipOrFail(
        "tesseract (vie) or poppler-utils (pdftoppm) are not installed; OCR accuracy not tested");
    return;
  }
  TempDir dir;
  Accuracy accuracy;
  double ocr_seconds = 0;
  for (int page_number = 1; page_number <= kSamplePages; ++page_number) {
    INFO("page " << page_number);
    std::string n = std::to_string(page_number);
    std::string output;
    REQUIRE(RunCommand("pdftoppm -gray -r 300 -singlefile -f " + n + " -l " + n + " '" +
                           SourcePath(kScanned) + "' '" + dir.File("page") + "'",
                       &output) == 0);
    int width = 0, height = 0;
    std::string pixels;
    REQUIRE(ReadPgm(ReadAll(dir.File("page.pgm")), &width, &height, &pixels));
    std::string truth;
    REQUIRE(RunCommand("pdftotext -enc UTF-8 -f " + n + " -l " + n + " '" +
                           SourcePath(kTwin) + "' - 2>/dev/null",
                       &truth) == 0);

    auto start = std::chrono::steady_clock::now();
    Result<OcrPage> page = OcrImage(reinterpret_cast<const uint8_t*>(pixels.data()), width,
                                    height, width, 300, "vie");
    ocr_seconds += std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    REQUIRE(page.ok());
    REQUIRE_FALSE(page->lines.empty());
    CHECK(page->mean_confidence > 80);
    // A4 at 300 dpi: boxes are in points, inside the page.
    CHECK(page->width == Approx(595.3).margin(1));
    CHECK(page->height == Approx(841.9).margin(1));
    for (const OcrLine& line : page->lines) {
      CHECK(line.box.x0 >= 0);
      CHECK(line.box.x1 <= page->width + 0.5);
      CHECK(line.box.y0 < line.box.y1);
    }
    std::string text;
    for (const OcrLine& line : page->lines) text += line.text + "\n";
    accuracy.Add(text, truth);
  }
  std::cout << "OCR (OcrImage, vie, 300 dpi) of " << kScanned << ": character accuracy "
            << accuracy.value() << " (" << accuracy.distance << " edits / " << accuracy.length
            << " characters), " << ocr_seconds / kSamplePages << " s per page\n";
  CHECK(accuracy.value() >= 0.97);
}

// The truth is the seed text the sample was made from (samples/seeds/003_*),
// not docpipe's own reading of the born-digital twin: a reader bug shared by
// both paths cannot hide here.
TEST_CASE("ReadPdf of the scanned sample matches its seed text", "[pdf]") {
  if (!OcrAvailable("vie")) {
    testing::SkipOrFail("tesseract with the vie model is not installed; OCR not tested");
    return;
  }
  ReadOptions options;
  Diagnostics scanned_diagnostics;
  auto start = std::chrono::steady_clock::now();
  Result<Document> scanned = ReadPdf(kScanned, ReadAll(SourcePath(kScanned)), options,
                                     &scanned_diagnostics);
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  REQUIRE(scanned.ok());
  REQUIRE(scanned->pages.size() == kSamplePages);
  std::string seed = testing::SeedText("003");
  REQUIRE_FALSE(seed.empty());
  for (const Page& page : scanned->pages) {
    CHECK(page.ocr);
    CHECK(page.ocr_confidence > 80);
  }
  Accuracy accuracy;
  accuracy.Add(scanned->text, seed);
  std::cout << "OCR (ReadPdf) of " << kScanned << ": character accuracy " << accuracy.value()
            << " (" << accuracy.distance << " edits / " << accuracy.length << " characters), "
            << seconds / static_cast<double>(scanned->pages.size()) << " s per page\n";
  CHECK(accuracy.value() >= 0.97);
}

// Speed and accuracy of the configurations the reader may choose, on the
// scanned sample (against its born-digital twin) and the real scan QD-2827
// (against its transcript, whose reading order of the two-column header
// differs: compare configurations, not absolute values). Run by hand with
// OMP_THREAD_LIMIT=1 for per-core figures:
//   OMP_THREAD_LIMIT=1 build/tests/docpipe_tests "[ocr-bench]"
TEST_CASE("OCR configurations: pages per second and character accuracy", "[.][ocr-bench]") {
  if (!OcrAvailable("vie") || !ToolsPresent()) return;
  struct Config {
    int body_dpi, header_dpi;
  };
  const Config configs[] = {{300, 0}, {200, 0}, {200, 400}, {150, 400}, {150, 0}};
  std::string twin_text;
  for (int page_number = 1; page_number <= kSamplePages; ++page_number) {
    std::string n = std::to_string(page_number), page_text;
    REQUIRE(RunCommand("pdftotext -enc UTF-8 -f " + n + " -l " + n + " '" + SourcePath(kTwin) +
                           "' - 2>/dev/null",
                       &page_text) == 0);
    twin_text += page_text;
  }
  std::string qd2827 = SharedPath("corpus/real/hcmut-scans/QD-2827-QD-BGDDT-2025-scan.pdf");
  bool have_real = !qd2827.empty() && std::filesystem::exists(qd2827);
  for (const Config& config : configs) {
    ScanRun sample = OcrPdf(SourcePath(kScanned), kSamplePages, config.body_dpi, config.header_dpi);
    Accuracy sample_accuracy;
    sample_accuracy.Add(sample.text, twin_text);
    std::cout << "OCR body " << config.body_dpi << " dpi, header " << config.header_dpi
              << " dpi: sample " << sample.page_count / sample.seconds << " pages/s ("
              << sample.page_count / sample.cpu_seconds << " per CPU second), accuracy "
              << sample_accuracy.value();
    if (have_real) {
      int pages = PdfPages(qd2827);
      ScanRun real = OcrPdf(qd2827, pages, config.body_dpi, config.header_dpi);
      Accuracy real_accuracy;
      real_accuracy.Add(real.text,
                        ReadAll(qd2827.substr(0, qd2827.size() - 4) + ".transcript.txt"));
      std::cout << "; QD-2827 " << real.page_count / real.seconds << " pages/s ("
                << real.page_count / real.cpu_seconds << " per CPU second), accuracy "
                << real_accuracy.value();
    }
    std::cout << "\n";
  }
}

// The configuration the reader is meant to use: page 1's header zone at 400
// dpi, the rest at 200 dpi. Digits of the number and date of QD-2827 come
// out right and certain; the whole is as accurate as 300 dpi everywhere.
TEST_CASE("OcrImage reads the header zone of a real scan at high resolution", "[pdf]") {
  std::string pdf = SharedPath("corpus/real/hcmut-scans/QD-2827-QD-BGDDT-2025-scan.pdf");
  if (pdf.empty() || !std::filesystem::exists(pdf) || !OcrAvailable("vie") || !ToolsPresent()) {
    testing::SkipOrFail("corpus/real, tesseract (vie) or pdftoppm absent; header-zone OCR not tested");
    return;
  }
  ScanRun run = OcrPdf(pdf, 1, 200, 400);
  std::string text = NormalizeText(run.text).text;
  INFO(text.substr(0, 600));
  CHECK(text.find("Số: 2827 /QĐ-BGDĐT") != std::string::npos);
  CHECK(text.find("ngày 14 tháng 10 năm 2025") != std::string::npos);
  bool number_seen = false;
  for (const OcrLine& line : run.pages[0].lines) {
    for (const OcrWord& word : line.words) {
      if (word.text.find("2827") == std::string::npos) continue;
      number_seen = true;
      CHECK(word.digit_confidence > 0);
      CHECK_FALSE(word.uncertain_digits);
      // Boxes of the header zone are in points of the whole page.
      CHECK(word.box.y1 < 0.35 * run.pages[0].height);
    }
  }
  CHECK(number_seen);
  std::cout << "OCR of QD-2827 page 1 (header 400 dpi, body 200 dpi): " << run.seconds
            << " s, " << run.cpu_seconds << " CPU s\n";
}

}  // namespace
}  // namespace docpipe
