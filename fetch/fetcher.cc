// The crawler's downloader: many transfers on one libcurl multi handle, one thread, event-driven.
//
// Every request is a Job that lives in its host's queue until the host may take another
// transfer (per-host limit, delay since the last start, robots.txt known) and the total limit
// has room. Redirects are followed one hop at a time: each hop goes back through the queue of
// the host it points to, so politeness, robots.txt and the private-address guard hold for it.

#include <curl/curl.h>
#include <netdb.h>
#include <sys/socket.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <cmath>
#include <cstdlib>
#include <ctime>
#include <deque>
#include <map>
#include <optional>
#include <random>
#include <string>
#include <string_view>
#include <thread>
#include <unordered_map>
#include <utility>

#include "config/control_characters.h"
#include "config/redact.h"
#include "fetch/fetcher.h"
#include "fetch/http_get_internal.h"
#include "fetch/robots.h"
#include "fetch/url.h"

namespace winnow::fetch {
namespace {

using Clock = std::chrono::steady_clock;
using Seconds = std::chrono::duration<double>;

constexpr const char* kAcceptHtml = "Accept: text/html,application/xhtml+xml;q=0.9,*/*;q=0.5";
constexpr const char* kAcceptXml =
    "Accept: application/xml,text/xml,application/rss+xml,application/atom+xml,text/html;q=0.8,*/*;q=0.5";

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c + 32);
  }
  return out;
}

std::string header_value(const Headers& headers, std::string_view name) {
  for (const auto& [key, value] : headers) {
    if (key == name) return value;
  }
  return {};
}

// Sitemaps and feeds: XML, JSON Feed, gzip-compressed sitemaps (.xml.gz served as such) and
// plain-text sitemaps.
bool is_xml_type(const std::string& type) {
  return type == "application/xml" || type == "text/xml" || type.ends_with("+xml") ||
         type == "application/json" || type == "application/feed+json" || type == "application/gzip" ||
         type == "application/x-gzip" || type == "text/plain";
}

bool retryable_status(long status) {
  return status == 408 || status == 429 || status == 500 || status == 502 || status == 503 ||
         status == 504;
}

bool retryable_error(ErrorKind kind) {
  return kind == ErrorKind::Timeout || kind == ErrorKind::Connect;
}

// Retry-After: seconds, or an HTTP date (curl_getdate reads every form HTTP allows).
std::optional<double> retry_after_seconds(const Headers& headers) {
  std::string value = header_value(headers, "retry-after");
  if (value.empty()) return std::nullopt;
  if (std::all_of(value.begin(), value.end(), [](char c) { return c >= '0' && c <= '9'; })) {
    return value.size() > 9 ? 1e9 : std::stod(value);
  }
  time_t when = curl_getdate(value.c_str(), nullptr);
  if (when < 0) return std::nullopt;
  return std::max(0.0, std::difftime(when, std::time(nullptr)));
}

// The proxy settings curl may use: the configured one, else the environment's (curl reads
// http_proxy, https_proxy, all_proxy and, but for http_proxy, their upper-case forms).
std::vector<std::string> proxy_settings(const std::string& proxy) {
  if (!proxy.empty()) return {proxy};
  std::vector<std::string> settings;
  for (const char* name : {"http_proxy", "HTTP_PROXY", "https_proxy", "HTTPS_PROXY", "all_proxy", "ALL_PROXY"}) {
    const char* value = std::getenv(name);
    if (value != nullptr && *value != '\0') settings.emplace_back(value);
  }
  return settings;
}

// curl names a proxy setting it cannot use in its error message, credentials and all
// ("Unsupported proxy syntax in 'http://user:password@...'"), whether the setting came from the
// options or from the environment: each such setting with its redacted form.
std::vector<std::pair<std::string, std::string>> proxy_secrets(const std::string& proxy) {
  std::vector<std::pair<std::string, std::string>> out;
  for (std::string& setting : proxy_settings(proxy)) {
    std::string redacted = config::redact_url(setting);
    if (redacted != setting) out.emplace_back(std::move(setting), std::move(redacted));
  }
  return out;
}

