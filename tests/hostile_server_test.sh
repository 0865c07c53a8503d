#!/usr/bin/env bash
# `winnow` against a server on 127.0.0.1 that lies and injects: raw control characters in a
# Location and a content type (which must reach the terminal escaped, never raw), a PDF that
# `clean URL` must refuse as `fetch` does, and header values we must refuse to send.
# Usage: tests/hostile_server_test.sh path/to/winnow
set -u

if [[ $# -ne 1 || ! -x $1 ]]; then
  echo "usage: $0 path/to/winnow" >&2
  exit 2
fi
winnow=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")

tmp=$(mktemp -d)
server_pid=""
cleanup() {
  if [[ -n $server_pid ]]; then kill "$server_pid" 2>/dev/null; wait "$server_pid" 2>/dev/null; fi
  rm -rf "$tmp"
}
trap cleanup EXIT

source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

run() {
  timeout 60 "$winnow" "$@" >"$tmp/out" 2>"$tmp/err"
  rc=$?
  err=$(cat "$tmp/err")
}
# Whether $tmp/err holds a raw control byte other than the newlines that end its lines.
raw_controls_in_err() {
  python3 -c 'import sys; d=open(sys.argv[1],"rb").read(); sys.exit(0 if any(b < 32 and b != 10 or b == 127 for b in d) else 1)' "$tmp/err"
}

# Replies written byte for byte, as no well-behaved server library would (http.server's
# send_header checks nothing, but this writes the head itself to be sure).
cat >"$tmp/server.py" <<'PY'
import http.server, socketserver, sys

ESCAPES = b"\x1b[2J\x1b]0;owned\x07\rwinnow: forged line"
REPLIES = {
    "/evil-location": b"HTTP/1.0 302 Found\r\nLocation: gopher://example.com/" + ESCAPES + b"\r\n\r\n",
    "/evil-type": b"HTTP/1.0 200 OK\r\nContent-Type: text/x-" + ESCAPES + b"\r\n\r\n<p>x</p>",
    "/report.pdf": b"HTTP/1.0 200 OK\r\nContent-Type: application/pdf\r\n\r\n%PDF-1.4\n<p>not a page</p>\n",
    "/page": b"HTTP/1.0 200 OK\r\nContent-Type: text/html\r\n\r\n<html><body><p>A page of text.</p></body></html>",
}

class Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        path = self.path.split("?")[0]
        if path == "/agent":
            agent = self.headers.get("User-Agent", "").encode("latin-1")
            self.wfile.write(b"HTTP/1.0 200 OK\r\nContent-Type: text/html\r\n\r\n<p>" + agent + b"</p>")
            return
        self.wfile.write(REPLIES.get(path, b"HTTP/1.0 404 Not Found\r\n\r\n"))
    def log_message(self, *args):
        pass

server = socketserver.TCPServer(("127.0.0.1", 0), Handler)
print(server.server_address[1], flush=True)
server.serve_forever()
PY
python3 "$tmp/server.py" >"$tmp/port" &
server_pid=$!
for _ in $(seq 1 100); do
  [[ -s $tmp/port ]] && break
  sleep 0.1
done
base="http://127.0.0.1:$(cat "$tmp/port")"

# --- server bytes reach stderr escaped ---------------------------------------------------------
# -q: the error line alone on stderr (without the summary), so that a forged line would show.
run -q fetch --allow-private --no-robots "$base/evil-location"
expect_exit "fetch, Location with ESC/BEL/CR: exit 1" 1 "$rc"
if raw_controls_in_err; then fail "fetch, Location with ESC/BEL/CR: no raw control bytes on stderr" "$(od -c "$tmp/err" | head -5)"
else pass "fetch, Location with ESC/BEL/CR: no raw control bytes on stderr"; fi
expect_contains "fetch, Location with ESC/BEL/CR: shown escaped" "$err" '\x1b[2J\x1b]0;owned\x07\rwinnow: forged line'
expect_eq "fetch, Location with ESC/BEL/CR: one line of stderr" 1 "$(wc -l <"$tmp/err")"

run fetch --allow-private --no-robots "$base/evil-type"
expect_exit "fetch, content type with escapes: exit 1" 1 "$rc"
if raw_controls_in_err; then fail "fetch, content type with escapes: no raw control bytes on stderr" "$(od -c "$tmp/err" | head -5)"
else pass "fetch, content type with escapes: no raw control bytes on stderr"; fi
expect_contains "fetch, content type with escapes: skipped, said once, escaped" "$err" \
  ': skipped: not HTML (text/x-\x1b[2j\x1b]0)'

# --- clean URL takes what fetch takes ---------------------------------------------------------
run clean --allow-private "$base/report.pdf"
expect_exit "clean URL, application/pdf: exit 1" 1 "$rc"
expect_contains "clean URL, application/pdf: refused as not HTML" "$err" "$base/report.pdf: not HTML (application/pdf)"
expect_eq "clean URL, application/pdf: nothing on stdout" "" "$(cat "$tmp/out")"
run clean --allow-private "$base/page" "$base/report.pdf"
expect_exit "clean URLs, a page and a PDF: exit 1 (one failed)" 1 "$rc"
expect_contains "clean URLs, a page and a PDF: the page is cleaned" "$(cat "$tmp/out")" "A page of text."
run clean --allow-private "$base/evil-type"
if raw_controls_in_err; then fail "clean URL, content type with escapes: no raw control bytes on stderr" "$(od -c "$tmp/err" | head -5)"
else pass "clean URL, content type with escapes: no raw control bytes on stderr"; fi

# --- header values we send --------------------------------------------------------------------
run fetch --allow-private --no-robots --user-agent $'bot\r\nHost: evil.example' "$base/agent"
expect_exit "fetch --user-agent with CR/LF: usage error" 2 "$rc"
expect_contains "fetch --user-agent with CR/LF: names the option" "$err" "--user-agent"
expect_contains "fetch --user-agent with CR/LF: says why" "$err" 'control character (\r)'
run fetch --allow-private --no-robots --user-agent $'bot\tbeta/1.0' --out "$tmp/pages" "$base/agent"
expect_exit "fetch --user-agent with a TAB: fine" 0 "$rc"

cat >"$tmp/crawl.toml" <<'TOML'
seeds = ["https://example.com/"]
store = "sqlite:crawl.db"
user_agent = "bot\r\nHost: evil.example"
TOML
run crawl --dry-run "$tmp/crawl.toml"
expect_exit "crawl, user_agent with CR/LF: config error" 2 "$rc"
expect_contains "crawl, user_agent with CR/LF: names the line" "$err" "crawl.toml:3:"
expect_contains "crawl, user_agent with CR/LF: names the key" "$err" "user_agent contains a control character"

finish_tests "hostile server"
