#include <arpa/inet.h>
#include <httplib.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <catch2/catch.hpp>
#include <chrono>
#include <cstdlib>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "fetch/fetcher.h"
#include "fetch/test_util.h"
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
    server_.Get("/redirect", [](const httplib::Request& req, httplib::Response& res) {
      res.set_redirect(req.get_param_value("to"), 302);
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

GetOptions guarded_options() {
  GetOptions options = local_options();
  options.allow_private_addresses = false;
  return options;
}

// "http://127.0.0.1:PORT/redirect?to=TARGET", the target percent-encoded.
std::string redirect_url(const TestServer& server, const std::string& target) {
  std::string encoded;
  for (char c : target) {
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '-') {
      encoded += c;
    } else {
      static constexpr char kHex[] = "0123456789ABCDEF";
      encoded += '%';
      encoded += kHex[static_cast<unsigned char>(c) >> 4];
      encoded += kHex[static_cast<unsigned char>(c) & 0xF];
    }
  }
  return server.url("/redirect?to=" + encoded);
}


}  // namespace

TEST_CASE("http_get: a host that does not resolve is named", "[http_get]") {
  Response response = http_get("http://example.invalid/page", local_options());  // RFC 6761: never resolves
  CHECK(response.error_kind == ErrorKind::Dns);
  CHECK(response.error == "cannot resolve host example.invalid");
}

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

TEST_CASE("http_get refuses names that resolve to loopback, judged after DNS", "[http_get]") {
  TestServer server;
  const std::string port = std::to_string(server.port());
  GetOptions options = guarded_options();
  options.resolve = {"evil.test:" + port + ":127.0.0.1", "evil6.test:" + port + ":[::1]",
                     "mixed.test:" + port + ":10.1.2.3,127.0.0.1"};
  for (const std::string host : {"evil.test", "evil6.test", "mixed.test", "localhost", "LOCALHOST"}) {
    INFO(host);
    Response response = http_get("http://" + host + ":" + port + "/page", options);
    CHECK(response.error_kind == ErrorKind::ForbiddenAddress);
    CHECK(contains(response.error, "private addresses are not allowed"));
    CHECK(response.body.empty());
  }
  CHECK(contains(http_get("http://evil.test:" + port + "/page", options).error, "127.0.0.1 (loopback address)"));
  CHECK(contains(http_get("http://evil6.test:" + port + "/page", options).error, "::1 (loopback address)"));
  // The same mapping reaches the server when private addresses are allowed: the refusal above
  // was the guard's, not a failed lookup.
  options.allow_private_addresses = true;
  Response allowed = http_get("http://evil.test:" + port + "/page", options);
  INFO(allowed.error);
  CHECK(allowed.ok());
  CHECK(allowed.body == kPage);
}

TEST_CASE("http_get refuses every spelling of loopback, unspecified and private addresses", "[http_get]") {
  TestServer server;
  const std::string port = std::to_string(server.port());
  // Spellings of 127.0.0.1 that resolvers accept (decimal, hex, octal, short forms), and
  // 0.0.0.0, which Linux connects to the local host.
  const std::vector<std::string> ipv4 = {"2130706433", "0x7f000001", "0x7f.1", "0177.0.0.1", "0177.1",
                                         "127.1", "127.000.000.001", "0.0.0.0", "0"};
  for (const std::string& host : ipv4) {
    INFO(host);
    Response refused = http_get("http://" + host + ":" + port + "/page", guarded_options());
    CHECK(refused.error_kind == ErrorKind::ForbiddenAddress);
    Response allowed = http_get("http://" + host + ":" + port + "/page", local_options());
    CHECK(allowed.ok());  // it is really our server on 127.0.0.1
    CHECK(allowed.body == kPage);
  }
  for (const std::string host : {"[::1]", "[0:0:0:0:0:0:0:1]", "[::ffff:127.0.0.1]", "[::ffff:7f00:1]",
                                 "[0:0:0:0:0:ffff:127.0.0.1]", "[::]", "[::127.0.0.1]", "[::ffff:10.0.0.1]",
                                 "[fe80::1]", "[fd00::1]"}) {
    INFO(host);
    Response refused = http_get(std::string("http://") + host + ":" + port + "/page", guarded_options());
    CHECK(refused.error_kind == ErrorKind::ForbiddenAddress);
  }
}

