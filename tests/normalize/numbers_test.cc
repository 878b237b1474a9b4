// Tests for pipeline/normalize/numbers.h. The cases live in
// tests/data/normalize/numbers.tsv, written by hand from Vietnamese
// conventions (see the header comment there for the columns).

#include "pipeline/normalize/numbers.h"

#include <cmath>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "tests/normalize/normalize_test_util.h"
#include "tests/test_util.h"

namespace docpipe {
namespace {


bool Near(double got, double want) {
  return std::fabs(got - want) <= 1e-9 * std::max(1.0, std::fabs(want));
}

std::string Flags(const ParsedNumber& n) {
  std::vector<std::string> parts;
  if (n.is_range) parts.push_back("range");
  if (n.is_ratio) parts.push_back("ratio");
  if (n.is_percent) parts.push_back("percent");
  if (n.ambiguous) parts.push_back("ambiguous");
  if (n.approximate) parts.push_back("approx");
  if (n.zero_padded) parts.push_back("padded");
  std::string out;
  for (const std::string& part : parts) out += (out.empty() ? "" : ",") + part;
  return out.empty() ? "-" : out;
}

// Flags as written in the file, in the canonical order of Flags().
std::string CanonicalFlags(const std::string& field) {
  if (field == "-") return field;
  ParsedNumber n;
  size_t start = 0;
  while (start <= field.size()) {
    size_t comma = field.find(',', start);
    std::string flag = field.substr(start, comma == std::string::npos ? std::string::npos
                                                                      : comma - start);
    if (flag == "range") n.is_range = true;
    else if (flag == "ratio") n.is_ratio = true;
    else if (flag == "percent") n.is_percent = true;
    else if (flag == "ambiguous") n.ambiguous = true;
    else if (flag == "approx") n.approximate = true;
    else if (flag == "padded") n.zero_padded = true;
    else return "unknown flag " + flag;
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  return Flags(n);
}

std::string Describe(const ParsedNumber& n, std::string_view input) {
  char buf[160];
  std::snprintf(buf, sizeof buf, "value=%.10g upper=%.10g den=%.10g flags=%s", n.value, n.upper,
                n.denominator, Flags(n).c_str());
  return std::string(buf) + " magnitude=\"" + n.magnitude + "\" consumed=\"" +
         std::string(input.substr(0, n.length)) + "\"";
}

TEST_CASE("ParseVnNumber reads every case of numbers.tsv", "[normalize]") {
  std::vector<testing::TsvCase> cases = testing::LoadTsvCases("normalize/numbers.tsv");
  REQUIRE(cases.size() >= 150);
  for (const testing::TsvCase& c : cases) {
    std::string where = "numbers.tsv:" + std::to_string(c.line) + ": ";
    if (c.fields.size() < 7) {
      FAIL_CHECK(where << "expected at least 7 fields, got " << c.fields.size());
      continue;
    }
    const std::string input = testing::UnescapeField(c.fields[0]);
    const std::string& want_value = c.fields[1];
    std::optional<ParsedNumber> got = ParseVnNumber(input);
    std::string quoted = "\"" + c.fields[0] + "\" -> ";
    if (want_value == "none") {
      if (got.has_value()) FAIL_CHECK(where << quoted << "got " << Describe(*got, input) << ", want none");
      continue;
    }
    if (!got.has_value()) {
      FAIL_CHECK(where << quoted << "got none, want " << want_value);
      continue;
    }
    double value = std::stod(want_value);
    double upper = c.fields[2] == "-" ? value : std::stod(c.fields[2]);
    double denominator = c.fields[3] == "-" ? 0 : std::stod(c.fields[3]);
    std::string flags = CanonicalFlags(c.fields[4]);
    std::string magnitude = c.fields[5] == "-" ? "" : c.fields[5];
    std::string consumed = testing::UnescapeField(c.fields[6]);
    bool ok = Near(got->value, value) && Near(got->upper, upper) &&
              Near(got->denominator, denominator) && Flags(*got) == flags &&
              got->magnitude == magnitude && got->length == consumed.size() &&
              input.compare(0, consumed.size(), consumed) == 0;
    if (!ok) {
      FAIL_CHECK(where << quoted << "got " << Describe(*got, input) << ", want value=" << value
                       << " upper=" << upper << " den=" << denominator << " flags=" << flags
                       << " magnitude=\"" << magnitude << "\" consumed=\"" << consumed << "\"");
    }
  }
}

TEST_CASE("FormatVnNumber writes dots for thousands and a comma for decimals", "[normalize]") {
  CHECK(FormatVnNumber(1814.9) == "1.814,9");
  CHECK(FormatVnNumber(18492346000.0) == "18.492.346.000");
  CHECK(FormatVnNumber(88442) == "88.442");
  CHECK(FormatVnNumber(4249000) == "4.249.000");
  CHECK(FormatVnNumber(8.51) == "8,51");
  CHECK(FormatVnNumber(8.5) == "8,5");
  CHECK(FormatVnNumber(999) == "999");
  CHECK(FormatVnNumber(1000) == "1.000");
  CHECK(FormatVnNumber(0) == "0");
  CHECK(FormatVnNumber(0.5) == "0,5");
  CHECK(FormatVnNumber(-1234.5) == "-1.234,5");
  CHECK(FormatVnNumber(-0.001) == "0");           // rounds to zero: no "-0"
  CHECK(FormatVnNumber(2.0 / 3.0) == "0,67");     // max_decimals = 2
  CHECK(FormatVnNumber(2.0 / 3.0, 0) == "1");
  CHECK(FormatVnNumber(98.6297, 3) == "98,63");   // 98,630 -> trailing zero dropped
  CHECK(FormatVnNumber(1e12) == "1.000.000.000.000");
  CHECK(FormatVnNumber(std::nan("")) == "");
}

TEST_CASE("FormatVnNumber output parses back to the same value", "[normalize]") {
  for (double value : {0.0, 1.0, 7.25, 13.0, 999.99, 1000.0, 1814.9, 64900.0, 253103.89,
                       4249000.0, 18492346000.0}) {
    std::string text = FormatVnNumber(value);
    std::optional<ParsedNumber> back = ParseVnNumber(text);
    INFO(text);
    REQUIRE(back.has_value());
    CHECK(back->length == text.size());
    CHECK(Near(back->value, value));
  }
}

// The report seed (000) at every token start: the parser stays inside the
// text, and the figures a reader finds by hand in it are all read.
TEST_CASE("ParseVnNumber finds the report seed's figures", "[normalize]") {
  std::string text = testing::SeedText("000");
  REQUIRE(!text.empty());
  std::string_view view = text;
  std::vector<double> values;
  for (size_t offset = 0; offset < view.size(); ++offset) {
    bool token_start = offset == 0 || view[offset - 1] == ' ' || view[offset - 1] == '\n';
    std::optional<ParsedNumber> n = ParseVnNumber(view.substr(offset));
    if (!n.has_value()) continue;
    CHECK(n->length > 0);
    CHECK(n->length <= view.size() - offset);
    if (token_start) values.push_back(n->value);
  }
  auto found = [&values](double want) {
    for (double v : values) {
      if (Near(v, want)) return true;
    }
    return false;
  };
  CHECK(found(1814.9e6));         // "1.814,9 triệu USD"
  CHECK(found(88442e9));          // "88.442 tỷ đồng"
  CHECK(found(9600e6));           // "9.600 triệu đồng"
  CHECK(found(18492346000.0));    // "18.492.346.000 đồng"
  CHECK(found(4249000));          // "4,249 triệu lượt khách"
  CHECK(found(253103.89));        // "253.103,89 ha"
  CHECK(found(8.51));             // "8,51%"
  CHECK(found(13));               // "13/13 sở"
  CHECK(found(90));               // "90/135 xã"
  CHECK_FALSE(found(1520));       // "1520/QĐ-UBND" is a document number
}

}  // namespace
}  // namespace docpipe
