// pipeline/rules/gazetteer.h
//
// The agency gazetteer, rules/agencies.tsv: canonical name, aliases,
// abbreviations, level. Every agency mention resolves to a canonical entry,
// including lists that share a head noun ("Các Sở: Ngoại vụ, Công Thương, Tài
// chính" -> three departments) and abbreviations ("Sở VHTT&DL"). Matching is
// by fold.h keys, so tone style, case and diacritics do not matter; a small
// edit distance is tolerated and marked fuzzy.
//
// Stage: rules. Immutable after Load; thread-safe.

#pragma once

#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "pipeline/base/result.h"
#include "pipeline/model/span.h"

namespace docpipe {

struct Agency {
  std::string canonical;  // "Sở Ngoại vụ"
  std::string level;      // ministry, central, province, department, commune, other
  std::vector<std::string> aliases;
  std::string valid_from;  // ISO date or "" (open)
  std::string valid_to;    // ISO date or "" (open)
};

struct AgencyMention {
  int agency = -1;  // index into agencies()
  Span span;        // in the text searched
  bool fuzzy = false;
};

class Gazetteer {
 public:
  // Loads a TSV with a header line (canonical, level, aliases separated by
  // "|", valid_from, valid_to; format in rules/README.md). Errors are
  // kRuleError naming "FILE:LINE:" (an unknown level, a bad date, an alias
  // that already names another agency); kNotFound if "path" does not exist.
  static Result<Gazetteer> Load(const std::string& path);
  static Result<Gazetteer> Parse(std::string_view file_name, std::string_view tsv);

  // Resolves one mention ("Sở Văn hoá, Thể thao và Du lịch", "Sở VHTT&DL",
  // "Công an tỉnh"): the whole mention must be one agency's name or alias,
  // case, diacritics and punctuation aside. -1 if unknown; "*fuzzy" (if
  // given) is set when one word differed by one edit.
  int Resolve(std::string_view mention, bool* fuzzy = nullptr) const;

  // Every agency mentioned in "text", lists expanded ("Các Sở: Ngoại vụ, Công
  // Thương" gives two), in text order, without duplicates of the same span.
  // Longest names win ("Văn phòng UBND tỉnh" is not "UBND tỉnh").
  std::vector<AgencyMention> FindAll(std::string_view text) const;

  const std::vector<Agency>& agencies() const { return agencies_; }

 private:
  struct Key {
    std::vector<std::string> words;  // folded words of one name or alias
    int agency = -1;
  };
  struct Token;
  struct Found;

  // Folded words with their spans and the separators before each.
  static std::vector<Token> Tokenize(std::string_view text);
  static std::vector<std::string> Words(std::string_view name);
  Found MatchAt(const std::vector<Token>& tokens, size_t at, std::string_view head,
                bool allow_fuzzy) const;

  std::vector<Agency> agencies_;
  std::vector<Key> keys_;  // longest first
  // First word -> indices into keys_ (longest first).
  std::unordered_map<std::string, std::vector<int>> by_first_word_;
};

}  // namespace docpipe
