#include "pipeline/base/subprocess.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <exception>
#include <new>
#include <string>
#include <thread>
#include <utility>

#include "pipeline/base/strings.h"

extern char** environ;

namespace docpipe {
namespace {

constexpr size_t kErrorTailBytes = 8 * 1024;

using Clock = std::chrono::steady_clock;

// The limits of the RunFunction child this process is, if it is one. A
// program it runs (the tesseract tool, one per scanned page) gets only what
// is left of them: RLIMIT_CPU counts a process's own time, not its
// children's, and the parent's wall-clock kill would not reach a grandchild,
// so without this an 18 KB PDF of 2000 blank pages held a worker for minutes.
struct Budget {
  bool active = false;
  int cpu_seconds = 0;            // 0 = none
  Clock::time_point deadline{};   // when wall_seconds > 0
  bool has_deadline = false;
  std::atomic<int> programs_left{-1};  // -1 = no limit; atomic: any thread may run programs
  // CPU time (own, and of waited-for programs) when the budget started: 0 in
  // a RunFunction child, the time used by earlier requests in a WorkerProcess.
  double self_base = 0, children_base = 0;
  // A WorkerProcess child raises its soft CPU limit again for the next
  // request, so RunProgram must not lower the hard limit there.
  bool long_lived = false;
};
Budget g_budget;

double CpuUsed(int who) {
  struct rusage usage;
  std::memset(&usage, 0, sizeof(usage));
  if (getrusage(who, &usage) != 0) return 0;
  return static_cast<double>(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) +
         static_cast<double>(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
}

// A descriptor closed when it goes out of scope.
class Fd {
 public:
  Fd() = default;
  explicit Fd(int fd) : fd_(fd) {}
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  ~Fd() { Reset(); }
  int get() const { return fd_; }
  int Release() {
    int fd = fd_;
    fd_ = -1;
    return fd;
  }
  void Reset(int fd = -1) {
    if (fd_ >= 0) close(fd_);
    fd_ = fd;
  }

 private:
  int fd_ = -1;
};

Status MakePipe(Fd* read_end, Fd* write_end) {
  int fds[2];
  // O_CLOEXEC: children that exec (ours or other threads') never inherit them.
  if (pipe2(fds, O_CLOEXEC) != 0) {
    return Status::Error(Code::kIoError, Substitute("pipe2: $1", {std::strerror(errno)}));
  }
  read_end->Reset(fds[0]);
  write_end->Reset(fds[1]);
  return OkStatus();
}

// ---- In the child, between fork and exec/_exit: async-signal-safe calls only.

void ChildResetSignals() {
  // Catch2, ASan and others install handlers for crash signals; a crash in
  // the child must kill it by the signal so that the parent can see which.
  const int kSignals[] = {SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT, SIGXCPU, SIGPIPE, SIGTERM};
  struct sigaction action;
  std::memset(&action, 0, sizeof(action));
  action.sa_handler = SIG_DFL;
  sigemptyset(&action.sa_mask);
  for (int sig : kSignals) sigaction(sig, &action, nullptr);
  sigset_t none;
  sigemptyset(&none);
  sigprocmask(SIG_SETMASK, &none, nullptr);
}

// The current address-space size of this process in bytes (VmSize, first
// field of /proc/self/statm, in pages); 0 if unknown. Async-signal-safe:
// open/read/close and plain arithmetic.
[[maybe_unused]] size_t CurrentAddressSpace() {  // unused when ASan owns RLIMIT_AS
  int fd = open("/proc/self/statm", O_RDONLY | O_CLOEXEC);
  if (fd < 0) return 0;
  char text[128];
  ssize_t got = read(fd, text, sizeof(text) - 1);
  close(fd);
  if (got <= 0) return 0;
  size_t pages = 0;
  for (ssize_t idx = 0; idx < got && text[idx] >= '0' && text[idx] <= '9'; ++idx) {
    pages = pages * 10 + static_cast<size_t>(text[idx] - '0');
  }
  long page_size = sysconf(_SC_PAGESIZE);
  return pages * static_cast<size_t>(page_size > 0 ? page_size : 4096);
}

// "relative": the memory limit is what the child may add to the address
// space it inherited (a forked function child inherits the parent's
// mappings, which grow with --jobs: thread stacks, malloc arenas), so that a
// file passes or fails the same way alone and in a batch. An exec'd program
// starts from nothing, so its limit is absolute.
void ChildSetLimits(const SubprocessLimits& limits, [[maybe_unused]] bool relative) {
  if (limits.cpu_seconds > 0) {
    // Soft limit: SIGXCPU; one second later the hard limit: SIGKILL, in case
    // SIGXCPU is caught or ignored.
    struct rlimit cpu;
    cpu.rlim_cur = static_cast<rlim_t>(limits.cpu_seconds);
    cpu.rlim_max = static_cast<rlim_t>(limits.cpu_seconds) + 1;
    setrlimit(RLIMIT_CPU, &cpu);
  }
#if !defined(__SANITIZE_ADDRESS__)
  if (limits.memory_bytes > 0) {
    struct rlimit memory;
    size_t base = relative ? CurrentAddressSpace() : 0;
    memory.rlim_cur = static_cast<rlim_t>(base + limits.memory_bytes);
    memory.rlim_max = static_cast<rlim_t>(base + limits.memory_bytes);
    setrlimit(RLIMIT_AS, &memory);
  }
#endif
}

// Points 0 at /dev/null and 1, 2 at "out" and "err"; _exit(127) on failure.
void ChildRedirect(int out, int err) {
  int null_fd = open("/dev/null", O_RDONLY | O_CLOEXEC);
  if (null_fd < 0 || dup2(null_fd, 0) < 0 || dup2(out, 1) < 0 || dup2(err, 2) < 0) _exit(127);
}

void ChildCloseFrom(unsigned first) {
  if (close_range(first, ~0U, 0) == 0) return;
  for (int fd = static_cast<int>(first); fd < 4096; ++fd) close(fd);
}

[[noreturn]] void TerminateHandler() {
  // An exception escaped a noexcept function or the child function itself:
  // report running out of memory distinctly, as RLIMIT_AS makes it happen.
  std::exception_ptr current = std::current_exception();
  if (current) {
    try {
      std::rethrow_exception(current);
    } catch (const std::bad_alloc&) {
      _exit(kChildExitOutOfMemory);
    } catch (...) {
      _exit(kChildExitException);
    }
  }
  std::abort();
}

// The first steps of every isolated child. Its own process group: Ctrl+C in
// a terminal (SIGINT to the foreground group) or a stop signal sent to the
// whole group reaches the parent only, which then finishes or abandons the
// file in hand; a reader killed by the user's signal would otherwise look like
// a file that crashes it. It dies with the thread that forked it, starts with
// default signals, and its stdout goes with stderr into "err_fd": library
// chatter must not corrupt the reply pipe.
void ChildEnter(int err_fd) {
  setpgid(0, 0);
  prctl(PR_SET_PDEATHSIG, SIGKILL);
  ChildResetSignals();
  ChildRedirect(err_fd, err_fd);
}

// Runs "body" as the child's whole life and _exits with its code; running
// out of memory and any other exception end it with their own codes.
[[noreturn]] void ChildRun(const std::function<int()>& body) {
  std::set_terminate(TerminateHandler);
  int code = kChildExitException;
  try {
    code = body();
  } catch (const std::bad_alloc&) {
    _exit(kChildExitOutOfMemory);
  } catch (...) {
    _exit(kChildExitException);
  }
  _exit(code);
}


// ---- WorkerProcess: the request frame is a header of kHeaderWords
// little-endian u64 (cpu_seconds, memory_bytes, wall milliseconds,
// max_programs, request size) and the request; the reply frame is a u64 size
// and the reply.

constexpr size_t kHeaderWords = 5;

void PutWord(uint64_t value, std::string* out) {
  for (int byte = 0; byte < 8; ++byte) out->push_back(static_cast<char>(value >> (8 * byte)));
}

uint64_t GetWord(const char* data) {
  uint64_t value = 0;
  for (int byte = 0; byte < 8; ++byte) {
    value |= static_cast<uint64_t>(static_cast<unsigned char>(data[byte])) << (8 * byte);
  }
  return value;
}

// Reads exactly "size" bytes; false at end of file or on error.
bool ReadExact(int fd, char* data, size_t size) {
  while (size > 0) {
    ssize_t got = read(fd, data, size);
    if (got < 0 && errno == EINTR) continue;
    if (got <= 0) return false;
    data += got;
    size -= static_cast<size_t>(got);
  }
  return true;
}

// In a WorkerProcess child, before each request: this request's limits,
// counted from what the child has used so far. Only soft limits move (an
// unprivileged process cannot raise a hard limit it lowered): SIGXCPU ends
// the child at the CPU limit, and the parent's wall-clock kill backs it up.
void WorkerSetLimits(const SubprocessLimits& limits) {
  struct rlimit cpu;
  if (getrlimit(RLIMIT_CPU, &cpu) == 0) {
    rlim_t soft = cpu.rlim_max;
    if (limits.cpu_seconds > 0) {
      soft = static_cast<rlim_t>(std::ceil(CpuUsed(RUSAGE_SELF))) +
             static_cast<rlim_t>(limits.cpu_seconds);
      if (cpu.rlim_max != RLIM_INFINITY && soft > cpu.rlim_max) soft = cpu.rlim_max;
    }
    cpu.rlim_cur = soft;
    setrlimit(RLIMIT_CPU, &cpu);
  }
#if !defined(__SANITIZE_ADDRESS__)
  struct rlimit memory;
  if (getrlimit(RLIMIT_AS, &memory) == 0) {
    rlim_t soft = memory.rlim_max;
    if (limits.memory_bytes > 0) {
      soft = static_cast<rlim_t>(CurrentAddressSpace() + limits.memory_bytes);
      if (memory.rlim_max != RLIM_INFINITY && soft > memory.rlim_max) soft = memory.rlim_max;
    }
    memory.rlim_cur = soft;
    setrlimit(RLIMIT_AS, &memory);
  }
#endif
  g_budget.active = true;
  g_budget.long_lived = true;
  g_budget.cpu_seconds = limits.cpu_seconds;
  g_budget.self_base = CpuUsed(RUSAGE_SELF);
  g_budget.children_base = CpuUsed(RUSAGE_CHILDREN);
  g_budget.has_deadline = limits.wall_seconds > 0;
  g_budget.deadline = Clock::now() + std::chrono::duration_cast<Clock::duration>(
                                         std::chrono::duration<double>(limits.wall_seconds));
  g_budget.programs_left = limits.max_programs > 0 ? limits.max_programs : -1;
}

// The WorkerProcess child's loop: one request at a time until the parent
// closes the request channel. Exceptions end the child (caught by the caller).
[[noreturn]] void WorkerMain(const WorkerProcess::Handler& handler, int request_fd, int reply_fd) {
  for (;;) {
    char header[kHeaderWords * 8];
    if (!ReadExact(request_fd, header, sizeof header)) _exit(0);
    SubprocessLimits limits;
    limits.cpu_seconds = static_cast<int>(GetWord(header));
    limits.memory_bytes = static_cast<size_t>(GetWord(header + 8));
    limits.wall_seconds = static_cast<double>(GetWord(header + 16)) / 1000;
    limits.max_programs = static_cast<int>(GetWord(header + 24));
    std::string request(static_cast<size_t>(GetWord(header + 32)), '\0');
    if (!ReadExact(request_fd, request.data(), request.size())) _exit(0);
    WorkerSetLimits(limits);
    std::string reply = handler(request);
    std::string frame;
    PutWord(reply.size(), &frame);
    if (!WriteAll(reply_fd, frame) || !WriteAll(reply_fd, reply)) _exit(0);
  }
}

// ---- In the parent.

void AppendTail(std::string* tail, const char* data, size_t size) {
  tail->append(data, size);
  if (tail->size() > 2 * kErrorTailBytes) tail->erase(0, tail->size() - kErrorTailBytes);
}

double Seconds(const struct timeval& time) {
  return static_cast<double>(time.tv_sec) + static_cast<double>(time.tv_usec) / 1e6;
}

// Fills result->outcome (and term_signal or exit_code) from how a child that
// was not killed by the parent ended. result->cpu_seconds must be set: a
// SIGKILL at or past the CPU limit is the hard RLIMIT_CPU.
void Classify(int wait_status, const SubprocessLimits& limits, bool function_child,
              SubprocessResult* result) {
  if (WIFSIGNALED(wait_status)) {
    result->term_signal = WTERMSIG(wait_status);
    result->outcome = SubprocessOutcome::kSignaled;
    if (result->term_signal == SIGXCPU ||
        (result->term_signal == SIGKILL && limits.cpu_seconds > 0 &&
         result->cpu_seconds >= limits.cpu_seconds)) {
      result->outcome = SubprocessOutcome::kCpuLimit;
    }
  } else if (WIFEXITED(wait_status)) {
    result->exit_code = WEXITSTATUS(wait_status);
    result->outcome = function_child && result->exit_code == kChildExitOutOfMemory
                          ? SubprocessOutcome::kMemoryLimit
                          : SubprocessOutcome::kExited;
  }
}

// Reads the child's output and stderr until both close, enforcing the wall
// clock and output limits, then reaps it. "pid" has been forked; "out" and
// "err" are the read ends.
SubprocessResult Supervise(pid_t pid, Fd* out, Fd* err, const SubprocessLimits& limits,
                           bool function_child, Clock::time_point start) {
  SubprocessResult result;
  const bool has_deadline = limits.wall_seconds > 0;
  const Clock::time_point deadline =
      start + std::chrono::duration_cast<Clock::duration>(
                  std::chrono::duration<double>(has_deadline ? limits.wall_seconds : 0));
  bool killed = false;
  auto kill_child = [&](SubprocessOutcome why) {
    if (!killed) kill(pid, SIGKILL);
    killed = true;
    result.outcome = why;
  };
  auto remaining_ms = [&]() -> int {
    if (!has_deadline) return -1;
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
    if (left.count() <= 0) return 0;
    return static_cast<int>(std::min<long long>(left.count() + 1, 1 << 30));
  };

  char buffer[65536];
  while (!killed && (out->get() >= 0 || err->get() >= 0)) {
    struct pollfd fds[2];
    int count = 0;
    int out_index = -1, err_index = -1;
    if (out->get() >= 0) {
      out_index = count;
      fds[count++] = {out->get(), POLLIN, 0};
    }
    if (err->get() >= 0) {
      err_index = count;
      fds[count++] = {err->get(), POLLIN, 0};
    }
    int timeout = remaining_ms();
    if (has_deadline && timeout == 0) {
      kill_child(SubprocessOutcome::kWallTimeout);
      break;
    }
    int ready = poll(fds, static_cast<nfds_t>(count), timeout);
    if (ready < 0) {
      if (errno == EINTR) continue;
      kill_child(SubprocessOutcome::kSignaled);  // cannot supervise: stop the child
      break;
    }
    if (ready == 0) continue;  // the deadline check above fires next
    for (int index : {out_index, err_index}) {
      if (index < 0 || fds[index].revents == 0) continue;
      Fd* fd = index == out_index ? out : err;
      ssize_t got = read(fd->get(), buffer, sizeof(buffer));
      if (got < 0 && (errno == EINTR || errno == EAGAIN)) continue;
      if (got <= 0) {
        fd->Reset();
        continue;
      }
      if (index == out_index) {
        result.output.append(buffer, static_cast<size_t>(got));
        if (result.output.size() > limits.max_output_bytes) {
          kill_child(SubprocessOutcome::kOutputLimit);
          break;
        }
      } else {
        AppendTail(&result.error_tail, buffer, static_cast<size_t>(got));
      }
    }
  }
  out->Reset();
  err->Reset();

  // The pipes are closed; the child may still run (it closed them early).
  int wait_status = 0;
  struct rusage usage;
  std::memset(&usage, 0, sizeof(usage));
  for (;;) {
    pid_t done = wait4(pid, &wait_status, killed || !has_deadline ? 0 : WNOHANG, &usage);
    if (done == pid) break;
    if (done < 0 && errno == EINTR) continue;
    if (done < 0) break;  // ECHILD: someone else reaped it; nothing to classify
    if (has_deadline && Clock::now() >= deadline) {
      kill_child(SubprocessOutcome::kWallTimeout);
      continue;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  if (result.error_tail.size() > kErrorTailBytes) {
    result.error_tail.erase(0, result.error_tail.size() - kErrorTailBytes);
  }
  result.cpu_seconds = Seconds(usage.ru_utime) + Seconds(usage.ru_stime);
  result.wall_seconds = std::chrono::duration<double>(Clock::now() - start).count();
  if (killed) {
    result.term_signal = SIGKILL;
    return result;
  }
  Classify(wait_status, limits, function_child, &result);
  return result;
}

const char* SignalName(int sig) {
  switch (sig) {
    case SIGSEGV: return "SIGSEGV";
    case SIGBUS: return "SIGBUS";
    case SIGFPE: return "SIGFPE";
    case SIGILL: return "SIGILL";
    case SIGABRT: return "SIGABRT";
    case SIGKILL: return "SIGKILL";
    case SIGTERM: return "SIGTERM";
    case SIGPIPE: return "SIGPIPE";
    case SIGXCPU: return "SIGXCPU";
    default: return "";
  }
}

}  // namespace

Result<SubprocessResult> RunProgram(const std::vector<std::string>& argv,
                                    const SubprocessLimits& requested_limits,
                                    const std::vector<std::string>& extra_environment) {
  if (argv.empty() || argv[0].empty() || argv[0][0] != '/') {
    return Status::Error(Code::kInvalidArgument, "RunProgram needs an absolute program path");
  }
  SubprocessLimits limits = requested_limits;
  if (g_budget.active) {
    int left = g_budget.programs_left.load();
    while (left > 0 && !g_budget.programs_left.compare_exchange_weak(left, left - 1)) {
    }
    if (left == 0) {
      return Status::Error(Code::kLimitExceeded,
                           "the budget of programs (OCR pages) for this file is spent");
    }
  }
  if (g_budget.active) {
    // Inside a limited function child: the program gets what is left.
    if (g_budget.cpu_seconds > 0) {
      double left = g_budget.cpu_seconds - (CpuUsed(RUSAGE_SELF) - g_budget.self_base) -
                    (CpuUsed(RUSAGE_CHILDREN) - g_budget.children_base);
      if (left < 1) {
        return Status::Error(Code::kLimitExceeded,
                             Substitute("the CPU time limit of $1 s (shared with programs it "
                                        "runs) is spent",
                                        {std::to_string(g_budget.cpu_seconds)}));
      }
      int whole = static_cast<int>(left);
      if (limits.cpu_seconds == 0 || limits.cpu_seconds > whole) limits.cpu_seconds = whole;
    }
    if (g_budget.has_deadline) {
      double left = std::chrono::duration<double>(g_budget.deadline - Clock::now()).count();
      if (left < 0.5) {
        return Status::Error(Code::kLimitExceeded,
                             "the wall-clock limit (shared with programs it runs) is spent");
      }
      if (limits.wall_seconds == 0 || limits.wall_seconds > left) limits.wall_seconds = left;
    }
  }
  if (access(argv[0].c_str(), X_OK) != 0) {
    return Status::Error(Code::kNotFound,
                         Substitute("cannot execute $1: $2", {argv[0], std::strerror(errno)}));
  }
  // Everything the child needs is built before fork: it may not allocate.
  std::vector<char*> args;
  for (const std::string& arg : argv) args.push_back(const_cast<char*>(arg.c_str()));
  args.push_back(nullptr);
  std::vector<char*> env;
  for (char** entry = environ; entry != nullptr && *entry != nullptr; ++entry) {
    std::string_view current(*entry);
    bool replaced = false;
    for (const std::string& extra : extra_environment) {
      size_t eq = extra.find('=');
      if (eq != std::string::npos && current.substr(0, eq + 1) == extra.substr(0, eq + 1)) {
        replaced = true;
      }
    }
    if (!replaced) env.push_back(*entry);
  }
  for (const std::string& extra : extra_environment) env.push_back(const_cast<char*>(extra.c_str()));
  env.push_back(nullptr);

  Fd out_read, out_write, err_read, err_write;
  Status status = MakePipe(&out_read, &out_write);
  if (!status.ok()) return status;
  status = MakePipe(&err_read, &err_write);
  if (!status.ok()) return status;

  const Clock::time_point start = Clock::now();
  const pid_t parent = getpid();
  pid_t pid = fork();
  if (pid < 0) {
    return Status::Error(Code::kIoError, Substitute("fork: $1", {std::strerror(errno)}));
  }
  if (pid == 0) {
    // Dies with its parent: a reader child killed at its wall-clock limit
    // must not leave a tesseract behind.
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (getppid() != parent) _exit(127);
    ChildResetSignals();
    ChildRedirect(out_write.get(), err_write.get());
    ChildSetLimits(limits, /*relative=*/false);
    execve(args[0], args.data(), env.data());
    _exit(127);
  }
  out_write.Reset();
  err_write.Reset();
  SubprocessResult result =
      Supervise(pid, &out_read, &err_read, limits, /*function_child=*/false, start);
  if (g_budget.active && g_budget.cpu_seconds > 0) {
    // Lower this process's own CPU limit by what the program used, so that
    // its own work and its programs' together stay within the budget.
    // (RLIMIT_CPU counts from the process's start: "left" is an absolute bound.)
    double left = g_budget.self_base + g_budget.cpu_seconds -
                  (CpuUsed(RUSAGE_CHILDREN) - g_budget.children_base);
    double own = CpuUsed(RUSAGE_SELF);
    rlim_t soft = static_cast<rlim_t>(std::max(own + 1, left));
    struct rlimit cpu;
    if (getrlimit(RLIMIT_CPU, &cpu) == 0 && soft < cpu.rlim_cur) {
      cpu.rlim_cur = soft;
      if (!g_budget.long_lived) cpu.rlim_max = soft + 1;
      setrlimit(RLIMIT_CPU, &cpu);
    }
  }
  return result;
}

Result<SubprocessResult> RunFunction(const std::function<int(int fd)>& child,
                                     const SubprocessLimits& limits) {
  Fd out_read, out_write, err_read, err_write;
  Status status = MakePipe(&out_read, &out_write);
  if (!status.ok()) return status;
  status = MakePipe(&err_read, &err_write);
  if (!status.ok()) return status;

  const Clock::time_point start = Clock::now();
  pid_t pid = fork();
  if (pid < 0) {
    return Status::Error(Code::kIoError, Substitute("fork: $1", {std::strerror(errno)}));
  }
  if (pid == 0) {
    ChildEnter(err_write.get());
    if (dup2(out_write.get(), 3) < 0) _exit(127);
    ChildCloseFrom(4);
    ChildSetLimits(limits, /*relative=*/true);
    g_budget.active = true;
    g_budget.cpu_seconds = limits.cpu_seconds;
    g_budget.has_deadline = limits.wall_seconds > 0;
    g_budget.programs_left = limits.max_programs > 0 ? limits.max_programs : -1;
    g_budget.deadline = start + std::chrono::duration_cast<Clock::duration>(
                                    std::chrono::duration<double>(limits.wall_seconds));
    ChildRun([&child] { return child(3); });
  }
  out_write.Reset();
  err_write.Reset();
  return Supervise(pid, &out_read, &err_read, limits, /*function_child=*/true, start);
}

WorkerProcess::WorkerProcess(Handler handler, int max_requests)
    : handler_(std::move(handler)), max_requests_(std::max(1, max_requests)) {}

WorkerProcess::~WorkerProcess() { Stop(); }

Status WorkerProcess::Start() {
  int pair[2];
  if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, pair) != 0) {
    return Status::Error(Code::kIoError, Substitute("socketpair: $1", {std::strerror(errno)}));
  }
  // A socket for requests: send(MSG_NOSIGNAL) to a child that died is EPIPE,
  // not a SIGPIPE in the parent.
  Fd request_parent(pair[0]), request_child(pair[1]);
  Fd reply_read, reply_write, err_read, err_write;
  Status status = MakePipe(&reply_read, &reply_write);
  if (!status.ok()) return status;
  status = MakePipe(&err_read, &err_write);
  if (!status.ok()) return status;
  pid_t pid = fork();
  if (pid < 0) {
    return Status::Error(Code::kIoError, Substitute("fork: $1", {std::strerror(errno)}));
  }
  if (pid == 0) {
    ChildEnter(err_write.get());
    // Above 4 first, so that the dup2s below cannot overwrite each other.
    int reply_fd = fcntl(reply_write.get(), F_DUPFD, 10);
    int request_fd = fcntl(request_child.get(), F_DUPFD, 10);
    if (reply_fd < 0 || request_fd < 0 || dup2(reply_fd, 3) < 0 || dup2(request_fd, 4) < 0) {
      _exit(127);
    }
    ChildCloseFrom(5);
    ChildRun([this]() -> int { WorkerMain(handler_, 4, 3); });
  }
  pid_ = pid;
  served_ = 0;
  // The descriptors now belong to this object (closed by Stop).
  request_fd_ = request_parent.Release();
  reply_fd_ = reply_read.Release();
  error_fd_ = err_read.Release();
  return OkStatus();
}

void WorkerProcess::Stop() {
  if (pid_ > 0) {
    kill(pid_, SIGKILL);
    while (waitpid(pid_, nullptr, 0) < 0 && errno == EINTR) {
    }
  }
  for (int* fd : {&request_fd_, &reply_fd_, &error_fd_}) {
    if (*fd >= 0) close(*fd);
    *fd = -1;
  }
  pid_ = -1;
  served_ = 0;
}

namespace {

// One exchange with a WorkerProcess child: sends "frame", reads the reply
// frame, keeps the stderr tail. Returns true with the reply in
// result->output; false if the child closed its reply pipe first (it ended)
// or was killed here (result->outcome says why: wall clock, output size).
bool Exchange(int request_fd, int reply_fd, int* error_fd, std::string_view frame,
              const SubprocessLimits& limits, Clock::time_point start, pid_t pid,
              SubprocessResult* result) {
  const bool has_deadline = limits.wall_seconds > 0;
  const Clock::time_point deadline =
      start + std::chrono::duration_cast<Clock::duration>(
                  std::chrono::duration<double>(has_deadline ? limits.wall_seconds : 0));
  size_t sent = 0;
  std::string reply;
  char buffer[65536];
  for (;;) {
    if (reply.size() >= 8 && reply.size() - 8 >= GetWord(reply.data())) break;
    struct pollfd fds[3] = {{reply_fd, POLLIN, 0}, {*error_fd, POLLIN, 0},
                            {sent < frame.size() ? request_fd : -1, POLLOUT, 0}};
    int timeout = -1;
    if (has_deadline) {
      auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
      if (left.count() <= 0) {
        kill(pid, SIGKILL);
        result->outcome = SubprocessOutcome::kWallTimeout;
        return false;
      }
      timeout = static_cast<int>(std::min<long long>(left.count() + 1, 1 << 30));
    }
    int ready = poll(fds, 3, timeout);
    if (ready < 0 && errno != EINTR) {
      kill(pid, SIGKILL);  // cannot supervise: stop the child
      result->outcome = SubprocessOutcome::kSignaled;
      return false;
    }
    if (ready <= 0) continue;
    if (fds[2].revents != 0) {
      ssize_t wrote = send(request_fd, frame.data() + sent, frame.size() - sent,
                           MSG_NOSIGNAL | MSG_DONTWAIT);
      if (wrote > 0) sent += static_cast<size_t>(wrote);
      if (wrote < 0 && errno != EINTR && errno != EAGAIN) sent = frame.size();  // child gone
    }
    if (fds[1].revents != 0) {
      ssize_t got = read(*error_fd, buffer, sizeof buffer);
      if (got > 0) AppendTail(&result->error_tail, buffer, static_cast<size_t>(got));
      if (got == 0) {
        close(*error_fd);
        *error_fd = -1;
      }
    }
    if (fds[0].revents != 0) {
      ssize_t got = read(reply_fd, buffer, sizeof buffer);
      if (got < 0 && (errno == EINTR || errno == EAGAIN)) continue;
      if (got <= 0) return false;  // the child ended
      reply.append(buffer, static_cast<size_t>(got));
      if (reply.size() >= 8 && GetWord(reply.data()) > limits.max_output_bytes) {
        kill(pid, SIGKILL);
        result->outcome = SubprocessOutcome::kOutputLimit;
        return false;
      }
    }
  }
  result->output = reply.substr(8);
  return true;
}

}  // namespace

Result<SubprocessResult> WorkerProcess::Call(std::string_view request,
                                             const SubprocessLimits& limits) {
  if (pid_ < 0) {
    Status started = Start();
    if (!started.ok()) return started;
  }
  std::string frame;
  frame.reserve(kHeaderWords * 8 + request.size());
  PutWord(static_cast<uint64_t>(std::max(0, limits.cpu_seconds)), &frame);
  PutWord(limits.memory_bytes, &frame);
  PutWord(static_cast<uint64_t>(std::max(0.0, limits.wall_seconds) * 1000), &frame);
  PutWord(static_cast<uint64_t>(std::max(0, limits.max_programs)), &frame);
  PutWord(request.size(), &frame);
  frame.append(request);
  const Clock::time_point start = Clock::now();
  SubprocessResult result;
  if (Exchange(request_fd_, reply_fd_, &error_fd_, frame, limits, start, pid_, &result)) {
    result.wall_seconds = std::chrono::duration<double>(Clock::now() - start).count();
    if (++served_ >= max_requests_) Stop();
    return result;
  }
  // The child ended (or was killed above): collect the rest of its stderr,
  // reap it and say how it ended, as Supervise does for a RunFunction child.
  bool killed = result.outcome != SubprocessOutcome::kExited;
  char buffer[4096];
  while (!killed && error_fd_ >= 0) {
    struct pollfd err = {error_fd_, POLLIN, 0};
    if (poll(&err, 1, 1000) <= 0) break;  // a grandchild may hold it open
    ssize_t got = read(error_fd_, buffer, sizeof buffer);
    if (got < 0 && errno == EINTR) continue;
    if (got <= 0) break;
    AppendTail(&result.error_tail, buffer, static_cast<size_t>(got));
  }
  if (result.error_tail.size() > kErrorTailBytes) {
    result.error_tail.erase(0, result.error_tail.size() - kErrorTailBytes);
  }
  int wait_status = 0;
  struct rusage usage;
  std::memset(&usage, 0, sizeof(usage));
  if (!killed && limits.wall_seconds > 0) {
    // It closed its reply pipe; give it until the deadline to end.
    const Clock::time_point deadline =
        start + std::chrono::duration_cast<Clock::duration>(
                    std::chrono::duration<double>(limits.wall_seconds));
    while (wait4(pid_, &wait_status, WNOHANG, &usage) == 0) {
      if (Clock::now() >= deadline) {
        kill(pid_, SIGKILL);
        killed = true;
        result.outcome = SubprocessOutcome::kWallTimeout;
        break;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
  }
  if (killed || limits.wall_seconds <= 0) {
    while (wait4(pid_, &wait_status, 0, &usage) < 0 && errno == EINTR) {
    }
  }
  pid_ = -1;  // reaped
  Stop();     // closes the descriptors
  result.wall_seconds = std::chrono::duration<double>(Clock::now() - start).count();
  if (killed) {
    result.term_signal = SIGKILL;
    return result;
  }
  // The child's CPU time covers earlier requests too: only SIGXCPU says CPU
  // limit here (the soft limit is per request; no hard limit is set).
  result.cpu_seconds = 0;
  Classify(wait_status, SubprocessLimits(), /*function_child=*/true, &result);
  if (WIFSIGNALED(wait_status) && result.term_signal == SIGXCPU) {
    result.outcome = SubprocessOutcome::kCpuLimit;
  }
  return result;
}

bool WriteAll(int fd, std::string_view data) {
  while (!data.empty()) {
    ssize_t wrote = write(fd, data.data(), data.size());
    if (wrote < 0 && errno == EINTR) continue;
    if (wrote <= 0) return false;
    data.remove_prefix(static_cast<size_t>(wrote));
  }
  return true;
}

Status SubprocessStatus(const SubprocessResult& result, const SubprocessLimits& limits,
                        std::string_view what) {
  switch (result.outcome) {
    case SubprocessOutcome::kExited: {
      if (result.exit_code == 0) return OkStatus();
      std::string detail = Substitute("$1 exited with status $2",
                                      {what, std::to_string(result.exit_code)});
      std::string_view tail = Trim(result.error_tail);
      if (tail.size() > 400) tail = tail.substr(tail.size() - 400);
      if (!tail.empty()) detail += Substitute(": $1", {tail});
      return Status::Error(Code::kInternal, std::move(detail));
    }
    case SubprocessOutcome::kSignaled: {
      std::string sig = std::to_string(result.term_signal);
      const char* name = SignalName(result.term_signal);
      if (*name != '\0') sig += Substitute(", $1", {name});
      return Status::Error(Code::kBadInput, Substitute("$1 crashed (signal $2)", {what, sig}));
    }
    case SubprocessOutcome::kWallTimeout: {
      char seconds[32];
      std::snprintf(seconds, sizeof(seconds), "%g", limits.wall_seconds);
      return Status::Error(Code::kLimitExceeded,
                           Substitute("$1 ran past the wall-clock limit of $2 s", {what, seconds}));
    }
    case SubprocessOutcome::kCpuLimit:
      return Status::Error(Code::kLimitExceeded,
                           Substitute("$1 used more than $2 s of CPU time",
                                      {what, std::to_string(limits.cpu_seconds)}));
    case SubprocessOutcome::kMemoryLimit:
      return Status::Error(Code::kLimitExceeded,
                           Substitute("$1 ran out of memory (limit $2 MiB)",
                                      {what, std::to_string(limits.memory_bytes >> 20)}));
    case SubprocessOutcome::kOutputLimit:
      return Status::Error(Code::kLimitExceeded,
                           Substitute("$1 wrote more than $2 bytes",
                                      {what, std::to_string(limits.max_output_bytes)}));
  }
  return Status::Error(Code::kInternal, "unknown subprocess outcome");
}

}  // namespace docpipe
