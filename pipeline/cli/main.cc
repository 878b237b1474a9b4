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

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  try {
    return docpipe::Run(args);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "docpipe: lỗi nội bộ / internal error: %s\n", e.what());
    return docpipe::kExitError;
  }
}
