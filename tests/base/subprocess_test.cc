#include "pipeline/base/subprocess.h"

#include <signal.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <ctime>
#include <memory>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include <catch2/catch.hpp>

namespace docpipe {
namespace {

double Since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

TEST_CASE("RunProgram captures stdout and succeeds", "[base]") {
  Result<SubprocessResult> run = RunProgram({"/bin/echo", "xin chào"}, {});
  REQUIRE(run.ok());
  CHECK(run->outcome == SubprocessOutcome::kExited);
  CHECK(run->exit_code == 0);
  CHECK(run->output == "xin chào\n");
  CHECK(SubprocessStatus(*run, {}, "echo").ok());
}

TEST_CASE("RunProgram reports a non-zero exit with the stderr tail", "[base]") {
  Result<SubprocessResult> run = RunProgram({"/bin/sh", "-c", "echo oops >&2; exit 3"}, {});
  REQUIRE(run.ok());
  CHECK(run->outcome == SubprocessOutcome::kExited);
  CHECK(run->exit_code == 3);
  Status status = SubprocessStatus(*run, {}, "the tool");
  CHECK(status.code() == Code::kInternal);
  CHECK(status.detail() == "the tool exited with status 3: oops");
}

TEST_CASE("RunProgram refuses a missing or relative program", "[base]") {
  Result<SubprocessResult> missing = RunProgram({"/nonexistent/docpipe-tool"}, {});
  REQUIRE_FALSE(missing.ok());
  CHECK(missing.status().code() == Code::kNotFound);
  Result<SubprocessResult> relative = RunProgram({"echo", "x"}, {});
  REQUIRE_FALSE(relative.ok());
  CHECK(relative.status().code() == Code::kInvalidArgument);
}

TEST_CASE("RunProgram adds and replaces environment entries", "[base]") {
  Result<SubprocessResult> run =
      RunProgram({"/usr/bin/env"}, {}, {"DOCPIPE_TEST_VAR=một", "PATH=/nowhere"});
  REQUIRE(run.ok());
  CHECK(run->output.find("DOCPIPE_TEST_VAR=một\n") != std::string::npos);
  CHECK(run->output.find("PATH=/nowhere\n") != std::string::npos);
  // The replaced PATH appears once only.
  CHECK(run->output.find("PATH=", run->output.find("PATH=/nowhere") + 1) == std::string::npos);
}

TEST_CASE("RunFunction passes the pipe's content, larger than a pipe buffer", "[base]") {
  const std::string big(1 << 20, 'x');
  Result<SubprocessResult> run =
      RunFunction([&big](int fd) { return WriteAll(fd, big) ? 0 : 1; }, {});
  REQUIRE(run.ok());
  CHECK(run->outcome == SubprocessOutcome::kExited);
  CHECK(run->exit_code == 0);
  CHECK(run->output.size() == big.size());
  CHECK(run->output == big);
}

TEST_CASE("RunFunction turns a CPU hog into kLimitExceeded", "[base]") {
  SubprocessLimits limits;
  limits.cpu_seconds = 1;
  // Generous: on a loaded machine one CPU second can take many wall seconds,
  // and the test is about which limit ends the child, not how fast.
  limits.wall_seconds = 60;
  auto start = std::chrono::steady_clock::now();
  Result<SubprocessResult> run = RunFunction(
      [](int) {
        volatile unsigned long counter = 0;
        for (;;) counter = counter + 1;
        return 0;
      },
      limits);
  REQUIRE(run.ok());
  CHECK(run->outcome == SubprocessOutcome::kCpuLimit);
  CHECK(run->cpu_seconds >= 0.9);
  CHECK(Since(start) < 60);
  Status status = SubprocessStatus(*run, limits, "the PDF reader");
  CHECK(status.code() == Code::kLimitExceeded);
  CHECK(status.detail() == "the PDF reader used more than 1 s of CPU time");
}

TEST_CASE("RunFunction kills a child that sleeps past the wall clock", "[base]") {
  SubprocessLimits limits;
  limits.wall_seconds = 0.5;
  auto start = std::chrono::steady_clock::now();
  Result<SubprocessResult> run = RunFunction(
      [](int) {
        sleep(30);
        return 0;
      },
      limits);
  REQUIRE(run.ok());
  CHECK(run->outcome == SubprocessOutcome::kWallTimeout);
  CHECK(run->term_signal == SIGKILL);
  double elapsed = Since(start);
  CHECK(elapsed >= 0.45);
  CHECK(elapsed < 5);
  Status status = SubprocessStatus(*run, limits, "the PDF reader");
  CHECK(status.code() == Code::kLimitExceeded);
  CHECK(status.detail() == "the PDF reader ran past the wall-clock limit of 0.5 s");
}

TEST_CASE("RunFunction enforces the wall clock after the child closes its pipe", "[base]") {
  SubprocessLimits limits;
  limits.wall_seconds = 0.5;
  auto start = std::chrono::steady_clock::now();
  Result<SubprocessResult> run = RunFunction(
      [](int fd) {
        close(fd);
        close(2);
        sleep(30);
        return 0;
      },
      limits);
  REQUIRE(run.ok());
  CHECK(run->outcome == SubprocessOutcome::kWallTimeout);
  CHECK(Since(start) < 5);
}

TEST_CASE("RunFunction reports a crash by its signal as kBadInput", "[base]") {
  Result<SubprocessResult> segv = RunFunction(
      [](int) {
        raise(SIGSEGV);
        return 0;
      },
      {});
  REQUIRE(segv.ok());
  CHECK(segv->outcome == SubprocessOutcome::kSignaled);
  CHECK(segv->term_signal == SIGSEGV);
  Status status = SubprocessStatus(*segv, {}, "the PDF reader");
  CHECK(status.code() == Code::kBadInput);
  CHECK(status.detail() == "the PDF reader crashed (signal 11, SIGSEGV)");

  Result<SubprocessResult> abort_run = RunFunction(
      [](int) {
        std::abort();
        return 0;
      },
      {});
  REQUIRE(abort_run.ok());
  CHECK(abort_run->outcome == SubprocessOutcome::kSignaled);
  CHECK(abort_run->term_signal == SIGABRT);
}

TEST_CASE("RunFunction turns running out of address space into kLimitExceeded", "[base]") {
#if defined(__SANITIZE_ADDRESS__)
  WARN("RLIMIT_AS is not applied under AddressSanitizer; memory limit not tested");
  return;
#else
  SubprocessLimits limits;
  limits.memory_bytes = size_t{256} << 20;
  limits.wall_seconds = 20;
  Result<SubprocessResult> run = RunFunction(
      [](int fd) {
        std::vector<std::string> hoard;
        for (int block = 0; block < 64; ++block) hoard.emplace_back(size_t{64} << 20, 'm');
        return WriteAll(fd, std::to_string(hoard.size())) ? 0 : 1;
      },
      limits);
  REQUIRE(run.ok());
  CHECK(run->outcome == SubprocessOutcome::kMemoryLimit);
  CHECK(run->exit_code == kChildExitOutOfMemory);
  Status status = SubprocessStatus(*run, limits, "the PDF reader");
  CHECK(status.code() == Code::kLimitExceeded);
  CHECK(status.detail() == "the PDF reader ran out of memory (limit 256 MiB)");
#endif
}

TEST_CASE("RunFunction stops a child that writes past the output limit", "[base]") {
  SubprocessLimits limits;
  limits.max_output_bytes = 100000;
  limits.wall_seconds = 20;
  Result<SubprocessResult> run = RunFunction(
      [](int fd) {
        const std::string chunk(4096, 'z');
        while (WriteAll(fd, chunk)) {
        }
        return 0;
      },
      limits);
  REQUIRE(run.ok());
  CHECK(run->outcome == SubprocessOutcome::kOutputLimit);
  CHECK(SubprocessStatus(*run, limits, "x").code() == Code::kLimitExceeded);
}

TEST_CASE("RunFunction calls from several threads each get their own child", "[base]") {
  // The isolated reader runs several documents at once: outputs, exit codes
  // and limits must not mix between concurrent calls.
  constexpr int kThreads = 4;
  constexpr int kRunsPerThread = 5;
  std::vector<std::string> outputs(kThreads * kRunsPerThread);
  std::vector<int> exit_codes(kThreads * kRunsPerThread, -1);
  std::vector<std::thread> threads;
  for (int thread_idx = 0; thread_idx < kThreads; ++thread_idx) {
    threads.emplace_back([thread_idx, &outputs, &exit_codes] {
      for (int run_idx = 0; run_idx < kRunsPerThread; ++run_idx) {
        int slot = thread_idx * kRunsPerThread + run_idx;
        SubprocessLimits limits;
        limits.wall_seconds = 10;
        Result<SubprocessResult> run = RunFunction(
            [slot](int fd) {
              usleep(static_cast<useconds_t>((slot % 3) * 20000));
              return WriteAll(fd, "child " + std::to_string(slot)) ? slot : 100;
            },
            limits);
        if (!run.ok()) continue;
        outputs[slot] = run->output;
        exit_codes[slot] = run->exit_code;
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  for (int slot = 0; slot < kThreads * kRunsPerThread; ++slot) {
    CHECK(outputs[slot] == "child " + std::to_string(slot));
    CHECK(exit_codes[slot] == slot);
  }
}

}  // namespace
}  // namespace docpipe

namespace docpipe {
namespace {

TEST_CASE("RunFunction's memory limit counts the child's growth, not what it inherited",
          "[base]") {
  // Regression: #15, a file read alone passed and failed with --jobs 3: the
  // limit counted the parent's mappings (thread stacks, malloc arenas) that
  // the forked child inherits.
#if defined(__SANITIZE_ADDRESS__)
  WARN("RLIMIT_AS is not applied under AddressSanitizer; memory limit not tested");
  return;
#else
  // 1 GiB of address space reserved in the parent (never touched).
  std::unique_ptr<char[]> reserved(new char[size_t{1} << 30]);
  static_cast<volatile char*>(reserved.get())[0] = 1;  // keep the allocation
  SubprocessLimits limits;
  limits.memory_bytes = size_t{256} << 20;
  limits.wall_seconds = 30;
  Result<SubprocessResult> run = RunFunction(
      [](int fd) {
        std::string block(size_t{100} << 20, 'm');  // 100 MiB, under the limit
        return WriteAll(fd, std::to_string(block.size())) ? 0 : 1;
      },
      limits);
  REQUIRE(run.ok());
  INFO(run->error_tail);
  CHECK(run->outcome == SubprocessOutcome::kExited);
  CHECK(run->output == std::to_string(size_t{100} << 20));
#endif
}

TEST_CASE("A program run by a limited function child gets only what is left of its limits",
          "[base]") {
  // Regression: #15, the tesseract tool ran outside the reader's CPU limit
  // (one process per page, each with a fresh RLIMIT_CPU) and outlived it.
  SubprocessLimits limits;
  limits.cpu_seconds = 2;
  limits.wall_seconds = 60;
  auto start = std::chrono::steady_clock::now();
  Result<SubprocessResult> run = RunFunction(
      [](int fd) {
        SubprocessLimits generous;
        generous.cpu_seconds = 300;
        generous.wall_seconds = 300;
        std::string report;
        for (int round = 0; round < 5; ++round) {
          Result<SubprocessResult> hog =
              RunProgram({"/bin/sh", "-c", "while :; do :; done"}, generous);
          report += hog.ok() ? std::to_string(static_cast<int>(hog->outcome)) : "E";
          report += ' ';
        }
        return WriteAll(fd, report) ? 0 : 1;
      },
      limits);
  double elapsed = Since(start);
  REQUIRE(run.ok());
  INFO(run->output << run->error_tail);
  WARN("5 CPU hogs under a 2 s budget ended after " << elapsed << " s wall");
  // The first hog is stopped at what is left of the 2 s (kCpuLimit = 3);
  // once the budget is spent, later ones are refused without starting ("E").
  CHECK(run->output.substr(0, 2) == "3 ");
  CHECK(run->output.find('E') != std::string::npos);
  CHECK(elapsed < 40);
}

}  // namespace
}  // namespace docpipe

namespace docpipe {
namespace {

TEST_CASE("RunFunction's program budget stops programs past max_programs", "[base]") {
  SubprocessLimits limits;
  limits.wall_seconds = 60;
  limits.max_programs = 3;
  Result<SubprocessResult> run = RunFunction(
      [](int fd) {
        std::string report;
        for (int page = 0; page < 5; ++page) {
          Result<SubprocessResult> ocr = RunProgram({"/bin/true"}, {});
          report += ocr.ok() ? "r" : (ocr.status().code() == Code::kLimitExceeded ? "L" : "?");
        }
        return WriteAll(fd, report) ? 0 : 1;
      },
      limits);
  REQUIRE(run.ok());
  CHECK(run->output == "rrrLL");
}

}  // namespace
}  // namespace docpipe

namespace docpipe {
namespace {

// A WorkerProcess handler for the tests below: "pid" answers the child's
// process id, "spin S" burns S seconds of CPU, "crash" dies by SIGSEGV,
// "sleep" sleeps 30 s, "hoard" grows the address space by 4 GiB, "ocr N"
// runs /bin/true N times and answers r (ran) or L (refused) for each.
std::string TestHandler(std::string_view request) {
  if (request == "pid") return std::to_string(getpid());
  if (request.substr(0, 5) == "spin ") {
    double seconds = std::stod(std::string(request.substr(5)));
    auto start = std::chrono::steady_clock::now();
    volatile unsigned long counter = 0;
    struct timespec cpu {};
    do {
      for (int step = 0; step < 100000; ++step) counter = counter + 1;
      clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &cpu);
    } while (Since(start) < 120 && cpu.tv_sec + cpu.tv_nsec / 1e9 < seconds + 0.0);
    return "spun";
  }
  if (request == "crash") raise(SIGSEGV);
  if (request == "sleep") sleep(30);
  if (request == "hoard") {
    std::vector<std::string> hoard;
    for (int block = 0; block < 64; ++block) hoard.emplace_back(size_t{64} << 20, 'm');
    return std::to_string(hoard.size());
  }
  if (request.substr(0, 4) == "ocr ") {
    std::string report;
    for (int page = 0; page < std::stoi(std::string(request.substr(4))); ++page) {
      Result<SubprocessResult> ocr = RunProgram({"/bin/true"}, {});
      report += ocr.ok() ? "r" : (ocr.status().code() == Code::kLimitExceeded ? "L" : "?");
    }
    return report;
  }
  return "?";
}

TEST_CASE("WorkerProcess answers many requests from one child and replaces it after a crash",
          "[base]") {
  WorkerProcess worker(TestHandler, 100);
  SubprocessLimits limits;
  limits.wall_seconds = 60;
  Result<SubprocessResult> first = worker.Call("pid", limits);
  REQUIRE(first.ok());
  CHECK(first->outcome == SubprocessOutcome::kExited);
  CHECK(first->output != std::to_string(getpid()));
  for (int round = 0; round < 5; ++round) {
    Result<SubprocessResult> again = worker.Call("pid", limits);
    REQUIRE(again.ok());
    CHECK(again->output == first->output);  // the same child
  }
  CHECK(worker.served() == 6);
  Result<SubprocessResult> crash = worker.Call("crash", limits);
  REQUIRE(crash.ok());
  CHECK(crash->outcome == SubprocessOutcome::kSignaled);
  CHECK(crash->term_signal == SIGSEGV);
  CHECK(SubprocessStatus(*crash, limits, "the PDF reader").code() == Code::kBadInput);
  CHECK(worker.served() == 0);
  Result<SubprocessResult> after = worker.Call("pid", limits);
  REQUIRE(after.ok());
  CHECK(after->outcome == SubprocessOutcome::kExited);
  CHECK(after->output != first->output);  // a fresh child
  // A request larger than a pipe or socket buffer reaches the child whole.
  Result<SubprocessResult> big = worker.Call(std::string(4 << 20, 'x'), limits);
  REQUIRE(big.ok());
  CHECK(big->output == "?");
}

TEST_CASE("WorkerProcess counts the CPU limit per request and enforces wall clock and memory",
          "[base]") {
  WorkerProcess worker(TestHandler, 100);
  SubprocessLimits limits;
  limits.cpu_seconds = 1;
  // Generous: on a loaded machine one CPU second can take many wall seconds.
  limits.wall_seconds = 60;
  // Three requests of 0.6 s each: 1.8 s in one child, but each within 1 s.
  for (double total : {0.6, 1.2, 1.8}) {
    Result<SubprocessResult> spin = worker.Call("spin " + std::to_string(total), limits);
    REQUIRE(spin.ok());
    CHECK(spin->outcome == SubprocessOutcome::kExited);
    CHECK(spin->output == "spun");
  }
  CHECK(worker.served() == 3);
  Result<SubprocessResult> hog = worker.Call("spin 100", limits);
  REQUIRE(hog.ok());
  CHECK(hog->outcome == SubprocessOutcome::kCpuLimit);
  CHECK(SubprocessStatus(*hog, limits, "the PDF reader").detail() ==
        "the PDF reader used more than 1 s of CPU time");

  SubprocessLimits wall;
  wall.wall_seconds = 0.5;
  auto start = std::chrono::steady_clock::now();
  Result<SubprocessResult> sleeper = worker.Call("sleep", wall);
  REQUIRE(sleeper.ok());
  CHECK(sleeper->outcome == SubprocessOutcome::kWallTimeout);
  CHECK(Since(start) < 10);
  Result<SubprocessResult> fine = worker.Call("pid", wall);
  REQUIRE(fine.ok());
  CHECK(fine->outcome == SubprocessOutcome::kExited);

#if defined(__SANITIZE_ADDRESS__)
  WARN("RLIMIT_AS is not applied under AddressSanitizer; memory limit not tested");
#else
  SubprocessLimits memory;
  memory.memory_bytes = size_t{256} << 20;
  memory.wall_seconds = 20;
  Result<SubprocessResult> hoard = worker.Call("hoard", memory);
  REQUIRE(hoard.ok());
  CHECK(hoard->outcome == SubprocessOutcome::kMemoryLimit);
  CHECK(SubprocessStatus(*hoard, memory, "the PDF reader").detail() ==
        "the PDF reader ran out of memory (limit 256 MiB)");
#endif
}

TEST_CASE("WorkerProcess gives each request its own program budget", "[base]") {
  WorkerProcess worker(TestHandler, 100);
  SubprocessLimits limits;
  limits.wall_seconds = 60;
  limits.max_programs = 3;
  for (int round = 0; round < 2; ++round) {
    Result<SubprocessResult> run = worker.Call("ocr 5", limits);
    REQUIRE(run.ok());
    CHECK(run->output == "rrrLL");
  }
}

TEST_CASE("WorkerProcess starts a fresh child after max_requests", "[base]") {
  WorkerProcess worker(TestHandler, 2);
  std::vector<std::string> pids;
  for (int round = 0; round < 4; ++round) {
    Result<SubprocessResult> run = worker.Call("pid", {});
    REQUIRE(run.ok());
    pids.push_back(run->output);
  }
  CHECK(pids[0] == pids[1]);
  CHECK(pids[1] != pids[2]);
  CHECK(pids[2] == pids[3]);
}

}  // namespace
}  // namespace docpipe
