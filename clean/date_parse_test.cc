#include "clean/date_parse.h"

#include <catch2/catch.hpp>
#include <optional>
#include <string>

namespace winnow::clean {

TEST_CASE("parse_date: ISO 8601 forms", "[date_parse]") {
  CHECK(parse_date("2019-11-20") == "2019-11-20");
  CHECK(parse_date("2019-11-20T08:00:00Z") == "2019-11-20T08:00:00Z");
  CHECK(parse_date("2019-11-20T08:00:00+05:00") == "2019-11-20T08:00:00+05:00");
  CHECK(parse_date("2019-11-20 08:00:00") == "2019-11-20T08:00:00");
  CHECK(parse_date("2019-11-20T08:00:00.123456-0400") == "2019-11-20T08:00:00-04:00");
  CHECK(parse_date("2019-11-20T08:00") == "2019-11-20T08:00:00");
  CHECK(parse_date("20191120") == "2019-11-20");
  CHECK(parse_date("2019/11/20") == "2019-11-20");
}

TEST_CASE("parse_date: written-out English dates and RFC 2822", "[date_parse]") {
  CHECK(parse_date("Wed, 20 Nov 2019 08:00:00 GMT") == "2019-11-20T08:00:00Z");
  CHECK(parse_date("Wed, 20 Nov 2019 08:00:00 +0100") == "2019-11-20T08:00:00+01:00");
  CHECK(parse_date("Nov. 20, 2019") == "2019-11-20");
  CHECK(parse_date("November 20, 2019 8:00 am") == "2019-11-20T08:00:00");
  CHECK(parse_date("Sep. 29, 2017 8:00 pm") == "2017-09-29T20:00:00");
  CHECK(parse_date("March 11, 2015 3:46 PM EST") == "2015-03-11T15:46:00-05:00");
  CHECK(parse_date("12:30 am on December 1st, 2020") == "2020-12-01");
  CHECK(parse_date("20 November 2019") == "2019-11-20");
  CHECK(parse_date("the 20th of November, 2019") == "2019-11-20");
  CHECK(parse_date("Posted: Sep. 29, 2017") == "2017-09-29");
  CHECK(parse_date("11/20/2019") == "2019-11-20");
}

TEST_CASE("parse_date: other languages", "[date_parse]") {
  CHECK(parse_date("20.11.2019") == "2019-11-20");
  CHECK(parse_date("20.11.2019, 14:05 Uhr") == "2019-11-20T14:05:00");
  CHECK(parse_date("20. März 2019") == "2019-03-20");
  CHECK(parse_date("Veröffentlicht am 3. Dezember 2018") == "2018-12-03");
  CHECK(parse_date("15 août 2020 à 10:30") == "2020-08-15T10:30:00");
  CHECK(parse_date("3 de diciembre de 2018") == "2018-12-03");
  CHECK(parse_date("1 de março de 2021") == "2021-03-01");
  CHECK(parse_date("12 settembre 2019") == "2019-09-12");
  CHECK(parse_date("5 mei 2020") == "2020-05-05");
  CHECK(parse_date("2019년 11월 20일") == "2019-11-20");
  CHECK(parse_date("2019年11月20日") == "2019-11-20");
  CHECK(parse_date("Wtorek, 12 marca 2024") == "2024-03-12");
  CHECK(parse_date("3 października 2023, 08:15") == "2023-10-03T08:15:00");
  CHECK(parse_date("5. června 2022") == "2022-06-05");
  CHECK(parse_date("14 Şubat 2021") == "2021-02-14");
  CHECK(parse_date("7 ноября 2020 г.") == "2020-11-07");
  CHECK(parse_date("1 augusti 2019") == "2019-08-01");
}

TEST_CASE("parse_date: rejects what is not a valid date", "[date_parse]") {
  CHECK(parse_date("") == "");
  CHECK(parse_date("hello world") == "");
  CHECK(parse_date("2019-13-01") == "");
  CHECK(parse_date("2019-02-30") == "");
  CHECK(parse_date("2020-02-29") == "2020-02-29");
  CHECK(parse_date("2019-02-29") == "");
  CHECK(parse_date("1985-06-01") == "");
  CHECK(parse_date("November 2019") == "");
  CHECK(parse_date("12:30") == "");
  CHECK(parse_date("2019-11-20T25:00:00") == "2019-11-20");  // a bad time is dropped, not the day
}

TEST_CASE("find_date: the date's position inside longer text", "[date_parse]") {
  std::optional<DateMatch> m = find_date("Von Hans Meier, 20.11.2019");
  REQUIRE(m.has_value());
  CHECK(m->iso == "2019-11-20");
  CHECK(m->begin == 16);
  CHECK_FALSE(find_date("no date here").has_value());
}

TEST_CASE("is_future_date", "[date_parse]") {
  CHECK(is_future_date("2099-01-01"));
  CHECK(is_future_date("2099-01-01T00:00:00Z"));
  CHECK_FALSE(is_future_date("2019-11-20"));
  CHECK_FALSE(is_future_date(""));
}

TEST_CASE("url_path_date", "[date_parse]") {
  CHECK(url_path_date("https://example.com/2019/11/20/story.html") == "2019-11-20");
  CHECK(url_path_date("https://example.com/news/2019-11-21-story") == "2019-11-21");
  CHECK(url_path_date("https://example.com/p/12345/2019") == "");
  CHECK(url_path_date("https://example.com/2019/11/201/x") == "");
  CHECK(url_path_date("https://2019.example.com/x?d=/2019/11/20/") == "");
}

}  // namespace winnow::clean
