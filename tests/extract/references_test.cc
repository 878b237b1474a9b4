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

TEST_CASE("References generalise to other provinces, ministries and forms", "[extract]") {
  REQUIRE(ExtractRules() != nullptr);
  std::vector<testing::TsvCase> cases = testing::LoadTsvCases("extract/references.tsv");
  REQUIRE(cases.size() >= 250);
  int expected_total = 0, predicted_total = 0, correct = 0;
  for (const testing::TsvCase& row : cases) {
    REQUIRE(row.fields.size() >= 1);
    std::string sentence = testing::Unescape(row.fields[0]);
    std::vector<std::string> expected;
    if (row.fields.size() > 1 && !row.fields[1].empty()) {
      for (std::string_view item : Split(row.fields[1], ";")) expected.emplace_back(item);
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
      UNSCOPED_INFO("references.tsv:" << row.line << ": got " << Join(predicted, ";"));
    }
    expected_total += static_cast<int>(expected.size());
    predicted_total += static_cast<int>(predicted.size());
    correct += hits;
  }
  double precision = predicted_total ? static_cast<double>(correct) / predicted_total : 0;
  double recall = expected_total ? static_cast<double>(correct) / expected_total : 0;
  std::printf("references: %d expected, %d found, %d correct: precision %.3f recall %.3f\n",
              expected_total, predicted_total, correct, precision, recall);
  CHECK(expected_total >= 300);
  CHECK(precision >= 0.98);
  CHECK(recall >= 0.95);
}

}  // namespace
}  // namespace docpipe
