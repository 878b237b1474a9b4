#!/bin/sh
# tests/fuzz/run_fuzzers.sh [SECONDS] [TARGET...]
#
# Builds the libFuzzer build (clang++, -fsanitize=fuzzer,address,undefined,
# folder build-fuzz/ or $DOCPIPE_FUZZ_BUILD) and runs every fuzz target (or
# the ones named) for SECONDS each (default 60), starting from its seed
# corpus and regression inputs. New interesting inputs go to a scratch corpus
# under the build folder; the seed corpus in git is never modified. Crash
# inputs are written to build-fuzz/crashes/<target>/; copy each one to
# tests/fuzz/regressions/<target>/ once it is fixed.
# Exit status: 0 when no target crashed, 1 otherwise, 2 if the build failed.
# Needs Debian's clang (clang-14) and libclang-rt-14-dev.
set -u
seconds=${1:-60}
[ $# -gt 0 ] && shift
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
build=${DOCPIPE_FUZZ_BUILD:-$root/build-fuzz}
jobs=${DOCPIPE_FUZZ_JOBS:-2}
targets="$*"
if [ -z "$targets" ]; then
  targets="normalizer numbers dates rule_parser rule_engine tables document_codec text_reader pdf_reader"
fi

mkdir -p "$build"
cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DCMAKE_C_COMPILER=clang -DCMAKE_CXX_COMPILER=clang++ \
  -DDOCPIPE_FUZZ=ON -DDOCPIPE_BUILD_TESTS=OFF -DDOCPIPE_WERROR=OFF >"$build/cmake.log" 2>&1 \
  || { cat "$build/cmake.log"; echo "run_fuzzers: cmake failed" >&2; exit 2; }
exes=""
for t in $targets; do exes="$exes ${t}_fuzzer"; done
# shellcheck disable=SC2086
make -C "$build" -j"$jobs" $exes >"$build/make.log" 2>&1 \
  || { tail -40 "$build/make.log"; echo "run_fuzzers: build failed" >&2; exit 2; }

status=0
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
for t in $targets; do
  work="$build/corpus/$t"
  crashes="$build/crashes/$t"
  mkdir -p "$work" "$crashes" "$here/regressions/$t"
  log="$build/fuzz-$t.log"
  echo "== $t: ${seconds}s"
  # -rss_limit_mb: a target growing past 2 GB is a bug too (inputs are <= 8 KB).
  "$build/tests/fuzz/${t}_fuzzer" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
      -max_len=8192 -print_final_stats=1 -artifact_prefix="$crashes/" \
      "$work" "$here/corpus/$t" "$here/regressions/$t" >"$log" 2>&1
  rc=$?
  runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$')
  cov=$(grep -o 'cov: [0-9]*' "$log" | tail -1)
  if [ $rc -ne 0 ]; then
    status=1
    echo "   CRASH (exit $rc), log $log, inputs in $crashes:"
    ls "$crashes"
    grep -m1 -A25 'ERROR: \|FUZZ_CHECK\|runtime error' "$log" | head -40
  else
    echo "   ok: ${runs:-?} runs, ${cov:-cov ?}"
  fi
done
exit $status
