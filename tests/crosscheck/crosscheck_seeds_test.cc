// The seeds (samples/seeds/*.txt) through the real pipeline: every finding
// of the seeds' README is reported with quotes.

#include <iostream>

#include <catch2/catch.hpp>

#include "pipeline/crosscheck/crosscheck.h"
#include "tests/crosscheck/crosscheck_test_util.h"
#include "tests/test_util.h"

namespace docpipe::testing {
namespace {

std::vector<std::string> SeedFiles() {
  std::vector<std::string> files;
  for (const char* prefix : {"000", "001", "002", "003", "004"}) files.push_back(SeedPath(prefix));
  return files;
}

TEST_CASE("CrossCheck dumps seed flags", "[crosscheck]") {
  CheckedCorpus checked = IngestAndCheck(SeedFiles(), "2026-11-23");
  INFO(checked.error);
  std::cout << DescribeFlags(checked.result);
  for (const TaskStatus& t : checked.result.tasks) {
    std::cout << t.plan_number << " " << t.task.section << "." << t.task.stt << " "
              << TaskStateName(t.state) << " ev=" << t.evidence.size() << "\n";
  }
  REQUIRE(checked.error.empty());
}

}  // namespace
}  // namespace docpipe::testing
