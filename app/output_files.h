// Where `winnow clean --out DIR` puts each input's result, and writing it safely.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace winnow::app {

/// The output base name of one input: a file's name without .gz then .html/.htm, "stdin" for
/// "-", and for a URL its host and path (no userinfo, query or fragment) with characters outside
/// [A-Za-z0-9._-] replaced by "_". At most 120 bytes (cut at a character boundary); "", "." and
/// ".." become "page". It never holds a '/' or a NUL, so it cannot name a path outside the
/// output directory.
std::string output_stem(std::string_view input);

/// One file name per input ("<stem>.<extension>"), made unique in input order by appending
/// "-2", "-3", ... to later duplicates.
std::vector<std::string> unique_output_names(const std::vector<std::string>& inputs,
                                             std::string_view extension);

/// Like the above for inputs found in directories: an input with a `relative` path (its path
/// below the directory given, e.g. "a/b.html") is named by that path without its page
/// extensions ("a/b.txt"), each component made safe as output_stem makes a file's name; the
/// others as above. Clashes get "-2", "-3"... as above.
std::vector<std::string> unique_output_names(const std::vector<std::string>& inputs,
                                             const std::vector<std::string>& relative_paths,
                                             std::string_view extension);

/// write_file_atomically for a name that may hold subdirectories ("a/b.txt"): they are created
/// below `dir` first. Each component must be a plain name (no "", "." or "..").
std::string write_output_file(const std::string& dir, const std::string& relative_name,
                              std::string_view contents);

/// Creates `dir` (and parents) if missing and checks it is a writable directory.
/// Returns an error message ("cannot write to DIR: reason"), empty on success.
std::string prepare_output_dir(const std::string& dir);

/// Writes `contents` to dir/name through a temporary file and a rename, so readers never see
/// a half-written file. Refuses a `name` that is not one plain entry of `dir` (empty, ".",
/// "..", over 240 bytes, with a '/' or a NUL), and never writes through a symbolic link.
/// Returns an error message, empty on success.
std::string write_file_atomically(const std::string& dir, const std::string& name,
                                  std::string_view contents);

}  // namespace winnow::app
