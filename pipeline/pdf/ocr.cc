#include "pipeline/pdf/ocr.h"

#include <stdlib.h>
#include <unistd.h>

#include <algorithm>
#include <charconv>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#ifdef DOCPIPE_HAVE_TESSERACT
#include <allheaders.h>
#include <tesseract/baseapi.h>
#include <tesseract/ocrclass.h>
#include <tesseract/resultiterator.h>
#endif
#ifdef DOCPIPE_HAVE_OPENMP
#include <omp.h>
#endif

#include "pipeline/base/strings.h"
#include "pipeline/base/subprocess.h"
#include "pipeline/pdf/ocr_fields.h"

namespace docpipe {
namespace {

#ifndef DOCPIPE_HAVE_TESSERACT
// ---- The tesseract program (built without libtesseract-dev).

// Debian's tesseract-ocr; /usr/local for a self-built one.
constexpr const char* kTesseractPaths[] = {"/usr/bin/tesseract", "/usr/local/bin/tesseract"};
std::string FindTesseract() {
  for (const char* path : kTesseractPaths) {
    if (access(path, X_OK) == 0) return path;
  }
  return "";
}

#endif  // !DOCPIPE_HAVE_TESSERACT

// Where Debian (5.x and 4.x packages) and a default build keep traineddata.
constexpr const char* kTessdataDirs[] = {"/usr/share/tesseract-ocr/5/tessdata",
                                         "/usr/share/tesseract-ocr/4.00/tessdata",
                                         "/usr/local/share/tessdata"};

bool HasTraineddata(std::string_view language) {
  std::vector<std::string> dirs;
  if (const char* prefix = getenv("TESSDATA_PREFIX"); prefix != nullptr && *prefix != '\0') {
    dirs.push_back(prefix);
  }
  for (const char* dir : kTessdataDirs) dirs.emplace_back(dir);
  for (const std::string& dir : dirs) {
    std::string file = dir + "/" + std::string(language) + ".traineddata";
    if (access(file.c_str(), R_OK) == 0) return true;
  }
  return false;
}

bool ValidLanguage(std::string_view language) {
  if (language.empty()) return false;
  for (char c : language) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '_' || c == '+';
    if (!ok) return false;
  }
  return true;
}

#ifndef DOCPIPE_HAVE_TESSERACT
// A temporary file removed when it goes out of scope.
class TempFile {
 public:
  TempFile() = default;
  TempFile(const TempFile&) = delete;
  TempFile& operator=(const TempFile&) = delete;
  ~TempFile() {
    if (!path_.empty()) unlink(path_.c_str());
  }
  Status Create() {
    const char* dir = getenv("TMPDIR");
    std::string pattern = std::string(dir != nullptr && *dir != '\0' ? dir : "/tmp") +
                          "/docpipe-ocr-XXXXXX";
    std::vector<char> name(pattern.begin(), pattern.end());
    name.push_back('\0');
    int fd = mkstemp(name.data());
    if (fd < 0) return Status::Error(Code::kIoError, "cannot create a temporary file for OCR");
    close(fd);
    path_ = name.data();
    return OkStatus();
  }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

Status WritePgm(const std::string& path, const uint8_t* gray, int width, int height,
                int stride) {
  FILE* file = std::fopen(path.c_str(), "wb");
  if (file == nullptr) return Status::Error(Code::kIoError, "cannot write the OCR image");
  bool ok = std::fprintf(file, "P5\n%d %d\n255\n", width, height) > 0;
  for (int row = 0; ok && row < height; ++row) {
    const uint8_t* line = gray + static_cast<size_t>(row) * static_cast<size_t>(stride);
    ok = std::fwrite(line, 1, static_cast<size_t>(width), file) == static_cast<size_t>(width);
  }
  if (std::fclose(file) != 0) ok = false;
  if (!ok) return Status::Error(Code::kIoError, "cannot write the OCR image");
  return OkStatus();
}

bool ToInt(std::string_view text, int* value) {
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), *value);
  return error == std::errc() && end == text.data() + text.size();
}

