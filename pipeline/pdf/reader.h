// pipeline/pdf/reader.h
//
// Turns a file into the page model (model/page_model.h). PDFs are read with
// Poppler's core API (pdf_pages.h): one pass per page gives its words (boxes,
// fonts), ruling lines and image boxes. Words are laid out into lines, blocks
// and reading order (side-by-side header and closing blocks left then right,
// body, footnotes), tables come from their ruled grid (lattice.h) or from
// text geometry, across pages; page furniture is removed and kept as
// metadata. Each page's text source is decided from what it shows
// (page_source.h): scans, scans carrying only a signature stamp and scans
// with a garbage OCR layer are OCRed with Tesseract (vie), the unused layer
// kept in Page::layer_text. Plain text (.txt, the seeds) goes through the
// same paragraph, footnote and table logic as far as text allows.
//
// Output text convention (shared by all readers, relied on by normalize/ and
// extract/): one paragraph per line (wrapped lines joined), one table cell
// per line, a blank line between blocks, footnotes after the body of their
// page.
//
// Stage: [pdf] -> normalize. Poppler and Tesseract are used only in pdf/*.cc.

#pragma once

#include <string>
#include <string_view>

#include "pipeline/base/diagnostics.h"
#include "pipeline/base/result.h"
#include "pipeline/model/page_model.h"

namespace docpipe {

struct ReadOptions {
  bool ocr = true;            // OCR pages that need it (page_source.h)
  int ocr_dpi = 300;
  std::string ocr_language = "vie";
  int max_pages = 2000;       // more is kLimitExceeded
};

// Reads a PDF from memory. kBadInput for corrupt/empty/not-a-PDF,
// kUnsupported for encrypted files, kLimitExceeded past max_pages. Problems
// that do not stop the document (a page without text, OCR unavailable) go to
// "diagnostics". Not isolated: see isolated_reader.h for untrusted input.
Result<Document> ReadPdf(std::string_view file_name, std::string_view bytes,
                         const ReadOptions& options, Diagnostics* diagnostics);

// Builds the page model from plain text (UTF-8; form feeds split pages).
// Never fails on UTF-8 text; kBadInput if "text" is not text at all.
Result<Document> ParseText(std::string_view file_name, std::string_view text,
                           Diagnostics* diagnostics);

// Dispatches on content: "%PDF-" -> ReadPdf, otherwise ParseText.
Result<Document> ReadAny(std::string_view file_name, std::string_view bytes,
                         const ReadOptions& options, Diagnostics* diagnostics);

}  // namespace docpipe
