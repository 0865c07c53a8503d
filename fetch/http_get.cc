// One blocking HTTP(S) GET with libcurl, guarded against private addresses and oversized bodies.

#include <arpa/inet.h>
#include <curl/curl.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "config/control_characters.h"
#include "config/redact.h"
#include "config/text_util.h"
#include "fetch/fetcher.h"
#include "fetch/http_get_internal.h"

namespace winnow::fetch {
namespace http_internal {
namespace {

const char* ipv4_kind(uint32_t a) {  // host byte order
  if ((a >> 24) == 0) return "unspecified";
  if ((a >> 24) == 127) return "loopback";
  if ((a >> 24) == 10 || (a >> 20) == 0xAC1 || (a >> 16) == 0xC0A8) return "private";
  if ((a >> 22) == 0x191) return "shared (carrier-grade NAT)";  // 100.64.0.0/10
  if ((a >> 16) == 0xA9FE) return "link-local";
  if ((a >> 28) == 0xE) return "multicast";
  if ((a >> 28) == 0xF) return "reserved";  // 240.0.0.0/4, including broadcast
  return nullptr;
}

uint32_t ipv4_at(const uint8_t* bytes) {
  return (uint32_t{bytes[0]} << 24) | (uint32_t{bytes[1]} << 16) | (uint32_t{bytes[2]} << 8) |
         uint32_t{bytes[3]};
}

const char* ipv6_kind(const uint8_t* b) {
  static constexpr uint8_t kZero[16] = {};
  static constexpr uint8_t kMappedPrefix[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
  static constexpr uint8_t kNat64Prefix[12] = {0, 0x64, 0xff, 0x9b, 0, 0, 0, 0, 0, 0, 0, 0};
  if (std::memcmp(b, kZero, 16) == 0) return "unspecified";
  if (std::memcmp(b, kZero, 15) == 0 && b[15] == 1) return "loopback";
  if (std::memcmp(b, kMappedPrefix, 12) == 0 || std::memcmp(b, kZero, 12) == 0 ||
      std::memcmp(b, kNat64Prefix, 12) == 0) {
    return ipv4_kind(ipv4_at(b + 12));
  }
  if ((b[0] & 0xfe) == 0xfc) return "private";  // unique local, fc00::/7
  if (b[0] == 0xfe && (b[1] & 0xc0) == 0x80) return "link-local";
  if (b[0] == 0xfe && (b[1] & 0xc0) == 0xc0) return "site-local";
  if (b[0] == 0xff) return "multicast";
  return nullptr;
}

}  // namespace

const char* forbidden_address_kind(const sockaddr* address, socklen_t length) {
  if (address->sa_family == AF_INET && length >= static_cast<socklen_t>(sizeof(sockaddr_in))) {
    sockaddr_in v4;
    std::memcpy(&v4, address, sizeof v4);
    return ipv4_kind(ntohl(v4.sin_addr.s_addr));
  }
  if (address->sa_family == AF_INET6 && length >= static_cast<socklen_t>(sizeof(sockaddr_in6))) {
    sockaddr_in6 v6;
    std::memcpy(&v6, address, sizeof v6);
    return ipv6_kind(v6.sin6_addr.s6_addr);
  }
  return "non-IP";  // unix sockets and the like are never a web server
}

std::string address_to_string(const sockaddr* address, socklen_t length) {
  std::array<char, INET6_ADDRSTRLEN> text{};
  if (address->sa_family == AF_INET && length >= static_cast<socklen_t>(sizeof(sockaddr_in))) {
    sockaddr_in v4;
    std::memcpy(&v4, address, sizeof v4);
    if (inet_ntop(AF_INET, &v4.sin_addr, text.data(), text.size())) return text.data();
  } else if (address->sa_family == AF_INET6 &&
             length >= static_cast<socklen_t>(sizeof(sockaddr_in6))) {
    sockaddr_in6 v6;
    std::memcpy(&v6, address, sizeof v6);
    if (inet_ntop(AF_INET6, &v6.sin6_addr, text.data(), text.size())) return text.data();
  }
  return "(address family " + std::to_string(address->sa_family) + ")";
}

namespace {

using UrlHandle = std::unique_ptr<CURLU, decltype(&curl_url_cleanup)>;

int port_of(const sockaddr* address, socklen_t length) {
  if (address->sa_family == AF_INET && length >= static_cast<socklen_t>(sizeof(sockaddr_in))) {
    sockaddr_in v4;
    std::memcpy(&v4, address, sizeof v4);
    return ntohs(v4.sin_port);
  }
  if (address->sa_family == AF_INET6 && length >= static_cast<socklen_t>(sizeof(sockaddr_in6))) {
    sockaddr_in6 v6;
    std::memcpy(&v6, address, sizeof v6);
    return ntohs(v6.sin6_port);
  }
  return 0;
}

std::optional<std::string> url_part(CURLU* url, CURLUPart part, unsigned flags) {
  char* text = nullptr;
  if (curl_url_get(url, part, &text, flags) != CURLUE_OK || text == nullptr) return std::nullopt;
  std::string out(text);
  curl_free(text);
  return out;
}

bool endpoint_allowed(const GetOptions& options, const std::string& endpoint) {
  const std::vector<std::string>& allowed = options.allowed_endpoints;
  return std::find(allowed.begin(), allowed.end(), endpoint) != allowed.end();
}

// RFC 6761 reserves "localhost" and every name under it for the loopback interface.
bool is_localhost_name(std::string host) {
  while (!host.empty() && host.back() == '.') host.pop_back();
  std::transform(host.begin(), host.end(), host.begin(),
                 [](char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c; });
  return host == "localhost" || host.ends_with(".localhost");
}

}  // namespace

std::string endpoint_to_string(const sockaddr* address, socklen_t length) {
  std::string ip = address_to_string(address, length);
  std::string port = std::to_string(port_of(address, length));
  return address->sa_family == AF_INET6 ? "[" + ip + "]:" + port : ip + ":" + port;
}

std::string refused_connection(const GetOptions& options, const sockaddr* address,
                               socklen_t length) {
  if (options.allow_private_addresses) return {};
  const char* kind = forbidden_address_kind(address, length);
  if (kind == nullptr || endpoint_allowed(options, endpoint_to_string(address, length))) return {};
  return address_to_string(address, length) + " (" + kind + " address)";
}

std::string refused_host(const GetOptions& options, const std::string& url) {
  if (options.allow_private_addresses || url.find('\0') != std::string::npos) return {};
  UrlHandle parsed(curl_url(), &curl_url_cleanup);
  if (!parsed || curl_url_set(parsed.get(), CURLUPART_URL, url.c_str(), 0) != CURLUE_OK) return {};
  std::optional<std::string> host = url_part(parsed.get(), CURLUPART_HOST, 0);
  std::optional<std::string> port = url_part(parsed.get(), CURLUPART_PORT, CURLU_DEFAULT_PORT);
  if (!host || !port) return {};
  const auto port_number = static_cast<uint16_t>(std::strtoul(port->c_str(), nullptr, 10));
  if (is_localhost_name(*host)) {
    if (endpoint_allowed(options, "127.0.0.1:" + *port) || endpoint_allowed(options, "[::1]:" + *port)) {
      return {};
    }
    return *host + " (loopback name)";
  }
  sockaddr_in v4{};
  if (inet_pton(AF_INET, host->c_str(), &v4.sin_addr) == 1) {
    v4.sin_family = AF_INET;
    v4.sin_port = htons(port_number);
    return refused_connection(options, reinterpret_cast<const sockaddr*>(&v4), sizeof v4);
  }
  sockaddr_in6 v6{};
  if (host->size() > 2 && host->front() == '[' && host->back() == ']' &&
      inet_pton(AF_INET6, host->substr(1, host->size() - 2).c_str(), &v6.sin6_addr) == 1) {
    v6.sin6_family = AF_INET6;
    v6.sin6_port = htons(port_number);
    return refused_connection(options, reinterpret_cast<const sockaddr*>(&v6), sizeof v6);
  }
  return {};
}

std::string refusal_message(const std::string& refused) {
  return "refused to connect to " + refused + ": private addresses are not allowed";
}

std::string user_agent_to_send(const GetOptions& options) {
  if (options.user_agent.empty() || config::header_value_problem(options.user_agent)) {
    return config::default_user_agent();
  }
  return options.user_agent;
}

void ensure_curl_global_init() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

namespace {

std::string_view trim_header(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() &&
         (s.back() == ' ' || s.back() == '\t' || s.back() == '\r' || s.back() == '\n')) {
    s.remove_suffix(1);
  }
  return s;
}

}  // namespace

void add_header_line(std::string_view line, Headers& headers) {
  if (line.starts_with("HTTP/")) {
    headers.clear();  // a new response in a redirect chain (or after 100 Continue)
  } else if ((line.starts_with(" ") || line.starts_with("\t")) && !headers.empty()) {
    std::string_view folded = trim_header(line);
    if (!folded.empty()) headers.back().second.append(" ").append(folded);
  } else if (size_t colon = line.find(':'); colon != std::string_view::npos) {
    std::string name(trim_header(line.substr(0, colon)));
    std::transform(name.begin(), name.end(), name.begin(),
                   [](char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c; });
    headers.emplace_back(std::move(name), std::string(trim_header(line.substr(colon + 1))));
  }
}

bool ResponseHeadWatch::add(std::string_view line) {
  if (line.starts_with("HTTP/")) {  // a new response: after a 1xx or in a redirect chain
    head_bytes_ = 0;
    head_done_ = false;
  }
  if (line == "\r\n" || line == "\n") head_done_ = true;
  head_bytes_ += line.size();
  if (head_bytes_ > kMaxResponseHeadBytes) too_large_ = true;
  return !too_large_;
}

std::optional<std::pair<ErrorKind, std::string>> ResponseHeadWatch::failure(CURL* easy, CURLcode code) const {
  if (code == CURLE_WRITE_ERROR && too_large_) {
    return std::pair{ErrorKind::Http,
                     "response headers larger than " + std::to_string(kMaxResponseHeadBytes) + " bytes"};
  }
  // curl gives up a longer header line (a 200 KB Location, say) as out of memory. Once the
  // request is sent and before the head is complete, that is what such a failure is.
  long request_bytes = 0;
  if (code == CURLE_OUT_OF_MEMORY && !head_done_ &&
      curl_easy_getinfo(easy, CURLINFO_REQUEST_SIZE, &request_bytes) == CURLE_OK && request_bytes > 0) {
    return std::pair{ErrorKind::Http, "a response header line longer than " +
                                          std::to_string(kCurlMaxHeaderLineBytes) + " bytes (libcurl's limit)"};
  }
  return std::nullopt;
}

std::string cannot_resolve_message(std::string_view url) {
  std::string host = config::text::host_of_url(url);
  return "cannot resolve host " + (host.empty() ? std::string(url) : host);
}

std::string effective_url(CURL* easy, const std::string& requested) {
  char* url = nullptr;
  if (curl_easy_getinfo(easy, CURLINFO_EFFECTIVE_URL, &url) == CURLE_OK && url != nullptr && url[0] != '\0') return url;
  return requested;
}

ErrorKind kind_of(CURLcode code) {
  switch (code) {
    case CURLE_OK:
      return ErrorKind::None;
    case CURLE_URL_MALFORMAT:
      return ErrorKind::InvalidUrl;
    case CURLE_UNSUPPORTED_PROTOCOL:
      return ErrorKind::ForbiddenScheme;
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_COULDNT_RESOLVE_PROXY:
      return ErrorKind::Dns;
    case CURLE_COULDNT_CONNECT:
    case CURLE_SEND_ERROR:
    case CURLE_RECV_ERROR:
      return ErrorKind::Connect;
    case CURLE_OPERATION_TIMEDOUT:
      return ErrorKind::Timeout;
    case CURLE_FILESIZE_EXCEEDED:
      return ErrorKind::TooLarge;
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SSL_CERTPROBLEM:
    case CURLE_SSL_CIPHER:
    case CURLE_SSL_CACERT_BADFILE:
    case CURLE_SSL_ENGINE_NOTFOUND:
    case CURLE_SSL_ENGINE_SETFAILED:
    case CURLE_SSL_ENGINE_INITFAILED:
    case CURLE_SSL_SHUTDOWN_FAILED:
    case CURLE_SSL_CRL_BADFILE:
    case CURLE_SSL_ISSUER_ERROR:
    case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
    case CURLE_SSL_INVALIDCERTSTATUS:
    case CURLE_SSL_CLIENTCERT:
    case CURLE_USE_SSL_FAILED:
      return ErrorKind::Tls;
    case CURLE_OUT_OF_MEMORY:
    case CURLE_WRITE_ERROR:
    case CURLE_FAILED_INIT:
      return ErrorKind::Io;
    default:
      return ErrorKind::Http;
  }
}

}  // namespace http_internal

const char* to_string(ErrorKind kind) {
  switch (kind) {
    case ErrorKind::None:
      return "none";
    case ErrorKind::InvalidUrl:
      return "invalid_url";
    case ErrorKind::ForbiddenScheme:
      return "forbidden_scheme";
    case ErrorKind::ForbiddenAddress:
      return "forbidden_address";
    case ErrorKind::Dns:
      return "dns";
    case ErrorKind::Connect:
      return "connect";
    case ErrorKind::Timeout:
      return "timeout";
    case ErrorKind::TooLarge:
      return "too_large";
    case ErrorKind::Tls:
      return "tls";
    case ErrorKind::Http:
      return "http";
    case ErrorKind::Io:
      return "io";
    case ErrorKind::Redirect:
      return "redirect";
    case ErrorKind::Robots:
      return "robots";
    case ErrorKind::Skipped:
      return "skipped";
  }
  return "unknown";
}

namespace {

constexpr const char* kAccept =
    "Accept: text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";


using EasyHandle = std::unique_ptr<CURL, decltype(&curl_easy_cleanup)>;
using HeaderList = std::unique_ptr<curl_slist, decltype(&curl_slist_free_all)>;
using http_internal::UrlHandle;

// State shared with curl's callbacks for one transfer.
struct Transfer {
  const GetOptions& options;
  std::string body;
  Headers headers;
  http_internal::ResponseHeadWatch head_watch;
  bool body_too_large = false;
  std::string refused_address;  // last address the private-address guard refused, with its kind
};


size_t write_body(char* data, size_t size, size_t count, void* user) {
  auto* transfer = static_cast<Transfer*>(user);
  size_t bytes = size * count;
  if (transfer->body.size() + bytes > transfer->options.max_body_bytes) {
    transfer->body_too_large = true;
    return 0;  // curl aborts with CURLE_WRITE_ERROR
  }
  transfer->body.append(data, bytes);
  return bytes;
}

size_t collect_header(char* data, size_t size, size_t count, void* user) {
  auto* transfer = static_cast<Transfer*>(user);
  std::string_view line(data, size * count);
  if (!transfer->head_watch.add(line)) return 0;  // curl aborts with CURLE_WRITE_ERROR
  http_internal::add_header_line(line, transfer->headers);
  return size * count;
}

// Runs after DNS for every connection curl opens, redirects included, so a name that resolves
// (or is rebound) to an internal address cannot get past it.
curl_socket_t open_guarded_socket(void* user, curlsocktype, curl_sockaddr* address) {
  auto* transfer = static_cast<Transfer*>(user);
  std::string refused = http_internal::refused_connection(
      transfer->options, &address->addr, static_cast<socklen_t>(address->addrlen));
  if (!refused.empty()) {
    transfer->refused_address = std::move(refused);
    return CURL_SOCKET_BAD;
  }
  return ::socket(address->family, address->socktype | SOCK_CLOEXEC, address->protocol);
}

void fail(Response& response, ErrorKind kind, std::string message) {
  response.error_kind = kind;
  response.error = std::move(message);
  response.body.clear();  // a cut-off body must not pass for a page
}

// Rejects what curl would otherwise guess at (no scheme) or hand to another protocol handler.
bool check_url(const std::string& url, Response& response) {
  UrlHandle parsed(curl_url(), &curl_url_cleanup);
  if (!parsed) {
    fail(response, ErrorKind::Io, "out of memory");
    return false;
  }
  CURLUcode status =
      curl_url_set(parsed.get(), CURLUPART_URL, url.c_str(), CURLU_NON_SUPPORT_SCHEME);
  if (status != CURLUE_OK) {
    fail(response, ErrorKind::InvalidUrl,
         "invalid URL '" + config::redact_url(url) + "': " + curl_url_strerror(status));
    return false;
  }
  char* scheme = nullptr;
  if (curl_url_get(parsed.get(), CURLUPART_SCHEME, &scheme, 0) != CURLUE_OK || !scheme) {
    fail(response, ErrorKind::InvalidUrl, "invalid URL '" + config::redact_url(url) + "': no scheme");
    return false;
  }
  std::string name(scheme);
  curl_free(scheme);
  if (name != "http" && name != "https") {
    fail(response, ErrorKind::ForbiddenScheme,
         "scheme '" + name + "' is not allowed (only http and https): " + config::redact_url(url));
    return false;
  }
  return true;
}

// The page's address: credentials in the URL are a means of access, not part of it, and must
// not travel on into records and output.
std::string without_userinfo(const std::string& url) {
  UrlHandle parsed(curl_url(), &curl_url_cleanup);
  if (!parsed || curl_url_set(parsed.get(), CURLUPART_URL, url.c_str(), 0) != CURLUE_OK) {
    return url;
  }
  curl_url_set(parsed.get(), CURLUPART_USER, nullptr, 0);
  curl_url_set(parsed.get(), CURLUPART_PASSWORD, nullptr, 0);
  curl_url_set(parsed.get(), CURLUPART_OPTIONS, nullptr, 0);
  char* text = nullptr;
  if (curl_url_get(parsed.get(), CURLUPART_URL, &text, 0) != CURLUE_OK || text == nullptr) {
    return url;
  }
  std::string out(text);
  curl_free(text);
  return out;
}

// Returns the first option curl refused, CURLE_OK when all took.
CURLcode configure(CURL* curl, const std::string& url, Transfer& transfer, curl_slist* headers,
                   curl_slist* resolve, char* error_buffer) {
  const GetOptions& options = transfer.options;
  std::string user_agent = http_internal::user_agent_to_send(options);
  CURLcode codes[] = {
      curl_easy_setopt(curl, CURLOPT_URL, url.c_str()),
      curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, error_buffer),
      curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L),
      curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "http,https"),
      curl_easy_setopt(curl, CURLOPT_REDIR_PROTOCOLS_STR, "http,https"),
      curl_easy_setopt(curl, CURLOPT_FOLLOWLOCATION, 1L),
      curl_easy_setopt(curl, CURLOPT_MAXREDIRS, options.max_redirects),
      curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT, options.connect_timeout_seconds),
      curl_easy_setopt(curl, CURLOPT_TIMEOUT, options.total_timeout_seconds),
      curl_easy_setopt(curl, CURLOPT_LOW_SPEED_LIMIT, options.low_speed_bytes_per_second),
      curl_easy_setopt(curl, CURLOPT_LOW_SPEED_TIME, options.low_speed_seconds),
      curl_easy_setopt(curl, CURLOPT_ACCEPT_ENCODING, ""),
      curl_easy_setopt(curl, CURLOPT_MAXFILESIZE_LARGE,
                       static_cast<curl_off_t>(options.max_body_bytes)),
      curl_easy_setopt(curl, CURLOPT_USERAGENT, user_agent.c_str()),
      curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers),
      // A proxy would resolve and connect for us, out of the address guard's sight.
      curl_easy_setopt(curl, CURLOPT_PROXY, ""),
      curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, write_body),
      curl_easy_setopt(curl, CURLOPT_WRITEDATA, &transfer),
      curl_easy_setopt(curl, CURLOPT_HEADERFUNCTION, collect_header),
      curl_easy_setopt(curl, CURLOPT_HEADERDATA, &transfer),
      curl_easy_setopt(curl, CURLOPT_OPENSOCKETFUNCTION, open_guarded_socket),
      curl_easy_setopt(curl, CURLOPT_OPENSOCKETDATA, &transfer),
      curl_easy_setopt(curl, CURLOPT_RESOLVE, resolve),
  };
  for (CURLcode code : codes) {
    if (code != CURLE_OK) return code;
  }
  return CURLE_OK;
}

