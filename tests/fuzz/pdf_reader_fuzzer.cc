// Fuzzes the PDF reader as docpipe runs it on untrusted files: ReadIsolated
// (pipeline/pdf/isolated_reader.h) in a child process with CPU, wall-clock
// and memory limits, OCR off. Whatever the bytes, the parent must get either
// a page model that keeps the invariants of page_model.h, or a Status that
// names the input as bad, unsupported or over a limit. A crash of the child
// ("crashed (signal N)") or kInternal is a finding: Poppler or docpipe's
// reader died on this input, and the isolation only hid it from the batch.

#include <stdlib.h>
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <string>

#include "pipeline/base/diagnostics.h"
#include "pipeline/model/page_model.h"
#include "pipeline/pdf/isolated_reader.h"
#include "pipeline/pdf/reader.h"
#include "tests/fuzz/fuzz_check.h"
#include "tests/fuzz/page_model_check.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace docpipe;
  char path[] = "/tmp/docpipe-pdf-fuzz-XXXXXX";
  int fd = ::mkstemp(path);
  FUZZ_CHECK(fd >= 0);
  size_t written = 0;
  while (written < size) {
    ssize_t n = ::write(fd, data + written, size - written);
    FUZZ_CHECK(n > 0);
    written += static_cast<size_t>(n);
  }
  ::close(fd);

  ReadOptions options;
  options.ocr = false;      // OCR has its own tests; here the parser is the target
  options.max_pages = 200;
  Limits limits;
  limits.cpu_seconds = 5;   // under run_fuzzers.sh's -timeout=10
  limits.wall_seconds = 8;
  limits.memory_bytes = size_t{1} << 30;
  Diagnostics diagnostics;
  Result<Document> document = ReadIsolated(path, options, limits, &diagnostics);
  ::unlink(path);

  if (!document.ok()) {
    const Status& status = document.status();
    if (status.detail().find("crashed") != std::string::npos || status.code() == Code::kInternal) {
      std::fprintf(stderr, "pdf_reader_fuzzer: %s\n", status.ToString().c_str());
    }
    FUZZ_CHECK(status.detail().find("crashed") == std::string::npos);
    FUZZ_CHECK(status.code() == Code::kBadInput || status.code() == Code::kUnsupported ||
               status.code() == Code::kLimitExceeded);
    return 0;
  }
  const Document& doc = *document;
  FUZZ_CHECK(doc.pages.size() <= static_cast<size_t>(options.max_pages));
  fuzz::CheckPageModel(doc);
  return 0;
}
