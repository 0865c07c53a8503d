// The multi-transfer Fetcher against an in-process server on 127.0.0.1 that misbehaves on
// purpose. Politeness is asserted as what the server saw (order, counts, concurrency, gaps
// between arrivals), never as how long the test took.
#include <arpa/inet.h>
#include <httplib.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <catch2/catch.hpp>
#include <chrono>
#include <cstdlib>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "fetch/fetcher.h"
#include "fetch/test_util.h"

namespace winnow::fetch {
namespace {

using Clock = std::chrono::steady_clock;

class Server {
 public:
  Server() {
    routes();
    port_ = server_.bind_to_any_port("127.0.0.1");
    REQUIRE(port_ > 0);
    thread_ = std::thread([this] { server_.listen_after_bind(); });
    for (int i = 0; i < 5000 && !server_.is_running(); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  ~Server() {
    stopping_ = true;
    server_.stop();
    thread_.join();
  }
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  std::string url(const std::string& path) const { return "http://127.0.0.1:" + std::to_string(port_) + path; }
  int port() const { return port_; }
  int hits(const std::string& path) {
    std::lock_guard<std::mutex> lock(mutex_);
    return static_cast<int>(arrivals_[path].size());
  }
  std::vector<Clock::time_point> arrivals(const std::string& path) {
    std::lock_guard<std::mutex> lock(mutex_);
    return arrivals_[path];
  }
  std::vector<std::string> order() {
    std::lock_guard<std::mutex> lock(mutex_);
    return order_;
  }
  int max_concurrent() const { return max_concurrent_; }
  void set_robots(std::string body, int status = 200) {
    std::lock_guard<std::mutex> lock(mutex_);
    robots_ = std::move(body);
    robots_status_ = status;
  }

 private:
  void arrive(const httplib::Request& req) {
    std::lock_guard<std::mutex> lock(mutex_);
    arrivals_[req.path].push_back(Clock::now());
    order_.push_back(req.path);
  }

  void routes() {
    server_.set_pre_routing_handler([this](const httplib::Request& req, httplib::Response&) {
      arrive(req);
      return httplib::Server::HandlerResponse::Unhandled;
    });
    server_.Get("/robots.txt", [this](const httplib::Request&, httplib::Response& res) {
      std::lock_guard<std::mutex> lock(mutex_);
      if (robots_status_ == 301) return res.set_redirect("/robots-moved.txt", 301);
      res.status = robots_status_;
      res.set_content(robots_, "text/plain");
    });
    server_.Get("/robots-moved.txt", [this](const httplib::Request&, httplib::Response& res) {
      std::lock_guard<std::mutex> lock(mutex_);
      res.set_content(robots_, "text/plain");
    });
    server_.Get(R"(/page/(\d+))", [](const httplib::Request& req, httplib::Response& res) {
      res.set_content("<html><body><p>page " + req.matches[1].str() + "</p></body></html>", "text/html; charset=utf-8");
    });
    server_.Get(R"(/private/.*)", [](const httplib::Request&, httplib::Response& res) {
      res.set_content("<p>secret</p>", "text/html");
    });
    server_.Get(R"(/hold/(\d+))", [this](const httplib::Request&, httplib::Response& res) {
      int now = ++concurrent_;
      int seen = max_concurrent_.load();
      while (now > seen && !max_concurrent_.compare_exchange_weak(seen, now)) {
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(150));
      --concurrent_;
      res.set_content("<p>held</p>", "text/html");
    });
    server_.Get("/slow", [this](const httplib::Request&, httplib::Response& res) {
      for (int i = 0; i < 40 && !stopping_; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(100));
      res.set_content("<p>late</p>", "text/html");
    });
    server_.Get("/drip", [this](const httplib::Request&, httplib::Response& res) {
      res.set_chunked_content_provider("text/html", [this](size_t, httplib::DataSink& sink) {
        for (int i = 0; i < 100 && !stopping_; ++i) {
          if (!sink.write("x", 1)) return false;
          std::this_thread::sleep_for(std::chrono::milliseconds(200));
        }
        sink.done();
        return true;
      });
    });
    server_.Get("/flaky", [this](const httplib::Request&, httplib::Response& res) {
      if (++flaky_ < 3) {
        res.status = 503;
        res.set_content("busy", "text/plain");
        return;
      }
      res.set_content("<p>third time</p>", "text/html");
    });
    server_.Get("/always-500", [](const httplib::Request&, httplib::Response& res) {
      res.status = 500;
      res.set_content("broken", "text/plain");
    });
    server_.Get("/limited", [this](const httplib::Request&, httplib::Response& res) {
      if (++limited_ == 1) {
        res.status = 429;
        res.set_header("Retry-After", "1");
        return;
      }
      res.set_content("<p>welcome back</p>", "text/html");
    });
    server_.Get("/loop-a", [](const httplib::Request&, httplib::Response& res) { res.set_redirect("/loop-b", 302); });
    server_.Get("/loop-b", [](const httplib::Request&, httplib::Response& res) { res.set_redirect("/loop-a", 301); });
    server_.Get("/hop1", [](const httplib::Request&, httplib::Response& res) { res.set_redirect("/hop2", 301); });
    server_.Get("/hop2", [](const httplib::Request&, httplib::Response& res) { res.set_redirect("/page/9?utm_source=x", 302); });
    server_.Get(R"(/chain/(\d+))", [](const httplib::Request& req, httplib::Response& res) {
      res.set_redirect("/chain/" + std::to_string(std::stoi(req.matches[1].str()) + 1), 302);
    });
    server_.Get("/to-file", [](const httplib::Request&, httplib::Response& res) {
      res.status = 302;
      res.set_header("Location", "file:///etc/passwd");
    });
    server_.Get("/redirect", [](const httplib::Request& req, httplib::Response& res) {
      res.set_redirect(req.get_param_value("to"), 302);
    });
    server_.Get("/to-other-port", [this](const httplib::Request&, httplib::Response& res) {
      res.set_redirect("http://127.0.0.1:" + std::to_string(port_ + 1) + "/x", 302);
    });
    server_.Get("/big", [](const httplib::Request&, httplib::Response& res) {
      res.set_content(std::string(20 * 1024 * 1024, 'a'), "text/html");
    });
    server_.Get("/bomb", [](const httplib::Request&, httplib::Response& res) {
      static const std::string bomb = test::gzip(std::string(64 * 1024 * 1024, ' '));
      res.set_header("Content-Encoding", "gzip");
      res.set_content(bomb, "text/html");
    });
    // The same 64 MB of spaces in the other encodings libcurl decodes.
    server_.Get(R"(/bomb-(deflate|br|zstd))", [](const httplib::Request& req, httplib::Response& res) {
      static const std::string spaces(64 * 1024 * 1024, ' ');
      static const std::string deflated = test::deflate(spaces), brotli = test::brotli(spaces),
                               zstd = test::zstd(spaces);
      const std::string encoding = req.matches[1].str();
      res.set_header("Content-Encoding", encoding);
      res.set_content(encoding == "deflate" ? deflated : encoding == "br" ? brotli : zstd, "text/html");
    });
    server_.Get("/liar", [](const httplib::Request&, httplib::Response& res) {
      res.set_content("<html><p>caf\xC3\xA9 cr\xC3\xA8me</p></html>", "text/html; charset=iso-8859-1");
    });
    server_.Get("/latin1-gzip", [](const httplib::Request&, httplib::Response& res) {
      res.set_header("Content-Encoding", "gzip");
      res.set_content(test::gzip("<html><p>caf\xE9</p></html>"), "text/html; charset=iso-8859-1");
    });
    server_.Get("/cached", [](const httplib::Request& req, httplib::Response& res) {
      if (req.get_header_value("If-None-Match") == "\"v1\"" ||
          req.get_header_value("If-Modified-Since") == "Wed, 01 May 2024 12:00:00 GMT") {
        res.status = 304;
        return;
      }
      res.set_header("ETag", "\"v1\"");
      res.set_content("<p>fresh</p>", "text/html");
    });
    server_.Get("/image", [](const httplib::Request&, httplib::Response& res) {
      res.set_content(std::string("\x89PNG\r\n\x1a\n", 8) + std::string(100, '\0'), "image/png");
    });
    server_.Get("/feed", [](const httplib::Request&, httplib::Response& res) {
      res.set_content("<?xml version=\"1.0\"?><rss><channel><title>t</title></channel></rss>", "application/rss+xml");
    });
    server_.Get("/user-agent", [](const httplib::Request& req, httplib::Response& res) {
      res.set_content("<p>" + req.get_header_value("User-Agent") + "</p>", "text/html");
    });
  }

  httplib::Server server_;
  std::thread thread_;
  int port_ = 0;
  std::atomic<bool> stopping_{false};
  std::atomic<int> concurrent_{0}, max_concurrent_{0}, flaky_{0}, limited_{0};
  std::mutex mutex_;
  std::map<std::string, std::vector<Clock::time_point>> arrivals_;
  std::vector<std::string> order_;
  std::string robots_ = "User-agent: *\nDisallow:\n";
  int robots_status_ = 200;
};

// A listener that accepts and resets every connection (SO_LINGER 0, then close).
class ResettingServer {
 public:
  ResettingServer() {
    fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    REQUIRE(::bind(fd_, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0);
    socklen_t length = sizeof address;
    ::getsockname(fd_, reinterpret_cast<sockaddr*>(&address), &length);
    port_ = ntohs(address.sin_port);
    REQUIRE(::listen(fd_, 16) == 0);
    thread_ = std::thread([this] {
      while (!stopping_) {
        int client = ::accept(fd_, nullptr, nullptr);
        if (client < 0) break;
        ++accepted_;
        char buffer[4096];
        (void)::recv(client, buffer, sizeof buffer, 0);
        linger hard{1, 0};
        ::setsockopt(client, SOL_SOCKET, SO_LINGER, &hard, sizeof hard);
        ::close(client);
      }
    });
  }
  ~ResettingServer() {
    stopping_ = true;
    ::shutdown(fd_, SHUT_RDWR);
    ::close(fd_);
    thread_.join();
  }
  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_) + "/"; }
  int accepted() const { return accepted_; }

 private:
  int fd_ = -1;
  int port_ = 0;
  std::atomic<bool> stopping_{false};
  std::atomic<int> accepted_{0};
  std::thread thread_;
};

Request get(std::string url, uint64_t tag = 0) {
  Request r;
  r.url = std::move(url);
  r.tag = tag;
  return r;
}

FetchOptions test_options() {
  FetchOptions o;
  o.transfer.allow_private_addresses = true;
  o.host_delay_seconds = 0;
  o.retry_base_seconds = 0.05;
  o.transfer.connect_timeout_seconds = 5;
  o.transfer.total_timeout_seconds = 20;
  return o;
}

std::vector<FetchResult> fetch_all(Fetcher& fetcher) {
  std::vector<FetchResult> results;
  FetchResult r;
  while (fetcher.next(r)) results.push_back(std::move(r));
  return results;
}

FetchResult fetch_one(const std::string& url, const FetchOptions& options = test_options(), Request request = {}) {
  Fetcher fetcher(options);
  request.url = url;
  fetcher.add(std::move(request));
  FetchResult r;
  REQUIRE(fetcher.next(r));
  FetchResult none;
  CHECK_FALSE(fetcher.next(none));
  return r;
}

std::string percent_encoded(const std::string& text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (char c : text) {
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '-') {
      out += c;
    } else {
      out += '%';
      out += kHex[static_cast<unsigned char>(c) >> 4];
      out += kHex[static_cast<unsigned char>(c) & 0xF];
    }
  }
  return out;
}


}  // namespace

TEST_CASE("Fetcher: many pages, each result once, with its tag", "[fetcher]") {
  Server server;
  Fetcher fetcher(test_options());
  for (int i = 0; i < 20; ++i) fetcher.add(get(server.url("/page/" + std::to_string(i)), static_cast<uint64_t>(i)));
  CHECK(fetcher.pending() == 20);
  std::vector<FetchResult> results = fetch_all(fetcher);
  REQUIRE(results.size() == 20);
  std::vector<uint64_t> tags;
  for (const FetchResult& r : results) {
    CHECK(r.ok());
    CHECK(r.status == 200);
    CHECK(r.body == "<html><body><p>page " + std::to_string(r.request.tag) + "</p></body></html>");
    CHECK(r.charset == "UTF-8");
    tags.push_back(r.request.tag);
  }
  std::sort(tags.begin(), tags.end());
  CHECK(std::unique(tags.begin(), tags.end()) == tags.end());
  CHECK(server.hits("/robots.txt") == 1);  // once per host, not per page
  CHECK(fetcher.pending() == 0);
}

TEST_CASE("Fetcher: the per-host limit holds at the server", "[fetcher]") {
  Server server;
  FetchOptions options = test_options();
  options.per_host = 2;
  Fetcher fetcher(options);
  for (int i = 0; i < 8; ++i) fetcher.add(get(server.url("/hold/" + std::to_string(i))));
  std::vector<FetchResult> results = fetch_all(fetcher);
  CHECK(results.size() == 8);
  CHECK(server.max_concurrent() >= 1);
  CHECK(server.max_concurrent() <= 2);
}

TEST_CASE("Fetcher: the per-host delay spaces requests out", "[fetcher]") {
  Server server;
  FetchOptions options = test_options();
  options.host_delay_seconds = 0.3;
  Fetcher fetcher(options);
  for (int i = 0; i < 4; ++i) fetcher.add(get(server.url("/page/" + std::to_string(i))));
  fetch_all(fetcher);
  std::vector<Clock::time_point> times;
  for (int i = 0; i < 4; ++i) {
    auto a = server.arrivals("/page/" + std::to_string(i));
    REQUIRE(a.size() == 1);
    times.push_back(a[0]);
  }
  std::sort(times.begin(), times.end());
  for (size_t i = 1; i < times.size(); ++i) CHECK(times[i] - times[i - 1] >= std::chrono::milliseconds(280));
}

TEST_CASE("Fetcher: robots.txt Disallow and Crawl-delay", "[fetcher]") {
  Server server;
  server.set_robots("User-agent: *\nDisallow: /private/\nCrawl-delay: 0.4\nSitemap: https://example.org/sitemap.xml\n");
  Fetcher fetcher(test_options());
  fetcher.add(get(server.url("/private/a")));
  fetcher.add(get(server.url("/page/1")));
  fetcher.add(get(server.url("/page/2")));
  std::vector<FetchResult> results = fetch_all(fetcher);
  REQUIRE(results.size() == 3);
  for (const FetchResult& r : results) {
    if (r.request.url.find("/private/") != std::string::npos) {
      CHECK(r.error_kind == ErrorKind::Robots);
    } else {
      CHECK(r.ok());
    }
  }
  CHECK(server.hits("/private/a") == 0);
  CHECK(server.hits("/robots.txt") == 1);
  auto one = server.arrivals("/page/1"), two = server.arrivals("/page/2");
  REQUIRE(one.size() == 1);
  REQUIRE(two.size() == 1);
  auto gap = one[0] > two[0] ? one[0] - two[0] : two[0] - one[0];
  CHECK(gap >= std::chrono::milliseconds(380));
  CHECK(server.order().front() == "/robots.txt");
  CHECK(fetcher.sitemaps_of(server.url("/any")) == std::vector<std::string>{"https://example.org/sitemap.xml"});
}

TEST_CASE("Fetcher: a retry waiting out its delay does not hold back its host's other URLs", "[fetcher]") {
  Server server;
  server.set_robots("User-agent: *\nAllow: /\n", 200);
  FetchOptions options = test_options();
  options.retry_base_seconds = 30;  // the 500 below waits long: the other pages must not
  options.per_host = 1;
  Fetcher fetcher(options);
  Request flaky;
  flaky.url = server.url("/always-500");
  fetcher.add(flaky);
  for (int i = 1; i <= 3; ++i) {
    Request page;
    page.url = server.url("/page/" + std::to_string(i));
    fetcher.add(page);
  }
  FetchResult r;
  for (int i = 0; i < 3; ++i) {
    REQUIRE(fetcher.next_within(r, std::chrono::seconds(20)));
    CHECK(r.request.url.find("/page/") != std::string::npos);
  }
  CHECK(fetcher.pending() == 1);  // the 500, waiting for its retry
  CHECK(fetcher.cancel_waiting().size() == 1);
  CHECK(fetcher.pending() == 0);
}

TEST_CASE("Fetcher: robots.txt 4xx allows all, 5xx disallows for now, --no-robots ignores it", "[fetcher]") {
  {
    Server server;
    server.set_robots("gone", 404);
    CHECK(fetch_one(server.url("/page/1")).ok());
  }
  {
    Server server;
    server.set_robots("down", 503);
    FetchResult r = fetch_one(server.url("/page/1"));
    // Failed as robots.txt did (a retryable 5xx), not as a URL robots.txt disallows.
    CHECK(r.error_kind == ErrorKind::Http);
    CHECK_THAT(r.error, Catch::Contains("robots.txt could not be fetched (status 503): disallowed for now"));
    CHECK(server.hits("/page/1") == 0);
    CHECK(server.hits("/robots.txt") == 3);  // asked for again, as many times as a page would be
  }
  {
    Server server;  // a robots.txt that moved is followed
    server.set_robots("User-agent: *\nDisallow: /page/\n", 301);
    CHECK(fetch_one(server.url("/page/1")).error_kind == ErrorKind::Robots);
    CHECK(server.hits("/robots-moved.txt") == 1);
  }
  {
    Server server;
    server.set_robots("User-agent: *\nDisallow: /\n");
    FetchOptions options = test_options();
    options.obey_robots = false;
    CHECK(fetch_one(server.url("/page/1"), options).ok());
    CHECK(server.hits("/robots.txt") == 0);
  }
}

// RFC 6761: a name under .invalid never resolves, so no test reaches the internet.
TEST_CASE("Fetcher: a host that does not resolve is a DNS failure, not a robots.txt one", "[fetcher]") {
  FetchOptions options = test_options();
  options.max_tries = 1;
  FetchResult r = fetch_one("http://example.invalid/page/1", options);
  CHECK(r.error_kind == ErrorKind::Dns);
  CHECK(r.error == "cannot resolve host example.invalid");  // before: ".../robots.txt could not be fetched (...)"
  options.obey_robots = false;
  r = fetch_one("http://Example.INVALID:8080/page/1", options);
  CHECK(r.error_kind == ErrorKind::Dns);
  CHECK(r.error == "cannot resolve host example.invalid");
}

TEST_CASE("Fetcher: 503 twice then 200 is retried; tries are counted and capped", "[fetcher]") {
  Server server;
  FetchResult r = fetch_one(server.url("/flaky"));
  CHECK(r.ok());
  CHECK(r.status == 200);
  CHECK(r.tries == 3);
  CHECK(r.body == "<p>third time</p>");
  FetchResult broken = fetch_one(server.url("/always-500"));
  CHECK(broken.status == 500);
  CHECK(broken.tries == 3);
  CHECK(server.hits("/always-500") == 3);
}

TEST_CASE("Fetcher: 429 with Retry-After waits as told", "[fetcher]") {
  Server server;
  FetchResult r = fetch_one(server.url("/limited"));
  CHECK(r.ok());
  CHECK(r.status == 200);
  CHECK(r.tries == 2);
  auto a = server.arrivals("/limited");
  REQUIRE(a.size() == 2);
  CHECK(a[1] - a[0] >= std::chrono::milliseconds(950));
}

TEST_CASE("Fetcher: a reset connection is retried, then reported", "[fetcher]") {
  ResettingServer server;
  FetchOptions options = test_options();
  options.obey_robots = false;
  FetchResult r = fetch_one(server.url(), options);
  CHECK_FALSE(r.ok());
  CHECK(r.tries == 3);
  CHECK(server.accepted() == 3);
}

TEST_CASE("Fetcher: redirects are followed hop by hop and recorded", "[fetcher]") {
  Server server;
  FetchResult r = fetch_one(server.url("/hop1"));
  CHECK(r.ok());
  CHECK(r.final_url == server.url("/page/9"));  // tracking parameter removed on the way
  REQUIRE(r.redirects.size() == 2);
  CHECK(r.redirects[0] == server.url("/hop1"));
  CHECK(r.redirects[1] == server.url("/hop2"));
}

TEST_CASE("Fetcher: redirect loops, long chains and redirects to file:// are refused", "[fetcher]") {
  Server server;
  FetchResult loop = fetch_one(server.url("/loop-a"));
  CHECK(loop.error_kind == ErrorKind::Redirect);
  CHECK(loop.error.find("loop") != std::string::npos);
  FetchResult chain = fetch_one(server.url("/chain/0"));
  CHECK(chain.error_kind == ErrorKind::Redirect);
  CHECK(chain.redirects.size() == 11);
  FetchResult file = fetch_one(server.url("/to-file"));
  CHECK(file.error_kind == ErrorKind::ForbiddenScheme);
}

TEST_CASE("Fetcher: private addresses are refused, also after a redirect", "[fetcher]") {
  Server server;
  FetchOptions guarded = test_options();
  guarded.transfer.allow_private_addresses = false;
  CHECK(fetch_one(server.url("/page/1"), guarded).error_kind == ErrorKind::ForbiddenAddress);
  CHECK(fetch_one("http://localhost:" + std::to_string(server.port()) + "/page/1", guarded).error_kind ==
        ErrorKind::ForbiddenAddress);
  // The test server itself let through; where it redirects to is still judged.
  guarded.allowed_endpoints = {"127.0.0.1:" + std::to_string(server.port())};
  CHECK(fetch_one(server.url("/page/1"), guarded).ok());
  FetchResult redirected = fetch_one(server.url("/to-other-port"), guarded);
  CHECK(redirected.error_kind == ErrorKind::ForbiddenAddress);
  CHECK(fetch_one("file:///etc/passwd").error_kind == ErrorKind::ForbiddenScheme);
}

TEST_CASE("Fetcher: names mapped to loopback and every spelling of it are refused, on every hop", "[fetcher]") {
  Server allowed;
  Server internal;
  const std::string internal_port = std::to_string(internal.port());
  FetchOptions guarded = test_options();
  guarded.transfer.allow_private_addresses = false;
  guarded.transfer.allowed_endpoints = {"127.0.0.1:" + std::to_string(allowed.port())};
  guarded.transfer.resolve = {"internal.test:" + internal_port + ":127.0.0.1",
                              "allowed.test:" + std::to_string(allowed.port()) + ":127.0.0.1"};
  FetchResult by_name = fetch_one("http://allowed.test:" + std::to_string(allowed.port()) + "/page/1", guarded);
  INFO(by_name.error);
  CHECK(by_name.ok());
  CHECK(by_name.body == "<html><body><p>page 1</p></body></html>");

  const std::vector<std::string> targets = {
      "http://internal.test:" + internal_port + "/page/2",  // judged after DNS
      "http://localhost:" + internal_port + "/page/2",
      "http://2130706433:" + internal_port + "/page/2",     // judged from the URL
      "http://0x7f.1:" + internal_port + "/page/2",
      "http://0177.0.0.1:" + internal_port + "/page/2",
      "http://0.0.0.0:" + internal_port + "/page/2",
      "http://[::1]:" + internal_port + "/page/2",
      "http://[::ffff:127.0.0.1]:" + internal_port + "/page/2",
      "http://10.0.0.1/page/2",
      "http://169.254.169.254/latest/meta-data/",
  };
  for (const std::string& target : targets) {
    INFO(target);
    FetchResult direct = fetch_one(target, guarded);
    CHECK(direct.error_kind == ErrorKind::ForbiddenAddress);
    FetchResult redirected = fetch_one(allowed.url("/redirect?to=" + percent_encoded(target)), guarded);
    CHECK(redirected.error_kind == ErrorKind::ForbiddenAddress);
    CHECK(redirected.redirects.size() == 1);
    CHECK(redirected.body.empty());
  }
  CHECK(internal.hits("/page/2") == 0);
  CHECK(internal.hits("/robots.txt") == 0);
  // The same hop is followed when private addresses are allowed: the refusals were the guard's.
  guarded.transfer.allow_private_addresses = true;
  FetchResult followed =
      fetch_one(allowed.url("/redirect?to=" + percent_encoded("http://internal.test:" + internal_port + "/page/2")),
                guarded);
  INFO(followed.error);
  CHECK(followed.ok());
  CHECK(internal.hits("/page/2") == 1);
}

TEST_CASE("Fetcher: with a proxy, hosts that spell a private address are refused before anything is sent",
          "[fetcher]") {
  Server proxy;  // stands in for a proxy: it sees every request the fetcher sends through it
  FetchOptions options = test_options();
  options.transfer.allow_private_addresses = false;
  options.obey_robots = false;
  options.proxy = "http://127.0.0.1:" + std::to_string(proxy.port());
  for (const char* url : {"http://127.0.0.1/page/1", "http://2130706433/page/1", "http://[::1]/page/1",
                          "http://localhost/page/1", "http://intranet.localhost/page/1",
                          "http://192.168.1.1/page/1", "http://169.254.169.254/latest/meta-data/"}) {
    INFO(url);
    FetchResult r = fetch_one(url, options);
    CHECK(r.error_kind == ErrorKind::ForbiddenAddress);
  }
  CHECK(proxy.order().empty());
  // A name goes to the proxy, which resolves it: nothing more can be judged here.
  FetchResult named = fetch_one("http://pages.example.invalid/page/1", options);
  CHECK(named.error_kind != ErrorKind::ForbiddenAddress);
  CHECK(proxy.order().size() == 1);
}

// Stands in for a forward proxy (requests arrive in absolute form, "GET http://host/path"): it
// answers robots.txt and /moved with redirects to a private address, and /page/N with a page.
class RedirectingProxy {
 public:
  RedirectingProxy() {
    server_.Get(".*", [this](const httplib::Request& req, httplib::Response& res) {
      {
        std::lock_guard<std::mutex> lock(mutex_);
        requested_.push_back(req.path);
      }
      if (req.path.ends_with("/robots.txt")) return res.set_redirect("http://10.0.0.1/robots.txt", 301);
      if (req.path.ends_with("/moved")) return res.set_redirect("http://192.168.0.1/page/1", 302);
      res.set_content("<html><body><p>through the proxy</p></body></html>", "text/html");
    });
    port_ = server_.bind_to_any_port("127.0.0.1");
    REQUIRE(port_ > 0);
    thread_ = std::thread([this] { server_.listen_after_bind(); });
    for (int i = 0; i < 5000 && !server_.is_running(); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  ~RedirectingProxy() {
    server_.stop();
    thread_.join();
  }
  RedirectingProxy(const RedirectingProxy&) = delete;
  RedirectingProxy& operator=(const RedirectingProxy&) = delete;

  std::string address() const { return "http://127.0.0.1:" + std::to_string(port_); }
  std::vector<std::string> requested() {
    std::lock_guard<std::mutex> lock(mutex_);
    return requested_;
  }

 private:
  httplib::Server server_;
  int port_ = 0;
  std::thread thread_;
  std::mutex mutex_;
  std::vector<std::string> requested_;
};

TEST_CASE("Fetcher: a proxy from the environment is let through the guard, direct connections are still judged",
          "[fetcher][security]") {
  RedirectingProxy proxy;
  Server direct;
  const std::string direct_host = "direct.example.invalid";
  test::ScopedEnvironment http_proxy("http_proxy", proxy.address().c_str());
  test::ScopedEnvironment no_proxy("no_proxy", direct_host.c_str());
  test::ScopedEnvironment no_proxy_upper("NO_PROXY", direct_host.c_str());
  FetchOptions options = test_options();
  options.transfer.allow_private_addresses = false;
  options.obey_robots = false;
  // The proxy listens on a loopback address; the guard once judged it as if it were the page's.
  FetchResult named = fetch_one("http://pages.example.invalid/page/1", options);
  INFO(named.error);
  CHECK(named.ok());
  CHECK(proxy.requested() == std::vector<std::string>{"http://pages.example.invalid/page/1"});
  // A no_proxy host is connected to directly, so its address is judged after DNS as usual.
  const std::string port = std::to_string(direct.port());
  options.transfer.resolve = {direct_host + ":" + port + ":127.0.0.1"};
  FetchResult bypassed = fetch_one("http://" + direct_host + ":" + port + "/page/1", options);
  CHECK(bypassed.error_kind == ErrorKind::ForbiddenAddress);
  CHECK(direct.hits("/page/1") == 0);
}

TEST_CASE("Fetcher: through a proxy, redirects to private addresses are refused, robots.txt's too",
          "[fetcher][security]") {
  RedirectingProxy proxy;
  FetchOptions options = test_options();
  options.transfer.allow_private_addresses = false;
  options.proxy = proxy.address();
  FetchResult robots = fetch_one("http://pages.example.invalid/page/2", options);
  CHECK(robots.error_kind == ErrorKind::ForbiddenAddress);
  CHECK_THAT(robots.error, Catch::Contains("10.0.0.1"));
  options.obey_robots = false;
  FetchResult moved = fetch_one("http://pages.example.invalid/moved", options);
  CHECK(moved.error_kind == ErrorKind::ForbiddenAddress);
  // The proxy was never asked for a private address, which it would have fetched for us.
  for (const std::string& url : proxy.requested()) {
    INFO(url);
    CHECK(url.find("10.0.0.1") == std::string::npos);
    CHECK(url.find("192.168.0.1") == std::string::npos);
  }
  CHECK(proxy.requested().size() == 2);
}

TEST_CASE("Fetcher: proxy credentials never reach an error message", "[fetcher]") {
  // A space makes the setting unusable, and curl quotes an unusable setting in its message.
  const std::string bad_proxy = "http://proxyuser:s3cret pass@proxy.invalid:3128";
  FetchOptions options = test_options();
  options.obey_robots = false;
  options.proxy = bad_proxy;
  FetchResult given = fetch_one("http://127.0.0.1:1/page/1", options);
  CHECK_FALSE(given.ok());
  CHECK(given.error.find("s3cret") == std::string::npos);
  CHECK(given.error.find("proxyuser:***@proxy.invalid") != std::string::npos);

  test::ScopedEnvironment variable("http_proxy", bad_proxy.c_str());
  test::ScopedEnvironment no_proxy("no_proxy", "");
  test::ScopedEnvironment no_proxy_upper("NO_PROXY", "");
  options.proxy.clear();
  FetchResult from_environment = fetch_one("http://127.0.0.1:1/page/1", options);
  CHECK_FALSE(from_environment.ok());
  CHECK(from_environment.error.find("s3cret") == std::string::npos);
  CHECK(from_environment.error.find("proxyuser:***@") != std::string::npos);
  // robots.txt fails the same way, and its message is passed on to the page.
  options.obey_robots = true;
  FetchResult robots = fetch_one("http://127.0.0.1:1/page/1", options);
  CHECK_FALSE(robots.ok());
  CHECK(robots.error.find("s3cret") == std::string::npos);
}

TEST_CASE("Fetcher: credentials in URLs stay out of error messages", "[fetcher]") {
  FetchResult bad = fetch_one("http://alice:s3cret@exa mple.com/?token=s3cret");
  CHECK_FALSE(bad.ok());
  CHECK(bad.error.find("s3cret") == std::string::npos);
  Server server;
  FetchResult r = fetch_one("http://alice:s3cret@127.0.0.1:" + std::to_string(server.port()) + "/page/3");
  INFO(r.error);
  CHECK(r.ok());
  CHECK(r.final_url == server.url("/page/3"));  // normalized: no userinfo
}

TEST_CASE("Fetcher: size caps hold for plain bodies and for every encoding (gzip, deflate, br, zstd)", "[fetcher]") {
  Server server;
  FetchResult big = fetch_one(server.url("/big"));
  CHECK(big.error_kind == ErrorKind::TooLarge);
  CHECK(big.body.empty());
  FetchResult bomb = fetch_one(server.url("/bomb"));
  CHECK(bomb.error_kind == ErrorKind::TooLarge);
  for (const char* encoding : {"deflate", "br", "zstd"}) {
    INFO(encoding);
    FetchResult other = fetch_one(server.url(std::string("/bomb-") + encoding));
    CHECK(other.error_kind == ErrorKind::TooLarge);  // the cap counts decoded bytes, whatever the encoding
    CHECK(other.body.empty());
  }
}

TEST_CASE("Fetcher: slow and dripping servers are cut off", "[fetcher]") {
  Server server;
  FetchOptions options = test_options();
  options.max_tries = 1;
  options.transfer.total_timeout_seconds = 1;
  CHECK(fetch_one(server.url("/slow"), options).error_kind == ErrorKind::Timeout);
  options.transfer.total_timeout_seconds = 60;
  options.transfer.low_speed_bytes_per_second = 100;
  options.transfer.low_speed_seconds = 1;
  CHECK(fetch_one(server.url("/drip"), options).error_kind == ErrorKind::Timeout);
}

TEST_CASE("Fetcher: conditional requests get 304 without a body", "[fetcher]") {
  Server server;
  FetchResult first = fetch_one(server.url("/cached"));
  CHECK(first.ok());
  CHECK(first.body == "<p>fresh</p>");
  std::string etag;
  for (const auto& [k, v] : first.headers) {
    if (k == "etag") etag = v;
  }
  CHECK(etag == "\"v1\"");
  Request by_etag;
  by_etag.etag = etag;
  FetchResult again = fetch_one(server.url("/cached"), test_options(), by_etag);
  CHECK(again.ok());
  CHECK(again.status == 304);
  CHECK(again.not_modified);
  CHECK(again.body.empty());
  Request by_date;
  by_date.last_modified = "Wed, 01 May 2024 12:00:00 GMT";
  CHECK(fetch_one(server.url("/cached"), test_options(), by_date).not_modified);
}

TEST_CASE("Fetcher: content types, charset and user agent", "[fetcher]") {
  Server server;
  FetchResult image = fetch_one(server.url("/image"));
  CHECK(image.error_kind == ErrorKind::Skipped);
  CHECK(image.content_type == "image/png");
  // Printed after its kind ("skipped: not HTML (image/png)"): the message does not repeat it.
  CHECK(image.error == "not HTML (image/png)");
  Request wants_xml;
  wants_xml.xml = true;
  CHECK(fetch_one(server.url("/image"), test_options(), wants_xml).error == "not HTML or XML (image/png)");
  CHECK(fetch_one(server.url("/feed")).error_kind == ErrorKind::Skipped);
  Request xml;
  xml.xml = true;
  FetchResult feed = fetch_one(server.url("/feed"), test_options(), xml);
  CHECK(feed.ok());
  CHECK(feed.body.find("<rss>") != std::string::npos);
  FetchResult liar = fetch_one(server.url("/liar"));
  CHECK(liar.body == "<html><p>caf\xC3\xA9 cr\xC3\xA8me</p></html>");  // valid UTF-8 beats the declared latin-1
  FetchResult agent = fetch_one(server.url("/user-agent"));
  CHECK(agent.body.find("winnow/") != std::string::npos);
  CHECK(agent.timings.total > 0);
}

TEST_CASE("Fetcher: raw bodies, reasons and addresses are kept for archiving when asked", "[fetcher]") {
  Server server;
  FetchOptions options = test_options();
  FetchResult plain = fetch_one(server.url("/latin1-gzip"), options);
  CHECK(plain.body == "<html><p>caf\xC3\xA9</p></html>");
  CHECK(plain.raw_body.empty());
  options.keep_raw_body = true;
  FetchResult kept = fetch_one(server.url("/latin1-gzip"), options);
  CHECK(kept.body == "<html><p>caf\xC3\xA9</p></html>");
  CHECK(kept.raw_body == "<html><p>caf\xE9</p></html>");  // gunzipped, still Latin-1
  CHECK(kept.reason == "OK");
  CHECK(kept.ip_address == "127.0.0.1");
  FetchResult failed = fetch_one(server.url("/always-500"), options);
  CHECK(failed.status == 500);
  CHECK(failed.reason == "Internal Server Error");
  CHECK_FALSE(failed.raw_body.empty());
}

TEST_CASE("Fetcher: next_within returns without a result; cancel_waiting gives queued requests back", "[fetcher]") {
  Server server;
  FetchOptions options = test_options();
  options.obey_robots = false;
  options.per_host = 1;
  Fetcher fetcher(options);
  for (const char* path : {"/slow", "/page/1", "/page/2"}) {
    Request r;
    r.url = server.url(path);
    fetcher.add(std::move(r));
  }
  FetchResult result;
  CHECK_FALSE(fetcher.next_within(result, std::chrono::milliseconds(100)));  // /slow takes 4 s
  std::vector<Request> cancelled = fetcher.cancel_waiting();
  REQUIRE(cancelled.size() == 2);
  CHECK(cancelled[0].url == server.url("/page/1"));
  CHECK(cancelled[1].url == server.url("/page/2"));
  CHECK(fetcher.pending() == 1);
  REQUIRE(fetcher.next(result));  // the transfer under way still ends
  CHECK(result.request.url == server.url("/slow"));
  CHECK(fetcher.pending() == 0);
  CHECK_FALSE(fetcher.next_within(result, std::chrono::milliseconds(10)));
  CHECK(server.hits("/page/1") == 0);
}

TEST_CASE("Fetcher: stored validators with control characters are not sent, nor is such a user agent",
          "[fetcher]") {
  test::CannedServer server("HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 4\r\n\r\n<p/>");
  FetchOptions options = test_options();
  options.obey_robots = false;
  options.transfer.user_agent = "bot\r\nX-Injected: 1";
  Request request;
  request.etag = "\"v1\"\r\nX-Injected: 2";
  request.last_modified = "Wed, 01 May 2024 12:00:00 GMT\x1b[2J";
  FetchResult result = fetch_one(server.url("/page"), options, request);
  CHECK(result.ok());
  REQUIRE(server.requests().size() == 1);
  const std::string sent = server.requests()[0];
  INFO(sent);
  CHECK(sent.find("X-Injected") == std::string::npos);
  CHECK(sent.find("If-None-Match") == std::string::npos);
  CHECK(sent.find("If-Modified-Since") == std::string::npos);
  CHECK(sent.find('\x1b') == std::string::npos);
  CHECK(sent.find("User-Agent: winnow/") != std::string::npos);

  // Clean validators still go out.
  test::CannedServer plain("HTTP/1.1 304 Not Modified\r\nContent-Length: 0\r\n\r\n");
  Request clean;
  clean.etag = "\"v1\"";
  clean.last_modified = "Wed, 01 May 2024 12:00:00 GMT";
  CHECK(fetch_one(plain.url("/page"), options, clean).not_modified);
  REQUIRE(plain.requests().size() == 1);
  CHECK(plain.requests()[0].find("If-None-Match: \"v1\"\r\n") != std::string::npos);
  CHECK(plain.requests()[0].find("If-Modified-Since: Wed, 01 May 2024 12:00:00 GMT\r\n") != std::string::npos);
}

TEST_CASE("Fetcher: a robots.txt over 500 KiB is read up to there (RFC 9309), not taken as unreachable",
          "[fetcher]") {
  Server server;
  std::string robots = "User-agent: *\nDisallow: /private/\n";
  while (robots.size() < 600 * 1024) robots += "# padding, as some generated robots.txt files have\n";
  robots += "Disallow: /page/\n";  // past the cap: not read
  server.set_robots(robots);
  Fetcher fetcher(test_options());
  fetcher.add(get(server.url("/page/1"), 1));
  fetcher.add(get(server.url("/private/x"), 2));
  std::map<uint64_t, FetchResult> by_tag;
  for (FetchResult& r : fetch_all(fetcher)) by_tag[r.request.tag] = std::move(r);
  INFO(by_tag[1].error);
  CHECK(by_tag[1].ok());
  CHECK(by_tag[1].status == 200);
  CHECK(by_tag[2].error_kind == ErrorKind::Robots);
  CHECK(server.hits("/robots.txt") == 1);
}

TEST_CASE("Fetcher: oversized response heads are http errors, not io or connect", "[fetcher]") {
  FetchOptions options = test_options();
  options.obey_robots = false;
  options.max_tries = 1;
  test::CannedServer location("HTTP/1.1 302 Found\r\nLocation: /" + std::string(200 * 1024, 'a') +
                              "\r\nContent-Length: 0\r\n\r\n");
  FetchResult moved = fetch_one(location.url("/"), options);
  CHECK(std::string(to_string(moved.error_kind)) == "http");
  CHECK(moved.error == "a response header line longer than 102400 bytes (libcurl's limit)");

  std::string many;
  for (int i = 0; i < 8000; ++i) many += "X-Filler-" + std::to_string(i) + ": " + std::string(40, 'x') + "\r\n";
  test::CannedServer heads("HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n" + many + "Content-Length: 2\r\n\r\nhi");
  FetchResult big = fetch_one(heads.url("/"), options);
  CHECK(std::string(to_string(big.error_kind)) == "http");
  CHECK(big.error == "response headers larger than 204800 bytes");

  // robots.txt with such a head: the host is disallowed for now, for that reason.
  options.obey_robots = true;
  FetchResult judged = fetch_one(heads.url("/page"), options);
  CHECK(std::string(to_string(judged.error_kind)) == "http");
  CHECK(judged.error.find("response headers larger than 204800 bytes") != std::string::npos);
}

}  // namespace winnow::fetch
