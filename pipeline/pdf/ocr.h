// pipeline/pdf/ocr.h
//
// OCR of scanned pages: runs Tesseract 5 (Debian's tesseract-ocr, language
// "vie") on an 8-bit grayscale page image and returns words and lines with
// boxes in PDF points and confidences. The reader (reader.cc) calls it for
// pages without a text layer, after rendering them with Poppler.
//
// Implementation: Tesseract's C++ API (libtesseract-dev). Each thread keeps
// one TessBaseAPI per language, initialised on its first page (or by
// WarmUpOcr) and reused for every later page: loading "vie" once per worker,
// not once per page. Crash isolation comes from the reader's child process
// (isolated_reader.h); a worker that calls WarmUpOcr before forking hands the
// loaded model to its children. Built without libtesseract-dev, the same
// functions run the tesseract program per page (fork/exec, "tsv" output).
//
// Tesseract's LSTM runs several OpenMP threads per page, which spin while
// they wait: 2.7-3.7 CPU seconds per page instead of 0.7-1.1 (2 cores, vie,
// 200 dpi). Parallelism comes from the workers (one page per thread), so the
// first engine of a process makes OpenMP regions serial
// (omp_set_max_active_levels(0); OMP_THREAD_LIMIT=1 has the same effect but
// libgomp reads it only at start-up).
//
// Blank pages cost no Tesseract time: an image with less ink than
// OcrOptions::blank_ink_share (InkShare below) gives an empty page at once.
//
// Small print: page 1's header zone (number, date, issuer) is where an
// extractor needs every digit. OcrOptions::body_dpi lets the caller render a
// page once at a high resolution (say 400 dpi): the header zone is read at
// that resolution and the rest downscaled to body_dpi, which costs little
// more than reading the whole page at body_dpi.
//
// OCR text is repaired against known symbol slips of Tesseract's "vie" model
// (RepairOcrText below); "words" made only of accent marks (a speck read as
// "ˆ"; Vietnamese never writes a mark alone) and words of one or two
// characters read with a low confidence far from other words (a signature
// stroke read as "k") are dropped; nothing else is changed.
//
// Stage: [pdf] -> normalize. Tesseract is used only here.

#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "pipeline/base/result.h"
#include "pipeline/model/page_model.h"

