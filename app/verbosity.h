// How much the command says on stderr, set once by `-q/--quiet` and `-v/--verbose` (any command).
// Quiet: errors only. Normal: errors, warnings, and summaries where a person is watching.
// Verbose: also what was done to each page and input.
#pragma once

namespace winnow::app {

enum class Verbosity { Quiet = -1, Normal = 0, Verbose = 1 };

Verbosity verbosity();
void set_verbosity(Verbosity level);

}  // namespace winnow::app
