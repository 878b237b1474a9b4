#include "pipeline/jobs/watch_job.h"

// The loop: (1) look at every entry of the inbox (lstat): what is not a
// document is skipped, with a note the first time; documents are tracked by
// name with their size and mtime and the moment either last changed; (2)
// documents settled for settle_ms and due (not in backoff) are checked
// against /proc for writers, and PDFs for their trailer; (3) those that pass
// are ingested as one batch with RunIngest, each moved as soon as its outcome
// is known; (4) wait on inotify, with a short timeout while anything is still
// settling, so that "stop" is noticed. inotify only wakes the loop; the scan
// is the source of truth, so overflowed event queues lose nothing.
//
// A file whose ingest failed for a transient reason stays in the inbox with
// a due time (backoff 2, 4, 8 ... max_retry_seconds); a file that could not
// be moved is kept in "pending moves" and the move alone is retried, so a
// stored document is not ingested again as a duplicate of itself.

#include <fcntl.h>
#include <poll.h>
#include <sys/file.h>
#include <sys/inotify.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <iterator>
#include <map>
#include <set>
#include <vector>

#include "pipeline/base/file_util.h"
#include "pipeline/base/strings.h"
#include "pipeline/jobs/archive_pass.h"

namespace docpipe {
namespace fs = std::filesystem;
namespace {

using Clock = std::chrono::steady_clock;

std::string SafeComponent(std::string_view text) {
  std::string out;
  for (char c : text) {
    unsigned char u = static_cast<unsigned char>(c);
    out += (c == '/' || c == '\\' || c == '\0' || u < 0x20 || u == 0x7f) ? '-' : c;
  }
  std::string_view trimmed = Trim(out);
  if (trimmed.empty() || trimmed == "." || trimmed == "..") return "khong-ro";
  return std::string(trimmed);
}

std::string NowUtc() {
  std::time_t now = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&now, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

std::string Lower(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return text;
}

bool StartsWithPdfMagic(const std::string& path) {
  int fd = ::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOFOLLOW);
  if (fd < 0) return false;
  char magic[5] = {};
  ssize_t got = ::read(fd, magic, sizeof magic);
  ::close(fd);
  return got == 5 && std::string_view(magic, 5) == "%PDF-";
}

// The reason file is read in terminals and editors: the file name and the
// detail (which may quote it) are escaped like terminal output, so a name
// with an escape sequence or a line break cannot forge lines in it.
Companion ReasonFile(const std::string& path, const Status& reason) {
  Location where = reason.where();
  where.file = EscapeForTerminal(where.file);
  where.line_text = EscapeForTerminal(where.line_text);
  Status shown = Status::Error(reason.code(), EscapeForTerminal(reason.detail()), where);
  Companion companion;
  companion.suffix = ".reason.txt";
  companion.text = "file: " + EscapeForTerminal(path) + "\ncode: " +
                   std::to_string(static_cast<int>(reason.code())) + " (" +
                   CodeName(reason.code()) + ")\nreason: " + shown.ToString() +
                   "\ntime: " + NowUtc() + "\n";
  return companion;
}

enum class EntryKind { kDocument, kSkipped, kIgnored };

struct Tracked {
  EntryKind kind = EntryKind::kIgnored;
  WatchNote skip_note = WatchNote::kSkippedNotDocument;
  bool noted = false;  // the skip or the wait was reported
  bool pdf = false;
  uintmax_t size = 0;
  int64_t mtime_ns = 0;
  Clock::time_point changed;          // size or mtime last seen to change
  Clock::time_point due;              // not before (backoff)
  int attempts = 0;                   // transient failures so far
  bool parked = false;                // --once: a transient failure, not retried
};

struct PendingMove {
  FileOutcome outcome;
  int attempts = 0;
  Clock::time_point due;
};

int Backoff(int attempts, int max_seconds) {
  int delay = 2;
  for (int step = 1; step < attempts && delay < max_seconds; ++step) delay *= 2;
  return std::min(delay, std::max(1, max_seconds));
}

class Watcher : public IngestObserver {
 public:
  Watcher(Store* store, const WatchOptions& options, WatchObserver* observer)
      : store_(store), options_(options), observer_(observer) {}
  Watcher(const Watcher&) = delete;
  Watcher& operator=(const Watcher&) = delete;
  ~Watcher() {
    for (const auto& [name, fd] : claims_) ::close(fd);
  }

