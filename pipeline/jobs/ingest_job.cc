#include "pipeline/jobs/ingest_job.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <condition_variable>
#include <cstring>
#include <exception>
#include <filesystem>
#include <mutex>
#include <semaphore>
#include <utility>

#include "pipeline/base/file_util.h"
#include "pipeline/base/strings.h"
#include "pipeline/base/workers.h"
#include "pipeline/jobs/archive_pass.h"
#include "pipeline/jobs/watch_job.h"

namespace docpipe {
namespace {

// Threads that fork reader processes. GCC 12's AddressSanitizer allocator is
// not fork-safe while other threads allocate (base/subprocess.h): a reader
// forked then can deadlock until its wall-clock limit. Sanitizer builds read
// one file at a time; other builds use what was asked.
int ReaderThreads(int jobs) {
#if defined(__SANITIZE_ADDRESS__)
  (void)jobs;
  return 1;
#else
  return jobs;
#endif
}

// Threads of an ingest that reads "readers" files at once. One more thread
// than readers lets a file be normalised, extracted and stored while the
// next one is read (its reader process waits for a read slot, so no more
// than "readers" files are ever read at once): a two-stage pipeline. Not in
// sanitizer builds, which read and process one file at a time.
int IngestThreads(int readers) {
#if defined(__SANITIZE_ADDRESS__)
  return readers;
#else
  return readers + 1;
#endif
}

bool HasInputExtension(const std::filesystem::path& path) {
  std::string ext = path.extension().string();
  std::transform(ext.begin(), ext.end(), ext.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return ext == ".pdf" || ext == ".txt";
}

// The part of ingest that runs without the store: read (in the reader
// process), normalise, extract the bytes already read. Exceptions
// (std::bad_alloc from a huge document) end here, at the per-document
// boundary (STYLE.md 8.4).
Result<Processed> ProcessSafely(const Pipeline& pipeline, const std::string& path,
                                std::string_view bytes, const std::string& sha256,
                                const IngestOptions& options, std::counting_semaphore<>* read_slots) {
  try {
    return pipeline.ProcessBytes(path, bytes, sha256, options.read, options.limits, read_slots);
  } catch (const std::exception& e) {
    return Status::Error(Code::kInternal, e.what(), Location{path});
  }
}

// A file read once: its bytes and their hash, for the duplicate check, the
// reader and the store alike.
struct Input {
  std::string bytes;
  std::string sha256;
};

// Refuses, before any parsing, input this process could not bound: a FIFO,
// socket or device (opening one would block), a text file larger than
// options.max_text_bytes (normalised in this process).
Status CheckInput(const std::string& path, const IngestOptions& options) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) {
    int err = errno;
    return Status::Error(err == ENOENT ? Code::kNotFound : Code::kIoError, std::strerror(err),
                         Location{path});
  }
  if (!S_ISREG(st.st_mode)) {
    return Status::Error(Code::kBadInput, "not a regular file (a FIFO, socket, device or folder)",
                         Location{path});
  }
  if (static_cast<uint64_t>(st.st_size) <= options.max_text_bytes) return OkStatus();
  char magic[5] = {};
  int fd = ::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC);
  if (fd < 0) return OkStatus();  // the reader reports it
  ssize_t got = ::read(fd, magic, sizeof magic);
  ::close(fd);
  if (got == 5 && std::string_view(magic, 5) == "%PDF-") return OkStatus();
  return Status::Error(
      Code::kLimitExceeded,
      Substitute("text file of $1 MiB is larger than the limit of $2 MiB for text input",
                 {std::to_string(static_cast<uint64_t>(st.st_size) >> 20),
                  std::to_string(options.max_text_bytes >> 20)}),
      Location{path});
}

