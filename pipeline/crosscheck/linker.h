// pipeline/crosscheck/linker.h
//
// Private to pipeline/crosscheck/. Links statements of later documents to
// the tasks of each plan (by lead agency, shared topic words and the units
// of the task's targets), with a score and a reason, and derives each
// task's state. Sentences with figures that link to no task are returned as
// unlinked evidence.
//
// Stage: crosscheck.

#pragma once

#include <string>
#include <vector>

#include "pipeline/crosscheck/crosscheck.h"
#include "pipeline/crosscheck/plan.h"

namespace docpipe::crosscheck_internal {

// "today" is ISO; tasks whose timeframe ended before it with no evidence are
// overdue. Tasks come in plan order, plans in corpus order.
std::vector<TaskStatus> LinkTasks(const std::vector<CorpusDocument>& corpus,
                                  const std::vector<PlanModel>& plans, const std::string& today,
                                  std::vector<Evidence>* unlinked);

}  // namespace docpipe::crosscheck_internal
