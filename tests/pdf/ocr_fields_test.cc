#include "pipeline/pdf/ocr_fields.h"

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "pipeline/pdf/ocr.h"
#include "pipeline/pdf/pdf_pages.h"
#include "tests/test_util.h"

namespace docpipe {
namespace {

using Kind = HeaderField::Kind;

OcrWord Word(const std::string& text, double x0, double y0, double x1, double y1,
             double confidence = 90) {
  OcrWord word;
  word.text = text;
  word.box = Box{x0, y0, x1, y1};
  word.confidence = confidence;
  return word;
}

OcrPage PageOf(std::vector<std::vector<OcrWord>> lines) {
  OcrPage page;
  for (auto& words : lines) {
    OcrLine line;
    line.words = std::move(words);
    page.lines.push_back(std::move(line));
  }
  return page;
}

// Boxes in points of a 400 dpi header (OCR words of QD-1380 and QD-2605,
// scaled by 72/400).
TEST_CASE("LocateHeaderFields finds the number and date gaps between their labels", "[pdf]") {
  OcrFieldOptions options;
  OcrPage page = PageOf({{Word("Số:280", 108, 107, 152, 119), Word("/QĐ-TTg", 154, 110, 204, 122),
                          Word("Hà", 300, 108, 312, 120), Word("ngàyl6", 368, 104, 410, 116),
                          Word("tháng", 420, 104, 452, 116), Word("9", 460, 105, 466, 116),
                          Word("năm", 472, 105, 495, 114), Word("20235", 500, 105, 530, 116)}});
  std::vector<HeaderField> fields = LocateHeaderFields(page, options);
  REQUIRE(fields.size() == 4);
  CHECK(fields[0].kind == Kind::kNumber);
  CHECK(fields[0].text == "280");
  // The gap starts after the printed label (1.35 heights wide), ends before "/".
  CHECK(fields[0].gap.x0 == Approx(108 + 1.35 * 12));
  CHECK(fields[0].gap.x1 < 154);
  CHECK(fields[1].kind == Kind::kDay);
  CHECK(fields[1].text == "l6");
  CHECK(fields[1].gap.x1 == Approx(420));
  CHECK(fields[2].kind == Kind::kMonth);
  CHECK(fields[2].text == "9");
  CHECK(fields[3].kind == Kind::kYear);
  CHECK(fields[3].text == "20235");
}

TEST_CASE("LocateHeaderFields reads labels OCR glued to garbage and needs a symbol", "[pdf]") {
  OcrFieldOptions options;
  // CV-687: "Số: ÝƑ /STP-VB" and "ngày<2Õtháng đỆ năm 2021".
  OcrPage glued = PageOf({{Word("Sô:", 100, 100, 117, 113), Word("ÝƑ", 125, 98, 140, 114),
                           Word("/STP-VB", 150, 101, 200, 113)},
                          {Word("ngày<2Õtháng", 360, 100, 430, 113), Word("đỆ", 436, 100, 450, 113),
                           Word("năm", 456, 102, 478, 111), Word("2021", 484, 100, 510, 111)}});
  std::vector<HeaderField> fields = LocateHeaderFields(glued, options);
  REQUIRE(fields.size() == 4);
  CHECK(fields[0].text == "ÝƑ");
  CHECK(fields[0].gap.x0 == Approx(117));
  CHECK(fields[1].text == "<2Õ");
  CHECK(fields[2].text == "đỆ");
  CHECK(fields[3].text == "2021");
  // "Sở Tư pháp" is no number label: no symbol on its row.
  OcrPage agency = PageOf({{Word("SỞ", 100, 100, 115, 113), Word("Sở", 120, 100, 135, 113),
                            Word("Tư", 140, 100, 150, 113), Word("pháp", 155, 100, 180, 113)}});
  CHECK(LocateHeaderFields(agency, options).empty());
}

TEST_CASE("RepairDigitSlips turns look-alike letters of a numeric field into digits", "[pdf]") {
  CHECK(RepairDigitSlips("l6") == "16");     // QD-2605: "ngàyl6 tháng 9"
  CHECK(RepairDigitSlips("2O25") == "2025");
  CHECK(RepairDigitSlips("1o") == "10");
  CHECK(RepairDigitSlips("1|") == "11");
  CHECK(RepairDigitSlips("I|") == "I|");     // no digit: left as read
  CHECK(RepairDigitSlips("lo") == "lo");     // no digit: a word, not a number
  CHECK(RepairDigitSlips("J2") == "J2");     // not a look-alike: left as read
  CHECK(RepairDigitSlips("<2Õ") == "<2Õ");
  CHECK(HasFieldForm(Kind::kDay, "16"));
  CHECK_FALSE(HasFieldForm(Kind::kDay, "116"));
  CHECK_FALSE(HasFieldForm(Kind::kMonth, "13"));
  CHECK(HasFieldForm(Kind::kYear, "2025"));
  CHECK_FALSE(HasFieldForm(Kind::kYear, "20235"));
  CHECK(HasFieldForm(Kind::kNumber, "3070."));
  CHECK_FALSE(HasFieldForm(Kind::kNumber, "ÝƑ"));
}

// A real scan (QD-2827, printed "Số: 2827 /QĐ-BGDĐT" and "ngày 14 tháng
// 10 năm 2025"): its number and day are blanked into garbage in the OCR
// words, as OCR leaves a handwritten field, and read again from the image.
TEST_CASE("RereadHeaderFields reads the number and day of a real scan again from its image",
          "[pdf]") {
  std::string path = testing::SharedPath("corpus/real/hcmut-scans/QD-2827-QD-BGDDT-2025-scan.pdf");
  if (path.empty() || !std::filesystem::exists(path) || !OcrAvailable("vie")) {
    testing::SkipOrFail("corpus/real or tesseract (vie) absent; the digit re-read is not tested");
    return;
  }
  std::string bytes = testing::ReadAll(path);
  std::vector<std::string> messages;
  Result<std::unique_ptr<PdfFile>> pdf = PdfFile::Open(bytes, &messages);
  REQUIRE(pdf.ok());
  Result<GrayImage> image = (*pdf)->RenderGray(1, 400);
  REQUIRE(image.ok());
  int rows = image->height * 35 / 100;  // the header zone
  OcrOptions ocr;
  Result<OcrPage> page = OcrImage(image->pixels.data(), image->width, rows, image->stride, 400, ocr);
  REQUIRE(page.ok());
  OcrFieldOptions options;
  std::vector<HeaderField> fields = LocateHeaderFields(*page, options);
  REQUIRE(fields.size() == 4);
  CHECK(fields[0].text == "2827");
  CHECK(fields[1].text == "14");
  // Read as printed, the fields keep their digits: a field with its form
  // is only replaced by a re-read of higher confidence with the same form.
  OcrPage printed = *page;
  RereadHeaderFields(image->pixels.data(), image->width, rows, image->stride, 400, options,
                     &printed);
  std::vector<HeaderField> kept = LocateHeaderFields(printed, options);
  REQUIRE(kept.size() == 4);
  CHECK(kept[0].text == "2827");
  CHECK(kept[1].text == "14");
  CHECK(kept[2].text == "10");
  CHECK(kept[3].text == "2025");
  // The number and the day as OCR leaves handwriting.
  for (OcrLine& line : page->lines) {
    for (OcrWord& word : line.words) {
      if (word.text == "2827") word.text = "ÝƑ";
      if (word.text == "14") word.text = "J¿";
    }
  }
  RereadHeaderFields(image->pixels.data(), image->width, rows, image->stride, 400, options, &*page);
  std::vector<HeaderField> again = LocateHeaderFields(*page, options);
  REQUIRE(again.size() == 4);
  CHECK(again[0].text == "2827");
  CHECK(again[1].text == "14");
  // Printed digits re-read score as printed digits; the confidences come
  // with the words.
  for (const OcrLine& line : page->lines) {
    for (const OcrWord& word : line.words) {
      if (word.text != "2827" && word.text != "14") continue;
      CHECK(word.digit_confidence > 0);
      INFO(word.text << " " << word.confidence << " " << word.digit_confidence);
      CHECK(word.uncertain_digits == (word.digit_confidence < options.uncertain_digit_confidence));
    }
  }
}

}  // namespace
}  // namespace docpipe