FileOutcome Save(Store* store, const Pipeline& pipeline, const std::string& path,
                 Result<Processed> processed, const std::string& sha256) {
  FileOutcome outcome;
  outcome.file = path;
  outcome.sha256 = sha256;
  if (!processed.ok()) {
    outcome.kind = OutcomeKind::kFailed;
    outcome.error = processed.status();
    outcome.transient = IsTransientFailure(outcome.error);
    if (outcome.transient) return outcome;  // not the content's fault: no failure row
    if (!sha256.empty()) {
      // Best effort: the failure row is for `list`; the file itself is kept
      // (and quarantined by the caller), so nothing is lost if this fails.
      (void)store->RecordFailure(sha256, path, processed.status().code(),
                                 processed.status().ToString());
    }
    return outcome;
  }
  const Processed& p = *processed;
  IngestRecord record;
  record.sha256 = p.sha256;
  record.file = path;
  record.byte_size = static_cast<int64_t>(p.bytes);
  record.document = &p.document;
  record.normalized = &p.normalized;
  record.diagnostics = &p.diagnostics;
  record.extraction = &p.extraction;
  record.ruleset_version = pipeline.version();
  bool already_stored = false;
  record.already_stored = &already_stored;
  Result<int64_t> id = store->SaveDocument(record);
  if (!id.ok()) {
    // The document is fine; the store is not (full, busy, read-only).
    outcome.kind = OutcomeKind::kFailed;
    outcome.error = id.status();
    outcome.transient = true;
    return outcome;
  }
  outcome.kind = already_stored ? OutcomeKind::kDuplicate : OutcomeKind::kStored;
  outcome.doc_id = *id;
  outcome.kind_label = p.extraction.identity.kind.value;
  outcome.number = p.extraction.identity.number.value;
  outcome.date = p.extraction.identity.date.value;
  outcome.pages = static_cast<int>(p.document.pages.size());
  outcome.error_diagnostics = p.diagnostics.Count(Severity::kError);
  return outcome;
}

// Returns true (and fills "outcome") when content hashed "sha" is already stored.
bool CheckDuplicate(Store* store, const std::string& path, const std::string& sha,
                    FileOutcome* outcome) {
  Result<std::optional<int64_t>> found = store->FindBySha256(sha);
  if (!found.ok() || !found->has_value()) return false;
  outcome->kind = OutcomeKind::kDuplicate;
  outcome->file = path;
  outcome->sha256 = sha;
  outcome->doc_id = **found;
  (void)store->RecordFileName(**found, path);
  return true;
}

// Text encodings the text reader does not take. Text saved by Windows
// Notepad as "Unicode" is UTF-16 with a byte-order mark: converted here to
// UTF-8 (unpaired surrogates become U+FFFD). Text in an 8-bit code page
// is left to the text reader, which decodes Windows-1258 and TCVN3.
enum class TextEncoding { kUtf8, kUtf16Le, kUtf16Be, kEightBit };

TextEncoding DetectEncoding(std::string_view bytes) {
  if (bytes.size() >= 2 && bytes[0] == '\xFF' && bytes[1] == '\xFE') return TextEncoding::kUtf16Le;
  if (bytes.size() >= 2 && bytes[0] == '\xFE' && bytes[1] == '\xFF') return TextEncoding::kUtf16Be;
  size_t bad = 0, high = 0;
  for (size_t pos = 0; pos < bytes.size();) {
    size_t before = pos;
    if (static_cast<unsigned char>(bytes[pos]) >= 0x80) ++high;
    char32_t cp = DecodeUtf8(bytes, &pos);
    if (cp == 0) return TextEncoding::kUtf8;  // binary: the reader says "not text"
    if (cp == 0xFFFD && pos == before + 1) ++bad;
  }
  // The text reader's own threshold: more than 1 bad byte in 20 is not UTF-8.
  return bad * 20 > bytes.size() && high > 0 ? TextEncoding::kEightBit : TextEncoding::kUtf8;
}

