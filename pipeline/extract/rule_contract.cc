#include "pipeline/extract/rule_contract.h"

#include <string>

#include "pipeline/base/strings.h"

namespace docpipe {

const std::vector<ExtractorContract>& ExtractorContracts() {
  // Keep each list in step with the extractor it names: an id dispatched on
  // with == or a FillValue target there belongs here.
  static const std::vector<ExtractorContract> contracts = {
      {"extract/identity.cc",
       {"identity."},
       {"identity.number", "identity.place_date", "identity.motto", "identity.letter_subject",
        "identity.signer_capacity", "identity.addressee", "identity.copies"},
       {"document.kind"}},
      {"extract/references.cc", {"reference.", "symbol."}, {"reference.cited"},
       {"reference.kind", "reference.issuer"}},
      {"extract/util.cc (dates, deadlines)", {"date.", "deadline."}, {}, {"date.relation"}},
      {"extract/util.cc (periods)", {"period."}, {"period.base"}, {"period.form"}},
      // figures.cc also reads "figure.unit_canonical" when a rule for one
      // unit sets it; no rule has to.
      {"extract/figures.cc", {"figure."}, {"figure.amount"}, {}},
      {"extract/util.cc (agency groups)", {"agency_group."}, {}, {"agency.group"}},
  };
  return contracts;
}

namespace {

Status ContractError(const Rule* near, std::string detail) {
  Location where;
  if (near != nullptr) {
    where.file = near->file;
    where.line = near->line;
  }
  return Status::Error(Code::kRuleError, std::move(detail), std::move(where));
}

// The first rule of "family", to point at the file a missing rule belongs in.
const Rule* FirstOfFamily(const std::vector<Rule>& rules, std::string_view family) {
  for (const Rule& rule : rules) {
    if (StartsWith(rule.id, family)) return &rule;
  }
  return nullptr;
}

bool WritesTarget(const std::vector<Rule>& rules, const std::vector<std::string_view>& families,
                  std::string_view target) {
  for (const Rule& rule : rules) {
    bool in_family = false;
    for (std::string_view family : families) in_family = in_family || StartsWith(rule.id, family);
    if (!in_family) continue;
    for (const Fill& fill : rule.fills) {
      if (fill.target == target) return true;
    }
  }
  return false;
}

}  // namespace

Status CheckRuleContract(const std::vector<Rule>& rules, const std::vector<ExtractorContract>& contracts) {
  for (const Rule& rule : rules) {
    bool read = false;
    for (const ExtractorContract& contract : contracts) {
      for (std::string_view family : contract.families) read = read || StartsWith(rule.id, family);
    }
    if (!read) {
      return ContractError(&rule, "no extractor reads rule '" + rule.id +
                                      "' (its id must start with a family an extractor reads, "
                                      "see pipeline/extract/rule_contract.cc)");
    }
  }
  for (const ExtractorContract& contract : contracts) {
    const Rule* near = FirstOfFamily(rules, contract.families.front());
    for (std::string_view id : contract.rules) {
      bool found = false;
      for (const Rule& rule : rules) found = found || rule.id == id;
      if (!found) {
        return ContractError(near, "rule '" + std::string(id) + "' is missing; " +
                                       std::string(contract.extractor) + " needs it");
      }
    }
    for (std::string_view target : contract.targets) {
      if (!WritesTarget(rules, contract.families, target)) {
        return ContractError(near, "no rule fills '" + std::string(target) + "'; " +
                                       std::string(contract.extractor) + " reads it");
      }
    }
  }
  return Status();
}

}  // namespace docpipe