bool ToDouble(std::string_view text, double* value) {
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), *value);
  return error == std::errc() && end == text.data() + text.size();
}

#endif  // !DOCPIPE_HAVE_TESSERACT

// A "word" made only of accent marks (spacing ˆ ˜ ´ ` ¨ ^ ~ and modifier
// letters U+02B0-U+02FF, or combining marks U+0300-U+036F): Vietnamese
// never writes a mark alone, so it is a speck of the scan read as an accent
// (QD-2676: "BỘ GIÁO DỤC VÀ ĐÀO TẠO ˆ CỘNG HOÀ ..." at 400 dpi). Dropped.
bool IsStrayMark(std::string_view word) {
  size_t pos = 0;
  bool any = false;
  while (pos < word.size()) {
    char32_t c = DecodeUtf8(word, &pos);
    bool mark = (c >= 0x02B0 && c <= 0x036F) || c == U'^' || c == U'`' || c == U'~' ||
                c == 0xA8 || c == 0xB4 || c == 0xB8;
    if (!mark) return false;
    any = true;
  }
  return any;
}

// Removes words of at most two characters, without a digit, read below
// OcrOptions::mark_confidence and standing apart (alone on their line, or
// more than four of their heights from both neighbours): a signature stroke
// or a speck read as a letter ("k" at 22 % far right of "- Văn phòng Chính
// phủ;", under "CHỦ TỊCH" of a signed scan), which would split the signature
// block. Lines left empty go too.
void DropMarks(const OcrOptions& options, OcrPage* page) {
  for (OcrLine& line : page->lines) {
    std::vector<OcrWord> kept;
    for (size_t idx = 0; idx < line.words.size(); ++idx) {
      const OcrWord& word = line.words[idx];
      bool mark = word.confidence >= 0 && word.confidence < options.mark_confidence &&
                  Utf8Length(word.text) <= 2 &&
                  std::none_of(word.text.begin(), word.text.end(),
                               [](char c) { return c >= '0' && c <= '9'; });
      if (mark) {
        double apart = 4 * (word.box.y1 - word.box.y0);
        bool left_apart = idx == 0 || word.box.x0 - line.words[idx - 1].box.x1 > apart;
        bool right_apart =
            idx + 1 == line.words.size() || line.words[idx + 1].box.x0 - word.box.x1 > apart;
        if (left_apart && right_apart) continue;
      }
      kept.push_back(word);
    }
    if (kept.size() == line.words.size()) continue;
    line.words = std::move(kept);
    if (!line.text.empty()) {  // the program's TSV: text already joined
      line.text.clear();
      for (const OcrWord& word : line.words) line.text += (line.text.empty() ? "" : " ") + word.text;
    }
  }
  page->lines.erase(std::remove_if(page->lines.begin(), page->lines.end(),
                                   [](const OcrLine& line) { return line.words.empty(); }),
                    page->lines.end());
}

Box Union(const Box& a, const Box& b) {
  return Box{std::min(a.x0, b.x0), std::min(a.y0, b.y0), std::max(a.x1, b.x1),
             std::max(a.y1, b.y1)};
}

