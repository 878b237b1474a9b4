#include "pipeline/normalize/versions.h"

#include <unicode/uversion.h>

namespace docpipe {

LibraryVersion NormalizeLibraryVersion() {
  UVersionInfo info;
  u_getVersion(info);
  char text[U_MAX_VERSION_STRING_LENGTH] = {};
  u_versionToString(info, text);
  return {"ICU", text, true};
}

}  // namespace docpipe
