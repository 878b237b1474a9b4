// pipeline/crosscheck/tracking.h
//
// Private to pipeline/crosscheck/. A task's status for its current cycle as
// of the end of the period the latest report covers: completion (done, not
// done, no information), timeliness against the cycle's due date (from the
// task's "Thời gian thực hiện" through ParseVnDate and DueCycles, the one
// interpreter of dates), and target attainment from comparable achieved
// figures only.
//
// Stage: crosscheck.

#pragma once

#include <string>
#include <vector>

#include "pipeline/crosscheck/crosscheck.h"
#include "pipeline/crosscheck/linker.h"

namespace docpipe::crosscheck_internal {

// The as-of date: the latest end of a report's period, else "today" (ISO).
std::string AsOfDate(const std::vector<ReportPeriod>& reports, const std::string& today,
                     std::string* source);

// One status per task of "links" (same order). Never fails.
std::vector<TaskStatus> TrackTasks(const std::vector<TaskLinks>& links, const std::string& as_of,
                                   const std::string& as_of_source);

}  // namespace docpipe::crosscheck_internal
