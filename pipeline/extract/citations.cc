#include "pipeline/extract/citations.h"

#include <algorithm>
#include <map>
#include <string>
#include <utility>
#include <vector>

namespace docpipe {

int FillReferenceDates(const std::vector<Extraction*>& documents,
                       const std::vector<std::string>& shas) {
  size_t count = std::min(documents.size(), shas.size());
  // number -> (date, sha of the document that prints it)
  std::map<std::string, std::pair<std::string, std::string>> from_identity;
  std::map<std::string, std::pair<std::string, std::string>> from_citation;
  for (size_t idx = 0; idx < count; ++idx) {
    const Extraction* doc = documents[idx];
    if (doc == nullptr) continue;
    const Identity& identity = doc->identity;
    if (identity.number.present() && identity.date.present()) {
      from_identity.emplace(identity.number.value, std::make_pair(identity.date.value, shas[idx]));
    }
    for (const Reference& ref : doc->references) {
      if (!ref.date.empty() && ref.date_from.empty()) {
        from_citation.emplace(ref.number, std::make_pair(ref.date, shas[idx]));
      }
    }
  }
  int filled = 0;
  for (size_t idx = 0; idx < count; ++idx) {
    Extraction* doc = documents[idx];
    if (doc == nullptr) continue;
    for (Reference& ref : doc->references) {
      if (!ref.date.empty()) continue;
      auto found = from_identity.find(ref.number);
      if (found == from_identity.end() || found->second.second == shas[idx]) {
        found = from_citation.find(ref.number);
        if (found != from_citation.end() && found->second.second == shas[idx]) {
          found = from_citation.end();
        }
        if (found == from_citation.end()) continue;
      }
      ref.date = found->second.first;
      ref.date_from = found->second.second;
      ++filled;
    }
  }
  return filled;
}

}  // namespace docpipe
