// tests/pdf/pdf_test_util.h
//
// Helpers for the pdf stage tests: the ground truth of the plan's appendix
// (samples/001-quyet-dinh-1520.appendix.json, written by samples/generate.py
// from the seed), a whitespace-insensitive comparison, and the page-model
// invariants of model/page_model.h.

#pragma once

#include <string>
#include <vector>

#include "pipeline/model/page_model.h"

namespace docpipe::testing {

struct TruthRow {
  bool section = false;
  std::vector<std::string> cells;  // a section row: one cell
};

// Parses the appendix JSON ("rows": [{"kind": ..., "text"|"cells": ...}]).
// Returns no rows if the file is missing or malformed.
std::vector<TruthRow> LoadAppendixTruth(const std::string& path, std::vector<std::string>* header);

// "a \u00a0 b\n c" -> "abc": white space (NBSP included) removed.
std::string NoSpace(const std::string& text);
// White space runs (NBSP included) collapsed to one space, trimmed.
std::string OneSpace(const std::string& text);

// Empty if the invariants hold, else a description of the first violation.
std::string CheckInvariants(const Document& doc);

// Compares the body rows (header rows skipped) of "table" with "truth";
// returns the number of rows that differ (up to white space), and appends
// descriptions of the first few to "*report".
int CompareRows(const Document& doc, const Table& table, const std::vector<TruthRow>& truth,
                std::string* report, int* exact = nullptr);

}  // namespace docpipe::testing
