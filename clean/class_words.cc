#include "clean/class_words.h"

#include <string>
#include <string_view>
#include <vector>

#include "clean/meta_text.h"
#include "clean/word_table.h"

namespace winnow::clean {

namespace {


// Space-separated words of each category.
struct CategoryWords {
  ClassWord category;
  std::string_view words;
};

constexpr CategoryWords kCategoryWords[] = {
    {kWordContent,
     "article articlebody content contents entry story body main text prose richtext rte "
     "wysiwyg copy blog permalink single"},
    {kWordComment,
     "comment comments commentlist disqus respond discussion replies"},
    {kWordNav,
     "nav navbar navigation menu submenu megamenu dropdown breadcrumb breadcrumbs crumbs "
     "crumb pagination pager paging skip skiplink jumplink prev next previous"},
    {kWordHeader,
     "header masthead topbar navbar head"},
    {kWordFooter,
     "footer copyright colophon legal bottom foot"},
    {kWordSidebar,
     "sidebar widget widgets rail aside secondary complementary side"},
    {kWordRelated,
     "related relatedposts recommended recommendation recommendations recirculation recirc "
     "popular mostpopular mostread trending more morestories latest readmore suggested "
     "similar upsell crosssell also others mostviewed mostshared mostcommented mostrecent youmaylike "
     "morefrom readnext editorspicks"},
    {kWordShare,
     "share shares sharing sharebar social socialmedia follow tweet twitter facebook "
     "pinterest whatsapp linkedin reddit instagram tiktok youtube"},
    {kWordAd,
     "ad ads advert adverts advertisement advertising adsbygoogle adslot adunit dfp gpt "
     "sponsor sponsored sponsors promo promotion promoted banner outbrain taboola affiliate"},
    {kWordOverlay,
     "cookie cookies consent gdpr cmp newsletter newsletters subscribe subscription signup "
     "modal popup overlay paywall lightbox interstitial dialog toast notice notification "
     "alert announcement"},
    {kWordMeta,
     "meta byline author authors dateline date time timestamp posted published updated "
     "pubdate"},
    {kWordCaption,
     "caption captions credit credits figcaption gallery carousel slideshow slider slide "
     "photo photos media image img thumbnail thumb video player"},
    {kWordTags,
     "tag tags tagcloud topics keywords category categories label labels badge chip chips"},
    {kWordProduct,
     "product products price prices cart basket sku spec specs specification specifications "
     "description offer offers buy checkout variant variants attribute attributes stock shop "
     "pdp plp woocommerce addtocart quantity qty"},
    {kWordCard,
     "card cards item items tile tiles grid list listing listings result results teaser "
     "teasers excerpt summary loop feed archive collection row col"},
    {kWordPost,
     "post posts message messages thread threads topic topics reply forum postbody bbcode "
     "username user userinfo avatar poster postbit answer answers question"},
    {kWordDoc,
     "doc docs documentation markdown md rst api admonition highlight syntax sourcecode code "
     "codeblock note warning tip reference docutils sphinx theme"},
    {kWordToc,
     "toc tableofcontents onthispage outline contents anchor anchors"},
    {kWordSection,
     "hero feature features testimonial testimonials pricing plan plans faq faqs cta benefit "
     "benefits section block module elementor wp"},
    {kWordHidden,
     "hidden hide invisible sronly visuallyhidden collapsed offscreen none"},
    {kWordTab,
     "tab tabs tabpanel panel panels accordion collapse toggle expand"},
    {kWordRating,
     "rating ratings rate vote votes stars star reactions like likes review reviews"},
    {kWordBio,
     "bio about profile authorbox biography"},
    {kWordBrand,
     "logo brand site sitename"},
    {kWordAccount,
     "search login account signin register language locale currency"},
    {kWordButton,
     "btn button buttons cta action actions"},
    {kWordTitle,
     "title headline heading name"},
    {kWordSignature,
     "signature sig usersig postsig signaturecontainer"},
};

WordTable make_vocabulary() {
  std::vector<WordTable::Entry> entries;
  for (const CategoryWords& entry : kCategoryWords) {
    metatext::for_each_token(entry.words, ' ', [&](std::string_view word) { entries.push_back({word, 1u << entry.category}); });
  }
  return WordTable(entries);
}

// Splits at non-alphanumerics and camelCase humps, as boilerplate.cc's scan_words does. Two
// neighbouring words also count joined ("most-viewed" is "mostviewed", "related posts" is
// "relatedposts").
void add_words(std::string_view value, const WordTable& vocabulary, uint32_t& bits) {
  std::string word, previous;
  auto finish = [&] {
    if (word.empty()) {
      previous.clear();
      return;
    }
    bits |= vocabulary.bits(word);
    if (!previous.empty()) {
      previous += word;
      bits |= vocabulary.bits(previous);
    }
    previous = std::move(word);
    word.clear();
  };
  char prev = 0;
  for (char c : value) {
    bool upper = c >= 'A' && c <= 'Z';
    bool lower = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
    if (upper || lower) {
      if (upper && prev >= 'a' && prev <= 'z') finish();
      word.push_back(upper ? static_cast<char>(c - 'A' + 'a') : c);
      if (word.size() > 40) word.clear();  // a hash or a data blob, not a word
    } else {
      finish();
    }
    prev = c;
  }
  finish();
}

}  // namespace

uint32_t class_word_bits(const Dom& dom, NodeId id) {
  static const WordTable vocabulary = make_vocabulary();
  uint32_t bits = 0;
  std::string_view cls = dom.attr(id, "class");
  if (!cls.empty()) add_words(cls.substr(0, 512), vocabulary, bits);
  std::string_view element_id = dom.attr(id, "id");
  if (!element_id.empty()) add_words(element_id.substr(0, 128), vocabulary, bits);
  // A tab panel says so in its role as often as in its class.
  std::string_view role = dom.attr(id, "role");
  if (role == "tabpanel" || role == "tab") bits |= 1u << kWordTab;
  return bits;
}

std::vector<uint32_t> class_words_of_page(const Dom& dom) {
  std::vector<uint32_t> bits(static_cast<size_t>(dom.size()), 0);
  for (NodeId id = 0; id < dom.size(); ++id) {
    if (!dom[id].is_text) bits[static_cast<size_t>(id)] = class_word_bits(dom, id);
  }
  return bits;
}

}  // namespace winnow::clean
