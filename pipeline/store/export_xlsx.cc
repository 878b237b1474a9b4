#include "pipeline/store/export_xlsx.h"

// The workbook is written with libxlsxwriter, row by row. Each sheet is a
// list of columns, each with a Vietnamese header, a width and a cell type;
// rows are vectors of Cell values, so that the sheet code stays a table and
// the type of a column (date, number, text) is decided in one place. A date
// column takes ISO "YYYY-MM-DD" text: a complete date becomes an Excel date
// shown dd/mm/yyyy (the Vietnamese order); anything else ("" or a partial
// date such as "2026-03") stays text, so a partly known date never pretends
// to be exact.

#include <unistd.h>

#include <charconv>
#include <cmath>
#include <map>
#include <filesystem>
#include <optional>
#include <string_view>
#include <utility>

#ifdef DOCPIPE_HAVE_XLSXWRITER
#include <xlsxwriter.h>
#endif

#include "pipeline/base/strings.h"
#include "pipeline/model/task_tracking.h"

namespace docpipe {
namespace {

// A stored task status in the words of the follow-up reports, as the
// "Tình trạng" column shows it: "Chưa hoàn thành (trong hạn, còn 120 ngày)".
std::string TaskStatusText(const TaskTracking& t) {
  static const std::map<std::string, std::string> kCompletion = {
      {"completed", "Đã hoàn thành"},
      {"not_completed", "Chưa hoàn thành"},
      {"no_information", "Chưa có thông tin"}};
  static const std::map<std::string, std::string> kTimeliness = {
      {"on_time", "đúng hạn"}, {"late", "quá hạn"}, {"within_term", "trong hạn"},
      {"overdue", "quá hạn"}, {"no_due_date", "không có thời hạn"}};
  auto completion = kCompletion.find(t.completion);
  std::string text = completion != kCompletion.end() ? completion->second : t.completion;
  auto timeliness = kTimeliness.find(t.timeliness);
  std::string detail = timeliness != kTimeliness.end() ? timeliness->second : t.timeliness;
  if (t.days_left && t.completion != "completed") {
    int days = *t.days_left;
    detail += days >= 0 ? ", còn " + std::to_string(days) + " ngày"
                        : ", quá " + std::to_string(-days) + " ngày";
  }
  if (!detail.empty()) text += " (" + detail + ")";
  if (!t.as_of.empty()) text += ", tính đến " + t.as_of;
  return text;
}

constexpr const char* kSheetDocuments = "Văn bản";
constexpr const char* kSheetTasks = "Nhiệm vụ kế hoạch";
constexpr const char* kSheetFigures = "Số liệu";
constexpr const char* kSheetDeadlines = "Thời hạn";
constexpr const char* kSheetFlags = "Phát hiện";

enum class CellType { kText, kNumber, kDate };

struct Column {
  const char* header;
  double width;
  CellType type;
};

// A value of one cell: text (for text and date columns) or a number.
struct Cell {
  std::string text;
  std::optional<double> number;
  Cell() = default;
  Cell(std::string t) : text(std::move(t)) {}           // NOLINT: implicit by design
  Cell(const char* t) : text(t) {}                      // NOLINT
  static Cell Number(double value) {
    Cell cell;
    cell.number = value;
    return cell;
  }
  static Cell Int(int64_t value) { return Number(static_cast<double>(value)); }
  static Cell OptionalNumber(const std::optional<double>& value) {
    return value.has_value() ? Number(*value) : Cell();
  }
};

using Row = std::vector<Cell>;

struct Sheet {
  const char* name;
  std::vector<Column> columns;
  std::vector<Row> rows;
};

// "2025-08-21" -> {2025, 8, 21}; nullopt for "", "2025-08" or a bad date.
struct Ymd {
  int year, month, day;
};
std::optional<Ymd> ParseIsoDate(std::string_view text) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return std::nullopt;
  int64_t year = 0, month = 0, day = 0;
  if (!ParseInt(text.substr(0, 4), &year) || !ParseInt(text.substr(5, 2), &month) ||
      !ParseInt(text.substr(8, 2), &day)) {
    return std::nullopt;
  }
  // Excel's dates start in 1900; a day the month lacks stays text.
  static constexpr int kDaysInMonth[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (year < 1900 || year > 9999 || month < 1 || month > 12 || day < 1 ||
      day > kDaysInMonth[month - 1]) {
    return std::nullopt;
  }
  bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  if (month == 2 && day == 29 && !leap) return std::nullopt;
  return Ymd{static_cast<int>(year), static_cast<int>(month), static_cast<int>(day)};
}

// Shortest round-trip form, as in the JSON export.
std::string FormatDouble(double value) {
  if (!std::isfinite(value)) return "";
  if (value == 0) return "0";
  char buffer[64];
  std::to_chars_result result = std::to_chars(buffer, buffer + sizeof(buffer), value);
  return std::string(buffer, result.ptr);
}

// How a deadline binds (facts.h's Deadline::relation), in Vietnamese.
std::string RelationLabel(const std::string& relation) {
  if (relation == "before") return "trước ngày";
  if (relation == "by") return "chậm nhất ngày";
  if (relation == "within") return "trong thời hạn đến";
  if (relation == "from") return "từ ngày";
  if (relation == "on") return "sự kiện ngày";
  return relation;
}

const char* SeverityLabel(FlagSeverity severity) {
  switch (severity) {
    case FlagSeverity::kInfo:
      return "thông tin";
    case FlagSeverity::kWarning:
      return "cảnh báo";
    case FlagSeverity::kContradiction:
      return "mâu thuẫn";
  }
  return "cảnh báo";
}

std::string TargetsText(const std::vector<Target>& targets) {
  std::vector<std::string> parts;
  for (const Target& target : targets) {
    std::string part = target.qualifier.empty() ? "" : target.qualifier + " ";
    part += FormatDouble(target.value);
    if (!target.unit.empty()) part += " " + target.unit;
    if (!target.date.empty()) part += " (" + target.date + ")";
    parts.push_back(std::move(part));
  }
  return Join(parts, "; ");
}

struct LoadedDocument {
  DocumentSummary summary;
  Extraction extraction;
};

// The "Phát hiện" rows: one per piece of evidence (as in the CSV export),
// or one with empty evidence cells.
void AddFindingRows(const std::vector<Flag>& flags, Sheet* findings) {
  for (size_t flag_idx = 0; flag_idx < flags.size(); ++flag_idx) {
    const Flag& flag = flags[flag_idx];
    Row head = {Cell::Int(static_cast<int64_t>(flag_idx + 1)), SeverityLabel(flag.severity),
                FlagKindKey(flag.kind), flag.message_vi, flag.message_en};
    if (flag.evidence.empty()) {
      head.insert(head.end(), {Cell(), Cell(), Cell()});
      findings->rows.push_back(head);
    }
    // One row per piece of evidence, as in the CSV export.
    for (const Evidence& evidence : flag.evidence) {
      Row row = head;
      row.insert(row.end(), {evidence.document, Cell::Int(evidence.page), evidence.quote});
      findings->rows.push_back(std::move(row));
    }
  }
}

// Every stored document with its extraction, in listing order.
Result<std::vector<LoadedDocument>> LoadDocuments(const Store& store) {
  Result<std::vector<DocumentSummary>> summaries = store.ListDocuments();
  if (!summaries.ok()) return summaries.status();
  std::vector<LoadedDocument> documents;
  for (DocumentSummary& summary : *summaries) {
    Result<Extraction> extraction = store.LoadExtraction(summary.id);
    if (!extraction.ok()) return extraction.status();
    documents.push_back({std::move(summary), std::move(extraction).value()});
  }
  return documents;
}

// The five sheets of the workbook, with their columns and no rows yet.
struct Sheets {
  Sheet docs, tasks, figures, deadlines, findings;
};

Sheets EmptySheets() {
  Sheets sheets{};
  sheets.docs = Sheet{kSheetDocuments,
             {{"Mã", 6, CellType::kNumber},
              {"Loại văn bản", 16, CellType::kText},
              {"Số, ký hiệu", 20, CellType::kText},
              {"Ngày ban hành", 14, CellType::kDate},
              {"Cơ quan ban hành", 28, CellType::kText},
              {"Người ký", 20, CellType::kText},
              {"Trích yếu", 60, CellType::kText},
              {"Số trang", 9, CellType::kNumber},
              {"Số dẫn chiếu", 9, CellType::kNumber},
              {"Số thời hạn", 9, CellType::kNumber},
              {"Số số liệu", 9, CellType::kNumber},
              {"Số nhiệm vụ", 9, CellType::kNumber},
              {"Số giao việc", 9, CellType::kNumber},
              {"Tình trạng đọc", 12, CellType::kText},
              {"Tệp", 30, CellType::kText},
              {"SHA-256", 20, CellType::kText},
              {"Phiên bản bộ quy tắc", 20, CellType::kText}},
             {}};
  sheets.tasks = Sheet{kSheetTasks,
              {{"Số văn bản", 18, CellType::kText},
               {"Mục", 6, CellType::kText},
               {"Tên mục", 30, CellType::kText},
               {"STT", 6, CellType::kText},
               {"Nội dung nhiệm vụ", 60, CellType::kText},
               {"Cơ quan chủ trì", 28, CellType::kText},
               {"Cơ quan phối hợp", 28, CellType::kText},
               {"Thời gian thực hiện", 18, CellType::kText},
               {"Từ ngày", 12, CellType::kDate},
               {"Đến ngày", 12, CellType::kDate},
               {"Kết quả, sản phẩm", 30, CellType::kText},
               {"Chỉ tiêu", 20, CellType::kText},
               {"Tình trạng", 16, CellType::kText},
               {"Trang", 7, CellType::kNumber},
               {"Trích dẫn", 60, CellType::kText},
               {"SHA-256 văn bản", 20, CellType::kText}},
              {}};
  sheets.figures = Sheet{kSheetFigures,
                {{"Số văn bản", 18, CellType::kText},
                 {"Nội dung", 40, CellType::kText},
                 {"Giá trị", 14, CellType::kNumber},
                 {"Đơn vị", 12, CellType::kText},
                 {"Mức (ước, khoảng…)", 12, CellType::kText},
                 {"Tăng/giảm so với cùng kỳ (%)", 12, CellType::kNumber},
                 {"Phạm vi", 20, CellType::kText},
                 {"Kỳ", 18, CellType::kText},
                 {"Từ ngày", 12, CellType::kDate},
                 {"Đến ngày", 12, CellType::kDate},
                 {"Trang", 7, CellType::kNumber},
                 {"Trích dẫn", 60, CellType::kText},
                 {"SHA-256 văn bản", 20, CellType::kText}},
                {}};
  sheets.deadlines = Sheet{kSheetDeadlines,
                  {{"Số văn bản", 18, CellType::kText},
                   {"Ngày", 12, CellType::kDate},
                   {"Loại thời hạn", 12, CellType::kText},
                   {"Cơ quan", 28, CellType::kText},
                   {"Nội dung", 60, CellType::kText},
                   {"Trang", 7, CellType::kNumber},
                   {"Trích dẫn", 60, CellType::kText},
                   {"SHA-256 văn bản", 20, CellType::kText}},
                  {}};
  sheets.findings = Sheet{kSheetFlags,
                 {{"STT", 6, CellType::kNumber},
                  {"Mức độ", 12, CellType::kText},
                  {"Loại", 18, CellType::kText},
                  {"Nội dung", 60, CellType::kText},
                  {"Nội dung (tiếng Anh)", 60, CellType::kText},
                  {"Văn bản", 18, CellType::kText},
                  {"Trang", 7, CellType::kNumber},
                  {"Trích dẫn", 60, CellType::kText}},
                 {}};
  return sheets;
}

Result<std::vector<Sheet>> BuildSheets(const Store& store, const XlsxOptions& options) {
  Result<std::vector<LoadedDocument>> loaded = LoadDocuments(store);
  if (!loaded.ok()) return loaded.status();
  const std::vector<LoadedDocument>& documents = *loaded;
  Result<std::vector<Flag>> flags = store.LoadFlags();
  if (!flags.ok()) return flags.status();

  Sheets sheets = EmptySheets();
  Sheet& docs = sheets.docs;
  Sheet& tasks = sheets.tasks;
  Sheet& figures = sheets.figures;
  Sheet& deadlines = sheets.deadlines;
  // The status `docpipe check` last stored for each plan task (none before
  // a check): by plan document and task index.
  std::map<std::pair<int64_t, int>, TaskTracking> tracked;
  if (!options.task_status) {
    Result<std::vector<TaskTracking>> statuses = store.LoadTaskTracking();
    if (!statuses.ok()) return statuses.status();
    for (TaskTracking& item : *statuses) {
      tracked[{item.plan_document_id, item.task_seq}] = std::move(item);
    }
  }
  for (const LoadedDocument& document : documents) {
    const DocumentSummary& s = document.summary;
    const Identity& id = document.extraction.identity;
    std::string number = id.number.value.empty() ? s.file : id.number.value;
    docs.rows.push_back({Cell::Int(s.id), id.kind.value, id.number.value, id.date.value,
                         id.issuer.value, id.signer.value, id.title.value, Cell::Int(s.page_count),
                         Cell::Int(s.references), Cell::Int(s.deadlines), Cell::Int(s.figures),
                         Cell::Int(s.tasks), Cell::Int(s.assignments), s.status, s.file, s.sha256,
                         s.ruleset_version});
    for (size_t index = 0; index < document.extraction.tasks.size(); ++index) {
      const Task& t = document.extraction.tasks[index];
      std::string status;
      if (options.task_status) {
        status = options.task_status(s.sha256, t);
      } else if (auto found = tracked.find({s.id, static_cast<int>(index)});
                 found != tracked.end()) {
        status = TaskStatusText(found->second);
      }
      tasks.rows.push_back({number, t.section, t.section_title, t.stt, t.content,
                            Join(t.lead, "; "), Join(t.coordinate, "; "), t.timeframe.text,
                            t.timeframe.start, t.timeframe.end, t.result, TargetsText(t.targets),
                            status, Cell::Int(t.where.page), t.where.quote, s.sha256});
    }
    for (const Figure& f : document.extraction.figures) {
      figures.rows.push_back({number, f.subject, Cell::Number(f.value), f.unit, f.qualifier,
                              Cell::OptionalNumber(f.change_pct), f.scope, f.period.text,
                              f.period.start, f.period.end, Cell::Int(f.where.page), f.where.quote,
                              s.sha256});
    }
    for (const Deadline& d : document.extraction.deadlines) {
      deadlines.rows.push_back({number, d.date, RelationLabel(d.relation), d.agency, d.text,
                                Cell::Int(d.where.page), d.where.quote, s.sha256});
    }
  }
  AddFindingRows(*flags, &sheets.findings);
  std::vector<Sheet> ordered;
  ordered.push_back(std::move(sheets.docs));
  ordered.push_back(std::move(sheets.tasks));
  ordered.push_back(std::move(sheets.figures));
  ordered.push_back(std::move(sheets.deadlines));
  ordered.push_back(std::move(sheets.findings));
  return ordered;
}

#ifdef DOCPIPE_HAVE_XLSXWRITER

Status XlsxError(lxw_error error, const std::string& path) {
  return Status::Error(Code::kIoError, std::string("libxlsxwriter: ") + lxw_strerror(error),
                       Location{path});
}

Status WriteSheet(lxw_workbook* workbook, const Sheet& sheet, lxw_format* header,
                  lxw_format* date, lxw_format* wrap, const std::string& path) {
  lxw_worksheet* ws = workbook_add_worksheet(workbook, sheet.name);
  if (ws == nullptr) return Status::Error(Code::kInternal, "cannot add a worksheet", Location{path});
  auto col_count = static_cast<lxw_col_t>(sheet.columns.size());
  for (lxw_col_t col_idx = 0; col_idx < col_count; ++col_idx) {
    const Column& column = sheet.columns[col_idx];
    worksheet_set_column(ws, col_idx, col_idx, column.width, nullptr);
    worksheet_write_string(ws, 0, col_idx, column.header, header);
  }
  for (size_t row_idx = 0; row_idx < sheet.rows.size(); ++row_idx) {
    const Row& row = sheet.rows[row_idx];
    auto xl_row = static_cast<lxw_row_t>(row_idx + 1);
    for (lxw_col_t col_idx = 0; col_idx < col_count && col_idx < row.size(); ++col_idx) {
      const Cell& cell = row[col_idx];
      lxw_error error = LXW_NO_ERROR;
      if (cell.number.has_value()) {
        error = worksheet_write_number(ws, xl_row, col_idx, *cell.number, nullptr);
      } else if (cell.text.empty()) {
        continue;  // an unknown value: an empty cell
      } else if (sheet.columns[col_idx].type == CellType::kDate && ParseIsoDate(cell.text)) {
        Ymd ymd = *ParseIsoDate(cell.text);
        lxw_datetime when = {ymd.year, ymd.month, ymd.day, 0, 0, 0.0};
        error = worksheet_write_datetime(ws, xl_row, col_idx, &when, date);
      } else {
        // write_string, never write_formula: "=1+1" stays the text "=1+1".
        error = worksheet_write_string(ws, xl_row, col_idx, cell.text.c_str(),
                                       sheet.columns[col_idx].width >= 40 ? wrap : nullptr);
      }
      if (error != LXW_NO_ERROR) return XlsxError(error, path);
    }
  }
  worksheet_freeze_panes(ws, 1, 0);
  auto last_row = static_cast<lxw_row_t>(sheet.rows.size());
  worksheet_autofilter(ws, 0, 0, last_row, static_cast<lxw_col_t>(col_count - 1));
  return OkStatus();
}

#endif  // DOCPIPE_HAVE_XLSXWRITER

}  // namespace

const std::vector<std::string>& XlsxSheetNames() {
  static const std::vector<std::string> names = {kSheetDocuments, kSheetTasks, kSheetFigures,
                                                 kSheetDeadlines, kSheetFlags};
  return names;
}

Status ExportXlsx(const Store& store, const std::string& path, const XlsxOptions& options) {
#ifndef DOCPIPE_HAVE_XLSXWRITER
  (void)store;
  (void)options;
  return Status::Error(Code::kUnsupported, "docpipe was built without libxlsxwriter",
                       Location{path});
#else
  Result<std::vector<Sheet>> sheets = BuildSheets(store, options);
  if (!sheets.ok()) return sheets.status();
  std::string tmp = path + ".tmp-" + std::to_string(::getpid());
  lxw_workbook* workbook = workbook_new(tmp.c_str());
  if (workbook == nullptr) {
    return Status::Error(Code::kIoError, "cannot create the workbook", Location{path});
  }
  lxw_format* header = workbook_add_format(workbook);
  format_set_bold(header);
  format_set_bg_color(header, 0xDDEBF7);
  format_set_text_wrap(header);
  format_set_align(header, LXW_ALIGN_VERTICAL_TOP);
  lxw_format* date = workbook_add_format(workbook);
  format_set_num_format(date, "dd/mm/yyyy");
  lxw_format* wrap = workbook_add_format(workbook);
  format_set_text_wrap(wrap);
  format_set_align(wrap, LXW_ALIGN_VERTICAL_TOP);
  Status status;
  for (const Sheet& sheet : *sheets) {
    status = WriteSheet(workbook, sheet, header, date, wrap, path);
    if (!status.ok()) break;
  }
  lxw_error closed = workbook_close(workbook);  // writes the file and frees the workbook
  if (status.ok() && closed != LXW_NO_ERROR) status = XlsxError(closed, path);
  std::error_code ec;
  if (status.ok()) {
    std::filesystem::rename(tmp, path, ec);
    if (ec) status = Status::Error(Code::kIoError, ec.message(), Location{path});
  }
  if (!status.ok()) std::filesystem::remove(tmp, ec);
  return status;
#endif
}

}  // namespace docpipe
