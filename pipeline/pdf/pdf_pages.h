// pipeline/pdf/pdf_pages.h
//
// A PDF opened with Poppler's core API (PDFDoc, TextOutputDev), read one
// page at a time: in one displayPage pass per page, the page's words (text,
// box, font, size; font runs when the font changes inside a word) and what
// is drawn besides text: ruling lines (stroked
// segments and thin filled rectangles, the borders of table cells) and image
// boxes (a scan). Pages are rendered to grayscale with Splash for OCR.
//
// Every Poppler type stays in pdf_pages.cc. Poppler's global state
// (GlobalParams, the error callback) is set up once per process, the first
// time a PdfFile is opened; Poppler's messages go to the list given to Open
// (per thread), never to stderr.
//
// Stage: pdf (internal; used by reader.cc).

#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "pipeline/base/result.h"
#include "pipeline/pdf/layout.h"

namespace docpipe {

// What one page shows. Coordinates in points, origin top-left of the page
// as displayed (page rotation applied).
struct PageContent {
  double width = 0, height = 0;
  std::vector<Word> words;         // as Poppler's text layer gives them
  std::vector<Box> horizontal;     // ruling lines: y0 == y1 (the line's centre)
  std::vector<Box> vertical;       // ruling lines: x0 == x1
  std::vector<Box> filled;         // filled rectangles too large to be a line
  std::vector<Box> images;         // image boxes, clipped to the page
};

struct GrayImage {
  std::vector<uint8_t> pixels;
  int width = 0, height = 0, stride = 0;
};

class PdfFile {
 public:
  // Opens "bytes", which must stay alive as long as the PdfFile. kBadInput
  // for a damaged file Poppler cannot open, kUnsupported for an encrypted
  // one. Poppler's messages (during Open and every later call on this
  // thread) are appended to "*messages" (at most 50), which must outlive
  // the PdfFile. Thread-safe across PdfFiles; one PdfFile per thread.
  static Result<std::unique_ptr<PdfFile>> Open(std::string_view bytes,
                                               std::vector<std::string>* messages);
  ~PdfFile();
  PdfFile(const PdfFile&) = delete;
  PdfFile& operator=(const PdfFile&) = delete;

  int page_count() const;

  // Page "number" (1-based): words, rules and images in one pass.
  PageContent ReadPage(int number);

  // Page "number" rendered in 8-bit gray at "dpi". kBadInput if it fails.
  Result<GrayImage> RenderGray(int number, int dpi);

 private:
  struct Impl;
  explicit PdfFile(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace docpipe
