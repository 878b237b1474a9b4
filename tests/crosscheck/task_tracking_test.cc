// Task tracking (issue #13): evidence is a reported result, linked by what
// the task is about; status per cycle as of the latest report's period.
//
// 1. The seeds: tests/data/crosscheck/seed_report_evidence.tsv says, read by
//    hand, which of the 68 tasks of plan 1520/QĐ-UBND the 6-month report
//    states a result about. Precision and recall of "has report evidence"
//    are printed and must both reach 0.9 (the acceptance 1); for
//    every task linked wrongly or missed, the task's text and its candidate
//    sentences with their strength and why each was taken or dropped are
//    printed. Every piece of evidence must come from the report (letters
//    and conclusions assign work: never progress) and no quote may be an
//    order, assignment or proposal.
// 2. A synthetic plan and two reports of another province
//    (tests/data/crosscheck/t*_*.txt): every status as written in
//    tests/data/crosscheck/tracking_expected.tsv.

#include <catch2/catch.hpp>
#include <fstream>
#include <iostream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "pipeline/crosscheck/crosscheck.h"
#include "pipeline/crosscheck/flags.h"
#include "pipeline/crosscheck/linker.h"
#include "pipeline/crosscheck/plan.h"
#include "pipeline/normalize/fold.h"
#include "pipeline/store/export.h"
#include "tests/crosscheck/crosscheck_test_util.h"
#include "tests/test_util.h"

