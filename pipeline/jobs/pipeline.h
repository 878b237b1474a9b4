// pipeline/jobs/pipeline.h
//
// The stages wired together for one file: read (isolated child process) ->
// normalise -> extract. Shared by the ingest, watch and reextract jobs. A
// Pipeline holds the compiled rule set and gazetteer; it is immutable once
// loaded and may be used by several threads at once.
//
// Stage: jobs.

#pragma once

#include <cstdint>
#include <memory>
#include <semaphore>
#include <string>
#include <string_view>

#include "pipeline/base/diagnostics.h"
#include "pipeline/base/result.h"
#include "pipeline/extract/table_titles.h"
#include "pipeline/model/facts.h"
#include "pipeline/model/page_model.h"
#include "pipeline/normalize/normalizer.h"
#include "pipeline/pdf/isolated_reader.h"
#include "pipeline/pdf/reader.h"
#include "pipeline/rules/gazetteer.h"
#include "pipeline/rules/rule_engine.h"

namespace docpipe {

// Where the rules live: $DOCPIPE_RULES; else, for an installed binary, the
// rules installed beside it (../share/docpipe/rules from the executable's
// folder); else the source tree's rules/ (baked in at build time: a
// checkout uses its own); else ./rules.
std::string DefaultRulesDir();

struct Processed {
  std::string sha256;
  std::string file;
  uint64_t bytes = 0;
  Document document;
  NormalizedText normalized;
  Diagnostics diagnostics;
  Extraction extraction;
};

class Pipeline {
 public:
  // Loads and compiles "rules_dir"/*.rules, agencies.tsv and table_titles.tsv. kRuleError with
  // file:line on a bad rule; kNotFound if the folder does not exist.
  static Result<std::unique_ptr<Pipeline>> Load(const std::string& rules_dir);

  // Reads "path" in a child process, normalises and extracts. Errors are the
  // reader's (kBadInput, kUnsupported, kLimitExceeded, kNotFound, kIoError).
  // "sha256" of the bytes is filled in first (also on error, via *sha256_out).
  Result<Processed> ProcessFile(const std::string& path, const ReadOptions& read_options,
                                const Limits& limits, std::string* sha256_out) const;

  // As ProcessFile, for "bytes", the content of "path" the caller has
  // already read, and "sha256", their hash: nothing is read again. When
  // "read_slots" is given, one of its slots is held while the reader process
  // reads, and released before normalising and extracting (ingest reads as
  // many files at once as it has slots while other threads extract).
  Result<Processed> ProcessBytes(const std::string& path, std::string_view bytes,
                                 std::string sha256, const ReadOptions& read_options,
                                 const Limits& limits,
                                 std::counting_semaphore<>* read_slots = nullptr) const;

  // Normalises and extracts an already-read document (re-extraction from the
  // stored page model: no PDF parsing). If processed->normalized was made by
  // this normaliser version (normalizer_version == kNormalizerVersion, as
  // loaded from the store) it is reused as is, its diagnostics appended to
  // processed->diagnostics, and only extraction runs; otherwise (version 0:
  // a fresh Processed) the document is normalised.
  void Reprocess(Processed* processed) const;

  const std::string& version() const { return engine_.version(); }
  const RuleEngine& engine() const { return engine_; }
  const Gazetteer& gazetteer() const { return gazetteer_; }

 private:
  Pipeline(RuleEngine engine, Gazetteer gazetteer, TableTitles table_titles)
      : engine_(std::move(engine)),
        gazetteer_(std::move(gazetteer)),
        table_titles_(std::move(table_titles)) {}
  RuleEngine engine_;
  Gazetteer gazetteer_;
  TableTitles table_titles_;
};

}  // namespace docpipe
