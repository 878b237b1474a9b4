// tests/extract/extract_test_util.h
//
// Shared by the extract tests: the rule engine and gazetteer of the source
// tree's rules/ (loaded once), and helpers that run the whole front of the
// pipeline (ParseText -> Normalize -> Extract) on a seed or on a string.

#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "pipeline/base/diagnostics.h"
#include "pipeline/extract/table_titles.h"
#include "pipeline/model/facts.h"
#include "pipeline/model/page_model.h"
#include "pipeline/rules/gazetteer.h"
#include "pipeline/rules/rule_engine.h"

namespace docpipe::testing {

// nullptr (and a failed CHECK in the calling test) if rules/ does not load.
const RuleEngine* ExtractRules();
const Gazetteer* ExtractAgencies();
// rules/table_titles.tsv of the source tree, loaded once; nullptr if it fails.
const TableTitles* ExtractTableTitles();

// A one-page document holding "text" as is (no reader logic).
Document OnePageDocument(std::string_view text);

// Runs Normalize and Extract on "document".
Extraction RunExtract(const Document& document, Diagnostics* diagnostics = nullptr);

// Reads seed "prefix" through ParseText, then extracts. "*document" receives
// the page model when not null.
Extraction ExtractSeed(std::string_view prefix, Document* document = nullptr);

// "a\\nb" -> "a\nb" (TSV cells cannot hold line breaks).
std::string Unescape(std::string_view cell);

// The canonical name of the agency "mention" resolves to, or "mention".
std::string Canonical(std::string_view mention);

}  // namespace docpipe::testing
