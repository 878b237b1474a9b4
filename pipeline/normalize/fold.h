// pipeline/normalize/fold.h
//
// Keys for search and fuzzy matching. FoldKey lower-cases, removes every
// diacritic and maps đ/Đ to d, so "Thỏa Thuận", "thoả thuận" and "thoa thuan"
// share one key. ToneCanonical keeps diacritics but moves tone marks to one
// canonical placement (new style: "hoà" -> "hòa", "thuỷ" -> "thủy") without
// breaking "qu"/"gi" syllables ("quý", "giữ" unchanged).
//
// Stage: normalize. Thread-safe.

#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace docpipe {

std::string FoldKey(std::string_view text);
std::string ToneCanonical(std::string_view text);

// Lower-case, NFC, tone-canonical: the key for exact matching that still
// distinguishes "ban" from "bán".
std::string MatchKey(std::string_view text);

// Levenshtein distance in code points (for the small tolerance on known
// vocabulary: "Hẳng năm" -> "Hằng năm").
int EditDistance(std::string_view a, std::string_view b);

// Finds the entry of "vocabulary" closest to "word" by MatchKey within
// "max_distance"; returns its index or -1. Exact key matches win.
int FuzzyLookup(std::string_view word, const std::vector<std::string>& vocabulary,
                int max_distance);

// FoldKey's text (lower-cased, no diacritics, "đ" -> "d") with the byte offset
// in the original text of every byte of "text" (origin.size() ==
// text.size() + 1; the last entry is the original's length). Folding goes one
// code point at a time, so each folded byte knows where it came from; search
// snippets and the cross-check quote the original through it.
struct Folded {
  std::string text;
  std::vector<size_t> origin;
  size_t Origin(size_t folded_offset) const {
    return origin[folded_offset < origin.size() ? folded_offset : origin.size() - 1];
  }
};
Folded FoldWithOffsets(std::string_view text);

// The one definition of a word in folded text: a run of ASCII letters and
// digits. After folding every Vietnamese letter is ASCII, so what is left
// outside the ASCII range is punctuation and symbols ("–", "…", "€"), which
// separate words as they do for SQLite FTS5's unicode61 tokenizer.
bool IsFoldedWordByte(char c);
// The words of FoldKey(text), in order.
std::vector<std::string> FoldedWords(std::string_view text);

}  // namespace docpipe
