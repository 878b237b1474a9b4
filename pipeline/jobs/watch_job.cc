#include "pipeline/jobs/watch_job.h"

// The loop: (1) scan the inbox for regular files whose size is stable,
// (2) ingest them as one batch with RunIngest, moving each file as soon as
// its outcome is known, (3) wait on inotify (or a 1 s poll timeout, so that
// "stop" is noticed and files whose writer has not closed yet are looked at
// again). inotify only wakes the loop; the scan is the source of truth, so
// overflowed event queues (hundreds of files at once) lose nothing.

#include <poll.h>
#include <sys/inotify.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <ctime>
#include <filesystem>
#include <functional>
#include <map>
#include <set>
#include <thread>
#include <vector>

#include "pipeline/base/file_util.h"
#include "pipeline/base/strings.h"
#include "pipeline/jobs/archive_pass.h"

namespace docpipe {
namespace fs = std::filesystem;
namespace {

std::string SafeComponent(std::string_view text) {
  std::string out;
  for (char c : text) out += (c == '/' || c == '\\' || c == '\0') ? '-' : c;
  std::string_view trimmed = Trim(out);
  if (trimmed.empty() || trimmed == "." || trimmed == "..") return "khong-ro";
  return std::string(trimmed);
}

// Moves "from" to "dir"/"name" without overwriting; rename(2) within a file
// system, copy + remove across file systems. "before_move", when given, runs
// with the chosen target path just before the move (the quarantine writes
// the reason file there first, so that a kill between the two steps never
// leaves a quarantined file without its reason).
Result<std::string> MoveInto(const std::string& from, const std::string& dir, std::string name,
                             const std::function<Status(const std::string&)>& before_move = {}) {
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec) return Status::Error(Code::kIoError, ec.message(), Location{dir});
  fs::path target = fs::path(dir) / name;
  std::string stem = fs::path(name).stem().string();
  std::string ext = fs::path(name).extension().string();
  for (int n = 2; fs::exists(target, ec); ++n) {
    target = fs::path(dir) / (stem + "~" + std::to_string(n) + ext);
  }
  if (before_move) {
    Status status = before_move(target.string());
    if (!status.ok()) return status;
  }
  fs::rename(from, target, ec);
  if (ec) {
    fs::copy_file(from, target, ec);
    if (ec) return Status::Error(Code::kIoError, ec.message(), Location{from});
    fs::remove(from, ec);
  }
  return target.string();
}

std::string NowUtc() {
  std::time_t now = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&now, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

class MovingObserver : public IngestObserver {
 public:
  MovingObserver(Store* store, const WatchOptions& options, WatchObserver* observer)
      : store_(store), options_(options), observer_(observer) {}
  void OnFile(size_t, size_t, const FileOutcome& outcome) override {
    std::string ext = fs::path(outcome.file).extension().string();
    Result<std::string> moved = Status::Error(Code::kInternal, "not moved");
    if (outcome.kind == OutcomeKind::kFailed) {
      moved = Quarantine(outcome.file, options_.quarantine, outcome.error);
    } else {
      fs::path rel = ArchiveRelativePath(outcome, ext);
      if (outcome.kind == OutcomeKind::kDuplicate) rel = fs::path("trung-lap") / rel.filename();
      moved = MoveInto(outcome.file, (fs::path(options_.archive) / rel.parent_path()).string(),
                       rel.filename().string());
      // The inbox name no longer exists: record where the file now lives.
      // Best effort: the document is stored either way.
      if (moved.ok() && outcome.doc_id != 0) (void)store_->RecordFileName(outcome.doc_id, *moved);
    }
    if (observer_ != nullptr) observer_->OnFile(outcome, moved.ok() ? *moved : outcome.file);
  }

 private:
  Store* store_;
  const WatchOptions& options_;
  WatchObserver* observer_;
};

// Files of the inbox (not hidden, not partial downloads) whose size has not
// changed since the last look; "sizes" remembers the last look.
std::vector<std::string> StableFiles(const std::string& inbox, std::map<std::string, uintmax_t>* sizes) {
  std::vector<std::string> ready;
  std::map<std::string, uintmax_t> now;
  std::error_code ec;
  for (auto it = fs::directory_iterator(inbox, ec); !ec && it != fs::directory_iterator();
       it.increment(ec)) {
    std::error_code entry_ec;
    if (!it->is_regular_file(entry_ec)) continue;
    std::string name = it->path().filename().string();
    if (name.empty() || name[0] == '.' || EndsWith(name, ".part") || EndsWith(name, ".tmp") ||
        EndsWith(name, ".crdownload")) {
      continue;
    }
    uintmax_t size = it->file_size(entry_ec);
    if (entry_ec) continue;
    std::string path = it->path().string();
    now[path] = size;
    auto prev = sizes->find(path);
    if (prev != sizes->end() && prev->second == size) ready.push_back(path);
  }
  *sizes = std::move(now);
  std::sort(ready.begin(), ready.end());
  return ready;
}

}  // namespace

std::string ArchiveRelativePath(const FileOutcome& outcome, const std::string& extension) {
  std::string year = outcome.date.size() >= 4 ? outcome.date.substr(0, 4) : "khong-ro-nam";
  std::string kind = outcome.kind_label.empty() ? "khong-ro-loai" : SafeComponent(outcome.kind_label);
  std::string name = outcome.number.empty() ? "khong-so-" + outcome.sha256.substr(0, 12)
                                            : SafeComponent(outcome.number);
  return (fs::path(year) / kind / (name + extension)).string();
}

Result<std::string> Quarantine(const std::string& path, const std::string& quarantine,
                               const Status& reason) {
  std::string text = "file: " + path + "\ncode: " + std::to_string(static_cast<int>(reason.code())) +
                     " (" + CodeName(reason.code()) + ")\nreason: " + reason.ToString() +
                     "\ntime: " + NowUtc() + "\n";
  return MoveInto(path, quarantine, fs::path(path).filename().string(),
                  [&text](const std::string& target) {
                    return WriteFileAtomically(target + ".reason.txt", text);
                  });
}

Status RunWatch(Store* store, const Pipeline& pipeline, const WatchOptions& options,
                const std::atomic<bool>* stop, WatchObserver* observer) {
  std::error_code ec;
  if (!fs::is_directory(options.inbox, ec)) {
    return Status::Error(Code::kNotFound, "inbox is not a folder", Location{options.inbox});
  }
  int fd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
  if (fd < 0) return Status::Error(Code::kIoError, "inotify_init1 failed", Location{options.inbox});
  if (inotify_add_watch(fd, options.inbox.c_str(), IN_CLOSE_WRITE | IN_MOVED_TO | IN_CREATE) < 0) {
    ::close(fd);
    return Status::Error(Code::kIoError, "cannot watch the inbox", Location{options.inbox});
  }
  if (observer != nullptr) observer->OnStarted(options);
  MovingObserver mover(store, options, observer);
  std::map<std::string, uintmax_t> sizes;
  // Files this run already handled but could not move away (a read-only
  // inbox): skipped, so that the loop never spins on them.
  std::set<std::string> handled;
  StableFiles(options.inbox, &sizes);  // first look: remember sizes
  while (stop == nullptr || !stop->load()) {
    std::this_thread::sleep_for(std::chrono::milliseconds(options.settle_ms));
    std::vector<std::string> ready = StableFiles(options.inbox, &sizes);
    std::erase_if(ready, [&](const std::string& path) { return handled.count(path) > 0; });
    for (const std::string& path : ready) handled.insert(path);
    if (!ready.empty()) {
      IngestSummary summary = RunIngest(store, pipeline, ready, options.ingest, &mover);
      // Only files still in the inbox stay skipped: a new file dropped later
      // under the name of one moved away ("scan.pdf" again) must be ingested.
      for (const std::string& path : ready) {
        if (!fs::exists(path, ec)) handled.erase(path);
      }
      // Best effort: a failure here leaves dates unfilled until the next batch.
      if (summary.stored > 0) (void)LinkArchiveReferences(store);
      continue;  // look again at once: more may have arrived meanwhile
    }
    bool pending = std::any_of(sizes.begin(), sizes.end(),
                               [&](const auto& entry) { return handled.count(entry.first) == 0; });
    if (options.once && !pending) break;
    if (options.once) continue;  // files still being written: wait for them
    pollfd pfd{fd, POLLIN, 0};
    int ready_fds = ::poll(&pfd, 1, 1000);
    if (ready_fds > 0) {
      char buf[64 * 1024];
      while (::read(fd, buf, sizeof buf) > 0) {
        // Drain; the scan above decides what is ready.
      }
    }
  }
  ::close(fd);
  return OkStatus();
}

}  // namespace docpipe
