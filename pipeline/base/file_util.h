// pipeline/base/file_util.h
//
// Whole-file reads, crash-safe writes and exclusive, durable moves, with
// POSIX calls and std::filesystem's error_code overloads: no exceptions
// escape. The moves are what `watch` and `ingest --quarantine` use to put a
// file into the archive or the quarantine: they never overwrite (two
// watchers sharing one archive each get their own name), survive a power cut
// (fsync of the file and of the folder) and verify what they placed.
//
// Stage: base (std + POSIX only).

#pragma once

#include <cstdint>
#include <set>
#include <string>
#include <utility>
#include <string_view>
#include <vector>

#include "pipeline/base/result.h"

namespace docpipe {

// Reads the whole file. kNotFound if it does not exist, kIoError otherwise;
// kLimitExceeded if it is larger than "max_bytes". The file is opened with
// O_NONBLOCK and must be a regular file: a FIFO, socket or device is
// kBadInput ("not a regular file"), so that a reader never hangs on it.
Result<std::string> ReadFileToString(const std::string& path, size_t max_bytes = size_t{1} << 31);

// Writes "data" to "path" atomically: a temporary file in the same folder,
// fsync, then rename. Readers see the old or the new content, never a part.
Status WriteFileAtomically(const std::string& path, const std::string& data);

// Like WriteFileAtomically, but fails if "path" exists: returns false (and
// writes nothing) when the name is taken, true once the file is in place.
Result<bool> WriteFileExclusive(const std::string& path, const std::string& data);

// A text file placed next to a moved file ("<target><suffix>") before the
// file itself, so that a kill between the two never leaves the file alone.
struct Companion {
  std::string suffix;  // ".reason.txt"
  std::string text;
};

// Moves "from" into folder "dir" (created if missing) as "name", or, if that
// is taken, as "<stem>~2<ext>", "<stem>~3<ext>", ...: never overwrites, even
// when other processes move files into "dir" at the same time (the name is
// claimed by renameat2(RENAME_NOREPLACE), or link(2) + unlink(2) where the
// file system lacks it). Across file systems the file is copied to a hidden
// temporary name in "dir", fsynced, renamed without replacing, and only then
// is "from" removed. The folder is fsynced after each step. When
// "expected_sha256" is not empty, the placed file's SHA-256 must equal it
// (else kIoError, and the source, if still present, is kept).
// Returns the path the file now has. On any error the file is still at
// "from" (a temporary copy is removed) unless the Status says otherwise:
// an error is never reported as a move.
Result<std::string> MoveIntoFolder(const std::string& from, const std::string& dir,
                                   const std::string& name, const std::string& expected_sha256,
                                   const Companion* companion = nullptr);

// Copies "from" into "dir" with the same naming, durability and verification
// rules as MoveIntoFolder; "from" is left as it is. Returns the new path.
Result<std::string> CopyIntoFolder(const std::string& from, const std::string& dir,
                                   const std::string& name, const std::string& expected_sha256,
                                   const Companion* companion = nullptr);

// True if some process that this user can inspect (this one included: its
// own log may sit in the inbox) has "path" open for writing (a scan of
// /proc/*/fd and /proc/*/fdinfo).
// Processes on other machines (a scanner writing over SMB/NFS) are not
// visible: callers also wait for size and mtime to settle.
bool OpenForWriting(const std::string& path);

// The same scan for many files at once: the (st_dev, st_ino) of every
// regular file on device "device" that some inspectable process has open
// for writing.
std::set<std::pair<uint64_t, uint64_t>> FilesOpenForWriting(uint64_t device);

// Whether "bytes" look like a complete PDF: "%PDF-" at the start and, in the
// last 2 KiB, "startxref", a number and "%%EOF" (ISO 32000-1, 7.5.5: a file
// ends with its trailer). Incremental updates keep that shape. Pure.
bool PdfLooksComplete(std::string_view bytes);

// "name" made safe to print on a terminal or in a log line: control
// characters (ESC, CR, LF, DEL, C1) and invalid UTF-8 become \xNN / \n
// escapes; a backslash becomes "\\". Valid UTF-8 (Vietnamese) is kept.
std::string EscapeForTerminal(std::string_view name);

}  // namespace docpipe
