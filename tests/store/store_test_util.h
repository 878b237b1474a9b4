// tests/store/store_test_util.h
//
// Synthetic documents for the store tests: a page model built from plain
// text (pages split at '\f'), normalised with NormalizeText, and a small
// hand-written extraction with provenance.

#pragma once

#include <string>
#include <string_view>

#include "pipeline/model/facts.h"
#include "pipeline/model/page_model.h"
#include "pipeline/normalize/normalizer.h"
#include "pipeline/store/store.h"

namespace docpipe::testing {

struct SyntheticDocument {
  Document document;
  NormalizedText normalized;
  Extraction extraction;
  Diagnostics diagnostics;
  std::string sha256;

  // A record pointing into this object (which must outlive the record).
  IngestRecord Record(std::string file, std::string ruleset = "rules-v1") const;
};

// "text" with pages separated by '\f' (the form-feed is dropped; each page
// ends with a line break, as the readers' pages do).
SyntheticDocument MakeDocument(std::string_view text);

// An extraction of every kind of fact, with provenance into "document".
Extraction SampleExtraction(const Document& document);

}  // namespace docpipe::testing
