// pipeline/crosscheck/tracking.cc: task status per cycle as of a report.

#include "pipeline/crosscheck/tracking.h"

#include <algorithm>
#include <cstdio>
#include <map>
#include <set>

#include "pipeline/base/strings.h"
#include "pipeline/normalize/dates.h"
#include "pipeline/normalize/fold.h"

namespace docpipe::crosscheck_internal {
namespace {

// Days since 1970-01-01 of an ISO date (H. Hinnant's days_from_civil).
long DaysOf(const std::string& iso) {
  if (iso.size() != 10) return 0;
  int64_t y = 0, m = 0, d = 0;
  if (!ParseInt(iso.substr(0, 4), &y) || !ParseInt(iso.substr(5, 2), &m) ||
      !ParseInt(iso.substr(8, 2), &d)) {
    return 0;
  }
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const int64_t yoe = y - era * 400;
  const int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return static_cast<long>(era * 146097 + doe - 719468);
}

int YearOf(const std::string& iso) {
  int64_t y = 0;
  if (iso.size() < 4 || !ParseInt(iso.substr(0, 4), &y)) return 0;
  return static_cast<int>(y);
}

std::string Number(double value) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.15g", value);
  return buf;
}

bool Overlaps(const ReportPeriod& report, const std::string& start, const std::string& end) {
  std::string report_start = report.start.empty() ? report.end : report.start;
  return !report.end.empty() && report.end >= start && report_start <= end;
}

}  // namespace

std::string AsOfDate(const std::vector<ReportPeriod>& reports, const std::string& today,
                     std::string* source) {
  std::string best;
  for (const ReportPeriod& report : reports) {
    if (report.end > best) {
      best = report.end;
      if (source != nullptr) *source = report.doc->label + ": " + report.text;
    }
  }
  if (best.empty()) {
    if (source != nullptr) *source = "today";
    return today;
  }
  return best;
}

// Target attainment: a target with a unit, due within this cycle, that no
// other target of the task shares (a per-crop breakdown is not one total),
// against a figure of a linked sentence in the same unit for a period inside
// the cycle [start, due]. Sets status->attainment and its reason; returns the
// date the target was reached ("" when not).
std::string AssessTargets(const Task& task, const std::vector<const SentenceLink*>& used,
                          const std::string& start, const std::string& due,
                          const std::string& as_of, TaskStatus* status) {
  std::string completed_on;
  std::vector<Attainment> attained;
  std::string reasons;
  std::map<std::string, int> units;
  for (const Target& target : task.targets) ++units[MatchKey(target.unit)];
  for (const Target& target : task.targets) {
    std::string unit = MatchKey(target.unit);
    if (target.value <= 0 || unit.empty()) continue;
    if (unit.find('/') != std::string::npos) {
      reasons += "target " + Number(target.value) + " " + target.unit + " is a rate; ";
      continue;
    }
    if (units[unit] > 1) {
      reasons += "several targets in " + target.unit + "; ";
      continue;
    }
    if (!target.date.empty() && !due.empty() && target.date > due) {
      reasons +=
          "target " + Number(target.value) + " " + target.unit + " is for " + target.date + "; ";
      continue;
    }
    const Figure* best = nullptr;
    const SentenceLink* best_link = nullptr;
    for (const SentenceLink* link : used) {
      for (const Figure* figure : link->figures) {
        if (MatchKey(figure->unit) != unit || figure->change_pct.has_value()) continue;
        std::string f_end = !figure->period.end.empty() ? figure->period.end : link->report->end;
        std::string f_start =
            !figure->period.start.empty() ? figure->period.start : link->report->start;
        if (!start.empty() && (f_end > due || (!f_start.empty() && f_start < start))) continue;
        if (best == nullptr || figure->value > best->value) {
          best = figure;
          best_link = link;
        }
      }
    }
    if (best == nullptr) continue;
    Attainment a = best->value > target.value * 1.0005    ? Attainment::kExceeded
                   : best->value >= target.value * 0.9995 ? Attainment::kMet
                                                          : Attainment::kNotMet;
    // Below target before the cycle ends is not yet a shortfall.
    if (a == Attainment::kNotMet && !due.empty() && as_of < due) {
      reasons +=
          Number(best->value) + " " + best->unit + " so far of " + Number(target.value) + "; ";
      continue;
    }
    attained.push_back(a);
    reasons += Number(best->value) + " " + best->unit + " vs target " + Number(target.value) +
               " " + target.unit + "; ";
    if (a != Attainment::kNotMet) {
      std::string when = !best->period.end.empty() ? best->period.end : best_link->report->end;
      if (completed_on.empty() || when > completed_on) completed_on = when;
    }
  }
  if (!attained.empty()) {
    status->attainment = *std::min_element(
        attained.begin(), attained.end(),
        [](Attainment a, Attainment b) { return static_cast<int>(a) < static_cast<int>(b); });
  }
  if (reasons.size() >= 2) reasons.resize(reasons.size() - 2);
  status->attainment_reason = reasons;
  return completed_on;
}

