#include "pipeline/model/document_codec.h"

// Format: a magic "DPD1" (document) or "DPG1" (diagnostics), then fields in a
// fixed order. Integers are LEB128 varints, doubles are their IEEE-754 bits
// as 8 little-endian bytes, strings are a varint length and the bytes,
// vectors a varint count and the elements. The decoder checks every length
// against the bytes left, so malformed input yields kBadInput, never a read
// out of bounds.

#include <cstdint>
#include <cstring>
#include <utility>

namespace docpipe {
namespace {

// DPD2 adds each page's text source, reason and unused layer text; DPD3 each
// page's OCR words holding digits. DPD1 and DPD2 are still read, so stored
// documents stay re-extractable.
constexpr std::string_view kDocumentMagic = "DPD3";
constexpr std::string_view kDocumentMagicV2 = "DPD2";
constexpr std::string_view kDocumentMagicV1 = "DPD1";
constexpr std::string_view kDiagnosticsMagic = "DPG1";

class Writer {
 public:
  void U(uint64_t v) {
    while (v >= 0x80) {
      out_.push_back(static_cast<char>((v & 0x7F) | 0x80));
      v >>= 7;
    }
    out_.push_back(static_cast<char>(v));
  }
  void D(double d) {
    uint64_t bits;
    std::memcpy(&bits, &d, sizeof bits);
    for (int i = 0; i < 8; ++i) out_.push_back(static_cast<char>(bits >> (8 * i)));
  }
  void S(std::string_view s) {
    U(s.size());
    out_.append(s);
  }
  void Raw(std::string_view s) { out_.append(s); }
  void Sp(Span s) {
    U(s.begin);
    U(s.end);
  }
  void B(Box b) {
    D(b.x0);
    D(b.y0);
    D(b.x1);
    D(b.y1);
  }
  std::string Take() { return std::move(out_); }

 private:
  std::string out_;
};

class Reader {
 public:
  explicit Reader(std::string_view data) : data_(data) {}
  bool ok() const { return ok_; }
  bool Magic(std::string_view magic) {
    if (data_.substr(0, magic.size()) != magic) return false;
    pos_ = magic.size();
    return true;
  }
  uint64_t U() {
    uint64_t v = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      if (pos_ >= data_.size()) return Fail();
      auto byte = static_cast<unsigned char>(data_[pos_++]);
      v |= uint64_t{byte & 0x7Fu} << shift;
      if ((byte & 0x80) == 0) return v;
    }
    return Fail();
  }
  int I() { return static_cast<int>(U()); }
  double D() {
    if (data_.size() - pos_ < 8) {
      Fail();
      return 0;
    }
    uint64_t bits = 0;
    for (int i = 0; i < 8; ++i) {
      bits |= uint64_t{static_cast<unsigned char>(data_[pos_ + i])} << (8 * i);
    }
    pos_ += 8;
    double d;
    std::memcpy(&d, &bits, sizeof d);
    return d;
  }
  std::string S() {
    uint64_t n = U();
    if (!ok_ || n > data_.size() - pos_) {
      Fail();
      return {};
    }
    std::string s(data_.substr(pos_, n));
    pos_ += n;
    return s;
  }
  Span Sp() {
    Span s;
    s.begin = U();
    s.end = U();
    return s;
  }
  Box B() {
    Box b;
    b.x0 = D();
    b.y0 = D();
    b.x1 = D();
    b.y1 = D();
    return b;
  }
  // A count of elements each at least one byte long; guards reserve() sizes.
  size_t Count() {
    uint64_t n = U();
    if (!ok_ || n > data_.size() - pos_) {
      Fail();
      return 0;
    }
    return n;
  }
  bool AtEnd() const { return pos_ == data_.size(); }

 private:
  uint64_t Fail() {
    ok_ = false;
    pos_ = data_.size();
    return 0;
  }
  std::string_view data_;
  size_t pos_ = 0;
  bool ok_ = true;
};

}  // namespace

std::string EncodeDocument(const Document& document) {
  Writer w;
  w.Raw(kDocumentMagic);
  w.S(document.file);
  w.S(document.text);
  w.U(document.from_pdf ? 1 : 0);
  w.U(document.pages.size());
  for (const Page& page : document.pages) {
    w.U(static_cast<uint64_t>(page.number));
    w.D(page.width);
    w.D(page.height);
    w.Sp(page.span);
    w.U(page.furniture.size());
    for (const std::string& f : page.furniture) w.S(f);
    w.U(page.ocr ? 1 : 0);
    w.D(page.ocr_confidence);
    w.U(page.line_confidence.size());
    for (double c : page.line_confidence) w.D(c);
    w.U(static_cast<uint64_t>(page.source));
    w.S(page.source_reason);
    w.S(page.layer_text);
    w.U(page.digit_words.size());
    for (const DigitWord& word : page.digit_words) {
      w.S(word.text);
      w.D(word.confidence);
      w.D(word.digit_confidence);
    }
  }
  w.U(document.tables.size());
  for (const Table& table : document.tables) {
    w.U(static_cast<uint64_t>(table.first_page));
    w.U(static_cast<uint64_t>(table.last_page));
    w.U(static_cast<uint64_t>(table.columns));
    w.U(table.header.size());
    for (const std::string& h : table.header) w.S(h);
    w.U(table.rows.size());
    for (const Row& row : table.rows) {
      w.U(static_cast<uint64_t>(row.kind));
      w.U(static_cast<uint64_t>(row.page));
      w.U(row.cells.size());
      for (const Cell& cell : row.cells) {
        w.Sp(cell.span);
        w.U(static_cast<uint64_t>(cell.page));
        w.B(cell.box);
      }
    }
  }
  w.U(document.footnotes.size());
  for (const Footnote& note : document.footnotes) {
    w.S(note.marker);
    w.Sp(note.marker_span);
    w.Sp(note.body);
    w.U(static_cast<uint64_t>(note.page));
  }
  w.U(document.legacy_runs.size());
  for (const FontRun& run : document.legacy_runs) {
    w.Sp(run.span);
    w.S(run.font);
  }
  return w.Take();
}