  Status Init() {
    std::error_code ec;
    if (!fs::is_directory(options_.inbox, ec)) {
      return Status::Error(Code::kNotFound, "inbox is not a folder", Location{options_.inbox});
    }
    inbox_canonical_ = fs::weakly_canonical(options_.inbox, ec);
    if (ec) return Status::Error(Code::kIoError, ec.message(), Location{options_.inbox});
    for (const std::string* other : {&options_.archive, &options_.quarantine}) {
      fs::path canonical = fs::weakly_canonical(*other, ec);
      if (!ec && canonical == inbox_canonical_) {
        return Status::Error(Code::kInvalidArgument,
                             "the inbox is also the " +
                                 std::string(other == &options_.archive ? "archive" : "quarantine") +
                                 " folder",
                             Location{options_.inbox});
      }
    }
    for (const std::string& path : options_.exclude) {
      fs::path canonical = fs::weakly_canonical(path, ec);
      if (ec || canonical.parent_path() != inbox_canonical_) continue;
      std::string name = canonical.filename().string();
      for (const char* suffix : {"", "-wal", "-shm", "-journal"}) excluded_.insert(name + suffix);
    }
    return OkStatus();
  }

  // IngestObserver: runs on the thread that writes the store.
  void OnFile(size_t, size_t, const FileOutcome& outcome) override {
    std::string name = fs::path(outcome.file).filename().string();
    if (outcome.kind == OutcomeKind::kFailed && outcome.transient) {
      std::error_code ec;
      Release(name);
      if (outcome.error.code() == Code::kNotFound && !fs::exists(outcome.file, ec)) {
        tracked_.erase(name);
        Note(WatchNote::kVanished, outcome.file, outcome.error, 0);
        return;
      }
      Tracked& entry = tracked_[name];
      ++entry.attempts;
      int delay = Backoff(entry.attempts, options_.max_retry_seconds);
      entry.due = Clock::now() + std::chrono::seconds(delay);
      if (options_.once) entry.parked = true;
      Note(WatchNote::kRetryLater, outcome.file, outcome.error, options_.once ? 0 : delay);
      return;
    }
    if (outcome.kind == OutcomeKind::kFailed) ++quarantined_;
    PendingMove pending;
    pending.outcome = outcome;
    TryMove(&pending, name);
  }

  // Retries the moves that failed before and are due.
  void RetryMoves() {
    Clock::time_point now = Clock::now();
    for (auto it = pending_.begin(); it != pending_.end();) {
      if (it->second.due > now) {
        ++it;
        continue;
      }
      PendingMove pending = std::move(it->second);
      std::string name = it->first;
      it = pending_.erase(it);
      TryMove(&pending, name);
    }
  }

