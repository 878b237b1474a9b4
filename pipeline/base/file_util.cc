#include "pipeline/base/file_util.h"

// Moves: the target name is claimed atomically by the kernel, never by a
// check followed by a rename (two watchers sharing an archive each saw a free
// name and the second rename replaced the first file). renameat2 with
// RENAME_NOREPLACE fails with EEXIST when the name is taken; on file systems
// without it (EINVAL) link(2) does the same. Across file systems (EXDEV) the
// bytes are copied to a hidden temporary name in the target folder, fsynced,
// and that name is then claimed the same way; the source is removed only
// after the target and its folder are durable and the target's SHA-256 is
// checked. Any failure (ENOSPC in the middle of a copy) removes the partial
// copy and leaves the source where it was.

#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstring>
#include <filesystem>

#include "pipeline/base/strings.h"

namespace docpipe {
namespace {

namespace fs = std::filesystem;

Status Errno(int err, const std::string& path, std::string_view what = {}) {
  std::string detail = what.empty() ? std::string(std::strerror(err))
                                    : std::string(what) + ": " + std::strerror(err);
  return Status::Error(err == ENOENT ? Code::kNotFound : Code::kIoError, detail, Location{path});
}

Status FsyncPath(const std::string& path, bool directory) {
  int fd = ::open(path.c_str(), (directory ? O_DIRECTORY : 0) | O_RDONLY | O_CLOEXEC);
  if (fd < 0) return Errno(errno, path, "open for fsync");
  int rc = ::fsync(fd);
  int err = errno;
  ::close(fd);
  // Some file systems (and /proc-like ones) refuse fsync on a folder: that
  // is not a lost write.
  if (rc != 0 && !(directory && (err == EINVAL || err == EROFS))) return Errno(err, path, "fsync");
  return OkStatus();
}

std::string ParentOf(const std::string& path) {
  fs::path parent = fs::path(path).parent_path();
  return parent.empty() ? "." : parent.string();
}

// 0 when "from" now has the name "to"; EEXIST when "to" is taken; another
// errno otherwise (EXDEV across file systems).
int RenameNoReplace(const std::string& from, const std::string& to) {
  if (::renameat2(AT_FDCWD, from.c_str(), AT_FDCWD, to.c_str(), RENAME_NOREPLACE) == 0) return 0;
  int err = errno;
  if (err != EINVAL && err != ENOSYS && err != ENOTSUP) return err;
  // No RENAME_NOREPLACE here: link(2) never replaces either.
  if (::link(from.c_str(), to.c_str()) != 0) return errno;
  if (::unlink(from.c_str()) != 0) {
    err = errno;
    ::unlink(to.c_str());
    return err;
  }
  return 0;
}

std::string Candidate(const std::string& dir, const std::string& name, int n) {
  if (n == 1) return (fs::path(dir) / name).string();
  fs::path as_path(name);
  return (fs::path(dir) / (as_path.stem().string() + "~" + std::to_string(n) +
                           as_path.extension().string()))
      .string();
}

// Copies "from" to the new file "to" (O_EXCL) and fsyncs it; on error "to"
// is removed. Fills "*sha256" with the hash of the bytes copied.
Status CopyDurably(const std::string& from, const std::string& to, std::string* sha256) {
  Result<std::string> bytes = ReadFileToString(from);
  if (!bytes.ok()) return bytes.status();
  *sha256 = Sha256Hex(*bytes);
  int fd = ::open(to.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
  if (fd < 0) return Errno(errno, to, "create");
  size_t written = 0;
  while (written < bytes->size()) {
    ssize_t n = ::write(fd, bytes->data() + written, bytes->size() - written);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      int err = n < 0 ? errno : ENOSPC;
      ::close(fd);
      ::unlink(to.c_str());
      return Errno(err, to, "write");
    }
    written += static_cast<size_t>(n);
  }
  if (::fsync(fd) != 0) {
    int err = errno;
    ::close(fd);
    ::unlink(to.c_str());
    return Errno(err, to, "fsync");
  }
  if (::close(fd) != 0) {
    int err = errno;
    ::unlink(to.c_str());
    return Errno(err, to, "close");
  }
  return OkStatus();
}

Status VerifySha(const std::string& path, const std::string& expected) {
  if (expected.empty()) return OkStatus();
  Result<std::string> bytes = ReadFileToString(path);
  if (!bytes.ok()) return bytes.status();
  std::string actual = Sha256Hex(*bytes);
  if (actual != expected) {
    return Status::Error(Code::kIoError,
                         "placed file has SHA-256 " + actual + ", expected " + expected,
                         Location{path});
  }
  return OkStatus();
}

// Claims "target" for "companion" (if any): true if written, false if taken.
Result<bool> ClaimCompanion(const std::string& target, const Companion* companion) {
  if (companion == nullptr) return true;
  return WriteFileExclusive(target + companion->suffix, companion->text);
}

void DropCompanion(const std::string& target, const Companion* companion) {
  if (companion != nullptr) ::unlink((target + companion->suffix).c_str());
}

constexpr int kMaxNames = 100000;

std::atomic<uint64_t> copy_counter{0};  // temporary names unique across threads

// Gives "temp" (a file in "dir") a free name there. Returns the name.
Result<std::string> PlaceTemp(const std::string& temp, const std::string& dir,
                              const std::string& name, const Companion* companion) {
  for (int n = 1; n <= kMaxNames; ++n) {
    std::string target = Candidate(dir, name, n);
    Result<bool> claimed = ClaimCompanion(target, companion);
    if (!claimed.ok()) return claimed.status();
    if (!*claimed) continue;
    int err = RenameNoReplace(temp, target);
    if (err == 0) return target;
    DropCompanion(target, companion);
    if (err != EEXIST) return Errno(err, target, "rename");
  }
  return Status::Error(Code::kIoError, "no free name", Location{dir});
}

Result<std::string> Place(const std::string& from, const std::string& dir,
                          const std::string& name, const std::string& expected_sha256,
                          const Companion* companion, bool keep_source) {
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec) return Status::Error(Code::kIoError, ec.message(), Location{dir});
  struct stat st {};
  if (::lstat(from.c_str(), &st) != 0) return Errno(errno, from);
  if (!S_ISREG(st.st_mode)) {
    return Status::Error(Code::kBadInput, "not a regular file", Location{from});
  }
  if (!keep_source) {
    for (int n = 1; n <= kMaxNames; ++n) {
      std::string target = Candidate(dir, name, n);
      Result<bool> claimed = ClaimCompanion(target, companion);
      if (!claimed.ok()) return claimed.status();
      if (!*claimed) continue;
      int err = RenameNoReplace(from, target);
      if (err == EEXIST) {
        DropCompanion(target, companion);
        continue;
      }
      if (err == EXDEV) {
        DropCompanion(target, companion);
        break;  // copy below
      }
      if (err != 0) {
        DropCompanion(target, companion);
        return Errno(err, from, "rename");
      }
      Status status = VerifySha(target, expected_sha256);
      if (!status.ok() && RenameNoReplace(target, from) == 0) {
        DropCompanion(target, companion);
        return status;  // not what was expected: put back, nothing moved
      }
      if (status.ok()) status = FsyncPath(dir, true);
      if (status.ok()) status = FsyncPath(ParentOf(from), true);
      if (!status.ok()) {
        // The file moved but is not what was stored, or not durable yet: say
        // so, naming where it is now.
        return Status::Error(status.code(), status.detail() + " (the file is now " + target + ")",
                             Location{from});
      }
      return target;
    }
  }
  // Copy to a hidden temporary name in "dir", then claim a name for it.
  std::string temp = (fs::path(dir) / (".docpipe-copy-" + std::to_string(::getpid()) + "-" +
                                       std::to_string(st.st_ino) + "-" +
                                       std::to_string(copy_counter.fetch_add(1))))
                         .string();
  ::unlink(temp.c_str());  // a leftover of a killed run with the same pid
  std::string copied_sha;
  Status status = CopyDurably(from, temp, &copied_sha);
  if (!status.ok()) return status;
  const std::string& want = expected_sha256.empty() ? copied_sha : expected_sha256;
  status = VerifySha(temp, want);
  if (!status.ok()) {
    ::unlink(temp.c_str());
    return status;
  }
  Result<std::string> target = PlaceTemp(temp, dir, name, companion);
  if (!target.ok()) {
    ::unlink(temp.c_str());
    return target.status();
  }
  status = FsyncPath(dir, true);
  if (!status.ok()) return status;
  if (!keep_source) {
    if (::unlink(from.c_str()) != 0) {
      return Errno(errno, from, "copied to " + *target + " but could not remove the source");
    }
    (void)FsyncPath(ParentOf(from), true);  // best effort: the copy is durable
  }
  return target;
}

}  // namespace

