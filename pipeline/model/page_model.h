// pipeline/model/page_model.h
//
// The page model every reader produces (PDF, OCR, plain text) and every later
// stage consumes: the document's source text in reading order, its pages,
// tables (rows of cells) and footnotes, each pointing into the source text by
// byte span.
//
// Invariants (the readers in pipeline/pdf/ keep them; tests check them):
//  - Document::text is valid UTF-8 for Unicode text layers. For legacy-font
//    text layers (TCVN3, VNI) it holds the characters as the PDF gives them;
//    legacy_runs says where, and the normaliser converts them.
//  - Pages are in order and their spans tile Document::text without overlap.
//  - Every Cell::span and Footnote span lies inside its page's span, and
//    Document::text.substr(cell.span) is the cell's text as printed.
//
// Stage: model (plain data, std only).

#pragma once

#include <string>
#include <vector>

#include "pipeline/model/span.h"

namespace docpipe {

// A rectangle in PDF points with the origin at the top-left of the page.
struct Box {
  double x0 = 0, y0 = 0, x1 = 0, y1 = 0;
};

// Where a page's text came from. DO NOT renumber: stored (document codec).
enum class TextSource {
  kTextLayer = 0,  // the PDF's own text layer
  kOcr = 1,        // Tesseract on the rendered page
  kPlainText = 2,  // a .txt input
};

// An OCR word holding a digit, with Tesseract's confidences: the extractor
// decides from them whether a number or date built from the word is a
// reading or a guess (a handwritten "932" read "332", "753" read "Á3").
struct DigitWord {
  std::string text;              // as OCR gave it (after its symbol repairs), not normalised
  double confidence = -1;        // the word's confidence, 0..100
  double digit_confidence = -1;  // the lowest confidence of a digit in it, 0..100
};

struct Page {
  int number = 0;                      // 1-based
  double width = 0, height = 0;        // points; 0 for text input
  Span span;                           // this page's text in Document::text
  std::vector<std::string> furniture;  // running headers, footers, page numbers removed
  bool ocr = false;                    // text came from OCR, not a text layer
  double ocr_confidence = -1;          // mean word confidence 0..100; -1 = not OCRed
  std::vector<double> line_confidence; // per OCR line, in reading order
  TextSource source = TextSource::kTextLayer;
  std::string source_reason;  // why this source: a short machine key, e.g.
                              // "image_page_small_layer", "layer_not_vietnamese"
  // A text layer that was present but not used for the page text (a
  // signature stamp over a scan, a garbage OCR layer), kept as metadata in
  // reading order; empty when the layer is the page text.
  std::string layer_text;
  // OCR pages: the words holding a digit, in reading order.
  std::vector<DigitWord> digit_words;
};

struct Cell {
  Span span;  // the cell's text in Document::text
  int page = 0;
  Box box;
};

enum class RowKind { kHeader = 0, kSection = 1, kBody = 2 };  // DO NOT renumber: stored

struct Row {
  RowKind kind = RowKind::kBody;
  int page = 0;
  std::vector<Cell> cells;  // a section row has one cell spanning the table
};

struct Table {
  int first_page = 0, last_page = 0;
  int columns = 0;
  std::vector<std::string> header;  // column titles, as printed
  std::vector<Row> rows;
};

// A footnote at a page bottom and the marker in the body that refers to it.
struct Footnote {
  std::string marker;  // "1", "2", "*"
  Span marker_span;    // the marker in the body text; empty if not found
  Span body;           // the footnote's own text (without its marker)
  int page = 0;
};

// A stretch of Document::text drawn in a named font that suggests a legacy
// 8-bit Vietnamese encoding (".VnTime" -> TCVN3, "VNI-Times" -> VNI).
struct FontRun {
  Span span;
  std::string font;
};

struct Document {
  std::string file;  // as the user named it
  std::string text;  // reading-order text of all pages, furniture removed
  std::vector<Page> pages;
  std::vector<Table> tables;
  std::vector<Footnote> footnotes;
  std::vector<FontRun> legacy_runs;
  bool from_pdf = false;

  // 1-based page containing byte "offset", or 0 if none.
  int PageAt(size_t offset) const {
    for (const Page& page : pages) {
      if (offset >= page.span.begin && offset < page.span.end) return page.number;
    }
    return pages.empty() ? 0 : pages.back().number;
  }
  std::string SpanText(Span span) const {
    if (span.begin > text.size() || span.end > text.size() || span.end < span.begin) return {};
    return text.substr(span.begin, span.end - span.begin);
  }
};

}  // namespace docpipe
