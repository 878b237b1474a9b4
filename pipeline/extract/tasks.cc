// Plan tasks from appendix tables (Document::tables), whoever wrote the plan
// and whichever program laid it out.
//
// Columns are found by their header titles through rules/table_titles.tsv
// (table_titles.h), never by position: "STT | Nội dung nhiệm vụ | Cơ quan chủ
// trì | ...", "TT | Tên đề án | ... | Đơn vị thực hiện (Chủ trì | Phối hợp)".
// Under a header of several rows each column's titles are tried from the
// lowest row up. A table without a content and a lead column is not a plan.
//
// Rows: a header repeated on a later page is skipped, whether the reader
// marks it kHeader or not. Section rows set the section of the rows below
// them: the reader's kSection; a row whose only text is one cell; a row
// numbered with a Roman numeral ("I", "II") and no lead; a row numbered "1"
// followed by "1.1". Their titles read "I. ...", "1. ..." or "A. ...". STT
// forms "1", "1.", "1.1", "I.2", "a)" are kept without a final "." or ")".
// A merged cell is one cell of the page model that the reader gives to every
// row it spans (the same span), so it counts for each of them; an empty cell
// of a row's own inherits nothing (noted).
//
// Leads: "X chủ trì, phối hợp với Y" gives lead X and coordinators Y;
// several leads are separated by ";", by a line break, by "- " bullets, by
// "," / "và" where every part resolves through the gazetteer or before a
// head word that begins several parts ("Cục A, Cục B"), or by a repeated
// head alone ("Sở Xây dựng Sở Nội vụ": one per line, the breaks lost); a
// known name delimited by separators is split out of a longer item. Each
// agency resolves through the gazetteer where its whole name is known and is
// kept as printed where it is not (an agency of another province is still
// the lead). The timeframe is the cell as printed plus the period
// ParseVnDate reads from it, or else the one period phrase the "period."
// rules found in a one-clause cell ("Cả năm 2015"); targets are the figures
// found inside the result cell.

#include <algorithm>
#include <optional>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "pipeline/base/strings.h"
#include "pipeline/extract/extract_internal.h"
#include "pipeline/extract/table_titles.h"
#include "pipeline/normalize/fold.h"
#include "pipeline/normalize/normalizer.h"

