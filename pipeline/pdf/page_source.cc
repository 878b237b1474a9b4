#include "pipeline/pdf/page_source.h"

#include <algorithm>
#include <cmath>
#include <vector>

#include "pipeline/base/strings.h"
#include "pipeline/base/vn_syllable.h"

namespace docpipe {
namespace {

struct SourceLimits {
  // Fewer visible characters than this: nothing worth keeping (a page
  // number, a stamp) — OCR whatever the page shows.
  size_t min_layer_chars = 40;
  // Images cover at least this share of the page: it is a scan.
  double scan_image_cover = 0.5;
  // On a scan, word boxes covering at most this share of the page are a
  // stamp or note, not the page's text (a full text page covers 0.2–0.4).
  double small_layer_cover = 0.06;
  // The layer is Vietnamese when at least this share of its letter runs are
  // well-formed syllables and at least marked_rate of them carry a
  // diacritic (ordinary prose: 0.85+ and 0.5+; acronyms and names lower it).
  double min_valid_rate = 0.55;
  double min_marked_rate = 0.15;
  // Fewer letter runs than this cannot be judged.
  int min_runs_to_judge = 8;
  // Coverage is measured on a grid of this many cells per side.
  int grid = 64;
};
constexpr SourceLimits kSource;

// Share of the page covered by the union of "boxes", on a coarse grid.
double Cover(const std::vector<Box>& boxes, double width, double height) {
  if (width <= 0 || height <= 0 || boxes.empty()) return 0;
  int n = kSource.grid;
  std::vector<char> cells(static_cast<size_t>(n * n), 0);
  for (const Box& box : boxes) {
    int cx0 = std::clamp(static_cast<int>(std::floor(box.x0 / width * n)), 0, n - 1);
    int cx1 = std::clamp(static_cast<int>(std::ceil(box.x1 / width * n)) - 1, 0, n - 1);
    int cy0 = std::clamp(static_cast<int>(std::floor(box.y0 / height * n)), 0, n - 1);
    int cy1 = std::clamp(static_cast<int>(std::ceil(box.y1 / height * n)) - 1, 0, n - 1);
    for (int y = cy0; y <= cy1; ++y) {
      for (int x = cx0; x <= cx1; ++x) cells[static_cast<size_t>(y * n + x)] = 1;
    }
  }
  size_t covered = static_cast<size_t>(std::count(cells.begin(), cells.end(), 1));
  return static_cast<double>(covered) / static_cast<double>(cells.size());
}

}  // namespace

PageSourceDecision DecidePageSource(const PageContent& page) {
  PageSourceDecision decision;
  size_t chars = 0;
  // Word boxes are exact; the grid over-counts small words, so measure the
  // summed area instead (words rarely overlap).
  double area = 0;
  for (const Word& word : page.words) {
    // Characters are counted only as far as the threshold needs.
    if (chars < kSource.min_layer_chars) chars += Utf8Length(word.text);
    const Box& box = word.box;
    area += std::max(0.0, box.x1 - box.x0) * std::max(0.0, box.y1 - box.y0);
  }
  decision.image_cover = Cover(page.images, page.width, page.height);
  decision.word_cover = page.width > 0 && page.height > 0 ? area / (page.width * page.height) : 0;
  if (chars < kSource.min_layer_chars) {
    decision.ocr = true;
    decision.reason = chars == 0 ? "no_text_layer" : "small_text_layer";
    return decision;
  }
  if (decision.image_cover < kSource.scan_image_cover) return decision;
  if (decision.word_cover <= kSource.small_layer_cover) {
    decision.ocr = true;
    decision.reason = "image_page_small_layer";
    return decision;
  }
  std::string unicode_text;  // legacy-font words (TCVN3, VNI) left out
  for (const Word& word : page.words) {
    if (!word.legacy) {
      unicode_text += word.text;
      unicode_text += ' ';
    }
  }
  SyllableStats stats = CountSyllables(unicode_text);
  if (stats.words >= kSource.min_runs_to_judge &&
      (stats.valid_rate() < kSource.min_valid_rate ||
       stats.marked_rate() < kSource.min_marked_rate)) {
    decision.ocr = true;
    decision.reason = "layer_not_vietnamese";
  }
  return decision;
}

}  // namespace docpipe
