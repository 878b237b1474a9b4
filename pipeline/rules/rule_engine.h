// pipeline/rules/rule_engine.h
//
// Runs a compiled rule set over normalised text: each rule of the asked id
// prefix is run with RE2 from the start of the text, extracting its named
// groups at every non-overlapping position.
//
// Stage: normalize -> [rules] -> extract. RE2 is used only in rules/*.cc.

#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "pipeline/base/result.h"
#include "pipeline/model/span.h"
#include "pipeline/rules/rule.h"

namespace docpipe {

struct GroupMatch {
  std::string name;  // group name
  Span span;         // byte offsets into the text passed to Match(); empty if unmatched
};

struct RuleMatch {
  const Rule* rule = nullptr;  // owned by the RuleEngine; valid while the engine lives
  Span span;
  std::vector<GroupMatch> groups;  // in pattern order

  // The text of group "name" within "text" ("" if absent or unmatched).
  std::string_view Group(std::string_view text, std::string_view name) const;
};

// A RuleEngine is immutable once built and may be used by several threads at
// once without locking.
class RuleEngine {
 public:
  // Compiles every rule of "rules" (moved into the engine). If any pattern
  // does not compile, returns kRuleError with the rule's file and line and
  // RE2's message; no partial engine is ever returned.
  static Result<RuleEngine> Compile(RuleSet rules);

  // Movable; not copyable: holds compiled automata.
  RuleEngine(RuleEngine&&) noexcept;
  RuleEngine& operator=(RuleEngine&&) noexcept;
  RuleEngine(const RuleEngine&) = delete;
  RuleEngine& operator=(const RuleEngine&) = delete;
  ~RuleEngine();

  // Every match of every rule whose id starts with "id_prefix" ("" = all) in
  // "text", ordered by start offset, then priority (highest first). Matches of
  // one rule do not overlap each other; matches of different rules may.
  // REQUIRES: "text" is NFC-normalised UTF-8 (normalize/normalizer.h).
  std::vector<RuleMatch> Match(std::string_view text, std::string_view id_prefix = "") const;

  // Applies the fills of "match": target -> value pairs (constants included).
  std::vector<std::pair<std::string, std::string>> Fills(std::string_view text,
                                                         const RuleMatch& match) const;

  const std::vector<Rule>& rules() const;
  const std::string& version() const;

 private:
  struct Impl;
  explicit RuleEngine(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace docpipe
