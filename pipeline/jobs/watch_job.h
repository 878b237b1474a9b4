// pipeline/jobs/watch_job.h
//
// `docpipe watch INBOX`: documents dropped into the inbox are ingested once
// they are completely written, then moved to the archive
// (ARCHIVE/<year>/<kind>/<number>.pdf) or, when their content is bad, to the
// quarantine with a "<name>.reason.txt" next to it. What arrived while the
// watcher was down is picked up at start.
//
// What is taken: regular files named *.pdf or *.txt (any case) and files that
// start with "%PDF-"; never hidden or partial files (.part, .tmp,
// .crdownload), the database given in WatchOptions::exclude and its -wal,
// -shm and -journal files, nor anything else (a log). Symlinks, FIFOs and
// devices are skipped with a note.
//
// Complete files only: a file is taken when its size and mtime have not
// changed for settle_ms, no process of this machine has it open for writing
// (/proc scan), and, for a PDF, when it ends with its trailer ("startxref",
// "%%EOF"); an unfinished PDF is looked at again, with backoff, for up to
// incomplete_wait_seconds (scanners writing over SMB) before it is ingested
// as it is (and quarantined if it does not parse).
//
// Nothing is lost: a file is moved only after its transaction committed, so
// a kill -9 leaves it stored (and archived at the next start, as the
// original: the store knows it by this very name) or still in the inbox.
// A copy of stored content under another name goes to ARCHIVE/trung-lap/. Moves never overwrite (several watchers may share
// one archive) and are verified against the stored SHA-256. Failures that
// are not the file's fault (disk full, database busy, I/O errors) keep the
// file in the inbox and retry with backoff; a move that failed is retried
// the same way and never reported as done. Stops cleanly on SIGINT/SIGTERM.
//
// Stage: jobs. Reports through WatchObserver, never prints.

#pragma once

#include <atomic>
#include <string>
#include <vector>

#include "pipeline/base/status.h"
#include "pipeline/jobs/ingest_job.h"
#include "pipeline/jobs/pipeline.h"
#include "pipeline/store/store.h"

namespace docpipe {

struct WatchOptions {
  std::string inbox;
  std::string archive;     // default: INBOX/../archive; must not be the inbox
  std::string quarantine;  // default: INBOX/../quarantine; must not be the inbox
  bool once = false;       // process what is there, then return
  IngestOptions ingest;
  // A file's size and mtime must stay unchanged this long. Longer than the
  // pauses of a slow writer that closes the file between appends.
  int settle_ms = 2000;
  int incomplete_wait_seconds = 120;  // an unfinished PDF waits this long for its end
  int max_retry_seconds = 60;         // backoff cap for transient failures
  // Files never taken (the database the watcher writes); their "-wal",
  // "-shm" and "-journal" companions are excluded with them.
  std::vector<std::string> exclude;
};

// Things the watcher did not do, and why. Each is reported once per file and
// state, not on every look.
enum class WatchNote {
  kSkippedSymlink,     // a symbolic link in the inbox: not followed
  kSkippedNotRegular,  // a FIFO, socket, device or folder
  kSkippedNotDocument, // neither PDF nor .txt
  kWaitingIncomplete,  // a PDF without its trailer yet: waiting for the rest
  kRetryLater,         // a transient failure; the file stays in the inbox
  kMoveFailed,         // stored, but could not be moved yet; retried
  kVanished,           // the file went away (another watcher took it)
};

class WatchObserver {
 public:
  virtual ~WatchObserver() = default;
  virtual void OnStarted(const WatchOptions& options) = 0;
  // The file was moved: "destination" is where it now lives (archive or
  // quarantine). Called only for moves that happened.
  virtual void OnFile(const FileOutcome& outcome, const std::string& destination) = 0;
  // "path" was not taken or not moved; "why" says why (may be OK for the
  // skips); "retry_seconds" when it will be looked at again (0: not planned).
  virtual void OnNote(WatchNote note, const std::string& path, const Status& why,
                      int retry_seconds) {
    (void)note, (void)path, (void)why, (void)retry_seconds;
  }
};

// Where a stored file goes in the archive: "<year>/<kind>/<number>.<ext>",
// with "/" in the number replaced by "-" and unknown parts named
// "khong-ro" (unknown). Pure; used by tests.
std::string ArchiveRelativePath(const FileOutcome& outcome, const std::string& extension);

// Moves "path" into "quarantine" and writes "<name>.reason.txt" beside it
// first (code, reason, time). Never overwrites: a name that exists gets a
// suffix, also against other processes. "sha256", when not empty, is
// checked against the placed file. Returns the new path; on error the file
// is where it was.
Result<std::string> Quarantine(const std::string& path, const std::string& quarantine,
                               const Status& reason, const std::string& sha256 = {});

// As Quarantine, but copies: "path" is left as it is (`ingest --quarantine`).
Result<std::string> QuarantineCopy(const std::string& path, const std::string& quarantine,
                                   const Status& reason, const std::string& sha256 = {});

// Runs until "*stop" becomes true (the CLI sets it from SIGINT/SIGTERM) or,
// with options.once, until nothing in the inbox can be taken now. kNotFound
// if the inbox is not a folder, kInvalidArgument if it is the archive or the
// quarantine, kIoError if it cannot be watched.
Status RunWatch(Store* store, const Pipeline& pipeline, const WatchOptions& options,
                const std::atomic<bool>* stop, WatchObserver* observer);

}  // namespace docpipe