// The "IP:port" endpoints of the proxies curl may connect to for us, resolved once. The guard
// lets a socket to one of them through (the user chose the proxy, wherever it is) and still
// judges every other socket, such as the direct connections no_proxy asks for.
std::vector<std::string> proxy_endpoints(const std::string& proxy) {
  std::vector<std::string> endpoints;
  for (const std::string& setting : proxy_settings(proxy)) {
    std::unique_ptr<CURLU, decltype(&curl_url_cleanup)> url(curl_url(), &curl_url_cleanup);
    if (!url || curl_url_set(url.get(), CURLUPART_URL, setting.c_str(),
                             CURLU_DEFAULT_SCHEME | CURLU_NON_SUPPORT_SCHEME) != CURLUE_OK) {
      continue;  // curl cannot use it either, and says so in each transfer's error
    }
    auto part = [&](CURLUPart which) {
      char* text = nullptr;
      std::string value;
      if (curl_url_get(url.get(), which, &text, 0) == CURLUE_OK && text != nullptr) value = text;
      curl_free(text);
      return value;
    };
    std::string host = part(CURLUPART_HOST);
    if (host.size() > 2 && host.front() == '[') host = host.substr(1, host.size() - 2);
    std::string port = part(CURLUPART_PORT);
    if (port.empty()) port = part(CURLUPART_SCHEME) == "https" ? "443" : "1080";  // curl's defaults
    addrinfo hints{};
    hints.ai_socktype = SOCK_STREAM;
    hints.ai_flags = AI_NUMERICSERV;
    addrinfo* found = nullptr;
    if (getaddrinfo(host.c_str(), port.c_str(), &hints, &found) != 0) continue;
    for (const addrinfo* at = found; at != nullptr; at = at->ai_next) {
      endpoints.push_back(http_internal::endpoint_to_string(at->ai_addr, at->ai_addrlen));
    }
    freeaddrinfo(found);
  }
  return endpoints;
}

using EasyHandle = std::unique_ptr<CURL, decltype(&curl_easy_cleanup)>;
using HeaderList = std::unique_ptr<curl_slist, decltype(&curl_slist_free_all)>;

}  // namespace

struct Fetcher::Impl {
  // One request on its way: through retries and redirects, until it has a result.
  struct Job {
    FetchResult result;
    std::string url;          // the URL of the current hop
    std::string origin;       // its scheme://host:port, the politeness and robots key
    Clock::time_point not_before{};
    bool robots = false;      // an internal robots.txt fetch, not a caller's request
    std::uint64_t serial = 0;
  };

  // One transfer in flight.
  struct Transfer {
    Impl* impl = nullptr;
    Job job;
    EasyHandle easy{nullptr, &curl_easy_cleanup};
    HeaderList request_headers{nullptr, &curl_slist_free_all};
    std::array<char, CURL_ERROR_SIZE> error_buffer{};
    std::string body;
    Headers headers;
    std::string reason;  // of the last status line
    http_internal::ResponseHeadWatch head_watch;
    std::size_t body_cap = 0;
    bool too_large = false;
    bool robots_cut = false;  // robots.txt past kMaxRobotsTxtBytes: its first bytes are kept
    bool skipped = false;          // an unwanted content type: aborted at the first body byte
    std::string skipped_type;
    std::string refused_address;
  };

  struct Host {
    std::deque<Job> queue;
    // Jobs waiting out a retry delay, earliest first: kept apart so that one of them does not
    // hold back the rest of its host's queue for the whole delay.
    std::deque<Job> retries;
    std::size_t active = 0;
    Clock::time_point next_start{};
    bool robots_pending = false;   // robots.txt being fetched: the queue waits
    ErrorKind robots_failure = ErrorKind::None;  // why robots.txt could not be fetched
    std::string robots_failure_message;
  };

  FetchOptions options;
  std::vector<std::pair<std::string, std::string>> proxy_secrets;  // as written, redacted
  std::vector<std::string> proxy_endpoints;  // "IP:port" of the proxies, which the guard lets through
  std::unique_ptr<curl_slist, decltype(&curl_slist_free_all)> resolve{nullptr, &curl_slist_free_all};
  std::string user_agent;
  std::string agent_token;  // the product token robots.txt groups are matched against
  CURLM* multi = nullptr;
  std::map<std::string, Host> hosts;
  std::unordered_map<CURL*, std::unique_ptr<Transfer>> running;
  std::deque<FetchResult> done;
  RobotsCache robots;
  std::size_t pending_requests = 0;
  std::uint64_t serial = 0;
  std::mt19937_64 random{std::random_device{}()};

