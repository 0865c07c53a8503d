// Settings shared by the local HTTP servers of the tests and benchmarks (cpp-httplib).
#pragma once

#include <httplib.h>

#include <string>

namespace winnow::test {

// Makes a local server cheap to talk to, so that what a benchmark measures is the client:
// - Gzip instead of Brotli: Debian's cpp-httplib compresses Brotli at quality 11, some 5 ms of
//   server CPU for a 10 KB page and seconds for a large sitemap, which starved the crawl
//   benchmark's client of CPU and timed out 5 MB sitemaps. The Accept-Encoding is rewritten
//   before httplib picks an encoding from it (it prefers "br" whenever it is there).
// - TCP_NODELAY: without it a reused connection's small responses wait for the client's delayed
//   ACK (Nagle), some 40 ms each.
inline void prefer_gzip_and_nodelay(httplib::Server& server) {
  server.set_tcp_nodelay(true);
  server.set_pre_routing_handler([](const httplib::Request& req, httplib::Response&) {
    // The server owns the request; httplib hands it over as const only.
    auto& headers = const_cast<httplib::Request&>(req).headers;
    for (auto it = headers.find("Accept-Encoding"); it != headers.end() && it->first == "Accept-Encoding"; ++it) {
      std::string& value = it->second;
      for (std::size_t at = value.find("br"); at != std::string::npos; at = value.find("br", at)) {
        bool token = (at == 0 || value[at - 1] == ' ' || value[at - 1] == ',') &&
                     (at + 2 == value.size() || value[at + 2] == ',' || value[at + 2] == ';' || value[at + 2] == ' ');
        if (token) value.replace(at, 2, "identity");
        else at += 2;
      }
    }
    return httplib::Server::HandlerResponse::Unhandled;
  });
}

}  // namespace winnow::test
