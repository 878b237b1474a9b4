// Identity of a document: kind, number, place and date, issuer, signer and
// capacity, subject (trích yếu), recipients. The patterns are the
// "identity." rules; the layout of an administrative document (Nghị định
// 30/2020/NĐ-CP, Phụ lục I: header block, title, body, signature block, "Nơi
// nhận") is followed here. A part that is not printed (headers cut off by
// the extraction) stays empty.

#include <string>
#include <vector>

#include "pipeline/base/strings.h"
#include "pipeline/extract/extract_internal.h"
#include "pipeline/normalize/dates.h"
#include "pipeline/normalize/fold.h"

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

}  // namespace

Identity ExtractIdentity(const Input& in) {
  Identity identity;
  std::string_view text = in.text();
  std::vector<RuleMatch> matches = in.rules.Match(text, "identity.");

  const RuleMatch* kind = nullptr;
  const RuleMatch* number = nullptr;
  const RuleMatch* place_date = nullptr;
  const RuleMatch* motto = nullptr;
  const RuleMatch* capacity = nullptr;
  const RuleMatch* addressee = nullptr;
  const RuleMatch* copies = nullptr;
  const RuleMatch* letter = nullptr;  // "V/v ..." of a công văn
  for (const RuleMatch& match : matches) {
    const std::string& id = match.rule->id;
    if (StartsWith(id, "identity.kind")) {
      if (kind == nullptr) kind = &match;
    } else if (id == "identity.number") {
      if (number == nullptr) number = &match;
    } else if (id == "identity.place_date") {
      if (place_date == nullptr) place_date = &match;
    } else if (id == "identity.motto") {
      if (motto == nullptr) motto = &match;
    } else if (id == "identity.letter_subject") {
      if (letter == nullptr) letter = &match;
    } else if (StartsWith(id, "identity.capacity") || id == "identity.signer_capacity") {
      if (capacity == nullptr) capacity = &match;
    } else if (id == "identity.addressee") {
      if (addressee == nullptr) addressee = &match;
    } else if (id == "identity.copies") {
      if (copies == nullptr) copies = &match;
    }
  }

  // The header block ends at the kind line; numbers and dates found later
  // belong to the body (or to an attached document).
  size_t header_end = kind != nullptr ? kind->span.begin : std::min<size_t>(text.size(), 1500);
  if (number != nullptr && number->span.begin > header_end) number = nullptr;
  if (place_date != nullptr && place_date->span.begin > header_end) place_date = nullptr;
  if (motto != nullptr && motto->span.begin > header_end) motto = nullptr;
  if (letter != nullptr && (kind != nullptr || letter->span.begin > 3000)) letter = nullptr;
  if (kind == nullptr && letter != nullptr) kind = letter;

  if (kind != nullptr) {
    std::string value = CanonicalKind(FillValue(in.rules.Fills(text, *kind), "document.kind"));
    if (!value.empty()) {
      identity.kind.value = value;
      identity.kind.where = MakeProvenance(in, kind->span, kind->rule->id);
    }
  }
  if (number != nullptr) {
    Span span = GroupSpan(*number, "number");
    std::string value = CanonicalDocNumber(Slice(text, span));
    // "Số: /QĐ-UBND" (number left blank for the signature) stays empty.
    if (!value.empty() && value[0] >= '0' && value[0] <= '9') {
      identity.number.value = value;
      identity.number.where = MakeProvenance(in, span, number->rule->id);
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
      identity.place.value = CollapseSpaces(Slice(text, place));
      identity.place.where = MakeProvenance(in, place, place_date->rule->id);
    }
    if (!iso.empty()) {
      identity.date.value = iso;
      identity.date.where = MakeProvenance(in, date, place_date->rule->id);
    }
  }

  // Issuer: the upper-case lines of the header before the national motto
  // (or before "Số:"); the last line names the issuing body when two are
  // printed ("UBND TỈNH GIA LAI" / "SỞ NGOẠI VỤ").
  size_t issuer_end = motto != nullptr ? motto->span.begin
                      : number != nullptr ? LineAt(text, number->span.begin).begin
                                          : 0;
  if (issuer_end > 0) {
    std::vector<LineRef> header;
    for (const LineRef& line : LinesFrom(text, 0, 20)) {
      if (line.span.begin >= issuer_end) break;
      std::string cleaned = CollapseSpaces(line.text);
      if (cleaned.empty() || cleaned.find("---") != std::string::npos || !IsUpperLine(cleaned)) {
        continue;
      }
      header.push_back(line);
    }
    if (!header.empty()) {
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
      identity.issuer.value = value;
      identity.issuer.where = MakeProvenance(in, span, "identity.issuer");
    }
  }

  // Title (trích yếu): the lines after the kind line up to a blank line,
  // continuing over blank lines while the next line starts in lower case.
  if (kind != nullptr && kind->rule->id != "identity.letter_subject") {
    bool title_is_kind_line = kind->rule->id == "identity.kind_conclusion";
    if (kind->rule->id == "identity.letter_subject") {
      Span subject = GroupSpan(*kind, "subject");
      identity.title.value = CollapseSpaces(Slice(text, subject));
      identity.title.where = MakeProvenance(in, subject, kind->rule->id);
    }
    Span kind_line = LineAt(text, kind->span.begin);
    size_t from = title_is_kind_line ? kind_line.begin
                                     : std::min(text.size(), kind_line.end + 1);
    std::vector<LineRef> lines = LinesFrom(text, from, 12);
    Span title{0, 0};
    bool started = false;
    bool gap = false;
    for (const LineRef& line : lines) {
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
        identity.title.value = value;
        identity.title.where = MakeProvenance(in, title, "identity.title");
      }
    }
  }

  // Signature block: the capacity line ("TM. ỦY BAN NHÂN DÂN"), the capital
  // lines under it, then the signer's name. Without a capacity (cut off), a
  // name alone on a line after "Nơi nhận" is taken as the signer.
  size_t name_search_from = std::string_view::npos;
  if (capacity != nullptr) {
    Span first = LineAt(text, capacity->span.begin);
    Span block = first;
    std::vector<LineRef> after = LinesFrom(text, std::min(text.size(), first.end + 1), 12);
    size_t idx = 0;
    for (; idx < after.size(); ++idx) {
      std::string cleaned = CollapseSpaces(after[idx].text);
      if (cleaned.empty()) continue;  // readers put blank lines between blocks
      if (!IsUpperLine(cleaned) || cleaned.size() > 80) break;
      block.end = after[idx].span.end;
    }
    identity.capacity.value = CollapseSpaces(Slice(text, block));
    identity.capacity.where = MakeProvenance(in, block, capacity->rule->id);
    name_search_from = block.end;
  } else if (copies != nullptr) {
    name_search_from = copies->span.end;
  }
  if (name_search_from != std::string_view::npos) {
    for (const LineRef& line : LinesFrom(text, std::min(text.size(), name_search_from + 1), 25)) {
      std::string cleaned = CollapseSpaces(line.text);
      if (cleaned.empty() || cleaned[0] == '-' || cleaned[0] == '+') continue;
      if (LooksLikeName(cleaned)) {
        identity.signer.value = cleaned;
        identity.signer.where = MakeProvenance(in, line.span, "identity.signer");
        break;
      }
      if (capacity != nullptr) break;  // the name follows the capacity directly
    }
  }

  // Recipients: "Kính gửi:" (addressees, agency lists expanded) then "Nơi
  // nhận:" (copies, as printed; "Như trên" and "Lưu" are not recipients).
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
        identity.recipients.push_back(std::move(field));
      }
    }
  }
  if (copies != nullptr) {
    Span line = LineAt(text, copies->span.begin);
    for (const auto& [span, item] : ParseList(text, std::min(text.size(), line.end + 1))) {
      if (StartsWith(item, "Lưu") || StartsWith(item, "Như ")) continue;
      Field field;
      field.value = item;
      field.where = MakeProvenance(in, span, "identity.copy");
      identity.recipients.push_back(std::move(field));
    }
  }
  return identity;
}

}  // namespace docpipe::extract_internal
