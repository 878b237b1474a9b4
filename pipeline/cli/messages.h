// pipeline/cli/messages.h
//
// Every user-facing string, Vietnamese and English side by side, keyed by
// message id, so diacritics can be reviewed in one place — the cross-check's
// flag sentences included (the cross-check returns typed flags). Placeholders "$1".."$9"
// are filled with Substitute() (base/strings.h). Library code never prints;
// the CLI renders Status values and job events through this table.

#pragma once

#include <initializer_list>
#include <string>
#include <string_view>

#include "pipeline/base/status.h"
#include "pipeline/model/flags.h"

namespace docpipe {

enum class Lang { kVi, kEn };

enum class Msg {
  kUsage,
  kHelpIngest,
  kHelpList,
  kHelpShow,
  kHelpSearch,
  kHelpExport,
  kHelpReextract,
  kHelpWatch,
  kHelpCheck,
  kHelpReport,
  kHelpVerify,
  kUnknownCommand,
  kUnknownOption,
  kMissingValue,
  kBadValue,
  kMissingArgument,
  kError,
  kWarning,
  kIngestStored,
  kIngestDuplicate,
  kIngestFailed,
  kIngestSummary,
  kNoInputFiles,
  kListHeader,
  kListEmpty,
  kListFailures,
  kDocNotFound,
  kSearchNoHits,
  kVersionRuntime,
  kVersionCompileTime,
  kVersionNotBuilt,
  kVersionRules,
  kVersionRulesUnreadable,
  kVersionFormats,
  kVersionLicense,
  kExportNeedsOutput,
  kReextractNothing,
  kReextractDone,
  kProgress,
  kWatchStarted,
  kWatchStopped,
  kWatchArchived,
  kWatchQuarantined,
  kWatchSkippedSymlink,
  kWatchSkippedNotRegular,
  kWatchSkippedNotDocument,
  kWatchWaiting,
  kWatchRetry,
  kWatchKept,
  kWatchMoveFailed,
  kWatchVanished,
  kVerifyOk,
  kVerifyProblem,
  kCheckSummary,
  kReportWritten,
  kTaskTableHeader,
  kTaskTableColumns,
  kTaskCompletedOnTime,
  kTaskCompletedLate,
  kTaskCompleted,
  kTaskNotCompletedWithinTerm,
  kTaskNotCompletedOverdue,
  kTaskNotCompleted,
  kTaskNoInformation,
  kTaskTargetMet,
  kTaskTargetExceeded,
  kTaskTargetNotMet,
  kTaskDaysLeft,
  kTaskDaysOverdue,
  kTaskNoDueDate,
  kTaskEvidence,
  kTaskFollowUpHeader,
  kTaskStatusSummary,
  kCodeInvalidArgument,
  kCodeNotFound,
  kCodeIoError,
  kCodeBadInput,
  kCodeUnsupported,
  kCodeRuleError,
  kCodeStoreError,
  kCodeLimitExceeded,
  kCodeInternal,
};

// The message in "lang" with placeholders filled.
std::string Message(Lang lang, Msg id, std::initializer_list<std::string_view> args = {});

// The sentence of a cross-check flag (model/flags.h FlagMessage) in "lang",
// with the flag's arguments filled; "" for FlagMessage::kNone.
std::string FlagText(Lang lang, const Flag& flag);
// Sets flag->message_vi and flag->message_en from its message and arguments:
// what the check job stores and the exports and the HTML report show.
void RenderFlagTexts(Flag* flag);

// A Status for users: "<translated code>: <detail>" with file/line/page where
// known. Third-party detail stays untranslated, in parentheses.
std::string RenderStatus(Lang lang, const Status& status);

}  // namespace docpipe