  explicit Impl(FetchOptions o) : options(std::move(o)) {
    http_internal::ensure_curl_global_init();
    std::vector<std::string>& allowed = options.transfer.allowed_endpoints;
    allowed.insert(allowed.end(), options.allowed_endpoints.begin(), options.allowed_endpoints.end());
    proxy_secrets = fetch::proxy_secrets(options.proxy);
    proxy_endpoints = fetch::proxy_endpoints(options.proxy);
    for (const std::string& entry : options.transfer.resolve) {
      curl_slist* list = curl_slist_append(resolve.get(), entry.c_str());
      if (list != nullptr && !resolve) resolve.reset(list);  // later entries go behind the head
    }
    user_agent = http_internal::user_agent_to_send(options.transfer);
    agent_token = lower(user_agent.substr(0, user_agent.find_first_of("/ ")));
    multi = curl_multi_init();
    if (options.max_concurrency == 0) options.max_concurrency = 1;
    if (options.per_host == 0) options.per_host = 1;
    curl_multi_setopt(multi, CURLMOPT_MAX_TOTAL_CONNECTIONS, static_cast<long>(options.max_concurrency));
    curl_multi_setopt(multi, CURLMOPT_MAX_HOST_CONNECTIONS, static_cast<long>(options.per_host));
  }

  ~Impl() {
    for (auto& [easy, transfer] : running) curl_multi_remove_handle(multi, easy);
    running.clear();
    curl_multi_cleanup(multi);
  }

  // ---- queueing ---------------------------------------------------------------------------------

  void finish(Job& job) {
    job.result.final_url = job.url;
    if (job.robots) return;
    --pending_requests;
    done.push_back(std::move(job.result));
  }

  std::string curl_message(CURLcode code, const char* error_buffer) const {
    std::string message = error_buffer[0] != '\0' ? std::string(error_buffer) : curl_easy_strerror(code);
    for (const auto& [setting, redacted] : proxy_secrets) {
      for (size_t at = message.find(setting); at != std::string::npos; at = message.find(setting, at + redacted.size())) {
        message.replace(at, setting.size(), redacted);
      }
    }
    return message;
  }

  void fail(Job& job, ErrorKind kind, std::string message) {
    job.result.error_kind = kind;
    job.result.error = std::move(message);
    job.result.body.clear();
    finish(job);
  }

  // Puts a job in its host's queue, or finishes it at once when its URL cannot be fetched.
  void enqueue(Job job) {
    std::string error;
    std::optional<std::string> normalized = normalize_url(job.url, &error);
    if (!normalized) {
      bool scheme = job.url.find("://") != std::string::npos && !job.url.starts_with("http");
      return fail(job, scheme ? ErrorKind::ForbiddenScheme : ErrorKind::InvalidUrl,
                  "cannot fetch '" + config::redact_url(job.url) + "': " + (error.empty() ? "not an http(s) URL" : error));
    }
    job.url = *normalized;
    std::optional<std::pair<std::string, std::string>> origin = robots_origin(job.url);
    if (!origin) return fail(job, ErrorKind::InvalidUrl, "cannot fetch '" + config::redact_url(job.url) + "': no host");
    // Judged before robots.txt and DNS: with a proxy this is the only check there is.
    if (std::string refused = http_internal::refused_host(options.transfer, job.url); !refused.empty()) {
      return fail(job, ErrorKind::ForbiddenAddress, http_internal::refusal_message(refused));
    }
    job.origin = origin->first;
    job.serial = ++serial;
    Host& host = hosts[job.origin];
    if (job.robots) host.queue.push_front(std::move(job));
    else host.queue.push_back(std::move(job));
  }

  // The path and query robots.txt rules are matched against.
  static std::string path_of(const std::string& url) {
    size_t scheme = url.find("://");
    size_t slash = url.find('/', scheme == std::string::npos ? 0 : scheme + 3);
    return slash == std::string::npos ? "/" : url.substr(slash);
  }

  double host_delay(const std::string& origin, Clock::time_point now) const {
    double delay = options.host_delay_seconds;
    if (options.obey_robots) {
      if (const RobotsRules* rules = robots.find(origin, now); rules && rules->crawl_delay) {
        delay = std::max(delay, std::min(*rules->crawl_delay, options.max_crawl_delay_seconds));
      }
    }
    return delay;
  }

