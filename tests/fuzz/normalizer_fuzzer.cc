// Fuzzes the normaliser: NormalizeText on arbitrary bytes, and Normalize on
// a Document whose legacy font runs (TCVN3, VNI, all-caps) are cut from the
// input, as a PDF reader would mark them. Asserts the OffsetMap contract:
// every normalised offset maps into the source, spans stay ordered.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "pipeline/base/diagnostics.h"
#include "pipeline/model/page_model.h"
#include "pipeline/normalize/normalizer.h"
#include "tests/fuzz/fuzz_check.h"

namespace docpipe {
namespace {

void CheckMap(const NormalizedText& out, size_t source_size) {
  for (size_t offset = 0; offset <= out.text.size(); offset += 1 + out.text.size() / 16) {
    FUZZ_CHECK(out.map.ToSource(offset) <= source_size);
  }
  Span whole = out.map.ToSource(Span{0, out.text.size()});
  FUZZ_CHECK(whole.begin <= whole.end);
  FUZZ_CHECK(whole.end <= source_size);
  Result<OffsetMap> back = OffsetMap::Deserialize(out.map.Serialize());
  FUZZ_CHECK(back.ok());
  FUZZ_CHECK(back->segment_count() == out.map.segment_count());
}

}  // namespace
}  // namespace docpipe

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace docpipe;
  std::string_view input(reinterpret_cast<const char*>(data), size);

  NormalizedText plain = NormalizeText(input);
  CheckMap(plain, input.size());

  // The first byte chooses up to four font runs over the rest of the input.
  if (size < 2) return 0;
  const char* kFonts[] = {".VnTime", ".VnTimeH", "VNI-Times", "ABCDEF+.VnArial,Bold",
                          "VNI-Helve", "Times New Roman"};
  Document document;
  document.file = "fuzz.pdf";
  document.text.assign(input.substr(1));
  document.from_pdf = true;
  Page page;
  page.number = 1;
  page.span = Span{0, document.text.size()};
  document.pages.push_back(page);
  size_t runs = data[0] & 3;
  size_t step = document.text.size() / (runs + 1);
  for (size_t run_idx = 0; run_idx < runs && step > 0; ++run_idx) {
    size_t begin = run_idx * step + (data[0] >> 4) % step;
    size_t end = begin + step / 2 + 1;
    if (end > document.text.size()) end = document.text.size();
    if (begin >= end) continue;
    document.legacy_runs.push_back(
        FontRun{Span{begin, end}, kFonts[(data[0] >> 2 ^ run_idx) % 6]});
  }
  Diagnostics diagnostics;
  NormalizedText out = Normalize(document, &diagnostics);
  CheckMap(out, document.text.size());
  return 0;
}
