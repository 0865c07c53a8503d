#include <arpa/inet.h>
#include <httplib.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <catch2/catch.hpp>
#include <chrono>
#include <string>
#include <thread>

#include "fetch/fetcher.h"
#include "fetch/gzip_test_util.h"
#include "fetch/http_get_internal.h"

namespace winnow::fetch {
namespace {

constexpr const char* kPage = "<html><head><meta charset=koi8-r></head><p>caf\xC3\xA9</p></html>";

// An HTTP server on 127.0.0.1 and a free port, serving the routes the tests need.
class TestServer {
 public:
  TestServer() {
    add_routes();
    port_ = server_.bind_to_any_port("127.0.0.1");
    REQUIRE(port_ > 0);
    thread_ = std::thread([this] { server_.listen_after_bind(); });
    // stop() is a no-op until the accept loop runs, so a test that never reaches the server
    // would otherwise hang in the destructor.
    for (int i = 0; i < 5000 && !server_.is_running(); ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
  }
  TestServer(const TestServer&) = delete;
  TestServer& operator=(const TestServer&) = delete;
  ~TestServer() {
    stopping_ = true;
    server_.stop();
    thread_.join();
  }

  std::string url(const std::string& path) const {
    return "http://127.0.0.1:" + std::to_string(port_) + path;
  }
  int port() const { return port_; }

 private:
  void add_routes() {
    server_.Get("/page", [](const httplib::Request&, httplib::Response& res) {
      res.set_header("X-Test", "final");
      res.set_content(kPage, "text/html; charset=utf-8");
    });
    server_.Get("/user-agent", [](const httplib::Request& req, httplib::Response& res) {
      res.set_content(req.get_header_value("User-Agent"), "text/plain");
    });
    server_.Get("/r1", [](const httplib::Request&, httplib::Response& res) {
      res.set_header("X-Hop", "1");
      res.set_redirect("/r2", 302);
    });
    server_.Get("/r2", [](const httplib::Request&, httplib::Response& res) {
      res.set_header("X-Hop", "2");
      res.set_redirect("/page", 301);
    });
    server_.Get("/loop", [](const httplib::Request&, httplib::Response& res) {
      res.set_redirect("/loop", 302);
    });
    server_.Get("/to-ftp", [](const httplib::Request&, httplib::Response& res) {
      res.set_redirect("ftp://127.0.0.1/file.html", 302);
    });
    server_.Get("/gzip", [](const httplib::Request&, httplib::Response& res) {
      res.set_header("Content-Encoding", "gzip");
      res.set_content(test::gzip("<p>unzipped by curl</p>"), "application/x-test");
    });
    server_.Get("/gzip-bomb", [](const httplib::Request&, httplib::Response& res) {
      res.set_header("Content-Encoding", "gzip");
      res.set_content(test::gzip(std::string(1024 * 1024, ' ')), "application/x-test");
    });
    server_.Get("/big", [](const httplib::Request&, httplib::Response& res) {
      res.set_content(std::string(100 * 1024, 'b'), "application/x-test");
    });
    server_.Get("/big-chunked", [](const httplib::Request&, httplib::Response& res) {
      res.set_chunked_content_provider("application/x-test",
                                       [](size_t offset, httplib::DataSink& sink) {
                                         if (offset >= 100 * 1024) {
                                           sink.done();
                                           return true;
                                         }
                                         std::string chunk(4096, 'c');
                                         return sink.write(chunk.data(), chunk.size());
                                       });
    });
    server_.Get("/missing", [](const httplib::Request&, httplib::Response& res) {
      res.status = 404;
      res.set_content("not here", "text/plain");
    });
    server_.Get("/slow", [this](const httplib::Request&, httplib::Response& res) {
      auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(10);
      while (!stopping_ && std::chrono::steady_clock::now() < give_up) {
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
      }
      res.set_content("too late", "text/plain");
    });
  }

  httplib::Server server_;
  std::thread thread_;
  std::atomic<bool> stopping_{false};
  int port_ = 0;
};

GetOptions local_options() {
  GetOptions options;
  options.allow_private_addresses = true;
  options.connect_timeout_seconds = 5;
  options.total_timeout_seconds = 10;
  return options;
}

std::string header(const Response& response, const std::string& name) {
  for (const auto& [key, value] : response.headers) {
    if (key == name) return value;
  }
  return "(absent)";
}

bool contains(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

}  // namespace

TEST_CASE("http_get fetches a page with its headers", "[http_get]") {
  TestServer server;
  Response response = http_get(server.url("/page"), local_options());
  INFO(response.error);
  REQUIRE(response.ok());
  CHECK(response.status == 200);
  CHECK(response.body == kPage);
  CHECK(response.content_type == "text/html; charset=utf-8");
  CHECK(header(response, "x-test") == "final");
  CHECK(header(response, "content-type") == "text/html; charset=utf-8");
  CHECK(response.requested_url == server.url("/page"));
  CHECK(response.final_url == server.url("/page"));
}

TEST_CASE("http_get sends our User-Agent unless told otherwise", "[http_get]") {
  TestServer server;
  Response by_default = http_get(server.url("/user-agent"), local_options());
  REQUIRE(by_default.ok());
  CHECK(by_default.body == config::default_user_agent());

  GetOptions options = local_options();
  options.user_agent = "custom-agent/1.0";
  Response custom = http_get(server.url("/user-agent"), options);
  REQUIRE(custom.ok());
  CHECK(custom.body == "custom-agent/1.0");
}

TEST_CASE("http_get follows a redirect chain and keeps the final headers", "[http_get]") {
  TestServer server;
  Response response = http_get(server.url("/r1"), local_options());
  INFO(response.error);
  REQUIRE(response.ok());
  CHECK(response.status == 200);
  CHECK(response.final_url == server.url("/page"));
  CHECK(response.requested_url == server.url("/r1"));
  CHECK(response.body == kPage);
  CHECK(header(response, "x-hop") == "(absent)");
  CHECK(header(response, "location") == "(absent)");
  CHECK(header(response, "x-test") == "final");
}

TEST_CASE("http_get stops a redirect loop with an error", "[http_get]") {
  TestServer server;
  GetOptions options = local_options();
  options.max_redirects = 5;
  Response response = http_get(server.url("/loop"), options);
  CHECK(response.error_kind == ErrorKind::Http);
  CHECK(contains(response.error, "redirects"));
}

TEST_CASE("http_get refuses a redirect to another scheme", "[http_get]") {
  TestServer server;
  Response response = http_get(server.url("/to-ftp"), local_options());
  CHECK(response.error_kind == ErrorKind::ForbiddenScheme);
  CHECK_FALSE(response.error.empty());
}

TEST_CASE("http_get decodes a gzip-encoded body", "[http_get]") {
  TestServer server;
  Response response = http_get(server.url("/gzip"), local_options());
  INFO(response.error);
  REQUIRE(response.ok());
  CHECK(response.body == "<p>unzipped by curl</p>");
  CHECK(header(response, "content-encoding") == "gzip");
}

TEST_CASE("http_get caps the body size", "[http_get]") {
  TestServer server;
  GetOptions options = local_options();
  options.max_body_bytes = 10 * 1024;
  for (const char* path : {"/big", "/big-chunked", "/gzip-bomb"}) {
    INFO(path);
    Response response = http_get(server.url(path), options);
    CHECK(response.error_kind == ErrorKind::TooLarge);
    CHECK(contains(response.error, "10240"));
    CHECK(response.body.empty());
  }
  options.max_body_bytes = 100 * 1024;
  Response exact = http_get(server.url("/big"), options);
  CHECK(exact.ok());
  CHECK(exact.body.size() == 100 * 1024);
}

TEST_CASE("http_get treats a 404 as a response, not an error", "[http_get]") {
  TestServer server;
  Response response = http_get(server.url("/missing"), local_options());
  CHECK(response.ok());
  CHECK(response.status == 404);
  CHECK(response.body == "not here");
}

TEST_CASE("http_get gives up after the total timeout", "[http_get]") {
  TestServer server;
  GetOptions options = local_options();
  options.total_timeout_seconds = 1;
  Response response = http_get(server.url("/slow"), options);
  CHECK(response.error_kind == ErrorKind::Timeout);
  CHECK_FALSE(response.error.empty());
}

TEST_CASE("http_get refuses loopback unless private addresses are allowed", "[http_get]") {
  TestServer server;
  GetOptions options = local_options();
  options.allow_private_addresses = false;
  Response by_ip = http_get(server.url("/page"), options);
  CHECK(by_ip.error_kind == ErrorKind::ForbiddenAddress);
  CHECK(contains(by_ip.error, "127.0.0.1"));
  CHECK(by_ip.body.empty());

  Response by_name =
      http_get("http://localhost:" + std::to_string(server.port()) + "/page", options);
  CHECK(by_name.error_kind == ErrorKind::ForbiddenAddress);
}

TEST_CASE("http_get reports a refused connection", "[http_get]") {
  int probe = ::socket(AF_INET, SOCK_STREAM, 0);
  REQUIRE(probe >= 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t length = sizeof address;
  REQUIRE(::bind(probe, reinterpret_cast<sockaddr*>(&address), length) == 0);
  REQUIRE(::getsockname(probe, reinterpret_cast<sockaddr*>(&address), &length) == 0);
  ::close(probe);  // the port is now free and nothing listens on it
  std::string url = "http://127.0.0.1:" + std::to_string(ntohs(address.sin_port)) + "/";
  Response response = http_get(url, local_options());
  CHECK(response.error_kind == ErrorKind::Connect);
}

TEST_CASE("http_get rejects malformed URLs and other schemes before connecting", "[http_get]") {
  for (const char* url :
       {"http://exa mple.com/", "http://[::1", "", "example.com/page", "http://"}) {
    INFO(url);
    Response response = http_get(url);
    CHECK(response.error_kind == ErrorKind::InvalidUrl);
    CHECK_FALSE(response.error.empty());
  }
  for (const char* url : {"ftp://127.0.0.1/file", "file:///etc/passwd", "gopher://127.0.0.1/"}) {
    INFO(url);
    CHECK(http_get(url).error_kind == ErrorKind::ForbiddenScheme);
  }
}

TEST_CASE("the address guard classifies addresses", "[http_get]") {
  auto kind = [](const char* text) -> std::string {
    sockaddr_in v4{};
    sockaddr_in6 v6{};
    const char* result;
    if (::inet_pton(AF_INET, text, &v4.sin_addr) == 1) {
      v4.sin_family = AF_INET;
      result = http_internal::forbidden_address_kind(reinterpret_cast<sockaddr*>(&v4), sizeof v4);
    } else {
      REQUIRE(::inet_pton(AF_INET6, text, &v6.sin6_addr) == 1);
      v6.sin6_family = AF_INET6;
      result = http_internal::forbidden_address_kind(reinterpret_cast<sockaddr*>(&v6), sizeof v6);
    }
    return result ? result : "public";
  };
  CHECK(kind("127.0.0.1") == "loopback");
  CHECK(kind("127.8.9.10") == "loopback");
  CHECK(kind("10.1.2.3") == "private");
  CHECK(kind("172.16.0.1") == "private");
  CHECK(kind("172.31.255.255") == "private");
  CHECK(kind("172.32.0.1") == "public");
  CHECK(kind("192.168.1.1") == "private");
  CHECK(kind("169.254.169.254") == "link-local");
  CHECK(kind("224.0.0.1") == "multicast");
  CHECK(kind("0.0.0.0") == "unspecified");
  CHECK(kind("255.255.255.255") == "reserved");
  CHECK(kind("8.8.8.8") == "public");
  CHECK(kind("::1") == "loopback");
  CHECK(kind("::") == "unspecified");
  CHECK(kind("fc00::1") == "private");
  CHECK(kind("fd12:3456::1") == "private");
  CHECK(kind("fe80::1") == "link-local");
  CHECK(kind("ff02::1") == "multicast");
  CHECK(kind("::ffff:127.0.0.1") == "loopback");
  CHECK(kind("::ffff:10.0.0.1") == "private");
  CHECK(kind("::ffff:8.8.8.8") == "public");
  CHECK(kind("64:ff9b::a00:1") == "private");
  CHECK(kind("2001:4860:4860::8888") == "public");
}

TEST_CASE("every error kind has a name", "[http_get]") {
  CHECK(std::string(to_string(ErrorKind::None)) == "none");
  CHECK(std::string(to_string(ErrorKind::ForbiddenAddress)) == "forbidden_address");
  CHECK(std::string(to_string(ErrorKind::TooLarge)) == "too_large");
  CHECK(std::string(to_string(ErrorKind::InvalidUrl)) == "invalid_url");
}

}  // namespace winnow::fetch
