// Tests of pipeline/pdf/layout.h on synthetic geometry.

#include <algorithm>
#include <string>

#include <catch2/catch.hpp>

#include "pipeline/base/strings.h"
#include "pipeline/pdf/layout.h"
#include "tests/pdf/pdf_test_util.h"

namespace docpipe {
namespace {

// Words of one printed line: "text" split on spaces, 6 points per character
// plus a 3-point gap, starting at x, with the given size.
std::vector<Word> Line(const std::string& text, double x, double y, double size = 12,
                       const std::string& font = "Times") {
  std::vector<Word> words;
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find(' ', start);
    if (end == std::string::npos) end = text.size();
    Word word;
    word.text = text.substr(start, end - start);
    word.box = {x, y, x + 6.0 * static_cast<double>(word.text.size()), y + size};
    word.size = size;
    word.font = font;
    x = word.box.x1 + 3;
    words.push_back(word);
    start = end + 1;
  }
  return words;
}

void Add(std::vector<Word>* all, const std::vector<Word>& more) {
  all->insert(all->end(), more.begin(), more.end());
}

TEST_CASE("AppendJoined glues a symbol broken at a hyphen and keeps spaced dashes", "[pdf]") {
  std::string text = "Quyết định số 1520/QĐ-";
  AppendJoined(&text, "UBND ngày 21/8/2025");
  CHECK(text == "Quyết định số 1520/QĐ-UBND ngày 21/8/2025");
  text = "Nghị quyết số 59-";
  AppendJoined(&text, "NQ/TW");
  CHECK(text == "Nghị quyết số 59-NQ/TW");
  text = "giai đoạn 2026 -";
  AppendJoined(&text, "2030");
  CHECK(text == "giai đoạn 2026 - 2030");
  text = "nhiệm vụ sau:";
  AppendJoined(&text, "- Tổ chức");
  CHECK(text == "nhiệm vụ sau: - Tổ chức");
  text = "";
  CHECK(AppendJoined(&text, "  đầu  ") == 0);
  CHECK(text == "đầu");
}

TEST_CASE("BuildLines splits the two-block header and keeps justified lines whole", "[pdf]") {
  std::vector<Word> words;
  Add(&words, Line("ỦY BAN NHÂN DÂN", 100, 60, 13));
  Add(&words, Line("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", 230, 60.5, 12.5));  // gap 25
  // A justified line with evenly stretched gaps of 12 points.
  std::vector<Word> justified = Line("một hai ba bốn năm sáu", 85, 200, 14);
  double x = 85;
  for (Word& word : justified) {
    double width = word.box.x1 - word.box.x0;
    word.box.x0 = x;
    word.box.x1 = x + width;
    x += width + 12;
  }
  Add(&words, justified);
  std::vector<TextLine> lines = BuildLines(words);
  REQUIRE(lines.size() == 3);
  CHECK(LineText(lines[0]) == "ỦY BAN NHÂN DÂN");
  CHECK(LineText(lines[1]) == "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM");
  CHECK(LineText(lines[2]) == "một hai ba bốn năm sáu");
}

TEST_CASE("LineText glues a raised footnote marker and reports it", "[pdf]") {
  std::vector<Word> words = Line("triển khai thực hiện", 85, 500, 14);
  Word marker;
  marker.text = "1";
  marker.box = {words.back().box.x1, 498, words.back().box.x1 + 4, 506};
  marker.size = 9;
  marker.space_after = false;
  words.back().space_after = false;
  words.push_back(marker);
  Word comma;
  comma.text = ",";
  comma.box = {marker.box.x1, 500, marker.box.x1 + 3, 514};
  comma.size = 14;
  words.push_back(comma);
  std::vector<TextLine> lines = BuildLines(words);
  REQUIRE(lines.size() == 1);
  std::vector<Span> superscripts;
  std::string text = LineText(lines[0], &superscripts);
  CHECK(text == "triển khai thực hiện1,");
  REQUIRE(superscripts.size() == 1);
  CHECK(text.substr(superscripts[0].begin, superscripts[0].size()) == "1");
}

TEST_CASE("BuildParagraphs joins wrapped lines and breaks at short lines and indents", "[pdf]") {
  std::vector<Word> words;
  // Paragraph 1: indented first line reaching the margin (x1 = 85 + 77*6 ...).
  Add(&words, Line("Căn cứ Nghị quyết số 153/NQ-CP của Chính phủ ban hành Chương trình", 113, 100));
  Add(&words, Line("hành động thực hiện Nghị quyết số 59-NQ/TW ngày 24/01/2025 của Bộ Chính", 85, 116));
  Add(&words, Line("trị về hội nhập quốc tế;", 85, 132));
  Add(&words, Line("1. Tổ chức phổ biến, quán triệt nội dung Kế hoạch số 34-KH/TU của Ban", 113, 148));
  Add(&words, Line("Thường vụ Tỉnh ủy.", 85, 164));
  std::vector<TextLine> lines = BuildLines(words);
  double right = TextRight(lines);
  std::vector<Paragraph> paragraphs = BuildParagraphs(lines, right);
  REQUIRE(paragraphs.size() == 2);
  CHECK(paragraphs[0].text ==
        "Căn cứ Nghị quyết số 153/NQ-CP của Chính phủ ban hành Chương trình hành động thực "
        "hiện Nghị quyết số 59-NQ/TW ngày 24/01/2025 của Bộ Chính trị về hội nhập quốc tế;");
  CHECK(paragraphs[1].text ==
        "1. Tổ chức phổ biến, quán triệt nội dung Kế hoạch số 34-KH/TU của Ban Thường vụ Tỉnh ủy.");
}

TEST_CASE("BuildParagraphs reads side-by-side blocks left block first", "[pdf]") {
  std::vector<Word> words;
  Add(&words, Line("ỦY BAN NHÂN DÂN", 100, 60, 13, "Bold"));
  Add(&words, Line("TỈNH GIA LAI", 110, 76, 13, "Bold"));
  Add(&words, Line("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", 260, 60, 13, "Bold"));
  Add(&words, Line("Độc lập - Tự do - Hạnh phúc", 290, 76, 13, "Bold"));
  Add(&words, Line("Số: 12/QĐ-UBND", 110, 110, 13));
  Add(&words, Line("Gia Lai, ngày 21 tháng 8 năm 2025", 280, 110, 14, "Italic"));
  std::vector<TextLine> lines = BuildLines(words);
  std::vector<Paragraph> paragraphs = BuildParagraphs(lines, TextRight(lines));
  std::vector<std::string> texts;
  for (const Paragraph& paragraph : paragraphs) texts.push_back(paragraph.text);
  CHECK(texts == std::vector<std::string>{"ỦY BAN NHÂN DÂN", "TỈNH GIA LAI",
                                          "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
                                          "Độc lập - Tự do - Hạnh phúc", "Số: 12/QĐ-UBND",
                                          "Gia Lai, ngày 21 tháng 8 năm 2025"});
  CHECK(!paragraphs[0].block_end);
  CHECK(paragraphs[1].block_end);
}

TEST_CASE("BuildParagraphs keeps a two-block header whose lines touch apart from the body", "[pdf]") {
  // As LibreOffice lays out a borderless two-cell header: line boxes taller
  // than the line pitch (they overlap), then a body line across both blocks
  // just below them (corpus/repro/office-suite-letter-header.pdf).
  std::vector<Word> words;
  Add(&words, Line("ỦY BAN NHÂN DÂN", 130, 78, 16));
  Add(&words, Line("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", 290, 78, 16));
  Add(&words, Line("TỈNH ĐẮK LẮK", 128, 92, 16));
  Add(&words, Line("Độc lập - Tự do - Hạnh phúc", 330, 92, 16));
  Add(&words, Line("Số: 2210/UBND-KT", 122, 106, 16));
  Add(&words, Line("Đắk Lắk, ngày 14 tháng 10 năm 2026", 312, 106, 16));
  Add(&words, Line("Thực hiện Kế hoạch số 88/KH-UBND ngày 15/3/2026 của Ủy ban nhân dân", 113, 126, 14));
  Add(&words, Line("tỉnh, để kịp thời tổng hợp báo cáo Bộ Công Thương, Ủy ban nhân dân đề", 85, 142, 14));
  Add(&words, Line("nghị các sở báo cáo.", 85, 158, 14));
  std::vector<TextLine> lines = BuildLines(words);
  std::vector<Paragraph> paragraphs = BuildParagraphs(lines, TextRight(lines));
  std::vector<std::string> texts;
  for (const Paragraph& paragraph : paragraphs) texts.push_back(paragraph.text);
  REQUIRE(texts.size() == 7);
  CHECK(texts[0] == "ỦY BAN NHÂN DÂN");
  CHECK(texts[2] == "Số: 2210/UBND-KT");
  CHECK(texts[3] == "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM");
  CHECK(texts[5] == "Đắk Lắk, ngày 14 tháng 10 năm 2026");
  CHECK(StartsWith(texts[6], "Thực hiện Kế hoạch số 88/KH-UBND"));
  CHECK(EndsWith(texts[6], "nghị các sở báo cáo."));  // the body is one paragraph
}

TEST_CASE("BuildParagraphs reads a closing block: body, recipients, capacity, signer", "[pdf]") {
  std::vector<Word> words;
  Add(&words, Line("trên địa bàn tỉnh; báo cáo kết quả về Sở Công Thương trước ngày", 85, 270, 14));
  Add(&words, Line("25/10/2026.", 85, 286, 14));
  Add(&words, Line("Nơi nhận:", 85, 306, 11, "BoldItalic"));
  Add(&words, Line("KT. CHỦ TỊCH", 400, 306, 13, "Bold"));
  Add(&words, Line("- Như trên;", 85, 319, 11));
  Add(&words, Line("PHÓ CHỦ TỊCH", 390, 321, 13, "Bold"));
  Add(&words, Line("- Lưu: VT, KT.", 85, 332, 11));
  Add(&words, Line("Trần Văn Bình", 395, 380, 13, "Bold"));
  std::vector<TextLine> lines = BuildLines(words);
  std::vector<Paragraph> paragraphs = BuildParagraphs(lines, TextRight(lines));
  std::string text;
  for (const Paragraph& paragraph : paragraphs) text += paragraph.text + "\n";
  size_t body = text.find("25/10/2026."), recipients = text.find("Nơi nhận:"),
         last_recipient = text.find("- Lưu: VT, KT."), capacity = text.find("KT. CHỦ TỊCH"),
         signer = text.find("Trần Văn Bình");
  REQUIRE(signer != std::string::npos);
  CHECK(body < recipients);
  CHECK(recipients < last_recipient);
  CHECK(last_recipient < capacity);
  CHECK(capacity < text.find("PHÓ CHỦ TỊCH"));
  CHECK(text.find("PHÓ CHỦ TỊCH") < signer);
}

// Boxes taller than the font size, as fonts with a large ascent and descent
// give them (the ABC .VnTime fonts: 1.1 em): "height" per word.
std::vector<Word> Tall(std::vector<Word> words, double height) {
  for (Word& word : words) word.box.y1 = word.box.y0 + height;
  return words;
}

TEST_CASE("BuildLines keeps two recipient lines apart when a larger line beside them spans both",
          "[pdf]") {
  // The closing of samples/legacy-tcvn3-004-cong-van.pdf: recipients in 11 pt
  // (boxes 12.2 high, pitch 13.2), the capacity "PHÓ CHỦ TỊCH" in 14 pt (box
  // 15.5 high) beside them, its band taking in the centres of both lines.
  std::vector<Word> words;
  Add(&words, Tall(Line("- Như trên;", 85, 80.5, 11), 12.2));
  Add(&words, Tall(Line("PHÓ CHỦ TỊCH", 372, 85.2, 14, "Bold"), 15.5));
  Add(&words, Tall(Line("- Thường trực Tỉnh ủy (b/c);", 85, 93.7, 11), 12.2));
  std::vector<std::string> texts;
  for (const TextLine& line : BuildLines(words)) texts.push_back(LineText(line));
  std::sort(texts.begin(), texts.end());
  CHECK(texts == std::vector<std::string>{"- Như trên;", "- Thường trực Tỉnh ủy (b/c);",
                                          "PHÓ CHỦ TỊCH"});
}

TEST_CASE("BuildParagraphs reads a label beside its list before the body under both", "[pdf]") {
  // "Kính gửi:" beside the recipients list, then the body across the page
  // under both; tall glyph boxes (1.1 em) leave less than one font size
  // between the list's last line and the body's first.
  std::vector<Word> words;
  Add(&words, Tall(Line("Kính gửi:", 169, 90, 14), 15.5));
  Add(&words, Tall(Line("- Các Sở: Ngoại vụ, Công Thương,", 262, 90, 14), 15.5));
  Add(&words, Tall(Line("Tài chính, Xây dựng;", 262, 108.2, 14), 15.5));
  Add(&words, Tall(Line("- UBND các xã, phường.", 262, 126.4, 14), 15.5));
  Add(&words, Tall(Line("Thực hiện Văn bản số 65/TB-VPCP ngày 04/02/2026 của Văn phòng", 113, 155.6, 14),
                   15.5));
  Add(&words, Tall(Line("Chính phủ thông báo kết luận của Thủ tướng Chính phủ.", 85, 173.8, 14), 15.5));
  std::vector<TextLine> lines = BuildLines(words);
  std::vector<Paragraph> paragraphs = BuildParagraphs(lines, TextRight(lines));
  std::string text;
  for (const Paragraph& paragraph : paragraphs) text += paragraph.text + "\n";
  size_t label = text.find("Kính gửi:"), list = text.find("- Các Sở"),
         list_end = text.find("phường."), body = text.find("Thực hiện");
  REQUIRE(body != std::string::npos);
  CHECK(label < list);
  CHECK(list < list_end);
  CHECK(list_end < body);
  CHECK(text.find("Thực hiện Văn bản") < text.find("Chính phủ thông báo"));
}

TEST_CASE("BuildParagraphs keeps a title's next line with the block above it", "[pdf]") {
  // The heading of an OCRed decision (corpus/real2/QD-84-QD-UBND-QuangNgai):
  // "QUYẾT ĐỊNH" joined the date block, and its next line, as close as the
  // block's own lines, reaches under the left block: it stays in the date
  // block (it is not set off from it) and is read after it.
  std::vector<Word> words;
  Add(&words, Line("Số: 8/QĐ-UBND", 100, 100, 12));
  Add(&words, Line("V/v", 100, 118, 12));
  Add(&words, Line("xyz", 100, 140, 12));
  Add(&words, Line("Quảng Ngãi, ngày 03 tháng 02 năm 2025", 300, 100, 12));
  Add(&words, Line("QUYẾT ĐỊNH", 280, 118, 12));
  Add(&words, Line("Về việc phê duyệt Kế hoạch ứng phó", 150, 132, 12));
  std::vector<TextLine> lines = BuildLines(words);
  std::vector<Paragraph> paragraphs = BuildParagraphs(lines, TextRight(lines));
  std::string text;
  for (const Paragraph& paragraph : paragraphs) text += paragraph.text + "\n";
  size_t date = text.find("Quảng Ngãi"), title = text.find("QUYẾT ĐỊNH"),
         subject = text.find("Về việc");
  REQUIRE(subject != std::string::npos);
  CHECK(date < title);
  CHECK(title < subject);
}

TEST_CASE("LineText gives a word's font runs as legacy runs of the line", "[pdf]") {
  // "Ủy ban" typed in ABC: the toned capital from .VnTimeH ("ñ" = U+00F1,
  // two bytes), the rest of the word and the line from .VnTime.
  TextLine line;
  line.words = Line("ñy ban", 100, 100, 14, ".VnTime");
  line.words[0].font = ".VnTimeH";
  line.words[0].font_runs = {{{0, 2}, ".VnTimeH"}, {{2, 3}, ".VnTime"}};
  for (Word& word : line.words) word.legacy = true;
  line.size = 14;
  std::vector<FontRun> runs;
  CHECK(LineText(line, nullptr, &runs) == "ñy ban");
  REQUIRE(runs.size() == 2);
  CHECK(runs[0].span.begin == 0);
  CHECK(runs[0].span.end == 2);
  CHECK(runs[0].font == ".VnTimeH");
  CHECK(runs[1].span.begin == 2);
  CHECK(runs[1].span.end == 7);  // "y ban": the run goes on over the space
  CHECK(runs[1].font == ".VnTime");
}

TEST_CASE("BuildParagraphs keeps the space after a TCVN3 line ending in ư given as a hyphen",
          "[pdf]") {
  // Some ABC fonts name glyph 0xAD ("ư") "hyphen": "nhà đầu tư" + "và" comes
  // as "nhµ ®Çu t-" + "vµ". In a Unicode font "QĐ-" + "UBND" stays glued.
  for (const char* font : {".VnTime", "Times"}) {
    std::vector<Word> words;
    Add(&words, Line("khã kh¨n, v-íng m¾c cho nhµ ®Çu t-", 85, 100, 14, font));
    Add(&words, Line("vµ doanh nghiÖp.", 85, 116, 14, font));
    for (Word& word : words) word.legacy = IsLegacyFontName(word.font);
    std::vector<TextLine> lines = BuildLines(words);
    std::vector<Paragraph> paragraphs = BuildParagraphs(lines, TextRight(lines));
    REQUIRE(paragraphs.size() == 1);
    INFO(font);
    bool legacy = std::string(font) == ".VnTime";
    CHECK(paragraphs[0].text == (legacy ? "khã kh¨n, v-íng m¾c cho nhµ ®Çu t- vµ doanh nghiÖp."
                                        : "khã kh¨n, v-íng m¾c cho nhµ ®Çu t-vµ doanh nghiÖp."));
  }
}

TEST_CASE("RemoveFurniture drops page numbers and repeated running headers", "[pdf]") {
  std::vector<PageLines> pages;
  for (int number = 1; number <= 4; ++number) {
    PageLines page;
    page.number = number;
    page.width = 595;
    page.height = 842;
    std::vector<Word> words = Line("CÔNG BÁO/Số 12", 250, 20);
    if (number > 1) {
      std::vector<Word> page_number = Line(std::to_string(number), 290, 40);
      words.insert(words.end(), page_number.begin(), page_number.end());
    }
    std::vector<Word> body = Line("Nội dung trang " + std::to_string(number), 85, 300);
    words.insert(words.end(), body.begin(), body.end());
    page.lines = BuildLines(words);
    pages.push_back(std::move(page));
  }
  RemoveFurniture(&pages);
  for (const PageLines& page : pages) {
    REQUIRE(page.lines.size() == 1);
    CHECK(LineText(page.lines[0]) == "Nội dung trang " + std::to_string(page.number));
    CHECK(page.furniture.size() == (page.number > 1 ? 2u : 1u));
  }
  CHECK(IsPageNumberText("- 12 -"));
  CHECK(IsPageNumberText("Trang 3"));
  CHECK(IsPageNumberText("3/10"));
  CHECK(!IsPageNumberText("12/2025/NĐ-CP"));
  CHECK(!IsPageNumberText("2025 - 2030"));
}

TEST_CASE("IsLegacyFontName recognises TCVN3 and VNI font names", "[pdf]") {
  CHECK(IsLegacyFontName(".VnTime"));
  CHECK(IsLegacyFontName("ABCDEF+.VnTimeH"));
  CHECK(IsLegacyFontName("VnArial"));
  CHECK(IsLegacyFontName("VNI-Times"));
  CHECK(!IsLegacyFontName("TimesNewRomanPSMT"));
  CHECK(!IsLegacyFontName("AAAAAA+LiberationSerif"));
}

TEST_CASE("DocumentBuilder writes cells one per line and links glued markers", "[pdf]") {
  DocumentBuilder builder("x", true);
  builder.BeginPage(1, 595, 842);
  Paragraph paragraph;
  paragraph.text = "đã ban hành kế hoạch2, yêu cầu";
  builder.AddParagraph(paragraph);
  size_t table = builder.StartTable({"STT", "Nội dung"});
  builder.AddRow(table, RowKind::kHeader, {{"STT", {}}, {"Nội dung", {}}});
  builder.AddRow(table, RowKind::kBody, {{"1.", {}}, {"", {}}});
  builder.AddFootnote("2", "Xã Gào; Xã Ia Ly.");
  Document doc = builder.Finish();
  CHECK(doc.text ==
        "đã ban hành kế hoạch2, yêu cầu\n\nSTT\nNội dung\n\n1.\n\n2 Xã Gào; Xã Ia Ly.\n\n");
  REQUIRE(doc.tables.size() == 1);
  CHECK(doc.tables[0].rows[1].cells[1].span.empty());
  REQUIRE(doc.footnotes.size() == 1);
  CHECK(doc.SpanText(doc.footnotes[0].body) == "Xã Gào; Xã Ia Ly.");
  CHECK(doc.footnotes[0].marker_span.begin == doc.text.find("2,"));
  CHECK(doc.pages[0].span.end == doc.text.size());
}

TEST_CASE("DocumentBuilder joins a row split by page breaks to its first part", "[pdf]") {
  DocumentBuilder builder("x", true);
  builder.BeginPage(1, 595, 842);
  size_t table = builder.StartTable({"STT", "Nội dung", "Cơ quan"});
  builder.AddRow(table, RowKind::kHeader, {{"STT", {}}, {"Nội dung", {}}, {"Cơ quan", {}}});
  builder.AddRow(table, RowKind::kBody, {{"1.", {}}, {"Tổ chức quán triệt Nghị quyết 59-", {}}, {"", {}}});
  builder.AddFootnote("1", "Ghi chú trang một.");
  builder.BeginPage(2, 595, 842);
  builder.page().furniture.push_back("2");
  builder.AddRow(table, RowKind::kBody, {{"", {}}, {"NQ/TW của Bộ Chính trị", {}}, {"Sở Ngoại vụ", {}}});
  builder.BeginPage(3, 595, 842);  // page 2 held only the row's middle part
  builder.AddRow(table, RowKind::kBody, {{"", {}}, {"trong toàn tỉnh", {}}, {"", {}}});
  builder.AddRow(table, RowKind::kBody, {{"2.", {}}, {"Tuyên truyền", {}}, {"Các sở", {}}});
  builder.AddFootnote("2", "Ghi chú trang ba.");
  Document doc = builder.Finish();
  CHECK(builder.merged_rows() == 2);
  CHECK(testing::CheckInvariants(doc) == "");
  REQUIRE(doc.tables.size() == 1);
  const Table& out = doc.tables[0];
  REQUIRE(out.rows.size() == 3);
  const Row& row = out.rows[1];
  CHECK(row.page == 1);
  CHECK(doc.SpanText(row.cells[0].span) == "1.");
  CHECK(doc.SpanText(row.cells[1].span) ==
        "Tổ chức quán triệt Nghị quyết 59-NQ/TW của Bộ Chính trị trong toàn tỉnh");
  CHECK(doc.SpanText(row.cells[2].span) == "Sở Ngoại vụ");
  // The whole row is on page 1, before page 1's footnote; page 2 is empty.
  CHECK(doc.PageAt(row.cells[1].span.begin) == 1);
  REQUIRE(doc.footnotes.size() == 2);
  CHECK(doc.footnotes[0].page == 1);
  CHECK(doc.footnotes[0].body.begin > row.cells[2].span.end);
  CHECK(doc.footnotes[0].body.end <= doc.pages[0].span.end);
  CHECK(doc.pages[1].span.empty());
  CHECK(doc.pages[1].furniture == std::vector<std::string>{"2"});
  CHECK(out.rows[2].page == 3);
  CHECK(doc.PageAt(out.rows[2].cells[1].span.begin) == 3);
  CHECK(doc.footnotes[1].page == 3);
}

TEST_CASE("DocumentBuilder keeps rows whose number cell is filled or that follow other text", "[pdf]") {
  DocumentBuilder builder("x", true);
  builder.BeginPage(1, 595, 842);
  size_t table = builder.StartTable({"STT", "Nội dung"});
  builder.AddRow(table, RowKind::kBody, {{"1.", {}}, {"Một", {}}});
  builder.BeginPage(2, 595, 842);
  builder.AddRow(table, RowKind::kBody, {{"2.", {}}, {"Hai", {}}});  // a new row
  builder.BeginPage(3, 595, 842);
  Paragraph paragraph;
  paragraph.text = "Đoạn văn đầu trang.";
  builder.AddParagraph(paragraph);
  builder.AddRow(table, RowKind::kBody, {{"", {}}, {"Ba", {}}});  // not at the page top
  size_t other = builder.StartTable({"STT", "Nội dung"});
  builder.BeginPage(4, 595, 842);
  builder.AddRow(other, RowKind::kBody, {{"", {}}, {"Bốn", {}}});  // another table
  Document doc = builder.Finish();
  CHECK(builder.merged_rows() == 0);
  CHECK(testing::CheckInvariants(doc) == "");
  CHECK(doc.tables[0].rows.size() == 3);
  CHECK(doc.PageAt(doc.tables[0].rows[1].cells[1].span.begin) == 2);
  CHECK(doc.PageAt(doc.text.find("Đoạn văn")) == 3);
  CHECK(doc.PageAt(doc.tables[1].rows[0].cells[1].span.begin) == 4);
}

}  // namespace
}  // namespace docpipe
