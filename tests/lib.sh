# Assertions shared by the shell tests (sourced). Each prints "ok - NAME" or "not ok - NAME" with
# the details, TAP-like; finish_tests prints the counts and fails the script when any failed.

passed=0
failed=0
pass() { passed=$((passed + 1)); echo "ok - $1"; }
fail() { failed=$((failed + 1)); echo "not ok - $1"; shift; for line in "$@"; do echo "#   $line"; done; }

expect_eq() {  # NAME EXPECTED ACTUAL
  if [[ $2 == "$3" ]]; then pass "$1"; else fail "$1" "expected: $2" "actual:   $3"; fi
}
expect_contains() {  # NAME HAYSTACK NEEDLE
  if [[ $2 == *"$3"* ]]; then pass "$1"; else fail "$1" "missing: $3" "in: ${2:0:600}"; fi
}
expect_not_contains() {  # NAME HAYSTACK NEEDLE
  if [[ $2 != *"$3"* ]]; then pass "$1"; else fail "$1" "unexpected: $3" "in: ${2:0:600}"; fi
}
expect_ge() {  # NAME MINIMUM ACTUAL
  if [[ $3 -ge $2 ]]; then pass "$1"; else fail "$1" "expected at least $2, got $3"; fi
}
expect_exit() {  # NAME EXPECTED_CODE ACTUAL_CODE (shows $tmp/err when it exists)
  if [[ $3 -eq $2 ]]; then pass "$1"; else fail "$1" "exit code $3, expected $2" "stderr: $(head -c 400 "${tmp:-/nonexistent}/err" 2>/dev/null)"; fi
}
expect_no_crash() {  # NAME ACTUAL_CODE: a signal or timeout shows as 124 or >= 128
  if [[ $2 -lt 124 ]]; then pass "$1"; else fail "$1" "exit code $2 (crash or timeout)"; fi
}
expect_file() {  # NAME PATH
  if [[ -f $2 ]]; then pass "$1"; else fail "$1" "no file $2"; fi
}

finish_tests() {  # [PREFIX]
  echo "${1:+$1: }$passed passed, $failed failed"
  [[ $failed -eq 0 ]]
}

# For the scripts run as SCRIPT path/to/winnow path/to/site_server: checks both and sets winnow
# and site_server to absolute paths, or prints the usage and exits 2.
take_winnow_and_site_server() {
  if [[ $# -ne 2 || ! -x $1 || ! -x $2 ]]; then
    echo "usage: $0 path/to/winnow path/to/site_server" >&2
    exit 2
  fi
  winnow=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
  site_server=$(cd "$(dirname "$2")" && pwd)/$(basename "$2")
}

# start_server NAME ARGS...: starts $site_server with ARGS in the background (its pid added to the
# array `servers`, for the caller's cleanup), waits for the origins it prints, and sets origin_NAME
# (the first), origins_NAME (an array of all) and the log $tmp/NAME.log.
start_server() {
  local name=$1
  shift
  "$site_server" "$@" --log "$tmp/$name.log" >"$tmp/$name.origins" 2>"$tmp/$name.server-err" &
  servers+=($!)
  for _ in $(seq 1 100); do [[ -s $tmp/$name.origins ]] && break; sleep 0.1; done
  printf -v "origin_$name" '%s' "$(head -n 1 "$tmp/$name.origins")"
  mapfile -t "origins_$name" <"$tmp/$name.origins"
}
