#!/usr/bin/env bash
# Reads winnow's WARC output with an independent implementation, the npm package warcio (pinned),
# so that our reader and writer cannot agree on a mistake: record count and types, target URIs,
# HTTP status and headers, payload bytes, request/response links, SHA-1 digests, and that each
# record is a gzip member of its own (what CDX indexes and random access rely on).
# Usage: tests/warc_interop_test.sh path/to/warc_sample_writer
# Needs node (18 or later) and npm, and the npm registry for the one install.
set -u

readonly warcio_version=2.4.11

if [[ $# -ne 1 || ! -x $1 ]]; then
  echo "usage: $0 path/to/warc_sample_writer" >&2
  exit 2
fi
writer=$1
for tool in node npm; do
  if ! command -v "$tool" >/dev/null; then
    echo "warc_interop_test: '$tool' not found: install Debian's nodejs and npm packages" >&2
    exit 1
  fi
done

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# Two runs into one file: the second appends, so the warcinfo record must appear once.
warc=$tmp/crawl.warc.gz
for run in 1 2; do
  if ! "$writer" "$warc" >>"$tmp/expected.jsonl"; then
    echo "not ok - warc_sample_writer failed (run $run)"
    exit 1
  fi
done

mkdir "$tmp/node"
if ! (cd "$tmp/node" && npm init -y >/dev/null 2>&1 &&
      npm install --no-audit --no-fund --save-exact "warcio@$warcio_version" >"$tmp/npm.log" 2>&1); then
  echo "not ok - npm install warcio@$warcio_version"
  sed 's/^/#   /' "$tmp/npm.log" | tail -20
  exit 1
fi
echo "# warcio $warcio_version, node $(node --version)"

cat >"$tmp/node/check.mjs" <<'EOF'
import crypto from "node:crypto";
import fs from "node:fs";
import zlib from "node:zlib";
import { WARCParser } from "warcio";

const [warcPath, expectedPath] = process.argv.slice(2);
const expected = fs.readFileSync(expectedPath, "utf8").trim().split("\n").map((l) => JSON.parse(l));
const fileBytes = fs.readFileSync(warcPath);

let passed = 0;
let failed = 0;
function check(name, ok, detail = "") {
  if (ok) {
    passed++;
    console.log(`ok - ${name}`);
  } else {
    failed++;
    console.log(`not ok - ${name}${detail ? `\n#   ${detail}` : ""}`);
  }
}

// RFC 4648 base32, as WARC tools print SHA-1 digests.
function sha1Base32(bytes) {
  const digest = crypto.createHash("sha1").update(bytes).digest();
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
  let bits = 0, value = 0, out = "";
  for (const byte of digest) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += alphabet[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += alphabet[(value << (5 - bits)) & 31];
  return "sha1:" + out;
}

// Pass 1: HTTP parsed, payloads and where each record sits in the file.
const records = [];
const parser = new WARCParser(fs.createReadStream(warcPath));
for await (const record of parser) {
  const payload = Buffer.from(await record.readFully(false));
  records.push({
    type: record.warcType,
    id: record.warcHeader("WARC-Record-ID"),
    uri: record.warcTargetURI,
    date: record.warcDate,
    ip: record.warcHeader("WARC-IP-Address"),
    concurrentTo: record.warcConcurrentTo ?? [],
    payloadDigest: record.warcPayloadDigest,
    blockDigest: record.warcBlockDigest,
    status: record.httpHeaders ? Number(record.httpHeaders.statusCode) : null,
    httpHeaders: record.httpHeaders ? record.httpHeaders.headers : null,
    payload,
    offset: parser.offset,
    length: parser.recordLength,
  });
}

// Pass 2: whole blocks, HTTP head included, for the block digests.
const blocks = [];
for await (const record of new WARCParser(fs.createReadStream(warcPath), { parseHttp: false })) {
  blocks.push(Buffer.from(await record.readFully(false)));
}

const types = records.map((r) => r.type).join(",");
const wantTypes = ["warcinfo", ...expected.flatMap(() => ["request", "response"])].join(",");
check(`${records.length} records: ${wantTypes}`, types === wantTypes, `got ${types}`);
check("block count matches between passes", blocks.length === records.length);

const info = records[0];
const infoText = blocks[0] ? blocks[0].toString("utf8") : "";
check("warcinfo names the software and format",
      /^software: winnow\/\S+\r\n/m.test(infoText) && infoText.includes("format: WARC File Format 1.1"),
      JSON.stringify(infoText));

const ids = new Set(records.map((r) => r.id));
check("record ids are unique urn:uuid v4",
      ids.size === records.length &&
      records.every((r) => /^<urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}>$/.test(r.id)));

records.forEach((r, i) => {
  const digest = blocks[i] ? sha1Base32(blocks[i]) : "(no block)";
  check(`record ${i} (${r.type}): WARC-Block-Digest ${r.blockDigest}`, digest === r.blockDigest, `computed ${digest}`);
  // A gzip member of its own: the slice warcio located inflates alone to exactly this record.
  let member = "";
  try {
    member = zlib.gunzipSync(fileBytes.subarray(r.offset, r.offset + r.length)).toString("latin1");
  } catch (e) {
    member = `(gunzip failed: ${e.message})`;
  }
  const headEnd = member.indexOf("\r\n\r\n") + 4;
  const blockLength = Number(/\r\nContent-Length: (\d+)\r\n/.exec(member.slice(0, headEnd))?.[1]);
  check(`record ${i}: bytes ${r.offset}+${r.length} are one gzip member holding it`,
        member.startsWith("WARC/1.1\r\n") && member.includes(`\r\nWARC-Record-ID: ${r.id}\r\n`) &&
        member.length === headEnd + blockLength + 4 && member.endsWith("\r\n\r\n"),
        JSON.stringify(member.slice(0, 80)));
});
const last = records[records.length - 1];
check("the records cover the whole file", last && last.offset + last.length === fileBytes.length,
      `${last?.offset}+${last?.length} of ${fileBytes.length}`);

expected.forEach((want, n) => {
  const request = records[1 + 2 * n];
  const response = records[2 + 2 * n];
  if (!request || !response) {
    check(`exchange ${n}: present`, false);
    return;
  }
  const name = `exchange ${n} (${want.uri})`;
  check(`${name}: target URIs`, request.uri === want.uri && response.uri === want.uri, `${request.uri} / ${response.uri}`);
  check(`${name}: WARC-Date`, request.date === want.date && response.date === want.date, response.date);
  check(`${name}: WARC-IP-Address`, (response.ip ?? "") === want.ip && (request.ip ?? "") === want.ip, response.ip);
  check(`${name}: request and response name each other`,
        response.concurrentTo.includes(request.id) && request.concurrentTo.includes(response.id));
  check(`${name}: HTTP status ${want.status}`, response.status === want.status, String(response.status));
  const payloadHex = response.payload.toString("hex");
  check(`${name}: payload (${want.payload_hex.length / 2} bytes)`, payloadHex === want.payload_hex,
        `got ${payloadHex.slice(0, 120)}`);
  check(`${name}: WARC-Payload-Digest`, response.payloadDigest === sha1Base32(response.payload),
        `${response.payloadDigest} vs ${sha1Base32(response.payload)}`);
  const headers = response.httpHeaders;
  check(`${name}: decoded body: no Content-Encoding or Transfer-Encoding, true Content-Length`,
        headers && !headers.has("content-encoding") && !headers.has("transfer-encoding") &&
        headers.get("content-length") === String(response.payload.length),
        headers ? JSON.stringify([...headers]) : "no HTTP headers");
});

console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 && passed > 0 ? 0 : 1);
EOF

(cd "$tmp/node" && node check.mjs "$warc" "$tmp/expected.jsonl")
