#include "pipeline/pdf/isolated_reader.h"

#include <signal.h>

#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "pipeline/base/file_util.h"
#include "pipeline/base/strings.h"
#include "pipeline/base/subprocess.h"
#include "pipeline/model/document_codec.h"
#include "pipeline/pdf/reader.h"

// The request a reader process gets (WorkerProcess request; integers
// little-endian): u32 ocr, i32 ocr_dpi, i32 max_pages, u64 n ocr_language,
// u64 n path, u64 n bytes (each followed by its bytes).
//
// The reply the reader process writes (a single-use child writes it to its
// pipe, then exits 0):
//   'D' u64 n, EncodeDocument (n bytes), u64 m, EncodeDiagnostics (m bytes)
//   'S' u32 code, i32 page, i32 line, i32 column, u64 n file, u64 n detail,
//       u64 n line_text (each followed by its bytes), u64 m, EncodeDiagnostics
// Integers are little-endian. Anything else, or a short reply, is kInternal:
// the child is our own code, so a malformed reply is a docpipe bug.
//
// What the child runs after fork: ReadAny, i.e. Poppler
// and (for scans) the tesseract tool through RunProgram. In a multi-threaded
// parent a lock held by another thread at fork time (Poppler's global
// parameters, a stdio lock) would stay locked in the child; the wall-clock
// limit ends such a child and the document is reported as kLimitExceeded.
// See base/subprocess.h.

namespace docpipe {
namespace {

struct ReaderPoolParams {
  // A reader process is replaced after this many files: bounds what a
  // long-lived process accumulates (heap fragmentation, Poppler's caches)
  // while keeping the fork and Poppler's start to 1% of the files.
  int files_per_process = 100;
};
constexpr ReaderPoolParams kPool;

void PutU64(uint64_t value, std::string* out) {
  for (int byte = 0; byte < 8; ++byte) out->push_back(static_cast<char>(value >> (8 * byte)));
}

void PutI32(int32_t value, std::string* out) {
  uint32_t bits = static_cast<uint32_t>(value);
  for (int byte = 0; byte < 4; ++byte) out->push_back(static_cast<char>(bits >> (8 * byte)));
}

void PutString(std::string_view text, std::string* out) {
  PutU64(text.size(), out);
  out->append(text);
}

class ReplyReader {
 public:
  explicit ReplyReader(std::string_view data) : data_(data) {}
  bool ok() const { return ok_; }
  bool done() const { return data_.empty(); }
  char Tag() {
    if (data_.empty()) {
      ok_ = false;
      return 0;
    }
    char tag = data_[0];
    data_.remove_prefix(1);
    return tag;
  }
  uint64_t U64() {
    if (data_.size() < 8) {
      ok_ = false;
      return 0;
    }
    uint64_t value = 0;
    for (int byte = 0; byte < 8; ++byte) {
      value |= static_cast<uint64_t>(static_cast<unsigned char>(data_[byte])) << (8 * byte);
    }
    data_.remove_prefix(8);
    return value;
  }
  int32_t I32() {
    if (data_.size() < 4) {
      ok_ = false;
      return 0;
    }
    uint32_t value = 0;
    for (int byte = 0; byte < 4; ++byte) {
      value |= static_cast<uint32_t>(static_cast<unsigned char>(data_[byte])) << (8 * byte);
    }
    data_.remove_prefix(4);
    return static_cast<int32_t>(value);
  }
  std::string_view Bytes() {
    uint64_t size = U64();
    if (!ok_ || size > data_.size()) {
      ok_ = false;
      return {};
    }
    std::string_view bytes = data_.substr(0, size);
    data_.remove_prefix(size);
    return bytes;
  }

