// pipeline/cli/check_command.cc
//
// `docpipe check` and `docpipe report`: runs the cross-check, stores the
// flags, prints them grouped by kind with the quotes from both sides, and
// writes the HTML report when asked.

#include <fstream>
#include <iostream>
#include <map>
#include <memory>

#include "pipeline/base/strings.h"
#include "pipeline/cli/commands.h"
#include "pipeline/cli/exit_codes.h"
#include "pipeline/crosscheck/crosscheck.h"
#include "pipeline/store/store.h"

namespace docpipe {
namespace {

const char* SeverityLabel(Lang lang, FlagSeverity s) {
  bool vi = lang == Lang::kVi;
  switch (s) {
    case FlagSeverity::kContradiction: return vi ? "MÂU THUẪN" : "CONTRADICTION";
    case FlagSeverity::kWarning: return vi ? "CẢNH BÁO" : "WARNING";
    case FlagSeverity::kInfo: return vi ? "THÔNG TIN" : "NOTE";
  }
  return "";
}

std::string OneLine(std::string text, size_t max_chars) {
  for (char& c : text) {
    if (c == '\n') c = ' ';
  }
  if (Utf8Length(text) <= max_chars) return text;
  size_t pos = 0;
  for (size_t n = 0; n + 1 < max_chars && pos < text.size(); ++n) DecodeUtf8(text, &pos);
  return text.substr(0, pos) + "…";
}

const char* StateLabel(Lang lang, TaskState s) {
  bool vi = lang == Lang::kVi;
  switch (s) {
    case TaskState::kNoEvidence: return vi ? "chưa có thông tin" : "no evidence";
    case TaskState::kInProgress: return vi ? "đang thực hiện" : "in progress";
    case TaskState::kTargetMet: return vi ? "đạt chỉ tiêu" : "target met";
    case TaskState::kExceeded: return vi ? "vượt chỉ tiêu" : "exceeded";
    case TaskState::kOverdue: return vi ? "quá hạn" : "overdue";
  }
  return "";
}

}  // namespace

int RunCheckCommand(const Invocation& inv) {
  Result<std::unique_ptr<Store>> store = Store::Open(inv.Option("--db", "docpipe.db"));
  if (!store.ok()) {
    std::cerr << "docpipe: " << RenderStatus(inv.lang, store.status()) << "\n";
    return kExitError;
  }
  Result<CrossCheckResult> result = RunCrossCheck(**store, CrossCheckOptions{});
  if (!result.ok()) {
    std::cerr << "docpipe: " << RenderStatus(inv.lang, result.status()) << "\n";
    return kExitError;
  }
  Status saved = (*store)->ReplaceFlags(result->flags);
  if (!saved.ok()) {
    std::cerr << "docpipe: " << RenderStatus(inv.lang, saved) << "\n";
    return kExitError;
  }
  std::string html = inv.Option("--html");
  if (inv.command == "report" && html.empty()) {
    std::cerr << "docpipe: " << Message(inv.lang, Msg::kMissingArgument, {"--html FILE"}) << "\n";
    return kExitError;
  }
  if (!html.empty()) {
    std::ofstream out(html, std::ios::binary);
    Status written = WriteHtmlReport(**store, *result, out);
    out.close();
    if (written.ok() && !out) written = Status::Error(Code::kIoError, "write failed", Location{html});
    if (!written.ok()) {
      std::cerr << "docpipe: " << RenderStatus(inv.lang, written) << "\n";
      return kExitError;
    }
    std::cerr << Message(inv.lang, Msg::kReportWritten, {html}) << "\n";
  }
  if (inv.command == "report") return kExitOk;

  bool vi = inv.lang == Lang::kVi;
  // Task status overview: counts per state, per plan.
  std::map<std::string, std::map<TaskState, int>> per_plan;
  for (const TaskStatus& t : result->tasks) ++per_plan[t.plan_number][t.state];
  for (const auto& [plan, counts] : per_plan) {
    std::cout << (vi ? "Kế hoạch " : "Plan ") << plan << ":";
    for (const auto& [state, n] : counts) std::cout << "  " << StateLabel(inv.lang, state) << " " << n;
    std::cout << "\n";
  }
  if (!per_plan.empty()) std::cout << "\n";

  size_t counts[3] = {0, 0, 0};
  std::string current_kind;
  for (const Flag& f : result->flags) {
    ++counts[static_cast<int>(f.severity)];
    if (f.kind != current_kind) {
      current_kind = f.kind;
      std::cout << "== " << f.kind << " ==\n";
    }
    std::cout << "[" << SeverityLabel(inv.lang, f.severity) << "] "
              << (vi ? f.message_vi : f.message_en) << "\n";
    for (const Evidence& e : f.evidence) {
      std::cout << "    " << e.document << (vi ? ", trang " : ", page ") << e.page << ": «"
                << OneLine(e.quote, 200) << "»\n";
    }
    std::cout << "\n";
  }
  std::cout << Message(inv.lang, Msg::kCheckSummary,
                       {std::to_string(counts[2]), std::to_string(counts[1]), std::to_string(counts[0])})
            << "\n";
  return counts[2] > 0 ? kExitFindings : kExitOk;
}

}  // namespace docpipe
