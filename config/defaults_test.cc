#include "config/defaults.h"

#include <catch2/catch.hpp>

using namespace winnow::config;

TEST_CASE("the default user agent names the project, its version and a contact URL") {
  std::string ua = default_user_agent();
  CHECK(ua.rfind("winnow/", 0) == 0);
  CHECK(ua.find(WINNOW_VERSION) != std::string::npos);
  CHECK(ua.find("(+http") != std::string::npos);
}

TEST_CASE("limits are ordered sensibly") {
  CHECK(kConnectTimeoutSeconds < kTotalTimeoutSeconds);
  CHECK(kMaxBodyBytes <= kMaxInputBytes);
  CHECK(kMaxRedirects > 0);
}
