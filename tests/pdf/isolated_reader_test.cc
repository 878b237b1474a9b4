#include "pipeline/pdf/isolated_reader.h"

#include <string>
#include <thread>
#include <vector>

#include <catch2/catch.hpp>

#include "pipeline/base/strings.h"
#include "pipeline/model/document_codec.h"
#include "pipeline/pdf/reader.h"
#include "tests/test_util.h"

namespace docpipe {
namespace {

using testing::LoadTsvCases;
using testing::ReadAll;
using testing::SourcePath;

Limits TestLimits() {
  Limits limits;
  limits.cpu_seconds = 5;
  limits.wall_seconds = 30;
  limits.memory_bytes = size_t{1} << 30;
  return limits;
}

std::string Outcome(const Result<Document>& result) {
  return result.ok() ? "document" : CodeName(result.status().code());
}

TEST_CASE("ReadIsolated turns every hostile file into a clear result", "[pdf]") {
  std::vector<testing::TsvCase> cases = LoadTsvCases("hostile/expected.tsv");
  REQUIRE(cases.size() >= 10);
  for (const testing::TsvCase& row : cases) {
    REQUIRE(row.fields.size() >= 2);
    const std::string& file = row.fields[0];
    INFO("tests/data/hostile/expected.tsv:" << row.line << ": " << file);
    std::string path = SourcePath("tests/data/hostile/" + file);
    Diagnostics diagnostics;
    Result<Document> result = ReadIsolated(path, ReadOptions(), TestLimits(), &diagnostics);
    std::string outcome = Outcome(result);
    INFO("outcome: " << outcome << (result.ok() ? "" : ": " + result.status().ToString()));
    bool expected = false;
    for (std::string_view allowed : Split(row.fields[1], "|")) expected |= allowed == outcome;
    CHECK(expected);
    if (!result.ok()) {
      // A crash would also be kBadInput: hostile input must be refused, not crash the reader.
      CHECK(result.status().detail().find("crashed") == std::string::npos);
      CHECK(result.status().where().file == path);
      if (row.fields.size() >= 3 && !row.fields[2].empty()) {
        CHECK(result.status().detail().find(row.fields[2]) != std::string::npos);
      }
    }
  }
}

TEST_CASE("ReadIsolated returns the same Document as an in-process read", "[pdf]") {
  const std::string path = SourcePath("samples/002-cong-van.pdf");
  Diagnostics isolated_diagnostics, direct_diagnostics;
  Result<Document> isolated =
      ReadIsolated(path, ReadOptions(), TestLimits(), &isolated_diagnostics);
  REQUIRE(isolated.ok());
  Result<Document> direct = ReadAny(path, ReadAll(path), ReadOptions(), &direct_diagnostics);
  REQUIRE(direct.ok());
  CHECK(isolated->from_pdf);
  CHECK_FALSE(isolated->pages.empty());
  CHECK(isolated->text.find("Nghị quyết số 59-NQ/TW") != std::string::npos);
  // The pipe carries the codec's form: equal encodings mean equal documents.
  CHECK(EncodeDocument(*isolated) == EncodeDocument(*direct));
  CHECK(EncodeDiagnostics(isolated_diagnostics) == EncodeDiagnostics(direct_diagnostics));
}

TEST_CASE("ReadIsolated reads a text file and reports a missing one", "[pdf]") {
  Diagnostics diagnostics;
  Result<Document> seed =
      ReadIsolated(testing::SeedPath("003"), ReadOptions(), TestLimits(), &diagnostics);
  REQUIRE(seed.ok());
  CHECK_FALSE(seed->from_pdf);
  CHECK(seed->text.find("Ratanakiri") != std::string::npos);

  Result<Document> missing = ReadIsolated(SourcePath("tests/data/hostile/no-such-file.pdf"),
                                          ReadOptions(), TestLimits(), &diagnostics);
  REQUIRE_FALSE(missing.ok());
  CHECK(missing.status().code() == Code::kNotFound);
}

TEST_CASE("ReadIsolated maps the CPU, memory and wall-clock limits to kLimitExceeded",
          "[pdf]") {
  const std::string bomb = SourcePath("tests/data/hostile/decompression-bomb.pdf");
  Diagnostics diagnostics;

  Limits cpu = TestLimits();
  cpu.cpu_seconds = 1;
  cpu.memory_bytes = size_t{2} << 30;
  Result<Document> cpu_result = ReadIsolated(bomb, ReadOptions(), cpu, &diagnostics);
  REQUIRE_FALSE(cpu_result.ok());
  CHECK(cpu_result.status().code() == Code::kLimitExceeded);
  CHECK(cpu_result.status().detail() == "the PDF reader used more than 1 s of CPU time");

  Limits wall = TestLimits();
  wall.wall_seconds = 1;
  Result<Document> wall_result = ReadIsolated(bomb, ReadOptions(), wall, &diagnostics);
  REQUIRE_FALSE(wall_result.ok());
  CHECK(wall_result.status().code() == Code::kLimitExceeded);
  CHECK(wall_result.status().detail() == "the PDF reader ran past the wall-clock limit of 1 s");

#if defined(__SANITIZE_ADDRESS__)
  WARN("RLIMIT_AS is not applied under AddressSanitizer; memory limit not tested");
#else
  Limits memory = TestLimits();
  memory.cpu_seconds = 60;
  memory.memory_bytes = size_t{400} << 20;
  Result<Document> memory_result = ReadIsolated(bomb, ReadOptions(), memory, &diagnostics);
  REQUIRE_FALSE(memory_result.ok());
  CHECK(memory_result.status().code() == Code::kLimitExceeded);
  CHECK(memory_result.status().detail() == "the PDF reader ran out of memory (limit 400 MiB)");
#endif
}

TEST_CASE("ReadIsolated gives a file read after others by one reader process what it gives alone",
          "[pdf]") {
  // Each thread has its own long-lived reader process: a new thread starts
  // a fresh one. The file is read alone in one, and after a table-heavy
  // sample, a hostile file that ends the process (the next gets a fresh
  // one) and a legacy-font letter in the other.
  const std::string path = SourcePath("samples/002-cong-van.pdf");
  const std::vector<std::string> before = {"samples/001-quyet-dinh-1520.pdf",
                                           "tests/data/hostile/decompression-bomb.pdf",
                                           "samples/legacy-tcvn3-004-cong-van.pdf"};
  std::string alone, after_others, after_diagnostics, alone_diagnostics;
  std::thread first([&] {
    Diagnostics diagnostics;
    Result<Document> document = ReadIsolated(path, ReadOptions(), TestLimits(), &diagnostics);
    if (document.ok()) alone = EncodeDocument(*document);
    alone_diagnostics = EncodeDiagnostics(diagnostics);
  });
  first.join();
  std::thread second([&] {
    Limits quick = TestLimits();
    quick.cpu_seconds = 1;
    for (const std::string& other : before) {
      Diagnostics ignored;
      (void)ReadIsolated(SourcePath(other), ReadOptions(), quick, &ignored);
    }
    Diagnostics diagnostics;
    Result<Document> document = ReadIsolated(path, ReadOptions(), TestLimits(), &diagnostics);
    if (document.ok()) after_others = EncodeDocument(*document);
    after_diagnostics = EncodeDiagnostics(diagnostics);
  });
  second.join();
  REQUIRE_FALSE(alone.empty());
  CHECK(after_others == alone);
  CHECK(after_diagnostics == alone_diagnostics);
}

TEST_CASE("ReadIsolated runs several documents at once from several threads", "[pdf]") {
  const std::vector<std::string> files = {
      "samples/002-cong-van.pdf", "tests/data/hostile/encrypted.pdf",
      "tests/data/hostile/thousands-of-pages.pdf", "samples/004-cong-van.pdf"};
  const std::vector<std::string> expected = {"document", "unsupported", "limit exceeded",
                                             "document"};
  std::vector<std::string> outcomes(files.size());
  auto read = [&files, &outcomes](size_t file_idx) {
    Diagnostics diagnostics;
    outcomes[file_idx] = Outcome(
        ReadIsolated(SourcePath(files[file_idx]), ReadOptions(), TestLimits(), &diagnostics));
  };
#if defined(__SANITIZE_ADDRESS__)
  // GCC 12's AddressSanitizer does not lock its allocator across fork(): a
  // child forked while another thread of the parent holds an allocator lock
  // hangs until the wall-clock limit kills it (seen here: a fontconfig free()
  // in the child waiting on SizeClassAllocator64's region mutex). glibc's
  // malloc is fork-safe, so only sanitizer builds read one file at a time.
  WARN("AddressSanitizer build: the documents are read one after another");
  for (size_t file_idx = 0; file_idx < files.size(); ++file_idx) read(file_idx);
#else
  std::vector<std::thread> threads;
  for (size_t file_idx = 0; file_idx < files.size(); ++file_idx) threads.emplace_back(read, file_idx);
  for (std::thread& thread : threads) thread.join();
#endif
  for (size_t file_idx = 0; file_idx < files.size(); ++file_idx) {
    INFO(files[file_idx]);
    CHECK(outcomes[file_idx] == expected[file_idx]);
  }
}

}  // namespace
}  // namespace docpipe
