// pipeline/pdf/ocr.h
//
// OCR of scanned pages: runs Tesseract 5 (Debian's tesseract-ocr, language
// "vie") on an 8-bit grayscale page image and returns words and lines with
// boxes in PDF points and confidences. The reader (reader.cc) calls it for
// pages without a text layer, after rendering them with Poppler.
//
// Implementation: the tesseract command-line tool, run with fork/exec (no
// shell) through base/subprocess.h on a temporary PGM file, with "tsv"
// output. A separate process keeps a Tesseract crash or hang out of our
// process and needs no -dev package; the cost is one process start and model
// load per page (~0.3 s, small next to recognition itself).
//
// OCR text is repaired against known symbol slips of Tesseract's "vie" model
// (RepairOcrText below); nothing else is changed.
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
};

struct OcrOptions {
  std::string language = "vie";  // Tesseract language(s), "vie" or "vie+eng"
  int timeout_seconds = 120;     // wall clock per page; more is kLimitExceeded
  int page_segmentation = 3;     // tesseract --psm (3 = automatic)
};

// True if the tesseract program and the traineddata of every language in
// "language" ("vie+eng") are installed. Cached after the first call;
// thread-safe.
bool OcrAvailable(const std::string& language);

// Runs Tesseract on an 8-bit grayscale image of "width" x "height" pixels
// whose rows are "stride" bytes apart, scanned at "dpi". The image is only
// read during the call; the caller keeps ownership.
// Errors: kUnsupported if tesseract or the language model is not installed;
// kInvalidArgument for a bad size/stride/dpi or a null image; kLimitExceeded
// if Tesseract runs past the timeout (it is killed); kIoError if the
// temporary file cannot be written; kInternal if Tesseract fails or its
// output does not parse. A blank page is not an error: an empty OcrPage.
// Thread-safe: every call uses its own temporary file and process.
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
