#!/usr/bin/env bash
# A store that fills up or is read-only: clear errors, exit 4, whole batches kept, nothing
# corrupt, and the next run carries on once there is room.
# The full disk is a small tmpfs when this runs as root and may mount one, else a file size
# limit (ulimit -f: writes past it fail with EFBIG, as on a full disk). The read-only store is a
# read-only mount, or a folder without write permission for other users.
# Usage: tests/store_faults_test.sh path/to/winnow
set -u

if [[ $# -ne 1 || ! -x $1 ]]; then
  echo "usage: $0 path/to/winnow" >&2
  exit 2
fi
winnow=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")

tmp=$(mktemp -d /tmp/winnow-faults-XXXXXX)
mounts=()
cleanup() {
  for m in "${mounts[@]}"; do umount "$m" 2>/dev/null; done
  chmod -R u+w "$tmp" 2>/dev/null
  rm -rf "$tmp"
}
trap cleanup EXIT

source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

run() {  # [ulimit -f KB] then winnow arguments; sets rc, out, err
  local limit=unlimited
  if [[ $1 == --fsize ]]; then limit=$2; shift 2; fi
  (ulimit -f "$limit" && exec timeout 300 "$winnow" "$@") >"$tmp/out" 2>"$tmp/err"
  rc=$?
  out=$(cat "$tmp/out")
  err=$(cat "$tmp/err")
}
sql() { python3 -c 'import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); print(c.execute(sys.argv[2]).fetchone()[0])' "$@"; }
whole_json_lines() {
  python3 -c 'import json,sys; [json.loads(l) for l in open(sys.argv[1])]; print("whole")' "$1" 2>/dev/null || echo "broken"
}

# 3 000 pages of distinct text, about 2 KB each.
python3 - "$tmp/pages" <<'PY'
import os, random, sys
os.makedirs(sys.argv[1])
random.seed(7)
words = ["harbour", "council", "ferry", "budget", "winter", "station", "market", "bridge", "school", "river",
         "library", "mayor", "festival", "railway", "garden", "museum", "tower", "square", "clinic", "road"]
for i in range(3000):
    paras = "".join("<p>" + " ".join(random.choice(words) + str(random.randrange(1000)) for _ in range(60)) + ".</p>"
                    for _ in range(5))
    with open(os.path.join(sys.argv[1], f"p{i:04d}.html"), "w") as f:
        f.write(f"<html><head><title>Story {i}</title></head><body><article><h1>Story {i}</h1>{paras}</article></body></html>")
PY
pages=("$tmp"/pages/*.html)

# --- a full disk --------------------------------------------------------------------------------
full="$tmp/full"
mkdir -p "$full"
fsize=()
if mount -t tmpfs -o size=8m tmpfs "$full" 2>/dev/null; then
  mounts+=("$full")
  echo "# full disk: an 8 MB tmpfs"
else
  fsize=(--fsize 8192)
  echo "# full disk: ulimit -f 8192 (no tmpfs mount allowed here)"
fi
run "${fsize[@]}" clean -j 2 --store "sqlite:$full/w.db" "${pages[@]}"
expect_eq "sqlite on a full disk: exit 4" 4 "$rc"
expect_contains "sqlite on a full disk: says the disk is full" "$err" "full"
expect_contains "sqlite on a full disk: says what was kept" "$err" "committed before the failure are kept"
expect_eq "sqlite on a full disk: one error, not one per page" 2 "$(grep -c 'winnow:' "$tmp/err")"
expect_eq "sqlite on a full disk: the database is sound" ok "$(sql "$full/w.db" 'PRAGMA integrity_check')"
rows=$(sql "$full/w.db" 'SELECT count(*) FROM pages')
if [[ $rows -ge 500 && $((rows % 500)) -eq 0 && $rows -lt 3000 ]]; then
  pass "sqlite on a full disk: whole batches kept ($rows rows)"
else
  fail "sqlite on a full disk: whole batches kept" "rows: $rows"
fi
expect_eq "sqlite on a full disk: search index matches the table" ok \
  "$(sql "$full/w.db" "SELECT CASE WHEN (SELECT count(*) FROM pages_fts) = (SELECT count(*) FROM pages) THEN 'ok' ELSE 'off' END")"

run "${fsize[@]}" clean --store "jsonl:$full/out.jsonl" "${pages[@]}"
expect_eq "jsonl on a full disk: exit 4" 4 "$rc"
expect_eq "jsonl on a full disk: only whole lines in the file" whole "$(whole_json_lines "$full/out.jsonl")"
run clean --store "jsonl:/dev/full" "${pages[0]}"
expect_eq "jsonl:/dev/full: exit 4" 4 "$rc"
expect_contains "jsonl:/dev/full: the reason" "$err" "No space left"

# Room again: the next run stores the rest.
rm -f "$full/out.jsonl"
if [[ ${#mounts[@]} -gt 0 ]]; then mount -o remount,size=64m "$full"; fi
run clean -j 2 --store "sqlite:$full/w.db" "${pages[@]}"
expect_eq "with room again: exit 0" 0 "$rc"
expect_eq "with room again: every page stored once" 3000 "$(sql "$full/w.db" 'SELECT count(*) FROM pages')"
expect_contains "with room again: the earlier pages unchanged" "$err" "$rows unchanged"
expect_eq "with room again: sound" ok "$(sql "$full/w.db" 'PRAGMA integrity_check')"

# --- a read-only store --------------------------------------------------------------------------
ro="$tmp/ro"
mkdir -p "$ro"
run clean --store "sqlite:$ro/w.db" "${pages[0]}"
expect_eq "a database to be made read-only: exit 0" 0 "$rc"
if mount -t tmpfs -o size=4m tmpfs "$tmp/ro-mount" 2>/dev/null || { mkdir -p "$tmp/ro-mount" && mount -t tmpfs -o size=4m tmpfs "$tmp/ro-mount" 2>/dev/null; }; then
  mounts+=("$tmp/ro-mount")
  cp "$ro/w.db" "$tmp/ro-mount/w.db"
  mount -o remount,ro "$tmp/ro-mount"
  ro="$tmp/ro-mount"
  echo "# read-only: a read-only tmpfs"
else
  chmod 555 "$ro"
  chmod 444 "$ro/w.db"
  echo "# read-only: folder and file without write permission"
fi
run clean --store "sqlite:$ro/w.db" "${pages[1]}"
expect_eq "sqlite, read-only: exit 4" 4 "$rc"
expect_contains "sqlite, read-only: says read-only" "$err" "read-only"
expect_eq "sqlite, read-only: the database as it was" 1 "$(sql "file:$ro/w.db?immutable=1" 'SELECT count(*) FROM pages' 2>/dev/null || python3 -c 'import sqlite3,sys; print(sqlite3.connect("file:"+sys.argv[1]+"?immutable=1", uri=True).execute("SELECT count(*) FROM pages").fetchone()[0])' "$ro/w.db")"
run clean --store "sqlite:$ro/new.db" "${pages[1]}"
expect_eq "sqlite, new database in a read-only folder: exit 4" 4 "$rc"
expect_contains "sqlite, new database: names the path" "$err" "$ro/new.db"
run clean --store "jsonl:$ro/out.jsonl" "${pages[1]}"
expect_eq "jsonl in a read-only folder: exit 4" 4 "$rc"
run clean --store "dir:$ro/pages" "${pages[1]}"
expect_eq "dir in a read-only folder: exit 4" 4 "$rc"

finish_tests
