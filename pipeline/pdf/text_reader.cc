// ParseText (declared in reader.h): plain text, such as the seeds (text
// layers copied from PDFs), through the same paragraph, footnote and table
// logic as PDFs, as far as text allows: no geometry, so paragraphs come from
// blank lines and from how lines start and end, tables from the "one cell
// per line" shape of text layers, footnotes from "<n> text" after a blank
// line with "<n>" glued to a word before it. Text in Windows-1258 or TCVN3
// is decoded first (a note says so); other 8-bit text is refused naming
// what was tried.

#include "pipeline/pdf/reader.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <iterator>
#include <string>
#include <utility>
#include <vector>

#include "pipeline/base/strings.h"
#include "pipeline/base/vn_charsets.h"
#include "pipeline/base/vn_syllable.h"
#include "pipeline/pdf/footnotes.h"
#include "pipeline/pdf/layout.h"
#include "pipeline/pdf/tables.h"

namespace docpipe {
namespace {

// Site banners and trailers of the legal-text web sites the seeds were
// copied from: furniture, not content.
constexpr std::string_view kBanners[] = {
    "H\xE1\xBB\x87 th\xE1\xBB\x91ng ph\xC3\xA1p lu\xE1\xBA\xADt",        // Hệ thống pháp luật
    "Th\xC6\xB0 vi\xE1\xBB\x87n ph\xC3\xA1p lu\xE1\xBA\xADt",            // Thư viện pháp luật
    "TH\xC6\xAF VI\xE1\xBB\x86N PH\xC3\x81P LU\xE1\xBA\xACT",            // THƯ VIỆN PHÁP LUẬT
    "LuatVietnam",
};
constexpr std::string_view kTrailer = "HI\xE1\xBB\x86U L\xE1\xBB\xB0" "C V\xC4\x82N B\xE1\xBA\xA2N";
constexpr std::string_view kTrailerField = "S\xE1\xBB\x91 hi\xE1\xBB\x87u:";  // "Số hiệu:"

// Only white space, NBSP (U+00A0) and other Unicode spaces.
bool IsBlankText(std::string_view text) {
  size_t pos = 0;
  while (pos < text.size()) {
    char32_t cp = DecodeUtf8(text, &pos);
    bool space = cp == ' ' || cp == '\t' || cp == '\r' || cp == 0xA0 || cp == 0x2002 ||
                 cp == 0x2003 || cp == 0x2009 || cp == 0x200B || cp == 0x3000 || cp == 0xFEFF;
    if (!space) return false;
  }
  return true;
}

// Trims ASCII space and NBSP from both ends.
std::string_view TrimAll(std::string_view text) {
  for (;;) {
    std::string_view before = text;
    text = Trim(text);
    if (StartsWith(text, "\xC2\xA0")) text.remove_prefix(2);
    if (EndsWith(text, "\xC2\xA0")) text.remove_suffix(2);
    if (text == before) return text;
  }
}

bool StartsLowerText(std::string_view text) {
  if (text.empty()) return false;
  size_t pos = 0;
  char32_t cp = DecodeUtf8(text, &pos);
  if (cp < 0x80) return std::islower(static_cast<int>(cp)) != 0;
  if (cp == 0x111 || cp == 0x103 || cp == 0x1A1 || cp == 0x1B0 || cp == 0x129 || cp == 0x169) {
    return true;
  }
  if (cp >= 0xDF && cp <= 0xFF) return true;
  return cp >= 0x1EA0 && cp <= 0x1EF9 && cp % 2 == 1;
}

bool StartsUpperText(std::string_view text) {
  if (text.empty()) return false;
  if (text[0] == '"' || StartsWith(text, "\xE2\x80\x9C") || text[0] == '(') return true;
  size_t pos = 0;
  char32_t cp = DecodeUtf8(text, &pos);
  if (cp < 0x80) return std::isupper(static_cast<int>(cp)) != 0;
  return !StartsLowerText(text) && (cp == 0x110 || (cp >= 0xC0 && cp <= 0xDE) ||
                                    (cp >= 0x100 && cp <= 0x1B0) || (cp >= 0x1EA0 && cp <= 0x1EF9));
}

// "1. X", "1.2. X", "a) X", "- X" (capital after the dash), "I. X", "Điều 1."
bool StartsParagraph(std::string_view text) {
  size_t pos = 0;
  while (pos < text.size() && (std::isdigit(static_cast<unsigned char>(text[pos])) ||
                               (pos > 0 && text[pos] == '.'))) {
    ++pos;
  }
  if (pos > 0 && text[pos - 1] == '.' && pos < text.size() && text[pos] == ' ') return true;
  if (text.size() > 2 && std::islower(static_cast<unsigned char>(text[0])) && text[1] == ')') {
    return true;
  }
  if ((StartsWith(text, "- ") || StartsWith(text, "+ ")) && StartsUpperText(text.substr(2))) {
    return true;
  }
  if (StartsWithRomanMarker(text)) return true;
  return StartsWith(text, "\xC4\x90i\xE1\xBB\x81u ");  // "Điều "
}

bool IsBareNumber(std::string_view text) {
  if (text.empty() || text.size() > 3) return false;
  for (char c : text) {
    if (!std::isdigit(static_cast<unsigned char>(c))) return false;
  }
  return true;
}

// Plain text in an 8-bit Vietnamese encoding, as files of older office
// software are. Two are decoded, as glibc's iconv decodes them:
//  - Windows-1258 (Vietnamese Windows): Latin letters plus five combining
//    tone marks (0xCC 0xD2 0xDE 0xEC 0xF2) after the base letter;
//  - TCVN 5712:1993 (TCVN3, glibc "TCVN5712-1"): precomposed letters, the
//    capitals with a tone in 0x80..0x9F and a few control bytes (VN1).
//    normalize/legacy_encoding.cc reads the same bytes in PDF text layers,
//    where 0x80..0x9F are WinAnsi punctuation (ABC fonts); plain text files
//    are read here, before the normalizer, with glibc's table.
// Tone marks are composed with their base letter, so the result is NFC for
// Vietnamese letters. Which encoding a file is in is judged by whether its
// words read as Vietnamese syllables (base/vn_syllable.h). VNI, which
// spreads a letter over two Windows-1252 bytes, is not decoded.



// TCVN3 capitals with a tone below 0x20 (VN1); the other control bytes are
// themselves.
char32_t Tcvn3Control(unsigned char byte) {
  switch (byte) {
    case 0x01: return 0x00DA;
    case 0x02: return 0x1EE4;
    case 0x04: return 0x1EEA;
    case 0x05: return 0x1EEC;
    case 0x06: return 0x1EEE;
    case 0x11: return 0x1EE8;
    case 0x12: return 0x1EF0;
    case 0x13: return 0x1EF2;
    case 0x14: return 0x1EF6;
    case 0x15: return 0x1EF8;
    case 0x16: return 0x00DD;
    case 0x17: return 0x1EF4;
    default: return byte;
  }
}

// A Vietnamese vowel and its forms with the five tones, in the order of
// kToneMarks.
struct TonedVowel {
  char32_t base;
  char32_t toned[5];
};
constexpr char32_t kToneMarks[5] = {0x0300, 0x0309, 0x0303, 0x0301, 0x0323};
constexpr TonedVowel kTonedVowels[] = {
    {0x0061, {0x00E0, 0x1EA3, 0x00E3, 0x00E1, 0x1EA1}},  // a à ả ã á ạ
    {0x0041, {0x00C0, 0x1EA2, 0x00C3, 0x00C1, 0x1EA0}},  // A À Ả Ã Á Ạ
    {0x0103, {0x1EB1, 0x1EB3, 0x1EB5, 0x1EAF, 0x1EB7}},  // ă ằ ẳ ẵ ắ ặ
    {0x0102, {0x1EB0, 0x1EB2, 0x1EB4, 0x1EAE, 0x1EB6}},  // Ă Ằ Ẳ Ẵ Ắ Ặ
    {0x00E2, {0x1EA7, 0x1EA9, 0x1EAB, 0x1EA5, 0x1EAD}},  // â ầ ẩ ẫ ấ ậ
    {0x00C2, {0x1EA6, 0x1EA8, 0x1EAA, 0x1EA4, 0x1EAC}},  // Â Ầ Ẩ Ẫ Ấ Ậ
    {0x0065, {0x00E8, 0x1EBB, 0x1EBD, 0x00E9, 0x1EB9}},  // e è ẻ ẽ é ẹ
    {0x0045, {0x00C8, 0x1EBA, 0x1EBC, 0x00C9, 0x1EB8}},  // E È Ẻ Ẽ É Ẹ
    {0x00EA, {0x1EC1, 0x1EC3, 0x1EC5, 0x1EBF, 0x1EC7}},  // ê ề ể ễ ế ệ
    {0x00CA, {0x1EC0, 0x1EC2, 0x1EC4, 0x1EBE, 0x1EC6}},  // Ê Ề Ể Ễ Ế Ệ
    {0x0069, {0x00EC, 0x1EC9, 0x0129, 0x00ED, 0x1ECB}},  // i ì ỉ ĩ í ị
    {0x0049, {0x00CC, 0x1EC8, 0x0128, 0x00CD, 0x1ECA}},  // I Ì Ỉ Ĩ Í Ị
    {0x006F, {0x00F2, 0x1ECF, 0x00F5, 0x00F3, 0x1ECD}},  // o ò ỏ õ ó ọ
    {0x004F, {0x00D2, 0x1ECE, 0x00D5, 0x00D3, 0x1ECC}},  // O Ò Ỏ Õ Ó Ọ
    {0x00F4, {0x1ED3, 0x1ED5, 0x1ED7, 0x1ED1, 0x1ED9}},  // ô ồ ổ ỗ ố ộ
    {0x00D4, {0x1ED2, 0x1ED4, 0x1ED6, 0x1ED0, 0x1ED8}},  // Ô Ồ Ổ Ỗ Ố Ộ
    {0x01A1, {0x1EDD, 0x1EDF, 0x1EE1, 0x1EDB, 0x1EE3}},  // ơ ờ ở ỡ ớ ợ
    {0x01A0, {0x1EDC, 0x1EDE, 0x1EE0, 0x1EDA, 0x1EE2}},  // Ơ Ờ Ở Ỡ Ớ Ợ
    {0x0075, {0x00F9, 0x1EE7, 0x0169, 0x00FA, 0x1EE5}},  // u ù ủ ũ ú ụ
    {0x0055, {0x00D9, 0x1EE6, 0x0168, 0x00DA, 0x1EE4}},  // U Ù Ủ Ũ Ú Ụ
    {0x01B0, {0x1EEB, 0x1EED, 0x1EEF, 0x1EE9, 0x1EF1}},  // ư ừ ử ữ ứ ự
    {0x01AF, {0x1EEA, 0x1EEC, 0x1EEE, 0x1EE8, 0x1EF0}},  // Ư Ừ Ử Ữ Ứ Ự
    {0x0079, {0x1EF3, 0x1EF7, 0x1EF9, 0x00FD, 0x1EF5}},  // y ỳ ỷ ỹ ý ỵ
    {0x0059, {0x1EF2, 0x1EF6, 0x1EF8, 0x00DD, 0x1EF4}},  // Y Ỳ Ỷ Ỹ Ý Ỵ
};

// "base" with the combining tone "mark", or 0 when they do not compose.
char32_t ComposeTone(char32_t base, char32_t mark) {
  size_t tone = std::find(std::begin(kToneMarks), std::end(kToneMarks), mark) -
                std::begin(kToneMarks);
  if (tone >= std::size(kToneMarks)) return 0;
  for (const TonedVowel& vowel : kTonedVowels) {
    if (vowel.base == base) return vowel.toned[tone];
  }
  return 0;
}

enum class EightBit { kWindows1258, kTcvn3 };

std::string DecodeEightBit(std::string_view bytes, EightBit encoding) {
  std::vector<char32_t> out;
  out.reserve(bytes.size());
  for (char c : bytes) {
    unsigned char byte = static_cast<unsigned char>(c);
    char32_t cp = byte;
    if (byte >= 0x80) {
      cp = encoding == EightBit::kWindows1258 ? kWindows1258High[byte - 0x80]
                                               : kTcvn3High[byte - 0x80];
    } else if (encoding == EightBit::kTcvn3 && byte < 0x20) {
      cp = Tcvn3Control(byte);
    }
    char32_t composed = out.empty() ? 0 : ComposeTone(out.back(), cp);
    if (composed != 0) {
      out.back() = composed;
    } else {
      out.push_back(cp);
    }
  }
  std::string text;
  text.reserve(out.size() * 2);
  for (char32_t cp : out) AppendUtf8(cp, &text);
  return text;
}

struct EightBitParams {
  // Share of words that must be well-formed Vietnamese syllables: official
  // text also has acronyms and codes ("UBND", "QĐ-TTg") that are not.
  double min_valid_rate = 0.6;
  // Share of words with a diacritic: without them the bytes above 0x7F say
  // nothing about Vietnamese.
  double min_marked_rate = 0.15;
  // How many times more valid words than the other encoding: a clear winner.
  double min_lead = 1.5;
};

// The 8-bit encoding "bytes" read as Vietnamese in, and the text decoded;
// an empty name when neither reads as Vietnamese.
std::pair<std::string_view, std::string> GuessEightBit(std::string_view bytes) {
  const EightBitParams params;
  std::string windows = DecodeEightBit(bytes, EightBit::kWindows1258);
  std::string tcvn = DecodeEightBit(bytes, EightBit::kTcvn3);
  SyllableStats windows_stats = CountSyllables(windows);
  SyllableStats tcvn_stats = CountSyllables(tcvn);
  auto wins = [&](const SyllableStats& mine, const SyllableStats& other) {
    return mine.valid_rate() >= params.min_valid_rate &&
           mine.marked_rate() >= params.min_marked_rate &&
           mine.valid >= params.min_lead * other.valid;
  };
  if (wins(windows_stats, tcvn_stats)) return {"Windows-1258", std::move(windows)};
  if (wins(tcvn_stats, windows_stats)) return {"TCVN3 (TCVN 5712:1993)", std::move(tcvn)};
  return {};
}

// Makes "*text" UTF-8 text: drops a UTF-8 byte-order mark; decodes text in
// an 8-bit encoding (mostly bytes that are not UTF-8) into "*decoded" and
// points "*text" at it when it reads as Vietnamese, else refuses it naming
// what was tried; refuses NUL bytes and text with more than 1 invalid byte
// in 20; warns about fewer.
Status CheckEncoding(std::string_view file_name, std::string_view* text, std::string* decoded,
                     Diagnostics* diagnostics) {
  if (StartsWith(*text, "\xEF\xBB\xBF")) text->remove_prefix(3);
  size_t bad = 0, nul = 0, multibyte = 0;
  for (size_t pos = 0; pos < text->size();) {
    size_t before = pos;
    char32_t cp = DecodeUtf8(*text, &pos);
    if (cp == 0xFFFD && pos == before + 1) ++bad;
    if (pos > before + 1) ++multibyte;
    if (cp == 0) ++nul;
  }
  if (nul == 0 && bad > 0 && multibyte * 10 < bad) {
    auto [encoding, text_in_utf8] = GuessEightBit(*text);
    if (!encoding.empty()) {
      *decoded = std::move(text_in_utf8);
      *text = *decoded;
      diagnostics->Note(Substitute("text decoded from $1", {encoding}));
      return OkStatus();
    }
    if (bad * 20 > text->size()) {
      return Status::Error(Code::kUnsupported,
                           "text is not UTF-8 but an 8-bit encoding that reads as Vietnamese "
                           "neither in Windows-1258 nor in TCVN3 (VNI?); save it as UTF-8",
                           {std::string(file_name)});
    }
  }
  if (nul > 0 || (!text->empty() && bad * 20 > text->size())) {
    return Status::Error(Code::kBadInput, "not text (NUL bytes or invalid UTF-8)",
                         {std::string(file_name)});
  }
  if (bad > 0) {
    diagnostics->Warn(Code::kBadInput, Substitute("$1 invalid UTF-8 bytes", {std::to_string(bad)}));
  }
  return OkStatus();
}

struct Item {
  std::string text;  // trimmed
  bool blank = false;
  bool indented = false;     // the raw line started with a space
  bool empty_before = false; // one or more empty lines before it
  int page = 1;
  size_t line = 0;           // 1-based source line
};

// The lines of "text" as items, furniture out, pages split at form feeds
// and at running page numbers.
struct TextItems {
  std::vector<Item> items;
  std::vector<std::vector<std::string>> furniture{1};  // per page
  std::vector<int> page_numbers{1};                     // printed number per page
  int pages = 1;
  bool paragraph_per_line = false;  // one paragraph per line, blank lines between
};

TextItems ItemsOfText(std::string_view text) {
  // 1. Lines -> items, furniture out, pages at form feeds and page numbers.
  // Item::page is the ordinal of the page in the text (1, 2, ...);
  // page_numbers holds the printed number of each. Text layers of Word PDFs
  // print no number on page 1 and "N" at the top of page N >= 2. A bare
  // number line k on page number p starts page k when p < k <= p + 2 (one
  // printed number may have been lost, e.g. cut off with a header: seed 003
  // shows "3" as its first number, and its page 2 is then empty because its
  // text cannot be told from page 1's); any other bare number is text. After a
  // form feed, a bare number equal to the new page's number is its running
  // number, not another page.
  TextItems out;
  std::vector<Item>& items = out.items;
  std::vector<std::vector<std::string>>& furniture = out.furniture;
  std::vector<int>& page_numbers = out.page_numbers;
  int& page = out.pages;
  bool page_has_items = false;
  bool empty_before = false;
  std::vector<std::string_view> lines = SplitLines(text);
  size_t non_empty = 0, followed_by_empty = 0;
  for (size_t idx = 0; idx < lines.size(); ++idx) {
    if (Trim(lines[idx]).empty()) continue;
    ++non_empty;
    if (idx + 1 < lines.size() && Trim(lines[idx + 1]).empty()) ++followed_by_empty;
  }
  // Text layers of blank-separated paragraphs (one paragraph per line) or
  // of hard-wrapped lines: the seeds have both.
  out.paragraph_per_line = non_empty > 0 && followed_by_empty * 10 >= non_empty * 6;
  for (size_t idx = 0; idx < lines.size(); ++idx) {
    std::string_view raw = lines[idx];
    while (!raw.empty() && raw.front() == '\f') {
      raw.remove_prefix(1);
      ++page;
      page_numbers.push_back(page_numbers.back() + 1);
      page_has_items = false;
      furniture.emplace_back();
    }
    std::string_view trimmed = TrimAll(raw);
    if (raw.empty()) {
      empty_before = true;
      continue;
    }
    if (std::find(std::begin(kBanners), std::end(kBanners), trimmed) != std::end(kBanners)) {
      furniture.back().push_back(std::string(trimmed));
      continue;
    }
    if (trimmed == kTrailer) {
      bool trailer = false;
      for (size_t ahead = idx + 1; ahead < lines.size() && ahead <= idx + 4; ++ahead) {
        if (lines[ahead].find(kTrailerField) != std::string_view::npos) trailer = true;
      }
      if (trailer) {
        for (; idx < lines.size(); ++idx) {
          if (!TrimAll(lines[idx]).empty()) furniture.back().push_back(std::string(TrimAll(lines[idx])));
        }
        break;
      }
    }
    if (IsBareNumber(trimmed)) {
      int printed = 0;
      for (char c : trimmed) printed = printed * 10 + (c - '0');
      int current = page_numbers.back();
      if (printed == current && page > 1 && !page_has_items) {
        furniture.back().push_back(std::string(trimmed));  // after a form feed
        continue;
      }
      if (printed > current && printed <= current + 2) {
        // A running page number: the next page starts here. A lost number
        // gets an empty page, so that pages stay numbered 1, 2, 3, ... and
        // the pages after it carry their printed numbers.
        if (printed == current + 2) {
          ++page;
          page_numbers.push_back(current + 1);
          furniture.emplace_back();
        }
        ++page;
        page_numbers.push_back(printed);
        page_has_items = false;
        furniture.emplace_back();
        furniture.back().push_back(std::string(trimmed));
        continue;
      }
    }
    Item item;
    item.text = std::string(trimmed);
    item.blank = IsBlankText(raw);
    item.indented = raw.front() == ' ';
    item.empty_before = empty_before;
    item.page = page;
    item.line = idx + 1;
    empty_before = false;
    page_has_items = true;
    items.push_back(std::move(item));
  }
  return out;
}

// Step 2: tables found in the items; returns the table of each item (-1
// outside tables).
std::vector<int> MarkTables(const std::vector<Item>& items, const std::vector<TextTable>& tables,
                            Diagnostics* diagnostics) {
  std::vector<int> table_of(items.size(), -1);
  for (size_t table_idx = 0; table_idx < tables.size(); ++table_idx) {
    for (size_t idx = tables[table_idx].begin; idx < tables[table_idx].end; ++idx) {
      table_of[idx] = static_cast<int>(table_idx);
    }
    if (tables[table_idx].irregular_rows > 0) {
      diagnostics->Note(Substitute("table at line $1: $2 cell lines merged or padded",
                                   {std::to_string(items[tables[table_idx].begin].line),
                                    std::to_string(tables[table_idx].irregular_rows)}));
    }
  }
  return table_of;
}

// Step 3: footnotes, "<n> text" after a blank line whose marker is glued to
// a word before it; returns for each item the index of its footnote's first
// item (-1 outside footnotes).
std::vector<int> MarkFootnotes(const std::vector<Item>& items, const std::vector<int>& table_of) {
  std::vector<int> footnote_of(items.size(), -1);  // index of the footnote's first item
  std::string seen;
  for (size_t idx = 0; idx < items.size(); ++idx) {
    const Item& item = items[idx];
    std::string marker, rest;
    bool after_blank = idx > 0 && (items[idx - 1].blank || item.empty_before);
    if (table_of[idx] < 0 && !item.indented && after_blank &&
        SplitFootnoteLine(item.text, &marker, &rest) && HasGluedMarker(seen, marker)) {
      footnote_of[idx] = static_cast<int>(idx);
      size_t next = idx + 1;
      while (next < items.size() && !items[next].blank && !items[next].empty_before &&
             !items[next].indented && !StartsParagraph(items[next].text) &&
             table_of[next] < 0 && items[next].page == item.page) {
        footnote_of[next] = static_cast<int>(idx);
        ++next;
      }
      idx = next - 1;
      continue;
    }
    seen += item.text;
    seen += '\n';
  }
  return footnote_of;
}

}  // namespace

Result<Document> ParseText(std::string_view file_name, std::string_view text,
                           Diagnostics* diagnostics) {
  Diagnostics local;
  if (diagnostics == nullptr) diagnostics = &local;
  std::string decoded;  // holds the text when it was decoded from 8 bits
  Status encoding = CheckEncoding(file_name, &text, &decoded, diagnostics);
  if (!encoding.ok()) return encoding;

  TextItems text_items = ItemsOfText(text);
  const std::vector<Item>& items = text_items.items;
  const std::vector<std::vector<std::string>>& furniture = text_items.furniture;
  const std::vector<int>& page_numbers = text_items.page_numbers;
  const bool paragraph_per_line = text_items.paragraph_per_line;

  // 2. Tables.
  std::vector<TextItem> table_items;
  for (const Item& item : items) table_items.push_back({item.text, item.blank});
  std::vector<TextTable> tables = FindTextTables(table_items);
  std::vector<int> table_of = MarkTables(items, tables, diagnostics);

  // 3. Footnotes.
  std::vector<int> footnote_of = MarkFootnotes(items, table_of);

  // 4. Paragraphs, written page by page with tables and footnotes.
  std::vector<size_t> long_lines;
  for (const Item& item : items) long_lines.push_back(item.text.size());
  std::sort(long_lines.begin(), long_lines.end());
  size_t full = long_lines.empty() ? 0 : long_lines[long_lines.size() * 9 / 10];

  DocumentBuilder builder(file_name, /*from_pdf=*/false);
  int current_page = 0;
  auto ensure_page = [&](int wanted) {
    while (current_page < wanted) {
      ++current_page;
      builder.BeginPage(page_numbers[static_cast<size_t>(current_page) - 1], 0, 0);
      builder.page().source = TextSource::kPlainText;
      builder.page().source_reason = "plain_text";
      if (static_cast<size_t>(current_page) <= furniture.size()) {
        builder.page().furniture = furniture[static_cast<size_t>(current_page) - 1];
      }
    }
  };
  ensure_page(1);
  Paragraph current;
  const Item* prev = nullptr;
  auto flush = [&] {
    if (!current.text.empty()) builder.AddParagraph(current);
    current = Paragraph();
    prev = nullptr;
  };
  size_t idx = 0;
  while (idx < items.size()) {
    const Item& item = items[idx];
    if (table_of[idx] >= 0) {
      flush();
      const TextTable& table = tables[static_cast<size_t>(table_of[idx])];
      ensure_page(item.page);
      size_t table_idx = builder.StartTable(table.header);
      // Rows are written on the page of their first line.
      for (size_t row_idx = 0; row_idx < table.rows.size(); ++row_idx) {
        ensure_page(items[table.row_begin[row_idx]].page);
        const RowDraft& row = table.rows[row_idx];
        builder.AddRow(table_idx, row.kind, row.cells);
      }
      idx = table.end;
      continue;
    }
    if (footnote_of[idx] >= 0) {
      ensure_page(item.page);
      size_t first = idx;
      std::string body;
      std::string marker, rest;
      SplitFootnoteLine(item.text, &marker, &rest);
      body = rest;
      ++idx;
      while (idx < items.size() && footnote_of[idx] == static_cast<int>(first)) {
        AppendJoined(&body, items[idx].text);
        ++idx;
      }
      builder.AddFootnote(marker, body);
      continue;
    }
    if (item.page != current_page) {
      // A page break inside a paragraph keeps the paragraph together; it is
      // written on the page where it started.
      if (prev == nullptr) ensure_page(item.page);
    }
    if (item.blank) {
      flush();
      ++idx;
      continue;
    }
    bool new_paragraph = prev == nullptr;
    if (!new_paragraph) {
      if (paragraph_per_line) {
        bool joined = EndsWith(prev->text, ",") || StartsLowerText(item.text) ||
                      (StartsWith(item.text, "- ") && StartsLowerText(item.text.substr(2)));
        new_paragraph = !joined;
      } else {
        bool upper = StartsUpperText(item.text);
        bool prev_short = prev->text.size() * 10 < full * 6;
        bool prev_closed = EndsWith(prev->text, ".") || EndsWith(prev->text, ":") ||
                           EndsWith(prev->text, ";");
        new_paragraph = StartsParagraph(item.text) || (item.indented && upper) ||
                        (upper && (prev_closed || prev_short));
      }
    }
    if (new_paragraph) {
      flush();
      ensure_page(item.page);
    }
    AppendJoined(&current.text, item.text);
    prev = &item;
    ++idx;
  }
  flush();
  ensure_page(text_items.pages);
  return builder.Finish();
}

}  // namespace docpipe
