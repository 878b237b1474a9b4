#include "pipeline/jobs/pipeline.h"

#include <cstdlib>
#include <filesystem>
#include <utility>

#include "pipeline/base/file_util.h"
#include "pipeline/base/strings.h"
#include "pipeline/extract/extractor.h"
#include "pipeline/extract/rule_contract.h"
#include "pipeline/rules/rule_parser.h"

namespace docpipe {

std::string DefaultRulesDir() {
  const char* env = std::getenv("DOCPIPE_RULES");
  if (env != nullptr && *env != '\0') return env;
  std::error_code ec;
#ifdef DOCPIPE_INSTALLED_RULES_DIR
  // An installed binary (<prefix>/bin/docpipe) uses the rules installed with
  // it (<prefix>/share/docpipe/rules), found from its own path so that the
  // package is relocatable (dpkg -x into any folder) and never picks up the
  // checkout it was built from. In a build tree that folder does not exist.
  std::filesystem::path exe = std::filesystem::read_symlink("/proc/self/exe", ec);
  if (!ec) {
    std::filesystem::path installed = (exe.parent_path() / DOCPIPE_INSTALLED_RULES_DIR).lexically_normal();
    if (std::filesystem::is_directory(installed, ec)) return installed.string();
  }
#endif
#ifdef DOCPIPE_DEFAULT_RULES_DIR
  if (std::filesystem::is_directory(DOCPIPE_DEFAULT_RULES_DIR, ec)) return DOCPIPE_DEFAULT_RULES_DIR;
#endif
  return "rules";
}

Result<std::unique_ptr<Pipeline>> Pipeline::Load(const std::string& rules_dir) {
  Result<RuleSet> set = LoadRuleDirectory(rules_dir);
  if (!set.ok()) return set.status();
  Result<RuleEngine> engine = RuleEngine::Compile(std::move(set).value());
  if (!engine.ok()) return engine.status();
  if (Status contract = CheckRuleContract(engine->rules()); !contract.ok()) return contract;
  Result<Gazetteer> gazetteer = Gazetteer::Load(rules_dir + "/agencies.tsv");
  if (!gazetteer.ok()) return gazetteer.status();
  Result<TableTitles> titles = TableTitles::Load(rules_dir + "/table_titles.tsv");
  if (!titles.ok()) return titles.status();
  return std::unique_ptr<Pipeline>(new Pipeline(
      std::move(engine).value(), std::move(gazetteer).value(), std::move(titles).value()));
}

namespace {

// Holds one slot of "slots" (if any) for its lifetime, exceptions included.
class SlotHold {
 public:
  explicit SlotHold(std::counting_semaphore<>* slots) : slots_(slots) {
    if (slots_ != nullptr) slots_->acquire();
  }
  ~SlotHold() {
    if (slots_ != nullptr) slots_->release();
  }
  SlotHold(const SlotHold&) = delete;
  SlotHold& operator=(const SlotHold&) = delete;

 private:
  std::counting_semaphore<>* slots_;
};

}  // namespace

Result<Processed> Pipeline::ProcessFile(const std::string& path, const ReadOptions& read_options,
                                        const Limits& limits, std::string* sha256_out) const {
  // The hash is taken in the parent so that a file that crashes the reader
  // is still known by its content (quarantine and idempotent retries).
  Result<std::string> bytes = ReadFileToString(path);
  if (!bytes.ok()) return bytes.status();
  std::string sha256 = Sha256Hex(*bytes);
  if (sha256_out != nullptr) *sha256_out = sha256;
  return ProcessBytes(path, *bytes, std::move(sha256), read_options, limits);
}

Result<Processed> Pipeline::ProcessBytes(const std::string& path, std::string_view bytes,
                                         std::string sha256, const ReadOptions& read_options,
                                         const Limits& limits,
                                         std::counting_semaphore<>* read_slots) const {
  Processed processed;
  processed.sha256 = std::move(sha256);
  processed.file = path;
  processed.bytes = bytes.size();
  if (bytes.empty()) {
    return Status::Error(Code::kBadInput, "empty file", Location{path});
  }
  Result<Document> document = [&] {
    SlotHold hold(read_slots);
    return ReadIsolatedBytes(path, bytes, read_options, limits, &processed.diagnostics);
  }();
  if (!document.ok()) return document.status();
  processed.document = std::move(document).value();
  Reprocess(&processed);
  return processed;
}

void Pipeline::Reprocess(Processed* processed) const {
  if (processed->normalized.normalizer_version == kNormalizerVersion) {
    // Stored by this normaliser version: the same text, map and diagnostics
    // Normalize would produce (normalizer.h's bump rule).
    processed->diagnostics.Append(processed->normalized.diagnostics);
  } else {
    processed->normalized = Normalize(processed->document, &processed->diagnostics);
  }
  ExtractContext context{&engine_, &gazetteer_, &table_titles_};
  processed->extraction =
      Extract(processed->document, processed->normalized, context, &processed->diagnostics);
}

}  // namespace docpipe
