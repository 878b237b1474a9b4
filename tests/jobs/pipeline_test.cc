// Pipeline::Reprocess reuses a normalised text made by the current normaliser
// version (as loaded from the store by re-extraction) and normalises again
// otherwise; reuse must give the same text, diagnostics and facts.

#include "pipeline/jobs/pipeline.h"

#include <catch2/catch.hpp>
#include <memory>
#include <string>

#include "tests/test_util.h"

namespace docpipe {
namespace {

using testing::SourcePath;

std::string Details(const Diagnostics& diagnostics) {
  std::string all;
  for (const Diagnostic& item : diagnostics.items()) {
    all += std::to_string(static_cast<int>(item.severity)) + " " + item.detail + "\n";
  }
  return all;
}

TEST_CASE("Pipeline reextraction reuses normalised text of the current normaliser version",
          "[jobs]") {
  Result<std::unique_ptr<Pipeline>> pipeline = Pipeline::Load(SourcePath("rules"));
  REQUIRE(pipeline.ok());
  ReadOptions read;
  read.ocr = false;
  // A legacy-font sample: its normalisation reports a conversion note.
  Result<Processed> read_back = (*pipeline)->ProcessFile(
      SourcePath("samples/legacy-tcvn3-004-cong-van.pdf"), read, Limits{}, nullptr);
  REQUIRE(read_back.ok());
  const Processed& original = *read_back;
  REQUIRE(original.normalized.normalizer_version == kNormalizerVersion);
  REQUIRE_FALSE(original.normalized.diagnostics.empty());
  REQUIRE_FALSE(original.extraction.identity.signer.value.empty());
  REQUIRE_FALSE(original.extraction.assignments.empty());

  // Normalised afresh (a new Processed has version 0).
  Processed fresh;
  fresh.document = original.document;
  (*pipeline)->Reprocess(&fresh);

  // Reused: same text, same diagnostics (the normaliser's first), same facts.
  Processed reused;
  reused.document = original.document;
  reused.normalized = original.normalized;
  (*pipeline)->Reprocess(&reused);
  CHECK(reused.normalized.text == fresh.normalized.text);
  CHECK(Details(reused.diagnostics) == Details(fresh.diagnostics));
  CHECK(reused.extraction.identity.signer.value == fresh.extraction.identity.signer.value);
  CHECK(reused.extraction.references.size() == fresh.extraction.references.size());
  CHECK(reused.extraction.assignments.size() == fresh.extraction.assignments.size());

  // It really is reused: an emptied text of the current version stays empty
  // (and yields no signer) ...
  Processed emptied;
  emptied.document = original.document;
  emptied.normalized = original.normalized;
  emptied.normalized.text.clear();
  emptied.normalized.map = OffsetMap();
  (*pipeline)->Reprocess(&emptied);
  CHECK(emptied.normalized.text.empty());
  CHECK(emptied.extraction.identity.signer.value.empty());
  CHECK(emptied.extraction.assignments.empty());

  // ... while the same text from another normaliser version is redone.
  Processed outdated;
  outdated.document = original.document;
  outdated.normalized = emptied.normalized;
  outdated.normalized.normalizer_version = kNormalizerVersion + 1;
  (*pipeline)->Reprocess(&outdated);
  CHECK(outdated.normalized.text == fresh.normalized.text);
  CHECK(outdated.normalized.normalizer_version == kNormalizerVersion);
  CHECK(outdated.extraction.identity.signer.value == fresh.extraction.identity.signer.value);
}

}  // namespace
}  // namespace docpipe
