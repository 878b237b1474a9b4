#include "pipeline/jobs/check_job.h"

#include <utility>
#include <vector>

namespace docpipe {

Result<Corpus> LoadCorpus(const Store& store) {
  Result<std::vector<DocumentSummary>> summaries = store.ListDocuments();
  if (!summaries.ok()) return summaries.status();
  Corpus corpus;
  corpus.reserve(summaries->size());
  for (const DocumentSummary& summary : *summaries) {
    Result<StoredDocument> stored = store.LoadDocument(summary.id);
    if (!stored.ok()) return stored.status();
    Result<Extraction> extraction = store.LoadExtraction(summary.id);
    if (!extraction.ok()) return extraction.status();
    CorpusEntry entry;
    entry.id = summary.id;
    entry.sha256 = summary.sha256;
    entry.file = summary.file;
    entry.files = std::move(stored->files);
    entry.kind = summary.kind;
    entry.number = summary.number;
    entry.date = summary.date;
    entry.title = summary.title;
    entry.document = std::move(stored->document);
    entry.normalized = std::move(stored->normalized);
    entry.extraction = std::move(*extraction);
    corpus.push_back(std::move(entry));
  }
  return corpus;
}

Result<CheckJobResult> RunCheckJob(Store* store, const CrossCheckOptions& options) {
  Result<Corpus> corpus = LoadCorpus(*store);
  if (!corpus.ok()) return corpus.status();
  Result<CrossCheckResult> result = RunCrossCheck(*corpus, options);
  if (!result.ok()) return result.status();
  Status saved = store->ReplaceFlags(result->flags);
  if (saved.ok()) saved = store->ReplaceTaskTracking(ToTaskTracking(*result));
  if (!saved.ok()) return saved;
  CheckJobResult out;
  out.corpus = std::move(*corpus);
  out.result = std::move(*result);
  return out;
}

}  // namespace docpipe
