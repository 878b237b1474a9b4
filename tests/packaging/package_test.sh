#!/usr/bin/env bash
# Acceptance test of the Debian package (issue #16): cpack -G DEB builds
# docpipe_<version>_<arch>.deb with dpkg-shlibdeps' Depends plus the OCR data;
# dpkg -x unpacks it into a scratch root, and the unpacked docpipe, run from
# outside the checkout, finds its installed rules, prints its versions,
# ingests a sample PDF and prints `list --json` that parses as JSON.
source "$(dirname "$0")/common.sh"
require_tool cpack cmake
require_tool dpkg-deb dpkg
require_tool dpkg-shlibdeps dpkg-dev
python="$(debian_python)"

# 1. Build the package (cpack re-runs the install into its own staging folder).
cpack --config "$DOCPIPE_BUILD_DIR/CPackConfig.cmake" -G DEB -B "$SCRATCH/out" >"$SCRATCH/cpack.log" 2>&1 ||
  { cat "$SCRATCH/cpack.log" >&2; fail "cpack -G DEB"; }
# Whole outputs are captured first: "| head" or "| grep -q" could end a pipe
# early, and docpipe's SIGPIPE would then fail the test under pipefail.
version_text=$("$DOCPIPE_BIN" --version)
version=$(sed -n '1s/^docpipe //p' <<<"$version_text")
# The build tree's binary (a checkout) uses the checkout's own rules/.
grep -qF "($DOCPIPE_SOURCE_DIR/rules)" <<<"$(env -u DOCPIPE_RULES "$DOCPIPE_BIN" --version)" ||
  fail "the checkout's docpipe does not default to $DOCPIPE_SOURCE_DIR/rules"
arch=$(dpkg --print-architecture)
deb="$SCRATCH/out/docpipe_${version}_${arch}.deb"
[ -f "$deb" ] || { ls -l "$SCRATCH/out" >&2; fail "no $deb"; }

# 2. The control fields.
depends=$(dpkg-deb -f "$deb" Depends)
echo "Depends: $depends"
for needed in tesseract-ocr-vie 'libpoppler[0-9]' 'libicu[0-9]' 'libre2-[0-9]' 'libsqlite3-0' 'libc6'; do
  grep -Eq "(^|, )$needed" <<<"$depends" || fail "Depends lacks $needed (dpkg-shlibdeps): $depends"
done
[ "$(dpkg-deb -f "$deb" Package)" = docpipe ] || fail "Package is not docpipe"
[ "$(dpkg-deb -f "$deb" Version)" = "$version" ] || fail "Version is not $version"
description="$(dpkg-deb -f "$deb" Description)"
grep -q Vietnamese <<<"$description" || fail "no Description"

# 3. The files.
dpkg-deb -c "$deb" >"$SCRATCH/contents.txt"
for path in ./usr/bin/docpipe ./usr/share/docpipe/rules/identity.rules ./usr/share/docpipe/rules/agencies.tsv \
            ./usr/share/man/man1/docpipe.1.gz ./usr/share/man/vi/man1/docpipe.1.gz \
            ./usr/share/bash-completion/completions/docpipe ./usr/lib/systemd/system/docpipe-watch@.service \
            ./usr/lib/sysusers.d/docpipe.conf ./usr/share/doc/docpipe/copyright \
            ./usr/share/doc/docpipe/examples/docpipe-watch.conf; do
  grep -q " $path\$" "$SCRATCH/contents.txt" || fail "the package lacks $path"
done
if grep -Eq '\.sql$|/schema/' "$SCRATCH/contents.txt"; then fail "schema files are installed (they are embedded)"; fi
root="$SCRATCH/root"
dpkg -x "$deb" "$root"
grep -qx 'ExecStart=/usr/bin/docpipe watch .*' "$root/usr/lib/systemd/system/docpipe-watch@.service" ||
  fail "the unit's ExecStart does not name /usr/bin/docpipe"

# 4. Run the unpacked binary from outside the checkout, without DOCPIPE_RULES.
work="$SCRATCH/work"
mkdir -p "$work"
cp "$DOCPIPE_SOURCE_DIR/samples/001-quyet-dinh-1520.pdf" "$work/"
cd "$work" || fail "cd $work"
installed="$root/usr/bin/docpipe"
env -u DOCPIPE_RULES "$installed" --version >version.txt || fail "--version exited $?"
cat version.txt
head -1 version.txt | grep -qx "docpipe $version" || fail "first line of --version"
for library in Poppler ICU RE2 SQLite Tesseract; do
  grep -q "^  $library: *[0-9]" version.txt || fail "--version lacks the $library version"
done
grep -qF "$root/usr/share/docpipe/rules" version.txt || fail "--version does not use the installed rules"
version_en=$(env -u DOCPIPE_RULES "$installed" --lang en --version)
grep -q "^Normaliser: *version [0-9]" <<<"$version_en" || fail "--version lacks the normaliser version"

env -u DOCPIPE_RULES "$installed" ingest --db "$work/docpipe.db" 001-quyet-dinh-1520.pdf >ingest.txt 2>&1 ||
  { cat ingest.txt >&2; fail "ingest with the installed rules exited $?"; }
grep -q "1520/QĐ-UBND" ingest.txt || { cat ingest.txt >&2; fail "ingest did not find 1520/QĐ-UBND"; }
env -u DOCPIPE_RULES "$installed" list --db "$work/docpipe.db" --json >list.json || fail "list --json exited $?"
"$python" -c 'import json,sys; json.load(sys.stdin)' <list.json || fail "list --json is not JSON"
"$python" -c '
import json, sys
doc = json.load(open("list.json"))["documents"][0]
assert doc["number"] == "1520/QĐ-UBND", doc
assert doc["counts"]["tasks"] == 68, doc["counts"]
' || fail "list --json content"
# The installed binary was stripped but is complete: no library is missing.
libraries=$(ldd "$installed")
if grep -q "not found" <<<"$libraries"; then echo "$libraries" >&2; fail "unresolved libraries"; fi
echo "package $deb: OK"
