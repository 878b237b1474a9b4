// pipeline/normalize/versions.h
//
// The version of ICU the normaliser runs with, for `docpipe --version`.
// ICU's headers stay in normalize/*.cc.
//
// Stage: normalize.

#pragma once

#include "pipeline/base/library_version.h"

namespace docpipe {

// ICU as loaded at run time (u_getVersion()). Never fails.
LibraryVersion NormalizeLibraryVersion();

}  // namespace docpipe
