// Figures: value, unit, qualifier, change, period, subject and scope. The
// number-with-unit patterns are the "figure." rules; this file attaches to
// each figure the period phrase of its sentence (the nearest one before it,
// else the first one after it), its subject (the noun phrase before it) and
// its scope ("toàn tỉnh", or the agency the sentence is about).

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "pipeline/base/strings.h"
#include "pipeline/extract/extract_internal.h"
#include "pipeline/normalize/fold.h"
#include "pipeline/normalize/numbers.h"

namespace docpipe::extract_internal {
namespace {

// "Ước đạt hơn" -> "ước hơn"; "đạt" alone stays; lower case, one space.
std::string CanonicalQualifier(std::string_view printed) {
  std::string lower = MatchKey(CollapseSpaces(printed));
  std::vector<std::string_view> words = Split(lower, " ");
  std::string out;
  bool other = false;
  for (std::string_view word : words) {
    if (!word.empty() && word != "đạt" && word != "đón" && word != "có") other = true;
  }
  for (std::string_view word : words) {
    if (word.empty() || word == "đón" || word == "có" || (other && word == "đạt")) continue;
    if (!out.empty()) out += " ";
    out += word;
  }
  return out;
}

std::string CanonicalUnit(std::string_view printed) {
  std::string collapsed = CollapseSpaces(printed);
  if (collapsed == "%" || collapsed == "USD") return collapsed;
  std::string key = FoldKey(collapsed);
  if (key == "usd" || key == "do la my") return "USD";
  if (key == "phan tram") return "%";
  return MatchKey(collapsed);
}

// True when a letter or digit follows "pos": the unit was only the start of
// a longer word.
bool RunsOn(std::string_view text, size_t pos) {
  if (pos >= text.size()) return false;
  size_t next = pos;
  char32_t cp = DecodeUtf8(text, &next);
  if (cp < 0x80) {
    return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') || (cp >= '0' && cp <= '9');
  }
  std::string key = FoldKey(text.substr(pos, next - pos));
  return !key.empty() && ((key[0] >= 'a' && key[0] <= 'z'));
}

// Verbs and qualifiers that end a subject phrase: "kim ngạch xuất khẩu ước
// đạt" -> "kim ngạch xuất khẩu".
std::string TrimSubject(std::string subject) {
  static const std::vector<std::string> kTrailing = {
      "đạt", "ước", "có", "đón", "là", "với", "gồm", "được", "tăng", "giảm", "khoảng",
      "hiện", "tiếp", "cho", "tổng", "dự kiến", "ký", "đã", "quản lý", "hơn", "trên"};
  static const std::vector<std::string> kLeading = {"trong đó", "và", "đồng thời", "trong",
                                                    "ngoài ra", "với"};
  bool changed = true;
  while (changed && !subject.empty()) {
    changed = false;
    for (const std::string& word : kTrailing) {
      if (subject == word) {
        subject.clear();
        changed = true;
        break;
      }
      if (EndsWith(subject, " " + word)) {
        subject.resize(subject.size() - word.size() - 1);
        changed = true;
        break;
      }
    }
  }
  changed = true;
  while (changed && !subject.empty()) {
    changed = false;
    std::string key = MatchKey(subject);  // once per pass, not once per word
    for (const std::string& word : kLeading) {
      if (StartsWith(key, word + " ")) {
        subject = subject.substr(word.size() + 1);
        changed = true;
        break;
      }
    }
  }
  while (!subject.empty() && (subject.back() == ',' || subject.back() == ':')) subject.pop_back();
  return std::string(Trim(subject));
}

// The period a figure reads: the nearest one before it in its sentence, else
// the first one after it (within 60 bytes) in the same sentence.
const PeriodMention* NearestPeriod(const std::vector<PeriodMention>& periods, Span sentence,
                                   size_t value_begin, size_t match_end) {
  const PeriodMention* best = nullptr;
  for (const PeriodMention& period : periods) {
    if (period.span.begin >= sentence.begin && period.span.end <= value_begin) best = &period;
  }
  if (best != nullptr) return best;
  for (const PeriodMention& period : periods) {
    if (period.span.begin >= match_end && period.span.end <= sentence.end &&
        period.span.begin <= match_end + 60) {
      return &period;
    }
  }
  return nullptr;
}

}  // namespace

std::vector<FigureMatch> FindFigures(const Input& in, const std::vector<PeriodMention>& periods,
                                     const std::vector<Mention>& mentions) {
  std::string_view text = in.text();
  std::vector<FigureMatch> figures;
  size_t last_end = 0;
  for (const RuleMatch& match : in.rules.Match(text, "figure.")) {
    if (match.span.begin < last_end) continue;  // overlapping rule: the first wins
    Span number_span = GroupSpan(match, "number");
    Span unit_span = GroupSpan(match, "unit");
    if (RunsOn(text, unit_span.end)) continue;  // "ha" of "hai", "tin" of "tinh"
    bool in_footnote = false;  // "1 Sở Văn hoá ...": a footnote marker, not a count
    Span source = in.normalized.map.ToSource(match.span);
    for (const Footnote& note : in.document.footnotes) {
      if (source.end > note.body.begin && source.begin < note.body.end) in_footnote = true;
    }
    if (in_footnote) continue;
    std::string number_text = CollapseSpaces(Slice(text, number_span));
    std::optional<ParsedNumber> parsed = ParseVnNumber(number_text);
    if (!parsed) continue;
    auto fills = in.rules.Fills(text, match);
    FigureMatch found;
    Figure& figure = found.figure;
    figure.value = parsed->value;
    // A constant fill (a rule for one unit) wins over the printed words.
    std::string unit = FillValue(fills, "figure.unit_canonical");
    figure.unit = unit.empty() ? CanonicalUnit(match.Group(text, "unit")) : unit;
    figure.qualifier = CanonicalQualifier(match.Group(text, "qual"));
    if (parsed->is_ratio) {
      // "13/13 sở": value = numerator; the total is kept as "/13" in the
      // qualifier until Figure has a field for it.
      std::string total = FormatVnNumber(parsed->denominator, 2);
      figure.qualifier = figure.qualifier.empty() ? "/" + total : figure.qualifier + " /" + total;
    }
    std::string_view dir0 = match.Group(text, "dir0");
    if (!dir0.empty() && figure.unit == "%") {
      figure.change_pct = FoldKey(dir0) == "giam" ? -figure.value : figure.value;
    }
    std::string change_text = CollapseSpaces(match.Group(text, "change"));
    if (!change_text.empty()) {
      std::optional<ParsedNumber> change = ParseVnNumber(change_text);
      if (change) {
        bool down = FoldKey(match.Group(text, "dir")) == "giam";
        figure.change_pct = down ? -change->value : change->value;
      }
    }
    Span value_span = GroupSpan(match, "qual");
    if (value_span.empty()) value_span = GroupSpan(match, "dir0");
    if (value_span.empty()) value_span = number_span;
    found.span = Span{value_span.begin, match.span.end};
    Span line = LineAt(text, number_span.begin);
    size_t sentence_begin = SentenceStart(text, number_span.begin, line.begin);
    size_t sentence_end = SentenceEnd(text, number_span.end, line.end);

    const PeriodMention* best =
        NearestPeriod(periods, Span{sentence_begin, sentence_end}, value_span.begin, match.span.end);
    if (best != nullptr) figure.period = best->period;

    // Subject: the phrase between the last separator and the figure.
    size_t subject_begin = sentence_begin;
    for (size_t pos = value_span.begin; pos > sentence_begin; --pos) {
      char c = text[pos - 1];
      if (c == ',' || c == ';' || c == ':' || c == '(') {
        subject_begin = pos;
        break;
      }
    }
    if (best != nullptr && best->span.end <= value_span.begin && best->span.end > subject_begin) {
      subject_begin = best->span.end;
    }
    std::string left = CollapseSpaces(text.substr(subject_begin, value_span.begin - subject_begin));
    std::string left_key = MatchKey(left);
    for (std::string_view scope_phrase : {"toàn tỉnh", "trên địa bàn tỉnh", "toàn ngành"}) {
      size_t at = left_key.find(scope_phrase);
      if (at != std::string::npos) {
        figure.scope = std::string(scope_phrase);
        left = left.substr(0, at) + left.substr(std::min(left.size(), at + scope_phrase.size()));
        left = CollapseSpaces(left);
      }
    }
    figure.subject = TrimSubject(left);
    if (figure.subject.empty()) {
      // "888 lao động đi làm việc ở nước ngoài": the words after the unit.
      size_t after = match.span.end;
      size_t stop = after;
      while (stop < sentence_end && text[stop] != ',' && text[stop] != ';' && text[stop] != '(' &&
             stop - after < 80) {
        ++stop;
      }
      std::string right = CollapseSpaces(text.substr(after, stop - after));
      size_t compare = right.find("so với");
      if (compare != std::string::npos) right.resize(compare);
      figure.subject = TrimSubject(std::string(Trim(right)));
    }
    if (figure.scope.empty()) {
      // The agency the sentence is about: one named at its very start.
      for (const Mention& mention : mentions) {
        if (mention.span.begin >= sentence_begin && mention.span.begin <= sentence_begin + 16 &&
            mention.span.end <= value_span.begin && mention.level != "group") {
          figure.scope = mention.canonical;
          break;
        }
      }
    }
    figure.where = MakeProvenance(in, found.span, match.rule->id);
    last_end = match.span.end;
    figures.push_back(std::move(found));
  }
  return figures;
}

}  // namespace docpipe::extract_internal
