// Getting one input of `winnow clean` / `winnow check` as UTF-8 HTML: a file, stdin or a URL.
#pragma once

#include <string>
#include <string_view>

namespace winnow::app {

/// True for inputs the command fetches over the network ("http://", "https://").
bool is_url(std::string_view input);

struct PageInputOptions {
  std::string url;                 // page URL for files and stdin; empty when unknown
  bool allow_private_addresses = false;
};

/// A page ready for the cleaner, or an error naming why it is not.
struct LoadedPage {
  std::string utf8;           // decoded HTML
  std::string url;            // the page URL: final URL when fetched, else PageInputOptions::url
  long status = 0;            // HTTP status when fetched
  std::string fetched_at;     // ISO 8601 UTC when fetched
  std::string etag, last_modified;
  std::string error;          // empty on success
  bool ok() const { return error.empty(); }
};

/// Reads "-" (stdin), an http(s) URL or a file path, then decodes it to UTF-8. A fetched page
/// with a non-2xx status is an error ("HTTP 404").
LoadedPage load_page(const std::string& input, const PageInputOptions& options);

}  // namespace winnow::app
