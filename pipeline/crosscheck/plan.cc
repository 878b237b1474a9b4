// pipeline/crosscheck/plan.cc: the corpus, text helpers and the plan model.

#include "pipeline/crosscheck/plan.h"

#include <algorithm>
#include <cstdint>
#include <map>
#include <set>
#include <utility>

#include "pipeline/base/strings.h"
#include "pipeline/normalize/fold.h"

namespace docpipe::crosscheck_internal {
namespace {

std::string BaseName(const std::string& file) {
  size_t slash = file.find_last_of('/');
  return slash == std::string::npos ? file : file.substr(slash + 1);
}

// "các tỉnh Attapeu" -> "Attapeu"; "thành phố Izumisano" -> "Izumisano".
// "prefixes" are folded, without the trailing space, and tried in order.
std::string StripPlacePrefix(std::string name, const std::vector<std::string>& prefixes) {
  bool changed = true;
  while (changed) {
    changed = false;
    Folded folded = FoldWithOffsets(name);
    for (const std::string& prefix : prefixes) {
      if (StartsWith(folded.text, prefix) && folded.text.size() > prefix.size() &&
          folded.text[prefix.size()] == ' ') {
        name = std::string(Trim(name.substr(folded.Origin(prefix.size() + 1))));
        changed = true;
        break;
      }
    }
  }
  return name;
}

}  // namespace

bool IsUpperAt(std::string_view text, size_t pos) {
  if (pos >= text.size()) return false;
  unsigned char c = static_cast<unsigned char>(text[pos]);
  if (c < 0x80) return c >= 'A' && c <= 'Z';
  size_t end = pos;
  char32_t cp = DecodeUtf8(text, &end);
  std::string utf8;
  AppendUtf8(cp, &utf8);
  std::string lower = MatchKey(utf8);
  return lower != utf8 && FoldWithOffsets(utf8).text != utf8;
}

Span LineAt(std::string_view text, size_t offset) {
  offset = std::min(offset, text.size());
  size_t begin = text.rfind('\n', offset == 0 ? 0 : offset - 1);
  begin = (begin == std::string_view::npos || (offset == 0 && text[0] != '\n')) ? 0 : begin + 1;
  if (offset > 0 && text[offset - 1] == '\n') begin = offset;
  size_t end = text.find('\n', offset);
  if (end == std::string_view::npos) end = text.size();
  return Span{begin, end};
}

std::vector<Span> Sentences(std::string_view text) {
  std::vector<Span> out;
  size_t line_begin = 0;
  auto push = [&](size_t b, size_t e) {
    while (b < e && (text[b] == ' ' || text[b] == '\t' || text[b] == '\r')) ++b;
    while (e > b && (text[e - 1] == ' ' || text[e - 1] == '\t' || text[e - 1] == '\r')) --e;
    if (e > b) out.push_back(Span{b, e});
  };
  while (line_begin <= text.size()) {
    size_t line_end = text.find('\n', line_begin);
    if (line_end == std::string_view::npos) line_end = text.size();
    size_t start = line_begin;
    for (size_t pos = line_begin; pos + 2 < line_end; ++pos) {
      char c = text[pos];
      if ((c != '.' && c != '!' && c != '?') || text[pos + 1] != ' ') continue;
      size_t next = pos + 2;
      while (next < line_end && text[next] == ' ') ++next;
      if (next >= line_end) continue;
      bool digit = text[next] >= '0' && text[next] <= '9';
      if (!digit && !IsUpperAt(text, next)) continue;
      // Not after an abbreviation ("TP. Hồ Chí Minh") or a number ("1. ").
      size_t word = pos;
      while (word > start && text[word - 1] != ' ') --word;
      std::string_view prev = text.substr(word, pos - word);
      if (prev.size() <= 2) continue;
      if (prev == "TP" || prev == "Tp" || prev == "TS" || prev == "ThS") continue;
      push(start, pos + 1);
      start = next;
    }
    push(start, line_end);
    if (line_end == text.size()) break;
    line_begin = line_end + 1;
  }
  return out;
}

Span SentenceAt(std::string_view text, size_t offset) {
  Span line = LineAt(text, offset);
  for (const Span& s : Sentences(text.substr(line.begin, line.size()))) {
    if (offset >= line.begin + s.begin && offset <= line.begin + s.end) {
      return Span{line.begin + s.begin, line.begin + s.end};
    }
  }
  return line;
}

std::set<std::string> ContentWords(std::string_view text, const std::set<std::string>& stop_words) {
  std::set<std::string> out;
  for (std::string& word : FoldedWords(text)) {
    if (word.size() < 2 || stop_words.count(word) > 0) continue;
    if (word[0] >= '0' && word[0] <= '9') continue;
    out.insert(std::move(word));
  }
  return out;
}

std::set<std::string> ContentBigrams(std::string_view text, const std::set<std::string>& stop_words) {
  std::vector<std::string> words = FoldedWords(text);
  std::set<std::string> out;
  for (size_t idx = 0; idx + 1 < words.size(); ++idx) {
    const std::string& a = words[idx];
    const std::string& b = words[idx + 1];
    if (a[0] >= '0' && a[0] <= '9') continue;
    if (b[0] >= '0' && b[0] <= '9') continue;
    if (stop_words.count(a) > 0 && stop_words.count(b) > 0) continue;
    if (a == "va" || b == "va" || a == "cac" || b == "cua" || a == "cua") continue;
    out.insert(a + " " + b);
  }
  return out;
}

std::string Collapse(std::string_view text) {
  std::string out;
  bool space = false;
  for (char c : text) {
    if (c == ' ' || c == '\n' || c == '\t' || c == '\r') {
      space = !out.empty();
      continue;
    }
    if (space) out.push_back(' ');
    space = false;
    out.push_back(c);
  }
  return out;
}

Evidence CorpusDocument::EvidenceAt(Span normalized_span) const {
  Evidence evidence;
  evidence.document_id = id;
  evidence.document = label;
  std::string_view t = text();
  normalized_span.end = std::min(normalized_span.end, t.size());
  normalized_span.begin = std::min(normalized_span.begin, normalized_span.end);
  evidence.span = stored.normalized.map.ToSource(normalized_span);
  evidence.page = stored.document.PageAt(evidence.span.begin);
  evidence.quote = Collapse(t.substr(normalized_span.begin, normalized_span.size()));
  return evidence;
}

Evidence CorpusDocument::EvidenceFor(const Provenance& where) const {
  Evidence evidence;
  evidence.document_id = id;
  evidence.document = label;
  evidence.page = where.page != 0 ? where.page : stored.document.PageAt(where.span.begin);
  evidence.span = where.span;
  evidence.quote = !where.quote.empty() ? Collapse(where.quote)
                                        : Collapse(stored.document.SpanText(where.span));
  return evidence;
}

size_t CorpusDocument::SourceToNormalized(size_t source) const {
  size_t lo = 0;
  size_t hi = text().size();
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    if (stored.normalized.map.ToSource(mid) < source) {
      lo = mid + 1;
    } else {
      hi = mid;
    }
  }
  return lo;
}

