// pipeline/pdf/isolated_reader.h
//
// Runs ReadAny in a forked child process with limits on CPU time, address
// space and wall-clock time, and returns the page model through a pipe. A
// crash, hang or blow-up inside Poppler or Tesseract becomes a Status with a
// reason (kLimitExceeded for limits, kBadInput for a crash), and the parent
// carries on with the rest of its batch.
//
// Stage: pdf.

#pragma once

#include <string>

#include "pipeline/base/diagnostics.h"
#include "pipeline/base/result.h"
#include "pipeline/model/page_model.h"
#include "pipeline/pdf/reader.h"

namespace docpipe {

struct Limits {
  int cpu_seconds = 120;
  int wall_seconds = 300;
  size_t memory_bytes = size_t{3} << 30;
};

// Thread-safe with respect to other calls (each forks its own child).
Result<Document> ReadIsolated(const std::string& path, const ReadOptions& options,
                              const Limits& limits, Diagnostics* diagnostics);

}  // namespace docpipe