  // Looks at the inbox; returns the documents to ingest now.
  std::vector<std::string> Scan() {
    Clock::time_point now = Clock::now();
    std::set<std::string> seen;
    std::vector<std::string> candidates;
    std::error_code ec;
    for (auto it = fs::directory_iterator(options_.inbox, ec); !ec && it != fs::directory_iterator();
         it.increment(ec)) {
      std::string name = it->path().filename().string();
      std::string path = it->path().string();
      if (name.empty() || name[0] == '.' || excluded_.count(name) > 0) continue;
      std::string lower = Lower(name);
      if (EndsWith(lower, ".part") || EndsWith(lower, ".tmp") || EndsWith(lower, ".crdownload") ||
          EndsWith(lower, ".reason.txt") || lower.find(".tmp.") != std::string::npos) {
        continue;
      }
      struct stat st {};
      if (::lstat(path.c_str(), &st) != 0) continue;  // gone meanwhile
      seen.insert(name);
      if (pending_.count(name) > 0) continue;  // stored; only its move is retried
      Tracked& entry = tracked_[name];
      int64_t mtime_ns = static_cast<int64_t>(st.st_mtim.tv_sec) * 1000000000 + st.st_mtim.tv_nsec;
      bool fresh = entry.changed == Clock::time_point{};
      bool changed = fresh || entry.size != static_cast<uintmax_t>(st.st_size) ||
                     entry.mtime_ns != mtime_ns;
      if (changed) {
        entry.size = static_cast<uintmax_t>(st.st_size);
        entry.mtime_ns = mtime_ns;
        entry.changed = now;
        entry.noted = false;
        entry.parked = false;
        entry.attempts = 0;
        entry.due = Clock::time_point{};
        Classify(path, name, st, &entry);
        // Present since before the watcher looked and not touched for a
        // while (a restart after kill -9): no need to wait settle_ms again.
        if (fresh && std::time(nullptr) - st.st_mtim.tv_sec > 10) {
          entry.changed = now - std::chrono::milliseconds(options_.settle_ms);
        }
      }
      if (entry.kind == EntryKind::kSkipped) {
        if (!entry.noted) Note(entry.skip_note, path, OkStatus(), 0);
        entry.noted = true;
        continue;
      }
      if (entry.kind != EntryKind::kDocument || entry.parked) continue;
      if (now - entry.changed < std::chrono::milliseconds(options_.settle_ms)) continue;
      if (now < entry.due) continue;
      candidates.push_back(name);
    }
    std::erase_if(tracked_, [&](const auto& item) { return seen.count(item.first) == 0; });
    std::sort(candidates.begin(), candidates.end());

    std::vector<std::string> ready;
    if (candidates.empty()) return ready;
    struct stat inbox_stat {};
    if (::stat(options_.inbox.c_str(), &inbox_stat) != 0) return ready;
    // One /proc scan for the whole batch.
    std::set<std::pair<uint64_t, uint64_t>> writing =
        FilesOpenForWriting(static_cast<uint64_t>(inbox_stat.st_dev));
    for (const std::string& name : candidates) {
      std::string path = (fs::path(options_.inbox) / name).string();
      Tracked& entry = tracked_[name];
      struct stat st {};
      if (::lstat(path.c_str(), &st) != 0) continue;
      if (writing.count({static_cast<uint64_t>(st.st_dev), static_cast<uint64_t>(st.st_ino)}) > 0) {
        entry.changed = now;  // a writer is still at it: settle again after it closes
        continue;
      }
      if (entry.pdf || entry.size == 0) {
        bool complete = false;
        if (entry.size > 0) {
          Result<std::string> bytes = ReadFileToString(path);
          complete = bytes.ok() && PdfLooksComplete(*bytes);
        }
        auto waited = std::chrono::duration_cast<std::chrono::seconds>(now - entry.changed);
        if (!complete && waited.count() < options_.incomplete_wait_seconds) {
          ++entry.attempts;
          int delay = std::min<int>(Backoff(entry.attempts, options_.max_retry_seconds),
                                    static_cast<int>(options_.incomplete_wait_seconds -
                                                     waited.count()));
          entry.due = now + std::chrono::seconds(std::max(1, delay));
          if (!entry.noted) {
            Note(WatchNote::kWaitingIncomplete, path,
                 Status::Error(Code::kBadInput,
                               entry.size == 0 ? "the file is empty"
                                               : "the PDF does not end with its trailer yet",
                               Location{path}),
                 options_.incomplete_wait_seconds);
            entry.noted = true;
          }
          continue;
        }
      }
      // Another watcher of this inbox may be at the same file.
      if (!Claim(name, path)) continue;
      ready.push_back(path);
    }
    return ready;
  }

  // True while something may still become ready without a new event.
  bool Busy() const {
    if (!options_.once && !pending_.empty()) return true;
    return std::any_of(tracked_.begin(), tracked_.end(), [](const auto& item) {
      return item.second.kind == EntryKind::kDocument && !item.second.parked;
    });
  }

  // In --once mode: only parked files (or none) are left.
  bool Idle() const { return !Busy(); }

  size_t quarantined() const { return quarantined_; }

 private:
  void Classify(const std::string& path, const std::string& name, const struct stat& st,
                Tracked* entry) {
    if (S_ISLNK(st.st_mode)) {
      entry->kind = EntryKind::kSkipped;
      entry->skip_note = WatchNote::kSkippedSymlink;
      return;
    }
    if (!S_ISREG(st.st_mode)) {
      entry->kind = S_ISDIR(st.st_mode) ? EntryKind::kIgnored : EntryKind::kSkipped;
      entry->skip_note = WatchNote::kSkippedNotRegular;
      return;
    }
    std::string ext = Lower(fs::path(name).extension().string());
    entry->pdf = StartsWithPdfMagic(path);
    if (entry->pdf || ext == ".pdf" || ext == ".txt") {
      entry->kind = EntryKind::kDocument;
      // A .pdf still empty or without its magic yet may be half written.
      if (ext == ".pdf") entry->pdf = entry->pdf || st.st_size < 5;
      return;
    }
    entry->kind = EntryKind::kSkipped;
    entry->skip_note = WatchNote::kSkippedNotDocument;
  }

