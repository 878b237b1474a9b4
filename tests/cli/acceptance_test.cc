// Acceptance tests of issues 2 and 6 on the real `docpipe` binary and on the
// samples: search across spellings with document and page, the plan
// sample's appendix as a six-column table in `pdftotext -layout`, the sample
// set itself, and the exit statuses of check and export. Every expected page
// was checked by hand with `pdftotext -f N -l N`.

#include <algorithm>
#include <catch2/catch.hpp>
#include <filesystem>
#include <regex>
#include <string>
#include <utility>
#include <vector>

#include "pipeline/base/strings.h"
#include "tests/test_util.h"

namespace docpipe {
namespace {

using testing::DocpipeBinary;
using testing::RunCommand;
using testing::SeedPath;
using testing::SourcePath;
using testing::TempDir;

std::string Quote(const std::string& s) { return "'" + s + "'"; }

int Docpipe(const std::string& args, std::string* out) {
  return RunCommand(Quote(DocpipeBinary()) + " " + args, out);
}

// The hits of `docpipe search`: "<document>, trang <page>:" then the passage
// on the next line, indented.
struct Hit {
  std::string where;
  std::string passage;
};

std::vector<Hit> ParseHits(const std::string& out) {
  std::vector<Hit> hits;
  std::vector<std::string_view> lines = SplitLines(out);
  for (size_t idx = 0; idx + 1 < lines.size(); ++idx) {
    if (lines[idx].empty() || lines[idx][0] == ' ' || !EndsWith(lines[idx], ":")) continue;
    if (!StartsWith(lines[idx + 1], "    ")) continue;
    hits.push_back(Hit{std::string(lines[idx].substr(0, lines[idx].size() - 1)),
                       std::string(Trim(lines[idx + 1]))});
  }
  return hits;
}

// True if some hit is on "where_suffix" (the end of "<document>, trang N")
// and its passage contains "text".
bool HasHit(const std::vector<Hit>& hits, const std::string& where_suffix,
            const std::string& text) {
  return std::any_of(hits.begin(), hits.end(), [&](const Hit& hit) {
    return EndsWith(hit.where, where_suffix) && hit.passage.find(text) != std::string::npos;
  });
}

TEST_CASE("docpipe search finds Izumisano and thoa thuan in every spelling with document and page",
          "[cli]") {
  TempDir dir;
  std::string db = Quote(dir.File("s.db"));
  std::string files;
  for (const char* seed : {"000", "001", "002", "003", "004"}) files += " " + Quote(SeedPath(seed));
  files += " " + Quote(SourcePath("samples/000-bao-cao.pdf"));
  files += " " + Quote(SourcePath("samples/001-quyet-dinh-1520.pdf"));
  std::string out;
  REQUIRE(Docpipe("ingest --db " + db + files, &out) == 0);

  REQUIRE(Docpipe("search --db " + db + " Izumisano", &out) == 0);
  INFO(out);
  std::vector<Hit> hits = ParseHits(out);
  // Izumisano occurs once in each of the four texts of 000 and 001: in the
  // report (PDF page 7) as a partner still to be won, and in the plan
  // (PDF page 20, appendix) as an existing partner.
  CHECK(hits.size() == 4);
  CHECK(HasHit(hits, "000-bao-cao.pdf, trang 7",
               "thỏa thuận thiết lập quan hệ hữu nghị, hợp tác với thành phố Izumisano, Nhật Bản"));
  CHECK(HasHit(hits, "000_729a70b798036c47.txt, trang 1",
               "hợp tác với thành phố Izumisano, Nhật Bản"));
  CHECK(HasHit(hits, "1520/QĐ-UBND, trang 20",
               "Nhật Bản (thành phố Izumisano, thành phố Ashikaga, thị trấn Yoshino)"));
  CHECK(HasHit(hits, "1520/QĐ-UBND, trang 1", "Nhật Bản (thành phố Izumisano, thành phố Ashikaga"));

  // No tone marks, old placement, new placement: one set of hits.
  std::string plain, old_style, new_style;
  REQUIRE(Docpipe("search --db " + db + " --limit 500 'thoa thuan'", &plain) == 0);
  REQUIRE(Docpipe("search --db " + db + " --limit 500 'thoả thuận'", &old_style) == 0);
  REQUIRE(Docpipe("search --db " + db + " --limit 500 'thỏa thuận'", &new_style) == 0);
  INFO(plain);
  CHECK(plain == old_style);
  CHECK(plain == new_style);
  hits = ParseHits(plain);
  CHECK(hits.size() >= 20);
  CHECK(HasHit(
      hits, "000-bao-cao.pdf, trang 6",
      "1.6. Về hoàn thiện thể chế, chính sách pháp luật và thực hiện cam kết, thỏa thuận quốc tế"));
  CHECK(HasHit(hits, "000-bao-cao.pdf, trang 7", "thỏa thuận thiết lập quan hệ hữu nghị"));
  CHECK(HasHit(hits, "1520/QĐ-UBND, trang 16",
               "Các doanh nghiệp của tỉnh ký kết ít nhất 05 thỏa thuận hợp tác phân phối"));
  CHECK(HasHit(hits, "1520/QĐ-UBND, trang 28",
               "Rà soát, hệ thống hóa các thỏa thuận quốc tế mà UBND tỉnh đã ký"));
  // Seed 003 writes the old placement once (line 19, before its first page
  // number): it is found by every spelling of the query too.
  CHECK(HasHit(hits, "003_9f9ef193a630adb0.txt, trang 1",
               "công tác ký kết và thực hiện thoả thuận quốc tế"));
  // Every hit holds the words, in one placement of the tone mark or the other.
  for (const Hit& hit : hits) {
    INFO(hit.where << ": " << hit.passage);
    CHECK((hit.passage.find("thỏa thuận") != std::string::npos ||
           hit.passage.find("thoả thuận") != std::string::npos));
  }

  REQUIRE(Docpipe("search --db " + db + " Osaka", &out) == 0);
  CHECK(ParseHits(out).empty());
}

// Column (in characters) where "needle" starts in "line", or -1.
int Column(const std::string& line, const std::string& needle, size_t from_byte = 0) {
  size_t at = line.find(needle, from_byte);
  return at == std::string::npos
             ? -1
             : static_cast<int>(Utf8Length(std::string_view(line).substr(0, at)));
}

TEST_CASE("pdftotext -layout shows the plan sample's appendix as a six-column table", "[cli]") {
  std::string pdf = Quote(SourcePath("samples/001-quyet-dinh-1520.pdf"));
  std::string out;
  REQUIRE(RunCommand("pdftotext -layout " + pdf + " -", &out) == 0);
  std::vector<std::string> lines;
  for (std::string_view line : SplitLines(out)) lines.emplace_back(line);
  // The header row: five titles on one line; "Thời gian thực hiện" is set on
  // two lines in its narrow column, above and below that line, between
  // "Đơn vị phối hợp" and "Kết quả".
  std::regex header(
      "STT {2,}Nội dung công việc {2,}Đơn vị chủ trì {2,}Đơn vị phối hợp {2,}Kết quả\\s*$");
  std::vector<size_t> headers;
  for (size_t idx = 1; idx + 1 < lines.size(); ++idx) {
    if (!std::regex_search(lines[idx], header)) continue;
    headers.push_back(idx);
    INFO("header at line " << idx + 1 << ":\n"
                           << lines[idx - 1] << "\n"
                           << lines[idx] << "\n"
                           << lines[idx + 1]);
    int partners_end =
        Column(lines[idx], "Đơn vị phối hợp") + static_cast<int>(Utf8Length("Đơn vị phối hợp"));
    int result = Column(lines[idx], "Kết quả");
    int time_top = Column(lines[idx - 1], "Thời gian");
    int time_bottom = Column(lines[idx + 1], "thực hiện");
    CHECK(time_top > partners_end);
    CHECK(time_top < result);
    CHECK(time_bottom > partners_end);
    CHECK(time_bottom < result);
    CHECK(Trim(lines[idx - 1]) == "Thời gian");
    CHECK(Trim(lines[idx + 1]) == "thực hiện");
  }
  // The header is repeated on every landscape (appendix) page.
  std::string info;
  REQUIRE(RunCommand("pdfinfo -f 1 -l 1000 " + pdf, &info) == 0);
  std::regex page_size("Page +[0-9]+ size: +([0-9.]+) x ([0-9.]+)");
  int landscape = 0;
  for (auto it = std::sregex_iterator(info.begin(), info.end(), page_size);
       it != std::sregex_iterator(); ++it) {
    if (std::stod((*it)[1]) > std::stod((*it)[2])) ++landscape;
  }
  CHECK(landscape >= 10);
  CHECK(headers.size() == static_cast<size_t>(landscape));
  REQUIRE(!headers.empty());

  // Below the first header, rows show text in 4+ columns separated by gaps.
  size_t wide_rows = 0;
  std::regex gap(" {2,}");
  for (size_t idx = headers.front() + 1; idx < lines.size(); ++idx) {
    std::string_view trimmed = Trim(lines[idx]);
    if (trimmed.empty()) continue;
    std::string text(trimmed);
    size_t columns = std::distance(std::sregex_token_iterator(text.begin(), text.end(), gap, -1),
                                   std::sregex_token_iterator());
    if (columns >= 4) ++wide_rows;
  }
  INFO("lines with 4+ columns: " << wide_rows);
  CHECK(wide_rows >= 60);
}

TEST_CASE("samples holds seven PDFs or more, one without a text layer and one in .VnTime",
          "[cli]") {
  std::vector<std::string> pdfs;
  for (const auto& entry : std::filesystem::directory_iterator(SourcePath("samples"))) {
    if (entry.path().extension() == ".pdf") pdfs.push_back(entry.path().string());
  }
  std::sort(pdfs.begin(), pdfs.end());
  CHECK(pdfs.size() >= 7);
  std::vector<std::string> without_text, vntime;
  for (const std::string& pdf : pdfs) {
    std::string out;
    REQUIRE(RunCommand("pdftotext " + Quote(pdf) + " -", &out) == 0);
    bool has_text = std::any_of(out.begin(), out.end(), [](char c) {
      return c != ' ' && c != '\n' && c != '\f' && c != '\r' && c != '\t';
    });
    if (!has_text) without_text.push_back(std::filesystem::path(pdf).filename().string());
    REQUIRE(RunCommand("pdffonts " + Quote(pdf), &out) == 0);
    if (out.find(".VnTime") != std::string::npos)
      vntime.push_back(std::filesystem::path(pdf).filename().string());
  }
  CHECK(without_text == std::vector<std::string>{"scanned-003-thong-bao-ket-luan.pdf"});
  CHECK(vntime == std::vector<std::string>{"legacy-tcvn3-004-cong-van.pdf"});
}

TEST_CASE("docpipe check exits 1 on contradictions and 0 on a consistent store", "[cli]") {
  TempDir dir;
  std::string out;
  std::string seeds;
  for (const char* seed : {"000", "001", "002", "003", "004"}) seeds += " " + Quote(SeedPath(seed));
  std::string all = Quote(dir.File("all.db"));
  REQUIRE(Docpipe("ingest --db " + all + seeds, &out) == 0);
  CHECK(Docpipe("check --db " + all, &out) == 1);
  INFO(out);
  CHECK_THAT(out, Catch::Contains("[MÂU THUẪN]"));
  // The report's Izumisano is a known contradiction of the seeds.
  CHECK_THAT(out, Catch::Contains("Izumisano"));

  std::string one = Quote(dir.File("one.db"));
  REQUIRE(Docpipe("ingest --db " + one + " " + Quote(SeedPath("003")), &out) == 0);
  CHECK(Docpipe("check --db " + one, &out) == 0);
  CHECK_THAT(out, Catch::Contains("0 mâu thuẫn"));
  CHECK_THAT(out, !Catch::Contains("[MÂU THUẪN]"));
}

TEST_CASE("docpipe export rejects an unknown format with exit 2 and a Vietnamese message",
          "[cli]") {
  TempDir dir;
  std::string db = Quote(dir.File("e.db"));
  std::string out;
  REQUIRE(Docpipe("ingest --db " + db + " " + Quote(SeedPath("003")), &out) == 0);
  CHECK(Docpipe("export --db " + db + " --format xml", &out) == 2);
  CHECK_THAT(out, Catch::Contains("giá trị không hợp lệ cho '--format': 'xml'"));
  CHECK(Docpipe("export --db " + db + " --format json", &out) == 0);
  CHECK_THAT(out, Catch::Contains("\"format_version\": 1"));
}

}  // namespace
}  // namespace docpipe
