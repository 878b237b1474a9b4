#include "pipeline/jobs/archive_pass.h"

#include <utility>
#include <vector>

#include "pipeline/extract/citations.h"

namespace docpipe {

Result<int> LinkArchiveReferences(Store* store) {
  Result<std::vector<DocumentSummary>> docs = store->ListDocuments();
  if (!docs.ok()) return docs.status();
  // Only identities and references matter here: the other facts are dropped
  // at once so that memory stays small per document of the archive.
  std::vector<Extraction> extractions;
  std::vector<std::vector<std::pair<std::string, std::string>>> before;  // (date, date_from)
  std::vector<std::string> shas;
  extractions.reserve(docs->size());
  for (const DocumentSummary& d : *docs) {
    Result<Extraction> e = store->LoadExtraction(d.id);
    if (!e.ok()) return e.status();
    e->deadlines = {};
    e->figures = {};
    e->tasks = {};
    e->assignments = {};
    std::vector<std::pair<std::string, std::string>> dates;
    for (const Reference& r : e->references) dates.emplace_back(r.date, r.date_from);
    before.push_back(std::move(dates));
    for (Reference& r : e->references) {
      if (!r.date_from.empty()) {
        r.date.clear();
        r.date_from.clear();
      }
    }
    extractions.push_back(std::move(e).value());
    shas.push_back(d.sha256);
  }
  std::vector<Extraction*> pointers;
  for (Extraction& e : extractions) pointers.push_back(&e);
  FillReferenceDates(pointers, shas);

  std::vector<Store::ReferenceDates> updates;
  int changed = 0;
  for (size_t i = 0; i < extractions.size(); ++i) {
    bool differs = false;
    for (size_t k = 0; k < extractions[i].references.size(); ++k) {
      const Reference& now = extractions[i].references[k];
      const auto& [was_date, was_from] = before[i][k];
      if (now.date != was_date || now.date_from != was_from) {
        differs = true;
        ++changed;
      }
    }
    if (differs) updates.push_back({(*docs)[i].id, &extractions[i].references});
  }
  if (updates.empty()) return 0;
  Status status = store->UpdateReferenceDates(updates);
  if (!status.ok()) return status;
  return changed;
}

void RunArchivePass(Store* store, bool enabled, size_t changed, int* linked, Status* status) {
  if (!enabled || changed == 0) return;
  Result<int> count = LinkArchiveReferences(store);
  if (count.ok()) {
    *linked = *count;
  } else {
    *status = count.status();
  }
}

}  // namespace docpipe
