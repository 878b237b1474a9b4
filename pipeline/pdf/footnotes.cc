#include "pipeline/pdf/footnotes.h"

#include <algorithm>
#include <cctype>
#include <map>

#include "pipeline/base/strings.h"

namespace docpipe {

double BodySize(const std::vector<PageLines>& pages) {
  std::map<int, size_t> weight;  // size in tenths of a point -> characters
  for (const PageLines& page : pages) {
    for (const TextLine& line : page.lines) {
      for (const Word& word : line.words) {
        weight[static_cast<int>(word.size * 10 + 0.5)] += word.text.size();
      }
    }
  }
  int best = 0;
  size_t best_weight = 0;
  for (const auto& [size, count] : weight) {
    if (count > best_weight) {
      best = size;
      best_weight = count;
    }
  }
  return best / 10.0;
}

bool SplitFootnoteLine(std::string_view line, std::string* marker, std::string* rest) {
  line = Trim(line);
  size_t pos = 0;
  while (pos < line.size() && std::isdigit(static_cast<unsigned char>(line[pos]))) ++pos;
  if (pos == 0 && StartsWith(line, "*")) pos = 1;
  if (pos == 0 || pos > 2 || pos + 1 >= line.size() || line[pos] != ' ') return false;
  std::string_view tail = Trim(line.substr(pos + 1));
  if (tail.empty() || std::isdigit(static_cast<unsigned char>(tail[0]))) return false;
  *marker = std::string(line.substr(0, pos));
  *rest = std::string(tail);
  return true;
}

bool HasGluedMarker(std::string_view text, std::string_view marker) {
  for (size_t pos = text.find(marker); pos != std::string_view::npos;
       pos = text.find(marker, pos + 1)) {
    if (pos == 0 || pos + marker.size() >= text.size()) continue;
    unsigned char before = static_cast<unsigned char>(text[pos - 1]);
    unsigned char after = static_cast<unsigned char>(text[pos + marker.size()]);
    bool letter_before = before >= 0x80 || std::isalpha(before) || before == ')';
    bool ok_after = !std::isalnum(after) && after < 0x80 && after != '/' && after != '-';
    if (letter_before && ok_after) return true;
  }
  return false;
}

namespace {

// The index in "lines" of the first footnote line, or lines.size() when
// there is none.
size_t FootnoteStart(const std::vector<TextLine>& lines, double body_size,
                     const std::vector<Box>& tables) {
  auto in_table = [&](const TextLine& line) {
    double cx = (line.box.x0 + line.box.x1) / 2, cy = (line.box.y0 + line.box.y1) / 2;
    for (const Box& box : tables) {
      if (cx >= box.x0 && cx <= box.x1 && cy >= box.y0 && cy <= box.y1) return true;
    }
    return false;
  };
  if (lines.empty() || body_size <= 0) return lines.size();
  // The run of small lines at the bottom of the page.
  size_t run = lines.size();
  while (run > 0 && lines[run - 1].size < 0.9 * body_size && !in_table(lines[run - 1])) --run;
  for (size_t idx = run; idx < lines.size(); ++idx) {
    const TextLine& line = lines[idx];
    if (line.words.size() < 2) continue;
    std::string marker, rest;
    if (SplitFootnoteLine(LineText(line), &marker, &rest)) return idx;
    // A raised marker glued to the first word: "1Sở ..."
    const Word& head = line.words[0];
    if (head.size < 0.85 * line.size && !head.text.empty() &&
        std::isdigit(static_cast<unsigned char>(head.text[0])) && head.text.size() <= 2) {
      return idx;
    }
  }
  return lines.size();
}

}  // namespace

std::vector<FootnoteDraft> SplitFootnotes(std::vector<TextLine>* lines, double body_size,
                                          const std::vector<Box>& tables) {
  std::vector<FootnoteDraft> notes;
  size_t first = FootnoteStart(*lines, body_size, tables);
  if (first == lines->size()) return notes;
  for (size_t idx = first; idx < lines->size(); ++idx) {
    const TextLine& line = (*lines)[idx];
    std::string text = LineText(line);
    std::string marker, rest;
    bool starts = SplitFootnoteLine(text, &marker, &rest) &&
                  (line.words[0].size < 0.85 * line.size || line.box.x0 <= (*lines)[first].box.x0 + 1);
    if (starts) {
      notes.push_back({marker, rest});
    } else if (!notes.empty()) {
      AppendJoined(&notes.back().text, text);
    }
  }
  lines->resize(first);
  return notes;
}

}  // namespace docpipe