std::vector<TaskStatus> TrackTasks(const std::vector<TaskLinks>& all_links,
                                   const std::string& as_of, const std::string& as_of_source) {
  std::vector<TaskStatus> out;
  for (const TaskLinks& links : all_links) {
    const Task& task = *links.task;
    TaskStatus status;
    status.plan_document_id = links.plan->document->id;
    status.plan_number = links.plan->number;
    status.task = task;
    status.task_seq = static_cast<int>(links.task - links.plan->document->extraction.tasks.data());
    status.as_of = as_of;
    status.as_of_source = as_of_source;

    // The cycle as of "as_of": the one running then, else the last begun.
    const CorpusDocument& plan_doc = *links.plan->document;
    int plan_year = YearOf(!plan_doc.date.empty() ? plan_doc.date : plan_doc.date_floor);
    int as_of_year = YearOf(as_of);
    if (plan_year == 0) plan_year = as_of_year;
    std::vector<DueCycle> cycles;
    bool recurring = false;
    Result<DateInterval> timeframe = ParseTimeframe(task.timeframe.text);
    if (timeframe.ok()) {
      cycles = DueCycles(*timeframe, plan_year, std::max(plan_year, as_of_year));
      recurring = cycles.size() > 1 || timeframe->granularity == Granularity::kRecurring ||
                  timeframe->relation == DeadlineRelation::kFrom;
    }
    const DueCycle* cycle = nullptr;
    for (const DueCycle& c : cycles) {
      if (c.start.Iso() <= as_of) cycle = &c;
      if (c.start.Iso() <= as_of && c.due.Iso() >= as_of) break;
    }
    if (cycle == nullptr && !cycles.empty()) cycle = &cycles.front();
    std::string start = cycle != nullptr ? cycle->start.Iso() : "";
    std::string due = cycle != nullptr ? cycle->due.Iso() : "";
    if (cycle != nullptr) {
      status.cycle = cycle->label;
      status.cycle_start = start;
      status.due = due;
      status.days_left = static_cast<int>(DaysOf(due) - DaysOf(as_of));
    }

    // Evidence of this cycle: for a recurring task, from reports whose
    // period overlaps the cycle; otherwise every report's.
    std::vector<const SentenceLink*> used;
    for (const SentenceLink& link : links.links) {
      if (recurring && cycle != nullptr && !Overlaps(*link.report, start, due)) continue;
      if (link.report->end > as_of) continue;
      used.push_back(&link);
    }
    // The latest report first: it says where the task stands now.
    std::stable_sort(used.begin(), used.end(), [](const SentenceLink* a, const SentenceLink* b) {
      return a->report->end > b->report->end;
    });
    for (const SentenceLink* link : used) {
      status.evidence.push_back(
          {link->report->doc->EvidenceAt(link->span), link->score, link->reason});
    }

    std::string completed_on = AssessTargets(task, used, start, due, as_of, &status);

    // Completion.
    bool done = status.attainment == Attainment::kMet || status.attainment == Attainment::kExceeded;
    if (!done) completed_on.clear();
    for (const SentenceLink* link : used) {
      if (!link->says_completed) continue;
      std::string when = !link->stated_date.empty() && link->stated_date <= link->report->end
                             ? link->stated_date
                             : link->report->end;
      if (!done || when < completed_on) completed_on = when;
      done = true;
    }
    if (done) {
      status.completion = Completion::kCompleted;
      status.completed_on = completed_on;
      status.timeliness = due.empty()           ? Timeliness::kNoDueDate
                          : completed_on <= due ? Timeliness::kOnTime
                                                : Timeliness::kLate;
    } else {
      status.completion =
          status.evidence.empty() ? Completion::kNoInformation : Completion::kNotCompleted;
      status.timeliness = due.empty()    ? Timeliness::kNoDueDate
                          : as_of <= due ? Timeliness::kWithinTerm
                                         : Timeliness::kOverdue;
    }
    out.push_back(std::move(status));
  }
  return out;
}

}  // namespace docpipe::crosscheck_internal