namespace docpipe::testing {
namespace {

// The first "n" bytes of "text", cut at a character boundary.
std::string Cut(const std::string& text, size_t n) {
  if (text.size() <= n) return text;
  while (n > 0 && (static_cast<unsigned char>(text[n]) & 0xC0) == 0x80) --n;
  return text.substr(0, n);
}

std::string Describe(const TaskStatus& t) {
  std::string out = "task " + t.task.stt + " [" + CompletionName(t.completion) + "/" +
                    TimelinessName(t.timeliness) + "/" + AttainmentName(t.attainment) + " cycle " +
                    t.cycle + " due " + t.due + " as of " + t.as_of + "]";
  if (!t.attainment_reason.empty()) out += " (" + t.attainment_reason + ")";
  out += "\n";
  for (const LinkedEvidence& e : t.evidence) {
    out += "    " + e.evidence.document + " p" + std::to_string(e.evidence.page) + " " + e.reason +
           ": " + Cut(e.evidence.quote, 160) + "\n";
  }
  return out;
}

// For the tasks of "stts": the task's text, then the sentences the linker
// took and the strongest it dropped, with strength, shared terms and why.
std::string Diagnose(const CheckedCorpus& checked, const std::set<std::string>& stts) {
  using namespace crosscheck_internal;
  std::vector<CorpusDocument> corpus = PrepareCorpus(checked.corpus);
  std::vector<Flag> ignored;
  DropCopies(&corpus, &ignored);
  Result<FlagVocabulary> words = LoadFlagVocabulary(SourcePath("rules/crosscheck/text_words.tsv"));
  if (!words.ok()) return "cannot load rules/crosscheck/text_words.tsv\n";
  std::vector<PlanModel> plans = BuildPlans(corpus, words->place_prefixes);
  Result<Vocabulary> vocabulary = LoadVocabulary(SourcePath("rules/tracking.tsv"));
  if (!vocabulary.ok()) return "cannot load rules/tracking.tsv\n";
  std::vector<ReportPeriod> reports = FindReports(corpus, *vocabulary);
  Result<std::vector<TaskLinks>> links = LinkTasks(plans, reports, *vocabulary, nullptr);
  if (!links.ok()) return "LinkTasks failed\n";
  std::string out;
  for (const TaskLinks& task : *links) {
    if (stts.count(task.task->stt) == 0) continue;
    out += "  task " + task.task->stt + ": " + Cut(task.task->content, 200) + "\n";
    for (const auto* list : {&task.links, &task.dropped}) {
      for (const SentenceLink& link : *list) {
        std::string quote(link.report->doc->text().substr(link.span.begin, link.span.size()));
        out += std::string(list == &task.links ? "    taken " : "    ") + link.reason + ": " +
               Cut(quote, 140) + "\n";
      }
    }
  }
  return out;
}

TEST_CASE("Report evidence on the seeds: precision and recall against a hand reading",
          "[crosscheck]") {
  std::vector<std::string> files;
  for (const char* prefix : {"000", "001", "002", "003", "004"}) files.push_back(SeedPath(prefix));
  CheckedCorpus checked = IngestAndCheck(files, "2026-11-23");
  INFO(checked.error);
  REQUIRE(checked.error.empty());
  REQUIRE(checked.result.tasks.size() == 68);
  std::map<std::string, const TaskStatus*> by_stt;
  for (const TaskStatus& t : checked.result.tasks) by_stt[t.task.stt] = &t;

  std::vector<TsvCase> cases = LoadTsvCases("crosscheck/seed_report_evidence.tsv");
  REQUIRE(cases.size() == 68);
  int tp = 0, fp = 0, fn = 0, tn = 0, same_line = 0;
  std::set<std::string> wrong;
  std::string report_label;
  for (const TsvCase& c : cases) {
    REQUIRE(c.fields.size() >= 2);
    const std::string& stt = c.fields[0];
    INFO("seed_report_evidence.tsv:" << c.line);
    REQUIRE(by_stt.count(stt) == 1);
    const TaskStatus& t = *by_stt[stt];
    bool want = c.fields[1] == "yes";
    bool got = !t.evidence.empty();
    tp += want && got;
    fp += !want && got;
    fn += want && !got;
    tn += !want && !got;
    if (want != got) {
      std::cout << (got ? "FALSE POSITIVE " : "MISSED ") << Describe(t);
      wrong.insert(stt);
    }
    if (want && got && c.fields.size() >= 4) {
      for (const LinkedEvidence& e : t.evidence) {
        if (FoldKey(e.evidence.quote).find(FoldKey(c.fields[3])) != std::string::npos) {
          ++same_line;
          break;
        }
      }
    }
    // Not one status rests on an order: every quote comes from the report
    // and none orders, assigns, requests or proposes.
    for (const LinkedEvidence& e : t.evidence) {
      CHECK(e.evidence.document.find("000") != std::string::npos);
      std::string quote = " " + FoldKey(e.evidence.quote) + " ";
      for (const char* order : {"duoc giao", "chi dao", "yeu cau", "de nghi", "de xuat", "du kien",
                                "phuong huong", "se "}) {
        INFO("task " << stt << ": " << e.evidence.quote);
        CHECK(quote.find(std::string(" ") + order) == std::string::npos);
      }
    }
  }
  double precision = tp + fp == 0 ? 0 : static_cast<double>(tp) / (tp + fp);
  double recall = tp + fn == 0 ? 0 : static_cast<double>(tp) / (tp + fn);
  std::map<std::string, int> counts;
  for (const TaskStatus& t : checked.result.tasks) {
    ++counts[std::string(CompletionName(t.completion)) + "/" + TimelinessName(t.timeliness)];
    if (t.attainment != Attainment::kUnknown)
      ++counts[std::string("attainment ") + AttainmentName(t.attainment)];
  }
  std::cout << "seed report evidence: tp " << tp << " fp " << fp << " fn " << fn << " tn " << tn
            << "; precision " << precision << ", recall " << recall
            << "; hand-read sentence among the evidence for " << same_line << " of " << tp << "\n";
  for (const auto& [status, n] : counts) std::cout << "  " << status << ": " << n << "\n";
  if (!wrong.empty()) std::cout << "linked wrongly or missed:\n" << Diagnose(checked, wrong);
  // Issue #13, acceptance 1 (measured 0.92 and 0.92).
  CHECK(precision >= 0.9);
  CHECK(recall >= 0.9);
  // As of the end of the report's period, not the machine clock.
  CHECK(checked.result.tasks.front().as_of == "2026-06-30");
  // Task 1 is due "Năm 2025": past due on 30/6/2026, never "in progress".
  CHECK(by_stt["1"]->due == "2025-12-31");
  CHECK(by_stt["1"]->timeliness != Timeliness::kWithinTerm);
  // "Hằng năm": the 2026 cycle; "Thường xuyên": no due date.
  CHECK(by_stt["3"]->cycle == "2026");
  CHECK(by_stt["3"]->due == "2026-12-31");
  CHECK(by_stt["2"]->due.empty());
}

TEST_CASE("Task statuses of a synthetic plan and two reports are all as expected", "[crosscheck]") {
  std::vector<std::string> files;
  for (const char* name :
       {"t1_ke_hoach_412.txt", "t2_bao_cao_quy_i.txt", "t3_bao_cao_6_thang.txt"}) {
    files.push_back(SourcePath(std::string("tests/data/crosscheck/") + name));
  }
  CheckedCorpus checked = IngestAndCheck(files, "2027-01-15");
  INFO(checked.error);
  REQUIRE(checked.error.empty());
  std::map<std::string, const TaskStatus*> by_stt;
  for (const TaskStatus& t : checked.result.tasks) by_stt[t.task.stt] = &t;
  std::vector<TsvCase> cases = LoadTsvCases("crosscheck/tracking_expected.tsv");
  REQUIRE(cases.size() == 6);
  REQUIRE(checked.result.tasks.size() == 6);
  for (const TsvCase& c : cases) {
    REQUIRE(c.fields.size() >= 7);
    INFO("tracking_expected.tsv:" << c.line << ": "
                                  << (by_stt.count(c.fields[0]) ? Describe(*by_stt[c.fields[0]])
                                                                : "missing"));
    REQUIRE(by_stt.count(c.fields[0]) == 1);
    const TaskStatus& t = *by_stt[c.fields[0]];
    CHECK(t.as_of == "2026-06-30");
    CHECK(CompletionName(t.completion) == c.fields[1]);
    CHECK(TimelinessName(t.timeliness) == c.fields[2]);
    CHECK(AttainmentName(t.attainment) == c.fields[3]);
    CHECK(t.due == c.fields[4]);
    CHECK((t.completed_on.empty() ? "-" : t.completed_on) == c.fields[5]);
    if (c.fields[6] == "-") {
      CHECK(t.evidence.empty());
    } else {
      REQUIRE(!t.evidence.empty());
      CHECK(t.evidence.front().evidence.document == c.fields[6]);
    }
  }
}

TEST_CASE("Export carries every task's status and evidence and validates against the schema",
          "[crosscheck]") {
  std::vector<std::string> files;
  for (const char* prefix : {"000", "001", "002", "003", "004"}) files.push_back(SeedPath(prefix));
  CheckedCorpus checked = IngestAndCheck(files, "2026-11-23");
  INFO(checked.error);
  REQUIRE(checked.error.empty());
  REQUIRE(checked.store->ReplaceTaskTracking(ToTaskTracking(checked.result)).ok());
  std::ostringstream json;
  REQUIRE(ExportJson(*checked.store, json).ok());
  TempDir dir;
  std::string path = dir.File("export.json");
  std::ofstream(path, std::ios::binary) << json.str();
  std::string probe;
  if (RunCommand("/usr/bin/python3 -c 'import jsonschema' 2>&1", &probe) != 0) {
    WARN("python3-jsonschema not installed (apt-get install python3-jsonschema): skipped");
    return;
  }
  // Valid, and every task of the plan has a status; evidence only from reports.
  std::string command =
      "/usr/bin/python3 -c 'import json, sys, jsonschema\n"
      "d = json.load(open(sys.argv[1]))\n"
      "jsonschema.Draft7Validator(json.load(open(sys.argv[2]))).validate(d)\n"
      "tasks = [t for doc in d[\"documents\"] for t in doc[\"tasks\"]]\n"
      "assert len(tasks) == 68, len(tasks)\n"
      "assert all(t[\"status\"] is not None for t in tasks)\n"
      "assert all(t[\"status\"][\"as_of\"] == \"2026-06-30\" for t in tasks)\n"
      "ev = [e for t in tasks for e in t[\"evidence\"]]\n"
      "assert ev and all(e[\"sha256\"] and e[\"quote\"] for e in ev)\n"
      "print(len(ev), \"evidence\")' " +
      path + " " + SourcePath("schema/export.schema.json") + " 2>&1";
  std::string output;
  int exit_status = RunCommand(command, &output);
  INFO(output);
  CHECK(exit_status == 0);
  // CSV: the tasks table has the status columns filled.
  std::ostringstream csv;
  REQUIRE(ExportCsv(*checked.store, CsvTable::kTasks, csv).ok());
  CHECK(csv.str().find("status_completion") != std::string::npos);
  CHECK(csv.str().find("no_information") != std::string::npos);
}

}  // namespace
}  // namespace docpipe::testing
