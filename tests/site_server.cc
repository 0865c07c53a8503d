// A local web site for `winnow crawl`'s demo, tests and benchmark, on one or more 127.0.0.1 ports:
// the files of a directory (samples/site) or a generated site of any size. It logs every request
// with the number in flight at its origin, so tests can assert politeness as the server saw it.
// With --chaos it also misbehaves on a share of the requests (resets, stalls, 5xx, truncated
// chunked bodies, keep-alive connections closed unannounced), for tests/chaos_test.sh.
// samples/site/README.md describes both sites; tests/site_server_test.sh exercises them.
// GCC 12 with the sanitizers reports -Wmaybe-uninitialized inside libstdc++'s std::regex
// automaton (a std::function member moved while the state is built): a known false positive of
// that compiler in a system header, silenced for this file only.
#if defined(__GNUC__) && !defined(__clang__) && __GNUC__ == 12
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#endif
#include <arpa/inet.h>
#include <httplib.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <atomic>
#include <charconv>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <future>
#include <iostream>
#include <iterator>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <regex>
#include <sstream>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "tests/local_server.h"

namespace {

namespace fs = std::filesystem;

// More than the 64 connections a crawl may hold open to one origin: with keep-alive, every open
// connection pins a worker until it goes idle.
constexpr int kWorkersPerOrigin = 72;
constexpr std::string_view kOriginPlaceholder = "{{ORIGIN}}";

struct Options {
  std::string root;
  std::size_t generate = 0;
  int hosts = 1;
  int links = 5;
  std::size_t urls_per_sitemap = 50000;  // the sitemap protocol's limit
  std::uint64_t seed = 1;
  int port = 0;
  std::string log;
  int delay_ms = 0;
  double chaos_rate = -1;  // share of requests that get a fault; < 0: no chaos (and no log column)
  std::uint64_t chaos_seed = 1;
  int chaos_stall_ms = 10000;
  std::string chaos_only;  // regex on the path; empty: every path
};

// ---------------------------------------------------------------------------------------------
// HTTP details shared by both sites.

std::string format_utc(std::time_t t, const char* format) {
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buffer[64];
  std::size_t n = std::strftime(buffer, sizeof buffer, format, &tm);
  return std::string(buffer, n);
}

std::string http_date(std::time_t t) { return format_utc(t, "%a, %d %b %Y %H:%M:%S GMT"); }
std::string iso_date(std::time_t t) { return format_utc(t, "%Y-%m-%dT%H:%M:%SZ"); }

std::optional<std::time_t> parse_http_date(const std::string& text) {
  std::tm tm{};
  const char* end = strptime(text.c_str(), "%a, %d %b %Y %H:%M:%S GMT", &tm);
  if (end == nullptr || *end != '\0') return std::nullopt;
  return timegm(&tm);
}

// FNV-1a, 64 bits: stable across runs and machines.
std::uint64_t fnv1a(std::string_view bytes) {
  std::uint64_t hash = 14695981039346656037ull;
  for (unsigned char c : bytes) {
    hash ^= c;
    hash *= 1099511628211ull;
  }
  return hash;
}

// A strong validator from the bytes served: it changes when a test rewrites a page within the
// same second as its previous version.
std::string etag_of(std::string_view body) {
  std::uint64_t hash = fnv1a(body);
  char buffer[24];
  std::snprintf(buffer, sizeof buffer, "\"%016llx\"", static_cast<unsigned long long>(hash));
  return buffer;
}

// If-None-Match compares weakly (RFC 9110 13.1.2): "W/" prefixes do not matter.
bool etag_listed(std::string_view if_none_match, std::string_view etag) {
  while (!if_none_match.empty()) {
    std::size_t comma = if_none_match.find(',');
    std::string_view item = if_none_match.substr(0, comma);
    while (!item.empty() && (item.front() == ' ' || item.front() == '\t')) item.remove_prefix(1);
    while (!item.empty() && (item.back() == ' ' || item.back() == '\t')) item.remove_suffix(1);
    if (item.substr(0, 2) == "W/") item.remove_prefix(2);
    if (item == "*" || item == etag) return true;
    if (comma == std::string_view::npos) break;
    if_none_match.remove_prefix(comma + 1);
  }
  return false;
}

// Answers `body` with its validators, or 304 when the request already holds this version.
// If-Modified-Since counts only without If-None-Match (RFC 9110 13.2.2).
void send_with_validators(const httplib::Request& req, httplib::Response& res, const std::string& body,
                          const std::string& content_type, std::time_t modified) {
  std::string etag = etag_of(body);
  res.set_header("ETag", etag);
  res.set_header("Last-Modified", http_date(modified));
  bool not_modified = false;
  if (req.has_header("If-None-Match")) {
    not_modified = etag_listed(req.get_header_value("If-None-Match"), etag);
  } else if (req.has_header("If-Modified-Since")) {
    std::optional<std::time_t> since = parse_http_date(req.get_header_value("If-Modified-Since"));
    not_modified = since && modified <= *since;
  }
  if (not_modified) {
    res.status = 304;
    return;
  }
  res.status = 200;
  res.set_content(body, content_type.c_str());
}

void replace_all(std::string& text, std::string_view from, std::string_view to) {
  for (std::size_t at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size())) {
    text.replace(at, from.size(), to);
  }
}

std::optional<std::string> gunzip(const std::string& data) {
  z_stream stream{};
  if (inflateInit2(&stream, 16 + MAX_WBITS) != Z_OK) return std::nullopt;
  stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  stream.avail_in = static_cast<uInt>(data.size());
  std::string out;
  char buffer[16384];
  int status = Z_OK;
  while (status == Z_OK) {
    stream.next_out = reinterpret_cast<Bytef*>(buffer);
    stream.avail_out = sizeof buffer;
    status = inflate(&stream, Z_NO_FLUSH);
    out.append(buffer, sizeof buffer - stream.avail_out);
  }
  inflateEnd(&stream);
  if (status != Z_STREAM_END) return std::nullopt;
  return out;
}

