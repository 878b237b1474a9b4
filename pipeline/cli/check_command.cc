// pipeline/cli/check_command.cc
//
// `docpipe check` and `docpipe report`: runs the cross-check, stores the
// flags, prints them grouped by kind with the quotes from both sides, and
// writes the HTML report when asked.

#include <fstream>
#include <iostream>
#include <map>
#include <memory>
#include <optional>

#include "pipeline/base/strings.h"
#include "pipeline/cli/commands.h"
#include "pipeline/cli/exit_codes.h"
#include "pipeline/cli/html_report.h"
#include "pipeline/cli/messages.h"
#include "pipeline/crosscheck/crosscheck.h"
#include "pipeline/jobs/check_job.h"
#include "pipeline/jobs/pipeline.h"
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
  return Ellipsize(text, max_chars, max_chars - 1);
}

std::string StatusLabel(Lang lang, const TaskStatus& t) {
  std::string label;
  switch (t.completion) {
    case Completion::kCompleted:
      label = Message(lang, t.timeliness == Timeliness::kOnTime ? Msg::kTaskCompletedOnTime
                            : t.timeliness == Timeliness::kLate ? Msg::kTaskCompletedLate
                                                                : Msg::kTaskCompleted);
      break;
    case Completion::kNotCompleted:
      label = Message(lang, t.timeliness == Timeliness::kWithinTerm ? Msg::kTaskNotCompletedWithinTerm
                            : t.timeliness == Timeliness::kOverdue  ? Msg::kTaskNotCompletedOverdue
                                                                    : Msg::kTaskNotCompleted);
      break;
    case Completion::kNoInformation:
      label = Message(lang, Msg::kTaskNoInformation);
      break;
  }
  if (t.completion != Completion::kCompleted && !t.due.empty()) {
    label += " (" +
             (t.days_left >= 0 ? Message(lang, Msg::kTaskDaysLeft, {std::to_string(t.days_left)})
                               : Message(lang, Msg::kTaskDaysOverdue, {std::to_string(-t.days_left)})) +
             ")";
  }
  switch (t.attainment) {
    case Attainment::kMet: label += "; " + Message(lang, Msg::kTaskTargetMet); break;
    case Attainment::kExceeded: label += "; " + Message(lang, Msg::kTaskTargetExceeded); break;
    case Attainment::kNotMet: label += "; " + Message(lang, Msg::kTaskTargetNotMet); break;
    case Attainment::kUnknown: break;
  }
  return label;
}

std::string Pad(std::string text, size_t width) {
  text = OneLine(text, width);
  size_t n = Utf8Length(text);
  if (n < width) text.append(width - n, ' ');
  return text;
}

std::string Leads(const TaskStatus& t) { return t.task.lead.empty() ? "?" : Join(t.task.lead, "; "); }

void PrintTaskTable(Lang lang, const CrossCheckResult& result) {
  std::string plan;
  for (size_t idx = 0; idx < result.tasks.size(); ++idx) {
    const TaskStatus& t = result.tasks[idx];
    if (t.plan_number != plan) {
      plan = t.plan_number;
      size_t count = 0;
      for (const TaskStatus& u : result.tasks) count += u.plan_number == plan;
      std::cout << Message(lang, Msg::kTaskTableHeader, {plan, std::to_string(count), t.as_of, t.as_of_source})
                << "\n" << Message(lang, Msg::kTaskTableColumns) << "\n";
    }
    std::string due = t.due.empty() ? Message(lang, Msg::kTaskNoDueDate) : t.due + " (" + t.cycle + ")";
    std::cout << Pad(t.task.stt, 5) << Pad(Leads(t), 40) << " " << Pad(due, 24) << " " << StatusLabel(lang, t)
              << "\n";
    if (!t.evidence.empty()) {
      const Evidence& e = t.evidence.front().evidence;
      std::cout << "     «" << OneLine(e.quote, 220) << "» — "
                << Message(lang, Msg::kTaskEvidence, {e.document, std::to_string(e.page)}) << "\n";
    }
  }
  if (result.tasks.empty()) return;
  // Follow-up: every task not completed, grouped by lead agency.
  std::map<std::string, std::vector<const TaskStatus*>> by_agency;
  for (const TaskStatus& t : result.tasks) {
    if (t.completion == Completion::kCompleted) continue;
    if (t.task.lead.empty()) by_agency["?"].push_back(&t);
    for (const std::string& lead : t.task.lead) by_agency[lead].push_back(&t);
  }
  std::cout << "\n" << Message(lang, Msg::kTaskFollowUpHeader) << "\n";
  for (const auto& [agency, tasks] : by_agency) {
    std::cout << "  " << agency << ":\n";
    for (const TaskStatus* t : tasks) {
      std::cout << "    " << Pad(t->task.stt, 4) << Pad(t->task.content, 70) << "  " << StatusLabel(lang, *t)
                << "\n";
    }
  }
  int completed = 0, not_completed = 0, overdue = 0, none = 0;
  for (const TaskStatus& t : result.tasks) {
    completed += t.completion == Completion::kCompleted;
    not_completed += t.completion == Completion::kNotCompleted;
    overdue += t.completion == Completion::kNotCompleted && t.timeliness == Timeliness::kOverdue;
    none += t.completion == Completion::kNoInformation;
  }
  std::cout << Message(lang, Msg::kTaskStatusSummary,
                       {std::to_string(completed), std::to_string(not_completed), std::to_string(overdue),
                        std::to_string(none)})
            << "\n\n";
}

