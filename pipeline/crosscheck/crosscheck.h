// pipeline/crosscheck/crosscheck.h
//
// Compares what the archive's documents say with the plan(s) they report on
// and with each other: links statements and figures of later documents to
// plan tasks, derives each task's status per period, and raises flags, each
// with quoted evidence from every side (document, page, span). Date-aware: a
// later document that updates an earlier one is an update, not a
// contradiction.
//
// Stage: {normalize, model} -> [crosscheck] -> jobs. The cross-check reads
// no database: jobs/check_job.h loads the Corpus from the store and stores
// the result.

#pragma once

#include <cstdint>
#include <functional>
#include <ostream>
#include <string>
#include <vector>

#include "pipeline/base/result.h"
#include "pipeline/model/facts.h"
#include "pipeline/model/flags.h"
#include "pipeline/model/page_model.h"
#include "pipeline/model/task_tracking.h"
#include "pipeline/normalize/normalizer.h"

namespace docpipe {

// One document of the archive as the cross-check reads it: what the store
// keeps for it (jobs/check_job.h builds it from Store::ListDocuments,
// LoadDocument and LoadExtraction).
struct CorpusEntry {
  int64_t id = 0;
  std::string sha256;
  std::string file;                // first name seen
  std::vector<std::string> files;  // every name seen, in order of first sight
  // The identity as the store summarises it; used when the extraction has
  // none, and for the document table of the HTML report.
  std::string kind, number, date, title;
  Document document;
  NormalizedText normalized;
  Extraction extraction;
};

// Every document to compare, in the store's listing order.
using Corpus = std::vector<CorpusEntry>;

struct CrossCheckOptions {
  // ISO date used as "as of" only when no report states the period it
  // covers; "" = the system clock (UTC).
  std::string today;
  // Folder of the rule files; the cross-check reads its vocabulary from
  // "<rules_dir>/tracking.tsv" (report sections, order and result words,
  // generic words, place names) and "<rules_dir>/flag_words.tsv"
  // (the words of the checks in flags.cc). Required.
  std::string rules_dir;
  // Writes a flag's sentences (Flag::message_vi and message_en) from its
  // typed message and arguments. The cross-check writes no user text; the
  // CLI passes cli/messages.h RenderFlagTexts. Empty: the texts stay empty.
  std::function<void(Flag*)> render_flag;
};

// The axes of a task's status for one cycle, as of the end of the period the
// latest report covers. DO NOT renumber: exported and stored.
enum class Completion { kNoInformation = 0, kNotCompleted = 1, kCompleted = 2 };
// kNoDueDate: "Thường xuyên"; kWithinTerm / kOverdue: not completed, due
// date not passed / passed at the as-of date; kOnTime / kLate: completed.
enum class Timeliness { kNoDueDate = 0, kWithinTerm = 1, kOverdue = 2, kOnTime = 3, kLate = 4 };
// Only from an achieved figure comparable with a target of the task (same
// subject and unit, a period inside the cycle); else kUnknown.
enum class Attainment { kUnknown = 0, kNotMet = 1, kMet = 2, kExceeded = 3 };
const char* CompletionName(Completion c);  // "no_information", "not_completed", "completed"
const char* TimelinessName(Timeliness t);  // "no_due_date", "within_term", "overdue", "on_time", "late"
const char* AttainmentName(Attainment a);  // "unknown", "not_met", "met", "exceeded"

struct LinkedEvidence {
  Evidence evidence;   // one full sentence of a report
  double score = 0;    // bm25 rank (higher is better), for ordering only
  std::string reason;  // "bm25 9.1: 'chung nhan', 'halal'"
};

struct TaskStatus {
  int64_t plan_document_id = 0;
  std::string plan_number;  // "1520/QĐ-UBND"
  int task_seq = 0;         // index of the task in the plan's extraction
  Task task;
  Completion completion = Completion::kNoInformation;
  Timeliness timeliness = Timeliness::kNoDueDate;
  Attainment attainment = Attainment::kUnknown;
  std::string attainment_reason;  // "888 lao động vs target 500 lao động", or why unknown
  std::string as_of;              // ISO: end of the latest report's period
  std::string as_of_source;       // the report it comes from ("000-bao-cao.pdf: 06 tháng đầu năm 2026")
  std::string cycle;              // "2026", "Q4/2026", "2026-2030"; "" when no due date
  std::string cycle_start;        // ISO or ""
  std::string due;                // ISO or ""
  std::string completed_on;       // ISO when completed
  // due - as_of in days when there is a due date: >= 0 "còn N ngày",
  // < 0 "quá N ngày".
  int days_left = 0;
  std::vector<LinkedEvidence> evidence;  // best first; every one a reported result
};

struct CrossCheckResult {
  std::vector<Flag> flags;          // ordered by severity (contradictions first), then kind
  std::vector<TaskStatus> tasks;    // plan order
  std::vector<Evidence> unlinked;   // statements and figures linked to no task
};

// Runs the checks over every document of "corpus" and returns the result.
// Fails only when the vocabulary under options.rules_dir cannot be read or
// linking fails. Writes nothing: jobs/check_job.h stores the flags and
// statuses.
Result<CrossCheckResult> RunCrossCheck(const Corpus& corpus, const CrossCheckOptions& options);

// The statuses of "result" in the form the store keeps and the export
// writes (jobs/check_job.h passes them to Store::ReplaceTaskTracking).
std::vector<TaskTracking> ToTaskTracking(const CrossCheckResult& result);


}  // namespace docpipe
