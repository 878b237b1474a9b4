// pipeline/extract/extractor.h
//
// Runs every extractor over one normalised document: identity, references,
// dates and deadlines, figures, plan tasks (from tables), assignments. Each
// fact carries its provenance (page, source span via the offset map, rule id,
// quote). Missing parts are left empty, never guessed.
//
// Stage: rules -> [extract] -> store, crosscheck.

#pragma once

#include "pipeline/base/diagnostics.h"
#include "pipeline/extract/table_titles.h"
#include "pipeline/model/facts.h"
#include "pipeline/model/page_model.h"
#include "pipeline/normalize/normalizer.h"
#include "pipeline/rules/gazetteer.h"
#include "pipeline/rules/rule_engine.h"

namespace docpipe {

struct ExtractContext {
  const RuleEngine* rules = nullptr;     // must outlive the call
  const Gazetteer* agencies = nullptr;   // must outlive the call
  // rules/table_titles.tsv; must outlive the call. Without it no table is
  // recognised as a task table (no tasks are extracted).
  const TableTitles* table_titles = nullptr;
};

// Never fails: what cannot be read becomes a diagnostic. Thread-safe for
// distinct documents (the engine and gazetteer are immutable).
Extraction Extract(const Document& document, const NormalizedText& normalized,
                   const ExtractContext& context, Diagnostics* diagnostics);

}  // namespace docpipe
