#include "pipeline/rules/gazetteer.h"

// Names are compared as sequences of folded words (normalize/fold.h: case,
// diacritics and tone style removed), so punctuation and spacing never
// matter: "Sở Văn hoá - Thể thao và Du lịch" and "SỞ VĂN HÓA, THỂ THAO VÀ DU
// LỊCH" are the same words. "&" is a word of its own ("VHTT&DL" is "vhtt & dl").
//
// FindAll tokenises the text once, keeping each word's byte span and what
// separates it from the previous word, then walks the words: at each word the
// longest alias starting there wins (a trie-like index by first word, keys
// sorted longest first). Lists sharing a head word ("Các Sở: Ngoại vụ, Công
// Thương", "Sở Tài chính, Công Thương") are expanded by remembering the head
// ("sở", "bộ", "ban") of the last match or of a bare head, and trying
// head + item for the items that follow a "," ";" or "và". A semicolon,
// colon, full stop or bracket inside a name ends it; a comma does not ("Văn
// hóa, Thể thao và Du lịch").
//
// Fuzzy matching tolerates one word differing by one edit (in names of three
// or more words, words of four or more letters, not the first word), so OCR
// and typing slips resolve but a different agency ("Sở Nội vụ" / "Sở Ngoại
// vụ") or a common phrase ("Thủ trưởng" / "Thủ tướng") never does.

#include <algorithm>
#include <utility>

#include "pipeline/base/file_util.h"
#include "pipeline/base/strings.h"
#include "pipeline/normalize/fold.h"

