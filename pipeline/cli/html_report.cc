// pipeline/cli/html_report.cc: WriteHtmlReport, one self-contained
// HTML file for officials: inline CSS, no scripts, fonts or images, every
// text escaped. Vietnamese labels; status colours; flags with the evidence
// of each side in columns; a deadline timeline.

#include "pipeline/cli/html_report.h"

#include <algorithm>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "pipeline/base/strings.h"
#include "pipeline/cli/messages.h"
#include "pipeline/crosscheck/crosscheck.h"
#include "pipeline/normalize/dates.h"

namespace docpipe {
namespace {

std::string Escape(std::string_view text) {
  std::string out;
  out.reserve(text.size() + 16);
  size_t pos = 0;
  while (pos < text.size()) {
    size_t start = pos;
    char32_t cp = DecodeUtf8(text, &pos);
    switch (cp) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default:
        if (cp == 0xFFFD && pos - start == 1) {
          out += "\xEF\xBF\xBD";  // invalid byte -> U+FFFD, output stays valid UTF-8
        } else if (cp < 0x20 && cp != '\n' && cp != '\t') {
          out += ' ';
        } else {
          out.append(text.substr(start, pos - start));
        }
    }
  }
  return out;
}

// The status shown for a task: completion and timeliness together.
// Ordered for the summary badges.
enum class Shown { kCompletedOnTime, kCompletedLate, kWithinTerm, kOverdue, kNoInformation };

Shown ShownOf(const TaskStatus& t) {
  if (t.completion == Completion::kCompleted) {
    return t.timeliness == Timeliness::kLate ? Shown::kCompletedLate : Shown::kCompletedOnTime;
  }
  if (t.completion == Completion::kNotCompleted) {
    return t.timeliness == Timeliness::kOverdue ? Shown::kOverdue : Shown::kWithinTerm;
  }
  return Shown::kNoInformation;
}

const char* StateLabel(Shown s) {
  switch (s) {
    case Shown::kCompletedOnTime: return "Đã hoàn thành đúng hạn";
    case Shown::kCompletedLate: return "Đã hoàn thành quá hạn";
    case Shown::kWithinTerm: return "Chưa hoàn thành, trong hạn";
    case Shown::kOverdue: return "Chưa hoàn thành, quá hạn";
    case Shown::kNoInformation: return "Chưa có thông tin";
  }
  return "";
}

const char* StateClass(Shown s) {
  switch (s) {
    case Shown::kCompletedOnTime: return "st-met";
    case Shown::kCompletedLate: return "st-exceeded";
    case Shown::kWithinTerm: return "st-progress";
    case Shown::kOverdue: return "st-overdue";
    case Shown::kNoInformation: return "st-none";
  }
  return "";
}

const char* AttainmentLabel(Attainment a) {
  switch (a) {
    case Attainment::kMet: return "Đạt chỉ tiêu";
    case Attainment::kExceeded: return "Vượt chỉ tiêu";
    case Attainment::kNotMet: return "Chưa đạt chỉ tiêu";
    case Attainment::kUnknown: return "";
  }
  return "";
}

const char* SeverityLabel(FlagSeverity s) {
  switch (s) {
    case FlagSeverity::kContradiction: return "Mâu thuẫn";
    case FlagSeverity::kWarning: return "Cảnh báo";
    case FlagSeverity::kInfo: return "Thông tin";
  }
  return "";
}

const char* SeverityClass(FlagSeverity s) {
  switch (s) {
    case FlagSeverity::kContradiction: return "sev-c";
    case FlagSeverity::kWarning: return "sev-w";
    case FlagSeverity::kInfo: return "sev-i";
  }
  return "";
}

std::string KindLabel(FlagKind kind) {
  switch (kind) {
    case FlagKind::kFigureMismatch: return "Số liệu không khớp";
    case FlagKind::kCountVsList: return "Số lượng khác danh sách liệt kê";
    case FlagKind::kPlanClaim: return "Khác với kế hoạch";
    case FlagKind::kCumulativeDecrease: return "Số lũy kế giảm";
    case FlagKind::kDeadline: return "Thời hạn";
    case FlagKind::kListVsCount: return "Danh sách trước và số liệu sau";
    case FlagKind::kQualityRepeat: return "Đoạn văn lặp lại";
    case FlagKind::kQualityPlaceholder: return "Chỗ trống chưa điền";
    case FlagKind::kQualitySectionNumber: return "Trùng số mục";
    case FlagKind::kUpdate: return "Cập nhật số liệu";
    case FlagKind::kDuplicateCopy: return "Bản sao của cùng một văn bản";
  }
  return FlagKindKey(kind);
}

std::string VnDate(const std::string& iso) {
  if (iso.size() != 10) return iso;
  return iso.substr(8, 2) + "/" + iso.substr(5, 2) + "/" + iso.substr(0, 4);
}

constexpr const char* kStyle = R"(
body{font-family:"Times New Roman",Tinos,"Liberation Serif",serif;margin:24px;color:#1a1a1a;background:#fafaf7;line-height:1.45}
h1{font-size:24px;margin:0 0 4px}h2{font-size:20px;border-bottom:2px solid #8a1c1c;padding-bottom:4px;margin-top:32px}
h3{font-size:17px;margin:20px 0 8px;color:#333}
.muted{color:#666;font-size:13px}
table{border-collapse:collapse;width:100%;background:#fff;margin-bottom:12px}
th,td{border:1px solid #ccc;padding:5px 7px;vertical-align:top;font-size:14px;text-align:left}
th{background:#efece4}
.badge{display:inline-block;padding:2px 8px;border-radius:10px;font-size:12px;font-weight:bold;white-space:nowrap}
.st-none{background:#e3e3e3;color:#333}.st-progress{background:#fff0b3;color:#6b5200}
.st-met{background:#c8ecc9;color:#1b5e20}.st-exceeded{background:#1b7e3c;color:#fff}
.st-overdue{background:#f7c6c6;color:#8a1111}
.sev-c{background:#c62828;color:#fff}.sev-w{background:#f3a712;color:#222}.sev-i{background:#1e6fb8;color:#fff}
.flag{background:#fff;border:1px solid #ccc;border-left:6px solid #999;margin:10px 0;padding:8px 12px}
.flag.sev-c-b{border-left-color:#c62828}.flag.sev-w-b{border-left-color:#f3a712}.flag.sev-i-b{border-left-color:#1e6fb8}
.msg{font-weight:bold;margin:4px 0}.en{color:#555;font-size:13px;font-style:italic}
.sides{display:flex;gap:10px;flex-wrap:wrap;margin-top:6px}
.side{flex:1 1 280px;background:#f6f4ee;border:1px solid #ddd;padding:6px 8px;font-size:14px}
.side .src{font-size:12px;color:#444;font-weight:bold;margin-bottom:3px}
blockquote{margin:0;font-style:italic}
.ev{font-size:13px;margin:3px 0;padding-left:6px;border-left:3px solid #ddd}
.timeline{border-left:3px solid #8a1c1c;margin-left:10px;padding-left:16px}
.tl{margin:8px 0}.tl .date{font-weight:bold}.tl.past .date{color:#8a1111}
.summary span{margin-right:14px}
details summary{cursor:pointer}
)";

struct DeadlineRow {
  std::string date, document, agency, text;
  int page = 0;
};

void WriteHeader(const Corpus& corpus, const CrossCheckResult& result, const std::string& today,
                 std::ostream& out) {
  out << "<!DOCTYPE html>\n<html lang=\"vi\"><head><meta charset=\"utf-8\">"
      << "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
      << "<title>Báo cáo đối chiếu thực hiện kế hoạch</title><style>" << kStyle
      << "</style></head><body>\n";
  out << "<h1>Báo cáo đối chiếu thực hiện kế hoạch</h1>\n<p class=\"muted\">Lập ngày "
      << Escape(VnDate(today)) << " bằng docpipe từ " << corpus.size() << " văn bản.</p>\n";

  size_t counts[3] = {0, 0, 0};
  for (const Flag& f : result.flags) ++counts[static_cast<int>(f.severity)];
  std::map<Shown, int> states;
  for (const TaskStatus& t : result.tasks) ++states[ShownOf(t)];
  out << "<p class=\"summary\"><span class=\"badge sev-c\">" << counts[2] << " mâu thuẫn</span>"
      << "<span class=\"badge sev-w\">" << counts[1] << " cảnh báo</span>"
      << "<span class=\"badge sev-i\">" << counts[0] << " thông tin</span>";
  for (const auto& [state, n] : states) {
    out << "<span class=\"badge " << StateClass(state) << "\">" << StateLabel(state) << ": " << n
        << "</span>";
  }
  out << "</p>\n";

}

void WriteDocumentTable(const Corpus& corpus, std::ostream& out) {
  // Documents.
  out << "<h2>Văn bản đã đối chiếu</h2>\n<table><tr><th>Số, ký hiệu</th><th>Loại</th><th>Ngày</th>"
         "<th>Trích yếu</th><th>Tệp</th></tr>\n";
  for (const CorpusEntry& d : corpus) {
    out << "<tr><td>" << Escape(d.number) << "</td><td>" << Escape(d.kind) << "</td><td>"
        << Escape(VnDate(d.date)) << "</td><td>" << Escape(Ellipsize(d.title, 160, 160)) << "</td><td>"
        << Escape(d.file) << "</td></tr>\n";
  }
  out << "</table>\n";

}

void WriteTasks(const CrossCheckResult& result, std::ostream& out) {
  // Tasks by plan and section.
  out << "<h2>Nhiệm vụ của kế hoạch</h2>\n";
  if (result.tasks.empty()) out << "<p>Không có văn bản nào có phụ lục nhiệm vụ.</p>\n";
  std::string plan, section;
  bool open = false;
  for (const TaskStatus& t : result.tasks) {
    if (t.plan_number != plan) {
      if (open) out << "</table>\n";
      open = false;
      plan = t.plan_number;
      section = "\x01";
      out << "<h3>Kế hoạch ban hành kèm theo " << Escape(plan) << "</h3>\n";
    }
    if (t.task.section != section) {
      if (open) out << "</table>\n";
      section = t.task.section;
      out << "<h3>" << Escape(section) << (section.empty() ? "" : ". ")
          << Escape(t.task.section_title) << "</h3>\n<table><tr><th>STT</th><th>Nội dung công việc</th>"
          << "<th>Đơn vị chủ trì</th><th>Thời gian</th><th>Tình trạng</th><th>Căn cứ (trích dẫn báo cáo)</th></tr>\n";
      open = true;
    }
    out << "<tr><td>" << Escape(t.task.stt) << "</td><td>" << Escape(Ellipsize(t.task.content, 260, 260))
        << "</td><td>" << Escape(Join(t.task.lead, "; ")) << "</td><td>"
        << Escape(t.task.timeframe.text);
    if (!t.due.empty()) out << "<br><span class=\"muted\">hạn " << Escape(VnDate(t.due)) << "</span>";
    out << "</td><td><span class=\"badge " << StateClass(ShownOf(t)) << "\">" << StateLabel(ShownOf(t))
        << "</span>";
    if (t.completion != Completion::kCompleted && !t.due.empty()) {
      out << "<br><span class=\"muted\">"
          << (t.days_left >= 0 ? "còn " + std::to_string(t.days_left) : "quá " + std::to_string(-t.days_left))
          << " ngày tính đến " << Escape(VnDate(t.as_of)) << "</span>";
    }
    if (t.attainment != Attainment::kUnknown) out << "<br>" << AttainmentLabel(t.attainment);
    out << "</td><td>";
    // One best quote, in full; the others folded.
    for (size_t idx = 0; idx < t.evidence.size(); ++idx) {
      const Evidence& e = t.evidence[idx].evidence;
      if (idx == 1) out << "<details><summary>" << t.evidence.size() - 1 << " trích dẫn khác</summary>";
      out << "<div class=\"ev\">«" << Escape(e.quote) << "» — " << Escape(e.document) << ", trang "
          << e.page << "</div>";
    }
    if (t.evidence.size() > 1) out << "</details>";
    out << "</td></tr>\n";
  }
  if (open) out << "</table>\n";

}

void WriteTasksByAgency(const CrossCheckResult& result, std::ostream& out) {
  // Tasks by lead agency.
  if (!result.tasks.empty()) {
    std::map<std::string, std::map<Shown, int>> by_agency;
    for (const TaskStatus& t : result.tasks) {
      for (const std::string& lead : t.task.lead) ++by_agency[lead][ShownOf(t)];
    }
    out << "<h3>Theo đơn vị chủ trì</h3>\n<table><tr><th>Đơn vị chủ trì</th><th>Số nhiệm vụ theo tình trạng</th></tr>\n";
    for (const auto& [agency, counts_by_state] : by_agency) {
      out << "<tr><td>" << Escape(agency) << "</td><td>";
      for (const auto& [state, n] : counts_by_state) {
        out << "<span class=\"badge " << StateClass(state) << "\">" << StateLabel(state) << ": " << n
            << "</span> ";
      }
      out << "</td></tr>\n";
    }
    out << "</table>\n";
  }

}

void WriteFlags(const CrossCheckResult& result, std::ostream& out) {
  // Flags.
  out << "<h2>Các phát hiện</h2>\n";
  if (result.flags.empty()) out << "<p>Không có phát hiện nào.</p>\n";
  std::optional<FlagKind> kind;
  for (const Flag& f : result.flags) {
    if (f.kind != kind) {
      kind = f.kind;
      out << "<h3>" << Escape(KindLabel(f.kind)) << "</h3>\n";
    }
    // The sentences from the typed flag, through the CLI's messages; the
    // stored texts for a flag that has no typed message.
    bool typed = f.message != FlagMessage::kNone;
    out << "<div class=\"flag " << SeverityClass(f.severity) << "-b\"><span class=\"badge "
        << SeverityClass(f.severity) << "\">" << SeverityLabel(f.severity) << "</span>"
        << "<div class=\"msg\">" << Escape(typed ? FlagText(Lang::kVi, f) : f.message_vi)
        << "</div><div class=\"en\">" << Escape(typed ? FlagText(Lang::kEn, f) : f.message_en)
        << "</div><div class=\"sides\">";
    for (const Evidence& e : f.evidence) {
      out << "<div class=\"side\"><div class=\"src\">" << Escape(e.document) << ", trang " << e.page
          << "</div><blockquote>«" << Escape(Ellipsize(e.quote, 700, 700)) << "»</blockquote></div>";
    }
    out << "</div></div>\n";
  }

}

// The deadlines and assignment deadlines of every document, by date.
void WriteTimeline(const Corpus& corpus, const std::string& today, std::ostream& out) {
  std::vector<DeadlineRow> rows;
  for (const CorpusEntry& d : corpus) {
    const Extraction& extraction = d.extraction;
    std::string label = d.number.empty() ? d.file : d.number;
    std::set<std::string> seen;
    for (const Deadline& dl : extraction.deadlines) {
      if (dl.date.size() != 10 || !seen.insert(dl.date + dl.agency).second) continue;
      rows.push_back({dl.date, label, dl.agency, dl.text.empty() ? dl.where.quote : dl.text, dl.where.page});
    }
    for (const Assignment& a : extraction.assignments) {
      if (a.deadline.size() != 10 || !seen.insert(a.deadline + a.agency).second) continue;
      rows.push_back({a.deadline, label, a.agency, a.action, a.where.page});
    }
  }
  std::stable_sort(rows.begin(), rows.end(),
                   [](const DeadlineRow& a, const DeadlineRow& b) { return a.date < b.date; });
  out << "<h2>Mốc thời hạn</h2>\n";
  if (rows.empty()) out << "<p>Không có thời hạn nào được trích xuất.</p>\n";
  out << "<div class=\"timeline\">\n";
  for (const DeadlineRow& row : rows) {
    bool past = row.date < today;
    out << "<div class=\"tl" << (past ? " past" : "") << "\"><span class=\"date\">" << Escape(VnDate(row.date))
        << "</span>" << (past ? " (đã qua)" : "") << " — " << Escape(row.document) << ", trang " << row.page;
    if (!row.agency.empty()) out << " — <b>" << Escape(row.agency) << "</b>";
    out << "<div class=\"ev\">" << Escape(Ellipsize(row.text, 300, 300)) << "</div></div>\n";
  }
  out << "</div>\n";

}

void WriteUnlinked(const CrossCheckResult& result, std::ostream& out) {
  // Unlinked statements.
  out << "<h2>Số liệu chưa gắn với nhiệm vụ nào</h2>\n<details><summary>" << result.unlinked.size()
      << " câu có số liệu</summary>\n";
  for (const Evidence& e : result.unlinked) {
    out << "<div class=\"ev\">«" << Escape(Ellipsize(e.quote, 300, 300)) << "» — " << Escape(e.document)
        << ", trang " << e.page << "</div>\n";
  }
  out << "</details>\n</body></html>\n";
}

}  // namespace

Status WriteHtmlReport(const Corpus& corpus, const CrossCheckResult& result, std::ostream& out) {
  std::string today = TodayUtcIso();
  WriteHeader(corpus, result, today, out);
  WriteDocumentTable(corpus, out);
  WriteTasks(result, out);
  WriteTasksByAgency(result, out);
  WriteFlags(result, out);
  WriteTimeline(corpus, today, out);
  WriteUnlinked(result, out);
  if (!out) return Status::Error(Code::kIoError, "writing the HTML report failed");
  return Status();
}

}  // namespace docpipe
