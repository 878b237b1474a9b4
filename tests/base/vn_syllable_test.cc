// Tests of pipeline/base/vn_syllable.h: syllable structure, not a word list.

#include <string>

#include <catch2/catch.hpp>

#include "pipeline/base/vn_syllable.h"

namespace docpipe {
namespace {

TEST_CASE("IsVietnameseSyllable accepts well-formed syllables in any case", "[base]") {
  for (const char* word : {"nghiêng", "Quyết", "ĐẶC", "LẮNG", "hoà", "hòa", "thuở", "gì", "giá",
                           "khuya", "người", "uỷ", "Ủy", "oanh", "chuyển", "trường", "a", "ở",
                           "nghĩa", "KHOẢN", "tuyên", "quốc", "phường", "xã", "giữa"}) {
    INFO(word);
    CHECK(IsVietnameseSyllable(word));
  }
}

TEST_CASE("IsVietnameseSyllable rejects what Vietnamese spelling does not allow", "[base]") {
  for (const char* word : {"UBND", "nuan", "tỉnhh", "strength", "Ho0", "ắă", "hoàá", "chàt",
                           "phìp", "xyz", "BTNMT", "john", "wifi", "fax", ""}) {
    INFO(word);
    CHECK(!IsVietnameseSyllable(word));
  }
}

TEST_CASE("CountSyllables tells Vietnamese text from a garbage OCR layer", "[base]") {
  SyllableStats real = CountSyllables(
      "Thực hiện Kế hoạch số 88/KH-UBND ngày 15/3/2026 của Ủy ban nhân dân tỉnh, để kịp thời "
      "tổng hợp báo cáo Bộ Công Thương, Ủy ban nhân dân tỉnh đề nghị các sở, ban, ngành");
  CHECK(real.words >= 25);
  CHECK(real.valid_rate() > 0.85);
  CHECK(real.marked_rate() > 0.5);
  // The text layer of corpus/real/vietlexibot/CV-687-*-badocr.pdf reads like this.
  SyllableStats garbage = CountSyllables(
      "UY NUAN DAN THANH Ho Ho CHI MINH SO TU PHAP Ss: 6x /STP-VB CONG HOA XA HOI CHU NGHIA "
      "VIET NAM Doc lap - Tu do - Hanh phuc Thanh phd Hd Chi Minh, ngay thang nam");
  CHECK(garbage.marked_rate() < 0.1);
  // Runs of one letter ("V/v") are left out.
  CHECK(CountSyllables("V/v b/c").words == 0);
}

}  // namespace
}  // namespace docpipe
