#include "pipeline/normalize/normalizer.h"

#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "pipeline/base/strings.h"
#include "tests/normalize/normalize_test_util.h"
#include "tests/test_util.h"

namespace docpipe {
namespace {

using testing::LoadTsvCases;
using testing::UnescapeField;
using testing::Visible;
using testing::Where;

// Whitespace-separated tokens of "text" as byte spans.
std::vector<Span> Tokens(std::string_view text) {
  std::vector<Span> tokens;
  size_t pos = 0;
  while (pos < text.size()) {
    while (pos < text.size() && (text[pos] == ' ' || text[pos] == '\n')) ++pos;
    size_t begin = pos;
    while (pos < text.size() && text[pos] != ' ' && text[pos] != '\n') ++pos;
    if (pos > begin) tokens.push_back({begin, pos});
  }
  return tokens;
}

TEST_CASE("NormalizeText passes every case of normalizer.tsv", "[normalize]") {
  std::vector<testing::TsvCase> cases = LoadTsvCases("normalize/normalizer.tsv");
  REQUIRE(cases.size() >= 90);
  for (const testing::TsvCase& c : cases) {
    REQUIRE(c.fields.size() >= 2);
    INFO(Where("normalize/normalizer.tsv", c) << ": " << (c.fields.size() > 2 ? c.fields[2] : ""));
    std::string input = UnescapeField(c.fields[0]);
    std::string expected = UnescapeField(c.fields[1]);
    NormalizedText result = NormalizeText(input);
    CHECK(Visible(result.text) == Visible(expected));
    CHECK(result.encoding == "unicode");
    CHECK(Visible(NormalizeText(result.text).text) == Visible(result.text));  // idempotent
    // Every case also keeps the map honest: the whole text maps to the
    // whole source, and each token to a source span that normalises to it.
    for (Span token : Tokens(result.text)) {
      Span src = result.map.ToSource(token);
      REQUIRE(src.end <= input.size());
      CHECK(Visible(NormalizeText(input.substr(src.begin, src.size())).text) ==
            Visible(result.text.substr(token.begin, token.size())));
    }
  }
}

TEST_CASE("NormalizeText maps every token of every seed back to its exact source", "[normalize]") {
  for (std::string_view seed : {"000", "001", "002", "003", "004"}) {
    std::string source = testing::SeedText(seed);
    REQUIRE(!source.empty());
    NormalizedText result = NormalizeText(source);
    INFO("seed " << seed);
    CHECK(result.encoding == "unicode");
    // Token repair and NBSP mapping must have happened on the seeds.
    if (seed == "000") CHECK(result.text.find("153/NQ-CP") != std::string::npos);
    if (seed == "001") CHECK(result.text.find("59-NQ/TW ngày 24 tháng 01") != std::string::npos);
    if (seed == "002") CHECK(result.text.find("1520/QĐ-UBND ngày 21/8/2025") != std::string::npos);
    CHECK(result.text.find("\xC2\xA0") == std::string::npos);
    CHECK(result.text.find("\xE2\x80\xA6") == std::string::npos);  // no "…" left
    // Line structure: every source line is at most one normalised line (lines
    // join only at a repaired symbol).
    CHECK(SplitLines(result.text).size() <= SplitLines(source).size());
    size_t previous_begin = 0;
    int mismatches = 0;
    std::vector<Span> tokens = Tokens(result.text);
    REQUIRE(tokens.size() > 100);
    for (Span token : tokens) {
      Span src = result.map.ToSource(token);
      REQUIRE(src.begin >= previous_begin);  // monotonic
      REQUIRE(src.end <= source.size());
      previous_begin = src.begin;
      std::string expected = result.text.substr(token.begin, token.size());
      std::string again = NormalizeText(source.substr(src.begin, src.size())).text;
      if (again != expected && ++mismatches <= 5) {
        FAIL_CHECK("token [" << token.begin << "," << token.end << ") '" << expected
                             << "' maps to source '" << source.substr(src.begin, src.size())
                             << "' which normalises to '" << again << "'");
      }
    }
    CHECK(mismatches == 0);
    // Normalising twice changes nothing.
    CHECK(NormalizeText(result.text).text == result.text);
    // Past-the-end and the whole text.
    CHECK(result.map.ToSource(result.text.size()) == source.size());
    Span whole = result.map.ToSource(Span{0, result.text.size()});
    CHECK(Trim(std::string_view(source).substr(0, whole.begin)).empty());
    CHECK(Trim(std::string_view(source).substr(whole.end)).empty());  // only trimmed blanks
  }
}

TEST_CASE("NormalizeText maps spans exactly inside unchanged text and whole around edits", "[normalize]") {
  std::string source = "Số:\u00A0 1520/QĐ-\nUBND “Hội nhập”… xong";
  NormalizedText result = NormalizeText(source);
  REQUIRE(result.text == "Số: 1520/QĐ-UBND \"Hội nhập\"... xong");
  size_t number = result.text.find("1520");
  Span src = result.map.ToSource(Span{number, number + 4});
  CHECK(source.substr(src.begin, src.size()) == "1520");
  size_t symbol = result.text.find("1520/QĐ-UBND");
  src = result.map.ToSource(Span{symbol, symbol + std::string("1520/QĐ-UBND").size()});
  CHECK(source.substr(src.begin, src.size()) == "1520/QĐ-\nUBND");
  size_t space = result.text.find(' ');
  src = result.map.ToSource(Span{space, space + 1});
  CHECK(source.substr(src.begin, src.size()) == "\u00A0 ");
  size_t quote = result.text.find('"');
  src = result.map.ToSource(Span{quote, quote + 1});
  CHECK(source.substr(src.begin, src.size()) == "“");
  size_t dots = result.text.find("...");
  src = result.map.ToSource(Span{dots + 1, dots + 2});  // one of three dots
  CHECK(source.substr(src.begin, src.size()) == "…");
  src = result.map.ToSource(Span{dots, dots + 3});
  CHECK(source.substr(src.begin, src.size()) == "…");
}

TEST_CASE("Normalize converts marked TCVN3 runs and keeps the Unicode header", "[normalize]") {
  Document doc;
  std::string header = "ỦY BAN NHÂN DÂN TỈNH GIA LAI\nCộng hòa xã hội chủ nghĩa Việt Nam\n";
  std::string body = "QuyÕt ®Þnh sè 115/2004/Q§-TTg vÒ viÖc th\u2212¬ng m¹i\n";
  std::string heading = "céng hoµ x· héi\n";
  doc.text = header + body + heading;
  doc.legacy_runs.push_back({{header.size(), header.size() + body.size()}, "AARIQC+.VnTime"});
  doc.legacy_runs.push_back(
      {{header.size() + body.size(), doc.text.size()}, "AARIQC+.VnTimeH,Bold"});
  Diagnostics diagnostics;
  NormalizedText result = Normalize(doc, &diagnostics);
  CHECK(result.text ==
        "ỦY BAN NHÂN DÂN TỈNH GIA LAI\nCộng hòa xã hội chủ nghĩa Việt Nam\n"
        "Quyết định số 115/2004/QĐ-TTg về việc thương mại\nCỘNG HOÀ XÃ HỘI\n");
  CHECK(result.encoding == "mixed");
  CHECK(result.encoding_confidence > 0.9);
  CHECK(!diagnostics.empty());
  // "định" maps back to its TCVN3 bytes.
  size_t at = result.text.find("định");
  Span src = result.map.ToSource(Span{at, at + std::string("định").size()});
  CHECK(doc.text.substr(src.begin, src.size()) == "®Þnh");
  at = result.text.find("thương");
  src = result.map.ToSource(Span{at, at + std::string("thương").size()});
  CHECK(doc.text.substr(src.begin, src.size()) == "th\u2212¬ng");
}

TEST_CASE("Normalize leaves a legacy-named font run alone when it already holds Unicode", "[normalize]") {
  Document doc;
  doc.text = "Quyết định số 1520/QĐ-UBND về việc ban hành Kế hoạch";
  doc.legacy_runs.push_back({{0, doc.text.size()}, ".VnTime"});
  NormalizedText result = Normalize(doc, nullptr);
  CHECK(result.text == doc.text);
  CHECK(result.encoding == "unicode");
}

TEST_CASE("NormalizeText detects a TCVN3 text without font names", "[normalize]") {
  std::string source = "B¸o c¸o\nT×nh h×nh thùc hiÖn nhiÖm vô kÕ ho¹ch n¨m 2004\nSè : 01/2006/TT-NHNN\n";
  NormalizedText result = NormalizeText(source);
  CHECK(result.text == "Báo cáo\nTình hình thực hiện nhiệm vụ kế hoạch năm 2004\nSố : 01/2006/TT-NHNN\n");
  CHECK(result.encoding == "tcvn3");
  CHECK(result.encoding_confidence > 0.5);
}

TEST_CASE("Normalize replaces invalid UTF-8 with U+FFFD and says so", "[normalize]") {
  Document doc;
  doc.text = std::string("Quyết\xFF định\xC3");
  Diagnostics diagnostics;
  NormalizedText result = Normalize(doc, &diagnostics);
  CHECK(result.text == "Quyết\uFFFD định\uFFFD");
  REQUIRE(diagnostics.Count(Severity::kWarning) == 1);
  CHECK(diagnostics.items()[0].code == Code::kBadInput);
  // A genuine U+FFFD is not an error.
  Diagnostics clean;
  (void)Normalize(Document{"f", "a\uFFFDb"}, &clean);
  CHECK(clean.Count(Severity::kWarning) == 0);
}

TEST_CASE("NormalizeText handles empty and blank input", "[normalize]") {
  CHECK(NormalizeText("").text.empty());
  CHECK(NormalizeText("   \t\u00A0 ").text.empty());
  CHECK(NormalizeText("\u200B\uFEFF").text.empty());
  CHECK(NormalizeText("\n").text == "\n");
  NormalizedText empty = NormalizeText("");
  CHECK(empty.map.ToSource(0) == 0);
}

}  // namespace
}  // namespace docpipe
