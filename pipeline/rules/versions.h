// pipeline/rules/versions.h
//
// The version of RE2 the rule engine was built with, for `docpipe --version`.
// RE2's headers stay in rules/*.cc.
//
// Stage: rules.

#pragma once

#include "pipeline/base/library_version.h"

namespace docpipe {

// RE2 has no version call and its headers no version macro, so this is the
// version known when docpipe was configured (DOCPIPE_RE2_VERSION: pkg-config's,
// or Debian's libre2-dev package version where re2.pc says 0.0.0); runtime is
// always false. Never fails.
LibraryVersion RulesLibraryVersion();

}  // namespace docpipe
