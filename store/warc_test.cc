// WARC files: what the writer writes reads back (ids, links, digests, HTTP heads, binary
// bodies), appending, truncated and corrupt files, and WARCs as other tools write them.
#include <unistd.h>
#include <zlib.h>

#include <catch2/catch.hpp>
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "store/warc.h"
#include "tests/linear_time.h"
#include "tests/temp_dir.h"

namespace winnow::store {
namespace {

namespace fs = std::filesystem;

using winnow::testing::TempDir;

std::string read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

void write_file(const fs::path& path, const std::string& bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

// zlib's window_bits choose the framing: 15 + 16 gzip, 15 zlib, -15 raw deflate.
std::string deflated(const std::string& bytes, int window_bits) {
  z_stream zs{};
  REQUIRE(deflateInit2(&zs, Z_BEST_SPEED, Z_DEFLATED, window_bits, 8, Z_DEFAULT_STRATEGY) == Z_OK);
  std::string out(deflateBound(&zs, static_cast<uLong>(bytes.size())) + 64, '\0');
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(bytes.data()));
  zs.avail_in = static_cast<uInt>(bytes.size());
  zs.next_out = reinterpret_cast<Bytef*>(out.data());
  zs.avail_out = static_cast<uInt>(out.size());
  REQUIRE(deflate(&zs, Z_FINISH) == Z_STREAM_END);
  out.resize(zs.total_out);
  deflateEnd(&zs);
  return out;
}

std::string gzip(const std::string& bytes) { return deflated(bytes, 15 + 16); }

// How many gzip members the bytes hold, each inflated on its own; -1 when they are not gzip.
int count_gzip_members(const std::string& bytes) {
  int members = 0;
  std::size_t offset = 0;
  std::string sink(1 << 16, '\0');
  while (offset < bytes.size()) {
    z_stream zs{};
    if (inflateInit2(&zs, 15 + 16) != Z_OK) return -1;
    zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(bytes.data() + offset));
    zs.avail_in = static_cast<uInt>(bytes.size() - offset);
    int rc = Z_OK;
    while (rc == Z_OK) {
      zs.next_out = reinterpret_cast<Bytef*>(sink.data());
      zs.avail_out = static_cast<uInt>(sink.size());
      rc = inflate(&zs, Z_NO_FLUSH);
    }
    offset += zs.total_in;
    inflateEnd(&zs);
    if (rc != Z_STREAM_END) return -1;
    ++members;
  }
  return members;
}

std::string header(const WarcHeaders& headers, const std::string& name) {
  for (const auto& [n, v] : headers) {
    if (n == name) return v;
  }
  return "<absent>";
}

// Whether TEXT fits PATTERN, where 'x' is a lowercase hex digit, 'N' a decimal digit, 'v' an RFC
// 4122 variant digit (8, 9, a or b) and anything else itself. (std::regex trips GCC 12's
// -Wmaybe-uninitialized under ASan.)
bool matches(const std::string& text, const std::string& pattern) {
  if (text.size() != pattern.size()) return false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    bool digit = c >= '0' && c <= '9';
    bool ok = pattern[i] == 'x'   ? digit || (c >= 'a' && c <= 'f')
              : pattern[i] == 'N' ? digit
              : pattern[i] == 'v' ? c == '8' || c == '9' || c == 'a' || c == 'b'
                                  : c == pattern[i];
    if (!ok) return false;
  }
  return true;
}

std::vector<WarcRecord> read_all(const fs::path& path, std::string* error = nullptr) {
  WarcReader reader(path.string());
  std::vector<WarcRecord> records;
  WarcRecord record;
  while (reader.next(record)) records.push_back(record);
  REQUIRE_FALSE(reader.next(record));  // stays at the end
  if (error) *error = reader.error();
  return records;
}

