#include "pipeline/pdf/lattice.h"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <utility>

namespace docpipe {
namespace {

// A ruling line: "at" is its y (horizontal) or x (vertical); [from, to] its
// extent along the other axis.
struct Rule {
  double at = 0, from = 0, to = 0;
};

std::vector<Rule> ToRules(const std::vector<Box>& boxes, bool horizontal) {
  std::vector<Rule> rules;
  for (const Box& box : boxes) {
    if (horizontal) {
      rules.push_back({box.y0, std::min(box.x0, box.x1), std::max(box.x0, box.x1)});
    } else {
      rules.push_back({box.x0, std::min(box.y0, box.y1), std::max(box.y0, box.y1)});
    }
  }
  return rules;
}

// Merges collinear, touching segments into lines.
std::vector<Rule> MergeCollinear(std::vector<Rule> rules) {
  std::sort(rules.begin(), rules.end(),
            [](const Rule& a, const Rule& b) { return a.at < b.at; });
  std::vector<Rule> out;
  size_t idx = 0;
  while (idx < rules.size()) {
    size_t end = idx + 1;
    while (end < rules.size() && rules[end].at - rules[end - 1].at <= kLattice.same_line) ++end;
    std::vector<Rule> band(rules.begin() + static_cast<long>(idx), rules.begin() + static_cast<long>(end));
    double at = 0;
    for (const Rule& rule : band) at += rule.at;
    at /= static_cast<double>(band.size());
    std::sort(band.begin(), band.end(), [](const Rule& a, const Rule& b) { return a.from < b.from; });
    Rule current{at, band[0].from, band[0].to};
    for (size_t pos = 1; pos < band.size(); ++pos) {
      if (band[pos].from <= current.to + kLattice.join_gap) {
        current.to = std::max(current.to, band[pos].to);
      } else {
        out.push_back(current);
        current = {at, band[pos].from, band[pos].to};
      }
    }
    out.push_back(current);
    idx = end;
  }
  return out;
}

bool Meet(const Rule& h, const Rule& v) {
  return v.at >= h.from - kLattice.touch && v.at <= h.to + kLattice.touch &&
         h.at >= v.from - kLattice.touch && h.at <= v.to + kLattice.touch;
}

int Find(std::vector<int>* parent, int x) {
  while ((*parent)[static_cast<size_t>(x)] != x) {
    (*parent)[static_cast<size_t>(x)] = (*parent)[static_cast<size_t>((*parent)[static_cast<size_t>(x)])];
    x = (*parent)[static_cast<size_t>(x)];
  }
  return x;
}

void Union(std::vector<int>* parent, int a, int b) {
  a = Find(parent, a);
  b = Find(parent, b);
  if (a != b) (*parent)[static_cast<size_t>(std::max(a, b))] = std::min(a, b);
}

// Distinct positions of "rules", close ones merged (their mean).
std::vector<double> Positions(const std::vector<const Rule*>& rules) {
  std::vector<double> at;
  for (const Rule* rule : rules) at.push_back(rule->at);
  std::sort(at.begin(), at.end());
  std::vector<double> out;
  std::vector<double> group;
  auto flush = [&] {
    if (!group.empty()) out.push_back(std::accumulate(group.begin(), group.end(), 0.0) / group.size());
    group.clear();
  };
  for (double value : at) {
    if (!group.empty() && value - group.back() > kLattice.min_cell) flush();
    group.push_back(value);
  }
  flush();
  return out;
}

// Share of [from, to] covered by the rules at "at".
double Covered(const std::vector<const Rule*>& rules, double at, double from, double to) {
  if (to <= from) return 1;
  std::vector<std::pair<double, double>> parts;
  for (const Rule* rule : rules) {
    if (std::fabs(rule->at - at) > kLattice.min_cell) continue;
    double lo = std::max(from, rule->from), hi = std::min(to, rule->to);
    if (hi > lo) parts.push_back({lo, hi});
  }
  std::sort(parts.begin(), parts.end());
  double covered = 0, reach = from;
  for (const auto& [lo, hi] : parts) {
    if (hi <= reach) continue;
    covered += hi - std::max(lo, reach);
    reach = hi;
  }
  return covered / (to - from);
}

// Cells of one connected set of lines: grid positions, then cells merged
// where a separator is missing.
Grid BuildGrid(const std::vector<const Rule*>& hs, const std::vector<const Rule*>& vs) {
  Grid grid;
  grid.xs = Positions(vs);
  grid.ys = Positions(hs);
  // A table cut by a page break has no border where the page cuts it: the
  // column rules go on past the last (or before the first) horizontal line,
  // and the cut row ends (or starts) where they do.
  double top = grid.ys.empty() ? 0 : grid.ys.front(), bottom = top;
  for (const Rule* v : vs) {
    top = std::min(top, v->from);
    bottom = std::max(bottom, v->to);
  }
  if (!grid.ys.empty() && grid.ys.front() - top > kLattice.min_cell) grid.ys.insert(grid.ys.begin(), top);
  if (!grid.ys.empty() && bottom - grid.ys.back() > kLattice.min_cell) grid.ys.push_back(bottom);
  int rows = grid.rows(), cols = grid.columns();
  if (rows < 1 || cols < 2) return grid;
  grid.box = {grid.xs.front(), grid.ys.front(), grid.xs.back(), grid.ys.back()};
  std::vector<int> parent(static_cast<size_t>(rows * cols));
  std::iota(parent.begin(), parent.end(), 0);
  for (int row = 0; row < rows; ++row) {
    for (int col = 0; col < cols; ++col) {
      int id = row * cols + col;
      if (col + 1 < cols && Covered(vs, grid.xs[static_cast<size_t>(col + 1)], grid.ys[static_cast<size_t>(row)],
                                    grid.ys[static_cast<size_t>(row + 1)]) < kLattice.separator_cover) {
        Union(&parent, id, id + 1);
      }
      if (row + 1 < rows && Covered(hs, grid.ys[static_cast<size_t>(row + 1)], grid.xs[static_cast<size_t>(col)],
                                    grid.xs[static_cast<size_t>(col + 1)]) < kLattice.separator_cover) {
        Union(&parent, id, id + cols);
      }
    }
  }
  grid.cell_at.assign(parent.size(), -1);
  std::vector<int> index_of(parent.size(), -1);
  for (int row = 0; row < rows; ++row) {
    for (int col = 0; col < cols; ++col) {
      int root = Find(&parent, row * cols + col);
      int& index = index_of[static_cast<size_t>(root)];
      if (index < 0) {
        index = static_cast<int>(grid.cells.size());
        grid.cells.push_back({row, row, col, col, {}, {}});
      }
      GridCell& cell = grid.cells[static_cast<size_t>(index)];
      cell.row1 = std::max(cell.row1, row);
      cell.col0 = std::min(cell.col0, col);
      cell.col1 = std::max(cell.col1, col);
      grid.cell_at[static_cast<size_t>(row * cols + col)] = index;
    }
  }
  for (GridCell& cell : grid.cells) {
    cell.box = {grid.xs[static_cast<size_t>(cell.col0)], grid.ys[static_cast<size_t>(cell.row0)],
                grid.xs[static_cast<size_t>(cell.col1 + 1)], grid.ys[static_cast<size_t>(cell.row1 + 1)]};
  }
  return grid;
}

}  // namespace

std::vector<Grid> FindGrids(const std::vector<Box>& horizontal, const std::vector<Box>& vertical) {
  std::vector<Rule> hs = MergeCollinear(ToRules(horizontal, true));
  std::vector<Rule> vs = MergeCollinear(ToRules(vertical, false));
  std::vector<Grid> grids;
  if (hs.size() < 2 || vs.size() < 3) return grids;
  int nh = static_cast<int>(hs.size());
  std::vector<int> parent(hs.size() + vs.size());
  std::iota(parent.begin(), parent.end(), 0);
  for (int h = 0; h < nh; ++h) {
    for (size_t v = 0; v < vs.size(); ++v) {
      if (Meet(hs[static_cast<size_t>(h)], vs[v])) Union(&parent, h, nh + static_cast<int>(v));
    }
  }
  std::vector<int> roots;
  for (int idx = 0; idx < static_cast<int>(parent.size()); ++idx) {
    int root = Find(&parent, idx);
    if (std::find(roots.begin(), roots.end(), root) == roots.end()) roots.push_back(root);
  }
  for (int root : roots) {
    std::vector<const Rule*> set_h, set_v;
    for (int h = 0; h < nh; ++h) {
      if (Find(&parent, h) == root) set_h.push_back(&hs[static_cast<size_t>(h)]);
    }
    for (size_t v = 0; v < vs.size(); ++v) {
      if (Find(&parent, nh + static_cast<int>(v)) == root) set_v.push_back(&vs[v]);
    }
    if (set_h.size() < 2 || set_v.size() < 3) continue;
    Grid grid = BuildGrid(set_h, set_v);
    if (grid.rows() >= 1 && grid.columns() >= 2) grids.push_back(std::move(grid));
  }
  std::sort(grids.begin(), grids.end(),
            [](const Grid& a, const Grid& b) { return a.box.y0 < b.box.y0; });
  return grids;
}

void RulesFromImage(const uint8_t* gray, int width, int height, int stride, int dpi,
                    std::vector<Box>* horizontal, std::vector<Box>* vertical) {
  if (gray == nullptr || width <= 0 || height <= 0 || dpi <= 0) return;
  constexpr uint8_t kDark = 140;          // ink on a scan; paper is lighter
  constexpr double kMinInches = 0.3;      // shorter runs are text strokes
  constexpr double kEdgeShare = 0.95;     // longer runs are the scan's edge
  double scale = 72.0 / dpi;
  auto dark = [&](int x, int y) { return gray[static_cast<size_t>(y) * stride + x] < kDark; };
  int min_run = static_cast<int>(kMinInches * dpi);
  for (int y = 0; y < height; ++y) {
    for (int x = 0; x < width;) {
      if (!dark(x, y)) {
        ++x;
        continue;
      }
      int start = x;
      while (x < width && dark(x, y)) ++x;
      int run = x - start;
      if (run >= min_run && run < kEdgeShare * width) {
        horizontal->push_back({start * scale, y * scale, x * scale, y * scale});
      }
    }
  }
  for (int x = 0; x < width; ++x) {
    for (int y = 0; y < height;) {
      if (!dark(x, y)) {
        ++y;
        continue;
      }
      int start = y;
      while (y < height && dark(x, y)) ++y;
      int run = y - start;
      if (run >= min_run && run < kEdgeShare * height) {
        vertical->push_back({x * scale, start * scale, x * scale, y * scale});
      }
    }
  }
}

bool PlaceWord(Grid* grid, const Word* word) {
  double cx = (word->box.x0 + word->box.x1) / 2, cy = (word->box.y0 + word->box.y1) / 2;
  if (cx < grid->box.x0 || cx > grid->box.x1 || cy < grid->box.y0 || cy > grid->box.y1) return false;
  auto slot = [](const std::vector<double>& edges, double value) {
    size_t pos = static_cast<size_t>(std::upper_bound(edges.begin(), edges.end(), value) - edges.begin());
    return static_cast<int>(std::clamp<size_t>(pos, 1, edges.size() - 1)) - 1;
  };
  int row = slot(grid->ys, cy), col = slot(grid->xs, cx);
  grid->cells[static_cast<size_t>(grid->cell_at[static_cast<size_t>(row * grid->columns() + col)])]
      .words.push_back(word);
  return true;
}

}  // namespace docpipe