std::string gzip(const std::string& data) {
  z_stream stream{};
  deflateInit2(&stream, Z_BEST_COMPRESSION, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY);
  stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  stream.avail_in = static_cast<uInt>(data.size());
  std::string out(deflateBound(&stream, stream.avail_in), '\0');
  stream.next_out = reinterpret_cast<Bytef*>(out.data());
  stream.avail_out = static_cast<uInt>(out.size());
  deflate(&stream, Z_FINISH);
  out.resize(out.size() - stream.avail_out);
  deflateEnd(&stream);
  return out;
}

// ---------------------------------------------------------------------------------------------
// The sites. `origin` is the index of the listening origin the request came to.

class Site {
 public:
  virtual ~Site() = default;
  // Answers a GET or HEAD request (httplib strips the body for HEAD).
  virtual void answer(const httplib::Request& req, httplib::Response& res, std::size_t origin) const = 0;
};

struct Redirect {
  std::string to;
  int status = 301;
};

// The lines of a _redirects file; `bad_lines` gets the numbers of lines that do not parse.
std::map<std::string, Redirect> parse_redirects(std::istream& in, std::vector<int>* bad_lines) {
  std::map<std::string, Redirect> redirects;
  std::string line;
  for (int number = 1; std::getline(in, line); ++number) {
    std::istringstream words(line);
    std::string from, to, status, extra;
    if (!(words >> from) || from[0] == '#') continue;
    Redirect redirect;
    bool ok = static_cast<bool>(words >> to) && from[0] == '/';
    if (ok && words >> status) {
      auto [end, error] = std::from_chars(status.data(), status.data() + status.size(), redirect.status);
      ok = error == std::errc() && end == status.data() + status.size() && redirect.status >= 300 &&
           redirect.status < 400 && !(words >> extra);
    }
    if (!ok) {
      if (bad_lines) bad_lines->push_back(number);
      continue;
    }
    redirect.to = to;
    redirects[from] = redirect;
  }
  return redirects;
}

std::string content_type_for(const fs::path& file) {
  static const std::map<std::string, std::string> types = {
      {".html", "text/html; charset=utf-8"}, {".xml", "application/xml"},
      {".rss", "application/rss+xml"},       {".atom", "application/atom+xml"},
      {".json", "application/feed+json"},    {".txt", "text/plain"},
      {".gz", "application/gzip"},           {".png", "image/png"}};
  auto found = types.find(file.extension().string());
  return found == types.end() ? "application/octet-stream" : found->second;
}

bool holds_placeholder_kind(const fs::path& file) {
  std::string extension = file.extension().string();
  for (const char* kind : {".html", ".xml", ".rss", ".atom", ".json", ".txt"}) {
    if (extension == kind) return true;
  }
  return false;
}

std::optional<std::string> read_file(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream bytes;
  bytes << in.rdbuf();
  if (in.bad()) return std::nullopt;
  return bytes.str();
}

// The files of a directory, read on every request so that tests can change a page between two
// crawls. Names starting with "_" or "." are never served: _redirects and _404.html configure.
class DirectorySite : public Site {
 public:
  DirectorySite(fs::path root, std::vector<std::string> origins)
      : root_(std::move(root)), origins_(std::move(origins)) {}

  void answer(const httplib::Request& req, httplib::Response& res, std::size_t origin) const override {
    if (std::ifstream in(root_ / "_redirects"); in) {
      auto redirects = parse_redirects(in, nullptr);
      if (auto found = redirects.find(req.path); found != redirects.end()) {
        std::string to = found->second.to;
        replace_all(to, kOriginPlaceholder, origins_[origin]);
        res.set_redirect(to, found->second.status);
        return;
      }
    }
    std::optional<fs::path> file = file_for(req.path);
    std::error_code error;
    if (file && fs::is_directory(*file, error)) {
      res.set_redirect(req.path + "/", 301);
      return;
    }
    struct stat info {};
    std::optional<std::string> body;
    if (file && ::stat(file->c_str(), &info) == 0 && S_ISREG(info.st_mode)) body = read_file(*file);
    if (!body) return not_found(res, origin);
    fill_placeholder(*file, *body, origin);
    send_with_validators(req, res, *body, content_type_for(*file), info.st_mtime);
  }

 private:
  // The file a decoded URL path names, or nullopt for paths that leave the root or name hidden files.
  std::optional<fs::path> file_for(const std::string& path) const {
    if (path.empty() || path[0] != '/') return std::nullopt;
    fs::path file = root_;
    std::size_t start = 1;
    while (start < path.size()) {
      std::size_t end = path.find('/', start);
      std::string segment = path.substr(start, end == std::string::npos ? std::string::npos : end - start);
      if (segment.empty() || segment[0] == '.' || segment[0] == '_' || segment.find('\0') != std::string::npos) {
        return std::nullopt;
      }
      file /= segment;
      if (end == std::string::npos) return file;
      start = end + 1;
    }
    return file / "index.html";
  }

  void fill_placeholder(const fs::path& file, std::string& body, std::size_t origin) const {
    if (holds_placeholder_kind(file)) {
      replace_all(body, kOriginPlaceholder, origins_[origin]);
    } else if (file.extension() == ".gz") {
      std::optional<std::string> plain = gunzip(body);
      if (plain && plain->find(kOriginPlaceholder) != std::string::npos) {
        replace_all(*plain, kOriginPlaceholder, origins_[origin]);
        body = gzip(*plain);
      }
    }
  }

