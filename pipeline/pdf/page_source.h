// pipeline/pdf/page_source.h
//
// Which text a PDF page is read from: its own text layer, or OCR of the
// rendered page. Decided per page from what the page shows, not from the
// mere size of its text layer: a scan signed with the government's signing
// software carries a small text layer ("Ký bởi: …", "Thời gian ký: …") over
// a page-sized image, and some scans carry a garbage OCR layer ("UY NUAN DAN
// THANH Ho Ho"); both must be OCRed, and their layer kept as metadata.
//
// Stage: pdf (internal; used by reader.cc).

#pragma once

#include <string>

#include "pipeline/pdf/pdf_pages.h"

namespace docpipe {

struct PageSourceDecision {
  bool ocr = false;
  // Why OCR: "no_text_layer", "small_text_layer", "image_page_small_layer",
  // "layer_not_vietnamese"; empty when the layer is used.
  std::string reason;
  // Why the text layer is used ("text_layer"), or the reason it stays when
  // OCR is wanted but unavailable ("text_layer_ocr_unavailable" is set by
  // the reader).
  std::string layer_reason = "text_layer";
  double image_cover = 0;  // share of the page covered by images
  double word_cover = 0;   // share of the page covered by word boxes
};

PageSourceDecision DecidePageSource(const PageContent& page);

}  // namespace docpipe