#ifndef DOCPIPE_HAVE_TESSERACT
// Parses Tesseract's TSV: level page_num block_num par_num line_num word_num
// left top width height conf text. Words are level 5; a line is the words
// sharing (block, paragraph, line).
Result<OcrPage> ParseTsv(std::string_view tsv, double scale) {
  OcrPage page;
  std::vector<std::string_view> rows = SplitLines(tsv);
  if (rows.empty() || !StartsWith(rows[0], "level\t")) {
    return Status::Error(Code::kInternal, "tesseract gave no TSV header");
  }
  int current_block = -1, current_par = -1, current_line = -1;
  double confidence_sum = 0;
  int confidence_count = 0;
  for (size_t row_idx = 1; row_idx < rows.size(); ++row_idx) {
    std::vector<std::string_view> fields = Split(rows[row_idx], "\t");
    if (fields.size() < 11) continue;
    int level = 0, block = 0, par = 0, line = 0, left = 0, top = 0, width = 0, height = 0;
    double confidence = -1;
    if (!ToInt(fields[0], &level) || !ToInt(fields[2], &block) || !ToInt(fields[3], &par) ||
        !ToInt(fields[4], &line) || !ToInt(fields[6], &left) || !ToInt(fields[7], &top) ||
        !ToInt(fields[8], &width) || !ToInt(fields[9], &height) ||
        !ToDouble(fields[10], &confidence)) {
      return Status::Error(Code::kInternal,
                           Substitute("tesseract TSV row $1 does not parse",
                                      {std::to_string(row_idx + 1)}));
    }
    if (level == 1) {
      page.width = width * scale;
      page.height = height * scale;
      continue;
    }
    if (level != 5) continue;
    std::string_view text = fields.size() > 11 ? Trim(fields[11]) : std::string_view();
    if (text.empty() || IsStrayMark(text)) continue;
    OcrWord word;
    word.text = RepairOcrText(text);
    word.box = Box{left * scale, top * scale, (left + width) * scale, (top + height) * scale};
    word.confidence = confidence;
    if (page.lines.empty() || block != current_block || par != current_par ||
        line != current_line) {
      page.lines.emplace_back();
      page.lines.back().box = word.box;
      current_block = block;
      current_par = par;
      current_line = line;
    }
    OcrLine& target = page.lines.back();
    target.box = Union(target.box, word.box);
    target.words.push_back(std::move(word));
    confidence_sum += confidence;
    ++confidence_count;
  }
  for (OcrLine& line : page.lines) {
    double sum = 0;
    for (const OcrWord& word : line.words) {
      if (!line.text.empty()) line.text += ' ';
      line.text += word.text;
      sum += word.confidence;
    }
    line.confidence = sum / static_cast<double>(line.words.size());
  }
  if (confidence_count > 0) page.mean_confidence = confidence_sum / confidence_count;
  return page;
}

#endif  // !DOCPIPE_HAVE_TESSERACT

// ---- Symbol repair.

// Tokens of a document symbol ("2827/QD-BGDĐT") that Tesseract's vie model
// reads without the bar of Đ, mapped to their only correct form. Document
// types from the appendix of Nghị định 30/2020/NĐ-CP and common issuers.
const std::map<std::string, std::string, std::less<>>& SymbolRepairs() {
  static const auto* repairs = new std::map<std::string, std::string, std::less<>>{
      // Not "HD": Hướng dẫn is HD, Hợp đồng is HĐ; the slip is undecidable.
      {"QD", "QĐ"},         // Quyết định
      {"ND", "NĐ"},         // Nghị định
      {"CD", "CĐ"},         // Công điện
      {"HDND", "HĐND"},     // Hội đồng nhân dân
      {"BCD", "BCĐ"},       // Ban Chỉ đạo
      {"BGDDT", "BGDĐT"},   // Bộ Giáo dục và Đào tạo
      {"SGDDT", "SGDĐT"},   // Sở Giáo dục và Đào tạo
      {"GDDT", "GDĐT"},     // Giáo dục và Đào tạo
      {"BLDTBXH", "BLĐTBXH"},  // Bộ Lao động - Thương binh và Xã hội
      {"LDTBXH", "LĐTBXH"},
  };
  return *repairs;
}

// Words of headings that Tesseract reads with the wrong tone mark.
const std::map<std::string, std::string, std::less<>>& WordRepairs() {
  static const auto* repairs = new std::map<std::string, std::string, std::less<>>{
      {"QUYÉT", "QUYẾT"},
      {"QUYÊT", "QUYẾT"},
      {"QUYỀT", "QUYẾT"},
  };
  return *repairs;
}

