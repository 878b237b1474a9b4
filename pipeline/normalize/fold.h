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

}  // namespace docpipe