TEST_CASE("http_get judges every redirect hop, from an allowed endpoint too", "[http_get]") {
  TestServer allowed_server;
  TestServer internal_server;
  const std::string internal_port = std::to_string(internal_server.port());
  GetOptions options = guarded_options();
  options.allowed_endpoints = {"127.0.0.1:" + std::to_string(allowed_server.port())};
  options.resolve = {"internal.test:" + internal_port + ":127.0.0.1",
                     "allowed.test:" + std::to_string(allowed_server.port()) + ":127.0.0.1"};

  // The allowance is for that address and port only, whatever name leads there.
  Response direct = http_get(allowed_server.url("/page"), options);
  INFO(direct.error);
  CHECK(direct.ok());
  CHECK(http_get("http://allowed.test:" + std::to_string(allowed_server.port()) + "/page", options).ok());
  CHECK(http_get(redirect_url(allowed_server, "/page"), options).ok());
  CHECK(http_get(internal_server.url("/page"), options).error_kind == ErrorKind::ForbiddenAddress);

  for (const std::string& target :
       {internal_server.url("/page"), "http://internal.test:" + internal_port + "/page",
        "http://localhost:" + internal_port + "/page", "http://2130706433:" + internal_port + "/page",
        "http://0x7f.1:" + internal_port + "/page", "http://[::1]:" + internal_port + "/page",
        "http://[::ffff:127.0.0.1]:" + internal_port + "/page", "http://0.0.0.0:" + internal_port + "/page",
        std::string("http://10.0.0.1/"), std::string("http://169.254.169.254/latest/meta-data/"),
        std::string("http://192.168.0.1:8080/")}) {
    INFO(target);
    Response response = http_get(redirect_url(allowed_server, target), options);
    CHECK(response.error_kind == ErrorKind::ForbiddenAddress);
    CHECK(response.status != 200);
    CHECK(response.body.empty());
  }
  // Without the guard the same redirect lands on the internal server.
  options.allow_private_addresses = true;
  Response unguarded = http_get(redirect_url(allowed_server, "http://internal.test:" + internal_port + "/page"),
                                options);
  INFO(unguarded.error);
  CHECK(unguarded.ok());
  CHECK(unguarded.body == kPage);
}

TEST_CASE("refused_host judges hosts that spell their address, before any lookup", "[http_get]") {
  GetOptions options = guarded_options();
  options.allowed_endpoints = {"127.0.0.1:8080", "[::1]:9090"};
  auto refused = [&](const std::string& url) { return http_internal::refused_host(options, url); };
  CHECK(refused("http://127.0.0.1/") == "127.0.0.1 (loopback address)");
  CHECK(refused("http://127.0.0.1:8080/") == "");
  CHECK(refused("http://127.0.0.1:8081/") == "127.0.0.1 (loopback address)");
  CHECK(refused("http://2130706433/") == "127.0.0.1 (loopback address)");
  CHECK(refused("http://0x7f.1/") == "127.0.0.1 (loopback address)");
  CHECK(refused("http://0177.0.0.1/") == "127.0.0.1 (loopback address)");
  CHECK(refused("http://0.0.0.0/") == "0.0.0.0 (unspecified address)");
  CHECK(refused("https://10.1.2.3/") == "10.1.2.3 (private address)");
  CHECK(refused("http://[::1]/") == "::1 (loopback address)");
  CHECK(refused("http://[::1]:9090/") == "");
  CHECK(refused("http://[::ffff:127.0.0.1]/") == "::ffff:127.0.0.1 (loopback address)");
  CHECK(refused("http://localhost/") == "localhost (loopback name)");
  CHECK(refused("http://localhost:8080/") == "");
  CHECK(refused("http://a.b.localhost/") == "a.b.localhost (loopback name)");
  CHECK(refused("http://8.8.8.8/") == "");
  CHECK(refused("http://example.com/") == "");  // a name: judged after DNS, by the socket guard
  CHECK(refused("http://localhost.example.com/") == "");
  CHECK(refused("not a url") == "");
  options.allow_private_addresses = true;
  CHECK(refused("http://127.0.0.1/") == "");
}

