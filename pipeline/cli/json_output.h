// pipeline/cli/json_output.h
//
// `list --json`, `show --json` and `search --json`: the same data as the
// text output, as one JSON object per run for scripts. The objects are a
// documented contract (schema/cli-list.schema.json, cli-show.schema.json,
// cli-search.schema.json): keys are stable, unknown values are null, empty
// lists are [], and every object starts with "format_version". Adding a key
// keeps the version; removing, renaming or retyping one bumps it. The text is
// UTF-8, pretty-printed with two spaces, keys in a fixed order, and ends with
// a newline.
//
// Stage: cli.

#pragma once

#include <ostream>
#include <string>
#include <vector>

#include "pipeline/model/facts.h"
#include "pipeline/store/store.h"

namespace docpipe {

// "format_version" of the three objects below.
constexpr int kCliJsonFormatVersion = 1;

// {"format_version", "documents": [...], "failures": [...]}.
void WriteListJson(const std::vector<DocumentSummary>& documents,
                   const std::vector<FailureRecord>& failures, std::ostream& out);

struct ShownDocument {
  DocumentSummary summary;
  std::vector<std::string> files;  // every name the content was seen under
  Extraction extraction;
};

// {"format_version", "query", "documents": [...]}: every document "query"
// matched, with its facts and their provenance.
void WriteShowJson(const std::string& query, const std::vector<ShownDocument>& documents,
                   std::ostream& out);

// {"format_version", "query", "limit", "hits": [...]}, best hit first.
void WriteSearchJson(const std::string& query, int limit, const std::vector<SearchHit>& hits,
                     std::ostream& out);

}  // namespace docpipe
