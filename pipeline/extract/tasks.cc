// Plan tasks from appendix tables (Document::tables). Columns are found by
// their header text, not their position: STT | Nội dung | (Cơ quan|Đơn vị)
// chủ trì | ... phối hợp | Thời gian (thực hiện|hoàn thành) | Kết quả/sản
// phẩm. Section rows ("I. Tăng cường ...") set the section of the rows
// below them. Lead and coordinating agencies are resolved with the
// gazetteer; the timeframe is normalised with ParseVnDate; targets are the
// figures found inside the result cell.

#include <algorithm>
#include <string>
#include <vector>

#include "pipeline/base/strings.h"
#include "pipeline/extract/extract_internal.h"
#include "pipeline/normalize/fold.h"
#include "pipeline/normalize/normalizer.h"

namespace docpipe::extract_internal {
namespace {

struct Columns {
  int stt = -1, content = -1, lead = -1, coordinate = -1, time = -1, result = -1;
};

Columns FindColumns(const std::vector<std::string>& header) {
  Columns columns;
  for (size_t idx = 0; idx < header.size(); ++idx) {
    std::string key = FoldKey(CollapseSpaces(header[idx]));
    int col = static_cast<int>(idx);
    if (columns.stt < 0 && (key == "stt" || key == "tt" || key.find("so tt") != std::string::npos)) {
      columns.stt = col;
    } else if (columns.lead < 0 && key.find("chu tri") != std::string::npos) {
      columns.lead = col;
    } else if (columns.coordinate < 0 && key.find("phoi hop") != std::string::npos) {
      columns.coordinate = col;
    } else if (columns.time < 0 &&
               (key.find("thoi gian") != std::string::npos ||
                key.find("thoi han") != std::string::npos ||
                key.find("tien do") != std::string::npos)) {
      columns.time = col;
    } else if (columns.result < 0 && (key.find("ket qua") != std::string::npos ||
                                      key.find("san pham") != std::string::npos)) {
      columns.result = col;
    } else if (columns.content < 0 &&
               (key.find("noi dung") != std::string::npos ||
                key.find("nhiem vu") != std::string::npos ||
                key.find("cong viec") != std::string::npos)) {
      columns.content = col;
    }
  }
  return columns;
}

bool IsRoman(std::string_view token) {
  if (token.empty()) return false;
  for (char c : token) {
    if (c != 'I' && c != 'V' && c != 'X' && c != 'L') return false;
  }
  return true;
}

std::string CellText(const Input& in, const Row& row, int col) {
  if (col < 0 || static_cast<size_t>(col) >= row.cells.size()) return {};
  return NormalizeText(in.document.SpanText(row.cells[col].span)).text;
}

}  // namespace

std::vector<Task> ExtractTasks(const Input& in, const std::vector<FigureMatch>& figures,
                               const std::vector<PeriodMention>& periods,
                               std::vector<Span>* table_spans) {
  (void)periods;
  std::vector<Task> tasks;
  for (size_t table_idx = 0; table_idx < in.document.tables.size(); ++table_idx) {
    const Table& table = in.document.tables[table_idx];
    std::vector<std::string> header = table.header;
    if (header.empty()) {
      for (const Row& row : table.rows) {
        if (row.kind != RowKind::kHeader) continue;
        for (const Cell& cell : row.cells) header.push_back(in.document.SpanText(cell.span));
        break;
      }
    }
    Columns columns = FindColumns(header);
    if (columns.content < 0 || columns.lead < 0) continue;  // not a task table

    std::string section, section_title;
    for (size_t row_idx = 0; row_idx < table.rows.size(); ++row_idx) {
      const Row& row = table.rows[row_idx];
      if (row.kind == RowKind::kHeader || row.cells.empty()) continue;
      if (row.kind == RowKind::kSection) {
        std::string title = CollapseSpaces(NormalizeText(in.document.SpanText(row.cells[0].span)).text);
        size_t dot = title.find_first_of(".:");
        std::string token = dot == std::string::npos ? "" : title.substr(0, dot);
        if (IsRoman(token) || (!token.empty() && token.size() <= 3 &&
                               std::all_of(token.begin(), token.end(),
                                           [](char c) { return c >= '0' && c <= '9'; }))) {
          section = token;
          section_title = std::string(Trim(title.substr(dot + 1)));
        } else {
          section.clear();
          section_title = title;
        }
        continue;
      }
      Task task;
      task.section = section;
      task.section_title = section_title;
      task.stt = CollapseSpaces(CellText(in, row, columns.stt));
      while (!task.stt.empty() && (task.stt.back() == '.' || task.stt.back() == ')')) {
        task.stt.pop_back();
      }
      task.content = CollapseSpaces(CellText(in, row, columns.content));
      task.lead = ResolveAgencyList(in, CollapseSpaces(CellText(in, row, columns.lead)), true);
      task.coordinate =
          ResolveAgencyList(in, CollapseSpaces(CellText(in, row, columns.coordinate)), false);
      std::string time_text = CollapseSpaces(CellText(in, row, columns.time));
      bool fuzzy = false;
      std::optional<Period> timeframe = ParsePeriod(time_text, &fuzzy);
      if (timeframe) {
        task.timeframe = *timeframe;
      } else {
        task.timeframe.text = time_text;
        if (!time_text.empty() && in.diagnostics != nullptr) {
          in.diagnostics->Add(Severity::kNote, Code::kBadInput,
                              "task timeframe not understood: " + time_text, row.page);
        }
      }
      task.result = CollapseSpaces(CellText(in, row, columns.result));
      if (columns.result >= 0 && static_cast<size_t>(columns.result) < row.cells.size()) {
        Span cell = row.cells[columns.result].span;
        for (const FigureMatch& found : figures) {
          Span src = in.normalized.map.ToSource(found.span);
          if (src.begin < cell.begin || src.end > cell.end) continue;
          Target target;
          target.value = found.figure.value;
          target.unit = found.figure.unit;
          target.qualifier = found.figure.qualifier;
          target.date = found.figure.period.end;
          task.targets.push_back(std::move(target));
        }
      }
      Span row_span{row.cells.front().span.begin, row.cells.front().span.end};
      for (const Cell& cell : row.cells) {
        if (cell.span.empty()) continue;
        row_span.begin = std::min(row_span.begin, cell.span.begin);
        row_span.end = std::max(row_span.end, cell.span.end);
      }
      if (table_spans != nullptr) table_spans->push_back(row_span);
      task.where.span = row_span;
      task.where.page = row.page != 0 ? row.page : in.document.PageAt(row_span.begin);
      task.where.rule_id = "table.task";
      // The quote is the row as printed (every cell), like every other fact's
      // quote: the normalised text of its span.
      task.where.quote = NormalizeText(in.document.SpanText(row_span)).text;
      task.where.fuzzy = fuzzy;
      if (task.content.empty() && task.stt.empty()) continue;
      tasks.push_back(std::move(task));
    }
  }
  return tasks;
}

}  // namespace docpipe::extract_internal
