#include "pipeline/pdf/reader.h"

#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <poppler-document.h>
#include <poppler-global.h>
#include <poppler-image.h>
#include <poppler-page-renderer.h>
#include <poppler-page.h>

#include "pipeline/base/strings.h"
#include "pipeline/pdf/footnotes.h"
#include "pipeline/pdf/layout.h"
#include "pipeline/pdf/ocr.h"
#include "pipeline/pdf/tables.h"

namespace docpipe {
namespace {

// Poppler reports through one process-wide callback; each reading thread
// points its own sink at its own list while it reads.
thread_local std::vector<std::string>* poppler_sink = nullptr;

void PopplerMessage(const std::string& message, void* /*closure*/) {
  if (poppler_sink != nullptr && poppler_sink->size() < 50) poppler_sink->push_back(message);
}

void InstallPopplerHook() {
  static std::once_flag once;
  std::call_once(once, [] { poppler::set_debug_error_function(&PopplerMessage, nullptr); });
}

// A page has "almost no" text layer below this many non-space characters
// (a scanned page may carry a page number or a signature stamp only).
constexpr size_t kMinTextLayerChars = 40;

// poppler::ustring::to_utf8 opens an iconv converter on every call (once
// per word: a tenth of a reader child's time went to iconv_open). Well-formed
// UTF-16 is converted here; anything iconv might treat specially (unpaired
// surrogates, a byte-order mark) still goes through Poppler.
bool WellFormedToUtf8(const poppler::ustring& text, std::string* out) {
  out->reserve(text.size() + text.size() / 2);
  for (size_t i = 0; i < text.size(); ++i) {
    char32_t cp = text[i];
    if (cp == 0xFEFF || cp == 0xFFFE || (cp >= 0xDC00 && cp <= 0xDFFF)) return false;
    if (cp >= 0xD800 && cp <= 0xDBFF) {
      char32_t low = i + 1 < text.size() ? text[i + 1] : 0;
      if (low < 0xDC00 || low > 0xDFFF) return false;
      cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
      ++i;
    }
    AppendUtf8(cp, out);
  }
  return true;
}

std::string ToUtf8(const poppler::ustring& text) {
  std::string out;
  if (WellFormedToUtf8(text, &out)) return out;
  poppler::byte_array bytes = text.to_utf8();
  return std::string(bytes.begin(), bytes.end());
}

std::vector<Word> TextLayerWords(poppler::page& page) {
  std::vector<Word> words;
  for (poppler::text_box& box : page.text_list(poppler::page::text_list_include_font)) {
    Word word;
    word.text = ToUtf8(box.text());
    if (Trim(word.text).empty()) continue;
    poppler::rectf rect = box.bbox();
    word.box = {rect.x(), rect.y(), rect.x() + rect.width(), rect.y() + rect.height()};
    word.font = box.get_font_name();
    word.size = box.get_font_size();
    if (word.size <= 0) word.size = rect.height();
    word.space_after = box.has_space_after();
    word.legacy = IsLegacyFontName(word.font);
    words.push_back(std::move(word));
  }
  return words;
}

size_t VisibleChars(const std::vector<Word>& words) {
  size_t count = 0;
  for (const Word& word : words) count += Utf8Length(word.text);
  return count;
}

// Renders the page in grayscale and OCRs it. Words come back in points.
Result<OcrPage> OcrPdfPage(const poppler::page& page, const ReadOptions& options) {
  if (!poppler::page_renderer::can_render()) {
    return Status::Error(Code::kUnsupported, "poppler cannot render pages (no Splash backend)");
  }
  poppler::page_renderer renderer;
  renderer.set_image_format(poppler::image::format_gray8);
  renderer.set_render_hint(poppler::page_renderer::antialiasing, true);
  renderer.set_render_hint(poppler::page_renderer::text_antialiasing, true);
  poppler::image image = renderer.render_page(&page, options.ocr_dpi, options.ocr_dpi);
  if (!image.is_valid()) return Status::Error(Code::kBadInput, "page could not be rendered");
  return OcrImage(reinterpret_cast<const uint8_t*>(image.const_data()), image.width(),
                  image.height(), image.bytes_per_row(), options.ocr_dpi, options.ocr_language);
}

}  // namespace

Result<Document> ReadPdf(std::string_view file_name, std::string_view bytes,
                         const ReadOptions& options, Diagnostics* diagnostics) {
  Diagnostics local;
  if (diagnostics == nullptr) diagnostics = &local;
  if (bytes.substr(0, 1024).find("%PDF-") == std::string_view::npos) {
    return Status::Error(Code::kBadInput, "not a PDF (no %PDF- header)", {std::string(file_name)});
  }
  if (bytes.size() > static_cast<size_t>(INT32_MAX)) {
    return Status::Error(Code::kLimitExceeded, "PDF larger than 2 GiB", {std::string(file_name)});
  }
  InstallPopplerHook();
  std::vector<std::string> messages;
  poppler_sink = &messages;
  struct SinkReset {
    ~SinkReset() { poppler_sink = nullptr; }
  } sink_reset;
  auto flush_messages = [&] {
    for (std::string& message : messages) {
      diagnostics->Add(Severity::kNote, Code::kBadInput, "poppler: " + message);
    }
    messages.clear();
  };
  std::unique_ptr<poppler::document> pdf(
      poppler::document::load_from_raw_data(bytes.data(), static_cast<int>(bytes.size())));
  if (pdf == nullptr) {
    flush_messages();
    return Status::Error(Code::kBadInput, "poppler could not open the PDF", {std::string(file_name)});
  }
  if (pdf->is_locked()) {
    return Status::Error(Code::kUnsupported, "the PDF is encrypted", {std::string(file_name)});
  }
  int page_count = pdf->pages();
  if (page_count <= 0) {
    return Status::Error(Code::kBadInput, "the PDF has no pages", {std::string(file_name)});
  }
  if (page_count > options.max_pages) {
    return Status::Error(Code::kLimitExceeded,
                         Substitute("$1 pages (limit $2)", {std::to_string(page_count),
                                                            std::to_string(options.max_pages)}),
                         {std::string(file_name)});
  }
  std::vector<PageLines> pages;
  pages.reserve(static_cast<size_t>(page_count));
  bool ocr_unavailable_reported = false;
  for (int page_idx = 0; page_idx < page_count; ++page_idx) {
    PageLines page_lines;
    page_lines.number = page_idx + 1;
    std::unique_ptr<poppler::page> page(pdf->create_page(page_idx));
    if (page == nullptr) {
      diagnostics->Warn(Code::kBadInput, "page could not be read", page_idx + 1);
      pages.push_back(std::move(page_lines));
      continue;
    }
    poppler::rectf rect = page->page_rect();
    page_lines.width = rect.width();
    page_lines.height = rect.height();
    std::vector<Word> words = TextLayerWords(*page);
    if (VisibleChars(words) < kMinTextLayerChars) {
      if (!options.ocr) {
        diagnostics->Warn(Code::kOk, "page has no text layer (OCR disabled)", page_idx + 1);
      } else {
        Result<OcrPage> ocr = OcrPdfPage(*page, options);
        if (!ocr.ok()) {
          if (ocr.status().code() != Code::kUnsupported || !ocr_unavailable_reported) {
            diagnostics->Warn(ocr.status().code(),
                              "page has no text layer; OCR failed: " + ocr.status().detail(),
                              page_idx + 1);
          }
          ocr_unavailable_reported |= ocr.status().code() == Code::kUnsupported;
        } else {
          words.clear();
          for (const OcrLine& line : ocr->lines) {
            for (const OcrWord& ocr_word : line.words) {
              Word word;
              word.text = ocr_word.text;
              word.box = ocr_word.box;
              word.size = ocr_word.box.y1 - ocr_word.box.y0;
              word.confidence = ocr_word.confidence;
              words.push_back(std::move(word));
            }
          }
          page_lines.ocr = true;
          page_lines.ocr_confidence = ocr->mean_confidence;
          diagnostics->Note(Substitute("page OCRed, mean confidence $1",
                                       {std::to_string(static_cast<int>(ocr->mean_confidence))}),
                            page_idx + 1);
        }
      }
    }
    page_lines.lines = BuildLines(std::move(words));
    pages.push_back(std::move(page_lines));
  }
  flush_messages();

  RemoveFurniture(&pages);
  double body_size = BodySize(pages);
  TableFinder finder;
  for (PageLines& page : pages) {
    std::vector<TextLine> lines = page.lines;
    SplitFootnotes(&lines, body_size);
    (void)finder.Find(lines);
  }
  finder.Rewind();
  DocumentBuilder builder(file_name, /*from_pdf=*/true);
  constexpr size_t kNoTable = static_cast<size_t>(-1);
  size_t open_table = kNoTable;
  auto add_lines = [&](const std::vector<TextLine>& lines, double right) {
    for (const Paragraph& paragraph : BuildParagraphs(lines, right)) builder.AddParagraph(paragraph);
  };
  for (PageLines& page : pages) {
    builder.BeginPage(page.number, page.width, page.height);
    builder.page().furniture = page.furniture;
    builder.page().ocr = page.ocr;
    builder.page().ocr_confidence = page.ocr_confidence;
    std::vector<FootnoteDraft> notes = SplitFootnotes(&page.lines, body_size);
    double right = TextRight(page.lines);
    std::optional<PageTable> table = finder.Find(page.lines);
    if (!table) {
      add_lines(page.lines, right);
      open_table = kNoTable;
    } else {
      add_lines(table->before, right);
      if (!table->continues || open_table == kNoTable) {
        open_table = builder.StartTable(table->header);
      }
      if (table->header_repeated) {
        builder.page().furniture.push_back(Join(table->header, " | "));
      }
      if (table->first_row_continues) {
        diagnostics->Note("table row continues from the previous page", page.number);
      }
      for (const RowDraft& row : table->rows) builder.AddRow(open_table, row.kind, row.cells);
      if (!table->after.empty()) {
        add_lines(table->after, right);
        open_table = kNoTable;
      }
    }
    for (FootnoteDraft& note : notes) builder.AddFootnote(std::move(note.marker), std::move(note.text));
  }
  return builder.Finish();
}

Result<Document> ReadAny(std::string_view file_name, std::string_view bytes,
                         const ReadOptions& options, Diagnostics* diagnostics) {
  if (bytes.substr(0, 1024).find("%PDF-") != std::string_view::npos) {
    return ReadPdf(file_name, bytes, options, diagnostics);
  }
  return ParseText(file_name, bytes, diagnostics);
}

}  // namespace docpipe
