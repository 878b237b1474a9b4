// pipeline/base/status.h
//
// How every docpipe function that can fail says so. A Status is OK, or holds a
// Code, an English detail for developers, and where known the place in the
// input that caused it. Text for users is not made here: the CLI renders a
// Status in Vietnamese or English (pipeline/cli/messages.h).
//
// Stage: base (std only); used everywhere.

#pragma once

#include <string>

namespace docpipe {

// DO NOT renumber: Code values are stored in quarantine reason files and in SQLite.
enum class Code {
  kOk = 0,
  kInvalidArgument = 1,  // a bad value from the command line or a caller
  kNotFound = 2,         // a file, document or rule that does not exist
  kIoError = 3,          // the OS refused a read or write
  kBadInput = 4,         // a corrupt, truncated, empty or hostile document
  kUnsupported = 5,      // an encrypted PDF, an unknown legacy encoding, ...
  kRuleError = 6,        // a rule file that does not parse or compile
  kStoreError = 7,       // SQLite reported an error
  kLimitExceeded = 8,    // the time, memory or size limit while parsing a file
  kInternal = 9,         // a bug in docpipe
};

// Stable lower-case name of a code ("bad input"), used in logs and reason files.
const char* CodeName(Code code);

struct Location {    // every field optional
  std::string file;  // as the user named it
  int line = 0;      // 1-based; text inputs and rule files
  int page = 0;      // 1-based; PDFs
  int column = 0;    // 1-based byte column within "line_text"; 0 = unknown
  std::string line_text;  // the offending line, for the Ninja-style caret
};

class [[nodiscard]] Status {
 public:
  Status() = default;  // OK
  static Status Error(Code code, std::string detail, Location where = {});

  bool ok() const { return code_ == Code::kOk; }
  Code code() const { return code_; }
  const std::string& detail() const { return detail_; }
  const Location& where() const { return where_; }

  // "rules/identity.rules:12: rule error: missing ): (?P<number>\d+" followed,
  // where the line is known, by the line and a caret under the column:
  //   "  pattern = x\n  ^ near here". For logs and tests.
  std::string ToString() const;

 private:
  Code code_ = Code::kOk;
  std::string detail_;
  Location where_;
};

inline Status OkStatus() { return Status(); }

}  // namespace docpipe