void ReplaceAll(std::string* text, std::string_view from, std::string_view to) {
  for (size_t at = text->find(from); at != std::string::npos;
       at = text->find(from, at + to.size())) {
    text->replace(at, from.size(), to);
  }
}

bool IsSymbolLetter(std::string_view text, size_t pos, size_t* length) {
  unsigned char c = static_cast<unsigned char>(text[pos]);
  if ((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) {  // digits: "2025/ND-CP"
    *length = 1;
    return true;
  }
  // Đ (U+0110) = C4 90; Ð (U+00D0) = C3 90.
  if (pos + 1 < text.size() && (c == 0xC4 || c == 0xC3) &&
      static_cast<unsigned char>(text[pos + 1]) == 0x90) {
    *length = 2;
    return true;
  }
  return false;
}

// Repairs the part of "token" after its first '/' that looks like a symbol:
// segments of capital letters and digits separated by '-' or '/'.
std::string RepairSymbol(std::string_view token) {
  size_t slash = token.find('/');
  if (slash == std::string_view::npos) return std::string(token);
  std::string out(token.substr(0, slash + 1));
  size_t pos = slash + 1;
  while (pos < token.size()) {
    size_t begin = pos;
    size_t length = 0;
    while (pos < token.size() && IsSymbolLetter(token, pos, &length)) pos += length;
    std::string segment(token.substr(begin, pos - begin));
    // U+00D0 (Icelandic Eth) inside a symbol is always a misread Đ.
    segment = ReplaceEthWithDStroke(segment);
    auto repair = SymbolRepairs().find(segment);
    if (repair != SymbolRepairs().end()) {
      segment = repair->second;
    } else if (segment.find("\xC4\x90\xC4\x90") != std::string::npos) {
      // "QĐĐ" (Lai Châu 2025): Đ read twice; repaired when one Đ gives a
      // known symbol.
      std::string single = segment;
      ReplaceAll(&single, "\xC4\x90\xC4\x90", "\xC4\x90");
      for (const auto& [slip, right] : SymbolRepairs()) {
        if (right == single) {
          segment = single;
          break;
        }
      }
    }
    out += segment;
    if (pos < token.size() && (token[pos] == '-' || token[pos] == '/')) {
      out += token[pos++];
      continue;
    }
    out += token.substr(pos);
    break;
  }
  return out;
}

std::string RepairToken(std::string_view token) {
  size_t end = token.size();
  while (end > 0 && (token[end - 1] == ',' || token[end - 1] == '.' || token[end - 1] == ':' ||
                     token[end - 1] == ';')) {
    --end;
  }
  auto word = WordRepairs().find(token.substr(0, end));
  if (word != WordRepairs().end()) return word->second + std::string(token.substr(end));
  return RepairSymbol(token);
}


// ---- Tesseract through its API.

#ifdef DOCPIPE_HAVE_TESSERACT

// Tesseract's parallel regions run on one thread (see ocr.h): set once per
// process, before the first engine recognises anything. The setting is
// global in libgomp, so it holds for engines of every thread.
void SerialOpenMp() {
#ifdef DOCPIPE_HAVE_OPENMP
  static std::once_flag once;
  std::call_once(once, [] { omp_set_max_active_levels(0); });
#endif
}

// One engine per thread and language: TessBaseAPI is not thread-safe, and
// Init (loading the traineddata) is the cost paid once per worker.
class Engine {
 public:
  Engine() = default;
  Engine(const Engine&) = delete;
  Engine& operator=(const Engine&) = delete;
  ~Engine() { api_.End(); }

  Status Init(const std::string& language) {
    SerialOpenMp();
    // nullptr: TESSDATA_PREFIX, else the tessdata directory Debian's
    // package was built with. Only the LSTM engine: Debian's vie model is
    // LSTM-only ("fast" tessdata).
    if (api_.Init(nullptr, language.c_str(), tesseract::OEM_LSTM_ONLY) != 0) {
      return Status::Error(Code::kUnsupported,
                           Substitute("Tesseract could not load the \"$1\" model", {language}));
    }
    // Library code never prints: Tesseract's own messages go nowhere, and
    // Leptonica's ("Error in boxClipToRectangle" on some scans) are off.
    api_.SetVariable("debug_file", "/dev/null");
    // Government documents are set in proportional type: Tesseract's test
    // for fixed-pitch (typewriter) rows is 2 % of the OCR time for nothing
    // (the same text on the 14 real scans with and without it).
    api_.SetVariable("textord_all_prop", "1");
    api_.SetVariable("textord_disable_pitch_test", "1");
    // Paragraphs are not used (CollectWords reads lines and words), and
    // detecting them on the recognised text walks the page through
    // ResultIterator once per line (2 % of the OCR time); detected from the
    // layout alone, before recognition, they cost nothing.
    api_.SetVariable("paragraph_text_based", "0");
    setMsgSeverity(L_SEVERITY_NONE);
    return OkStatus();
  }
  tesseract::TessBaseAPI& api() { return api_; }

 private:
  tesseract::TessBaseAPI api_;
};

Result<Engine*> ThreadEngine(const std::string& language) {
  thread_local std::map<std::string, std::unique_ptr<Engine>> engines;
  auto found = engines.find(language);
  if (found != engines.end()) return found->second.get();
  auto engine = std::make_unique<Engine>();
  Status status = engine->Init(language);
  if (!status.ok()) return status;
  Engine* raw = engine.get();
  engines.emplace(language, std::move(engine));
  return raw;
}

bool IsAsciiDigitText(const char* text) {
  if (text == nullptr || *text == '\0') return false;
  for (const char* c = text; *c != '\0'; ++c) {
    if (*c < '0' || *c > '9') return false;
  }
  return true;
}

struct Accumulator {
  double confidence_sum = 0;
  int confidence_count = 0;
};

// Appends what the last Recognize found, in reading order, to "page":
// pixel boxes times "scale" (points per pixel), shifted down by "y_offset"
// points. Symbols give the digits' confidences.
//
// The iterator is walked through its base class, LTRResultIterator:
// ResultIterator reorders the words of right-to-left runs, and for that it
// walks the page from its first word at every line test, word step and word
// text (PAGE_RES_IT::restart_row), quadratic in the words of a page (4 % of
// the OCR time of the 14 real scans). Vietnamese is written left to right,
// where both orders are the same; the base class's steps cost nothing
// (its virtual functions are called by their qualified names).
void CollectWords(tesseract::TessBaseAPI& api, double scale, double y_offset,
                  const OcrOptions& options, OcrPage* page) {
  std::unique_ptr<tesseract::ResultIterator> result(api.GetIterator());
  if (result == nullptr) return;
  tesseract::LTRResultIterator& it = *result;
  constexpr auto kWord = tesseract::RIL_WORD;
  constexpr auto kSymbol = tesseract::RIL_SYMBOL;
  bool new_line = true;
  OcrWord* word = nullptr;
  do {
    if (it.Empty(kSymbol)) continue;
    if (it.PageIterator::IsAtBeginningOf(tesseract::RIL_TEXTLINE)) new_line = true;
    if (it.PageIterator::IsAtBeginningOf(kWord) || word == nullptr) {
      std::unique_ptr<char[]> text(it.GetUTF8Text(kWord));
      std::string_view trimmed = text != nullptr ? Trim(text.get()) : std::string_view();
      if (trimmed.empty() || IsStrayMark(trimmed)) {
        word = nullptr;
        continue;
      }
      if (new_line || page->lines.empty()) {
        page->lines.emplace_back();
        new_line = false;
      }
      int left = 0, top = 0, right = 0, bottom = 0;
      it.BoundingBox(kWord, &left, &top, &right, &bottom);
      OcrLine& line = page->lines.back();
      line.words.emplace_back();
      word = &line.words.back();
      word->text = RepairOcrText(trimmed);
      word->box =
          Box{left * scale, top * scale + y_offset, right * scale, bottom * scale + y_offset};
      word->confidence = it.Confidence(kWord);
    }
    std::unique_ptr<char[]> symbol(it.GetUTF8Text(kSymbol));
    if (IsAsciiDigitText(symbol.get())) {
      double confidence = it.Confidence(kSymbol);
      if (word->digit_confidence < 0 || confidence < word->digit_confidence) {
        word->digit_confidence = confidence;
      }
      if (confidence < options.uncertain_digit_confidence) word->uncertain_digits = true;
    }
  } while (it.PageIterator::Next(kSymbol));
}

// The row in the band around "fraction" of the height with the least ink
// (dark pixels), nearest to the target on ties: a cut there does not split
// a line of text.
int QuietRow(const uint8_t* gray, int width, int height, int stride, double fraction) {
  int target = static_cast<int>(height * fraction);
  int band = std::max(1, height / 14);
  int best = target;
  long best_ink = -1;
  for (int row = std::max(1, target - band); row < std::min(height - 1, target + band); ++row) {
    const uint8_t* line = gray + static_cast<size_t>(row) * static_cast<size_t>(stride);
    long ink = 0;
    for (int col = 0; col < width; col += 2) ink += line[col] < 128;
    long distance = std::abs(row - target);
    if (best_ink < 0 || ink < best_ink ||
        (ink == best_ink && distance < std::abs(best - target))) {
      best_ink = ink;
      best = row;
    }
  }
  return best;
}

struct PixDeleter {
  void operator()(Pix* pix) const { pixDestroy(&pix); }
};
using PixPtr = std::unique_ptr<Pix, PixDeleter>;

// An 8-bit leptonica copy of rows [top, top + rows) of the image.
PixPtr CopyRows(const uint8_t* gray, int width, int top, int rows, int stride) {
  PixPtr pix(pixCreate(width, rows, 8));
  if (pix == nullptr) return nullptr;
  l_uint32* data = pixGetData(pix.get());
  int wpl = pixGetWpl(pix.get());
  for (int row = 0; row < rows; ++row) {
    const uint8_t* src = gray + static_cast<size_t>(top + row) * static_cast<size_t>(stride);
    l_uint32* dst = data + static_cast<size_t>(row) * static_cast<size_t>(wpl);
    for (int col = 0; col < width; ++col) SET_DATA_BYTE(dst, col, src[col]);
  }
  return pix;
}

// Recognize with the page's time limit: Tesseract stops at the deadline.
Status Recognize(tesseract::TessBaseAPI& api, const OcrOptions& options) {
  tesseract::ETEXT_DESC monitor;
  if (options.timeout_seconds > 0) monitor.set_deadline_msecs(options.timeout_seconds * 1000);
  int failed = api.Recognize(&monitor);
  if (monitor.deadline_exceeded()) {
    return Status::Error(Code::kLimitExceeded,
                         Substitute("OCR ran past $1 s", {std::to_string(options.timeout_seconds)}));
  }
  if (failed != 0) return Status::Error(Code::kInternal, "Tesseract could not recognise the page");
  return OkStatus();
}

Result<OcrPage> OcrWithApi(const uint8_t* gray, int width, int height, int stride, int dpi,
                           const OcrOptions& options) {
  Result<Engine*> engine = ThreadEngine(options.language);
  if (!engine.ok()) return engine.status();
  tesseract::TessBaseAPI& api = (*engine)->api();
  api.SetPageSegMode(static_cast<tesseract::PageSegMode>(options.page_segmentation));

  OcrPage page;
  page.width = width * 72.0 / dpi;
  page.height = height * 72.0 / dpi;
  Accumulator total;
  int header_rows = height;
  if (options.body_dpi > 0 && options.body_dpi < dpi && options.header_fraction > 0 &&
      options.header_fraction < 1) {
    header_rows = QuietRow(gray, width, height, stride, options.header_fraction);
  }
  api.SetImage(gray, width, header_rows, 1, stride);
  api.SetSourceResolution(dpi);
  Status status = Recognize(api, options);
  if (!status.ok()) return status;
  CollectWords(api, 72.0 / dpi, 0, options, &page);
  if (header_rows < height) {
    // Page 1's header zone: number and date fields OCR could not parse are
    // repaired or re-read digit by digit (ocr_fields.h).
    OcrFieldOptions fields;
    fields.uncertain_digit_confidence = options.uncertain_digit_confidence;
    RereadHeaderFields(gray, width, header_rows, stride, dpi, fields, &page);
    PixPtr body = CopyRows(gray, width, header_rows, height - header_rows, stride);
    float factor = static_cast<float>(options.body_dpi) / static_cast<float>(dpi);
    PixPtr scaled(body != nullptr ? pixScale(body.get(), factor, factor) : nullptr);
    if (scaled == nullptr) return Status::Error(Code::kInternal, "cannot scale the page image");
    api.SetImage(scaled.get());
    api.SetSourceResolution(options.body_dpi);
    status = Recognize(api, options);
    if (!status.ok()) return status;
    CollectWords(api, 72.0 / options.body_dpi, header_rows * 72.0 / dpi, options, &page);
  }
  api.Clear();
  DropMarks(options, &page);
  for (OcrLine& line : page.lines) {
    double sum = 0;
    line.box = line.words.front().box;
    for (const OcrWord& word : line.words) {
      if (!line.text.empty()) line.text += ' ';
      line.text += word.text;
      sum += word.confidence;
      line.box = Union(line.box, word.box);
    }
    line.confidence = sum / static_cast<double>(line.words.size());
  }
  for (const OcrLine& line : page.lines) {
    for (const OcrWord& word : line.words) {
      total.confidence_sum += word.confidence;
      ++total.confidence_count;
    }
  }
  if (total.confidence_count > 0) {
    page.mean_confidence = total.confidence_sum / total.confidence_count;
  }
  return page;
}

#endif  // DOCPIPE_HAVE_TESSERACT

}  // namespace

