// pipeline/extract/table_titles.h
//
// The vocabulary of task-table column titles, rules/table_titles.tsv: which
// task field ("stt", "content", "lead", ...) a column holds, judged from its
// printed title. A title matches an entry when every folded word of the
// entry occurs among the title's folded words, in any order (readers may
// give a wrapped title's words out of order); the first matching line of the
// file wins, so the file lists specific forms before generic ones. Kept as data so that people who know the
// documents add title forms without a rebuild; the file is part of the
// rule-set version (every rules/*.tsv is hashed).
//
// Stage: extract (loaded by jobs/pipeline.cc beside the gazetteer). Immutable
// after Parse; thread-safe.

#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "pipeline/base/result.h"

namespace docpipe {

// What a task-table column holds. Not stored.
enum class TaskColumn { kNone, kStt, kContent, kLead, kCoordinate, kTime, kResult, kNote };

class TableTitles {
 public:
  // Reads the TSV (header line "field<TAB>title[<TAB>source]"; '#' lines and
  // blank lines ignored). kNotFound if "path" does not exist; kRuleError
  // naming "FILE:LINE:" with a caret for a bad header, an unknown field or a
  // title without letters.
  static Result<TableTitles> Load(const std::string& path);
  static Result<TableTitles> Parse(std::string_view file_name, std::string_view tsv);

  // The field of a column titled "title" (as printed, any case, wrapped or
  // not), or kNone when no entry matches.
  TaskColumn Classify(std::string_view title) const;

  // Folded words of "text": lower case, no diacritics, đ -> d, split at
  // anything that is not a letter or digit ("Số TT" -> {"so", "tt"}).
  static std::vector<std::string> Words(std::string_view text);

 private:
  struct Entry {
    TaskColumn column = TaskColumn::kNone;
    std::vector<std::string> words;
  };
  std::vector<Entry> entries_;  // in file order
};

}  // namespace docpipe
