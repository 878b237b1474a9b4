// Helpers shared by the extractors (see extract_internal.h).

#include <algorithm>
#include <string>
#include <utility>

#include "pipeline/base/strings.h"
#include "pipeline/extract/extract_internal.h"
#include "pipeline/normalize/dates.h"
#include "pipeline/normalize/fold.h"

namespace docpipe::extract_internal {
namespace {

bool IsSpaceByte(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

// A parsed interval as a stored Period. "Đến tháng 6/2026", "đến năm 2030"
// (by/before) describe a state up to the end of that period: no start.
Period PeriodFromInterval(std::string text, const DateInterval& interval) {
  Period period;
  period.text = std::move(text);
  bool until = interval.relation == DeadlineRelation::kBy ||
               interval.relation == DeadlineRelation::kBefore;
  if (interval.start.year != 0 && !until) period.start = interval.start.Iso();
  if (interval.end.year != 0) period.end = interval.end.Iso();
  period.granularity = GranularityName(interval.granularity);
  return period;
}

// Builds a Period from a period rule's match. The rule finds the span; the
// calendar (normalize/dates.h, ParseVnDate) is the one interpreter of what it
// means, so a figure's period and a deadline read the same way.
std::optional<Period> PeriodFromMatch(std::string_view text, const RuleMatch& match,
                                      const std::string& form) {
  if (form == "base") return std::nullopt;  // "cùng kỳ năm 2025": a comparison
  std::string_view printed = Slice(text, match.span);
  Result<DateInterval> interval = ParseVnDate(printed);
  if (!interval.ok()) return std::nullopt;
  return PeriodFromInterval(CollapseSpaces(printed), *interval);
}

}  // namespace

// "Nghị quyết", "NGHỊ QUYẾT", "nghị quyết" -> the kind's canonical spelling
// from the rule's fill, else the printed words with the first capitalised.
std::string CanonicalKind(std::string_view printed) {
  static const std::vector<std::string> kKinds = {
      "Nghị quyết",  "Quyết định",  "Kế hoạch",    "Chỉ thị",     "Thông tư liên tịch",
      "Thông tư",    "Nghị định",   "Công văn",    "Văn bản",     "Thông báo kết luận",
      "Thông báo",   "Chương trình hành động",     "Chương trình", "Kết luận",
      "Hướng dẫn",   "Báo cáo",     "Tờ trình",    "Luật",        "Quy định",
      "Đề án",       "Công điện",   "Pháp lệnh",   "Quy chế",     "Giấy mời",
      "Nghị quyết liên tịch",       "Thông tri",   "Quy hoạch",   "Chiến lược"};
  std::string key = FoldKey(CollapseSpaces(printed));
  for (const std::string& kind : kKinds) {
    if (FoldKey(kind) == key) return kind;
  }
  return CollapseSpaces(printed);
}

std::string_view Slice(std::string_view text, Span span) {
  if (span.begin > text.size() || span.end > text.size() || span.end < span.begin) return {};
  return text.substr(span.begin, span.end - span.begin);
}

Provenance MakeProvenance(const Input& in, Span span, std::string_view rule_id) {
  Provenance where;
  where.span = in.normalized.map.ToSource(span);
  where.page = in.document.PageAt(where.span.begin);
  where.rule_id = std::string(rule_id);
  where.quote = std::string(Slice(in.text(), span));
  return where;
}

Span GroupSpan(const RuleMatch& match, std::string_view name) {
  for (const GroupMatch& group : match.groups) {
    if (group.name == name) return group.span;
  }
  return {};
}

std::string FillValue(const std::vector<std::pair<std::string, std::string>>& fills,
                      std::string_view target) {
  for (const auto& [key, value] : fills) {
    if (key == target) return value;
  }
  return {};
}

std::string CollapseSpaces(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  bool pending_space = false;
  for (char c : text) {
    if (c == '*') continue;
    if (IsSpaceByte(c)) {
      pending_space = !out.empty();
      continue;
    }
    if (pending_space) out.push_back(' ');
    pending_space = false;
    out.push_back(c);
  }
  return out;
}

std::string CanonicalDocNumber(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  size_t pos = 0;
  while (pos < text.size()) {
    size_t before = pos;
    char32_t cp = DecodeUtf8(text, &pos);
    if (cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r' || cp == 0xA0) continue;
    if (cp == kEthLookalike) cp = kCapitalDStroke;  // "QÐ" -> "QĐ"
    if (cp == 0x2013 || cp == 0x2010 || cp == 0x2011) cp = '-';
    if (cp == 0xFFFD && pos == before + 1) continue;
    AppendUtf8(cp, &out);
  }
  // "3070./KH-UBND": a stray dot before the slash.
  std::string cleaned;
  for (size_t i = 0; i < out.size(); ++i) {
    if (out[i] == '.' && i + 1 < out.size() && (out[i + 1] == '/' || out[i + 1] == '-')) continue;
    cleaned.push_back(out[i]);
  }
  while (!cleaned.empty() &&
         (cleaned.back() == '.' || cleaned.back() == ',' || cleaned.back() == '-' ||
          cleaned.back() == '/' || cleaned.back() == ';')) {
    cleaned.pop_back();
  }
  return cleaned;
}

std::string IsoDay(std::string_view text) {
  Result<DateInterval> parsed = ParseVnDate(text);
  if (!parsed.ok()) return {};
  if (parsed->granularity != Granularity::kDay || parsed->start.year == 0) return {};
  return parsed->start.Iso();
}

std::optional<Period> ParsePeriod(std::string_view text, bool* fuzzy) {
  std::string cleaned = CollapseSpaces(text);
  if (fuzzy != nullptr) *fuzzy = false;
  if (cleaned.empty()) return std::nullopt;
  // A typo in the recurring words ("Hẳng năm") is corrected against the
  // known vocabulary, word pair by word pair, before parsing; the result is
  // then marked fuzzy.
  static const std::vector<std::string> kVocabulary = {"Hằng năm", "Hàng năm", "Thường xuyên",
                                                       "Hằng quý", "Hằng tháng"};
  std::vector<std::string_view> words = Split(cleaned, " ");
  std::string repaired;
  bool changed = false;
  for (size_t idx = 0; idx < words.size(); ++idx) {
    if (idx + 1 < words.size()) {
      std::string pair = std::string(words[idx]) + " " + std::string(words[idx + 1]);
      int hit = FuzzyLookup(pair, kVocabulary, 1);
      if (hit >= 0) {
        bool typo = MatchKey(pair) != MatchKey(kVocabulary[hit]);
        changed = changed || typo;
        if (!repaired.empty()) repaired += " ";
        repaired += typo ? kVocabulary[hit] : pair;
        ++idx;
        continue;
      }
    }
    if (!repaired.empty()) repaired += " ";
    repaired += words[idx];
  }
  Result<DateInterval> parsed = ParseVnDate(changed ? repaired : cleaned);
  if (!parsed.ok()) return std::nullopt;
  if (fuzzy != nullptr) *fuzzy = changed;
  return PeriodFromInterval(cleaned, *parsed);
}

Span LineAt(std::string_view text, size_t pos) {
  pos = std::min(pos, text.size());
  size_t start = text.rfind('\n', pos == 0 ? 0 : pos - 1);
  start = (start == std::string_view::npos || pos == 0) ? 0 : start + 1;
  if (pos > 0 && text[pos - 1] == '\n') start = pos;
  size_t end = text.find('\n', pos);
  if (end == std::string_view::npos) end = text.size();
  return {start, end};
}

bool StartsWithItemMarker(std::string_view line) {
  line = Trim(line);
  if (line.empty()) return false;
  if (line[0] == '-' || line[0] == '+') return line.size() > 1 && line[1] == ' ';
  size_t pos = 0;
  if (line[0] >= '0' && line[0] <= '9') {
    while (pos < line.size() && ((line[pos] >= '0' && line[pos] <= '9') || line[pos] == '.')) {
      ++pos;
    }
    return pos < line.size() && line[pos - 1] == '.' && line[pos] == ' ';
  }
  // "a)", "đ)" (đ is two bytes)
  size_t cp_end = 0;
  DecodeUtf8(line, &cp_end);
  return cp_end < line.size() && line[cp_end] == ')' && cp_end <= 2;
}

size_t SentenceStart(std::string_view text, size_t pos, size_t floor) {
  pos = std::min(pos, text.size());
  while (pos > floor) {
    char c = text[pos - 1];
    if (c == '\n') return pos;
    if (pos >= 2 && c == ' ' && text[pos - 2] == '.') {
      return pos;
    }
    --pos;
  }
  return floor;
}

size_t SentenceEnd(std::string_view text, size_t pos, size_t ceiling) {
  ceiling = std::min(ceiling, text.size());
  while (pos < ceiling) {
    char c = text[pos];
    if (c == '\n') return pos;
    if (c == '.' && (pos + 1 >= text.size() || text[pos + 1] == ' ' || text[pos + 1] == '\n')) {
      return pos;
    }
    ++pos;
  }
  return ceiling;
}

std::string LowerAscii(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

std::vector<Mention> FindMentions(const Input& in) {
  std::vector<Mention> all;
  if (in.agencies != nullptr) {
    for (const AgencyMention& found : in.agencies->FindAll(in.text())) {
      if (found.agency < 0 ||
          static_cast<size_t>(found.agency) >= in.agencies->agencies().size()) {
        continue;
      }
      const Agency& agency = in.agencies->agencies()[found.agency];
      all.push_back({found.span, agency.canonical, agency.level, found.fuzzy});
    }
  }
  for (const RuleMatch& match : in.rules.Match(in.text(), "agency_group.")) {
    std::string canonical = FillValue(in.rules.Fills(in.text(), match), "agency.group");
    if (canonical.empty()) canonical = CollapseSpaces(Slice(in.text(), match.span));
    all.push_back({match.span, canonical, "group", false});
  }
  std::stable_sort(all.begin(), all.end(), [](const Mention& a, const Mention& b) {
    if (a.span.begin != b.span.begin) return a.span.begin < b.span.begin;
    return a.span.end > b.span.end;
  });
  std::vector<Mention> kept;
  for (Mention& mention : all) {
    if (!kept.empty() && mention.span.begin < kept.back().span.end) {
      // Overlap: keep the longer; an agency beats a group of equal length.
      if (mention.span.size() > kept.back().span.size()) kept.back() = std::move(mention);
      continue;
    }
    kept.push_back(std::move(mention));
  }
  return kept;
}

std::vector<std::string> ResolveAgencyList(const Input& in, std::string_view text,
                                           bool keep_unresolved) {
  std::vector<std::string> names;
  if (in.agencies != nullptr) {
    for (const AgencyMention& found : in.agencies->FindAll(text)) {
      if (found.agency < 0 ||
          static_cast<size_t>(found.agency) >= in.agencies->agencies().size()) {
        continue;
      }
      const std::string& name = in.agencies->agencies()[found.agency].canonical;
      if (std::find(names.begin(), names.end(), name) == names.end()) names.push_back(name);
    }
  }
  if (names.empty() && keep_unresolved) {
    std::string raw = CollapseSpaces(text);
    if (!raw.empty()) names.push_back(raw);
  }
  return names;
}

std::vector<PeriodMention> FindPeriods(const Input& in) {
  std::vector<PeriodMention> periods;
  std::vector<Span> bases;
  for (const RuleMatch& match : in.rules.Match(in.text(), "period.")) {
    std::string form = FillValue(in.rules.Fills(in.text(), match), "period.form");
    if (form == "base") {
      bases.push_back(match.span);
      continue;
    }
    std::optional<Period> period = PeriodFromMatch(in.text(), match, form);
    if (!period) continue;
    periods.push_back({match.span, std::move(*period), match.rule->id});
  }
  // Drop periods overlapping a comparison base, and the shorter of two
  // overlapping periods ("năm 2026" inside "6 tháng đầu năm 2026").
  auto overlaps = [](Span a, Span b) { return a.begin < b.end && b.begin < a.end; };
  std::stable_sort(periods.begin(), periods.end(), [](const PeriodMention& a, const PeriodMention& b) {
    return a.span.size() > b.span.size();
  });
  std::vector<PeriodMention> kept;
  for (PeriodMention& period : periods) {
    bool drop = false;
    for (const Span& base : bases) drop = drop || overlaps(period.span, base);
    for (const PeriodMention& other : kept) drop = drop || overlaps(period.span, other.span);
    if (!drop) kept.push_back(std::move(period));
  }
  std::stable_sort(kept.begin(), kept.end(), [](const PeriodMention& a, const PeriodMention& b) {
    return a.span.begin < b.span.begin;
  });
  return kept;
}

std::vector<DateMention> FindDates(const Input& in) {
  std::vector<DateMention> dates;
  for (std::string_view prefix : {"deadline.", "date."}) {
    for (const RuleMatch& match : in.rules.Match(in.text(), prefix)) {
      auto fills = in.rules.Fills(in.text(), match);
      DateMention mention;
      mention.span = match.span;
      mention.date_span = GroupSpan(match, "date");
      mention.relation = FillValue(fills, "date.relation");
      mention.rule_id = match.rule->id;
      std::string_view date_text = Slice(in.text(), mention.date_span);
      mention.iso = IsoDay(date_text);
      if (mention.iso.empty()) {
        // Month or quarter deadlines: the end of the interval.
        Result<DateInterval> parsed = ParseVnDate(CollapseSpaces(date_text));
        if (parsed.ok() && parsed->end.year != 0) mention.iso = parsed->end.Iso();
      }
      if (mention.iso.empty()) {
        if (in.diagnostics != nullptr && !date_text.empty()) {
          Span src = in.normalized.map.ToSource(mention.date_span);
          in.diagnostics->Add(Severity::kWarning, Code::kBadInput,
                              "unreadable date in deadline or event: " + std::string(date_text),
                              in.document.PageAt(src.begin), src.begin, src.end);
        }
        continue;
      }
      if (mention.relation.empty()) mention.relation = prefix == "date." ? "on" : "by";
      dates.push_back(std::move(mention));
    }
  }
  std::stable_sort(dates.begin(), dates.end(), [](const DateMention& a, const DateMention& b) {
    if (a.span.begin != b.span.begin) return a.span.begin < b.span.begin;
    return a.span.end > b.span.end;
  });
  // A deadline phrase contains its date; the plain "date." match of the same
  // date is dropped.
  std::vector<DateMention> kept;
  for (DateMention& mention : dates) {
    bool covered = false;
    for (const DateMention& other : kept) {
      if (mention.date_span.begin >= other.span.begin && mention.date_span.end <= other.span.end) {
        covered = true;
      }
    }
    if (!covered) kept.push_back(std::move(mention));
  }
  return kept;
}

}  // namespace docpipe::extract_internal