  // Starts every transfer the limits allow; returns when the next one may start (or max()).
  Clock::time_point schedule() {
    Clock::time_point now = Clock::now();
    Clock::time_point wake = Clock::time_point::max();
    for (auto& [origin, host] : hosts) {
      while (running.size() < options.max_concurrency && host.active < options.per_host) {
        // A retry whose delay is over goes first; the ones still waiting let the queue go on.
        if (!host.retries.empty()) {
          if (host.retries.front().not_before <= now) {
            host.queue.push_front(std::move(host.retries.front()));
            host.retries.pop_front();
          } else {
            wake = std::min(wake, host.retries.front().not_before);
          }
        }
        if (host.queue.empty()) break;
        Job& front = host.queue.front();
        if (options.obey_robots && !front.robots) {
          const RobotsRules* rules = robots.find(origin, now);
          if (rules == nullptr) {
            if (!host.robots_pending) {
              host.robots_pending = true;
              Job robots_job;
              robots_job.robots = true;
              robots_job.url = robots_origin(front.url)->second;
              robots_job.origin = origin;
              robots_job.serial = ++serial;
              host.queue.push_front(std::move(robots_job));
              continue;
            }
            break;  // wait for robots.txt
          }
          if (!rules->allowed(path_of(front.url))) {
            Job job = std::move(front);
            host.queue.pop_front();
            if (host.robots_failure == ErrorKind::ForbiddenAddress) {
              fail(job, ErrorKind::ForbiddenAddress, host.robots_failure_message);
            } else if (host.robots_failure == ErrorKind::Dns) {
              // The host has no address: the URL cannot be fetched either, and robots.txt is not
              // why ("cannot resolve host example.invalid", not a robots.txt failure).
              fail(job, ErrorKind::Dns, host.robots_failure_message);
            } else if (host.robots_failure != ErrorKind::None) {
              // RFC 9309: an unreachable robots.txt disallows everything for now. The URL failed
              // the way robots.txt did (a timeout, a 5xx), and is tried again later like one.
              fail(job, host.robots_failure, origin + "/robots.txt could not be fetched (" +
                                                 host.robots_failure_message + "): disallowed for now");
            } else {
              fail(job, ErrorKind::Robots, "disallowed by " + origin + "/robots.txt");
            }
            continue;
          }
        }
        Clock::time_point ready = std::max(front.not_before, host.next_start);
        if (ready > now) {
          wake = std::min(wake, ready);
          break;
        }
        Job job = std::move(front);
        host.queue.pop_front();
        double delay = job.robots ? 0.0 : host_delay(origin, now);
        host.next_start = now + std::chrono::duration_cast<Clock::duration>(Seconds(delay));
        ++host.active;
        start(std::move(job));
      }
    }
    return wake;
  }

  // ---- one transfer -----------------------------------------------------------------------------

  static size_t on_body(char* data, size_t size, size_t count, void* user) {
    auto* t = static_cast<Transfer*>(user);
    size_t bytes = size * count;
    if (t->body.empty() && !t->job.robots) {
      // The first body byte: the headers are complete, so the content type is known.
      char* type = nullptr;
      long status = 0;
      curl_easy_getinfo(t->easy.get(), CURLINFO_RESPONSE_CODE, &status);
      curl_easy_getinfo(t->easy.get(), CURLINFO_CONTENT_TYPE, &type);
      std::string media = media_type(type ? type : "");
      bool wanted = is_html_type(media) || (t->job.result.request.xml && is_xml_type(media));
      if (status >= 200 && status < 300 && !wanted) {
        t->skipped = true;
        t->skipped_type = media;
        return 0;
      }
    }
    if (t->body.size() + bytes > t->body_cap) {
      if (t->job.robots) {
        // RFC 9309 2.5: the first 500 KiB are parsed, not the whole file refused. One byte past
        // the cap is kept so the parser can tell whether the cut fell at a line's end.
        t->body.append(data, t->body_cap + 1 - t->body.size());
        t->robots_cut = true;
        return 0;
      }
      t->too_large = true;
      return 0;
    }
    t->body.append(data, bytes);
    return bytes;
  }

  static size_t on_header(char* data, size_t size, size_t count, void* user) {
    auto* t = static_cast<Transfer*>(user);
    std::string_view line(data, size * count);
    if (line.starts_with("HTTP/")) {  // "HTTP/1.1 200 OK": the reason is after the second space
      size_t code = line.find(' ');
      size_t reason = code == std::string_view::npos ? code : line.find(' ', code + 1);
      t->reason = reason == std::string_view::npos ? std::string() : std::string(line.substr(reason + 1));
      while (!t->reason.empty() && (t->reason.back() == '\r' || t->reason.back() == '\n')) t->reason.pop_back();
    }
    if (!t->head_watch.add(line)) return 0;
    http_internal::add_header_line(line, t->headers);
    if (t->job.robots && (line == "\r\n" || line == "\n") && refuse_robots_redirect(*t)) return 0;
    return size * count;
  }

