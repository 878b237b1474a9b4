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
#include <vector>

#include "pipeline/base/result.h"
#include "pipeline/model/span.h"

namespace docpipe {

struct Agency {
  std::string canonical;  // "Sở Ngoại vụ"
  std::string level;      // ministry, central, province, department, commune, other
  std::vector<std::string> aliases;
};

struct AgencyMention {
  int agency = -1;  // index into agencies()
  Span span;        // in the text searched
  bool fuzzy = false;
};

class Gazetteer {
 public:
  // Loads a TSV with a header line (canonical, level, aliases separated by
  // "|"). Errors name "agencies.tsv:LINE:".
  static Result<Gazetteer> Load(const std::string& path);
  static Result<Gazetteer> Parse(std::string_view file_name, std::string_view tsv);

  // Resolves one mention ("Sở Văn hoá, Thể thao và Du lịch", "Sở VHTT&DL",
  // "Công an tỉnh"); -1 if unknown.
  int Resolve(std::string_view mention, bool* fuzzy = nullptr) const;

  // Every agency mentioned in "text", lists expanded ("Các Sở: Ngoại vụ, Công
  // Thương" gives two), in text order, without duplicates of the same span.
  std::vector<AgencyMention> FindAll(std::string_view text) const;

  const std::vector<Agency>& agencies() const { return agencies_; }

 private:
  std::vector<Agency> agencies_;
  struct Index;
  std::vector<std::pair<std::string, int>> keys_;  // folded alias -> agency, longest first
};

}  // namespace docpipe