  void not_found(httplib::Response& res, std::size_t origin) const {
    res.status = 404;
    if (std::optional<std::string> page = read_file(root_ / "_404.html")) {
      replace_all(*page, kOriginPlaceholder, origins_[origin]);
      res.set_content(*page, "text/html; charset=utf-8");
    } else {
      res.set_content("Not found\n", "text/plain");
    }
  }

  fs::path root_;
  std::vector<std::string> origins_;
};

// ---------------------------------------------------------------------------------------------
// The generated site: every page is computed from (seed, page number) on request, so its size
// costs no memory and two runs with the same flags serve the same bytes.

// splitmix64: tiny, and unlike <random>'s distributions it gives the same numbers everywhere.
class Rng {
 public:
  explicit Rng(std::uint64_t state) : state_(state) {}
  std::uint64_t next() {
    std::uint64_t z = (state_ += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
  }
  std::size_t below(std::size_t n) { return static_cast<std::size_t>(next() % n); }
  std::size_t between(std::size_t low, std::size_t high) { return low + below(high - low + 1); }

 private:
  std::uint64_t state_;
};

constexpr std::string_view kWords =
    "harbour council river bridge market library school budget winter summer festival railway "
    "station village orchard ferry museum hospital street garden tower clock factory workers "
    "residents mayor engineers farmers teachers students volunteers drivers neighbours visitors "
    "plan vote report survey study project repair opening closure delay increase shortage "
    "decision proposal agreement contract season harvest storm flood drought weather road "
    "tunnel canal island valley coast hill forest field park square district county region "
    "north south east west old new small large early late quiet busy public local central "
    "annual monthly weekly careful patient cheerful anxious proud tired hopeful stubborn "
    "announced approved delayed opened closed repaired expanded reduced measured counted "
    "painted rebuilt planted visited discussed questioned welcomed promised explained "
    "reported described recorded collected delivered returned finished started continued "
    "because although while after before during since until unless whereas meanwhile "
    "however therefore instead also still already almost nearly only often rarely "
    "the a this that every each several many few most some another their its our "
    "and but or so yet with without under over between across along around through "
    "money timber stone glass copper bread cheese apples letters tickets boats buses "
    "trains bicycles lamps benches windows roofs walls doors stairs pipes cables wires "
    "morning evening afternoon midnight weekend holiday century decade year month week "
    "spokesperson committee department ministry agency company union club society choir";

const std::vector<std::string_view>& words() {
  static const std::vector<std::string_view> list = [] {
    std::vector<std::string_view> out;
    std::size_t start = 0;
    while (start < kWords.size()) {
      std::size_t end = kWords.find(' ', start);
      if (end == std::string_view::npos) end = kWords.size();
      if (end > start) out.push_back(kWords.substr(start, end - start));
      start = end + 1;
    }
    return out;
  }();
  return list;
}

std::string capitalized(std::string_view word) {
  std::string out(word);
  if (!out.empty() && out[0] >= 'a' && out[0] <= 'z') out[0] = static_cast<char>(out[0] - 'a' + 'A');
  return out;
}

std::string sentence(Rng& rng) {
  std::size_t count = rng.between(8, 18);
  std::size_t comma_after = rng.below(3) == 0 ? 0 : rng.between(3, count - 3);  // 0: no comma
  std::string out;
  for (std::size_t i = 0; i < count; ++i) {
    std::string_view word = words()[rng.below(words().size())];
    if (i == 0) {
      out += capitalized(word);
    } else {
      out += ' ';
      out += word;
    }
    if (i + 1 == comma_after) out += ',';
  }
  return out + '.';
}

class GeneratedSite : public Site {
 public:
  GeneratedSite(const Options& options, std::vector<std::string> origins)
      : pages_(options.generate),
        links_(static_cast<std::size_t>(options.links)),
        urls_per_sitemap_(options.urls_per_sitemap),
        seed_(options.seed),
        origins_(std::move(origins)),
        sections_((pages_ + kPagesPerSection - 1) / kPagesPerSection) {}

  void answer(const httplib::Request& req, httplib::Response& res, std::size_t origin) const override {
    if (std::optional<Page> page = page_for(req.path, origin)) {
      send_with_validators(req, res, page->body, page->type, page->modified);
    } else {
      res.status = 404;
      res.set_content("Not found\n", "text/plain");
    }
  }

 private:
  static constexpr std::size_t kPagesPerSection = 100;
  static constexpr std::size_t kFeedItems = 50;
  static constexpr std::time_t kFirstPublished = 1577836800;    // 2020-01-01
  static constexpr std::time_t kPublishingSpan = 4 * 365 * 86400;  // every page in the past

  struct Page {
    std::string body;
    const char* type;
    std::time_t modified;
  };

  // Every page lives on one origin: articles and sections on page number % hosts.
  std::optional<Page> page_for(const std::string& path, std::size_t origin) const {
    const char* html = "text/html; charset=utf-8";
    std::optional<std::size_t> n;
    if (path == "/") return Page{home(origin), html, newest()};
    if (path == "/robots.txt") {
      return Page{"User-agent: *\nAllow: /\n\nSitemap: " + origins_[origin] + "/sitemap.xml\n", "text/plain", newest()};
    }
    if (path == "/sitemap.xml") return Page{sitemap(origin), "application/xml", newest()};
    if (path == "/feed.xml") return Page{feed(origin), "application/rss+xml", newest()};
    if ((n = number_in(path, "/articles/", ".html")) && *n < pages_ && host_of(*n) == origin) {
      return Page{article(*n), html, published(*n)};
    }
    if ((n = number_in(path, "/section/", "")) && *n < sections_ && host_of(*n) == origin) {
      return Page{section(*n), html, newest()};
    }
    if ((n = number_in(path, "/sitemap-", ".xml")) && *n < sitemap_parts(origin)) {
      return Page{sitemap_part(origin, *n), "application/xml", newest()};
    }
    return std::nullopt;
  }