double InkShare(const uint8_t* gray, int width, int height, int stride, double margin,
                int dark_below) {
  if (gray == nullptr || width <= 0 || height <= 0 || stride < width) return 0;
  margin = std::clamp(margin, 0.0, 0.45);
  int x0 = static_cast<int>(width * margin), x1 = width - x0;
  int y0 = static_cast<int>(height * margin), y1 = height - y0;
  size_t ink = 0, counted = 0;
  for (int row = y0; row < y1; row += 2) {
    const uint8_t* line = gray + static_cast<size_t>(row) * static_cast<size_t>(stride);
    for (int col = x0; col < x1; col += 2) ink += line[col] < dark_below;
    counted += static_cast<size_t>((x1 - x0 + 1) / 2);
  }
  return counted == 0 ? 0 : static_cast<double>(ink) / static_cast<double>(counted);
}

bool OcrAvailable(const std::string& language) {
  static std::mutex mutex;
  static auto* cache = new std::map<std::string, bool>();
  std::lock_guard<std::mutex> lock(mutex);
  auto found = cache->find(language);
  if (found != cache->end()) return found->second;
#ifdef DOCPIPE_HAVE_TESSERACT
  bool available = ValidLanguage(language);
#else
  bool available = ValidLanguage(language) && !FindTesseract().empty();
#endif
  if (available) {
    for (std::string_view part : Split(language, "+")) {
      if (part.empty() || !HasTraineddata(part)) available = false;
    }
  }
  (*cache)[language] = available;
  return available;
}

