// Deadlines and event dates, each attached to what it dates. The phrases are
// the "deadline." and "date." rules (found by FindDates); here a deadline is
// bound to the agency of its clause: the agency after "Giao", else the first
// agency or group named as the subject of the paragraph (not one that
// receives the result: "gửi Sở Ngoại vụ", "(qua Sở Ngoại vụ)", "trình UBND
// tỉnh", "của UBND tỉnh"), else the heading of the item the bullet is under.
// A footnote marker in the clause whose footnote names exactly one agency
// narrows a group to that agency (seed 002: "chưa ban hành kế hoạch¹").

#include <string>
#include <vector>

#include "pipeline/base/strings.h"
#include "pipeline/extract/extract_internal.h"
#include "pipeline/normalize/fold.h"

namespace docpipe::extract_internal {
namespace {

// The mention is the object of a verb of sending or belongs to a genitive:
// it does not carry the deadline.
bool IsRecipient(std::string_view text, const Mention& mention, size_t floor) {
  size_t from = mention.span.begin > floor + 24 ? mention.span.begin - 24 : floor;
  std::string before = FoldKey(CollapseSpaces(text.substr(from, mention.span.begin - from)));
  static const std::vector<std::string> kMarkers = {
      "qua",  "(qua", "gui",  "gui ve", "trinh", "cua", "voi", "cho", "ve",
      "bao cao", "tai", "thong qua", "(thong qua", "de xuat", "theo", "den"};
  if (EndsWith(before, "doi voi")) return false;  // "Đối với X": X is the subject
  for (const std::string& marker : kMarkers) {
    if (before == marker || EndsWith(before, " " + marker)) return true;
  }
  return false;
}

}  // namespace

std::vector<Deadline> ExtractDeadlines(const Input& in, const std::vector<Mention>& mentions,
                                       const std::vector<DateMention>& dates,
                                       const std::vector<Reference>& references) {
  (void)references;
  std::string_view text = in.text();
  std::vector<Deadline> deadlines;
  for (const DateMention& date : dates) {
    Deadline deadline;
    deadline.date = date.iso;
    deadline.relation = date.relation;
    Span line = LineAt(text, date.span.begin);
    size_t sentence_begin = SentenceStart(text, date.span.begin, line.begin);
    size_t sentence_end = SentenceEnd(text, date.span.end, line.end);
    deadline.text = CollapseSpaces(text.substr(sentence_begin, sentence_end - sentence_begin));
    deadline.where = MakeProvenance(in, date.span, date.rule_id);
    if (date.relation == "on") {
      deadlines.push_back(std::move(deadline));
      continue;
    }

    const Mention* agency = nullptr;
    // 1. "Giao X": the last one before the deadline in the paragraph.
    for (const Mention& mention : mentions) {
      if (mention.span.begin < line.begin || mention.span.end > date.span.begin) continue;
      size_t from = mention.span.begin > line.begin + 12 ? mention.span.begin - 12 : line.begin;
      std::string before = FoldKey(text.substr(from, mention.span.begin - from));
      if (EndsWith(before, "giao ") || EndsWith(before, "giao cho ")) agency = &mention;
    }
    // 2. The subject: the first agency of the paragraph not receiving.
    if (agency == nullptr) {
      for (const Mention& mention : mentions) {
        if (mention.span.begin < line.begin || mention.span.end > date.span.begin) continue;
        if (IsRecipient(text, mention, line.begin)) continue;
        agency = &mention;
        break;
      }
    }
    // 3. A bullet under a heading ("a) Sở Ngoại vụ"): the heading's agency.
    if (agency == nullptr) {
      size_t cursor = line.begin;
      for (int steps = 0; steps < 15 && cursor > 0; ++steps) {
        Span previous = LineAt(text, cursor - 1);
        std::string trimmed(Trim(Slice(text, previous)));
        cursor = previous.begin;
        if (trimmed.empty() || trimmed[0] == '-' || trimmed[0] == '+') continue;
        if (StartsWithItemMarker(trimmed)) {
          for (const Mention& mention : mentions) {
            if (mention.span.begin >= previous.begin && mention.span.end <= previous.end) {
              agency = &mention;
              break;
            }
          }
        }
        break;
      }
    }
    if (agency != nullptr) {
      deadline.agency = agency->canonical;
      // A footnote in the clause naming one agency narrows a group.
      if (agency->level == "group") {
        Span clause_src = in.normalized.map.ToSource(Span{line.begin, date.span.begin});
        for (const Footnote& note : in.document.footnotes) {
          if (note.marker_span.empty() || note.marker_span.begin < clause_src.begin ||
              note.marker_span.end > clause_src.end) {
            continue;
          }
          std::vector<std::string> named =
              ResolveAgencyList(in, in.document.SpanText(note.body), /*keep_unresolved=*/false);
          if (named.size() == 1) deadline.agency = named[0];
        }
      }
    }
    deadlines.push_back(std::move(deadline));
  }
  return deadlines;
}

}  // namespace docpipe::extract_internal
