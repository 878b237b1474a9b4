// pipeline/jobs/ingest_job.h
//
// Ingests files into the store: each file is hashed, skipped if its content
// is already stored (its new name is recorded), otherwise read in an isolated
// child process, normalised, extracted and saved in one transaction. A bad
// file becomes a FileOutcome with a Status (and a failure row in the store);
// the batch always carries on. Workers read and extract in parallel; the
// single store connection is written by one thread at a time.
//
// Stage: jobs. Library code: reports through IngestObserver, never prints.

#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "pipeline/base/result.h"
#include "pipeline/jobs/pipeline.h"
#include "pipeline/store/store.h"

namespace docpipe {

struct IngestOptions {
  int jobs = 1;
  ReadOptions read;
  Limits limits;  // the reader child's; the same whatever "jobs" is
  // Text input is normalised and extracted in this process, whose memory
  // grows with the text (a 70 MB one-line file took 2.5 GB): larger text
  // files are refused with kLimitExceeded before they are read.
  size_t max_text_bytes = size_t{16} << 20;
  // `ingest --quarantine DIR`: a file that fails for a reason about its
  // content (not a transient failure) is copied (never moved: the user's
  // folder is left as it was) to DIR with a reason file. "" = no copy.
  std::string quarantine;
  // After a batch that stored something, run the archive pass
  // (jobs/archive_pass.h) so references cited without a date get one.
  bool link_archive = false;
};

enum class OutcomeKind { kStored, kDuplicate, kFailed };

struct FileOutcome {
  OutcomeKind kind = OutcomeKind::kFailed;
  std::string file;
  std::string sha256;
  int64_t doc_id = 0;
  Status error;                 // kFailed only
  // kFailed only: the failure says nothing about the file's content (the
  // store is busy or full, an I/O error, the file vanished): keep the file
  // and try again later rather than quarantine it.
  bool transient = false;
  std::string kind_label;       // identity: "Quyết định"
  std::string number;           // "1520/QĐ-UBND"
  std::string date;             // ISO
  int pages = 0;
  size_t error_diagnostics = 0;  // diagnostics of severity error kept with the document
  // kFailed with options.quarantine: where the copy went, or why it failed.
  std::string quarantined_to;
  Status quarantine_error;
};

// Called from the thread that writes the store, in completion order.
class IngestObserver {
 public:
  virtual ~IngestObserver() = default;
  virtual void OnFile(size_t done, size_t total, const FileOutcome& outcome) = 0;
};

struct IngestSummary {
  size_t stored = 0, duplicates = 0, failed = 0;
  std::vector<FileOutcome> outcomes;  // in input order
  // With options.link_archive: the archive pass's error, if any (the stored
  // documents stay stored), and how many reference dates it changed.
  Status archive_status;
  int archive_linked = 0;
};

// Expands "paths": files as given, folders walked recursively for *.pdf and
// *.txt (case-insensitive), sorted. Missing paths are returned in "missing".
std::vector<std::string> CollectInputFiles(const std::vector<std::string>& paths,
                                           std::vector<std::string>* missing);

// Whether a failure "status" is about the system rather than the file's
// content: kIoError and kStoreError (disk full, database busy), kNotFound
// (the file went away).
bool IsTransientFailure(const Status& status);

// Ingests one file (used by watch). Never throws; a failure is an outcome.
FileOutcome IngestFile(Store* store, const Pipeline& pipeline, const std::string& path,
                       const IngestOptions& options);

// Ingests "files" with options.jobs workers, copies failures to
// options.quarantine (before the observer hears of them), then runs the
// archive pass when options.link_archive. "observer" may be null. The
// counters are honest when other processes ingest into the same store at
// the same time: content another process stored first counts as a duplicate.
IngestSummary RunIngest(Store* store, const Pipeline& pipeline,
                        const std::vector<std::string>& files, const IngestOptions& options,
                        IngestObserver* observer);

}  // namespace docpipe
