// pipeline/cli/main.cc
//
// Thin entry point: every error below is a value; the one exception handler
// here turns an escaped C++ exception (a bug, or std::bad_alloc) into exit 2.

#include <cstdio>
#include <exception>
#include <string>
#include <vector>

#include "pipeline/cli/commands.h"
#include "pipeline/cli/exit_codes.h"

namespace docpipe {
int RunVersionCommand(const std::vector<std::string>& args);  // version_command.cc
}  // namespace docpipe

namespace {

// `docpipe --version` (anywhere before a "--"), as GNU tools and help2man expect.
bool WantsVersion(const std::vector<std::string>& args) {
  for (const std::string& arg : args) {
    if (arg == "--") return false;
    if (arg == "--version") return true;
  }
  return false;
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  try {
    if (WantsVersion(args)) return docpipe::RunVersionCommand(args);
    return docpipe::Run(args);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "docpipe: lỗi nội bộ / internal error: %s\n", e.what());
    return docpipe::kExitError;
  }
}
