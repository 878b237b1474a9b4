// pipeline/jobs/ingest_job.h: the orchestration that used to live in the
// CLI's progress printer: `ingest --quarantine` copies and the archive pass.

#include "pipeline/jobs/ingest_job.h"

#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>

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

}  // namespace
}  // namespace docpipe
