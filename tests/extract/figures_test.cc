#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "pipeline/base/strings.h"
#include "tests/extract/extract_test_util.h"
#include "tests/test_util.h"

namespace docpipe {
namespace {

using testing::ExtractRules;

bool SameValue(double a, double b) { return std::fabs(a - b) <= 1e-6 * std::max(1.0, std::fabs(b)); }

double ToDouble(const std::string& text) {
  char* end = nullptr;
  double value = std::strtod(text.c_str(), &end);
  return end == text.c_str() ? -1 : value;
}

TEST_CASE("Figures of seed 000 have value, unit and period", "[extract]") {
  REQUIRE(ExtractRules() != nullptr);
  Document document;
  Extraction report = testing::ExtractSeed("000", &document);
  std::vector<testing::TsvCase> cases = testing::LoadTsvCases("extract/seed_000_figures.tsv");
  REQUIRE(cases.size() >= 40);
  std::vector<bool> used(report.figures.size(), false);
  int matched = 0;
  for (const testing::TsvCase& row : cases) {
    REQUIRE(row.fields.size() >= 2);
    double value = ToDouble(row.fields[0]);
    std::string start = row.fields.size() > 2 ? row.fields[2] : "";
    std::string end = row.fields.size() > 3 ? row.fields[3] : "";
    bool found = false;
    for (size_t idx = 0; idx < report.figures.size() && !found; ++idx) {
      const Figure& figure = report.figures[idx];
      if (used[idx] || !SameValue(figure.value, value) || figure.unit != row.fields[1] ||
          figure.period.start != start || figure.period.end != end) {
        continue;
      }
      used[idx] = true;
      found = true;
    }
    if (found) {
      ++matched;
    } else {
      UNSCOPED_INFO("seed_000_figures.tsv:" << row.line << ": not found: " << row.fields[0] << " "
                                           << row.fields[1] << " " << start << ".." << end);
    }
  }
  std::printf("seed 000: %d of %zu hand-read figures found (%zu figures extracted)\n", matched,
              cases.size(), report.figures.size());
  CHECK(matched >= 40);
  // Qualifier, change and subject of one figure, and its provenance.
  bool exports = false;
  for (const Figure& figure : report.figures) {
    if (!SameValue(figure.value, 1814900000)) continue;
    exports = true;
    CHECK(figure.unit == "USD");
    CHECK(figure.qualifier == "ước");
    REQUIRE(figure.change_pct.has_value());
    CHECK(SameValue(*figure.change_pct, 4.1));
    CHECK(figure.subject == "kim ngạch xuất khẩu");
    CHECK(figure.where.rule_id == "figure.amount");
    CHECK(document.SpanText(figure.where.span).find("1.814,9 triệu USD") != std::string::npos);
  }
  CHECK(exports);
}

TEST_CASE("Figures generalise to other sentences", "[extract]") {
  REQUIRE(ExtractRules() != nullptr);
  std::vector<testing::TsvCase> cases = testing::LoadTsvCases("extract/figures.tsv");
  REQUIRE(cases.size() >= 200);
  int expected_total = 0, predicted_total = 0, correct = 0;
  for (const testing::TsvCase& row : cases) {
    REQUIRE(row.fields.size() >= 1);
    struct Want {
      double value;
      std::string unit, qualifier;
    };
    std::vector<Want> wants;
    if (row.fields.size() > 1 && !row.fields[1].empty()) {
      for (std::string_view item : Split(row.fields[1], ";")) {
        std::vector<std::string_view> parts = Split(item, "|");
        REQUIRE(parts.size() == 3);
        wants.push_back({ToDouble(std::string(parts[0])), std::string(parts[1]), std::string(parts[2])});
      }
    }
    Extraction extraction = testing::RunExtract(testing::OnePageDocument(row.fields[0]));
    std::vector<bool> taken(wants.size(), false);
    int hits = 0;
    std::string got;
    for (const Figure& figure : extraction.figures) {
      got += std::to_string(figure.value) + "|" + figure.unit + "|" + figure.qualifier + ";";
      for (size_t idx = 0; idx < wants.size(); ++idx) {
        if (taken[idx] || !SameValue(figure.value, wants[idx].value) ||
            figure.unit != wants[idx].unit || figure.qualifier != wants[idx].qualifier) {
          continue;
        }
        taken[idx] = true;
        ++hits;
        break;
      }
    }
    if (hits != static_cast<int>(wants.size()) || extraction.figures.size() != wants.size()) {
      UNSCOPED_INFO("figures.tsv:" << row.line << ": got " << got);
    }
    expected_total += static_cast<int>(wants.size());
    predicted_total += static_cast<int>(extraction.figures.size());
    correct += hits;
  }
  double precision = predicted_total ? static_cast<double>(correct) / predicted_total : 0;
  double recall = expected_total ? static_cast<double>(correct) / expected_total : 0;
  std::printf("figures: %d expected, %d found, %d correct: precision %.3f recall %.3f\n",
              expected_total, predicted_total, correct, precision, recall);
  CHECK(expected_total >= 200);
  CHECK(precision >= 0.98);
  CHECK(recall >= 0.95);
}

}  // namespace
}  // namespace docpipe
