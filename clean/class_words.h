// What an element's class and id words say about its role, by category: the vocabulary of the
// page-type and block classifiers (clean/page_features.h, clean/block_features.h). Internal to
// clean/.
//
// Boilerplate removal (clean/boilerplate.cc) judges with its own two lists of junk words; these
// categories are finer, and judge nothing themselves: the classifiers weigh them.
#pragma once

#include <cstdint>
#include <vector>

#include "clean/dom.h"

namespace winnow::clean {

/// One bit a category of class/id words. The words of each are in class_words.cc.
enum ClassWord : uint8_t {
  kWordContent,   // article, content, entry, story, body, main, text, prose
  kWordComment,   // comment, comments, disqus, respond, discussion
  kWordNav,       // nav, menu, breadcrumb, pagination, pager, skip
  kWordHeader,    // header, masthead, topbar
  kWordFooter,    // footer, copyright, colophon, legal
  kWordSidebar,   // sidebar, widget, rail, aside, secondary
  kWordRelated,   // related, recommended, popular, trending, more, similar, upsell
  kWordShare,     // share, social, follow and the networks' names
  kWordAd,        // ad, ads, advert, sponsor, promo, banner, affiliate
  kWordOverlay,   // cookie, consent, newsletter, subscribe, modal, popup, paywall
  kWordMeta,      // meta, byline, author, date, time, posted, published
  kWordCaption,   // caption, credit, gallery, carousel, slider, photo, thumbnail
  kWordTags,      // tag, tags, topics, keywords, category, label, badge
  kWordProduct,   // product, price, cart, sku, spec, description, variant, stock
  kWordCard,      // card, item, tile, grid, list, result, teaser, excerpt, feed, archive
  kWordPost,      // post, message, thread, topic, reply, forum, username, avatar, signature
  kWordDoc,       // doc, docs, documentation, markdown, api, admonition, highlight, syntax
  kWordToc,       // toc, contents, onthispage, outline
  kWordSection,   // hero, feature, testimonial, pricing, plan, faq, cta, benefit
  kWordHidden,    // hidden, hide, invisible, sr-only, collapsed
  kWordTab,       // tab, tabs, tabpanel, panel, accordion, collapse, toggle
  kWordRating,    // rating, vote, stars, reactions, likes
  kWordBio,       // bio, about, profile, authorbox
  kWordBrand,     // logo, brand, site
  kWordAccount,   // search, login, account, signin, register
  kWordButton,    // btn, button, cta
  kWordTitle,     // title, headline, heading, name
  kWordSignature,  // signature, sig: a forum member's line under every post
  kWordCount
};

/// Bit `1 << ClassWord` for each category with a word in the element's class or id (words split at
/// non-alphanumerics and camelCase humps, lower-cased, as boilerplate.cc splits them); a
/// role="tabpanel" or "tab" counts as a tab word.
uint32_t class_word_bits(const Dom& dom, NodeId id);

/// class_word_bits of every node (0 for text nodes), computed once for both classifiers.
std::vector<uint32_t> class_words_of_page(const Dom& dom);

}  // namespace winnow::clean
