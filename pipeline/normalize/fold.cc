#include "pipeline/normalize/fold.h"

#include <algorithm>
#include <climits>
#include <mutex>
#include <unordered_map>
#include <utility>

#include <unicode/locid.h>
#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>

#include "pipeline/base/strings.h"

namespace docpipe {
namespace {

constexpr UChar32 kGrave = 0x0300, kAcute = 0x0301, kTilde = 0x0303, kHook = 0x0309,
                  kDotBelow = 0x0323;
constexpr UChar32 kBreve = 0x0306, kCircumflex = 0x0302, kHorn = 0x031B;

bool IsToneMark(UChar32 c) {
  return c == kGrave || c == kAcute || c == kTilde || c == kHook || c == kDotBelow;
}
bool IsShapeMark(UChar32 c) { return c == kBreve || c == kCircumflex || c == kHorn; }

const icu::Normalizer2* Nfc() {
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* n = icu::Normalizer2::getNFCInstance(status);
  return U_SUCCESS(status) ? n : nullptr;
}
const icu::Normalizer2* Nfd() {
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* n = icu::Normalizer2::getNFDInstance(status);
  return U_SUCCESS(status) ? n : nullptr;
}

icu::UnicodeString FromUtf8(std::string_view text) {
  return icu::UnicodeString::fromUTF8(icu::StringPiece(text.data(), static_cast<int32_t>(text.size())));
}

std::string ToUtf8(const icu::UnicodeString& text) {
  std::string out;
  text.toUTF8String(out);
  return out;
}

icu::UnicodeString Normalized(const icu::Normalizer2* normalizer, const icu::UnicodeString& text) {
  if (normalizer == nullptr) return text;
  UErrorCode status = U_ZERO_ERROR;
  icu::UnicodeString out = normalizer->normalize(text, status);
  return U_SUCCESS(status) ? out : text;
}

std::vector<char32_t> CodePoints(std::string_view text) {
  std::vector<char32_t> cps;
  size_t pos = 0;
  while (pos < text.size()) cps.push_back(DecodeUtf8(text, &pos));
  return cps;
}

// A letter of a decomposed (NFD) syllable: its base and combining marks.
struct Letter {
  UChar32 base;
  std::vector<UChar32> marks;
};

bool IsVowelBase(UChar32 c) {
  switch (u_tolower(c)) {
    case 'a': case 'e': case 'i': case 'o': case 'u': case 'y':
      return true;
    default:
      return false;
  }
}

bool HasShape(const Letter& l) {
  return std::any_of(l.marks.begin(), l.marks.end(), IsShapeMark);
}

// Moves the single tone mark of a Vietnamese syllable to its canonical vowel
// (fold.h). Returns false (syllable untouched) when it is not a plausible
// Vietnamese syllable or carries no or several tone marks.
//
// The placement, after "qu" and "gi" are taken as initial consonants:
//  1. a vowel with a shape mark (ă â ê ô ơ ư) takes the tone; with two
//     ("ươ") the last one;
//  2. otherwise, with a final consonant, the last vowel ("hoàn", "toán");
//  3. otherwise the first of two vowels ("hòa", "thủy", "khỏe", "mùa") or
//     the middle of three ("ngoài", "khuỷu").
bool PlaceTone(std::vector<Letter>* letters) {
  std::vector<Letter>& s = *letters;
  int tone_letter = -1;
  UChar32 tone = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    for (UChar32 m : s[i].marks) {
      if (!IsToneMark(m)) continue;
      if (tone_letter >= 0) return false;  // two tones: not one syllable
      tone_letter = static_cast<int>(i);
      tone = m;
    }
  }
  if (tone_letter < 0) return false;
  size_t first = 0;
  while (first < s.size() && !IsVowelBase(s[first].base)) ++first;
  if (first == s.size()) return false;
  size_t last = first;
  while (last < s.size() && IsVowelBase(s[last].base)) ++last;  // cluster [first, last)
  for (size_t i = last; i < s.size(); ++i) {
    if (IsVowelBase(s[i].base)) return false;  // vowel after a consonant: not Vietnamese
  }
  if (first > 0 && last - first >= 2) {
    UChar32 before = u_tolower(s[first - 1].base);
    UChar32 vowel = u_tolower(s[first].base);
    if ((before == 'q' && vowel == 'u' && s[first].marks.empty()) ||
        (before == 'g' && vowel == 'i' && s[first].marks.empty())) {
      ++first;  // "quý", "giữ": the u / i belongs to the initial
    }
  }
  size_t count = last - first;
  if (count == 0 || count > 3) return false;
  size_t target = first;
  int shaped = -1;
  for (size_t i = first; i < last; ++i) {
    if (HasShape(s[i])) shaped = static_cast<int>(i);
  }
  if (shaped >= 0) {
    target = static_cast<size_t>(shaped);
  } else if (last < s.size()) {
    target = last - 1;
  } else if (count == 3) {
    target = first + 1;
  } else {
    target = first;
  }
  if (static_cast<int>(target) == tone_letter) return false;
  auto& from = s[static_cast<size_t>(tone_letter)].marks;
  from.erase(std::find(from.begin(), from.end(), tone));
  s[target].marks.push_back(tone);
  return true;
}

// FoldKey through ICU: NFD, drop non-spacing marks, case fold, đ -> d.
std::string FoldKeyIcu(std::string_view text) {
  icu::UnicodeString decomposed = Normalized(Nfd(), FromUtf8(text));
  icu::UnicodeString out;
  for (int32_t i = 0; i < decomposed.length();) {
    UChar32 c = decomposed.char32At(i);
    i += U16_LENGTH(c);
    if (u_charType(c) == U_NON_SPACING_MARK) continue;
    c = u_foldCase(c, U_FOLD_CASE_DEFAULT);
    if (c == 0x0111 || c == 0x00F0) c = 'd';  // đ (and a stray ð): no decomposition
    out.append(c);
  }
  return ToUtf8(out);
}

// FoldKeyIcu of each code point of the Latin blocks and the combining
// diacritics, computed once. For these code points folding acts on each one
// on its own: the NFD of such a letter is its base letter followed by
// non-spacing marks only, and marks are dropped, so canonical reordering
// never reaches across code points. FoldKey on every stored line
// (passages), every gazetteer token and in the extractors spent 4% of an
// ingest in ICU before this table.
class CodePointFolds {
 public:
  static const CodePointFolds& Get() {
    static const CodePointFolds folds;
    return folds;
  }
  static bool Covers(char32_t cp) {
    return cp < 0x250 || (cp >= 0x300 && cp <= 0x36F) || (cp >= 0x1E00 && cp < kTableSize);
  }
  const std::string& Of(char32_t cp) const { return table_[cp]; }

