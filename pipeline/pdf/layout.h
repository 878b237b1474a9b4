// pipeline/pdf/layout.h
//
// Positioned words -> lines, blocks, paragraphs in reading order, with page
// furniture (running page numbers, repeated headers and footers) removed and
// kept as metadata; and DocumentBuilder, which writes paragraphs, table
// cells and footnotes into Document::text following the output convention
// of reader.h (one paragraph per line, one cell per line, a blank line
// between blocks, footnotes after the body of their page).
//
// Used by reader.cc (text layer and OCR words) and text_reader.cc (plain
// text, which only needs the joining rules and DocumentBuilder).
//
// Stage: pdf (internal to the stage; std and model only).

#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "pipeline/model/page_model.h"

namespace docpipe {

// One word as a text layer or OCR gives it. Coordinates in points, origin
// top-left of the page.
struct Word {
  std::string text;
  Box box;
  std::string font;        // "" for OCR
  double size = 0;         // font size in points (OCR: box height)
  bool space_after = true;
  double confidence = -1;  // OCR only
  bool legacy = false;     // a font of it suggests TCVN3/VNI (see IsLegacyFontName)
  // When the font changes inside the word (ABC typists set a toned capital
  // in .VnTimeH and the rest in .VnTime: "Ủy"): its glyph runs, byte spans
  // into "text" tiling it, each with its font; "font" is the first run's.
  // Empty when one font draws the whole word.
  std::vector<FontRun> font_runs;
};

// Words sharing a baseline band, left to right. A "line" here is a segment:
// words on one baseline but far apart (the two-block header) are separate
// lines, so that they land in separate blocks.
struct TextLine {
  std::vector<Word> words;
  Box box;
  double size = 0;  // the largest word size (superscripts are smaller)
};

struct PageLines {
  int number = 0;
  double width = 0, height = 0;
  std::vector<TextLine> lines;          // top to bottom
  std::vector<std::string> furniture;  // removed lines, as printed
  bool ocr = false;
  double ocr_confidence = -1;
  std::string source_reason;       // Page::source_reason
  std::string layer_text;          // Page::layer_text (an unused text layer)
  std::vector<DigitWord> digit_words;  // Page::digit_words (OCR)
  std::vector<Box> horizontal;     // ruling lines drawn on the page (y0 == y1)
  std::vector<Box> vertical;       // (x0 == x1)
};

// A paragraph ready to be written: text as printed with wrapped lines joined,
// legacy-font runs relative to "text", superscript markers relative to it.
struct Paragraph {
  std::string text;
  Box box;
  std::vector<FontRun> runs;
  std::vector<Span> superscripts;  // small raised digits glued to a word
  bool block_end = true;            // a blank line follows
  std::vector<double> confidences;  // OCR: per printed line
};

// ".VnTime", "VnTimeH", "VNI-Times", "ABCDEF+.VnArial" -> true.
bool IsLegacyFontName(std::string_view font);

// Groups words into line segments, top to bottom, left to right.
std::vector<TextLine> BuildLines(std::vector<Word> words);

// A line segment as BuildLines groups it, pointing at words it does not
// own (they must outlive it): what the table reader needs to join a cell's
// words without copying them.
struct WordLine {
  std::vector<const Word*> words;  // left to right
  Box box;
  double size = 0;  // the largest word size
};

// BuildLines on borrowed words: the same lines, in the same order.
std::vector<WordLine> BuildWordLines(std::vector<const Word*> words);

// The line's words joined: a space where the layer says so or where the gap
// is wide; none before a superscript digit glued to the previous word.
// "superscripts" (may be null) receives the byte spans of such markers.
std::string LineText(const TextLine& line, std::vector<Span>* superscripts = nullptr,
                     std::vector<FontRun>* runs = nullptr);
std::string LineText(const WordLine& line);

// Appends "next" (a following printed line) to a paragraph: a word broken
// at a hyphen glued to it ("1520/QĐ-" + "UBND") is joined without a space;
// a free-standing dash ("2026 -") keeps its space. Returns the offset in
// "*paragraph" where "next" begins.
size_t AppendJoined(std::string* paragraph, std::string_view next);

// "12", "- 12 -", "Trang 12", "12/30" (a running page number).
bool IsPageNumberText(std::string_view text);

// Removes running page numbers and headers/footers repeated on several pages
// (top or bottom 12% of the page) from every page; keeps them in furniture.
// "tables" (may be null) gives per page the boxes of ruled tables: a number
// inside a table cell ("2030" at the bottom of a cut row) is not furniture.
void RemoveFurniture(std::vector<PageLines>* pages,
                     const std::vector<std::vector<Box>>* tables = nullptr);

// Lines (already without furniture, footnotes and tables) -> paragraphs in
// reading order. "page_right" is the right edge of the page's text column
// (a line ending near it was wrapped).
std::vector<Paragraph> BuildParagraphs(const std::vector<TextLine>& lines, double page_right);

// The right edge of a page's text column: a high percentile of line ends.
double TextRight(const std::vector<TextLine>& lines);

// Writes the page model. Call BeginPage, then any of Add*, for each page in
// order; then Finish. Not thread-safe; single use.
class DocumentBuilder {
 public:
  DocumentBuilder(std::string_view file, bool from_pdf);

