// Fuzzes the rule engine with the repository's rules (rules/, compiled once):
// the input is normalised (Match requires NFC text), matched, and every
// match's groups and fills are read. Asserts spans lie inside the text.

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>
#include <utility>

#include "pipeline/normalize/normalizer.h"
#include "pipeline/rules/rule_engine.h"
#include "pipeline/rules/rule_parser.h"
#include "tests/fuzz/fuzz_check.h"

namespace {

const docpipe::RuleEngine& Engine() {
  static const docpipe::RuleEngine* engine = [] {
    docpipe::Result<docpipe::RuleSet> rules =
        docpipe::LoadRuleDirectory(std::string(DOCPIPE_SOURCE_DIR) + "/rules");
    if (!rules.ok()) {
      std::fprintf(stderr, "rule_engine_fuzzer: cannot load rules/\n");
      std::abort();
    }
    docpipe::Result<docpipe::RuleEngine> compiled =
        docpipe::RuleEngine::Compile(std::move(rules).value());
    if (!compiled.ok()) {
      std::fprintf(stderr, "rule_engine_fuzzer: rules/ does not compile\n");
      std::abort();
    }
    return new docpipe::RuleEngine(std::move(compiled).value());
  }();
  return *engine;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace docpipe;
  const RuleEngine& engine = Engine();
  NormalizedText normalized =
      NormalizeText(std::string_view(reinterpret_cast<const char*>(data), size));
  const std::string& text = normalized.text;
  for (const RuleMatch& match : engine.Match(text)) {
    FUZZ_CHECK(match.rule != nullptr);
    FUZZ_CHECK(match.span.begin <= match.span.end && match.span.end <= text.size());
    for (const GroupMatch& group : match.groups) {
      FUZZ_CHECK(group.span.begin <= group.span.end && group.span.end <= text.size());
      match.Group(text, group.name);
    }
    engine.Fills(text, match);
  }
  return 0;
}
