#include "pipeline/rules/rule_parser.h"

// The rule-file grammar is line based (rules/README.md): "rule ID" at the
// start of a line opens a rule; indented "key = value" lines belong to it;
// "#" lines and blank lines are skipped. The parser reads line by line,
// collects one Rule at a time and checks it when the next "rule" line or the
// end of the file closes it. The first error stops parsing: a rule file is
// code-like data, and a half-loaded set would extract silently less.
//
// Named groups are found by scanning the pattern text for "(?P<name>" outside
// escapes and character classes; RuleEngine::Compile checks the rest of the
// RE2 syntax.

#include <algorithm>
#include <cstdint>
#include <filesystem>
#include <map>
#include <set>
#include <system_error>
#include <utility>

#include "pipeline/base/file_util.h"
#include "pipeline/base/strings.h"

namespace docpipe {
namespace {

constexpr std::string_view kKeys[] = {"priority", "pattern", "fill", "example"};

// One physical line: its 1-based number, the text without leading/trailing
// blanks, and where that text starts in the raw line.
struct Line {
  int number = 0;
  std::string_view trimmed;
};

bool IsBlank(char c) { return c == ' ' || c == '\t'; }

std::string_view TrimBlanks(std::string_view text) {
  size_t begin = 0;
  while (begin < text.size() && (IsBlank(text[begin]) || text[begin] == '\r')) ++begin;
  size_t end = text.size();
  while (end > begin && (IsBlank(text[end - 1]) || text[end - 1] == '\r')) --end;
  return text.substr(begin, end - begin);
}

bool IsIdChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
         c == '-' || c == '.';
}

bool IsGroupChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

// Targets are dotted lower-case names: document.number, signer.for.
bool IsValidTarget(std::string_view target) {
  if (target.empty()) return false;
  bool word_start = true;
  for (char c : target) {
    if (c == '.') {
      if (word_start) return false;
      word_start = true;
      continue;
    }
    bool lower = (c >= 'a' && c <= 'z') || c == '_';
    bool digit = c >= '0' && c <= '9';
    if (!(lower || (digit && !word_start))) return false;
    word_start = false;
  }
  return !word_start;
}

// A named group of a pattern and its byte offset in the pattern.
struct NamedGroup {
  std::string name;
  size_t offset = 0;
};

// Finds "(?P<name>" outside escapes and character classes.
std::vector<NamedGroup> ScanNamedGroups(std::string_view pattern) {
  std::vector<NamedGroup> groups;
  bool in_class = false;
  for (size_t pos = 0; pos < pattern.size(); ++pos) {
    char c = pattern[pos];
    if (c == '\\') {
      ++pos;  // skip the escaped byte (multi-byte escapes only escape ASCII)
      continue;
    }
    if (in_class) {
      if (c == ']') in_class = false;
      continue;
    }
    if (c == '[') {
      in_class = true;
      // "[]...]" and "[^]...]": a leading ']' is literal.
      if (pos + 1 < pattern.size() && pattern[pos + 1] == '^') ++pos;
      if (pos + 1 < pattern.size() && pattern[pos + 1] == ']') ++pos;
      continue;
    }
    if (c == '(' && pattern.substr(pos, 4) == "(?P<") {
      size_t name_begin = pos + 4;
      size_t name_end = name_begin;
      while (name_end < pattern.size() && IsGroupChar(pattern[name_end])) ++name_end;
      if (name_end < pattern.size() && pattern[name_end] == '>' && name_end > name_begin) {
        groups.push_back({std::string(pattern.substr(name_begin, name_end - name_begin)), pos});
      }
    }
  }
  return groups;
}

class Parser {
 public:
  Parser(std::string_view file_name, std::string_view text) : file_(file_name), text_(text) {}

  Result<RuleSet> Run() {
    std::vector<std::string_view> lines = SplitLines(text_);
    for (size_t idx = 0; idx < lines.size(); ++idx) {
      std::string_view raw = lines[idx];
      if (idx == 0 && StartsWith(raw, "\xEF\xBB\xBF")) raw.remove_prefix(3);  // UTF-8 BOM
      Status status = ParseLine(static_cast<int>(idx) + 1, raw);
      if (!status.ok()) return status;
    }
    Status status = CloseRule();
    if (!status.ok()) return status;
    RuleSet set;
    set.rules = std::move(rules_);
    set.version = Sha256Hex(std::string(file_) + '\0' + std::string(text_)).substr(0, 16);
    return set;
  }

 private:
  // An error at "line", caret under byte "column" (1-based) of the trimmed text.
  Status Error(const Line& line, size_t column, std::string detail) const {
    Location where;
    where.file = std::string(file_);
    where.line = line.number;
    where.line_text = std::string(line.trimmed);
    where.column = static_cast<int>(column);
    return Status::Error(Code::kRuleError, std::move(detail), std::move(where));
  }