  static std::optional<std::size_t> number_in(const std::string& path, std::string_view prefix,
                                              std::string_view suffix) {
    if (path.size() <= prefix.size() + suffix.size() || path.compare(0, prefix.size(), prefix) != 0 ||
        path.compare(path.size() - suffix.size(), suffix.size(), suffix) != 0) {
      return std::nullopt;
    }
    const char* first = path.data() + prefix.size();
    const char* last = path.data() + path.size() - suffix.size();
    std::size_t value = 0;
    auto [end, error] = std::from_chars(first, last, value);
    if (error != std::errc() || end != last || (*first == '0' && last - first > 1)) return std::nullopt;
    return value;
  }

  std::size_t host_of(std::size_t n) const { return n % origins_.size(); }
  std::time_t published(std::size_t page) const {
    return kFirstPublished + static_cast<std::time_t>(page * static_cast<std::size_t>(kPublishingSpan) / pages_);
  }
  std::time_t newest() const { return published(pages_ - 1); }
  std::uint64_t stream(std::size_t page, std::uint64_t purpose) const {
    return Rng(seed_ ^ (page * 0x100000001b3ull) ^ (purpose << 56)).next();
  }

  // A link from a page on `from` to `path` on `to`: relative on the same origin.
  std::string href(std::size_t from, std::size_t to, const std::string& path) const {
    return from == to ? path : origins_[to] + path;
  }
  std::string article_path(std::size_t page) const { return "/articles/" + std::to_string(page) + ".html"; }
  std::string article_href(std::size_t from, std::size_t page) const {
    return href(from, host_of(page), article_path(page));
  }
  std::string section_href(std::size_t from, std::size_t section) const {
    return href(from, host_of(section), "/section/" + std::to_string(section));
  }

  std::string title(std::size_t page) const {
    Rng rng(stream(page, 1));
    std::size_t count = rng.between(4, 9);
    std::string out;
    for (std::size_t i = 0; i < count; ++i) {
      std::string_view word = words()[rng.below(words().size())];
      out += i == 0 ? capitalized(word) : ' ' + std::string(word);
    }
    return out;
  }

  std::string shell(std::size_t origin, const std::string& title, const std::string& head,
                    const std::string& main) const {
    std::string out = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>" + title +
                      " - Generated Gazette</title>\n"
                      "<meta property=\"og:site_name\" content=\"Generated Gazette\">\n"
                      "<link rel=\"alternate\" type=\"application/rss+xml\" href=\"/feed.xml\">\n" +
                      head + "</head>\n<body>\n<header class=\"site-header\"><a href=\"/\">Generated Gazette</a>\n" +
                      "<nav class=\"main-nav\"><ul>\n";
    for (std::size_t s = 0; s < sections_ && s < 5; ++s) {
      out += "<li><a href=\"" + section_href(origin, s) + "\">Section " + std::to_string(s) + "</a></li>\n";
    }
    out += "</ul></nav></header>\n<main>\n" + main +
           "</main>\n<footer class=\"site-footer\"><p>Generated Gazette: every story here is made up by a "
           "random number generator.</p><a href=\"/sitemap.xml\">Site map</a> <a href=\"/feed.xml\">RSS</a>"
           "</footer>\n</body>\n</html>\n";
    return out;
  }

  std::string article(std::size_t page) const {
    std::size_t origin = host_of(page);
    std::string headline = title(page);
    std::string date = iso_date(published(page));
    std::string main = "<article>\n<h1>" + headline + "</h1>\n<p class=\"byline\">By Staff Writer " +
                       std::to_string(page % 17) + " <time datetime=\"" + date + "\">" + date +
                       "</time></p>\n<div class=\"article-body\">\n";
    Rng body(stream(page, 2));
    for (std::size_t p = 0, paragraphs = body.between(3, 6); p < paragraphs; ++p) {
      main += "<p>";
      for (std::size_t s = 0, sentences = body.between(3, 5); s < sentences; ++s) {
        main += (s ? " " : "") + sentence(body);
      }
      main += "</p>\n";
    }
    main += "</div>\n</article>\n<aside class=\"related\"><h2>Related stories</h2><ul>\n";
    Rng links(stream(page, 3));
    for (std::size_t l = 0; l < links_ && pages_ > 1; ++l) {
      std::size_t target = links.below(pages_ - 1);
      if (target >= page) ++target;
      main += "<li><a href=\"" + article_href(origin, target) + "\">" + title(target) + "</a></li>\n";
    }
    main += "</ul><p>More in <a href=\"" + section_href(origin, page % sections_) + "\">Section " +
            std::to_string(page % sections_) + "</a></p></aside>\n";
    std::string head = "<meta property=\"article:published_time\" content=\"" + date + "\">\n";
    return shell(origin, headline, head, main);
  }

  std::string teaser(std::size_t from, std::size_t page) const {
    return "<li><a href=\"" + article_href(from, page) + "\">" + title(page) + "</a> <time>" +
           iso_date(published(page)) + "</time></li>\n";
  }

  std::string section(std::size_t number) const {
    std::size_t origin = host_of(number);
    std::string main = "<h1>Section " + std::to_string(number) + "</h1>\n<ul class=\"teasers\">\n";
    for (std::size_t page = number; page < pages_; page += sections_) main += teaser(origin, page);
    return shell(origin, "Section " + std::to_string(number), "", main + "</ul>\n");
  }

  // The pages of `origin`, newest first, from the newest page to `limit` of them.
  std::vector<std::size_t> newest_pages(std::size_t origin, std::size_t limit) const {
    std::vector<std::size_t> out;
    if (origin >= pages_) return out;
    std::size_t hosts = origins_.size();
    for (std::size_t page = origin + (pages_ - 1 - origin) / hosts * hosts; out.size() < limit; page -= hosts) {
      out.push_back(page);
      if (page < hosts) break;
    }
    return out;
  }

