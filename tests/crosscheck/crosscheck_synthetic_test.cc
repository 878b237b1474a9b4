// Synthetic documents (tests/data/crosscheck/, new figures, agencies and
// periods, not copies of the seeds) with planted contradictions of every
// kind and consistent statements that must not be flagged. Prints precision
// and recall per kind.

#include <cstdio>
#include <iostream>
#include <map>
#include <set>

#include <catch2/catch.hpp>

#include "pipeline/base/strings.h"
#include "pipeline/normalize/fold.h"
#include "tests/crosscheck/crosscheck_test_util.h"
#include "tests/test_util.h"

namespace docpipe::testing {
namespace {

const char* kFiles[] = {"s1_ke_hoach_245.txt", "s2_cong_van_88.txt", "s3_bao_cao_30.txt",
                        "s4_bao_cao_75.txt", "s5_thong_bao_12.txt"};

std::string Base(const std::string& path) {
  size_t slash = path.find_last_of('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

TEST_CASE("CrossCheck finds planted contradictions in synthetic reports", "[crosscheck]") {
  std::vector<std::string> files;
  for (const char* f : kFiles) files.push_back(SourcePath(std::string("tests/data/crosscheck/") + f));
  CheckedCorpus checked = IngestAndCheck(files, "2026-11-23");
  INFO(checked.error);
  REQUIRE(checked.error.empty());
  std::map<int64_t, std::string> file_of;
  Result<std::vector<DocumentSummary>> docs = checked.store->ListDocuments();
  REQUIRE(docs.ok());
  for (const DocumentSummary& d : *docs) file_of[d.id] = Base(d.file);

  struct Row {
    int line;
    std::string kind, file;
    std::vector<std::string> needles;
    bool matched = false;
  };
  std::vector<Row> rows;
  for (const TsvCase& c : LoadTsvCases("crosscheck/expected.tsv")) {
    REQUIRE(c.fields.size() == 3);
    Row row{c.line, c.fields[0], c.fields[1], {}};
    for (std::string_view n : Split(c.fields[2], "|")) row.needles.emplace_back(n);
    rows.push_back(row);
  }
  std::map<std::string, int> produced, true_positive, expected, found;
  for (const Row& row : rows) ++expected[row.kind];
  std::string unexpected;
  for (const Flag& flag : checked.result.flags) {
    const std::string key = FlagKindKey(flag.kind);
    ++produced[key];
    bool matched = false;
    for (Row& row : rows) {
      if (row.kind != key) continue;
      bool from_file = false;
      for (const Evidence& e : flag.evidence) from_file |= file_of[e.document_id] == row.file;
      if (!from_file) continue;
      CrossCheckResult one;
      one.flags.push_back(flag);
      if (FindFlags(one, key, row.needles).empty()) continue;
      matched = true;
      row.matched = true;
    }
    if (matched) {
      ++true_positive[key];
    } else {
      CrossCheckResult one;
      one.flags.push_back(flag);
      unexpected += DescribeFlags(one);
    }
  }
  for (const Row& row : rows) found[row.kind] += row.matched ? 1 : 0;
  std::set<std::string> kinds;
  for (const auto& [k, n] : produced) kinds.insert(k);
  for (const auto& [k, n] : expected) kinds.insert(k);
  std::cout << "crosscheck synthetic: kind precision recall (tp/produced, found/expected)\n";
  int total_tp = 0, total_produced = 0, total_found = 0, total_expected = 0;
  for (const std::string& k : kinds) {
    double precision = produced[k] ? double(true_positive[k]) / produced[k] : 1.0;
    double recall = expected[k] ? double(found[k]) / expected[k] : 1.0;
    char line[200];
    std::snprintf(line, sizeof(line), "  %-24s precision %.2f (%d/%d)  recall %.2f (%d/%d)\n", k.c_str(),
                  precision, true_positive[k], produced[k], recall, found[k], expected[k]);
    std::cout << line;
    total_tp += true_positive[k];
    total_produced += produced[k];
    total_found += found[k];
    total_expected += expected[k];
  }
  std::cout << "  overall precision " << total_tp << "/" << total_produced << ", recall " << total_found
            << "/" << total_expected << "\n";
  if (!unexpected.empty()) std::cout << "unexpected flags:\n" << unexpected;
  for (const Row& row : rows) {
    INFO("tests/data/crosscheck/expected.tsv:" << row.line << ": " << row.kind << " in " << row.file
                                                << " not reported");
    CHECK(row.matched);
  }
  CHECK(unexpected.empty());
}

}  // namespace
}  // namespace docpipe::testing
