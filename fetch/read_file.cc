// Local inputs: whole files, stdin or bytes in memory, gunzipped when they are gzip, always under a size cap.

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

// Gathers an input's bytes as they come, chunk by chunk: the first two bytes decide whether the
// rest is gzip. A file, stdin and bytes held in memory all go through it.
class InputGatherer {
 public:
  InputGatherer(const std::string& name, std::size_t max_bytes) : name_(name), max_bytes_(max_bytes) {}

  /// Takes the next bytes; returns an error message, empty on success.
  std::string feed(std::string_view data) {
    if (!decided_) {
      head_.append(data);
      if (head_.size() < 2) return {};
      decided_ = true;
      gzip_ = static_cast<unsigned char>(head_[0]) == 0x1f && static_cast<unsigned char>(head_[1]) == 0x8b;
      data = head_;
    }
    if (gzip_) return gunzip_.feed(data, result_.bytes, max_bytes_, name_);
    if (result_.bytes.size() + data.size() > max_bytes_) return too_large(name_, max_bytes_, false);
    result_.bytes.append(data);
    return {};
  }

  /// The input once it has ended.
  FileBytes finish() {
    if (!decided_) {
      if (head_.size() > max_bytes_) return error_result(too_large(name_, max_bytes_, false));
      result_.bytes = std::move(head_);
    } else if (gzip_ && !gunzip_.complete()) {
      return error_result(name_ + ": corrupt gzip data (truncated)");
    }
    return std::move(result_);
  }

 private:
  const std::string& name_;
  std::size_t max_bytes_;
  FileBytes result_;
  std::string head_;  // the bytes read before we know whether this is gzip
  bool decided_ = false;
  bool gzip_ = false;
  StreamingGunzip gunzip_;
};

// Reads `fd` to its end.
FileBytes read_all(int fd, const std::string& name, std::size_t max_bytes) {
  std::vector<char> chunk(kChunkBytes);
  InputGatherer input(name, max_bytes);
  for (;;) {
    ssize_t n = read_some(fd, chunk.data(), chunk.size());
    if (n < 0) return error_result(name + ": " + std::strerror(errno));
    if (n == 0) break;
    std::string error = input.feed(std::string_view(chunk.data(), static_cast<std::size_t>(n)));
    if (!error.empty()) return error_result(std::move(error));
  }
  return input.finish();
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

FileBytes read_bytes(std::string_view bytes, const std::string& name, std::size_t max_bytes) {
  InputGatherer input(name, max_bytes);
  // In chunks, as a file is read: zlib counts its input in 32-bit lengths.
  for (std::size_t at = 0; at < bytes.size(); at += kChunkBytes) {
    std::string error = input.feed(bytes.substr(at, kChunkBytes));
    if (!error.empty()) return error_result(std::move(error));
  }
  return input.finish();
}

}  // namespace winnow::fetch
