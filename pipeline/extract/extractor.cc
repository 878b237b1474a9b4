#include "pipeline/extract/extractor.h"

#include <string>
#include <utility>
#include <vector>

#include "pipeline/extract/extract_internal.h"

namespace docpipe {

Extraction Extract(const Document& document, const NormalizedText& normalized,
                   const ExtractContext& context, Diagnostics* diagnostics) {
  Extraction extraction;
  if (context.rules == nullptr) {
    if (diagnostics != nullptr) {
      diagnostics->Add(Severity::kError, Code::kInvalidArgument,
                       "extract: no rule engine given; nothing extracted");
    }
    return extraction;
  }
  extract_internal::Input in{document,         normalized,  *context.rules,
                            context.agencies, diagnostics, context.table_titles};
  using namespace extract_internal;  // NOLINT: the private helpers of this stage

  std::vector<Mention> mentions = FindMentions(in);
  std::vector<PeriodMention> periods = FindPeriods(in);
  std::vector<DateMention> dates = FindDates(in);

  extraction.identity = ExtractIdentity(in);
  extraction.references = ExtractReferences(in, extraction.identity);
  extraction.deadlines = ExtractDeadlines(in, mentions, dates, extraction.references);

  std::vector<FigureMatch> figures = FindFigures(in, periods, mentions);
  std::vector<Span> table_spans;  // source spans of task rows
  extraction.tasks = ExtractTasks(in, figures, periods, &table_spans);
  for (FigureMatch& found : figures) {
    // Figures inside task tables are targets of their task, not facts.
    bool in_table = false;
    for (const Span& row : table_spans) {
      if (found.figure.where.span.begin >= row.begin && found.figure.where.span.end <= row.end) {
        in_table = true;
        break;
      }
    }
    if (!in_table) extraction.figures.push_back(std::move(found.figure));
  }
  extraction.assignments = ExtractAssignments(in, mentions, dates);
  return extraction;
}

}  // namespace docpipe
