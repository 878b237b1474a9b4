// Identity of a document: kind, number, place and date, issuer, signer and
// capacity, subject (trích yếu), recipients. The patterns are the
// "identity." rules; the layout of an administrative document (Nghị định
// 30/2020/NĐ-CP, Phụ lục I: header block, title, body, signature block, "Nơi
// nhận") is followed here. A part that is not printed (headers cut off by
// the extraction) stays empty.

#include <algorithm>
#include <set>
#include <string>
#include <vector>

#include "pipeline/base/strings.h"
#include "pipeline/extract/extract_internal.h"
#include "pipeline/normalize/dates.h"
#include "pipeline/normalize/fold.h"
#include "pipeline/normalize/normalizer.h"

namespace docpipe::extract_internal {
namespace {

// The first code point of "word" is a capital letter.
bool StartsUpper(std::string_view word) {
  if (word.empty()) return false;
  size_t pos = 0;
  char32_t cp = DecodeUtf8(word, &pos);
  if (cp < 0x80) return cp >= 'A' && cp <= 'Z';
  std::string first(word.substr(0, pos));
  return MatchKey(first) != first;
}

// "GIA" -> "Gia": the first letter kept, the rest lower-cased.
std::string TitleCaseWord(std::string_view word) {
  size_t pos = 0;
  DecodeUtf8(word, &pos);
  return std::string(word.substr(0, pos)) + MatchKey(word.substr(pos));
}

// Uppercase heading line: letters present, no lower-case letter.
bool IsUpperLine(std::string_view line) {
  bool letters = false;
  size_t pos = 0;
  while (pos < line.size()) {
    size_t start = pos;
    char32_t cp = DecodeUtf8(line, &pos);
    if (cp >= 'a' && cp <= 'z') return false;
    if (cp >= 'A' && cp <= 'Z') letters = true;
    if (cp >= 0x80) {
      std::string ch(line.substr(start, pos - start));
      std::string lower = MatchKey(ch);
      if (lower == ch && FoldKey(ch) != ch && !FoldKey(ch).empty()) {
        // A lower-case Vietnamese letter (its fold differs, its lower-case equals it).
        char f = FoldKey(ch)[0];
        if (f >= 'a' && f <= 'z') return false;
      }
      if (lower != ch) letters = true;
    }
  }
  return letters;
}

// "Phạm Anh Tuấn": 2-6 capitalised words, not all capitals, no punctuation.
bool LooksLikeName(std::string_view line) {
  std::string cleaned = CollapseSpaces(line);
  if (cleaned.empty() || cleaned.size() > 60 || IsUpperLine(cleaned)) return false;
  std::vector<std::string_view> words = Split(cleaned, " ");
  if (words.size() < 2 || words.size() > 6) return false;
  for (std::string_view word : words) {
    if (!StartsUpper(word)) return false;
    for (char c : word) {
      if (c == ':' || c == ';' || c == ',' || c == '.' || c == '(' || c == '/' ||
          (c >= '0' && c <= '9')) {
        return false;
      }
    }
  }
  return true;
}

struct LineRef {
  Span span;
  std::string_view text;
};

std::vector<LineRef> LinesFrom(std::string_view text, size_t from, size_t max_lines) {
  std::vector<LineRef> lines;
  size_t pos = from;
  while (pos <= text.size() && lines.size() < max_lines) {
    size_t end = text.find('\n', pos);
    if (end == std::string_view::npos) end = text.size();
    lines.push_back({{pos, end}, text.substr(pos, end - pos)});
    if (end >= text.size()) break;
    pos = end + 1;
  }
  return lines;
}

bool Blank(std::string_view line) { return CollapseSpaces(line).empty(); }

// A drawn rule: one character repeated ("-----", "_____", and "ẰẰẰẰẰẰẰẰẰ",
// the rule under the issuer of Kon Tum 2020 as its text layer gives it).
bool RepeatedGlyph(std::string_view line) {
  std::string cleaned = CollapseSpaces(line);
  size_t pos = 0;
  int count = 0;
  char32_t first = 0;
  while (pos < cleaned.size()) {
    char32_t cp = DecodeUtf8(cleaned, &pos);
    if (cp == ' ') continue;
    if (count == 0) first = cp;
    if (cp != first) return false;
    ++count;
  }
  return count >= 3;
}

// Parses a "- item;" list starting at "from" (the line after "Kính gửi:" or
// "Nơi nhận:"). Items may wrap over several lines; the list ends after an
// item ending with "." or at a line that does not start a new item.
std::vector<std::pair<Span, std::string>> ParseList(std::string_view text, size_t from) {
  std::vector<std::pair<Span, std::string>> items;
  std::string current;
  Span current_span;
  bool open = false;
  for (const LineRef& line : LinesFrom(text, from, 60)) {
    if (Blank(line.text)) continue;
    std::string cleaned = CollapseSpaces(line.text);
    bool bullet = cleaned.size() > 1 && (cleaned[0] == '-' || cleaned[0] == '+');
    if (!bullet && !open) break;
    if (bullet) {
      if (open && !current.empty()) items.push_back({current_span, current});
      current = CollapseSpaces(std::string_view(cleaned).substr(1));
      current_span = line.span;
      open = true;
    } else {
      current += " " + cleaned;
      current_span.end = line.span.end;
    }
    char last = current.empty() ? ' ' : current.back();
    if (last == ';' || last == '.') {
      items.push_back({current_span, current});
      current.clear();
      open = false;
      if (last == '.') break;
    }
  }
  if (open && !current.empty()) items.push_back({current_span, current});
  for (auto& item : items) {
    while (!item.second.empty() &&
           (item.second.back() == ';' || item.second.back() == '.' || item.second.back() == ',')) {
      item.second.pop_back();
    }
    if (EndsWith(item.second, "/")) item.second.pop_back();
  }
  return items;
}


// CanonicalKind, and kinds it does not list ("BỘ LUẬT", "HIẾN PHÁP") in
// sentence case.
std::string KindName(std::string_view printed) {
  std::string value = CanonicalKind(printed);
  if (IsUpperLine(value)) value = TitleCaseWord(value);
  return value;
}

// ---- Symbol repair against known abbreviations.

// Parts of a "số, ký hiệu" that are known: the abbreviations of document
// kinds (Nghị định 30/2020/NĐ-CP, Phụ lục III; legal kinds of Luật 80/2015/
// QH13) and of issuers that real headers print. A part that OCR (or a
// careless typist) spelled differently is repaired only when exactly one
// spelling of a known part is reachable by the slips below.
const std::set<std::string, std::less<>>& KnownSymbolParts() {
  static const auto* parts = new std::set<std::string, std::less<>>{
      // Kinds.
      "NQ", "QĐ", "CT", "QC", "QYĐ", "QyĐ", "TB", "TBKL", "HD", "CTr", "CTHĐ", "KH", "PA", "ĐA",
      "DA", "BC", "BB", "TTr", "HĐ", "CĐ", "GUQ", "GM", "GGT", "GNP", "PG", "PC", "PB", "GXN",
      "NĐ", "TT", "TTLT", "NQLT", "KL", "CV", "L", "PL", "LCT", "SL",
      // Issuers and bodies.
      "UBND", "HĐND", "TTg", "CP", "VPCP", "QH", "UBTVQH", "UBTVQH13", "UBTVQH14", "UBTVQH15",
      "QH11", "QH12", "QH13", "QH14", "QH15", "TW", "TU", "HU", "ĐU", "BCH", "BCĐ", "BCS",
      "BGDĐT", "SGDĐT", "GDĐT", "BNV", "SNV", "BTP", "STP", "BTC", "STC", "BYT", "SYT", "BCA",
      "BQP", "BNG", "SNgV", "BKHĐT", "SKHĐT", "BTNMT", "STNMT", "BXD", "SXD", "BGTVT", "SGTVT",
      "BCT", "SCT", "BNNPTNT", "SNNPTNT", "BVHTTDL", "SVHTTDL", "BTTTT", "STTTT", "BLĐTBXH",
      "SLĐTBXH", "LĐTBXH", "BKHCN", "SKHCN", "NHNN", "TTCP", "KTNN", "VKSNDTC", "TANDTC",
      "VP", "VPUB", "NC", "KT", "KTTH", "KGVX", "TH", "CCHC", "TCCB", "VX", "ĐT", "QLĐT"};
  return *parts;
}

// Đ (U+0110) in UTF-8.
constexpr std::string_view kDStroke = "\xC4\x90";

// Spellings of "part" one slip away from what was meant: "Ð" for "Đ"; "D"
// for "Đ" (the bar lost, once or everywhere); a letter doubled ("QĐĐ",
// "UBNND"). Byte-level on UTF-8 code points.
std::vector<std::string> SlipCandidates(const std::string& part) {
  std::vector<std::string> out;
  std::string eth_fixed = ReplaceEthWithDStroke(part);
  if (eth_fixed != part) out.push_back(eth_fixed);
  // Code points of the part.
  std::vector<std::string> cps;
  size_t pos = 0;
  while (pos < eth_fixed.size()) {
    size_t begin = pos;
    DecodeUtf8(eth_fixed, &pos);
    cps.push_back(eth_fixed.substr(begin, pos - begin));
  }
  auto join = [](const std::vector<std::string>& pieces) {
    std::string joined;
    for (const std::string& piece : pieces) joined += piece;
    return joined;
  };
  std::vector<std::string> all_d = cps;
  bool any_d = false;
  for (size_t idx = 0; idx < cps.size(); ++idx) {
    if (cps[idx] == "D") {
      std::vector<std::string> one = cps;
      one[idx] = std::string(kDStroke);
      out.push_back(join(one));
      all_d[idx] = std::string(kDStroke);
      any_d = true;
    }
    if (idx > 0 && cps[idx] == cps[idx - 1]) {
      std::vector<std::string> fewer = cps;
      fewer.erase(fewer.begin() + static_cast<std::ptrdiff_t>(idx));
      out.push_back(join(fewer));
    }
  }
  if (any_d) out.push_back(join(all_d));
  return out;
}

// Repairs each part of the symbol ("QĐĐ-UBND" in "1629/QĐĐ-UBND") that is
// not a known abbreviation but is one slip away from exactly one known
// abbreviation, or is a known abbreviation in other case ("TTG" for
// "TTg"). The number before the first '/' is never touched.
std::string RepairSymbolParts(std::string_view number) {
  size_t slash = number.find('/');
  if (slash == std::string_view::npos) return std::string(number);
  std::string out(number.substr(0, slash + 1));
  size_t pos = slash + 1;
  while (pos <= number.size()) {
    size_t end = number.find_first_of("/-", pos);
    if (end == std::string_view::npos) end = number.size();
    std::string part(number.substr(pos, end - pos));
    if (!part.empty() && KnownSymbolParts().count(part) == 0) {
      std::set<std::string> known;
      for (const std::string& candidate : SlipCandidates(part)) {
        if (KnownSymbolParts().count(candidate) != 0) known.insert(candidate);
      }
      // Set in capitals ("QĐ-TTG" in an all-caps heading): the known
      // spelling with the same letters ("TTg", "CTr").
      if (known.empty()) {
        std::string key = MatchKey(part);
        for (const std::string& candidate : KnownSymbolParts()) {
          if (MatchKey(candidate) == key) known.insert(candidate);
        }
      }
      if (known.size() == 1) part = *known.begin();
    }
    out += part;
    if (end >= number.size()) break;
    out += number[end];
    pos = end + 1;
  }
  return out;
}

// ---- Stamps (signing records).

// Which field of a signing record a stamp rule fills.
enum class StampPart { kSigner, kOrganisation, kEmail, kTime, kCopy, kInbox, kNone };

StampPart PartOf(std::string_view rule_id) {
  if (rule_id == "identity.stamp_signer") return StampPart::kSigner;
  if (rule_id == "identity.stamp_organisation") return StampPart::kOrganisation;
  if (rule_id == "identity.stamp_email") return StampPart::kEmail;
  if (rule_id == "identity.stamp_time") return StampPart::kTime;
  if (rule_id == "identity.stamp_copy") return StampPart::kCopy;
  if (rule_id == "identity.stamp_inbox") return StampPart::kInbox;
  return StampPart::kNone;
}

int CountNewlines(std::string_view text, size_t from, size_t to) {
  int count = 0;
  for (size_t pos = from; pos < to && pos < text.size(); ++pos) count += text[pos] == '\n';
  return count;
}

// "2024-11-26T10:40:48+07:00" from the groups of identity.stamp_time.
std::string StampTime(std::string_view text, const RuleMatch& match) {
  int64_t day = 0, month = 0, year = 0;
  if (!ParseInt(match.Group(text, "day"), &day) || !ParseInt(match.Group(text, "month"), &month) ||
      !ParseInt(match.Group(text, "year"), &year) ||
      !IsValidDate(static_cast<int>(year), static_cast<int>(month), static_cast<int>(day))) {
    return {};
  }
  std::string iso =
      CivilDate{static_cast<int>(year), static_cast<int>(month), static_cast<int>(day)}.Iso();
  std::string_view time = match.Group(text, "time");
  if (!time.empty()) {
    iso += "T";
    if (time.size() == 7) iso += "0";  // "9:44:21"
    iso += std::string(time);
    iso += std::string(match.Group(text, "zone"));
  }
  return iso;
}

struct StampGroup {
  SigningRecord record;
  Span span;  // lines of the stamp in the text searched
  StampPart last = StampPart::kNone;
  bool has[7] = {};
};

// Groups the stamp matches of "text" into records: matches on lines at most
// two lines apart belong to one stamp, unless a part repeats (a second "Ký
// bởi" starts a second signature). A name wrapped onto the next line ("Ký
// bởi: ỦY BAN NHÂN" / "DÂN TỈNH LÂM ĐỒNG") is joined when another stamp line
// follows. Upper-case lines right above a lone e-mail line name the office
// ("TRUNG TÂM CÔNG" / "BÁO VÀ TIN HỌC" / "ttcbth@quangngai.gov.vn").
// In a page's unused text layer ("layer"), which holds nothing but stamps,
// lines further apart still belong together and a lone time is a stamp.
std::vector<StampGroup> GroupStamps(std::string_view text, const std::vector<RuleMatch>& matches,
                                    bool layer) {
  const int max_gap = layer ? 20 : 2;
  std::vector<StampGroup> groups;
  for (const RuleMatch& match : matches) {
    StampPart part = PartOf(match.rule->id);
    if (part == StampPart::kNone) continue;
    // A rule's boundary character may be the previous line's end.
    size_t first = match.span.begin;
    if (first < match.span.end && text[first] == '\n') ++first;
    Span lines{LineAt(text, first).begin, LineAt(text, match.span.end).end};
    if (part == StampPart::kInbox && match.Group(text, "day").empty() &&
        match.Group(text, "entry").empty() && match.Group(text, "entry_only").empty() &&
        CollapseSpaces(Slice(text, lines)).size() > 20) {
      continue;  // a heading that merely starts with "ĐẾN"
    }
    auto has = [&groups](StampPart which) { return groups.back().has[static_cast<int>(which)]; };
    // A copy or inbox stamp and a signature are different stamps.
    bool other_stamp =
        !groups.empty() &&
        (((has(StampPart::kCopy) || has(StampPart::kInbox)) && part == StampPart::kSigner) ||
         ((part == StampPart::kCopy || part == StampPart::kInbox) && has(StampPart::kSigner)));
    // A signer label opens a signature box, and a time closes a stamp (the
    // box's last line), so stamps printed one above the other stay apart.
    bool join = !groups.empty() && !other_stamp && part != StampPart::kSigner &&
                !has(StampPart::kTime) && !groups.back().has[static_cast<int>(part)] &&
                lines.begin >= groups.back().span.begin &&
                CountNewlines(text, groups.back().span.end, lines.begin) <= max_gap;
    if (!join) {
      groups.emplace_back();
      groups.back().span = lines;
    }
    StampGroup& group = groups.back();
    // A wrapped name between the previous stamp line and this one.
    if (join && (group.last == StampPart::kSigner || group.last == StampPart::kOrganisation) &&
        CountNewlines(text, group.span.end, lines.begin) == 2 && group.span.end + 1 < lines.begin) {
      std::string wrapped = CollapseSpaces(Slice(text, Span{group.span.end + 1, lines.begin - 1}));
      std::string& target = group.last == StampPart::kSigner ? group.record.signer
                                                             : group.record.organisation;
      // Same case as the name it continues: a line of another column read
      // in between ("Tỉnh Quảng Ngãi" / "BÁO VÀ TIN HỌC") is not joined.
      if (!wrapped.empty() && wrapped.size() <= 60 && wrapped.find(':') == std::string::npos &&
          !target.empty() && IsUpperLine(wrapped) == IsUpperLine(target)) {
        target += " " + wrapped;
      }
    }
    group.span.begin = std::min(group.span.begin, lines.begin);
    group.span.end = std::max(group.span.end, lines.end);
    group.has[static_cast<int>(part)] = true;
    group.last = part;
    switch (part) {
      case StampPart::kSigner:
        group.record.signer = CollapseSpaces(match.Group(text, "signer"));
        break;
      case StampPart::kOrganisation:
        group.record.organisation = CollapseSpaces(match.Group(text, "organisation"));
        break;
      case StampPart::kCopy:
        group.record.kind = "copy";
        if (!match.Group(text, "organisation").empty()) {
          group.record.organisation = CollapseSpaces(match.Group(text, "organisation"));
        }
        break;
      case StampPart::kInbox: {
        group.record.kind = "inbox";
        std::string iso = StampTime(text, match);
        if (!iso.empty() && group.record.time.empty()) group.record.time = iso;
        break;
      }
      case StampPart::kTime:
        group.record.time = StampTime(text, match);
        break;
      case StampPart::kEmail:
        if (group.record.organisation.empty() && group.span.begin == lines.begin) {
          // The office named above a lone e-mail line.
          size_t begin = lines.begin;
          std::string name;
          for (int count = 0; count < 3 && begin > 0; ++count) {
            Span above = LineAt(text, begin - 1);
            std::string cleaned = CollapseSpaces(Slice(text, above));
            if (cleaned.empty() || cleaned.size() > 40 || !IsUpperLine(cleaned)) break;
            name = name.empty() ? cleaned : cleaned + " " + name;
            begin = above.begin;
          }
          if (!name.empty()) {
            group.record.organisation = name;
            group.has[static_cast<int>(StampPart::kOrganisation)] = true;
            group.span.begin = begin;
          }
        }
        break;
      case StampPart::kNone:
        break;
    }
  }
  // A lone e-mail or time is not a stamp; a stamp needs a label or an
  // e-mail with a time.
  std::vector<StampGroup> kept;
  for (StampGroup& group : groups) {
    bool labelled = group.has[static_cast<int>(StampPart::kSigner)] ||
                    group.has[static_cast<int>(StampPart::kCopy)] ||
                    group.has[static_cast<int>(StampPart::kInbox)] ||
                    (group.has[static_cast<int>(StampPart::kOrganisation)] &&
                     (group.has[static_cast<int>(StampPart::kTime)] ||
                      group.has[static_cast<int>(StampPart::kEmail)] ||
                      group.span.begin == 0)) ||
                    (group.has[static_cast<int>(StampPart::kEmail)] &&
                     group.has[static_cast<int>(StampPart::kTime)]);
    if (!labelled && !(layer && group.has[static_cast<int>(StampPart::kTime)])) continue;
    if (group.record.kind.empty()) group.record.kind = "signature";
    kept.push_back(std::move(group));
  }
  return kept;
}

// When OCR digits are a guess. Tesseract's confidences, 0..100.
struct DigitTrust {
  // A digit below this is a guess: printed header digits read at 400 dpi
  // score 98-99, the handwritten "1380" of a real scan 90 (ocr.h).
  double min_digit = 93;
  // A word below this is a guess even with confident digits: the
  // handwritten "932" read "332" scored 66.6 (digits 95.2); printed numbers
  // read right on the real scans score 75-99 (tests/corpus, 2026-12-02).
  double min_word = 70;
};
constexpr DigitTrust kDigitTrust;

// True when a digit inside one of "spans" (normalised text) comes from an
// OCR word read with low confidence: a digit word of the page
// (Page::digit_words) below kDigitTrust occurs, normalised, on the span's
// line over that digit. A smudged or handwritten number ("Số: 332/QĐ-TTg"
// for 932) or day is a guess, never stored as read.
bool UncertainDigits(const Input& in, const std::vector<Span>& spans) {
  std::string_view text = in.text();
  for (const Span& span : spans) {
    if (span.empty() || span.end > text.size()) continue;
    int number = in.document.PageAt(in.normalized.map.ToSource(span).begin);
    const Page* page = nullptr;
    for (const Page& candidate : in.document.pages) {
      if (candidate.number == number) page = &candidate;
    }
    if (page == nullptr || page->digit_words.empty()) continue;
    Span line{LineAt(text, span.begin).begin, LineAt(text, span.end - 1).end};
    std::string_view line_text = Slice(text, line);
    for (const DigitWord& word : page->digit_words) {
      std::string key(Trim(NormalizeText(word.text).text));
      if (key.empty()) continue;
      for (size_t at = line_text.find(key); at != std::string_view::npos;
           at = line_text.find(key, at + 1)) {
        // The whole word, not a piece of a longer number ("2" in "2025").
        auto is_digit = [](char c) { return c >= '0' && c <= '9'; };
        if ((at > 0 && is_digit(line_text[at - 1])) ||
            (at + key.size() < line_text.size() && is_digit(line_text[at + key.size()]))) {
          continue;
        }
        size_t from = std::max(span.begin, line.begin + at);
        size_t to = std::min(span.end, line.begin + at + key.size());
        bool digit = false;
        for (size_t pos = from; pos < to; ++pos) digit |= text[pos] >= '0' && text[pos] <= '9';
        if (!digit) continue;
        if (word.digit_confidence < kDigitTrust.min_digit || word.confidence < kDigitTrust.min_word) {
          return true;
        }
      }
    }
  }
  return false;
}

// The identity rules' matches an extraction reads, outside the stamps: the
// first match of each kind of line, pointing into the caller's matches.
struct HeaderMatches {
  std::vector<Span> stamp_spans;
  const RuleMatch* kind = nullptr;
  const RuleMatch* number = nullptr;
  const RuleMatch* place_date = nullptr;
  const RuleMatch* motto = nullptr;
  const RuleMatch* capacity = nullptr;
  const RuleMatch* addressee = nullptr;
  const RuleMatch* copies = nullptr;
  const RuleMatch* letter = nullptr;        // "V/v ..." of a công văn
  const RuleMatch* title_number = nullptr;  // "Quyết định ... số 115/2004/QĐ-TTg ngày ..."
  const RuleMatch* attachment = nullptr;    // "(Ban hành kèm theo Công văn số ...)"
  const RuleMatch* passed = nullptr;        // "Luật này đã được Quốc hội ... thông qua ngày ..."

