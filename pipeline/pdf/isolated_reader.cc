#include "pipeline/pdf/isolated_reader.h"

#include <signal.h>

#include <cstdint>
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

// The reply the child writes to its pipe, then exits 0:
//   'D' u64 n, EncodeDocument (n bytes), u64 m, EncodeDiagnostics (m bytes)
//   'S' u32 code, i32 page, i32 line, i32 column, u64 n file, u64 n detail,
//       u64 n line_text (each followed by its bytes), u64 m, EncodeDiagnostics
// Integers are little-endian. Anything else, or a short reply, is kInternal:
// the child is our own code, so a malformed reply is a docpipe bug.
//
// What the child runs after fork: ReadFileToString and ReadAny, i.e. Poppler
// and (for scans) the tesseract tool through RunProgram. In a multi-threaded
// parent a lock held by another thread at fork time (Poppler's global
// parameters, a stdio lock) would stay locked in the child; the wall-clock
// limit ends such a child and the document is reported as kLimitExceeded.
// See base/subprocess.h.

namespace docpipe {
namespace {

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

// Runs in the child: reads and parses the file, writes the reply.
int ChildMain(int fd, const std::string& path, const ReadOptions& options) {
  Diagnostics diagnostics;
  Result<std::string> bytes = ReadFileToString(path);
  if (!bytes.ok()) return WriteAll(fd, EncodeReply(bytes.status(), diagnostics)) ? 0 : 1;
  if (bytes->empty()) {
    Location where;
    where.file = path;
    Status empty = Status::Error(Code::kBadInput, "the file is empty", where);
    return WriteAll(fd, EncodeReply(empty, diagnostics)) ? 0 : 1;
  }
  Result<Document> document = ReadAny(path, *bytes, options, &diagnostics);
  return WriteAll(fd, EncodeReply(document, diagnostics)) ? 0 : 1;
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

Result<Document> ReadIsolated(const std::string& path, const ReadOptions& options,
                              const Limits& limits, Diagnostics* diagnostics) {
  WarmUpReader();
  SubprocessLimits child_limits;
  child_limits.cpu_seconds = limits.cpu_seconds;
  child_limits.wall_seconds = limits.wall_seconds;
  child_limits.memory_bytes = limits.memory_bytes;
  Result<SubprocessResult> run = RunFunction(
      [&path, &options](int fd) { return ChildMain(fd, path, options); }, child_limits);
  Location where;
  where.file = path;
  if (!run.ok()) {
    return Status::Error(run.status().code(), run.status().detail(), where);
  }
  // Poppler's allocator (goo/gmem.h) prints "Out of memory" and aborts
  // instead of throwing std::bad_alloc: under RLIMIT_AS that is the memory
  // limit, not a crash.
  if (run->outcome == SubprocessOutcome::kSignaled && run->term_signal == SIGABRT &&
      child_limits.memory_bytes > 0 &&
      run->error_tail.find("Out of memory") != std::string::npos) {
    run->outcome = SubprocessOutcome::kMemoryLimit;
  }
  Status ended = SubprocessStatus(*run, child_limits, "the PDF reader");
  if (!ended.ok()) return Status::Error(ended.code(), ended.detail(), where);
  return DecodeReply(path, run->output, diagnostics);
}

}  // namespace docpipe
