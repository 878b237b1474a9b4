// pipeline/jobs/reextract_job.h
//
// Re-runs extraction over the stored page model when the rules changed: only
// documents extracted with another rule-set version (or normalised by another
// normaliser version, kNormalizerVersion), unless "all". The stored normalised
// text is reused while the normaliser version matches; otherwise the text is
// normalised again. Workers extract in parallel; each document's old facts are
// replaced atomically (Store::ReplaceExtraction). No PDF is parsed.
//
// Stage: jobs. Reports through ReextractObserver, never prints.

#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "pipeline/base/status.h"
#include "pipeline/jobs/pipeline.h"
#include "pipeline/store/store.h"

namespace docpipe {

struct ReextractOptions {
  bool all = false;
  int jobs = 1;
  // After re-extracting something, run the archive pass (jobs/archive_pass.h).
  bool link_archive = false;
};

class ReextractObserver {
 public:
  virtual ~ReextractObserver() = default;
  // Called after each document, from the thread that writes the store.
  virtual void OnDocument(size_t done, size_t total, int64_t doc_id, const Status& status) = 0;
};

struct ReextractSummary {
  size_t total = 0, done = 0, failed = 0;
  // With options.link_archive: the archive pass's error, if any, and how
  // many reference dates it changed.
  Status archive_status;
  int archive_linked = 0;
};

// kStoreError if the list of documents cannot be read; per-document errors
// are counted in "failed" and reported to the observer.
Result<ReextractSummary> RunReextract(Store* store, const Pipeline& pipeline,
                                      const ReextractOptions& options,
                                      ReextractObserver* observer);

}  // namespace docpipe
