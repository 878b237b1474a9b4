#include "pipeline/jobs/reextract_job.h"

#include <algorithm>
#include <atomic>
#include <exception>
#include <mutex>
#include <thread>
#include <utility>

#include "pipeline/base/workers.h"
#include "pipeline/jobs/archive_pass.h"

namespace docpipe {

Result<ReextractSummary> RunReextract(Store* store, const Pipeline& pipeline,
                                      const ReextractOptions& options,
                                      ReextractObserver* observer) {
  std::vector<int64_t> ids;
  if (options.all) {
    Result<std::vector<DocumentSummary>> docs = store->ListDocuments();
    if (!docs.ok()) return docs.status();
    for (const DocumentSummary& d : *docs) ids.push_back(d.id);
    std::sort(ids.begin(), ids.end());
  } else {
    Result<std::vector<int64_t>> stale = store->StaleDocuments(pipeline.version(), kNormalizerVersion);
    if (!stale.ok()) return stale.status();
    ids = std::move(stale).value();
  }
  ReextractSummary summary;
  summary.total = ids.size();
  std::mutex store_mutex;
  std::atomic<size_t> next{0};

  auto worker = [&]() {
    while (true) {
      size_t index = next.fetch_add(1);
      if (index >= ids.size()) return;
      int64_t id = ids[index];
      Result<StoredDocument> stored = Status::Error(Code::kInternal, "not loaded");
      {
        std::lock_guard<std::mutex> lock(store_mutex);
        stored = store->LoadDocument(id);
      }
      Status status;
      Processed processed;
      if (!stored.ok()) {
        status = stored.status();
      } else {
        processed.document = std::move(stored->document);
        // Reused by Reprocess when its normaliser version is current.
        processed.normalized = std::move(stored->normalized);
        try {
          pipeline.Reprocess(&processed);
        } catch (const std::exception& e) {
          status = Status::Error(Code::kInternal, e.what());
        }
      }
      std::lock_guard<std::mutex> lock(store_mutex);
      if (status.ok()) {
        status = store->ReplaceExtraction(id, processed.extraction, processed.diagnostics,
                                          pipeline.version(), &processed.normalized);
      }
      ++summary.done;
      if (!status.ok()) ++summary.failed;
      if (observer != nullptr) observer->OnDocument(summary.done, summary.total, id, status);
    }
  };

  RunWorkers(options.jobs, worker);
  RunArchivePass(store, options.link_archive, summary.done, &summary.archive_linked,
                 &summary.archive_status);
  return summary;
}

}  // namespace docpipe