  void Note(WatchNote note, const std::string& path, const Status& why, int retry_seconds) {
    if (observer_ != nullptr) observer_->OnNote(note, path, why, retry_seconds);
  }

  // Several watchers may share an inbox: a file is taken by the one that
  // holds flock(LOCK_EX) on it, from before its ingest until it is moved
  // (or left for a retry). Advisory: readers are not affected.
  bool Claim(const std::string& name, const std::string& path) {
    if (claims_.count(name) > 0) return true;
    int fd = ::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOFOLLOW | O_NOCTTY);
    if (fd < 0) return false;
    struct stat held {}, now {};
    if (::flock(fd, LOCK_EX | LOCK_NB) != 0 || ::fstat(fd, &held) != 0 ||
        ::lstat(path.c_str(), &now) != 0 || held.st_ino != now.st_ino ||
        held.st_dev != now.st_dev) {
      ::close(fd);  // taken by another watcher, or moved away meanwhile
      return false;
    }
    claims_[name] = fd;
    return true;
  }

  void Release(const std::string& name) {
    auto found = claims_.find(name);
    if (found == claims_.end()) return;
    ::close(found->second);
    claims_.erase(found);
  }

  // True for a duplicate that is the very file the store holds, never
  // archived: its first recorded name is this path and no recorded name is
  // in the archive (outside "trung-lap"). That is a file stored and then
  // not moved (a kill -9 between commit and move, a move that failed before
  // a restart, or a file ingested from the inbox by `ingest`): it is
  // archived as the original, not as a duplicate of itself. Another
  // watcher's copy of the same content has another first name. Fills in
  // "*outcome"'s identity from the store; false if it cannot be read.
  bool UnarchivedOriginal(FileOutcome* outcome) const {
    if (outcome->kind != OutcomeKind::kDuplicate || outcome->doc_id == 0) return false;
    Result<std::vector<std::string>> names = store_->FileNames(outcome->doc_id);
    if (!names.ok() || names->empty() || names->front() != outcome->file) return false;
    fs::path archive = fs::path(options_.archive).lexically_normal();
    fs::path duplicates = archive / "trung-lap";
    auto under = [](const fs::path& path, const fs::path& folder) {
      auto [folder_end, path_end] = std::mismatch(folder.begin(), folder.end(), path.begin(),
                                                  path.end());
      return folder_end == folder.end() || (std::next(folder_end) == folder.end() &&
                                            folder_end->empty());
    };
    for (const std::string& name : *names) {
      fs::path path = fs::path(name).lexically_normal();
      std::error_code ec;
      if (under(path, archive) && !under(path, duplicates) && fs::is_regular_file(path, ec)) {
        return false;
      }
    }
    Result<Extraction> extraction = store_->LoadExtraction(outcome->doc_id);
    if (!extraction.ok()) return false;
    outcome->kind_label = extraction->identity.kind.value;
    outcome->number = extraction->identity.number.value;
    outcome->date = extraction->identity.date.value;
    return true;
  }

  void TryMove(PendingMove* pending, const std::string& name) {
    const FileOutcome& outcome = pending->outcome;
    Result<std::string> moved = Status::Error(Code::kInternal, "not moved");
    if (outcome.kind == OutcomeKind::kFailed) {
      moved = Quarantine(outcome.file, options_.quarantine, outcome.error, outcome.sha256);
    } else {
      std::string ext = Lower(fs::path(outcome.file).extension().string());
      if (ext != ".txt" && (ext != ".pdf" && StartsWithPdfMagic(outcome.file))) ext = ".pdf";
      FileOutcome placed = outcome;
      bool original = outcome.kind == OutcomeKind::kStored || UnarchivedOriginal(&placed);
      fs::path rel = ArchiveRelativePath(placed, ext);
      if (!original) rel = fs::path("trung-lap") / rel.filename();
      moved = MoveIntoFolder(outcome.file, (fs::path(options_.archive) / rel.parent_path()).string(),
                             rel.filename().string(), outcome.sha256);
    }
    tracked_.erase(name);
    if (moved.ok()) {
      // Best effort: the document is stored either way; the name is for `list`.
      if (outcome.kind != OutcomeKind::kFailed && outcome.doc_id != 0) {
        (void)store_->RecordFileName(outcome.doc_id, *moved);
      }
      if (observer_ != nullptr) observer_->OnFile(outcome, *moved);
      Release(name);
      return;
    }
    std::error_code ec;
    if (!fs::exists(outcome.file, ec)) {
      Release(name);
      Note(WatchNote::kVanished, outcome.file, moved.status(), 0);
      return;
    }
    Result<std::string> now_bytes = ReadFileToString(outcome.file);
    if (now_bytes.ok() && !outcome.sha256.empty() && Sha256Hex(*now_bytes) != outcome.sha256) {
      // Rewritten since it was read: what was stored is not this file. It
      // stays in the inbox and is taken again, as new content, once settled.
      Release(name);
      Note(WatchNote::kRetryLater, outcome.file,
           Status::Error(Code::kIoError, "the file changed after it was read",
                         Location{outcome.file}),
           options_.settle_ms / 1000 + 1);
      return;
    }
    ++pending->attempts;
    int delay = Backoff(pending->attempts, options_.max_retry_seconds);
    pending->due = Clock::now() + std::chrono::seconds(delay);
    Note(WatchNote::kMoveFailed, outcome.file, moved.status(), options_.once ? 0 : delay);
    // Kept also with --once, so that the file is not ingested again.
    pending_[name] = std::move(*pending);
  }

