#include "pipeline/pdf/ocr.h"

#include <stdlib.h>
#include <unistd.h>

#include <algorithm>
#include <charconv>
#include <cstdio>
#include <map>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include "pipeline/base/strings.h"
#include "pipeline/base/subprocess.h"

namespace docpipe {
namespace {

// Debian's tesseract-ocr; /usr/local for a self-built one.
constexpr const char* kTesseractPaths[] = {"/usr/bin/tesseract", "/usr/local/bin/tesseract"};
// Where Debian (5.x and 4.x packages) and a default build keep traineddata.
constexpr const char* kTessdataDirs[] = {"/usr/share/tesseract-ocr/5/tessdata",
                                         "/usr/share/tesseract-ocr/4.00/tessdata",
                                         "/usr/local/share/tessdata"};

std::string FindTesseract() {
  for (const char* path : kTesseractPaths) {
    if (access(path, X_OK) == 0) return path;
  }
  return "";
}

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

Box Union(const Box& a, const Box& b) {
  return Box{std::min(a.x0, b.x0), std::min(a.y0, b.y0), std::max(a.x1, b.x1),
             std::max(a.y1, b.y1)};
}

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
    if (text.empty()) continue;
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
    for (size_t at = segment.find("\xC3\x90"); at != std::string::npos;
         at = segment.find("\xC3\x90", at)) {
      segment.replace(at, 2, "\xC4\x90");
    }
    auto repair = SymbolRepairs().find(segment);
    out += repair != SymbolRepairs().end() ? repair->second : segment;
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

}  // namespace

bool OcrAvailable(const std::string& language) {
  static std::mutex mutex;
  static auto* cache = new std::map<std::string, bool>();
  std::lock_guard<std::mutex> lock(mutex);
  auto found = cache->find(language);
  if (found != cache->end()) return found->second;
  bool available = ValidLanguage(language) && !FindTesseract().empty();
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
  return ParseTsv(run->output, 72.0 / dpi);
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
