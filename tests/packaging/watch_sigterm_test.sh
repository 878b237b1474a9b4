#!/usr/bin/env bash
# `docpipe watch` stops cleanly on SIGTERM (what `systemctl stop` sends):
# exit status 0, the "stopped" line, and the database intact. Both while idle
# and while a batch is being ingested (it finishes the batch first).
source "$(dirname "$0")/common.sh"
python="$(debian_python)"

inbox="$SCRATCH/inbox"
mkdir -p "$inbox"
db="$SCRATCH/watch.db"

wait_for() {  # wait_for FILE TEXT SECONDS
  local n
  for ((n = 0; n < $3 * 10; n++)); do
    grep -q "$2" "$1" 2>/dev/null && return 0
    sleep 0.1
  done
  return 1
}

# Idle.
"$DOCPIPE_BIN" watch --lang en --no-ocr --db "$db" "$inbox" 2>"$SCRATCH/idle.log" &
pid=$!
wait_for "$SCRATCH/idle.log" "Watching" 30 || { kill -9 $pid; cat "$SCRATCH/idle.log" >&2; fail "watch did not start"; }
start=$(date +%s)
kill -TERM $pid
set +e
wait $pid
rc=$?
set -e
cat "$SCRATCH/idle.log"
[ $rc -eq 0 ] || fail "idle watch exited $rc on SIGTERM"
[ $(($(date +%s) - start)) -le 5 ] || fail "idle watch took more than 5 s to stop"
grep -q "Stopped watching" "$SCRATCH/idle.log" || fail "no 'Stopped watching' line"

# Busy: SIGTERM while the sample plan is being ingested.
"$DOCPIPE_BIN" watch --lang en --no-ocr --db "$db" "$inbox" 2>"$SCRATCH/busy.log" &
pid=$!
wait_for "$SCRATCH/busy.log" "Watching" 30 || { kill -9 $pid; fail "watch did not start"; }
cp "$DOCPIPE_SOURCE_DIR/samples/001-quyet-dinh-1520.pdf" "$inbox/.tmp.pdf"
mv "$inbox/.tmp.pdf" "$inbox/plan.pdf"
sleep 1.5  # the file has settled and its batch started
kill -TERM $pid
set +e
wait $pid
rc=$?
set -e
cat "$SCRATCH/busy.log"
[ $rc -eq 0 ] || fail "busy watch exited $rc on SIGTERM"
grep -q "Stopped watching" "$SCRATCH/busy.log" || fail "no 'Stopped watching' line"
"$python" - "$db" <<'PY' || fail "the database after SIGTERM"
import sqlite3, sys
con = sqlite3.connect(sys.argv[1])
assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
docs = con.execute("SELECT count(*) FROM documents").fetchone()[0]
fails = con.execute("SELECT count(*) FROM failures").fetchone()[0]
print("documents:", docs, "failures:", fails)
assert fails == 0, "a file was recorded as failed because the service stopped"
PY
echo "watch stops cleanly on SIGTERM"
