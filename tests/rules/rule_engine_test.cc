#include "pipeline/rules/rule_engine.h"

#include <string>
#include <thread>
#include <utility>
#include <vector>

#include <catch2/catch.hpp>

#include "pipeline/rules/rule_parser.h"

namespace docpipe {
namespace {

using Pairs = std::vector<std::pair<std::string, std::string>>;

RuleEngine MustCompile(const std::string& text) {
  Result<RuleSet> set = ParseRules("t.rules", text);
  INFO((set.ok() ? std::string() : set.status().ToString()));
  REQUIRE(set.ok());
  Result<RuleEngine> engine = RuleEngine::Compile(std::move(set).value());
  INFO((engine.ok() ? std::string() : engine.status().ToString()));
  REQUIRE(engine.ok());
  return std::move(engine).value();
}

const std::string kNumberRules =
    "rule number\n"
    "  priority = 5\n"
    "  pattern = Số:\\s*(?P<number>\\d+)(?:/(?P<year>\\d{4}))?/(?P<symbol>[\\p{Lu}-]+)\n"
    "  fill = number -> doc.number\n"
    "  fill = year -> doc.year\n"
    "  fill = symbol -> doc.symbol\n"
    "  fill = \"số\" -> doc.kind\n"
    "  example = \"Số: 1/QĐ\" => doc.number=1 doc.symbol=QĐ doc.kind=số\n"
    "rule digits\n"
    "  priority = 1\n"
    "  pattern = (?P<d>\\d+)\n"
    "  fill = d -> digits\n"
    "  example = \"1\" => digits=1\n"
    "rule line_start\n"
    "  pattern = ^(?P<word>\\p{L}+)\n"
    "  fill = word -> first_word\n"
    "  example = \"a\" => first_word=a\n";

TEST_CASE("RuleEngine fills groups and constants, and absent groups fill nothing", "[rules]") {
  RuleEngine engine = MustCompile(kNumberRules);
  const std::string text = "Số: 1520/QĐ-UBND";
  std::vector<RuleMatch> matches = engine.Match(text, "number");
  REQUIRE(matches.size() == 1);
  CHECK(matches[0].rule->id == "number");
  CHECK(matches[0].span == Span{0, text.size()});
  CHECK(matches[0].Group(text, "symbol") == "QĐ-UBND");
  CHECK(matches[0].Group(text, "year").empty());
  CHECK(matches[0].Group(text, "nonexistent").empty());
  REQUIRE(matches[0].groups.size() == 3);  // in pattern order
  CHECK(matches[0].groups[0].name == "number");
  CHECK(matches[0].groups[1].name == "year");
  CHECK(matches[0].groups[2].name == "symbol");
  CHECK(engine.Fills(text, matches[0]) ==
        Pairs{{"doc.number", "1520"}, {"doc.symbol", "QĐ-UBND"}, {"doc.kind", "số"}});

  const std::string legal = "Số: 30/2020/NĐ-CP";
  matches = engine.Match(legal, "number");
  REQUIRE(matches.size() == 1);
  CHECK(engine.Fills(legal, matches[0]) ==
        Pairs{{"doc.number", "30"}, {"doc.year", "2020"}, {"doc.symbol", "NĐ-CP"}, {"doc.kind", "số"}});
}

TEST_CASE("RuleEngine orders matches by start, then priority", "[rules]") {
  RuleEngine engine = MustCompile(kNumberRules);
  // Byte offsets: "x Số: 12/QĐ 7" -- "Số" is 4 bytes (S, U+1ED1 in 3).
  const std::string text = "x Số: 12/QĐ 7";
  std::vector<RuleMatch> matches = engine.Match(text);
  std::vector<std::string> got;
  for (const RuleMatch& m : matches) {
    got.push_back(m.rule->id + "@" + std::to_string(m.span.begin) + "-" + std::to_string(m.span.end));
  }
  // line_start matches "x" at 0; number starts at 2; digits matches "12" at 8
  // and "7" at 15 (each rule's own matches do not overlap, different rules may).
  CHECK(got == std::vector<std::string>{"line_start@0-1", "number@2-14", "digits@8-10",
                                        "digits@15-16"});

  // Same start: the higher priority first.
  const std::string number_first = "Số: 3/QĐ";
  matches = engine.Match(number_first);
  REQUIRE(matches.size() >= 2);
  CHECK(matches[0].rule->id == "number");
}

TEST_CASE("RuleEngine treats ^ and $ as line anchors at every match position", "[rules]") {
  RuleEngine engine = MustCompile(kNumberRules);
  const std::string text = "một hai\nba bốn\n\nnăm";
  std::vector<RuleMatch> matches = engine.Match(text, "line_start");
  std::vector<std::string> words;
  for (const RuleMatch& m : matches) words.emplace_back(m.Group(text, "word"));
  CHECK(words == std::vector<std::string>{"một", "ba", "năm"});
}

TEST_CASE("RuleEngine filters by id prefix and reports nothing for an empty set", "[rules]") {
  RuleEngine engine = MustCompile(kNumberRules);
  CHECK(engine.Match("12 34", "digits").size() == 2);
  CHECK(engine.Match("12 34", "number").empty());
  CHECK(engine.Match("", "").empty());
  CHECK(engine.rules().size() == 3);

  Result<RuleEngine> empty = RuleEngine::Compile(RuleSet{});
  REQUIRE(empty.ok());
  CHECK(empty->Match("anything").empty());
}

TEST_CASE("RuleEngine reports the match and its named groups, whatever unnamed groups surround them",
          "[rules]") {
  // The engine asks RE2 for the submatches up to the last named group only
  // (the match alone for a rule without named groups).
  RuleEngine engine = MustCompile(
      "rule kind\n  pattern = (QUYẾT) (ĐỊNH)\n  fill = \"Quyết định\" -> kind\n"
      "  example = \"QUYẾT ĐỊNH\" => kind=\"Quyết định\"\n"
      "rule number\n  pattern = (Số): (?P<n>\\d+)(/)(\\p{Latin}+)\n  fill = n -> n\n"
      "  example = \"Số: 5/QĐ\" => n=5\n");
  const std::string text = "x QUYẾT ĐỊNH\nSố: 12/QĐ";
  std::vector<RuleMatch> matches = engine.Match(text);
  REQUIRE(matches.size() == 2);
  CHECK(matches[0].rule->id == "kind");
  CHECK(text.substr(matches[0].span.begin, matches[0].span.size()) == "QUYẾT ĐỊNH");
  CHECK(matches[0].groups.empty());
  CHECK(engine.Fills(text, matches[0]) == Pairs{{"kind", "Quyết định"}});
  CHECK(matches[1].rule->id == "number");
  CHECK(text.substr(matches[1].span.begin, matches[1].span.size()) == "Số: 12/QĐ");
  REQUIRE(matches[1].groups.size() == 1);
  CHECK(matches[1].Group(text, "n") == "12");
  CHECK(engine.Fills(text, matches[1]) == Pairs{{"n", "12"}});
}

TEST_CASE("RuleEngine advances past empty matches", "[rules]") {
  RuleEngine engine = MustCompile(
      "rule maybe\n  pattern = (?P<a>a*)\n  fill = a -> a\n  example = \"a\" => a=a\n");
  const std::string text = "bđa";  // "đ" is two bytes
  std::vector<RuleMatch> matches = engine.Match(text);
  std::vector<std::string> spans;
  for (const RuleMatch& m : matches) {
    spans.push_back(std::to_string(m.span.begin) + "-" + std::to_string(m.span.end));
  }
  CHECK(spans == std::vector<std::string>{"0-0", "1-1", "3-4", "4-4"});
  CHECK(engine.Fills(text, matches[0]).empty());
  CHECK(engine.Fills(text, matches[2]) == Pairs{{"a", "a"}});
}

TEST_CASE("RuleEngine reports a bad pattern with file, line and caret", "[rules]") {
  Result<RuleSet> set = ParseRules("rules/identity.rules",
                                   "# number\n"
                                   "rule identity.number\n"
                                   "  pattern  = Số\\s*:\\s*(?P<number>\\d+\n"
                                   "  fill     = number -> document.number\n"
                                   "  example  = \"Số: 1\" => document.number=1\n");
  REQUIRE(set.ok());
  Result<RuleEngine> engine = RuleEngine::Compile(std::move(set).value());
  REQUIRE_FALSE(engine.ok());
  CHECK(engine.status().code() == Code::kRuleError);
  CHECK(engine.status().where().line == 3);
  std::string text = engine.status().ToString();
  // Ours exactly; RE2's wording ("missing )") only by Contains.
  CHECK_THAT(text, Catch::StartsWith("rules/identity.rules:3: rule error: in rule "
                                     "'identity.number': "));
  CHECK_THAT(text, Catch::Contains("missing )") && Catch::Contains(": Số\\s*:\\s*(?P<number>\\d+\n"));
  CHECK_THAT(text, Catch::EndsWith("\n  pattern  = Số\\s*:\\s*(?P<number>\\d+\n"
                                   "             ^ near here"));

  // The caret goes under the offending part when RE2 names it.
  Result<RuleSet> repeat = ParseRules("t.rules",
                                      "rule r\n"
                                      "  pattern = ab(?P<g>c)**\n"
                                      "  fill = g -> a\n"
                                      "  example = \"x\" => (no match)\n");
  REQUIRE(repeat.ok());
  Result<RuleEngine> bad = RuleEngine::Compile(std::move(repeat).value());
  REQUIRE_FALSE(bad.ok());
  CHECK_THAT(bad.status().ToString(),
             Catch::EndsWith("\n  pattern = ab(?P<g>c)**\n                      ^ near here"));

  // (?<name>) is not RE2 2022-06-01 syntax.
  Result<RuleSet> modern = ParseRules("t.rules",
                                      "rule r\n"
                                      "  pattern = (?<g>c)\n"
                                      "  fill = \"x\" -> a\n"
                                      "  example = \"c\" => a=x\n");
  REQUIRE(modern.ok());
  CHECK_FALSE(RuleEngine::Compile(std::move(modern).value()).ok());
}

TEST_CASE("RuleEngine may be used by several threads at once", "[rules]") {
  RuleEngine engine = MustCompile(kNumberRules);
  std::string text;
  for (int copy = 0; copy < 200; ++copy) text += "Số: " + std::to_string(copy) + "/QĐ-UBND\n";
  size_t counts[2] = {0, 0};
  std::thread first([&] { counts[0] = engine.Match(text, "number").size(); });
  std::thread second([&] { counts[1] = engine.Match(text, "number").size(); });
  first.join();
  second.join();
  CHECK(counts[0] == 200);
  CHECK(counts[1] == 200);
}

}  // namespace
}  // namespace docpipe
