#include "pipeline/rules/rule_parser.h"

#include <string>

#include <catch2/catch.hpp>

#include "tests/test_util.h"

namespace docpipe {
namespace {

// The error text of parsing "text" as "t.rules" ("" when it parses).
std::string ParseError(const std::string& text) {
  Result<RuleSet> set = ParseRules("t.rules", text);
  return set.ok() ? "" : set.status().ToString();
}

TEST_CASE("RuleParser reads a rule with its priority, fills and examples", "[rules]") {
  Result<RuleSet> set = ParseRules(
      "t.rules",
      "# Số, ký hiệu\n"
      "rule identity.number\n"
      "  priority = 10\n"
      "  pattern  = Số\\s*:\\s*(?P<number>\\d+/[\\p{Lu}-]+)  \n"
      "  fill     = number -> document.number\n"
      "  fill     = \"Quyết định\" -> document.kind\n"
      "\n"
      "  example  = \"Số: 1520/QĐ-UBND\" => document.number=1520/QĐ-UBND document.kind=\"Quyết "
      "định\"\n"
      "  example  = \"a \\\"q\\\"\\nb\\\\\" => (no match)\n"
      "  example  = \"Số: 1/QĐ\" => (match)\n"
      "rule second\n"
      "\tpattern = x\n"
      "\tfill = \"c\" -> a.b\n"
      "\texample = \"x\" => a.b=c\n");
  INFO((set.ok() ? std::string() : set.status().ToString()));
  REQUIRE(set.ok());
  REQUIRE(set->rules.size() == 2);
  const Rule& rule = set->rules[0];
  CHECK(rule.id == "identity.number");
  CHECK(rule.file == "t.rules");
  CHECK(rule.line == 2);
  CHECK(rule.priority == 10);
  CHECK(rule.pattern == "Số\\s*:\\s*(?P<number>\\d+/[\\p{Lu}-]+)");  // trailing blanks dropped
  CHECK(rule.pattern_line == 4);
  CHECK(rule.pattern_column == 12);
  CHECK(rule.pattern_line_text == "pattern  = Số\\s*:\\s*(?P<number>\\d+/[\\p{Lu}-]+)");
  REQUIRE(rule.fills.size() == 2);
  CHECK(rule.fills[0].group == "number");
  CHECK(rule.fills[0].target == "document.number");
  CHECK(rule.fills[1].group.empty());
  CHECK(rule.fills[1].constant == "Quyết định");
  CHECK(rule.fills[1].target == "document.kind");
  REQUIRE(rule.examples.size() == 3);
  CHECK(rule.examples[0].line == 8);
  CHECK(rule.examples[0].text == "Số: 1520/QĐ-UBND");
  CHECK_FALSE(rule.examples[0].no_match);
  REQUIRE(rule.examples[0].expect.size() == 2);
  CHECK(rule.examples[0].expect[0].first == "document.number");
  CHECK(rule.examples[0].expect[0].second == "1520/QĐ-UBND");
  CHECK(rule.examples[0].expect[1].second == "Quyết định");
  CHECK(rule.examples[1].text == "a \"q\"\nb\\");
  CHECK(rule.examples[1].no_match);
  CHECK_FALSE(rule.examples[2].no_match);
  CHECK(rule.examples[2].expect.empty());
  CHECK(set->rules[1].priority == 0);
  CHECK(set->version.size() == 16);
}

TEST_CASE("RuleParser version depends on the file's name and bytes", "[rules]") {
  const std::string text = "rule r\n  pattern = x\n  fill = \"c\" -> a\n  example = \"x\" => a=c\n";
  Result<RuleSet> a = ParseRules("t.rules", text);
  Result<RuleSet> b = ParseRules("t.rules", text + "# more\n");
  Result<RuleSet> c = ParseRules("u.rules", text);
  Result<RuleSet> again = ParseRules("t.rules", text);
  REQUIRE((a.ok() && b.ok() && c.ok() && again.ok()));
  CHECK(a->version == again->version);
  CHECK(a->version != b->version);
  CHECK(a->version != c->version);
}

TEST_CASE("RuleParser reports an unknown key with file, line and caret", "[rules]") {
  CHECK(ParseError("rule r\n  patern = x\n") ==
        "t.rules:2: rule error: unknown key 'patern' (did you mean 'pattern'?)\n"
        "  patern = x\n"
        "  ^ near here");
  CHECK(ParseError("rule r\n  exemple = x\n") ==
        "t.rules:2: rule error: unknown key 'exemple' (did you mean 'example'?)\n"
        "  exemple = x\n"
        "  ^ near here");
  CHECK(ParseError("rule r\n  target = x\n") ==
        "t.rules:2: rule error: unknown key 'target' (known keys: priority, pattern, fill, "
        "example)\n"
        "  target = x\n"
        "  ^ near here");
}

TEST_CASE("RuleParser reports lines outside a rule and bad rule heads", "[rules]") {
  CHECK(ParseError("  pattern = x\n") ==
        "t.rules:1: rule error: setting outside a rule (start one with 'rule <id>' at the start "
        "of a line)\n"
        "  pattern = x\n"
        "  ^ near here");
  CHECK(ParseError("# c\nrules r\n") ==
        "t.rules:2: rule error: expected 'rule <id>' at the start of a line (settings are "
        "indented)\n"
        "  rules r\n"
        "  ^ near here");
  CHECK(ParseError("rule a/b\n") ==
        "t.rules:1: rule error: bad rule id 'a/b' (use letters, digits, '_', '-', '.')\n"
        "  rule a/b\n"
        "       ^ near here");
}

TEST_CASE("RuleParser reports a duplicate id naming the first definition", "[rules]") {
  const std::string rule = "  pattern = x\n  fill = \"c\" -> a\n  example = \"x\" => a=c\n";
  CHECK(ParseError("rule dup\n" + rule + "rule dup\n" + rule) ==
        "t.rules:5: rule error: duplicate rule id 'dup' (first defined at t.rules:1)\n"
        "  rule dup\n"
        "       ^ near here");
}

TEST_CASE("RuleParser reports a rule without pattern, fill or example", "[rules]") {
  CHECK(ParseError("rule r\n  fill = \"c\" -> a\n  example = \"x\" => a=c\n") ==
        "t.rules:1: rule error: rule 'r' has no pattern\n"
        "  rule r\n"
        "       ^ near here");
  CHECK(ParseError("rule r\n  pattern = x\n  example = \"x\" => (match)\n") ==
        "t.rules:1: rule error: rule 'r' has no fill\n"
        "  rule r\n"
        "       ^ near here");
  CHECK(ParseError("rule r\n  pattern = x\n  fill = \"c\" -> a\nrule s\n") ==
        "t.rules:1: rule error: rule 'r' has no example (every rule needs at least one)\n"
        "  rule r\n"
        "       ^ near here");
}

TEST_CASE("RuleParser reports a fill naming a group the pattern lacks", "[rules]") {
  CHECK(ParseError("rule r\n"
                   "  pattern = (?P<num>\\d+)\n"
                   "  fill = num -> a\n"
                   "  fill = number -> b\n"
                   "  example = \"1\" => a=1\n") ==
        "t.rules:4: rule error: fill names group 'number' that the pattern lacks (its groups: "
        "num)\n"
        "  fill = number -> b\n"
        "         ^ near here");
}

TEST_CASE("RuleParser reports a group that fills nothing, with a caret under it", "[rules]") {
  CHECK(ParseError("rule r\n"
                   "  pattern  = Số: (?P<number>\\d+)/(?P<symbol>\\p{Lu}+)\n"
                   "  fill     = number -> document.number\n"
                   "  example  = \"Số: 1/QĐ\" => document.number=1\n") ==
        "t.rules:2: rule error: group 'symbol' fills nothing (add 'fill = symbol -> TARGET' or "
        "make it (?:...))\n"
        "  pattern  = Số: (?P<number>\\d+)/(?P<symbol>\\p{Lu}+)\n"
        "                                 ^ near here");
  // Escaped parentheses and character classes are not groups.
  CHECK(ParseError("rule r\n"
                   "  pattern = \\(?P<x>[(?P<y>]\n"
                   "  fill = \"c\" -> a\n"
                   "  example = \"P<x>(\" => a=c\n") == "");
}

TEST_CASE("RuleParser reports malformed fills", "[rules]") {
  CHECK(ParseError("rule r\n  pattern = x\n  fill = -> a\n") ==
        "t.rules:3: rule error: expected 'group -> target' or '\"constant\" -> target'\n"
        "  fill = -> a\n"
        "         ^ near here");
  CHECK(ParseError("rule r\n  pattern = (?P<g>x)\n  fill = g => a\n") ==
        "t.rules:3: rule error: expected 'group -> target' or '\"constant\" -> target'\n"
        "  fill = g => a\n"
        "           ^ near here");
  CHECK(ParseError("rule r\n  pattern = (?P<g>x)\n  fill = g -> Document.Number\n") ==
        "t.rules:3: rule error: bad target 'Document.Number' (use lower-case dotted names such as "
        "document.number)\n"
        "  fill = g -> Document.Number\n"
        "              ^ near here");
  CHECK(ParseError("rule r\n  pattern = x\n  fill = \"c -> a\n") ==
        "t.rules:3: rule error: unterminated string\n"
        "  fill = \"c -> a\n"
        "         ^ near here");
}

TEST_CASE("RuleParser reports malformed examples", "[rules]") {
  const std::string head = "rule r\n  pattern = (?P<g>x)\n  fill = g -> a\n";
  CHECK(ParseError(head + "  example = x => a=x\n") ==
        "t.rules:4: rule error: expected a quoted string\n"
        "  example = x => a=x\n"
        "            ^ near here");
  CHECK(ParseError(head + "  example = \"x\" a=x\n") ==
        "t.rules:4: rule error: expected '=>' after the example text\n"
        "  example = \"x\" a=x\n"
        "                ^ near here");
  CHECK(ParseError(head + "  example = \"x\" =>\n") ==
        "t.rules:4: rule error: expected 'target=value ...', '(match)' or '(no match)' after "
        "'=>'\n"
        "  example = \"x\" =>\n"
        "                  ^ near here");
  CHECK(ParseError(head + "  example = \"x\" => a=x nothing\n") ==
        "t.rules:4: rule error: expected 'target=value'\n"
        "  example = \"x\" => a=x nothing\n"
        "                       ^ near here");
  CHECK(ParseError(head + "  example = \"\\q\" => a=x\n") ==
        "t.rules:4: rule error: bad escape '\\q' (use \\\" \\\\ \\n \\t)\n"
        "  example = \"\\q\" => a=x\n"
        "             ^ near here");
}

TEST_CASE("RuleParser reports a second pattern and a bad priority", "[rules]") {
  CHECK(ParseError("rule r\n  pattern = x\n  pattern = y\n") ==
        "t.rules:3: rule error: second 'pattern' in rule 'r'\n"
        "  pattern = y\n"
        "  ^ near here");
  CHECK(ParseError("rule r\n  priority = high\n") ==
        "t.rules:2: rule error: priority must be an integer, not 'high'\n"
        "  priority = high\n"
        "             ^ near here");
  CHECK(ParseError("rule r\n  pattern x\n") ==
        "t.rules:2: rule error: expected '=' after 'pattern'\n"
        "  pattern x\n"
        "          ^ near here");
}

TEST_CASE("LoadRuleDirectory reports a missing folder and errors with the file's path", "[rules]") {
  Result<RuleSet> missing = LoadRuleDirectory("/nonexistent/docpipe-rules");
  REQUIRE_FALSE(missing.ok());
  CHECK(missing.status().code() == Code::kNotFound);

  testing::TempDir dir;
  const std::string rule = "  pattern = x\n  fill = \"c\" -> a\n  example = \"x\" => a=c\n";
  {
    std::FILE* a = std::fopen(dir.File("a.rules").c_str(), "w");
    std::FILE* b = std::fopen(dir.File("b.rules").c_str(), "w");
    REQUIRE((a != nullptr && b != nullptr));
    std::string text_a = "rule one\n" + rule;
    std::string text_b = "# b\nrule one\n" + rule;
    std::fwrite(text_a.data(), 1, text_a.size(), a);
    std::fwrite(text_b.data(), 1, text_b.size(), b);
    std::fclose(a);
    std::fclose(b);
  }
  Result<RuleSet> set = LoadRuleDirectory(dir.path());
  REQUIRE_FALSE(set.ok());
  CHECK(set.status().ToString() == dir.File("b.rules") +
                                       ":2: rule error: duplicate rule id 'one' (first defined at " +
                                       dir.File("a.rules") + ":1)\n  rule one\n       ^ near here");
}

}  // namespace
}  // namespace docpipe