const std::string kBinaryBody = std::string("\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 16) + "\r\n\r\nWARC/1.1\r\n" +
                                std::string(3, '\0') + "tail";

WarcResponse html_response() {
  WarcResponse r;
  r.target_uri = "https://example.com/news/story?id=7";
  r.request_headers = "GET /news/story?id=7 HTTP/1.1\r\nHost: example.com\r\nUser-Agent: winnow\r\n\r\n";
  r.status = 200;
  r.reason = "OK";
  r.headers = {{"Content-Type", "text/html; charset=utf-8"}, {"Content-Encoding", "gzip"},
               {"Transfer-Encoding", "chunked"}, {"Content-Length", "12"}, {"Set-Cookie", "a=1"},
               {"Set-Cookie", "b=2"}};
  r.body = "<html><body><p>Hello, world.</p></body></html>";
  r.fetched_at = "2026-11-23T10:00:00Z";
  r.ip_address = "93.184.216.34";
  return r;
}

WarcResponse binary_response() {
  WarcResponse r;
  r.target_uri = "http://example.org:8080/img/logo.png#top";
  r.status = 404;
  r.reason = "Not Found";
  r.headers = {{"Content-Type", "image/png"}};
  r.body = kBinaryBody;
  r.fetched_at = "2026-11-23T10:00:01Z";
  return r;
}

TEST_CASE("warc: sha1 digests are base32 as WARC tools write them", "[warc]") {
  CHECK(warc_sha1_digest("") == "sha1:3I42H3S6NNFQ2MSVX7XZKYAYSCX5QBYJ");
  CHECK(warc_sha1_digest("abc") == "sha1:VGMT4NSHA2AWVOR6EVYXQUGCNSONBWE5");
}

TEST_CASE("warc: written records read back whole", "[warc]") {
  TempDir dir;
  fs::path path = dir.path / "crawl.warc.gz";
  {
    WarcWriter writer(path.string());
    writer.write(html_response());
    writer.write(binary_response());
    writer.close();
    CHECK_THROWS_AS(writer.write(html_response()), StoreError);
  }
  std::string error;
  std::vector<WarcRecord> records = read_all(path, &error);
  CHECK(error.empty());
  REQUIRE(records.size() == 5);
  CHECK(count_gzip_members(read_file(path)) == 5);  // one gzip member per record

  const WarcRecord& info = records[0];
  CHECK(info.type == "warcinfo");
  CHECK(header(info.warc_headers, "Content-Type") == "application/warc-fields");
  CHECK(header(info.warc_headers, "WARC-Filename") == "crawl.warc.gz");
  CHECK(info.block.find("software: winnow/" WINNOW_VERSION "\r\n") != std::string::npos);
  CHECK(info.block.find("format: WARC File Format 1.1\r\n") != std::string::npos);

  std::set<std::string> ids;
  for (const WarcRecord& record : records) {
    CHECK(matches(record.record_id, "<urn:uuid:xxxxxxxx-xxxx-4xxx-vxxx-xxxxxxxxxxxx>"));
    ids.insert(record.record_id);
    CHECK(header(record.warc_headers, "WARC-Block-Digest") == warc_sha1_digest(record.block));
    CHECK(header(record.warc_headers, "Content-Length") == std::to_string(record.block.size()));
  }
  CHECK(ids.size() == records.size());

  for (std::size_t i : {1u, 3u}) {
    const WarcRecord& request = records[i];
    const WarcRecord& response = records[i + 1];
    CHECK(request.type == "request");
    CHECK(response.type == "response");
    CHECK(header(request.warc_headers, "WARC-Concurrent-To") == response.record_id);
    CHECK(header(response.warc_headers, "WARC-Concurrent-To") == request.record_id);
    CHECK(header(request.warc_headers, "Content-Type") == "application/http;msgtype=request");
    CHECK(header(response.warc_headers, "Content-Type") == "application/http;msgtype=response");
    CHECK(header(response.warc_headers, "WARC-Payload-Digest") == warc_sha1_digest(response.payload));
    CHECK(request.target_uri == response.target_uri);
    CHECK(request.date == response.date);
  }

  const WarcRecord& html = records[2];
  CHECK(records[1].block == html_response().request_headers);
  CHECK(html.target_uri == "https://example.com/news/story?id=7");
  CHECK(html.date == "2026-11-23T10:00:00Z");
  CHECK(header(html.warc_headers, "WARC-IP-Address") == "93.184.216.34");
  CHECK(html.http_status == 200);
  CHECK(html.block.starts_with("HTTP/1.1 200 OK\r\n"));
  CHECK(html.payload == html_response().body);
  // The body is stored decoded: no encoding headers, and the length of what is there.
  CHECK(html.http_headers == WarcHeaders{{"Content-Type", "text/html; charset=utf-8"},
                                         {"Set-Cookie", "a=1"},
                                         {"Set-Cookie", "b=2"},
                                         {"Content-Length", std::to_string(html_response().body.size())}});

  const WarcRecord& binary = records[4];
  CHECK(binary.http_status == 404);
  CHECK(binary.payload == kBinaryBody);
  CHECK(binary.payload.size() == kBinaryBody.size());
  CHECK(header(binary.warc_headers, "WARC-IP-Address") == "<absent>");
  // No request head was given: a GET for the path and query, without the fragment.
  CHECK(records[3].block == "GET /img/logo.png HTTP/1.1\r\nHost: example.org:8080\r\n\r\n");
}

TEST_CASE("warc: bodies of several megabytes, compressed and not", "[warc]") {
  TempDir dir;
  fs::path path = dir.path / "big.warc.gz";
  std::vector<std::string> bodies;
  std::uint32_t state = 12345;
  for (std::size_t size : {3u << 20, 200u << 10, 5u << 20}) {
    std::string body(size, '\0');
    for (std::size_t i = 0; i < size / 2; ++i) {  // first half incompressible, second half zeros
      state = state * 1664525u + 1013904223u;
      body[i] = static_cast<char>(state >> 24);
    }
    bodies.push_back(body);
  }
  {
    WarcWriter writer(path.string());
    for (const std::string& body : bodies) {
      WarcResponse r = binary_response();
      r.body = body;
      writer.write(r);
    }
  }
  std::string error;
  std::vector<WarcRecord> records = read_all(path, &error);
  CHECK(error.empty());
  REQUIRE(records.size() == 7);
  for (std::size_t i = 0; i < bodies.size(); ++i) {
    CHECK(records[2 + 2 * i].payload == bodies[i]);
    CHECK(header(records[2 + 2 * i].warc_headers, "WARC-Payload-Digest") == warc_sha1_digest(bodies[i]));
  }

  // The same records uncompressed, as one plain file.
  std::string plain;
  for (const WarcRecord& record : records) {
    plain += "WARC/1.1\r\n";
    for (const auto& [name, value] : record.warc_headers) plain += name + ": " + value + "\r\n";
    plain += "\r\n" + record.block + "\r\n\r\n";
  }
  fs::path plain_path = dir.path / "big.warc";
  write_file(plain_path, plain);
  std::vector<WarcRecord> again = read_all(plain_path, &error);
  CHECK(error.empty());
  REQUIRE(again.size() == records.size());
  for (std::size_t i = 0; i < again.size(); ++i) {
    CHECK(again[i].block == records[i].block);
    CHECK(again[i].warc_headers == records[i].warc_headers);
  }
}

TEST_CASE("warc: line breaks in fields cannot forge headers", "[warc]") {
  TempDir dir;
  fs::path path = dir.path / "x.warc.gz";
  WarcResponse r = html_response();
  r.reason = "OK\r\nX-Injected: 1";
  r.headers = {{"X-Note", "a\r\n\r\nforged body"}};
  r.target_uri = "https://example.com/\r\nWARC-Type: metadata";
  r.fetched_at = "";
  WarcWriter(path.string()).write(r);
  std::vector<WarcRecord> records = read_all(path);
  REQUIRE(records.size() == 3);
  const WarcRecord& response = records[2];
  CHECK(response.type == "response");
  CHECK(response.payload == r.body);
  CHECK(header(response.http_headers, "X-Injected") == "<absent>");
  CHECK(header(response.http_headers, "X-Note") == "a    forged body");
  CHECK(matches(response.date, "NNNN-NN-NNTNN:NN:NNZ"));
}

TEST_CASE("warc: appending to a file writes the warcinfo record once", "[warc]") {
  TempDir dir;
  fs::path path = dir.path / "crawl.warc";
  WarcWriter(path.string()).write(html_response());
  {
    WarcWriter writer(path.string());
    writer.write(binary_response());
  }
  WarcWriter{path.string()};  // opened and closed without writing: adds nothing
  std::vector<WarcRecord> records = read_all(path);
  REQUIRE(records.size() == 5);
  std::vector<std::string> types;
  for (const auto& r : records) types.push_back(r.type);
  CHECK(types == std::vector<std::string>{"warcinfo", "request", "response", "request", "response"});
  CHECK(records[4].payload == kBinaryBody);
}

TEST_CASE("warc: a file cut anywhere yields its whole records, then an error", "[warc]") {
  TempDir dir;
  fs::path full_path = dir.path / "full.warc.gz";
  {
    WarcWriter writer(full_path.string());
    writer.write(html_response());
    writer.write(binary_response());
  }
  const std::string full = read_file(full_path);
  const std::vector<WarcRecord> all = read_all(full_path);
  REQUIRE(all.size() == 5);

  // Where each gzip member ends: a cut exactly there is a clean, shorter file.
  std::set<std::size_t> boundaries = {0};
  for (std::size_t offset = 0, i = 0; i < all.size(); ++i) {
    z_stream zs{};
    REQUIRE(inflateInit2(&zs, 15 + 16) == Z_OK);
    std::string sink(1 << 16, '\0');
    zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(full.data() + offset));
    zs.avail_in = static_cast<uInt>(full.size() - offset);
    int rc = Z_OK;
    while (rc == Z_OK) {
      zs.next_out = reinterpret_cast<Bytef*>(sink.data());
      zs.avail_out = static_cast<uInt>(sink.size());
      rc = inflate(&zs, Z_NO_FLUSH);
    }
    offset += zs.total_in;
    inflateEnd(&zs);
    boundaries.insert(offset);
  }

  fs::path cut_path = dir.path / "cut.warc.gz";
  for (std::size_t cut = 0; cut < full.size(); ++cut) {
    write_file(cut_path, full.substr(0, cut));
    std::string error;
    std::vector<WarcRecord> records = read_all(cut_path, &error);
    INFO("cut at byte " << cut << " of " << full.size());
    auto next_boundary = boundaries.upper_bound(cut);
    std::size_t whole = static_cast<std::size_t>(std::distance(boundaries.begin(), next_boundary)) - 1;
    // A cut in the last bytes of a member (its record's trailing line ends, the gzip trailer) can
    // leave that record's block whole: it is read, and the error follows it.
    bool near_end = next_boundary != boundaries.end() && cut + 16 >= *next_boundary;
    REQUIRE((records.size() == whole || (near_end && records.size() == whole + 1)));
    for (std::size_t i = 0; i < records.size(); ++i) CHECK(records[i].block == all[i].block);
    if (boundaries.count(cut)) {
      CHECK(error.empty());
    } else {
      CHECK(error.find(cut_path.string() + ": ") == 0);
    }
  }
}

