// Fuzzes table reconstruction (pipeline/pdf/tables.h) the way the PDF
// reader drives it: positioned words -> BuildLines -> TableFinder (two
// passes over the pages), and the plain-text path FindTextTables.
//
// Input format (so that the fuzzer mutates geometry and text separately):
//   byte 0: bit 0 set -> text mode: the rest is lines separated by '\n'
//           (a line of spaces only is "blank"), given to FindTextTables.
//   otherwise a sequence of records:
//     0xFF                          next page
//     L x_hi x_lo y_hi y_lo w s     a word of (L % 32) text bytes that follow;
//                                   x, y in 1/8 pt (mod the page), width w/2+1 pt,
//                                   font size 4 + (s >> 2) % 24 pt; bit 0 of s: space
//                                   after, bit 1: bold.
// Asserts that row and cell counts agree with the header's columns and that
// no cell is produced from nothing.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "pipeline/pdf/layout.h"
#include "pipeline/pdf/tables.h"
#include "tests/fuzz/fuzz_check.h"

namespace docpipe {
namespace {

constexpr double kPageWidth = 842, kPageHeight = 842;

std::vector<std::vector<Word>> DecodePages(const uint8_t* data, size_t size) {
  std::vector<std::vector<Word>> pages(1);
  size_t pos = 0;
  while (pos < size && pages.size() < 64) {
    uint8_t tag = data[pos++];
    if (tag == 0xFF) {
      pages.emplace_back();
      continue;
    }
    if (size - pos < 6) break;
    double x = ((data[pos] << 8) | data[pos + 1]) / 8.0;
    double y = ((data[pos + 2] << 8) | data[pos + 3]) / 8.0;
    double width = data[pos + 4] / 2.0 + 1;
    uint8_t style = data[pos + 5];
    pos += 6;
    size_t length = tag % 32;
    if (length > size - pos) length = size - pos;
    Word word;
    word.text.assign(reinterpret_cast<const char*>(data + pos), length);
    pos += length;
    word.size = 4 + (style >> 2) % 24;
    while (x > kPageWidth) x -= kPageWidth;
    while (y > kPageHeight) y -= kPageHeight;
    word.box = Box{x, y, x + width, y + word.size};
    word.space_after = (style & 1) != 0;
    word.font = (style & 2) ? "LiberationSerif-Bold" : "LiberationSerif";
    pages.back().push_back(std::move(word));
  }
  return pages;
}

void CheckRows(const std::vector<RowDraft>& rows, size_t columns) {
  for (const RowDraft& row : rows) {
    if (row.kind == RowKind::kSection) {
      FUZZ_CHECK(row.cells.size() == 1);
    } else if (columns > 0) {
      FUZZ_CHECK(row.cells.size() <= columns);
    }
  }
}

}  // namespace
}  // namespace docpipe

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace docpipe;
  if (size == 0) return 0;
  if (data[0] & 1) {
    std::vector<TextItem> items;
    std::string_view text(reinterpret_cast<const char*>(data + 1), size - 1);
    size_t start = 0;
    while (start <= text.size()) {
      size_t end = text.find('\n', start);
      if (end == std::string_view::npos) end = text.size();
      TextItem item;
      item.text.assign(text.substr(start, end - start));
      item.blank = item.text.find_first_not_of(" \t") == std::string::npos;
      items.push_back(std::move(item));
      start = end + 1;
    }
    for (const TextTable& table : FindTextTables(items)) {
      FUZZ_CHECK(table.begin <= table.end && table.end <= items.size());
      FUZZ_CHECK(table.row_begin.size() == table.rows.size());
      CheckRows(table.rows, table.header.size());
    }
    return 0;
  }
  std::vector<std::vector<TextLine>> pages;
  for (std::vector<Word>& words : DecodePages(data + 1, size - 1)) {
    pages.push_back(BuildLines(std::move(words)));
  }
  TableFinder finder;
  for (const std::vector<TextLine>& lines : pages) finder.Find(lines);
  finder.Rewind();
  for (const std::vector<TextLine>& lines : pages) {
    std::optional<PageTable> table = finder.Find(lines);
    if (!table) continue;
    CheckRows(table->rows, table->header.size());
    FUZZ_CHECK(table->before.size() + table->after.size() <= lines.size());
  }
  return 0;
}