  // Column (1-based) of "part", a view into "line.trimmed".
  static size_t ColumnOf(const Line& line, std::string_view part) {
    return static_cast<size_t>(part.data() - line.trimmed.data()) + 1;
  }

  Status ParseLine(int number, std::string_view raw) {
    Line line{number, TrimBlanks(raw)};
    if (line.trimmed.empty() || line.trimmed[0] == '#') return OkStatus();
    if (!IsBlank(raw[0])) return ParseRuleHead(line);
    if (!in_rule_) {
      return Error(line, 1, "setting outside a rule (start one with 'rule <id>' at the start of a line)");
    }
    return ParseSetting(line);
  }

  Status ParseRuleHead(const Line& line) {
    std::string_view text = line.trimmed;
    if (!StartsWith(text, "rule") || text.size() < 5 || !IsBlank(text[4])) {
      return Error(line, 1,
                   "expected 'rule <id>' at the start of a line (settings are indented)");
    }
    Status status = CloseRule();
    if (!status.ok()) return status;
    std::string_view id = TrimBlanks(text.substr(5));
    bool valid = !id.empty() && std::all_of(id.begin(), id.end(), IsIdChar);
    if (!valid) {
      return Error(line, ColumnOf(line, id.empty() ? text.substr(4) : id),
                   "bad rule id '" + std::string(id) + "' (use letters, digits, '_', '-', '.')");
    }
    auto [it, inserted] = first_line_.emplace(std::string(id), line.number);
    if (!inserted) {
      return Error(line, ColumnOf(line, id),
                   Substitute("duplicate rule id '$1' (first defined at $2:$3)",
                              {id, file_, std::to_string(it->second)}));
    }
    current_ = Rule{};
    current_.id = std::string(id);
    current_.file = std::string(file_);
    current_.line = line.number;
    current_line_ = line.trimmed;
    in_rule_ = true;
    fill_lines_.clear();
    has_priority_ = false;
    return OkStatus();
  }

  Status ParseSetting(const Line& line) {
    std::string_view text = line.trimmed;
    size_t key_end = 0;
    while (key_end < text.size() && !IsBlank(text[key_end]) && text[key_end] != '=') ++key_end;
    std::string_view key = text.substr(0, key_end);
    size_t eq = key_end;
    while (eq < text.size() && IsBlank(text[eq])) ++eq;
    bool known = std::find(std::begin(kKeys), std::end(kKeys), key) != std::end(kKeys);
    if (!known) {
      std::string detail = "unknown key '" + std::string(key) + "'";
      std::string_view best;
      int best_distance = 3;
      for (std::string_view candidate : kKeys) {
        int distance = ByteEditDistance(key, candidate);
        if (distance < best_distance) {
          best_distance = distance;
          best = candidate;
        }
      }
      if (!best.empty()) {
        detail += " (did you mean '" + std::string(best) + "'?)";
      } else {
        detail += " (known keys: priority, pattern, fill, example)";
      }
      return Error(line, 1, detail);
    }
    if (eq >= text.size() || text[eq] != '=') {
      return Error(line, eq + 1, "expected '=' after '" + std::string(key) + "'");
    }
    std::string_view value = TrimBlanks(text.substr(eq + 1));
    size_t value_column = value.empty() ? text.size() + 1 : ColumnOf(line, value);
    if (key == "priority") return ParsePriority(line, value, value_column);
    if (key == "pattern") return ParsePattern(line, value, value_column);
    if (key == "fill") return ParseFill(line, value, value_column);
    return ParseExample(line, value, value_column);
  }

  Status ParsePriority(const Line& line, std::string_view value, size_t column) {
    if (has_priority_) return Error(line, 1, "second 'priority' in rule '" + current_.id + "'");
    has_priority_ = true;
    int64_t priority = 0;
    if (!ParseInt(value, &priority) || priority < -1000000 || priority > 1000000) {
      return Error(line, column, "priority must be an integer, not '" + std::string(value) + "'");
    }
    current_.priority = static_cast<int>(priority);
    return OkStatus();
  }

  Status ParsePattern(const Line& line, std::string_view value, size_t column) {
    if (current_.pattern_line != 0) {
      return Error(line, 1, "second 'pattern' in rule '" + current_.id + "'");
    }
    if (value.empty()) return Error(line, column, "empty pattern");
    current_.pattern = std::string(value);
    current_.pattern_line = line.number;
    current_.pattern_line_text = std::string(line.trimmed);
    current_.pattern_column = static_cast<int>(column);
    return OkStatus();
  }