bool CorpusDocument::InTable(size_t offset) const {
  size_t source = stored.normalized.map.ToSource(offset);
  for (const Table& table : stored.document.tables) {
    for (const Row& row : table.rows) {
      for (const Cell& cell : row.cells) {
        if (source >= cell.span.begin && source < cell.span.end) return true;
      }
    }
  }
  return false;
}

std::vector<CorpusDocument> PrepareCorpus(const Corpus& entries) {
  std::vector<CorpusDocument> corpus;
  for (const CorpusEntry& summary : entries) {
    CorpusDocument doc;
    doc.id = summary.id;
    doc.stored = summary;
    doc.extraction = summary.extraction;
    const Identity& identity = doc.extraction.identity;
    doc.label = identity.number.present() ? identity.number.value
                : !summary.number.empty()  ? summary.number
                                           : BaseName(summary.file);
    doc.kind = identity.kind.present() ? identity.kind.value : summary.kind;
    doc.date = identity.date.present() ? identity.date.value : summary.date;
    doc.date_floor = doc.date;
    if (doc.date_floor.empty()) {
      for (const Reference& ref : doc.extraction.references) {
        if (ref.date.size() == 10 && ref.date > doc.date_floor) doc.date_floor = ref.date;
      }
    }
    corpus.push_back(std::move(doc));
  }
  return corpus;
}

