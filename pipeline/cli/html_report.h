// pipeline/cli/html_report.h
//
// `docpipe report --html FILE` (and `check --html`): the cross-check's result
// as one self-contained HTML file for officials. Presentation, so it lives
// with the CLI's other text: labels in Vietnamese, flag sentences as the
// CLI renders them (messages.h RenderFlagTexts, applied by the check).
//
// Stage: cli. Never prints.

#pragma once

#include <ostream>

#include "pipeline/base/status.h"
#include "pipeline/crosscheck/crosscheck.h"

namespace docpipe {

// One self-contained HTML file (inline CSS, no scripts or fonts from a
// network): tasks by section and lead agency with status colours, flags with
// side-by-side evidence, and a deadline timeline. "corpus" is the one
// "result" was computed from. Returns kIoError if "out" fails.
Status WriteHtmlReport(const Corpus& corpus, const CrossCheckResult& result, std::ostream& out);

}  // namespace docpipe
