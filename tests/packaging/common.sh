# Sourced by the tests in tests/packaging/. CTest sets DOCPIPE_BIN,
# DOCPIPE_SOURCE_DIR and DOCPIPE_BUILD_DIR; exit 77 means "skipped".

set -euo pipefail

: "${DOCPIPE_BIN:?set by CTest}" "${DOCPIPE_SOURCE_DIR:?set by CTest}" "${DOCPIPE_BUILD_DIR:?set by CTest}"

fail() {
  echo "FAIL: $*" >&2
  exit 1
}

# require_tool TOOL PACKAGE: skip (77) when TOOL is missing, unless CI=true
# and PACKAGE is in scripts/setup.sh's DOCPIPE_PACKAGES: then CI has promised
# it, and its absence is a failure.
require_tool() {
  local tool="$1" package="$2"
  if command -v "$tool" >/dev/null 2>&1 || [ -x "$tool" ]; then
    return 0
  fi
  if [ "${CI:-}" = "true" ] &&
      sed -n '/^DOCPIPE_PACKAGES=(/,/^)/p' "$DOCPIPE_SOURCE_DIR/scripts/setup.sh" |
      sed 's/#.*//' | tr -s ' \t' '\n' | grep -qx "$package"; then
    fail "$tool is missing, but $package is in scripts/setup.sh's DOCPIPE_PACKAGES"
  fi
  echo "SKIP: $tool not found (Debian package $package)" >&2
  exit 77
}

# Debian's python3 (python3-openpyxl, python3-jsonschema live there), not a
# python3 earlier in PATH (pyenv, a virtualenv).
debian_python() {
  if [ -x /usr/bin/python3 ]; then echo /usr/bin/python3; else command -v python3; fi
}

# A scratch folder removed on exit.
SCRATCH="$(mktemp -d "${TMPDIR:-/tmp}/docpipe-pkgtest.XXXXXX")"
trap 'rm -rf "$SCRATCH"' EXIT