TEST_CASE("warc: garbage, empty and missing files", "[warc]") {
  TempDir dir;
  fs::path path = dir.path / "x.warc";
  std::string error;

  write_file(path, "");
  CHECK(read_all(path, &error).empty());
  CHECK(error.empty());

  write_file(path, "<html>not a warc</html>\n");
  CHECK(read_all(path, &error).empty());
  CHECK(error == path.string() + ": not a WARC file (it does not start with a WARC/ version line)");

  write_file(path, gzip("PK\x03\x04 a zip file, gzipped"));
  CHECK(read_all(path, &error).empty());
  CHECK(error.find("not a WARC file") != std::string::npos);

  write_file(path, std::string("\x1f\x8b\x08\x00garbage after a gzip magic", 30));
  CHECK(read_all(path, &error).empty());
  CHECK(error.find("corrupt gzip data") != std::string::npos);

  write_file(path, "WARC/1.1\r\nWARC-Type: resource\r\nContent-Length: 67108865\r\n\r\nabc");
  CHECK(read_all(path, &error).empty());
  CHECK(error.find("over the 67108864-byte cap") != std::string::npos);

  write_file(path, "WARC/1.1\r\nWARC-Type: resource\r\nContent-Length: 99999999999999999999999\r\n\r\n");
  CHECK(read_all(path, &error).empty());
  CHECK(error.find("cap") != std::string::npos);

  write_file(path, "WARC/1.1\r\nWARC-Type: resource\r\nContent-Length: -3\r\n\r\nabc\r\n\r\n");
  CHECK(read_all(path, &error).empty());
  CHECK(error.find("Content-Length") != std::string::npos);

  write_file(path, "WARC/1.1\r\n" + std::string(2 << 20, 'A'));
  CHECK(read_all(path, &error).empty());
  CHECK(error.find("record head longer than") != std::string::npos);

  CHECK_THROWS_WITH(WarcReader((dir.path / "missing.warc").string()),
                    Catch::Contains("missing.warc") && Catch::Contains("No such file"));
  CHECK_THROWS_WITH(WarcWriter((dir.path / "no/such/dir.warc").string()),
                    Catch::Contains("no/such/dir.warc") && Catch::Contains("No such file"));
}