  // Reads a "..." string at the start of "*text", advancing past it.
  Status ReadQuoted(const Line& line, std::string_view* text, std::string* out) {
    std::string_view rest = *text;
    if (rest.empty() || rest[0] != '"') {
      return Error(line, ColumnOf(line, rest), "expected a quoted string");
    }
    out->clear();
    for (size_t pos = 1; pos < rest.size(); ++pos) {
      char c = rest[pos];
      if (c == '"') {
        *text = rest.substr(pos + 1);
        return OkStatus();
      }
      if (c != '\\') {
        out->push_back(c);
        continue;
      }
      if (pos + 1 >= rest.size()) break;
      char escaped = rest[++pos];
      switch (escaped) {
        case '"': out->push_back('"'); break;
        case '\\': out->push_back('\\'); break;
        case 'n': out->push_back('\n'); break;
        case 't': out->push_back('\t'); break;
        default:
          return Error(line, ColumnOf(line, rest.substr(pos - 1)),
                       std::string("bad escape '\\") + escaped + "' (use \\\" \\\\ \\n \\t)");
      }
    }
    return Error(line, ColumnOf(line, rest), "unterminated string");
  }

  Status ParseFill(const Line& line, std::string_view value, size_t column) {
    static constexpr char kFillSyntax[] = "expected 'group -> target' or '\"constant\" -> target'";
    Fill fill;
    std::string_view rest = value;
    if (!rest.empty() && rest[0] == '"') {
      Status status = ReadQuoted(line, &rest, &fill.constant);
      if (!status.ok()) return status;
    } else {
      size_t end = 0;
      while (end < rest.size() && IsGroupChar(rest[end])) ++end;
      if (end == 0) return Error(line, column, kFillSyntax);
      fill.group = std::string(rest.substr(0, end));
      rest = rest.substr(end);
    }
    rest = TrimBlanks(rest);
    if (!StartsWith(rest, "->")) {
      return Error(line, rest.empty() ? line.trimmed.size() + 1 : ColumnOf(line, rest),
                   kFillSyntax);
    }
    std::string_view target = TrimBlanks(rest.substr(2));
    if (!IsValidTarget(target)) {
      return Error(line, target.empty() ? line.trimmed.size() + 1 : ColumnOf(line, target),
                   "bad target '" + std::string(target) +
                       "' (use lower-case dotted names such as document.number)");
    }
    fill.target = std::string(target);
    fill_group_columns_.push_back(fill.group.empty() ? 0 : column);
    fill_lines_.push_back({line.number, line.trimmed});
    current_.fills.push_back(std::move(fill));
    return OkStatus();
  }

  Status ParseExample(const Line& line, std::string_view value, size_t column) {
    (void)column;
    Example example;
    example.line = line.number;
    std::string_view rest = value;
    Status status = ReadQuoted(line, &rest, &example.text);
    if (!status.ok()) return status;
    rest = TrimBlanks(rest);
    if (!StartsWith(rest, "=>")) {
      return Error(line, rest.empty() ? line.trimmed.size() + 1 : ColumnOf(line, rest),
                   "expected '=>' after the example text");
    }
    rest = TrimBlanks(rest.substr(2));
    if (rest == "(no match)") {
      example.no_match = true;
    } else if (rest == "(match)") {
      // Matches and fills nothing.
    } else if (rest.empty()) {
      return Error(line, line.trimmed.size() + 1,
                   "expected 'target=value ...', '(match)' or '(no match)' after '=>'");
    } else {
      while (!rest.empty()) {
        size_t eq = rest.find('=');
        size_t space = rest.find_first_of(" \t");
        if (eq == std::string_view::npos || (space != std::string_view::npos && space < eq)) {
          return Error(line, ColumnOf(line, rest), "expected 'target=value'");
        }
        std::string_view target = rest.substr(0, eq);
        if (!IsValidTarget(target)) {
          return Error(line, ColumnOf(line, rest),
                       "bad target '" + std::string(target) +
                           "' (use lower-case dotted names such as document.number)");
        }
        rest = rest.substr(eq + 1);
        std::string field_value;
        if (!rest.empty() && rest[0] == '"') {
          status = ReadQuoted(line, &rest, &field_value);
          if (!status.ok()) return status;
          if (!rest.empty() && !IsBlank(rest[0])) {
            return Error(line, ColumnOf(line, rest), "expected a space after the quoted value");
          }
        } else {
          size_t end = rest.find_first_of(" \t");
          if (end == std::string_view::npos) end = rest.size();
          field_value = std::string(rest.substr(0, end));
          rest = rest.substr(end);
        }
        example.expect.emplace_back(std::string(target), std::move(field_value));
        rest = TrimBlanks(rest);
      }
    }
    current_.examples.push_back(std::move(example));
    return OkStatus();
  }

