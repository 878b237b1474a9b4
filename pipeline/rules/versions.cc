#include "pipeline/rules/versions.h"

namespace docpipe {

LibraryVersion RulesLibraryVersion() {
#ifdef DOCPIPE_RE2_VERSION
  return {"RE2", DOCPIPE_RE2_VERSION, false};
#else
  return {"RE2", "", false};
#endif
}

}  // namespace docpipe
