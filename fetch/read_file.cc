// Local inputs: whole files or stdin, gunzipped when they are gzip, always under a size cap.

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include <cerrno>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

#include "fetch/fetcher.h"

namespace winnow::fetch {
namespace {

constexpr std::size_t kChunkBytes = 64 * 1024;

class FileDescriptor {
 public:
  explicit FileDescriptor(int fd) : fd_(fd) {}
  FileDescriptor(const FileDescriptor&) = delete;
  FileDescriptor& operator=(const FileDescriptor&) = delete;
  ~FileDescriptor() {
    if (fd_ >= 0) ::close(fd_);
  }
  int get() const { return fd_; }

 private:
  int fd_;
};

std::string too_large(const std::string& name, std::size_t max_bytes, bool gunzipped) {
  return name + ": larger than " + std::to_string(max_bytes) + " bytes" +
         (gunzipped ? " after gunzip" : "");
}

// Inflates one or more concatenated gzip members as their bytes arrive, refusing to grow the
// output past the cap, so a gzip bomb costs at most the cap plus one chunk of memory.
class StreamingGunzip {
 public:
  StreamingGunzip() : buffer_(kChunkBytes) {}
  StreamingGunzip(const StreamingGunzip&) = delete;
  StreamingGunzip& operator=(const StreamingGunzip&) = delete;
  ~StreamingGunzip() {
    if (initialized_) inflateEnd(&stream_);
  }

  /// Appends the inflated `input` to `out`; returns an error message, empty on success.
  std::string feed(std::string_view input, std::string& out, std::size_t max_bytes,
                   const std::string& name) {
    if (!initialized_) {
      if (inflateInit2(&stream_, 15 + 32) != Z_OK) return name + ": cannot initialise zlib";
      initialized_ = true;
    }
    stream_.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(input.data()));
    stream_.avail_in = static_cast<uInt>(input.size());
    for (;;) {
      if (member_done_) {
        // Zero padding after the last member (tar and some servers add it) is harmless.
        while (stream_.avail_in > 0 && *stream_.next_in == 0) {
          ++stream_.next_in;
          --stream_.avail_in;
        }
        if (stream_.avail_in == 0) return {};
        inflateReset(&stream_);
        member_done_ = false;
      }
      stream_.next_out = buffer_.data();
      stream_.avail_out = static_cast<uInt>(buffer_.size());
      int status = inflate(&stream_, Z_NO_FLUSH);
      std::size_t produced = buffer_.size() - stream_.avail_out;
      if (out.size() + produced > max_bytes) return too_large(name, max_bytes, true);
      out.append(reinterpret_cast<const char*>(buffer_.data()), produced);
      if (status == Z_STREAM_END) {
        member_done_ = true;
        continue;
      }
      if (status == Z_BUF_ERROR) return {};  // wants more input
      if (status == Z_MEM_ERROR) return name + ": out of memory while gunzipping";
      if (status != Z_OK) {
        return name + ": corrupt gzip data (" + (stream_.msg ? stream_.msg : "bad stream") + ")";
      }
      if (stream_.avail_in == 0 && stream_.avail_out != 0) return {};
    }
  }

  /// False when the input ended in the middle of a member.
  bool complete() const { return member_done_; }

 private:
  z_stream stream_{};
  bool initialized_ = false;
  bool member_done_ = false;
  std::vector<Bytef> buffer_;
};

ssize_t read_some(int fd, char* buffer, std::size_t size) {
  for (;;) {
    ssize_t n = ::read(fd, buffer, size);
    if (n >= 0 || errno != EINTR) return n;
  }
}

FileBytes error_result(std::string message) { return FileBytes{{}, std::move(message)}; }

// Reads `fd` to its end; the first two bytes decide whether the rest is gzip.
FileBytes read_all(int fd, const std::string& name, std::size_t max_bytes) {
  FileBytes result;
  std::vector<char> chunk(kChunkBytes);
  std::string head;  // the bytes read before we know whether this is gzip
  bool decided = false;
  bool gzip = false;
  StreamingGunzip gunzip;
  for (;;) {
    ssize_t n = read_some(fd, chunk.data(), chunk.size());
    if (n < 0) return error_result(name + ": " + std::strerror(errno));
    if (n == 0) break;
    std::string_view data(chunk.data(), static_cast<std::size_t>(n));
    if (!decided) {
      head.append(data);
      if (head.size() < 2) continue;
      decided = true;
      gzip = static_cast<unsigned char>(head[0]) == 0x1f &&
             static_cast<unsigned char>(head[1]) == 0x8b;
      data = head;
    }
    if (gzip) {
      std::string error = gunzip.feed(data, result.bytes, max_bytes, name);
      if (!error.empty()) return error_result(std::move(error));
    } else {
      if (result.bytes.size() + data.size() > max_bytes) {
        return error_result(too_large(name, max_bytes, false));
      }
      result.bytes.append(data);
    }
  }
  if (!decided) {
    if (head.size() > max_bytes) return error_result(too_large(name, max_bytes, false));
    result.bytes = std::move(head);
  } else if (gzip && !gunzip.complete()) {
    return error_result(name + ": corrupt gzip data (truncated)");
  }
  return result;
}

}  // namespace

FileBytes read_file(const std::string& path, std::size_t max_bytes) {
  FileDescriptor file(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
  if (file.get() < 0) return error_result(path + ": " + std::strerror(errno));
  struct stat info {};
  if (::fstat(file.get(), &info) != 0) return error_result(path + ": " + std::strerror(errno));
  if (S_ISDIR(info.st_mode)) return error_result(path + ": " + std::strerror(EISDIR));
  return read_all(file.get(), path, max_bytes);
}

FileBytes read_stdin(std::size_t max_bytes) { return read_all(STDIN_FILENO, "stdin", max_bytes); }

}  // namespace winnow::fetch
