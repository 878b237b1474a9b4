#include "pipeline/base/diagnostics.h"

#include <utility>

namespace docpipe {

const char* SeverityName(Severity severity) {
  switch (severity) {
    case Severity::kNote: return "note";
    case Severity::kWarning: return "warning";
    case Severity::kError: return "error";
  }
  return "note";
}

void Diagnostics::Add(Severity severity, Code code, std::string detail, int page, size_t begin,
                      size_t end) {
  items_.push_back(Diagnostic{severity, code, std::move(detail), page, begin, end});
}

size_t Diagnostics::Count(Severity severity) const {
  size_t n = 0;
  for (const Diagnostic& d : items_) n += d.severity == severity ? 1 : 0;
  return n;
}

void Diagnostics::Append(const Diagnostics& other) {
  items_.insert(items_.end(), other.items_.begin(), other.items_.end());
}

}  // namespace docpipe