namespace {

// Lower is better: how faithful a document's text is to what was printed.
int ReadingRank(const CorpusDocument& doc) {
  bool ocr = false;
  for (const Page& page : doc.stored.document.pages) ocr = ocr || page.ocr;
  bool legacy = doc.stored.normalized.encoding != "unicode";
  if (ocr) return 3;
  if (legacy) return 2;
  return doc.stored.document.from_pdf ? 0 : 1;
}

std::vector<uint64_t> Shingles(std::string_view text) {
  std::vector<std::string> words = FoldedWords(text);
  std::vector<uint64_t> out;
  constexpr size_t kWidth = 5;
  for (size_t idx = 0; idx + kWidth <= words.size(); ++idx) {
    uint64_t h = 1469598103934665603ULL;  // FNV-1a over the five words
    for (size_t k = 0; k < kWidth; ++k) {
      for (char c : words[idx + k]) h = (h ^ static_cast<unsigned char>(c)) * 1099511628211ULL;
      h = (h ^ ' ') * 1099511628211ULL;
    }
    out.push_back(h);
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

double Containment(const std::vector<uint64_t>& a, const std::vector<uint64_t>& b) {
  if (a.empty() || b.empty()) return 0;
  size_t common = 0;
  for (size_t i = 0, j = 0; i < a.size() && j < b.size();) {
    if (a[i] == b[j]) {
      ++common, ++i, ++j;
    } else if (a[i] < b[j]) {
      ++i;
    } else {
      ++j;
    }
  }
  return static_cast<double>(common) / static_cast<double>(std::min(a.size(), b.size()));
}

Span FirstLine(std::string_view text) {
  size_t begin = 0;
  while (begin < text.size() && (text[begin] == '\n' || text[begin] == ' ')) ++begin;
  size_t end = text.find('\n', begin);
  if (end == std::string_view::npos) end = text.size();
  return Span{begin, end};
}

// "a" and "b" without the leading folders they share ("x/samples/y/f.pdf",
// "x/samples/f.pdf" -> "y/f.pdf", "f.pdf").
std::pair<std::string, std::string> WithoutCommonFolder(const std::string& a,
                                                        const std::string& b) {
  size_t common = 0;  // just after the last '/' both share
  for (size_t idx = 0; idx < a.size() && idx < b.size() && a[idx] == b[idx]; ++idx) {
    if (a[idx] == '/') common = idx + 1;
  }
  return {a.substr(common), b.substr(common)};
}

}  // namespace

void DropCopies(std::vector<CorpusDocument>* corpus, std::vector<Flag>* flags) {
  constexpr double kCopyContainment = 0.7;
  constexpr size_t kMinShingles = 20;  // shorter texts are not compared
  constexpr size_t kSketch = 8;        // smallest hashes used to find candidates
  std::vector<std::vector<uint64_t>> shingles;
  for (const CorpusDocument& doc : *corpus) shingles.push_back(Shingles(doc.text()));
  // Candidates share one of their smallest hashes (a bottom-k sketch), so the
  // comparison is not quadratic in archive size for unrelated documents.
  std::map<uint64_t, std::vector<size_t>> by_hash;
  for (size_t idx = 0; idx < shingles.size(); ++idx) {
    if (shingles[idx].size() < kMinShingles) continue;
    for (size_t k = 0; k < kSketch && k < shingles[idx].size(); ++k) {
      by_hash[shingles[idx][k]].push_back(idx);
    }
  }
  std::set<std::pair<size_t, size_t>> candidates;
  for (const auto& [hash, docs] : by_hash) {
    for (size_t a = 0; a < docs.size(); ++a) {
      for (size_t b = a + 1; b < docs.size(); ++b) candidates.insert({docs[a], docs[b]});
    }
  }
  // Union of copies: each document points at the copy it is kept as.
  std::vector<size_t> keep(corpus->size());
  for (size_t idx = 0; idx < keep.size(); ++idx) keep[idx] = idx;
  auto root = [&](size_t idx) {
    while (keep[idx] != idx) idx = keep[idx];
    return idx;
  };
  auto better = [&](size_t a, size_t b) {  // true if a is the better reading
    const CorpusDocument& da = (*corpus)[a];
    const CorpusDocument& db = (*corpus)[b];
    int ra = ReadingRank(da), rb = ReadingRank(db);
    if (ra != rb) return ra < rb;
    if (shingles[a].size() != shingles[b].size()) return shingles[a].size() > shingles[b].size();
    return da.id < db.id;
  };
  std::vector<std::pair<size_t, double>> copy_of(corpus->size(), {SIZE_MAX, 0});
  for (const auto& [a, b] : candidates) {
    double c = Containment(shingles[a], shingles[b]);
    if (c < kCopyContainment) continue;
    size_t ra = root(a), rb = root(b);
    if (ra == rb) continue;
    if (better(ra, rb)) {
      keep[rb] = ra;
    } else {
      keep[ra] = rb;
    }
    copy_of[a].second = std::max(copy_of[a].second, c);
    copy_of[b].second = std::max(copy_of[b].second, c);
  }
  std::vector<CorpusDocument> kept;
  std::vector<size_t> new_index(corpus->size(), SIZE_MAX);
  for (size_t idx = 0; idx < corpus->size(); ++idx) {
    if (root(idx) == idx) {
      new_index[idx] = kept.size();
      kept.push_back(std::move((*corpus)[idx]));
    }
  }
  for (size_t idx = 0; idx < corpus->size(); ++idx) {
    size_t r = root(idx);
    if (r == idx) continue;
    const CorpusDocument& copy = (*corpus)[idx];  // moved-from only if kept
    const CorpusDocument& original = kept[new_index[r]];
    Evidence a = original.EvidenceAt(FirstLine(original.text()));
    Evidence b = copy.EvidenceAt(FirstLine(copy.text()));
    std::string pct = std::to_string(static_cast<int>(copy_of[idx].second * 100 + 0.5));
    Flag flag;
    flag.kind = FlagKind::kDuplicateCopy;
    flag.severity = FlagSeverity::kInfo;
    flag.message = FlagMessage::kDuplicateCopy;
    // By the names the user gave the files, less the folders both share:
    // two copies often have one label (the same base name in two folders).
    auto [copy_name, original_name] = WithoutCommonFolder(copy.stored.file, original.stored.file);
    flag.args = {copy_name, original_name, pct};
    flag.evidence = {a, b};
    flags->push_back(std::move(flag));
  }
  *corpus = std::move(kept);
}

bool IsAgencyGroup(std::string_view name) {
  std::string key = FoldKey(name);
  return StartsWith(key, "cac ") || key.find("dia phuong") != std::string::npos ||
         key.find("don vi") != std::string::npos || key.find("lien quan") != std::string::npos ||
         key.empty();
}

std::vector<PlanModel> BuildPlans(const std::vector<CorpusDocument>& corpus,
                                  const std::vector<std::string>& place_prefixes) {
  std::vector<PlanModel> plans;
  for (const CorpusDocument& doc : corpus) {
    if (doc.extraction.tasks.empty()) continue;
    PlanModel plan;
    plan.document = &doc;
    plan.number = doc.label;
    std::set<std::string> seen;
    for (const Task& task : doc.extraction.tasks) {
      for (const std::string& lead : task.lead) {
        if (IsAgencyGroup(lead)) continue;
        if (!seen.insert(MatchKey(lead)).second) continue;
        plan.lead_agencies.push_back(lead);
        plan.lead_rows.push_back(&task);
      }
    }
    // Partners the plan names as existing: "... quan hệ quốc tế hiện có gồm:
    // CHDCND Lào (các tỉnh A, B), Nhật Bản (thành phố C); ..." -> A, B, C. A
    // name followed by a parenthesised list is a country, not a partner.
    std::string_view text = doc.text();
    Folded folded = FoldWithOffsets(text);
    std::set<std::string> partner_keys;
    for (size_t at = folded.text.find("hien co"); at != std::string::npos;
         at = folded.text.find("hien co", at + 7)) {
      size_t after = at + 7;
      size_t gom = folded.text.find("gom", after);
      size_t colon = folded.text.find(':', after);
      size_t list_at = std::min(gom == std::string::npos ? gom : gom + 3, colon == std::string::npos ? colon : colon + 1);
      if (list_at == std::string::npos || list_at > after + 12) continue;
      size_t begin = folded.Origin(list_at);
      size_t end = begin;
      int depth = 0;
      while (end < text.size() && text[end] != '\n') {
        char c = text[end];
        if (c == '(') ++depth;
        if (c == ')') --depth;
        if (depth <= 0 && (c == ';' || (c == '.' && end + 1 < text.size() && text[end + 1] == ' '))) break;
        ++end;
      }
      // Split top-level items; descend into parentheses.
      std::vector<std::pair<size_t, size_t>> names;  // spans in text
      size_t item_begin = begin;
      depth = 0;
      for (size_t pos = begin; pos <= end; ++pos) {
        char c = pos < end ? text[pos] : ',';
        if (c == '(') {
          ++depth;
          if (depth == 1) item_begin = pos + 1;  // the country before it is dropped
          continue;
        }
        if (c == ')' || (c == ',' && (depth >= 1 || depth == 0))) {
          size_t item_end = pos;
          bool closing_paren = c == ')';
          bool was_country = false;
          if (depth == 0) {
            // A top-level item; skip it if a '(' follows before the next ','.
            for (size_t look = item_begin; look < item_end; ++look) {
              if (text[look] == '(' || text[look] == ')') was_country = true;
            }
          }
          if (!was_country && item_end > item_begin) names.push_back({item_begin, item_end});
          if (closing_paren) --depth;
          item_begin = pos + 1;
        }
      }
      for (const auto& [b, e] : names) {
        std::string name = StripPlacePrefix(std::string(Trim(text.substr(b, e - b))), place_prefixes);
        while (!name.empty() && (name.back() == '.' || name.back() == ',')) name.pop_back();
        if (name.size() < 3 || !IsUpperAt(name, 0)) continue;
        std::string key = FoldKey(name);
        if (key.find(" va ") != std::string::npos || key.size() > 40) continue;
        if (!partner_keys.insert(key).second) continue;
        size_t name_at = text.find(name, b);
        Span span = name_at == std::string::npos ? Span{b, e} : Span{name_at, name_at + name.size()};
        plan.existing_partners.push_back({name, span});
      }
    }
    plans.push_back(std::move(plan));
  }
  return plans;
}

}  // namespace docpipe::crosscheck_internal
