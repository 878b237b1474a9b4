// The seeds through the real pipeline, as text (samples/seeds/*.txt) and as
// sample PDFs (samples/*.pdf): every finding of the seeds' README is
// reported with quotes; the HTML report renders in headless Chromium.

#include <fstream>
#include <iostream>

#include <catch2/catch.hpp>

#include "pipeline/cli/html_report.h"
#include "pipeline/crosscheck/crosscheck.h"
#include "tests/crosscheck/crosscheck_test_util.h"
#include "tests/test_util.h"

namespace docpipe::testing {
namespace {

void RequireSeedFindings(const CrossCheckResult& r) {
  // 13/13 lead agencies vs the plan's appendix count.
  CHECK(FindFlags(r, "plan_claim", {"13/13 sở", "chủ trì:"}).size() == 1);
  // Izumisano: existing partner vs relation to establish.
  CHECK(FindFlags(r, "plan_claim", {"Izumisano", "thiết lập quan hệ"}).size() == 1);
  // "06 ... gồm" with five items.
  CHECK(FindFlags(r, "count_vs_list", {"06 nội dung", "Dự án Sáng kiến"}).size() == 1);
  // "09 ... gồm 07 ... 01 ... 01" agrees: no flag about it.
  CHECK(FindFlags(r, "count_vs_list", {"09 thỏa thuận"}).empty());
  // 72 communes listed in 002 vs 90/135 later: consistent, said as an update.
  std::vector<const Flag*> communes = FindFlags(r, "list_vs_count", {"Xã Nhơn Châu", "90/135"});
  REQUIRE(communes.size() == 1);
  CHECK(communes[0]->severity == FlagSeverity::kInfo);
  CHECK(communes[0]->message_vi.find("72") != std::string::npos);
  // The department named by 002's footnote vs 13/13 later: an update.
  CHECK(FindFlags(r, "list_vs_count", {"Sở Văn hoá, Thể thao và Du lịch", "13/13"}).size() == 1);
  // The 2026 plan asked for before 17/3/2026, issued 30/4/2026.
  CHECK(FindFlags(r, "deadline", {"17/3/2026", "170/KH-UBND"}).size() == 1);
  // Tourism 3 vs 4 months goes up: no cumulative flag.
  CHECK(FindFlags(r, "cumulative_decrease", {}).empty());
  // Quality: repeated paragraph, blank placeholders, two sections III.
  // Regression: in the PDF the second copy runs over a page break (the
  // paragraph ends "đồng" on page 2 and goes on "thời có …" on page 3).
  CHECK(FindFlags(r, "quality_repeat", {"13/13 sở"}).size() == 1);
  CHECK(FindFlags(r, "quality_placeholder", {"Quyết định số /QĐ-UBND ngày tháng năm 2025"}).size() >= 1);
  CHECK(FindFlags(r, "quality_section_number", {"III. CÁC NHIỆM VỤ", "III. TỔ CHỨC"}).size() == 1);
  // No contradiction beyond the README's findings.
  size_t contradictions = 0;
  for (const Flag& f : r.flags) contradictions += f.severity == FlagSeverity::kContradiction;
  CHECK(contradictions == 3);
  for (const Flag& f : r.flags) {
    CHECK(!f.message_vi.empty());
    CHECK(!f.message_en.empty());
    for (const Evidence& e : f.evidence) CHECK(!e.quote.empty());
  }
}

std::vector<std::string> SeedFiles() {
  std::vector<std::string> files;
  for (const char* prefix : {"000", "001", "002", "003", "004"}) files.push_back(SeedPath(prefix));
  return files;
}

TEST_CASE("CrossCheck reports every seed finding from the text seeds", "[crosscheck]") {
  CheckedCorpus checked = IngestAndCheck(SeedFiles(), "2026-11-23");
  INFO(checked.error);
  REQUIRE(checked.error.empty());
  std::cout << "seeds (text): " << checked.result.flags.size() << " flags\n"
            << DescribeFlags(checked.result);
  RequireSeedFindings(checked.result);
  REQUIRE(checked.result.tasks.size() == 68);
}

TEST_CASE("CrossCheck reports every seed finding from the sample PDFs", "[crosscheck]") {
  std::vector<std::string> files;
  for (const char* name : {"000-bao-cao.pdf", "001-quyet-dinh-1520.pdf", "002-cong-van.pdf",
                           "003-thong-bao-ket-luan.pdf", "004-cong-van.pdf"}) {
    files.push_back(SourcePath(std::string("samples/") + name));
  }
  CheckedCorpus checked = IngestAndCheck(files, "2026-11-23");
  INFO(checked.error);
  REQUIRE(checked.error.empty());
  std::cout << "seeds (PDF): " << checked.result.flags.size() << " flags\n"
            << DescribeFlags(checked.result);
  RequireSeedFindings(checked.result);
}

TEST_CASE("CrossCheck compares copies of one document once and says so", "[crosscheck]") {
  // The archive holds every sample: the born-digital PDFs, their scan and
  // legacy-font copies, and the seed texts they were made from.
  std::vector<std::string> files = SeedFiles();
  for (const char* name : {"000-bao-cao.pdf", "001-quyet-dinh-1520.pdf", "002-cong-van.pdf",
                           "003-thong-bao-ket-luan.pdf", "004-cong-van.pdf",
                           "scanned-003-thong-bao-ket-luan.pdf", "legacy-tcvn3-004-cong-van.pdf",
                           "legacy-vni-003-thong-bao-ket-luan.pdf"}) {
    files.push_back(SourcePath(std::string("samples/") + name));
  }
  CheckedCorpus checked = IngestAndCheck(files, "2026-11-23");
  INFO(checked.error);
  REQUIRE(checked.error.empty());
  INFO(DescribeFlags(checked.result));
  // 13 documents, 5 distinct: 8 copies, each named with the copy it defers to.
  std::vector<const Flag*> copies = FindFlags(checked.result, "duplicate_copy", {});
  CHECK(copies.size() == 8);
  for (const Flag* f : copies) {
    CHECK(f->severity == FlagSeverity::kInfo);
    REQUIRE(f->evidence.size() == 2);
    // The kept copy is a born-digital PDF, never the scan, legacy or text copy.
    CHECK(f->evidence[0].document.find("scanned") == std::string::npos);
    CHECK(f->evidence[0].document.find("legacy") == std::string::npos);
    CHECK(f->evidence[0].document.find(".txt") == std::string::npos);
    // Named by file, less the folders both share: never one name twice.
    REQUIRE(f->args.size() == 3);
    CHECK(f->args[0] != f->args[1]);
    CHECK(f->args[0].find(SourcePath("samples")) == std::string::npos);
  }
  // Every finding is reported once, as for the PDFs alone.
  RequireSeedFindings(checked.result);
}

TEST_CASE("WriteHtmlReport renders tasks and flags in headless Chromium", "[crosscheck]") {
  const std::string chromium = "/usr/bin/chromium";
  std::ifstream probe(chromium);
  INFO("headless Chromium is required for this test: install the Debian package 'chromium' "
       "(the setup script does)");
  REQUIRE(probe.good());
  CheckedCorpus checked = IngestAndCheck(SeedFiles(), "2026-11-23");
  REQUIRE(checked.error.empty());
  std::string artifacts = std::string(DOCPIPE_BINARY_DIR) + "/artifacts";
  std::string ignored;
  RunCommand("mkdir -p '" + artifacts + "'", &ignored);
  std::string html = artifacts + "/report.html";
  {
    std::ofstream out(html, std::ios::binary);
    REQUIRE(WriteHtmlReport(checked.corpus, checked.result, out).ok());
  }
  std::string page = ReadAll(html);
  CHECK(page.find("http://") == std::string::npos);
  CHECK(page.find("https://") == std::string::npos);
  CHECK(page.find("<script") == std::string::npos);
  TempDir profile;
  std::string flags = " --headless --no-sandbox --disable-gpu --disable-quic --no-first-run"
                      " --disable-background-networking --disable-component-update --disable-sync"
                      " --user-data-dir='" + profile.path() + "'";
  std::string dom;
  int status = RunCommand("timeout 120 " + chromium + flags + " --dump-dom 'file://" + html + "' 2>/dev/null", &dom);
  REQUIRE(status == 0);
  CHECK(dom.find("Nhiệm vụ của kế hoạch") != std::string::npos);
  CHECK(dom.find("Mâu thuẫn") != std::string::npos);
  CHECK(dom.find("Izumisano") != std::string::npos);
  CHECK(dom.find("Mốc thời hạn") != std::string::npos);
  std::string png = artifacts + "/report.png";
  std::remove(png.c_str());
  std::string out;
  RunCommand("timeout 120 " + chromium + flags + " --window-size=1400,2400 --screenshot='" + png +
                 "' 'file://" + html + "' 2>&1",
             &out);
  INFO(out);
  CHECK(ReadAll(png).size() > 10000);
}

}  // namespace
}  // namespace docpipe::testing
