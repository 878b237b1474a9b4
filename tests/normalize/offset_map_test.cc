#include "pipeline/normalize/offset_map.h"

#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "tests/normalize/normalize_test_util.h"
#include "tests/test_util.h"

namespace docpipe {
namespace {

// "ab…cd" (source) normalised to "ab...cd": bytes 0-1 exact, the three dots
// each map to the whole "…" (source bytes 2-4), "cd" exact again.
OffsetMap EllipsisMap() {
  OffsetMap map;
  map.Add(0, 2, 0, 2);
  map.Add(2, 3, 2, 5);
  map.Add(3, 4, 2, 5);
  map.Add(4, 5, 2, 5);
  map.Add(5, 7, 5, 7);
  map.Add(7, 7, 7, 7);
  return map;
}

TEST_CASE("OffsetMap maps offsets exactly in equal-length segments", "[normalize]") {
  OffsetMap map = EllipsisMap();
  CHECK(map.ToSource(size_t{0}) == 0);
  CHECK(map.ToSource(size_t{1}) == 1);
  CHECK(map.ToSource(size_t{2}) == 2);
  CHECK(map.ToSource(size_t{3}) == 2);  // second dot: start of "…"
  CHECK(map.ToSource(size_t{5}) == 5);
  CHECK(map.ToSource(size_t{6}) == 6);
  CHECK(map.ToSource(size_t{7}) == 7);
  CHECK(map.ToSource(size_t{100}) == 7);  // past the end
}

TEST_CASE("OffsetMap gives the smallest source span covering a span", "[normalize]") {
  OffsetMap map = EllipsisMap();
  CHECK(map.ToSource(Span{0, 2}) == Span{0, 2});
  CHECK(map.ToSource(Span{1, 2}) == Span{1, 2});
  CHECK(map.ToSource(Span{2, 5}) == Span{2, 5});
  CHECK(map.ToSource(Span{3, 4}) == Span{2, 5});
  CHECK(map.ToSource(Span{1, 6}) == Span{1, 6});
  CHECK(map.ToSource(Span{0, 7}) == Span{0, 7});
  CHECK(map.ToSource(Span{4, 4}) == Span{2, 2});     // empty span
  CHECK(map.ToSource(Span{5, 3}) == Span{5, 5});     // reversed: empty
  CHECK(map.ToSource(Span{6, 50}) == Span{6, 7});    // clipped at the end
}

TEST_CASE("OffsetMap maps across dropped source bytes", "[normalize]") {
  // Source "a\u200Bb" (a, ZWSP, b) normalised to "ab".
  OffsetMap map;
  map.Add(0, 1, 0, 1);
  map.Add(1, 2, 4, 5);
  CHECK(map.ToSource(size_t{1}) == 4);
  CHECK(map.ToSource(Span{0, 2}) == Span{0, 5});
  CHECK(map.ToSource(Span{1, 2}) == Span{4, 5});
  CHECK(map.segment_count() == 2);  // not merged: not contiguous in the source
}

TEST_CASE("OffsetMap merges contiguous exact segments and ignores misordered ones", "[normalize]") {
  OffsetMap map;
  map.Add(0, 3, 0, 3);
  map.Add(3, 5, 3, 5);
  CHECK(map.segment_count() == 1);
  map.Add(2, 4, 9, 10);  // overlaps on the normalised side: ignored
  map.Add(5, 6, 4, 6);   // overlaps on the source side: ignored
  map.Add(6, 5, 7, 8);   // reversed: ignored
  CHECK(map.segment_count() == 1);
  map.Add(5, 6, 5, 8);
  CHECK(map.segment_count() == 2);
  OffsetMap empty;
  CHECK(empty.ToSource(size_t{4}) == 4);  // no segments: identity
  CHECK(empty.ToSource(Span{1, 3}) == Span{1, 3});
}

TEST_CASE("OffsetMap serialization round-trips", "[normalize]") {
  OffsetMap map = EllipsisMap();
  std::string data = map.Serialize();
  CHECK(data.rfind("om1:", 0) == 0);
  Result<OffsetMap> back = OffsetMap::Deserialize(data);
  REQUIRE(back.ok());
  CHECK(back->Serialize() == data);
  CHECK(back->segment_count() == map.segment_count());
  for (size_t begin = 0; begin <= 8; ++begin) {
    for (size_t end = begin; end <= 8; ++end) {
      CHECK(back->ToSource(Span{begin, end}) == map.ToSource(Span{begin, end}));
    }
  }
  Result<OffsetMap> empty = OffsetMap::Deserialize(OffsetMap().Serialize());
  REQUIRE(empty.ok());
  CHECK(empty->segment_count() == 0);
}

TEST_CASE("OffsetMap::Deserialize rejects every case of offset_map_bad.tsv", "[normalize]") {
  std::vector<testing::TsvCase> cases = testing::LoadTsvCases("normalize/offset_map_bad.tsv");
  REQUIRE(cases.size() >= 15);
  for (const testing::TsvCase& c : cases) {
    INFO(testing::Where("normalize/offset_map_bad.tsv", c) << ": "
                                                            << (c.fields.size() > 1 ? c.fields[1] : ""));
    Result<OffsetMap> result = OffsetMap::Deserialize(c.fields[0]);
    CHECK(!result.ok());
    if (!result.ok()) CHECK(result.status().code() == Code::kBadInput);
  }
}

}  // namespace
}  // namespace docpipe
