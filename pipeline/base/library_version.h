// pipeline/base/library_version.h
//
// What `docpipe --version` reports about one third-party library. Each stage
// that links a library describes it in its own versions.cc (Poppler and
// Tesseract in pdf/, ICU in normalize/, RE2 in rules/, SQLite and
// libxlsxwriter in store/), so that no library header leaves its stage.
//
// Stage: base (std only).

#pragma once

#include <string>

namespace docpipe {

struct LibraryVersion {
  std::string name;     // "Poppler"
  std::string version;  // "22.12.0"; "" = not built in
  // true: reported by the library loaded at run time; false: the version of
  // the headers docpipe was compiled against (the library offers no call).
  bool runtime = false;
};

}  // namespace docpipe
