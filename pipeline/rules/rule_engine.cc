#include "pipeline/rules/rule_engine.h"

// Compile once, match many (RE2's advice). Every pattern is compiled twice:
// into one RE2::Set (UNANCHORED) that answers "which rules match anywhere in
// this text" in a single DFA pass, and into its own RE2 object that extracts
// the groups. Match() runs the set, then each reported rule from offset 0,
// collecting leftmost-first non-overlapping matches with RE2::Match and a
// start position, so that "^" and other context-dependent assertions see the
// whole text rather than a suffix. Every pattern is compiled as "(?m)" +
// pattern: readers emit one paragraph or table cell per line, so "^"/"$"
// are line anchors (rules/README.md).
//
// If the set's DFA runs out of memory on a large text, Match() falls back to
// running every rule; the answer is the same, only slower.
//
// The extractors ask for one id prefix at a time ("identity.", "period.",
// ...), about eight calls per document on the same text. The set's answer
// does not depend on the prefix, so each thread keeps the last text it ran
// the set on (a copy, compared byte for byte: a pointer could be reused by
// another document) and its hits: the set scans a document once, not once
// per prefix. The set pass only decides which rules are worth running, so
// the cache can never change a result, only skip work. The cache holds the
// last two texts: extraction asks about a short derived text (the reference
// numbers, "symbol.") between calls on the document, which with one entry
// evicted the document and cost a second set pass over it.

#include <algorithm>
#include <atomic>
#include <cstdint>
#include <utility>

#include <re2/re2.h>
#include <re2/set.h>

#include "pipeline/base/strings.h"

namespace docpipe {
namespace {

constexpr std::string_view kMultiLine = "(?m)";

RE2::Options PatternOptions() {
  RE2::Options options;
  options.set_log_errors(false);  // we report errors with file:line ourselves
  options.set_encoding(RE2::Options::EncodingUTF8);
  options.set_never_nl(false);
  options.set_max_mem(64 << 20);
  return options;
}

// RE2's error() is "<code text>: <error_arg>"; the argument may carry our
// "(?m)" prefix, which the rule author never wrote.
std::string RuleErrorText(const RE2& re, std::string* arg_out) {
  std::string text = re.error();
  std::string arg = re.error_arg();
  if (!arg.empty() && EndsWith(text, ": " + arg)) text.resize(text.size() - arg.size() - 2);
  if (StartsWith(arg, kMultiLine)) arg = arg.substr(kMultiLine.size());
  *arg_out = arg;
  return arg.empty() ? text : text + ": " + arg;
}

// One set pass of this thread: which engine, on which text, with which hits
// (sorted rule indexes; every rule if the DFA ran out of memory).
struct SetCacheEntry {
  uint64_t engine_id = 0;  // 0: empty
  std::string text;
  std::vector<int> hits;
};

// The last two set passes; "newest" indexes the one used last.
struct SetCache {
  SetCacheEntry entries[2];
  int newest = 0;
};

// Texts larger than this are not copied into the cache (the set pass is then
// repeated per call, as before); documents of the archive are far smaller.
constexpr size_t kMaxCachedText = 16 << 20;

std::atomic<uint64_t> next_engine_id{1};

}  // namespace

struct RuleEngine::Impl {
  uint64_t id = next_engine_id.fetch_add(1);  // never reused, unlike an address
  std::vector<Rule> rules;
  std::string version;
  std::vector<std::unique_ptr<RE2>> patterns;  // parallel to rules
  // Per rule: (capture index, group name) in pattern order.
  std::vector<std::vector<std::pair<int, std::string>>> groups;
  std::unique_ptr<RE2::Set> set;