Result<std::string> ReadFileToString(const std::string& path, size_t max_bytes) {
  // O_NONBLOCK: opening a FIFO without a writer must not block; O_NOCTTY for devices.
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
  if (fd < 0) {
    Code code = errno == ENOENT ? Code::kNotFound : Code::kIoError;
    return Status::Error(code, std::strerror(errno), Location{path});
  }
  struct stat st {};
  if (::fstat(fd, &st) != 0) {
    int err = errno;
    ::close(fd);
    return Status::Error(Code::kIoError, std::strerror(err), Location{path});
  }
  if (S_ISDIR(st.st_mode)) {
    ::close(fd);
    return Status::Error(Code::kIoError, "is a directory", Location{path});
  }
  if (!S_ISREG(st.st_mode)) {
    ::close(fd);
    return Status::Error(Code::kBadInput, "not a regular file (a FIFO, socket or device)",
                         Location{path});
  }
  if (static_cast<uint64_t>(st.st_size) > max_bytes) {
    ::close(fd);
    return Status::Error(Code::kLimitExceeded, "file larger than the size limit", Location{path});
  }
  std::string data;
  if (st.st_size > 0) data.reserve(static_cast<size_t>(st.st_size));
  char buf[1 << 16];
  while (true) {
    ssize_t n = ::read(fd, buf, sizeof buf);
    if (n < 0) {
      if (errno == EINTR) continue;
      int err = errno;
      ::close(fd);
      return Status::Error(Code::kIoError, std::strerror(err), Location{path});
    }
    if (n == 0) break;
    data.append(buf, static_cast<size_t>(n));
    if (data.size() > max_bytes) {
      ::close(fd);
      return Status::Error(Code::kLimitExceeded, "file larger than the size limit", Location{path});
    }
  }
  ::close(fd);
  return data;
}

