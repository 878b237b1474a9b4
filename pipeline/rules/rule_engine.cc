#include "pipeline/rules/rule_engine.h"

// Compile once, match many (RE2's advice). Every pattern is compiled into
// its own RE2 object; Match() runs each rule of the asked id prefix from
// offset 0, collecting leftmost-first non-overlapping matches with
// RE2::Match and a start position, so that "^" and other context-dependent
// assertions see the whole text rather than a suffix. Every pattern is
// compiled as "(?m)" + pattern: readers emit one paragraph or table cell per
// line, so "^"/"$" are line anchors (rules/README.md).
//
// There is no RE2::Set pass in front of the rules (there was until
// 2026-12): almost every rule matches in almost every document, so the set
// mostly confirmed that each rule must run, and it cost more than it saved.
// Its compilation doubled the fixed cost of every run, and its DFA (one
// automaton built lazily from all the patterns at once) was the most costly
// automaton to build: on the 59 generated and 29 other-producer documents of
// bench/, compiling plus matching took 0.20 s / 0.26 s of CPU with the set
// and 0.14 s / 0.15 s without, for the same matches (bench/ANALYSIS.md). A
// rule that cannot match costs one DFA scan of the text, which is cheap once
// its DFA is built. If RE2's DFA runs out of memory on a large text, RE2
// falls back to its NFA by itself; the answer is the same, only slower.
//
// What is left is mostly the DFA's forward scan, about 1.3 ns per byte per
// rule. A prefilter does not pay for itself either (measured 2026-12): an
// RE2::FilteredRE2 over the rules, whose required strings are looked for by
// one RE2::Set scan of the text, skipped 26 % of the rule scans on the 59
// generated documents (a perfect filter would skip 54 %: the required strings
// are short, "năm", "ngày"), and with the set's own scan and warm-up saved 4 %
// of the matching instructions. The rules' letter classes matter more: see
// rules/README.md, "Letter classes".

#include <algorithm>
#include <utility>

#include <re2/re2.h>

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

}  // namespace

struct RuleEngine::Impl {
  std::vector<Rule> rules;
  std::string version;
  std::vector<std::unique_ptr<RE2>> patterns;  // parallel to rules
  // Per rule: (capture index, group name) in pattern order.
  std::vector<std::vector<std::pair<int, std::string>>> groups;

  void MatchRule(size_t rule_idx, std::string_view text, std::vector<RuleMatch>* out) const;
};

void RuleEngine::Impl::MatchRule(size_t rule_idx, std::string_view text,
                                 std::vector<RuleMatch>* out) const {
  const RE2& re = *patterns[rule_idx];
  // The whole match plus the groups up to the last named one. A rule without
  // named groups asks for the match alone, which RE2 finds with its DFAs only
  // (no capture pass over the match); unnamed groups after the last named one
  // are not asked.
  const auto& named = groups[rule_idx];
  int count = named.empty() ? 1 : named.back().first + 1;
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
    impl->patterns.push_back(std::move(re));
  }
  return RuleEngine(std::move(impl));
}

std::vector<RuleMatch> RuleEngine::Match(std::string_view text, std::string_view id_prefix) const {
  std::vector<RuleMatch> matches;
  for (size_t rule_idx = 0; rule_idx < impl_->rules.size(); ++rule_idx) {
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