  void BeginPage(int number, double width, double height);
  Page& page() { return doc_.pages.back(); }

  // A paragraph: its text, a newline, and a blank line if block_end.
  void AddParagraph(const Paragraph& paragraph);

  // Tables: StartTable returns the table's index; rows are added to it on the
  // current page. Cell texts are written one per line, a blank line after
  // each row; an empty cell gets an empty span at the current position.
  //
  // A row split by a page break: when the first row added on a new page
  // continues the table whose last row ended the previous page, is a body row
  // like it, and has an empty first (STT) cell while that row's is not, it is
  // the rest of that row. Its cell texts are joined to that row's (as wrapped
  // lines are) and the whole row is written at the end of the page where it
  // started, before that page's footnotes: every cell keeps one span inside
  // one page, and the row's page, cells' pages and boxes are those of its
  // first part. A row may go on over several pages (each later page then
  // holds only what follows the row, and its footnotes).
  // To allow this, the last row added is written only when the next call
  // comes, and a page's end is settled when the next page's first content
  // comes (page() is the new page meanwhile).
  size_t StartTable(std::vector<std::string> header);
  struct CellText {
    std::string text;
    Box box;
  };
  void AddRow(size_t table, RowKind kind, const std::vector<CellText>& cells);

  // Rows merged into the row before them across a page break so far.
  int merged_rows() const { return merged_rows_; }

  // A footnote of the current page, written after the page's body as
  // "<marker> <text>".
  void AddFootnote(std::string marker, std::string text);

  Document Finish();

 private:
  struct PendingFootnote {
    std::string marker, text;
  };
  struct PendingRow {
    size_t table = 0;
    RowKind kind = RowKind::kBody;
    int page = 0;
    std::vector<CellText> cells;
  };
  void EndPage();
  // Writes the pending row, then ends the page left open by BeginPage.
  void Settle();
  void WriteRow(const PendingRow& pending);
  void CloseDeferredPages();
  void WriteFootnotes(std::vector<PendingFootnote>* notes, int page_number);
  size_t Write(std::string_view text);  // returns the offset written at

  Document doc_;
  std::vector<PendingFootnote> footnotes_;
  std::vector<Span> superscripts_;  // candidate markers in the body
  bool open_ = false;
  std::vector<PendingRow> pending_row_;  // at most one: the last row added
  // BeginPage came while a row was pending: the pages before the last one in
  // doc_.pages (one per entry, oldest first) are not closed yet; these are
  // their footnotes. More than one when a row goes on over several pages.
  std::vector<std::vector<PendingFootnote>> deferred_;
  int merged_rows_ = 0;
};

}  // namespace docpipe
