#include "pipeline/pdf/pdf_pages.h"

#include <algorithm>
#include <cmath>
#include <deque>
#include <mutex>
#include <optional>
#include <utility>

#include <Error.h>
#include <ErrorCodes.h>
#include <GfxState.h>
#include <GlobalParams.h>
#include <PDFDoc.h>
#include <SplashOutputDev.h>
#include <Stream.h>
#include <TextOutputDev.h>
#include <UnicodeMapFuncs.h>
#include <splash/SplashBitmap.h>

#include "pipeline/base/strings.h"

namespace docpipe {
namespace {

// Poppler reports through one process-wide callback; each reading thread
// points its own sink at its own list while its PdfFile is alive.
thread_local std::vector<std::string>* poppler_sink = nullptr;

void PopplerMessage(ErrorCategory /*category*/, Goffset pos, const char* message) {
  if (poppler_sink == nullptr || poppler_sink->size() >= 50 || message == nullptr) return;
  std::string text(message);
  if (pos >= 0) text += " (byte " + std::to_string(pos) + ")";
  poppler_sink->push_back(std::move(text));
}

// Whether TextWord::getText encodes in UTF-8 (Poppler's default text
// encoding, which docpipe never changes): then a word's text is encoded here
// with the same function, without getText's GooString and its per-word
// lookup of the encoding under GlobalParams' lock. Set once, in SetUpPoppler.
bool text_encoding_is_utf8 = false;

// GlobalParams is process-wide state that Poppler's core reads on every
// page; it is created once and never destroyed (documents may be read on
// several threads).
void SetUpPoppler() {
  static std::once_flag once;
  std::call_once(once, [] {
    if (!globalParams) globalParams = std::make_unique<GlobalParams>();
    globalParams->setErrQuiet(false);  // messages reach the callback, which never prints
    setErrorCallback(&PopplerMessage);
    text_encoding_is_utf8 = globalParams->getTextEncodingName() == "UTF-8";
  });
}

// Ruling lines and rectangles: thresholds in points.
struct GraphicsLimits {
  // A stroked segment is horizontal/vertical when its ends differ by at most
  // this across (rounding in generators, a hairline drawn at a slant).
  double axis_tolerance = 1.0;
  // Shorter segments are glyph parts or dots, not cell borders.
  double min_rule_length = 3.0;
  // A filled rectangle thinner than this is a line (Word and Chromium draw
  // cell borders as thin filled rectangles).
  double max_rule_thickness = 2.5;
};
constexpr GraphicsLimits kGraphics;

// A TextOutputDev that also records what is drawn besides text.
class RecordingOutputDev : public TextOutputDev {
 public:
  RecordingOutputDev() : TextOutputDev(nullptr, /*physLayoutA=*/true, 0, false, false) {}

  bool needNonText() override { return true; }  // images and paths reach us

  void startPage(int page_num, GfxState* state, XRef* xref) override {
    content_ = PageContent();
    TextOutputDev::startPage(page_num, state, xref);
  }

  void stroke(GfxState* state) override {
    TextOutputDev::stroke(state);
    const GfxPath* path = state->getPath();
    for (int sub_idx = 0; sub_idx < path->getNumSubpaths(); ++sub_idx) {
      const GfxSubpath* sub = path->getSubpath(sub_idx);
      for (int pt = 1; pt < sub->getNumPoints(); ++pt) {
        if (sub->getCurve(pt) || sub->getCurve(pt - 1)) continue;
        double x0, y0, x1, y1;
        state->transform(sub->getX(pt - 1), sub->getY(pt - 1), &x0, &y0);
        state->transform(sub->getX(pt), sub->getY(pt), &x1, &y1);
        AddSegment(x0, y0, x1, y1);
      }
    }
  }

  void fill(GfxState* state) override {
    TextOutputDev::fill(state);
    RecordFill(state);
  }
  void eoFill(GfxState* state) override {
    TextOutputDev::eoFill(state);
    RecordFill(state);
  }