namespace docpipe::extract_internal {
namespace {

struct Columns {
  int stt = -1, content = -1, lead = -1, coordinate = -1, time = -1, result = -1;
  int count = 0;                            // columns of the table
  std::vector<std::pair<double, double>> x;  // each column's x-extent; empty if unknown
};

bool HasBoxes(const Row& row) {
  return std::any_of(row.cells.begin(), row.cells.end(),
                     [](const Cell& cell) { return cell.box.x1 > cell.box.x0; });
}

// The column each cell of "row" belongs to: by position when the row has a
// cell per column; by the x-centre of its box otherwise (a reader that
// leaves out covered cells), -1 where that is unknown.
std::vector<int> CellColumns(const Row& row, const Columns& columns) {
  std::vector<int> out(row.cells.size(), -1);
  if (static_cast<int>(row.cells.size()) == columns.count || columns.x.empty() ||
      !HasBoxes(row)) {
    for (size_t cell_idx = 0; cell_idx < row.cells.size(); ++cell_idx) {
      out[cell_idx] = static_cast<int>(cell_idx);
    }
    return out;
  }
  for (size_t cell_idx = 0; cell_idx < row.cells.size(); ++cell_idx) {
    const Box& box = row.cells[cell_idx].box;
    double centre = (box.x0 + box.x1) / 2;
    for (size_t col = 0; col < columns.x.size(); ++col) {
      if (centre >= columns.x[col].first && centre <= columns.x[col].second) {
        out[cell_idx] = static_cast<int>(col);
        break;
      }
    }
  }
  return out;
}

// Titles of column "col" from the header rows, lowest row first, then the
// table's own header title.
std::vector<std::string> ColumnTitles(const Document& doc, const Table& table,
                                      const std::vector<const Row*>& header_rows,
                                      const Columns& columns, int col) {
  std::vector<std::string> titles;
  for (auto it = header_rows.rbegin(); it != header_rows.rend(); ++it) {
    const Row& row = **it;
    bool by_box = static_cast<int>(row.cells.size()) != columns.count && !columns.x.empty() &&
                  HasBoxes(row);
    for (size_t cell_idx = 0; cell_idx < row.cells.size(); ++cell_idx) {
      const Cell& cell = row.cells[cell_idx];
      bool covers = false;
      if (by_box) {
        double centre = (columns.x[col].first + columns.x[col].second) / 2;
        covers = centre >= cell.box.x0 && centre <= cell.box.x1;
      } else {
        covers = static_cast<int>(cell_idx) == col;
      }
      if (covers) titles.push_back(doc.SpanText(cell.span));
    }
  }
  if (static_cast<size_t>(col) < table.header.size()) titles.push_back(table.header[col]);
  return titles;
}

Columns FindColumns(const Document& doc, const Table& table, const TableTitles& vocabulary) {
  Columns columns;
  std::vector<const Row*> header_rows;
  for (const Row& row : table.rows) {
    if (row.kind != RowKind::kHeader) break;
    header_rows.push_back(&row);
  }
  columns.count = table.columns;
  for (const Row& row : table.rows) {
    if (row.kind == RowKind::kBody) columns.count = std::max<int>(columns.count, row.cells.size());
  }
  columns.count = std::max<int>(columns.count, table.header.size());
  // Column extents from the first body row with a cell per column.
  for (const Row& row : table.rows) {
    if (row.kind != RowKind::kBody || static_cast<int>(row.cells.size()) != columns.count ||
        !HasBoxes(row)) {
      continue;
    }
    for (const Cell& cell : row.cells) columns.x.emplace_back(cell.box.x0, cell.box.x1);
    break;
  }
  for (int col = 0; col < columns.count; ++col) {
    TaskColumn kind = TaskColumn::kNone;
    for (const std::string& title : ColumnTitles(doc, table, header_rows, columns, col)) {
      kind = vocabulary.Classify(title);
      if (kind != TaskColumn::kNone) break;
    }
    int* slot = nullptr;
    switch (kind) {
      case TaskColumn::kStt: slot = &columns.stt; break;
      case TaskColumn::kContent: slot = &columns.content; break;
      case TaskColumn::kLead: slot = &columns.lead; break;
      case TaskColumn::kCoordinate: slot = &columns.coordinate; break;
      case TaskColumn::kTime: slot = &columns.time; break;
      case TaskColumn::kResult: slot = &columns.result; break;
      case TaskColumn::kNote:
      case TaskColumn::kNone: break;
    }
    if (slot != nullptr && *slot < 0) *slot = col;  // the first column of a field holds it
  }
  return columns;
}

bool IsNumber(std::string_view token) {
  return !token.empty() && token.size() <= 3 &&
         std::all_of(token.begin(), token.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// "1." -> "1", "a)" -> "a", "1.1" and "I.2" unchanged.
std::string CleanStt(std::string stt) {
  stt = CollapseSpaces(stt);
  while (!stt.empty() && (stt.back() == '.' || stt.back() == ')' || stt.back() == ':')) {
    stt.pop_back();
  }
  if (!stt.empty() && stt.front() == '(') stt.erase(stt.begin());
  return stt;
}

// "I. Title" -> {"I", "Title"}; "1. Title" -> {"1", "Title"}; "A. Title" ->
// {"A", "Title"}; else {"", text}.
std::pair<std::string, std::string> SplitSectionTitle(const std::string& text) {
  size_t dot = text.find_first_of(".:");
  std::string token = dot == std::string::npos ? "" : text.substr(0, dot);
  bool letter = token.size() == 1 && token[0] >= 'A' && token[0] <= 'Z';  // "A. NHIỆM VỤ CHUNG"
  if (IsRomanNumeral(token) || IsNumber(token) || letter) {
    return {token, std::string(Trim(text.substr(dot + 1)))};
  }
  size_t space = text.find(' ');
  token = text.substr(0, space);
  if (IsRomanNumeral(token) && space != std::string::npos) {
    return {token, std::string(Trim(text.substr(space + 1)))};
  }
  return {"", text};
}

// Byte offset of "chủ trì" in "text" (any case), or npos.
size_t FindChuTri(std::string_view text) {
  for (std::string_view form : {"chủ trì", "Chủ trì", "CHỦ TRÌ"}) {
    size_t at = text.find(form);
    if (at != std::string_view::npos) return at;
  }
  return std::string_view::npos;
}

std::string_view StripPunct(std::string_view text) {
  text = Trim(text);
  while (!text.empty() && (text.front() == ',' || text.front() == ';' || text.front() == '(' ||
                           text.front() == ':' || text.front() == '-' || text.front() == '+')) {
    text = Trim(text.substr(1));
  }
  while (!text.empty() && (text.back() == ',' || text.back() == ';' || text.back() == '(' ||
                           text.back() == ')' || text.back() == ':' || text.back() == '.')) {
    text = Trim(text.substr(0, text.size() - 1));
  }
  return text;
}

std::string FirstWord(std::string_view text) {
  size_t space = text.find(' ');
  return std::string(text.substr(0, space));
}

bool Capitalised(std::string_view word) {
  if (word.empty()) return false;
  size_t pos = 0;
  char32_t cp = DecodeUtf8(word, &pos);
  std::string one;
  AppendUtf8(cp, &one);
  return MatchKey(one) != one;  // lower-casing changed it
}

// Splits "text" at "sep" into agencies: everywhere when every part resolves
// through the gazetteer; else only before a part whose first word is
// capitalised and begins at least one other part too ("Cục A, Cục B, Vụ C,
// Vụ D"). Other parts stay with the part before them, so a comma or "và"
// inside a name ("Vụ Phổ biến, giáo dục pháp luật", "Sở Văn hóa, Thể thao và
// Du lịch", "Viện Chiến lược, Chính sách TN&MT") does not split it.
std::vector<std::string> SplitList(const Input& in, const std::string& text,
                                   std::string_view sep) {
  std::vector<std::string> parts;
  for (std::string_view part : Split(text, sep)) {
    std::string_view clean = StripPunct(part);
    if (!clean.empty()) parts.emplace_back(clean);
  }
  if (parts.size() < 2) return {text};
  bool known = in.agencies != nullptr &&
               std::all_of(parts.begin(), parts.end(),
                           [&](const auto& p) { return in.agencies->Resolve(p) >= 0; });
  if (known) return parts;
  std::vector<std::string> items;
  for (const std::string& part : parts) {
    std::string head = FirstWord(part);
    int starts = 0;
    for (const std::string& other : parts) starts += FirstWord(other) == head;
    if (items.empty() || (Capitalised(head) && starts >= 2)) {
      items.push_back(part);
    } else {
      items.back() += std::string(sep == "," ? ", " : sep) + part;
    }
  }
  return items;
}

// "Sở Xây dựng Sở Văn hóa" (a list written one agency per line, the breaks
// lost): split before each repetition of the first word.
std::vector<std::string> SplitRepeatedHead(const std::string& text) {
  std::string head = FirstWord(text);
  if (!Capitalised(head) || head.size() == text.size()) return {text};
  std::vector<std::string> parts;
  size_t start = 0;
  std::string needle = " " + head + " ";
  for (size_t at = text.find(needle, 1); at != std::string::npos;
       at = text.find(needle, at + 1)) {
    // "Sở Xây dựng Sở Nội vụ", not "Văn phòng Bộ Văn hóa": the repeated
    // head must start a name, so a capitalised word follows it.
    if (!Capitalised(FirstWord(std::string_view(text).substr(at + needle.size())))) continue;
    parts.push_back(text.substr(start, at - start));
    start = at + 1;
  }
  parts.push_back(text.substr(start));
  return parts;
}

// Splits "gap" (text between two known agencies) into its separator at
// "at_start" or "at_end" and the rest. False when the separator is missing:
// the known name is then part of a longer name ("Ủy ban nhân dân" in "Ủy ban
// nhân dân các huyện"), not an item of a list.
bool StripSeparator(std::string_view* gap, bool at_start, bool at_end) {
  std::string_view text = Trim(*gap);
  bool found = false;
  for (std::string_view sep : {",", ";", "và ", "và"}) {
    if (at_end && EndsWith(text, sep)) {
      text = Trim(text.substr(0, text.size() - sep.size()));
      found = true;
      break;
    }
    if (at_start && StartsWith(text, sep)) {
      text = Trim(text.substr(sep.size()));
      found = true;
      break;
    }
  }
  *gap = text;
  return found;
}

// The canonical name of "item" when the gazetteer knows all of it; the known
// agencies of a list the gazetteer reads ("Các Sở: Ngoại vụ, Công Thương";
// "Báo X và các cơ quan, đơn vị" -> "Báo X" and, as printed, "các cơ quan,
// đơn vị"); else the item as printed.
void ResolveItem(const Input& in, const std::string& item, std::vector<std::string>* out) {
  auto add = [out](std::string_view name) {
    std::string text(StripPunct(name));
    if (!text.empty() && std::find(out->begin(), out->end(), text) == out->end()) {
      out->push_back(text);
    }
  };
  if (in.agencies == nullptr) {
    add(item);
    return;
  }
  int hit = in.agencies->Resolve(item);
  if (hit >= 0) {
    add(in.agencies->agencies()[hit].canonical);
    return;
  }
  std::vector<AgencyMention> found = in.agencies->FindAll(item);
  if (found.empty()) {
    add(item);
    return;
  }
  // A shared-head list: every word outside the agencies found is a head or a
  // joining word.
  std::string rest;
  size_t at = 0;
  for (const AgencyMention& mention : found) {
    if (mention.span.begin > at) rest += item.substr(at, mention.span.begin - at) + " ";
    at = std::max(at, mention.span.end);
  }
  rest += item.substr(std::min(at, item.size()));
  bool only_heads = true;
  for (const std::string& word : TableTitles::Words(rest)) {
    only_heads = only_heads &&
                 (word == "cac" || word == "va" || word == "so" || word == "bo" || word == "ban");
  }
  if (only_heads) {
    for (const AgencyMention& mention : found) {
      add(in.agencies->agencies()[mention.agency].canonical);
    }
    return;
  }
  // Known names delimited by list separators, the text between them kept as
  // printed.
  std::vector<std::string> names;
  std::string_view text = item;
  at = 0;
  for (size_t idx = 0; idx <= found.size(); ++idx) {
    size_t end = idx < found.size() ? found[idx].span.begin : text.size();
    if (end < at) {
      add(item);
      return;
    }
    std::string_view gap = text.substr(at, end - at);
    bool first = idx == 0, last = idx == found.size();
    if (!Trim(gap).empty() || (!first && !last)) {
      std::string_view inner = gap;
      bool ok = true;
      if (!first) ok = StripSeparator(&inner, true, false);
      if (ok && !last && !inner.empty()) ok = StripSeparator(&inner, false, true);
      if (!ok) {
        add(item);
        return;
      }
      if (!inner.empty()) names.emplace_back(inner);
    }
    if (!last) {
      names.push_back(in.agencies->agencies()[found[idx].agency].canonical);
      at = found[idx].span.end;
    }
  }
  for (const std::string& name : names) add(name);
}

// Agencies of one cell: see the file comment.
std::vector<std::string> AgencyList(const Input& in, const std::string& cell) {
  std::vector<std::string> items;
  std::string text(Trim(cell));
  bool bulleted = StartsWith(text, "- ") || StartsWith(text, "+ ");
  for (std::string_view line : SplitLines(text)) {
    std::vector<std::string> pieces = {std::string(line)};
    if (bulleted) {
      std::vector<std::string> split;
      std::string spaced = " " + std::string(line);  // Split returns views into it
      for (std::string_view part : Split(spaced, " - ")) {
        if (!Trim(part).empty()) split.emplace_back(part);
      }
      if (!split.empty()) pieces = split;
    }
    for (const std::string& piece : pieces) {
      for (std::string_view part : Split(piece, ";")) {
        std::string clean = CollapseSpaces(StripPunct(part));
        if (clean.empty()) continue;
        for (const std::string& comma : SplitList(in, clean, ",")) {
          for (const std::string& va : SplitList(in, comma, " và ")) {
            for (const std::string& each : SplitRepeatedHead(va)) {
              std::string item(StripPunct(each));
              if (!item.empty()) items.push_back(item);
            }
          }
        }
      }
    }
  }
  std::vector<std::string> names;
  for (const std::string& item : items) ResolveItem(in, item, &names);
  return names;
}

// A cell's text, normalised, line breaks kept.
std::string CellText(const Input& in, const Row& row, const std::vector<int>& cell_columns,
                     int col) {
  if (col < 0) return {};
  for (size_t cell_idx = 0; cell_idx < row.cells.size(); ++cell_idx) {
    if (cell_columns[cell_idx] == col) {
      return NormalizeText(in.document.SpanText(row.cells[cell_idx].span)).text;
    }
  }
  return {};
}

const Cell* CellOf(const Row& row, const std::vector<int>& cell_columns, int col) {
  for (size_t cell_idx = 0; cell_idx < row.cells.size(); ++cell_idx) {
    if (cell_columns[cell_idx] == col && col >= 0) return &row.cells[cell_idx];
  }
  return nullptr;
}

// The period of a timeframe cell that is one clause around one period
// phrase the "period." rules found ("Cả năm 2015", "Hoàn thành trong quý
// III/2020"); nullopt for none, several, or a cell of several clauses
// ("Thường xuyên, riêng ... quý II/2020": the phrase is not the whole
// timeframe).
std::optional<Period> PeriodInCell(const Input& in, const std::vector<PeriodMention>& periods,
                                   const Cell* cell) {
  if (cell == nullptr || cell->span.empty()) return std::nullopt;
  const PeriodMention* inside = nullptr;
  for (const PeriodMention& period : periods) {
    Span src = in.normalized.map.ToSource(period.span);
    // A match may end with the delimiter after the phrase ("năm 2015" + the
    // line break after the cell: rules/dates.rules, period.year).
    if (src.begin < cell->span.begin || src.begin >= cell->span.end ||
        src.end > cell->span.end + 1) {
      continue;
    }
    if (inside != nullptr) return std::nullopt;
    inside = &period;
  }
  if (inside == nullptr) return std::nullopt;
  std::string text = in.document.SpanText(cell->span);
  if (text.find_first_of(",;") != std::string::npos) return std::nullopt;
  return inside->period;
}

// The STT of the next body row of "table" after "row_idx", cleaned.
std::string NextStt(const Input& in, const Table& table, size_t row_idx, const Columns& columns) {
  for (size_t next = row_idx + 1; next < table.rows.size(); ++next) {
    const Row& row = table.rows[next];
    if (row.kind == RowKind::kHeader) continue;
    if (row.kind == RowKind::kSection) return {};
    return CleanStt(CellText(in, row, CellColumns(row, columns), columns.stt));
  }
  return {};
}

// The row's own text: cells merged from the row above (the same span) are
// left out, so that the quote does not reach into that row. Never empty: a
// row whose cells are all merged from above keeps its first cell.
std::optional<Span> OwnRowSpan(const Row& row, const Row* previous) {
  std::optional<Span> row_span;
  for (const Cell& cell : row.cells) {
    if (cell.span.empty()) continue;
    bool merged = false;
    if (previous != nullptr) {
      for (const Cell& above : previous->cells) merged = merged || above.span == cell.span;
    }
    if (merged) continue;
    if (!row_span) row_span = cell.span;
    row_span->begin = std::min(row_span->begin, cell.span.begin);
    row_span->end = std::max(row_span->end, cell.span.end);
  }
  if (!row_span) row_span = row.cells.front().span;
  return row_span;
}

// The figures printed inside a task's result cell, as its targets.
std::vector<Target> TargetsInCell(const Input& in, const std::vector<FigureMatch>& figures,
                                  const Cell& cell) {
  std::vector<Target> targets;
  for (const FigureMatch& found : figures) {
    Span src = in.normalized.map.ToSource(found.span);
    if (src.begin < cell.span.begin || src.end > cell.span.end) continue;
    Target target;
    target.value = found.figure.value;
    target.unit = found.figure.unit;
    target.qualifier = found.figure.qualifier;
    target.date = found.figure.period.end;
    targets.push_back(std::move(target));
  }
  return targets;
}

}  // namespace

std::vector<Task> ExtractTasks(const Input& in, const std::vector<FigureMatch>& figures,
                               const std::vector<PeriodMention>& periods,
                               std::vector<Span>* table_spans) {
  std::vector<Task> tasks;
  if (in.table_titles == nullptr) return tasks;
  for (size_t table_idx = 0; table_idx < in.document.tables.size(); ++table_idx) {
    const Table& table = in.document.tables[table_idx];
    Columns columns = FindColumns(in.document, table, *in.table_titles);
    if (columns.content < 0 || columns.lead < 0) continue;  // not a task table

    std::string section, section_title;
    const Row* previous = nullptr;  // the row above, for cells merged over rows
    for (size_t row_idx = 0; row_idx < table.rows.size(); ++row_idx) {
      const Row& row = table.rows[row_idx];
      if (row.kind == RowKind::kHeader || row.cells.empty()) continue;
      std::vector<int> cell_columns = CellColumns(row, columns);
      int filled = 0;
      for (const Cell& cell : row.cells) filled += !Trim(in.document.SpanText(cell.span)).empty();
      std::string stt = CleanStt(CellText(in, row, cell_columns, columns.stt));
      // A header repeated on a new page that the reader gave as a body row:
      // its STT and lead cells are titles.
      if (columns.stt >= 0 && in.table_titles->Classify(stt) == TaskColumn::kStt &&
          in.table_titles->Classify(CellText(in, row, cell_columns, columns.lead)) ==
              TaskColumn::kLead) {
        continue;
      }
      std::string content = CollapseSpaces(CellText(in, row, cell_columns, columns.content));
      std::string lead_text = CellText(in, row, cell_columns, columns.lead);
      std::string time_text = CollapseSpaces(CellText(in, row, cell_columns, columns.time));
      bool lone_cell = row.cells.size() == 1 && columns.count > 1;
      bool roman = IsRomanNumeral(stt) && Trim(lead_text).empty() && time_text.empty();
      bool parent = IsNumber(stt) && Trim(lead_text).empty() && time_text.empty() &&
                    StartsWith(NextStt(in, table, row_idx, columns), stt + ".");
      if (row.kind == RowKind::kSection || lone_cell || (filled == 1 && row.cells.size() > 1 &&
                                                         !content.empty() && stt.empty() &&
                                                         Trim(lead_text).empty()) ||
          roman || parent) {
        std::string title;
        if (roman || parent) {
          title = stt + ". " + content;
        } else {
          for (const Cell& cell : row.cells) {
            std::string text = CollapseSpaces(NormalizeText(in.document.SpanText(cell.span)).text);
            if (!text.empty()) title += (title.empty() ? "" : " ") + text;
          }
        }
        std::tie(section, section_title) = SplitSectionTitle(title);
        previous = nullptr;
        continue;
      }
      Task task;
      task.section = section;
      task.section_title = section_title;
      task.stt = stt;
      task.content = content;
      // "X chủ trì, phối hợp với Y" in the lead cell: X leads, Y coordinates.
      std::string coordinate_text = CellText(in, row, cell_columns, columns.coordinate);
      size_t chu_tri = FindChuTri(lead_text);
      if (chu_tri != std::string::npos) {
        std::string after = lead_text.substr(chu_tri + std::string_view("chủ trì").size());
        lead_text = lead_text.substr(0, chu_tri);
        std::string_view rest = StripPunct(after);
        for (std::string_view form : {"phối hợp với", "Phối hợp với", "phối hợp", "Phối hợp"}) {
          if (StartsWith(rest, form)) {
            rest = StripPunct(rest.substr(form.size()));
            break;
          }
        }
        if (!rest.empty()) coordinate_text += (coordinate_text.empty() ? "" : "; ") + std::string(rest);
      }
      task.lead = AgencyList(in, lead_text);
      if (task.lead.empty() && in.diagnostics != nullptr) {
        // Never inherited from the row above: only a cell the reader gives
        // to several rows (a merged cell) counts for each of them.
        in.diagnostics->Note("task " + stt + ": no lead agency in its row", row.page);
      }
      task.coordinate = AgencyList(in, coordinate_text);
      bool fuzzy = false;
      std::optional<Period> timeframe = ParsePeriod(time_text, &fuzzy);
      if (!timeframe) {
        timeframe = PeriodInCell(in, periods, CellOf(row, cell_columns, columns.time));
      }
      if (timeframe) {
        task.timeframe = *timeframe;
        task.timeframe.text = time_text;  // as printed
      } else {
        task.timeframe.text = time_text;
        if (!time_text.empty() && in.diagnostics != nullptr) {
          in.diagnostics->Add(Severity::kNote, Code::kBadInput,
                              "task timeframe not understood: " + time_text, row.page);
        }
      }
      task.result = CollapseSpaces(CellText(in, row, cell_columns, columns.result));
      if (const Cell* cell = CellOf(row, cell_columns, columns.result); cell != nullptr) {
        task.targets = TargetsInCell(in, figures, *cell);
      }
      std::optional<Span> row_span = OwnRowSpan(row, previous);
      previous = &row;
      if (table_spans != nullptr) table_spans->push_back(*row_span);
      task.where.span = *row_span;
      task.where.page = row.page != 0 ? row.page : in.document.PageAt(row_span->begin);
      task.where.rule_id = "table.task";
      // The quote is the row as printed (every cell), like every other fact's
      // quote: the normalised text of its span.
      task.where.quote = NormalizeText(in.document.SpanText(*row_span)).text;
      task.where.fuzzy = fuzzy;
      if (task.content.empty() && task.stt.empty()) continue;
      tasks.push_back(std::move(task));
    }
  }
  return tasks;
}

}  // namespace docpipe::extract_internal