TEST_CASE("http_get keeps credentials out of its messages and of final_url", "[http_get]") {
  TestServer server;
  const std::string port = std::to_string(server.port());
  Response fetched = http_get("http://alice:s3cret@127.0.0.1:" + port + "/page", local_options());
  INFO(fetched.error);
  REQUIRE(fetched.ok());
  CHECK(fetched.final_url == server.url("/page"));
  for (const std::string url : {"http://alice:s3cret@exa mple.com/", "ftp://alice:s3cret@127.0.0.1/",
                                "gopher://alice:s3cret@127.0.0.1/?token=s3cret"}) {
    INFO(url);
    Response failed = http_get(url);
    CHECK_FALSE(failed.ok());
    CHECK_FALSE(contains(failed.error, "s3cret"));
    CHECK(contains(failed.error, "alice:***@"));
  }
}

TEST_CASE("http_get ignores proxy variables, which would take connections out of the guard's sight",
          "[http_get]") {
  TestServer server;
  test::ScopedEnvironment http_proxy("http_proxy", "http://user:s3cret@proxy.invalid:1");
  test::ScopedEnvironment all_proxy("ALL_PROXY", "http://user:s3cret@proxy.invalid:1");
  Response response = http_get(server.url("/page"), local_options());
  INFO(response.error);
  CHECK(response.ok());
  CHECK(response.body == kPage);
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

TEST_CASE("http_get never sends a User-Agent with a control character: the default goes instead", "[http_get]") {
  test::CannedServer server("HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 4\r\n\r\n<p/>");
  GetOptions options = local_options();
  options.user_agent = "bot\r\nHost: evil.example";
  Response response = http_get(server.url(), options);
  REQUIRE(response.ok());
  REQUIRE(server.requests().size() == 1);
  const std::string request = server.requests()[0];
  CHECK(request.find("evil.example") == std::string::npos);
  CHECK(request.find("User-Agent: " + config::default_user_agent() + "\r\n") != std::string::npos);
}

// libcurl fails on these as "Out of memory" and as a receive error; they are the server's doing.
TEST_CASE("http_get reports oversized response heads as http errors, not io or connect", "[http_get]") {
  const std::string long_location = "/" + std::string(200 * 1024, 'a');
  test::CannedServer location("HTTP/1.1 302 Found\r\nLocation: " + long_location + "\r\nContent-Length: 0\r\n\r\n");
  Response moved = http_get(location.url(), local_options());
  CHECK(std::string(to_string(moved.error_kind)) == "http");
  CHECK(moved.error == "a response header line longer than 102400 bytes (libcurl's limit)");

  std::string many;
  for (int i = 0; i < 8000; ++i) many += "X-Filler-" + std::to_string(i) + ": " + std::string(40, 'x') + "\r\n";
  test::CannedServer heads("HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n" + many + "Content-Length: 2\r\n\r\nhi");
  Response big = http_get(heads.url(), local_options());
  CHECK(std::string(to_string(big.error_kind)) == "http");
  CHECK(big.error == "response headers larger than 204800 bytes");

  // Heads a little under the limit are fine.
  test::CannedServer fine("HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nX-Big: " + std::string(90 * 1024, 'x') +
                          "\r\nContent-Length: 2\r\n\r\nhi");
  Response ok = http_get(fine.url(), local_options());
  INFO(ok.error);
  CHECK(ok.ok());
  CHECK(ok.body == "hi");
}

TEST_CASE("every error kind has a name", "[http_get]") {
  CHECK(std::string(to_string(ErrorKind::None)) == "none");
  CHECK(std::string(to_string(ErrorKind::ForbiddenAddress)) == "forbidden_address");
  CHECK(std::string(to_string(ErrorKind::TooLarge)) == "too_large");
  CHECK(std::string(to_string(ErrorKind::InvalidUrl)) == "invalid_url");
}

}  // namespace winnow::fetch