namespace docpipe {

struct OcrWord {
  std::string text;         // UTF-8 as Tesseract gives it, after RepairOcrText
  Box box;                  // PDF points (pixels * 72 / dpi), origin top-left of the image
  double confidence = -1;   // 0..100
  // The lowest confidence (0..100) of a digit in the word; -1 if it has none.
  double digit_confidence = -1;
  // A digit of the word was read with a confidence below
  // OcrOptions::uncertain_digit_confidence: a number or date built from this
  // word is a guess ("2827" may be "2821"), and an extractor should say so
  // or refuse it rather than store it as read.
  bool uncertain_digits = false;
};

struct OcrLine {
  std::vector<OcrWord> words;  // left to right
  std::string text;            // the words joined by single spaces
  Box box;                     // union of the word boxes
  double confidence = -1;      // mean of the word confidences
};

struct OcrPage {
  std::vector<OcrLine> lines;  // in Tesseract's reading order (block, paragraph, line)
  double mean_confidence = -1; // mean word confidence 0..100; -1 when no word was found
  double width = 0, height = 0;  // the image size in points
  bool blank = false;            // not read: less ink than OcrOptions::blank_ink_share
};

struct OcrOptions {
  std::string language = "vie";  // Tesseract language(s), "vie" or "vie+eng"
  int timeout_seconds = 120;     // wall clock per page; more is kLimitExceeded
  int page_segmentation = 3;     // tesseract --psm (3 = automatic)
  // When > 0 and below the image's dpi: only the header zone (the top
  // "header_fraction" of the image, cut at the emptiest pixel row near that
  // height) is read at the image's resolution; the rest is downscaled to
  // body_dpi first. 0: the whole image at its own resolution.
  int body_dpi = 0;
  double header_fraction = 0.35;
  // Digits read below this confidence mark their word's uncertain_digits.
  // Printed digits of a header read at 400 dpi score 98-99; the handwritten
  // "1380" of a real scan (Thủ tướng Chính phủ 2025), read as "280", 90.
  double uncertain_digit_confidence = 93;
  // Less ink than this share of the page (InkShare, margins left out): the
  // page is blank and Tesseract is not run. Measured at 200 dpi on the
  // scanned sample and QD-2827: a page of text 3.6-8.7 %, a full line
  // 0.13-0.21 %, the shortest lines (a page number, "(đã ký)") 0.01-0.05 %.
  double blank_ink_share = 0.0002;
  // A word of at most two characters (no digit) read below this confidence
  // and standing apart from its neighbours is a mark, not text, and is
  // dropped: a signature stroke read as "k" scored 22; printed words 80-97.
  double mark_confidence = 40;
};

// Share of the pixels darker than "dark_below" in the image without a
// margin of "margin" of its width and height on each side (a scan's dark
// edges, punch holes), counted on every second row and column. Cheap next
// to OCR (a few milliseconds for an A4 page at 200 dpi). 0 for a null or
// empty image.
double InkShare(const uint8_t* gray, int width, int height, int stride, double margin = 0.04,
                int dark_below = 128);

// True if Tesseract (the library this was built with, else the tesseract
// program) and the traineddata of every language in "language" ("vie+eng")
// are installed. Cached after the first call;
// thread-safe.
bool OcrAvailable(const std::string& language);

// Loads the model of "language" for the calling thread now (normally done on
// its first page), so that the first page's time is recognition only and so
// that a worker can fork readers that share the loaded model.
// Errors: as OcrImage's kUnsupported. Thread-safe (per-thread engines).
Status WarmUpOcr(const std::string& language);

// Runs Tesseract on an 8-bit grayscale image of "width" x "height" pixels
// whose rows are "stride" bytes apart, scanned at "dpi". The image is only
// read during the call; the caller keeps ownership.
// Errors: kUnsupported if tesseract or the language model is not installed;
// kInvalidArgument for a bad size/stride/dpi or a null image; kLimitExceeded
// if Tesseract runs past the timeout (it is stopped; each of the two passes
// of a header-zone page has the whole timeout); kIoError if the temporary
// file of the program fallback cannot be written; kInternal if Tesseract
// fails or its output does not parse. A blank page is not an error: an empty
// OcrPage (with "blank" set when the ink count alone decided it).
// Thread-safe: every thread has its own engine (one TessBaseAPI per language,
// kept until the thread ends); calls on one thread run one after another.
Result<OcrPage> OcrImage(const uint8_t* gray, int width, int height, int stride, int dpi,
                         const OcrOptions& options);
Result<OcrPage> OcrImage(const uint8_t* gray, int width, int height, int stride, int dpi,
                         const std::string& language);

// Repairs characteristic slips of Tesseract's "vie" model where the correct
// form is certain (FACTS.md: "2827 /QD-BGDĐT", "37/2025/ND-CP", "QUYÉT"):
//  - in a symbol (the part of a word after its first '/': segments of
//    capitals and digits joined by '-' or '/'), a whole segment QD -> QĐ,
//    ND -> NĐ, CD -> CĐ, HDND -> HĐND, BCD -> BCĐ, BGDDT -> BGDĐT,
//    SGDDT -> SGDĐT, GDDT -> GDĐT, (B)LDTBXH -> (B)LĐTBXH, and U+00D0 -> Đ.
//    Not HD: Hướng dẫn (HD) and Hợp đồng (HĐ) are both valid.
//  - whole words QUYÉT, QUYÊT, QUYỀT -> QUYẾT.
// Running text is never touched. Text without such slips is returned as is.
// OcrImage applies it to every word, so callers need not.
std::string RepairOcrText(std::string_view text);

}  // namespace docpipe
