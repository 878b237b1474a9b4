#include "pipeline/pdf/reader.h"

#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "pipeline/base/strings.h"
#include "pipeline/pdf/footnotes.h"
#include "pipeline/pdf/lattice.h"
#include "pipeline/pdf/layout.h"
#include "pipeline/pdf/ocr.h"
#include "pipeline/pdf/page_source.h"
#include "pipeline/pdf/pdf_pages.h"
#include "pipeline/pdf/tables.h"

namespace docpipe {
namespace {

// Thresholds of the OCR path.
struct OcrPathLimits {
  // A page that draws nothing the page model sees (no words, images, rules
  // or fills; only curves could still draw text) is first rendered at this
  // resolution: an A4 page is 298 x 421 pixels, a blank one costs a
  // fraction of a millisecond instead of a full-resolution render.
  int probe_dpi = 36;
  // At the probe resolution text is grey, not black: any pixel darker than
  // this is ink.
  int probe_dark_below = 250;
};
constexpr OcrPathLimits kOcrPath;

// Renders the page in grayscale and OCRs it. Words come back in points.
// Also finds the ruling lines drawn on the scan, so that a scanned table is
// read from its grid like a digital one.
struct OcrResult {
  OcrPage page;
  std::vector<Box> horizontal, vertical;
};

// True if page "number" renders without ink at the probe resolution.
bool ProbeBlank(PdfFile* pdf, int number) {
  Result<GrayImage> probe = pdf->RenderGray(number, kOcrPath.probe_dpi);
  return probe.ok() && InkShare(probe->pixels.data(), probe->width, probe->height,
                                probe->stride, 0, kOcrPath.probe_dark_below) == 0;
}

// Page 1 at the header resolution (its header zone read at it, the rest at
// ocr_dpi), other pages at ocr_dpi. A blank page (OcrPage::blank) has no
// rules either.
Result<OcrResult> OcrPdfPage(PdfFile* pdf, int number, const ReadOptions& options) {
  OcrOptions ocr;
  ocr.language = options.ocr_language;
  int dpi = options.ocr_dpi;
  if (number == 1 && options.ocr_header_dpi > options.ocr_dpi) {
    dpi = options.ocr_header_dpi;
    ocr.body_dpi = options.ocr_dpi;
  }
  Result<GrayImage> image = pdf->RenderGray(number, dpi);
  if (!image.ok()) return image.status();
  Result<OcrPage> page =
      OcrImage(image->pixels.data(), image->width, image->height, image->stride, dpi, ocr);
  if (!page.ok()) return page.status();
  OcrResult result;
  result.page = std::move(*page);
  if (!result.page.blank) {
    RulesFromImage(image->pixels.data(), image->width, image->height, image->stride, dpi,
                   &result.horizontal, &result.vertical);
  }
  return result;
}

// Turns OCR lines into words of the page model.
std::vector<Word> OcrWords(const OcrPage& ocr) {
  std::vector<Word> words;
  for (const OcrLine& line : ocr.lines) {
    for (const OcrWord& ocr_word : line.words) {
      Word word;
      word.text = ocr_word.text;
      word.box = ocr_word.box;
      word.size = ocr_word.box.y1 - ocr_word.box.y0;
      word.confidence = ocr_word.confidence;
      words.push_back(std::move(word));
    }
  }
  return words;
}

// The text layer in reading order, one line per printed line: kept as
// Page::layer_text when the page is read by OCR instead.
std::string LayerText(const std::vector<Word>& words) {
  std::string out;
  for (const TextLine& line : BuildLines(words)) {
    out += LineText(line);
    out += '\n';
  }
  return out;
}

// What the OCR of one document has used and left: the page budget
// (ReadOptions::max_ocr_pages) and the pages it left unread.
struct OcrBudget {
  int rendered = 0;  // pages rendered for OCR
  std::vector<int> unread;  // pages that needed OCR past the budget
  bool unavailable_reported = false;
};

// Reads one page by OCR into "page" (the text layer "words" kept as
// layer_text); on failure the layer stays, with a warning.
void OcrOnePage(PdfFile* pdf, const ReadOptions& options, const PageSourceDecision& decision,
                OcrBudget* budget, std::vector<Word>* words, PageLines* page,
                Diagnostics* diagnostics) {
  ++budget->rendered;
  Result<OcrResult> ocr = OcrPdfPage(pdf, page->number, options);
  if (!ocr.ok()) {
    if (ocr.status().code() != Code::kUnsupported || !budget->unavailable_reported) {
      diagnostics->Warn(ocr.status().code(),
                        "page needs OCR (" + decision.reason + "); OCR failed: " +
                            ocr.status().detail(),
                        page->number);
    }
    budget->unavailable_reported |= ocr.status().code() == Code::kUnsupported;
    page->source_reason = "text_layer_ocr_failed";
    return;
  }
  if (ocr->page.blank) {  // the text layer (a page number, say) stays
    page->source_reason = "blank_page";
    diagnostics->Note("page needs OCR (" + decision.reason + ") but is blank: not OCRed",
                      page->number);
    return;
  }
  page->layer_text = LayerText(*words);
  *words = OcrWords(ocr->page);
  page->ocr = true;
  page->ocr_confidence = ocr->page.mean_confidence;
  for (const OcrLine& line : ocr->page.lines) {  // digits' confidences, for uncertain numbers
    for (const OcrWord& word : line.words) {
      if (word.digit_confidence >= 0) {
        page->digit_words.push_back({word.text, word.confidence, word.digit_confidence});
      }
    }
  }
  page->horizontal = std::move(ocr->horizontal);  // rules of the scan are pixels
  page->vertical = std::move(ocr->vertical);
  page->source_reason = decision.reason;
  diagnostics->Note(Substitute("page OCRed ($1), mean confidence $2",
                               {decision.reason,
                                std::to_string(static_cast<int>(ocr->page.mean_confidence))}),
                    page->number);
}

// Reads one page: its text layer, or OCR where the page decision says so
// and OCR works (else the layer stays, with a warning).
PageLines ReadOnePage(PdfFile* pdf, int number, const ReadOptions& options, OcrBudget* budget,
                      Diagnostics* diagnostics) {
  PageContent content = pdf->ReadPage(number);
  PageLines page;
  page.number = number;
  page.width = content.width;
  page.height = content.height;
  bool draws_nothing = content.words.empty() && content.images.empty() &&
                       content.horizontal.empty() && content.vertical.empty() &&
                       content.filled.empty();
  page.horizontal = std::move(content.horizontal);
  page.vertical = std::move(content.vertical);
  PageSourceDecision decision = DecidePageSource(content);
  page.source_reason = decision.layer_reason;
  std::vector<Word> words = std::move(content.words);
  if (decision.ocr && !options.ocr) {
    diagnostics->Warn(Code::kOk, "page needs OCR (" + decision.reason + "); OCR disabled", number);
    page.source_reason = "text_layer_ocr_disabled";
  } else if (decision.ocr && draws_nothing && ProbeBlank(pdf, number)) {
    page.source_reason = "blank_page";  // no ink at all: nothing to OCR, nothing counted
  } else if (decision.ocr && budget->rendered >= options.max_ocr_pages) {
    budget->unread.push_back(number);
    page.source_reason = "ocr_budget_exceeded";
  } else if (decision.ocr) {
    OcrOnePage(pdf, options, decision, budget, &words, &page, diagnostics);
  }
  page.lines = BuildLines(std::move(words));
  return page;
}

// Lines of all pages -> the page model: furniture, footnotes, tables,
// paragraphs in reading order.
Document Compose(std::string_view file_name, std::vector<PageLines> pages,
                 Diagnostics* diagnostics) {
  // Ruled tables' boxes per page: their lines are never furniture or footnotes.
  std::vector<std::vector<Box>> table_boxes;
  for (const PageLines& page : pages) {
    table_boxes.emplace_back();
    for (const Grid& grid : FindGrids(page.horizontal, page.vertical)) {
      table_boxes.back().push_back(grid.box);
    }
  }
  RemoveFurniture(&pages, &table_boxes);
  double body_size = BodySize(pages);
  // Footnotes leave each page's lines once, here: the finder's first pass
  // and the writing below see the same lines without a copy of them.
  std::vector<std::vector<FootnoteDraft>> page_notes;
  page_notes.reserve(pages.size());
  TableFinder finder;
  for (PageLines& page : pages) {
    page_notes.push_back(
        SplitFootnotes(&page.lines, body_size, table_boxes[static_cast<size_t>(&page - pages.data())]));
    (void)finder.Find(page.lines, page);
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
    Page& out = builder.page();
    out.furniture = std::move(page.furniture);
    out.ocr = page.ocr;
    out.ocr_confidence = page.ocr_confidence;
    out.source = page.ocr ? TextSource::kOcr : TextSource::kTextLayer;
    out.source_reason = std::move(page.source_reason);
    out.layer_text = std::move(page.layer_text);
    out.digit_words = std::move(page.digit_words);
    std::vector<FootnoteDraft>& notes = page_notes[static_cast<size_t>(&page - pages.data())];
    double right = TextRight(page.lines);
    std::optional<PageTable> table = finder.Find(page.lines, page);
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
      for (const std::string& note : table->notes) diagnostics->Note(note, page.number);
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

}  // namespace

Result<Document> ReadPdf(std::string_view file_name, std::string_view bytes,
                         const ReadOptions& options, Diagnostics* diagnostics) {
  Diagnostics local;
  if (diagnostics == nullptr) diagnostics = &local;
  std::string file(file_name);
  if (bytes.substr(0, 1024).find("%PDF-") == std::string_view::npos) {
    return Status::Error(Code::kBadInput, "not a PDF (no %PDF- header)", {file});
  }
  if (bytes.size() > static_cast<size_t>(INT32_MAX)) {
    return Status::Error(Code::kLimitExceeded, "PDF larger than 2 GiB", {file});
  }
  std::vector<std::string> messages;
  auto flush_messages = [&] {
    for (std::string& message : messages) {
      diagnostics->Add(Severity::kNote, Code::kBadInput, "poppler: " + message);
    }
    messages.clear();
  };
  Result<std::unique_ptr<PdfFile>> opened = PdfFile::Open(bytes, &messages);
  if (!opened.ok()) {
    flush_messages();
    return Status::Error(opened.status().code(), opened.status().detail(), {file});
  }
  PdfFile& pdf = **opened;
  int page_count = pdf.page_count();
  if (page_count <= 0) {
    return Status::Error(Code::kBadInput, "the PDF has no pages", {file});
  }
  if (page_count > options.max_pages) {
    return Status::Error(Code::kLimitExceeded,
                         Substitute("$1 pages (limit $2)", {std::to_string(page_count),
                                                            std::to_string(options.max_pages)}),
                         {file});
  }
  std::vector<PageLines> pages;
  pages.reserve(static_cast<size_t>(page_count));
  OcrBudget budget;
  for (int number = 1; number <= page_count; ++number) {
    pages.push_back(ReadOnePage(&pdf, number, options, &budget, diagnostics));
  }
  if (!budget.unread.empty()) {
    diagnostics->Warn(Code::kLimitExceeded,
                      Substitute("OCR page budget of $1 pages used up: $2 pages that need OCR "
                                 "left unread (pages $3-$4)",
                                 {std::to_string(options.max_ocr_pages),
                                  std::to_string(budget.unread.size()),
                                  std::to_string(budget.unread.front()),
                                  std::to_string(budget.unread.back())}),
                      budget.unread.front());
  }
  flush_messages();
  return Compose(file_name, std::move(pages), diagnostics);
}

Result<Document> ReadAny(std::string_view file_name, std::string_view bytes,
                         const ReadOptions& options, Diagnostics* diagnostics) {
  if (bytes.substr(0, 1024).find("%PDF-") != std::string_view::npos) {
    return ReadPdf(file_name, bytes, options, diagnostics);
  }
  return ParseText(file_name, bytes, diagnostics);
}

}  // namespace docpipe