  std::string home(std::size_t origin) const {
    std::string main = "<h1>Generated Gazette</h1>\n<h2>Latest</h2>\n<ul class=\"teasers\">\n";
    for (std::size_t page : newest_pages(origin, 20)) main += teaser(origin, page);
    main += "</ul>\n<h2>Sections</h2>\n<ul class=\"sections\">\n";
    for (std::size_t s = 0; s < sections_; ++s) {
      main += "<li><a href=\"" + section_href(origin, s) + "\">Section " + std::to_string(s) + "</a></li>\n";
    }
    return shell(origin, "Home", "", main + "</ul>\n");
  }

  std::size_t origin_pages(std::size_t origin) const {
    std::size_t hosts = origins_.size();
    return origin < pages_ ? (pages_ - origin + hosts - 1) / hosts : 0;
  }
  std::size_t sitemap_parts(std::size_t origin) const {
    return (origin_pages(origin) + urls_per_sitemap_ - 1) / urls_per_sitemap_;
  }

  std::string sitemap(std::size_t origin) const {
    if (sitemap_parts(origin) <= 1) return sitemap_part(origin, 0);
    std::string out =
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        "<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n";
    for (std::size_t part = 0; part < sitemap_parts(origin); ++part) {
      out += "<sitemap><loc>" + origins_[origin] + "/sitemap-" + std::to_string(part) + ".xml</loc></sitemap>\n";
    }
    return out + "</sitemapindex>\n";
  }

  // The article pages of `origin` in page order, urls_per_sitemap_ of them from part * urls_per_sitemap_.
  std::string sitemap_part(std::size_t origin, std::size_t part) const {
    std::string out =
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        "<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n";
    std::size_t first = part * urls_per_sitemap_;
    std::size_t last = std::min(origin_pages(origin), first + urls_per_sitemap_);
    for (std::size_t k = first; k < last; ++k) {
      std::size_t page = origin + k * origins_.size();
      out += "<url><loc>" + origins_[origin] + article_path(page) + "</loc><lastmod>" + iso_date(published(page)) +
             "</lastmod></url>\n";
    }
    return out + "</urlset>\n";
  }

  std::string feed(std::size_t origin) const {
    std::string out =
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rss version=\"2.0\">\n<channel>\n"
        "<title>Generated Gazette</title>\n<link>" +
        origins_[origin] + "/</link>\n<description>The newest stories</description>\n";
    for (std::size_t page : newest_pages(origin, kFeedItems)) {
      std::string url = origins_[origin] + article_path(page);
      out += "<item><title>" + title(page) + "</title><link>" + url + "</link><guid>" + url + "</guid><pubDate>" +
             http_date(published(page)) + "</pubDate></item>\n";
    }
    return out + "</channel>\n</rss>\n";
  }

  std::size_t pages_;
  std::size_t links_;
  std::size_t urls_per_sitemap_;
  std::uint64_t seed_;
  std::vector<std::string> origins_;
  std::size_t sections_;
};

// ---------------------------------------------------------------------------------------------
// Serving: one httplib server per origin, a shared request log.

std::int64_t monotonic_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

class RequestLog {
 public:
  bool open(const std::string& path) {
    file_ = std::fopen(path.c_str(), "a");
    return file_ != nullptr;
  }
  ~RequestLog() { close(); }
  // Later writes are dropped: the process may leave while handlers still run.
  void close() {
    std::lock_guard<std::mutex> lock(mutex_);
    if (file_) std::fclose(file_);
    file_ = nullptr;
  }
  // Flushed per line: a test reads the log while the server runs. `fault` (with --chaos only)
  // adds a column.
  void write(std::int64_t arrived_ms, int port, const httplib::Request& req, int status, int in_flight,
             const char* fault) {
    std::lock_guard<std::mutex> lock(mutex_);
    if (!file_) return;
    std::fprintf(file_, "%lld %d %s %s %d %d%s%s\n", static_cast<long long>(arrived_ms), port, req.method.c_str(),
                 req.target.c_str(), status, in_flight, fault ? " " : "", fault ? fault : "");
    std::fflush(file_);
  }

 private:
  std::FILE* file_ = nullptr;
  std::mutex mutex_;
};

struct Origin {
  httplib::Server server;
  int port = 0;
  std::string url;
  std::atomic<int> in_flight{0};
  std::atomic<bool> stopping{false};
  std::thread thread;
};

// Holds a response for --delay-ms or a chaos stall, but lets SIGTERM through at once: the server
// waits for running handlers before it stops.
void hold(const Origin& origin, int delay_ms) {
  auto until = std::chrono::steady_clock::now() + std::chrono::milliseconds(delay_ms);
  while (!origin.stopping && std::chrono::steady_clock::now() < until) {
    std::this_thread::sleep_for(std::min<std::chrono::steady_clock::duration>(
        until - std::chrono::steady_clock::now(), std::chrono::milliseconds(10)));
  }
}

// ---------------------------------------------------------------------------------------------
// Chaos: the faults a crawler meets on the open web, injected into a share of the requests.

enum class Fault { None, Reset, Stall, ServerError, Truncate, Close };

// As the request log names them; "-" is a request served as usual.
const char* fault_name(Fault fault) {
  switch (fault) {
    case Fault::None: return "-";
    case Fault::Reset: return "reset";
    case Fault::Stall: return "stall";
    case Fault::ServerError: return "5xx";
    case Fault::Truncate: return "truncate";
    case Fault::Close: return "close";
  }
  return "?";
}

// A request's fault follows from the seed, the origin, the target and how often that target was
// asked for before, so a crawl meets the same faults however its transfers interleave, and a
// URL asked for again draws again: retries can succeed.
class Chaos {
 public:
  Chaos(double rate, std::uint64_t seed, const std::string& only) : rate_(rate), seed_(seed) {
    if (!only.empty()) only_.emplace(only, std::regex::ECMAScript);
  }

