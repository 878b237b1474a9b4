#!/usr/bin/env bash
# Installs the Debian packages docpipe needs (only those missing), then
# configures and builds one build folder. Sourced by scripts/demo and
# scripts/test; safe to run again (idempotent). Works as root or through sudo.
#
#   scripts/setup.sh [release|sanitize]     (default: release)
set -euo pipefail

DOCPIPE_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

# Build and run-time dependencies, all from Debian 12's archive.
DOCPIPE_PACKAGES=(
  build-essential cmake pkg-config        # toolchain
  poppler-utils                           # pdftotext and pdfinfo: the benchmark and test oracles
  libpoppler-private-dev                  # Poppler's core API: words, ruling lines, images
  libtesseract-dev libleptonica-dev       # OCR through the Tesseract API
  nlohmann-json3-dev libxlsxwriter-dev    # JSON parsing; Excel export
  libicu-dev libre2-dev libsqlite3-dev    # normalisation, rules, store
  libgoogle-perftools-dev                 # tcmalloc, the docpipe program's allocator
  catch2                                  # tests (v2)
  tesseract-ocr tesseract-ocr-vie tesseract-ocr-eng  # OCR of scanned pages; eng: digits-only re-reads of header fields
  qpdf                                    # hostile test inputs, PDF repair checks
  chromium                                # renders the HTML report in a test
  python3 python3-jsonschema              # validates the JSON export against schema/
  python3-openpyxl                        # opens the Excel export in a test
  help2man man-db dpkg-dev file           # man page, Debian package build and checks
  systemd bash-completion                 # systemd-analyze verify of the watch unit; completion test
)

docpipe_install_packages() {
  local missing=()
  local pkg
  for pkg in "$@"; do
    if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed"; then
      missing+=("$pkg")
    fi
  done
  if [ ${#missing[@]} -eq 0 ]; then
    return 0
  fi
  echo "docpipe: installing Debian packages: ${missing[*]}" >&2
  local sudo=()
  if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1; then
      sudo=(sudo)
    else
      echo "docpipe: need root or sudo to install: ${missing[*]}" >&2
      return 2
    fi
  fi
  export DEBIAN_FRONTEND=noninteractive
  # The package lists may be missing on a fresh machine; update once, and again on failure.
  if ! "${sudo[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}" >/tmp/docpipe-apt.log 2>&1; then
    "${sudo[@]}" apt-get update -q >>/tmp/docpipe-apt.log 2>&1
    "${sudo[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}" >>/tmp/docpipe-apt.log 2>&1 || {
      tail -20 /tmp/docpipe-apt.log >&2
      return 2
    }
  fi
}

# docpipe_build DIR [cmake options...]: configures (once) and builds DIR.
docpipe_build() {
  local dir="$1"
  shift
  local jobs
  jobs="$(nproc 2>/dev/null || echo 2)"
  cmake -S "$DOCPIPE_ROOT" -B "$dir" "$@" >/dev/null
  cmake --build "$dir" -j "$jobs"
}

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
  mode="${1:-release}"
  docpipe_install_packages "${DOCPIPE_PACKAGES[@]}"
  case "$mode" in
    release) docpipe_build "$DOCPIPE_ROOT/build" -DCMAKE_BUILD_TYPE=RelWithDebInfo ;;
    sanitize) docpipe_build "$DOCPIPE_ROOT/build-asan" -DCMAKE_BUILD_TYPE=Debug -DDOCPIPE_SANITIZE=ON ;;
    *) echo "usage: scripts/setup.sh [release|sanitize]" >&2; exit 2 ;;
  esac
fi