// As another tool might write it: WARC/1.0, a URI in angle brackets, a folded header, extra
// blank lines, a chunked payload kept as received, a record that is not HTTP.
const std::string kForeignWarc =
    "WARC/1.0\r\n"
    "WARC-Type: warcinfo\r\n"
    "WARC-Record-ID: <urn:uuid:11111111-1111-4111-8111-111111111111>\r\n"
    "WARC-Date: 2020-01-02T03:04:05Z\r\n"
    "Content-Type: application/warc-fields\r\n"
    "Content-Length: 16\r\n"
    "\r\n"
    "software: other\n"
    "\r\n\r\n"
    "\r\n"
    "WARC/1.0\r\n"
    "WARC-Type: response\r\n"
    "WARC-Record-ID: <urn:uuid:22222222-2222-4222-8222-222222222222>\r\n"
    "WARC-Target-URI: <http://example.net/a>\r\n"
    "WARC-Date: 2020-01-02T03:04:06Z\r\n"
    "X-Folded: first\r\n"
    "  second\r\n"
    "Content-Type: application/http; msgtype=response\r\n"
    "Content-Length: 89\r\n"
    "\r\n"
    "HTTP/1.1 301 Moved Permanently\r\n"
    "Location: /b\r\n"
    "Transfer-Encoding: chunked\r\n"
    "\r\n"
    "3\r\nabc\r\n0\r\n\r\n"
    "\r\n\r\n"
    "WARC/1.0\r\n"
    "WARC-Type: metadata\r\n"
    "WARC-Record-ID: <urn:uuid:33333333-3333-4333-8333-333333333333>\r\n"
    "Content-Length: 5\r\n"
    "\r\n"
    "hello"
    "\r\n\r\n";

