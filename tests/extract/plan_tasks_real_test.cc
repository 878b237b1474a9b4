// Issues #11/#12, extract side: task rows of plans that other issuers wrote
// and other producers laid out. Reads the three plans of
// ../shared/corpus/plans (LibreOffice and Chromium; see SOURCES.md there)
// through the whole pipeline and compares the tasks with
// tests/data/real/plan_tasks.tsv (STT, lead as printed, timeframe as printed,
// written by reading the PDFs; a merged cell counts for every row it spans).
// A row is right when a task with its STT exists; the lead is right when
// every expected agency is among the task's leads up to case, diacritic
// style, white space and punctuation; the timeframe when the printed text
// agrees the same way. Prints one line per row, a table per plan and the
// totals, then asserts the thresholds below (what the code achieved when they
// were set: raise them as it improves, never lower them without saying why).
//
// A second case checks our own plan sample as the three producers lay it out
// (samples/001-*.pdf, samples/office/{libreoffice,chromium}/001-*.pdf): 68
// tasks whose STT, lead and timeframe cells equal
// samples/001-quyet-dinh-1520.appendix.json.
//
// Without ../shared the first case skips (testing::SkipOrFail: it fails under
// CI=true). DOCPIPE_DUMP_TABLES=1 prints every table the reader gave.

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <map>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "pipeline/jobs/pipeline.h"
#include "pipeline/normalize/fold.h"
#include "pipeline/rules/gazetteer.h"
#include "tests/test_util.h"

