// pipeline/base/subprocess.h
//
// Runs a program (fork + execve, no shell) or a function (fork, no exec) in a
// child process under limits: CPU seconds (RLIMIT_CPU), address space
// (RLIMIT_AS), wall-clock time (the parent kills the child with SIGKILL),
// and the size of what it writes. The child's stdout (or, for
// a function, a pipe it is handed) and a tail of its stderr are captured.
// How the child ended is classified, and SubprocessStatus() turns that into
// a Status. Used to isolate untrusted parsing (pdf/isolated_reader.cc) and to
// run the tesseract tool (pdf/ocr.cc).
//
// Caveat on threads: fork() in a multi-threaded parent copies only the
// calling thread. Locks held by other threads at that moment stay locked in
// the child forever. RunProgram does only async-signal-safe work between fork
// and exec, so it is safe. RunFunction runs arbitrary code in the child: if
// that code takes a lock another parent thread held at fork time (a library's
// global mutex), the child deadlocks and is killed at the wall-clock limit.
// glibc's malloc is made safe across fork by glibc itself; GCC 12's
// AddressSanitizer allocator is not (it takes its own locks and does not hold
// them across fork), so sanitizer builds must not call RunFunction from
// several threads at once (tests/pdf/isolated_reader_test.cc reads one file
// at a time there).
// The same holds for thread pools a library started in the parent before
// the fork: libgomp (Tesseract's OpenMP) keeps its pool's state but not its
// threads, so a child's first parallel region waits forever (wall-clock
// limit). docpipe's parent never runs OCR itself; a test process that ran
// OcrImage in-process and then reads a scan through ReadIsolated in the same
// process hangs that way (CTest runs each test case in its own process).
//
// Stage: base (std + POSIX only).

#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "pipeline/base/result.h"