Result<Document> DecodeDocument(std::string_view data) {
  Reader r(data);
  bool v1 = false, v2 = false;
  if (!r.Magic(kDocumentMagic)) {
    v2 = r.Magic(kDocumentMagicV2);
    v1 = !v2 && r.Magic(kDocumentMagicV1);
    if (!v1 && !v2) return Status::Error(Code::kBadInput, "not an encoded document");
  }
  Document doc;
  doc.file = r.S();
  doc.text = r.S();
  doc.from_pdf = r.U() != 0;
  size_t pages = r.Count();
  for (size_t i = 0; i < pages && r.ok(); ++i) {
    Page page;
    page.number = r.I();
    page.width = r.D();
    page.height = r.D();
    page.span = r.Sp();
    size_t nf = r.Count();
    for (size_t k = 0; k < nf && r.ok(); ++k) page.furniture.push_back(r.S());
    page.ocr = r.U() != 0;
    page.ocr_confidence = r.D();
    size_t nc = r.Count();
    for (size_t k = 0; k < nc && r.ok(); ++k) page.line_confidence.push_back(r.D());
    if (v1) {
      page.source = page.ocr ? TextSource::kOcr : (doc.from_pdf ? TextSource::kTextLayer : TextSource::kPlainText);
    } else {
      uint64_t source = r.U();
      if (source > static_cast<uint64_t>(TextSource::kPlainText)) {
        return Status::Error(Code::kBadInput, "bad page text source in encoded document");
      }
      page.source = static_cast<TextSource>(source);
      page.source_reason = r.S();
      page.layer_text = r.S();
    }
    if (!v1 && !v2) {
      size_t nu = r.Count();
      for (size_t k = 0; k < nu && r.ok(); ++k) {
        DigitWord word;
        word.text = r.S();
        word.confidence = r.D();
        word.digit_confidence = r.D();
        page.digit_words.push_back(std::move(word));
      }
    }
    doc.pages.push_back(std::move(page));
  }
  size_t tables = r.Count();
  for (size_t i = 0; i < tables && r.ok(); ++i) {
    Table table;
    table.first_page = r.I();
    table.last_page = r.I();
    table.columns = r.I();
    size_t nh = r.Count();
    for (size_t k = 0; k < nh && r.ok(); ++k) table.header.push_back(r.S());
    size_t nrows = r.Count();
    for (size_t row_idx = 0; row_idx < nrows && r.ok(); ++row_idx) {
      Row row;
      uint64_t kind = r.U();
      row.kind = kind <= 2 ? static_cast<RowKind>(kind) : RowKind::kBody;
      row.page = r.I();
      size_t ncells = r.Count();
      for (size_t cell_idx = 0; cell_idx < ncells && r.ok(); ++cell_idx) {
        Cell cell;
        cell.span = r.Sp();
        cell.page = r.I();
        cell.box = r.B();
        row.cells.push_back(cell);
      }
      table.rows.push_back(std::move(row));
    }
    doc.tables.push_back(std::move(table));
  }
  size_t notes = r.Count();
  for (size_t i = 0; i < notes && r.ok(); ++i) {
    Footnote note;
    note.marker = r.S();
    note.marker_span = r.Sp();
    note.body = r.Sp();
    note.page = r.I();
    doc.footnotes.push_back(std::move(note));
  }
  size_t runs = r.Count();
  for (size_t i = 0; i < runs && r.ok(); ++i) {
    FontRun run;
    run.span = r.Sp();
    run.font = r.S();
    doc.legacy_runs.push_back(std::move(run));
  }
  if (!r.ok() || !r.AtEnd()) return Status::Error(Code::kBadInput, "truncated encoded document");
  return doc;
}

std::string EncodeDiagnostics(const Diagnostics& diagnostics) {
  Writer w;
  w.Raw(kDiagnosticsMagic);
  w.U(diagnostics.items().size());
  for (const Diagnostic& d : diagnostics.items()) {
    w.U(static_cast<uint64_t>(d.severity));
    w.U(static_cast<uint64_t>(d.code));
    w.S(d.detail);
    w.U(static_cast<uint64_t>(d.page));
    w.U(d.begin);
    w.U(d.end);
  }
  return w.Take();
}

Result<Diagnostics> DecodeDiagnostics(std::string_view data) {
  Reader r(data);
  if (!r.Magic(kDiagnosticsMagic)) return Status::Error(Code::kBadInput, "not encoded diagnostics");
  Diagnostics out;
  size_t n = r.Count();
  for (size_t i = 0; i < n && r.ok(); ++i) {
    uint64_t severity = r.U();
    uint64_t code = r.U();
    std::string detail = r.S();
    int page = r.I();
    size_t begin = r.U();
    size_t end = r.U();
    out.Add(severity <= 2 ? static_cast<Severity>(severity) : Severity::kError,
            code <= 9 ? static_cast<Code>(code) : Code::kInternal, std::move(detail), page, begin,
            end);
  }
  if (!r.ok() || !r.AtEnd()) return Status::Error(Code::kBadInput, "truncated diagnostics");
  return out;
}

}  // namespace docpipe
