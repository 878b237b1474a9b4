// pipeline/pdf/footnotes.h
//
// Footnotes at the bottom of a page: lines set smaller than the body text,
// the first of them starting with a marker ("1", "2", "*"), below the body.
// They are taken out of the body and written after it (see reader.h);
// DocumentBuilder::Finish links each to its marker in the body (the
// superscript digit, else the digit glued to a word: "thực hiện1,").
// Plain text: a line "<n> <text>" after a blank line, whose marker <n>
// occurs glued to a word earlier in the text.
//
// Stage: pdf (internal).

#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "pipeline/pdf/layout.h"

namespace docpipe {

struct FootnoteDraft {
  std::string marker;
  std::string text;  // without the marker
};

// The most common font size of "lines", weighted by characters.
double BodySize(const std::vector<PageLines>& pages);

// Removes the footnote lines at the bottom of "lines" (top to bottom) and
// returns the footnotes, in order. "body_size" is the document's body size.
// Lines inside "tables" (the boxes of ruled tables, whose text is often
// smaller than the body and may start "2 dự án ...") are never footnotes.
std::vector<FootnoteDraft> SplitFootnotes(std::vector<TextLine>* lines, double body_size,
                                          const std::vector<Box>& tables = {});

// "2 Phường Quy Nhơn Tây; ..." -> marker "2" and the rest; false if "line"
// does not start with a footnote marker (1-2 digits, then a space and text
// that does not start like "2. " or a number).
bool SplitFootnoteLine(std::string_view line, std::string* marker, std::string* rest);

// True if "marker" occurs in "text" glued to the end of a word ("hiện1,").
bool HasGluedMarker(std::string_view text, std::string_view marker);

}  // namespace docpipe
