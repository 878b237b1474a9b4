#!/bin/sh
# bench/run.sh [--docs N] [--seed S] [--repeat R]
#
# The one benchmark command (issue 8): builds docpipe and docpipe_bench
# (RelWithDebInfo, folder build-bench/), generates the corpus
# bench/corpus/N<N>-s<S>/ if missing (bench/make_corpus.py; default 200
# documents, about 1 800 pages; the archive-scale run is --docs 2000), then
# measures pdftotext -layout, docpipe ingest/reextract with --jobs 1 and 2,
# peak memory at three corpus sizes (1/4, 1/2, all), database bytes per page and text-stage
# throughput, and writes bench/RESULTS.md (raw numbers in bench/out/).
# Needs: Debian's python3 with python3-reportlab and python3-fonttools,
# poppler-utils, sqlite3, and /usr/bin/time (Debian package "time").
set -eu
docs=200
seed=1
repeat=2
while [ $# -gt 0 ]; do
  case "$1" in
    --docs) docs=$2; shift 2 ;;
    --seed) seed=$2; shift 2 ;;
    --repeat) repeat=$2; shift 2 ;;
    *) echo "usage: bench/run.sh [--docs N] [--seed S] [--repeat R]" >&2; exit 2 ;;
  esac
done
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
build=${DOCPIPE_BENCH_BUILD:-$root/build-bench}
for tool in /usr/bin/time pdftotext sqlite3 /usr/bin/python3; do
  command -v "$tool" >/dev/null || { echo "bench/run.sh: $tool is missing" >&2; exit 2; }
done

echo "== building docpipe and docpipe_bench in $build"
cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DDOCPIPE_BUILD_TESTS=OFF \
  -DDOCPIPE_BUILD_BENCH=ON >/dev/null
make -C "$build" -j"$(nproc)" docpipe docpipe_bench >/dev/null

echo "== corpus: $docs documents, seed $seed"
/usr/bin/python3 "$here/make_corpus.py" --docs "$docs" --seed "$seed"

echo "== measuring"
exec /usr/bin/python3 "$here/run.py" --docs "$docs" --seed "$seed" --repeat "$repeat" --build "$build"
