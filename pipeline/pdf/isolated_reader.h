// pipeline/pdf/isolated_reader.h
//
// Runs ReadAny in a child process with limits on CPU time, address space
// and wall-clock time, and returns the page model through a pipe. A crash,
// hang or blow-up inside Poppler or Tesseract becomes a Status with a reason
// (kLimitExceeded for limits, kBadInput for a crash), and the parent carries
// on with the rest of its batch.
//
// The child is long-lived: reader processes (base/subprocess.h's
// WorkerProcess) are pooled per process, a call borrowing an idle one or
// starting one when none is idle, and each reads file after file, each under
// the limits below, so the fork and Poppler's start are paid once per
// process rather than once per file; there are never more of them than
// threads reading at once. A file that ends that process (crash, limit)
// costs only itself; the next file gets a fresh process. A file that
// crashes a process which had read other files before is read again alone,
// in a fresh single-use child, and that result is the one reported, so a
// verdict never depends on the files read before it.
//
// Stage: pdf.

#pragma once

#include <string>
#include <string_view>

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

// Reads "path" (in this process: errors are ReadFileToString's) and then its
// bytes as ReadIsolatedBytes does. Thread-safe (a reader process is
// borrowed from the pool for the call).
Result<Document> ReadIsolated(const std::string& path, const ReadOptions& options,
                              const Limits& limits, Diagnostics* diagnostics);

// Reads "bytes", the content of "path" (used for file names in errors and
// diagnostics), in the reader process. kBadInput for empty bytes.
Result<Document> ReadIsolatedBytes(const std::string& path, std::string_view bytes,
                                   const ReadOptions& options, const Limits& limits,
                                   Diagnostics* diagnostics);

}  // namespace docpipe