  // curl follows robots.txt's redirects itself. Without a proxy each hop's socket is judged; with
  // one the proxy connects for us, so the hop's URL is judged here, before curl sends it on.
  static bool refuse_robots_redirect(Transfer& t) {
    long status = 0;
    curl_easy_getinfo(t.easy.get(), CURLINFO_RESPONSE_CODE, &status);
    if (status < 300 || status >= 400) return false;
    const std::string location = header_value(t.headers, "location");
    char* current = nullptr;
    curl_easy_getinfo(t.easy.get(), CURLINFO_EFFECTIVE_URL, &current);
    if (location.empty() || current == nullptr) return false;
    std::optional<std::string> next = resolve_link(current, "", location);
    if (!next) return false;  // not http(s): curl refuses it (CURLOPT_REDIR_PROTOCOLS_STR)
    t.refused_address = http_internal::refused_host(t.impl->options.transfer, *next);
    return !t.refused_address.empty();
  }

  static curl_socket_t on_open_socket(void* user, curlsocktype, curl_sockaddr* address) {
    auto* t = static_cast<Transfer*>(user);
    const FetchOptions& o = t->impl->options;
    const auto length = static_cast<socklen_t>(address->addrlen);
    std::string refused = http_internal::refused_connection(o.transfer, &address->addr, length);
    if (!refused.empty()) {
      const std::vector<std::string>& proxies = t->impl->proxy_endpoints;
      // A socket to the proxy: it resolves and connects for us, and refused_host judged the URL.
      if (std::find(proxies.begin(), proxies.end(), http_internal::endpoint_to_string(&address->addr, length)) ==
          proxies.end()) {
        t->refused_address = std::move(refused);
        return CURL_SOCKET_BAD;
      }
    }
    return ::socket(address->family, address->socktype | SOCK_CLOEXEC, address->protocol);
  }

