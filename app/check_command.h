// `winnow check`: the sample regression suite (samples/*.html against *.expected.txt).
#pragma once

#include <string>

#include "clean/cleaner.h"

namespace winnow::app {

struct CheckCommandOptions {
  std::string dir = "samples";
  bool update = false;  // write the expectations instead of comparing
  unsigned jobs = 0;    // 0: default_jobs()
};

/// The expected-file form of a cleaned page: five metadata lines, "---", then the text.
std::string render_expectation(const clean::Article& article);

/// Runs the command; prints "FAIL name" plus a diff per failing sample and one summary line
/// ("N passed, N failed"), or "updated N" with `update`. Returns the exit code.
int run_check_command(const CheckCommandOptions& options);

}  // namespace winnow::app
