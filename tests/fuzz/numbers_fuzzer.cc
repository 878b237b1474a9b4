// Fuzzes ParseVnNumber (and FormatVnNumber on what it reads): never reads
// past the input, consumes what it says, ranges are ordered.

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "pipeline/normalize/numbers.h"
#include "tests/fuzz/fuzz_check.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace docpipe;
  // A copy of exactly "size" bytes, so that ASan sees any read past the end.
  std::string input(reinterpret_cast<const char*>(data), size);
  std::optional<ParsedNumber> number = ParseVnNumber(std::string_view(input.data(), size));
  if (!number) return 0;
  FUZZ_CHECK(number->length > 0);
  FUZZ_CHECK(number->length <= size);
  FUZZ_CHECK(!std::isnan(number->value));
  if (number->is_range) FUZZ_CHECK(number->value <= number->upper);
  if (std::isfinite(number->value) && std::fabs(number->value) < 1e15) {
    std::string text = FormatVnNumber(number->value, data[0] % 10);
    FUZZ_CHECK(!text.empty());
  }
  return 0;
}
