// pipeline/crosscheck/flags.cc: the checks. Each works on the normalised text
// (via FoldWithOffsets for diacritic-insensitive search with exact spans)
// and on the extracted facts; every flag quotes every side.

#include "pipeline/crosscheck/flags.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <optional>
#include <set>
#include <utility>

#include "pipeline/base/file_util.h"
#include "pipeline/base/strings.h"
#include "pipeline/normalize/fold.h"
#include "pipeline/normalize/numbers.h"

namespace docpipe::crosscheck_internal {
namespace {

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// Occurrences of the folded word sequence "needle" in "folded" at word
// boundaries.
std::vector<size_t> FindWords(const std::string& folded, std::string_view needle, size_t from = 0,
                              size_t to = std::string::npos) {
  std::vector<size_t> out;
  to = std::min(to, folded.size());
  for (size_t at = folded.find(needle, from); at != std::string::npos && at + needle.size() <= to;
       at = folded.find(needle, at + 1)) {
    bool left = at == 0 || !IsFoldedWordByte(folded[at - 1]);
    size_t end = at + needle.size();
    bool right = end >= folded.size() || !IsFoldedWordByte(folded[end]);
    if (left && right) out.push_back(at);
  }
  return out;
}

bool ContainsWords(std::string_view text, std::string_view needle) {
  std::string folded = FoldKey(text);
  return !FindWords(folded, needle).empty();
}

std::string Num(double value) { return FormatVnNumber(value, 2); }

// Byte offset moved back to a UTF-8 code point start.
size_t CodePointStart(std::string_view text, size_t pos) {
  pos = std::min(pos, text.size());
  while (pos > 0 && pos < text.size() && (static_cast<unsigned char>(text[pos]) & 0xC0) == 0x80) --pos;
  return pos;
}

// A window of about "radius" bytes each side of "span", inside its line.
Span Window(std::string_view text, Span span, size_t radius) {
  Span line = LineAt(text, span.begin);
  size_t begin = span.begin > line.begin + radius ? span.begin - radius : line.begin;
  size_t end = std::min(line.end, span.end + radius);
  begin = CodePointStart(text, begin);
  end = CodePointStart(text, end);
  // Widen to word boundaries.
  while (begin > line.begin && text[begin - 1] != ' ') begin = CodePointStart(text, begin - 1);
  while (end < line.end && text[end] != ' ') ++end;
  return Span{begin, end};
}

// A typed flag: the sentence is chosen here, written by the CLI
// (cli/messages.cc) from "message" and "args".
Flag MakeFlag(FlagKind kind, FlagSeverity severity, FlagMessage message,
              std::vector<std::string> args, std::vector<Evidence> evidence) {
  Flag flag;
  flag.kind = kind;
  flag.severity = severity;
  flag.message = message;
  flag.args = std::move(args);
  flag.evidence = std::move(evidence);
  return flag;
}

// A count at "pos" (a token start): "06", "13", not a year, date, ratio,
// percentage or range.
std::optional<ParsedNumber> CountAt(std::string_view text, size_t pos) {
  if (pos >= text.size() || !IsDigit(text[pos])) return std::nullopt;
  if (pos > 0 && (IsFoldedWordByte(text[pos - 1]) || text[pos - 1] == '/' || text[pos - 1] == '.' ||
                  text[pos - 1] == ',' || text[pos - 1] == '-')) {
    return std::nullopt;
  }
  std::optional<ParsedNumber> n = ParseVnNumber(text.substr(pos, 40));
  if (!n || n->is_ratio || n->is_percent || n->is_range || !n->magnitude.empty()) return std::nullopt;
  if (n->value != std::floor(n->value) || n->value < 1 || n->value > 999) return std::nullopt;
  size_t end = pos + n->length;
  if (end < text.size() && (text[end] == '/' || text[end] == '%' || IsFoldedWordByte(text[end]))) {
    return std::nullopt;
  }
  // The counted noun: not a unit of time.
  std::string next = FoldKey(text.substr(end, 12));
  for (std::string_view unit : {" thang", " nam", " ngay", " quy", " gio", " tuan", " phut"}) {
    if (StartsWith(next, unit)) return std::nullopt;
  }
  return n;
}

// Word starts in [begin, end) of "text".
std::vector<size_t> WordStarts(std::string_view text, size_t begin, size_t end) {
  std::vector<size_t> out;
  for (size_t pos = begin; pos < end; ++pos) {
    if (text[pos] == ' ' || text[pos] == '\n') continue;
    if (pos == begin || text[pos - 1] == ' ' || text[pos - 1] == '(' || text[pos - 1] == '\n') {
      out.push_back(pos);
    }
  }
  return out;
}

struct ListItem {
  Span span;
};

// First folded word of an item, skipping plural markers.
std::string HeadWords(std::string_view item) {
  std::vector<std::string> words = FoldedWords(item);
  size_t idx = 0;
  while (idx < words.size() && (words[idx] == "cac" || words[idx] == "nhung" || words[idx] == "mot"))
    ++idx;
  if (idx >= words.size()) return "";
  std::string head = words[idx];
  if (idx + 1 < words.size()) head += " " + words[idx + 1];
  return head;
}

size_t WordCount(std::string_view text) { return FoldedWords(text).size(); }

Span TrimSpan(std::string_view text, Span span) {
  while (span.begin < span.end && (text[span.begin] == ' ' || text[span.begin] == ':' ||
                                   text[span.begin] == ',' || text[span.begin] == ';')) {
    ++span.begin;
  }
  while (span.end > span.begin && (text[span.end - 1] == ' ' || text[span.end - 1] == ',' ||
                                   text[span.end - 1] == ';' || text[span.end - 1] == '.')) {
    --span.end;
  }
  return span;
}

// Splits "list" (a span of "text") into items. Returns false when the shape
// is not clear enough to count (the caller then says nothing).
bool SplitList(std::string_view text, Span list, std::vector<ListItem>* items) {
  // 1. Top-level pieces at ',' and ';' (not inside brackets or quotes).
  std::vector<Span> pieces;
  int depth = 0;
  size_t start = list.begin;
  for (size_t pos = list.begin; pos < list.end; ++pos) {
    char c = text[pos];
    if (c == '(' || c == '[') ++depth;
    if ((c == ')' || c == ']') && depth > 0) --depth;
    if (text.compare(pos, 3, "\xE2\x80\x9C") == 0) ++depth;                 // “
    if (text.compare(pos, 3, "\xE2\x80\x9D") == 0 && depth > 0) --depth;    // ”
    if (depth == 0 && (c == ',' || c == ';')) {
      pieces.push_back(TrimSpan(text, Span{start, pos}));
      start = pos + 1;
    }
  }
  pieces.push_back(TrimSpan(text, Span{start, list.end}));
  pieces.erase(std::remove_if(pieces.begin(), pieces.end(), [](const Span& s) { return s.empty(); }),
               pieces.end());
  if (pieces.empty()) return false;

  // 2. The style: a shared head ("dự án ..."), capitalised names, or plain.
  std::map<std::string, int> heads;
  bool all_capital = true;
  for (const Span& piece : pieces) {
    ++heads[HeadWords(text.substr(piece.begin, piece.size()))];
    if (!IsUpperAt(text, piece.begin)) all_capital = false;
  }
  std::string head;
  int best = 0;
  for (const auto& [h, n] : heads) {
    if (n > best && !h.empty()) {
      best = n;
      head = h;
    }
  }
  enum class Style { kHead, kCapital, kPlain };
  Style style = (pieces.size() >= 2 && best * 10 >= static_cast<int>(pieces.size()) * 6) ? Style::kHead
                : all_capital                                                         ? Style::kCapital
                                                                                      : Style::kPlain;

  // 3. " và " splits a piece only where a new item of the same style starts.
  std::vector<Span> split;
  for (const Span& piece : pieces) {
    size_t from = piece.begin;
    for (size_t at = text.find(" và ", piece.begin); at != std::string_view::npos && at < piece.end;
         at = text.find(" và ", at + 1)) {
      size_t next = at + std::string_view(" và ").size();
      bool cut = false;
      if (style == Style::kHead) {
        cut = HeadWords(text.substr(next, std::min<size_t>(40, piece.end - next))) == head;
      } else if (style == Style::kCapital) {
        cut = IsUpperAt(text, next);
      } else {
        cut = true;
      }
      if (cut) {
        split.push_back(TrimSpan(text, Span{from, at}));
        from = next;
      }
    }
    split.push_back(TrimSpan(text, Span{from, piece.end}));
  }
  // 4. Plain lists: short lower-case fragments before a longer item are
  // coordinated words of it ("quản lý, khai thác và phát triển nhãn hiệu X").
  if (style == Style::kPlain) {
    bool has_long = false;
    for (const Span& s : split) has_long |= WordCount(text.substr(s.begin, s.size())) >= 4;
    std::vector<Span> merged;
    Span pending{0, 0};
    bool have_pending = false;
    for (const Span& s : split) {
      bool short_lower = has_long && WordCount(text.substr(s.begin, s.size())) <= 2 && !IsUpperAt(text, s.begin);
      if (short_lower) {
        if (!have_pending) pending = s;
        pending.end = s.end;
        have_pending = true;
        continue;
      }
      Span item = s;
      if (have_pending) item.begin = pending.begin;
      have_pending = false;
      merged.push_back(item);
    }
    if (have_pending) merged.push_back(pending);
    split = merged;
    // Only short noun lists are counted with confidence in this style.
    for (const Span& s : split) {
      if (WordCount(text.substr(s.begin, s.size())) > 4) {
        items->clear();
        for (const Span& t : split) items->push_back({t});
        return false;
      }
    }
  }
  items->clear();
  for (const Span& s : split) {
    if (!s.empty()) items->push_back({s});
  }
  return items->size() >= 2;
}

}  // namespace

Result<FlagVocabulary> LoadFlagVocabulary(const std::string& path) {
  FlagVocabulary vocabulary;
  Status loaded = LoadFlagVocabularyInto(path, &vocabulary);
  if (!loaded.ok()) return loaded;
  return vocabulary;
}

Status LoadFlagVocabularyInto(const std::string& path, FlagVocabulary* out) {
  Result<std::string> data = ReadFileToString(path);
  if (!data.ok()) return data.status();
  FlagVocabulary& vocabulary = *out;
  std::vector<std::string> stop_words;
  const std::vector<std::pair<std::string_view, std::vector<std::string>*>> classes = {
      {"count_prefix", &vocabulary.count_prefixes},
      {"requested_kind", &vocabulary.requested_kinds},
      {"commune_prefix", &vocabulary.commune_prefixes},
      {"department_prefix", &vocabulary.department_prefixes},
      {"stop_word", &stop_words},
      {"place_prefix", &vocabulary.place_prefixes}};
  bool header = true;
  int line_number = 0;
  for (std::string_view line : SplitLines(*data)) {
    ++line_number;
    if (Trim(line).empty() || StartsWith(Trim(line), "#")) continue;
    if (header) {  // "class<TAB>phrase"
      header = false;
      continue;
    }
    size_t tab = line.find('\t');
    std::vector<std::string>* target = nullptr;
    if (tab != std::string_view::npos) {
      for (const auto& [name, list] : classes) {
        if (line.substr(0, tab) == name) target = list;
      }
    }
    if (target == nullptr) {
      return Status::Error(Code::kRuleError, "expected a known class, a tab and a phrase",
                           Location{path, line_number});
    }
    target->push_back(FoldKey(Trim(line.substr(tab + 1))));
  }
  vocabulary.stop_words.insert(stop_words.begin(), stop_words.end());
  return OkStatus();
}

// ---------------------------------------------------------------------------
// Counts against the lists that follow them.

namespace {

// The count nearest before "gồm" in [clause_begin, gom) (within 25 words),
// unless the word before it makes it an ordinal or a reference ("số 06",
// "Điều 3"). Sets "*count_at" to its offset.
std::optional<ParsedNumber> CountBeforeList(std::string_view text, size_t clause_begin, size_t gom,
                                            const FlagVocabulary& vocabulary, size_t* count_at) {
  std::vector<size_t> words = WordStarts(text, clause_begin, gom);
  if (words.empty()) return std::nullopt;
  size_t limit = words.size() > 25 ? words.size() - 25 : 0;
  std::optional<ParsedNumber> count;
  for (size_t idx = words.size(); idx > limit; --idx) {
    size_t w = words[idx - 1];
    if (!IsDigit(text[w])) continue;
    count = CountAt(text, w);
    *count_at = w;
    break;  // the nearest number decides, valid or not
  }
  if (!count) return std::nullopt;
  // The word before the count must not make it an ordinal or a reference.
  {
    size_t prev_end = *count_at;
    while (prev_end > 0 && text[prev_end - 1] == ' ') --prev_end;
    size_t prev_begin = prev_end;
    while (prev_begin > 0 && text[prev_begin - 1] != ' ' && text[prev_begin - 1] != '\n') --prev_begin;
    std::string prev = FoldKey(text.substr(prev_begin, prev_end - prev_begin));
    for (const std::string& word : vocabulary.count_prefixes) {
      if (prev == word) return std::nullopt;
    }
  }
  return count;
}

struct ListExtent {
  Span span;              // [list_begin, list_end)
  bool bulleted = false;  // "gồm:" ends its line: the items are the next lines
};

// The list after "gồm[:]" (ending at "gom_end"): to the end of the clause or
// sentence, or up to the next "N ... gồm" inside it.
ListExtent FindListExtent(std::string_view text, const Folded& folded, const std::vector<size_t>& gom_all,
                          size_t gom, size_t gom_end, Span sentence) {
  // The list: after "gồm[:]" to the end of the clause or sentence.
  size_t list_begin = gom_end;
  while (list_begin < text.size() && (text[list_begin] == ' ' || text[list_begin] == ':')) ++list_begin;
  size_t list_end = sentence.end;
  Span line = LineAt(text, gom);
  bool bulleted = false;
    if (list_begin >= line.end) {
    // "gồm:" at the end of a line: the items are the following bullet lines.
    bulleted = true;
    list_end = list_begin;
  } else {
    int depth = 0;
    for (size_t pos = list_begin; pos < list_end; ++pos) {
      if (text[pos] == '(') ++depth;
      if (text[pos] == ')' && depth > 0) --depth;
      if (depth == 0 && text[pos] == ';') {
        list_end = pos;
        break;
      }
    }
    // A following "N ... gồm" inside the list starts the next list.
    for (size_t other : gom_all) {
      size_t other_at = folded.Origin(other);
      if (other_at <= list_begin || other_at >= list_end) continue;
      std::vector<size_t> inner = WordStarts(text, list_begin, other_at);
      for (size_t idx = inner.size(); idx > 0; --idx) {
        if (IsDigit(text[inner[idx - 1]])) {
          list_end = inner[idx - 1];
          break;
        }
      }
      break;
    }
  }
  ListExtent extent;
  extent.span = Span{list_begin, list_end};
  extent.bulleted = bulleted;
  return extent;
}

struct ListedItems {
  std::vector<ListItem> items;
  double listed = 0;        // items counted, or the parts' sum for a breakdown
  bool breakdown = false;   // "gồm 07 A, 01 B và 01 C"
  bool confident = false;   // the list was recognised as a list
  size_t list_end = 0;      // bulleted lists: the end of the last bullet line
};

// Reads the items of "extent": bullet lines, bullets joined in one
// paragraph, a numeric breakdown, or a comma/"và" list.
ListedItems ReadListItems(std::string_view text, const ListExtent& extent, Span line) {
  size_t list_begin = extent.span.begin;
  size_t list_end = extent.span.end;
  bool bulleted = extent.bulleted;
  std::vector<ListItem> items;
  double listed = 0;
  bool breakdown = false;
  bool confident = false;
  if (bulleted) {
    size_t pos = line.end + 1;
    while (pos < text.size()) {
      Span next = LineAt(text, pos);
      std::string_view l = Trim(text.substr(next.begin, next.size()));
      if (l.empty() && next.end < text.size()) {  // blank lines between bullets
        pos = next.end + 1;
        continue;
      }
      bool bullet = StartsWith(l, "-") || StartsWith(l, "+") || StartsWith(l, "\xE2\x80\x93") ||
                    StartsWith(l, "\xE2\x80\xA2") ||
                    (l.size() > 2 && (l[1] == ')' || (l[1] == '.' && !IsDigit(l[0]))));
      if (!bullet) break;
      items.push_back({next});
      list_end = next.end;
      pos = next.end + 1;
    }
    listed = static_cast<double>(items.size());
    confident = items.size() >= 2;
  } else if (list_begin < line.end && (text[list_begin] == '-' || text[list_begin] == '+')) {
    // Bullets joined into one paragraph: "gồm: - A; - B."
    list_end = line.end;
    for (size_t pos = list_begin; pos < list_end; ++pos) {
      if (text[pos] != text[list_begin]) continue;
      size_t back = pos;
      while (back > list_begin && text[back - 1] == ' ') --back;
      if (back == list_begin || text[back - 1] == ';' || text[back - 1] == '.') {
        items.push_back({Span{pos, pos + 1}});
      }
    }
    listed = static_cast<double>(items.size());
    confident = items.size() >= 2;
  } else if (list_begin < list_end && CountAt(text, list_begin)) {
    // A breakdown: "gồm 07 A, 01 B và 01 C".
    breakdown = true;
    std::vector<size_t> starts = WordStarts(text, list_begin, list_end);
    int parts = 0;
    for (size_t w : starts) {
      bool item_start = w == list_begin || text.compare(w - 2, 2, ", ") == 0 ||
                        text.compare(w - 2, 2, "; ") == 0 ||
                        (w >= 5 && text.compare(w - 5, 5, " v\xC3\xA0 ") == 0);
      if (!item_start) continue;
      std::optional<ParsedNumber> part = CountAt(text, w);
      if (!part) continue;
      listed += part->value;
      ++parts;
      items.push_back({Span{w, w + part->length}});
    }
    confident = parts >= 2;
  } else {
    confident = SplitList(text, Span{list_begin, list_end}, &items);
    listed = static_cast<double>(items.size());
  }
  ListedItems result;
  result.items = std::move(items);
  result.listed = listed;
  result.breakdown = breakdown;
  result.confident = confident;
  result.list_end = list_end;
  return result;
}

Flag CountVsListFlag(const CorpusDocument& doc, double count, const ListedItems& listed, Span count_span,
                     Span list_span) {
  std::string_view text = doc.text();
  std::string counted = Num(count);
  std::string found = Num(listed.listed);
  FlagMessage message =
      listed.breakdown ? FlagMessage::kCountVsListTotal : FlagMessage::kCountVsListItems;
  return MakeFlag(FlagKind::kCountVsList, FlagSeverity::kContradiction, message, {counted, found},
                  {doc.EvidenceAt(Window(text, count_span, 60)), doc.EvidenceAt(list_span)});
}

}  // namespace

void CheckCountsAgainstLists(const CorpusDocument& doc, const FlagVocabulary& vocabulary,
                             std::vector<Flag>* out) {
  std::string_view text = doc.text();
  Folded folded = FoldWithOffsets(text);
  std::vector<size_t> gom_all = FindWords(folded.text, "gom");
  for (size_t gom_folded : gom_all) {
    size_t gom = folded.Origin(gom_folded);
    size_t gom_end = folded.Origin(gom_folded + 3);
    Span sentence = SentenceAt(text, gom);
    // The clause before "gồm" (not across ';').
    size_t clause_begin = sentence.begin;
    for (size_t pos = gom; pos > sentence.begin; --pos) {
      if (text[pos - 1] == ';') {
        clause_begin = pos;
        break;
      }
    }
    size_t count_at = 0;
    std::optional<ParsedNumber> count = CountBeforeList(text, clause_begin, gom, vocabulary, &count_at);
    if (!count) continue;
    ListExtent extent = FindListExtent(text, folded, gom_all, gom, gom_end, sentence);
    ListedItems listed = ReadListItems(text, extent, LineAt(text, gom));
    if (!listed.confident || listed.listed == count->value) continue;
    out->push_back(CountVsListFlag(doc, count->value, listed, Span{count_at, gom_end},
                                   Span{extent.span.begin, listed.list_end}));
  }
}

// ---------------------------------------------------------------------------
// Document quality.

namespace {

// A copy of "text" in which a line break inside a paragraph is a space: the
// line ends without closing punctuation and the next non-blank line starts
// with a lower-case letter, as when a paragraph continues on the next page. Same length, so
// offsets stay valid for the original text.
std::string JoinBrokenParagraphs(std::string_view text) {
  std::string joined(text);
  for (size_t pos = 1; pos + 1 < joined.size(); ++pos) {
    if (joined[pos] != '\n') continue;
    char prev = joined[pos - 1];
    if (prev == '.' || prev == ';' || prev == ':' || prev == '!' || prev == '?' || prev == '\n') {
      continue;
    }
    // Blank lines between the two parts: the reader ends a page's last block
    // there when the paragraph goes on at the top of the next page.
    size_t start = pos + 1;
    while (start < joined.size() && joined[start] == '\n') ++start;
    if (start >= joined.size()) break;
    size_t next = start;
    char32_t cp = DecodeUtf8(joined, &next);
    bool lower_letter = (cp >= 'a' && cp <= 'z') || (cp >= 0xC0 && !IsUpperAt(joined, start));
    if (lower_letter) {
      for (size_t k = pos; k < start; ++k) joined[k] = ' ';
    }
    pos = start - 1;
  }
  return joined;
}

void CheckRepeats(const CorpusDocument& doc, std::vector<Flag>* out) {
  std::string joined = JoinBrokenParagraphs(doc.text());
  std::string_view text = joined;
  std::map<std::string, Span> first;
  // (line of first, line of second) -> spans of the repeated sentences.
  std::map<std::pair<size_t, size_t>, std::pair<Span, Span>> pairs;
  for (const Span& s : Sentences(text)) {
    std::string_view sentence = text.substr(s.begin, s.size());
    if (WordCount(sentence) < 12) continue;
    if (doc.InTable(s.begin)) continue;
    std::string key = FoldKey(Collapse(sentence));
    while (!key.empty() && (key.back() == '.' || key.back() == ';' || key.back() == ',')) key.pop_back();
    auto [it, inserted] = first.emplace(key, s);
    if (inserted) continue;
    Span line_a = LineAt(text, it->second.begin);
    Span line_b = LineAt(text, s.begin);
    if (line_a.begin == line_b.begin) continue;
    auto key_pair = std::make_pair(line_a.begin, line_b.begin);
    auto found = pairs.find(key_pair);
    if (found == pairs.end()) {
      pairs.emplace(key_pair, std::make_pair(it->second, s));
    } else {
      found->second.first.end = std::max(found->second.first.end, it->second.end);
      found->second.second.end = std::max(found->second.second.end, s.end);
    }
  }
  for (const auto& [lines, spans] : pairs) {
    Evidence a = doc.EvidenceAt(spans.first);
    Evidence b = doc.EvidenceAt(spans.second);
    std::string pa = std::to_string(a.page);
    std::string pb = std::to_string(b.page);
    out->push_back(MakeFlag(
        FlagKind::kQualityRepeat, FlagSeverity::kWarning,
        FlagMessage::kRepeatedPassage, {pa, pb}, {a, b}));
  }
}

// Characters allowed in a blank: spaces, dots, ellipses, underscores.
size_t SkipBlank(const std::string& folded, size_t pos, bool* saw_blank) {
  while (pos < folded.size()) {
    char c = folded[pos];
    if (c == ' ' || c == '.' || c == '_' || c == ':' || c == '\t') {
      if (c != ':') *saw_blank = true;
      ++pos;
      continue;
    }
    if (folded.compare(pos, 3, "\xE2\x80\xA6") == 0) {  // …
      *saw_blank = true;
      pos += 3;
      continue;
    }
    break;
  }
  return pos;
}

void CheckPlaceholders(const CorpusDocument& doc, std::vector<Flag>* out) {
  std::string_view text = doc.text();
  Folded folded = FoldWithOffsets(text);
  struct Hit {
    Span span;
    bool number;
  };
  std::map<size_t, std::vector<Hit>> by_line;  // line begin -> hits
  for (size_t at : FindWords(folded.text, "so")) {
    bool blank = false;
    size_t pos = SkipBlank(folded.text, at + 2, &blank);
    if (!blank || pos >= folded.text.size() || folded.text[pos] != '/') continue;
    size_t sym = pos + 1;
    if (sym >= folded.text.size() || !IsFoldedWordByte(folded.text[sym])) continue;
    if (!IsUpperAt(text, folded.Origin(sym))) continue;
    size_t end = sym;
    while (end < folded.text.size() && folded.text[end] != ' ' && folded.text[end] != '\n') ++end;
    Span span{folded.Origin(at), folded.Origin(end)};
    by_line[LineAt(text, span.begin).begin].push_back({span, true});
  }
  for (size_t at : FindWords(folded.text, "ngay")) {
    bool blank = false;
    size_t pos = SkipBlank(folded.text, at + 4, &blank);
    size_t end = 0;
    if (folded.text.compare(pos, 5, "thang") == 0) {
      bool blank2 = false;
      size_t after = SkipBlank(folded.text, pos + 5, &blank2);
      if (!blank2 || folded.text.compare(after, 3, "nam") != 0) continue;
      end = after + 3;
      bool blank3 = false;
      size_t year = SkipBlank(folded.text, end, &blank3);
      while (year < folded.text.size() && IsDigit(folded.text[year])) ++year;
      end = std::max(end, year);
    } else if (blank && pos < folded.text.size() && folded.text[pos] == '/') {
      // "ngày …/…/2025"
      size_t after = pos;
      while (after < folded.text.size() &&
             (folded.text[after] == '/' || folded.text[after] == '.' || folded.text[after] == ' ')) {
        ++after;
      }
      end = after;
    } else {
      continue;
    }
    Span span{folded.Origin(at), folded.Origin(end)};
    by_line[LineAt(text, span.begin).begin].push_back({span, false});
  }
  for (const auto& [line, hits] : by_line) {
    bool number = false, date = false;
    Span span = hits.front().span;
    for (const Hit& hit : hits) {
      (hit.number ? number : date) = true;
      span.begin = std::min(span.begin, hit.span.begin);
      span.end = std::max(span.end, hit.span.end);
    }
    FlagMessage what = number && date ? FlagMessage::kPlaceholderNumberAndDate
                       : number         ? FlagMessage::kPlaceholderNumber
                                        : FlagMessage::kPlaceholderDate;
    out->push_back(MakeFlag(
        FlagKind::kQualityPlaceholder, FlagSeverity::kWarning,
        what, {}, {doc.EvidenceAt(Window(text, span, 40))}));
  }
}

void CheckSectionNumbers(const CorpusDocument& doc, std::vector<Flag>* out) {
  std::string_view text = doc.text();
  std::map<int, Span> seen;  // value -> heading of the current sequence
  size_t pos = 0;
  while (pos < text.size()) {
    Span line = LineAt(text, pos);
    pos = line.end + 1;
    std::string_view l = text.substr(line.begin, line.size());
    size_t end = 0;
    while (end < l.size() && (l[end] == 'I' || l[end] == 'V' || l[end] == 'X' || l[end] == 'L')) ++end;
    if (end == 0 || end + 2 >= l.size() || l[end] != '.' || l[end + 1] != ' ') continue;
    size_t body = end + 2;
    while (body < l.size() && l[body] == ' ') ++body;
    if (body >= l.size() || !IsUpperAt(l, body)) continue;
    int value = RomanNumeralValue(l.substr(0, end));
    if (value <= 0) continue;
    if (value == 1) seen.clear();  // a new part (the appendix) starts again at I
    auto it = seen.find(value);
    Span heading{line.begin, line.end};
    if (it != seen.end()) {
      std::string number(l.substr(0, end));
      out->push_back(MakeFlag(
          FlagKind::kQualitySectionNumber, FlagSeverity::kWarning,
          FlagMessage::kSectionNumberTwice, {number},
          {doc.EvidenceAt(it->second), doc.EvidenceAt(heading)}));
    }
    seen[value] = heading;
  }
}

}  // namespace

void CheckQuality(const CorpusDocument& doc, std::vector<Flag>* out) {
  CheckRepeats(doc, out);
  CheckPlaceholders(doc, out);
  CheckSectionNumbers(doc, out);
}

// ---------------------------------------------------------------------------
// Figures.

namespace {

struct FigureRef {
  const CorpusDocument* doc;
  const Figure* figure;
  std::set<std::string> words;
};

bool SameValue(double a, double b) {
  double scale = std::max(std::fabs(a), std::fabs(b));
  return std::fabs(a - b) <= std::max(1e-9, scale * 0.002);
}

bool IsRatio(const Figure& f) { return f.qualifier.find('/') != std::string::npos; }

std::string MetricKey(const Figure& f) {
  return MatchKey(f.unit) + "|" + MatchKey(f.scope) + "|" +
         (IsRatio(f) ? f.qualifier.substr(f.qualifier.find('/')) : std::string());
}

// What a figure measures, as content words of its clause before the value
// (the period phrase and qualifiers removed): "kim ngạch nhập khẩu thiết bị
// số trong quý I/2026 ước đạt" and "Trong quý I/2026, kim ngạch nhập khẩu
// thiết bị số đạt" give the same words whatever the extractor's subject.
std::set<std::string> MetricWords(const CorpusDocument& doc, const Figure& f,
                                  const std::set<std::string>& stop_words) {
  std::string_view text = doc.text();
  size_t at = std::min(doc.SourceToNormalized(f.where.span.begin), text.size());
  Span sentence = SentenceAt(text, at);
  size_t begin = sentence.begin;
  for (size_t pos = at; pos > sentence.begin; --pos) {
    char c = text[pos - 1];
    if (c == ',' || c == ';' || c == ':' || c == '(') {
      begin = pos;
      break;
    }
  }
  std::string clause(text.substr(begin, at - begin));
  if (!f.period.text.empty()) {
    size_t p = clause.find(f.period.text);
    if (p != std::string::npos) clause.erase(p, f.period.text.size());
  }
  std::set<std::string> words = ContentWords(clause, stop_words);
  for (std::string_view w : {"uoc", "dat", "khoang", "hon", "tren", "luy", "ke", "dau", "cuoi",
                             "quy", "tang", "giam", "toi", "thieu", "linh", "vuc"}) {
    words.erase(std::string(w));
  }
  if (words.empty()) words = ContentWords(f.subject, stop_words);
  return words;
}

bool SameMetric(const std::set<std::string>& a, const std::set<std::string>& b) {
  if (a.size() < 2 || b.size() < 2) return false;
  size_t shared = 0;
  for (const std::string& w : a) shared += b.count(w);
  return shared * 10 >= std::max(a.size(), b.size()) * 9;
}

std::string DescribePeriod(const Period& p) { return !p.text.empty() ? p.text : p.start + ".." + p.end; }

}  // namespace

void CheckFigures(const std::vector<CorpusDocument>& corpus, const FlagVocabulary& vocabulary,
                  std::vector<Flag>* out) {
  std::map<std::string, std::vector<FigureRef>> metrics;
  for (const CorpusDocument& doc : corpus) {
    for (const Figure& figure : doc.extraction.figures) {
      if (figure.period.start.empty() || figure.period.end.empty()) continue;
      metrics[MetricKey(figure)].push_back({&doc, &figure, MetricWords(doc, figure, vocabulary.stop_words)});
    }
  }
  for (const auto& [key, refs] : metrics) {
    std::set<std::string> reported;
    for (size_t a = 0; a < refs.size(); ++a) {
      for (size_t b = a + 1; b < refs.size(); ++b) {
        const Figure& fa = *refs[a].figure;
        const Figure& fb = *refs[b].figure;
        const CorpusDocument& da = *refs[a].doc;
        const CorpusDocument& db = *refs[b].doc;
        if (!SameMetric(refs[a].words, refs[b].words)) continue;
        bool same_period = fa.period.start == fb.period.start && fa.period.end == fb.period.end;
        if (same_period && !SameValue(fa.value, fb.value)) {
          std::string pair_key = std::to_string(da.id) + "/" + std::to_string(db.id) + "/" +
                                 fa.period.start + fa.period.end;
          if (!reported.insert(pair_key + Num(fa.value) + "|" + Num(fb.value)).second) continue;
          std::string subject = fa.subject.empty() ? fa.unit : fa.subject;
          bool dated = &da != &db && !da.date_floor.empty() && !db.date_floor.empty() &&
                       da.date_floor != db.date_floor;
          if (dated) {
            bool b_later = db.date_floor > da.date_floor;
            const CorpusDocument& later = b_later ? db : da;
            const Figure& newer = b_later ? fb : fa;
            const Figure& older = b_later ? fa : fb;
            out->push_back(MakeFlag(
                FlagKind::kUpdate, FlagSeverity::kInfo,
                FlagMessage::kFigureUpdated,
                {later.label, subject, DescribePeriod(fa.period), Num(older.value),
                 Num(newer.value), fa.unit},
                {b_later ? da.EvidenceFor(fa.where) : db.EvidenceFor(fb.where),
                 b_later ? db.EvidenceFor(fb.where) : da.EvidenceFor(fa.where)}));
          } else {
            FlagMessage where = &da == &db ? FlagMessage::kFigureMismatchWithin
                                           : FlagMessage::kFigureMismatchBetween;
            out->push_back(MakeFlag(
                FlagKind::kFigureMismatch, FlagSeverity::kContradiction,
                where,
                {subject, DescribePeriod(fa.period), Num(fa.value), Num(fb.value), fa.unit},
                {da.EvidenceFor(fa.where), db.EvidenceFor(fb.where)}));
          }
          continue;
        }
        // Cumulative: same start, one period strictly longer.
        if (fa.unit == "%" || IsRatio(fa) || fa.period.start != fb.period.start ||
            fa.period.end == fb.period.end || fa.period.start.substr(0, 4) != fa.period.end.substr(0, 4) ||
            fb.period.start.substr(0, 4) != fb.period.end.substr(0, 4)) {
          continue;
        }
        bool a_longer = fa.period.end > fb.period.end;
        const Figure& longer = a_longer ? fa : fb;
        const Figure& shorter = a_longer ? fb : fa;
        if (longer.value >= shorter.value || SameValue(longer.value, shorter.value)) continue;
        const CorpusDocument& dl = a_longer ? da : db;
        const CorpusDocument& ds = a_longer ? db : da;
        std::string subject = fa.subject.empty() ? fa.unit : fa.subject;
        out->push_back(MakeFlag(
            FlagKind::kCumulativeDecrease, FlagSeverity::kContradiction,
            FlagMessage::kCumulativeDecrease,
            {subject, Num(shorter.value), DescribePeriod(shorter.period), Num(longer.value),
             DescribePeriod(longer.period)},
            {ds.EvidenceFor(shorter.where), dl.EvidenceFor(longer.where)}));
      }
    }
  }
}

// ---------------------------------------------------------------------------
// Claims about the plan.

namespace {

struct RatioMention {
  Span span;  // "13/13"
  ParsedNumber number;
  std::string next_words;  // folded, the 6 words after it
};

std::vector<RatioMention> FindRatios(std::string_view text) {
  std::vector<RatioMention> out;
  for (size_t pos = 0; pos < text.size(); ++pos) {
    if (!IsDigit(text[pos]) || (pos > 0 && (IsFoldedWordByte(text[pos - 1]) || text[pos - 1] == '/' ||
                                            text[pos - 1] == '.' || text[pos - 1] == ','))) {
      continue;
    }
    std::optional<ParsedNumber> n = ParseVnNumber(text.substr(pos, 24));
    if (!n) {
      while (pos < text.size() && (IsDigit(text[pos]) || text[pos] == '/')) ++pos;
      continue;
    }
    if (n->is_ratio && !n->ambiguous && n->denominator > 0) {
      RatioMention r;
      r.span = Span{pos, pos + n->length};
      r.number = *n;
      std::vector<std::string> words = FoldedWords(text.substr(r.span.end, 80));
      for (size_t idx = 0; idx < words.size() && idx < 6; ++idx) r.next_words += words[idx] + " ";
      out.push_back(r);
    }
    pos += n->length;
  }
  return out;
}

std::string NoSpaceFold(std::string_view text) {
  std::string out;
  for (char c : FoldKey(text)) {
    if (c != ' ' && c != '\n') out.push_back(c);
  }
  return out;
}

bool CountsAgencies(const std::string& next_words) {
  return StartsWith(next_words, "so ") || StartsWith(next_words, "co quan ") ||
         StartsWith(next_words, "don vi ") || StartsWith(next_words, "ban ") ||
         StartsWith(next_words, "nganh ");
}

}  // namespace

void CheckPlanClaims(const std::vector<CorpusDocument>& corpus, const std::vector<PlanModel>& plans,
                     std::vector<Flag>* out) {
  for (const CorpusDocument& doc : corpus) {
    std::string_view text = doc.text();
    bool is_plan = false;
    for (const PlanModel& plan : plans) is_plan |= plan.document == &doc;
    if (is_plan) continue;
    // (a) "13/13 sở, ban, ngành được giao chủ trì ... theo Quyết định 1520".
    std::set<std::string> said;
    for (const RatioMention& ratio : FindRatios(text)) {
      if (!CountsAgencies(ratio.next_words)) continue;
      Span sentence = SentenceAt(text, ratio.span.begin);
      std::string_view s = text.substr(sentence.begin, sentence.size());
      if (!ContainsWords(s, "chu tri")) continue;
      std::string s_key = NoSpaceFold(s);
      const PlanModel* match = nullptr;
      int matches = 0;
      for (const PlanModel& plan : plans) {
        std::string number = NoSpaceFold(plan.number);
        if (!number.empty() && s_key.find(number) != std::string::npos) {
          match = &plan;
          ++matches;
        }
      }
      if (matches != 1 || match->lead_agencies.empty()) continue;
      double claimed = ratio.number.denominator;
      double counted = static_cast<double>(match->lead_agencies.size());
      if (claimed == counted) continue;
      std::string key = Num(claimed) + match->number;
      if (!said.insert(key).second) continue;
      std::vector<Evidence> evidence = {doc.EvidenceAt(sentence)};
      for (size_t idx = 0; idx < match->lead_agencies.size(); ++idx) {
        Evidence e = match->document->EvidenceFor(match->lead_rows[idx]->where);
        e.quote = Substitute("STT $1 — chủ trì: $2", {match->lead_rows[idx]->stt, match->lead_agencies[idx]});
        evidence.push_back(std::move(e));
      }
      std::string names = Join(match->lead_agencies, "; ");
      out->push_back(MakeFlag(
          FlagKind::kPlanClaim, FlagSeverity::kContradiction,
          FlagMessage::kPlanLeadCount, {Num(claimed), match->number, Num(counted), names},
          std::move(evidence)));
    }
    // (b) A partner the plan lists as existing, reported as a relation to establish.
    Folded folded = FoldWithOffsets(text);
    for (const PlanModel& plan : plans) {
      for (const PlanModel::Partner& partner : plan.existing_partners) {
        std::string name_key = FoldKey(partner.name);
        std::vector<size_t> hits = FindWords(folded.text, name_key);
        for (size_t hit : hits) {
          size_t from = hit > 160 ? hit - 160 : 0;
          // Not across a sentence end.
          size_t stop = folded.text.rfind(". ", hit);
          if (stop != std::string::npos && stop >= from) from = stop;
          std::string before = folded.text.substr(from, hit - from);
          size_t establish = std::string::npos;
          for (std::string_view phrase : {"thiet lap quan he", "xac lap quan he"}) {
            establish = std::min(establish, before.find(phrase));
          }
          if (establish == std::string::npos) continue;
          if (before.find("da thiet lap") != std::string::npos) continue;
          size_t at = folded.Origin(hit);
          Span clause{folded.Origin(from + establish), folded.Origin(hit + name_key.size())};
          Span plan_side = Window(plan.document->text(), partner.span, 80);
          out->push_back(MakeFlag(
              FlagKind::kPlanClaim, FlagSeverity::kContradiction,
              FlagMessage::kPlanExistingPartner, {partner.name, plan.number},
              {plan.document->EvidenceAt(plan_side), doc.EvidenceAt(Window(text, clause, 40))}));
          (void)at;
          break;  // one flag per partner and document
        }
      }
    }
  }
}

// ---------------------------------------------------------------------------
// Earlier lists against later counts.

namespace {

struct NegativeList {
  const CorpusDocument* doc;
  Span clause;  // normalised: the sentence part that says "chưa ..."
  Span body;    // normalised: the list
  std::vector<std::string> items;
  std::string entity;  // "commune", "department", "other"
};

std::string EntityOf(std::string_view item, const FlagVocabulary& vocabulary) {
  std::string key = FoldKey(Trim(item));
  for (const std::string& p : vocabulary.commune_prefixes) {
    if (StartsWith(key, p + " ")) return "commune";
  }
  for (const std::string& p : vocabulary.department_prefixes) {
    if (StartsWith(key, p + " ")) return "department";
  }
  return "other";
}

std::string EntityOfCount(const std::string& next_words) {
  if (StartsWith(next_words, "xa ") || StartsWith(next_words, "phuong ")) return "commune";
  if (CountsAgencies(next_words)) return "department";
  return "";
}

std::vector<std::string> SplitNames(std::string_view body, const FlagVocabulary& vocabulary) {
  std::vector<std::string> items;
  for (std::string_view part : Split(body, ";")) {
    std::string item = Collapse(part);
    while (!item.empty() && (item.back() == '.' || item.back() == ',')) item.pop_back();
    if (!item.empty()) items.push_back(item);
  }
  if (items.size() >= 2) return items;
  // Without ';': split at ',' only where every piece names an entity.
  std::vector<std::string> pieces;
  bool all_entities = true;
  for (std::string_view part : Split(body, ",")) {
    std::string piece = Collapse(part);
    if (piece.empty()) continue;
    if (EntityOf(piece, vocabulary) == "other") all_entities = false;
    pieces.push_back(piece);
  }
  if (all_entities && pieces.size() >= 2) return pieces;
  return items;
}

}  // namespace

void CheckListsAgainstCounts(const std::vector<CorpusDocument>& corpus, const FlagVocabulary& vocabulary,
                             std::vector<Flag>* out) {
  std::vector<NegativeList> lists;
  for (const CorpusDocument& doc : corpus) {
    std::string_view text = doc.text();
    for (const Footnote& note : doc.stored.document.footnotes) {
      if (note.marker_span.empty() || note.body.empty()) continue;
      size_t marker = doc.SourceToNormalized(note.marker_span.begin);
      Span body{doc.SourceToNormalized(note.body.begin), doc.SourceToNormalized(note.body.end)};
      if (body.empty() || marker >= text.size()) continue;
      Span sentence = SentenceAt(text, marker);
      size_t from = marker > sentence.begin + 240 ? marker - 240 : sentence.begin;
      // The clause: back to the previous ';' or sentence start.
      for (size_t pos = marker; pos > from; --pos) {
        if (text[pos - 1] == ';') {
          from = pos;
          break;
        }
      }
      std::string clause_key = FoldKey(text.substr(from, marker - from));
      if (FindWords(clause_key, "chua").empty()) continue;
      NegativeList list;
      list.doc = &doc;
      list.clause = Span{from, marker};
      list.body = body;
      list.items = SplitNames(text.substr(body.begin, body.size()), vocabulary);
      if (list.items.empty()) continue;
      std::map<std::string, int> kinds;
      for (const std::string& item : list.items) ++kinds[EntityOf(item, vocabulary)];
      list.entity = kinds.size() == 1 ? kinds.begin()->first : "other";
      if (list.entity == "other") continue;
      lists.push_back(std::move(list));
    }
  }
  for (const NegativeList& list : lists) {
    std::string_view list_text = list.doc->text();
    std::string clause = std::string(list_text.substr(list.clause.begin, list.clause.size()));
    // The action not yet done: the words after "chưa".
    Folded clause_folded = FoldWithOffsets(clause);
    std::vector<size_t> chua = FindWords(clause_folded.text, "chua");
    std::set<std::string> clause_bigrams =
        ContentBigrams(chua.empty() ? clause : clause.substr(clause_folded.Origin(chua.back())),
                       vocabulary.stop_words);
    for (const CorpusDocument& doc : corpus) {
      if (&doc == list.doc) continue;
      if (list.doc->date_floor.empty() || doc.date_floor.empty() || doc.date_floor <= list.doc->date_floor) {
        continue;
      }
      std::string_view text = doc.text();
      std::set<size_t> used_sentences;
      std::set<std::string> said;
      for (const RatioMention& ratio : FindRatios(text)) {
        if (EntityOfCount(ratio.next_words) != list.entity) continue;
        Span sentence = SentenceAt(text, ratio.span.begin);
        if (!used_sentences.insert(sentence.begin).second) continue;
        std::string_view s = text.substr(sentence.begin, sentence.size());
        std::string s_key = FoldKey(s);
        if (FindWords(s_key, "da").empty()) continue;
        std::set<std::string> bigrams = ContentBigrams(s, vocabulary.stop_words);
        int shared = 0;
        for (const std::string& b : bigrams) shared += clause_bigrams.count(b) > 0 ? 1 : 0;
        if (shared < 2) continue;
        double done = ratio.number.value;
        double total = ratio.number.denominator;
        if (!said.insert(Num(done) + "/" + Num(total)).second) continue;  // a repeated sentence
        double earlier_missing = static_cast<double>(list.items.size());
        double later_missing = total - done;
        bool communes = list.entity == "commune";
        std::string preview;
        for (size_t idx = 0; idx < list.items.size() && idx < 3; ++idx) {
          preview += (idx ? "; " : "") + list.items[idx];
        }
        if (list.items.size() > 3) preview += "; …";
        std::vector<Evidence> evidence = {list.doc->EvidenceAt(Window(list_text, list.clause, 20)),
                                          list.doc->EvidenceAt(list.body), doc.EvidenceAt(sentence)};
        if (evidence[1].quote.size() > 600) {
          evidence[1].quote = evidence[1].quote.substr(0, CodePointStart(evidence[1].quote, 600)) + " …";
        }
        std::vector<std::string> args = {list.doc->label, Num(earlier_missing), preview,
                                         doc.label,       Num(done),            Num(total),
                                         Num(later_missing)};
        if (later_missing <= earlier_missing) {
          std::string newly = Num(earlier_missing - later_missing);
          args.push_back(newly);
          out->push_back(MakeFlag(FlagKind::kListVsCount, FlagSeverity::kInfo,
                                  communes ? FlagMessage::kListUpdatedCommunes
                                           : FlagMessage::kListUpdatedAgencies,
                                  std::move(args), std::move(evidence)));
        } else {
          out->push_back(MakeFlag(FlagKind::kListVsCount, FlagSeverity::kContradiction,
                                  communes ? FlagMessage::kListContradictedCommunes
                                           : FlagMessage::kListContradictedAgencies,
                                  std::move(args), std::move(evidence)));
        }
      }
    }
  }
}

// ---------------------------------------------------------------------------
// Deadlines.

namespace {

struct DeadlineRef {
  const CorpusDocument* doc;
  std::string date;
  Span clause;  // normalised
  std::string agency;
};

// The ';'-delimited clause around normalised "offset", inside its sentence.
Span ClauseAt(std::string_view text, size_t offset) {
  Span sentence = SentenceAt(text, offset);
  size_t begin = sentence.begin;
  size_t end = sentence.end;
  int depth = 0;
  for (size_t pos = offset; pos > sentence.begin; --pos) {
    char c = text[pos - 1];
    if (c == ')') ++depth;
    if (c == '(') depth = std::max(0, depth - 1);
    if (c == ';' && depth == 0) {
      begin = pos;
      break;
    }
  }
  depth = 0;
  for (size_t pos = offset; pos < sentence.end; ++pos) {
    char c = text[pos];
    if (c == '(') ++depth;
    if (c == ')') depth = std::max(0, depth - 1);
    if (c == ';' && depth == 0) {
      end = pos;
      break;
    }
  }
  return TrimSpan(text, Span{begin, end});
}

std::vector<std::string> YearPhrases(std::string_view text) {
  std::vector<std::string> out;
  std::string folded = FoldKey(text);
  for (size_t at : FindWords(folded, "nam")) {
    size_t pos = at + 3;
    while (pos < folded.size() && folded[pos] == ' ') ++pos;
    if (pos + 4 <= folded.size() && IsDigit(folded[pos]) && IsDigit(folded[pos + 1]) &&
        IsDigit(folded[pos + 2]) && IsDigit(folded[pos + 3]) &&
        (pos + 4 == folded.size() || !IsDigit(folded[pos + 4]))) {
      out.push_back(folded.substr(pos, 4));
    }
  }
  return out;
}

std::string KindKey(std::string_view kind) { return FoldKey(Collapse(kind)); }

int DaysBetween(const std::string& a, const std::string& b) {
  auto days = [](const std::string& iso) {
    int64_t y = 0, m = 0, d = 0;
    if (iso.size() < 10 || !ParseInt(iso.substr(0, 4), &y) || !ParseInt(iso.substr(5, 2), &m) ||
        !ParseInt(iso.substr(8, 2), &d)) {
      return int64_t{0};
    }
    // Days from civil (Howard Hinnant's algorithm).
    y -= m <= 2;
    int64_t era = (y >= 0 ? y : y - 399) / 400;
    int64_t yoe = y - era * 400;
    int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe;
  };
  return static_cast<int>(days(b) - days(a));
}

std::string VnDate(const std::string& iso) {
  if (iso.size() < 10) return iso;
  int64_t y = 0, m = 0, d = 0;
  if (!ParseInt(iso.substr(0, 4), &y) || !ParseInt(iso.substr(5, 2), &m) || !ParseInt(iso.substr(8, 2), &d)) {
    return iso;
  }
  return Substitute("$1/$2/$3", {std::to_string(d), std::to_string(m), std::to_string(y)});
}

}  // namespace

void CheckDeadlines(const std::vector<CorpusDocument>& corpus, const std::string& today,
                    const FlagVocabulary& vocabulary, std::vector<Flag>* out) {
  std::vector<DeadlineRef> deadlines;
  std::set<std::string> seen;
  for (const CorpusDocument& doc : corpus) {
    auto add = [&](const std::string& date, const Provenance& where, const std::string& agency) {
      if (date.size() != 10) return;
      // A deadline lies after the document that sets it; earlier dates in a
      // report are events, not deadlines.
      if (!doc.date_floor.empty() && date <= doc.date_floor) return;
      size_t at = doc.SourceToNormalized(where.span.begin);
      Span clause = ClauseAt(doc.text(), std::min(at, doc.text().size()));
      std::string key = std::to_string(doc.id) + date + "@" + std::to_string(clause.begin);
      if (!seen.insert(key).second) return;
      deadlines.push_back({&doc, date, clause, agency});
    };
    for (const Deadline& d : doc.extraction.deadlines) {
      if (d.relation == "before" || d.relation == "by" || d.relation == "within") add(d.date, d.where, d.agency);
    }
    for (const Assignment& a : doc.extraction.assignments) add(a.deadline, a.where, a.agency);
  }
  const std::vector<std::string>& kKinds = vocabulary.requested_kinds;
  for (const DeadlineRef& dl : deadlines) {
    std::string_view dl_text = dl.doc->text();
    std::string clause_text(dl_text.substr(dl.clause.begin, dl.clause.size()));
    std::string clause_key = FoldKey(clause_text);
    std::vector<std::string> years = YearPhrases(clause_text);
    std::string kind;
    for (const std::string& k : kKinds) {
      if (!FindWords(clause_key, k).empty()) {
        kind = k;
        break;
      }
    }
    bool evidence_found = false;
    // (a) The requested document, cited later with its date.
    if (!kind.empty() && !years.empty() && !dl.doc->date_floor.empty()) {
      for (const CorpusDocument& doc : corpus) {
        if (&doc == dl.doc) continue;
        for (const Reference& ref : doc.extraction.references) {
          if (ref.date.size() != 10 || KindKey(ref.kind) != kind || ref.date <= dl.doc->date_floor) continue;
          size_t at = doc.SourceToNormalized(ref.where.span.begin);
          Span sentence = SentenceAt(doc.text(), std::min(at, doc.text().size()));
          std::vector<std::string> cited_years = YearPhrases(doc.text().substr(sentence.begin, sentence.size()));
          bool same_year = false;
          for (const std::string& y : years) {
            same_year |= std::find(cited_years.begin(), cited_years.end(), y) != cited_years.end();
          }
          if (!same_year) continue;
          evidence_found = true;
          if (ref.date <= dl.date) continue;  // on time
          int late = DaysBetween(dl.date, ref.date);
          std::string label = ref.kind + " " + ref.number;
          out->push_back(MakeFlag(
              FlagKind::kDeadline, FlagSeverity::kWarning,
              FlagMessage::kDeadlineLate,
              {dl.doc->label, VnDate(dl.date), label, VnDate(ref.date), std::to_string(late)},
              {dl.doc->EvidenceAt(dl.clause), doc.EvidenceAt(sentence)}));
          break;
        }
      }
    }
    if (evidence_found) continue;
    // (b) A later statement that the clause's work was done.
    std::set<std::string> clause_bigrams = ContentBigrams(clause_text, vocabulary.stop_words);
    for (const CorpusDocument& doc : corpus) {
      if (&doc == dl.doc || evidence_found) continue;
      if (!dl.doc->date_floor.empty() && !doc.date_floor.empty() && doc.date_floor < dl.doc->date_floor) continue;
      for (const Span& s : Sentences(doc.text())) {
        std::string_view sentence = doc.text().substr(s.begin, s.size());
        std::string key = FoldKey(sentence);
        if (FindWords(key, "da").empty()) continue;
        int shared = 0;
        for (const std::string& b : ContentBigrams(sentence, vocabulary.stop_words)) {
          shared += clause_bigrams.count(b);
        }
        if (shared >= 3) {
          evidence_found = true;
          break;
        }
      }
    }
    if (evidence_found || today.empty() || dl.date >= today) continue;
    out->push_back(MakeFlag(
        FlagKind::kDeadline, FlagSeverity::kWarning,
        dl.agency.empty() ? FlagMessage::kDeadlinePassed : FlagMessage::kDeadlinePassedAgency,
        dl.agency.empty() ? std::vector<std::string>{VnDate(dl.date)}
                          : std::vector<std::string>{VnDate(dl.date), dl.agency},
        {dl.doc->EvidenceAt(dl.clause)}));
  }
}

}  // namespace docpipe::crosscheck_internal
