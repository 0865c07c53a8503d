// Appends three exchanges to the WARC file named on the command line and prints, one JSON object
// a line, what it wrote, so that tests/warc_interop_test.sh can check another tool's reading.
#include <cstdio>
#include <exception>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "store/warc.h"

namespace {

std::string hex(const std::string& bytes) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  for (unsigned char c : bytes) {
    out += kHex[c >> 4];
    out += kHex[c & 0x0f];
  }
  return out;
}

std::vector<winnow::store::WarcResponse> samples() {
  using winnow::store::WarcResponse;
  WarcResponse page;
  page.target_uri = "https://example.com/news/2026/11/story.html?ref=front";
  page.request_headers =
      "GET /news/2026/11/story.html?ref=front HTTP/1.1\r\nHost: example.com\r\n"
      "User-Agent: winnow\r\nAccept-Encoding: gzip\r\n\r\n";
  page.status = 200;
  page.reason = "OK";
  page.headers = {{"Content-Type", "text/html; charset=utf-8"}, {"Content-Encoding", "gzip"},
                  {"Vary", "Accept-Encoding"}};
  page.body =
      "<!doctype html><html><head><title>Zürich</title></head>"
      "<body><p>Grüße aus Zürich.</p></body></html>";
  page.fetched_at = "2026-11-23T10:00:00Z";
  page.ip_address = "203.0.113.7";

  WarcResponse binary;
  binary.target_uri = "http://example.org:8080/files/blob.bin";
  binary.status = 404;
  binary.reason = "Not Found";
  binary.headers = {{"Content-Type", "application/octet-stream"}, {"Transfer-Encoding", "chunked"}};
  binary.body = std::string("\0\x01\x02\r\n\r\nWARC/1.1\r\n\xff\xfe", 19) + std::string(1000, '\0') + "end";
  binary.fetched_at = "2026-11-23T10:00:01Z";

  WarcResponse redirect;
  redirect.target_uri = "https://example.com/old";
  redirect.status = 301;
  redirect.reason = "Moved Permanently";
  redirect.headers = {{"Location", "https://example.com/new"}};
  redirect.fetched_at = "2026-11-23T10:00:02Z";
  redirect.ip_address = "2001:db8::1";
  return {page, binary, redirect};
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: %s FILE.warc.gz\n", argv[0]);
    return 2;
  }
  try {
    winnow::store::WarcWriter writer(argv[1]);
    for (const auto& response : samples()) {
      writer.write(response);
      nlohmann::json line = {{"uri", response.target_uri},
                             {"status", response.status},
                             {"date", response.fetched_at},
                             {"ip", response.ip_address},
                             {"payload_hex", hex(response.body)}};
      std::printf("%s\n", line.dump().c_str());
    }
    writer.close();
  } catch (const std::exception& e) {
    std::fprintf(stderr, "warc_sample_writer: %s\n", e.what());
    return 1;
  }
  return 0;
}