Result<OcrPage> OcrImage(const uint8_t* gray, int width, int height, int stride, int dpi,
                         const OcrOptions& options) {
  if (gray == nullptr || width <= 0 || height <= 0 || stride < width || dpi <= 0 ||
      dpi > 2400) {
    return Status::Error(Code::kInvalidArgument,
                         Substitute("bad OCR image: $1x$2 pixels, stride $3, $4 dpi",
                                    {std::to_string(width), std::to_string(height),
                                     std::to_string(stride), std::to_string(dpi)}));
  }
  if (!OcrAvailable(options.language)) {
    return Status::Error(Code::kUnsupported,
                         Substitute("OCR is not available: tesseract or its \"$1\" model is "
                                    "not installed (Debian: tesseract-ocr, tesseract-ocr-vie)",
                                    {options.language}));
  }
  if (InkShare(gray, width, height, stride) < options.blank_ink_share) {
    OcrPage blank;
    blank.width = width * 72.0 / dpi;
    blank.height = height * 72.0 / dpi;
    blank.blank = true;
    return blank;
  }
#ifdef DOCPIPE_HAVE_TESSERACT
  return OcrWithApi(gray, width, height, stride, dpi, options);
#else
  TempFile image;
  Status status = image.Create();
  if (!status.ok()) return status;
  status = WritePgm(image.path(), gray, width, height, stride);
  if (!status.ok()) return status;

  std::vector<std::string> argv = {FindTesseract(),
                                   image.path(),
                                   "stdout",
                                   "-l",
                                   options.language,
                                   "--dpi",
                                   std::to_string(dpi),
                                   "--psm",
                                   std::to_string(options.page_segmentation),
                                   "tsv"};
  SubprocessLimits limits;
  limits.wall_seconds = options.timeout_seconds;
  limits.cpu_seconds = options.timeout_seconds;
  limits.max_output_bytes = size_t{64} << 20;
  // One thread: pages are OCRed by several jobs at once on few cores, and
  // Tesseract's OpenMP threads slow it down under contention.
  Result<SubprocessResult> run = RunProgram(argv, limits, {"OMP_THREAD_LIMIT=1"});
  if (!run.ok()) return run.status();
  status = SubprocessStatus(*run, limits, "tesseract");
  if (!status.ok()) {
    // A Tesseract crash is not the input's fault the way a parser crash is.
    if (status.code() == Code::kBadInput) {
      return Status::Error(Code::kInternal, status.detail());
    }
    return status;
  }
  Result<OcrPage> page = ParseTsv(run->output, 72.0 / dpi);
  if (page.ok()) DropMarks(options, &*page);
  return page;
#endif
}

