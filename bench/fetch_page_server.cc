// A local web server for bench/fetch.sh: /p/<n> answers a ~10 KB HTML page, /robots.txt 404.
// Usage: fetch_page_server PORT_FILE — binds 127.0.0.1 on a free port, writes the port to
// PORT_FILE, serves until killed.
#include <httplib.h>

#include <fstream>
#include <iostream>
#include <string>

#include "tests/local_server.h"

int main(int argc, char** argv) {
  if (argc != 2) {
    std::cerr << "usage: fetch_page_server PORT_FILE\n";
    return 2;
  }
  std::string filler;
  for (int i = 0; i < 60; ++i) {
    filler += "<p>Paragraph " + std::to_string(i) +
              " of a benchmark page, long enough to look like article text in a real page.</p>\n";
  }
  httplib::Server server;
  // Enough workers that the server is not what limits 32 or 64 parallel transfers.
  server.new_task_queue = [] { return new httplib::ThreadPool(96); };
  winnow::test::prefer_gzip_and_nodelay(server);
  server.Get(R"(/p/(\d+))", [&filler](const httplib::Request& req, httplib::Response& res) {
    res.set_content("<!DOCTYPE html><html><head><title>Page " + req.matches[1].str() +
                        "</title></head><body><article><h1>Page " + req.matches[1].str() + "</h1>\n" +
                        filler + "</article></body></html>",
                    "text/html; charset=utf-8");
  });
  int port = server.bind_to_any_port("127.0.0.1");
  if (port <= 0) {
    std::cerr << "fetch_page_server: cannot bind 127.0.0.1\n";
    return 1;
  }
  std::ofstream(argv[1]) << port << "\n";
  server.listen_after_bind();
  return 0;
}
