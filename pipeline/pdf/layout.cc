#include "pipeline/pdf/layout.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <map>
#include <utility>

#include "pipeline/base/strings.h"

namespace docpipe {
namespace {

// Every threshold of the layout, in multiples of the line's font size
// ("size") unless stated.
struct LayoutLimits {
  // A word more than this times larger than a line's band sets the band
  // (a heading word among smaller ones).
  double band_reset_ratio = 1.2;
  // A gap wider than this splits a printed line into segments (the two
  // blocks of the header, a table's columns) ...
  double segment_gap = 3.0;
  // ... and so does a gap wider than this that is also segment_gap_vs_usual
  // times the line's usual word gap (a justified line stretches all gaps).
  double segment_gap_min = 1.5;
  double segment_gap_vs_usual = 4.0;
  double min_usual_gap = 0.2;
  // A word gap wider than this is a space even without one in the layer.
  double space_gap = 0.2;
  // A superscript: smaller than this share of the line's size, glued (gap
  // under superscript_gap) and raised by superscript_raise.
  double superscript_size = 0.8;
  double superscript_gap = 0.1;
  double superscript_raise = 0.1;
  // Page furniture lives in the top/bottom share of the page: repeated lines
  // in the narrow zone, running page numbers in the wide one.
  double furniture_repeat_zone = 0.08;
  double furniture_number_zone = 0.12;
  // A line joins the block above it when the vertical gap is under this
  // (same font) or under block_gap_font_change (a change of font).
  double block_gap = 1.0;
  double block_gap_font_change = 0.6;
  // Overlap allowed between a line and the block's last line (tall boxes).
  double block_overlap = -0.5;
  // Starting this close to the block's left edge continues it.
  double block_left_edge = 1.5;
  // A line ending within this of the text column's right edge was wrapped;
  // a line starting this far right of the block's edge is indented.
  double wrapped_right = 2.5;
  double indent = 1.5;
  // Font sizes differing by more than this share start a new paragraph.
  double size_change = 0.15;
  // A line under two side-by-side blocks is set off from the nearer one when
  // its gap exceeds that block's widest line gap by more than this (the body
  // after a recipients list; a title's second line is not).
  double set_off_gap = 0.25;
};
constexpr LayoutLimits kLayout;

bool IsAsciiDigits(std::string_view text) {
  if (text.empty()) return false;
  for (char c : text) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

double Centre(const Box& box) { return (box.y0 + box.y1) / 2; }

// Same baseline band: the centre of one box lies inside the other.
bool SameBand(const Box& a, const Box& b) {
  double ca = Centre(a), cb = Centre(b);
  return (ca >= b.y0 && ca <= b.y1) || (cb >= a.y0 && cb <= a.y1);
}

void Extend(Box* box, const Box& other, bool first) {
  if (first) {
    *box = other;
    return;
  }
  box->x0 = std::min(box->x0, other.x0);
  box->y0 = std::min(box->y0, other.y0);
  box->x1 = std::max(box->x1, other.x1);
  box->y1 = std::max(box->y1, other.y1);
}

// Sorts words left to right. std::sort on pointers makes the moves it
// would make on the words themselves, so words at the same x keep the
// order sorting the words gave them.
void SortLeftToRight(std::vector<const Word*>* words) {
  std::sort(words->begin(), words->end(),
            [](const Word* a, const Word* b) { return a->box.x0 < b->box.x0; });
}

// A line segment of "words", sorted left to right, with its box and size.
WordLine FinishLine(std::vector<const Word*> words) {
  SortLeftToRight(&words);
  WordLine line;
  for (size_t word_idx = 0; word_idx < words.size(); ++word_idx) {
    Extend(&line.box, words[word_idx]->box, word_idx == 0);
    line.size = std::max(line.size, words[word_idx]->size);
  }
  line.words = std::move(words);
  return line;
}

// First code point of "text" is an upper-case letter (ASCII or Vietnamese):
// decided on the UTF-8 lead bytes of the Latin blocks we meet.
bool StartsUpper(std::string_view text) {
  if (text.empty()) return false;
  size_t pos = 0;
  char32_t cp = DecodeUtf8(text, &pos);
  if (cp < 0x80) return std::isupper(static_cast<unsigned char>(cp)) != 0;
  if (cp == 0x110) return true;  // Đ
  if (cp >= 0xC0 && cp <= 0xDE && cp != 0xD7) return true;
  if (cp >= 0x100 && cp <= 0x1B0) return cp % 2 == 0 && cp != 0x111;  // rough: Ă Ơ Ư ...
  if (cp >= 0x1EA0 && cp <= 0x1EF9) return cp % 2 == 0;  // Vietnamese extended: even = upper
  return false;
}

bool StartsEnumeration(std::string_view text) {
  // "1. X", "1.2. X", "a) X", "- X", "+ X", "• X", "I. X", "Điều 3."
  size_t pos = 0;
  while (pos < text.size() && (std::isdigit(static_cast<unsigned char>(text[pos])) ||
                               (text[pos] == '.' && pos > 0))) {
    ++pos;
  }
  if (pos > 0 && pos < text.size() && (text[pos - 1] == '.' || text[pos] == ')')) {
    size_t after = pos + (text[pos] == ')' ? 1 : 0);
    if (after < text.size() && text[after] == ' ') return StartsUpper(text.substr(after + 1));
  }
  if (text.size() > 2 && std::islower(static_cast<unsigned char>(text[0])) && text[1] == ')' &&
      text[2] == ' ') {
    return true;
  }
  if (StartsWith(text, "- ") || StartsWith(text, "+ ") || StartsWith(text, "\u2022 ")) {
    size_t skip = text[0] == '-' || text[0] == '+' ? 2 : 4;
    return StartsUpper(text.substr(skip)) || (skip < text.size() && text[skip] == '"');
  }
  if (StartsWithRomanMarker(text)) return true;
  return StartsWith(text, "\xC4\x90i\xE1\xBB\x81u ");  // "Điều "
}

struct Block {
  std::vector<const TextLine*> lines;
  Box box;
};

}  // namespace

bool IsLegacyFontName(std::string_view font) {
  size_t plus = font.find('+');
  if (plus != std::string_view::npos && plus <= 7) font.remove_prefix(plus + 1);
  if (!font.empty() && font[0] == '.') font.remove_prefix(1);
  std::string lower;
  for (char c : font) lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return StartsWith(lower, "vn") && !StartsWith(lower, "vni") ? true : StartsWith(lower, "vni-");
}

namespace {

// Whether a word of "line" lies straight above or below "box": the two
// overlap horizontally but not vertically. Such words are on two printed
// lines, whatever the bands say: a larger word of the next line (the
// capacity line "PHÓ CHỦ TỊCH" beside a recipients list in smaller type)
// moves a band down far enough to take in the list's next line, whose "-"
// stands under the "-" already in the band. Text-layer words only: their
// boxes span the font's ascent and descent, so two words of one printed
// line always overlap vertically; OCR boxes are tight around the ink (a
// dash beside a lower-case word) and say nothing of the sort.
bool StackedOn(const std::vector<const Word*>& line, const Word& word) {
  if (word.font.empty()) return false;
  const Box& box = word.box;
  for (const Word* other : line) {
    if (other->font.empty()) continue;
    bool across = other->box.x0 < box.x1 && other->box.x1 > box.x0;
    bool apart = other->box.y1 <= box.y0 || other->box.y0 >= box.y1;
    if (across && apart) return true;
  }
  return false;
}

// A printed line being gathered: its words, and the band.
struct OpenLine {
  std::vector<const Word*> members;
  Box reference;  // the box of the largest word: the band
  double size = 0;
};

// Words grouped by baseline band, top to bottom by the first word's
// centre; each band's words in the order they came.
std::vector<OpenLine> GroupBands(std::vector<const Word*> words) {
  std::sort(words.begin(), words.end(),
            [](const Word* a, const Word* b) { return Centre(a->box) < Centre(b->box); });
  std::vector<OpenLine> open;
  for (const Word* word : words) {
    OpenLine* target = nullptr;
    for (size_t idx = open.size(); idx-- > 0;) {
      if (open[idx].reference.y1 < word->box.y0) break;  // sorted by centre: no earlier band fits
      if (SameBand(open[idx].reference, word->box) && !StackedOn(open[idx].members, *word)) {
        target = &open[idx];
        break;
      }
    }
    if (target == nullptr) {
      open.push_back({});
      target = &open.back();
      target->reference = word->box;
      target->size = word->size;
    } else if (word->size > target->size * kLayout.band_reset_ratio) {
      target->reference = word->box;
      target->size = word->size;
    }
    target->members.push_back(word);
  }
  return open;
}

// Splits one band (sorted left to right) into segments at wide gaps.
void SplitBand(const std::vector<const Word*>& band, std::vector<WordLine>* lines) {
  // A gap that is both wide and far wider than the line's usual word gap
  // separates two blocks (issuer | national motto); a justified line
  // stretches all its gaps alike and is not split.
  std::vector<double> gaps;
  gaps.reserve(band.size());
  double line_size = 0;
  for (size_t word_idx = 0; word_idx < band.size(); ++word_idx) {
    line_size = std::max(line_size, band[word_idx]->size);
    if (word_idx > 0) gaps.push_back(band[word_idx]->box.x0 - band[word_idx - 1]->box.x1);
  }
  double usual = 0;
  if (!gaps.empty()) {
    std::sort(gaps.begin(), gaps.end());
    usual = gaps[gaps.size() / 2];
  }
  double size = std::max(line_size, 6.0);
  std::vector<const Word*> current;
  for (const Word* word : band) {
    if (!current.empty()) {
      double gap = word->box.x0 - current.back()->box.x1;
      if (gap > kLayout.segment_gap * size ||
          (gap > kLayout.segment_gap_min * size &&
           gap > kLayout.segment_gap_vs_usual * std::max(usual, kLayout.min_usual_gap * size))) {
        lines->push_back(FinishLine(std::move(current)));
        current.clear();
      }
    }
    current.push_back(word);
  }
  if (!current.empty()) lines->push_back(FinishLine(std::move(current)));
}

// Line segments of "words", in the order they were split (not yet top to
// bottom).
std::vector<WordLine> SegmentLines(std::vector<const Word*> words) {
  std::vector<OpenLine> bands = GroupBands(std::move(words));
  std::vector<WordLine> lines;
  lines.reserve(bands.size());
  for (OpenLine& band : bands) {
    SortLeftToRight(&band.members);
    SplitBand(band.members, &lines);
  }
  return lines;
}

// Top to bottom, left to right within a band.
template <typename Line>
void SortLines(std::vector<Line>* lines) {
  std::stable_sort(lines->begin(), lines->end(), [](const Line& a, const Line& b) {
    if (SameBand(a.box, b.box)) return a.box.x0 < b.box.x0;
    return a.box.y0 < b.box.y0;
  });
}

}  // namespace

std::vector<WordLine> BuildWordLines(std::vector<const Word*> words) {
  std::vector<WordLine> lines = SegmentLines(std::move(words));
  SortLines(&lines);
  return lines;
}

std::vector<TextLine> BuildLines(std::vector<Word> words) {
  // Sorting and grouping work on pointers: a Word (two strings and a
  // vector) is moved once, into its line, instead of at every sort and
  // regrouping.
  std::vector<const Word*> pointers(words.size());
  for (size_t idx = 0; idx < words.size(); ++idx) pointers[idx] = &words[idx];
  std::vector<WordLine> segments = SegmentLines(std::move(pointers));
  std::vector<TextLine> lines(segments.size());
  for (size_t line_idx = 0; line_idx < segments.size(); ++line_idx) {
    const WordLine& segment = segments[line_idx];
    TextLine& line = lines[line_idx];
    line.box = segment.box;
    line.size = segment.size;
    line.words.reserve(segment.words.size());
    for (const Word* word : segment.words) {
      line.words.push_back(std::move(words[static_cast<size_t>(word - words.data())]));
    }
  }
  SortLines(&lines);
  return lines;
}

namespace {

// Adds a stretch of a line drawn in "font" to the line's legacy font runs,
// extending the last run when it has the same font and ends at most one
// byte (a space) before.
void AddLegacyRun(Span span, const std::string& font, std::vector<FontRun>* runs) {
  if (!IsLegacyFontName(font)) return;
  if (!runs->empty() && runs->back().font == font && runs->back().span.end + 1 >= span.begin) {
    runs->back().span.end = span.end;
  } else {
    runs->push_back({span, font});
  }
}

}  // namespace

namespace {

// LineText of "count" words, "at(i)" the i-th, on a line of "line_size".
template <typename WordAt>
std::string JoinLine(size_t count, WordAt at, double line_size, std::vector<Span>* superscripts,
                     std::vector<FontRun>* runs) {
  std::string text;
  size_t bytes = 0;  // the words and a space after each: one allocation
  for (size_t word_idx = 0; word_idx < count; ++word_idx) bytes += at(word_idx).text.size() + 1;
  text.reserve(bytes);
  for (size_t word_idx = 0; word_idx < count; ++word_idx) {
    const Word& word = at(word_idx);
    bool superscript = false;
    if (word_idx > 0) {
      const Word& prev = at(word_idx - 1);
      double gap = word.box.x0 - prev.box.x1;
      superscript = IsAsciiDigits(word.text) && word.text.size() <= 2 &&
                    word.size < kLayout.superscript_size * line_size &&
                    gap < kLayout.superscript_gap * line_size &&
                    Centre(word.box) < Centre(prev.box) - kLayout.superscript_raise * line_size;
      bool space = prev.space_after || gap > kLayout.space_gap * std::max(prev.size, 1.0);
      if (superscript) space = false;
      if (space && !text.empty() && text.back() != ' ') text += ' ';
    }
    size_t begin = text.size();
    text += word.text;
    if (superscript && superscripts != nullptr) superscripts->push_back({begin, text.size()});
    if (word.legacy && runs != nullptr) {
      if (word.font_runs.empty()) {
        AddLegacyRun({begin, text.size()}, word.font, runs);
      } else {
        for (const FontRun& run : word.font_runs) {
          AddLegacyRun({begin + run.span.begin, begin + run.span.end}, run.font, runs);
        }
      }
    }
  }
  return text;
}

}  // namespace

std::string LineText(const TextLine& line, std::vector<Span>* superscripts,
                     std::vector<FontRun>* runs) {
  return JoinLine(
      line.words.size(), [&line](size_t idx) -> const Word& { return line.words[idx]; },
      line.size, superscripts, runs);
}

std::string LineText(const WordLine& line) {
  return JoinLine(
      line.words.size(), [&line](size_t idx) -> const Word& { return *line.words[idx]; },
      line.size, nullptr, nullptr);
}

size_t AppendJoined(std::string* paragraph, std::string_view next) {
  next = Trim(next);
  while (!paragraph->empty() && paragraph->back() == ' ') paragraph->pop_back();
  if (paragraph->empty()) {
    paragraph->append(next);
    return 0;
  }
  bool glued_hyphen = paragraph->size() >= 2 && paragraph->back() == '-' &&
                      (*paragraph)[paragraph->size() - 2] != ' ' && !next.empty() &&
                      next.front() != '-';
  if (!glued_hyphen) *paragraph += ' ';
  size_t offset = paragraph->size();
  paragraph->append(next);
  return offset;
}

bool IsPageNumberText(std::string_view text) {
  text = Trim(text);
  if (StartsWith(text, "Trang ")) text = Trim(text.substr(6));
  if (StartsWith(text, "-") && EndsWith(text, "-") && text.size() > 2) {
    text = Trim(text.substr(1, text.size() - 2));
  }
  size_t slash = text.find('/');
  if (slash != std::string_view::npos) {
    return IsAsciiDigits(text.substr(0, slash)) && IsAsciiDigits(text.substr(slash + 1)) &&
           slash <= 4;
  }
  return IsAsciiDigits(text) && text.size() <= 4;
}

void RemoveFurniture(std::vector<PageLines>* pages, const std::vector<std::vector<Box>>* tables) {
  auto in_table = [&](size_t page_idx, const TextLine& line) {
    if (tables == nullptr || page_idx >= tables->size()) return false;
    double cx = (line.box.x0 + line.box.x1) / 2, cy = (line.box.y0 + line.box.y1) / 2;
    for (const Box& box : (*tables)[page_idx]) {
      if (cx >= box.x0 && cx <= box.x1 && cy >= box.y0 && cy <= box.y1) return true;
    }
    return false;
  };
  auto in_zone = [](const PageLines& page, const TextLine& line, double fraction) {
    if (page.height <= 0) return false;
    return line.box.y1 < page.height * fraction || line.box.y0 > page.height * (1 - fraction);
  };
  // A line's key: its text with digits as '#' (the page number in a
  // running header changes).
  auto key_of_text = [](std::string key) {
    for (char& c : key) {
      if (std::isdigit(static_cast<unsigned char>(c))) c = '#';
    }
    return key;
  };
  auto key_of = [&](const TextLine& line) { return key_of_text(LineText(line)); };
  std::map<std::string, int> counts;
  for (const PageLines& page : *pages) {
    std::vector<std::string> seen;
    for (const TextLine& line : page.lines) {
      if (!in_zone(page, line, kLayout.furniture_repeat_zone)) continue;
      std::string key = key_of(line);
      if (std::find(seen.begin(), seen.end(), key) == seen.end()) {
        seen.push_back(key);
        ++counts[key];
      }
    }
  }
  int needed = std::max(3, static_cast<int>((pages->size() + 1) / 2));
  for (PageLines& page : *pages) {
    size_t page_idx = static_cast<size_t>(&page - pages->data());
    std::vector<TextLine> kept;
    kept.reserve(page.lines.size());
    for (TextLine& line : page.lines) {
      // Only lines in the top or bottom zone can be furniture, and the
      // repeat zone lies inside the number zone: only those lines are read.
      static_assert(kLayout.furniture_repeat_zone <= kLayout.furniture_number_zone);
      if (!in_zone(page, line, kLayout.furniture_number_zone)) {
        kept.push_back(std::move(line));
        continue;
      }
      std::string text = LineText(line);
      bool furniture = !in_table(page_idx, line) &&
                       (IsPageNumberText(text) ||
                        (in_zone(page, line, kLayout.furniture_repeat_zone) &&
                         counts[key_of_text(text)] >= needed &&
                         pages->size() >= 3));
      if (furniture) {
        page.furniture.push_back(std::move(text));
      } else {
        kept.push_back(std::move(line));
      }
    }
    page.lines = std::move(kept);
  }
}

double TextRight(const std::vector<TextLine>& lines) {
  if (lines.empty()) return 0;
  std::vector<double> ends;
  for (const TextLine& line : lines) ends.push_back(line.box.x1);
  std::sort(ends.begin(), ends.end());
  return ends[std::min(ends.size() - 1, ends.size() * 9 / 10)];
}

namespace {

// Whether "line" also lies under a block that stands beside "target" (the
// two overlap vertically with a column gap between them) and ends above the
// line, and is set off from "target" by more space than target's own lines:
// the label "Kính gửi:" beside its recipients list, then the body under
// both. Such a line starts what follows the two-block arrangement and joins
// neither block, even when only one of them is near enough to be a
// candidate (a font with tall glyph boxes narrows the gap). A title's next
// line under a date block ("QUYẾT ĐỊNH", then "Về việc ...") is as close as
// the block's own lines and stays.
bool UnderBlockBeside(const TextLine& line, const Block& target, const std::vector<Block>& blocks,
                      double size) {
  double widest = 0;
  for (size_t idx = 1; idx < target.lines.size(); ++idx) {
    widest = std::max(widest, target.lines[idx]->box.y0 - target.lines[idx - 1]->box.y1);
  }
  double gap = line.box.y0 - target.lines.back()->box.y1;
  if (target.lines.size() > 1 && gap <= widest + kLayout.set_off_gap * size) return false;
  for (const Block& other : blocks) {
    if (&other == &target) continue;
    bool beside = other.box.y0 < target.box.y1 && other.box.y1 > target.box.y0 &&
                  (other.box.x0 - target.box.x1 > kLayout.segment_gap_min * size ||
                   target.box.x0 - other.box.x1 > kLayout.segment_gap_min * size);
    bool under = other.box.y1 <= line.box.y0 && line.box.x0 < other.box.x1 &&
                 line.box.x1 > other.box.x0;
    if (beside && under) return true;
  }
  return false;
}

// Blocks: a line joins the block whose last line is just above it and
// overlaps it horizontally. Blocks point into "lines".
std::vector<Block> GroupBlocks(const std::vector<TextLine>& lines) {
  std::vector<Block> blocks;
  for (const TextLine& line : lines) {
    double size = std::max(line.size, 4.0);
    Block* target = nullptr;
    std::vector<Block*> candidates;
    for (Block& block : blocks) {
      const TextLine& last = *block.lines.back();
      double gap = line.box.y0 - last.box.y1;
      // Under the block's last line, or starting at the block's left edge
      // (a paragraph's next line after a short last line). Overlapping only
      // the block's box is not enough: a closing block's capacity line
      // ("KT. CHỦ TỊCH", right) overlaps the body above it but not the
      // "Nơi nhận:" line it stands beside.
      bool overlap = (line.box.x0 < last.box.x1 && line.box.x1 > last.box.x0) ||
                     (std::fabs(line.box.x0 - block.box.x0) < kLayout.block_left_edge * size &&
                      line.box.x0 < block.box.x1);
      // A change of font (bold title after an italic date) needs a tighter gap.
      bool same_font = !line.words.empty() && !last.words.empty() &&
                       line.words.front().font == last.words.front().font;
      double limit = (same_font ? kLayout.block_gap : kLayout.block_gap_font_change) * size;
      if (overlap && gap > kLayout.block_overlap * size && gap < limit) {
        target = &block;
        candidates.push_back(&block);
      }
    }
    // A line spanning two side-by-side blocks (the first body line under a
    // two-block header or closing) belongs to neither: joining one would
    // pull the whole body into that block and put the other block after it.
    // Candidates separated by no column gap are pieces of one column (a
    // line the layer split), and the line joins the leftmost.
    if (candidates.size() > 1) {
      std::sort(candidates.begin(), candidates.end(),
                [](const Block* a, const Block* b) { return a->box.x0 < b->box.x0; });
      bool side_by_side = false;
      for (size_t idx = 1; idx < candidates.size(); ++idx) {
        double column_gap = candidates[idx]->box.x0 - candidates[idx - 1]->box.x1;
        side_by_side = side_by_side || column_gap > kLayout.segment_gap_min * size;
      }
      target = side_by_side ? nullptr : candidates.front();
    }
    if (target != nullptr && UnderBlockBeside(line, *target, blocks, size)) target = nullptr;
    if (target == nullptr) {
      blocks.push_back({});
      target = &blocks.back();
    }
    Extend(&target->box, line.box, target->lines.empty());
    target->lines.push_back(&line);
  }
  return blocks;
}

// Whether "paragraph" ends in a TCVN3 "ư" that the text layer gives as "-":
// some ABC fonts name glyph 0xAD "hyphen" ("nhà đầu t-" = "nhà đầu tư",
// normalize/legacy_encoding.cc HyphenIsU). A "-" right after a lower-case
// consonant at the end of a TCVN3 font run is that letter, not a word broken
// at a hyphen (Vietnamese breaks lines between syllables, and codes broken
// at a hyphen, "QĐ-", "59-", end in a capital or a digit), so the next line
// keeps its space ("t-" + "vµ" = "tư và", not "tưvà").
bool EndsInTcvn3HyphenU(const Paragraph& paragraph) {
  std::string_view text = paragraph.text;
  while (!text.empty() && text.back() == ' ') text.remove_suffix(1);
  if (text.size() < 2 || text.back() != '-' || paragraph.runs.empty()) return false;
  char before = text[text.size() - 2];
  bool consonant = before >= 'a' && before <= 'z' &&
                   std::string_view("aeiouy").find(before) == std::string_view::npos;
  const FontRun& run = paragraph.runs.back();
  std::string font;
  for (char c : run.font) font += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  bool vni = font.find("vni") != std::string::npos;
  return consonant && !vni && run.span.begin < text.size() && run.span.end >= text.size();
}

// Appends "next" after one space (no hyphen joining); returns its offset.
size_t AppendSpaced(std::string* paragraph, std::string_view next) {
  while (!paragraph->empty() && paragraph->back() == ' ') paragraph->pop_back();
  if (!paragraph->empty()) *paragraph += ' ';
  size_t offset = paragraph->size();
  paragraph->append(Trim(next));
  return offset;
}

}  // namespace

std::vector<Paragraph> BuildParagraphs(const std::vector<TextLine>& lines, double page_right) {
  std::vector<Block> blocks = GroupBlocks(lines);
  // Bands: blocks overlapping vertically are read left to right.
  std::vector<std::vector<Block*>> bands;
  std::vector<Block*> order;
  for (Block& block : blocks) order.push_back(&block);
  std::stable_sort(order.begin(), order.end(),
                   [](const Block* a, const Block* b) { return a->box.y0 < b->box.y0; });
  double band_bottom = 0;
  for (Block* block : order) {
    if (bands.empty() || block->box.y0 >= band_bottom - 1) {
      bands.push_back({});
      band_bottom = block->box.y1;
    }
    bands.back().push_back(block);
    band_bottom = std::max(band_bottom, block->box.y1);
  }
  std::vector<Paragraph> out;
  for (std::vector<Block*>& band : bands) {
    std::stable_sort(band.begin(), band.end(),
                     [](const Block* a, const Block* b) { return a->box.x0 < b->box.x0; });
    for (Block* block : band) {
      // Lines beside another block of the band (a two-block header or
      // closing) are each a paragraph of their own; the rest of the block
      // (the body above a closing block) keeps the paragraph rules.
      auto beside = [&](const TextLine* line) {
        if (line == nullptr) return false;
        for (const Block* other : band) {
          if (other != block && line->box.y0 < other->box.y1 && line->box.y1 > other->box.y0) {
            return true;
          }
        }
        return false;
      };
      Paragraph current;
      const TextLine* prev = nullptr;
      auto flush = [&](bool block_end) {
        if (current.text.empty()) return;
        current.block_end = block_end;
        out.push_back(std::move(current));
        current = Paragraph();
      };
      for (const TextLine* line : block->lines) {
        std::vector<Span> sups;
        std::vector<FontRun> runs;
        std::string text = LineText(*line, &sups, &runs);
        double size = std::max(line->size, 4.0);
        bool multi = beside(line) || beside(prev);
        bool new_paragraph = prev == nullptr || multi;
        if (!new_paragraph) {
          bool prev_full = prev->box.x1 >= page_right - kLayout.wrapped_right * size;
          bool indented = line->box.x0 > block->box.x0 + kLayout.indent * size &&
                          line->box.x1 >= page_right - kLayout.wrapped_right * size;
          bool size_change = std::fabs(line->size - prev->size) > kLayout.size_change * prev->size;
          new_paragraph = !prev_full || indented || size_change || StartsEnumeration(text);
        }
        // In a band of side-by-side blocks paragraphs end with one newline, so
        // that each block reads as one run of lines (a closing block: "Nơi
        // nhận" list, then capacity and signer).
        if (new_paragraph) flush(band.size() == 1);
        size_t offset = EndsInTcvn3HyphenU(current) ? AppendSpaced(&current.text, text)
                                                     : AppendJoined(&current.text, text);
        for (Span span : sups) current.superscripts.push_back({span.begin + offset, span.end + offset});
        for (FontRun& run : runs) {
          current.runs.push_back({{run.span.begin + offset, run.span.end + offset}, run.font});
        }
        Extend(&current.box, line->box, current.text.size() == text.size() && offset == 0);
        double confidence = -1;
        int counted = 0;
        for (const Word& word : line->words) {
          if (word.confidence >= 0) {
            confidence = (confidence * counted + word.confidence) / (counted + 1);
            ++counted;
          }
        }
        if (counted > 0) current.confidences.push_back(confidence);
        prev = line;
      }
      flush(true);
    }
  }
  return out;
}

DocumentBuilder::DocumentBuilder(std::string_view file, bool from_pdf) {
  doc_.file = std::string(file);
  doc_.from_pdf = from_pdf;
}

size_t DocumentBuilder::Write(std::string_view text) {
  size_t offset = doc_.text.size();
  doc_.text.append(text);
  return offset;
}

void DocumentBuilder::BeginPage(int number, double width, double height) {
  if (open_ && !pending_row_.empty()) {
    // The page's last row may go on over the page break: keep the page open
    // until the next page's first content shows whether it does.
    deferred_.push_back(std::move(footnotes_));
    footnotes_.clear();
  } else if (open_) {
    EndPage();
  }
  Page page;
  page.number = number;
  page.width = width;
  page.height = height;
  page.span.begin = doc_.text.size();
  doc_.pages.push_back(std::move(page));
  open_ = true;
}

void DocumentBuilder::Settle() {
  for (const PendingRow& pending : pending_row_) WriteRow(pending);
  pending_row_.clear();
  if (!deferred_.empty()) CloseDeferredPages();
}

void DocumentBuilder::CloseDeferredPages() {
  size_t first = doc_.pages.size() - 1 - deferred_.size();
  for (size_t idx = 0; idx < deferred_.size(); ++idx) {
    Page& closing = doc_.pages[first + idx];
    WriteFootnotes(&deferred_[idx], closing.number);
    closing.span.end = doc_.text.size();
    doc_.pages[first + idx + 1].span.begin = doc_.text.size();
  }
  deferred_.clear();
}

void DocumentBuilder::AddParagraph(const Paragraph& paragraph) {
  if (paragraph.text.empty()) return;
  Settle();
  size_t offset = Write(paragraph.text);
  Write(paragraph.block_end ? "\n\n" : "\n");
  for (const FontRun& run : paragraph.runs) {
    doc_.legacy_runs.push_back({{run.span.begin + offset, run.span.end + offset}, run.font});
  }
  for (Span span : paragraph.superscripts) {
    superscripts_.push_back({span.begin + offset, span.end + offset});
  }
  if (!paragraph.confidences.empty()) {
    Page& current = page();
    for (double value : paragraph.confidences) current.line_confidence.push_back(value);
  }
}

size_t DocumentBuilder::StartTable(std::vector<std::string> header) {
  Settle();
  Table table;
  table.columns = static_cast<int>(header.size());
  table.header = std::move(header);
  table.first_page = table.last_page = doc_.pages.empty() ? 0 : page().number;
  doc_.tables.push_back(std::move(table));
  return doc_.tables.size() - 1;
}

void DocumentBuilder::AddRow(size_t table_idx, RowKind kind, const std::vector<CellText>& cells) {
  if (!deferred_.empty() && !pending_row_.empty()) {
    PendingRow& last = pending_row_.front();
    bool some_text = false;
    for (const CellText& cell : cells) some_text = some_text || !Trim(cell.text).empty();
    if (last.table == table_idx && kind == RowKind::kBody && last.kind == RowKind::kBody &&
        cells.size() == last.cells.size() && !cells.empty() && some_text &&
        Trim(cells[0].text).empty() && !Trim(last.cells[0].text).empty()) {
      for (size_t col = 0; col < cells.size(); ++col) {
        std::string_view rest = Trim(cells[col].text);
        if (rest.empty()) continue;
        std::string joined(Trim(last.cells[col].text));
        if (joined.empty()) {
          last.cells[col].box = cells[col].box;  // the cell starts on the new page
          joined = std::string(rest);
        } else {
          AppendJoined(&joined, rest);
        }
        last.cells[col].text = std::move(joined);
      }
      ++merged_rows_;
      return;  // still pending: the row may go on over the next page break too
    }
  }
  Settle();
  PendingRow pending;
  pending.table = table_idx;
  pending.kind = kind;
  pending.page = doc_.pages.empty() ? 0 : page().number;
  pending.cells = cells;
  pending_row_.push_back(std::move(pending));
}

void DocumentBuilder::WriteRow(const PendingRow& pending) {
  Table& table = doc_.tables[pending.table];
  Row row;
  row.kind = pending.kind;
  row.page = pending.page;
  for (const CellText& cell : pending.cells) {
    Cell out;
    out.page = row.page;
    out.box = cell.box;
    std::string_view text = Trim(cell.text);
    out.span.begin = out.span.end = doc_.text.size();
    if (!text.empty()) {
      out.span.begin = Write(text);
      out.span.end = doc_.text.size();
      Write("\n");
    }
    row.cells.push_back(out);
  }
  Write("\n");
  if (table.first_page == 0) table.first_page = row.page;
  table.last_page = std::max(table.last_page, row.page);
  table.rows.push_back(std::move(row));
}

void DocumentBuilder::AddFootnote(std::string marker, std::string text) {
  footnotes_.push_back({std::move(marker), std::move(text)});
}

void DocumentBuilder::WriteFootnotes(std::vector<PendingFootnote>* notes, int page_number) {
  for (PendingFootnote& note : *notes) {
    Footnote footnote;
    footnote.marker = note.marker;
    footnote.page = page_number;
    Write(note.marker);
    Write(" ");
    footnote.body.begin = Write(Trim(note.text));
    footnote.body.end = doc_.text.size();
    Write("\n\n");
    doc_.footnotes.push_back(std::move(footnote));
  }
  notes->clear();
}

void DocumentBuilder::EndPage() {
  if (!open_) return;
  Settle();
  WriteFootnotes(&footnotes_, page().number);
  page().span.end = doc_.text.size();
  open_ = false;
}

Document DocumentBuilder::Finish() {
  EndPage();
  // Link each footnote to its marker: a superscript of the same label in the
  // body before it (nearest page first), else the label glued to the end of a
  // word ("thực hiện1,").
  std::vector<bool> used(superscripts_.size(), false);
  const std::string& text = doc_.text;
  for (Footnote& footnote : doc_.footnotes) {
    size_t limit = footnote.body.begin;
    size_t page_begin = 0;
    for (const Page& p : doc_.pages) {
      if (p.number == footnote.page) page_begin = p.span.begin;
    }
    long best = -1;
    for (size_t idx = 0; idx < superscripts_.size(); ++idx) {
      Span span = superscripts_[idx];
      if (used[idx] || span.end > limit) continue;
      if (text.compare(span.begin, span.size(), footnote.marker) != 0) continue;
      if (best < 0 || (span.begin >= page_begin &&
                       superscripts_[static_cast<size_t>(best)].begin < page_begin)) {
        best = static_cast<long>(idx);
      }
    }
    if (best >= 0) {
      used[static_cast<size_t>(best)] = true;
      footnote.marker_span = superscripts_[static_cast<size_t>(best)];
      continue;
    }
    const std::string& marker = footnote.marker;
    auto glued_at = [&](size_t pos) {
      if (pos == 0 || pos + marker.size() >= text.size()) return false;
      unsigned char before = static_cast<unsigned char>(text[pos - 1]);
      unsigned char after = static_cast<unsigned char>(text[pos + marker.size()]);
      bool letter_before = before >= 0x80 || std::isalpha(before) || before == ')';
      bool ok_after = !std::isdigit(after) && !std::isalpha(after) && after < 0x80 &&
                      after != '/' && after != '-';
      return letter_before && ok_after;
    };
    size_t found = std::string::npos;
    for (size_t start : {page_begin, size_t{0}}) {
      for (size_t pos = text.find(marker, start); pos != std::string::npos && pos < limit;
           pos = text.find(marker, pos + 1)) {
        bool in_footnote = false;
        for (const Footnote& other : doc_.footnotes) {
          if (pos >= other.body.begin - other.marker.size() - 1 && pos < other.body.end) {
            in_footnote = true;
          }
        }
        if (!in_footnote && glued_at(pos)) {
          found = pos;
          break;
        }
      }
      if (found != std::string::npos) break;
    }
    if (found != std::string::npos) footnote.marker_span = {found, found + marker.size()};
  }
  return std::move(doc_);
}

}  // namespace docpipe
