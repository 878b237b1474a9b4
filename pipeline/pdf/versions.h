// pipeline/pdf/versions.h
//
// The versions of the libraries the pdf stage runs with, for `docpipe
// --version`. Poppler's and Tesseract's headers stay in pdf/*.cc.
//
// Stage: pdf.

#pragma once

#include <vector>

#include "pipeline/base/library_version.h"

namespace docpipe {

// Poppler (the core headers' version, pinned by CMake), then Tesseract
// (TessBaseAPI::Version(), run time; version "" when docpipe was built
// without it) and Leptonica (getLeptonicaVersion(), run time). Never fails.
std::vector<LibraryVersion> PdfLibraryVersions();

}  // namespace docpipe
