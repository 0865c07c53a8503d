// The replay driver: runs a fuzz target's entry point over saved inputs without libFuzzer, so that
// every crash once found stays a regression test of the GCC builds (optimized and ASan). Each
// argument is a file or a directory whose files (not those starting with '.') are run in name
// order. A crash, a sanitizer report or a broken invariant aborts, which fails the test.
#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <system_error>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size);
// Optional in a target, as in libFuzzer.
extern "C" __attribute__((weak)) int LLVMFuzzerInitialize(int* argc, char*** argv);

namespace {

namespace fs = std::filesystem;

bool read_input(const fs::path& path, std::vector<std::uint8_t>& bytes) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  bytes.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  return !in.bad();
}

// Exactly `size` bytes on the heap, as libFuzzer passes them, so ASan sees any read past the end.
void run(const std::vector<std::uint8_t>& bytes) {
  std::vector<std::uint8_t> copy(bytes);
  LLVMFuzzerTestOneInput(copy.data(), copy.size());
}

}  // namespace

int main(int argc, char** argv) {
  if (LLVMFuzzerInitialize) LLVMFuzzerInitialize(&argc, &argv);
  std::vector<fs::path> inputs;
  for (int i = 1; i < argc; ++i) {
    fs::path path = argv[i];
    std::error_code error;
    if (fs::is_directory(path, error)) {
      std::vector<fs::path> files;
      for (const auto& entry : fs::directory_iterator(path)) {
        if (entry.is_regular_file() && !entry.path().filename().string().starts_with(".")) files.push_back(entry.path());
      }
      std::sort(files.begin(), files.end());
      inputs.insert(inputs.end(), files.begin(), files.end());
    } else if (fs::is_regular_file(path, error)) {
      inputs.push_back(path);
    } else {
      std::fprintf(stderr, "%s: no such file or directory\n", argv[i]);
      return 2;
    }
  }
  if (inputs.empty()) {
    std::fprintf(stderr, "usage: %s FILE|DIR...: no inputs to replay\n", argv[0]);
    return 2;
  }

  run({});  // the empty input, which every target must take
  std::vector<std::uint8_t> bytes;
  for (const fs::path& input : inputs) {
    // Named before it runs: a crash then says which input it was.
    std::fprintf(stderr, "replay %s\n", input.c_str());
    if (!read_input(input, bytes)) {
      std::fprintf(stderr, "%s: cannot read\n", input.c_str());
      return 2;
    }
    run(bytes);
  }
  std::fprintf(stderr, "%zu inputs replayed, none crashed\n", inputs.size() + 1);
  return 0;
}
