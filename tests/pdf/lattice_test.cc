// Tests of pipeline/pdf/lattice.h on drawn grids: cells, spans from missing
// separators, a table cut by a page break, words placed by their centres.

#include <cstdint>
#include <vector>

#include <catch2/catch.hpp>

#include "pipeline/pdf/lattice.h"

namespace docpipe {
namespace {

Box H(double y, double x0, double x1) { return {x0, y, x1, y}; }
Box V(double x, double y0, double y1) { return {x, y0, x, y1}; }

TEST_CASE("FindGrids builds cells from ruling lines drawn cell by cell", "[pdf]") {
  // 3 columns (x 0, 50, 150, 250) x 2 rows (y 0, 20, 40); every border drawn
  // per cell, with hairline gaps and a double-drawn line.
  std::vector<Box> h = {H(0, 0, 50), H(0, 50.5, 150), H(0, 151, 250), H(20, 0, 250),
                        H(20.6, 0, 250), H(40, 0, 125), H(40, 126, 250)};
  std::vector<Box> v = {V(0, 0, 40), V(50, 0, 20), V(50, 20, 40), V(150, 0, 40), V(250, 0, 40)};
  std::vector<Grid> grids = FindGrids(h, v);
  REQUIRE(grids.size() == 1);
  const Grid& grid = grids[0];
  CHECK(grid.columns() == 3);
  CHECK(grid.rows() == 2);
  CHECK(grid.cells.size() == 6);
}

TEST_CASE("FindGrids merges cells where a separator is missing", "[pdf]") {
  // Row 0: a title across columns 1-2 ("Đơn vị thực hiện"); rows 0-1 of
  // column 0 one cell (merged vertically); row 2 one cell across the table.
  std::vector<Box> h = {H(0, 0, 300), H(20, 100, 300), H(40, 0, 300), H(60, 0, 300)};
  std::vector<Box> v = {V(0, 0, 60), V(100, 0, 40), V(200, 20, 40), V(300, 0, 60)};
  std::vector<Grid> grids = FindGrids(h, v);
  REQUIRE(grids.size() == 1);
  const Grid& grid = grids[0];
  REQUIRE(grid.rows() == 3);
  REQUIRE(grid.columns() == 3);
  const GridCell& left = grid.At(0, 0);
  CHECK(left.row0 == 0);
  CHECK(left.row1 == 1);
  const GridCell& title = grid.At(0, 1);
  CHECK(title.col0 == 1);
  CHECK(title.col1 == 2);
  CHECK(&grid.At(1, 1) != &grid.At(1, 2));
  const GridCell& section = grid.At(2, 1);
  CHECK(section.col0 == 0);
  CHECK(section.col1 == 2);
}

TEST_CASE("FindGrids ends a grid cut by a page break where its column rules end", "[pdf]") {
  // No bottom border: the last row ends at y 90, where the verticals stop.
  std::vector<Box> h = {H(0, 0, 300), H(30, 0, 300)};
  std::vector<Box> v = {V(0, 0, 90), V(100, 0, 90), V(300, 0, 90)};
  std::vector<Grid> grids = FindGrids(h, v);
  REQUIRE(grids.size() == 1);
  CHECK(grids[0].rows() == 2);
  CHECK(grids[0].box.y1 == Approx(90));
}

TEST_CASE("FindGrids ignores lines that form no table", "[pdf]") {
  // A rule under a heading and a box around a note (two columns of lines).
  std::vector<Box> h = {H(10, 200, 260), H(100, 0, 300), H(200, 0, 300)};
  std::vector<Box> v = {V(0, 100, 200), V(300, 100, 200)};
  CHECK(FindGrids(h, v).empty());
}

TEST_CASE("PlaceWord puts a word in the cell holding its centre", "[pdf]") {
  std::vector<Box> h = {H(0, 0, 300), H(20, 100, 300), H(40, 0, 300)};
  std::vector<Box> v = {V(0, 0, 40), V(100, 0, 40), V(200, 0, 40), V(300, 0, 40)};
  std::vector<Grid> grids = FindGrids(h, v);
  REQUIRE(grids.size() == 1);
  Grid& grid = grids[0];
  Word inside{"STT", {10, 12, 40, 26}};
  Word right{"x", {250, 22, 260, 36}};
  Word outside{"below", {10, 50, 40, 60}};
  CHECK(PlaceWord(&grid, &inside));
  CHECK(PlaceWord(&grid, &right));
  CHECK(!PlaceWord(&grid, &outside));
  CHECK(grid.At(0, 0).words.size() == 1);  // column 0 spans both rows
  CHECK(grid.At(1, 2).words.size() == 1);
}

}  // namespace
}  // namespace docpipe

namespace docpipe {
namespace {

TEST_CASE("RulesFromImage finds a scanned grid's lines and not its text", "[pdf]") {
  // A 100-dpi page 850 x 400 px: a 3-column, 2-row grid drawn 2 px thick,
  // plus a short "text" stroke and a dark scan edge along the left side.
  constexpr int kWidth = 850, kHeight = 400, kDpi = 100;
  std::vector<uint8_t> page(static_cast<size_t>(kWidth * kHeight), 255);
  auto ink = [&](int x0, int y0, int x1, int y1) {
    for (int y = y0; y < y1; ++y) {
      for (int x = x0; x < x1; ++x) page[static_cast<size_t>(y * kWidth + x)] = 20;
    }
  };
  for (int y : {50, 150, 250}) ink(100, y, 701, y + 2);
  for (int x : {100, 200, 450, 699}) ink(x, 50, x + 2, 252);
  ink(220, 100, 240, 103);  // a stroke of a letter: too short
  ink(0, 0, 3, kHeight);    // the scan's edge: too long
  std::vector<Box> horizontal, vertical;
  RulesFromImage(page.data(), kWidth, kHeight, kWidth, kDpi, &horizontal, &vertical);
  std::vector<Grid> grids = FindGrids(horizontal, vertical);
  REQUIRE(grids.size() == 1);
  CHECK(grids[0].columns() == 3);
  CHECK(grids[0].rows() == 2);
  CHECK(grids[0].box.x0 == Approx(100 * 72.0 / kDpi).margin(2));
  CHECK(grids[0].box.y1 == Approx(252 * 72.0 / kDpi).margin(2));
}

}  // namespace
}  // namespace docpipe
