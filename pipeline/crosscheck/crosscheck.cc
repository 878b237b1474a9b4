// pipeline/crosscheck/crosscheck.cc: RunCrossCheck wires the corpus, the
// plan model, the checks (flags.cc) and the task linker (linker.cc).

#include "pipeline/crosscheck/crosscheck.h"

#include <algorithm>
#include <map>
#include <utility>

#include "pipeline/crosscheck/flags.h"
#include "pipeline/crosscheck/linker.h"
#include "pipeline/crosscheck/plan.h"
#include "pipeline/normalize/dates.h"
#include "pipeline/crosscheck/tracking.h"

namespace docpipe {
namespace {

// Display order of kinds within a severity (independent of the stored
// enum values).
int KindRank(FlagKind kind) {
  static constexpr FlagKind kOrder[] = {
      FlagKind::kFigureMismatch, FlagKind::kCountVsList,        FlagKind::kPlanClaim,
      FlagKind::kCumulativeDecrease, FlagKind::kListVsCount,    FlagKind::kDeadline,
      FlagKind::kQualityRepeat,  FlagKind::kQualityPlaceholder, FlagKind::kQualitySectionNumber,
      FlagKind::kUpdate,         FlagKind::kDuplicateCopy};
  for (size_t idx = 0; idx < std::size(kOrder); ++idx) {
    if (kind == kOrder[idx]) return static_cast<int>(idx);
  }
  return 100;
}

}  // namespace

const char* CompletionName(Completion c) {
  switch (c) {
    case Completion::kNoInformation: return "no_information";
    case Completion::kNotCompleted: return "not_completed";
    case Completion::kCompleted: return "completed";
  }
  return "";
}

const char* TimelinessName(Timeliness t) {
  switch (t) {
    case Timeliness::kNoDueDate: return "no_due_date";
    case Timeliness::kWithinTerm: return "within_term";
    case Timeliness::kOverdue: return "overdue";
    case Timeliness::kOnTime: return "on_time";
    case Timeliness::kLate: return "late";
  }
  return "";
}

const char* AttainmentName(Attainment a) {
  switch (a) {
    case Attainment::kUnknown: return "unknown";
    case Attainment::kNotMet: return "not_met";
    case Attainment::kMet: return "met";
    case Attainment::kExceeded: return "exceeded";
  }
  return "";
}

std::vector<TaskTracking> ToTaskTracking(const CrossCheckResult& result) {
  std::vector<TaskTracking> out;
  for (const TaskStatus& t : result.tasks) {
    TaskTracking item;
    item.plan_document_id = t.plan_document_id;
    item.task_seq = t.task_seq;
    item.completion = CompletionName(t.completion);
    item.timeliness = TimelinessName(t.timeliness);
    item.attainment = AttainmentName(t.attainment);
    item.attainment_reason = t.attainment_reason;
    item.as_of = t.as_of;
    item.as_of_source = t.as_of_source;
    item.cycle = t.cycle;
    item.cycle_start = t.cycle_start;
    item.due = t.due;
    item.completed_on = t.completed_on;
    if (!t.due.empty()) item.days_left = t.days_left;
    for (const LinkedEvidence& e : t.evidence) item.evidence.push_back({e.evidence, e.reason});
    out.push_back(std::move(item));
  }
  return out;
}

Result<CrossCheckResult> RunCrossCheck(const Corpus& entries, const CrossCheckOptions& options) {
  using namespace crosscheck_internal;
  Result<FlagVocabulary> flag_vocabulary = LoadFlagVocabulary(options.rules_dir + "/flag_words.tsv");
  if (!flag_vocabulary.ok()) return flag_vocabulary.status();
  // The words of the cross-check's own text analysis (stop words, place
  // prefixes), in a subfolder: they change no extracted fact, so they are not
  // part of the rule-set version.
  Status words =
      LoadFlagVocabularyInto(options.rules_dir + "/crosscheck/text_words.tsv", &*flag_vocabulary);
  if (!words.ok()) return words;
  std::vector<CorpusDocument> corpus = PrepareCorpus(entries);
  std::string today = options.today.empty() ? TodayUtcIso() : options.today;
  CrossCheckResult result;
  DropCopies(&corpus, &result.flags);
  std::vector<PlanModel> plans = BuildPlans(corpus, flag_vocabulary->place_prefixes);

  for (const CorpusDocument& doc : corpus) {
    CheckCountsAgainstLists(doc, *flag_vocabulary, &result.flags);
    CheckQuality(doc, &result.flags);
  }
  CheckFigures(corpus, *flag_vocabulary, &result.flags);
  CheckPlanClaims(corpus, plans, &result.flags);
  CheckListsAgainstCounts(corpus, *flag_vocabulary, &result.flags);
  CheckDeadlines(corpus, today, *flag_vocabulary, &result.flags);
  // A flag without evidence is not a flag (model/flags.h).
  result.flags.erase(std::remove_if(result.flags.begin(), result.flags.end(),
                                    [](const Flag& f) {
                                      for (const Evidence& e : f.evidence) {
                                        if (e.quote.empty()) return true;
                                      }
                                      return f.evidence.empty();
                                    }),
                     result.flags.end());
  // Grouped by kind (the CLI prints one heading per kind), the kinds with
  // the most severe flag first.
  if (options.render_flag) {
    for (Flag& f : result.flags) options.render_flag(&f);
  }
  std::map<FlagKind, int> worst;
  for (const Flag& f : result.flags) {
    worst[f.kind] = std::max(worst[f.kind], static_cast<int>(f.severity));
  }
  std::stable_sort(result.flags.begin(), result.flags.end(), [&](const Flag& a, const Flag& b) {
    if (worst[a.kind] != worst[b.kind]) return worst[a.kind] > worst[b.kind];
    if (a.kind != b.kind) return KindRank(a.kind) < KindRank(b.kind);
    return static_cast<int>(a.severity) > static_cast<int>(b.severity);
  });
  Result<Vocabulary> vocabulary = LoadVocabulary(options.rules_dir + "/tracking.tsv");
  if (!vocabulary.ok()) return vocabulary.status();
  std::vector<ReportPeriod> reports = FindReports(corpus, *vocabulary);
  Result<std::vector<TaskLinks>> links = LinkTasks(plans, reports, *vocabulary, &result.unlinked);
  if (!links.ok()) return links.status();
  std::string as_of_source;
  std::string as_of = AsOfDate(reports, today, &as_of_source);
  result.tasks = TrackTasks(*links, as_of, as_of_source);
  return result;
}

}  // namespace docpipe
