// pipeline/store/versions.h
//
// The versions of SQLite and libxlsxwriter the store runs with, for `docpipe
// --version`. Their headers stay in store/*.cc.
//
// Stage: store.

#pragma once

#include <vector>

#include "pipeline/base/library_version.h"

namespace docpipe {

// SQLite (sqlite3_libversion(), run time), then libxlsxwriter (lxw_version(),
// run time; "" when built without it). Never fails.
std::vector<LibraryVersion> StoreLibraryVersions();

}  // namespace docpipe
