#include <random>
#include <string>

#include <catch2/catch.hpp>

#include "pipeline/extract/extractor.h"
#include "pipeline/normalize/normalizer.h"
#include "tests/extract/extract_test_util.h"
#include "tests/test_util.h"

namespace docpipe {
namespace {

using testing::ExtractRules;

TEST_CASE("Extract without a rule engine reports and returns nothing", "[extract]") {
  Document document = testing::OnePageDocument("Số: 1/QĐ-UBND");
  Diagnostics diagnostics;
  NormalizedText normalized = NormalizeText(document.text);
  Extraction extraction = Extract(document, normalized, ExtractContext{}, &diagnostics);
  CHECK(extraction.references.empty());
  CHECK(diagnostics.Count(Severity::kError) == 1);
}

TEST_CASE("Extract is deterministic and survives hostile text", "[extract]") {
  REQUIRE(ExtractRules() != nullptr);
  Extraction first = testing::ExtractSeed("002");
  Extraction second = testing::ExtractSeed("002");
  REQUIRE(first.deadlines.size() == second.deadlines.size());
  for (size_t idx = 0; idx < first.deadlines.size(); ++idx) {
    CHECK(first.deadlines[idx].date == second.deadlines[idx].date);
    CHECK(first.deadlines[idx].agency == second.deadlines[idx].agency);
    CHECK(first.deadlines[idx].where.span == second.deadlines[idx].where.span);
  }
  // Fragments of the seeds cut at random places, random bytes, empty text:
  // no crash, and every provenance span lies inside the source text.
  std::string seed = testing::SeedText("000") + testing::SeedText("003");
  std::mt19937 random(7);
  for (int round = 0; round < 40; ++round) {
    std::string text;
    if (round % 4 == 0) {
      for (int idx = 0; idx < 300; ++idx) text.push_back(static_cast<char>(random() & 0xFF));
    } else {
      size_t begin = random() % seed.size();
      size_t length = random() % 1500;
      text = seed.substr(begin, length);
    }
    Document document = testing::OnePageDocument(text);
    Extraction extraction = testing::RunExtract(document);
    for (const Reference& ref : extraction.references) CHECK(ref.where.span.end <= text.size());
    for (const Figure& figure : extraction.figures) CHECK(figure.where.span.end <= text.size());
    for (const Deadline& deadline : extraction.deadlines) CHECK(deadline.where.span.end <= text.size());
  }
  Extraction empty = testing::RunExtract(testing::OnePageDocument(""));
  CHECK(empty.identity.kind.value.empty());
}

}  // namespace
}  // namespace docpipe
