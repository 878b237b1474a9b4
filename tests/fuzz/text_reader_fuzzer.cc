// Fuzzes the plain-text reader (ParseText: paragraphs, footnotes and tables
// from text) and asserts the page-model invariants of page_model.h.

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "pipeline/base/diagnostics.h"
#include "pipeline/model/page_model.h"
#include "pipeline/pdf/reader.h"
#include "tests/fuzz/fuzz_check.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace docpipe;
  std::string_view input(reinterpret_cast<const char*>(data), size);
  Diagnostics diagnostics;
  Result<Document> document = ParseText("fuzz.txt", input, &diagnostics);
  if (!document.ok()) return 0;
  const Document& doc = *document;
  size_t previous_end = 0;
  for (const Page& page : doc.pages) {
    FUZZ_CHECK(page.span.begin <= page.span.end && page.span.end <= doc.text.size());
    FUZZ_CHECK(page.span.begin >= previous_end);
    previous_end = page.span.end;
  }
  for (const Table& table : doc.tables) {
    for (const Row& row : table.rows) {
      for (const Cell& cell : row.cells) {
        FUZZ_CHECK(cell.span.begin <= cell.span.end && cell.span.end <= doc.text.size());
      }
    }
  }
  for (const Footnote& footnote : doc.footnotes) {
    FUZZ_CHECK(footnote.body.begin <= footnote.body.end && footnote.body.end <= doc.text.size());
    FUZZ_CHECK(footnote.marker_span.begin <= footnote.marker_span.end &&
               footnote.marker_span.end <= doc.text.size());
  }
  return 0;
}
