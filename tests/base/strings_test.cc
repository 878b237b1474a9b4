#include "pipeline/base/strings.h"

#include <catch2/catch.hpp>

namespace docpipe {
namespace {

TEST_CASE("Substitute fills numbered placeholders and keeps $$", "[base]") {
  CHECK(Substitute("Đã nạp $1 tệp, lỗi $2 ($$)", {"12", "3"}) == "Đã nạp 12 tệp, lỗi 3 ($)");
  CHECK(Substitute("$3 missing", {"a"}) == "$3 missing");
}

TEST_CASE("SplitLines drops CR and keeps a last line without newline", "[base]") {
  auto lines = SplitLines("Số: 1520/QĐ-\r\nUBND\n\nend");
  REQUIRE(lines.size() == 4);
  CHECK(lines[0] == "Số: 1520/QĐ-");
  CHECK(lines[2].empty());
  CHECK(lines[3] == "end");
}

TEST_CASE("DecodeUtf8 terminates on hostile bytes with U+FFFD", "[base]") {
  std::string bad = "a\xC3\x28\xF0\x9F";
  size_t pos = 0;
  std::u32string out;
  while (pos < bad.size()) out.push_back(DecodeUtf8(bad, &pos));
  CHECK(out == std::u32string{U'a', 0xFFFD, U'(', 0xFFFD, 0xFFFD});
  CHECK(Utf8Length("Quyết định") == 10);
}

TEST_CASE("JsonEscape escapes controls and repairs invalid UTF-8", "[base]") {
  CHECK(JsonEscape("a\"b\\c\n\x01") == "a\\\"b\\\\c\\n\\u0001");
  CHECK(JsonEscape("\xFF") == "\xEF\xBF\xBD");
}

TEST_CASE("Sha256Hex matches the FIPS 180-4 test vectors", "[base]") {
  CHECK(Sha256Hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  CHECK(Sha256Hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  CHECK(Sha256Hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq") ==
        "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
  CHECK(Sha256Hex(std::string(1000000, 'a')) ==
        "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

TEST_CASE("ParseInt accepts whole decimals only", "[base]") {
  int64_t v = 0;
  CHECK(ParseInt("2025", &v));
  CHECK(v == 2025);
  CHECK_FALSE(ParseInt("20x", &v));
  CHECK_FALSE(ParseInt("", &v));
}

}  // namespace
}  // namespace docpipe

namespace docpipe {
namespace {

TEST_CASE("ByteEditDistance counts byte edits", "[base]") {
  CHECK(ByteEditDistance("patern", "pattern") == 1);
  CHECK(ByteEditDistance("", "fill") == 4);
  CHECK(ByteEditDistance("chanh", "chinh") == 1);
  CHECK(ByteEditDistance("same", "same") == 0);
}

}  // namespace
}  // namespace docpipe

namespace docpipe {
namespace {

TEST_CASE("Ellipsize cuts at code points and keeps short text whole", "[base]") {
  CHECK(Ellipsize("Kế hoạch", 8, 8) == "Kế hoạch");
  CHECK(Ellipsize("Kế hoạch", 7, 7) == "Kế hoạc…");
  CHECK(Ellipsize("Kế hoạch", 7, 6) == "Kế hoạ…");
  CHECK(Ellipsize("Đắk Lắk", 2, 1) == "Đ…");
}

TEST_CASE("Roman numerals as section numbers read by every stage", "[base]") {
  CHECK(IsRomanNumeral("IV"));
  CHECK(IsRomanNumeral("XLII"));
  CHECK_FALSE(IsRomanNumeral(""));
  CHECK_FALSE(IsRomanNumeral("iv"));
  CHECK_FALSE(IsRomanNumeral("IV."));
  CHECK(RomanNumeralValue("I") == 1);
  CHECK(RomanNumeralValue("IV") == 4);
  CHECK(RomanNumeralValue("IX") == 9);
  CHECK(RomanNumeralValue("XL") == 40);
  CHECK(RomanNumeralValue("XII") == 12);
  CHECK(RomanNumeralValue("A") == 0);
  CHECK(StartsWithRomanMarker("II. KẾT QUẢ"));
  CHECK_FALSE(StartsWithRomanMarker("II.KẾT QUẢ"));
  CHECK_FALSE(StartsWithRomanMarker("Ii. "));
  CHECK_FALSE(StartsWithRomanMarker("IV."));
}

TEST_CASE("ReplaceEthWithDStroke repairs the look-alike of Đ", "[base]") {
  CHECK(ReplaceEthWithDStroke("Q\xC3\x90-UBND") == "QĐ-UBND");
  CHECK(ReplaceEthWithDStroke("\xC3\x90\xC3\x90") == "ĐĐ");
  CHECK(ReplaceEthWithDStroke("Đà Nẵng") == "Đà Nẵng");
}

}  // namespace
}  // namespace docpipe