std::string JsonString(const std::string& s) { return s.empty() ? "null" : "\"" + JsonEscape(s) + "\""; }

void PrintJson(const CrossCheckResult& result) {
  std::cout << "{\n  \"tasks\": [";
  for (size_t idx = 0; idx < result.tasks.size(); ++idx) {
    const TaskStatus& t = result.tasks[idx];
    std::cout << (idx ? ",\n" : "\n") << "    {\"plan\": " << JsonString(t.plan_number)
              << ", \"stt\": " << JsonString(t.task.stt) << ", \"lead\": [";
    for (size_t l = 0; l < t.task.lead.size(); ++l) std::cout << (l ? ", " : "") << JsonString(t.task.lead[l]);
    std::cout << "], \"timeframe\": " << JsonString(t.task.timeframe.text) << ",\n     \"status\": {\"completion\": \""
              << CompletionName(t.completion) << "\", \"timeliness\": \"" << TimelinessName(t.timeliness)
              << "\", \"attainment\": \"" << AttainmentName(t.attainment)
              << "\", \"attainment_reason\": " << JsonString(t.attainment_reason)
              << ", \"as_of\": " << JsonString(t.as_of) << ", \"cycle\": " << JsonString(t.cycle)
              << ", \"cycle_start\": " << JsonString(t.cycle_start) << ", \"due\": " << JsonString(t.due)
              << ", \"completed_on\": " << JsonString(t.completed_on) << ", \"days_left\": "
              << (t.due.empty() ? std::string("null") : std::to_string(t.days_left)) << "},\n     \"evidence\": [";
    for (size_t e = 0; e < t.evidence.size(); ++e) {
      const LinkedEvidence& le = t.evidence[e];
      std::cout << (e ? ",\n" : "\n") << "       {\"document\": " << JsonString(le.evidence.document)
                << ", \"page\": " << le.evidence.page << ", \"begin\": " << le.evidence.span.begin
                << ", \"end\": " << le.evidence.span.end << ", \"quote\": " << JsonString(le.evidence.quote)
                << ", \"reason\": " << JsonString(le.reason) << "}";
    }
    std::cout << (t.evidence.empty() ? "]}" : "]}");
  }
  std::cout << "\n  ],\n  \"flags\": [";
  for (size_t idx = 0; idx < result.flags.size(); ++idx) {
    const Flag& f = result.flags[idx];
    std::cout << (idx ? ",\n" : "\n") << "    {\"kind\": " << JsonString(FlagKindKey(f.kind)) << ", \"message\": "
              << JsonString(f.message_vi) << ", \"message_en\": " << JsonString(f.message_en) << "}";
  }
  std::cout << "\n  ]\n}\n";
}

}  // namespace

int RunCheckCommand(const Invocation& inv) {
  Result<std::unique_ptr<Store>> store = Store::Open(inv.Option("--db", "docpipe.db"));
  if (!store.ok()) {
    std::cerr << "docpipe: " << RenderStatus(inv.lang, store.status()) << "\n";
    return kExitError;
  }
  CrossCheckOptions options;
  options.rules_dir = inv.Option("--rules", DefaultRulesDir());
  options.render_flag = RenderFlagTexts;
  Result<CheckJobResult> checked = RunCheckJob(store->get(), options);
  if (!checked.ok()) {
    std::cerr << "docpipe: " << RenderStatus(inv.lang, checked.status()) << "\n";
    return kExitError;
  }
  const CrossCheckResult* result = &checked->result;
  std::string html = inv.Option("--html");
  if (inv.command == "report" && html.empty()) {
    std::cerr << "docpipe: " << Message(inv.lang, Msg::kMissingArgument, {"--html FILE"}) << "\n";
    return kExitError;
  }
  if (!html.empty()) {
    std::ofstream out(html, std::ios::binary);
    Status written = WriteHtmlReport(checked->corpus, *result, out);
    out.close();
    if (written.ok() && !out) written = Status::Error(Code::kIoError, "write failed", Location{html});
    if (!written.ok()) {
      std::cerr << "docpipe: " << RenderStatus(inv.lang, written) << "\n";
      return kExitError;
    }
    std::cerr << Message(inv.lang, Msg::kReportWritten, {html}) << "\n";
  }
  if (inv.command == "report") return kExitOk;

  if (inv.Flag("--json")) {
    PrintJson(*result);
    bool contradictions = false;
    for (const Flag& f : result->flags) contradictions |= f.severity == FlagSeverity::kContradiction;
    return contradictions ? kExitFindings : kExitOk;
  }
  bool vi = inv.lang == Lang::kVi;
  PrintTaskTable(inv.lang, *result);

  size_t counts[3] = {0, 0, 0};
  std::optional<FlagKind> current_kind;
  for (const Flag& f : result->flags) {
    ++counts[static_cast<int>(f.severity)];
    if (f.kind != current_kind) {
      current_kind = f.kind;
      std::cout << "== " << FlagKindKey(f.kind) << " ==\n";
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