  // The fault of this request; `status` gets the status a ServerError answers with.
  Fault draw(std::size_t origin, const httplib::Request& req, int& status) {
    if (only_ && !std::regex_search(req.path, *only_)) return Fault::None;
    std::uint64_t asked_before = 0;
    {
      std::lock_guard<std::mutex> lock(mutex_);
      asked_before = asked_[{origin, req.target}]++;
    }
    Rng rng(seed_ ^ fnv1a(req.target) ^ (origin * 0xd6e8feb86659fd93ull) ^ (asked_before * 0xa0761d6478bd642full));
    if (static_cast<double>(rng.next() >> 11) * 0x1.0p-53 >= rate_) return Fault::None;
    static constexpr Fault kFaults[] = {Fault::Reset, Fault::Stall, Fault::ServerError, Fault::Truncate, Fault::Close};
    static constexpr int kStatuses[] = {500, 502, 503};
    Fault fault = kFaults[rng.below(std::size(kFaults))];
    status = kStatuses[rng.below(std::size(kStatuses))];
    return fault;
  }

 private:
  double rate_;
  std::uint64_t seed_;
  std::optional<std::regex> only_;
  std::mutex mutex_;
  std::map<std::pair<std::size_t, std::string>, std::uint64_t> asked_;
};

// httplib gives handlers no socket, so a request's connection is found among our descriptors by
// its two ports (every client is on 127.0.0.1, so they name one connection). -1 when not found.
int connection_socket(int local_port, int remote_port) {
  std::error_code error;
  for (const auto& entry : fs::directory_iterator("/proc/self/fd", error)) {
    int fd = 0;
    std::string name = entry.path().filename().string();
    if (std::from_chars(name.data(), name.data() + name.size(), fd).ec != std::errc()) continue;
    sockaddr_in local{}, remote{};
    socklen_t local_length = sizeof local, remote_length = sizeof remote;
    if (getsockname(fd, reinterpret_cast<sockaddr*>(&local), &local_length) == 0 && local.sin_family == AF_INET &&
        ntohs(local.sin_port) == local_port &&
        getpeername(fd, reinterpret_cast<sockaddr*>(&remote), &remote_length) == 0 &&
        ntohs(remote.sin_port) == remote_port) {
      return fd;
    }
  }
  return -1;
}

// Ends the connection under `fd` at once: with a TCP reset when `reset`, else with a FIN. httplib
// still owns the descriptor number, so an unconnected socket takes its place (dup2 closes the
// connection's last descriptor): httplib's writes to it fail, and it closes it itself.
void end_connection(int fd, bool reset) {
  if (reset) {
    linger abort_on_close{1, 0};
    setsockopt(fd, SOL_SOCKET, SO_LINGER, &abort_on_close, sizeof abort_on_close);
  }
  int dead = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (dead >= 0 && ::dup2(dead, fd) >= 0) {
    ::close(dead);
    return;
  }
  if (dead >= 0) ::close(dead);
  ::shutdown(fd, SHUT_RDWR);  // no descriptor to spare: a FIN at least, and httplib's writes fail
}

bool send_all(int fd, std::string_view bytes) {
  while (!bytes.empty()) {
    ssize_t sent = ::send(fd, bytes.data(), bytes.size(), MSG_NOSIGNAL);
    if (sent <= 0) return false;
    bytes.remove_prefix(static_cast<std::size_t>(sent));
  }
  return true;
}

std::string hex(std::size_t n) {
  char buffer[24];
  std::snprintf(buffer, sizeof buffer, "%zx", n);
  return buffer;
}

// The status line and headers of `res`, without the framing headers (Content-Length,
// Transfer-Encoding) nor the blank line that ends them.
std::string head_of(const httplib::Response& res) {
  static const std::map<int, const char*> reasons = {
      {200, "OK"},          {301, "Moved Permanently"}, {302, "Found"},         {303, "See Other"},
      {304, "Not Modified"}, {307, "Temporary Redirect"}, {308, "Permanent Redirect"}, {404, "Not Found"},
      {405, "Method Not Allowed"}};
  auto reason = reasons.find(res.status);
  std::string out = "HTTP/1.1 " + std::to_string(res.status) + " " + (reason == reasons.end() ? "Unknown" : reason->second) + "\r\n";
  for (const auto& [name, value] : res.headers) {
    if (name != "Content-Length" && name != "Transfer-Encoding") out += name + ": " + value + "\r\n";
  }
  return out;
}

// Sends `res` whole, as if the connection were to stay open, then closes it. (httplib itself
// would not answer on a connection whose reading side is shut.)
void send_then_close(int fd, const httplib::Request& req, const httplib::Response& res) {
  std::string out = head_of(res);
  if (res.status != 304) out += "Content-Length: " + std::to_string(res.body.size()) + "\r\n";
  out += "\r\n";
  if (req.method != "HEAD") out += res.body;
  send_all(fd, out);
  end_connection(fd, false);
}

// Sends `res` (a 200) with its body chunked, cut in the middle of its second chunk, then closes:
// the client meets a FIN where the rest of that chunk and the last chunk should be.
void send_truncated(int fd, const httplib::Response& res) {
  const std::string& body = res.body;
  std::size_t first = body.size() / 2, rest = body.size() - first;
  std::string out = head_of(res) + "Transfer-Encoding: chunked\r\n\r\n";
  out += hex(first) + "\r\n" + body.substr(0, first) + "\r\n";
  out += hex(rest) + "\r\n" + body.substr(first, rest / 2);
  send_all(fd, out);
  end_connection(fd, false);
}

// Answers `req` with `fault`, or with a milder one where it does not apply (a truncated body
// needs a body); returns the fault dealt.
Fault deal(Fault fault, int error_status, int stall_ms, const Origin& origin, const Site& site, std::size_t index,
           const httplib::Request& req, httplib::Response& res) {
  if (fault == Fault::ServerError) {
    res.status = error_status;
    if (error_status == 503) res.set_header("Retry-After", "1");
    res.set_content("Chaos: status " + std::to_string(error_status) + "\n", "text/plain");
    return fault;
  }
  if (fault == Fault::Stall) hold(origin, stall_ms);  // then the answer, to a client that gave up
  int fd = -1;
  if (fault == Fault::Reset || fault == Fault::Truncate || fault == Fault::Close) {
    fd = connection_socket(origin.port, req.remote_port);
    if (fd < 0) fault = Fault::None;
  }
  if (fault == Fault::Reset) {
    end_connection(fd, true);
    res.status = 0;  // nothing reaches the client
    return fault;
  }
  site.answer(req, res, index);
  if (fault == Fault::Truncate && res.status == 200 && !res.body.empty() && req.method != "HEAD") {
    send_truncated(fd, res);
    return fault;
  }
  if (fault == Fault::Truncate || fault == Fault::Close) {
    send_then_close(fd, req, res);
    return Fault::Close;
  }
  return fault;
}

void route(Origin& origin, std::size_t index, const Site& site, RequestLog& log, int delay_ms, Chaos* chaos,
           int stall_ms) {
  auto handler = [&origin, index, &site, &log, delay_ms, chaos, stall_ms](const httplib::Request& req,
                                                                          httplib::Response& res) {
    std::int64_t arrived = monotonic_ms();
    int in_flight = ++origin.in_flight;  // this request included
    Fault fault = Fault::None;
    if (req.method == "GET" || req.method == "HEAD") {
      int error_status = 0;
      if (chaos) fault = chaos->draw(index, req, error_status);
      fault = deal(fault, error_status, stall_ms, origin, site, index, req, res);
    } else {
      res.status = 405;
      res.set_header("Allow", "GET, HEAD");
    }
    if (delay_ms > 0) hold(origin, delay_ms);
    --origin.in_flight;
    log.write(arrived, origin.port, req, res.status, in_flight, chaos ? fault_name(fault) : nullptr);
  };
  origin.server.Get(".*", handler);
  origin.server.Post(".*", handler);
  origin.server.Put(".*", handler);
  origin.server.Patch(".*", handler);
  origin.server.Delete(".*", handler);
  origin.server.Options(".*", handler);
}

// Debian's compiled cpp-httplib listens with a backlog of 5 (CPPHTTPLIB_LISTEN_BACKLOG is fixed in
// the library): 64 connections opened at once overflow it, and the kernel drops SYNs that clients
// resend only a second later, which would spread a crawl's arrivals and stall the benchmark.
// Listening again raises the backlog in place on Linux; the server keeps its socket private, so
// it is found among our descriptors by its port.
void widen_listen_backlog(int port) {
  std::error_code error;
  for (const auto& entry : fs::directory_iterator("/proc/self/fd", error)) {
    int fd = 0;
    std::string name = entry.path().filename().string();
    if (std::from_chars(name.data(), name.data() + name.size(), fd).ec != std::errc()) continue;
    sockaddr_in address{};
    socklen_t address_length = sizeof address;
    int listening = 0;
    socklen_t flag_length = sizeof listening;
    if (getsockname(fd, reinterpret_cast<sockaddr*>(&address), &address_length) == 0 &&
        address.sin_family == AF_INET && ntohs(address.sin_port) == port &&
        getsockopt(fd, SOL_SOCKET, SO_ACCEPTCONN, &listening, &flag_length) == 0 && listening) {
      ::listen(fd, SOMAXCONN);
    }
  }
}

// Checks the flags CLI11 cannot: the root's _redirects must parse, so that a typo fails loudly.
bool root_is_usable(const std::string& root) {
  std::ifstream in(fs::path(root) / "_redirects");
  if (!in) return true;
  std::vector<int> bad_lines;
  parse_redirects(in, &bad_lines);
  for (int line : bad_lines) {
    std::cerr << "site_server: " << (fs::path(root) / "_redirects").string() << ":" << line
              << ": expected \"FROM TO [STATUS]\" with FROM starting with / and a 3xx STATUS\n";
  }
  return bad_lines.empty();
}

int serve(const Options& options) {
  // Blocked before any thread starts, so that every thread inherits the mask and only sigwait sees them.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGINT);
  sigaddset(&stop_signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);
  signal(SIGPIPE, SIG_IGN);

  RequestLog log;
  if (!options.log.empty() && !log.open(options.log)) {
    std::cerr << "site_server: cannot open " << options.log << "\n";
    return 1;
  }
  std::vector<std::unique_ptr<Origin>> origins;
  std::vector<std::string> urls;
  for (int i = 0; i < options.hosts; ++i) {
    auto origin = std::make_unique<Origin>();
    origin->server.new_task_queue = [] { return new httplib::ThreadPool(kWorkersPerOrigin); };
    origin->server.set_keep_alive_max_count(1000);
    winnow::test::prefer_gzip_and_nodelay(origin->server);
    if (options.port == 0) {
      origin->port = origin->server.bind_to_any_port("127.0.0.1");
    } else if (origin->server.bind_to_port("127.0.0.1", options.port + i)) {
      origin->port = options.port + i;
    }
    if (origin->port <= 0) {
      std::cerr << "site_server: cannot listen on 127.0.0.1"
                << (options.port ? ":" + std::to_string(options.port + i) : "") << "\n";
      return 1;
    }
    widen_listen_backlog(origin->port);
    origin->url = "http://127.0.0.1:" + std::to_string(origin->port);
    urls.push_back(origin->url);
    origins.push_back(std::move(origin));
  }
  std::unique_ptr<Site> site;
  if (options.generate > 0) {
    site = std::make_unique<GeneratedSite>(options, urls);
  } else {
    site = std::make_unique<DirectorySite>(options.root, urls);
  }
  std::unique_ptr<Chaos> chaos;
  if (options.chaos_rate >= 0) chaos = std::make_unique<Chaos>(options.chaos_rate, options.chaos_seed, options.chaos_only);
  for (std::size_t i = 0; i < origins.size(); ++i) {
    route(*origins[i], i, *site, log, options.delay_ms, chaos.get(), options.chaos_stall_ms);
  }

  // The sockets already listen, so a client may connect as soon as it reads these lines.
  for (const std::string& url : urls) std::cout << url << "\n";
  std::cout.flush();

  std::atomic<bool> failed{false};
  for (auto& origin : origins) {
    Origin* o = origin.get();
    o->thread = std::thread([o, &failed] {
      if (!o->server.listen_after_bind()) {
        failed = true;
        kill(getpid(), SIGTERM);
      }
    });
  }
  int signal_number = 0;
  sigwait(&stop_signals, &signal_number);
  for (auto& origin : origins) {
    origin->stopping = true;
    origin->server.stop();
  }
  // httplib's workers wait out an idle keep-alive connection (5 s) before they see the stop, and
  // a crawler leaves some open; nothing of ours needs them, so after a grace second the process
  // leaves without them (every log line is already written).
  std::promise<void> all_joined;
  std::future<void> joined = all_joined.get_future();
  std::thread joiner([&origins, &all_joined] {
    for (auto& origin : origins) origin->thread.join();
    all_joined.set_value();
  });
  if (joined.wait_for(std::chrono::seconds(1)) == std::future_status::timeout) {
    log.close();
    std::_Exit(failed ? 1 : 0);
  }
  joiner.join();
  return failed ? 1 : 0;
}

}  // namespace