Status WriteFileAtomically(const std::string& path, const std::string& data) {
  std::string tmp = path + ".tmp." + std::to_string(::getpid());
  int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) return Status::Error(Code::kIoError, std::strerror(errno), Location{path});
  size_t written = 0;
  while (written < data.size()) {
    ssize_t n = ::write(fd, data.data() + written, data.size() - written);
    if (n < 0) {
      if (errno == EINTR) continue;
      int err = errno;
      ::close(fd);
      ::unlink(tmp.c_str());
      return Status::Error(Code::kIoError, std::strerror(err), Location{path});
    }
    written += static_cast<size_t>(n);
  }
  if (::fsync(fd) != 0 || ::close(fd) != 0) {
    ::unlink(tmp.c_str());
    return Status::Error(Code::kIoError, std::strerror(errno), Location{path});
  }
  if (::rename(tmp.c_str(), path.c_str()) != 0) {
    int err = errno;
    ::unlink(tmp.c_str());
    return Status::Error(Code::kIoError, std::strerror(err), Location{path});
  }
  return OkStatus();
}

Result<bool> WriteFileExclusive(const std::string& path, const std::string& data) {
  struct stat st {};
  if (::lstat(path.c_str(), &st) == 0) return false;
  std::string tmp = path + ".tmp." + std::to_string(::getpid());
  Status status = WriteFileAtomically(tmp, data);  // durable under a private name
  if (!status.ok()) return status;
  int err = RenameNoReplace(tmp, path);
  if (err == 0) return true;
  ::unlink(tmp.c_str());
  if (err == EEXIST) return false;
  return Errno(err, path, "rename");
}

Result<std::string> MoveIntoFolder(const std::string& from, const std::string& dir,
                                   const std::string& name, const std::string& expected_sha256,
                                   const Companion* companion) {
  return Place(from, dir, name, expected_sha256, companion, /*keep_source=*/false);
}

Result<std::string> CopyIntoFolder(const std::string& from, const std::string& dir,
                                   const std::string& name, const std::string& expected_sha256,
                                   const Companion* companion) {
  return Place(from, dir, name, expected_sha256, companion, /*keep_source=*/true);
}