void check_foreign(const std::vector<WarcRecord>& records) {
  REQUIRE(records.size() == 3);
  CHECK(records[0].type == "warcinfo");
  CHECK(records[0].block == "software: other\n");
  CHECK(records[0].record_id == "<urn:uuid:11111111-1111-4111-8111-111111111111>");
  const WarcRecord& response = records[1];
  CHECK(response.type == "response");
  CHECK(response.target_uri == "http://example.net/a");
  CHECK(response.date == "2020-01-02T03:04:06Z");
  CHECK(header(response.warc_headers, "X-Folded") == "first second");
  CHECK(response.http_status == 301);
  CHECK(header(response.http_headers, "Location") == "/b");
  CHECK(response.payload == "3\r\nabc\r\n0\r\n\r\n");
  CHECK(records[2].type == "metadata");
  CHECK(records[2].block == "hello");
  CHECK(records[2].http_status == 0);
}

TEST_CASE("warc: uncompressed and gzipped WARCs from other tools", "[warc]") {
  REQUIRE(kForeignWarc.find("Content-Length: 89\r\n\r\n") != std::string::npos);
  TempDir dir;
  std::string error;

  fs::path plain = dir.path / "plain.warc";
  write_file(plain, kForeignWarc);
  check_foreign(read_all(plain, &error));
  CHECK(error.empty());

  // Gzip per record, each member holding a record and its trailing line ends.
  std::string per_record;
  for (std::size_t start = 0; start < kForeignWarc.size();) {
    std::size_t next = kForeignWarc.find("WARC/1.0", start + 1);
    if (next == std::string::npos) next = kForeignWarc.size();
    per_record += gzip(kForeignWarc.substr(start, next - start));
    start = next;
  }
  fs::path members = dir.path / "members.warc.gz";
  write_file(members, per_record);
  REQUIRE(count_gzip_members(per_record) == 3);
  check_foreign(read_all(members, &error));
  CHECK(error.empty());

  // The whole file as one gzip member, as `gzip crawl.warc` leaves it.
  fs::path whole = dir.path / "whole.warc.gz";
  write_file(whole, gzip(kForeignWarc));
  check_foreign(read_all(whole, &error));
  CHECK(error.empty());

  // Cut inside the response's block: the warcinfo record, then the error.
  fs::path cut = dir.path / "cut.warc";
  write_file(cut, kForeignWarc.substr(0, kForeignWarc.find("3\r\nabc")));
  std::vector<WarcRecord> records = read_all(cut, &error);
  CHECK(records.size() == 1);
  CHECK(error == cut.string() + ": after record 1: truncated record: its block has 89 bytes, " +
                     "the file holds only 76");
}

