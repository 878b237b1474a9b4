// pipeline/crosscheck/crosscheck.h
//
// Compares what the archive's documents say with the plan(s) they report on
// and with each other: links statements and figures of later documents to
// plan tasks, derives each task's status per period, and raises flags, each
// with quoted evidence from every side (document, page, span). Date-aware: a
// later document that updates an earlier one is an update, not a
// contradiction.
//
// Stage: store -> [crosscheck] -> jobs/cli.

#pragma once

#include <cstdint>
#include <ostream>
#include <string>
#include <vector>

#include "pipeline/base/result.h"
#include "pipeline/model/facts.h"
#include "pipeline/model/flags.h"
#include "pipeline/store/store.h"

namespace docpipe {

struct CrossCheckOptions {
  std::string today;  // ISO date "now" for overdue checks; "" = the system clock (UTC)
};

// DO NOT renumber: shown in reports and exported.
enum class TaskState { kNoEvidence = 0, kInProgress = 1, kTargetMet = 2, kExceeded = 3, kOverdue = 4 };
const char* TaskStateName(TaskState state);  // "no_evidence", "in_progress", ...

struct LinkedEvidence {
  Evidence evidence;
  double score = 0;    // 0..1
  std::string reason;  // "agency Sở Y tế + words 'thỏa thuận quốc tế'"
};

struct TaskStatus {
  int64_t plan_document_id = 0;
  std::string plan_number;  // "1520/QĐ-UBND"
  Task task;
  TaskState state = TaskState::kNoEvidence;
  std::vector<LinkedEvidence> evidence;
};

struct CrossCheckResult {
  std::vector<Flag> flags;          // ordered by severity (contradictions first), then kind
  std::vector<TaskStatus> tasks;    // plan order
  std::vector<Evidence> unlinked;   // statements and figures linked to no task
};

// Reads every document of "store", runs the checks, and returns the result.
// Does not write: the caller stores flags with Store::ReplaceFlags.
Result<CrossCheckResult> RunCrossCheck(const Store& store, const CrossCheckOptions& options);

// One self-contained HTML file (inline CSS, no scripts or fonts from a
// network): tasks by section and lead agency with status colours, flags with
// side-by-side evidence, and a deadline timeline.
Status WriteHtmlReport(const Store& store, const CrossCheckResult& result, std::ostream& out);

}  // namespace docpipe