  Store* store_;
  const WatchOptions& options_;
  WatchObserver* observer_;
  fs::path inbox_canonical_;
  std::set<std::string> excluded_;
  std::map<std::string, Tracked> tracked_;
  std::map<std::string, PendingMove> pending_;
  std::map<std::string, int> claims_;  // file name -> descriptor holding its flock
  size_t quarantined_ = 0;
};

}  // namespace

std::string ArchiveRelativePath(const FileOutcome& outcome, const std::string& extension) {
  std::string year = outcome.date.size() >= 4 ? outcome.date.substr(0, 4) : "khong-ro-nam";
  std::string kind = outcome.kind_label.empty() ? "khong-ro-loai" : SafeComponent(outcome.kind_label);
  std::string name = outcome.number.empty() ? "khong-so-" + outcome.sha256.substr(0, 12)
                                            : SafeComponent(outcome.number);
  return (fs::path(year) / kind / (name + extension)).string();
}

Result<std::string> Quarantine(const std::string& path, const std::string& quarantine,
                               const Status& reason, const std::string& sha256) {
  Companion companion = ReasonFile(path, reason);
  return MoveIntoFolder(path, quarantine, fs::path(path).filename().string(), sha256, &companion);
}

Result<std::string> QuarantineCopy(const std::string& path, const std::string& quarantine,
                                   const Status& reason, const std::string& sha256) {
  Companion companion = ReasonFile(path, reason);
  return CopyIntoFolder(path, quarantine, fs::path(path).filename().string(), sha256, &companion);
}

Status RunWatch(Store* store, const Pipeline& pipeline, const WatchOptions& options,
                const std::atomic<bool>* stop, WatchObserver* observer) {
  Watcher watcher(store, options, observer);
  Status status = watcher.Init();
  if (!status.ok()) return status;
  int fd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
  if (fd < 0) return Status::Error(Code::kIoError, "inotify_init1 failed", Location{options.inbox});
  if (inotify_add_watch(fd, options.inbox.c_str(),
                        IN_CLOSE_WRITE | IN_MOVED_TO | IN_CREATE | IN_MODIFY | IN_ATTRIB) < 0) {
    ::close(fd);
    return Status::Error(Code::kIoError, "cannot watch the inbox", Location{options.inbox});
  }
  if (observer != nullptr) observer->OnStarted(options);
  while (stop == nullptr || !stop->load()) {
    watcher.RetryMoves();
    std::vector<std::string> ready = watcher.Scan();
    if (!ready.empty()) {
      IngestSummary summary = RunIngest(store, pipeline, ready, options.ingest, &watcher);
      // Best effort: a failure here leaves dates unfilled until the next batch.
      if (summary.stored > 0) (void)LinkArchiveReferences(store);
      continue;  // look again at once: more may have arrived meanwhile
    }
    if (options.once && watcher.Idle()) break;
    // Short naps while files settle or wait; events wake the loop early.
    pollfd pfd{fd, POLLIN, 0};
    int timeout_ms = watcher.Busy() ? 200 : 1000;
    if (::poll(&pfd, 1, timeout_ms) > 0) {
      char buf[64 * 1024];
      while (::read(fd, buf, sizeof buf) > 0) {
        // Drain; the scan decides what is ready.
      }
    }
  }
  ::close(fd);
  return OkStatus();
}

}  // namespace docpipe
