#include "tests/extract/extract_test_util.h"

#include <memory>
#include <utility>

#include "pipeline/extract/extractor.h"
#include "pipeline/normalize/normalizer.h"
#include "pipeline/pdf/reader.h"
#include "pipeline/rules/rule_parser.h"
#include "tests/test_util.h"

namespace docpipe::testing {

const RuleEngine* ExtractRules() {
  static const std::unique_ptr<RuleEngine> engine = []() -> std::unique_ptr<RuleEngine> {
    Result<RuleSet> rules = LoadRuleDirectory(SourcePath("rules"));
    if (!rules.ok()) return nullptr;
    Result<RuleEngine> compiled = RuleEngine::Compile(std::move(*rules));
    if (!compiled.ok()) return nullptr;
    return std::make_unique<RuleEngine>(std::move(*compiled));
  }();
  return engine.get();
}

const Gazetteer* ExtractAgencies() {
  static const std::unique_ptr<Gazetteer> gazetteer = []() -> std::unique_ptr<Gazetteer> {
    Result<Gazetteer> loaded = Gazetteer::Load(SourcePath("rules/agencies.tsv"));
    if (!loaded.ok()) return nullptr;
    return std::make_unique<Gazetteer>(std::move(*loaded));
  }();
  return gazetteer.get();
}

const TableTitles* ExtractTableTitles() {
  static const std::unique_ptr<TableTitles> titles = []() -> std::unique_ptr<TableTitles> {
    Result<TableTitles> loaded = TableTitles::Load(SourcePath("rules/table_titles.tsv"));
    if (!loaded.ok()) return nullptr;
    return std::make_unique<TableTitles>(std::move(*loaded));
  }();
  return titles.get();
}

Document OnePageDocument(std::string_view text) {
  Document document;
  document.file = "test.txt";
  document.text = std::string(text);
  Page page;
  page.number = 1;
  page.span = {0, document.text.size()};
  document.pages.push_back(page);
  return document;
}

Extraction RunExtract(const Document& document, Diagnostics* diagnostics) {
  Diagnostics local;
  if (diagnostics == nullptr) diagnostics = &local;
  NormalizedText normalized = Normalize(document, diagnostics);
  ExtractContext context;
  context.rules = ExtractRules();
  context.agencies = ExtractAgencies();
  context.table_titles = ExtractTableTitles();
  return Extract(document, normalized, context, diagnostics);
}

Extraction ExtractSeed(std::string_view prefix, Document* document) {
  Diagnostics diagnostics;
  std::string text = SeedText(prefix);
  Result<Document> parsed = ParseText(SeedPath(prefix), text, &diagnostics);
  Document doc = parsed.ok() ? std::move(*parsed) : OnePageDocument(text);
  Extraction extraction = RunExtract(doc, &diagnostics);
  if (document != nullptr) *document = std::move(doc);
  return extraction;
}

std::string Unescape(std::string_view cell) {
  std::string out;
  for (size_t pos = 0; pos < cell.size(); ++pos) {
    if (cell[pos] == '\\' && pos + 1 < cell.size() && cell[pos + 1] == 'n') {
      out.push_back('\n');
      ++pos;
    } else {
      out.push_back(cell[pos]);
    }
  }
  return out;
}

std::string Canonical(std::string_view mention) {
  const Gazetteer* agencies = ExtractAgencies();
  if (agencies == nullptr) return std::string(mention);
  int hit = agencies->Resolve(mention);
  return hit >= 0 ? agencies->agencies()[hit].canonical : std::string(mention);
}

}  // namespace docpipe::testing
