// pipeline/extract/extract_internal.h
//
// Private to pipeline/extract/: the shared input of the individual
// extractors, the text helpers they use, and one entry point per fact kind.
// extractor.cc calls them in a fixed order (identity, references, deadlines,
// figures, tasks, assignments) so that results are deterministic.
//
// Conventions shared by every extractor:
//  - Patterns live in the rule files (rules/*.rules); each extractor asks the
//    engine once for its prefix ("identity.", "reference.", ...). Structure
//    (which agency a date binds, table columns, period attachment) is C++.
//  - Spans handled here are byte offsets into NormalizedText::text; they are
//    mapped to the source only when a Provenance is made.
//  - The normalised text keeps one paragraph (or one table cell) per line
//    (pipeline/pdf/reader.h); clause logic relies on that.
//
// Stage: extract.

#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "pipeline/base/diagnostics.h"
#include "pipeline/extract/table_titles.h"
#include "pipeline/model/facts.h"
#include "pipeline/model/page_model.h"
#include "pipeline/normalize/normalizer.h"
#include "pipeline/rules/gazetteer.h"
#include "pipeline/rules/rule_engine.h"

namespace docpipe::extract_internal {

struct Input {
  const Document& document;
  const NormalizedText& normalized;
  const RuleEngine& rules;
  const Gazetteer* agencies;  // may be null: agencies are then left unresolved
  Diagnostics* diagnostics;   // may be null
  const TableTitles* table_titles = nullptr;  // may be null: no task tables
  std::string_view text() const { return normalized.text; }
};

// An agency or a group of agencies ("các sở, ban, ngành") named in the text.
struct Mention {
  Span span;              // in the normalised text
  std::string canonical;  // gazetteer name, or the group's canonical phrase
  std::string level;      // gazetteer level; "group" for group phrases
  bool fuzzy = false;
};

// A period phrase ("6 tháng đầu năm 2026", "quý I/2026") found in the text.
struct PeriodMention {
  Span span;
  Period period;
  std::string rule_id;
};

// A dated phrase that is not a period: deadlines and events.
struct DateMention {
  Span span;       // the whole phrase ("trước ngày 15/3/2026")
  Span date_span;  // the date alone
  std::string iso;
  std::string relation;  // before, by, within, on
  std::string rule_id;
};

// ---- helpers (util.cc) ----

Provenance MakeProvenance(const Input& in, Span span, std::string_view rule_id);
Span GroupSpan(const RuleMatch& match, std::string_view name);
std::string FillValue(const std::vector<std::pair<std::string, std::string>>& fills,
                      std::string_view target);
std::string_view Slice(std::string_view text, Span span);
// Whitespace runs (line breaks included) become one space; ends trimmed; "*"
// (markdown emphasis left in some text layers) removed.
std::string CollapseSpaces(std::string_view text);
// "1520/QĐ-\nUBND", "59- NQ/TW", "3070. /KH-UBND", "QÐ" (U+00D0) -> canonical.
std::string CanonicalDocNumber(std::string_view text);
// An exact day ("21/8/2025", "ngày 21 tháng 8 năm 2025") as ISO, else "".
std::string IsoDay(std::string_view text);
// Period from a free-form cell or phrase through ParseVnDate; "Hẳng năm"
// style typos of the recurring words are corrected and reported in *fuzzy.
std::optional<Period> ParsePeriod(std::string_view text, bool* fuzzy);
// The line containing "pos": [start, end) without the '\n'.
Span LineAt(std::string_view text, size_t pos);
// True when the line starts with an item marker: "1.", "1.2.", "a)", "-", "+".
bool StartsWithItemMarker(std::string_view line);
// Byte offset of the start of the sentence containing "pos" (after ". ", "; "
// is not a sentence end), never before "floor".
size_t SentenceStart(std::string_view text, size_t pos, size_t floor);
size_t SentenceEnd(std::string_view text, size_t pos, size_t ceiling);
std::string LowerAscii(std::string_view text);
// "NGHỊ QUYẾT", "nghị quyết" -> "Nghị quyết" (the known kinds of documents);
// unknown words are returned collapsed, as printed.
std::string CanonicalKind(std::string_view printed);

// Agencies and groups named in the whole text, sorted by span, overlapping
// mentions resolved in favour of the longer one.
std::vector<Mention> FindMentions(const Input& in);
// Agencies named in a short piece of text (a table cell); canonical names in
// order, without duplicates. Unresolved text is returned as-is, trimmed, when
// "keep_unresolved" is set and nothing resolves.
std::vector<std::string> ResolveAgencyList(const Input& in, std::string_view text,
                                           bool keep_unresolved);

// Period phrases of the whole text ("period." rules), sorted by start.
std::vector<PeriodMention> FindPeriods(const Input& in);
// Deadlines and event dates ("deadline." and "date." rules), sorted.
std::vector<DateMention> FindDates(const Input& in);

// ---- extractors ----

Identity ExtractIdentity(const Input& in);
std::vector<Reference> ExtractReferences(const Input& in, const Identity& identity);
std::vector<Deadline> ExtractDeadlines(const Input& in, const std::vector<Mention>& mentions,
                                       const std::vector<DateMention>& dates,
                                       const std::vector<Reference>& references);

// Figures of the body and, for figures inside table cells, their spans (the
// task extractor turns those into targets). "figures" excludes them.
struct FigureMatch {
  Figure figure;
  Span span;  // normalised text
};
std::vector<FigureMatch> FindFigures(const Input& in, const std::vector<PeriodMention>& periods,
                                     const std::vector<Mention>& mentions);

std::vector<Task> ExtractTasks(const Input& in, const std::vector<FigureMatch>& figures,
                               const std::vector<PeriodMention>& periods,
                               std::vector<Span>* table_spans);
std::vector<Assignment> ExtractAssignments(const Input& in, const std::vector<Mention>& mentions,
                                           const std::vector<DateMention>& dates);

}  // namespace docpipe::extract_internal
