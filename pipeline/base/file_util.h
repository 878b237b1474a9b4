// pipeline/base/file_util.h
//
// Whole-file reads and crash-safe writes with std::filesystem's error_code
// overloads: no exceptions escape.
//
// Stage: base (std only).

#pragma once

#include <string>

#include "pipeline/base/result.h"

namespace docpipe {

// Reads the whole file. kNotFound if it does not exist, kIoError otherwise;
// kLimitExceeded if it is larger than "max_bytes".
Result<std::string> ReadFileToString(const std::string& path, size_t max_bytes = size_t{1} << 31);

// Writes "data" to "path" atomically: a temporary file in the same folder,
// fsync, then rename. Readers see the old or the new content, never a part.
Status WriteFileAtomically(const std::string& path, const std::string& data);

}  // namespace docpipe
