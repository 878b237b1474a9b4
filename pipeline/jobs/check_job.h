// pipeline/jobs/check_job.h
//
// `docpipe check` and `docpipe report`: loads the archive from the store as a
// Corpus, runs the cross-check (crosscheck/crosscheck.h), and stores the
// flags and task statuses it finds. The cross-check itself never reads or
// writes the store; this job is the only place where the two meet.
//
// Stage: jobs. Never prints.

#pragma once

#include "pipeline/base/result.h"
#include "pipeline/crosscheck/crosscheck.h"
#include "pipeline/store/store.h"

namespace docpipe {

// Every stored document with its page model, normalised text and
// extraction, in Store::ListDocuments order. Fails with the store's error.
Result<Corpus> LoadCorpus(const Store& store);

struct CheckJobResult {
  Corpus corpus;             // what was compared (the HTML report needs it)
  CrossCheckResult result;
};

// LoadCorpus, RunCrossCheck, then Store::ReplaceFlags and
// Store::ReplaceTaskTracking. Returns the first error of any step; on error
// nothing of this run is stored unless the flags were already replaced.
Result<CheckJobResult> RunCheckJob(Store* store, const CrossCheckOptions& options);

}  // namespace docpipe
