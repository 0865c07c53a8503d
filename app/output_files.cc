#include "app/output_files.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <filesystem>
#include <system_error>
#include <unordered_set>

#include "crawl/page_input.h"

namespace winnow::app {
using namespace winnow::crawl;  // page input, worker threads, the store writer

namespace {

// Bytes of a stem: with ".", "-N", the extension and ".tmp" around it, a name stays far below
// NAME_MAX (255), which a long file or URL name would otherwise exceed.
constexpr std::size_t kMaxStemBytes = 120;

bool ends_with_ignoring_case(std::string_view text, std::string_view suffix) {
  if (text.size() < suffix.size()) return false;
  std::string_view tail = text.substr(text.size() - suffix.size());
  for (std::size_t i = 0; i < suffix.size(); ++i) {
    char c = tail[i];
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (c != suffix[i]) return false;
  }
  return true;
}

std::string_view strip_suffix(std::string_view name, std::string_view suffix) {
  return ends_with_ignoring_case(name, suffix) ? name.substr(0, name.size() - suffix.size()) : name;
}

std::string_view strip_page_extensions(std::string_view name) {
  name = strip_suffix(name, ".gz");
  for (std::string_view extension : {".html", ".htm", ".xhtml"}) {
    std::string_view stripped = strip_suffix(name, extension);
    if (stripped.size() != name.size()) return stripped;
  }
  return name;
}

bool is_safe_name_char(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' ||
         c == '_' || c == '-';
}

std::string url_stem(std::string_view url) {
  std::string_view rest = url.substr(url.find("://") + 3);
  rest = rest.substr(0, rest.find_first_of("?#"));
  // user:password@ has no place in a file name; a raw '@' in the password makes the last '@' of
  // the authority the one that ends it.
  if (std::size_t at = rest.substr(0, rest.find('/')).rfind('@'); at != std::string_view::npos) {
    rest.remove_prefix(at + 1);
  }
  while (!rest.empty() && rest.back() == '/') rest.remove_suffix(1);
  rest = strip_page_extensions(rest);
  // Only [A-Za-z0-9._-] survive: no slash, backslash, NUL or '%' (so no "%2e%2e%2f" either),
  // and output_stem replaces a stem of "." or "..".
  std::string stem;
  for (char c : rest.substr(0, kMaxStemBytes)) stem += is_safe_name_char(c) ? c : '_';
  return stem;
}

// Cuts at a UTF-8 character boundary, so a long non-ASCII file name stays valid UTF-8.
std::string_view utf8_prefix(std::string_view text, std::size_t max_bytes) {
  if (text.size() <= max_bytes) return text;
  std::size_t end = max_bytes;
  while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) --end;
  return text.substr(0, end);
}

std::string file_stem(std::string_view path) {
  while (path.size() > 1 && path.back() == '/') path.remove_suffix(1);
  if (std::size_t slash = path.rfind('/'); slash != std::string_view::npos) {
    path.remove_prefix(slash + 1);
  }
  std::string stem(utf8_prefix(strip_page_extensions(path), kMaxStemBytes));
  for (char& c : stem) {
    if (c == '\0') c = '_';  // no file name holds one; a C string would end there
  }
  return stem;
}

// The last line of defence for whatever name reaches write_file_atomically: one plain entry of
// `dir`, never a path.
bool is_plain_file_name(std::string_view name) {
  return !name.empty() && name != "." && name != ".." && name.size() <= kMaxStemBytes * 2 &&
         name.find_first_of(std::string_view("/\0", 2)) == std::string_view::npos;
}

// The temporary file, created afresh: O_EXCL|O_NOFOLLOW, so that a symbolic link planted under
// its name in a shared directory is not written through. A leftover of a killed run is removed
// (unlink removes a link itself, not its target) and the creation tried once more.
int create_temporary(const std::string& path) {
  constexpr int kFlags = O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC;
  int fd = open(path.c_str(), kFlags, 0644);
  if (fd < 0 && errno == EEXIST && unlink(path.c_str()) == 0) fd = open(path.c_str(), kFlags, 0644);
  return fd;
}

// strerror's text without its thread-safety caveats.
std::string error_text(int error_number) { return std::generic_category().message(error_number); }

}  // namespace

