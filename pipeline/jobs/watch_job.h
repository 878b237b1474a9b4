// pipeline/jobs/watch_job.h
//
// `docpipe watch INBOX`: files dropped into the inbox are ingested once they
// are completely written (inotify IN_CLOSE_WRITE / IN_MOVED_TO, then a size
// that stays the same between two looks), then moved to the archive
// (ARCHIVE/<year>/<kind>/<number>.pdf) or, on failure, to the quarantine
// with a "<name>.reason.txt" next to it. What arrived while the watcher was
// down is picked up at start. A file is moved only after its transaction
// committed, so a kill -9 at any moment leaves it either stored (and archived
// at the next start as a duplicate) or still in the inbox: nothing is lost and
// nothing is stored twice. Stops cleanly on SIGINT/SIGTERM.
//
// Stage: jobs. Reports through WatchObserver, never prints.

#pragma once

#include <atomic>
#include <string>

#include "pipeline/base/status.h"
#include "pipeline/jobs/ingest_job.h"
#include "pipeline/jobs/pipeline.h"
#include "pipeline/store/store.h"

namespace docpipe {

struct WatchOptions {
  std::string inbox;
  std::string archive;     // default: INBOX/../archive
  std::string quarantine;  // default: INBOX/../quarantine
  bool once = false;       // process what is there, then return
  IngestOptions ingest;
  int settle_ms = 300;     // a file's size must stay unchanged this long
};

class WatchObserver {
 public:
  virtual ~WatchObserver() = default;
  virtual void OnStarted(const WatchOptions& options) = 0;
  // "destination" is where the file now lives (archive or quarantine).
  virtual void OnFile(const FileOutcome& outcome, const std::string& destination) = 0;
};

// Where a stored file goes in the archive: "<year>/<kind>/<number>.<ext>",
// with "/" in the number replaced by "-" and unknown parts named
// "khong-ro" (unknown). Pure; used by tests.
std::string ArchiveRelativePath(const FileOutcome& outcome, const std::string& extension);

// Moves "path" into "quarantine" and writes "<name>.reason.txt" beside it
// (code, reason, time). Never overwrites: a name that exists gets a suffix.
// Returns the new path.
Result<std::string> Quarantine(const std::string& path, const std::string& quarantine,
                               const Status& reason);

// Runs until "*stop" becomes true (the CLI sets it from SIGINT/SIGTERM) or,
// with options.once, until the inbox is empty. kIoError if the inbox cannot
// be watched.
Status RunWatch(Store* store, const Pipeline& pipeline, const WatchOptions& options,
                const std::atomic<bool>* stop, WatchObserver* observer);

}  // namespace docpipe
