// pipeline/jobs/archive_pass.h
//
// Work that needs the whole archive rather than one document, run after every
// ingest batch and re-extraction: a reference cited without its date gets the
// date another stored document gives (extract/citations.h), marked with the
// sha256 of that document.
//
// Stage: jobs.

#pragma once

#include <cstddef>

#include "pipeline/base/status.h"
#include "pipeline/store/store.h"

namespace docpipe {

// Recomputes every archive-filled reference date from scratch (fills made
// earlier are cleared first, so a fill never outlives its source) and writes
// the changed documents in one transaction. Returns the number of references
// whose stored date changed.
Result<int> LinkArchiveReferences(Store* store);

// The archive pass at the end of a batch that changed "changed" documents:
// LinkArchiveReferences when "enabled" and anything changed, its count in
// "*linked" or its error in "*status" (the batch's own results stand either
// way).
void RunArchivePass(Store* store, bool enabled, size_t changed, int* linked, Status* status);

}  // namespace docpipe
