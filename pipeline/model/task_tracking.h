// pipeline/model/task_tracking.h
//
// A plan task's status as the cross-check last computed it (issue #13), in
// the plain form the store keeps and the export writes: the axis values as
// their stored names, the as-of date, the cycle and its due date, and the
// report sentences the status rests on.
//
// Stage: model (plain data, std only).

#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "pipeline/model/flags.h"

namespace docpipe {

struct TrackedEvidence {
  Evidence evidence;   // one full sentence of a report
  std::string reason;  // why it was linked ("strength 9.1, bm25 7.0: 'chung nhan', 'halal'")
};

struct TaskTracking {
  int64_t plan_document_id = 0;
  int task_seq = 0;               // index of the task in the plan's extraction
  std::string completion;         // "no_information", "not_completed", "completed"
  std::string timeliness;         // "no_due_date", "within_term", "overdue", "on_time", "late"
  std::string attainment;         // "unknown", "not_met", "met", "exceeded"
  std::string attainment_reason;  // "" when none
  std::string as_of;              // ISO
  std::string as_of_source;       // "000-bao-cao.pdf: 06 tháng đầu năm 2026"
  std::string cycle;              // "2026", "Q4/2026", "2026-2030"; "" = no due date
  std::string cycle_start;        // ISO or ""
  std::string due;                // ISO or ""
  std::string completed_on;       // ISO or ""
  std::optional<int> days_left;   // due - as_of in days; none without a due date
  std::vector<TrackedEvidence> evidence;  // best first
};

}  // namespace docpipe
