// pipeline/store/export.h
//
// The export contract: the store's documents, facts (with provenance) and
// flags as JSON (schema/export.schema.json, documented in schema/README.md)
// or as CSV tables for spreadsheets. Output is deterministic: the same stored
// data gives the same bytes (stable ordering, no timestamps), so with
// unchanged rules the export is byte-identical before and after a reextract.
//
// Stage: [store] -> cli. Reads through the public Store API only.

#pragma once

#include <ostream>
#include <string>
#include <vector>

#include "pipeline/base/status.h"
#include "pipeline/store/store.h"

namespace docpipe {

// "format_version" of the JSON export. Adding keys keeps it; removing,
// renaming or retyping a key bumps it (see schema/README.md).
constexpr int kExportFormatVersion = 1;

// Writes every document (ordered by date, unknown last, then number, then
// sha256) and every flag as one pretty-printed UTF-8 JSON object. Unknown
// values are null, empty lists []. kStoreError if reading fails; kIoError if
// "out" fails. On error part of the output may have been written.
Status ExportJson(const Store& store, std::ostream& out);

// CSV tables, one per entity; each row of a fact table starts with the
// document's sha256 and number so tables can be joined.
enum class CsvTable { kDocuments, kReferences, kDeadlines, kFigures, kTasks, kAssignments, kFlags };

// Every table, in the order above.
const std::vector<CsvTable>& AllCsvTables();

// "documents", "references", ... (the file name without ".csv").
const char* CsvTableName(CsvTable table);

// Writes one table as RFC 4180 CSV: UTF-8 with a BOM (so Excel shows
// Vietnamese correctly), CRLF line ends, a header row, fields quoted when
// they hold a comma, quote, CR, LF or edge spaces. Lists are joined with
// "; ", numbers use '.' as the decimal point, unknown values are empty.
// Errors as for ExportJson.
Status ExportCsv(const Store& store, CsvTable table, std::ostream& out);

// Writes every table to "<folder>/<name>.csv", each file atomically. The
// folder must exist. kIoError if a file cannot be written.
Status ExportCsvFolder(const Store& store, const std::string& folder);

}  // namespace docpipe
