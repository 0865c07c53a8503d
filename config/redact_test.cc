#include "config/redact.h"

#include <catch2/catch.hpp>
#include <string>
#include <string_view>

using winnow::config::redact_url;
using namespace std::string_view_literals;

TEST_CASE("redact_url: the password of the userinfo is masked, the user kept") {
  CHECK(redact_url("http://alice:s3cret@example.com/a?b=1") == "http://alice:***@example.com/a?b=1");
  CHECK(redact_url("https://alice:s3cret@example.com") == "https://alice:***@example.com");
  CHECK(redact_url("HTTP://alice:s3cret@Example.com:8080/") == "HTTP://alice:***@Example.com:8080/");
  // Percent-encoded and raw '@' in the password: curl splits at the last '@'.
  CHECK(redact_url("http://u:p%40ss@h/") == "http://u:***@h/");
  CHECK(redact_url("http://u:p@ss@h/x") == "http://u:***@h/x");
  CHECK(redact_url("http://u:pa:ss@h/") == "http://u:***@h/");
  CHECK(redact_url("http://u:@h/") == "http://u:@h/");
  CHECK(redact_url("http://[email protected]/x") == "http://[email protected]/x");
}

TEST_CASE("redact_url: a userinfo without a password is masked whole (it is mostly a token)") {
  CHECK(redact_url("https://ghp_abcdef123@github.com/org/repo") == "https://***@github.com/org/repo");
  CHECK(redact_url("http://@example.com/") == "http://@example.com/");
}

TEST_CASE("redact_url: proxy settings, with and without a scheme") {
  CHECK(redact_url("http://proxyuser:proxypass@proxy.example:3128") == "http://proxyuser:***@proxy.example:3128");
  CHECK(redact_url("socks5h://u:p@127.0.0.1:1080") == "socks5h://u:***@127.0.0.1:1080");
  CHECK(redact_url("proxyuser:proxypass@proxy.example:3128") == "proxyuser:***@proxy.example:3128");
  CHECK(redact_url("proxy.example:3128") == "proxy.example:3128");
  CHECK(redact_url("//u:p@host/") == "//u:***@host/");
}

TEST_CASE("redact_url: only the authority's '@' marks a userinfo") {
  CHECK(redact_url("https://medium.com/@someone/a-story") == "https://medium.com/@someone/a-story");
  CHECK(redact_url("https://example.com/?to=a@b.example") == "https://example.com/?to=a@b.example");
  CHECK(redact_url("https://example.com/#@x") == "https://example.com/#@x");
  CHECK(redact_url("http://[::1]:8080/a") == "http://[::1]:8080/a");
}

TEST_CASE("redact_url: values of credential-carrying parameters are masked") {
  CHECK(redact_url("https://api.example/v1/feed?api_key=abc123&page=2") ==
        "https://api.example/v1/feed?api_key=***&page=2");
  CHECK(redact_url("https://h/?password=x&user=bob&token=y") == "https://h/?password=***&user=bob&token=***");
  CHECK(redact_url("https://b.s3.example/o?X-Amz-Credential=AKIA%2F1&X-Amz-Signature=ff00&X-Amz-Expires=60") ==
        "https://b.s3.example/o?X-Amz-Credential=***&X-Amz-Signature=***&X-Amz-Expires=60");
  CHECK(redact_url("https://h/?accessToken=1&client_secret=2&sig=3&Key=4") ==
        "https://h/?accessToken=***&client_secret=***&sig=***&Key=***");
  CHECK(redact_url("https://h/?pass%77ord=1") == "https://h/?pass%77ord=***");
  CHECK(redact_url("https://h/a;b?x=1;secret=2") == "https://h/a;b?x=1;secret=***");
  // OAuth implicit grants put the token in the fragment.
  CHECK(redact_url("https://h/cb#access_token=abc&token_type=bearer") ==
        "https://h/cb#access_token=***&token_type=***");
}

TEST_CASE("redact_url: ordinary parameters and look-alike names are kept") {
  const std::string_view kept[] = {
      "https://h/search?q=token&author=me&keyword=pass&monkey=1",
      "https://h/?passage=3&signal=2&authority=x&keys",
      "https://h/?token=&key",
      "https://example.com/news/2024/story.html?id=7#comments",
      "not a url at all",
      "",
  };
  for (std::string_view url : kept) CHECK(redact_url(url) == url);
}

TEST_CASE("redact_url: malformed input is redacted too, without crashing") {
  CHECK(redact_url("http://u:p w@exa mple.com/") == "http://u:***@exa mple.com/");
  CHECK(redact_url("http://u:p\\w@h/") == "http://u:***@h/");
  CHECK(redact_url("http://u:p\0w@h/?token=a\0b"sv) == "http://u:***@h/?token=***");
  CHECK(redact_url("http://u:p@") == "http://u:***@");
  CHECK(redact_url("://u:p@h") == "://u:***@h");
  std::string long_url = "http://u:" + std::string(100000, 'p') + "@h/?token=" + std::string(100000, 't');
  CHECK(redact_url(long_url) == "http://u:***@h/?token=***");
}
