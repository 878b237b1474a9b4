#include "pipeline/store/versions.h"

#include <sqlite3.h>
#ifdef DOCPIPE_HAVE_XLSXWRITER
#include <xlsxwriter.h>
#endif

namespace docpipe {

std::vector<LibraryVersion> StoreLibraryVersions() {
  std::vector<LibraryVersion> versions;
  versions.push_back({"SQLite", sqlite3_libversion(), true});
#ifdef DOCPIPE_HAVE_XLSXWRITER
  versions.push_back({"libxlsxwriter", lxw_version(), true});
#else
  versions.push_back({"libxlsxwriter", "", false});
#endif
  return versions;
}

}  // namespace docpipe
