// tests/crosscheck/crosscheck_test_util.h
//
// Runs the real pipeline (read -> normalise -> extract -> store) over files
// into a fresh store, then the cross-check; helpers to find flags by kind
// and quoted text.

#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "pipeline/crosscheck/crosscheck.h"
#include "pipeline/store/store.h"

namespace docpipe::testing {

struct CheckedCorpus {
  std::unique_ptr<Store> store;
  Corpus corpus;  // loaded from "store" (jobs/check_job.h)
  CrossCheckResult result;
  std::string error;  // non-empty if the pipeline or the check failed
};

// Ingests "files" into an in-memory store and cross-checks with "today".
CheckedCorpus IngestAndCheck(const std::vector<std::string>& files, const std::string& today);

// Flags of "kind" that have an evidence quote containing every one of
// "needles" (compared without diacritics, case or spacing).
std::vector<const Flag*> FindFlags(const CrossCheckResult& result, std::string_view kind,
                                   const std::vector<std::string>& needles);

// Every flag as readable text (for test output).
std::string DescribeFlags(const CrossCheckResult& result);

}  // namespace docpipe::testing
