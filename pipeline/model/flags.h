// pipeline/model/flags.h
//
// Findings of the cross-check: a kind, a severity, a one-line explanation and
// the quoted evidence from every side. A flag without evidence is not a flag.
//
// Stage: model (plain data, std only).

#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
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

// What a flag is about. DO NOT renumber: the values are part of the stored
// contract; the database and the JSON/CSV export keep the string key of
// FlagKindKey ("figure_mismatch", ...), which must not change either. A new
// kind takes the next free number and gets a key, a label in
// cli/messages.cc and a place in crosscheck.cc's display order.
enum class FlagKind {
  kFigureMismatch = 0,        // "figure_mismatch": one metric, two values
  kCountVsList = 1,           // "count_vs_list": "06 dự án gồm A, B" with 2 items
  kPlanClaim = 2,             // "plan_claim": a claim about a plan that the plan contradicts
  kCumulativeDecrease = 3,    // "cumulative_decrease": a running total that goes down
  kListVsCount = 4,           // "list_vs_count": an earlier list against a later count
  kDeadline = 5,              // "deadline": late or passed without evidence
  kQualityRepeat = 6,         // "quality_repeat": a repeated sentence
  kQualityPlaceholder = 7,    // "quality_placeholder": "số    /QĐ-UBND"
  kQualitySectionNumber = 8,  // "quality_section_number": "III." twice
  kUpdate = 9,                // "update": a later document updates a figure
  kDuplicateCopy = 10,        // "duplicate_copy": a document stored in two forms
};
inline constexpr FlagKind kAllFlagKinds[] = {
    FlagKind::kFigureMismatch,     FlagKind::kCountVsList,         FlagKind::kPlanClaim,
    FlagKind::kCumulativeDecrease, FlagKind::kListVsCount,         FlagKind::kDeadline,
    FlagKind::kQualityRepeat,      FlagKind::kQualityPlaceholder,  FlagKind::kQualitySectionNumber,
    FlagKind::kUpdate,             FlagKind::kDuplicateCopy};

// The stored key of "kind" ("figure_mismatch"); "" for a value outside the enum.
const char* FlagKindKey(FlagKind kind);
// The kind whose key is "key"; nullopt for an unknown key.
std::optional<FlagKind> ParseFlagKind(std::string_view key);

// The sentence that explains a flag. The cross-check chooses it and fills
// Flag::args; cli/messages.cc holds its Vietnamese and English text (one
// entry per value, placeholders $1..$9 in the order of the comment). A
// variant of a sentence whose words change with the case ("số" / "ngày") is a
// value of its own, so that every argument is text from the documents or a
// number, never a word to translate.
enum class FlagMessage {
  kNone,                       // not set (a flag loaded from the store)
  kCountVsListTotal,           // total, sum of the listed parts
  kCountVsListItems,           // count, listed items
  kRepeatedPassage,            // page, page
  kPlaceholderNumber,          // (none)
  kPlaceholderDate,            // (none)
  kPlaceholderNumberAndDate,   // (none)
  kSectionNumberTwice,         // section number
  kFigureUpdated,              // later document, subject, period, old, new, unit
  kFigureMismatchWithin,       // subject, period, value, value, unit
  kFigureMismatchBetween,      // subject, period, value, value, unit
  kCumulativeDecrease,         // subject, value, period, value, longer period
  kPlanLeadCount,              // claimed, plan number, counted, names
  kPlanExistingPartner,        // partner, plan number
  kListUpdatedCommunes,        // list document, missing, preview, later document, done, total, missing, fewer
  kListUpdatedAgencies,        // the same
  kListContradictedCommunes,   // list document, missing, preview, later document, done, total, missing
  kListContradictedAgencies,   // the same
  kDeadlineLate,               // asking document, due date, answering document, issue date, days late
  kDeadlinePassed,             // due date
  kDeadlinePassedAgency,       // due date, agency
  kDuplicateCopy,              // copy, original, percent of content shared
};

struct Flag {
  FlagKind kind = FlagKind::kFigureMismatch;
  FlagSeverity severity = FlagSeverity::kWarning;
  FlagMessage message = FlagMessage::kNone;
  std::vector<std::string> args;  // for "message", as its comment lists them
  // The sentence rendered by the CLI (cli/messages.h RenderFlagTexts), one
  // line each; what the store keeps and the exports and the report show.
  std::string message_vi;
  std::string message_en;
  std::vector<Evidence> evidence;
};

}  // namespace docpipe