 private:
  std::string_view data_;
  bool ok_ = true;
};

std::string EncodeReply(const Result<Document>& document, const Diagnostics& diagnostics) {
  std::string reply;
  if (document.ok()) {
    reply.push_back('D');
    PutString(EncodeDocument(*document), &reply);
  } else {
    const Status& status = document.status();
    reply.push_back('S');
    PutI32(static_cast<int32_t>(status.code()), &reply);
    PutI32(status.where().page, &reply);
    PutI32(status.where().line, &reply);
    PutI32(status.where().column, &reply);
    PutString(status.where().file, &reply);
    PutString(status.detail(), &reply);
    PutString(status.where().line_text, &reply);
  }
  PutString(EncodeDiagnostics(diagnostics), &reply);
  return reply;
}

std::string EncodeRequest(const std::string& path, std::string_view bytes,
                          const ReadOptions& options) {
  std::string request;
  request.reserve(bytes.size() + path.size() + 64);
  PutI32(options.ocr ? 1 : 0, &request);
  PutI32(options.ocr_dpi, &request);
  PutI32(options.max_pages, &request);
  PutString(options.ocr_language, &request);
  PutString(path, &request);
  PutString(bytes, &request);
  return request;
}

// Runs in the reader process: parses the file in "request", returns the reply.
std::string ServeRequest(std::string_view request) {
  ReplyReader reader(request);
  ReadOptions options;
  options.ocr = reader.I32() != 0;
  options.ocr_dpi = reader.I32();
  options.max_pages = reader.I32();
  options.ocr_language = std::string(reader.Bytes());
  std::string path(reader.Bytes());
  std::string_view bytes = reader.Bytes();
  Diagnostics diagnostics;
  if (!reader.ok() || !reader.done()) {
    return EncodeReply(Status::Error(Code::kInternal, "malformed request to the PDF reader"),
                       diagnostics);
  }
  Result<Document> document = ReadAny(path, bytes, options, &diagnostics);
  return EncodeReply(document, diagnostics);
}

Status Malformed(const std::string& path, std::string_view why) {
  Location where;
  where.file = path;
  return Status::Error(Code::kInternal,
                       Substitute("the PDF reader sent a malformed reply ($1)", {why}), where);
}

Result<Document> DecodeReply(const std::string& path, std::string_view data,
                             Diagnostics* diagnostics) {
  ReplyReader reader(data);
  char tag = reader.Tag();
  if (tag == 'D') {
    std::string_view document_bytes = reader.Bytes();
    std::string_view diagnostics_bytes = reader.Bytes();
    if (!reader.ok() || !reader.done()) return Malformed(path, "document reply");
    Result<Document> document = DecodeDocument(document_bytes);
    if (!document.ok()) return Malformed(path, document.status().detail());
    Result<Diagnostics> decoded = DecodeDiagnostics(diagnostics_bytes);
    if (!decoded.ok()) return Malformed(path, decoded.status().detail());
    if (diagnostics != nullptr) diagnostics->Append(*decoded);
    return document;
  }
  if (tag == 'S') {
    int32_t code = reader.I32();
    Location where;
    where.page = reader.I32();
    where.line = reader.I32();
    where.column = reader.I32();
    where.file = std::string(reader.Bytes());
    std::string detail(reader.Bytes());
    where.line_text = std::string(reader.Bytes());
    std::string_view diagnostics_bytes = reader.Bytes();
    if (!reader.ok() || !reader.done()) return Malformed(path, "status reply");
    if (code <= static_cast<int32_t>(Code::kOk) || code > static_cast<int32_t>(Code::kInternal)) {
      return Malformed(path, "status code out of range");
    }
    Result<Diagnostics> decoded = DecodeDiagnostics(diagnostics_bytes);
    if (!decoded.ok()) return Malformed(path, decoded.status().detail());
    if (diagnostics != nullptr) diagnostics->Append(*decoded);
    if (where.file.empty()) where.file = path;
    return Status::Error(static_cast<Code>(code), std::move(detail), std::move(where));
  }
  return Malformed(path, data.empty() ? "empty" : "unknown tag");
}

// A one-page PDF with one line of text in a non-embedded standard font, with
// a correct cross-reference table (Poppler would otherwise rebuild it and
// complain).
std::string WarmUpPdf() {
  const std::string content = "BT /F1 12 Tf 72 720 Td (docpipe warm-up) Tj ET";
  const std::string objects[] = {
      "<< /Type /Catalog /Pages 2 0 R >>",
      "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
      "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
      "/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
      "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
      "<< /Length " + std::to_string(content.size()) + " >>\nstream\n" + content +
          "\nendstream",
  };
  std::string pdf = "%PDF-1.4\n";
  std::vector<size_t> offsets;
  for (size_t i = 0; i < std::size(objects); ++i) {
    offsets.push_back(pdf.size());
    pdf += std::to_string(i + 1) + " 0 obj\n" + objects[i] + "\nendobj\n";
  }
  size_t xref = pdf.size();
  pdf += "xref\n0 " + std::to_string(offsets.size() + 1) + "\n0000000000 65535 f \n";
  for (size_t offset : offsets) {
    std::string number = std::to_string(offset);
    pdf += std::string(10 - number.size(), '0') + number + " 00000 n \n";
  }
  pdf += "trailer\n<< /Size " + std::to_string(offsets.size() + 1) +
         " /Root 1 0 R >>\nstartxref\n" + std::to_string(xref) + "\n%%EOF\n";
  return pdf;
}

// Every reader child used to start Poppler from nothing: global parameters,
// fontconfig (its configuration XML parsed again per file), iconv modules.
// Reading one tiny PDF in the parent, once, before the first fork, leaves
// that state initialised in the parent; the children inherit it
// copy-on-write. std::call_once makes every thread wait until the warm-up is
// done, so no Poppler call runs in the parent while another thread forks;
// after it, the parent never calls Poppler again (only children do).
void WarmUpReader() {
  static std::once_flag once;
  std::call_once(once, [] {
    ReadOptions options;
    options.ocr = false;
    Diagnostics ignored;
    Result<Document> document = ReadPdf("warm-up.pdf", WarmUpPdf(), options, &ignored);
    (void)document;  // only the side effect matters; a failure costs nothing
  });
}

}  // namespace

namespace {

SubprocessLimits ChildLimits(const Limits& limits) {
  SubprocessLimits child_limits;
  child_limits.cpu_seconds = limits.cpu_seconds;
  child_limits.wall_seconds = limits.wall_seconds;
  child_limits.memory_bytes = limits.memory_bytes;
  return child_limits;
}

// Poppler's allocator (goo/gmem.h) prints "Out of memory" and aborts
// instead of throwing std::bad_alloc: under RLIMIT_AS that is the memory
// limit, not a crash.
void MapPopplerOutOfMemory(const SubprocessLimits& limits, SubprocessResult* run) {
  if (run->outcome == SubprocessOutcome::kSignaled && run->term_signal == SIGABRT &&
      limits.memory_bytes > 0 && run->error_tail.find("Out of memory") != std::string::npos) {
    run->outcome = SubprocessOutcome::kMemoryLimit;
  }
}

// How a reader process ended that may owe something to the files it read
// before (a crash, memory): worth reading the file again alone.
bool WorthRetryingAlone(const SubprocessResult& run) {
  return run.outcome == SubprocessOutcome::kSignaled ||
         run.outcome == SubprocessOutcome::kMemoryLimit ||
         (run.outcome == SubprocessOutcome::kExited && run.exit_code != 0);
}

// The reader processes of this process, shared by its threads: a call takes
// an idle one, or starts one when none is idle, and gives it back after.
// Ingest lets no more threads read at once than it has read slots (--jobs),
// so that many processes serve all its threads: one warm process reads file
// after file, whichever thread asks.
class ReaderPool {
 public:
  std::unique_ptr<WorkerProcess> Take() {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      if (!idle_.empty()) {
        std::unique_ptr<WorkerProcess> reader = std::move(idle_.back());
        idle_.pop_back();
        return reader;
      }
    }
    return std::make_unique<WorkerProcess>(ServeRequest, kPool.files_per_process);
  }
  void Give(std::unique_ptr<WorkerProcess> reader) {
    std::lock_guard<std::mutex> lock(mutex_);
    idle_.push_back(std::move(reader));
  }

