// pipeline/base/diagnostics.h
//
// Problems that do not stop a document (qpdf's warnings channel): a page
// without a text layer, an impossible date, a fuzzy agency match, a table row
// with a missing cell. Stages receive a Diagnostics* and append to it; the job
// stores the list with the document and counts errors for the exit status.
//
// Stage: base (std only).

#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "pipeline/base/status.h"

namespace docpipe {

// DO NOT renumber: stored in SQLite.
enum class Severity { kNote = 0, kWarning = 1, kError = 2 };

const char* SeverityName(Severity severity);

struct Diagnostic {
  Severity severity = Severity::kNote;
  Code code = Code::kOk;
  std::string detail;  // English, for developers and logs
  int page = 0;        // 1-based; 0 = whole document
  size_t begin = 0;    // byte span in the document's source text; begin == end = none
  size_t end = 0;
};

// Not thread-safe: one list per document, filled by one thread.
class Diagnostics {
 public:
  void Add(Severity severity, Code code, std::string detail, int page = 0, size_t begin = 0,
           size_t end = 0);
  void Note(std::string detail, int page = 0) {
    Add(Severity::kNote, Code::kOk, std::move(detail), page);
  }
  void Warn(Code code, std::string detail, int page = 0) {
    Add(Severity::kWarning, code, std::move(detail), page);
  }

  const std::vector<Diagnostic>& items() const { return items_; }
  size_t Count(Severity severity) const;
  bool empty() const { return items_.empty(); }
  void Append(const Diagnostics& other);

 private:
  std::vector<Diagnostic> items_;
};

}  // namespace docpipe
