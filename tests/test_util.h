// tests/test_util.h
//
// Helpers shared by the tests: paths into the source tree (never the current
// folder), the seeds (samples/seeds, always present; ../shared optional),
// temporary folders, and table-driven case files.

#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace docpipe::testing {

// "samples/x.pdf" -> absolute path in the source tree.
std::string SourcePath(std::string_view relative);

// Absolute path of ../shared next to the source tree (or of
// $DOCPIPE_SHARED_DIR when set), or "" if absent.
std::string SharedPath(std::string_view relative);

// The text of a seed ("001" -> samples/seeds/001_*.txt). REQUIRES: it exists.
std::string SeedText(std::string_view prefix);
std::string SeedPath(std::string_view prefix);

// Whole file, or "" if unreadable.
std::string ReadAll(const std::string& path);

// The docpipe binary (DOCPIPE_BIN, set by CTest; else the build folder's).
std::string DocpipeBinary();

// True when the environment variable CI is "true" or "1" (set by .ci/run and
// by every common CI service).
bool InCi();

// For a test that cannot run because a tool (tesseract, chromium, pdftotext,
// a python3 module) or a file (../shared, a sample) is missing: outside CI a
// Catch2 WARN naming "reason"; under CI a FAIL with it, so that a CI machine
// without the tool cannot pass silently. The caller returns afterwards.
// Must be called inside a TEST_CASE.
void SkipOrFail(const std::string& reason);

// Runs a shell command, returns its exit status; stdout+stderr in "*output".
int RunCommand(const std::string& command, std::string* output);

// A fresh temporary folder removed (recursively) when it goes out of scope.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::string& path() const { return path_; }
  std::string File(std::string_view name) const { return path_ + "/" + std::string(name); }

 private:
  std::string path_;
};

// A row of a TSV case file: its 1-based line and its fields.
struct TsvCase {
  int line = 0;
  std::vector<std::string> fields;
};

// Reads "tests/data/<relative>": skips empty lines and lines starting with
// '#'; the first non-comment line is the header and is skipped too.
std::vector<TsvCase> LoadTsvCases(std::string_view relative);

}  // namespace docpipe::testing
