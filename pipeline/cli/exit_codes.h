// pipeline/cli/exit_codes.h
//
// Exit statuses of `docpipe`, documented in --help and README.md so scripts
// can trust them (qpdf: error 2, warnings 3; diff/grep: 1 = found something).

#pragma once

namespace docpipe {

enum ExitCode : int {
  kExitOk = 0,        // success; nothing to report
  kExitFindings = 1,  // `check`: contradictions were found (the run itself succeeded)
  kExitError = 2,     // bad usage, unreadable rules, database cannot be opened; little was done
  kExitPartial = 3,   // the batch finished, but some files were quarantined or had errors
};

}  // namespace docpipe