int main(int argc, char** argv) {
  Options options;
  CLI::App app{
      "Serves a local web site on 127.0.0.1 for winnow's crawl tests, demo and benchmark.\n"
      "Prints one origin (http://127.0.0.1:PORT) a line once listening; stops on SIGTERM or SIGINT."};
  auto* root = app.add_option("--root", options.root, "Serve the files of DIR (see samples/site/README.md)")
                   ->check(CLI::ExistingDirectory)
                   ->option_text("DIR");
  auto* generate = app.add_option("--generate", options.generate, "Serve a generated site of N article pages")
                       ->check(CLI::Range(std::size_t{1}, std::size_t{100000000}))
                       ->option_text("N");
  root->excludes(generate);
  app.add_option("--hosts", options.hosts, "Listen on K origins (ports) at once; generated pages spread over them")
      ->check(CLI::Range(1, 256))
      ->option_text("K");
  app.add_option("--links", options.links, "Links from each generated page to other pages (default 5)")
      ->check(CLI::Range(0, 1000))
      ->needs(generate)
      ->option_text("L");
  app.add_option("--urls-per-sitemap", options.urls_per_sitemap,
                 "Pages listed in each sitemap of the generated site (default 50000); more pages than that make "
                 "/sitemap.xml an index of /sitemap-N.xml parts")
      ->check(CLI::Range(std::size_t{1}, std::size_t{50000}))
      ->needs(generate)
      ->option_text("U");
  app.add_option("--seed", options.seed, "Seed of the generated site (default 1)")->needs(generate)->option_text("S");
  app.add_option("--port", options.port, "First port; 0 (default) picks free ports")
      ->check(CLI::Range(0, 65535))
      ->option_text("N");
  app.add_option("--log", options.log,
                 "Append one line per request: MS PORT METHOD TARGET STATUS IN_FLIGHT, and with --chaos FAULT "
                 "(-, reset, stall, 5xx, truncate or close; STATUS 0 for a reset)")
      ->option_text("FILE");
  app.add_option("--delay-ms", options.delay_ms, "Hold every response D milliseconds")
      ->check(CLI::Range(0, 600000))
      ->option_text("D");
  auto* chaos = app.add_option("--chaos", options.chaos_rate,
                               "Give a share RATE (0-1) of the GET and HEAD requests a fault, each as likely: a "
                               "TCP reset, a stall (--chaos-stall-ms), a 500, 502 or 503, a chunked body cut "
                               "short, or a keep-alive connection closed after the answer without notice")
                    ->check(CLI::Range(0.0, 1.0))
                    ->option_text("RATE");
  app.add_option("--chaos-seed", options.chaos_seed,
                 "Seed of the faults (default 1): a request's fault follows from it, its origin, its target and "
                 "how often that target was asked for before")
      ->needs(chaos)
      ->option_text("S");
  app.add_option("--chaos-stall-ms", options.chaos_stall_ms, "How long a stall holds the answer (default 10000)")
      ->check(CLI::Range(0, 600000))
      ->needs(chaos)
      ->option_text("D");
  app.add_option("--chaos-only", options.chaos_only, "Faults only for paths matching this ECMAScript regex")
      ->check([](const std::string& pattern) -> std::string {
        try {
          std::regex compiled(pattern, std::regex::ECMAScript);
        } catch (const std::regex_error& e) {
          return std::string("not a regex: ") + e.what();
        }
        return "";
      })
      ->needs(chaos)
      ->option_text("REGEX");
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e) == 0 ? 0 : 2;
  }
  if (options.root.empty() && options.generate == 0) {
    std::cerr << "site_server: give --root DIR or --generate N\n" << app.help();
    return 2;
  }
  if (options.port != 0 && options.port + options.hosts - 1 > 65535) {
    std::cerr << "site_server: --port " << options.port << " leaves no room for " << options.hosts << " hosts\n";
    return 2;
  }
  if (!options.root.empty() && !root_is_usable(options.root)) return 2;
  return serve(options);
}
