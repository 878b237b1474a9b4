#include <algorithm>
#include <cstdio>
#include <map>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "pipeline/base/strings.h"
#include "pipeline/extract/citations.h"
#include "tests/extract/extract_test_util.h"
#include "tests/test_util.h"

namespace docpipe {
namespace {

using testing::ExtractRules;
using testing::ExtractSeed;

// Measured on references_real.tsv when it was made (see the test below):
// precision 0.992, recall 0.992 over 245 references; the weakest source, the
// TCVN3 ground truths, 0.933 ("ngày 24/ 8/2001" with a space). Misses then:
// "1249a/CTPH-UBDT-BTP" (a number with a letter) and that date.
constexpr double kRealPrecision = 0.99;
constexpr double kRealRecall = 0.99;
constexpr double kRealRecallPerSource = 0.93;

const Reference* Find(const Extraction& extraction, const std::string& number) {
  for (const Reference& ref : extraction.references) {
    if (ref.number == number) return &ref;
  }
  return nullptr;
}

TEST_CASE("References of seed 000 form its citation graph", "[extract]") {
  REQUIRE(ExtractRules() != nullptr);
  Document document;
  Extraction report = ExtractSeed("000", &document);
  struct Expected {
    const char* number;
    const char* kind;
    const char* date;
  };
  const Expected expected[] = {
      {"59-NQ/TW", "Nghị quyết", ""},          {"153/NQ-CP", "Nghị quyết", ""},
      {"57-NQ/TW", "Nghị quyết", ""},          {"34-KH/TU", "Kế hoạch", "2026-01-14"},
      {"1520/QĐ-UBND", "Quyết định", "2025-08-21"}, {"170/KH-UBND", "Kế hoạch", "2026-04-30"},
      {"891/QĐ-TTg", "Quyết định", "2026-05-20"},   {"4662/BNG-CSDN", "Công văn", "2026-06-12"},
      {"61/KH-SKHCN", "Kế hoạch", "2026-05-27"},
  };
  for (const Expected& want : expected) {
    INFO(want.number);
    const Reference* ref = Find(report, want.number);
    REQUIRE(ref != nullptr);
    CHECK(ref->kind == want.kind);
    CHECK(ref->date == want.date);
    CHECK(ref->date_from.empty());
    CHECK(ref->where.page >= 1);
    CHECK(ref->where.rule_id.rfind("reference.", 0) == 0);
    CHECK(document.SpanText(ref->where.span).find(want.number) != std::string::npos);
  }
  CHECK(report.references.size() == std::size(expected));
  CHECK(Find(report, "57-NQ/TW")->issuer == "Bộ Chính trị");
  CHECK(Find(report, "891/QĐ-TTg")->issuer == "Thủ tướng Chính phủ");
}

TEST_CASE("FillReferenceDates completes dates from the archive", "[extract]") {
  REQUIRE(ExtractRules() != nullptr);
  Extraction report = ExtractSeed("000");
  Extraction decision = ExtractSeed("001");
  Extraction conclusion = ExtractSeed("003");
  std::vector<Extraction*> archive = {&report, &decision, &conclusion};
  std::vector<std::string> shas = {"sha000", "sha001", "sha003"};
  int filled = FillReferenceDates(archive, shas);
  CHECK(filled >= 2);
  const Reference* resolution = Find(report, "59-NQ/TW");
  REQUIRE(resolution != nullptr);
  CHECK(resolution->date == "2025-01-24");
  CHECK(resolution->date_from == "sha001");
  const Reference* programme = Find(report, "153/NQ-CP");
  REQUIRE(programme != nullptr);
  CHECK(programme->date == "2025-05-31");
  CHECK(programme->date_from == "sha001");
  // No document of the archive dates 57-NQ/TW: it stays empty.
  CHECK(Find(report, "57-NQ/TW")->date.empty());
  // Printed dates are never replaced.
  CHECK(Find(report, "1520/QĐ-UBND")->date_from.empty());
}

TEST_CASE("FillReferenceDates prefers the cited document's own identity", "[extract]") {
  Extraction citing, cited, other;
  Reference ref;
  ref.number = "12/KH-UBND";
  citing.references.push_back(ref);
  cited.identity.number.value = "12/KH-UBND";
  cited.identity.date.value = "2026-02-03";
  Reference wrong = ref;
  wrong.date = "2026-02-04";  // another document misprints it
  other.references.push_back(wrong);
  std::vector<Extraction*> archive = {&citing, &other, nullptr, &cited};
  CHECK(FillReferenceDates(archive, {"a", "b", "c", "d"}) == 1);
  CHECK(citing.references[0].date == "2026-02-03");
  CHECK(citing.references[0].date_from == "d");
  CHECK(other.references[0].date == "2026-02-04");
  CHECK(FillReferenceDates({}, {}) == 0);
}

// Precision and recall of reference extraction over a TSV of sentences
// (sentence, expected number|kind|date;..., optional source), per source:
// "synthetic" for rows without a source column.
struct Score {
  int expected = 0, predicted = 0, correct = 0, rows = 0;
  double precision() const { return predicted ? static_cast<double>(correct) / predicted : 1; }
  double recall() const { return expected ? static_cast<double>(correct) / expected : 1; }
};

std::map<std::string, Score> ScoreReferences(const std::string& file, int min_rows) {
  std::vector<testing::TsvCase> cases = testing::LoadTsvCases(file);
  REQUIRE(static_cast<int>(cases.size()) >= min_rows);
  std::map<std::string, Score> scores;
  for (const testing::TsvCase& row : cases) {
    REQUIRE(row.fields.size() >= 1);
    std::string sentence = testing::Unescape(row.fields[0]);
    std::vector<std::string> expected;
    if (row.fields.size() > 1 && !row.fields[1].empty()) {
      for (std::string_view item : Split(row.fields[1], ";")) expected.emplace_back(item);
    }
    std::string source = row.fields.size() > 2 ? row.fields[2] : "synthetic";
    // Real rows are reported per corpus folder ("real2", "real/customs-gov-metadata").
    if (source.rfind("real/", 0) == 0) {
      size_t slash = source.find('/', 5);
      source = source.substr(0, slash == std::string::npos ? source.find(' ') : slash);
    } else if (source != "synthetic") {
      source = source.substr(0, source.find('/'));
    }
    Extraction extraction = testing::RunExtract(testing::OnePageDocument(sentence));
    std::vector<std::string> predicted;
    for (const Reference& ref : extraction.references) {
      predicted.push_back(ref.number + "|" + ref.kind + "|" + ref.date);
    }
    int hits = 0;
    for (const std::string& item : predicted) {
      if (std::find(expected.begin(), expected.end(), item) != expected.end()) ++hits;
    }
    if (hits != static_cast<int>(expected.size()) || predicted.size() != expected.size()) {
      // Printed, not INFO: a miss must be visible whether or not a threshold fails.
      std::printf("  miss %s:%d (%s): expected %s, got %s\n", file.c_str(), row.line, source.c_str(),
                  Join(expected, ";").c_str(), Join(predicted, ";").c_str());
    }
    for (Score* score : {&scores[source], &scores["all"]}) {
      score->expected += static_cast<int>(expected.size());
      score->predicted += static_cast<int>(predicted.size());
      score->correct += hits;
      score->rows++;
    }
  }
  for (const auto& [source, score] : scores) {
    std::printf("references (%s, %s): %d rows, %d expected, %d found, %d correct: precision %.3f "
                "recall %.3f\n",
                file.c_str(), source.c_str(), score.rows, score.expected, score.predicted,
                score.correct, score.precision(), score.recall());
  }
  return scores;
}

TEST_CASE("References generalise to other provinces, ministries and forms", "[extract]") {
  REQUIRE(ExtractRules() != nullptr);
  std::map<std::string, Score> scores = ScoreReferences("extract/references.tsv", 250);
  const Score& all = scores["all"];
  CHECK(all.expected >= 300);
  CHECK(all.precision() >= 0.98);
  CHECK(all.recall() >= 0.95);
}

// The same measure on sentences from real documents nobody on the team wrote
// (tests/data/extract/references_real.tsv: 320 rows, more than the 307 of
// the synthetic file; 119 of them are real sentences without a reference). The thresholds are what the extractor achieved when the file was
// made; raise them as it improves.
TEST_CASE("References generalise to real text of other offices, per source", "[extract]") {
  REQUIRE(ExtractRules() != nullptr);
  std::map<std::string, Score> scores = ScoreReferences("extract/references_real.tsv", 300);
  const Score& all = scores["all"];
  CHECK(all.rows >= 300);
  CHECK(all.expected >= 240);
  CHECK(all.precision() >= kRealPrecision);
  CHECK(all.recall() >= kRealRecall);
  for (const auto& [source, score] : scores) {
    INFO(source);
    CHECK(score.recall() >= kRealRecallPerSource);
  }
}

}  // namespace
}  // namespace docpipe
