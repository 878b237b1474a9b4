#include "tests/test_util.h"

#include <stdlib.h>
#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <catch2/catch.hpp>

namespace docpipe::testing {

std::string SourcePath(std::string_view relative) {
  return std::string(DOCPIPE_SOURCE_DIR) + "/" + std::string(relative);
}

std::string SharedPath(std::string_view relative) {
  std::error_code ec;
  const char* env = std::getenv("DOCPIPE_SHARED_DIR");
  std::filesystem::path shared = std::filesystem::weakly_canonical(
      env != nullptr && *env != '\0' ? std::filesystem::path(env)
                                      : std::filesystem::path(DOCPIPE_SOURCE_DIR) / ".." / "shared",
      ec);
  if (ec || !std::filesystem::is_directory(shared, ec)) return "";
  return (shared / std::string(relative)).string();
}

std::string SeedPath(std::string_view prefix) {
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator(SourcePath("samples/seeds"), ec)) {
    std::string name = entry.path().filename().string();
    if (name.rfind(std::string(prefix) + "_", 0) == 0 && entry.path().extension() == ".txt") {
      return entry.path().string();
    }
  }
  return "";
}

std::string SeedText(std::string_view prefix) { return ReadAll(SeedPath(prefix)); }

std::string ReadAll(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return "";
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

std::string DocpipeBinary() {
  const char* env = std::getenv("DOCPIPE_BIN");
  if (env != nullptr && *env != '\0') return env;
  return std::string(DOCPIPE_BINARY_DIR) + "/pipeline/cli/docpipe";
}

bool InCi() {
  const char* env = std::getenv("CI");
  if (env == nullptr) return false;
  std::string value = env;
  return value == "true" || value == "1";
}

void SkipOrFail(const std::string& reason) {
  if (InCi()) FAIL("CI=true and a prerequisite is missing: " << reason);
  WARN("skipped: " << reason << " (under CI=true this fails)");
}

int RunCommand(const std::string& command, std::string* output) {
  std::string full = command + " 2>&1";
  FILE* pipe = ::popen(full.c_str(), "r");
  if (pipe == nullptr) return -1;
  std::array<char, 4096> buf;
  output->clear();
  size_t n;
  while ((n = std::fread(buf.data(), 1, buf.size(), pipe)) > 0) output->append(buf.data(), n);
  int status = ::pclose(pipe);
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

TempDir::TempDir() {
  std::string templ = (std::filesystem::temp_directory_path() / "docpipe-test-XXXXXX").string();
  char* made = ::mkdtemp(templ.data());
  path_ = made != nullptr ? made : "";
}

TempDir::~TempDir() {
  std::error_code ec;
  if (!path_.empty()) std::filesystem::remove_all(path_, ec);
}

std::vector<TsvCase> LoadTsvCases(std::string_view relative) {
  std::vector<TsvCase> cases;
  std::ifstream in(SourcePath("tests/data/" + std::string(relative)));
  std::string line;
  int line_no = 0;
  bool header_seen = false;
  while (std::getline(in, line)) {
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty() || line[0] == '#') continue;
    if (!header_seen) {
      header_seen = true;
      continue;
    }
    TsvCase c;
    c.line = line_no;
    size_t start = 0;
    while (true) {
      size_t tab = line.find('\t', start);
      c.fields.push_back(line.substr(start, tab == std::string::npos ? std::string::npos : tab - start));
      if (tab == std::string::npos) break;
      start = tab + 1;
    }
    cases.push_back(std::move(c));
  }
  return cases;
}

}  // namespace docpipe::testing
