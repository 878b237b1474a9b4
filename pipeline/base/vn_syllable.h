// pipeline/base/vn_syllable.h
//
// Is a text Vietnamese? Judged by the structure of its syllables, not by a
// word list: a Vietnamese syllable is an onset (b, ch, ngh, qu, ...), a rhyme
// (a vowel nucleus with an optional medial o/u and an optional final:
// c ch m n ng nh p t or a closing i/y/o/u) and at most one tone mark, and
// syllables ending in c, ch, p, t carry only the sắc or nặng tone. Used by
// the PDF reader to tell a real text layer from a garbage OCR layer
// ("UY NUAN DAN THANH Ho Ho") that should be OCRed again.
//
// Stage: base (std only).

#pragma once

#include <string_view>

namespace docpipe {

// "word" (UTF-8, NFC, any case, letters only) is one well-formed Vietnamese
// syllable: "nghiêng", "Quyết", "ĐẮK" -> true; "UBND", "nuan", "tỉnhh" -> false.
bool IsVietnameseSyllable(std::string_view word);

struct SyllableStats {
  int words = 0;   // letter runs of two letters or more
  int valid = 0;   // of which well-formed syllables
  int marked = 0;  // of which valid and with a diacritic (tone, â ă ê ô ơ ư đ)
  double valid_rate() const { return words == 0 ? 0 : static_cast<double>(valid) / words; }
  double marked_rate() const { return words == 0 ? 0 : static_cast<double>(marked) / words; }
};

// Counts the letter runs of "text" (UTF-8; anything that is not a letter
// separates them; runs of one letter are left out: "V/v", "b/c").
SyllableStats CountSyllables(std::string_view text);

}  // namespace docpipe
