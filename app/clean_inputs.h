// The inputs of `winnow clean`: files, directories read recursively, URLs, stdin and --list.
#pragma once

#include <string>
#include <vector>

namespace winnow::app {

/// One input of `winnow clean` after directories and --list are read.
struct CleanInput {
  std::string path;      // a file path, "-" for stdin, or an http(s) URL
  std::string url;       // the page URL given for a file (--list's TAB column, --url); may be empty
  std::string relative;  // for a file found in a directory input: its path below that directory
};

/// The inputs named on the command line and in --list, in order, each directory replaced by
/// its pages: regular files named *.html, *.htm, *.xhtml or *.gz (any case) anywhere below it,
/// sorted by path. Symbolic links to files are read; links to directories are not followed, so a
/// link loop cannot hang it. `list_file` ("-": stdin) holds one input a line, blank lines and
/// lines starting with '#' skipped, a file path optionally followed by a TAB and its page URL.
/// Problems with one input (an unreadable or empty directory) go to `errors` as "INPUT:
/// reason"; a list file that cannot be read or holds a bad line is a usage error, returned
/// in `usage_error`.
std::vector<CleanInput> expand_inputs(const std::vector<std::string>& inputs, const std::string& list_file,
                                      std::vector<std::string>& errors, std::string& usage_error);

}  // namespace winnow::app
