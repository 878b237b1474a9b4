#include "pipeline/pdf/tables.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <utility>

#include "pipeline/base/strings.h"
#include "pipeline/pdf/lattice.h"

namespace docpipe {
namespace {

bool IsRowNumber(std::string_view text) {
  text = Trim(text);
  if (EndsWith(text, ".")) text.remove_suffix(1);
  if (text.empty() || text.size() > 3) return false;
  for (char c : text) {
    if (!std::isdigit(static_cast<unsigned char>(c))) return false;
  }
  return true;
}

// "I. Tăng cường ..." (a section row): a Roman numeral, a dot, a space.
bool IsSectionText(std::string_view text) { return StartsWithRomanMarker(text); }

bool IsHeaderAnchor(std::string_view text) {
  text = Trim(text);
  return text == "STT" || text == "TT" || text == "Stt" || text == "S\xE1\xBB\x91 TT" ||
         text == "No.";
}

// How many typical column titles of plans and lists the text holds.
int TypicalTitles(std::string_view text) {
  constexpr std::string_view kTitles[] = {
      "N\xE1\xBB\x99i dung",                 // Nội dung
      "ch\xE1\xBB\xA7 tr\xC3\xAC",            // chủ trì
      "ph\xE1\xBB\x91i h\xE1\xBB\xA3p",       // phối hợp
      "Th\xE1\xBB\x9Di gian",                // Thời gian
      "Th\xE1\xBB\x9Di h\xE1\xBA\xA1n",        // Thời hạn
      "K\xE1\xBA\xBFt qu\xE1\xBA\xA3",         // Kết quả
      "Ghi ch\xC3\xBA",                      // Ghi chú
      "S\xE1\xBA\xA3n ph\xE1\xBA\xA9m",        // Sản phẩm
  };
  int count = 0;
  for (std::string_view title : kTitles) count += text.find(title) != std::string_view::npos ? 1 : 0;
  return count;
}

// --- geometry ---------------------------------------------------------------

bool IsBoldFont(std::string_view font) {
  return font.find("Bold") != std::string_view::npos || font.find("bold") != std::string_view::npos ||
         font.find("BOLD") != std::string_view::npos;
}


std::vector<VisualLine> GroupVisual(const std::vector<TextLine>& lines) {
  std::vector<VisualLine> out;
  for (size_t idx = 0; idx < lines.size(); ++idx) {
    const TextLine& line = lines[idx];
    bool join = false;
    if (!out.empty()) {
      const Box& a = out.back().box;
      double ca = (a.y0 + a.y1) / 2, cb = (line.box.y0 + line.box.y1) / 2;
      join = (ca >= line.box.y0 && ca <= line.box.y1) || (cb >= a.y0 && cb <= a.y1);
    }
    if (!join) {
      out.push_back({});
      out.back().box = line.box;
      out.back().first_segment = idx;
    }
    VisualLine& visual = out.back();
    visual.box.x0 = std::min(visual.box.x0, line.box.x0);
    visual.box.x1 = std::max(visual.box.x1, line.box.x1);
    visual.box.y0 = std::min(visual.box.y0, line.box.y0);
    visual.box.y1 = std::max(visual.box.y1, line.box.y1);
    visual.size = std::max(visual.size, line.size);
    visual.last_segment = idx;
  }
  // Each visual line's words, its segments' in order, then left to right.
  for (VisualLine& visual : out) {
    size_t count = 0;
    for (size_t idx = visual.first_segment; idx <= visual.last_segment; ++idx) {
      count += lines[idx].words.size();
    }
    visual.words.reserve(count);
    for (size_t idx = visual.first_segment; idx <= visual.last_segment; ++idx) {
      for (const Word& word : lines[idx].words) visual.words.push_back(&word);
    }
    std::sort(visual.words.begin(), visual.words.end(),
              [](const Word* a, const Word* b) { return a->box.x0 < b->box.x0; });
  }
  return out;
}

// Most of the line's words are set in a bold font.
bool IsBoldLine(const VisualLine& line) {
  size_t bold = 0;
  for (const Word* word : line.words) bold += IsBoldFont(word->font) ? 1 : 0;
  return !line.words.empty() && bold * 2 > line.words.size();
}

int ColumnOf(const std::vector<double>& edges, const Word& word) {
  double centre = (word.box.x0 + word.box.x1) / 2;
  for (size_t col = 0; col + 1 < edges.size(); ++col) {
    if (centre < edges[col + 1]) return static_cast<int>(col);
  }
  return static_cast<int>(edges.size()) - 2;
}

// Text of some words of one or more visual lines: words on one line joined
// like LineText, lines joined like paragraph lines.
std::string WordsText(const std::vector<std::vector<const Word*>>& lines, Box* box) {
  std::string out;
  bool first = true;
  for (const auto& words : lines) {
    if (words.empty()) continue;
    WordLine line;
    line.words = words;
    for (const Word* word : words) {
      line.size = std::max(line.size, word->size);
      if (first) {
        *box = word->box;
        first = false;
      }
      box->x0 = std::min(box->x0, word->box.x0);
      box->y0 = std::min(box->y0, word->box.y0);
      box->x1 = std::max(box->x1, word->box.x1);
      box->y1 = std::max(box->y1, word->box.y1);
    }
    AppendJoined(&out, LineText(line));
  }
  return out;
}

// The line lies within the table and at most a fifth of its words straddle
// a column boundary (a boundary placed from text alone is approximate).
bool FitsColumns(const std::vector<double>& edges, const VisualLine& line) {
  if (edges.size() < 2 || line.words.empty()) return false;
  size_t straddling = 0;
  // The last column's right edge comes from the widest text seen so far
  // (no ruling lines): a longer word there may pass it.
  int last = static_cast<int>(edges.size()) - 2;
  for (const Word* word : line.words) {
    int col = ColumnOf(edges, *word);
    if (word->box.x0 < edges.front() - 2) return false;
    if (word->box.x1 > edges.back() + 2 && (col != last || word->box.x0 > edges.back())) return false;
    double right = col == last ? std::max(edges.back(), word->box.x1) : edges[col + 1];
    if (word->box.x0 < edges[col] - 2 || word->box.x1 > right + 2) ++straddling;
  }
  return straddling * 5 <= line.words.size();
}

// The first line of a page that would continue a table: in a numbered table
// it starts a row (a number or a section title in the first column) or
// leaves the first column empty; a paragraph after the table starts in it.
bool StartsRowOrContinues(const std::vector<double>& edges, const VisualLine& line,
                          bool numbered) {
  if (!numbered) return true;
  const Word& first = *line.words[0];
  if (ColumnOf(edges, first) != 0) return true;
  if (IsRowNumber(first.text)) return true;
  std::string text;
  for (const Word* word : line.words) (text += word->text) += ' ';
  return IsSectionText(text);
}

}  // namespace

std::optional<PageTable> TableFinder::Find(const std::vector<TextLine>& lines,
                                           const PageLines& page) {
  if (std::optional<PageTable> table = FindLattice(lines, page)) return table;
  lattice_open_ = false;
  return FindByText(lines);
}

namespace {

// Thresholds of the text-geometry finder, in multiples of the font size of
// the header line ("size") unless stated.
struct TextTableLimits {
  // Header lines above the anchor line: closer than this, and right of "STT".
  double header_above_gap = 0.5;
  // Header lines below the anchor line ("Đơn vị chủ" / "trì").
  double header_below_gap = 0.8;
  // Header words closer than this belong to one column title.
  double title_join_gap = 0.6;
  // A vertical gap wider than this ends the table.
  double table_end_gap = 2.5;
  // Unnumbered tables: a vertical gap wider than this starts a new row.
  double row_gap = 0.45;
  // Column boundaries are searched at this step (points).
  double coverage_step = 0.5;
};
constexpr TextTableLimits kText;

// The line holding the column titles: "STT"/"TT"/... first, or (no such
// column) a row of typical titles set apart, in bold where the page uses
// bold. visual.size() if none.
size_t FindHeaderAnchor(const std::vector<VisualLine>& visual, const std::vector<TextLine>& lines) {
  bool any_bold = false;
  for (size_t idx = 0; idx < lines.size() && !any_bold; ++idx) {
    for (const Word& word : lines[idx].words) {
      if (IsBoldFont(word.font)) {
        any_bold = true;
        break;
      }
    }
  }
  std::string pair;  // the first two words ("Số TT"), one buffer for all lines
  for (size_t idx = 0; idx < visual.size(); ++idx) {
    const auto& words = visual[idx].words;
    if (words.empty()) continue;
    bool anchored = IsHeaderAnchor(words[0]->text);
    if (!anchored && words.size() > 1) {
      pair.assign(words[0]->text);
      (pair += ' ') += words[1]->text;
      anchored = IsHeaderAnchor(pair);
    }
    if (!anchored && visual[idx].last_segment >= visual[idx].first_segment + 2 &&
        (IsBoldLine(visual[idx]) || !any_bold)) {
      // No "STT": a row of column titles set apart ("Nội dung", "Thời gian"),
      // each title beginning a segment.
      int titles = 0;
      for (size_t seg = visual[idx].first_segment; seg <= visual[idx].last_segment; ++seg) {
        std::string text;
        for (const Word& word : lines[seg].words) (text += word.text) += ' ';
        if (TypicalTitles(text) > 0 && TypicalTitles(text.substr(0, 16)) > 0) ++titles;
      }
      anchored = titles >= 2;
    }
    if (anchored && words.size() >= 3) return idx;
  }
  return visual.size();
}

// The header's lines [top, bottom) around the anchor, the table's end, its
// column titles (x-extents) and the header words.
struct HeaderRegion {
  size_t top = 0, bottom = 0, end = 0;
  double size = 0;
  std::vector<std::pair<double, double>> titles;
  std::vector<const Word*> words;  // left to right
};

bool FindHeaderRegion(const std::vector<VisualLine>& visual, size_t anchor, HeaderRegion* out) {
  const Word& stt = *visual[anchor].words[0];
  double size = std::max(visual[anchor].size, 4.0);
  out->size = size;
  // A bold header (Word's usual) ends at the first line that is not bold:
  // otherwise the first row's lines above a vertically centred number
  // would join the header.
  bool bold_header = IsBoldLine(visual[anchor]);
  size_t top = anchor;
  while (top > 0 && visual[top].box.y0 - visual[top - 1].box.y1 < kText.header_above_gap * size &&
         visual[top - 1].box.x0 > stt.box.x1 && (!bold_header || IsBoldLine(visual[top - 1]))) {
    --top;
  }
  size_t bottom = anchor + 1;
  while (bottom < visual.size() &&
         visual[bottom].box.y0 - visual[bottom - 1].box.y1 < kText.header_below_gap * size &&
         visual[bottom].box.x0 > stt.box.x1 + 2 && (!bold_header || IsBoldLine(visual[bottom]))) {
    ++bottom;
  }
  out->top = top;
  out->bottom = bottom;
  for (size_t idx = top; idx < bottom; ++idx) {
    for (const Word* word : visual[idx].words) out->words.push_back(word);
  }
  std::sort(out->words.begin(), out->words.end(),
            [](const Word* a, const Word* b) { return a->box.x0 < b->box.x0; });
  // Titles: word intervals merged when they overlap or nearly touch.
  for (const Word* word : out->words) {
    if (!out->titles.empty() && word->box.x0 < out->titles.back().second + kText.title_join_gap * size) {
      out->titles.back().second = std::max(out->titles.back().second, word->box.x1);
    } else {
      out->titles.push_back({word->box.x0, word->box.x1});
    }
  }
  if (out->titles.size() < 3) return false;
  // Table body extent: until a wide vertical gap or a line left of the table.
  size_t end = bottom;
  while (end < visual.size()) {
    double gap = visual[end].box.y0 - visual[end - 1].box.y1;
    if (gap > kText.table_end_gap * size || visual[end].box.x0 < stt.box.x0 - size) break;
    ++end;
  }
  out->end = end;
  return true;
}

// The centre of the longest run of the least-covered positions in
// [from, to]: the column boundary between two titles. Counts at
// x = from + step * i, by a difference array: one pass over the words.
double EmptiestBetween(double from, double to, const std::vector<std::pair<double, double>>& coverage) {
  double step = kText.coverage_step;
  size_t steps = to >= from ? static_cast<size_t>((to - from) / step) + 1 : 0;
  std::vector<int> counts(steps + 1, 0);
  for (const auto& [x0, x1] : coverage) {
    if (x1 < from || x0 > to || steps == 0) continue;
    double lo = std::max(0.0, std::ceil((x0 - from) / step));
    double hi = std::min(static_cast<double>(steps - 1), std::floor((x1 - from) / step));
    if (hi < lo) continue;
    ++counts[static_cast<size_t>(lo)];
    --counts[static_cast<size_t>(hi) + 1];
  }
  for (size_t pos = 1; pos < counts.size(); ++pos) counts[pos] += counts[pos - 1];
  counts.resize(steps);
  if (counts.empty()) return (from + to) / 2;
  int least = *std::min_element(counts.begin(), counts.end());
  size_t best_start = 0, best_length = 0;
  for (size_t pos = 0; pos < counts.size();) {
    if (counts[pos] != least) {
      ++pos;
      continue;
    }
    size_t run_end = pos;
    while (run_end < counts.size() && counts[run_end] == least) ++run_end;
    if (run_end - pos > best_length) {
      best_start = pos;
      best_length = run_end - pos;
    }
    pos = run_end;
  }
  return from + step * (static_cast<double>(best_start) + static_cast<double>(best_length - 1) / 2);
}

// Words of "lines" in column "col", one list per line.
std::vector<std::vector<const Word*>> ColumnWords(const std::vector<const VisualLine*>& lines,
                                                  const std::vector<double>& edges, size_t col) {
  std::vector<std::vector<const Word*>> out;
  for (const VisualLine* line : lines) {
    std::vector<const Word*> words;
    for (const Word* word : line->words) {
      if (ColumnOf(edges, *word) == static_cast<int>(col)) words.push_back(word);
    }
    out.push_back(std::move(words));
  }
  return out;
}

struct Draft {
  RowKind kind;
  std::vector<const VisualLine*> lines;
  bool numbered = false;  // starts at a number in the first column
};

// Rows: a number in the STT column or a section row starts one; in an
// unnumbered table a clear vertical gap does.
std::vector<Draft> DraftRows(const std::vector<VisualLine>& visual, size_t start,
                             const std::vector<double>& edges, bool* numbered,
                             bool* first_row_continues, bool continues) {
  std::vector<Draft> drafts;
  for (size_t idx = start; idx < visual.size(); ++idx) {
    const VisualLine& line = visual[idx];
    const Word& first = *line.words[0];
    if (ColumnOf(edges, first) == 0 && IsRowNumber(first.text)) {
      drafts.push_back({RowKind::kBody, {&line}, true});
      *numbered = true;
      continue;
    }
    std::string line_text;
    for (const Word* word : line.words) (line_text += word->text) += ' ';
    if (first.box.x0 < edges[1] && IsSectionText(line_text)) {
      drafts.push_back({RowKind::kSection, {&line}});
      continue;
    }
    if (drafts.empty()) {
      drafts.push_back({RowKind::kBody, {}});
      if (continues) *first_row_continues = true;
    } else if (!*numbered && drafts.back().kind == RowKind::kBody && !drafts.back().lines.empty()) {
      double gap = line.box.y0 - drafts.back().lines.back()->box.y1;
      if (gap > kText.row_gap * std::max(line.size, 4.0)) drafts.push_back({RowKind::kBody, {}});
    }
    drafts.back().lines.push_back(&line);
  }
  return drafts;
}

// Vertically centred numbers (the table's first row has lines above its
// number): each row starts after the widest vertical gap between the
// previous number and its own, not at its number.
void RecentreNumberedRows(const std::vector<double>& edges, std::vector<Draft>* drafts) {
  std::vector<Draft>& rows = *drafts;
  if (rows.size() < 2 || rows[0].kind != RowKind::kBody || rows[0].numbered ||
      rows[0].lines.empty() || !rows[1].numbered) {
    return;
  }
  rows[1].lines.insert(rows[1].lines.begin(), rows[0].lines.begin(), rows[0].lines.end());
  rows.erase(rows.begin());
  for (size_t idx = 1; idx < rows.size(); ++idx) {
    Draft& prev = rows[idx - 1];
    Draft& cur = rows[idx];
    if (!prev.numbered || !cur.numbered) continue;
    const VisualLine* number_line = cur.lines[0];
    size_t prev_number = 0;  // the previous row's number line
    while (prev_number < prev.lines.size() &&
           !(ColumnOf(edges, *prev.lines[prev_number]->words[0]) == 0 &&
             IsRowNumber(prev.lines[prev_number]->words[0]->text))) {
      ++prev_number;
    }
    size_t split = prev.lines.size();
    double widest = -1e9;
    for (size_t pos = prev_number + 1; pos <= prev.lines.size(); ++pos) {
      const VisualLine* below = pos < prev.lines.size() ? prev.lines[pos] : number_line;
      double gap = below->box.y0 - prev.lines[pos - 1]->box.y1;
      if (gap > widest + 0.5) {
        widest = gap;
        split = pos;
      }
    }
    cur.lines.insert(cur.lines.begin(), prev.lines.begin() + static_cast<long>(split), prev.lines.end());
    prev.lines.resize(split);
  }
}

RowDraft BuildRow(const Draft& draft, const std::vector<double>& edges) {
  RowDraft row;
  row.kind = draft.kind;
  if (draft.kind == RowKind::kSection) {
    std::vector<std::vector<const Word*>> cell_lines;
    for (const VisualLine* line : draft.lines) cell_lines.push_back(line->words);
    row.cells.resize(1);
    row.cells[0].text = WordsText(cell_lines, &row.cells[0].box);
    return row;
  }
  row.cells.resize(edges.size() - 1);
  for (size_t col = 0; col + 1 < edges.size(); ++col) {
    row.cells[col].text = WordsText(ColumnWords(draft.lines, edges, col), &row.cells[col].box);
  }
  return row;
}

}  // namespace

bool TableFinder::ReadTextHeader(const std::vector<VisualLine>& visual,
                                 const std::vector<TextLine>& lines, size_t anchor,
                                 PageTable* table, std::vector<double>* edges,
                                 size_t* region_top, size_t* start, size_t* end) {
  HeaderRegion region;
  if (!FindHeaderRegion(visual, anchor, &region)) return false;
  double size = region.size;
  // Coverage of the data lines (section rows excluded) between titles.
  std::vector<const VisualLine*> data;
  for (size_t idx = region.bottom; idx < region.end; ++idx) {
    const VisualLine& line = visual[idx];
    bool in_stt = line.words[0]->box.x0 < region.titles[0].second + size &&
                  line.words[0]->box.x1 < region.titles[1].first;
    bool section = !in_stt && line.words[0]->box.x0 < region.titles[0].second + size;
    if (!section) data.push_back(&line);
  }
  // Coverage: this page's data words, or (second pass) those of every page
  // under the same header, which places boundaries more reliably.
  std::string key;
  for (const Word* word : region.words) (key += word->text) += ' ';
  std::vector<std::pair<double, double>>& learned = learned_[key];
  std::vector<std::pair<double, double>> page_coverage;
  for (const VisualLine* line : data) {
    for (const Word* word : line->words) page_coverage.push_back({word->box.x0, word->box.x1});
  }
  if (learning_) learned.insert(learned.end(), page_coverage.begin(), page_coverage.end());
  const std::vector<std::pair<double, double>>& coverage =
      learning_ || learned.empty() ? page_coverage : learned;
  edges->clear();
  edges->push_back(std::min(region.titles.front().first, visual[anchor].box.x0) - 2);
  for (size_t col = 0; col + 1 < region.titles.size(); ++col) {
    edges->push_back(EmptiestBetween(region.titles[col].second, region.titles[col + 1].first, coverage));
  }
  double right = region.titles.back().second;
  for (const VisualLine* line : data) right = std::max(right, line->box.x1);
  edges->push_back(right + 2);
  // Header texts per column.
  std::vector<const VisualLine*> header_lines;
  for (size_t idx = region.top; idx < region.bottom; ++idx) header_lines.push_back(&visual[idx]);
  std::vector<std::string> header(edges->size() - 1);
  RowDraft header_row;
  header_row.kind = RowKind::kHeader;
  header_row.cells.resize(header.size());
  for (size_t col = 0; col + 1 < edges->size(); ++col) {
    header[col] = WordsText(ColumnWords(header_lines, *edges, col), &header_row.cells[col].box);
    header_row.cells[col].text = header[col];
  }
  bool repeated = open_ && header == header_;
  table->continues = repeated;
  table->header_repeated = repeated;
  if (!repeated) {
    table->rows.push_back(std::move(header_row));
    header_ = header;
  }
  table->header = header_;
  edges_ = *edges;
  *region_top = region.top;
  *start = region.bottom;
  *end = region.end;
  for (size_t idx = visual[region.end - 1].last_segment + 1; idx < lines.size(); ++idx) {
    table->after.push_back(lines[idx]);
  }
  return true;
}

std::optional<PageTable> TableFinder::FindByText(const std::vector<TextLine>& lines) {
  std::vector<VisualLine> visual = GroupVisual(lines);
  if (visual.empty()) return std::nullopt;
  size_t anchor = FindHeaderAnchor(visual, lines);
  PageTable table;
  size_t start = 0;       // first visual line of the table body
  size_t region_top = 0;  // first visual line of the table (header included)
  std::vector<double> edges;
  if (anchor < visual.size()) {
    size_t end = 0;
    if (!ReadTextHeader(visual, lines, anchor, &table, &edges, &region_top, &start, &end)) {
      return std::nullopt;
    }
    visual.resize(end);  // lines below "end" are after the table
  } else if (open_ && FitsColumns(edges_, visual[0]) && StartsRowOrContinues(edges_, visual[0], numbered_)) {
    // A continuation without a repeated header: the page starts inside the
    // columns of the open table.
    edges = edges_;
    table.continues = true;
    table.header = header_;
    double size = std::max(visual[0].size, 4.0);
    size_t end = 1;
    while (end < visual.size() && visual[end].box.y0 - visual[end - 1].box.y1 < kText.table_end_gap * size &&
           visual[end].box.x0 >= edges.front() - size) {
      ++end;
    }
    for (size_t idx = visual[end - 1].last_segment + 1; idx < lines.size(); ++idx) {
      table.after.push_back(lines[idx]);
    }
    visual.resize(end);
  } else {
    open_ = false;
    return std::nullopt;
  }
  for (size_t idx = 0; idx < visual[region_top].first_segment; ++idx) {
    table.before.push_back(lines[idx]);
  }
  bool numbered = table.continues && numbered_;
  std::vector<Draft> drafts =
      DraftRows(visual, start, edges, &numbered, &table.first_row_continues, table.continues);
  if (!table.continues && numbered) RecentreNumberedRows(edges, &drafts);
  for (const Draft& draft : drafts) table.rows.push_back(BuildRow(draft, edges));
  open_ = true;
  numbered_ = numbered;
  if (!table.after.empty()) open_ = false;  // something follows the table on this page
  return table;
}

// --- tables drawn with ruling lines --------------------------------------------

namespace {

// A cell's words as printed: lines top to bottom joined like paragraph lines.
std::string CellText(const std::vector<const Word*>& words) {
  std::vector<Word> trimmed;  // OCR words without a border's '|'
  trimmed.reserve(words.size());  // no reallocation: "kept" points into it
  std::vector<const Word*> kept;
  kept.reserve(words.size());
  for (const Word* word : words) {
    // OCR reads a scanned cell border as '|': not part of the cell's text.
    if (word->confidence >= 0) {
      size_t begin = word->text.find_first_not_of('|');
      if (begin == std::string::npos) continue;
      if (begin > 0 || word->text.back() == '|') {
        size_t end = word->text.find_last_not_of('|');
        trimmed.push_back(*word);
        trimmed.back().text = word->text.substr(begin, end - begin + 1);
        word = &trimmed.back();
      }
    }
    kept.push_back(word);
  }
  std::string out;
  for (const WordLine& line : BuildWordLines(std::move(kept))) AppendJoined(&out, LineText(line));
  return out;
}

bool IsRomanNumber(std::string_view text) {
  text = Trim(text);
  if (EndsWith(text, ".")) text.remove_suffix(1);
  return text.size() <= 5 && IsRomanNumeral(text);
}

// The texts of a grid's cells, by cell index.
std::vector<std::string> CellTexts(const Grid& grid) {
  std::vector<std::string> texts;
  for (const GridCell& cell : grid.cells) texts.push_back(CellText(cell.words));
  return texts;
}

// Row 0 of the grid is a header: a column-title anchor, typical titles or
// bold text, in short cells, and not a first cell holding a row number or
// a section title.
bool IsHeaderRow(const Grid& grid, const std::vector<std::string>& texts) {
  constexpr size_t kMaxTitleBytes = 120;  // a title is a few words; body cells run longer
  std::string first = texts[static_cast<size_t>(grid.cell_at[0])];
  if (IsRowNumber(first) || IsRomanNumber(first) || IsSectionText(first)) return false;
  std::string all;
  int bold = 0, words = 0;
  for (size_t idx = 0; idx < grid.cells.size(); ++idx) {
    if (grid.cells[idx].row0 != 0) continue;
    if (texts[idx].size() > kMaxTitleBytes) return false;
    all += texts[idx] + " ";
    for (const Word* word : grid.cells[idx].words) {
      ++words;
      bold += IsBoldFont(word->font) ? 1 : 0;
    }
  }
  return IsHeaderAnchor(first) || TypicalTitles(all) > 0 || (words > 0 && bold * 2 > words);
}

// Column titles from the header rows [0, end): each column's distinct cells
// top to bottom ("Đơn vị thực hiện" over "Chủ trì" -> "Đơn vị thực hiện Chủ trì").
std::vector<std::string> HeaderTitles(const Grid& grid, const std::vector<std::string>& texts,
                                      int end) {
  std::vector<std::string> titles(static_cast<size_t>(grid.columns()));
  for (int col = 0; col < grid.columns(); ++col) {
    int last = -1;
    for (int row = 0; row < end; ++row) {
      int index = grid.cell_at[static_cast<size_t>(row * grid.columns() + col)];
      if (index == last) continue;
      last = index;
      AppendJoined(&titles[static_cast<size_t>(col)], texts[static_cast<size_t>(index)]);
    }
  }
  return titles;
}

// The column of "columns" (boundaries) that "box" overlaps most: a page
// may draw the open table with shifted or split column rules.
size_t LogicalColumn(const std::vector<double>& columns, const Box& box) {
  size_t best = 0;
  double best_overlap = -1;
  for (size_t col = 0; col + 1 < columns.size(); ++col) {
    double overlap = std::min(box.x1, columns[col + 1]) - std::max(box.x0, columns[col]);
    if (overlap > best_overlap) {
      best_overlap = overlap;
      best = col;
    }
  }
  return best;
}

// The grid continues a table with boundaries "columns": same outer edges,
// and at most one column rule more or less.
bool SameTableColumns(const std::vector<double>& xs, const std::vector<double>& columns) {
  if (xs.size() < 2 || columns.size() < 2) return false;
  long diff = static_cast<long>(xs.size()) - static_cast<long>(columns.size());
  return diff >= -1 && diff <= 1 && std::fabs(xs.front() - columns.front()) <= 2 * kLattice.min_cell &&
         std::fabs(xs.back() - columns.back()) <= 2 * kLattice.min_cell;
}

// Grid rows [first, last] as one table row (several when the number cell
// spans them: "rows each start at their number"); false if they hold
// nothing new (every cell continues a cell spanning from above). A cell
// spanning beyond these rows (one lead agency for several tasks) gives its
// text to each row it spans (noted in "notes").
bool GridRows(const Grid& grid, const std::vector<std::string>& texts,
              const std::vector<double>& columns, int first, int last, RowDraft* out,
              std::vector<std::string>* notes) {
  int cols = grid.columns();
  auto index_at = [&](int row, int col) {
    return static_cast<size_t>(grid.cell_at[static_cast<size_t>(row * cols + col)]);
  };
  bool fresh = false;
  for (int row = first; row <= last; ++row) {
    for (int col = 0; col < cols; ++col) {
      const GridCell& cell = grid.At(row, col);
      fresh = fresh || (cell.row0 == row && !Trim(texts[index_at(row, col)]).empty());
    }
  }
  if (!fresh) return false;
  out->cells.clear();
  const GridCell& lead_cell = grid.At(first, 0);
  if (first == last && lead_cell.col0 == 0 && lead_cell.col1 == cols - 1) {  // across the table
    out->kind = RowKind::kSection;
    out->cells.push_back({texts[index_at(first, 0)], lead_cell.box});
    return true;
  }
  out->kind = RowKind::kBody;
  out->cells.assign(columns.size() - 1, DocumentBuilder::CellText());
  std::vector<bool> seen(grid.cells.size(), false);
  for (int row = first; row <= last; ++row) {
    for (int col = 0; col < cols; ++col) {
      size_t index = index_at(row, col);
      const GridCell& cell = grid.cells[index];
      if (seen[index]) continue;
      seen[index] = true;
      DocumentBuilder::CellText& joined = out->cells[LogicalColumn(columns, cell.box)];
      if (joined.text.empty()) joined.box = cell.box;
      if (Trim(texts[index]).empty()) continue;
      joined.box.y1 = std::max(joined.box.y1, cell.box.y1);
      AppendJoined(&joined.text, texts[index]);
      if (cell.row1 > last && cell.row0 >= first) {
        notes->push_back(Substitute("table cell spans $1 rows; its text is given to each: $2",
                                    {std::to_string(cell.row1 - cell.row0 + 1), texts[index]}));
      }
    }
  }
  // "I" | "Title" (one cell, often across the other columns): a section
  // row with a number cell of its own.
  size_t filled = 0, title = 0;
  for (size_t col = 1; col < out->cells.size(); ++col) {
    if (Trim(out->cells[col].text).empty()) continue;
    ++filled;
    title = col;
  }
  if (filled == 1 && out->cells.size() >= 3 && IsRomanNumber(out->cells[0].text)) {
    DocumentBuilder::CellText joined{out->cells[0].text, out->cells[0].box};
    AppendJoined(&joined.text, out->cells[title].text);
    joined.box.x1 = std::max(joined.box.x1, out->cells[title].box.x1);
    out->kind = RowKind::kSection;
    out->cells = {joined};
  }
  return true;
}

// A body row whose number cell holds several row numbers ("1." ... "2."):
// the table rules its columns but not its rows, and the grid cannot tell
// the rows apart.
bool HoldsSeveralNumbers(const PageTable& table, size_t first_body) {
  for (size_t idx = first_body; idx < table.rows.size(); ++idx) {
    const RowDraft& row = table.rows[idx];
    if (row.kind != RowKind::kBody || row.cells.empty()) continue;
    int numbers = 0;
    for (std::string_view token : Split(row.cells[0].text, " ")) numbers += IsRowNumber(token) ? 1 : 0;
    if (numbers >= 2) return true;
  }
  return false;
}

// The last grid row of the table row starting at "row": where the number
// cell of the first column ends (its sub-rows belong to it). An empty
// first cell spanning rows counts in a table whose first title is "STT".
int RowEnd(const Grid& grid, const std::vector<std::string>& texts, int row, bool numbered) {
  const GridCell& cell = grid.At(row, 0);
  if (cell.col1 != 0 || cell.row1 <= row) return row;
  std::string_view text = Trim(texts[static_cast<size_t>(grid.cell_at[static_cast<size_t>(row * grid.columns())])]);
  if (IsRowNumber(text) || (text.empty() && numbered)) return cell.row1;
  return row;
}

}  // namespace

void TableFinder::CarryMergedCells(const Grid& grid, const std::vector<std::string>& texts,
                                   int header_end, const std::vector<int>& grid_rows,
                                   size_t first_body, PageTable* table) {
  if (lattice_carry_.size() != static_cast<size_t>(grid.columns()) || header_end >= grid.rows() ||
      first_body >= table->rows.size()) {
    return;
  }
  bool fragment_first = Trim(table->rows[first_body].cells[0].text).empty();
  for (int col = 1; col < grid.columns(); ++col) {
    const std::string& carried = lattice_carry_[static_cast<size_t>(col)];
    const GridCell& cell = grid.At(header_end, col);
    if (carried.empty() || cell.col0 != col) continue;
    // Evidence that one cell goes on over the break: it spans rows on the
    // page before, or its rest spans rows on this one.
    bool spans_here = cell.row1 > cell.row0;
    if (!lattice_carry_spans_[static_cast<size_t>(col)] && !spans_here) continue;
    std::string here = texts[static_cast<size_t>(grid.cell_at[static_cast<size_t>(header_end * grid.columns() + col)])];
    // A cell with text of its own at the top of the page continues the
    // merged cell only if it spans the rest of a cut row and rows below.
    if (!Trim(here).empty() && !(spans_here && fragment_first)) continue;
    std::string full = carried;
    AppendJoined(&full, here);
    // The rows the cell spans get the whole text, except a row cut by the
    // page break (no number of its own), which DocumentBuilder joins to the
    // row that already holds the first part.
    bool given = false;
    for (size_t idx = first_body; idx < table->rows.size(); ++idx) {
      RowDraft& row = table->rows[idx];
      int grid_row = grid_rows[idx - first_body];
      if (grid_row > cell.row1) break;
      if (row.kind != RowKind::kBody || Trim(row.cells[0].text).empty()) continue;
      std::string& text = row.cells[static_cast<size_t>(col)].text;
      if (!Trim(text).empty() && text != here) continue;
      text = full;
      given = true;
    }
    if (given) {
      table->notes.push_back("table cell merged across the page break; its text is given to the "
                             "rows it spans on this page: " + full);
    }
  }
}

std::optional<PageTable> TableFinder::FindLattice(const std::vector<TextLine>& lines,
                                                  const PageLines& page) {
  if (page.horizontal.empty() || page.vertical.empty()) return std::nullopt;
  std::vector<Grid> grids = FindGrids(page.horizontal, page.vertical);
  // The first grid holding words; lines are before, inside or after it.
  for (Grid& grid : grids) {
    PageTable table;
    bool placed = false;
    std::vector<std::string> saved_header = header_;
    std::vector<double> saved_xs = lattice_xs_;
    for (const TextLine& line : lines) {
      double cy = (line.box.y0 + line.box.y1) / 2;
      if (cy < grid.box.y0) {
        table.before.push_back(line);
      } else if (cy > grid.box.y1) {
        table.after.push_back(line);
      } else {
        for (const Word& word : line.words) placed = PlaceWord(&grid, &word) || placed;
      }
    }
    if (!placed) continue;
    std::vector<std::string> texts = CellTexts(grid);
    bool same_table = open_ && lattice_open_ && table.before.size() <= 1 &&
                      SameTableColumns(grid.xs, lattice_xs_);
    bool header_like = IsHeaderRow(grid, texts);
    int header_end = 0;
    if (header_like) {
      for (const GridCell& cell : grid.cells) {
        if (cell.row0 == 0) header_end = std::max(header_end, cell.row1 + 1);
      }
    }
    std::vector<std::string> titles = header_like ? HeaderTitles(grid, texts, header_end)
                                                  : std::vector<std::string>(static_cast<size_t>(grid.columns()));
    // On a page that continues the table, only the repeated header is a
    // header: a first row that merely looks like one is a body row.
    if (same_table && header_like && titles != header_) {
      header_like = false;
      header_end = 0;
    }
    table.continues = same_table;
    table.header_repeated = table.continues && header_like;
    if (!table.continues) {
      header_ = titles;
      lattice_xs_ = grid.xs;  // the table's columns, kept while it continues
      if (header_like) {
        RowDraft header_row;
        header_row.kind = RowKind::kHeader;
        for (int col = 0; col < grid.columns(); ++col) {
          header_row.cells.push_back({titles[static_cast<size_t>(col)], grid.At(0, col).box});
        }
        table.rows.push_back(std::move(header_row));
      }
    }
    table.header = header_;
    size_t first_body = table.rows.size();
    std::vector<int> grid_rows;  // the grid row of each body row
    bool numbered = !header_.empty() && IsHeaderAnchor(header_[0]);
    for (int row = header_end; row < grid.rows();) {
      int last = RowEnd(grid, texts, row, numbered);
      RowDraft draft;
      if (GridRows(grid, texts, lattice_xs_, row, last, &draft, &table.notes)) {
        table.rows.push_back(std::move(draft));
        grid_rows.push_back(row);
      }
      row = last + 1;
    }
    if (HoldsSeveralNumbers(table, first_body)) {  // rows not ruled: text geometry reads them
      header_ = saved_header;
      lattice_xs_ = saved_xs;
      continue;
    }
    if (table.continues) CarryMergedCells(grid, texts, header_end, grid_rows, first_body, &table);
    lattice_carry_.assign(static_cast<size_t>(grid.columns()), std::string());
    lattice_carry_spans_.assign(static_cast<size_t>(grid.columns()), false);
    for (int col = 1; col < grid.columns() && grid.rows() > 0; ++col) {
      const GridCell& cell = grid.At(grid.rows() - 1, col);
      size_t index = static_cast<size_t>(grid.cell_at[static_cast<size_t>((grid.rows() - 1) * grid.columns() + col)]);
      if (cell.col0 == col) {
        lattice_carry_[static_cast<size_t>(col)] = texts[index];
        lattice_carry_spans_[static_cast<size_t>(col)] = cell.row1 > cell.row0;
      }
    }
    lattice_open_ = true;
    edges_ = lattice_xs_;
    numbered_ = false;
    open_ = table.after.empty();
    return table;
  }
  return std::nullopt;
}

// --- plain text ---------------------------------------------------------------

namespace {

bool StartsLower(std::string_view text) {
  if (text.empty()) return false;
  unsigned char c = static_cast<unsigned char>(text[0]);
  if (c < 0x80) return std::islower(c) != 0;
  size_t pos = 0;
  char32_t cp = DecodeUtf8(text, &pos);
  if (cp == 0x111) return true;                                      // đ
  if (cp >= 0xDF && cp <= 0xFF) return true;                          // à á â ...
  if (cp >= 0x1EA0 && cp <= 0x1EF9) return cp % 2 == 1;               // ạ ả ... (odd = lower)
  if (cp == 0x103 || cp == 0x1A1 || cp == 0x1B0 || cp == 0x129 || cp == 0x169) return true;
  return false;
}

int MergeScore(std::string_view a, std::string_view b) {
  if (StartsLower(b)) return 4;
  for (std::string_view tail : {" v\xC3\xA0", " c\xE1\xBB\xA7" "a", ",", " c\xC3\xA1" "c", "&", " v\xE1\xBB\x9Bi"}) {
    if (EndsWith(a, tail)) return 4;
  }
  if (StartsWith(b, "(")) return 3;
  if (StartsWith(a, "- ") && StartsWith(b, "- ")) return 2;
  if (EndsWith(a, ":") && StartsWith(b, "- ")) return 2;
  return 0;
}

}  // namespace

std::vector<TextTable> FindTextTables(const std::vector<TextItem>& items) {
  std::vector<TextTable> tables;
  size_t idx = 0;
  while (idx < items.size()) {
    if (items[idx].blank || !IsHeaderAnchor(items[idx].text)) {
      ++idx;
      continue;
    }
    TextTable table;
    table.begin = idx;
    table.header.push_back(std::string(Trim(items[idx].text)));
    size_t pos = idx + 1;
    while (pos < items.size() && !items[pos].blank && !IsRowNumber(items[pos].text) &&
           !IsSectionText(items[pos].text) && items[pos].text.size() < 80) {
      table.header.push_back(std::string(Trim(items[pos].text)));
      ++pos;
    }
    size_t columns = table.header.size();
    if (columns < 3 || pos >= items.size() ||
        (!IsRowNumber(items[pos].text) && !IsSectionText(items[pos].text))) {
      ++idx;
      continue;
    }
    RowDraft header_row;
    header_row.kind = RowKind::kHeader;
    for (const std::string& title : table.header) header_row.cells.push_back({title, {}});
    table.rows.push_back(std::move(header_row));
    table.row_begin.push_back(idx);
    bool ended = false;
    while (pos < items.size() && !ended) {
      const TextItem& item = items[pos];
      if (item.blank) {
        ++pos;
        continue;
      }
      if (IsSectionText(item.text)) {
        RowDraft row;
        row.kind = RowKind::kSection;
        row.cells.push_back({item.text, {}});
        table.rows.push_back(std::move(row));
        table.row_begin.push_back(pos);
        ++pos;
        continue;
      }
      if (!IsRowNumber(item.text)) break;  // not a table line: the table ended
      size_t next = pos + 1;
      while (next < items.size() && (items[next].blank || (!IsRowNumber(items[next].text) &&
                                                           !IsSectionText(items[next].text)))) {
        ++next;
      }
      std::vector<TextItem> body(items.begin() + static_cast<long>(pos) + 1,
                                 items.begin() + static_cast<long>(next));
      size_t needed = columns - 1;
      while (body.size() > needed && body.back().blank) body.pop_back();
      if (body.size() > 2 * needed + 1) {
        // Far more lines than cells: the table ends inside this row.
        size_t used = needed;
        body.resize(used);
        next = pos + 1 + used;
        ended = true;
      }
      std::vector<std::string> cells;
      std::vector<bool> blank;
      for (const TextItem& cell : body) {
        cells.push_back(cell.blank ? std::string() : std::string(Trim(cell.text)));
        blank.push_back(cell.blank);
      }
      while (cells.size() > needed) {
        int best_score = -1;
        size_t best = 0;
        for (size_t cell_idx = 0; cell_idx + 1 < cells.size(); ++cell_idx) {
          if (blank[cell_idx] || blank[cell_idx + 1]) continue;
          int score = MergeScore(cells[cell_idx], cells[cell_idx + 1]);
          if (score >= best_score) {
            best_score = score;
            best = cell_idx;
          }
        }
        if (best_score < 0) {  // only blanks left to merge: drop one
          size_t drop = cells.size() - 1;
          cells.erase(cells.begin() + static_cast<long>(drop));
          blank.erase(blank.begin() + static_cast<long>(drop));
          continue;
        }
        AppendJoined(&cells[best], cells[best + 1]);
        cells.erase(cells.begin() + static_cast<long>(best) + 1);
        blank.erase(blank.begin() + static_cast<long>(best) + 1);
        ++table.irregular_rows;
      }
      if (cells.size() < needed) ++table.irregular_rows;
      while (cells.size() < needed) cells.emplace_back();
      RowDraft row;
      row.kind = RowKind::kBody;
      row.cells.push_back({std::string(Trim(item.text)), {}});
      for (std::string& cell : cells) row.cells.push_back({std::move(cell), {}});
      table.rows.push_back(std::move(row));
      table.row_begin.push_back(pos);
      pos = next;
    }
    table.end = pos;
    idx = pos;
    tables.push_back(std::move(table));
  }
  return tables;
}

}  // namespace docpipe
