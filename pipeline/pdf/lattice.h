// pipeline/pdf/lattice.h
//
// Table grids from ruling lines (the "lattice" method of Camelot and
// Tabula): collinear segments are merged, segments that cross form
// connected sets, each set with at least three vertical and two horizontal
// lines is a grid; its distinct x and y positions give columns and rows,
// and a missing separator between two neighbouring cells merges them (a
// cell spanning columns or rows). Words are then placed in cells by their
// centres. Office suites (Word, LibreOffice, Chromium) draw every cell
// border, so this reads their tables whatever the text's geometry.
//
// Stage: pdf (internal; used by tables.cc). std and model only.

#pragma once

#include <cstdint>
#include <vector>

#include "pipeline/model/page_model.h"
#include "pipeline/pdf/layout.h"

namespace docpipe {

// All distances in points.
struct LatticeLimits {
  // Segments whose positions differ by at most this are one line (a border
  // drawn twice by adjacent cells, rounding by the generator).
  double same_line = 2.0;
  // Collinear segments with a gap up to this are joined (cell borders are
  // drawn cell by cell, sometimes with hairline gaps at the joints).
  double join_gap = 3.0;
  // A vertical and a horizontal line meet if they come this close (borders
  // of different widths stop short of each other).
  double touch = 3.0;
  // A separator is present between two cells when lines cover this share of
  // the cells' common edge; less (or none) merges the cells.
  double separator_cover = 0.6;
  // Grid rows or columns narrower than this are drawing artefacts (double
  // borders) and are merged with their neighbour.
  double min_cell = 4.0;
};
constexpr LatticeLimits kLattice;

// A cell of a grid: rows [row0, row1] and columns [col0, col1] (inclusive;
// wider than one when separators are missing), its box and its words.
struct GridCell {
  int row0 = 0, row1 = 0, col0 = 0, col1 = 0;
  Box box;
  std::vector<const Word*> words;
};

struct Grid {
  Box box;
  std::vector<double> xs;  // column boundaries, left to right (columns + 1)
  std::vector<double> ys;  // row boundaries, top to bottom (rows + 1)
  std::vector<GridCell> cells;
  // cell_at[row * columns + col]: index into cells.
  std::vector<int> cell_at;
  int rows() const { return static_cast<int>(ys.size()) - 1; }
  int columns() const { return static_cast<int>(xs.size()) - 1; }
  const GridCell& At(int row, int col) const {
    return cells[static_cast<size_t>(cell_at[static_cast<size_t>(row * columns() + col)])];
  }
};

// Grids drawn on a page, top to bottom. "horizontal" have y0 == y1,
// "vertical" x0 == x1 (PageLines). No words are placed yet.
std::vector<Grid> FindGrids(const std::vector<Box>& horizontal, const std::vector<Box>& vertical);

// Ruling lines of a scanned page: long runs of dark pixels in an 8-bit gray
// image ("width" x "height", rows "stride" bytes apart, scanned at "dpi"),
// appended to "horizontal" / "vertical" in points as FindGrids takes them.
// Text strokes are shorter than a ruling line; runs across almost the whole
// image (a scan's dark edge) are left out.
void RulesFromImage(const uint8_t* gray, int width, int height, int stride, int dpi,
                    std::vector<Box>* horizontal, std::vector<Box>* vertical);

// Places each word whose centre lies inside the grid in its cell; returns
// false if the word lies outside.
bool PlaceWord(Grid* grid, const Word* word);

}  // namespace docpipe
