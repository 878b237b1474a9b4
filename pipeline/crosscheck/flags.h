// pipeline/crosscheck/flags.h
//
// Private to pipeline/crosscheck/. The individual checks; each appends Flags
// (kind, severity, Vietnamese and English one-liners, quoted evidence from
// every side) to "out". They read the extracted facts where they exist and
// run their own analysis over the normalised text (counts followed by
// lists, ratios such as "13/13 sở", repeated sentences), so that they still
// work when an extractor has not found a fact.
//
// Stage: crosscheck.

#pragma once

#include <set>
#include <string>
#include <vector>

#include "pipeline/base/result.h"
#include "pipeline/crosscheck/plan.h"
#include "pipeline/model/flags.h"

namespace docpipe::crosscheck_internal {

// The words of rules/flag_words.tsv, folded (FoldKey): see that file for
// what each class means.
struct FlagVocabulary {
  std::vector<std::string> count_prefixes;
  std::vector<std::string> requested_kinds;
  std::vector<std::string> commune_prefixes;     // "xa", with no trailing space
  std::vector<std::string> department_prefixes;  // "cong an"
  std::set<std::string> stop_words;              // "va", "cac": words without a topic
  std::vector<std::string> place_prefixes;       // "tinh", "thanh pho", in the file's order
};

// Reads "path" (a "class<TAB>phrase" table with a header row and '#'
// comments) and adds its phrases, folded, to "*vocabulary": the cross-check
// reads rules/flag_words.tsv and rules/crosscheck/text_words.tsv into one
// FlagVocabulary. kNotFound/kIoError if it cannot be read; kRuleError with
// file:line for an unknown class or a line without a tab.
Status LoadFlagVocabularyInto(const std::string& path, FlagVocabulary* vocabulary);
// LoadFlagVocabularyInto an empty vocabulary.
Result<FlagVocabulary> LoadFlagVocabulary(const std::string& path);

// "06 dự án ... gồm A, B, C" where the list does not have 6 items; also
// breakdowns "09 ... gồm 07 ..., 01 ... và 01 ..." whose parts do not add up.
void CheckCountsAgainstLists(const CorpusDocument& doc, const FlagVocabulary& vocabulary,
                             std::vector<Flag>* out);

// Repeated sentences, unfilled placeholders ("số    /QĐ-UBND", "ngày
// tháng    năm 2025"), and duplicate section numbers ("III." twice).
void CheckQuality(const CorpusDocument& doc, std::vector<Flag>* out);

// Same metric, period and scope with different values (contradiction in one
// document or between documents of one date; an update between dated
// documents), and cumulative figures that go down over a longer period.
void CheckFigures(const std::vector<CorpusDocument>& corpus, const FlagVocabulary& vocabulary,
                  std::vector<Flag>* out);

// Claims about a plan that disagree with it: the number of lead agencies,
// partners the plan lists as existing reported as relations to establish.
void CheckPlanClaims(const std::vector<CorpusDocument>& corpus,
                     const std::vector<PlanModel>& plans, std::vector<Flag>* out);

// An earlier list (a footnote naming who has not yet done something)
// against a later count ("90/135 xã ... đã ..."): consistent or not.
void CheckListsAgainstCounts(const std::vector<CorpusDocument>& corpus, const FlagVocabulary& vocabulary,
                             std::vector<Flag>* out);

// Deadlines: a requested document issued after the deadline, and deadlines
// passed ("today", ISO) with no later evidence.
void CheckDeadlines(const std::vector<CorpusDocument>& corpus, const std::string& today,
                    const FlagVocabulary& vocabulary, std::vector<Flag>* out);

}  // namespace docpipe::crosscheck_internal
