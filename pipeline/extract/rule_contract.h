// pipeline/extract/rule_contract.h
//
// The contract between the rule files (rules/*.rules) and the extractors
// that read them. Each extractor declares the rule-id families it reads
// ("identity."), the rule ids it dispatches on by name ("identity.number"),
// and the fill targets it reads ("document.kind"). Checked when rules are
// loaded, so that a rule file that lost a rule an extractor needs, or holds
// a rule no extractor reads (a typo in its id), fails at load with file:line
// instead of silently extracting less.
//
// Stage: rules -> [extract].

#pragma once

#include <string_view>
#include <vector>

#include "pipeline/base/status.h"
#include "pipeline/rules/rule.h"

namespace docpipe {

struct ExtractorContract {
  std::string_view extractor;  // "extract/identity.cc"
  std::vector<std::string_view> families;  // id prefixes this extractor reads
  std::vector<std::string_view> rules;     // ids it needs by name
  std::vector<std::string_view> targets;   // fill targets it reads
};

// The contracts of every extractor of pipeline/extract/.
const std::vector<ExtractorContract>& ExtractorContracts();

// kRuleError with the file and line of the first rule that no extractor
// reads, or naming the rule file of the family (line of its first rule) and
// the extractor when a needed rule or fill target is missing.
Status CheckRuleContract(const std::vector<Rule>& rules,
                         const std::vector<ExtractorContract>& contracts = ExtractorContracts());

}  // namespace docpipe
