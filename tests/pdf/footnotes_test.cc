// Tests of pipeline/pdf/footnotes.h.

#include <string>

#include <catch2/catch.hpp>

#include "pipeline/pdf/footnotes.h"

namespace docpipe {
namespace {

void Put(std::vector<Word>* words, const std::string& text, double x, double y, double size) {
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find(' ', start);
    if (end == std::string::npos) end = text.size();
    Word word;
    word.text = text.substr(start, end - start);
    word.box = {x, y, x + size * 0.45 * static_cast<double>(word.text.size()), y + size * 0.9};
    word.size = size;
    x = word.box.x1 + 3;
    words->push_back(word);
    start = end + 1;
  }
}

TEST_CASE("SplitFootnoteLine takes a leading marker, not an enumeration", "[pdf]") {
  std::string marker, rest;
  CHECK(SplitFootnoteLine("2 Phường Quy Nhơn Tây; Xã Gào.", &marker, &rest));
  CHECK(marker == "2");
  CHECK(rest == "Phường Quy Nhơn Tây; Xã Gào.");
  CHECK(SplitFootnoteLine("* Ghi chú.", &marker, &rest));
  CHECK(marker == "*");
  CHECK(!SplitFootnoteLine("2. Tiếp tục tổ chức", &marker, &rest));
  CHECK(!SplitFootnoteLine("2025 là năm", &marker, &rest));
  CHECK(!SplitFootnoteLine("15 2026", &marker, &rest));
}

TEST_CASE("HasGluedMarker finds a marker glued to a word only", "[pdf]") {
  CHECK(HasGluedMarker("văn bản triển khai thực hiện1, yêu cầu", "1"));
  CHECK(HasGluedMarker("chưa ban hành kế hoạch2.", "2"));
  CHECK(!HasGluedMarker("Điều 1. Ban hành", "1"));
  CHECK(!HasGluedMarker("số 59-NQ/TW ngày 24/01/2025", "1"));
  CHECK(!HasGluedMarker("Quyết định 1520/QĐ-UBND", "2"));
}

TEST_CASE("SplitFootnotes takes the small lines at the page bottom", "[pdf]") {
  std::vector<Word> words;
  Put(&words, "Nội dung chính của trang văn bản này.", 85, 100, 14);
  Put(&words, "Dòng thứ hai của nội dung chính.", 85, 118, 14);
  Put(&words, "- Lưu: VT.", 85, 700, 11);  // small, but not a footnote
  Put(&words, "1", 85, 760, 8);
  Put(&words, "Sở Văn hoá, Thể thao và Du lịch", 92, 761, 11);
  Put(&words, "2", 85, 775, 8);
  Put(&words, "Phường Quy Nhơn Tây; Phường", 92, 776, 11);
  Put(&words, "Quy Nhơn Bắc.", 85, 790, 11);
  std::vector<TextLine> lines = BuildLines(words);
  std::vector<FootnoteDraft> notes = SplitFootnotes(&lines, 14);
  REQUIRE(notes.size() == 2);
  CHECK(notes[0].marker == "1");
  CHECK(notes[0].text == "Sở Văn hoá, Thể thao và Du lịch");
  CHECK(notes[1].text == "Phường Quy Nhơn Tây; Phường Quy Nhơn Bắc.");
  REQUIRE(lines.size() == 3);
  CHECK(LineText(lines.back()) == "- Lưu: VT.");
}

TEST_CASE("BodySize is the size of most characters", "[pdf]") {
  std::vector<Word> words;
  Put(&words, "một đoạn dài của thân văn bản chính", 85, 100, 14);
  Put(&words, "ghi chú", 85, 700, 11);
  PageLines page;
  page.lines = BuildLines(words);
  CHECK(BodySize({page}) == Approx(14));
}

}  // namespace
}  // namespace docpipe
