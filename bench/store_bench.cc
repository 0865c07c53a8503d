// Records per second into a sink: store_bench URI [RECORDS] [BATCH]. Synthetic news-sized
// records (about 400 words, each text different so duplicate detection does real work).
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "store/sink.h"

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: store_bench URI [RECORDS] [BATCH]\n");
    return 2;
  }
  const std::string uri = argv[1];
  const long records = argc > 2 ? std::atol(argv[2]) : 100000;
  const long batch = argc > 3 ? std::atol(argv[3]) : 1000;
  // Words made of random syllables: a large vocabulary, as in real text, so fingerprints differ.
  static const char* kSyllables[] = {"ka", "lo", "mi", "ra", "te", "su", "no", "vi", "de", "po", "ga", "ri", "tu", "sa", "be", "ko"};
  try {
    auto sink = winnow::store::open_sink(uri);
    // Only the sink's own work is timed: building the records is the cleaner's cost.
    std::chrono::steady_clock::duration in_sink{};
    std::uint64_t seed = 12345;
    for (long i = 0; i < records; ++i) {
      winnow::clean::Article a;
      a.meta.url = "https://bench.example/story/" + std::to_string(i);
      a.meta.hostname = "bench.example";
      a.meta.title = "Story number " + std::to_string(i);
      a.is_article = true;
      for (int p = 0; p < 4; ++p) {
        winnow::clean::Block b;
        for (int w = 0; w < 100; ++w) {
          seed = seed * 6364136223846793005ull + 1442695040888963407ull;
          for (int k = 0; k < 3; ++k) b.text += kSyllables[(seed >> (20 + 4 * k)) % 16];
          b.text += w % 12 == 11 ? ". " : " ";
        }
        a.blocks.push_back(std::move(b));
      }
      winnow::store::Record record = winnow::store::make_record(std::move(a));
      auto start = std::chrono::steady_clock::now();
      sink->write(record);
      if ((i + 1) % batch == 0) sink->commit();
      in_sink += std::chrono::steady_clock::now() - start;
    }
    auto start = std::chrono::steady_clock::now();
    sink->commit();
    in_sink += std::chrono::steady_clock::now() - start;
    double seconds = std::chrono::duration<double>(in_sink).count();
    std::printf("%s: %ld records in %.2f s: %.0f records/s\n", uri.c_str(), records, seconds, records / seconds);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "store_bench: %s\n", e.what());
    return 1;
  }
  return 0;
}
