// pipeline/pdf/tables.h
//
// Table reconstruction. A table drawn with ruling lines (what office suites
// produce) is read from its grid (lattice.h): the first grid row(s) are the
// header (several header rows, or a title spanning sub-titles, give one
// title per column), a cell spanning all columns is a section row, a cell
// spanning rows (one lead agency for several tasks) gives its text to each
// row it spans, and a grid with the same columns at the top of the next page
// continues the table (its repeated header dropped). Tables without rules
// come from text geometry: the header row (anchored at "STT", "TT",
// "Số TT", "No.", or, without such a column, a line of separate typical
// titles such as "Nội dung", "Thời gian", "Cơ quan chủ trì") gives the
// columns; a bold header ends at the first plain line. Column boundaries are
// the emptiest x-positions between neighbouring header titles over the data
// lines; rows start at the numbers of the STT column or at section rows
// ("I. ..."), or, where numbers are vertically centred in their rows, after
// the widest gap before each number; a cell's lines are joined. A table that
// reaches the bottom of a page continues on the next one, with or without a
// repeated header; in a numbered table the lines above the page's first
// number are the rest of the last row (PageTable::first_row_continues;
// DocumentBuilder joins them to it). Plain text (a text layer written one
// cell per line) is rebuilt from the header's column count and the
// row numbers, merging a cell's continuation lines by textual evidence.
//
// Stage: pdf (internal).

#pragma once

#include <map>
#include <optional>
#include <utility>
#include <string>
#include <vector>

#include "pipeline/pdf/lattice.h"
#include "pipeline/pdf/layout.h"

namespace docpipe {

struct RowDraft {
  RowKind kind = RowKind::kBody;
  std::vector<DocumentBuilder::CellText> cells;  // a section row has one cell
};

// The part of a table found on one page.
struct PageTable {
  bool continues = false;            // continues the previous page's table
  bool first_row_continues = false;  // its first row is the rest of the last one
  bool header_repeated = false;      // a repeated header was dropped
  std::vector<std::string> header;   // column titles
  std::vector<RowDraft> rows;        // the header row is rows[0] of a new table
  std::vector<TextLine> before, after;  // the page's other lines
  std::vector<std::string> notes;       // what was inferred (spans, joins), for Diagnostics
};

// Segments sharing a baseline band: one printed line across the columns.
struct VisualLine {
  std::vector<const Word*> words;  // left to right
  Box box;
  double size = 0;
  size_t first_segment = 0, last_segment = 0;  // its TextLines
};

// Finds tables page by page; remembers the columns of an open table so the
// next page can continue it. Not thread-safe; one per document.
class TableFinder {
 public:
  // Call Find on every page once, then Rewind, then Find again on every page
  // for the results: the second pass places column boundaries using the
  // words of all pages of a table (one page may hold only a few rows).
  void Rewind() {
    learning_ = false;
    open_ = false;
    lattice_open_ = false;
    lattice_xs_.clear();
    lattice_carry_.clear();
    lattice_carry_spans_.clear();
    numbered_ = false;
    edges_.clear();
    header_.clear();
  }

  // Looks for a table among "lines" (one page, top to bottom). Returns it,
  // with the lines above and below it, or nullopt (lines untouched).
  // "page" gives the ruling lines: a table drawn with them is read from its
  // grid (lattice); otherwise from text geometry.
  std::optional<PageTable> Find(const std::vector<TextLine>& lines, const PageLines& page);
  std::optional<PageTable> Find(const std::vector<TextLine>& lines) {
    return Find(lines, PageLines());
  }

 private:
  // A table drawn with ruling lines (lattice.h), or nullopt if the page has
  // no grid holding words.
  std::optional<PageTable> FindLattice(const std::vector<TextLine>& lines, const PageLines& page);
  // Fills empty cells at the top of a continuing table from lattice_carry_:
  // a merged cell cut by the page break. "grid_rows" gives the grid row of
  // each body row table->rows[first_body + i].
  void CarryMergedCells(const Grid& grid, const std::vector<std::string>& texts, int header_end,
                        const std::vector<int>& grid_rows, size_t first_body, PageTable* table);
  // The text-geometry finder, for tables without rules.
  std::optional<PageTable> FindByText(const std::vector<TextLine>& lines);
  // Its header around visual line "anchor": column boundaries ("edges"),
  // the header row (unless repeated), the lines after the table; the
  // table's first line, first body line and end. False if not a header.
  bool ReadTextHeader(const std::vector<VisualLine>& visual,
                      const std::vector<TextLine>& lines, size_t anchor, PageTable* table,
                      std::vector<double>* edges, size_t* region_top, size_t* start, size_t* end);

  std::vector<double> edges_;  // column boundaries of the open table (columns + 1)
  // The open table was read from a grid with these column boundaries: a grid
  // with the same columns at the top of the next page continues it.
  bool lattice_open_ = false;
  std::vector<double> lattice_xs_;
  // Per column, the text of the cell at the bottom of the open table's
  // page: a merged cell may go on at the top of the next page (a lead agency
  // over tasks on both pages).
  std::vector<std::string> lattice_carry_;
  std::vector<bool> lattice_carry_spans_;  // that cell spanned several rows
  std::vector<std::string> header_;
  bool open_ = false;
  // The open table's rows start at numbers in its first column: on a page
  // it continues, lines before the first number belong to the last row.
  bool numbered_ = false;
  bool learning_ = true;
  // Data-word x-extents per table header (header words joined).
  std::map<std::string, std::vector<std::pair<double, double>>> learned_;
};

// A line of plain text for FindTextTables: "blank" marks a line holding only
// white space (NBSP included), which a text layer prints for an empty cell.
struct TextItem {
  std::string text;
  bool blank = false;
};

struct TextTable {
  size_t begin = 0, end = 0;  // items [begin, end) belong to the table
  std::vector<std::string> header;
  std::vector<RowDraft> rows;     // rows[0] is the header row
  std::vector<size_t> row_begin;  // the item where each row starts
  int irregular_rows = 0;         // cell lines merged, or cells padded
};

// Finds tables written one cell per line: "STT" and the other column titles,
// then rows "1." + cells, and section rows "I. ...".
std::vector<TextTable> FindTextTables(const std::vector<TextItem>& items);

}  // namespace docpipe
