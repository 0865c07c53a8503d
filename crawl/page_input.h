// Getting one page as UTF-8 HTML for the cleaner: a file, stdin, a URL, a fetch result or a
// WARC record.
#pragma once

#include <string>
#include <string_view>

#include "clean/cleaner.h"
#include "fetch/fetcher.h"
#include "store/record.h"
#include "store/warc.h"

namespace winnow::crawl {

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
/// with a non-2xx status is an error ("HTTP 404"), and so is one whose type is not HTML
/// ("not HTML (application/pdf)", as `winnow fetch` skips it), and any input whose bytes are no
/// page (fetch::not_html_reason: "not HTML (ELF executable)"). Errors do not repeat the input's
/// name: the caller prints it before them.
LoadedPage load_page(const std::string& input, const PageInputOptions& options);

/// A 2xx page the Fetcher brought, its body moved out of `result`.
LoadedPage page_from_fetch(fetch::FetchResult& result);

/// The WARC response record of a fetch (kept with FetchOptions::keep_raw_body), stamped now.
store::WarcResponse warc_response(const fetch::FetchResult& result);

/// What a WARC record holds for the cleaner.
enum class WarcPage {
  Page,     // a 2xx HTML response, or a resource record typed HTML: `page` is filled
  Other,    // not a page to clean: warcinfo, request, metadata, revisit, another status or type
  Failed,   // a page that cannot be read back: `page.error` says why
};
WarcPage page_from_warc(const store::WarcRecord& record, LoadedPage& page);

/// The record to store for a cleaned page: the article and what the fetch knew (status, time,
/// validators). `source` names the page when it has no URL (a file path).
store::Record page_record(clean::Article article, const LoadedPage& page, const std::string& source);

}  // namespace winnow::crawl
