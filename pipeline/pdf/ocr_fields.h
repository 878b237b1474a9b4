// pipeline/pdf/ocr_fields.h
//
// Second reading of the two fields of a scanned header an extractor needs
// digit by digit: the number ("Số: 1380 /QĐ-TTg") and the issue date
// ("Hà Nội, ngày 27 tháng 6 năm 2025"). Offices print the header and fill
// the number and the day in by hand, in the gaps the print leaves; Tesseract's
// "vie" pass reads such a gap as garbage ("Sá:580", "Số: ÝƑ", "ngàyj¿+",
// "ngày<2Õtháng") or slips on print ("ngàyl6", "năm 20235").
//
// After the header zone of page 1 is OCRed (ocr.cc), LocateHeaderFields finds
// the fields from the OCR words and their boxes: the number between a
// "Số"-like label and the "/KIND-ISSUER" symbol on the same row; day, month
// and year between "ngày", "tháng" and "năm" on the place-and-date row.
// A field whose text does not have its form (digits; a day 1-31, a month
// 1-12, a year of four digits) is repaired by rule (RepairDigitSlips) and,
// failing that, re-read from the image: the gap box, padded, thresholded,
// read again by Tesseract restricted to digits, twice (the thresholded crop
// and the crop as scanned, each as one line).
// The reading replaces the garbage with its own confidences, so the
// uncertain marking downstream (OcrWord::uncertain_digits; identity.cc's
// DigitTrust) decides: a reading the two passes do not agree on is capped
// below OcrFieldOptions::disagreement_confidence, never stored as read.
// A field with its form read with confident digits is never touched; one
// read with uncertain digits is re-read the same way and replaced only by a
// reading of its form with a higher word confidence.
//
// Stage: pdf (Tesseract is used only here and in ocr.cc).

#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "pipeline/model/page_model.h"
#include "pipeline/pdf/ocr.h"

