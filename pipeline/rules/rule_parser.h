// pipeline/rules/rule_parser.h
//
// Reads rule files (grammar in rules/README.md). Unknown keys, duplicate ids,
// a fill naming a group the pattern lacks, a malformed example: all errors
// with file:line and a caret (Ninja style), never silently dropped rules.
//
// Stage: rules.

#pragma once

#include <string>
#include <string_view>

#include "pipeline/base/result.h"
#include "pipeline/rules/rule.h"

namespace docpipe {

// Parses one file's text. "file_name" is used in errors and Rule::file.
// Does not compile patterns (RuleEngine::Compile does) but checks syntax of
// the file. The returned set's version covers only this text. Used by tests.
Result<RuleSet> ParseRules(std::string_view file_name, std::string_view text);

// Loads every "*.rules" file of "dir" in name order, plus the bytes of every
// other data file there (*.tsv) into the version hash. kNotFound if "dir"
// does not exist; the first file's error otherwise.
Result<RuleSet> LoadRuleDirectory(const std::string& dir);

}  // namespace docpipe