std::string describe_failure(CURLcode code, const char* error_buffer) {
  return error_buffer[0] != '\0' ? std::string(error_buffer) : curl_easy_strerror(code);
}

void record_failure(CURL* curl, CURLcode code, const Transfer& transfer, const char* error_buffer,
                    Response& response) {
  const GetOptions& options = transfer.options;
  std::string cap = std::to_string(options.max_body_bytes);
  if (auto head_failure = transfer.head_watch.failure(curl, code)) {
    fail(response, head_failure->first, std::move(head_failure->second));
  } else if (code == CURLE_COULDNT_CONNECT && !transfer.refused_address.empty()) {
    fail(response, ErrorKind::ForbiddenAddress,
         http_internal::refusal_message(transfer.refused_address));
  } else if (code == CURLE_WRITE_ERROR && transfer.body_too_large) {
    fail(response, ErrorKind::TooLarge, "response body larger than " + cap + " bytes");
  } else if (code == CURLE_FILESIZE_EXCEEDED) {
    fail(response, ErrorKind::TooLarge,
         "response body larger than " + cap + " bytes (by its Content-Length)");
  } else if (code == CURLE_TOO_MANY_REDIRECTS) {
    fail(response, ErrorKind::Http,
         "too many redirects (more than " + std::to_string(options.max_redirects) + ")");
  } else {
    fail(response, http_internal::kind_of(code),
         code == CURLE_COULDNT_RESOLVE_HOST
             ? http_internal::cannot_resolve_message(http_internal::effective_url(curl, response.requested_url))
             : describe_failure(code, error_buffer));
  }
}

}  // namespace

