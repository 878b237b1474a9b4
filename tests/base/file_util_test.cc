// Tests of base/file_util: exclusive, verified moves (issue #15: two watchers
// sharing one archive overwrote an archived original), non-blocking reads of
// FIFOs, the PDF trailer check, the /proc writer check and name escaping.

#include "pipeline/base/file_util.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <atomic>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "pipeline/base/strings.h"
#include "pipeline/base/subprocess.h"
#include "tests/test_util.h"

namespace docpipe {
namespace {

namespace fs = std::filesystem;
using testing::ReadAll;
using testing::SourcePath;
using testing::TempDir;

void WriteFile(const std::string& path, const std::string& bytes) {
  std::ofstream out(path, std::ios::binary);
  out << bytes;
}

TEST_CASE("MoveIntoFolder never overwrites and picks the next free name", "[base]") {
  TempDir dir;
  WriteFile(dir.File("a.txt"), "first");
  WriteFile(dir.File("b.txt"), "second");
  Result<std::string> first = MoveIntoFolder(dir.File("a.txt"), dir.File("out"), "x.txt",
                                             Sha256Hex("first"));
  REQUIRE(first.ok());
  CHECK(*first == dir.File("out") + "/x.txt");
  Result<std::string> second = MoveIntoFolder(dir.File("b.txt"), dir.File("out"), "x.txt", "");
  REQUIRE(second.ok());
  CHECK(*second == dir.File("out") + "/x~2.txt");
  CHECK(ReadAll(*first) == "first");
  CHECK(ReadAll(*second) == "second");
  CHECK(!fs::exists(dir.File("a.txt")));
  CHECK(!fs::exists(dir.File("b.txt")));
}

TEST_CASE("MoveIntoFolder from many threads into one name loses no file", "[base]") {
  // Regression: #15, check-then-rename let the second of two watchers
  // replace the first one's archived file.
  TempDir dir;
  const int kFiles = 200;
  for (int index = 0; index < kFiles; ++index) {
    WriteFile(dir.File("in-" + std::to_string(index)), "content " + std::to_string(index));
  }
  std::vector<std::thread> threads;
  std::atomic<int> failures{0};
  for (int worker = 0; worker < 4; ++worker) {
    threads.emplace_back([&, worker] {
      for (int index = worker; index < kFiles; index += 4) {
        Result<std::string> moved =
            MoveIntoFolder(dir.File("in-" + std::to_string(index)), dir.File("archive"),
                           "1520-QĐ-UBND.txt", Sha256Hex("content " + std::to_string(index)));
        if (!moved.ok()) ++failures;
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  CHECK(failures == 0);
  std::set<std::string> contents;
  for (const auto& entry : fs::directory_iterator(dir.File("archive"))) {
    contents.insert(ReadAll(entry.path().string()));
  }
  CHECK(contents.size() == static_cast<size_t>(kFiles));
}

TEST_CASE("MoveIntoFolder with a companion writes it first and never reuses a claimed name",
          "[base]") {
  TempDir dir;
  WriteFile(dir.File("bad.pdf"), "not a pdf");
  WriteFile(dir.File("out-existing"), "");
  fs::create_directories(dir.File("q"));
  WriteFile(dir.File("q") + "/bad.pdf.reason.txt", "an older reason");  // name claimed
  Companion reason{".reason.txt", "code: 4 (bad input)\n"};
  Result<std::string> moved = MoveIntoFolder(dir.File("bad.pdf"), dir.File("q"), "bad.pdf", "",
                                             &reason);
  REQUIRE(moved.ok());
  CHECK(*moved == dir.File("q") + "/bad~2.pdf");
  CHECK(ReadAll(*moved + ".reason.txt") == "code: 4 (bad input)\n");
  CHECK(ReadAll(dir.File("q") + "/bad.pdf.reason.txt") == "an older reason");
}

TEST_CASE("CopyIntoFolder keeps the source and refuses a wrong SHA-256 without leaving a copy",
          "[base]") {
  TempDir dir;
  WriteFile(dir.File("a.txt"), "hello");
  Result<std::string> copied = CopyIntoFolder(dir.File("a.txt"), dir.File("q"), "a.txt", "");
  REQUIRE(copied.ok());
  CHECK(ReadAll(*copied) == "hello");
  CHECK(ReadAll(dir.File("a.txt")) == "hello");
  Result<std::string> wrong =
      CopyIntoFolder(dir.File("a.txt"), dir.File("q"), "a.txt", Sha256Hex("other"));
  REQUIRE(!wrong.ok());
  CHECK(wrong.status().code() == Code::kIoError);
  size_t files = 0;
  for (const auto& entry : fs::directory_iterator(dir.File("q"))) {
    (void)entry;
    ++files;
  }
  CHECK(files == 1);  // no partial or temporary copy left behind
}

TEST_CASE("MoveIntoFolder of a missing file is an error, never a move", "[base]") {
  TempDir dir;
  Result<std::string> moved = MoveIntoFolder(dir.File("nope.pdf"), dir.File("out"), "x.pdf", "");
  REQUIRE(!moved.ok());
  CHECK(moved.status().code() == Code::kNotFound);
}

TEST_CASE("ReadFileToString refuses a FIFO at once instead of blocking", "[base]") {
  TempDir dir;
  std::string fifo = dir.File("pipe.pdf");
  REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
  auto start = std::chrono::steady_clock::now();
  Result<std::string> read = ReadFileToString(fifo);
  REQUIRE(!read.ok());
  CHECK(read.status().code() == Code::kBadInput);
  CHECK_THAT(read.status().detail(), Catch::Contains("not a regular file"));
  CHECK(std::chrono::steady_clock::now() - start < std::chrono::seconds(5));
}

TEST_CASE("PdfLooksComplete needs the trailer at the end", "[base]") {
  std::string pdf = ReadAll(SourcePath("samples/002-cong-van.pdf"));
  REQUIRE(pdf.size() > 1000);
  CHECK(PdfLooksComplete(pdf));
  CHECK(PdfLooksComplete(pdf + "\n\n"));
  CHECK(!PdfLooksComplete(pdf.substr(0, pdf.size() / 2)));
  CHECK(!PdfLooksComplete(pdf.substr(0, pdf.size() - 3)));
  CHECK(!PdfLooksComplete(""));
  CHECK(!PdfLooksComplete("hello %%EOF"));
}

TEST_CASE("OpenForWriting sees a writer and not a reader", "[base]") {
  TempDir dir;
  std::string path = dir.File("x.txt");
  WriteFile(path, "abc");
  CHECK(!OpenForWriting(path));
  {
    int reader = ::open(path.c_str(), O_RDONLY);
    REQUIRE(reader >= 0);
    CHECK(!OpenForWriting(path));
    ::close(reader);
  }
  int writer = ::open(path.c_str(), O_WRONLY | O_APPEND);
  REQUIRE(writer >= 0);
  CHECK(OpenForWriting(path));
  ::close(writer);
  CHECK(!OpenForWriting(path));
}

TEST_CASE("EscapeForTerminal escapes controls and bad bytes and keeps Vietnamese", "[base]") {
  CHECK(EscapeForTerminal("Quyết định 1520.pdf") == "Quyết định 1520.pdf");
  CHECK(EscapeForTerminal("a\x1b[31mred\nb\\c") == "a\\x1b[31mred\\nb\\\\c");
  CHECK(EscapeForTerminal("bad\xff.pdf") == "bad\\xff.pdf");
  // U+202E RIGHT-TO-LEFT OVERRIDE
  CHECK(EscapeForTerminal("\xe2\x80\xae" "evil") == "\\xe2\\x80\\xae" "evil");
}

}  // namespace
}  // namespace docpipe

namespace docpipe {
namespace {

// A file on another file system than the temporary folders (tmpfs), or ""
// when there is none here.
std::string OtherFileSystemFile(const std::string& tag, const std::string& bytes) {
  struct stat shm {}, tmp {};
  if (::stat("/dev/shm", &shm) != 0 || ::stat(fs::temp_directory_path().c_str(), &tmp) != 0 ||
      shm.st_dev == tmp.st_dev || ::access("/dev/shm", W_OK) != 0) {
    return "";
  }
  std::string path = "/dev/shm/docpipe-test-" + std::to_string(::getpid()) + "-" + tag;
  WriteFile(path, bytes);
  return path;
}

TEST_CASE("MoveIntoFolder across file systems copies, verifies, then removes the source",
          "[base]") {
  TempDir dir;
  std::string source = OtherFileSystemFile("move", "across");
  if (source.empty()) {
    WARN("no second file system here; cross-device move not tested");
    return;
  }
  Result<std::string> moved =
      MoveIntoFolder(source, dir.File("archive"), "x.txt", Sha256Hex("across"));
  REQUIRE(moved.ok());
  CHECK(ReadAll(*moved) == "across");
  CHECK(!fs::exists(source));
  size_t files = 0;
  for (const auto& entry : fs::directory_iterator(dir.File("archive"))) {
    (void)entry;
    ++files;
  }
  CHECK(files == 1);  // no temporary copy left
}

TEST_CASE("MoveIntoFolder that runs out of space keeps the source and leaves no partial copy",
          "[base]") {
  // Regression: #15, archiving on a full file system left a truncated copy
  // and reported success. RLIMIT_FSIZE stands in for a full disk (EFBIG).
  TempDir dir;
  std::string bytes(64 * 1024, 'p');
  std::string source = OtherFileSystemFile("full", bytes);
  if (source.empty()) {
    WARN("no second file system here; a copy cannot be forced");
    return;
  }
  SubprocessLimits limits;
  limits.wall_seconds = 30;
  std::string target_dir = dir.File("archive");
  Result<SubprocessResult> run = RunFunction(
      [&](int fd) {
        struct rlimit small {8192, 8192};
        ::setrlimit(RLIMIT_FSIZE, &small);
        ::signal(SIGXFSZ, SIG_IGN);
        Result<std::string> moved = MoveIntoFolder(source, target_dir, "x.pdf", "");
        return WriteAll(fd, moved.ok() ? "moved" : moved.status().ToString()) ? 0 : 1;
      },
      limits);
  REQUIRE(run.ok());
  INFO(run->output);
  CHECK(run->outcome == SubprocessOutcome::kExited);
  CHECK(run->output != "moved");
  CHECK(ReadAll(source) == bytes);
  size_t files = 0;
  for (const auto& entry : fs::directory_iterator(target_dir)) {
    (void)entry;
    ++files;
  }
  CHECK(files == 0);
  fs::remove(source);
}

}  // namespace
}  // namespace docpipe
