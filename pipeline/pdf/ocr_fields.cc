#include "pipeline/pdf/ocr_fields.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#ifdef DOCPIPE_HAVE_TESSERACT
#include <allheaders.h>
#include <tesseract/baseapi.h>
#include <tesseract/ocrclass.h>
#include <tesseract/resultiterator.h>
#endif

#include "pipeline/base/strings.h"

namespace docpipe {
namespace {

using Kind = HeaderField::Kind;

// Where a piece of the header row comes from: line and word of the OcrPage.
struct WordRef {
  size_t line = 0, word = 0;
  bool operator<(const WordRef& other) const {
    return line != other.line ? line < other.line : word < other.word;
  }
};

// A piece of a row: a whole OCR word, or a part of one split at a label
// ("ngàyl6" -> "ngày" + "l6") with its box estimated from the word's.
struct Piece {
  std::string text;
  Box box;
  WordRef from;
  double confidence = -1, digit_confidence = -1;
  bool uncertain_digits = false;
  bool whole = true;  // the whole word: kept as it was when its row is rewritten
};

// A row of the header holding a field: its pieces left to right, and for
// each field the range of pieces that is its value (possibly empty).
struct FieldRow {
  std::vector<Piece> pieces;
  std::vector<WordRef> words;  // the words the pieces come from
  struct Value {
    Kind kind;
    size_t begin, end;  // pieces [begin, end)
    Box gap;
  };
  std::vector<Value> values;
};

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

double Height(const Box& box) { return box.y1 - box.y0; }

// The words of "page" on the row of "anchor" (their vertical centre within
// the anchor's band, widened by half its height) from the anchor on, left to
// right.
std::vector<WordRef> RowFrom(const OcrPage& page, const Box& anchor) {
  std::vector<WordRef> row;
  double pad = 0.5 * Height(anchor);
  for (size_t li = 0; li < page.lines.size(); ++li) {
    for (size_t wi = 0; wi < page.lines[li].words.size(); ++wi) {
      const Box& box = page.lines[li].words[wi].box;
      double centre = 0.5 * (box.y0 + box.y1);
      if (box.x0 + 0.01 < anchor.x0 || centre < anchor.y0 - pad || centre > anchor.y1 + pad) continue;
      row.push_back({li, wi});
    }
  }
  std::sort(row.begin(), row.end(), [&](const WordRef& a, const WordRef& b) {
    return page.lines[a.line].words[a.word].box.x0 < page.lines[b.line].words[b.word].box.x0;
  });
  return row;
}

const OcrWord& WordAt(const OcrPage& page, const WordRef& ref) {
  return page.lines[ref.line].words[ref.word];
}

// A piece of "word" made of its bytes [begin, end), its box the share of the
// word's width its code points take (a caller narrows a leading label,
// whose glyphs are wider or narrower than the rest: "Số:" next to
// handwriting).
Piece PieceOf(const OcrWord& word, const WordRef& ref, size_t begin, size_t end) {
  Piece piece;
  piece.text = word.text.substr(begin, end - begin);
  piece.from = ref;
  piece.confidence = word.confidence;
  piece.whole = begin == 0 && end == word.text.size();
  bool digits = std::any_of(piece.text.begin(), piece.text.end(), IsDigit);
  piece.digit_confidence = digits ? word.digit_confidence : -1;
  piece.uncertain_digits = digits && word.uncertain_digits;
  double total = static_cast<double>(std::max<size_t>(1, Utf8Length(word.text)));
  double width = word.box.x1 - word.box.x0;
  double from = word.box.x0 + width * Utf8Length(word.text.substr(0, begin)) / total;
  double to = word.box.x0 + width * Utf8Length(word.text.substr(0, end)) / total;
  piece.box = Box{from, word.box.y0, to, word.box.y1};
  return piece;
}

// The number label at the start of "text": 'S', one vowel letter (OCR reads
// "ố" as ó, ô, á, è: "Số:", "Só:", "Sô:", "Sá:", "Sè") and an optional ':'
// or '.'. Its length in bytes, 0 if none.
size_t NumberLabelLength(std::string_view text) {
  if (text.empty() || text[0] != 'S') return 0;
  size_t pos = 1;
  if (pos >= text.size()) return 0;
  char32_t vowel = DecodeUtf8(text, &pos);
  static const std::u32string kVowels =
      U"oóòỏõọôốồổỗộơớờởỡợaáàảãạâấầẩẫậăắằẳẵặeéèẻẽẹêếềểễệö";
  if (kVowels.find(vowel) == std::u32string::npos) return 0;
  if (pos < text.size() && (text[pos] == ':' || text[pos] == '.')) ++pos;
  return pos;
}

// Where the symbol starts in "text": a '/' followed by a capital letter
// ("/QĐ-TTg", "Á9/KH-DCT"); npos if none.
size_t SymbolStart(std::string_view text) {
  for (size_t at = text.find('/'); at != std::string_view::npos; at = text.find('/', at + 1)) {
    if (at + 1 >= text.size()) break;
    unsigned char next = static_cast<unsigned char>(text[at + 1]);
    if ((next >= 'A' && next <= 'Z') || next == 0xC4 || next == 0xC3) return at;
  }
  return std::string_view::npos;
}

Box UnionBox(const Box& a, const Box& b) {
  return Box{std::min(a.x0, b.x0), std::min(a.y0, b.y0), std::max(a.x1, b.x1),
             std::max(a.y1, b.y1)};
}

// The gap between the pieces before and after a value, on the row of the
// label "label": from the end of "left" to the start of "right".
Box GapBetween(const Box& left, const Box& right, const Box& label) {
  return Box{left.x1, label.y0, std::max(left.x1, right.x0), label.y1};
}

// The number row: label word, value pieces, symbol piece. False if "page"
// has no label with a symbol to its right on its row (the topmost is taken).
bool NumberRow(const OcrPage& page, const OcrFieldOptions& options, FieldRow* out) {
  for (size_t li = 0; li < page.lines.size(); ++li) {
    for (size_t wi = 0; wi < page.lines[li].words.size(); ++wi) {
      const OcrWord& label = page.lines[li].words[wi];
      size_t label_length = NumberLabelLength(label.text);
      if (label_length == 0) continue;
      std::vector<WordRef> row = RowFrom(page, label.box);
      FieldRow found;
      double label_width = options.number_label_width * Height(label.box);
      bool symbol = false;
      for (const WordRef& ref : row) {
        const OcrWord& word = WordAt(page, ref);
        found.words.push_back(ref);
        size_t begin = 0;
        if (ref.line == li && ref.word == wi) {
          found.pieces.push_back(PieceOf(word, ref, 0, label_length));
          if (label_length < word.text.size()) {
            Piece& head = found.pieces.back();
            head.box.x1 = std::min(head.box.x1, word.box.x0 + label_width);
            found.values.push_back({Kind::kNumber, found.pieces.size(), 0, {}});
          }
          begin = label_length;
        } else if (found.values.empty()) {
          found.values.push_back({Kind::kNumber, found.pieces.size(), 0, {}});
        }
        if (begin >= word.text.size()) continue;
        size_t slash = SymbolStart(std::string_view(word.text).substr(begin));
        if (slash == std::string_view::npos) {
          found.pieces.push_back(PieceOf(word, ref, begin, word.text.size()));
          if (begin > 0) found.pieces.back().box.x0 = found.pieces[found.pieces.size() - 2].box.x1;
          continue;
        }
        if (slash > 0) found.pieces.push_back(PieceOf(word, ref, begin, begin + slash));
        if (found.values.empty()) found.values.push_back({Kind::kNumber, found.pieces.size(), 0, {}});
        found.values.back().end = found.pieces.size();
        found.pieces.push_back(PieceOf(word, ref, begin + slash, word.text.size()));
        symbol = true;
        break;
      }
      if (!symbol) continue;
      FieldRow::Value& value = found.values.back();
      Box right = found.pieces.back().box;
      right.x0 -= options.symbol_margin * Height(label.box);
      value.gap = GapBetween(found.pieces[value.begin - 1].box, right, label.box);
      *out = std::move(found);
      return true;
    }
  }
  return false;
}

// The date labels in order, and where each is found in a word.
constexpr std::array<std::string_view, 3> kDateLabels = {"ngày", "tháng", "năm"};

// Splits "word" into pieces at the date labels it holds, from label
// "next_label" on; "next_label" advances past each label found. A leading
// "ngày" glued to a value ("ngàyl6") is given options.day_label_width.
void SplitAtDateLabels(const OcrWord& word, const WordRef& ref, const OcrFieldOptions& options,
                       size_t* next_label, std::vector<Piece>* pieces,
                       std::vector<size_t>* label_pieces) {
  size_t begin = 0;
  while (begin < word.text.size()) {
    size_t at = std::string::npos;
    if (*next_label < kDateLabels.size()) at = word.text.find(kDateLabels[*next_label], begin);
    if (at == std::string::npos) {
      pieces->push_back(PieceOf(word, ref, begin, word.text.size()));
      return;
    }
    if (at > begin) pieces->push_back(PieceOf(word, ref, begin, at));
    size_t end = at + kDateLabels[*next_label].size();
    pieces->push_back(PieceOf(word, ref, at, end));
    if (*next_label == 0 && at == 0 && end < word.text.size()) {
      Piece& label = pieces->back();
      label.box.x1 = std::min(label.box.x1, word.box.x0 + options.day_label_width * Height(word.box));
    }
    label_pieces->push_back(pieces->size() - 1);
    ++*next_label;
    begin = end;
  }
}

// The first piece after "năm" (piece "year_label") holding a digit; the
// number of pieces if none.
size_t YearPiece(const std::vector<Piece>& pieces, size_t year_label) {
  for (size_t idx = year_label + 1; idx < pieces.size(); ++idx) {
    if (std::any_of(pieces[idx].text.begin(), pieces[idx].text.end(), IsDigit)) return idx;
  }
  return pieces.size();
}

// The date row from "ngày" to the year: the first row from the top holding
// the three labels in order. False if there is none.
bool DateRow(const OcrPage& page, const OcrFieldOptions& options, FieldRow* out) {
  for (size_t li = 0; li < page.lines.size(); ++li) {
    for (size_t wi = 0; wi < page.lines[li].words.size(); ++wi) {
      const OcrWord& anchor = page.lines[li].words[wi];
      if (anchor.text.rfind("ngày", 0) != 0) continue;
      FieldRow found;
      std::vector<size_t> labels;
      size_t next_label = 0;
      for (const WordRef& ref : RowFrom(page, anchor.box)) {
        const OcrWord& word = WordAt(page, ref);
        // After "năm": the year is the first piece with a digit ("năm -
        // 2025": the dash stays as it is).
        if (labels.size() == 3 && YearPiece(found.pieces, labels[2]) < found.pieces.size()) break;
        found.words.push_back(ref);
        SplitAtDateLabels(word, ref, options, &next_label, &found.pieces, &labels);
      }
      if (labels.size() != 3) continue;
      const Box& label_box = anchor.box;
      Kind kinds[] = {Kind::kDay, Kind::kMonth};
      for (size_t k = 0; k < 2; ++k) {
        FieldRow::Value value{kinds[k], labels[k] + 1, labels[k + 1], {}};
        value.gap = GapBetween(found.pieces[labels[k]].box, found.pieces[labels[k + 1]].box,
                               label_box);
        found.values.push_back(value);
      }
      size_t year_at = YearPiece(found.pieces, labels[2]);
      if (year_at < found.pieces.size()) {
        const Piece& year = found.pieces[year_at];
        found.values.push_back({Kind::kYear, year_at, year_at + 1,
                                Box{year.box.x0, label_box.y0, year.box.x1, label_box.y1}});
      }
      *out = std::move(found);
      return true;
    }
  }
  return false;
}

HeaderField FieldOf(const FieldRow& row, const FieldRow::Value& value) {
  HeaderField field;
  field.kind = value.kind;
  field.gap = value.gap;
  for (size_t idx = value.begin; idx < value.end; ++idx) {
    const Piece& piece = row.pieces[idx];
    field.text += piece.text;
    if (field.confidence < 0 || piece.confidence < field.confidence) {
      field.confidence = piece.confidence;
    }
    if (piece.digit_confidence >= 0 &&
        (field.digit_confidence < 0 || piece.digit_confidence < field.digit_confidence)) {
      field.digit_confidence = piece.digit_confidence;
    }
  }
  return field;
}

std::vector<FieldRow> FieldRows(const OcrPage& page, const OcrFieldOptions& options) {
  std::vector<FieldRow> rows;
  FieldRow row;
  if (NumberRow(page, options, &row)) rows.push_back(std::move(row));
  row = FieldRow();
  if (DateRow(page, options, &row)) rows.push_back(std::move(row));
  return rows;
}

OcrWord WordOf(const Piece& piece, const OcrPage& page) {
  if (piece.whole) return WordAt(page, piece.from);
  OcrWord word;
  word.text = piece.text;
  word.box = piece.box;
  word.confidence = piece.confidence;
  word.digit_confidence = piece.digit_confidence;
  word.uncertain_digits = piece.uncertain_digits;
  return word;
}

// The words "row" is rewritten to, with "replaced" (value index -> new
// word) in place of those values' pieces.
std::vector<OcrWord> RowWords(const FieldRow& row, const std::map<size_t, OcrWord>& replaced,
                              const OcrPage& page) {
  std::vector<OcrWord> words;
  size_t idx = 0;
  while (idx <= row.pieces.size()) {
    bool skipped = false;
    for (const auto& [value_idx, word] : replaced) {
      const FieldRow::Value& value = row.values[value_idx];
      if (value.begin != idx) continue;
      words.push_back(word);
      if (value.end > idx) {
        idx = value.end;
        skipped = true;
      }
      break;
    }
    if (skipped) continue;
    if (idx < row.pieces.size()) words.push_back(WordOf(row.pieces[idx], page));
    ++idx;
  }
  return words;
}

// Replaces the words of each row in "page" by its new words (put where the
// row's first word was); lines left empty are dropped. Rows share no word.
void Rewrite(const std::vector<std::pair<const FieldRow*, std::vector<OcrWord>>>& rewrites,
             OcrPage* page) {
  std::map<WordRef, const std::vector<OcrWord>*> insert;
  std::map<WordRef, bool> drop;
  for (const auto& [row, words] : rewrites) {
    insert[*std::min_element(row->words.begin(), row->words.end())] = &words;
    for (const WordRef& ref : row->words) drop[ref] = true;
  }
  for (size_t li = 0; li < page->lines.size(); ++li) {
    std::vector<OcrWord> kept;
    for (size_t wi = 0; wi < page->lines[li].words.size(); ++wi) {
      WordRef ref{li, wi};
      auto at = insert.find(ref);
      if (at != insert.end()) kept.insert(kept.end(), at->second->begin(), at->second->end());
      if (drop.count(ref) == 0) kept.push_back(std::move(page->lines[li].words[wi]));
    }
    page->lines[li].words = std::move(kept);
  }
  page->lines.erase(std::remove_if(page->lines.begin(), page->lines.end(),
                                   [](const OcrLine& line) { return line.words.empty(); }),
                    page->lines.end());
}

#ifdef DOCPIPE_HAVE_TESSERACT

struct PixDeleter {
  void operator()(Pix* pix) const { pixDestroy(&pix); }
};
using PixPtr = std::unique_ptr<Pix, PixDeleter>;

// One digits-only engine per thread: English's model if installed (its
// digits are those of print and handwriting alike), else the page's.
Result<tesseract::TessBaseAPI*> DigitEngine() {
  struct Holder {
    tesseract::TessBaseAPI api;
    bool ready = false;
    ~Holder() { api.End(); }
  };
  thread_local Holder holder;
  if (holder.ready) return &holder.api;
  const char* language = OcrAvailable("eng") ? "eng" : "vie";
  if (!OcrAvailable(language) ||
      holder.api.Init(nullptr, language, tesseract::OEM_LSTM_ONLY) != 0) {
    return Status::Error(Code::kUnsupported, "no Tesseract model to re-read digits");
  }
  holder.api.SetVariable("debug_file", "/dev/null");
  holder.api.SetVariable("tessedit_char_whitelist", "0123456789");
  holder.ready = true;
  return &holder.api;
}

// Otsu's threshold of the pixels [x0, x1) x [y0, y1), kept within
// [100, 200]: light ink (a blue pen in gray) stays ink, paper stays paper.
int Threshold(const uint8_t* gray, int stride, int x0, int y0, int x1, int y1) {
  std::array<double, 256> histogram{};
  double total = 0;
  for (int row = y0; row < y1; ++row) {
    for (int col = x0; col < x1; ++col) {
      ++histogram[gray[static_cast<size_t>(row) * static_cast<size_t>(stride) + col]];
      ++total;
    }
  }
  double sum = 0;
  for (int level = 0; level < 256; ++level) sum += level * histogram[level];
  double below = 0, below_sum = 0, best = -1;
  int threshold = 160;
  for (int level = 0; level < 256; ++level) {
    below += histogram[level];
    below_sum += level * histogram[level];
    if (below == 0 || below == total) continue;
    double mean_below = below_sum / below, mean_above = (sum - below_sum) / (total - below);
    double between = below * (total - below) * (mean_below - mean_above) * (mean_below - mean_above);
    if (between > best) {
      best = between;
      threshold = level + 1;
    }
  }
  return std::clamp(threshold, 100, 200);
}

// The crop [x0, x1) x [y0, y1), black and white (else gray as scanned), on
// a white border of "border" pixels.
PixPtr CleanCrop(const uint8_t* gray, int stride, int x0, int y0, int x1, int y1, int border,
                 bool black_and_white) {
  int threshold = Threshold(gray, stride, x0, y0, x1, y1);
  PixPtr pix(pixCreate(x1 - x0 + 2 * border, y1 - y0 + 2 * border, 8));
  if (pix == nullptr) return nullptr;
  pixSetAll(pix.get());
  l_uint32* data = pixGetData(pix.get());
  int wpl = pixGetWpl(pix.get());
  // Ruling lines crossing the crop (a scanner's streak through "687" of
  // CV-687, the rule under the motto above QD-1380's day) are no digits:
  // a column dark over 90 % of the rows, a row dark over 60 % of the width.
  std::vector<int> column_ink(static_cast<size_t>(x1 - x0)), row_ink(static_cast<size_t>(y1 - y0));
  for (int row = y0; row < y1; ++row) {
    const uint8_t* src = gray + static_cast<size_t>(row) * static_cast<size_t>(stride);
    for (int col = x0; col < x1; ++col) {
      if (src[col] >= threshold) continue;
      ++column_ink[static_cast<size_t>(col - x0)];
      ++row_ink[static_cast<size_t>(row - y0)];
    }
  }
  for (int row = y0; row < y1; ++row) {
    if (row_ink[static_cast<size_t>(row - y0)] > 0.6 * (x1 - x0)) continue;
    const uint8_t* src = gray + static_cast<size_t>(row) * static_cast<size_t>(stride);
    l_uint32* dst = data + static_cast<size_t>(row - y0 + border) * static_cast<size_t>(wpl);
    for (int col = x0; col < x1; ++col) {
      if (column_ink[static_cast<size_t>(col - x0)] > 0.9 * (y1 - y0)) continue;
      uint8_t level = black_and_white ? (src[col] < threshold ? 0 : 255) : src[col];
      SET_DATA_BYTE(dst, col - x0 + border, level);
    }
  }
  return pix;
}

// One digits-only pass over "pix" in "mode"; boxes mapped back to page
// points by "scale" (points per pixel) and the crop's origin "origin_x/y"
// (pixels of the page, less the border).
Result<DigitReading> DigitPass(tesseract::TessBaseAPI& api, Pix* pix, int dpi,
                               tesseract::PageSegMode mode, double origin_x, double origin_y,
                               const OcrFieldOptions& options) {
  api.SetPageSegMode(mode);
  api.SetImage(pix);
  api.SetSourceResolution(dpi);
  tesseract::ETEXT_DESC monitor;
  monitor.set_deadline_msecs(options.timeout_seconds * 1000);
  int failed = api.Recognize(&monitor);
  if (monitor.deadline_exceeded()) return Status::Error(Code::kLimitExceeded, "digit re-read ran out of time");
  if (failed != 0) return Status::Error(Code::kInternal, "Tesseract could not re-read digits");
  DigitReading reading;
  double scale = 72.0 / dpi;
  std::unique_ptr<tesseract::ResultIterator> it(api.GetIterator());
  if (it == nullptr) return reading;
  do {
    if (it->Empty(tesseract::RIL_SYMBOL)) continue;
    std::unique_ptr<char[]> symbol(it->GetUTF8Text(tesseract::RIL_SYMBOL));
    if (symbol == nullptr || !IsDigit(symbol[0]) || symbol[1] != '\0') continue;
    if (it->IsAtBeginningOf(tesseract::RIL_WORD)) {
      double word = it->Confidence(tesseract::RIL_WORD);
      if (reading.confidence < 0 || word < reading.confidence) reading.confidence = word;
    }
    double confidence = it->Confidence(tesseract::RIL_SYMBOL);
    if (reading.digit_confidence < 0 || confidence < reading.digit_confidence) {
      reading.digit_confidence = confidence;
    }
    int left = 0, top = 0, right = 0, bottom = 0;
    it->BoundingBox(tesseract::RIL_SYMBOL, &left, &top, &right, &bottom);
    Box box{(left + origin_x) * scale, (top + origin_y) * scale, (right + origin_x) * scale,
            (bottom + origin_y) * scale};
    reading.box = reading.digits.empty() ? box : UnionBox(reading.box, box);
    reading.digits += symbol[0];
  } while (it->Next(tesseract::RIL_SYMBOL));
  api.Clear();
  if (reading.confidence < 0) reading.confidence = reading.digit_confidence;
  return reading;
}

#endif  // DOCPIPE_HAVE_TESSERACT

// The new word of a value re-read or repaired to "text".
OcrWord ValueWord(const std::string& text, const Box& box, double confidence,
                  double digit_confidence, const OcrFieldOptions& options) {
  OcrWord word;
  word.text = text;
  word.box = box;
  word.confidence = confidence;
  word.digit_confidence = digit_confidence;
  word.uncertain_digits = digit_confidence < options.uncertain_digit_confidence;
  return word;
}

// "gap" with its left edge moved to white space: a label glued to
// handwriting ("ngàyj¿+") has an estimated end that may cut into the first
// digit. When the column at the edge has ink in the label's band, the edge
// moves left to the nearest run of white columns at least
// options.label_space heights wide (the space after the printed label),
// searched over options.label_search heights; none found: "gap" as it was.
Box SnapLeftEdge(const uint8_t* gray, int width, int height, int stride, int dpi, const Box& gap,
                 const OcrFieldOptions& options) {
  double to_pixels = dpi / 72.0;
  int y0 = std::clamp(static_cast<int>(gap.y0 * to_pixels), 0, height);
  int y1 = std::clamp(static_cast<int>(gap.y1 * to_pixels), 0, height);
  int x = std::clamp(static_cast<int>(gap.x0 * to_pixels), 0, width - 1);
  int h = y1 - y0;
  if (h <= 0) return gap;
  auto white = [&](int col) {
    for (int row = y0; row < y1; ++row) {
      if (gray[static_cast<size_t>(row) * static_cast<size_t>(stride) + col] < options.ink_below) {
        return false;
      }
    }
    return true;
  };
  if (white(x)) return gap;
  int need = std::max(2, static_cast<int>(options.label_space * h));
  int run = 0;
  for (int col = x - 1; col >= std::max(0, x - static_cast<int>(options.label_search * h)); --col) {
    run = white(col) ? run + 1 : 0;
    if (run == need) {
      Box moved = gap;
      moved.x0 = (col + need - 1) / to_pixels;
      return moved;
    }
  }
  return gap;
}

// The new word of "field" when it lacks its form: repaired by rule, else
// re-read from the image. False when neither gives it its form.
bool FixField(const HeaderField& field, const uint8_t* gray, int width, int height, int stride,
              int dpi, const OcrFieldOptions& options, OcrWord* out) {
  std::string repaired = RepairDigitSlips(field.text);
  if (repaired != field.text && HasFieldForm(field.kind, repaired)) {
    // A letter read for a digit has no digit confidence: the word's stands in.
    double digit = field.digit_confidence < 0 ? field.confidence
                                              : std::min(field.digit_confidence, field.confidence);
    *out = ValueWord(repaired, field.gap, field.confidence, digit, options);
    return true;
  }
  if (field.gap.x1 - field.gap.x0 < 0.3 * Height(field.gap)) return false;  // no room for a digit
  Box gap = SnapLeftEdge(gray, width, height, stride, dpi, field.gap, options);
  Result<DigitReading> reading = ReadDigits(gray, width, height, stride, dpi, gap, options);
  if (!reading.ok() || !HasFieldForm(field.kind, reading->digits)) return false;
  *out = ValueWord(reading->digits, reading->box, reading->confidence, reading->digit_confidence,
                   options);
  return true;
}

// A field read with its form but uncertain digits (below
// options.uncertain_digit_confidence or options.uncertain_word_confidence)
// is read again the same way; the new reading replaces it only when it has
// the form and a higher word confidence (printed "14" of QD-2827 read at
// 97 by both passes instead of an uncertain first reading). False: the
// field stays as read.
bool ConfirmField(const HeaderField& field, const uint8_t* gray, int width, int height,
                  int stride, int dpi, const OcrFieldOptions& options, OcrWord* out) {
  bool uncertain = (field.digit_confidence >= 0 &&
                    field.digit_confidence < options.uncertain_digit_confidence) ||
                   field.confidence < options.uncertain_word_confidence;
  if (!uncertain || field.gap.x1 - field.gap.x0 < 0.3 * Height(field.gap)) return false;
  Box gap = SnapLeftEdge(gray, width, height, stride, dpi, field.gap, options);
  Result<DigitReading> reading = ReadDigits(gray, width, height, stride, dpi, gap, options);
  if (!reading.ok() || !HasFieldForm(field.kind, reading->digits) ||
      reading->confidence <= field.confidence) {
    return false;
  }
  *out = ValueWord(reading->digits, reading->box, reading->confidence, reading->digit_confidence,
                   options);
  return true;
}

}  // namespace

std::vector<HeaderField> LocateHeaderFields(const OcrPage& page, const OcrFieldOptions& options) {
  std::vector<HeaderField> fields;
  for (const FieldRow& row : FieldRows(page, options)) {
    for (const FieldRow::Value& value : row.values) fields.push_back(FieldOf(row, value));
  }
  return fields;
}

bool HasFieldForm(HeaderField::Kind kind, std::string_view text) {
  if (kind == Kind::kNumber && !text.empty() && text.back() == '.') text.remove_suffix(1);
  if (text.empty() || !std::all_of(text.begin(), text.end(), IsDigit)) return false;
  int value = 0;
  for (char c : text) value = value * 10 + (c - '0');
  switch (kind) {
    case Kind::kNumber:
      return text.size() <= 6 && value > 0;
    case Kind::kDay:
      return text.size() <= 2 && value >= 1 && value <= 31;
    case Kind::kMonth:
      return text.size() <= 2 && value >= 1 && value <= 12;
    case Kind::kYear:
      return text.size() == 4;
  }
  return false;
}

std::string RepairDigitSlips(std::string_view text) {
  std::string out;
  bool digit = false;
  for (char c : text) {
    if (IsDigit(c)) {
      digit = true;
      out += c;
    } else if (c == 'l' || c == 'I' || c == '|') {
      out += '1';
    } else if (c == 'O' || c == 'o') {
      out += '0';
    } else {
      return std::string(text);
    }
  }
  return digit ? out : std::string(text);
}

Result<DigitReading> ReadDigits(const uint8_t* gray, int width, int height, int stride, int dpi,
                                const Box& box, const OcrFieldOptions& options) {
  if (gray == nullptr || dpi <= 0 || box.x1 <= box.x0 || box.y1 <= box.y0) {
    return Status::Error(Code::kInvalidArgument, "empty box to re-read");
  }
#ifdef DOCPIPE_HAVE_TESSERACT
  double to_pixels = dpi / 72.0;
  double pad = options.vertical_pad * Height(box);
  int x0 = std::clamp(static_cast<int>(std::floor(box.x0 * to_pixels)), 0, width);
  int x1 = std::clamp(static_cast<int>(std::ceil(box.x1 * to_pixels)), 0, width);
  int y0 = std::clamp(static_cast<int>(std::floor((box.y0 - pad) * to_pixels)), 0, height);
  int y1 = std::clamp(static_cast<int>(std::ceil((box.y1 + pad) * to_pixels)), 0, height);
  if (x1 - x0 < 4 || y1 - y0 < 4) return Status::Error(Code::kInvalidArgument, "empty box to re-read");
  Result<tesseract::TessBaseAPI*> api = DigitEngine();
  if (!api.ok()) return api.status();
  int border = std::max(8, (y1 - y0) / 3);
  PixPtr clean = CleanCrop(gray, stride, x0, y0, x1, y1, border, true);
  PixPtr scanned = CleanCrop(gray, stride, x0, y0, x1, y1, border, false);
  if (clean == nullptr || scanned == nullptr) {
    return Status::Error(Code::kInternal, "cannot crop the page image");
  }
  constexpr auto kLine = tesseract::PSM_SINGLE_LINE;
  Result<DigitReading> thresholded =
      DigitPass(**api, clean.get(), dpi, kLine, x0 - border, y0 - border, options);
  if (!thresholded.ok()) return thresholded.status();
  Result<DigitReading> as_scanned =
      DigitPass(**api, scanned.get(), dpi, kLine, x0 - border, y0 - border, options);
  if (!as_scanned.ok()) return as_scanned.status();
  // Disagreeing, the reading with the higher word confidence is kept (capped
  // below): thresholding can break a thin pen stroke (CV-687's day "25" read
  // "5" at 0 thresholded, "25" at 15 as scanned).
  DigitReading reading =
      as_scanned->confidence > thresholded->confidence ? *as_scanned : *thresholded;
  bool weak =
      std::min(thresholded->confidence, as_scanned->confidence) < options.reread_min_confidence;
  if (thresholded->digits != as_scanned->digits || weak) {
    reading.confidence = std::min(reading.confidence, options.disagreement_confidence);
    reading.digit_confidence = std::min(reading.digit_confidence, options.disagreement_confidence);
  } else {
    reading.confidence = std::min(thresholded->confidence, as_scanned->confidence);
    reading.digit_confidence =
        std::min(thresholded->digit_confidence, as_scanned->digit_confidence);
  }
  return reading;
#else
  (void)width;
  (void)height;
  (void)stride;
  (void)options;
  return Status::Error(Code::kUnsupported, "digit re-read needs libtesseract");
#endif
}

void RereadHeaderFields(const uint8_t* gray, int width, int height, int stride, int dpi,
                        const OcrFieldOptions& options, OcrPage* page) {
  std::vector<FieldRow> rows = FieldRows(*page, options);
  std::vector<std::pair<const FieldRow*, std::vector<OcrWord>>> rewrites;
  for (const FieldRow& row : rows) {
    std::map<size_t, OcrWord> replaced;
    for (size_t idx = 0; idx < row.values.size(); ++idx) {
      HeaderField field = FieldOf(row, row.values[idx]);
      OcrWord word;
      if (HasFieldForm(field.kind, field.text)) {
        if (ConfirmField(field, gray, width, height, stride, dpi, options, &word)) {
          replaced.emplace(idx, std::move(word));
        }
        continue;
      }
      if (FixField(field, gray, width, height, stride, dpi, options, &word)) {
        replaced.emplace(idx, std::move(word));
      }
    }
    if (!replaced.empty()) rewrites.emplace_back(&row, RowWords(row, replaced, *page));
  }
  if (!rewrites.empty()) Rewrite(rewrites, page);
}

}  // namespace docpipe