 private:
  static constexpr char32_t kTableSize = 0x1F00;
  CodePointFolds() : table_(kTableSize) {
    for (char32_t cp = 0x80; cp < kTableSize; ++cp) {
      if (!Covers(cp)) continue;
      std::string one;
      AppendUtf8(cp, &one);
      table_[cp] = FoldKeyIcu(one);
    }
  }
  std::vector<std::string> table_;
};

}  // namespace

std::string FoldKey(std::string_view text) {
  // ASCII and the table's code points fold one at a time; a text with any
  // other code point (or ill-formed UTF-8) goes through ICU whole.
  const CodePointFolds& folds = CodePointFolds::Get();
  std::string out;
  out.reserve(text.size());
  size_t pos = 0;
  while (pos < text.size()) {
    unsigned char byte = static_cast<unsigned char>(text[pos]);
    if (byte < 0x80) {
      out.push_back(byte >= 'A' && byte <= 'Z' ? static_cast<char>(byte - 'A' + 'a')
                                               : static_cast<char>(byte));
      ++pos;
      continue;
    }
    char32_t cp = DecodeUtf8(text, &pos);
    if (!CodePointFolds::Covers(cp)) return FoldKeyIcu(text);
    out.append(folds.Of(cp));
  }
  return out;
}

std::string ToneCanonical(std::string_view text) {
  icu::UnicodeString decomposed = Normalized(Nfd(), FromUtf8(text));
  icu::UnicodeString out;
  std::vector<Letter> syllable;
  auto flush = [&]() {
    PlaceTone(&syllable);
    for (const Letter& l : syllable) {
      out.append(l.base);
      for (UChar32 m : l.marks) out.append(m);
    }
    syllable.clear();
  };
  for (int32_t i = 0; i < decomposed.length();) {
    UChar32 c = decomposed.char32At(i);
    i += U16_LENGTH(c);
    if (u_getCombiningClass(c) != 0 && !syllable.empty()) {
      syllable.back().marks.push_back(c);
    } else if (u_isalpha(c)) {
      syllable.push_back({c, {}});
    } else {
      flush();
      out.append(c);
    }
  }
  flush();
  return ToUtf8(Normalized(Nfc(), out));
}