Status WarmUpOcr(const std::string& language) {
  if (!OcrAvailable(language)) {
    return Status::Error(Code::kUnsupported,
                         Substitute("OCR is not available: tesseract or its \"$1\" model is "
                                    "not installed (Debian: tesseract-ocr, tesseract-ocr-vie)",
                                    {language}));
  }
#ifdef DOCPIPE_HAVE_TESSERACT
  Result<Engine*> engine = ThreadEngine(language);
  if (!engine.ok()) return engine.status();
#endif
  return OkStatus();
}

Result<OcrPage> OcrImage(const uint8_t* gray, int width, int height, int stride, int dpi,
                         const std::string& language) {
  OcrOptions options;
  options.language = language;
  return OcrImage(gray, width, height, stride, dpi, options);
}

std::string RepairOcrText(std::string_view text) {
  std::string out;
  out.reserve(text.size() + 8);
  size_t pos = 0;
  while (pos < text.size()) {
    size_t begin = pos;
    while (pos < text.size() && text[pos] != ' ' && text[pos] != '\t' && text[pos] != '\n') ++pos;
    if (pos > begin) out += RepairToken(text.substr(begin, pos - begin));
    while (pos < text.size() && (text[pos] == ' ' || text[pos] == '\t' || text[pos] == '\n')) {
      out += text[pos++];
    }
  }
  return out;
}

}  // namespace docpipe
