// End-to-end tests of the real `docpipe` binary on samples/ and the seeds:
// what a user types, what they see, and the exit statuses scripts rely on.

#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <string>

#include "tests/test_util.h"

namespace docpipe {
namespace {

using testing::DocpipeBinary;
using testing::RunCommand;
using testing::SourcePath;
using testing::TempDir;

std::string Quote(const std::string& s) { return "'" + s + "'"; }

int Docpipe(const std::string& args, std::string* out) {
  return RunCommand(Quote(DocpipeBinary()) + " " + args, out);
}

TEST_CASE("docpipe --help explains commands and exit codes in Vietnamese and English", "[cli]") {
  std::string out;
  CHECK(Docpipe("--help", &out) == 0);
  CHECK_THAT(out, Catch::Contains("Cách dùng: docpipe <lệnh>"));
  CHECK_THAT(out, Catch::Contains("Mã thoát: 0 thành công"));
  CHECK(Docpipe("--help --lang en", &out) == 0);
  CHECK_THAT(out, Catch::Contains("Exit status: 0 success"));
  CHECK(Docpipe("ingest --help", &out) == 0);
  CHECK_THAT(out, Catch::Contains("--jobs N"));
}

TEST_CASE("docpipe rejects bad usage with exit 2 and a Vietnamese message", "[cli]") {
  std::string out;
  CHECK(Docpipe("frobnicate", &out) == 2);
  CHECK_THAT(out, Catch::Contains("lệnh không hợp lệ: 'frobnicate'"));
  CHECK(Docpipe("--lang en frobnicate", &out) == 2);
  CHECK_THAT(out, Catch::Contains("unknown command: 'frobnicate'"));
  CHECK(Docpipe("ingest --bogus x", &out) == 2);
  CHECK_THAT(out, Catch::Contains("tùy chọn không hợp lệ: '--bogus'"));
  CHECK(Docpipe("show", &out) == 2);
  CHECK_THAT(out, Catch::Contains("thiếu tham số: DOC"));
}

TEST_CASE("docpipe ingest stores the plan sample and list shows 1520/QĐ-UBND of 2025-08-21",
          "[cli]") {
  TempDir dir;
  std::string db = dir.File("a.db");
  std::string out;
  REQUIRE(Docpipe("ingest --db " + Quote(db) + " " + Quote(SourcePath("samples/001-quyet-dinh-1520.pdf")) +
                      " " + Quote(SourcePath("samples/seeds/000_729a70b798036c47.txt")),
                  &out) == 0);
  CHECK_THAT(out, Catch::Contains("đã lưu — Quyết định 1520/QĐ-UBND, 2025-08-21"));
  REQUIRE(Docpipe("list --db " + Quote(db), &out) == 0);
  CHECK_THAT(out, Catch::Contains("Quyết định"));
  CHECK_THAT(out, Catch::Contains("1520/QĐ-UBND"));
  CHECK_THAT(out, Catch::Contains("2025-08-21"));
  CHECK_THAT(out, Catch::Contains("[68 nhiệm vụ]"));
  CHECK_THAT(out, Catch::Contains("Báo cáo"));

  // The same content under another name is one document, and the name is noticed.
  std::filesystem::copy_file(SourcePath("samples/001-quyet-dinh-1520.pdf"), dir.File("renamed.pdf"));
  REQUIRE(Docpipe("ingest --db " + Quote(db) + " " + Quote(dir.File("renamed.pdf")), &out) == 0);
  CHECK_THAT(out, Catch::Contains("đã có trong kho"));
  CHECK_THAT(out, Catch::Contains("0 mới, 1 trùng, 0 lỗi"));

  REQUIRE(Docpipe("show --db " + Quote(db) + " 1520/qđ-ubnd", &out) == 0);
  CHECK_THAT(out, Catch::Contains("Phạm Anh Tuấn"));
}

TEST_CASE("docpipe ingest of a batch with hostile files reports each and stores the good ones",
          "[cli]") {
  TempDir dir;
  std::string inbox = dir.File("batch");
  std::filesystem::create_directories(inbox);
  const char* hostile[] = {"zero-bytes.pdf", "truncated.pdf", "encrypted.pdf", "not-a-pdf.pdf",
                           "deeply-nested.pdf", "loop-page-tree.pdf", "thousands-of-pages.pdf"};
  for (const char* name : hostile) {
    std::filesystem::copy_file(SourcePath(std::string("tests/data/hostile/") + name),
                               inbox + "/" + name);
  }
  std::filesystem::copy_file(SourcePath("samples/002-cong-van.pdf"), inbox + "/good-002.pdf");
  std::filesystem::copy_file(SourcePath("samples/seeds/003_9f9ef193a630adb0.txt"), inbox + "/good-003.txt");
  std::string db = dir.File("b.db");
  std::string quarantine = dir.File("quarantine");
  std::string out;
  // 3 = the batch finished but some files failed (documented in --help).
  CHECK(Docpipe("ingest --db " + Quote(db) + " --quarantine " + Quote(quarantine) + " " + Quote(inbox), &out) == 3);
  INFO(out);
  CHECK_THAT(out, Catch::Contains("zero-bytes.pdf: lỗi — "));
  CHECK_THAT(out, Catch::Contains("truncated.pdf: lỗi — "));
  CHECK_THAT(out, Catch::Contains("encrypted.pdf: lỗi — không hỗ trợ (ví dụ: PDF được mã hóa)"));
  CHECK_THAT(out, Catch::Contains("not-a-pdf.pdf: lỗi — "));
  CHECK_THAT(out, Catch::Contains("thousands-of-pages.pdf: lỗi — vượt giới hạn"));
  CHECK_THAT(out, Catch::Contains("good-002.pdf: đã lưu"));
  CHECK_THAT(out, Catch::Contains("good-003.txt: đã lưu"));
  // Each failure is copied to quarantine with its reason; the inbox is untouched.
  CHECK(std::filesystem::exists(quarantine + "/encrypted.pdf"));
  CHECK(testing::ReadAll(quarantine + "/encrypted.pdf.reason.txt").find("code: 5 (unsupported)") !=
        std::string::npos);
  CHECK(std::filesystem::exists(inbox + "/encrypted.pdf"));
  REQUIRE(Docpipe("list --db " + Quote(db), &out) == 0);
  CHECK_THAT(out, Catch::Contains("good-002.pdf"));
  CHECK_THAT(out, Catch::Contains("good-003.txt"));
  CHECK_THAT(out, Catch::Contains("Tệp bị lỗi (cách ly):"));
}

TEST_CASE("docpipe reextract re-runs only stale documents and keeps the export byte-identical",
          "[cli]") {
  TempDir dir;
  std::string rules = dir.File("rules");
  std::filesystem::copy(SourcePath("rules"), rules, std::filesystem::copy_options::recursive);
  std::string db = dir.File("r.db");
  std::string common = "--db " + Quote(db) + " --rules " + Quote(rules) + " --lang en ";
  std::string out;
  REQUIRE(Docpipe("ingest " + common + Quote(SourcePath("samples/seeds/002_fd07b40862721a3b.txt")) + " " +
                      Quote(SourcePath("samples/seeds/003_9f9ef193a630adb0.txt")),
                  &out) == 0);
  REQUIRE(Docpipe("export " + common + "--format json --output " + Quote(dir.File("before.json")), &out) == 0);
  REQUIRE(Docpipe("reextract " + common, &out) == 0);
  CHECK_THAT(out, Catch::Contains("Nothing to re-extract"));
  REQUIRE(Docpipe("reextract --all " + common, &out) == 0);
  CHECK_THAT(out, Catch::Contains("Re-extracted 2 documents"));
  REQUIRE(Docpipe("export " + common + "--format json --output " + Quote(dir.File("after.json")), &out) == 0);
  std::string before = testing::ReadAll(dir.File("before.json"));
  CHECK(before.size() > 1000);
  CHECK(before == testing::ReadAll(dir.File("after.json")));

  // Touch one rule file: the two stored documents become stale; a document
  // ingested with the new rules is not re-extracted.
  {
    std::ofstream touch(rules + "/identity.rules", std::ios::app);
    touch << "\n# touched by the test\n";
  }
  REQUIRE(Docpipe("ingest " + common + Quote(SourcePath("samples/seeds/004_d1f46362df7dd19b.txt")), &out) == 0);
  REQUIRE(Docpipe("reextract --jobs 2 " + common, &out) == 0);
  CHECK_THAT(out, Catch::Contains("Re-extracted 2 documents"));
  REQUIRE(Docpipe("reextract " + common, &out) == 0);
  CHECK_THAT(out, Catch::Contains("Nothing to re-extract"));
}

TEST_CASE("docpipe reports a broken rule file with file, line and exit 2", "[cli]") {
  TempDir dir;
  std::string rules = dir.File("rules");
  std::filesystem::copy(SourcePath("rules"), rules, std::filesystem::copy_options::recursive);
  {
    std::ofstream bad(rules + "/zz_broken.rules");
    bad << "rule broken.one\n  pattern = (?P<x>abc\n  fill = x -> document.number\n"
           "  example = \"abc\" => document.number=abc\n";
  }
  std::string out;
  CHECK(Docpipe("ingest --db " + Quote(dir.File("x.db")) + " --rules " + Quote(rules) + " " +
                    Quote(SourcePath("samples/seeds/003_9f9ef193a630adb0.txt")),
                &out) == 2);
  CHECK_THAT(out, Catch::Contains("zz_broken.rules:2: lỗi bộ quy tắc"));
}

}  // namespace
}  // namespace docpipe
