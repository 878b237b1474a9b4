// Fuzzes the plain-text reader (ParseText: paragraphs, footnotes and tables
// from text) and asserts the page-model invariants of page_model.h.

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "pipeline/base/diagnostics.h"
#include "pipeline/model/page_model.h"
#include "pipeline/pdf/reader.h"
#include "tests/fuzz/fuzz_check.h"
#include "tests/fuzz/page_model_check.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace docpipe;
  std::string_view input(reinterpret_cast<const char*>(data), size);
  Diagnostics diagnostics;
  Result<Document> document = ParseText("fuzz.txt", input, &diagnostics);
  if (!document.ok()) return 0;
  fuzz::CheckPageModel(*document);
  return 0;
}