  bool InStamp(size_t pos) const {
    for (const Span& span : stamp_spans) {
      if (pos >= span.begin && pos < span.end) return true;
    }
    return false;
  }
};

// Stamps first: their lines are metadata, and nothing else is read there
// (a signing time is not the issue date, a stamp's office not the issuer).
// Fills identity->signing; returns the stamps' spans in the normalised text.
std::vector<Span> ReadStamps(const Input& in, const std::vector<RuleMatch>& all_matches,
                             Identity* identity) {
  std::string_view text = in.text();
  std::vector<Span> stamp_spans;
  for (int page_number = 1; const Page& page : in.document.pages) {
    if (!page.layer_text.empty()) {
      NormalizedText layer = NormalizeText(page.layer_text);
      for (StampGroup& group :
           GroupStamps(layer.text, in.rules.Match(layer.text, "identity.stamp_"), true)) {
        group.record.source = "layer";
        group.record.where.page = page.number != 0 ? page.number : page_number;
        group.record.where.rule_id = "identity.stamp";
        group.record.where.quote = CollapseSpaces(Slice(layer.text, group.span));
        identity->signing.push_back(std::move(group.record));
      }
    }
    ++page_number;
  }
  size_t layer_records = identity->signing.size();
  for (StampGroup& group : GroupStamps(text, all_matches, false)) {
    stamp_spans.push_back(group.span);
    // The same stamp read twice: in the layer and, drawn on the page, by
    // OCR (often garbled: "Tỉnh gNgã", "l0: 40:48"). The signing software
    // draws what it writes into the layer, so a page with stamps in its
    // layer gives its signature records from there.
    int page = in.document.PageAt(in.normalized.map.ToSource(group.span).begin);
    bool seen = false;
    for (size_t idx = 0; idx < layer_records; ++idx) {
      const SigningRecord& layer = identity->signing[idx];
      // Times compared without the zone, which OCR often misses ("+07:00").
      seen |=
          layer.where.page == page && (group.record.kind == "signature" ||
                                       layer.time.substr(0, 19) == group.record.time.substr(0, 19));
    }
    if (seen) continue;
    group.record.source = "text";
    group.record.where = MakeProvenance(in, group.span, "identity.stamp");
    identity->signing.push_back(std::move(group.record));
  }
  std::stable_sort(identity->signing.begin(), identity->signing.end(),
                   [](const SigningRecord& a, const SigningRecord& b) {
                     return a.where.page < b.where.page;
                   });
  return stamp_spans;
}

// The first match of each identity rule among "matches" (stamp lines
// already removed).
void PickMatches(const std::vector<RuleMatch>& matches, HeaderMatches* found) {
  for (const RuleMatch& match : matches) {
    const std::string& id = match.rule->id;
    if (StartsWith(id, "identity.kind")) {
      if (found->kind == nullptr) found->kind = &match;
    } else if (id == "identity.number") {
      if (found->number == nullptr) found->number = &match;
    } else if (id == "identity.place_date") {
      if (found->place_date == nullptr) found->place_date = &match;
    } else if (id == "identity.motto") {
      if (found->motto == nullptr) found->motto = &match;
    } else if (id == "identity.letter_subject") {
      if (found->letter == nullptr) found->letter = &match;
    } else if (id == "identity.title_number") {
      if (found->title_number == nullptr) found->title_number = &match;
    } else if (id == "identity.attachment") {
      if (found->attachment == nullptr) found->attachment = &match;
    } else if (id == "identity.passed_date") {
      if (found->passed == nullptr) found->passed = &match;
    } else if (StartsWith(id, "identity.capacity") || id == "identity.signer_capacity") {
      if (found->capacity == nullptr) found->capacity = &match;
    } else if (id == "identity.addressee") {
      if (found->addressee == nullptr) found->addressee = &match;
    } else if (id == "identity.copies") {
      if (found->copies == nullptr) found->copies = &match;
    }
  }
}

// Drops the matches that do not belong to the header: a V/v line beside a
// kind line, numbers and dates past the header's end, title-line numbers
// and attachment lines far from the start or citing the legal basis.
void ScopeToHeader(std::string_view text, HeaderMatches* found) {
  // A công văn has no kind line: its "V/v ..." line under the number stands
  // in for it (a decision may print a V/v line too, under its kind line).
  if (found->letter != nullptr && (found->kind != nullptr || found->letter->span.begin > 3000)) {
    found->letter = nullptr;
  }
  // The header block ends at the kind line (for a công văn at "Kính gửi",
  // since the place and date may follow the V/v block in reading order);
  // numbers and dates found later belong to the body (or to an attached
  // document).
  size_t header_end = std::min<size_t>(text.size(), 1500);
  if (found->kind != nullptr) {
    header_end = found->kind->span.begin;
  } else if (found->letter != nullptr) {
    header_end = found->addressee != nullptr &&
                         found->addressee->span.begin > found->letter->span.begin
                     ? found->addressee->span.begin
                     : std::min(text.size(), found->letter->span.end + 300);
  }
  if (found->number != nullptr && found->number->span.begin > header_end) found->number = nullptr;
  if (found->place_date != nullptr && found->place_date->span.begin > header_end) {
    found->place_date = nullptr;
  }
  if (found->motto != nullptr && found->motto->span.begin > header_end) found->motto = nullptr;
  // Title-line numbers and attachment lines count only near the start, and
  // only without a "Số:" line.
  constexpr size_t kTitleWindow = 800;
  if (found->number != nullptr ||
      (found->title_number != nullptr && found->title_number->span.begin > kTitleWindow)) {
    found->title_number = nullptr;
  }
  // A clause of the legal basis ("Căn cứ ...", "Thông tư số 106/2021/TT-BTC
  // ngày ... của Bộ trưởng ...;") ends with ";" (Nghị định 30/2020/NĐ-CP,
  // Phụ lục I: each basis on its own line, ";" between them); a title line
  // never does. Such a line cites another document.
  if (found->title_number != nullptr) {
    const RuleMatch* title_number = found->title_number;
    // The paragraph the title line starts: up to the next blank line.
    size_t end = text.find("\n\n", title_number->span.end);
    std::string_view paragraph =
        Trim(text.substr(title_number->span.begin,
                         (end == std::string_view::npos ? text.size() : end) -
                             title_number->span.begin));
    if (!paragraph.empty() && paragraph.back() == ';') found->title_number = nullptr;
  }
  if (found->number != nullptr || found->title_number != nullptr ||
      (found->attachment != nullptr && found->attachment->span.begin > kTitleWindow)) {
    found->attachment = nullptr;
  }
}

// Kind and number: of the parent for an attachment; else the kind line, the
// V/v line of a công văn or the kind in a title line; the number from "Số:"
// or the title line.
void ReadKindAndNumber(const Input& in, const HeaderMatches& found, Identity* identity) {
  std::string_view text = in.text();
  const RuleMatch* attachment = found.attachment;
  const RuleMatch* kind = found.kind;
  const RuleMatch* letter = found.letter;
  const RuleMatch* title_number = found.title_number;
  const RuleMatch* number = found.number;
  if (attachment != nullptr) {
    std::string parent_kind = KindName(attachment->Group(text, "kind"));
    Span span = GroupSpan(*attachment, "number");
    std::string parent_number = RepairSymbolParts(CanonicalDocNumber(Slice(text, span)));
    identity->kind.value = parent_kind;
    identity->kind.where =
        MakeProvenance(in, GroupSpan(*attachment, "kind"), "identity.attachment");
    identity->number.value = parent_number;
    identity->number.where = MakeProvenance(in, span, "identity.attachment");
    identity->attached_to.value = parent_kind + " " + parent_number;
    identity->attached_to.where = MakeProvenance(in, attachment->span, "identity.attachment");
    std::string iso = IsoDay(attachment->Group(text, "date"));
    if (!iso.empty() && found.place_date == nullptr) {
      identity->date.value = iso;
      identity->date.where =
          MakeProvenance(in, GroupSpan(*attachment, "date"), "identity.attachment");
    }
  } else if (kind != nullptr) {
    std::string value = KindName(FillValue(in.rules.Fills(text, *kind), "document.kind"));
    if (!value.empty()) {
      identity->kind.value = value;
      identity->kind.where = MakeProvenance(in, kind->span, kind->rule->id);
    }
  } else if (letter != nullptr) {
    identity->kind.value = "Công văn";
    identity->kind.where = MakeProvenance(in, letter->span, letter->rule->id);
  } else if (title_number != nullptr) {
    identity->kind.value = KindName(title_number->Group(text, "kind"));
    identity->kind.where =
        MakeProvenance(in, GroupSpan(*title_number, "kind"), title_number->rule->id);
  }
  if (number != nullptr || title_number != nullptr) {
    const RuleMatch* from = number != nullptr ? number : title_number;
    Span span = GroupSpan(*from, "number");
    std::string value = RepairSymbolParts(CanonicalDocNumber(Slice(text, span)));
    // "Số: /QĐ-UBND" (number left blank for the signature) stays empty.
    if (!value.empty() && value[0] >= '0' && value[0] <= '9') {
      identity->number.value = value;
      identity->number.where = MakeProvenance(in, span, from->rule->id);
      identity->number.where.uncertain = UncertainDigits(in, {span});
    }
  }
}

// Date: the place-and-date line; else the date of the title line (older
// documents), of the parent (an attachment), or of adoption (a law).
void ReadPlaceAndDate(const Input& in, const HeaderMatches& found, Identity* identity) {
  std::string_view text = in.text();
  const RuleMatch* place_date = found.place_date;
  if (place_date == nullptr && identity->date.value.empty()) {
    const RuleMatch* from = found.title_number != nullptr ? found.title_number : found.passed;
    if (from != nullptr) {
      int64_t day = 0, month = 0, year = 0;
      if (ParseInt(from->Group(text, "day"), &day) &&
          ParseInt(from->Group(text, "month"), &month) &&
          ParseInt(from->Group(text, "year"), &year) &&
          IsValidDate(static_cast<int>(year), static_cast<int>(month), static_cast<int>(day))) {
        identity->date.value =
            CivilDate{static_cast<int>(year), static_cast<int>(month), static_cast<int>(day)}.Iso();
        identity->date.where = MakeProvenance(in, from->span, from->rule->id);
        identity->date.where.uncertain = UncertainDigits(
            in, {GroupSpan(*from, "day"), GroupSpan(*from, "month"), GroupSpan(*from, "year")});
      }
    }
  }
  if (place_date != nullptr) {
    Span place = GroupSpan(*place_date, "place");
    Span date = place_date->span;
    int64_t day = 0, month = 0, year = 0;
    std::string iso;
    if (ParseInt(place_date->Group(text, "day"), &day) &&
        ParseInt(place_date->Group(text, "month"), &month) &&
        ParseInt(place_date->Group(text, "year"), &year) &&
        IsValidDate(static_cast<int>(year), static_cast<int>(month), static_cast<int>(day))) {
      iso = CivilDate{static_cast<int>(year), static_cast<int>(month), static_cast<int>(day)}.Iso();
    } else if (in.diagnostics != nullptr && !place_date->Group(text, "day").empty()) {
      in.diagnostics->Warn(Code::kBadInput, "impossible issue date: " +
                                                CollapseSpaces(Slice(text, place_date->span)));
    }
    if (!place.empty()) {
      identity->place.value = CollapseSpaces(Slice(text, place));
      identity->place.where = MakeProvenance(in, place, place_date->rule->id);
    }
    if (!iso.empty()) {
      identity->date.value = iso;
      identity->date.where = MakeProvenance(in, date, place_date->rule->id);
      identity->date.where.uncertain =
          UncertainDigits(in, {GroupSpan(*place_date, "day"), GroupSpan(*place_date, "month"),
                               GroupSpan(*place_date, "year")});
    }
  }
}

// Issuer: the upper-case lines of the header before the national motto
// (or before "Số:"); the last line names the issuing body when two are
// printed ("UBND TỈNH GIA LAI" / "SỞ NGOẠI VỤ").
void ReadIssuer(const Input& in, const HeaderMatches& found, Identity* identity) {
  std::string_view text = in.text();
  size_t issuer_end = found.motto != nullptr    ? found.motto->span.begin
                      : found.number != nullptr ? LineAt(text, found.number->span.begin).begin
                                                : 0;
  if (issuer_end == 0) return;
  std::vector<LineRef> header;
  for (LineRef line : LinesFrom(text, 0, 20)) {
    if (line.span.begin >= issuer_end) break;
    if (found.InStamp(line.span.begin)) continue;
    // OCR reads the two header columns as one line ("THỦ TƯỚNG CHÍNH PHỦ
    // CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"): the issuer is what precedes
    // the motto.
    if (line.span.end > issuer_end) {
      line.span.end = issuer_end;
      line.text = Slice(text, line.span);
    }
    std::string cleaned = CollapseSpaces(line.text);
    if (cleaned.empty() || cleaned.find("---") != std::string::npos || RepeatedGlyph(cleaned) ||
        !IsUpperLine(cleaned)) {
      continue;
    }
    header.push_back(line);
  }
  if (header.empty()) return;
  Span span{header.front().span.begin, header.back().span.end};
  std::string joined = CollapseSpaces(Slice(text, span));
  std::string value;
  if (in.agencies != nullptr) {
    int hit = in.agencies->Resolve(joined);
    if (hit < 0) hit = in.agencies->Resolve(CollapseSpaces(header.back().text));
    if (hit >= 0) value = in.agencies->agencies()[hit].canonical;
    if (hit < 0) {
      // "ỦY BAN NHÂN DÂN TỈNH GIA LAI": the longest resolvable prefix,
      // then the place name in title case.
      std::vector<std::string_view> words = Split(joined, " ");
      for (size_t count = words.size() - 1; count >= 2 && value.empty(); --count) {
        std::string prefix;
        for (size_t idx = 0; idx < count; ++idx) {
          prefix += (idx ? " " : "") + std::string(words[idx]);
        }
        int prefix_hit = in.agencies->Resolve(prefix);
        if (prefix_hit < 0) continue;
        value = in.agencies->agencies()[prefix_hit].canonical;
        for (size_t idx = count; idx < words.size(); ++idx) {
          value += " " + TitleCaseWord(words[idx]);
        }
      }
    }
  }
  if (value.empty()) value = joined;
  identity->issuer.value = value;
  identity->issuer.where = MakeProvenance(in, span, "identity.issuer");
}

// Title (trích yếu): for a công văn the "V/v" subject and its wrapped
// lines; otherwise the lines after the kind line up to a blank line,
// continuing over blank lines while the next line starts in lower case.
void ReadTitle(const Input& in, const HeaderMatches& found, Identity* identity) {
  std::string_view text = in.text();
  const RuleMatch* kind = found.kind;
  const RuleMatch* letter = found.letter;
  if (kind == nullptr && letter != nullptr && found.attachment == nullptr) {
    Span subject = GroupSpan(*letter, "subject");
    for (const LineRef& line :
         LinesFrom(text, std::min(text.size(), LineAt(text, subject.end).end + 1), 5)) {
      std::string cleaned = CollapseSpaces(line.text);
      if (cleaned.empty() || StartsWith(cleaned, "Kính gửi") || StartsWith(cleaned, "Căn cứ") ||
          StartsWith(cleaned, "Thực hiện") || found.InStamp(line.span.begin) ||
          cleaned.size() > 80 || subject.size() > 400) {
        break;
      }
      subject.end = line.span.end;
    }
    identity->title.value = CollapseSpaces(Slice(text, subject));
    identity->title.where = MakeProvenance(in, subject, letter->rule->id);
  } else if (kind != nullptr && found.attachment == nullptr) {
    bool title_is_kind_line = kind->rule->id == "identity.kind_conclusion";
    Span kind_line = LineAt(text, kind->span.begin);
    size_t from = title_is_kind_line ? kind_line.begin
                                     : std::min(text.size(), kind_line.end + 1);
    std::vector<LineRef> lines = LinesFrom(text, from, 12);
    Span title{0, 0};
    bool started = false;
    bool gap = false;
    for (const LineRef& line : lines) {
      if (found.InStamp(line.span.begin)) continue;
      std::string cleaned = CollapseSpaces(line.text);
      if (cleaned.empty()) {
        if (started) gap = true;
        continue;
      }
      if (StartsWith(cleaned, "Kính gửi") || StartsWith(cleaned, "Căn cứ") ||
          StartsWith(cleaned, "ỦY BAN NHÂN DÂN") || cleaned.size() > 600) {
        break;
      }
      if (started && gap && StartsUpper(cleaned)) break;
      if (!started) title.begin = line.span.begin;
      started = true;
      gap = false;
      title.end = line.span.end;
    }
    if (started) {
      std::string value = CollapseSpaces(Slice(text, title));
      if (!value.empty()) {
        identity->title.value = value;
        identity->title.where = MakeProvenance(in, title, "identity.title");
      }
    }
  }
}

// A line without a letter or digit ('"', "~", "_" under a stamp) is an OCR
// speck or a drawn rule: skipped, never part of the block or a name.
bool Speck(std::string_view line) {
  for (unsigned char c : line) {
    if ((c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c >= 0x80) {
      return false;
    }
  }
  return true;
}

// Signature block: the capacity line ("TM. ỦY BAN NHÂN DÂN"), the capital
// lines under it, then the signer's name. Without a capacity (cut off), a
// name alone on a line after "Nơi nhận" is taken as the signer.
void ReadSignatureBlock(const Input& in, const HeaderMatches& found, Identity* identity) {
  std::string_view text = in.text();
  const RuleMatch* capacity = found.capacity;
  size_t name_search_from = std::string_view::npos;
  if (capacity != nullptr) {
    Span first = LineAt(text, capacity->span.begin);
    Span block = first;
    std::vector<LineRef> after = LinesFrom(text, std::min(text.size(), first.end + 1), 12);
    size_t idx = 0;
    for (; idx < after.size(); ++idx) {
      std::string cleaned = CollapseSpaces(after[idx].text);
      if (cleaned.empty() || Speck(cleaned)) continue;  // blank lines between blocks
      if (!IsUpperLine(cleaned) || cleaned.size() > 80) break;
      block.end = after[idx].span.end;
    }
    identity->capacity.value = CollapseSpaces(Slice(text, block));
    identity->capacity.where = MakeProvenance(in, block, capacity->rule->id);
    name_search_from = block.end;
  } else if (found.copies != nullptr) {
    name_search_from = found.copies->span.end;
  }
  if (name_search_from != std::string_view::npos) {
    for (const LineRef& line : LinesFrom(text, std::min(text.size(), name_search_from + 1), 25)) {
      std::string cleaned = CollapseSpaces(line.text);
      if (cleaned.empty() || Speck(cleaned) || cleaned[0] == '-' || cleaned[0] == '+') continue;
      if (LooksLikeName(cleaned)) {
        identity->signer.value = cleaned;
        identity->signer.where = MakeProvenance(in, line.span, "identity.signer");
        break;
      }
      if (capacity != nullptr) break;  // the name follows the capacity directly
    }
  }
}

// Recipients: "Kính gửi:" (addressees, agency lists expanded) then "Nơi
// nhận:" (copies, as printed; "Như trên" and "Lưu" are not recipients).
void ReadRecipients(const Input& in, const HeaderMatches& found, Identity* identity) {
  std::string_view text = in.text();
  const RuleMatch* addressee = found.addressee;
  if (addressee != nullptr) {
    Span line = LineAt(text, addressee->span.begin);
    std::string rest = CollapseSpaces(text.substr(addressee->span.end,
                                                  line.end - std::min(line.end, addressee->span.end)));
    std::vector<std::pair<Span, std::string>> items;
    if (!rest.empty()) {
      Span span{addressee->span.end, line.end};
      while (!rest.empty() && (rest.back() == ';' || rest.back() == '.')) rest.pop_back();
      items.push_back({span, rest});
    } else {
      items = ParseList(text, std::min(text.size(), line.end + 1));
    }
    for (const auto& [span, item] : items) {
      for (const std::string& name : ResolveAgencyList(in, item, /*keep_unresolved=*/true)) {
        Field field;
        field.value = name;
        field.where = MakeProvenance(in, span, "identity.addressee");
        identity->recipients.push_back(std::move(field));
      }
    }
  }
  if (found.copies != nullptr) {
    Span line = LineAt(text, found.copies->span.begin);
    for (const auto& [span, item] : ParseList(text, std::min(text.size(), line.end + 1))) {
      if (StartsWith(item, "Lưu") || StartsWith(item, "Như ")) continue;
      Field field;
      field.value = item;
      field.where = MakeProvenance(in, span, "identity.copy");
      identity->recipients.push_back(std::move(field));
    }
  }
}

}  // namespace

Identity ExtractIdentity(const Input& in) {
  Identity identity;
  std::string_view text = in.text();
  std::vector<RuleMatch> all_matches = in.rules.Match(text, "identity.");
  HeaderMatches found;
  found.stamp_spans = ReadStamps(in, all_matches, &identity);
  std::vector<RuleMatch> matches;  // "found" points into it
  for (RuleMatch& match : all_matches) {
    if (PartOf(match.rule->id) != StampPart::kNone) continue;
    // By its last character: the number rule's match starts at the
    // character before "Số", possibly the previous line's end.
    if (match.span.end > 0 && found.InStamp(match.span.end - 1)) continue;
    matches.push_back(std::move(match));
  }
  PickMatches(matches, &found);
  ScopeToHeader(text, &found);
  ReadKindAndNumber(in, found, &identity);
  ReadPlaceAndDate(in, found, &identity);
  ReadIssuer(in, found, &identity);
  ReadTitle(in, found, &identity);
  ReadSignatureBlock(in, found, &identity);
  ReadRecipients(in, found, &identity);
  return identity;
}

}  // namespace docpipe::extract_internal
