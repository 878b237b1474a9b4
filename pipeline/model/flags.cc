#include "pipeline/model/flags.h"

namespace docpipe {

const char* FlagKindKey(FlagKind kind) {
  switch (kind) {
    case FlagKind::kFigureMismatch: return "figure_mismatch";
    case FlagKind::kCountVsList: return "count_vs_list";
    case FlagKind::kPlanClaim: return "plan_claim";
    case FlagKind::kCumulativeDecrease: return "cumulative_decrease";
    case FlagKind::kListVsCount: return "list_vs_count";
    case FlagKind::kDeadline: return "deadline";
    case FlagKind::kQualityRepeat: return "quality_repeat";
    case FlagKind::kQualityPlaceholder: return "quality_placeholder";
    case FlagKind::kQualitySectionNumber: return "quality_section_number";
    case FlagKind::kUpdate: return "update";
    case FlagKind::kDuplicateCopy: return "duplicate_copy";
  }
  return "";
}

std::optional<FlagKind> ParseFlagKind(std::string_view key) {
  for (FlagKind kind : kAllFlagKinds) {
    if (key == FlagKindKey(kind)) return kind;
  }
  return std::nullopt;
}

}  // namespace docpipe
