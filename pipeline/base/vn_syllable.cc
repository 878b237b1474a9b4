#include "pipeline/base/vn_syllable.h"

#include <algorithm>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "pipeline/base/strings.h"

namespace docpipe {
namespace {

struct Letter {
  char32_t base = 0;  // lower case, without tone: a ă â e ê i o ô ơ u ư y đ, or ASCII
  int tone = 0;       // 0 none, 1 huyền, 2 sắc, 3 hỏi, 4 ngã, 5 nặng
  bool marked = false;
};

// Each row: the toneless vowel, then its five toned forms (huyền sắc hỏi
// ngã nặng), lower case then upper case.
constexpr std::string_view kVowelRows[] = {
    "aàáảãạ", "ăằắẳẵặ", "âầấẩẫậ", "eèéẻẽẹ", "êềếểễệ", "iìíỉĩị",
    "oòóỏõọ", "ôồốổỗộ", "ơờớởỡợ", "uùúủũụ", "ưừứửữự", "yỳýỷỹỵ",
    "AÀÁẢÃẠ", "ĂẰẮẲẴẶ", "ÂẦẤẨẪẬ", "EÈÉẺẼẸ", "ÊỀẾỂỄỆ", "IÌÍỈĨỊ",
    "OÒÓỎÕỌ", "ÔỒỐỔỖỘ", "ƠỜỚỞỠỢ", "UÙÚỦŨỤ", "ƯỪỨỬỮỰ", "YỲÝỶỸỴ",
};

const std::unordered_map<char32_t, Letter>& Letters() {
  static const auto* table = [] {
    auto* map = new std::unordered_map<char32_t, Letter>();
    for (size_t row = 0; row < std::size(kVowelRows); ++row) {
      std::string_view text = kVowelRows[row];
      size_t pos = 0;
      std::u32string cps;
      while (pos < text.size()) cps.push_back(DecodeUtf8(text, &pos));
      // The lower-case row of the same vowel gives the base.
      std::string_view lower_row = kVowelRows[row % 12];
      size_t lower_pos = 0;
      char32_t base = DecodeUtf8(lower_row, &lower_pos);
      for (size_t tone = 0; tone < cps.size(); ++tone) {
        bool modified = base > 0x7F;
        (*map)[cps[tone]] = {base, static_cast<int>(tone), modified || tone > 0};
      }
    }
    (*map)[0x111] = {0x111, 0, true};  // đ
    (*map)[0x110] = {0x111, 0, true};  // Đ
    for (char32_t c = 'a'; c <= 'z'; ++c) {
      if (map->count(c) == 0) (*map)[c] = {c, 0, false};
      if (map->count(c - 32) == 0) (*map)[c - 32] = {c, 0, false};
    }
    return map;
  }();
  return *table;
}

std::u32string U32(std::string_view text) {
  std::u32string out;
  size_t pos = 0;
  while (pos < text.size()) out.push_back(DecodeUtf8(text, &pos));
  return out;
}

const std::unordered_set<std::u32string>& Rhymes() {
  static const auto* set = [] {
    constexpr std::string_view kRhymes =
        "a ac ach ai am an ang anh ao ap at au ay "
        "ăc ăm ăn ăng ăp ăt "
        "âc âm ân âng âp ât âu ây "
        "e ec em en eng eo ep et "
        "ê êch êm ên ênh êp êt êu "
        "i ia ich im in inh ip it iu iêc iêm iên iêng iêp iêt iêu "
        "o oc oi om on ong op ot oong ooc "
        "oa oac oach oai oam oan oang oanh oao oap oat oay oăc oăm oăn oăng oăt "
        "oe oen oeo oet oec "
        "ô ôc ôi ôm ôn ông ôp ôt "
        "ơ ơi ơm ơn ơp ơt "
        "u uc ui um un ung up ut ua uâc uân uâng uât uây uê uêch uênh "
        "uy uych uyên uyêt uynh uyt uyu uya uôc uôi uôm uôn uông uôt uơ "
        "ư ưc ưi ưm ưn ưng ưt ưu ưa ươc ươi ươm ươn ương ươp ươt ươu "
        "y yêm yên yêng yêt yêu";
    auto* out = new std::unordered_set<std::u32string>();
    for (std::string_view rhyme : Split(kRhymes, " ")) {
      if (!rhyme.empty()) out->insert(U32(rhyme));
    }
    return out;
  }();
  return *set;
}

const std::vector<std::u32string>& Onsets() {
  static const auto* list = [] {
    auto* out = new std::vector<std::u32string>();
    for (std::string_view onset :
         {"ngh", "b", "c", "ch", "d", "đ", "g", "gh", "gi", "h", "k", "kh", "l", "m", "n",
          "ng", "nh", "p", "ph", "qu", "r", "s", "t", "th", "tr", "v", "x"}) {
      out->push_back(U32(onset));
    }
    out->push_back(U32(""));
    return out;
  }();
  return *list;
}

bool EndsStop(const std::u32string& rhyme) {
  if (rhyme.empty()) return false;
  char32_t last = rhyme.back();
  return last == 'c' || last == 'p' || last == 't' ||
         (last == 'h' && rhyme.size() >= 2 && rhyme[rhyme.size() - 2] == 'c');
}

bool IsLetter(char32_t cp) {
  if (cp < 0x80) return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z');
  return Letters().count(cp) > 0 || (cp >= 0xC0 && cp <= 0x24F) || (cp >= 0x1E00 && cp <= 0x1EFF);
}

// Valid, and whether it carries a diacritic.
bool Check(std::string_view word, bool* marked) {
  const auto& letters = Letters();
  std::u32string plain;
  int tone = 0;
  *marked = false;
  size_t pos = 0;
  while (pos < word.size()) {
    auto it = letters.find(DecodeUtf8(word, &pos));
    if (it == letters.end()) return false;
    if (it->second.tone != 0) {
      if (tone != 0) return false;  // two tone marks
      tone = it->second.tone;
    }
    *marked = *marked || it->second.marked;
    plain.push_back(it->second.base);
  }
  if (plain.empty() || plain.size() > 7) return false;
  for (const std::u32string& onset : Onsets()) {
    if (plain.compare(0, onset.size(), onset) != 0) continue;
    std::u32string rhyme = plain.substr(onset.size());
    if (!Rhymes().count(rhyme)) continue;
    if (EndsStop(rhyme) && tone != 0 && tone != 2 && tone != 5) continue;
    return true;
  }
  return false;
}

}  // namespace

bool IsVietnameseSyllable(std::string_view word) {
  bool marked = false;
  return Check(word, &marked);
}

SyllableStats CountSyllables(std::string_view text) {
  SyllableStats stats;
  size_t pos = 0;
  std::string run;
  int letters = 0;
  auto flush = [&] {
    if (letters >= 2) {
      ++stats.words;
      bool marked = false;
      if (Check(run, &marked)) {
        ++stats.valid;
        if (marked) ++stats.marked;
      }
    }
    run.clear();
    letters = 0;
  };
  while (pos < text.size()) {
    size_t start = pos;
    char32_t cp = DecodeUtf8(text, &pos);
    if (IsLetter(cp)) {
      run.append(text.substr(start, pos - start));
      ++letters;
    } else {
      flush();
    }
  }
  flush();
  return stats;
}

}  // namespace docpipe