  void start(Job job) {
    auto t = std::make_unique<Transfer>();
    t->impl = this;
    t->job = std::move(job);
    ++t->job.result.tries;
    t->body_cap = t->job.robots ? kMaxRobotsTxtBytes : options.transfer.max_body_bytes;
    t->easy.reset(curl_easy_init());
    const Request& request = t->job.result.request;
    curl_slist* headers = curl_slist_append(nullptr, request.xml ? kAcceptXml : kAcceptHtml);
    if (!t->job.robots && t->job.result.redirects.empty()) {
      // Validators come from the server's last response, kept in the store: one with a control
      // character is dropped (the page is then fetched in full) rather than sent on.
      auto add_validator = [&](const char* name, const std::string& value) {
        if (!value.empty() && !config::header_value_problem(value)) {
          headers = curl_slist_append(headers, (name + value).c_str());
        }
      };
      add_validator("If-None-Match: ", request.etag);
      add_validator("If-Modified-Since: ", request.last_modified);
    }
    t->request_headers.reset(headers);
    CURL* easy = t->easy.get();
    const GetOptions& o = options.transfer;
    curl_easy_setopt(easy, CURLOPT_URL, t->job.url.c_str());
    curl_easy_setopt(easy, CURLOPT_PRIVATE, t.get());
    curl_easy_setopt(easy, CURLOPT_ERRORBUFFER, t->error_buffer.data());
    curl_easy_setopt(easy, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(easy, CURLOPT_PROTOCOLS_STR, "http,https");
    if (t->job.robots) {
      // RFC 9309: follow at least five redirects for robots.txt (the guard still sees each hop).
      curl_easy_setopt(easy, CURLOPT_FOLLOWLOCATION, 1L);
      curl_easy_setopt(easy, CURLOPT_MAXREDIRS, 5L);
      curl_easy_setopt(easy, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
    } else {
      curl_easy_setopt(easy, CURLOPT_FOLLOWLOCATION, 0L);  // followed here, hop by hop
    }
    curl_easy_setopt(easy, CURLOPT_CONNECTTIMEOUT, o.connect_timeout_seconds);
    curl_easy_setopt(easy, CURLOPT_TIMEOUT, o.total_timeout_seconds);
    curl_easy_setopt(easy, CURLOPT_LOW_SPEED_LIMIT, o.low_speed_bytes_per_second);
    curl_easy_setopt(easy, CURLOPT_LOW_SPEED_TIME, o.low_speed_seconds);
    curl_easy_setopt(easy, CURLOPT_ACCEPT_ENCODING, "");  // every encoding this libcurl decodes
    // A robots.txt announced as larger is still read up to the cap (on_body cuts it there).
    if (!t->job.robots) curl_easy_setopt(easy, CURLOPT_MAXFILESIZE_LARGE, static_cast<curl_off_t>(t->body_cap));
    curl_easy_setopt(easy, CURLOPT_USERAGENT, user_agent.c_str());
    curl_easy_setopt(easy, CURLOPT_HTTPHEADER, t->request_headers.get());
    if (!options.proxy.empty()) curl_easy_setopt(easy, CURLOPT_PROXY, options.proxy.c_str());
    curl_easy_setopt(easy, CURLOPT_WRITEFUNCTION, on_body);
    curl_easy_setopt(easy, CURLOPT_WRITEDATA, t.get());
    curl_easy_setopt(easy, CURLOPT_HEADERFUNCTION, on_header);
    curl_easy_setopt(easy, CURLOPT_HEADERDATA, t.get());
    curl_easy_setopt(easy, CURLOPT_OPENSOCKETFUNCTION, on_open_socket);
    curl_easy_setopt(easy, CURLOPT_OPENSOCKETDATA, t.get());
    if (resolve) curl_easy_setopt(easy, CURLOPT_RESOLVE, resolve.get());
    curl_multi_add_handle(multi, easy);
    running.emplace(easy, std::move(t));
  }

  void record_timings(CURL* easy, Timings& timings) {
    curl_off_t value = 0;
    auto seconds = [&](CURLINFO info) {
      return curl_easy_getinfo(easy, info, &value) == CURLE_OK ? static_cast<double>(value) / 1e6 : 0.0;
    };
    timings.dns = seconds(CURLINFO_NAMELOOKUP_TIME_T);
    timings.connect = seconds(CURLINFO_CONNECT_TIME_T);
    timings.first_byte = seconds(CURLINFO_STARTTRANSFER_TIME_T);
    timings.total = seconds(CURLINFO_TOTAL_TIME_T);
  }

  // Backoff with jitter, or the server's Retry-After (capped).
  double retry_delay(const Job& job, const Headers& headers) {
    if (std::optional<double> after = retry_after_seconds(headers)) {
      return std::min(*after, options.max_retry_after_seconds);
    }
    std::uniform_real_distribution<double> jitter(0.5, 1.5);
    return options.retry_base_seconds * std::pow(2.0, job.result.tries - 1) * jitter(random);
  }

  void retry_later(Job job, double delay) {
    job.not_before = Clock::now() + std::chrono::duration_cast<Clock::duration>(Seconds(delay));
    std::deque<Job>& retries = hosts[job.origin].retries;
    auto later = std::upper_bound(retries.begin(), retries.end(), job.not_before,
                                  [](Clock::time_point t, const Job& j) { return t < j.not_before; });
    retries.insert(later, std::move(job));
  }

  void complete(CURL* easy, CURLcode code) {
    std::unique_ptr<Transfer> t = std::move(running[easy]);
    running.erase(easy);
    curl_multi_remove_handle(multi, easy);
    Job job = std::move(t->job);
    Host& host = hosts[job.origin];
    if (host.active > 0) --host.active;
    long status = 0;
    curl_easy_getinfo(easy, CURLINFO_RESPONSE_CODE, &status);
    record_timings(easy, job.result.timings);

    if (job.robots) {
      if (t->robots_cut) code = CURLE_OK;  // cut on purpose, at the cap: what came is parsed
      // A robots.txt that failed the way a page may be retried (a timeout, a 503) is asked for
      // again before the host's URLs are judged by its absence.
      bool refused = code != CURLE_OK && !t->refused_address.empty();
      bool retryable = code != CURLE_OK ? !refused && retryable_error(http_internal::kind_of(code)) : retryable_status(status);
      if (retryable && job.result.tries < options.max_tries) return retry_later(std::move(job), retry_delay(job, t->headers));
      return complete_robots(job, code, status, *t);
    }

    if (code != CURLE_OK) {
      ErrorKind kind = http_internal::kind_of(code);
      std::string message = code == CURLE_COULDNT_RESOLVE_HOST
                                ? http_internal::cannot_resolve_message(http_internal::effective_url(easy, job.url))
                                : curl_message(code, t->error_buffer.data());
      if (auto head_failure = t->head_watch.failure(easy, code)) {
        job.result.status = status;
        return fail(job, head_failure->first, std::move(head_failure->second));
      }
      if (code == CURLE_COULDNT_CONNECT && !t->refused_address.empty()) {
        return fail(job, ErrorKind::ForbiddenAddress, http_internal::refusal_message(t->refused_address));
      }
      if (t->skipped) {
        job.result.status = status;
        job.result.content_type = t->skipped_type;
        // The kind says "skipped" already; the message says why.
        return fail(job, ErrorKind::Skipped, not_html_message(t->skipped_type, job.result.request.xml));
      }
      if (t->too_large || code == CURLE_FILESIZE_EXCEEDED) {
        return fail(job, ErrorKind::TooLarge,
                    "response body larger than " + std::to_string(t->body_cap) + " bytes");
      }
      if (retryable_error(kind) && job.result.tries < options.max_tries) {
        double delay = retry_delay(job, {});
        return retry_later(std::move(job), delay);
      }
      return fail(job, kind, message);
    }

    if (retryable_status(status) && job.result.tries < options.max_tries) {
      double delay = retry_delay(job, t->headers);
      return retry_later(std::move(job), delay);
    }
    if (status >= 300 && status < 400 && status != 304) return follow(std::move(job), t->headers, status);

    job.result.status = status;
    job.result.headers = std::move(t->headers);
    char* type = nullptr;
    if (curl_easy_getinfo(easy, CURLINFO_CONTENT_TYPE, &type) == CURLE_OK && type) job.result.content_type = type;
    if (options.keep_raw_body) {
      job.result.reason = std::move(t->reason);
      char* ip = nullptr;
      if (curl_easy_getinfo(easy, CURLINFO_PRIMARY_IP, &ip) == CURLE_OK && ip) job.result.ip_address = ip;
    }
    if (status == 304) {
      job.result.not_modified = true;
      return finish(job);
    }
    // XML read from its raw bytes (which declare their own encoding) needs no UTF-8 copy: for
    // a 50 000-URL sitemap that copy alone was some 5 MB.
    bool raw_only = options.keep_raw_body && job.result.request.xml;
    if (status >= 200 && status < 300 && !raw_only) {
      Decoded decoded = decode_to_utf8(t->body, job.result.content_type);
      job.result.body = std::move(decoded.utf8);
      job.result.charset = std::move(decoded.charset);
    }
    if (options.keep_raw_body) job.result.raw_body = std::move(t->body);
    finish(job);
  }

  void follow(Job job, const Headers& headers, long status) {
    std::string location = header_value(headers, "location");
    if (location.empty()) {
      job.result.status = status;
      return fail(job, ErrorKind::Redirect, "redirect (" + std::to_string(status) + ") without a Location");
    }
    std::optional<std::string> next = resolve_link(job.url, "", location);
    if (!next) {
      job.result.status = status;
      return fail(job, ErrorKind::ForbiddenScheme,
                  "redirect to '" + config::redact_url(location) + "' refused: only http and https are followed");
    }
    job.result.redirects.push_back(job.url);
    const auto& chain = job.result.redirects;
    if (std::find(chain.begin(), chain.end(), *next) != chain.end()) {
      job.result.status = status;
      return fail(job, ErrorKind::Redirect, "redirect loop at " + config::redact_url(*next));
    }
    if (static_cast<long>(chain.size()) > options.transfer.max_redirects) {
      job.result.status = status;
      return fail(job, ErrorKind::Redirect,
                  "too many redirects (more than " + std::to_string(options.transfer.max_redirects) + ")");
    }
    job.url = *next;
    job.result.tries = 0;
    job.not_before = {};
    enqueue(std::move(job));
  }

  void complete_robots(Job& job, CURLcode code, long status, const Transfer& t) {
    Host& host = hosts[job.origin];
    host.robots_pending = false;
    host.robots_failure = ErrorKind::None;
    host.robots_failure_message.clear();
    if (code != CURLE_OK && !t.refused_address.empty()) {
      host.robots_failure = ErrorKind::ForbiddenAddress;
      host.robots_failure_message = http_internal::refusal_message(t.refused_address);
    } else if (auto head_failure = t.head_watch.failure(t.easy.get(), code)) {
      host.robots_failure = head_failure->first;
      host.robots_failure_message = std::move(head_failure->second);
    } else if (code != CURLE_OK) {
      host.robots_failure = http_internal::kind_of(code);
      host.robots_failure_message =
          code == CURLE_COULDNT_RESOLVE_HOST
              ? http_internal::cannot_resolve_message(http_internal::effective_url(t.easy.get(), job.url))
              : curl_message(code, t.error_buffer.data());
    } else if (status >= 500) {
      host.robots_failure = ErrorKind::Http;
      host.robots_failure_message = "status " + std::to_string(status);
    }
    const std::string& body = t.body;
    // Still a redirect after five hops: RFC 9309 lets us treat robots.txt as unavailable (4xx).
    long effective = code == CURLE_OK ? status : 0;
    if (code == CURLE_TOO_MANY_REDIRECTS || (effective >= 300 && effective < 400)) effective = 404;
    robots.store(job.origin, effective, body, agent_token, Clock::now());
  }

  // Waits for a result until `deadline`; false when none came or none is pending.
  bool next(FetchResult& out, Clock::time_point deadline = Clock::time_point::max()) {
    while (done.empty()) {
      if (pending_requests == 0 || Clock::now() >= deadline) return false;
      Clock::time_point wake = schedule();
      int still_running = 0;
      curl_multi_perform(multi, &still_running);
      while (true) {
        int left = 0;
        CURLMsg* message = curl_multi_info_read(multi, &left);
        if (message == nullptr) break;
        if (message->msg == CURLMSG_DONE) complete(message->easy_handle, message->data.result);
      }
      if (!done.empty()) break;
      schedule();
      if (!done.empty()) break;  // a URL that robots.txt refused is done without a transfer
      int timeout_ms = 1000;
      Clock::time_point until_point = std::min(wake, deadline);
      if (until_point != Clock::time_point::max()) {
        auto until = std::chrono::duration_cast<std::chrono::milliseconds>(until_point - Clock::now()).count();
        timeout_ms = static_cast<int>(std::clamp<long long>(until, 0, 1000));
      }
      if (!running.empty()) {
        curl_multi_poll(multi, nullptr, 0, timeout_ms, nullptr);
      } else if (timeout_ms > 0) {
        std::this_thread::sleep_for(std::chrono::milliseconds(timeout_ms));
      }
    }
    out = std::move(done.front());
    done.pop_front();
    return true;
  }

  std::vector<Request> cancel_waiting() {
    std::vector<Request> cancelled;
    // robots.txt fetches stay: the hosts' queues wait on them.
    auto cancel_pages = [&](std::deque<Job>& jobs) {
      std::deque<Job> kept;
      for (Job& job : jobs) {
        if (job.robots) {
          kept.push_back(std::move(job));
        } else {
          cancelled.push_back(std::move(job.result.request));
          --pending_requests;
        }
      }
      jobs = std::move(kept);
    };
    for (auto& [origin, host] : hosts) {
      cancel_pages(host.queue);
      cancel_pages(host.retries);
    }
    return cancelled;
  }
};

Fetcher::Fetcher(FetchOptions options) : impl_(std::make_unique<Impl>(std::move(options))) {}
Fetcher::~Fetcher() = default;

void Fetcher::add(Request request) {
  Impl::Job job;
  job.url = request.url;
  job.result.request = std::move(request);
  ++impl_->pending_requests;
  impl_->enqueue(std::move(job));
}

bool Fetcher::next(FetchResult& out) { return impl_->next(out); }

bool Fetcher::next_within(FetchResult& out, std::chrono::milliseconds max_wait) {
  return impl_->next(out, Clock::now() + max_wait);
}

std::vector<Request> Fetcher::cancel_waiting() { return impl_->cancel_waiting(); }

std::size_t Fetcher::pending() const { return impl_->pending_requests; }

std::vector<std::string> Fetcher::sitemaps_of(std::string_view url) const {
  std::optional<std::pair<std::string, std::string>> origin = robots_origin(url);
  if (!origin) return {};
  const RobotsRules* rules = impl_->robots.find(origin->first, Clock::now());
  return rules != nullptr ? rules->sitemaps : std::vector<std::string>{};
}

std::string media_type(std::string_view content_type) {
  std::string_view type = content_type.substr(0, content_type.find(';'));
  while (!type.empty() && type.back() == ' ') type.remove_suffix(1);
  while (!type.empty() && type.front() == ' ') type.remove_prefix(1);
  return lower(type);
}

bool is_html_type(std::string_view type) {
  return type.empty() || type == "text/html" || type == "application/xhtml+xml";
}

std::string not_html_message(std::string_view type, bool xml_wanted) {
  return (xml_wanted ? "not HTML or XML (" : "not HTML (") + config::printable(type) + ")";
}

}  // namespace winnow::fetch
