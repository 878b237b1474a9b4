#include "pipeline/store/store.h"

#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <cmath>
#include <csignal>
#include <fstream>
#include <limits>
#include <set>
#include <utility>

#include "pipeline/normalize/fold.h"
#include "pipeline/store/schema_sql.h"
#include "tests/store/store_test_util.h"
#include "tests/test_util.h"

namespace docpipe {
namespace {

using testing::MakeDocument;
using testing::SampleExtraction;
using testing::SyntheticDocument;

const char kDecisionText[] =
    "ỦY BAN NHÂN DÂN\nTỈNH GIA LAI\nSố: 1520/QĐ-UBND\n"
    "Gia Lai, ngày 21 tháng 8 năm 2025\nQUYẾT ĐỊNH\n"
    "Căn cứ Nghị quyết số 59-NQ/TW ngày 24 tháng 01 năm 2025 của Bộ Chính trị;\n"
    "Kim ngạch xuất khẩu ước đạt 1.200.000,5 USD.\f"
    "Ký kết 09 thỏa thuận quốc tế với các địa phương nước ngoài.\n"
    "Tuyên truyền, phổ biến Nghị quyết; gửi Sở Ngoại vụ trước ngày 17/3/2026.\n"
    "Sở Công Thương trình UBND tỉnh chậm nhất ngày 21/9/2025.\f"
    "Đề xuất thoả thuận hợp tác với thành phố Izumisano (Nhật Bản).\n"
    "Hoà bình, hợp tác và phát triển.\n";

std::unique_ptr<Store> OpenMemory() {
  Result<std::unique_ptr<Store>> store = Store::Open(":memory:");
  REQUIRE(store.ok());
  return std::move(*store);
}

SyntheticDocument Decision() {
  SyntheticDocument doc = MakeDocument(kDecisionText);
  doc.extraction = SampleExtraction(doc.document);
  return doc;
}

// The (document, page) pairs of the hits, for comparing result sets.
std::set<std::pair<int64_t, int>> Places(const std::vector<SearchHit>& hits) {
  std::set<std::pair<int64_t, int>> places;
  for (const SearchHit& hit : hits) places.insert({hit.doc_id, hit.page});
  return places;
}

void RequireSameFacts(const Extraction& a, const Extraction& b) {
  CHECK(a.identity.number.value == b.identity.number.value);
  CHECK(a.identity.number.where.span == b.identity.number.where.span);
  CHECK(a.identity.number.where.rule_id == b.identity.number.where.rule_id);
  CHECK(a.identity.date.value == b.identity.date.value);
  REQUIRE(a.identity.recipients.size() == b.identity.recipients.size());
  REQUIRE(a.references.size() == b.references.size());
  for (size_t index = 0; index < a.references.size(); ++index) {
    CHECK(a.references[index].number == b.references[index].number);
    CHECK(a.references[index].where.quote == b.references[index].where.quote);
  }
  REQUIRE(a.figures.size() == b.figures.size());
  for (size_t index = 0; index < a.figures.size(); ++index) {
    CHECK(a.figures[index].value == b.figures[index].value);
    CHECK(a.figures[index].change_pct == b.figures[index].change_pct);
    CHECK(a.figures[index].period.end == b.figures[index].period.end);
    CHECK(a.figures[index].where.page == b.figures[index].where.page);
  }
  REQUIRE(a.tasks.size() == b.tasks.size());
  for (size_t index = 0; index < a.tasks.size(); ++index) {
    CHECK(a.tasks[index].content == b.tasks[index].content);
    CHECK(a.tasks[index].lead == b.tasks[index].lead);
    CHECK(a.tasks[index].coordinate == b.tasks[index].coordinate);
    REQUIRE(a.tasks[index].targets.size() == b.tasks[index].targets.size());
  }
  REQUIRE(a.deadlines.size() == b.deadlines.size());
  REQUIRE(a.assignments.size() == b.assignments.size());
  for (size_t index = 0; index < a.assignments.size(); ++index) {
    CHECK(a.assignments[index].coordinate == b.assignments[index].coordinate);
  }
}

// Overwrites 4 big-endian bytes of a closed database's header.
void PatchHeader(const std::string& path, std::streamoff offset, uint32_t value) {
  std::fstream file(path, std::ios::in | std::ios::out | std::ios::binary);
  REQUIRE(file);
  file.seekp(offset);
  const char bytes[4] = {static_cast<char>(value >> 24), static_cast<char>(value >> 16),
                         static_cast<char>(value >> 8), static_cast<char>(value)};
  file.write(bytes, 4);
  REQUIRE(file);
}

TEST_CASE("Store creates the schema from empty and records user_version", "[store]") {
  REQUIRE(SchemaFiles().size() >= 2);
  CHECK(SchemaFiles().front().name == "0001_init.sql");
  CHECK(StoreSchemaVersion() == static_cast<int>(SchemaFiles().size()));
  std::unique_ptr<Store> store = OpenMemory();
  CHECK(store->schema_version() == StoreSchemaVersion());
  Result<std::vector<DocumentSummary>> documents = store->ListDocuments();
  REQUIRE(documents.ok());
  CHECK(documents->empty());
}

TEST_CASE("Store re-opens a file database with its data, in WAL mode", "[store]") {
  testing::TempDir dir;
  std::string path = dir.File("docpipe.db");
  SyntheticDocument doc = Decision();
  int64_t id = 0;
  {
    Result<std::unique_ptr<Store>> store = Store::Open(path);
    REQUIRE(store.ok());
    Result<int64_t> saved = (*store)->SaveDocument(doc.Record("a.pdf"));
    REQUIRE(saved.ok());
    id = *saved;
    // WAL mode: commits go to the -wal file while the connection is open.
    CHECK(!testing::ReadAll(path + "-wal").empty());
  }
  Result<std::unique_ptr<Store>> reopened = Store::Open(path);
  REQUIRE(reopened.ok());
  CHECK((*reopened)->schema_version() == StoreSchemaVersion());
  Result<std::optional<int64_t>> found = (*reopened)->FindBySha256(doc.sha256);
  REQUIRE(found.ok());
  CHECK(*found == std::optional<int64_t>(id));
}

TEST_CASE("Store refuses a database from a newer schema and foreign files", "[store]") {
  testing::TempDir dir;
  std::string path = dir.File("docpipe.db");
  { REQUIRE(Store::Open(path).ok()); }  // closing checkpoints the WAL into the file
  PatchHeader(path, 60, 99);            // user_version (SQLite file format, header offset 60)
  Result<std::unique_ptr<Store>> newer = Store::Open(path);
  REQUIRE(!newer.ok());
  CHECK(newer.status().code() == Code::kStoreError);
  CHECK(newer.status().detail().find("newer") != std::string::npos);

  std::string other = dir.File("other.db");
  { REQUIRE(Store::Open(other).ok()); }
  PatchHeader(other, 68, 0x12345678);  // application_id
  Result<std::unique_ptr<Store>> foreign = Store::Open(other);
  REQUIRE(!foreign.ok());
  CHECK(foreign.status().detail().find("not a docpipe database") != std::string::npos);

  std::string garbage = dir.File("garbage.db");
  std::ofstream(garbage) << "this is not an SQLite database, just some text long enough....."
                            "................................................................";
  Result<std::unique_ptr<Store>> bad = Store::Open(garbage);
  REQUIRE(!bad.ok());
  CHECK(bad.status().code() == Code::kStoreError);
}

TEST_CASE("Store saves a document once per sha256 and records renamed copies", "[store]") {
  std::unique_ptr<Store> store = OpenMemory();
  SyntheticDocument doc = Decision();
  Result<int64_t> first = store->SaveDocument(doc.Record("in/QD-1520.pdf"));
  REQUIRE(first.ok());
  Result<int64_t> again = store->SaveDocument(doc.Record("in/QD-1520.pdf"));
  REQUIRE(again.ok());
  CHECK(*again == *first);
  Result<int64_t> renamed = store->SaveDocument(doc.Record("in/copy of QD-1520.pdf"));
  REQUIRE(renamed.ok());
  CHECK(*renamed == *first);

  Result<std::vector<DocumentSummary>> documents = store->ListDocuments();
  REQUIRE(documents.ok());
  REQUIRE(documents->size() == 1);
  const DocumentSummary& summary = documents->front();
  CHECK(summary.file == "in/QD-1520.pdf");
  CHECK(summary.number == "1520/QĐ-UBND");
  CHECK(summary.date == "2025-08-21");
  CHECK(summary.page_count == 3);
  CHECK(summary.status == "ok");
  CHECK(summary.figures == 2);
  CHECK(summary.tasks == 1);
  CHECK(summary.references == 1);
  Result<std::vector<std::string>> files = store->FileNames(*first);
  REQUIRE(files.ok());
  CHECK(*files == std::vector<std::string>{"in/QD-1520.pdf", "in/copy of QD-1520.pdf"});

  Result<bool> recorded = store->RecordFileName(*first, "in/copy of QD-1520.pdf");
  REQUIRE(recorded.ok());
  CHECK(!*recorded);
  Result<bool> unknown = store->RecordFileName(*first + 100, "x.pdf");
  REQUIRE(!unknown.ok());
  CHECK(unknown.status().code() == Code::kNotFound);
}

TEST_CASE("Store loads back the page model, normalised text and facts", "[store]") {
  std::unique_ptr<Store> store = OpenMemory();
  SyntheticDocument doc = Decision();
  doc.diagnostics.Warn(Code::kBadInput, "impossible date 31/2/2026", 2);
  Result<int64_t> id = store->SaveDocument(doc.Record("a.pdf"));
  REQUIRE(id.ok());

  Result<StoredDocument> stored = store->LoadDocument(*id);
  REQUIRE(stored.ok());
  CHECK(stored->sha256 == doc.sha256);
  CHECK(stored->ruleset_version == "rules-v1");
  CHECK(stored->document.text == doc.document.text);
  REQUIRE(stored->document.pages.size() == 3);
  CHECK(stored->document.pages[2].span == doc.document.pages[2].span);
  CHECK(stored->normalized.text == doc.normalized.text);
  CHECK(stored->normalized.map.Serialize() == doc.normalized.map.Serialize());
  REQUIRE(stored->diagnostics.items().size() == 1);
  CHECK(stored->diagnostics.items()[0].detail == "impossible date 31/2/2026");

  Result<std::vector<DocumentSummary>> documents = store->ListDocuments();
  REQUIRE(documents.ok());
  CHECK(documents->front().status == "warning");

  Result<Extraction> facts = store->LoadExtraction(*id);
  REQUIRE(facts.ok());
  RequireSameFacts(*facts, doc.extraction);
  CHECK(facts->figures[1].change_pct == std::nullopt);
  CHECK(facts->tasks[0].targets[0].date == "2025-12-31");
  CHECK(facts->identity.recipients[0].value == "Sở Ngoại vụ");
  CHECK(facts->figures[0].where.page == 1);
  CHECK(facts->tasks[0].where.page == 2);

  CHECK(store->LoadDocument(*id + 1).status().code() == Code::kNotFound);
  CHECK(store->LoadExtraction(*id + 1).status().code() == Code::kNotFound);
}

TEST_CASE("Store replaces an extraction atomically", "[store]") {
  std::unique_ptr<Store> store = OpenMemory();
  SyntheticDocument doc = Decision();
  Result<int64_t> id = store->SaveDocument(doc.Record("a.pdf", "rules-v1"));
  REQUIRE(id.ok());

  Extraction updated = doc.extraction;
  updated.references[0].number = "153/NQ-CP";
  updated.tasks.clear();
  Status replaced = store->ReplaceExtraction(*id, updated, Diagnostics(), "rules-v2");
  REQUIRE(replaced.ok());
  Result<Extraction> facts = store->LoadExtraction(*id);
  REQUIRE(facts.ok());
  RequireSameFacts(*facts, updated);
  Result<std::vector<int64_t>> stale = store->StaleDocuments("rules-v2");
  REQUIRE(stale.ok());
  CHECK(stale->empty());

  // References and the first figure are written before the NaN value fails
  // its NOT NULL constraint: the whole replacement must roll back.
  Extraction broken = doc.extraction;
  broken.references[0].number = "999/XX-YY";
  broken.figures[1].value = std::numeric_limits<double>::quiet_NaN();
  Status failed = store->ReplaceExtraction(*id, broken, Diagnostics(), "rules-v3");
  REQUIRE(!failed.ok());
  CHECK(failed.code() == Code::kStoreError);
  facts = store->LoadExtraction(*id);
  REQUIRE(facts.ok());
  RequireSameFacts(*facts, updated);
  stale = store->StaleDocuments("rules-v2");
  REQUIRE(stale.ok());
  CHECK(stale->empty());  // the ruleset version did not change either

  CHECK(store->ReplaceExtraction(*id + 7, updated, Diagnostics(), "v").code() == Code::kNotFound);
}

TEST_CASE("Store leaves nothing behind when saving a document fails", "[store]") {
  std::unique_ptr<Store> store = OpenMemory();
  SyntheticDocument doc = Decision();
  doc.extraction.figures[1].value = std::numeric_limits<double>::quiet_NaN();
  Result<int64_t> failed = store->SaveDocument(doc.Record("a.pdf"));
  REQUIRE(!failed.ok());
  Result<std::optional<int64_t>> found = store->FindBySha256(doc.sha256);
  REQUIRE(found.ok());
  CHECK(!found->has_value());
  Result<std::vector<SearchHit>> hits = store->Search("thỏa thuận", 10);
  REQUIRE(hits.ok());
  CHECK(hits->empty());  // no passages survived the rollback

  IngestRecord missing = doc.Record("a.pdf");
  missing.extraction = nullptr;
  CHECK(store->SaveDocument(missing).status().code() == Code::kInvalidArgument);
}

TEST_CASE("Store lists documents whose ruleset version is stale", "[store]") {
  std::unique_ptr<Store> store = OpenMemory();
  SyntheticDocument a = MakeDocument("Văn bản A\n");
  SyntheticDocument b = MakeDocument("Văn bản B\n");
  Result<int64_t> id_a = store->SaveDocument(a.Record("a.txt", "v1"));
  Result<int64_t> id_b = store->SaveDocument(b.Record("b.txt", "v2"));
  REQUIRE(id_a.ok());
  REQUIRE(id_b.ok());
  Result<std::vector<int64_t>> stale = store->StaleDocuments("v2");
  REQUIRE(stale.ok());
  CHECK(*stale == std::vector<int64_t>{*id_a});
}

TEST_CASE("Store search ignores diacritics and tone-mark placement", "[store]") {
  std::unique_ptr<Store> store = OpenMemory();
  SyntheticDocument doc = Decision();
  Result<int64_t> id = store->SaveDocument(doc.Record("a.pdf"));
  REQUIRE(id.ok());

  // Page 2 prints "thỏa thuận" (new style), page 3 "thoả thuận" (old style).
  const std::set<std::pair<int64_t, int>> expected = {{*id, 2}, {*id, 3}};
  for (const char* query : {"thoa thuan", "thỏa thuận", "thoả thuận", "THOẢ THUẬN", "Thoa Thuận"}) {
    INFO(query);
    Result<std::vector<SearchHit>> hits = store->Search(query, 10);
    REQUIRE(hits.ok());
    CHECK(Places(*hits) == expected);
    for (const SearchHit& hit : *hits) {
      CHECK(hit.document == "1520/QĐ-UBND");
      CHECK(hit.sha256 == doc.sha256);
      // The snippet keeps the printed diacritics; highlights cover the words.
      bool printed = hit.snippet.find("thỏa thuận") != std::string::npos ||
                     hit.snippet.find("thoả thuận") != std::string::npos;
      CHECK(printed);
      REQUIRE(hit.highlights.size() == 2);
      for (const Span& span : hit.highlights) {
        REQUIRE(span.end <= hit.snippet.size());
        std::string word = hit.snippet.substr(span.begin, span.size());
        CHECK((FoldKey(word) == "thoa" || FoldKey(word) == "thuan"));
      }
    }
  }

  Result<std::vector<SearchHit>> hoa = store->Search("hòa bình", 10);
  REQUIRE(hoa.ok());
  CHECK(Places(*hoa) == std::set<std::pair<int64_t, int>>{{*id, 3}});

  // Every word must occur; a quoted query is a phrase.
  Result<std::vector<SearchHit>> words = store->Search("thuận quốc", 10);
  REQUIRE(words.ok());
  CHECK(Places(*words) == std::set<std::pair<int64_t, int>>{{*id, 2}});
  Result<std::vector<SearchHit>> phrase = store->Search("\"quốc thuận\"", 10);
  REQUIRE(phrase.ok());
  CHECK(phrase->empty());

  Result<std::vector<SearchHit>> number = store->Search("1520/qd-ubnd", 10);
  REQUIRE(number.ok());
  CHECK(Places(*number) == std::set<std::pair<int64_t, int>>{{*id, 1}});

  // FTS5 syntax in a query is taken literally, never an error.
  for (const char* odd : {"", "   ", "\"", "NEAR(", "a OR", "*", "thoa*", "-x"}) {
    INFO(odd);
    CHECK(store->Search(odd, 10).ok());
  }
  Result<std::vector<SearchHit>> limited = store->Search("thoa thuan", 1);
  REQUIRE(limited.ok());
  CHECK(limited->size() == 1);
}

TEST_CASE("Store re-indexes search when a reextract replaces the text", "[store]") {
  std::unique_ptr<Store> store = OpenMemory();
  SyntheticDocument doc = Decision();
  Result<int64_t> id = store->SaveDocument(doc.Record("a.pdf"));
  REQUIRE(id.ok());
  NormalizedText changed = NormalizeText("Biên bản ghi nhớ hợp tác\nHoà bình\n");
  REQUIRE(store->ReplaceExtraction(*id, doc.extraction, Diagnostics(), "v2", &changed).ok());
  Result<std::vector<SearchHit>> old_words = store->Search("thoa thuan", 10);
  REQUIRE(old_words.ok());
  CHECK(old_words->empty());
  Result<std::vector<SearchHit>> new_words = store->Search("bien ban ghi nho", 10);
  REQUIRE(new_words.ok());
  REQUIRE(new_words->size() == 1);
  CHECK(new_words->front().snippet == "Biên bản ghi nhớ hợp tác");
  Result<StoredDocument> stored = store->LoadDocument(*id);
  REQUIRE(stored.ok());
  CHECK(stored->normalized.text == changed.text);
  Status integrity = store->CheckIntegrity();
  INFO(integrity.ToString());
  CHECK(integrity.ok());
}

TEST_CASE("Store finds documents by id, number, file name and sha256 prefix", "[store]") {
  std::unique_ptr<Store> store = OpenMemory();
  SyntheticDocument doc = Decision();
  Result<int64_t> id = store->SaveDocument(doc.Record("/data/in/QD-1520.pdf"));
  REQUIRE(id.ok());
  SyntheticDocument other = MakeDocument("Một văn bản khác\n");
  REQUIRE(store->SaveDocument(other.Record("/data/in/khac.txt")).ok());

  for (std::string key :
       {std::to_string(*id), std::string("1520/QĐ-UBND"), std::string("1520/qd-ubnd"),
        std::string("1520 / QĐ - UBND"),
        std::string("1520/QÐ-UBND"),  // U+00D0, as some sites print it
        std::string("QD-1520.pdf"), std::string("/data/in/QD-1520.pdf"), doc.sha256.substr(0, 8)}) {
    INFO(key);
    Result<std::vector<DocumentSummary>> found = store->FindDocuments(key);
    REQUIRE(found.ok());
    REQUIRE(found->size() == 1);
    CHECK(found->front().id == *id);
  }
  Result<std::vector<DocumentSummary>> none = store->FindDocuments("1521/QĐ-UBND");
  REQUIRE(none.ok());
  CHECK(none->empty());
}

TEST_CASE("Store records failures until the same bytes are saved", "[store]") {
  std::unique_ptr<Store> store = OpenMemory();
  SyntheticDocument doc = Decision();
  REQUIRE(store->RecordFailure(doc.sha256, "a.pdf", Code::kLimitExceeded, "timeout").ok());
  REQUIRE(store->RecordFailure(doc.sha256, "a.pdf", Code::kBadInput, "truncated").ok());
  Result<std::vector<FailureRecord>> failures = store->ListFailures();
  REQUIRE(failures.ok());
  REQUIRE(failures->size() == 1);
  CHECK(failures->front().code == Code::kBadInput);
  CHECK(failures->front().reason == "truncated");
  CHECK(failures->front().attempts == 2);
  REQUIRE(store->SaveDocument(doc.Record("a.pdf")).ok());
  failures = store->ListFailures();
  REQUIRE(failures.ok());
  CHECK(failures->empty());
}

TEST_CASE("Store replaces and loads flags with their evidence", "[store]") {
  std::unique_ptr<Store> store = OpenMemory();
  SyntheticDocument doc = Decision();
  Result<int64_t> id = store->SaveDocument(doc.Record("a.pdf"));
  REQUIRE(id.ok());
  Flag flag;
  flag.kind = FlagKind::kCountVsList;
  flag.severity = FlagSeverity::kContradiction;
  flag.message_vi = "Số lượng không khớp";
  flag.message_en = "Count does not match";
  flag.evidence.push_back(Evidence{*id, "1520/QĐ-UBND", 2, Span{3, 9}, "09 thỏa thuận"});
  flag.evidence.push_back(Evidence{0, "report.pdf", 1, Span{0, 4}, "13/13"});
  Flag info;
  info.kind = FlagKind::kQualityRepeat;
  info.severity = FlagSeverity::kInfo;
  REQUIRE(store->ReplaceFlags({flag, info}).ok());
  Result<std::vector<Flag>> flags = store->LoadFlags();
  REQUIRE(flags.ok());
  REQUIRE(flags->size() == 2);
  CHECK((*flags)[0].severity == FlagSeverity::kContradiction);
  REQUIRE((*flags)[0].evidence.size() == 2);
  CHECK((*flags)[0].evidence[0].document_id == *id);
  CHECK((*flags)[0].evidence[0].span == Span{3, 9});
  CHECK((*flags)[0].evidence[1].document_id == 0);
  CHECK((*flags)[1].kind == FlagKind::kQualityRepeat);

  REQUIRE(store->ReplaceFlags({info}).ok());
  flags = store->LoadFlags();
  REQUIRE(flags.ok());
  REQUIRE(flags->size() == 1);
  CHECK((*flags)[0].evidence.empty());
}

TEST_CASE("Store search finds both tone-mark styles in the seed documents", "[store]") {
  std::unique_ptr<Store> store = OpenMemory();
  std::vector<SyntheticDocument> seeds;
  for (const char* prefix : {"000", "001", "002", "003", "004"}) {
    seeds.push_back(MakeDocument(testing::SeedText(prefix)));
  }
  for (const SyntheticDocument& seed : seeds) {
    REQUIRE(store->SaveDocument(seed.Record(seed.sha256.substr(0, 8) + ".txt")).ok());
  }
  // The seeds print both "thỏa thuận" and "thoả thuận" (seeds/README.md).
  bool new_style = false, old_style = false;
  for (const SyntheticDocument& seed : seeds) {
    new_style |= seed.normalized.text.find("thỏa thuận") != std::string::npos;
    old_style |= seed.normalized.text.find("thoả thuận") != std::string::npos;
  }
  REQUIRE(new_style);
  REQUIRE(old_style);

  Result<std::vector<SearchHit>> folded = store->Search("thoa thuan", 1000);
  Result<std::vector<SearchHit>> printed_new = store->Search("thỏa thuận", 1000);
  Result<std::vector<SearchHit>> printed_old = store->Search("thoả thuận", 1000);
  REQUIRE(folded.ok());
  REQUIRE(printed_new.ok());
  REQUIRE(printed_old.ok());
  CHECK(Places(*folded) == Places(*printed_new));
  CHECK(Places(*folded) == Places(*printed_old));
  bool saw_new = false, saw_old = false;
  for (const SearchHit& hit : *folded) {
    saw_new |= hit.snippet.find("thỏa thuận") != std::string::npos;
    saw_old |= hit.snippet.find("thoả thuận") != std::string::npos;
  }
  CHECK(saw_new);
  CHECK(saw_old);
}

TEST_CASE("Store stays consistent when the writer is killed mid-ingest", "[store]") {
  testing::TempDir dir;
  std::string path = dir.File("docpipe.db");
  { REQUIRE(Store::Open(path).ok()); }
  pid_t child = fork();
  REQUIRE(child >= 0);
  if (child == 0) {
    // The child ingests distinct documents until it is killed; it never
    // returns into Catch.
    Result<std::unique_ptr<Store>> store = Store::Open(path);
    if (!store.ok()) _exit(2);
    for (int index = 0; index < 100000; ++index) {
      SyntheticDocument doc = MakeDocument(std::string(kDecisionText) + std::to_string(index));
      doc.extraction = SampleExtraction(doc.document);
      if (!(*store)->SaveDocument(doc.Record("doc" + std::to_string(index))).ok()) _exit(3);
    }
    _exit(0);
  }
  // Let it commit some documents, then kill it wherever it is.
  for (int waited = 0; waited < 200; ++waited) {
    usleep(10000);
    if (testing::ReadAll(path + "-wal").size() > 200000) break;
  }
  REQUIRE(kill(child, SIGKILL) == 0);
  int status = 0;
  REQUIRE(waitpid(child, &status, 0) == child);
  REQUIRE(WIFSIGNALED(status));

  Result<std::unique_ptr<Store>> store = Store::Open(path);
  REQUIRE(store.ok());
  Status integrity = (*store)->CheckIntegrity();
  INFO(integrity.ToString());
  REQUIRE(integrity.ok());
  Result<std::vector<DocumentSummary>> documents = (*store)->ListDocuments();
  REQUIRE(documents.ok());
  CHECK(!documents->empty());
  for (const DocumentSummary& summary : *documents) {
    // Every stored document is complete: its facts, text and file name.
    CHECK(summary.figures == 2);
    CHECK(summary.tasks == 1);
    CHECK(summary.assignments == 1);
    Result<StoredDocument> stored = (*store)->LoadDocument(summary.id);
    REQUIRE(stored.ok());
    CHECK(stored->files.size() == 1);
    CHECK(!stored->normalized.text.empty());
  }
  Result<std::vector<SearchHit>> hits = (*store)->Search("hoa binh", 100000);
  REQUIRE(hits.ok());
  CHECK(hits->size() == documents->size());  // one passage per document
}


TEST_CASE("Store keeps the normaliser version and diagnostics with the text", "[store]") {
  std::unique_ptr<Store> store = OpenMemory();
  SyntheticDocument doc = MakeDocument("Văn bản A\n");
  REQUIRE(doc.normalized.normalizer_version == kNormalizerVersion);
  doc.normalized.diagnostics.Warn(Code::kBadInput, "2 invalid UTF-8 byte(s) replaced by U+FFFD");
  Result<int64_t> id = store->SaveDocument(doc.Record("a.txt", "v1"));
  REQUIRE(id.ok());
  Result<StoredDocument> loaded = store->LoadDocument(*id);
  REQUIRE(loaded.ok());
  CHECK(loaded->normalized.normalizer_version == kNormalizerVersion);
  REQUIRE(loaded->normalized.diagnostics.items().size() == 1);
  CHECK(loaded->normalized.diagnostics.items()[0].detail ==
        "2 invalid UTF-8 byte(s) replaced by U+FFFD");
  CHECK(loaded->normalized.diagnostics.items()[0].severity == Severity::kWarning);

  // Same ruleset and normaliser: not stale; another normaliser version: stale.
  Result<std::vector<int64_t>> stale = store->StaleDocuments("v1", kNormalizerVersion);
  REQUIRE(stale.ok());
  CHECK(stale->empty());
  stale = store->StaleDocuments("v1", kNormalizerVersion + 1);
  REQUIRE(stale.ok());
  CHECK(*stale == std::vector<int64_t>{*id});

  // Re-extraction with an unchanged text but another version (a database
  // migrated to schema 3 stores 0) updates the version and diagnostics only.
  NormalizedText renormalized = loaded->normalized;
  renormalized.normalizer_version = kNormalizerVersion + 1;
  renormalized.diagnostics = Diagnostics();
  REQUIRE(store->ReplaceExtraction(*id, doc.extraction, Diagnostics(), "v1", &renormalized).ok());
  loaded = store->LoadDocument(*id);
  REQUIRE(loaded.ok());
  CHECK(loaded->normalized.normalizer_version == kNormalizerVersion + 1);
  CHECK(loaded->normalized.diagnostics.empty());
  CHECK(loaded->normalized.text == doc.normalized.text);
  stale = store->StaleDocuments("v1", kNormalizerVersion);
  REQUIRE(stale.ok());
  CHECK(*stale == std::vector<int64_t>{*id});
}

TEST_CASE("Store treats text stored without a normaliser version as stale", "[store]") {
  std::unique_ptr<Store> store = OpenMemory();
  SyntheticDocument doc = MakeDocument("Văn bản B\n");
  doc.normalized.normalizer_version = 0;  // as after migrating to schema 3
  Result<int64_t> id = store->SaveDocument(doc.Record("b.txt", "v1"));
  REQUIRE(id.ok());
  Result<std::vector<int64_t>> stale = store->StaleDocuments("v1", kNormalizerVersion);
  REQUIRE(stale.ok());
  CHECK(*stale == std::vector<int64_t>{*id});
  stale = store->StaleDocuments("v1");  // the ruleset-only overload is unchanged
  REQUIRE(stale.ok());
  CHECK(stale->empty());
}

}  // namespace
}  // namespace docpipe
