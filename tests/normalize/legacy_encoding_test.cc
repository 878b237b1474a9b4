#include "pipeline/normalize/legacy_encoding.h"

#include <catch2/catch.hpp>

#include <cstdio>
#include <string>
#include <vector>

#include "pipeline/normalize/fold.h"
#include "pipeline/normalize/normalizer.h"
#include "tests/normalize/normalize_test_util.h"
#include "tests/test_util.h"

namespace docpipe {
namespace {

using testing::LoadTsvCases;
using testing::UnescapeField;
using testing::Where;

std::string WithoutWhitespace(std::string_view text) {
  std::string out;
  size_t pos = 0;
  while (pos < text.size()) {
    size_t begin = pos;
    char32_t c = DecodeUtf8(text, &pos);
    if (c == U' ' || c == U'\n' || c == U'\t' || c == U'\r' || c == U'\f' || c == 0xA0) continue;
    out.append(text.substr(begin, pos - begin));
  }
  return out;
}

std::u32string CodePoints(std::string_view text) {
  std::u32string out;
  size_t pos = 0;
  while (pos < text.size()) out.push_back(DecodeUtf8(text, &pos));
  return out;
}

// Levenshtein distance restricted to a diagonal band of half-width "band":
// exact when the texts stay within "band" characters of each other's
// alignment, an upper bound otherwise (so the agreement below is never
// overstated). Linear in the text length, unlike the full EditDistance.
size_t BandedDistance(const std::u32string& a, const std::u32string& b, size_t band) {
  const size_t kFar = a.size() + b.size() + 1;
  std::vector<size_t> row(b.size() + 1, kFar), next(b.size() + 1, kFar);
  for (size_t col = 0; col <= std::min(b.size(), band); ++col) row[col] = col;
  for (size_t a_idx = 1; a_idx <= a.size(); ++a_idx) {
    size_t lo = a_idx > band ? a_idx - band : 0;
    size_t hi = std::min(b.size(), a_idx + band);
    std::fill(next.begin() + static_cast<std::ptrdiff_t>(lo > 0 ? lo - 1 : 0),
              next.begin() + static_cast<std::ptrdiff_t>(std::min(b.size(), hi + 1) + 1), kFar);
    if (lo == 0) next[0] = a_idx;
    for (size_t b_idx = std::max<size_t>(lo, 1); b_idx <= hi; ++b_idx) {
      size_t cost = a[a_idx - 1] == b[b_idx - 1] ? 0 : 1;
      next[b_idx] = std::min({row[b_idx] + 1, next[b_idx - 1] + 1, row[b_idx - 1] + cost});
    }
    std::swap(row, next);
  }
  return std::min(row[b.size()], kFar);
}

// Character agreement of "converted" with "truth", whitespace ignored:
// 1 - edit distance / length of the longer text, in code points.
double Agreement(std::string_view converted, std::string_view truth) {
  std::u32string a = CodePoints(WithoutWhitespace(converted));
  std::u32string b = CodePoints(WithoutWhitespace(truth));
  size_t longer = std::max(a.size(), b.size());
  if (longer == 0) return 1.0;
  size_t distance = std::min(BandedDistance(a, b, 300), longer);
  return 1.0 - static_cast<double>(distance) / static_cast<double>(longer);
}

TEST_CASE("The agreement measure counts edits and never overstates", "[normalize]") {
  CHECK(Agreement("Báo cáo", "Báo cáo") == 1.0);
  CHECK(Agreement("Báo  cáo\n", "Báocáo") == 1.0);  // whitespace ignored
  CHECK(Agreement("Bao cao", "Báo cáo") == Approx(1.0 - 2.0 / 6));
  CHECK(Agreement("", "abc") == 0.0);
  std::u32string x = CodePoints("kitten"), y = CodePoints("sitting");
  CHECK(BandedDistance(x, y, 300) == 3);
  CHECK(BandedDistance(x, y, 1) >= 3);
  CHECK(static_cast<int>(BandedDistance(CodePoints("Quyết định"), CodePoints("Quyet dinh"), 300)) ==
        EditDistance("Quyết định", "Quyet dinh"));
}

LegacyEncoding ParseEncoding(std::string_view name) {
  if (name == "tcvn3" || name == "tcvn3caps") return LegacyEncoding::kTcvn3;
  if (name == "vni") return LegacyEncoding::kVni;
  return LegacyEncoding::kUnicode;
}

TEST_CASE("ConvertLegacy passes every case of legacy.tsv", "[normalize]") {
  std::vector<testing::TsvCase> cases = LoadTsvCases("normalize/legacy.tsv");
  REQUIRE(cases.size() >= 40);
  for (const testing::TsvCase& c : cases) {
    REQUIRE(c.fields.size() >= 3);
    INFO(Where("normalize/legacy.tsv", c));
    std::string input = UnescapeField(c.fields[1]);
    bool caps = c.fields[0] == "tcvn3caps";
    CHECK(ConvertLegacy(input, ParseEncoding(c.fields[0]), caps) == UnescapeField(c.fields[2]));
    // Every output character points at the input bytes it came from.
    size_t previous_end = 0;
    for (const DecodedChar& d : DecodeLegacy(input, ParseEncoding(c.fields[0]), caps)) {
      CHECK(d.src_begin == previous_end);
      CHECK(d.src_end > d.src_begin);
      previous_end = d.src_end;
    }
    CHECK(previous_end == input.size());
  }
}

TEST_CASE("EncodingFromFontName passes every case of fonts.tsv", "[normalize]") {
  std::vector<testing::TsvCase> cases = LoadTsvCases("normalize/fonts.tsv");
  REQUIRE(cases.size() >= 20);
  for (const testing::TsvCase& c : cases) {
    REQUIRE(c.fields.size() >= 3);
    INFO(Where("normalize/fonts.tsv", c) << ": '" << c.fields[0] << "'");
    bool caps = true;
    LegacyEncoding encoding = EncodingFromFontName(c.fields[0], &caps);
    CHECK(std::string(LegacyEncodingName(encoding)) == c.fields[1]);
    CHECK(caps == (c.fields[2] == "1"));
  }
  CHECK(EncodingFromFontName(".VnTimeH", nullptr) == LegacyEncoding::kTcvn3);
}

TEST_CASE("DetectEncoding passes every case of detect.tsv", "[normalize]") {
  std::vector<testing::TsvCase> cases = LoadTsvCases("normalize/detect.tsv");
  REQUIRE(cases.size() >= 10);
  for (const testing::TsvCase& c : cases) {
    REQUIRE(c.fields.size() >= 2);
    INFO(Where("normalize/detect.tsv", c));
    EncodingGuess guess = DetectEncoding(UnescapeField(c.fields[0]));
    CHECK(std::string(LegacyEncodingName(guess.encoding)) == c.fields[1]);
    CHECK(guess.confidence >= 0.0);
    CHECK(guess.confidence <= 1.0);
  }
}

TEST_CASE("DetectLegacySpans classifies the lines of a mixed text", "[normalize]") {
  std::string unicode = "ỦY BAN NHÂN DÂN TỈNH GIA LAI\n";
  std::string tcvn3 = "QuyÕt ®Þnh sè 115/2004/Q§-TTg vÒ viÖc th\u2212¬ng m¹i\n";
  std::string ascii = "59-NQ/TW\n";
  std::string text = unicode + tcvn3 + ascii + unicode;
  std::vector<LegacySpan> spans = DetectLegacySpans(text, {});
  REQUIRE(spans.size() == 1);
  CHECK(spans[0].encoding == LegacyEncoding::kTcvn3);
  CHECK(spans[0].span.begin == unicode.size());
  // The ASCII line has no evidence and follows the text's guess (TCVN3);
  // the last Unicode line stays Unicode.
  CHECK(spans[0].span.end == unicode.size() + tcvn3.size() + ascii.size());
  CHECK(!spans[0].from_font);
  CHECK(spans[0].confidence > 0.3);
  // With a Unicode majority, the evidence-less line stays Unicode.
  std::string mostly_unicode = unicode + unicode + unicode + tcvn3 + ascii + unicode;
  spans = DetectLegacySpans(mostly_unicode, {});
  REQUIRE(spans.size() == 1);
  CHECK(spans[0].span.begin == 3 * unicode.size());
  CHECK(spans[0].span.end == 3 * unicode.size() + tcvn3.size());
}

TEST_CASE("DetectLegacySpans lets font runs decide and clips overlapping runs", "[normalize]") {
  std::string text = "Hµ Néi, ngµy 20 th¸ng 02 n¨m 2006";
  std::vector<FontRun> runs = {{{0, 7}, "ABCDEF+.VnTimeH"},
                               {{5, text.size()}, "ABCDEF+.VnTime"},
                               {{0, text.size()}, "Arial"}};
  std::vector<LegacySpan> spans = DetectLegacySpans(text, runs);
  REQUIRE(spans.size() == 2);
  CHECK(spans[0].all_caps);
  CHECK(spans[0].from_font);
  CHECK(spans[1].span.begin == 7);
  CHECK(spans[1].span.end == text.size());
  CHECK(!spans[1].all_caps);
  // Out-of-range runs are ignored, never trusted.
  CHECK(DetectLegacySpans("abc", {{{10, 20}, ".VnTime"}}).empty());
  CHECK(DetectLegacySpans("abc", {{{2, 1}, ".VnTime"}}).empty());
}

// The real TCVN3 corpus (corpus/real/viparse-tcvn3): pdftotext's text layer of
// pages 1-2, stored in tests/data/normalize/legacy with the ground truth.
TEST_CASE("Normalize converts real TCVN3 text layers with at least 99% agreement", "[normalize]") {
  for (std::string_view name : {"2005-ke-hoach-p1-2", "2007-bao-cao-p1-2", "2006-qd115-p1-2"}) {
    std::string base = "tests/data/normalize/legacy/" + std::string(name);
    std::string layer = testing::ReadAll(testing::SourcePath(base + ".pdftotext.txt"));
    std::string truth = testing::ReadAll(testing::SourcePath(base + ".truth.txt"));
    REQUIRE(!layer.empty());
    REQUIRE(!truth.empty());
    Document doc;
    doc.text = layer;
    NormalizedText result = Normalize(doc, nullptr);
    double agreement = Agreement(result.text, truth);
    std::printf("legacy fixture %s: encoding %s (confidence %.2f), agreement %.2f%%\n",
                std::string(name).c_str(), result.encoding.c_str(), result.encoding_confidence,
                agreement * 100);
    INFO(base << ": agreement " << agreement * 100 << "%");
    CHECK(result.encoding == "tcvn3");
    CHECK(agreement >= 0.99);
    // Without conversion the agreement is far lower: the test can fail.
    CHECK(Agreement(layer, truth) < 0.8);
    // Every converted token maps back to TCVN3 bytes that convert to it.
    int mismatches = 0;
    size_t pos = 0;
    const std::string& text = result.text;
    while (pos < text.size()) {
      while (pos < text.size() && (text[pos] == ' ' || text[pos] == '\n')) ++pos;
      size_t begin = pos;
      while (pos < text.size() && text[pos] != ' ' && text[pos] != '\n') ++pos;
      if (pos == begin) continue;
      Span src = result.map.ToSource(Span{begin, pos});
      std::string back = NormalizeText(ConvertLegacy(layer.substr(src.begin, src.size()),
                                                     LegacyEncoding::kTcvn3)).text;
      if (back != text.substr(begin, pos - begin) && ++mismatches <= 3) {
        FAIL_CHECK("token '" << text.substr(begin, pos - begin) << "' maps to '"
                             << layer.substr(src.begin, src.size()) << "'");
      }
    }
    CHECK(mismatches == 0);
  }
}

TEST_CASE("Normalize converts a VNI text layer with at least 99% agreement", "[normalize]") {
  std::string base = "tests/data/normalize/legacy/vni-sample";
  std::string layer = testing::ReadAll(testing::SourcePath(base + ".vni.txt"));
  std::string truth = testing::ReadAll(testing::SourcePath(base + ".truth.txt"));
  REQUIRE(!layer.empty());
  Document doc;
  doc.text = layer;
  NormalizedText result = Normalize(doc, nullptr);
  double agreement = Agreement(result.text, truth);
  std::printf("legacy fixture vni-sample: encoding %s, agreement %.2f%%\n", result.encoding.c_str(),
              agreement * 100);
  CHECK(result.encoding == "vni");
  CHECK(agreement >= 0.99);
  // With the font name, the same text converts exactly (up to whitespace).
  doc.legacy_runs.push_back({{0, layer.size()}, "VNI-Times"});
  NormalizedText by_font = Normalize(doc, nullptr);
  CHECK(WithoutWhitespace(by_font.text) == WithoutWhitespace(NormalizeText(truth).text));
}

// Real TCVN3 PDFs give "ư" (byte 0xAD) as U+00AD SOFT HYPHEN or U+2212 and
// "ã" (0xB7) as U+00B7 or U+2219: code points the Unicode clean-up drops or
// maps. Conversion runs first, so the letters survive, from a font run and
// from statistics alike; all-caps fonts (".VnTimeH") give capitals.
TEST_CASE("Letters carried by code points the clean-up drops survive conversion", "[normalize]") {
  auto with_font = [](std::string text, const std::string& font) {
    Document document;
    document.text = std::move(text);
    Page page;
    page.number = 1;
    page.span = {0, document.text.size()};
    document.pages.push_back(page);
    document.legacy_runs.push_back({{0, document.text.size()}, font});
    Diagnostics diagnostics;
    return Normalize(document, &diagnostics).text;
  };
  CHECK(with_font("Thñ t\u00ADíng ChÝnh phñ", "ABCDEF+.VnTime") == "Thủ tướng Chính phủ");
  CHECK(with_font("Thñ t\u2212íng ChÝnh phñ", "VnTime") == "Thủ tướng Chính phủ");
  CHECK(with_font("c\u00ADêng", "VnTimeBold") == "cường");
  CHECK(with_font("céng hoµ x\u2219 héi chñ nghÜa viÖt nam", "ABCDEF+.VnTimeH,Bold") ==
        "CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM");
  CHECK(with_font("céng hßa x\u00B7 héi", "VnTimeH") == "CỘNG HÒA XÃ HỘI");
  CHECK(with_font("ng\u00ADêi", ".VnArialH") == "NGƯỜI");
  // No font names (text input): statistics find the TCVN3 lines.
  CHECK(NormalizeText("Thñ t\u00ADíng ChÝnh phñ quyÕt ®Þnh").text ==
        "Thủ tướng Chính phủ quyết định");
  CHECK(NormalizeText("Thñ t\u2212íng ChÝnh phñ quyÕt ®Þnh").text ==
        "Thủ tướng Chính phủ quyết định");
  // A soft hyphen in Unicode text is still dropped.
  CHECK(NormalizeText("Thủ tư\u00ADớng Chính phủ").text == "Thủ tướng Chính phủ");
}

}  // namespace
}  // namespace docpipe
