// Task tracking (issue #13): evidence is a reported result, linked by what
// the task is about; status per cycle as of the latest report's period.
//
// 1. The seeds: tests/data/crosscheck/seed_report_evidence.tsv says, read by
//    hand, which of the 68 tasks of plan 1520/QĐ-UBND the 6-month report
//    states a result about. Precision and recall of "has report evidence"
//    are printed and held above floors (the target, 0.9 each, is
//    not reached yet), and every piece of evidence must come from
//    the report (letters and conclusions assign work: never progress).
// 2. A synthetic plan and two reports of another province
//    (tests/data/crosscheck/t*_*.txt): every status as written in
//    tests/data/crosscheck/tracking_expected.tsv.

#include <catch2/catch.hpp>
#include <fstream>
#include <iostream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "pipeline/crosscheck/crosscheck.h"
#include "pipeline/normalize/fold.h"
#include "pipeline/store/export.h"
#include "tests/crosscheck/crosscheck_test_util.h"
#include "tests/test_util.h"

namespace docpipe::testing {
namespace {

std::string Describe(const TaskStatus& t) {
  std::string out = "task " + t.task.stt + " [" + CompletionName(t.completion) + "/" +
                    TimelinessName(t.timeliness) + "/" + AttainmentName(t.attainment) + " cycle " +
                    t.cycle + " due " + t.due + " as of " + t.as_of + "]";
  if (!t.attainment_reason.empty()) out += " (" + t.attainment_reason + ")";
  out += "\n";
  for (const LinkedEvidence& e : t.evidence) {
    out += "    " + e.evidence.document + " p" + std::to_string(e.evidence.page) + " " + e.reason +
           ": " + e.evidence.quote.substr(0, 160) + "\n";
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
    if (want != got) std::cout << (got ? "FALSE POSITIVE " : "MISSED ") << Describe(t);
    if (want && got && c.fields.size() >= 4) {
      for (const LinkedEvidence& e : t.evidence) {
        if (FoldKey(e.evidence.quote).find(FoldKey(c.fields[3])) != std::string::npos) {
          ++same_line;
          break;
        }
      }
    }
    // Not one status rests on an order: every quote comes from the report.
    for (const LinkedEvidence& e : t.evidence) {
      CHECK(e.evidence.document.find("000") != std::string::npos);
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
  // TODO(#13): the issue asks for 0.9 and 0.9. Linking by shared words and
  // phrases measures precision 0.875, recall 0.81 here (was 0.80, 0.59);
  // the misses need more than shared words (a foreign name shared by two
  // tasks, generic phrases, an activity named by a near-synonym), see
  // seed_report_evidence.tsv. These floors keep it from getting worse.
  CHECK(precision >= 0.85);
  CHECK(recall >= 0.8);
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