std::string MatchKey(std::string_view text) {
  icu::UnicodeString lower = FromUtf8(ToneCanonical(text));
  lower.toLower(icu::Locale::getRoot());
  return ToUtf8(Normalized(Nfc(), lower));
}

int EditDistance(std::string_view a, std::string_view b) {
  std::vector<char32_t> x = CodePoints(a), y = CodePoints(b);
  if (x.size() < y.size()) std::swap(x, y);
  std::vector<int> row(y.size() + 1);
  for (size_t col = 0; col <= y.size(); ++col) row[col] = static_cast<int>(col);
  for (size_t x_idx = 1; x_idx <= x.size(); ++x_idx) {
    int diagonal = row[0];
    row[0] = static_cast<int>(x_idx);
    for (size_t y_idx = 1; y_idx <= y.size(); ++y_idx) {
      int above = row[y_idx];
      int cost = x[x_idx - 1] == y[y_idx - 1] ? 0 : 1;
      row[y_idx] = std::min({above + 1, row[y_idx - 1] + 1, diagonal + cost});
      diagonal = above;
    }
  }
  return row[y.size()];
}

int FuzzyLookup(std::string_view word, const std::vector<std::string>& vocabulary,
                int max_distance) {
  std::string key = MatchKey(word);
  int best = -1;
  int best_distance = INT_MAX;
  for (size_t idx = 0; idx < vocabulary.size(); ++idx) {
    std::string entry = MatchKey(vocabulary[idx]);
    if (entry == key) return static_cast<int>(idx);
    int distance = EditDistance(key, entry);
    if (distance <= max_distance && distance < best_distance) {
      best = static_cast<int>(idx);
      best_distance = distance;
    }
  }
  return best;
}

namespace {

// Folding one code point at a time through FoldKey (ICU) is slow; the
// alphabet of a document is small, so results are cached.
const std::string& FoldCodePoint(char32_t cp) {
  static std::mutex mutex;
  static std::unordered_map<char32_t, std::string> cache;
  std::lock_guard<std::mutex> lock(mutex);
  auto it = cache.find(cp);
  if (it != cache.end()) return it->second;
  std::string utf8;
  AppendUtf8(cp, &utf8);
  std::string folded = FoldKey(utf8);
  return cache.emplace(cp, std::move(folded)).first->second;
}

}  // namespace

Folded FoldWithOffsets(std::string_view text) {
  Folded out;
  out.text.reserve(text.size());
  out.origin.reserve(text.size() + 1);
  size_t pos = 0;
  while (pos < text.size()) {
    size_t start = pos;
    unsigned char c = static_cast<unsigned char>(text[pos]);
    if (c < 0x80) {
      ++pos;
      char lower = (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : static_cast<char>(c);
      out.text.push_back(lower);
      out.origin.push_back(start);
      continue;
    }
    char32_t cp = DecodeUtf8(text, &pos);
    const std::string& folded = FoldCodePoint(cp);
    for (char f : folded) {
      out.text.push_back(f);
      out.origin.push_back(start);
    }
  }
  out.origin.push_back(text.size());
  return out;
}

bool IsFoldedWordByte(char c) {
  return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z');
}

std::vector<std::string> FoldedWords(std::string_view text) {
  std::string folded = FoldKey(text);
  std::vector<std::string> words;
  std::string current;
  for (char c : folded) {
    if (IsFoldedWordByte(c)) {
      current.push_back(c);
    } else if (!current.empty()) {
      words.push_back(std::move(current));
      current.clear();
    }
  }
  if (!current.empty()) words.push_back(std::move(current));
  return words;
}

}  // namespace docpipe
