// pipeline/cli/version_command.cc
//
// `docpipe --version`: what a bug report needs to reproduce a result. The
// first line is "docpipe <version>" (help2man and scripts read it); then the
// libraries docpipe runs with, each marked as reported by the loaded library
// (run time) or known when docpipe was built (compile time, where the
// library has no version call: RE2); then the rule set in use (its folder and
// the hash every stored fact records), the normaliser version (stored with
// the normalised text; reextract compares it) and the store's schema version.
// Always exits 0: a rule folder that cannot be read is reported on its line.

#include <iostream>
#include <string>
#include <vector>

#include "pipeline/base/library_version.h"
#include "pipeline/cli/exit_codes.h"
#include "pipeline/cli/messages.h"
#include "pipeline/jobs/pipeline.h"
#include "pipeline/normalize/normalizer.h"
#include "pipeline/normalize/versions.h"
#include "pipeline/pdf/versions.h"
#include "pipeline/rules/rule_parser.h"
#include "pipeline/rules/versions.h"
#include "pipeline/store/export.h"
#include "pipeline/store/store.h"
#include "pipeline/store/versions.h"

#ifndef DOCPIPE_VERSION
#define DOCPIPE_VERSION "unknown"
#endif

namespace docpipe {

int RunVersionCommand(const std::vector<std::string>& args) {
  Lang lang = Lang::kVi;
  std::string rules_dir;
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& arg = args[i];
    std::string next = i + 1 < args.size() ? args[i + 1] : "";
    if (arg == "--lang") lang = next == "en" ? Lang::kEn : Lang::kVi;
    if (arg == "--lang=en") lang = Lang::kEn;
    if (arg == "--rules") rules_dir = next;
    if (arg.rfind("--rules=", 0) == 0) rules_dir = arg.substr(8);
  }
  if (rules_dir.empty()) rules_dir = DefaultRulesDir();

  std::vector<LibraryVersion> libraries = PdfLibraryVersions();
  libraries.push_back(NormalizeLibraryVersion());
  libraries.push_back(RulesLibraryVersion());
  for (LibraryVersion& v : StoreLibraryVersions()) libraries.push_back(std::move(v));

  std::cout << "docpipe " << DOCPIPE_VERSION << "\n";
  for (const LibraryVersion& library : libraries) {
    std::string name = library.name + ":";
    name.resize(15, ' ');
    std::string how;
    if (library.version.empty()) {
      how = Message(lang, Msg::kVersionNotBuilt);
    } else {
      how = library.version + " (" +
            Message(lang, library.runtime ? Msg::kVersionRuntime : Msg::kVersionCompileTime) + ")";
    }
    std::cout << "  " << name << how << "\n";
  }
  Result<RuleSet> rules = LoadRuleDirectory(rules_dir);
  if (rules.ok()) {
    std::cout << Message(lang, Msg::kVersionRules, {rules->version, rules_dir}) << "\n";
  } else {
    std::cout << Message(lang, Msg::kVersionRulesUnreadable, {rules_dir, RenderStatus(lang, rules.status())})
              << "\n";
  }
  std::cout << Message(lang, Msg::kVersionFormats,
                       {std::to_string(kNormalizerVersion), std::to_string(StoreSchemaVersion()),
                        std::to_string(kExportFormatVersion)})
            << "\n";
  std::cout << Message(lang, Msg::kVersionLicense) << "\n";
  return kExitOk;
}

}  // namespace docpipe
