// Runs every inline example of every rule file in the top-level rules/
// folder (rules/README.md, "Feedback"), and checks that the rule-set version
// follows the bytes of the files.

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <string>
#include <utility>
#include <vector>

#include <catch2/catch.hpp>

#include "pipeline/base/strings.h"
#include "pipeline/normalize/normalizer.h"
#include "pipeline/rules/rule_engine.h"
#include "pipeline/rules/rule_parser.h"
#include "tests/test_util.h"

namespace docpipe {
namespace {

using Pairs = std::vector<std::pair<std::string, std::string>>;

std::string Show(const Pairs& pairs) {
  if (pairs.empty()) return "(nothing)";
  std::string out;
  for (const auto& [target, value] : pairs) {
    if (!out.empty()) out += ' ';
    out += target + "=\"" + value + "\"";
  }
  return out;
}

// The failure text for one example, or "" when it passes.
std::string CheckExample(const RuleEngine& engine, const Rule& rule, const Example& example) {
  NormalizedText normalized = NormalizeText(example.text);
  const std::string& text = normalized.text;
  std::vector<RuleMatch> matches = engine.Match(text, rule.id);
  auto first = std::find_if(matches.begin(), matches.end(),
                            [&](const RuleMatch& m) { return m.rule->id == rule.id; });
  std::string where = rule.file + ":" + std::to_string(example.line) + ": rule " + rule.id +
                      ", example \"" + example.text + "\": ";
  if (example.no_match) {
    if (first == matches.end()) return "";
    return where + "want (no match), got a match at \"" +
           text.substr(first->span.begin, first->span.size()) + "\" filling " +
           Show(engine.Fills(text, *first));
  }
  if (first == matches.end()) return where + "want " + Show(example.expect) + ", got no match";
  Pairs got = engine.Fills(text, *first);
  Pairs want = example.expect;
  std::sort(got.begin(), got.end());
  std::sort(want.begin(), want.end());
  if (got == want) return "";
  return where + "want " + Show(want) + ", got " + Show(engine.Fills(text, *first));
}

TEST_CASE("Rule files' inline examples all pass", "[rules]") {
  Result<RuleSet> set = LoadRuleDirectory(testing::SourcePath("rules"));
  if (!set.ok()) FAIL(set.status().ToString());
  REQUIRE_FALSE(set->rules.empty());
  Result<RuleEngine> engine = RuleEngine::Compile(*set);
  if (!engine.ok()) FAIL(engine.status().ToString());

  int examples = 0;
  int failures = 0;
  for (const Rule& rule : engine->rules()) {
    for (const Example& example : rule.examples) {
      ++examples;
      std::string failure = CheckExample(*engine, rule, example);
      if (failure.empty()) continue;
      ++failures;
      FAIL_CHECK(failure);
    }
  }
  CHECK(failures == 0);
  CHECK(examples >= static_cast<int>(engine->rules().size()));
}

// Every letter of the Vietnamese alphabet in every tone, and the four Latin
// letters it lacks (foreign names), lower case; capitals are made by
// Capitalise below.
const char kVietnameseLetters[] =
    "aàáảãạăằắẳẵặâầấẩẫậbcdđeèéẻẽẹêềếểễệfghiìíỉĩịjklmnoòóỏõọôồốổỗộơờớởỡợpqrstu"
    "ùúủũụưừứửữựvwxyỳýỷỹỵz";

std::vector<std::string> Letters(std::string_view text) {
  std::vector<std::string> letters;
  for (size_t pos = 0; pos < text.size();) {
    size_t begin = pos;
    DecodeUtf8(text, &pos);
    letters.emplace_back(text.substr(begin, pos - begin));
  }
  return letters;
}

// The class a rule author copies for "a capital" (rules/README.md, "Letter
// classes"), read from the README itself.
std::string DocumentedCapitalClass() {
  std::ifstream in(testing::SourcePath("rules/README.md"));
  std::string line;
  const std::string label = "- a capital: `";
  while (std::getline(in, line)) {
    size_t at = line.find(label);
    if (at == std::string::npos) continue;
    size_t end = line.find('`', at + label.size());
    if (end != std::string::npos) return line.substr(at + label.size(), end - at - label.size());
  }
  return "";
}

TEST_CASE("Rules read letters with the narrow classes of rules/README.md", "[rules]") {
  Result<RuleSet> set = LoadRuleDirectory(testing::SourcePath("rules"));
  if (!set.ok()) FAIL(set.status().ToString());
  // \p{L}, \p{Lu}, \p{Ll}: every script's letters, compiled by RE2 into
  // automata of hundreds of ranges for each occurrence.
  for (const Rule& rule : set->rules) {
    for (std::string_view broad : {"\\p{L}", "\\p{Lu}", "\\p{Ll}", "\\pL"}) {
      INFO(rule.file << ":" << rule.pattern_line << ": rule " << rule.id);
      CHECK(rule.pattern.find(broad) == std::string::npos);
    }
  }

  // The documented classes hold every Vietnamese letter, capitals only the
  // capitals (as \p{L} and \p{Lu} did).
  std::string capital = DocumentedCapitalClass();
  REQUIRE(StartsWith(capital, "[A-Z"));
  RuleEngine engine = [&] {
    Result<RuleSet> classes = ParseRules(
        "classes.rules", "rule letter\n  pattern = \\A\\p{Latin}\\z\n  fill = \"l\" -> t\n"
                         "  example = \"ệ\" => t=l\n"
                         "rule capital\n  pattern = \\A" + capital + "\\z\n  fill = \"c\" -> t\n"
                         "  example = \"Ệ\" => t=c\n");
    REQUIRE(classes.ok());
    Result<RuleEngine> compiled = RuleEngine::Compile(std::move(classes).value());
    REQUIRE(compiled.ok());
    return std::move(compiled).value();
  }();
  std::vector<std::string> lower = Letters(kVietnameseLetters);
  std::vector<std::string> upper = Letters(
      "AÀÁẢÃẠĂẰẮẲẴẶÂẦẤẨẪẬBCDĐEÈÉẺẼẸÊỀẾỂỄỆFGHIÌÍỈĨỊJKLMNOÒÓỎÕỌÔỒỐỔỖỘƠỜỚỞỠỢPQRSTU"
      "ÙÚỦŨỤƯỪỨỬỮỰVWXYỲÝỶỸỴZ");
  REQUIRE(lower.size() == 93);
  REQUIRE(upper.size() == lower.size());
  for (const std::string& letter : lower) {
    INFO(letter);
    CHECK(engine.Match(letter, "letter").size() == 1);
    CHECK(engine.Match(letter, "capital").empty());
  }
  for (const std::string& letter : upper) {
    INFO(letter);
    CHECK(engine.Match(letter, "letter").size() == 1);
    CHECK(engine.Match(letter, "capital").size() == 1);
  }
  for (std::string_view other : {"0", "-", " ", "×", "÷", "ˆ"}) {
    INFO(other);
    CHECK(engine.Match(other, "letter").empty());
    CHECK(engine.Match(other, "capital").empty());
  }
}

// Replaces one ASCII letter of "bytes" by another: for a rule file, one in
// the first comment line (so that the file still parses), otherwise one in
// the second half of the file. False if there is none.
bool ChangeOneByte(std::string* bytes, bool in_comment) {
  size_t from = bytes->size() / 2;
  size_t to = bytes->size();
  if (in_comment) {
    from = StartsWith(*bytes, "#") ? 0 : bytes->find("\n#");
    if (from == std::string::npos) return false;
    to = bytes->find('\n', from + 1);
    if (to == std::string::npos) to = bytes->size();
  }
  for (size_t pos = from; pos < to; ++pos) {
    char& c = (*bytes)[pos];
    if (c >= 'a' && c <= 'z') {
      c = c == 'x' ? 'y' : 'x';
      return true;
    }
  }
  return false;
}

void WriteAll(const std::string& path, const std::string& bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << bytes;
}

TEST_CASE("RuleSet version changes when any rule or data file changes", "[rules]") {
  namespace fs = std::filesystem;
  testing::TempDir dir;
  REQUIRE_FALSE(dir.path().empty());
  std::vector<std::string> names;
  for (const auto& entry : fs::directory_iterator(testing::SourcePath("rules"))) {
    // Subfolders (rules/crosscheck/) are not part of the rule set.
    if (!entry.is_regular_file()) continue;
    std::string name = entry.path().filename().string();
    fs::copy_file(entry.path(), dir.File(name));
    if (entry.path().extension() == ".rules" || entry.path().extension() == ".tsv") {
      names.push_back(name);
    }
  }
  std::sort(names.begin(), names.end());
  REQUIRE(std::find(names.begin(), names.end(), "agencies.tsv") != names.end());
  REQUIRE(std::find(names.begin(), names.end(), "identity.rules") != names.end());

  Result<RuleSet> original = LoadRuleDirectory(testing::SourcePath("rules"));
  Result<RuleSet> copy = LoadRuleDirectory(dir.path());
  REQUIRE(original.ok());
  REQUIRE(copy.ok());
  CHECK(copy->version.size() == 16);
  CHECK(copy->version == original->version);  // a hash of bytes and names, not of paths

  for (const std::string& name : names) {
    INFO(name);
    std::string bytes = testing::ReadAll(dir.File(name));
    std::string changed = bytes;
    REQUIRE(ChangeOneByte(&changed, name.size() > 6 && name.substr(name.size() - 6) == ".rules"));
    WriteAll(dir.File(name), changed);
    Result<RuleSet> after = LoadRuleDirectory(dir.path());
    INFO((after.ok() ? std::string() : after.status().ToString()));
    REQUIRE(after.ok());
    CHECK(after->version != original->version);
    WriteAll(dir.File(name), bytes);
  }
  Result<RuleSet> restored = LoadRuleDirectory(dir.path());
  REQUIRE(restored.ok());
  CHECK(restored->version == original->version);

  // The README is documentation: editing it does not change the version.
  WriteAll(dir.File("README.md"), "changed\n");
  Result<RuleSet> readme = LoadRuleDirectory(dir.path());
  REQUIRE(readme.ok());
  CHECK(readme->version == original->version);
}

}  // namespace
}  // namespace docpipe