namespace docpipe {
namespace {

using testing::LoadTsvCases;
using testing::SharedPath;
using testing::SourcePath;
using testing::TsvCase;

// Least right rows per plan: found, lead, timeframe (of 18, 15, 28 rows),
// and least timeframes with a period read from them (ParseVnDate, or the
// one period phrase of the cell). p02 prints months without a year
// ("Tháng 12"), most of p01 phrases ParseVnDate does not read ("Thực hiện
// thường xuyên hằng năm").
struct Threshold {
  const char* plan;
  int found, lead, timeframe, parsed;
};
constexpr Threshold kThresholds[] = {
    // Measured 2026-12-02 with the lattice reader (wt-reader 189a425). Before
    // this extractor and that reader (landed main): 29 rows found, 15 leads,
    // 21 timeframes in all; the old extractor on the lattice reader (902b3c4):
    // p01 18/16/18, p02 0/0/0 (no task table recognised), p03 28/27/27.
    {"p01-qd-435-kontum", 18, 18, 18, 3},
    {"p02-qd-59-btnmt", 15, 15, 15, 0},
    // 28: the lead cell merged over 27-28 is cut by the page break with all
    // its text on page 8; the reader gives row 28 an empty cell of its own.
    {"p03-qd-173-btp", 28, 27, 28, 22},
};

const Pipeline& ThePipeline() {
  static std::unique_ptr<Pipeline> pipeline = [] {
    Result<std::unique_ptr<Pipeline>> loaded = Pipeline::Load(SourcePath("rules"));
    REQUIRE(loaded.ok());
    return std::move(*loaded);
  }();
  return *pipeline;
}

// The comparison key: case, diacritic style, white space and the punctuation
// a reader or writer varies (".", ",", "-", "–", ";") aside.
std::string Key(const std::string& value) {
  std::string key = MatchKey(value);
  std::string out;
  for (size_t idx = 0; idx < key.size(); ++idx) {
    unsigned char c = static_cast<unsigned char>(key[idx]);
    if (c == ' ' || c == '.' || c == ',' || c == '\t' || c == '\n' || c == '-' || c == ';') {
      continue;
    }
    if (key.compare(idx, 3, "\xE2\x80\x93") == 0) {  // en dash
      idx += 2;
      continue;
    }
    out += key[idx];
  }
  return out;
}

std::string Short(const std::string& text, size_t max = 48) {
  if (text.size() <= max) return text;
  size_t cut = max;
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
  return text.substr(0, cut) + "…";
}

bool DumpTables() {
  const char* env = std::getenv("DOCPIPE_DUMP_TABLES");
  return env != nullptr && *env != '\0' && *env != '0';
}

void Dump(const Document& doc) {
  static const char* const kKinds[] = {"H", "S", "B"};
  for (const Table& table : doc.tables) {
    std::cout << "table pages " << table.first_page << "-" << table.last_page << ", "
              << table.columns << " columns, header:";
    for (const std::string& title : table.header) std::cout << " [" << title << "]";
    std::cout << "\n";
    for (const Row& row : table.rows) {
      std::cout << "  " << kKinds[static_cast<int>(row.kind)] << " p" << row.page;
      for (const Cell& cell : row.cells) {
        std::string text = doc.SpanText(cell.span);
        for (char& c : text) {
          if (c == '\n') c = '|';
        }
        std::cout << " [" << Short(text, 40) << "]";
      }
      std::cout << "\n";
    }
  }
}

std::string Joined(const std::vector<std::string>& names) {
  std::string out;
  for (const std::string& name : names) out += (out.empty() ? "" : "; ") + name;
  return out;
}

struct Score {
  int rows = 0, found = 0, lead = 0, timeframe = 0;
  int parsed = 0;  // timeframes ParseVnDate gave a period for (not asserted)
};

Score ComparePlan(const std::string& plan, const Extraction& extraction) {
  Score score;
  for (const TsvCase& row : LoadTsvCases("real/plan_tasks.tsv")) {
    INFO("tests/data/real/plan_tasks.tsv:" << row.line);
    REQUIRE(row.fields.size() >= 4);
    if (row.fields[0] != plan) continue;
    const std::string& stt = row.fields[1];
    const Task* found = nullptr;
    for (const Task& task : extraction.tasks) {
      if (task.stt == stt) {
        found = &task;
        break;
      }
    }
    bool lead_ok = found != nullptr;
    std::stringstream leads(row.fields[2]);
    std::string lead;
    while (lead_ok && std::getline(leads, lead, ';')) {
      bool any = false;
      for (const std::string& got : found->lead) any = any || Key(got) == Key(lead);
      lead_ok = any;
    }
    std::string time_got = found != nullptr ? found->timeframe.text : "";
    bool time_ok = found != nullptr && Key(time_got) == Key(row.fields[3]);
    ++score.rows;
    score.found += found != nullptr;
    score.lead += lead_ok;
    score.timeframe += time_ok;
    score.parsed += found != nullptr && !found->timeframe.granularity.empty();
    std::cout << "  " << plan << " " << stt << (found != nullptr ? "" : " MISSING") << " | lead "
              << (lead_ok ? "ok" : "WRONG") << " \""
              << Short(found != nullptr ? Joined(found->lead) : "", 60) << "\""
              << (lead_ok ? "" : " want \"" + Short(row.fields[2], 60) + "\"") << " | time "
              << (time_ok ? "ok" : "WRONG") << " \"" << Short(time_got) << "\""
              << (time_ok ? "" : " want \"" + Short(row.fields[3]) + "\"") << " "
              << (found != nullptr ? found->timeframe.start + ".." + found->timeframe.end + " " +
                                         found->timeframe.granularity
                                   : "")
              << "\n";
  }
  return score;
}

TEST_CASE("Plan tasks of three real plans of other issuers (LibreOffice, Chromium)",
          "[extract][real]") {
  std::string root = SharedPath("corpus/plans");
  if (root.empty() || !std::filesystem::is_directory(root)) {
    testing::SkipOrFail("../shared/corpus/plans is absent: plan tasks not measured");
    return;
  }
  ReadOptions read;
  read.ocr = false;  // born-digital: every page has a text layer
  std::map<std::string, Score> scores;
  Score total;
  for (const Threshold& threshold : kThresholds) {
    std::string path = root + "/" + threshold.plan + ".pdf";
    INFO(path);
    REQUIRE(std::filesystem::exists(path));
    Result<Processed> processed = ThePipeline().ProcessFile(path, read, Limits{}, nullptr);
    REQUIRE(processed.ok());
    if (DumpTables()) Dump(processed->document);
    Score score = ComparePlan(threshold.plan, processed->extraction);
    scores[threshold.plan] = score;
    total.rows += score.rows;
    total.found += score.found;
    total.lead += score.lead;
    total.timeframe += score.timeframe;
    total.parsed += score.parsed;
  }
  std::cout << "plan tasks | plan              | rows | found | lead | timeframe | parsed\n";
  char line[160];
  for (const auto& [plan, score] : scores) {
    std::snprintf(line, sizeof line, "plan tasks | %-17s | %4d | %5d | %4d | %9d | %6d\n",
                  plan.c_str(), score.rows, score.found, score.lead, score.timeframe, score.parsed);
    std::cout << line;
  }
  std::snprintf(line, sizeof line, "plan tasks | %-17s | %4d | %5d | %4d | %9d | %6d\n", "total",
                total.rows, total.found, total.lead, total.timeframe, total.parsed);
  std::cout << line << std::flush;
  for (const Threshold& threshold : kThresholds) {
    const Score& score = scores[threshold.plan];
    INFO(threshold.plan);
    CHECK(score.found >= threshold.found);
    CHECK(score.lead >= threshold.lead);
    CHECK(score.timeframe >= threshold.timeframe);
    CHECK(score.parsed >= threshold.parsed);
  }
}

// Our plan sample as each producer lays it out: tasks compared with the
// appendix cells (STT; lead: every extracted lead is printed in the lead
// cell or is the gazetteer's name of an agency printed there, by key, and
// together they cover the cell but for "và" and "chủ trì";
// timeframe: the printed cell, by key).
struct Producer {
  const char* name;
  const char* path;
  int least_right;  // rows with STT, lead and timeframe right, of 68
};
constexpr Producer kProducers[] = {
    // Measured 2026-12-02 (wt-reader 189a425): every row right for every
    // producer.
    {"reportlab", "samples/001-quyet-dinh-1520.pdf", 68},
    {"libreoffice", "samples/office/libreoffice/001-quyet-dinh-1520.pdf", 68},
    {"chromium", "samples/office/chromium/001-quyet-dinh-1520.pdf", 68},
};

TEST_CASE("Plan tasks of our plan sample as three producers lay it out", "[extract][producers]") {
  // {"rows": [{"kind": "section", "text": ...}, {"kind": "task", "cells": [6]}]}
  nlohmann::json appendix = nlohmann::json::parse(
      testing::ReadAll(SourcePath("samples/001-quyet-dinh-1520.appendix.json")), nullptr, false);
  REQUIRE_FALSE(appendix.is_discarded());
  std::vector<std::vector<std::string>> truth;
  for (const nlohmann::json& row : appendix["rows"]) {
    if (row.value("kind", "") == "task") {
      truth.push_back(row["cells"].get<std::vector<std::string>>());
    }
  }
  REQUIRE(truth.size() == 68);
  ReadOptions read;
  read.ocr = false;
  const Gazetteer& agencies = ThePipeline().gazetteer();
  for (const Producer& producer : kProducers) {
    INFO(producer.path);
    Result<Processed> processed =
        ThePipeline().ProcessFile(SourcePath(producer.path), read, Limits{}, nullptr);
    REQUIRE(processed.ok());
    if (DumpTables()) Dump(processed->document);
    int rows = 0, found = 0, lead_right = 0, time_right = 0, right = 0;
    for (const std::vector<std::string>& cells : truth) {
      REQUIRE(cells.size() == 6);
      ++rows;
      std::string stt = cells[0];
      while (!stt.empty() && stt.back() == '.') stt.pop_back();
      const Task* task = nullptr;
      for (const Task& each : processed->extraction.tasks) {
        if (each.stt == stt) {
          task = &each;
          break;
        }
      }
      if (task == nullptr) {
        std::cout << "  " << producer.name << " " << stt << " MISSING\n";
        continue;
      }
      ++found;
      // Lead right: every extracted lead is printed in the cell (by key) or
      // is the gazetteer's name of an agency printed there, and together
      // they cover the cell but for "và" and "chủ trì".
      std::string cell_key = Key(cells[2]);
      std::string uncovered = cell_key;
      auto cover = [&uncovered, &cell_key](const std::string& key) {
        size_t at = cell_key.find(key);
        if (key.empty() || at == std::string::npos) return false;
        for (size_t idx = at; idx < at + key.size(); ++idx) uncovered[idx] = ' ';
        return true;
      };
      std::vector<AgencyMention> printed = agencies.FindAll(cells[2]);
      bool lead_ok = !task->lead.empty();
      for (const std::string& lead : task->lead) {
        bool ok = cover(Key(lead));
        for (const AgencyMention& mention : printed) {
          if (Key(agencies.agencies()[mention.agency].canonical) != Key(lead)) continue;
          ok = cover(Key(cells[2].substr(mention.span.begin, mention.span.size()))) || ok;
        }
        lead_ok = lead_ok && ok;
      }
      for (const std::string& joining : {Key("và"), Key("chủ trì")}) {
        for (size_t at = uncovered.find(joining); at != std::string::npos;
             at = uncovered.find(joining, at)) {
          uncovered.replace(at, joining.size(), joining.size(), ' ');
        }
      }
      lead_ok = lead_ok && uncovered.find_first_not_of(' ') == std::string::npos;
      bool time_ok = Key(task->timeframe.text) == Key(cells[4]);
      lead_right += lead_ok;
      time_right += time_ok;
      right += lead_ok && time_ok;
      if (!lead_ok || !time_ok) {
        std::cout << "  " << producer.name << " " << stt << " | lead " << (lead_ok ? "ok" : "WRONG")
                  << " \"" << Short(Joined(task->lead), 60) << "\" cell \""
                  << Short(cells[2], 60) << "\" | time " << (time_ok ? "ok" : "WRONG")
                  << " \"" << Short(task->timeframe.text) << "\" cell \"" << Short(cells[4])
                  << "\"\n";
      }
    }
    char line[200];
    std::snprintf(line, sizeof line,
                  "sample plan | %-11s | rows %2d | found %2d | lead %2d | timeframe %2d | right %2d\n",
                  producer.name, rows, found, lead_right, time_right, right);
    std::cout << line << std::flush;
    CHECK(right >= producer.least_right);
  }
}

}  // namespace
}  // namespace docpipe
