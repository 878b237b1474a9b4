// pipeline/crosscheck/linker.h
//
// Private to pipeline/crosscheck/. Links plan tasks to the sentences of
// reports that state a result about them. Only documents of a report kind
// ("Báo cáo") are read, only their parts of results (not background,
// shortcomings or next-period directions), and only sentences that state
// something done or achieved -- orders, assignments, requests, proposals and
// plan contents are never evidence. Which words mean what is data:
// rules/tracking.tsv.
//
// Linking is by what the task is about: its content and expected result,
// folded (tone-insensitive), as an SQLite FTS5 query over the candidate
// sentences ranked by bm25. Each shared term weighs its idf over the plan's
// tasks; pairs with a generic word weigh a third of that, and place and
// agency names form no pairs at all (an FTS5 column weighted 0.2), so they
// never make a link alone. The sentence's subject (an activity noun, "Về
// ...") and its paragraph's opening sentence say what it is about; the
// task's activity (its content's opening words) must not be absent from a
// sentence whose subject is an activity (linker.cc). One sentence backs at
// most kMaxTasksPerSentence tasks (the strongest links), plus one per ';'
// clause and one per two commas (a list of activities).
//
// Stage: crosscheck. SQLite is used in linker.cc only (an in-memory table).

#pragma once

#include <set>
#include <string>
#include <vector>

#include "pipeline/base/result.h"
#include "pipeline/crosscheck/plan.h"
#include "pipeline/model/facts.h"

namespace docpipe::crosscheck_internal {

// The vocabulary of rules/tracking.tsv (format: the file's header).
struct Vocabulary {
  std::vector<std::string> report_kinds;  // MatchKey
  enum class Section { kResult, kContext, kProblem, kPlan };
  std::vector<std::pair<std::vector<std::string>, Section>> sections;
  // Phrases as MatchKey words.
  std::vector<std::vector<std::string>> order, plan_subject, generic_sentence, result, completed;
  // Places and agency words: never part of a topic pair.
  std::vector<std::vector<std::string>> low_weight;
  // Generic words: their pairs weigh kGenericPair of their idf (linker.cc).
  std::vector<std::vector<std::string>> generic;
  // An order only when it opens the sentence ("Năm là, ..." -- not "đầu năm là").
  std::vector<std::vector<std::string>> order_start;
  // A sentence opening with one of these ("Công tác", "Hoạt động", "Việc")
  // has an activity as its subject.
  std::vector<std::vector<std::string>> activity_subject;
  // A sentence opening with one of these ("Về khởi nghiệp đổi mới sáng tạo,
  // ...") names its topic before its result word.
  std::vector<std::vector<std::string>> topic_subject;
  // Words holding a function syllable that still name a thing ("theo dõi",
  // "đoàn ra"): their syllables form topic pairs.
  std::vector<std::vector<std::string>> compound;
  // An abbreviation and its spelled-out form ("FTA" -> "hiệp định thương mại
  // tự do"): a task naming either is also searched with the other.
  std::vector<std::pair<std::string, std::string>> abbreviations;
  std::set<std::string> stop;  // MatchKey function words
};

// Reads "path". kNotFound if missing; kRuleError with file:line for a line
// that is not "class<TAB>phrase" or names an unknown class.
Result<Vocabulary> LoadVocabulary(const std::string& path);

// A report and the period it covers (from its title: "06 tháng đầu năm
// 2026"; else its date; else the latest date it cites).
struct ReportPeriod {
  const CorpusDocument* doc = nullptr;
  std::string text;   // "06 tháng đầu năm 2026", or the date used
  std::string start;  // ISO or ""
  std::string end;    // ISO or "" when nothing is known
};
std::vector<ReportPeriod> FindReports(const std::vector<CorpusDocument>& corpus,
                                      const Vocabulary& vocabulary);

struct SentenceLink {
  const ReportPeriod* report = nullptr;  // points into the FindReports result
  Span span;                             // normalised, one full sentence
  double score = 0;                      // -bm25
  std::string reason;
  std::vector<const Figure*> figures;  // figures of the sentence (owned by the corpus)
  bool says_completed = false;         // a "completed" phrase of the vocabulary
  std::string stated_date;             // ISO: a day date printed in the sentence, or ""
};

struct TaskLinks {
  const PlanModel* plan = nullptr;
  const Task* task = nullptr;
  std::vector<SentenceLink> links;  // best first, at most kMaxEvidencePerTask
  // The strongest candidate sentences not linked, at most kMaxDropped, each
  // with why in its reason (too weak, or the sentence backs enough tasks):
  // diagnostics, never evidence.
  std::vector<SentenceLink> dropped;
};

constexpr size_t kMaxTasksPerSentence = 3;
constexpr size_t kMaxEvidencePerTask = 5;
constexpr size_t kMaxDropped = 3;

// Every task of every plan (plan order) with its links. Result sentences
// linked to no task and holding a figure go to "unlinked" (may be null).
// kStoreError if the in-memory FTS5 table cannot be built. Pointers in the
// result point into "plans", "reports" and their documents, which must
// outlive it.
Result<std::vector<TaskLinks>> LinkTasks(const std::vector<PlanModel>& plans,
                                         const std::vector<ReportPeriod>& reports,
                                         const Vocabulary& vocabulary,
                                         std::vector<Evidence>* unlinked);

}  // namespace docpipe::crosscheck_internal