 private:
  std::mutex mutex_;
  std::vector<std::unique_ptr<WorkerProcess>> idle_;
};

// Destroyed at exit, which ends and reaps the idle reader processes (their
// CPU time is then the parent's children's, as `time` reports it).
ReaderPool& Readers() {
  static ReaderPool pool;
  return pool;
}

// A reader process borrowed from the pool for one call.
class BorrowedReader {
 public:
  BorrowedReader() : reader_(Readers().Take()) {}
  ~BorrowedReader() { Readers().Give(std::move(reader_)); }
  BorrowedReader(const BorrowedReader&) = delete;
  BorrowedReader& operator=(const BorrowedReader&) = delete;
  WorkerProcess& operator*() { return *reader_; }

 private:
  std::unique_ptr<WorkerProcess> reader_;
};

}  // namespace

Result<Document> ReadIsolatedBytes(const std::string& path, std::string_view bytes,
                                   const ReadOptions& options, const Limits& limits,
                                   Diagnostics* diagnostics) {
  Location where;
  where.file = path;
  if (bytes.empty()) return Status::Error(Code::kBadInput, "the file is empty", where);
  WarmUpReader();
  const SubprocessLimits child_limits = ChildLimits(limits);
  const std::string request = EncodeRequest(path, bytes, options);
  BorrowedReader borrowed;
  WorkerProcess& reader = *borrowed;
  const bool fresh = reader.served() == 0;
  Result<SubprocessResult> run = reader.Call(request, child_limits);
  if (run.ok()) MapPopplerOutOfMemory(child_limits, &*run);
  if (run.ok() && !fresh && WorthRetryingAlone(*run)) {
    // Read it again alone, in a single-use child: the verdict is this file's.
    run = RunFunction(
        [&request](int fd) { return WriteAll(fd, ServeRequest(request)) ? 0 : 1; },
        child_limits);
    if (run.ok()) MapPopplerOutOfMemory(child_limits, &*run);
  }
  if (!run.ok()) return Status::Error(run.status().code(), run.status().detail(), where);
  Status ended = SubprocessStatus(*run, child_limits, "the PDF reader");
  if (!ended.ok()) return Status::Error(ended.code(), ended.detail(), where);
  return DecodeReply(path, run->output, diagnostics);
}

Result<Document> ReadIsolated(const std::string& path, const ReadOptions& options,
                              const Limits& limits, Diagnostics* diagnostics) {
  Result<std::string> bytes = ReadFileToString(path);
  if (!bytes.ok()) {
    Location where = bytes.status().where();
    if (where.file.empty()) where.file = path;
    return Status::Error(bytes.status().code(), bytes.status().detail(), where);
  }
  return ReadIsolatedBytes(path, *bytes, options, limits, diagnostics);
}

}  // namespace docpipe
