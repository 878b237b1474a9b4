// tests/fuzz/page_model_check.h
//
// CheckPageModel(doc): the page-model invariants of model/page_model.h that
// every reader's fuzz target asserts (pdf_reader_fuzzer, text_reader_fuzzer):
// pages in order without overlap, and every table cell and footnote span
// inside the document text. Aborts through FUZZ_CHECK.

#pragma once

#include <cstddef>

#include "pipeline/model/page_model.h"
#include "tests/fuzz/fuzz_check.h"

namespace docpipe::fuzz {

inline void CheckPageModel(const Document& doc) {
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
}

}  // namespace docpipe::fuzz
