// pipeline/store/export_xlsx.h
//
// `docpipe export --format xlsx`: the store as an Excel workbook for officials
// who work in spreadsheets. One sheet per entity (documents, plan tasks,
// figures, deadlines, findings), Vietnamese headers, ISO dates written as
// Excel dates (dd/mm/yyyy), numbers as numbers, every text as a text cell (a
// value such as "=1+1" is never a formula), a frozen header row and an
// autofilter on every sheet. Rows are in the order of the JSON export.
//
// Stage: [store] -> cli. libxlsxwriter is used only in export_xlsx.cc.

#pragma once

#include <functional>
#include <string>
#include <vector>

#include "pipeline/base/status.h"
#include "pipeline/model/facts.h"
#include "pipeline/store/store.h"

namespace docpipe {

// Sheet names, in workbook order (31 characters at most, as Excel requires).
const std::vector<std::string>& XlsxSheetNames();

struct XlsxOptions {
  // The "Tình trạng" (status) of a plan task, e.g. from the cross-check;
  // called once per task with its document's sha256. Unset: the column is
  // left empty (the header stays, so the layout never changes).
  // TODO(task status): fill from the cross-check once it stores task status.
  std::function<std::string(const std::string& document_sha256, const Task& task)> task_status;
};

// Writes the workbook to "path", replacing it atomically (written beside it,
// then renamed). kUnsupported if docpipe was built without libxlsxwriter;
// kStoreError if reading the store fails; kIoError if the file cannot be
// written (nothing is left at "path" then). "store" is only read.
Status ExportXlsx(const Store& store, const std::string& path, const XlsxOptions& options = {});

}  // namespace docpipe