std::string Utf16ToUtf8(std::string_view bytes, bool little_endian) {
  std::string out;
  out.reserve(bytes.size());
  auto unit = [&](size_t at) -> char32_t {
    unsigned char first = static_cast<unsigned char>(bytes[at]);
    unsigned char second = static_cast<unsigned char>(bytes[at + 1]);
    return little_endian ? (char32_t{second} << 8 | first) : (char32_t{first} << 8 | second);
  };
  for (size_t at = 2; at + 1 < bytes.size(); at += 2) {
    char32_t cp = unit(at);
    if (cp >= 0xD800 && cp <= 0xDBFF && at + 3 < bytes.size()) {
      char32_t low = unit(at + 2);
      if (low >= 0xDC00 && low <= 0xDFFF) {
        cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
        at += 2;
      } else {
        cp = 0xFFFD;
      }
    } else if (cp >= 0xD800 && cp <= 0xDFFF) {
      cp = 0xFFFD;
    }
    AppendUtf8(cp, &out);
  }
  return out;
}

// Reads "converted" (UTF-8 made from the UTF-16 file "path") as if it were
// "path": the hash, size, name and error locations are the original file's.
Result<Processed> ProcessConverted(const Pipeline& pipeline, const std::string& path,
                                   const Input& original, const std::string& converted,
                                   const IngestOptions& options, std::string_view encoding,
                                   std::counting_semaphore<>* read_slots) {
  Result<Processed> processed =
      ProcessSafely(pipeline, path, converted, original.sha256, options, read_slots);
  if (!processed.ok()) return processed;
  processed->bytes = original.bytes.size();
  processed->diagnostics.Note(Substitute("text decoded from $1", {encoding}));
  return processed;
}

// Refuses what CheckInput refuses, then reads the file and hashes it, once.
Result<Input> ReadInput(const std::string& path, const IngestOptions& options) {
  Status checked = CheckInput(path, options);
  if (!checked.ok()) return checked;
  Result<std::string> bytes = ReadFileToString(path);
  if (!bytes.ok()) return bytes.status();
  Input input;
  input.sha256 = Sha256Hex(*bytes);
  input.bytes = std::move(bytes).value();
  return input;
}

// Converts UTF-16 text, then processes the input (the text reader decodes
// 8-bit Vietnamese text or names the encoding it found).
Result<Processed> ProcessInput(const Pipeline& pipeline, const std::string& path,
                               const Input& input, const IngestOptions& options,
                               std::counting_semaphore<>* read_slots) {
  if (!StartsWith(input.bytes, "%PDF-")) {
    switch (DetectEncoding(input.bytes)) {
      case TextEncoding::kUtf16Le:
        return ProcessConverted(pipeline, path, input, Utf16ToUtf8(input.bytes, true), options,
                                "UTF-16LE", read_slots);
      case TextEncoding::kUtf16Be:
        return ProcessConverted(pipeline, path, input, Utf16ToUtf8(input.bytes, false), options,
                                "UTF-16BE", read_slots);
      case TextEncoding::kEightBit:  // the text reader decodes it or names what it found
      case TextEncoding::kUtf8:
        break;
    }
  }
  return ProcessSafely(pipeline, path, input.bytes, input.sha256, options, read_slots);
}

// Reads and processes "path" unless its content is already stored: the store
// part (duplicate check) runs under "store_mutex", the rest outside it.
// Returns true with "outcome" filled for a duplicate; otherwise false, with
// "processed" and "sha256" set for Save.
bool ReadAndProcess(Store* store, std::mutex* store_mutex, const Pipeline& pipeline,
                    const std::string& path, const IngestOptions& options, FileOutcome* outcome,
                    Result<Processed>* processed, std::string* sha256,
                    std::counting_semaphore<>* read_slots = nullptr) {
  Result<Input> input = ReadInput(path, options);
  if (!input.ok()) {
    *processed = input.status();
    return false;
  }
  {
    std::lock_guard<std::mutex> lock(*store_mutex);
    if (CheckDuplicate(store, path, input->sha256, outcome)) return true;
  }
  *sha256 = input->sha256;
  *processed = ProcessInput(pipeline, path, *input, options, read_slots);
  return false;
}

}  // namespace

bool IsTransientFailure(const Status& status) {
  return status.code() == Code::kIoError || status.code() == Code::kStoreError ||
         status.code() == Code::kNotFound;
}

