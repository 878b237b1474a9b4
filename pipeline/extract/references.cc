// Cited documents: kind, number, date, issuer ("reference." rules). The kind
// of a number cited without one ("số 5570/BTC-TTTN") or as a generic "Văn
// bản" comes from its symbol ("symbol." rules, run once over all numbers);
// a symbol without a kind abbreviation is a Công văn (Nghị định
// 30/2020/NĐ-CP, Phụ lục VI). One Reference per distinct number, the first
// dated citation preferred.

#include <algorithm>
#include <map>
#include <string>
#include <vector>

#include "pipeline/base/strings.h"
#include "pipeline/extract/extract_internal.h"
#include "pipeline/normalize/fold.h"

namespace docpipe::extract_internal {
namespace {

bool GenericKind(std::string_view kind) {
  std::string key = FoldKey(kind);
  return key.empty() || key == "van ban" || key == "so";
}

struct Candidate {
  Reference reference;
  Span span;
  int priority = 0;
};

}  // namespace

std::vector<Reference> ExtractReferences(const Input& in, const Identity& identity) {
  std::string_view text = in.text();
  std::vector<Candidate> candidates;
  for (const RuleMatch& match : in.rules.Match(text, "reference.")) {
    Span number_span = GroupSpan(match, "number");
    std::string number = CanonicalDocNumber(Slice(text, number_span));
    if (number.empty() || number[0] < '0' || number[0] > '9') continue;
    Candidate candidate;
    candidate.span = match.span;
    candidate.priority = match.rule->priority;
    Reference& ref = candidate.reference;
    ref.number = number;
    auto fills = in.rules.Fills(text, match);
    std::string kind = CanonicalKind(FillValue(fills, "reference.kind"));
    ref.kind = kind;
    ref.date = IsoDay(CollapseSpaces(match.Group(text, "date")));
    std::string issuer = CollapseSpaces(match.Group(text, "issuer"));
    if (!issuer.empty() && in.agencies != nullptr) {
      bool fuzzy = false;
      int hit = in.agencies->Resolve(issuer, &fuzzy);
      if (hit >= 0 && !fuzzy) issuer = in.agencies->agencies()[hit].canonical;
    }
    ref.issuer = issuer;
    ref.where = MakeProvenance(in, match.span, match.rule->id);
    candidates.push_back(std::move(candidate));
  }
  // Overlapping matches of different rules: keep the earliest, then the
  // higher priority, then the longer.
  std::stable_sort(candidates.begin(), candidates.end(), [](const Candidate& a, const Candidate& b) {
    if (a.span.begin != b.span.begin) return a.span.begin < b.span.begin;
    if (a.priority != b.priority) return a.priority > b.priority;
    return a.span.end > b.span.end;
  });
  std::vector<Candidate> kept;
  for (Candidate& candidate : candidates) {
    bool overlaps = false;
    for (const Candidate& other : kept) {
      if (candidate.span.begin < other.span.end && other.span.begin < candidate.span.end &&
          candidate.reference.number == other.reference.number) {
        overlaps = true;
      }
    }
    if (!overlaps) kept.push_back(std::move(candidate));
  }

  // Kinds from symbols: all numbers on one line each, one engine pass.
  std::string numbers;
  std::vector<size_t> offsets;
  for (const Candidate& candidate : kept) {
    offsets.push_back(numbers.size());
    numbers += candidate.reference.number;
    numbers += '\n';
  }
  std::vector<std::string> symbol_kind(kept.size());
  std::vector<std::string> symbol_issuer(kept.size());
  for (const RuleMatch& match : in.rules.Match(numbers, "symbol.")) {
    auto it = std::upper_bound(offsets.begin(), offsets.end(), match.span.begin);
    if (it == offsets.begin()) continue;
    size_t idx = static_cast<size_t>(it - offsets.begin()) - 1;
    auto fills = in.rules.Fills(numbers, match);
    std::string kind = FillValue(fills, "reference.kind");
    std::string issuer = FillValue(fills, "reference.issuer");
    if (!kind.empty() && symbol_kind[idx].empty()) symbol_kind[idx] = kind;
    if (!issuer.empty() && symbol_issuer[idx].empty()) symbol_issuer[idx] = issuer;
  }
  for (size_t idx = 0; idx < kept.size(); ++idx) {
    Reference& ref = kept[idx].reference;
    if (GenericKind(ref.kind)) {
      ref.kind = !symbol_kind[idx].empty() ? symbol_kind[idx] : "Công văn";
    }
    if (ref.issuer.empty()) ref.issuer = symbol_issuer[idx];
  }

  // One reference per number; the document's own number is not a citation.
  std::vector<Reference> result;
  std::map<std::string, size_t> by_number;
  for (Candidate& candidate : kept) {
    Reference& ref = candidate.reference;
    if (ref.number == identity.number.value) continue;
    auto found = by_number.find(ref.number);
    if (found == by_number.end()) {
      by_number.emplace(ref.number, result.size());
      result.push_back(std::move(ref));
      continue;
    }
    Reference& first = result[found->second];
    if (first.date.empty() && !ref.date.empty()) {
      // The dated citation carries more; keep its provenance too.
      std::string kind = first.kind;
      first = std::move(ref);
      if (GenericKind(first.kind)) first.kind = kind;
    } else {
      if (first.issuer.empty() && !ref.issuer.empty()) first.issuer = ref.issuer;
    }
  }
  return result;
}

}  // namespace docpipe::extract_internal
