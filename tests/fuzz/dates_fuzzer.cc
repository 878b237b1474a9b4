// Fuzzes ParseVnDate: never reads past the input, consumes what it says,
// and every date it returns exists in the calendar and is ordered.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "pipeline/normalize/dates.h"
#include "tests/fuzz/fuzz_check.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace docpipe;
  std::string input(reinterpret_cast<const char*>(data), size);
  Result<DateInterval> date = ParseVnDate(std::string_view(input.data(), size));
  if (!date.ok()) return 0;
  FUZZ_CHECK(date->length > 0);
  FUZZ_CHECK(date->length <= size);
  const CivilDate& start = date->start;
  const CivilDate& end = date->end;
  if (start.year != 0) FUZZ_CHECK(IsValidDate(start.year, start.month, start.day));
  if (end.year != 0) FUZZ_CHECK(IsValidDate(end.year, end.month, end.day));
  if (start.year != 0 && end.year != 0) FUZZ_CHECK(!(end < start));
  FUZZ_CHECK(GranularityName(date->granularity) != nullptr);
  FUZZ_CHECK(DeadlineRelationName(date->relation) != nullptr);
  return 0;
}
