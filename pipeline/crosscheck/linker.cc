// pipeline/crosscheck/linker.cc: statements of later documents -> plan tasks.
//
// Score (0..1) = topic (shared word pairs, weighted down when they occur in
// many sentences, as "hội nhập quốc tế" does everywhere) + 0.25 when the
// sentence names a lead agency of the task + 0.15 when it has a figure in
// the unit of one of the task's targets. A link needs a score of 0.35 and
// at least two shared word pairs.

#include "pipeline/crosscheck/linker.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

#include "pipeline/base/strings.h"
#include "pipeline/normalize/fold.h"

namespace docpipe::crosscheck_internal {
namespace {

struct Statement {
  const CorpusDocument* doc = nullptr;
  Span span;  // normalised
  std::string folded;
  std::set<std::string> bigrams;
  std::vector<const Figure*> figures;
  bool linked = false;
};

constexpr double kMinScore = 0.35;
constexpr size_t kMaxEvidence = 5;

}  // namespace

std::vector<TaskStatus> LinkTasks(const std::vector<CorpusDocument>& corpus,
                                  const std::vector<PlanModel>& plans, const std::string& today,
                                  std::vector<Evidence>* unlinked) {
  std::set<const CorpusDocument*> plan_docs;
  for (const PlanModel& plan : plans) plan_docs.insert(plan.document);
  std::vector<Statement> statements;
  std::map<std::string, int> frequency;
  for (const CorpusDocument& doc : corpus) {
    if (plan_docs.count(&doc) > 0) continue;
    std::string_view text = doc.text();
    for (const Span& s : Sentences(text)) {
      std::string_view sentence = text.substr(s.begin, s.size());
      if (FoldedWords(sentence).size() < 6) continue;
      Statement st;
      st.doc = &doc;
      st.span = s;
      st.folded = FoldKey(sentence);
      st.bigrams = ContentBigrams(sentence);
      for (const std::string& b : st.bigrams) ++frequency[b];
      statements.push_back(std::move(st));
    }
    for (const Figure& figure : doc.extraction.figures) {
      size_t at = doc.SourceToNormalized(figure.where.span.begin);
      for (Statement& st : statements) {
        if (st.doc == &doc && at >= st.span.begin && at < st.span.end) {
          st.figures.push_back(&figure);
          break;
        }
      }
    }
  }
  double common = std::max(3.0, 0.08 * static_cast<double>(statements.size()));

  std::vector<TaskStatus> out;
  for (const PlanModel& plan : plans) {
    for (const Task& task : plan.document->extraction.tasks) {
      TaskStatus status;
      status.plan_document_id = plan.document->id;
      status.plan_number = plan.number;
      status.task = task;
      std::set<std::string> task_bigrams = ContentBigrams(task.content + " . " + task.result);
      std::vector<std::string> leads;
      for (const std::string& lead : task.lead) {
        if (!IsAgencyGroup(lead)) leads.push_back(FoldKey(lead));
      }
      std::vector<std::pair<double, LinkedEvidence>> scored;
      std::vector<Statement*> linked_statements;
      for (Statement& st : statements) {
        double topic = 0;
        std::vector<std::string> shared;
        for (const std::string& b : st.bigrams) {
          if (task_bigrams.count(b) == 0) continue;
          double f = frequency[b];
          if (f > common) continue;
          shared.push_back(b);
          topic += 1.0 / (1.0 + std::log(f));
        }
        if (shared.size() < 2) continue;
        double score = std::min(0.6, topic * 0.12);
        std::string reason;
        for (const std::string& lead : leads) {
          if (!lead.empty() && st.folded.find(lead) != std::string::npos) {
            score += 0.25;
            reason = "agency " + lead + " + ";
            break;
          }
        }
        std::string unit;
        for (const Target& target : task.targets) {
          for (const Figure* f : st.figures) {
            if (!target.unit.empty() && MatchKey(f->unit) == MatchKey(target.unit)) unit = f->unit;
          }
        }
        if (!unit.empty()) score += 0.15;
        if (score < kMinScore) continue;
        std::string words;
        for (size_t idx = 0; idx < shared.size() && idx < 4; ++idx) {
          words += (idx ? ", '" : "'") + shared[idx] + "'";
        }
        reason += "words " + words;
        if (!unit.empty()) reason += " + unit " + unit;
        LinkedEvidence linked;
        linked.evidence = st.doc->EvidenceAt(st.span);
        linked.score = std::min(1.0, score);
        linked.reason = reason;
        scored.push_back({linked.score, std::move(linked)});
        linked_statements.push_back(&st);
      }
      std::vector<size_t> order(scored.size());
      for (size_t idx = 0; idx < order.size(); ++idx) order[idx] = idx;
      std::stable_sort(order.begin(), order.end(),
                       [&](size_t a, size_t b) { return scored[a].first > scored[b].first; });
      bool met = false, exceeded = false;
      for (size_t rank = 0; rank < order.size() && rank < kMaxEvidence; ++rank) {
        status.evidence.push_back(scored[order[rank]].second);
        Statement* st = linked_statements[order[rank]];
        st->linked = true;
        for (const Target& target : task.targets) {
          for (const Figure* f : st->figures) {
            if (target.unit.empty() || MatchKey(f->unit) != MatchKey(target.unit) || target.value <= 0) continue;
            if (f->value > target.value * 1.002) {
              exceeded = true;
            } else if (f->value >= target.value * 0.998) {
              met = true;
            }
          }
        }
      }
      if (status.evidence.empty()) {
        bool ended = !task.timeframe.end.empty() && !today.empty() && task.timeframe.end < today;
        status.state = ended ? TaskState::kOverdue : TaskState::kNoEvidence;
      } else {
        status.state = exceeded ? TaskState::kExceeded : met ? TaskState::kTargetMet : TaskState::kInProgress;
      }
      out.push_back(std::move(status));
    }
  }
  if (unlinked != nullptr) {
    for (const Statement& st : statements) {
      if (!st.linked && !st.figures.empty()) unlinked->push_back(st.doc->EvidenceAt(st.span));
    }
  }
  return out;
}

}  // namespace docpipe::crosscheck_internal