TEST_CASE("warc: payloads kept chunked or compressed by other tools are decoded", "[warc]") {
  const std::string page = "<html><body><p>" + std::string(3000, 'w') + " caf\xE9</p></body></html>";
  auto record = [](WarcHeaders headers, std::string payload) {
    WarcRecord r;
    r.type = "response";
    r.http_status = 200;
    r.http_headers = std::move(headers);
    r.payload = std::move(payload);
    return r;
  };
  auto chunked = [](const std::string& bytes) {
    std::string out;
    for (std::size_t at = 0; at < bytes.size(); at += 1000) {
      std::string piece = bytes.substr(at, 1000);
      char size[16];
      std::snprintf(size, sizeof size, "%zx", piece.size());
      out += std::string(size) + (at == 0 ? ";ext=1" : "") + "\r\n" + piece + "\r\n";
    }
    return out + "0\r\nX-Trailer: t\r\n\r\n";
  };
  std::string out, error;
  CHECK(decoded_http_payload(record({}, page), out, error));
  CHECK(out == page);
  CHECK(decoded_http_payload(record({{"Transfer-Encoding", "chunked"}}, chunked(page)), out, error));
  CHECK(out == page);
  CHECK(decoded_http_payload(record({{"content-encoding", "gzip"}}, gzip(page)), out, error));
  CHECK(out == page);
  CHECK(decoded_http_payload(
      record({{"Content-Encoding", "x-gzip"}, {"Transfer-Encoding", "chunked"}}, chunked(gzip(page))), out, error));
  CHECK(out == page);
  CHECK(decoded_http_payload(record({{"Content-Encoding", "deflate"}}, deflated(page, 15)), out, error));
  CHECK(out == page);
  CHECK(decoded_http_payload(record({{"Content-Encoding", "deflate"}}, deflated(page, -15)), out, error));
  CHECK(out == page);

  CHECK_FALSE(decoded_http_payload(record({{"Content-Encoding", "br"}}, "\x1b\x02"), out, error));
  CHECK(error == "unsupported content encoding 'br'");
  CHECK_FALSE(decoded_http_payload(record({{"Content-Encoding", "gzip"}}, gzip(page).substr(0, 40)), out, error));
  CHECK(error == "corrupt compressed payload");
  CHECK_FALSE(decoded_http_payload(record({{"Content-Encoding", "gzip"}}, "not gzip at all"), out, error));
  CHECK(error == "corrupt compressed payload");
  CHECK_FALSE(decoded_http_payload(record({{"Transfer-Encoding", "chunked"}}, chunked(page).substr(0, 1500)), out,
                                   error));
  CHECK(error == "chunked payload cut short");
  CHECK_FALSE(decoded_http_payload(record({{"Transfer-Encoding", "chunked"}}, "zz\r\nabc"), out, error));
  CHECK(error == "bad chunk size in chunked payload");
  // A small bomb: 4 MB of spaces in a few kilobytes, against a 1 MB cap.
  CHECK_FALSE(decoded_http_payload(record({{"Content-Encoding", "gzip"}}, gzip(std::string(4 << 20, ' '))), out,
                                   error, 1 << 20));
  CHECK(error == "decoded payload larger than 1048576 bytes");
  // The same through "deflate", zlib-framed: not retried as raw deflate, which reported it corrupt.
  for (int window_bits : {15, -15}) {
    INFO(window_bits);
    CHECK_FALSE(decoded_http_payload(record({{"Content-Encoding", "deflate"}}, deflated(std::string(4 << 20, ' '), window_bits)),
                                     out, error, 1 << 20));
    CHECK(error == "decoded payload larger than 1048576 bytes");
  }
}


