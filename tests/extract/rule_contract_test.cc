// The rule <-> extractor contract is checked when rules are loaded: a rule
// file missing a rule an extractor needs, or holding a rule no extractor
// reads, fails with file:line.

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include <catch2/catch.hpp>

#include "pipeline/extract/rule_contract.h"
#include "pipeline/jobs/pipeline.h"
#include "pipeline/rules/rule_parser.h"
#include "tests/test_util.h"

namespace docpipe {
namespace {

namespace fs = std::filesystem;

// A copy of the source tree's rules/ in a fresh folder, one file edited.
std::string RulesCopy(const std::string& name, const std::string& file,
                      const std::string& from, const std::string& to) {
  fs::path dir = fs::temp_directory_path() / ("docpipe-contract-" + name);
  fs::remove_all(dir);
  fs::copy(testing::SourcePath("rules"), dir, fs::copy_options::recursive);
  std::ifstream in(dir / file);
  std::stringstream buffer;
  buffer << in.rdbuf();
  std::string text = buffer.str();
  size_t at = text.find(from);
  REQUIRE(at != std::string::npos);
  text.replace(at, from.size(), to);
  std::ofstream(dir / file, std::ios::trunc) << text;
  return dir.string();
}

TEST_CASE("The rules of the source tree satisfy every extractor's contract", "[extract]") {
  Result<RuleSet> rules = LoadRuleDirectory(testing::SourcePath("rules"));
  REQUIRE(rules.ok());
  Status status = CheckRuleContract(rules->rules);
  INFO(status.detail());
  CHECK(status.ok());
}

TEST_CASE("A rule file missing a rule an extractor needs fails to load with file:line", "[extract]") {
  // Renaming the rule keeps the file valid for the parser; only the
  // contract can notice that identity.number is gone.
  std::string dir = RulesCopy("missing", "identity.rules", "rule identity.number\n",
                              "rule identity.numero\n");
  Result<std::unique_ptr<Pipeline>> pipeline = Pipeline::Load(dir);
  REQUIRE_FALSE(pipeline.ok());
  CHECK(pipeline.status().code() == Code::kRuleError);
  CHECK(pipeline.status().detail().find("identity.number") != std::string::npos);
  CHECK(pipeline.status().where().file.find("identity.rules") != std::string::npos);
  CHECK(pipeline.status().where().line > 0);
  fs::remove_all(dir);
}

TEST_CASE("A rule no extractor reads fails to load at its own line", "[extract]") {
  std::string dir = RulesCopy("unknown", "figures.rules", "rule figure.amount\n",
                              "rule figures.amount\n");
  Result<std::unique_ptr<Pipeline>> pipeline = Pipeline::Load(dir);
  REQUIRE_FALSE(pipeline.ok());
  CHECK(pipeline.status().code() == Code::kRuleError);
  CHECK(pipeline.status().detail().find("figures.amount") != std::string::npos);
  CHECK(pipeline.status().where().file.find("figures.rules") != std::string::npos);
  CHECK(pipeline.status().where().line > 0);
  fs::remove_all(dir);
}

}  // namespace
}  // namespace docpipe
