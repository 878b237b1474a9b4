// Assignments in letters and conclusions. Three shapes are recognised:
//  - "Giao Sở X (khẩn trương) chủ trì, phối hợp với Y, Z ... <action>"
//  - "Sở X chủ trì, phối hợp với Y ...:" followed by "- <action>" bullets
//  - an item heading naming one agency ("a) Sở Ngoại vụ") followed by
//    "- <action>" bullets (letters assigning tasks per department).
// The deadline is the first deadline phrase of the paragraph (or bullet)
// after the agency. Which text is an agency is the gazetteer's business.

#include <algorithm>
#include <set>
#include <string>
#include <vector>

#include "pipeline/base/strings.h"
#include "pipeline/extract/extract_internal.h"
#include "pipeline/normalize/fold.h"

namespace docpipe::extract_internal {
namespace {

bool GapIsSeparator(std::string_view gap) {
  std::string key = FoldKey(CollapseSpaces(gap));
  return key.empty() || key == "," || key == ";" || key == "va" || key == ", va" ||
         key == "; va" || key == "cac";
}

struct Clause {
  Span agency_span;
  size_t action_begin = 0;
  size_t action_end = 0;
  std::vector<std::string> coordinate;
};

// Coordinators after "phối hợp với" in [from, to): consecutive mentions
// separated only by commas or "và". Moves *end past the list.
std::vector<std::string> Coordinators(std::string_view text, const std::vector<Mention>& mentions,
                                      size_t from, size_t to, size_t* end) {
  std::vector<std::string> names;
  std::string window = FoldKey(text.substr(from, to - from));
  (void)window;
  std::string_view slice = text.substr(from, to - from);
  size_t at = slice.find("phối hợp với");
  if (at == std::string_view::npos) at = slice.find("Phối hợp với");
  if (at == std::string_view::npos) return names;
  size_t cursor = from + at + std::string_view("phối hợp với").size();
  if (end != nullptr) *end = cursor;
  for (const Mention& mention : mentions) {
    if (mention.span.begin < cursor) continue;
    if (mention.span.end > to) break;
    if (!GapIsSeparator(text.substr(cursor, mention.span.begin - cursor))) break;
    if (std::find(names.begin(), names.end(), mention.canonical) == names.end()) {
      names.push_back(mention.canonical);
    }
    cursor = mention.span.end;
    if (end != nullptr) *end = cursor;
  }
  return names;
}

size_t ClauseEnd(std::string_view text, size_t from, size_t line_end) {
  size_t end = SentenceEnd(text, from, line_end);
  size_t semicolon = text.find(';', from);
  if (semicolon != std::string_view::npos && semicolon < end) end = semicolon;
  return end;
}

std::string CleanAction(std::string_view raw) {
  std::string action = CollapseSpaces(raw);
  while (!action.empty() && (action[0] == ',' || action[0] == ' ' || action[0] == '-' ||
                             action[0] == ':')) {
    action.erase(0, 1);
  }
  while (!action.empty() && (action.back() == ':' || action.back() == ',' || action.back() == ' ')) {
    action.pop_back();
  }
  if (EndsWith(action, "./.")) action.resize(action.size() - 3);
  return action;
}

}  // namespace

std::vector<Assignment> ExtractAssignments(const Input& in, const std::vector<Mention>& mentions,
                                           const std::vector<DateMention>& dates) {
  std::string_view text = in.text();
  std::vector<Assignment> assignments;
  std::set<size_t> used;  // mention begin offsets already assigned

  auto deadline_in = [&](size_t from, size_t to) -> std::string {
    for (const DateMention& date : dates) {
      if (date.relation == "on") continue;
      if (date.span.begin >= from && date.span.end <= to) return date.iso;
    }
    return {};
  };

  // Bullets ("- ...") following line "head_line": one assignment each.
  auto bullets_after = [&](Span head_line, const Mention& agency,
                           const std::vector<std::string>& coordinate) -> bool {
    bool any = false;
    size_t cursor = head_line.end;
    while (cursor < text.size()) {
      Span line = LineAt(text, cursor + 1);
      cursor = line.end;
      std::string trimmed(Trim(Slice(text, line)));
      if (trimmed.empty()) {
        if (line.end >= text.size()) break;
        continue;
      }
      if (trimmed[0] != '-' && trimmed[0] != '+') break;
      size_t offset = Slice(text, line).find(trimmed[0]);
      Assignment assignment;
      assignment.agency = agency.canonical;
      size_t list_end = line.begin;
      assignment.coordinate = Coordinators(text, mentions, line.begin, line.end, &list_end);
      if (assignment.coordinate.empty()) assignment.coordinate = coordinate;
      assignment.action = CleanAction(text.substr(line.begin + offset + 1, line.end - line.begin - offset - 1));
      assignment.deadline = deadline_in(line.begin, line.end);
      assignment.where = MakeProvenance(in, line, "assignment.bullet");
      assignments.push_back(std::move(assignment));
      any = true;
      if (line.end >= text.size()) break;
    }
    return any;
  };

  for (size_t idx = 0; idx < mentions.size(); ++idx) {
    const Mention& mention = mentions[idx];
    Span line = LineAt(text, mention.span.begin);
    size_t from = mention.span.begin > line.begin + 12 ? mention.span.begin - 12 : line.begin;
    std::string before = FoldKey(text.substr(from, mention.span.begin - from));
    bool giao = EndsWith(before, "giao ") || EndsWith(before, "giao cho ");
    // "X (tỉnh) (khẩn trương|chủ động) chủ trì"
    size_t after = mention.span.end;
    std::string next = FoldKey(text.substr(after, std::min<size_t>(40, line.end - after)));
    std::string_view rest = next;
    while (!rest.empty() && rest[0] == ' ') rest.remove_prefix(1);
    for (std::string_view filler : {"tinh ", "khan truong ", "chu dong "}) {
      if (StartsWith(rest, filler) && !StartsWith(rest, "chu dong phoi")) rest.remove_prefix(filler.size());
    }
    bool leads = StartsWith(rest, "chu tri");
    std::string line_text(Trim(Slice(text, line)));
    // Heading: "a) Sở Ngoại vụ" alone on its line.
    bool heading = false;
    if (StartsWithItemMarker(line_text) && line_text[0] != '-' && line_text[0] != '+') {
      std::string rest_of_line = CollapseSpaces(text.substr(mention.span.end, line.end - mention.span.end));
      std::string head = CollapseSpaces(text.substr(line.begin, mention.span.begin - line.begin));
      heading = (rest_of_line.empty() || rest_of_line == ":" || rest_of_line == "tỉnh") &&
                head.size() <= 6;
    }
    if (!giao && !leads && !heading) continue;
    if (used.count(mention.span.begin) != 0) continue;
    used.insert(mention.span.begin);

    if (heading) {
      bullets_after(line, mention, {});
      continue;
    }
    Assignment assignment;
    assignment.agency = mention.canonical;
    size_t clause_end = ClauseEnd(text, mention.span.end, line.end);
    size_t list_end = mention.span.end;
    assignment.coordinate = Coordinators(text, mentions, mention.span.end, clause_end, &list_end);
    for (const Mention& coordinated : mentions) {
      if (coordinated.span.begin >= mention.span.end && coordinated.span.end <= list_end) {
        used.insert(coordinated.span.begin);
      }
    }
    size_t action_begin = list_end;
    if (assignment.coordinate.empty()) {
      // After "chủ trì," when no named coordinator follows.
      std::string_view tail = text.substr(mention.span.end, clause_end - mention.span.end);
      size_t at = tail.find("chủ trì");
      action_begin = at == std::string_view::npos ? mention.span.end
                                                  : mention.span.end + at + std::string_view("chủ trì").size();
    }
    // A head ending with ":" is followed by its bullets.
    std::string head_text = CollapseSpaces(Slice(text, line));
    if (EndsWith(head_text, ":") && bullets_after(line, mention, assignment.coordinate)) continue;
    assignment.action = CleanAction(text.substr(action_begin, clause_end - std::min(clause_end, action_begin)));
    assignment.deadline = deadline_in(mention.span.end, line.end);
    assignment.where = MakeProvenance(in, Span{mention.span.begin, clause_end},
                                      giao ? "assignment.giao" : "assignment.lead");
    assignments.push_back(std::move(assignment));
  }
  return assignments;
}

}  // namespace docpipe::extract_internal