  void MatchRule(size_t rule_idx, std::string_view text, std::vector<RuleMatch>* out) const;
  // The rules the set reports for "text", sorted; served from this thread's
  // cache when the same engine saw the same text last.
  const std::vector<int>& SetHits(std::string_view text, std::vector<int>* scratch) const;
};

const std::vector<int>& RuleEngine::Impl::SetHits(std::string_view text,
                                                  std::vector<int>* scratch) const {
  thread_local SetCache cache;
  bool cacheable = text.size() <= kMaxCachedText;
  if (cacheable) {
    for (int entry_idx : {cache.newest, 1 - cache.newest}) {
      SetCacheEntry& entry = cache.entries[entry_idx];
      if (entry.engine_id == id && entry.text == text) {
        cache.newest = entry_idx;
        return entry.hits;
      }
    }
  }
  // Replaces the entry used least recently.
  SetCacheEntry& slot = cache.entries[1 - cache.newest];
  std::vector<int>& hits = cacheable ? slot.hits : *scratch;
  hits.clear();
  RE2::Set::ErrorInfo info;
  if (!set->Match(text, &hits, &info) && info.kind != RE2::Set::kNoError) {
    hits.clear();  // DFA out of memory: run every rule instead.
    for (size_t rule_idx = 0; rule_idx < rules.size(); ++rule_idx) {
      hits.push_back(static_cast<int>(rule_idx));
    }
  }
  std::sort(hits.begin(), hits.end());
  if (cacheable) {
    slot.engine_id = id;
    slot.text.assign(text.data(), text.size());
    cache.newest = 1 - cache.newest;
  }
  return hits;
}

void RuleEngine::Impl::MatchRule(size_t rule_idx, std::string_view text,
                                 std::vector<RuleMatch>* out) const {
  const RE2& re = *patterns[rule_idx];
  int count = re.NumberOfCapturingGroups() + 1;
  std::vector<re2::StringPiece> captures(count);
  size_t pos = 0;
  while (pos <= text.size()) {
    if (!re.Match(text, pos, text.size(), RE2::UNANCHORED, captures.data(), count)) break;
    RuleMatch match;
    match.rule = &rules[rule_idx];
    match.span.begin = static_cast<size_t>(captures[0].data() - text.data());
    match.span.end = match.span.begin + captures[0].size();
    for (const auto& [index, name] : groups[rule_idx]) {
      GroupMatch group;
      group.name = name;
      const re2::StringPiece& piece = captures[index];
      if (piece.data() != nullptr) {
        group.span.begin = static_cast<size_t>(piece.data() - text.data());
        group.span.end = group.span.begin + piece.size();
      }
      match.groups.push_back(std::move(group));
    }
    size_t next = match.span.end;
    if (match.span.empty()) {
      // An empty match: step over one code point so the loop advances.
      if (next >= text.size()) {
        out->push_back(std::move(match));
        break;
      }
      DecodeUtf8(text, &next);
    }
    out->push_back(std::move(match));
    pos = next;
  }
}

std::string_view RuleMatch::Group(std::string_view text, std::string_view name) const {
  for (const GroupMatch& group : groups) {
    if (group.name != name) continue;
    if (group.span.empty() || group.span.end > text.size()) return {};
    return text.substr(group.span.begin, group.span.size());
  }
  return {};
}

RuleEngine::RuleEngine(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
RuleEngine::RuleEngine(RuleEngine&&) noexcept = default;
RuleEngine& RuleEngine::operator=(RuleEngine&&) noexcept = default;
RuleEngine::~RuleEngine() = default;

Result<RuleEngine> RuleEngine::Compile(RuleSet rules) {
  auto impl = std::make_unique<Impl>();
  impl->rules = std::move(rules.rules);
  impl->version = std::move(rules.version);
  RE2::Options options = PatternOptions();
  impl->set = std::make_unique<RE2::Set>(options, RE2::UNANCHORED);
  for (const Rule& rule : impl->rules) {
    std::string pattern = std::string(kMultiLine) + rule.pattern;
    auto re = std::make_unique<RE2>(pattern, options);
    if (!re->ok()) {
      std::string arg;
      std::string detail = RuleErrorText(*re, &arg);
      Location where;
      where.file = rule.file;
      where.line = rule.pattern_line > 0 ? rule.pattern_line : rule.line;
      where.line_text = rule.pattern_line_text;
      if (!where.line_text.empty()) {
        size_t offset = arg.empty() ? std::string::npos : rule.pattern.find(arg);
        where.column = rule.pattern_column + (offset == std::string::npos ? 0 : static_cast<int>(offset));
      }
      return Status::Error(Code::kRuleError, "in rule '" + rule.id + "': " + detail, std::move(where));
    }
    std::vector<std::pair<int, std::string>> names;
    for (const auto& [name, index] : re->NamedCapturingGroups()) names.emplace_back(index, name);
    std::sort(names.begin(), names.end());
    impl->groups.push_back(std::move(names));
    std::string set_error;
    if (impl->set->Add(pattern, &set_error) < 0) {
      Location where;
      where.file = rule.file;
      where.line = rule.pattern_line > 0 ? rule.pattern_line : rule.line;
      return Status::Error(Code::kRuleError, "in rule '" + rule.id + "': " + set_error,
                           std::move(where));
    }
    impl->patterns.push_back(std::move(re));
  }
  if (!impl->rules.empty() && !impl->set->Compile()) {
    return Status::Error(Code::kLimitExceeded,
                         "RE2::Set could not compile the rule set (out of memory)");
  }
  return RuleEngine(std::move(impl));
}

std::vector<RuleMatch> RuleEngine::Match(std::string_view text, std::string_view id_prefix) const {
  std::vector<RuleMatch> matches;
  if (impl_->rules.empty()) return matches;
  std::vector<int> scratch;
  for (int hit : impl_->SetHits(text, &scratch)) {
    size_t rule_idx = static_cast<size_t>(hit);
    if (!StartsWith(impl_->rules[rule_idx].id, id_prefix)) continue;
    impl_->MatchRule(rule_idx, text, &matches);
  }
  const Rule* first = impl_->rules.data();
  std::stable_sort(matches.begin(), matches.end(), [first](const RuleMatch& a, const RuleMatch& b) {
    if (a.span.begin != b.span.begin) return a.span.begin < b.span.begin;
    if (a.rule->priority != b.rule->priority) return a.rule->priority > b.rule->priority;
    return a.rule - first < b.rule - first;
  });
  return matches;
}

std::vector<std::pair<std::string, std::string>> RuleEngine::Fills(std::string_view text,
                                                                   const RuleMatch& match) const {
  std::vector<std::pair<std::string, std::string>> fills;
  if (match.rule == nullptr) return fills;
  for (const Fill& fill : match.rule->fills) {
    if (fill.group.empty()) {
      fills.emplace_back(fill.target, fill.constant);
      continue;
    }
    std::string_view value = match.Group(text, fill.group);
    if (!value.empty()) fills.emplace_back(fill.target, std::string(value));
  }
  return fills;
}

const std::vector<Rule>& RuleEngine::rules() const { return impl_->rules; }
const std::string& RuleEngine::version() const { return impl_->version; }

}  // namespace docpipe
