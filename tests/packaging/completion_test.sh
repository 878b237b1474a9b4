#!/usr/bin/env bash
# The bash completion parses, and offers every command of `docpipe --help` and
# every option of each `docpipe <command> --help`.
source "$(dirname "$0")/common.sh"
completion="$DOCPIPE_SOURCE_DIR/packaging/bash-completion/docpipe"
bash -n "$completion" || fail "bash -n $completion"

commands=$("$DOCPIPE_BIN" --lang en --help | sed -n '/^Commands:$/,/^$/p' | awk 'NR > 1 && NF { print $1 }')
[ -n "$commands" ] || fail "no commands in docpipe --help"
offered=$(sed -n 's/^ *local commands="\(.*\)"$/\1/p' "$completion")
for command in $commands; do
  grep -qw -- "$command" <<<"$offered" || fail "completion does not offer the command '$command'"
  # The command's options: every --word on its usage line.
  help=$("$DOCPIPE_BIN" --lang en "$command" --help)
  for option in $(sed -n 1p <<<"$help" | grep -o -- '--[a-z-]*' | sort -u); do
    line=$(grep -E "^ *$command\) options=" "$completion" || true)
    case "$option" in --db | --rules | --lang | --help | --version) continue ;; esac  # common ones
    grep -q -- "$option" <<<"$line" || fail "completion of '$command' lacks $option"
  done
done

# Drive the function as bash would, where bash-completion is installed.
if [ -f /usr/share/bash-completion/bash_completion ]; then
  out=$(bash -c '
    source /usr/share/bash-completion/bash_completion
    source "$1"
    COMP_WORDS=(docpipe export --format ""); COMP_CWORD=3; COMP_LINE="docpipe export --format "; COMP_POINT=${#COMP_LINE}
    _docpipe docpipe "" --format
    echo "${COMPREPLY[*]}"' _ "$completion")
  [ "$out" = "json csv xlsx" ] || fail "completion after --format gave '$out'"
fi
echo "completion offers every command and option"
