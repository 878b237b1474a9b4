#include "pipeline/normalize/fold.h"

#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "tests/normalize/normalize_test_util.h"
#include "tests/test_util.h"

namespace docpipe {
namespace {

using testing::LoadTsvCases;
using testing::UnescapeField;
using testing::Where;

TEST_CASE("Fold keys pass every case of fold.tsv", "[normalize]") {
  std::vector<testing::TsvCase> cases = LoadTsvCases("normalize/fold.tsv");
  REQUIRE(cases.size() >= 80);
  for (const testing::TsvCase& c : cases) {
    REQUIRE(c.fields.size() >= 3);
    INFO(Where("normalize/fold.tsv", c) << ": " << c.fields[0] << " '" << c.fields[1] << "'");
    const std::string& function = c.fields[0];
    std::string input = UnescapeField(c.fields[1]);
    std::string expected = UnescapeField(c.fields[2]);
    if (function == "fold") {
      CHECK(FoldKey(input) == expected);
    } else if (function == "tone") {
      CHECK(ToneCanonical(input) == expected);
      CHECK(ToneCanonical(expected) == expected);  // idempotent
    } else if (function == "match") {
      CHECK(MatchKey(input) == expected);
    } else if (function == "same") {
      CHECK(MatchKey(input) == MatchKey(expected));
      CHECK(FoldKey(input) == FoldKey(expected));
    } else if (function == "differ") {
      CHECK(MatchKey(input) != MatchKey(expected));
    } else if (function == "edit") {
      REQUIRE(c.fields.size() >= 4);
      CHECK(EditDistance(input, expected) == std::stoi(c.fields[3]));
      CHECK(EditDistance(expected, input) == std::stoi(c.fields[3]));
    } else {
      FAIL("unknown function " << function);
    }
  }
}

TEST_CASE("FoldKey gives one search key for three spellings", "[normalize]") {
  CHECK(FoldKey("thoa thuan") == FoldKey("thỏa thuận"));
  CHECK(FoldKey("thỏa thuận") == FoldKey("thoả thuận"));
  CHECK(FoldKey("thoa thuan") == "thoa thuan");
}

TEST_CASE("FuzzyLookup finds the closest vocabulary entry within the distance", "[normalize]") {
  std::vector<std::string> vocabulary = {"Hằng năm", "hằng quý", "Thường xuyên", "Quý IV",
                                         "hòa nhập"};
  CHECK(FuzzyLookup("Hẳng năm", vocabulary, 1) == 0);  // typo in seed 001
  CHECK(FuzzyLookup("hằng năm", vocabulary, 0) == 0);  // case only: exact key
  CHECK(FuzzyLookup("HẰNG NĂM", vocabulary, 0) == 0);
  CHECK(FuzzyLookup("hoà nhập", vocabulary, 0) == 4);  // old tone style: exact key
  CHECK(FuzzyLookup("thường xuyen", vocabulary, 1) == 2);
  CHECK(FuzzyLookup("thuong xuyen", vocabulary, 2) == -1);  // ư, ờ, ê: three edits
  CHECK(FuzzyLookup("thuong xuyen", vocabulary, 3) == 2);
  CHECK(FuzzyLookup("quý", vocabulary, 1) == -1);
  CHECK(FuzzyLookup("anything", {}, 3) == -1);
  // Exact key wins over an earlier near entry.
  CHECK(FuzzyLookup("hằng quý", {"hằng quy", "hằng quý"}, 2) == 1);
}

TEST_CASE("FoldWithOffsets maps every folded byte back to the original", "[normalize]") {
  std::string text = "Sở Tài chính: 13/13 đơn vị";
  Folded folded = FoldWithOffsets(text);
  CHECK(folded.text == FoldKey(text));
  REQUIRE(folded.origin.size() == folded.text.size() + 1);
  size_t at = folded.text.find("tai chinh");
  REQUIRE(at != std::string::npos);
  CHECK(text.substr(folded.Origin(at), folded.Origin(at + 9) - folded.Origin(at)) == "Tài chính");
  CHECK(folded.Origin(folded.text.size()) == text.size());
}

TEST_CASE("FoldedWords splits at everything but ASCII letters and digits", "[normalize]") {
  CHECK(FoldedWords("Đắk Lắk – 2025…ổn định") ==
        std::vector<std::string>{"dak", "lak", "2025", "on", "dinh"});
  CHECK(IsFoldedWordByte('a'));
  CHECK(IsFoldedWordByte('7'));
  CHECK_FALSE(IsFoldedWordByte('-'));
  CHECK_FALSE(IsFoldedWordByte('\xE2'));
}

}  // namespace
}  // namespace docpipe
