// URL normalization (one canonical spelling per page, for deduplication and fetching) and the
// resolution of links found on pages, built on curl's URL API.
#pragma once

#include <array>
#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

struct Curl_URL;  // curl's parsed URL (CURLU), kept by LinkResolver

namespace winnow::fetch {

/// Longer URLs are refused, before and after normalization: real pages stay far below, and a
/// crawler that follows generated megabyte links only fills its frontier with junk.
inline constexpr std::size_t kMaxUrlBytes = 8192;

/// Query parameters that only identify a campaign, an ad click, a newsletter or a visitor, never
/// what the page shows: normalize_url drops them, and every parameter starting with
/// kTrackingQueryPrefix. Names are matched exactly (case-sensitive), after percent-decoding of
/// unreserved characters.
inline constexpr std::string_view kTrackingQueryPrefix = "utm_";  // Google Analytics campaigns
inline constexpr auto kTrackingQueryParameters = std::to_array<std::string_view>({
    "fbclid",                                      // Facebook click
    "gclid", "dclid", "gbraid", "wbraid",          // Google Ads / DoubleClick clicks
    "msclkid",                                     // Microsoft Advertising click
    "yclid",                                       // Yandex click
    "mc_cid", "mc_eid",                            // Mailchimp campaign / recipient
    "_ga", "_gl",                                  // Google Analytics cross-domain linker
    "igshid",                                      // Instagram share
    "mkt_tok",                                     // Marketo
    "oly_anon_id", "oly_enc_id",                   // Omeda
    "vero_id",                                     // Vero
    "__hsfp", "__hssc", "__hstc", "_hsenc", "_hsmi", "hsCtaTracking",  // HubSpot
    "ref_src",                                     // Twitter embeds
});

/// A URL in canonical form for deduplication and fetching, or nullopt (with a reason in `error`
/// when given) when it is not an absolute http/https URL, cannot be parsed or is longer than
/// kMaxUrlBytes. Surrounding spaces and control characters and embedded tabs and newlines are
/// dropped, and `\` before the query counts as `/`, as browsers do. Then:
/// - scheme and host lower case (ASCII letters; international hosts are kept in UTF-8 as written,
///   see url.cc), trailing dot of the host removed, IP addresses in curl's canonical form;
/// - default ports removed (http 80, https 443), empty path becomes "/";
/// - fragment and userinfo removed;
/// - %xx of unreserved characters (ALPHA DIGIT - . _ ~) decoded, other %xx upper-cased, characters
///   not allowed raw encoded as UTF-8 %XX (space -> %20, `%` not starting an escape -> %25);
///   %2F and other escaped reserved characters stay escaped;
/// - dot segments removed from the path (also those spelled %2E);
/// - tracking parameters (above) and empty `&&` pieces removed from the query, the rest kept in
///   order; a query left empty drops its '?'.
std::optional<std::string> normalize_url(std::string_view url, std::string* error = nullptr);

/// Resolves a link found on a page: `href` against `base_href` (the page's <base href>, may be
/// empty, itself resolved against the page URL; ignored when that fails) and `page_url` (the
/// final URL after redirects). Returns the normalized absolute URL, or nullopt for non-http(s)
/// results (mailto:, javascript:, tel:, data:, ftp:...), empty or fragment-only hrefs ("#top" is
/// the same page), and unparsable input. Whitespace is cleaned as in normalize_url.
std::optional<std::string> resolve_link(std::string_view page_url, std::string_view base_href,
                                        std::string_view href);

/// The origin of a URL that normalize_url (or resolve_link) gave, "scheme://host[:port]": its
/// bytes before the path, what robots_origin would find by parsing it. Any other input gives
/// its bytes up to the first '/' after "://" (or "" without one).
std::string_view normalized_url_origin(std::string_view normalized_url);

/// resolve_link for the many links of one page: the page URL and its <base href> are normalized
/// and parsed once, when it is built, instead of once a link. resolve(href) gives what
/// resolve_link(page_url, base_href, href) gives, for every href.
class LinkResolver {
 public:
  explicit LinkResolver(std::string_view page_url, std::string_view base_href = {});

  /// The normalized absolute URL `href` points to, or nullopt, as resolve_link.
  std::optional<std::string> resolve(std::string_view href) const;

  /// The normalized URL relative links resolve against; nullopt when neither the page URL nor
  /// the base href gives one (then only absolute links resolve).
  const std::optional<std::string>& base() const { return base_; }

 private:
  struct CurlUrlFree {
    void operator()(Curl_URL* handle) const;
  };
  using Handle = std::unique_ptr<Curl_URL, CurlUrlFree>;

  Handle parse_base() const;
  std::optional<std::string> resolve_cleaned(const std::string& link) const;

  std::optional<std::string> base_;
  Handle base_handle_;  // base_ as curl parsed it; null without a base
};

/// Host of a URL (any scheme curl parses), lower case, without port or trailing dot; IPv6
/// addresses keep their brackets. "" when there is none or the URL does not parse.
std::string url_host(std::string_view url);

}  // namespace winnow::fetch