  void drawImage(GfxState* state, Object* ref, Stream* str, int width, int height,
                 GfxImageColorMap* color_map, bool interpolate, const int* mask_colors,
                 bool inline_img) override {
    RecordImage(state);
    TextOutputDev::drawImage(state, ref, str, width, height, color_map, interpolate, mask_colors,
                             inline_img);
  }
  void drawImageMask(GfxState* state, Object* ref, Stream* str, int width, int height,
                     bool invert, bool interpolate, bool inline_img) override {
    RecordImage(state);
    TextOutputDev::drawImageMask(state, ref, str, width, height, invert, interpolate, inline_img);
  }
  void drawMaskedImage(GfxState* state, Object* ref, Stream* str, int width, int height,
                       GfxImageColorMap* color_map, bool interpolate, Stream* mask_str,
                       int mask_width, int mask_height, bool mask_invert,
                       bool mask_interpolate) override {
    RecordImage(state);
    TextOutputDev::drawMaskedImage(state, ref, str, width, height, color_map, interpolate,
                                   mask_str, mask_width, mask_height, mask_invert,
                                   mask_interpolate);
  }
  void drawSoftMaskedImage(GfxState* state, Object* ref, Stream* str, int width, int height,
                           GfxImageColorMap* color_map, bool interpolate, Stream* mask_str,
                           int mask_width, int mask_height, GfxImageColorMap* mask_color_map,
                           bool mask_interpolate) override {
    RecordImage(state);
    TextOutputDev::drawSoftMaskedImage(state, ref, str, width, height, color_map, interpolate,
                                       mask_str, mask_width, mask_height, mask_color_map,
                                       mask_interpolate);
  }

  PageContent& content() { return content_; }

 private:
  void AddSegment(double x0, double y0, double x1, double y1) {
    if (std::fabs(y1 - y0) <= kGraphics.axis_tolerance &&
        std::fabs(x1 - x0) >= kGraphics.min_rule_length) {
      double y = (y0 + y1) / 2;
      content_.horizontal.push_back({std::min(x0, x1), y, std::max(x0, x1), y});
    } else if (std::fabs(x1 - x0) <= kGraphics.axis_tolerance &&
               std::fabs(y1 - y0) >= kGraphics.min_rule_length) {
      double x = (x0 + x1) / 2;
      content_.vertical.push_back({x, std::min(y0, y1), x, std::max(y0, y1)});
    }
  }

  // Axis-aligned rectangles only (4 or 5 points, no curves): thin ones are
  // lines, others are kept as filled boxes.
  void RecordFill(GfxState* state) {
    const GfxPath* path = state->getPath();
    for (int sub_idx = 0; sub_idx < path->getNumSubpaths(); ++sub_idx) {
      const GfxSubpath* sub = path->getSubpath(sub_idx);
      int n = sub->getNumPoints();
      if (n < 4 || n > 5) continue;
      std::vector<std::pair<double, double>> points;
      bool curved = false;
      for (int pt = 0; pt < n; ++pt) {
        curved = curved || sub->getCurve(pt);
        double x, y;
        state->transform(sub->getX(pt), sub->getY(pt), &x, &y);
        points.push_back({x, y});
      }
      if (curved) continue;
      Box box{points[0].first, points[0].second, points[0].first, points[0].second};
      for (const auto& [x, y] : points) {
        box.x0 = std::min(box.x0, x);
        box.y0 = std::min(box.y0, y);
        box.x1 = std::max(box.x1, x);
        box.y1 = std::max(box.y1, y);
      }
      bool axis_aligned = true;
      for (const auto& [x, y] : points) {
        bool on_x = std::fabs(x - box.x0) < 0.5 || std::fabs(x - box.x1) < 0.5;
        bool on_y = std::fabs(y - box.y0) < 0.5 || std::fabs(y - box.y1) < 0.5;
        axis_aligned = axis_aligned && on_x && on_y;
      }
      if (!axis_aligned) continue;
      double w = box.x1 - box.x0, h = box.y1 - box.y0;
      if (h <= kGraphics.max_rule_thickness && w >= kGraphics.min_rule_length && w > h) {
        double y = (box.y0 + box.y1) / 2;
        content_.horizontal.push_back({box.x0, y, box.x1, y});
      } else if (w <= kGraphics.max_rule_thickness && h >= kGraphics.min_rule_length) {
        double x = (box.x0 + box.x1) / 2;
        content_.vertical.push_back({x, box.y0, x, box.y1});
      } else if (w > kGraphics.max_rule_thickness && h > kGraphics.max_rule_thickness) {
        content_.filled.push_back(box);
      }
    }
  }