Response http_get(const std::string& url, const GetOptions& options) {
  Response response;
  response.requested_url = url;
  if (!check_url(url, response)) return response;

  http_internal::ensure_curl_global_init();
  EasyHandle curl(curl_easy_init(), &curl_easy_cleanup);
  HeaderList headers(curl_slist_append(nullptr, kAccept), &curl_slist_free_all);
  if (!curl || !headers) {
    fail(response, ErrorKind::Io, "cannot initialise libcurl");
    return response;
  }
  HeaderList resolve(nullptr, &curl_slist_free_all);
  for (const std::string& entry : options.resolve) {
    curl_slist* list = curl_slist_append(resolve.get(), entry.c_str());
    if (list == nullptr) {
      fail(response, ErrorKind::Io, "out of memory");
      return response;
    }
    if (!resolve) resolve.reset(list);  // the first entry is the head; later ones go behind it
  }
  Transfer transfer{options, {}, {}, {}, false, {}};
  std::array<char, CURL_ERROR_SIZE> error_buffer{};
  CURLcode code = configure(curl.get(), url, transfer, headers.get(), resolve.get(),
                            error_buffer.data());
  if (code == CURLE_OK) code = curl_easy_perform(curl.get());

  char* final_url = nullptr;
  if (curl_easy_getinfo(curl.get(), CURLINFO_EFFECTIVE_URL, &final_url) == CURLE_OK && final_url) {
    response.final_url = without_userinfo(final_url);
  }
  curl_easy_getinfo(curl.get(), CURLINFO_RESPONSE_CODE, &response.status);
  char* content_type = nullptr;
  if (curl_easy_getinfo(curl.get(), CURLINFO_CONTENT_TYPE, &content_type) == CURLE_OK &&
      content_type) {
    response.content_type = content_type;
  }
  response.headers = std::move(transfer.headers);
  response.body = std::move(transfer.body);
  if (code != CURLE_OK) record_failure(curl.get(), code, transfer, error_buffer.data(), response);
  return response;
}

}  // namespace winnow::fetch
