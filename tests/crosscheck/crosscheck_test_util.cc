#include "tests/crosscheck/crosscheck_test_util.h"

#include <sstream>

#include "pipeline/cli/messages.h"
#include "pipeline/jobs/check_job.h"
#include "pipeline/jobs/ingest_job.h"
#include "pipeline/jobs/pipeline.h"
#include "pipeline/normalize/fold.h"
#include "tests/test_util.h"

namespace docpipe::testing {
namespace {

std::string Squash(std::string_view text) {
  std::string out;
  for (char c : FoldKey(text)) {
    if (c != ' ' && c != '\n' && c != '\t') out.push_back(c);
  }
  return out;
}

}  // namespace

CheckedCorpus IngestAndCheck(const std::vector<std::string>& files, const std::string& today) {
  CheckedCorpus out;
  Result<std::unique_ptr<Pipeline>> pipeline = Pipeline::Load(SourcePath("rules"));
  if (!pipeline.ok()) {
    out.error = "pipeline: " + pipeline.status().ToString();
    return out;
  }
  Result<std::unique_ptr<Store>> store = Store::Open(":memory:");
  if (!store.ok()) {
    out.error = "store: " + store.status().ToString();
    return out;
  }
  out.store = std::move(*store);
  IngestOptions options;
  IngestSummary summary = RunIngest(out.store.get(), **pipeline, files, options, nullptr);
  for (const FileOutcome& outcome : summary.outcomes) {
    if (outcome.kind == OutcomeKind::kFailed) {
      out.error += "ingest " + outcome.file + ": " + outcome.error.ToString() + "\n";
    }
  }
  CrossCheckOptions check_options;
  check_options.render_flag = RenderFlagTexts;  // as the CLI renders them
  check_options.today = today;
  check_options.rules_dir = SourcePath("rules");
  Result<Corpus> corpus = LoadCorpus(*out.store);
  if (!corpus.ok()) {
    out.error += "corpus: " + corpus.status().ToString();
    return out;
  }
  out.corpus = std::move(*corpus);
  Result<CrossCheckResult> result = RunCrossCheck(out.corpus, check_options);
  if (!result.ok()) {
    out.error += "crosscheck: " + result.status().ToString();
    return out;
  }
  out.result = std::move(*result);
  return out;
}

std::vector<const Flag*> FindFlags(const CrossCheckResult& result, std::string_view kind,
                                   const std::vector<std::string>& needles) {
  std::vector<const Flag*> out;
  for (const Flag& flag : result.flags) {
    if (FlagKindKey(flag.kind) != kind) continue;
    std::string all;
    for (const Evidence& e : flag.evidence) all += Squash(e.quote) + "|";
    bool every = true;
    for (const std::string& needle : needles) every &= all.find(Squash(needle)) != std::string::npos;
    if (every) out.push_back(&flag);
  }
  return out;
}

std::string DescribeFlags(const CrossCheckResult& result) {
  std::ostringstream out;
  for (const Flag& flag : result.flags) {
    out << "[" << FlagKindKey(flag.kind) << "/" << static_cast<int>(flag.severity) << "] " << flag.message_vi << "\n";
    for (const Evidence& e : flag.evidence) {
      std::string quote = e.quote.size() > 220 ? e.quote.substr(0, 220) + "..." : e.quote;
      out << "    " << e.document << " p" << e.page << " [" << e.span.begin << "," << e.span.end
          << "): " << quote << "\n";
    }
  }
  return out.str();
}

}  // namespace docpipe::testing