std::string output_stem(std::string_view input) {
  std::string stem;
  if (input == "-") {
    stem = "stdin";
  } else if (is_url(input)) {
    stem = url_stem(input);
  } else {
    stem = file_stem(input);
  }
  // "", "." and ".." would name the directory itself or a hidden temporary.
  if (stem.empty() || stem == "." || stem == "..") stem = "page";
  return stem;
}

std::vector<std::string> unique_output_names(const std::vector<std::string>& inputs,
                                             std::string_view extension) {
  return unique_output_names(inputs, std::vector<std::string>(inputs.size()), extension);
}

std::vector<std::string> unique_output_names(const std::vector<std::string>& inputs,
                                             const std::vector<std::string>& relative_paths,
                                             std::string_view extension) {
  std::vector<std::string> names;
  names.reserve(inputs.size());
  std::unordered_set<std::string> taken;
  for (std::size_t i = 0; i < inputs.size(); ++i) {
    const std::string& input = inputs[i];
    std::string stem;
    if (i < relative_paths.size() && !relative_paths[i].empty()) {
      // Each directory component as a file name is made safe, the last as a page's stem.
      std::string_view rest = relative_paths[i];
      for (std::size_t slash; (slash = rest.find('/')) != std::string_view::npos; rest.remove_prefix(slash + 1)) {
        std::string component(utf8_prefix(rest.substr(0, slash), kMaxStemBytes));
        if (component.empty() || component == "." || component == "..") continue;
        for (char& c : component) c = c == '\0' ? '_' : c;
        stem += component + "/";
      }
      stem += output_stem(rest);
    } else {
      stem = output_stem(input);
    }
    std::string name = stem + "." + std::string(extension);
    for (int suffix = 2; taken.count(name) != 0; ++suffix) {
      name = stem + "-" + std::to_string(suffix) + "." + std::string(extension);
    }
    taken.insert(name);
    names.push_back(std::move(name));
  }
  return names;
}

std::string write_output_file(const std::string& dir, const std::string& relative_name,
                              std::string_view contents) {
  std::size_t slash = relative_name.rfind('/');
  if (slash == std::string::npos) return write_file_atomically(dir, relative_name, contents);
  std::string subdir = relative_name.substr(0, slash);
  for (std::string_view rest = subdir;;) {
    std::string_view component = rest.substr(0, rest.find('/'));
    if (!is_plain_file_name(component)) return "cannot write to " + dir + ": unsafe file name";
    if (component.size() == rest.size()) break;
    rest.remove_prefix(component.size() + 1);
  }
  std::string target = dir + "/" + subdir;
  std::error_code error;
  std::filesystem::create_directories(target, error);
  if (error) return "cannot write to " + target + ": " + error.message();
  return write_file_atomically(target, relative_name.substr(slash + 1), contents);
}

std::string prepare_output_dir(const std::string& dir) {
  std::error_code error;
  std::filesystem::create_directories(dir, error);
  if (error) return "cannot write to " + dir + ": " + error.message();
  if (!std::filesystem::is_directory(dir, error)) {
    return "cannot write to " + dir + ": " + error_text(ENOTDIR);
  }
  if (access(dir.c_str(), W_OK | X_OK) != 0) {
    return "cannot write to " + dir + ": " + error_text(errno);
  }
  return {};
}

std::string write_file_atomically(const std::string& dir, const std::string& name,
                                  std::string_view contents) {
  if (!is_plain_file_name(name)) return "cannot write to " + dir + ": unsafe file name";
  std::string final_path = dir + "/" + name;
  std::string temp_path = dir + "/." + name + ".tmp";
  int fd = create_temporary(temp_path);
  if (fd < 0) return "cannot write to " + dir + ": " + error_text(errno);
  std::size_t written = 0;
  while (written < contents.size()) {
    ssize_t n = write(fd, contents.data() + written, contents.size() - written);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      int saved = errno;
      close(fd);
      unlink(temp_path.c_str());
      return "cannot write " + final_path + ": " + error_text(saved);
    }
    written += static_cast<std::size_t>(n);
  }
  if (close(fd) != 0) {
    int saved = errno;
    unlink(temp_path.c_str());
    return "cannot write " + final_path + ": " + error_text(saved);
  }
  if (std::rename(temp_path.c_str(), final_path.c_str()) != 0) {
    int saved = errno;
    unlink(temp_path.c_str());
    return "cannot write " + final_path + ": " + error_text(saved);
  }
  return {};
}

}  // namespace winnow::app