std::set<std::pair<uint64_t, uint64_t>> FilesOpenForWriting(uint64_t device) {
  std::set<std::pair<uint64_t, uint64_t>> open_for_writing;
  DIR* proc = ::opendir("/proc");
  if (proc == nullptr) return open_for_writing;
  while (struct dirent* entry = ::readdir(proc)) {
    int64_t pid = 0;
    if (!ParseInt(entry->d_name, &pid)) continue;
    std::string fd_dir = std::string("/proc/") + entry->d_name + "/fd";
    DIR* fds = ::opendir(fd_dir.c_str());
    if (fds == nullptr) continue;  // another user's process, or gone
    while (struct dirent* fd_entry = ::readdir(fds)) {
      if (fd_entry->d_name[0] == '.') continue;
      struct stat st {};
      std::string link = fd_dir + "/" + fd_entry->d_name;
      if (::stat(link.c_str(), &st) != 0 || !S_ISREG(st.st_mode)) continue;
      if (static_cast<uint64_t>(st.st_dev) != device) continue;
      std::pair<uint64_t, uint64_t> key(st.st_dev, st.st_ino);
      if (open_for_writing.count(key) > 0) continue;
      // The access mode: "flags:\t0100001" in fdinfo, octal; O_ACCMODE bits.
      std::string info = std::string("/proc/") + entry->d_name + "/fdinfo/" + fd_entry->d_name;
      FILE* file = ::fopen(info.c_str(), "re");
      if (file == nullptr) continue;
      char line[256];
      while (::fgets(line, sizeof line, file) != nullptr) {
        unsigned long flags = 0;
        if (std::sscanf(line, "flags: %lo", &flags) == 1) {
          if ((flags & O_ACCMODE) != O_RDONLY) open_for_writing.insert(key);
          break;
        }
      }
      ::fclose(file);
    }
    ::closedir(fds);
  }
  ::closedir(proc);
  return open_for_writing;
}

bool OpenForWriting(const std::string& path) {
  struct stat target {};
  if (::stat(path.c_str(), &target) != 0) return false;
  return FilesOpenForWriting(target.st_dev)
             .count({static_cast<uint64_t>(target.st_dev), static_cast<uint64_t>(target.st_ino)}) > 0;
}

bool PdfLooksComplete(std::string_view bytes) {
  if (bytes.substr(0, 5) != "%PDF-") return false;
  std::string_view tail = bytes.size() > 2048 ? bytes.substr(bytes.size() - 2048) : bytes;
  size_t eof = tail.rfind("%%EOF");
  if (eof == std::string_view::npos) return false;
  // Only whitespace after the last %%EOF (some writers add a newline or NULs).
  for (char c : tail.substr(eof + 5)) {
    if (c != '\r' && c != '\n' && c != ' ' && c != '\t' && c != '\0') return false;
  }
  size_t startxref = tail.rfind("startxref", eof);
  if (startxref == std::string_view::npos) return false;
  std::string_view between = Trim(tail.substr(startxref + 9, eof - startxref - 9));
  int64_t offset = 0;
  return ParseInt(between, &offset) && offset >= 0 && static_cast<uint64_t>(offset) < bytes.size();
}

std::string EscapeForTerminal(std::string_view name) {
  std::string out;
  out.reserve(name.size());
  size_t pos = 0;
  static const char kHex[] = "0123456789abcdef";
  auto hex = [&](unsigned char c) {
    out += "\\x";
    out += kHex[c >> 4];
    out += kHex[c & 15];
  };
  while (pos < name.size()) {
    unsigned char c = static_cast<unsigned char>(name[pos]);
    if (c == '\\') {
      out += "\\\\";
      ++pos;
    } else if (c == '\n') {
      out += "\\n";
      ++pos;
    } else if (c == '\t') {
      out += "\\t";
      ++pos;
    } else if (c < 0x20 || c == 0x7f) {
      hex(c);
      ++pos;
    } else if (c < 0x80) {
      out += static_cast<char>(c);
      ++pos;
    } else {
      size_t start = pos;
      char32_t cp = DecodeUtf8(name, &pos);
      bool valid = !(cp == 0xFFFD && pos - start != 3);
      if (!valid || (cp >= 0x80 && cp < 0xA0) || cp == 0x2028 || cp == 0x2029 ||
          (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069)) {
        // Invalid bytes, C1 controls and bidirectional overrides.
        for (size_t at = start; at < pos; ++at) hex(static_cast<unsigned char>(name[at]));
      } else {
        out.append(name.substr(start, pos - start));
      }
    }
  }
  return out;
}

}  // namespace docpipe
