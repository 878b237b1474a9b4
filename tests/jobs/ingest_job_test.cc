// pipeline/jobs/ingest_job.h: the orchestration that used to live in the
// CLI's progress printer: `ingest --quarantine` copies and the archive pass.

#include "pipeline/jobs/ingest_job.h"

#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "tests/test_util.h"

namespace docpipe {
namespace {

TEST_CASE("RunIngest copies a broken file to options.quarantine before reporting it", "[jobs]") {
  Result<std::unique_ptr<Pipeline>> pipeline = Pipeline::Load(testing::SourcePath("rules"));
  REQUIRE(pipeline.ok());
  Result<std::unique_ptr<Store>> store = Store::Open(":memory:");
  REQUIRE(store.ok());
  testing::TempDir dir;
  std::string bad = dir.File("broken.pdf");
  std::ofstream(bad, std::ios::binary) << "%PDF-1.4\nnot really a pdf\n";
  IngestOptions options;
  options.quarantine = dir.File("quarantine");
  options.link_archive = true;

  struct Seen : IngestObserver {
    std::string quarantined_to;
    void OnFile(size_t, size_t, const FileOutcome& o) override { quarantined_to = o.quarantined_to; }
  } seen;
  IngestSummary summary = RunIngest(store->get(), **pipeline, {bad}, options, &seen);
  REQUIRE(summary.failed == 1);
  const FileOutcome& outcome = summary.outcomes[0];
  REQUIRE_FALSE(outcome.transient);
  CHECK(outcome.quarantine_error.ok());
  CHECK_FALSE(outcome.quarantined_to.empty());
  CHECK(seen.quarantined_to == outcome.quarantined_to);
  CHECK(std::filesystem::exists(outcome.quarantined_to));
  CHECK(std::filesystem::exists(bad));  // copied, never moved
  CHECK(summary.archive_status.ok());   // nothing stored: no archive pass
  CHECK(summary.archive_linked == 0);
}

// Ingest reads the next file while the one just read is extracted and
// stored (ingest_job.cc, IngestThreads). With --jobs 1 the files must still be
// stored and reported in the order given: a 30-page plan of 68 tasks first,
// whose extraction takes longest, then short letters of two producers that
// are read during it and would finish first if nothing kept the order.
TEST_CASE("RunIngest --jobs 1 stores and reports files in the order given while reading ahead",
          "[jobs]") {
  Result<std::unique_ptr<Pipeline>> pipeline = Pipeline::Load(testing::SourcePath("rules"));
  REQUIRE(pipeline.ok());
  const std::vector<std::string> files = {
      testing::SourcePath("samples/001-quyet-dinh-1520.pdf"),
      testing::SourcePath("samples/002-cong-van.pdf"),
      testing::SourcePath("samples/office/libreoffice/004-cong-van.pdf"),
      testing::SourcePath("samples/office/chromium/002-cong-van.pdf"),
      testing::SourcePath("samples/004-cong-van.pdf"),
  };
  struct Order : IngestObserver {
    std::vector<std::string> files;
    void OnFile(size_t, size_t, const FileOutcome& o) override { files.push_back(o.file); }
  };
  for (int jobs : {1, 2}) {
    CAPTURE(jobs);
    Result<std::unique_ptr<Store>> store = Store::Open(":memory:");
    REQUIRE(store.ok());
    IngestOptions options;
    options.jobs = jobs;
    Order order;
    IngestSummary summary = RunIngest(store->get(), **pipeline, files, options, &order);
    REQUIRE(summary.stored == files.size());
    REQUIRE(order.files.size() == files.size());
    if (jobs == 1) {
      CHECK(order.files == files);
      for (size_t idx = 1; idx < files.size(); ++idx) {
        CHECK(summary.outcomes[idx - 1].doc_id < summary.outcomes[idx].doc_id);
      }
    } else {  // any order, each file once
      std::vector<std::string> sorted = order.files, expected = files;
      std::sort(sorted.begin(), sorted.end());
      std::sort(expected.begin(), expected.end());
      CHECK(sorted == expected);
    }
    CHECK(summary.outcomes[0].number == "1520/QĐ-UBND");
  }
}

}  // namespace
}  // namespace docpipe