  // Checks the rule being read once all its lines are in.
  Status CloseRule() {
    if (!in_rule_) return OkStatus();
    in_rule_ = false;
    Line head{current_.line, current_line_};
    std::string_view id_view = TrimBlanks(current_line_.substr(5));
    size_t id_column = ColumnOf(head, id_view);
    if (current_.pattern_line == 0) {
      return Error(head, id_column, "rule '" + current_.id + "' has no pattern");
    }
    if (current_.fills.empty()) {
      return Error(head, id_column, "rule '" + current_.id + "' has no fill");
    }
    if (current_.examples.empty()) {
      return Error(head, id_column,
                   "rule '" + current_.id + "' has no example (every rule needs at least one)");
    }
    std::vector<NamedGroup> groups = ScanNamedGroups(current_.pattern);
    std::set<std::string> filled;
    for (size_t fill_idx = 0; fill_idx < current_.fills.size(); ++fill_idx) {
      const Fill& fill = current_.fills[fill_idx];
      if (fill.group.empty()) continue;
      filled.insert(fill.group);
      bool found = std::any_of(groups.begin(), groups.end(),
                               [&](const NamedGroup& g) { return g.name == fill.group; });
      if (!found) {
        std::vector<std::string> names;
        for (const NamedGroup& g : groups) names.push_back(g.name);
        std::string known = names.empty() ? "it has no named groups" : "its groups: " + Join(names, ", ");
        return Error(fill_lines_[fill_idx], fill_group_columns_[fill_idx],
                     "fill names group '" + fill.group + "' that the pattern lacks (" + known + ")");
      }
    }
    for (const NamedGroup& group : groups) {
      if (filled.count(group.name) == 0) {
        Line pattern_line{current_.pattern_line, current_.pattern_line_text};
        return Error(pattern_line, static_cast<size_t>(current_.pattern_column) + group.offset,
                     "group '" + group.name + "' fills nothing (add 'fill = " + group.name +
                         " -> TARGET' or make it (?:...))");
      }
    }
    fill_lines_.clear();
    fill_group_columns_.clear();
    rules_.push_back(std::move(current_));
    return OkStatus();
  }

  std::string_view file_;
  std::string_view text_;
  std::vector<Rule> rules_;
  std::map<std::string, int> first_line_;  // rule id -> line of its "rule" line

  bool in_rule_ = false;
  bool has_priority_ = false;
  Rule current_;
  std::string_view current_line_;  // trimmed "rule ID" line of current_
  std::vector<Line> fill_lines_;   // parallel to current_.fills
  std::vector<size_t> fill_group_columns_;
};

}  // namespace

Result<RuleSet> ParseRules(std::string_view file_name, std::string_view text) {
  return Parser(file_name, text).Run();
}

Result<RuleSet> LoadRuleDirectory(const std::string& dir) {
  namespace fs = std::filesystem;
  std::error_code error;
  if (!fs::is_directory(dir, error)) {
    return Status::Error(Code::kNotFound, "rule folder does not exist: " + dir);
  }
  std::vector<std::string> names;
  for (fs::directory_iterator it(dir, error), end; !error && it != end; it.increment(error)) {
    if (!it->is_regular_file(error)) continue;
    std::string name = it->path().filename().string();
    if (EndsWith(name, ".rules") || EndsWith(name, ".tsv")) names.push_back(name);
  }
  if (error) return Status::Error(Code::kIoError, "cannot list " + dir + ": " + error.message());
  std::sort(names.begin(), names.end());

  std::string prefix = dir;
  while (prefix.size() > 1 && prefix.back() == '/') prefix.pop_back();
  RuleSet set;
  std::string hashed;  // name, NUL, size, NUL, bytes -- for each file in name order
  for (const std::string& name : names) {
    std::string path = prefix + "/" + name;
    Result<std::string> bytes = ReadFileToString(path);
    if (!bytes.ok()) return bytes.status();
    hashed += name + '\0' + std::to_string(bytes->size()) + '\0' + *bytes;
    if (!EndsWith(name, ".rules")) continue;
    Result<RuleSet> file_set = ParseRules(path, *bytes);
    if (!file_set.ok()) return file_set.status();
    for (Rule& rule : file_set->rules) {
      for (const Rule& earlier : set.rules) {
        if (earlier.id != rule.id) continue;
        Location where;
        where.file = rule.file;
        where.line = rule.line;
        where.line_text = "rule " + rule.id;
        where.column = 6;
        return Status::Error(Code::kRuleError,
                             Substitute("duplicate rule id '$1' (first defined at $2:$3)",
                                        {rule.id, earlier.file, std::to_string(earlier.line)}),
                             std::move(where));
      }
      set.rules.push_back(std::move(rule));
    }
  }
  set.version = Sha256Hex(hashed).substr(0, 16);
  return set;
}

}  // namespace docpipe