namespace docpipe {

// Exit codes a RunFunction child uses to report what it could not say
// through its pipe. Chosen outside the range shells and sysexits.h use.
inline constexpr int kChildExitOutOfMemory = 117;  // std::bad_alloc escaped
inline constexpr int kChildExitException = 118;    // another exception escaped

struct SubprocessLimits {
  int cpu_seconds = 0;            // RLIMIT_CPU (soft; hard = soft + 1); 0 = none
  size_t memory_bytes = 0;        // RLIMIT_AS; 0 = none. Not applied under ASan,
                                  // whose shadow memory needs terabytes of address space.
  double wall_seconds = 0;        // parent kills the child after this; 0 = none
  size_t max_output_bytes = size_t{1} << 30;  // more is kOutputLimit (child killed)
  // RunFunction only: how many programs the child may run with RunProgram
  // (the OCR tool runs once per page: a page budget); 0 = no limit. Past
  // it, RunProgram in the child returns kLimitExceeded without starting one.
  int max_programs = 0;
};

enum class SubprocessOutcome {
  kExited,        // exit_code holds the status (0 = success)
  kSignaled,      // killed by term_signal (a crash: SIGSEGV, SIGABRT, ...)
  kWallTimeout,   // killed by the parent at limits.wall_seconds
  kCpuLimit,      // SIGXCPU, or SIGKILL at the hard CPU limit
  kMemoryLimit,   // a RunFunction child exited with kChildExitOutOfMemory
  kOutputLimit,   // killed by the parent after max_output_bytes
};

struct SubprocessResult {
  SubprocessOutcome outcome = SubprocessOutcome::kExited;
  int exit_code = 0;        // when kExited (or kMemoryLimit: kChildExitOutOfMemory)
  int term_signal = 0;      // when the child died by a signal
  double cpu_seconds = 0;   // user + system time of the child
  double wall_seconds = 0;
  std::string output;       // stdout (RunProgram) or the pipe (RunFunction)
  std::string error_tail;   // the last 8 KiB of stderr
};

// Inside a RunFunction child, the program shares the child's limits: its
// CPU and wall-clock limits are cut to what is left of the child's (the
// child's own RLIMIT_CPU is lowered by what the program used), it is killed
// if the child dies (PR_SET_PDEATHSIG), and the child's max_programs budget
// is counted; when nothing is left, kLimitExceeded without starting it.
//
// Runs argv[0] (an absolute path; no PATH search, no shell) with argv, the
// parent's environment plus "extra_environment" ("NAME=value" entries that
// replace or add to it), stdin from /dev/null, stdout captured in
// SubprocessResult::output, stderr's tail in error_tail. Returns the result
// whatever way the child ended; the Status is an error only if the child
// could not be started (kInvalidArgument for an empty argv, kIoError when
// pipe/fork fails, kNotFound if argv[0] cannot be executed).
// Thread-safe.
Result<SubprocessResult> RunProgram(const std::vector<std::string>& argv,
                                    const SubprocessLimits& limits,
                                    const std::vector<std::string>& extra_environment = {});

// The child's memory limit is what it may add to the address space it
// inherited from the parent, so that it does not depend on how many threads
// (--jobs) the parent runs.
//
// Forks and calls "child(fd)" in the child, where "fd" is the write end of a
// pipe whose content becomes SubprocessResult::output; the child exits with
// the returned value (via _exit: no atexit handlers, no stdio flush). An
// escaping std::bad_alloc exits with kChildExitOutOfMemory, any other
// exception with kChildExitException. In the child, stdin is /dev/null,
// stderr goes to error_tail, and every other descriptor above 2 is closed,
// so that children of other threads never hold this pipe open.
// Errors as for RunProgram. Thread-safe, with the caveat above.
Result<SubprocessResult> RunFunction(const std::function<int(int fd)>& child,
                                     const SubprocessLimits& limits);

// A long-lived RunFunction child that serves many requests, one at a time:
// the fork, and whatever the child initialises once (Poppler, fontconfig),
// are paid once per WorkerProcess instead of once per request. Each request
// runs under its own limits, as a RunFunction child would: the CPU limit is
// RLIMIT_CPU's soft limit set to what the child has used so far plus
// limits.cpu_seconds (SIGXCPU ends it), the memory limit is RLIMIT_AS set to
// the child's current address space plus limits.memory_bytes, the parent
// kills it at limits.wall_seconds after the request was sent, and
// max_programs is counted per request. A request that ends the child in any
// way (crash, limit, bad_alloc) gets the SubprocessResult of that end, and
// the next Call starts a fresh child. The child also leaves after
// max_requests requests (bounding what a long-lived process accumulates:
// heap fragmentation, library caches). Not thread-safe: one WorkerProcess
// per thread; the caveat on threads above applies to its fork.
class WorkerProcess {
 public:
  // "handler" runs in the child: request in, reply out.
  using Handler = std::function<std::string(std::string_view request)>;
  WorkerProcess(Handler handler, int max_requests);
  ~WorkerProcess();  // kills and reaps the child, if any
  WorkerProcess(const WorkerProcess&) = delete;
  WorkerProcess& operator=(const WorkerProcess&) = delete;

  // Sends "request" and waits for the reply (SubprocessResult::output; the
  // stderr the child wrote meanwhile is in error_tail). kExited with
  // exit_code 0 when the reply came; otherwise how the child ended.
  // cpu_seconds is the child's CPU time for this request when it ended the
  // child, 0 otherwise. Errors as for RunFunction.
  Result<SubprocessResult> Call(std::string_view request, const SubprocessLimits& limits);

  // Requests the current child has answered (0: a fresh child, or none).
  int served() const { return served_; }

 private:
  Status Start();
  void Stop();
  Handler handler_;
  int max_requests_;
  int served_ = 0;
  int pid_ = -1;
  int request_fd_ = -1, reply_fd_ = -1, error_fd_ = -1;
};

// Writes all of "data" to "fd", retrying on EINTR and short writes.
// False on error (the reader went away). For use in RunFunction children.
bool WriteAll(int fd, std::string_view data);

// The Status for how a child ended, naming it "what" ("the PDF reader"):
//   kExited 0            -> OK
//   kExited n            -> kInternal  "<what> exited with status n: <stderr tail>"
//   kSignaled            -> kBadInput  "<what> crashed (signal n, SIGSEGV)"
//   kWallTimeout         -> kLimitExceeded "<what> ran past the wall-clock limit of N s"
//   kCpuLimit            -> kLimitExceeded "<what> used more than N s of CPU time"
//   kMemoryLimit         -> kLimitExceeded "<what> ran out of memory (limit N MiB)"
//   kOutputLimit         -> kLimitExceeded "<what> wrote more than N bytes"
Status SubprocessStatus(const SubprocessResult& result, const SubprocessLimits& limits,
                        std::string_view what);

}  // namespace docpipe
