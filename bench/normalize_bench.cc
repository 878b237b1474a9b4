// bench/normalize_bench.cc -- docpipe_bench
//
// Throughput of the text stages on real text, in MB/s of input (issue 4 asks
// for normalisation throughput to be measured in bench/, not asserted in
// tests). Reads the seed texts (samples/seeds/*.txt) and any extra files
// named on the command line (bench/run.sh passes a TCVN3 text layer), splits
// them into document-sized pieces, and times for at least --seconds each:
//   normalize/unicode  NormalizeText on the seeds (NFC, spaces, punctuation)
//   normalize/legacy   NormalizeText on the extra files (legacy detection + conversion)
//   rules/match        RuleEngine::Match (rules/) on the normalised seeds
// Output: one TSV line per measurement: name, MB processed, seconds, MB/s.
//
// Usage: docpipe_bench [--seconds S] [FILE...]

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "pipeline/base/file_util.h"
#include "pipeline/normalize/normalizer.h"
#include "pipeline/rules/rule_engine.h"
#include "pipeline/rules/rule_parser.h"

namespace {

using Clock = std::chrono::steady_clock;

// Runs "step" over "pieces" repeatedly for at least "seconds"; prints MB/s.
template <typename Step>
void Measure(const char* name, const std::vector<std::string>& pieces, double seconds, Step step) {
  if (pieces.empty()) return;
  size_t bytes = 0, sink = 0;
  Clock::time_point start = Clock::now();
  double elapsed = 0;
  do {
    for (const std::string& piece : pieces) {
      sink += step(piece);
      bytes += piece.size();
    }
    elapsed = std::chrono::duration<double>(Clock::now() - start).count();
  } while (elapsed < seconds);
  double mb = bytes / 1e6;
  std::printf("%s\t%.1f\t%.2f\t%.1f\n", name, mb, elapsed, mb / elapsed);
  if (sink == 42) std::printf("\n");  // keeps the work observable
}

// Pieces of about 16 KB, cut at line ends (a document's text is one or more).
void Split(const std::string& text, std::vector<std::string>* pieces) {
  size_t begin = 0;
  while (begin < text.size()) {
    size_t end = std::min(text.size(), begin + 16384);
    size_t newline = text.find('\n', end);
    end = newline == std::string::npos ? text.size() : newline + 1;
    pieces->push_back(text.substr(begin, end - begin));
    begin = end;
  }
}

}  // namespace

int main(int argc, char** argv) {
  double seconds = 3;
  std::vector<std::string> extra;
  for (int arg_idx = 1; arg_idx < argc; ++arg_idx) {
    std::string arg = argv[arg_idx];
    if (arg == "--seconds" && arg_idx + 1 < argc) {
      seconds = std::atof(argv[++arg_idx]);
    } else {
      extra.push_back(arg);
    }
  }
  std::vector<std::string> unicode, legacy;
  std::string seeds = std::string(DOCPIPE_SOURCE_DIR) + "/samples/seeds";
  std::error_code error;
  std::vector<std::filesystem::path> files;
  for (const auto& entry : std::filesystem::directory_iterator(seeds, error)) {
    if (entry.path().extension() == ".txt") files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  for (const auto& file : files) {
    docpipe::Result<std::string> text = docpipe::ReadFileToString(file.string());
    if (text.ok()) Split(*text, &unicode);
  }
  for (const std::string& file : extra) {
    docpipe::Result<std::string> text = docpipe::ReadFileToString(file);
    if (text.ok()) Split(*text, &legacy);
  }
  if (unicode.empty()) {
    std::fprintf(stderr, "docpipe_bench: no seed texts in %s\n", seeds.c_str());
    return 1;
  }
  Measure("normalize/unicode", unicode, seconds,
          [](const std::string& piece) { return docpipe::NormalizeText(piece).text.size(); });
  Measure("normalize/legacy", legacy, seconds,
          [](const std::string& piece) { return docpipe::NormalizeText(piece).text.size(); });

  docpipe::Result<docpipe::RuleSet> rules =
      docpipe::LoadRuleDirectory(std::string(DOCPIPE_SOURCE_DIR) + "/rules");
  if (!rules.ok()) {
    std::fprintf(stderr, "docpipe_bench: cannot load rules/\n");
    return 1;
  }
  docpipe::Result<docpipe::RuleEngine> engine = docpipe::RuleEngine::Compile(std::move(*rules));
  if (!engine.ok()) {
    std::fprintf(stderr, "docpipe_bench: rules/ does not compile\n");
    return 1;
  }
  std::vector<std::string> normalized;
  for (const std::string& piece : unicode) normalized.push_back(docpipe::NormalizeText(piece).text);
  Measure("rules/match", normalized, seconds,
          [&](const std::string& piece) { return engine->Match(piece).size(); });
  return 0;
}