namespace docpipe {

struct OcrFieldOptions {
  // Digits below this confidence mark their word uncertain_digits (the same
  // threshold as OcrOptions::uncertain_digit_confidence).
  double uncertain_digit_confidence = 93;
  // A word below this is uncertain even with confident digits (identity.cc's
  // DigitTrust::min_word): a field read so is read again (ConfirmField).
  double uncertain_word_confidence = 70;
  // A reading the two digit passes disagree on, or that only one of them
  // finds, gets at most this word and digit confidence: below identity.cc's
  // DigitTrust (70 / 93), so it is shown as uncertain, never as read. Of two
  // disagreeing readings the one with the higher word confidence is kept.
  double disagreement_confidence = 50;
  // A reading both passes agree on is still capped when either pass scores
  // its word below this: a gap OCR could not read is hard by construction,
  // and the handwritten "16" of a real scan (CT-16, Quảng Ngãi 2021) was
  // read "46" at 73 (digits 96), above DigitTrust's 70 / 93.
  double reread_min_confidence = 85;
  // Padding of a gap box above and below, in heights of the label: handwritten
  // digits rise above and drop below the printed line (real scans of
  // Quảng Ngãi, Lâm Đồng, Hà Nội 2021-2026).
  double vertical_pad = 0.6;
  // Width of a printed label glued to the next OCR word, in heights of that
  // word: "Số:" 1.29-1.34 and "ngày" 2.07-2.12 on five scans at 400 dpi
  // (QD-2605, BC-280, CT-11, KH-753, TB-493); the rest of the word is the gap.
  double number_label_width = 1.35;
  double day_label_width = 2.1;
  // Kept clear of a printed neighbour: the gap box ends this many label
  // heights before the symbol's "/" (read as "1" or "7" by a digit pass).
  double symbol_margin = 0.12;
  // A gap's left edge in ink (a glued label's estimated end cut into the
  // first digit) moves left to a white run of label_space heights (the
  // space after the printed label; letters of a printed word are 1-6 pixels
  // apart at 400 dpi, under 0.1 of a 60-pixel line), searched over
  // label_search heights; pixels darker than ink_below are ink.
  double label_space = 0.12;
  double label_search = 0.8;
  int ink_below = 160;
  int timeout_seconds = 20;  // per digit pass; a gap is a few hundred pixels
};

// A field located in the header: what OCR read between its labels and the
// box of the gap (PDF points, the page's coordinates).
struct HeaderField {
  enum class Kind { kNumber, kDay, kMonth, kYear };
  Kind kind = Kind::kNumber;
  std::string text;  // OCR's reading of the gap, pieces joined without spaces
  Box gap;           // where to re-read (not padded)
  double confidence = -1;        // lowest word confidence of the pieces
  double digit_confidence = -1;  // lowest digit confidence of the pieces, -1 if none
};

// The number field and the date fields of "page" (OCR of a header zone), in
// that order; none when no label is found. The number needs a "Số"-like
// label ("Số:", "Sá:", "Só:", "Sô:", "Sè") and a symbol word ("/QĐ-TTg",
// "Á9/KH-DCT") to its right on the same row; the date the first row (from
// the top) holding "ngày", "tháng" and "năm" in that order, also glued to
// their neighbours ("ngàyl6", "ngày<2Õtháng").
std::vector<HeaderField> LocateHeaderFields(const OcrPage& page, const OcrFieldOptions& options);

// True if "text" has the form of the field: the number 1-6 digits (a
// trailing "." allowed: "3070."), a day 1-31, a month 1-12, a year of four
// digits.
bool HasFieldForm(HeaderField::Kind kind, std::string_view text);

// Letters Tesseract reads for digits in a numeric field, replaced when the
// field holds at least one digit and nothing else but them: 'l', 'I', '|'
// -> 1; 'O', 'o' -> 0 ("l6" -> "16" in "ngàyl6 tháng 9", QD-2605; "2O25"
// -> "2025"; "1O" -> "10"). Anything else (a letter of a word, a symbol)
// returns "text" unchanged.
std::string RepairDigitSlips(std::string_view text);

// A digits-only reading of a box of an image.
struct DigitReading {
  std::string digits;            // empty if nothing was read
  double confidence = -1;        // lowest word confidence
  double digit_confidence = -1;  // lowest digit confidence
  Box box;                       // union of the digits' boxes, page points
};

// Reads "box" (page points) of the 8-bit gray image, padded vertically by
// options.vertical_pad heights, with Tesseract restricted to digits, as one
// line: one pass on the crop thresholded (Otsu), one on it as scanned. (A
// single-word pass, tried first, lost printed digits: "2827" read "27".)
// Both agree, each word at least options.reread_min_confidence: their
// lowest confidences. Else (they disagree, one is empty, or one scores
// less): the reading with the higher word confidence, its confidences capped at options.disagreement_confidence.
// Measured on real scans (2026-12-03): printed "2827" and "14" (QD-2827)
// re-read at 96-97 by both; the handwritten "03" of QD-84 at 89-93; wrong
// readings of handwriting ("46" for 16, "43" for 493, "44" for 464) at 0-73.
// Errors: kUnsupported without libtesseract (or no model), kLimitExceeded
// past the timeout, kInvalidArgument for an empty box. Thread-safe (an
// engine per thread).
Result<DigitReading> ReadDigits(const uint8_t* gray, int width, int height, int stride, int dpi,
                                const Box& box, const OcrFieldOptions& options);

// The hook of ocr.cc: locates the fields of "page" (the header zone just
// OCRed from "gray", "height" rows of it), repairs or re-reads those without
// their form and rewrites their row's words (label, value, symbol) in
// "page"; fields with their form but uncertain digits are re-read and
// replaced only by a reading of higher word confidence. Confident fields,
// and fields no reading gives a form to, are left as they were. Never
// fails: a re-read error leaves the field as it was.
void RereadHeaderFields(const uint8_t* gray, int width, int height, int stride, int dpi,
                        const OcrFieldOptions& options, OcrPage* page);

}  // namespace docpipe