// A response record whose payload is `body` sent in 1-byte chunks, as a server that flushes
// every byte sends it.
WarcRecord one_byte_chunks(const std::string& body) {
  WarcRecord r;
  r.type = "response";
  r.http_status = 200;
  r.http_headers = {{"Transfer-Encoding", "chunked"}};
  r.payload.reserve(body.size() * 6 + 5);
  for (char c : body) {
    r.payload += "1\r\n";
    r.payload += c;
    r.payload += "\r\n";
  }
  r.payload += "0\r\n\r\n";
  return r;
}

TEST_CASE("warc: de-chunking takes time linear in the payload, however small the chunks", "[warc]") {
  // Each chunk's size line was read up to the next ';' anywhere in the rest of the payload: a
  // 6 MB payload of 1-byte chunks took 30 s.
  // 500 000 chunks at 1x: a few milliseconds, enough that a busy machine's noise does not decide
  // the ratio (before the fix, 80 000 chunks gave a ratio of 26).
  auto body = [](int scale) { return std::string(static_cast<std::size_t>(scale) * 500000, 'x'); };
  std::string out, error;
  REQUIRE(decoded_http_payload(one_byte_chunks(body(1)), out, error));
  CHECK(out == body(1));
  // `out` keeps its capacity from run to run: the time measured is the decoder's, not that of
  // the kernel handing fresh pages to a new buffer (which varies with the machine's load).
  auto growth = winnow::testing::measure_growth([&](int scale) { return one_byte_chunks(body(scale)); },
                                                [&](const WarcRecord& record) {
                                                  CHECK(decoded_http_payload(record, out, error));
                                                });
  INFO(growth.describe());
  CHECK(growth.ratio() < winnow::testing::kMaxLinearGrowth);
}

TEST_CASE("warc: chunk extensions, trailers and malformed chunk sizes", "[warc]") {
  auto decode = [](std::string payload, std::string& out, std::string& error) {
    WarcRecord r;
    r.type = "response";
    r.http_status = 200;
    r.http_headers = {{"Transfer-Encoding", "chunked"}};
    r.payload = std::move(payload);
    return decoded_http_payload(r, out, error);
  };
  std::string out, error;
  // Extensions (with or without a value, with spaces before them) are skipped; a ';' in a later
  // chunk's data is data; upper- and lower-case hex.
  CHECK(decode("3;name=value\r\nabc\r\n4 ;flag\r\n;;;;\r\nA\r\n0123456789\r\na\r\nabcdefghij\r\n0\r\n\r\n", out,
               error));
  CHECK(out == "abc;;;;0123456789abcdefghij");
  // Trailers after the last chunk, and the last chunk's own extension, are not part of the page.
  CHECK(decode("2\r\nok\r\n0;last\r\nX-Checksum: 1;2\r\nX-Other: 3\r\n\r\n", out, error));
  CHECK(out == "ok");
  // A payload that stops at the last chunk's size line (no final blank line) is whole.
  CHECK(decode("2\r\nok\r\n0\r\n", out, error));
  CHECK(out == "ok");
  for (std::string bad : {"zz\r\nabc\r\n0\r\n\r\n", "\r\nabc\r\n", ";ext\r\nabc\r\n", "-1\r\na\r\n",
                          "0x3\r\nabc\r\n", "3 3\r\nabc\r\n", "2\r\nok\r\nq;x\r\n",
                          "ffffffffffffffffff\r\nabc\r\n"}) {
    INFO(bad);
    CHECK_FALSE(decode(bad, out, error));
    CHECK(error == "bad chunk size in chunked payload");
  }
  for (std::string cut : {"5\r\nabc", "3\r\nabc\r\n", "3;ext=a;b", ""}) {
    INFO(cut);
    CHECK_FALSE(decode(cut, out, error));
    CHECK(error == "chunked payload cut short");
  }
}