std::vector<std::string> CollectInputFiles(const std::vector<std::string>& paths,
                                           std::vector<std::string>* missing) {
  std::vector<std::string> files;
  for (const std::string& path : paths) {
    std::error_code ec;
    if (std::filesystem::is_directory(path, ec)) {
      std::vector<std::string> found;
      auto options = std::filesystem::directory_options::skip_permission_denied;
      for (auto it = std::filesystem::recursive_directory_iterator(path, options, ec);
           !ec && it != std::filesystem::recursive_directory_iterator(); it.increment(ec)) {
        if (it->is_regular_file(ec) && HasInputExtension(it->path())) {
          found.push_back(it->path().string());
        }
      }
      std::sort(found.begin(), found.end());
      files.insert(files.end(), found.begin(), found.end());
    } else if (std::filesystem::exists(path, ec)) {
      files.push_back(path);
    } else if (missing != nullptr) {
      missing->push_back(path);
    }
  }
  return files;
}

FileOutcome IngestFile(Store* store, const Pipeline& pipeline, const std::string& path,
                       const IngestOptions& options) {
  FileOutcome outcome;
  std::mutex unshared;
  Result<Processed> processed = Status::Error(Code::kInternal, "not processed");
  std::string sha256;
  if (ReadAndProcess(store, &unshared, pipeline, path, options, &outcome, &processed, &sha256)) {
    return outcome;
  }
  return Save(store, pipeline, path, std::move(processed), sha256);
}

IngestSummary RunIngest(Store* store, const Pipeline& pipeline,
                        const std::vector<std::string>& files, const IngestOptions& options,
                        IngestObserver* observer) {
  IngestSummary summary;
  summary.outcomes.resize(files.size());
  std::mutex store_mutex;  // guards "store", "summary" counters and "observer"
  std::atomic<size_t> next{0};
  size_t done = 0;
  const int readers = ReaderThreads(options.jobs);
  std::counting_semaphore<> read_slots(readers);
  // With one file read at a time, files are stored in the order given, as
  // they were before the pipeline (document ids and progress lines follow
  // the file list); with more, in the order they finish.
  const bool in_order = readers == 1;
  std::condition_variable turn;  // with "store_mutex": "stored_upto" moved
  size_t stored_upto = 0;        // files [0, stored_upto) are finished

  auto worker = [&]() {
    while (true) {
      size_t index = next.fetch_add(1);
      if (index >= files.size()) return;
      const std::string& path = files[index];
      FileOutcome outcome;
      Result<Processed> processed = Status::Error(Code::kInternal, "not processed");
      std::string sha256;
      bool duplicate = ReadAndProcess(store, &store_mutex, pipeline, path, options, &outcome,
                                      &processed, &sha256, &read_slots);
      std::unique_lock<std::mutex> lock(store_mutex);
      if (in_order) turn.wait(lock, [&] { return stored_upto == index; });
      if (!duplicate) {
        // Another worker may have stored the same bytes under another name meanwhile.
        if (processed.ok() && CheckDuplicate(store, path, sha256, &outcome)) {
          duplicate = true;
        } else {
          outcome = Save(store, pipeline, path, std::move(processed), sha256);
        }
      }
      switch (outcome.kind) {
        case OutcomeKind::kStored: ++summary.stored; break;
        case OutcomeKind::kDuplicate: ++summary.duplicates; break;
        case OutcomeKind::kFailed: ++summary.failed; break;
      }
      if (outcome.kind == OutcomeKind::kFailed && !outcome.transient && !options.quarantine.empty()) {
        Result<std::string> copied =
            QuarantineCopy(outcome.file, options.quarantine, outcome.error, outcome.sha256);
        if (copied.ok()) {
          outcome.quarantined_to = *copied;
        } else {
          outcome.quarantine_error = copied.status();
        }
      }
      ++done;
      if (observer != nullptr) observer->OnFile(done, files.size(), outcome);
      summary.outcomes[index] = std::move(outcome);
      if (in_order) {
        stored_upto = index + 1;
        turn.notify_all();
      }
    }
  };

  RunWorkers(IngestThreads(readers), worker);
  RunArchivePass(store, options.link_archive, summary.stored, &summary.archive_linked,
                 &summary.archive_status);
  return summary;
}

}  // namespace docpipe
