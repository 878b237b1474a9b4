// Acceptance test of `docpipe watch` (issue 6, acceptance 1; issue 15,
// acceptance 6), run on the real binary as child processes. The soak: 500
// files dropped at once into the inboxes of two watchers sharing one archive
// and one database, while a slow writer appends a text, a PDF arrives in two
// halves, and a symlink, a FIFO and a corrupt PDF with an escape sequence in
// its name sit in the inbox; then a kill -9 of the watcher in the middle of
// a second batch and a restart. Every dropped regular file's SHA-256 is
// accounted for exactly once (stored and archived, archived as a duplicate
// of a stored content, or quarantined with a reason), the symlink and FIFO
// stay where they were, and `docpipe verify` passes. Every wait is a bounded
// loop.

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <string>
#include <thread>
#include <tuple>
#include <vector>

#include "pipeline/base/file_util.h"
#include "pipeline/base/strings.h"
#include "tests/test_util.h"

extern char** environ;

namespace docpipe {
namespace {

namespace fs = std::filesystem;
using testing::DocpipeBinary;
using testing::ReadAll;
using testing::RunCommand;
using testing::SourcePath;
using testing::TempDir;

using Clock = std::chrono::steady_clock;

void WriteFile(const std::string& path, const std::string& bytes) {
  std::ofstream out(path, std::ios::binary);
  out << bytes;
}

// Starts `docpipe <args>` with stdout and stderr appended to "log".
pid_t Spawn(const std::vector<std::string>& args, const std::string& log) {
  std::vector<std::string> argv_strings = {DocpipeBinary()};
  argv_strings.insert(argv_strings.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (std::string& arg : argv_strings) argv.push_back(arg.data());
  argv.push_back(nullptr);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 1, log.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
  posix_spawn_file_actions_adddup2(&actions, 1, 2);
  pid_t pid = -1;
  if (posix_spawn(&pid, argv[0], &actions, nullptr, argv.data(), environ) != 0) pid = -1;
  posix_spawn_file_actions_destroy(&actions);
  return pid;
}

// Waits up to "seconds" for "pid"; its exit status, -2 on a timeout (the
// child is then killed and reaped), -1 if it died from a signal.
int WaitExit(pid_t pid, int seconds) {
  auto deadline = Clock::now() + std::chrono::seconds(seconds);
  while (Clock::now() < deadline) {
    int status = 0;
    pid_t done = ::waitpid(pid, &status, WNOHANG);
    if (done == pid) return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  ::kill(pid, SIGKILL);
  ::waitpid(pid, nullptr, 0);
  return -2;
}

size_t CountFiles(const std::string& dir) {
  size_t count = 0;
  std::error_code ec;
  for (auto it = fs::recursive_directory_iterator(dir, ec);
       !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
    std::error_code entry_ec;
    if (it->is_regular_file(entry_ec) && !EndsWith(it->path().filename().string(), ".reason.txt"))
      ++count;
  }
  return count;
}

// SHA-256 of every file under "dir" (reason files excluded) -> how many.
std::map<std::string, int> ContentCounts(const std::string& dir) {
  std::map<std::string, int> counts;
  std::error_code ec;
  for (auto it = fs::recursive_directory_iterator(dir, ec);
       !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
    if (it->is_regular_file() && !EndsWith(it->path().filename().string(), ".reason.txt")) {
      ++counts[Sha256Hex(ReadAll(it->path().string()))];
    }
  }
  return counts;
}

// Documents in the store, counted in the JSON export (one "files" array per
// document) and cross-checked with the rows of `docpipe list`.
size_t StoredDocuments(const std::string& db) {
  std::string out;
  std::string quoted_db = "'" + db + "'";
  REQUIRE(RunCommand("'" + DocpipeBinary() + "' export --db " + quoted_db + " --format json",
                     &out) == 0);
  size_t from_export = 0;
  for (size_t at = out.find("\"files\": ["); at != std::string::npos;
       at = out.find("\"files\": [", at + 1)) {
    ++from_export;
  }
  REQUIRE(RunCommand("'" + DocpipeBinary() + "' list --db " + quoted_db, &out) == 0);
  size_t rows = 0;
  for (std::string_view line : SplitLines(out)) {
    if (line.empty()) break;  // the quarantine section follows a blank line
    if (line[0] >= '0' && line[0] <= '9') ++rows;
  }
  CHECK(rows == from_export);
  return from_export;
}

struct Batch {
  std::vector<std::pair<std::string, std::string>> files;  // name, bytes
  std::set<std::string> good_contents;                     // SHA-256 of those that must be stored
  size_t bad = 0;
};

// Writes the batch into "staging" and renames every file into "inbox": each
// file appears complete and at (nearly) the same moment.
void Drop(const Batch& batch, const std::string& staging, const std::string& inbox) {
  fs::create_directories(staging);
  for (const auto& [name, bytes] : batch.files) WriteFile(staging + "/" + name, bytes);
  for (const auto& [name, bytes] : batch.files)
    fs::rename(staging + "/" + name, inbox + "/" + name);
}

std::string VariantName(const char* prefix, int index) {
  std::string number = std::to_string(index);
  return std::string(prefix) + std::string(4 - std::min<size_t>(4, number.size()), '0') + number +
         ".txt";
}

// Writes "chunks" to "path" one per second from a child process; keeps the
// file open throughout when "keep_open", else opens it for each append
// (`cat part >> file`, or a scanner writing over SMB). Returns its pid.
pid_t SlowWriter(const std::string& path, const std::vector<std::string>& chunks, bool keep_open) {
  pid_t pid = ::fork();
  if (pid != 0) return pid;
  int fd = -1;
  for (size_t index = 0; index < chunks.size(); ++index) {
    if (fd < 0) fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
    if (fd < 0) ::_exit(1);
    if (::write(fd, chunks[index].data(), chunks[index].size()) !=
        static_cast<ssize_t>(chunks[index].size())) {
      ::_exit(1);
    }
    if (!keep_open) {
      ::close(fd);
      fd = -1;
    }
    if (index + 1 < chunks.size()) ::sleep(1);
  }
  if (fd >= 0) ::close(fd);
  ::_exit(0);
}

// "text" in 6 parts: written one per second, 5 s of writing.
std::vector<std::string> SixParts(const std::string& text) {
  std::vector<std::string> chunks;
  size_t step = text.size() / 6 + 1;
  for (size_t at = 0; at < text.size(); at += step) chunks.push_back(text.substr(at, step));
  return chunks;
}

// "pdf" in two halves 3 s apart, the file closed in between.
std::vector<std::string> TwoHalves(const std::string& pdf) {
  return {pdf.substr(0, pdf.size() / 2), std::string(), std::string(), pdf.substr(pdf.size() / 2)};
}

// Regular files directly in "dir" (lstat: a symlink to a file is not one).
size_t RegularFiles(const std::string& dir) {
  size_t count = 0;
  std::error_code ec;
  for (auto it = fs::directory_iterator(dir, ec); !ec && it != fs::directory_iterator();
       it.increment(ec)) {
    std::error_code entry_ec;
    if (fs::is_regular_file(it->symlink_status(entry_ec))) ++count;
  }
  return count;
}

// The "sha256" members of the JSON export: one per stored document.
std::multiset<std::string> StoredShas(const std::string& db) {
  std::string out;
  REQUIRE(RunCommand("'" + DocpipeBinary() + "' export --db '" + db + "' --format json", &out) ==
          0);
  std::multiset<std::string> shas;
  const std::string key = "\"sha256\": \"";
  for (size_t at = out.find(key); at != std::string::npos; at = out.find(key, at + 1)) {
    shas.insert(out.substr(at + key.size(), 64));
  }
  return shas;
}

#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
constexpr int kScale = 5;  // sanitizers are several times slower; the races are the same
#else
constexpr int kScale = 1;
#endif

// The soak of issue #15, acceptance 6: the folders, what was dropped, and
// what each dropped file must become.
struct Soak {
  TempDir dir;
  std::string inbox = dir.File("inbox"), inbox_b = dir.File("inbox-b"),
              archive = dir.File("archive"), quarantine = dir.File("quarantine"),
              db = dir.File("watch.db"), log = dir.File("watch.log"),
              log_b = dir.File("watch-b.log");
  std::string outside = dir.File("ngoai-hop-thu.txt");  // a valid text the symlink points at
  // A corrupt PDF whose name holds an escape sequence and a line break.
  std::string hostile_name = "hong-\x1b[31m-do\n-dong.pdf";
  std::vector<std::string> seeds;
  std::multiset<std::string> dropped;  // SHA-256 of every regular file dropped (final bytes)
  std::set<std::string> good;          // contents that must be stored
  std::set<std::string> bad;           // contents that must be quarantined
  size_t batch_one = 0;                // regular files of the first phase

  std::vector<std::string> Args(const std::string& folder, bool once) const {
    // --incomplete-wait 10: longer than the 3 s pause of the PDF written in
    // halves; the empty and truncated PDFs wait that long before quarantine.
    std::vector<std::string> args = {"watch", "--incomplete-wait", "10", "--db", db,
                                     "--archive", archive, "--quarantine", quarantine, folder};
    if (once) args.insert(args.begin() + 1, "--once");
    return args;
  }

  void Expect(const std::string& bytes, bool is_good) {
    std::string sha = Sha256Hex(bytes);
    dropped.insert(sha);
    (is_good ? good : bad).insert(sha);
  }

  // Writes "files" (name, bytes, into the second inbox?) into a staging
  // folder, then renames each into its inbox: each appears complete at once.
  void Drop(const std::vector<std::tuple<std::string, std::string, bool>>& files,
            const std::string& staging) {
    fs::create_directories(staging);
    for (const auto& [name, bytes, second] : files) WriteFile(staging + "/" + name, bytes);
    for (const auto& [name, bytes, second] : files)
      fs::rename(staging + "/" + name, (second ? inbox_b : inbox) + "/" + name);
  }
};

std::string Variant(const std::string& seed, int batch, int index) {
  return seed + "\nGhi chú kiểm thử: lô " + std::to_string(batch) + ", tệp số " +
         std::to_string(index) + ".\n";
}

// Phase 1: two watchers on one archive and one database; 500 files dropped
// at once, every fifth into the second watcher's inbox, so that archive
// names (the variants of one seed share a number) and identical PDFs race
// between the two processes; meanwhile a text is appended for 5 s and a PDF
// arrives in two halves; a symlink, a FIFO and a corrupt PDF with an escape
// sequence in its name sit in the inbox.
void SoakFirstPhase(Soak* soak) {
  std::vector<std::string> good_pdfs = {ReadAll(SourcePath("samples/001-quyet-dinh-1520.pdf")),
                                        ReadAll(SourcePath("samples/002-cong-van.pdf")),
                                        ReadAll(SourcePath("samples/004-cong-van.pdf"))};
  // The empty and the truncated PDF wait --incomplete-wait seconds for the
  // rest of their bytes before they are quarantined.
  std::vector<std::string> bad = {ReadAll(SourcePath("tests/data/hostile/zero-bytes.pdf")),
                                  ReadAll(SourcePath("tests/data/hostile/not-a-pdf.pdf")),
                                  ReadAll(SourcePath("tests/data/hostile/truncated.pdf"))};
  for (const std::string& pdf : good_pdfs) REQUIRE(pdf.size() > 1000);
  REQUIRE(bad[0].empty());
  REQUIRE(bad[1].size() > 10);
  REQUIRE(bad[2].size() > 1000);
  const int texts = 300 / kScale, pdfs = 150 / kScale, bads = 50 / kScale;
  std::vector<std::tuple<std::string, std::string, bool>> files;
  for (int i = 0; i < texts + pdfs + bads; ++i) {
    std::string name, bytes;
    if (i < texts) {
      name = VariantName("bien-the-", i);
      bytes = Variant(soak->seeds[i % soak->seeds.size()], 1, i);
    } else if (i < texts + pdfs) {
      name = "ban-sao-" + std::to_string(i) + ".pdf";
      bytes = good_pdfs[i % good_pdfs.size()];
    } else {
      name = "hong-" + std::to_string(i) + ".pdf";
      bytes = bad[i % bad.size()];
    }
    soak->Expect(bytes, i < texts + pdfs);
    files.emplace_back(name, bytes, i % 5 == 0);
  }
  files.emplace_back(soak->hostile_name, bad[1], false);
  soak->Expect(bad[1], false);
  soak->batch_one = files.size() + 2;  // and the two slow writers

  // Not documents to take: a link to a valid text outside, and a FIFO.
  WriteFile(soak->outside, Variant(soak->seeds[0], 0, 0));
  fs::create_symlink(soak->outside, soak->inbox + "/lien-ket.txt");
  REQUIRE(::mkfifo((soak->inbox + "/ong-dan.pdf").c_str(), 0600) == 0);
  std::string out;
  REQUIRE(RunCommand("'" + DocpipeBinary() + "' list --db '" + soak->db + "'", &out) == 0);

  auto start = Clock::now();
  pid_t watcher = Spawn(soak->Args(soak->inbox, false), soak->log);
  pid_t watcher_b = Spawn(soak->Args(soak->inbox_b, false), soak->log_b);
  REQUIRE(watcher > 0);
  REQUIRE(watcher_b > 0);
  std::string slow_text = Variant(soak->seeds[1], 1, -1);
  std::string halves = ReadAll(SourcePath("samples/000-bao-cao.pdf"));
  REQUIRE(halves.size() > 1000);
  pid_t writer = SlowWriter(soak->inbox + "/viet-cham.txt", SixParts(slow_text), false);
  pid_t halves_writer = SlowWriter(soak->inbox + "/scan-hai-nua.pdf", TwoHalves(halves), false);
  REQUIRE(writer > 0);
  REQUIRE(halves_writer > 0);
  soak->Drop(files, soak->dir.File("staging-1"));
  CHECK(WaitExit(writer, 60) == 0);
  CHECK(WaitExit(halves_writer, 60) == 0);
  soak->Expect(slow_text, true);
  soak->Expect(halves, true);

  // Bounded wait for both inboxes to drain (the symlink and FIFO stay).
  auto deadline = Clock::now() + std::chrono::seconds(150);
  while ((RegularFiles(soak->inbox) > 0 || RegularFiles(soak->inbox_b) > 0) &&
         Clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  INFO("watch log:\n" << ReadAll(soak->log).substr(0, 4000));
  INFO("second watch log:\n" << ReadAll(soak->log_b).substr(0, 4000));
  CHECK(RegularFiles(soak->inbox) == 0);
  CHECK(fs::is_empty(soak->inbox_b));
  for (pid_t pid : {watcher, watcher_b}) {
    ::kill(pid, SIGTERM);
    // 3: the watcher stopped cleanly and some files were quarantined.
    CHECK(WaitExit(pid, 30) == 3);
  }
  WARN("first phase, " << soak->batch_one << " files by two watchers, in "
       << std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - start).count()
       << " ms");
  CHECK(CountFiles(soak->archive) == static_cast<size_t>(texts + pdfs + 2));
  CHECK(CountFiles(soak->quarantine) == static_cast<size_t>(bads + 1));
  // Each PDF content stored once, its other copies archived as duplicates,
  // also when the two watchers read copies of it at the same moment.
  CHECK(CountFiles(soak->archive + "/trung-lap") == static_cast<size_t>(pdfs - 3));
  CHECK(fs::is_regular_file(soak->archive + "/2025/Quyết định/1520-QĐ-UBND.pdf"));
  CHECK(Sha256Hex(ReadAll(soak->archive + "/2025/Quyết định/1520-QĐ-UBND.pdf")) ==
        Sha256Hex(good_pdfs[0]));
}

// Phase 2: 200 new texts, a text appended with the file held open and a PDF
// in two halves; the watcher is killed (-9) with some, not all, texts
// archived, and restarted with --once while the writers are still at it.
void SoakSecondPhase(Soak* soak) {
  const int texts = 200 / kScale;
  std::vector<std::tuple<std::string, std::string, bool>> files;
  for (int i = 0; i < texts; ++i) {
    std::string bytes = Variant(soak->seeds[i % soak->seeds.size()], 2, i);
    soak->Expect(bytes, true);
    files.emplace_back(VariantName("lo-hai-", i), bytes, false);
  }
  size_t archived_before = CountFiles(soak->archive);
  pid_t watcher = Spawn(soak->Args(soak->inbox, false), soak->log);
  REQUIRE(watcher > 0);
  std::string slow_text = Variant(soak->seeds[2], 2, -1);
  std::string halves = ReadAll(SourcePath("samples/003-thong-bao-ket-luan.pdf"));
  REQUIRE(halves.size() > 1000);
  pid_t writer = SlowWriter(soak->inbox + "/viet-cham-2.txt", SixParts(slow_text), true);
  pid_t halves_writer = SlowWriter(soak->inbox + "/scan-hai-nua-2.pdf", TwoHalves(halves), false);
  REQUIRE(writer > 0);
  REQUIRE(halves_writer > 0);
  soak->Drop(files, soak->dir.File("staging-2"));
  auto deadline = Clock::now() + std::chrono::seconds(120);
  while (CountFiles(soak->archive) < archived_before + 20 / kScale && Clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  ::kill(watcher, SIGKILL);
  CHECK(WaitExit(watcher, 30) == -1);
  size_t left = 0;
  for (const auto& [name, bytes, second] : files) left += fs::exists(soak->inbox + "/" + name);
  WARN("kill -9 with " << left << " of " << texts << " texts still in the inbox");
  REQUIRE(left > 0);  // killed in the middle, as the test intends
  CHECK(left < files.size());

  pid_t restarted = Spawn(soak->Args(soak->inbox, true), soak->log);
  REQUIRE(restarted > 0);
  CHECK(WaitExit(writer, 60) == 0);
  CHECK(WaitExit(halves_writer, 60) == 0);
  soak->Expect(slow_text, true);
  soak->Expect(halves, true);
  CHECK(WaitExit(restarted, 150) == 0);  // --once: nothing of phase 2 fails
}

// Every dropped regular file accounted for exactly once; the symlink and the
// FIFO left where they were; the store and the archive agree.
void SoakAccount(const Soak& soak) {
  INFO("watch log:\n" << ReadAll(soak.log).substr(0, 6000));
  std::set<std::string> left;
  for (const auto& entry : fs::directory_iterator(soak.inbox)) {
    left.insert(entry.path().filename().string());
  }
  CHECK(left == std::set<std::string>{"lien-ket.txt", "ong-dan.pdf"});
  CHECK(fs::is_symlink(soak.inbox + "/lien-ket.txt"));
  CHECK(fs::is_fifo(fs::symlink_status(soak.inbox + "/ong-dan.pdf")));
  CHECK(ReadAll(soak.outside) == Variant(soak.seeds[0], 0, 0));
  CHECK(fs::is_empty(soak.inbox_b));

  // Nothing lost, nothing overwritten, nothing twice: archive and quarantine
  // hold exactly the dropped files, content for content.
  std::map<std::string, int> dropped, landed = ContentCounts(soak.archive);
  for (const std::string& sha : soak.dropped) ++dropped[sha];
  for (const auto& [sha, count] : ContentCounts(soak.quarantine)) landed[sha] += count;
  CHECK(landed == dropped);

  // The store holds each good content once and nothing else (not the
  // symlink's target); every archived file is a stored content, and apart
  // from the duplicates ("trung-lap/") each is archived once.
  std::multiset<std::string> stored = StoredShas(soak.db);
  CHECK(stored.size() == soak.good.size());
  CHECK(std::set<std::string>(stored.begin(), stored.end()) == soak.good);
  CHECK(StoredDocuments(soak.db) == soak.good.size());
  for (const auto& [sha, count] : ContentCounts(soak.archive)) {
    CHECK(stored.count(sha) == 1);
  }
  std::map<std::string, int> originals = ContentCounts(soak.archive);
  for (const auto& [sha, count] : ContentCounts(soak.archive + "/trung-lap")) {
    originals[sha] -= count;
  }
  for (const auto& [sha, count] : originals) CHECK(count <= 1);
  // Each stored content has its original in the archive, also the one the
  // kill -9 caught between its commit and its move.
  for (const std::string& sha : soak.good) CHECK(originals[sha] == 1);

  // Quarantined: bad content only, each with its reason.
  for (const auto& entry : fs::directory_iterator(soak.quarantine)) {
    std::string name = entry.path().filename().string();
    if (EndsWith(name, ".reason.txt")) continue;
    INFO(EscapeForTerminal(name));
    CHECK(soak.bad.count(Sha256Hex(ReadAll(entry.path().string()))) == 1);
    CHECK_THAT(ReadAll(entry.path().string() + ".reason.txt"),
               Catch::Contains("code: 4 (bad input)"));
  }
  std::string out;
  int verified = RunCommand("'" + DocpipeBinary() + "' verify --lang en --db '" + soak.db +
                                "' --archive '" + soak.archive + "'",
                            &out);
  INFO(out);
  CHECK(verified == 0);
}

// Names are escaped in the watcher's log and in reason files; the symlink
// and the FIFO were reported, not taken.
void SoakCheckNames(const Soak& soak) {
  std::string log = ReadAll(soak.log) + ReadAll(soak.log_b);
  CHECK(log.find('\x1b') == std::string::npos);
  CHECK_THAT(log, Catch::Contains(soak.inbox + "/hong-\\x1b[31m-do\\n-dong.pdf → cách ly"));
  CHECK_THAT(log, Catch::Contains("Bỏ qua " + soak.inbox +
                                  "/lien-ket.txt: liên kết tượng trưng (không đi theo)"));
  CHECK_THAT(log, Catch::Contains("Bỏ qua " + soak.inbox + "/ong-dan.pdf: không phải tệp thường"));
  std::string reason = ReadAll(soak.quarantine + "/" + soak.hostile_name + ".reason.txt");
  INFO(EscapeForTerminal(reason));
  CHECK(reason.find('\x1b') == std::string::npos);
  CHECK(std::count(reason.begin(), reason.end(), '\n') == 4);  // file, code, reason, time
  CHECK_THAT(reason, Catch::StartsWith("file: " + soak.inbox + "/hong-\\x1b[31m-do\\n-dong.pdf\n"));
}

TEST_CASE("docpipe watch soak of 500 files with hostile cases and two watchers survives kill -9",
          "[jobs]") {
  Soak soak;
  fs::create_directories(soak.inbox);
  fs::create_directories(soak.inbox_b);
  // The small seeds keep the 500 cheap; each variant gets a unique last line,
  // so every one has its own SHA-256.
  soak.seeds = {testing::SeedText("002"), testing::SeedText("003"), testing::SeedText("004")};
  for (const std::string& seed : soak.seeds) REQUIRE(seed.size() > 1000);
  auto start = Clock::now();
  SoakFirstPhase(&soak);
  SoakSecondPhase(&soak);
  SoakAccount(soak);
  SoakCheckNames(soak);
  WARN("soak of " << soak.dropped.size() << " files in "
       << std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - start).count()
       << " ms");
}

TEST_CASE("docpipe watch archives a stored but unmoved file as the original and a copy as duplicate",
          "[jobs]") {
  // What a kill -9 between the commit and the move leaves (and what `ingest`
  // of a file in the inbox leaves): the file is stored under this very name
  // but not archived. The next watcher archives it where it belongs, not in
  // "trung-lap" as a duplicate of itself; a copy under another name is a
  // duplicate.
  TempDir dir;
  std::string inbox = dir.File("inbox"), archive = dir.File("archive"),
              quarantine = dir.File("quarantine"), db = dir.File("watch.db");
  fs::create_directories(inbox);
  std::string plan = ReadAll(SourcePath("samples/001-quyet-dinh-1520.pdf"));
  std::string text = testing::SeedText("004");
  WriteFile(inbox + "/quyet-dinh.pdf", plan);
  WriteFile(inbox + "/cong-van.txt", text);
  std::string out;
  REQUIRE(RunCommand("'" + DocpipeBinary() + "' ingest --db '" + db + "' '" + inbox +
                         "/quyet-dinh.pdf' '" + inbox + "/cong-van.txt'",
                     &out) == 0);
  WriteFile(inbox + "/ban-sao.pdf", plan);
  int status = RunCommand("'" + DocpipeBinary() + "' watch --once --db '" + db + "' --archive '" +
                              archive + "' --quarantine '" + quarantine + "' '" + inbox + "'",
                          &out);
  INFO(out);
  CHECK(status == 0);
  CHECK(fs::is_empty(inbox));
  CHECK(Sha256Hex(ReadAll(archive + "/2025/Quyết định/1520-QĐ-UBND.pdf")) == Sha256Hex(plan));
  std::map<std::string, int> duplicates = ContentCounts(archive + "/trung-lap");
  CHECK(duplicates == std::map<std::string, int>{{Sha256Hex(plan), 1}});
  std::map<std::string, int> all = ContentCounts(archive);
  CHECK(all[Sha256Hex(text)] == 1);
  CHECK(all[Sha256Hex(plan)] == 2);
  CHECK(StoredDocuments(db) == 2);
  // The store knows the archived names, and they hash to their documents.
  status = RunCommand("'" + DocpipeBinary() + "' verify --lang en --db '" + db + "' --archive '" +
                          archive + "'",
                      &out);
  CHECK(status == 0);
}

TEST_CASE("docpipe watch ingests a new file dropped under the name of one it already archived",
          "[jobs]") {
  // Scanners reuse names ("scan.pdf"): the second file is other content and
  // must be stored, not left in the inbox until the watcher restarts.
  TempDir dir;
  std::string inbox = dir.File("inbox"), archive = dir.File("archive"),
              quarantine = dir.File("quarantine");
  std::string db = dir.File("watch.db"), log = dir.File("watch.log");
  fs::create_directories(inbox);
  pid_t watcher =
      Spawn({"watch", "--incomplete-wait", "3", "--db", db, "--archive", archive, "--quarantine",
             quarantine, inbox},
            log);
  REQUIRE(watcher > 0);
  auto drop_and_wait = [&](const std::string& seed, size_t archived) {
    Batch batch;
    batch.files.emplace_back("scan.txt", testing::SeedText(seed));
    Drop(batch, dir.File("staging"), inbox);
    auto deadline = Clock::now() + std::chrono::seconds(60);
    while (CountFiles(archive) < archived && Clock::now() < deadline) {
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
  };
  drop_and_wait("002", 1);
  CHECK(CountFiles(archive) == 1);
  drop_and_wait("004", 2);
  INFO("watch log:\n" << ReadAll(log));
  CHECK(CountFiles(archive) == 2);
  CHECK(fs::is_empty(inbox));
  ::kill(watcher, SIGTERM);
  CHECK(WaitExit(watcher, 30) == 0);
  CHECK(StoredDocuments(db) == 2);
}

}  // namespace
}  // namespace docpipe
