// pipeline/cli/commands.h
//
// The one table of commands and options (Ninja's subcommand table): parsing,
// --help text and dispatch to the jobs in pipeline/jobs/. main.cc is a thin
// wrapper around Run().

#pragma once

#include <map>
#include <string>
#include <vector>

#include "pipeline/cli/messages.h"

namespace docpipe {

struct Invocation {
  std::string command;
  std::map<std::string, std::string> options;  // "--db" -> "x.db"; flags map to "1"
  std::vector<std::string> arguments;
  Lang lang = Lang::kVi;
  bool help = false;

  std::string Option(const std::string& name, const std::string& fallback = "") const {
    auto it = options.find(name);
    return it == options.end() ? fallback : it->second;
  }
  bool Flag(const std::string& name) const { return options.count(name) > 0; }
};

// Runs docpipe with "args" (without argv[0]); returns the exit status
// (cli/exit_codes.h). Prints to stdout/stderr.
int Run(const std::vector<std::string>& args);

}  // namespace docpipe
