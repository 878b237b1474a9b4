#!/usr/bin/env bash
# docpipe(1) renders with man -l without a single groff or man warning, in
# English and in Vietnamese, and documents every command of the command table.
source "$(dirname "$0")/common.sh"
require_tool man man-db
require_tool help2man help2man

for lang in en vi; do
  page="$DOCPIPE_BUILD_DIR/packaging/man/$lang/docpipe.1.gz"
  [ -f "$page" ] || fail "$page was not built (target docpipe_man)"
  # --warnings turns on groff's warnings; man prints them on stderr. The page
  # is UTF-8 (Vietnamese examples even in English): rendered in a UTF-8 locale.
  LC_ALL=C.UTF-8 MANWIDTH=80 man --warnings -E UTF-8 -l "$page" >"$SCRATCH/$lang.txt" 2>"$SCRATCH/$lang.err" ||
    fail "man -l $page exited $?"
  if [ -s "$SCRATCH/$lang.err" ]; then
    cat "$SCRATCH/$lang.err" >&2
    fail "man -l $page printed warnings"
  fi
  for command in $("$DOCPIPE_BIN" --lang "$lang" --help | sed -n '/^\(Commands\|Các lệnh\):$/,/^$/p' | awk 'NR > 1 && NF { print $1 }'); do
    grep -q "docpipe $command" "$SCRATCH/$lang.txt" || fail "$lang page lacks 'docpipe $command'"
  done
done
# whatis/apropos (mandb) can read the NAME line of both pages.
whatis_en=$(lexgrog "$DOCPIPE_BUILD_DIR/packaging/man/en/docpipe.1.gz")
grep -q '"docpipe - read Vietnamese' <<<"$whatis_en" || fail "lexgrog cannot read the English NAME line"
whatis_vi=$(lexgrog "$DOCPIPE_BUILD_DIR/packaging/man/vi/docpipe.1.gz")
grep -q '"docpipe - đọc văn bản' <<<"$whatis_vi" || fail "lexgrog cannot read the Vietnamese NAME line"
grep -q "^NAME" "$SCRATCH/en.txt" || fail "English page has no NAME section"
grep -q "^TÊN" "$SCRATCH/vi.txt" || fail "Vietnamese page has no TÊN section"
grep -q "Exit status" "$SCRATCH/en.txt" || fail "English page lacks the exit statuses"
grep -q "Mã thoát" "$SCRATCH/vi.txt" || fail "Vietnamese page lacks the exit statuses"
grep -q "DOCPIPE_RULES" "$SCRATCH/en.txt" || fail "English page lacks ENVIRONMENT"
echo "man pages render cleanly (en, vi)"
