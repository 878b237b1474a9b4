// pipeline/model/flags.h
//
// Findings of the cross-check: a kind, a severity, a one-line explanation and
// the quoted evidence from every side. A flag without evidence is not a flag.
//
// Stage: model (plain data, std only).

#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "pipeline/model/span.h"

namespace docpipe {

struct Evidence {
  int64_t document_id = 0;
  std::string document;  // number as printed ("1520/QĐ-UBND") or the file name
  int page = 0;
  Span span;          // in that document's source text
  std::string quote;  // the text at the span
};

// DO NOT renumber: stored in SQLite.
enum class FlagSeverity { kInfo = 0, kWarning = 1, kContradiction = 2 };

struct Flag {
  std::string kind;  // "figure_mismatch", "count_vs_list", "plan_claim", "cumulative_decrease",
                     // "deadline", "list_vs_count", "quality_repeat", "quality_placeholder",
                     // "quality_section_number", "update"
  FlagSeverity severity = FlagSeverity::kWarning;
  std::string message_vi;  // one line, Vietnamese
  std::string message_en;  // one line, English
  std::vector<Evidence> evidence;
};

}  // namespace docpipe
