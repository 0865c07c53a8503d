// WARC/1.1 writing (gzip per record) and reading (gzip per record or uncompressed).

#include "store/warc.h"

#include <fcntl.h>
#include <openssl/evp.h>
#include <openssl/rand.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <charconv>
#include <chrono>
#include <cstring>
#include <ctime>
#include <initializer_list>
#include <string_view>
#include <vector>

#include "store/file_io.h"

namespace winnow::store {
namespace {

constexpr std::size_t kChunkBytes = 64 * 1024;
// A WARC or HTTP head longer than this is garbage, not a record.
constexpr std::size_t kMaxHeadBytes = 1 << 20;
constexpr std::string_view kRecordEnd = "\r\n\r\n";

bool iequals(std::string_view a, std::string_view b) {
  auto lower = [](char c) { return static_cast<char>(std::tolower(static_cast<unsigned char>(c))); };
  return a.size() == b.size() &&
         std::equal(a.begin(), a.end(), b.begin(), [&](char x, char y) { return lower(x) == lower(y); });
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

// A header value with a line break in it would end the head early and let the rest pass for
// headers (or for the block) of the reader's choosing.
std::string one_line(std::string_view s) {
  std::string out(s);
  std::replace_if(out.begin(), out.end(), [](char c) { return c == '\r' || c == '\n'; }, ' ');
  return out;
}

std::string base32(const unsigned char* data, std::size_t size) {
  static constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
  std::string out;
  unsigned buffer = 0;
  int bits = 0;
  for (std::size_t i = 0; i < size; ++i) {
    buffer = (buffer << 8) | data[i];
    bits += 8;
    while (bits >= 5) {
      out += kAlphabet[(buffer >> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += kAlphabet[(buffer << (5 - bits)) & 31];
  while (out.size() % 8 != 0) out += '=';
  return out;
}

class Sha1 {
 public:
  Sha1() : ctx_(EVP_MD_CTX_new(), &EVP_MD_CTX_free) {
    if (!ctx_ || EVP_DigestInit_ex(ctx_.get(), EVP_sha1(), nullptr) != 1) {
      throw StoreError("cannot start a SHA-1 digest (OpenSSL)");
    }
  }
  void update(std::string_view bytes) {
    if (EVP_DigestUpdate(ctx_.get(), bytes.data(), bytes.size()) != 1) {
      throw StoreError("cannot compute a SHA-1 digest (OpenSSL)");
    }
  }
  std::string warc_digest() {
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int size = 0;
    if (EVP_DigestFinal_ex(ctx_.get(), digest, &size) != 1) {
      throw StoreError("cannot compute a SHA-1 digest (OpenSSL)");
    }
    return "sha1:" + base32(digest, size);
  }

 private:
  std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> ctx_;
};

std::string new_record_id() {
  unsigned char b[16];
  if (RAND_bytes(b, sizeof b) != 1) throw StoreError("cannot draw random bytes for a WARC-Record-ID");
  b[6] = static_cast<unsigned char>((b[6] & 0x0f) | 0x40);  // version 4
  b[8] = static_cast<unsigned char>((b[8] & 0x3f) | 0x80);  // RFC 4122 variant
  static constexpr char kHex[] = "0123456789abcdef";
  std::string id = "<urn:uuid:";
  for (int i = 0; i < 16; ++i) {
    if (i == 4 || i == 6 || i == 8 || i == 10) id += '-';
    id += kHex[b[i] >> 4];
    id += kHex[b[i] & 0x0f];
  }
  return id + ">";
}

// A minimal GET for exchanges whose request head the fetcher did not keep.
std::string synthesize_request(std::string_view uri) {
  std::string_view rest = uri;
  if (auto scheme_end = rest.find("://"); scheme_end != std::string_view::npos) {
    rest.remove_prefix(scheme_end + 3);
  }
  std::string_view authority = rest.substr(0, rest.find_first_of("/?#"));
  std::string_view target = rest.substr(authority.size());
  target = target.substr(0, target.find('#'));
  if (auto at = authority.rfind('@'); at != std::string_view::npos) authority.remove_prefix(at + 1);
  std::string path(target);
  if (path.empty() || path.front() != '/') path.insert(0, "/");
  return "GET " + one_line(path) + " HTTP/1.1\r\nHost: " + one_line(authority) + "\r\n\r\n";
}

std::string request_head(const WarcResponse& r) {
  if (r.request_headers.empty()) return synthesize_request(r.target_uri);
  std::string head = r.request_headers;
  while (!head.ends_with(kRecordEnd)) head += head.ends_with("\r\n") ? "\r\n" : "\r\n\r\n";
  return head;
}

// The body is stored decoded, so the head must not claim an encoding or a length it no longer has.
std::string response_head(const WarcResponse& r) {
  std::string head = "HTTP/1.1 " + std::to_string(r.status) + " " + one_line(r.reason) + "\r\n";
  for (const auto& [name, value] : r.headers) {
    if (iequals(name, "Content-Encoding") || iequals(name, "Transfer-Encoding") ||
        iequals(name, "Content-Length")) {
      continue;
    }
    head += one_line(name) + ": " + one_line(value) + "\r\n";
  }
  return head + "Content-Length: " + std::to_string(r.body.size()) + "\r\n\r\n";
}

class Deflater {
 public:
  Deflater() {
    constexpr int kGzipWindow = 15 + 16;  // zlib's way to ask for a gzip header and trailer
    if (deflateInit2(&stream_, Z_DEFAULT_COMPRESSION, Z_DEFLATED, kGzipWindow, 8, Z_DEFAULT_STRATEGY) !=
        Z_OK) {
      throw StoreError("cannot start gzip compression (zlib)");
    }
  }
  ~Deflater() { deflateEnd(&stream_); }
  Deflater(const Deflater&) = delete;
  Deflater& operator=(const Deflater&) = delete;

  /// One gzip member holding the parts one after the other.
  std::string member(const std::vector<std::string_view>& parts) {
    std::string out;
    std::size_t left = parts.size();
    for (std::string_view part : parts) {
      bool last = --left == 0;
      do {
        // avail_in is 32 bits wide; a part is fed a gigabyte at a time at most.
        std::size_t take = std::min<std::size_t>(part.size(), 1u << 30);
        stream_.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(part.data()));
        stream_.avail_in = static_cast<uInt>(take);
        int flush = last && take == part.size() ? Z_FINISH : Z_NO_FLUSH;
        do {
          std::size_t old = out.size();
          out.resize(old + kChunkBytes);
          stream_.next_out = reinterpret_cast<Bytef*>(out.data() + old);
          stream_.avail_out = static_cast<uInt>(kChunkBytes);
          int rc = deflate(&stream_, flush);
          out.resize(old + kChunkBytes - stream_.avail_out);
          if (rc == Z_STREAM_ERROR) throw StoreError("gzip compression failed (zlib)");
        } while (stream_.avail_out == 0);
        part.remove_prefix(take);
      } while (!part.empty());
    }
    deflateReset(&stream_);
    return out;
  }

 private:
  z_stream stream_{};
};

// One record, gzipped: the WARC head ends with the block's digest and length.
std::string gzip_record(Deflater& deflater, const WarcHeaders& headers,
                        std::initializer_list<std::string_view> block) {
  Sha1 block_digest;
  std::size_t length = 0;
  for (std::string_view part : block) {
    block_digest.update(part);
    length += part.size();
  }
  std::string head = "WARC/1.1\r\n";
  for (const auto& [name, value] : headers) head += name + ": " + value + "\r\n";
  head += "WARC-Block-Digest: " + block_digest.warc_digest() + "\r\n";
  head += "Content-Length: " + std::to_string(length) + "\r\n\r\n";
  std::vector<std::string_view> parts = {head};
  parts.insert(parts.end(), block.begin(), block.end());
  parts.push_back(kRecordEnd);
  return deflater.member(parts);
}

std::string_view header_value(const WarcHeaders& headers, std::string_view name) {
  for (const auto& [n, v] : headers) {
    if (iequals(n, name)) return v;
  }
  return {};
}

}  // namespace

std::string warc_sha1_digest(std::string_view bytes) {
  Sha1 sha1;
  sha1.update(bytes);
  return sha1.warc_digest();
}

// ---------------------------------------------------------------------------------------------
// Writer

WarcWriter::WarcWriter(const std::string& path) : path_(path) {
  fd_ = ::open(path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
  if (fd_ < 0) throw StoreError("cannot open " + path + ": " + errno_text());
  struct stat st {};
  if (::fstat(fd_, &st) != 0) {
    std::string message = "cannot stat " + path + ": " + errno_text();
    close();
    throw StoreError(message);
  }
  if (st.st_size > 0) return;
  try {
    write_warcinfo();
  } catch (...) {
    close();
    throw;
  }
}

WarcWriter::~WarcWriter() { close(); }

void WarcWriter::close() {
  if (fd_ >= 0) ::close(fd_);
  fd_ = -1;
}

void WarcWriter::write_warcinfo() {
  std::string filename = path_.substr(path_.find_last_of('/') + 1);
  std::string fields = "software: winnow/" WINNOW_VERSION
                       "\r\nformat: WARC File Format 1.1\r\n"
                       "conformsTo: http://iipc.github.io/warc-specifications/specifications/"
                       "warc-format/warc-1.1/\r\n";
  Deflater deflater;
  append(gzip_record(deflater,
                     {{"WARC-Type", "warcinfo"},
                      {"WARC-Record-ID", new_record_id()},
                      {"WARC-Date", utc_iso8601_now()},
                      {"WARC-Filename", one_line(filename)},
                      {"Content-Type", "application/warc-fields"}},
                     {fields}));
}

void WarcWriter::write(const WarcResponse& r) {
  if (fd_ < 0) throw StoreError("cannot write " + path_ + ": the WARC writer is closed");
  std::string request_id = new_record_id();
  std::string response_id = new_record_id();
  std::string date = r.fetched_at.empty() ? utc_iso8601_now() : one_line(r.fetched_at);
  std::string uri = one_line(r.target_uri);

  WarcHeaders request_headers = {{"WARC-Type", "request"},
                                 {"WARC-Record-ID", request_id},
                                 {"WARC-Date", date},
                                 {"WARC-Target-URI", uri},
                                 {"WARC-Concurrent-To", response_id}};
  WarcHeaders response_headers = {{"WARC-Type", "response"},
                                  {"WARC-Record-ID", response_id},
                                  {"WARC-Date", date},
                                  {"WARC-Target-URI", uri},
                                  {"WARC-Concurrent-To", request_id}};
  if (!r.ip_address.empty()) {
    request_headers.emplace_back("WARC-IP-Address", one_line(r.ip_address));
    response_headers.emplace_back("WARC-IP-Address", one_line(r.ip_address));
  }
  request_headers.emplace_back("Content-Type", "application/http;msgtype=request");
  response_headers.emplace_back("WARC-Payload-Digest", warc_sha1_digest(r.body));
  response_headers.emplace_back("Content-Type", "application/http;msgtype=response");

  Deflater deflater;
  std::string bytes = gzip_record(deflater, request_headers, {request_head(r)});
  bytes += gzip_record(deflater, response_headers, {response_head(r), r.body});
  append(bytes);
}

// All or nothing: a failed write is cut back off, so the file never ends inside a record.
void WarcWriter::append(const std::string& bytes) {
  struct stat st {};
  bool sized = ::fstat(fd_, &st) == 0;
  if (write_all(fd_, bytes)) return;
  std::string message = "cannot write " + path_ + ": " + errno_text();
  if (sized && ::ftruncate(fd_, st.st_size) != 0) message += " (and cannot cut the partial record off)";
  throw StoreError(message);
}

// ---------------------------------------------------------------------------------------------
// Reader

// The file's bytes, gunzipped when it starts with a gzip member (members are read one after the
// other), buffered so that the parser can look ahead.
class WarcReader::Source {
 public:
  explicit Source(int fd) : fd_(fd), raw_(kChunkBytes), inflated_(kChunkBytes) {}
  ~Source() {
    if (inflating_) inflateEnd(&stream_);
    ::close(fd_);
  }
  Source(const Source&) = delete;
  Source& operator=(const Source&) = delete;

  /// True when at least N bytes are buffered; false when the file (or an error) comes first.
  bool ensure(std::size_t n) {
    while (buffer_.size() - pos_ < n) {
      if (!fill()) return false;
    }
    return true;
  }
  std::string_view view() const { return std::string_view(buffer_).substr(pos_); }
  void consume(std::size_t n) {
    pos_ += n;
    if (pos_ >= kChunkBytes && pos_ * 2 >= buffer_.size()) {
      buffer_.erase(0, pos_);
      pos_ = 0;
    }
  }
  const std::string& error() const { return error_; }

 private:
  // Appends some bytes to the buffer; false at the end of the file or on an error.
  bool fill() {
    if (!error_.empty() || (at_eof_ && raw_left_ == 0)) return false;
    if (!started_) {
      started_ = true;
      if (!read_raw()) return false;
      gzip_ = raw_left_ >= 2 && raw_[0] == 0x1f && raw_[1] == 0x8b;
      if (gzip_) {
        if (inflateInit2(&stream_, 15 + 16) != Z_OK) return set_error("cannot start zlib");
        inflating_ = true;
        in_member_ = true;
        stream_.next_in = raw_.data();
        stream_.avail_in = static_cast<uInt>(raw_left_);
      }
    }
    return gzip_ ? fill_inflated() : fill_plain();
  }

  bool fill_plain() {
    if (raw_left_ == 0 && !read_raw()) return false;
    buffer_.append(reinterpret_cast<const char*>(raw_.data()), raw_left_);
    raw_left_ = 0;
    return true;
  }

  bool fill_inflated() {
    for (;;) {
      if (stream_.avail_in == 0) {
        if (!read_raw()) {
          if (in_member_ && error_.empty()) set_error("the file ends inside a gzip member");
          return false;
        }
        stream_.next_in = raw_.data();
        stream_.avail_in = static_cast<uInt>(raw_left_);
      }
      if (!in_member_) {
        // Zero padding after the last member is harmless (some tools align files).
        while (stream_.avail_in > 0 && *stream_.next_in == 0) {
          ++stream_.next_in;
          --stream_.avail_in;
        }
        if (stream_.avail_in == 0) continue;
        inflateReset(&stream_);
        in_member_ = true;
      }
      stream_.next_out = inflated_.data();
      stream_.avail_out = static_cast<uInt>(inflated_.size());
      int rc = inflate(&stream_, Z_NO_FLUSH);
      raw_left_ = stream_.avail_in;
      std::size_t produced = inflated_.size() - stream_.avail_out;
      buffer_.append(reinterpret_cast<const char*>(inflated_.data()), produced);
      if (rc == Z_STREAM_END) {
        in_member_ = false;
      } else if (rc != Z_OK && rc != Z_BUF_ERROR) {
        return set_error(std::string("corrupt gzip data (") + (stream_.msg ? stream_.msg : "zlib") +
                         ")");
      }
      if (produced > 0) return true;
    }
  }

  // Reads the next raw chunk; false at the end of the file or on an error.
  bool read_raw() {
    if (at_eof_) return false;
    for (;;) {
      ssize_t n = ::read(fd_, raw_.data(), raw_.size());
      if (n < 0 && errno == EINTR) continue;
      if (n < 0) return set_error("read error: " + errno_text());
      if (n == 0) {
        at_eof_ = true;
        return false;
      }
      raw_left_ = static_cast<std::size_t>(n);
      return true;
    }
  }

  bool set_error(std::string message) {
    error_ = std::move(message);
    return false;
  }

  int fd_;
  std::vector<unsigned char> raw_;
  std::vector<unsigned char> inflated_;
  std::size_t raw_left_ = 0;
  std::string buffer_;
  std::size_t pos_ = 0;
  z_stream stream_{};
  bool started_ = false, gzip_ = false, inflating_ = false, in_member_ = false, at_eof_ = false;
  std::string error_;
};

namespace {

// Splits a head ("first line\r\nName: value\r\n...") into its first line and headers; folded
// continuation lines join the header above. False when a line is not a header.
bool parse_head(std::string_view head, std::string& first_line, WarcHeaders& headers) {
  bool first = true;
  while (!head.empty()) {
    std::size_t eol = head.find('\n');
    std::string_view line = head.substr(0, eol);
    head.remove_prefix(eol == std::string_view::npos ? head.size() : eol + 1);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (first) {
      first_line = line;
      first = false;
    } else if (line.empty()) {
      break;  // the blank line that ends the head
    } else if (line.front() == ' ' || line.front() == '\t') {
      if (headers.empty()) return false;
      std::string& value = headers.back().second;
      value += ' ';
      value.append(trim(line));
    } else {
      std::size_t colon = line.find(':');
      if (colon == std::string_view::npos || colon == 0) return false;
      headers.emplace_back(std::string(trim(line.substr(0, colon))),
                           std::string(trim(line.substr(colon + 1))));
    }
  }
  return true;
}

// Where the blank line after a head ends: after the first "\r\n\r\n" or "\n\n", npos when
// there is none. It looks no further than that line: searching `bytes` for each of the two
// scanned all that the reader had buffered (64 KB and more) at every record, when a file's line
// ends are all of one kind.
std::size_t head_end(std::string_view bytes) {
  for (std::size_t lf = bytes.find('\n'); lf != std::string_view::npos; lf = bytes.find('\n', lf + 1)) {
    std::string_view after = bytes.substr(lf + 1);
    if (after.starts_with('\n')) return lf + 2;
    if (lf > 0 && bytes[lf - 1] == '\r' && after.starts_with("\r\n")) return lf + 3;
  }
  return std::string_view::npos;
}

// The HTTP status line, headers and payload of a response block; left empty when the block is
// not an HTTP response.
void parse_http_response(WarcRecord& record) {
  std::string_view block = record.block;
  if (!block.starts_with("HTTP/")) return;
  std::size_t end = head_end(block.substr(0, kMaxHeadBytes));
  if (end == std::string_view::npos) return;
  std::string status_line;
  WarcHeaders headers;
  if (!parse_head(block.substr(0, end), status_line, headers)) return;
  std::size_t space = status_line.find(' ');
  if (space == std::string::npos) return;
  std::string_view code = trim(std::string_view(status_line).substr(space + 1, 4));
  long status = 0;
  auto [ptr, ec] = std::from_chars(code.data(), code.data() + code.size(), status);
  if (ec != std::errc() || code.size() != 3 || ptr != code.data() + code.size()) return;
  record.http_status = status;
  record.http_headers = std::move(headers);
  record.payload = block.substr(end);
}

}  // namespace

WarcReader::WarcReader(const std::string& path) : path_(path) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) throw StoreError("cannot open " + path + ": " + errno_text());
  source_ = std::make_unique<Source>(fd);
}

WarcReader::~WarcReader() = default;

bool WarcReader::fail(const std::string& message) {
  std::string where = records_read_ == 0 ? "" : "after record " + std::to_string(records_read_) + ": ";
  error_ = path_ + ": " + where + (source_->error().empty() ? message : source_->error());
  done_ = true;
  return false;
}

bool WarcReader::next(WarcRecord& out) {
  if (done_) return false;
  out = WarcRecord{};
  if (read_record(out)) {
    ++records_read_;
    return true;
  }
  done_ = true;
  return false;
}

bool WarcReader::read_record(WarcRecord& out) {
  Source& in = *source_;
  // Writers differ in how many line ends they leave between records.
  while (in.ensure(1) && (in.view()[0] == '\r' || in.view()[0] == '\n')) in.consume(1);
  if (!in.ensure(1)) return in.error().empty() ? false : fail("");
  if (!in.ensure(5) || !in.view().starts_with("WARC/")) {
    return fail(records_read_ == 0 ? "not a WARC file (it does not start with a WARC/ version line)"
                                   : "no WARC/ version line where the next record should start");
  }

  std::size_t end = std::string_view::npos;
  for (std::size_t want = 512;; want = std::min(want * 2, kMaxHeadBytes)) {
    bool whole = in.ensure(want);
    end = head_end(in.view().substr(0, kMaxHeadBytes));
    if (end != std::string_view::npos) break;
    if (!whole) return fail("truncated record head");
    if (want == kMaxHeadBytes) {
      return fail("record head longer than " + std::to_string(kMaxHeadBytes) + " bytes");
    }
  }
  std::string version;
  if (!parse_head(in.view().substr(0, end), version, out.warc_headers)) {
    return fail("malformed record head");
  }
  in.consume(end);

  std::string_view length_text = header_value(out.warc_headers, "Content-Length");
  std::size_t length = 0;
  const char* length_end = length_text.data() + length_text.size();
  auto [ptr, ec] = std::from_chars(length_text.data(), length_end, length);
  if (length_text.empty() || ec == std::errc::invalid_argument || ptr != length_end) {
    return fail("record without a valid Content-Length");
  }
  if (ec == std::errc::result_out_of_range || length > kMaxWarcBlockBytes) {
    return fail("record block of " + std::string(length_text) + " bytes is over the " +
                std::to_string(kMaxWarcBlockBytes) + "-byte cap");
  }
  if (!in.ensure(length)) {
    return fail("truncated record: its block has " + std::to_string(length) + " bytes, the file " +
                "holds only " + std::to_string(in.view().size()));
  }
  out.block.assign(in.view().substr(0, length));
  in.consume(length);
  for (int i = 0; i < 2; ++i) {
    if (in.ensure(2) && in.view().starts_with("\r\n")) {
      in.consume(2);
    } else if (in.ensure(1) && in.view()[0] == '\n') {
      in.consume(1);
    }
  }

  out.type = header_value(out.warc_headers, "WARC-Type");
  out.target_uri = header_value(out.warc_headers, "WARC-Target-URI");
  // WARC/1.0 files (and the 1.1 spec's own examples) sometimes wrap the URI in angle brackets.
  if (out.target_uri.size() >= 2 && out.target_uri.front() == '<' && out.target_uri.back() == '>') {
    out.target_uri = out.target_uri.substr(1, out.target_uri.size() - 2);
  }
  out.date = header_value(out.warc_headers, "WARC-Date");
  out.record_id = header_value(out.warc_headers, "WARC-Record-ID");
  if (out.type == "response") parse_http_response(out);
  return true;
}

namespace {

// "chunked" framing: hex size, optional extensions, CRLF, data, CRLF; a zero size ends it.
// Each byte is looked at a bounded number of times: the extensions' ';' is looked for within the
// size line only (the rest of the payload once, per chunk, made 1-byte chunks quadratic).
bool dechunk(std::string_view in, std::string& out, std::string& error) {
  out.clear();
  for (;;) {
    std::size_t line_end = in.find("\r\n");
    if (line_end == std::string_view::npos) {
      error = "chunked payload cut short";
      return false;
    }
    std::string_view size_line = in.substr(0, line_end);
    std::string_view size_text = trim(size_line.substr(0, size_line.find(';')));
    std::size_t size = 0;
    auto [end, ec] = std::from_chars(size_text.data(), size_text.data() + size_text.size(), size, 16);
    if (ec != std::errc() || end != size_text.data() + size_text.size() || size_text.empty()) {
      error = "bad chunk size in chunked payload";
      return false;
    }
    in.remove_prefix(line_end + 2);
    if (size == 0) return true;  // trailers, if any, are not part of the page
    if (in.size() < size) {
      error = "chunked payload cut short";
      return false;
    }
    out.append(in.substr(0, size));
    in.remove_prefix(size);
    if (in.starts_with("\r\n")) in.remove_prefix(2);
  }
}

// zlib with a window that reads gzip (31), zlib (15) or raw deflate (-15) streams.
bool inflate_all(std::string_view in, int window_bits, std::string& out, std::string& error, std::size_t max_bytes) {
  z_stream stream{};
  if (inflateInit2(&stream, window_bits) != Z_OK) {
    error = "cannot start zlib";
    return false;
  }
  out.clear();
  stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
  stream.avail_in = static_cast<uInt>(in.size());
  char buffer[kChunkBytes];
  int rc = Z_OK;
  while (rc == Z_OK) {
    stream.next_out = reinterpret_cast<Bytef*>(buffer);
    stream.avail_out = sizeof buffer;
    rc = inflate(&stream, Z_NO_FLUSH);
    out.append(buffer, sizeof buffer - stream.avail_out);
    if (out.size() > max_bytes) {
      inflateEnd(&stream);
      error = "decoded payload larger than " + std::to_string(max_bytes) + " bytes";
      return false;
    }
    if (rc == Z_BUF_ERROR && stream.avail_in == 0) break;  // input ends without a stream end
  }
  inflateEnd(&stream);
  if (rc != Z_STREAM_END) {
    error = "corrupt compressed payload";
    return false;
  }
  return true;
}

// False, with the error, when a page of `size` bytes is over the cap.
bool fits(std::size_t size, std::size_t max_bytes, std::string& error) {
  if (size <= max_bytes) return true;
  error = "payload larger than " + std::to_string(max_bytes) + " bytes";
  return false;
}

}  // namespace

bool decoded_http_payload(const WarcRecord& record, std::string& out, std::string& error, std::size_t max_bytes) {
  error.clear();
  std::string dechunked;
  std::string_view payload = record.payload;
  std::string_view transfer = trim(header_value(record.http_headers, "Transfer-Encoding"));
  std::string_view encoding = trim(header_value(record.http_headers, "Content-Encoding"));
  bool compressed = !encoding.empty() && !iequals(encoding, "identity");
  if (!transfer.empty() && !iequals(transfer, "identity")) {
    if (!iequals(transfer, "chunked")) {
      error = "unsupported transfer encoding '" + std::string(transfer) + "'";
      return false;
    }
    // An uncompressed page is de-chunked straight into `out`, which saves a copy of it.
    if (!dechunk(payload, compressed ? dechunked : out, error)) return false;
    if (!compressed) return fits(out.size(), max_bytes, error);
    payload = dechunked;
  }
  if (!compressed) {
    if (!fits(payload.size(), max_bytes, error)) return false;
    out.assign(payload);
    return true;
  }
  if (iequals(encoding, "gzip") || iequals(encoding, "x-gzip")) return inflate_all(payload, 15 + 16, out, error, max_bytes);
  if (iequals(encoding, "deflate")) {
    // Servers send "deflate" both as zlib streams (the standard) and as raw deflate.
    // A zlib stream that grew past the cap is no raw deflate: its error stands.
    if (inflate_all(payload, 15, out, error, max_bytes) || out.size() > max_bytes) return out.size() <= max_bytes;
    return inflate_all(payload, -15, out, error, max_bytes);
  }
  error = "unsupported content encoding '" + std::string(encoding) + "'";
  return false;
}

}  // namespace winnow::store
