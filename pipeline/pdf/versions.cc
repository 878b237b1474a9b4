#include "pipeline/pdf/versions.h"

#include <string>

#include <poppler-config.h>
#ifdef DOCPIPE_HAVE_TESSERACT
#include <leptonica/allheaders.h>
#include <tesseract/baseapi.h>
#endif

namespace docpipe {

std::vector<LibraryVersion> PdfLibraryVersions() {
  std::vector<LibraryVersion> versions;
  // Poppler's core API (the reader's) offers no version call: the headers'
  // version, which CMake pins (libpoppler-private-dev matches the library).
  versions.push_back({"Poppler", POPPLER_VERSION, false});
#ifdef DOCPIPE_HAVE_TESSERACT
  versions.push_back({"Tesseract", tesseract::TessBaseAPI::Version(), true});
  // getLeptonicaVersion() returns "leptonica-1.82.0", which the caller frees.
  char* leptonica = getLeptonicaVersion();
  std::string text = leptonica != nullptr ? leptonica : "";
  lept_free(leptonica);
  if (text.rfind("leptonica-", 0) == 0) text = text.substr(10);
  versions.push_back({"Leptonica", text, true});
#else
  versions.push_back({"Tesseract", "", false});
#endif
  return versions;
}

}  // namespace docpipe
