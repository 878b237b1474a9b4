// Fuzzes the binary page-model codec (the isolated reader's pipe and the
// store's stored documents): DecodeDocument and DecodeDiagnostics on
// arbitrary bytes, and the stored OffsetMap text form (OffsetMap::Deserialize);
// whatever decodes must re-encode to a stable form.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "pipeline/model/document_codec.h"
#include "pipeline/normalize/offset_map.h"
#include "tests/fuzz/fuzz_check.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace docpipe;
  std::string input(reinterpret_cast<const char*>(data), size);
  Result<Document> document = DecodeDocument(input);
  if (document.ok()) {
    std::string once = EncodeDocument(*document);
    Result<Document> again = DecodeDocument(once);
    FUZZ_CHECK(again.ok());
    FUZZ_CHECK(EncodeDocument(*again) == once);
  }
  Result<Diagnostics> diagnostics = DecodeDiagnostics(input);
  if (diagnostics.ok()) {
    std::string once = EncodeDiagnostics(*diagnostics);
    Result<Diagnostics> again = DecodeDiagnostics(once);
    FUZZ_CHECK(again.ok());
    FUZZ_CHECK(EncodeDiagnostics(*again) == once);
  }
  Result<OffsetMap> map = OffsetMap::Deserialize(input);
  if (map.ok()) {
    Result<OffsetMap> again = OffsetMap::Deserialize(map->Serialize());
    FUZZ_CHECK(again.ok());
    FUZZ_CHECK(again->Serialize() == map->Serialize());
    map->ToSource(Span{0, size});
  }
  return 0;
}