  void RecordImage(GfxState* state) {
    Box box{1e9, 1e9, -1e9, -1e9};
    for (auto [ux, uy] : {std::pair{0.0, 0.0}, {1.0, 0.0}, {0.0, 1.0}, {1.0, 1.0}}) {
      double x, y;
      state->transform(ux, uy, &x, &y);
      box.x0 = std::min(box.x0, x);
      box.y0 = std::min(box.y0, y);
      box.x1 = std::max(box.x1, x);
      box.y1 = std::max(box.y1, y);
    }
    content_.images.push_back(box);
  }

  PageContent content_;
};

// The fonts of one page: Poppler shares one TextFontInfo per font of the
// page, so each font's name is read (and judged legacy or not) once per
// page, not once per word or character. A page uses a handful of fonts.
class PageFonts {
 public:
  struct Font {
    const TextFontInfo* info = nullptr;
    std::string name;  // "" when Poppler has none
    bool legacy = false;
  };

  const Font& Of(const TextFontInfo* info) {
    for (const Font& font : fonts_) {
      if (font.info == info) return font;
    }
    Font font;
    font.info = info;
    if (info != nullptr && info->getFontName() != nullptr) font.name = info->getFontName()->toStr();
    font.legacy = IsLegacyFontName(font.name);
    fonts_.push_back(std::move(font));
    return fonts_.back();
  }