TEST_CASE("warc: a record head is read up to its blank line, not through what follows", "[warc]") {
  // The end of each head was searched for "\r\n\r\n" and for "\n\n" through all that the reader
  // had buffered (64 KB and more): a file whose line ends are all CRLF paid that at every record,
  // 25 us a record instead of under 1. Two files of 20 000 records of the same size, one with a
  // "\n\n" early in each block (where the search used to stop), must read about as fast.
  TempDir dir;
  auto many_records = [&](const std::string& name, const std::string& block) {
    std::string bytes;
    for (int i = 0; i < 20000; ++i) {
      bytes += "WARC/1.1\r\nWARC-Type: metadata\r\nContent-Length: " + std::to_string(block.size()) + "\r\n\r\n" +
               block + "\r\n\r\n";
    }
    fs::path path = dir.path / name;
    write_file(path, bytes);
    return path;
  };
  const fs::path crlf_only = many_records("crlf.warc", "hello!");
  const fs::path with_blank_line = many_records("blank-line.warc", "\n\nhi\r\n");
  auto seconds_to_read = [](const fs::path& path) {
    auto start = std::chrono::steady_clock::now();
    WarcReader reader(path.string());
    WarcRecord record;
    int records = 0;
    while (reader.next(record)) ++records;
    CHECK(records == 20000);
    CHECK(reader.error().empty());
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  };
  double fastest[2] = {1e9, 1e9};
  for (int round = 0; round < 3; ++round) {
    fastest[0] = std::min(fastest[0], seconds_to_read(crlf_only));
    fastest[1] = std::min(fastest[1], seconds_to_read(with_blank_line));
  }
  INFO("CRLF only " << fastest[0] << " s, a blank line early in each block " << fastest[1] << " s");
  CHECK(fastest[0] < 3 * fastest[1]);
}

TEST_CASE("warc: resource records read back with their own head, never parsed as HTTP", "[warc]") {
  // Other tools archive pages as resource records: the block is the page, typed by the record's
  // own Content-Type. One whose page begins like an HTTP head is still no HTTP response.
  const std::string page = "<html><body><p>Plums.</p></body></html>";
  const std::string http_like = "HTTP/1.1 200 OK\r\n\r\nnot a head";
  auto record = [](const std::string& uri, const std::string& type, const std::string& block) {
    return "WARC/1.1\r\nWARC-Type: resource\r\nWARC-Target-URI: " + uri +
           "\r\nWARC-Date: 2026-11-23T10:00:00Z\r\nWARC-Record-ID: <urn:uuid:" + uri.substr(uri.size() - 1) +
           ">\r\nContent-Type: " + type + "\r\nContent-Length: " + std::to_string(block.size()) +
           "\r\n\r\n" + block + "\r\n\r\n";
  };
  TempDir dir;
  fs::path path = dir.path / "resources.warc.gz";
  write_file(path, gzip(record("https://example.com/a", "text/html; charset=utf-8", page)) +
                       gzip(record("file:///notes/b", "text/plain", http_like)));
  std::string error;
  std::vector<WarcRecord> records = read_all(path, &error);
  CHECK(error.empty());
  REQUIRE(records.size() == 2);
  CHECK(records[0].type == "resource");
  CHECK(records[0].target_uri == "https://example.com/a");
  CHECK(records[0].date == "2026-11-23T10:00:00Z");
  CHECK(header(records[0].warc_headers, "Content-Type") == "text/html; charset=utf-8");
  CHECK(records[0].block == page);
  CHECK(records[1].block == http_like);
  CHECK(records[1].http_status == 0);
  CHECK(records[1].http_headers.empty());
  CHECK(records[1].payload.empty());
}

}  // namespace
}  // namespace winnow::store
