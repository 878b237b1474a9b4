// pipeline/rules/rule.h
//
// A rule set as parsed from the files in the top-level rules/ folder (format:
// rules/README.md). Plain data; compiled by RuleEngine.
//
// Stage: rules (std only in this header).

#pragma once

#include <string>
#include <utility>
#include <vector>

namespace docpipe {

// "group -> target": the named group "group" fills field "target" (for
// example "number -> document.number"). A fill may also be a constant,
// written "\"value\" -> target" (group empty, constant set).
struct Fill {
  std::string group;
  std::string target;
  std::string constant;
};

// "example = "text" => field=value field=value" or "=> (no match)".
struct Example {
  std::string text;
  std::vector<std::pair<std::string, std::string>> expect;  // target -> value
  bool no_match = false;
  int line = 0;  // in the rule file
};

struct Rule {
  std::string id;       // "identity.number"; unique across the set
  std::string file;     // as loaded, e.g. "rules/identity.rules"
  int line = 0;         // line of "rule ID"
  int priority = 0;     // higher wins among overlapping matches
  std::string pattern;  // RE2 syntax, (?P<name>...) groups
  int pattern_line = 0;
  // Where the pattern starts in its line, for carets under RE2 errors: the
  // line without leading/trailing blanks, and the 1-based byte column of the
  // pattern in it. Empty / 0 for rules built in code.
  std::string pattern_line_text;
  int pattern_column = 0;
  std::vector<Fill> fills;
  std::vector<Example> examples;
};

struct RuleSet {
  std::vector<Rule> rules;
  // Hash (sha256 hex, first 16 chars) over every loaded file's name and
  // bytes, rules and data files (agencies.tsv) alike: recorded with every fact.
  std::string version;
};

}  // namespace docpipe
