// Fuzzes the rule-file parser, and compiles every rule set it accepts (a
// parsed pattern must either compile or be refused with a Status).

#include <cstddef>
#include <cstdint>
#include <string_view>
#include <utility>

#include "pipeline/rules/rule_engine.h"
#include "pipeline/rules/rule_parser.h"
#include "tests/fuzz/fuzz_check.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace docpipe;
  std::string_view input(reinterpret_cast<const char*>(data), size);
  Result<RuleSet> rules = ParseRules("fuzz.rules", input);
  if (!rules.ok()) {
    FUZZ_CHECK(!rules.status().ok());
    return 0;
  }
  size_t count = rules->rules.size();
  Result<RuleEngine> engine = RuleEngine::Compile(std::move(rules).value());
  if (engine.ok()) {
    FUZZ_CHECK(engine->rules().size() == count);
    // Run the set over its own source text: rules that match their file.
    for (const RuleMatch& match : engine->Match(input)) {
      FUZZ_CHECK(match.rule != nullptr);
      FUZZ_CHECK(match.span.begin <= match.span.end && match.span.end <= size);
      engine->Fills(input, match);
    }
  }
  return 0;
}
