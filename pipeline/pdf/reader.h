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
// kept in Page::layer_text. Blank pages are not OCRed (an ink count on the
// rendered page; a page that draws nothing the reader sees is first checked
// at a tiny resolution), and a document gets at most
// ReadOptions::max_ocr_pages of OCR. Plain text (.txt, the seeds) goes through the
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
  // Pages are OCRed at ocr_dpi: as accurate as 300 dpi on the scanned
  // sample and QD-2827, with 4/9 of the pixels (tests/pdf/ocr_test.cc,
  // "[ocr-bench]"). Was 300.
  int ocr_dpi = 200;
  // Page 1 is rendered at ocr_header_dpi: its header zone (number, date,
  // issuer: small print where every digit counts) is read at that
  // resolution, the rest downscaled to ocr_dpi (OcrOptions::body_dpi).
  // At most ocr_dpi: page 1 like the others.
  int ocr_header_dpi = 400;
  std::string ocr_language = "vie";
  int max_pages = 2000;       // more is kLimitExceeded
  // OCR page budget per document: at most this many pages are rendered for
  // OCR (about a second of one core each); later pages that need OCR are
  // left unread, marked "ocr_budget_exceeded", with one warning for the
  // file. Blank pages that the cheap ink check dismisses are not counted.
  int max_ocr_pages = 300;
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