namespace docpipe {

struct Gazetteer::Token {
  Span span;
  std::string word;             // folded
  bool comma_before = false;    // "," or ";" between the previous word and this one
  bool semicolon_before = false;
  bool colon_before = false;
  bool hard_before = false;     // ":" "." "(" ")" ";" "/" and other punctuation
};

struct Gazetteer::Found {
  int agency = -1;
  size_t end = 0;  // token index after the match
  bool fuzzy = false;
};

namespace {

constexpr std::string_view kLevels[] = {"central",    "ministry", "province",
                                        "department", "commune",  "other"};
// Head words of shared-head lists (folded): Sở, Bộ, Ban.
constexpr std::string_view kHeads[] = {"so", "bo", "ban"};

bool IsHead(std::string_view word) {
  return std::find(std::begin(kHeads), std::end(kHeads), word) != std::end(kHeads);
}

bool IsWordCodePoint(char32_t cp) {
  if (cp < 0x80) {
    return (cp >= '0' && cp <= '9') || (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z');
  }
  if (cp >= 0x300 && cp <= 0x36F) return true;  // combining marks (NFD input)
  if (cp < 0xC0 || cp == 0xD7 || cp == 0xF7) return false;  // Latin-1 punctuation
  if (cp >= 0x2000 && cp <= 0x2BFF) return false;  // punctuation, arrows, symbols
  if (cp >= 0x3000 && cp <= 0x303F) return false;
  if (cp == 0xFFFD || cp == 0xFEFF) return false;
  return true;
}

bool IsIsoDate(std::string_view text) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return false;
  for (size_t pos = 0; pos < text.size(); ++pos) {
    if (pos == 4 || pos == 7) continue;
    if (text[pos] < '0' || text[pos] > '9') return false;
  }
  return true;
}

}  // namespace

std::vector<Gazetteer::Token> Gazetteer::Tokenize(std::string_view text) {
  std::vector<Gazetteer::Token> tokens;
  tokens.reserve(text.size() / 6 + 1);  // Vietnamese words average ~4 bytes plus a space
  Gazetteer::Token pending;  // separator flags gathered for the next word
  size_t pos = 0;
  while (pos < text.size()) {
    size_t start = pos;
    char32_t cp = DecodeUtf8(text, &pos);
    if (cp == '&') {
      Gazetteer::Token token = pending;
      token.span = {start, pos};
      token.word = "&";
      tokens.push_back(std::move(token));
      pending = {};
      continue;
    }
    if (IsWordCodePoint(cp)) {
      size_t end = pos;
      while (end < text.size()) {
        size_t next = end;
        char32_t following = DecodeUtf8(text, &next);
        if (!IsWordCodePoint(following)) break;
        end = next;
      }
      Gazetteer::Token token = pending;
      token.span = {start, end};
      token.word = FoldKey(text.substr(start, end - start));  // per code point: fold.cc
      tokens.push_back(std::move(token));
      pending = {};
      pos = end;
      continue;
    }
    switch (cp) {
      case ' ': case '\t': case '\n': case '\r': case 0xA0:
      case '-': case 0x2010: case 0x2011: case 0x2013: case 0x2014:
        break;
      case ',':
        pending.comma_before = true;
        break;
      case ';':
        pending.semicolon_before = true;
        pending.hard_before = true;
        break;
      case ':':
        pending.colon_before = true;
        pending.hard_before = true;
        break;
      default:
        pending.hard_before = true;
        break;
    }
  }
  return tokens;
}

std::vector<std::string> Gazetteer::Words(std::string_view name) {
  std::vector<std::string> words;
  for (Token& token : Tokenize(name)) words.push_back(std::move(token.word));
  return words;
}

Result<Gazetteer> Gazetteer::Load(const std::string& path) {
  Result<std::string> bytes = ReadFileToString(path);
  if (!bytes.ok()) return bytes.status();
  return Parse(path, *bytes);
}

Result<Gazetteer> Gazetteer::Parse(std::string_view file_name, std::string_view tsv) {
  Gazetteer gazetteer;
  std::vector<std::pair<std::string, std::pair<int, int>>> seen;  // key -> (agency, line)
  bool header_seen = false;
  for (const TsvLine& tsv_line : TsvLines(file_name, tsv)) {
    std::string_view line = tsv_line.text;
    int line_number = tsv_line.number;
    auto error = [&](std::string_view field, std::string detail) {
      return tsv_line.Error(field, std::move(detail));
    };
    const std::vector<std::string_view>& fields = tsv_line.fields;
    if (!header_seen) {
      header_seen = true;
      if (fields.size() < 3 || fields[0] != "canonical" || fields[1] != "level" ||
          fields[2] != "aliases") {
        return error(line, "expected the header line 'canonical<TAB>level<TAB>aliases"
                           "<TAB>valid_from<TAB>valid_to'");
      }
      continue;
    }
    if (fields.size() < 2 || fields.size() > 5) {
      return error(line, "expected 2 to 5 tab-separated columns (canonical, level, aliases, "
                         "valid_from, valid_to), got " + std::to_string(fields.size()));
    }
    Agency agency;
    agency.canonical = std::string(Trim(fields[0]));
    if (agency.canonical.empty()) return error(fields[0], "empty canonical name");
    std::string_view level = Trim(fields[1]);
    if (std::find(std::begin(kLevels), std::end(kLevels), level) == std::end(kLevels)) {
      return error(fields[1], "unknown level '" + std::string(level) +
                                  "' (use central, ministry, province, department, commune, "
                                  "other)");
    }
    agency.level = std::string(level);
    for (size_t date_idx = 3; date_idx < fields.size(); ++date_idx) {
      std::string_view date = Trim(fields[date_idx]);
      if (!date.empty() && !IsIsoDate(date)) {
        return error(fields[date_idx], "bad date '" + std::string(date) + "' (use YYYY-MM-DD)");
      }
      (date_idx == 3 ? agency.valid_from : agency.valid_to) = std::string(date);
    }
    int index = static_cast<int>(gazetteer.agencies_.size());
    std::vector<std::string_view> names = {fields[0]};
    if (fields.size() > 2 && !Trim(fields[2]).empty()) {
      for (std::string_view alias : Split(fields[2], "|")) {
        names.push_back(alias);
        if (!Trim(alias).empty()) agency.aliases.emplace_back(Trim(alias));
      }
    }
    for (std::string_view name : names) {
      if (Trim(name).empty()) continue;
      std::vector<std::string> words = Words(name);
      if (words.empty()) return error(name, "name without letters: '" + std::string(name) + "'");
      std::string joined = Join(words, " ");
      auto it = std::find_if(seen.begin(), seen.end(),
                             [&](const auto& entry) { return entry.first == joined; });
      if (it != seen.end()) {
        if (it->second.first == index) continue;  // a spelling variant of the same agency
        return error(name, "'" + std::string(Trim(name)) + "' already names '" +
                               gazetteer.agencies_[it->second.first].canonical + "' (line " +
                               std::to_string(it->second.second) + ")");
      }
      seen.push_back({joined, {index, line_number}});
      gazetteer.keys_.push_back({std::move(words), index});
    }
    gazetteer.agencies_.push_back(std::move(agency));
  }
  if (!header_seen) {
    Location where;
    where.file = std::string(file_name);
    return Status::Error(Code::kRuleError, "empty gazetteer (no header line)", std::move(where));
  }
  std::stable_sort(gazetteer.keys_.begin(), gazetteer.keys_.end(),
                   [](const Key& a, const Key& b) { return a.words.size() > b.words.size(); });
  for (size_t key_idx = 0; key_idx < gazetteer.keys_.size(); ++key_idx) {
    gazetteer.by_first_word_[gazetteer.keys_[key_idx].words[0]].push_back(
        static_cast<int>(key_idx));
  }
  return gazetteer;
}

Gazetteer::Found Gazetteer::MatchAt(const std::vector<Token>& tokens, size_t at,
                                    std::string_view head, bool allow_fuzzy) const {
  Found exact;
  Found fuzzy;
  if (at >= tokens.size()) return exact;
  std::string first(head.empty() ? std::string_view(tokens[at].word) : head);
  auto bucket = by_first_word_.find(first);
  if (bucket == by_first_word_.end()) return exact;
  size_t skip = head.empty() ? 0 : 1;  // key words already given by the head
  for (int key_idx : bucket->second) {
    const Key& key = keys_[static_cast<size_t>(key_idx)];
    if (key.words.size() <= skip) continue;
    size_t length = key.words.size() - skip;
    if (at + length > tokens.size()) continue;
    if (exact.agency >= 0 && at + length <= exact.end) break;  // keys are longest first
    int edits = 0;
    bool ok = true;
    for (size_t word_idx = 0; word_idx < length && ok; ++word_idx) {
      const Token& token = tokens[at + word_idx];
      if (word_idx > 0 && token.hard_before) ok = false;
      const std::string& want = key.words[skip + word_idx];
      if (!ok || token.word == want) continue;
      // Two-word names are too short to tolerate an edit: "Thủ tướng" is one
      // letter away from "Thủ trưởng" (any agency's head).
      bool may_edit = allow_fuzzy && key.words.size() >= 3 && skip + word_idx > 0 &&
                      want.size() >= 4 && token.word.size() >= 4 && edits == 0;
      if (may_edit && ByteEditDistance(token.word, want) == 1) {
        ++edits;
      } else {
        ok = false;
      }
    }
    if (!ok) continue;
    if (edits == 0) {
      if (exact.agency < 0) exact = {key.agency, at + length, false};
    } else if (fuzzy.agency < 0) {
      fuzzy = {key.agency, at + length, true};
    }
  }
  if (exact.agency >= 0 && (fuzzy.agency < 0 || exact.end >= fuzzy.end)) return exact;
  return fuzzy;
}

int Gazetteer::Resolve(std::string_view mention, bool* fuzzy) const {
  std::vector<Token> tokens = Tokenize(mention);
  if (fuzzy != nullptr) *fuzzy = false;
  if (tokens.empty()) return -1;
  Found found = MatchAt(tokens, 0, "", true);
  if (found.agency < 0 || found.end != tokens.size()) return -1;
  if (fuzzy != nullptr) *fuzzy = found.fuzzy;
  return found.agency;
}

std::vector<AgencyMention> Gazetteer::FindAll(std::string_view text) const {
  std::vector<AgencyMention> mentions;
  std::vector<Token> tokens = Tokenize(text);
  auto emit = [&](const Found& found, size_t from) {
    AgencyMention mention;
    mention.agency = found.agency;
    mention.span = {tokens[from].span.begin, tokens[found.end - 1].span.end};
    mention.fuzzy = found.fuzzy;
    mentions.push_back(mention);
  };
  // The head word of an agency that can start a shared-head list, or "".
  auto head_of = [&](int agency) -> std::string {
    const Agency& entry = agencies_[static_cast<size_t>(agency)];
    if (entry.level != "department" && entry.level != "ministry") return "";
    std::vector<std::string> words = Words(entry.canonical);
    return !words.empty() && IsHead(words[0]) ? words[0] : "";
  };

  std::string head;    // of the list being read, or ""
  size_t list_end = 0;  // token after the last item of that list
  size_t at = 0;
  while (at < tokens.size()) {
    if (!head.empty() && at == list_end) {
      // Another item of the list? It follows ",", ";" or "và".
      size_t item = at;
      bool separated = tokens[at].comma_before || tokens[at].semicolon_before;
      if (!tokens[at].hard_before || tokens[at].semicolon_before) {
        if (tokens[item].word == "va" && item + 1 < tokens.size() &&
            !tokens[item + 1].hard_before) {
          separated = true;
          ++item;
        }
      } else {
        separated = false;
      }
      if (separated) {
        Found direct = MatchAt(tokens, item, "", true);
        Found headed = MatchAt(tokens, item, head, true);
        Found best = direct.agency >= 0 && (headed.agency < 0 || direct.end >= headed.end)
                         ? direct
                         : headed;
        if (best.agency >= 0) {
          emit(best, item);
          if (best.agency == direct.agency && best.end == direct.end) {
            std::string next_head = head_of(direct.agency);
            if (!next_head.empty()) head = next_head;
          }
          at = list_end = best.end;
          continue;
        }
      }
      head.clear();
    }
    Found found = MatchAt(tokens, at, "", true);
    if (found.agency >= 0) {
      emit(found, at);
      head = head_of(found.agency);
      at = list_end = found.end;
      continue;
    }
    if (IsHead(tokens[at].word)) {
      // A bare head: "Các Sở: Ngoại vụ, ...", "các Sở, ngành: ...", "các sở Ngoại vụ, ...".
      size_t item = at + 1;
      for (size_t probe = at + 1; probe < tokens.size() && probe <= at + 3; ++probe) {
        if (tokens[probe].colon_before) {
          item = probe;
          break;
        }
        if (tokens[probe].hard_before) break;
      }
      Found headed = MatchAt(tokens, item, tokens[at].word, true);
      if (headed.agency >= 0) {
        emit(headed, item);
        head = tokens[at].word;
        at = list_end = headed.end;
        continue;
      }
    }
    ++at;
  }
  return mentions;
}

}  // namespace docpipe
