#include "config/defaults.h"

namespace winnow::config {

std::string default_user_agent() {
  return std::string("winnow/") + WINNOW_VERSION + " (+https://github.com/winnow-crawler/winnow)";
}

}  // namespace winnow::config
