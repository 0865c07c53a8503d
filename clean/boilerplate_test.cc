#include "clean/boilerplate.h"

#include <catch2/catch.hpp>
#include <string>
#include <vector>

using namespace winnow::clean;

namespace {

// The elements of `dom` with this class, in document order.
std::vector<NodeId> with_class(const Dom& dom, std::string_view cls) {
  std::vector<NodeId> out;
  for (NodeId id = 0; id < dom.size(); ++id) {
    if (dom.attr(id, "class") == cls) out.push_back(id);
  }
  return out;
}

std::string paragraph(int i) {
  return "<p>Paragraph " + std::to_string(i) + " of the story tells at some length what the council decided on Monday "
         "evening about the harbour, the ferries and the new footpath along the shore, and why it matters.</p>";
}

}  // namespace

TEST_CASE("analyze_page: a junk word on every block of the page judges nothing, and otherwise judges") {
  // A page builder's "widget" on each of the story's blocks, and on one small box beside it.
  std::string body;
  for (int i = 0; i < 4; ++i) body += "<div class=\"story-widget\">" + paragraph(i) + "</div>";
  body += "<div class=\"widget\"><p>Weather: sunny, 21 degrees.</p></div>";
  Dom dom("<html><head><title>Harbour</title></head><body>" + body + "</body></html>");
  const PageAnalysis pa = analyze_page(dom, ExtractTuning{}, CleanOptions{});
  for (NodeId id : with_class(dom, "story-widget")) CHECK(pa.removal[static_cast<size_t>(id)] == Removal::Kept);
  std::vector<NodeId> box = with_class(dom, "widget");
  REQUIRE(box.size() == 1);
  CHECK(pa.removal[static_cast<size_t>(box[0])] == Removal::Kept);  // "widget" is this site's framework word

  // The same box on a page without the framework: its word judges it.
  std::string plain;
  for (int i = 0; i < 4; ++i) plain += "<div class=\"story\">" + paragraph(i) + "</div>";
  plain += "<div class=\"widget\"><p>Weather: sunny, 21 degrees.</p></div>";
  Dom plain_dom("<html><head><title>Harbour</title></head><body>" + plain + "</body></html>");
  const PageAnalysis plain_pa = analyze_page(plain_dom, ExtractTuning{}, CleanOptions{});
  box = with_class(plain_dom, "widget");
  REQUIRE(box.size() == 1);
  CHECK(plain_pa.removal[static_cast<size_t>(box[0])] == Removal::WeakJunk);
}

TEST_CASE("analyze_page with keep_captions: gallery words judge nothing") {
  std::string body = paragraph(1) + "<div class=\"gallery\"><p>Volunteers plant reeds along the shore. Photo: Lake Agency</p></div>" +
                     paragraph(2) + paragraph(3);
  Dom dom("<html><head><title>Harbour</title></head><body><article>" + body + "</article></body></html>");
  std::vector<NodeId> gallery = with_class(dom, "gallery");
  REQUIRE(gallery.size() == 1);
  CHECK(analyze_page(dom, ExtractTuning{}, CleanOptions{}).removal[static_cast<size_t>(gallery[0])] == Removal::StrongJunk);
  CleanOptions keep;
  keep.keep_captions = true;
  CHECK(analyze_page(dom, ExtractTuning{}, keep).removal[static_cast<size_t>(gallery[0])] == Removal::Kept);
}