 private:
  std::deque<Font> fonts_;  // references stay valid as fonts are added
};

// The word's text in UTF-8, as TextWord::getText gives it.
std::string WordText(const TextWord* poppler_word) {
  if (!text_encoding_is_utf8) {
    std::unique_ptr<GooString> utf8(poppler_word->getText());
    return utf8 == nullptr ? std::string() : std::move(utf8->toNonConstStr());
  }
  std::string text;
  text.reserve(static_cast<size_t>(poppler_word->getLength()) * 2);
  char buf[8];
  for (int char_idx = 0; char_idx < poppler_word->getLength(); ++char_idx) {
    int length = mapUTF8(*poppler_word->getChar(char_idx), buf, sizeof(buf));
    text.append(buf, static_cast<size_t>(length));
  }
  return text;
}

// The word's font, whether a font of it is legacy (IsLegacyFontName), and
// its font runs when the font changes inside it: Poppler keeps a font per
// character, and ABC typists set a toned capital in .VnTimeH and the rest
// of the word in .VnTime ("Ủy" = "ñy" with "ñ" in the all-caps font). Run
// spans are byte offsets into "word->text", which must be Poppler's UTF-8
// of the characters (getText encodes them one by one); when it is not, the
// word keeps the font of its first character.
void ReadWordFonts(const TextWord* poppler_word, PageFonts* fonts, Word* word) {
  const PageFonts::Font& first = fonts->Of(poppler_word->getFontInfo(0));
  word->font = first.name;
  word->legacy = first.legacy;
  word->font_runs.clear();
  // A word drawn by one font (nearly all) is known without a name per
  // character.
  bool one_font = true;
  for (int char_idx = 1; char_idx < poppler_word->getLength() && one_font; ++char_idx) {
    one_font = poppler_word->getFontInfo(char_idx) == first.info;
  }
  if (one_font) return;
  std::string rebuilt;
  std::vector<FontRun> runs;
  bool legacy = first.legacy;
  for (int char_idx = 0; char_idx < poppler_word->getLength(); ++char_idx) {
    size_t begin = rebuilt.size();
    AppendUtf8(static_cast<char32_t>(*poppler_word->getChar(char_idx)), &rebuilt);
    const PageFonts::Font& font = fonts->Of(poppler_word->getFontInfo(char_idx));
    legacy = legacy || font.legacy;
    if (!runs.empty() && runs.back().font == font.name) {
      runs.back().span.end = rebuilt.size();
    } else {
      runs.push_back({{begin, rebuilt.size()}, font.name});
    }
  }
  if (runs.size() > 1 && rebuilt == word->text) {
    word->font_runs = std::move(runs);
    word->legacy = legacy;
  }
}

}  // namespace

struct PdfFile::Impl {
  std::unique_ptr<PDFDoc> doc;
  std::vector<std::string>* messages = nullptr;
  std::vector<std::string>* previous_sink = nullptr;
};

PdfFile::PdfFile(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

PdfFile::~PdfFile() {
  impl_->doc.reset();
  poppler_sink = impl_->previous_sink;
}

Result<std::unique_ptr<PdfFile>> PdfFile::Open(std::string_view bytes,
                                               std::vector<std::string>* messages) {
  SetUpPoppler();
  auto impl = std::make_unique<Impl>();
  impl->messages = messages;
  impl->previous_sink = poppler_sink;
  poppler_sink = messages;
  // MemStream reads "bytes" in place; PDFDoc owns the stream object only.
  auto* stream = new MemStream(bytes.data(), 0, static_cast<Goffset>(bytes.size()), Object(objNull));
  impl->doc = std::make_unique<PDFDoc>(stream);
  std::unique_ptr<PdfFile> file(new PdfFile(std::move(impl)));
  PDFDoc& doc = *file->impl_->doc;
  if (!doc.isOk()) {
    if (doc.getErrorCode() == errEncrypted) {
      return Status::Error(Code::kUnsupported, "the PDF is encrypted");
    }
    return Status::Error(Code::kBadInput, "poppler could not open the PDF");
  }
  return file;
}

int PdfFile::page_count() const { return impl_->doc->getNumPages(); }

PageContent PdfFile::ReadPage(int number) {
  PDFDoc& doc = *impl_->doc;
  // One device per page: a TextOutputDev reused after takeText() gives the
  // next page no words.
  RecordingOutputDev dev;
  doc.displayPage(&dev, number, 72, 72, 0, /*useMediaBox=*/false, /*crop=*/true,
                  /*printing=*/false);
  PageContent content = std::move(dev.content());
  double width = doc.getPageCropWidth(number), height = doc.getPageCropHeight(number);
  if (doc.getPageRotate(number) % 180 != 0) std::swap(width, height);
  content.width = width;
  content.height = height;
  for (Box& image : content.images) {
    image.x0 = std::clamp(image.x0, 0.0, width);
    image.x1 = std::clamp(image.x1, 0.0, width);
    image.y0 = std::clamp(image.y0, 0.0, height);
    image.y1 = std::clamp(image.y1, 0.0, height);
  }
  TextPage* text = dev.takeText();
  if (text == nullptr) return content;
  std::unique_ptr<TextWordList> list = text->makeWordList(/*physLayout=*/true);
  PageFonts fonts;
  if (list != nullptr) content.words.reserve(static_cast<size_t>(list->getLength()));
  for (int idx = 0; list != nullptr && idx < list->getLength(); ++idx) {
    const TextWord* poppler_word = list->get(idx);
    Word word;
    word.text = WordText(poppler_word);
    if (Trim(word.text).empty()) continue;
    poppler_word->getBBox(&word.box.x0, &word.box.y0, &word.box.x1, &word.box.y1);
    ReadWordFonts(poppler_word, &fonts, &word);
    word.size = poppler_word->getFontSize();
    if (word.size <= 0) word.size = word.box.y1 - word.box.y0;
    word.space_after = poppler_word->getSpaceAfter();
    content.words.push_back(std::move(word));
  }
  text->decRefCnt();
  return content;
}

Result<GrayImage> PdfFile::RenderGray(int number, int dpi) {
  // A hostile page size (a 200-inch square) would need gigabytes of pixels.
  constexpr double kMaxPixels = 200e6;
  double width = impl_->doc->getPageCropWidth(number) / 72 * dpi;
  double height = impl_->doc->getPageCropHeight(number) / 72 * dpi;
  if (!(width * height <= kMaxPixels) || width < 1 || height < 1) {
    return Status::Error(Code::kLimitExceeded, "page too large to render for OCR");
  }
  SplashColor white;
  white[0] = white[1] = white[2] = 0xFF;
  SplashOutputDev splash(splashModeMono8, 4, false, white);
  splash.setFontAntialias(true);
  splash.setVectorAntialias(true);
  splash.startDoc(impl_->doc.get());
  impl_->doc->displayPage(&splash, number, dpi, dpi, 0, false, true, false);
  SplashBitmap* bitmap = splash.getBitmap();
  if (bitmap == nullptr || bitmap->getWidth() <= 0 || bitmap->getHeight() <= 0) {
    return Status::Error(Code::kBadInput, "page could not be rendered");
  }
  GrayImage image;
  image.width = bitmap->getWidth();
  image.height = bitmap->getHeight();
  image.stride = bitmap->getRowSize();
  const uint8_t* data = bitmap->getDataPtr();
  image.pixels.assign(data, data + static_cast<size_t>(image.stride) * image.height);
  return image;
}

}  // namespace docpipe
