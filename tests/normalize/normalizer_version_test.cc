// The tripwire for kNormalizerVersion (normalizer.h): re-extraction reuses a
// stored normalised text when its version equals kNormalizerVersion, so any
// change to the normaliser's output must bump the version. This test hashes
// NormalizeText of the five seeds (text, offset map, encoding and confidence)
// and fails when that output changes while the version stays the same.
//
// The hash is a change detector, not a statement of correctness (other tests
// in this folder check the normalised text itself): it was taken from the
// normaliser at version 1, whose seed output those tests cover.

#include "pipeline/normalize/normalizer.h"

#include <catch2/catch.hpp>
#include <string>

#include "pipeline/base/strings.h"
#include "tests/test_util.h"

namespace docpipe {
namespace {

// Update both together, and only after checking that the new output is right.
constexpr int kHashedVersion = 2;
constexpr const char* kSeedsHash =
    "5631e130fc6337dfe4eac2c41502229c534e711b49fe3a14d933d1571dfa0710";

std::string SeedsOutput() {
  std::string all;
  for (const char* prefix : {"000", "001", "002", "003", "004"}) {
    NormalizedText normalized = NormalizeText(testing::SeedText(prefix));
    all += prefix;
    all += "\ntext\n" + normalized.text;
    all += "\nmap\n" + normalized.map.Serialize();
    all += "\nencoding\n" + normalized.encoding + " " +
           std::to_string(normalized.encoding_confidence) + "\n";
  }
  return all;
}

TEST_CASE("Normalizer version is bumped whenever the seeds' normalised output changes",
          "[normalize]") {
  std::string hash = Sha256Hex(SeedsOutput());
  if (hash != kSeedsHash) {
    INFO("The normalised output of the seeds changed (sha256 " << hash << ").\n"
         "If the change is intended: bump kNormalizerVersion in "
         "pipeline/normalize/normalizer.h (stored texts of older versions are then "
         "re-normalised by `docpipe reextract`), and set kHashedVersion and kSeedsHash in "
         "this test to the new version and the hash above.");
    CHECK(kNormalizerVersion > kHashedVersion);
    FAIL_CHECK("kSeedsHash does not match the normalised seeds");
  } else {
    INFO("kNormalizerVersion changed but the seeds' output did not: set kHashedVersion to "
         "kNormalizerVersion in this test.");
    CHECK(kNormalizerVersion == kHashedVersion);
  }
}

TEST_CASE("Normalizer stamps its version and keeps its diagnostics with the text",
          "[normalize]") {
  Document document;
  document.text = "Quy\xFF\xFE" "\xC4\x91inh\n";  // two invalid bytes
  Diagnostics diagnostics;
  diagnostics.Note("from the reader");
  NormalizedText normalized = Normalize(document, &diagnostics);
  CHECK(normalized.normalizer_version == kNormalizerVersion);
  CHECK(NormalizeText("Quyết định").normalizer_version == kNormalizerVersion);
  CHECK(NormalizedText().normalizer_version == 0);
  // What Normalize appended to "diagnostics" is exactly what the text keeps.
  REQUIRE(diagnostics.items().size() == 2);
  REQUIRE(normalized.diagnostics.items().size() == 1);
  CHECK(normalized.diagnostics.items()[0].detail == diagnostics.items()[1].detail);
  CHECK(normalized.diagnostics.items()[0].severity == Severity::kWarning);
  CHECK(normalized.diagnostics.items()[0].detail.find("2 invalid UTF-8") != std::string::npos);
}

}  // namespace
}  // namespace docpipe
