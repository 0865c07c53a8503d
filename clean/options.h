// Every tunable threshold of the extractor, in one place.
#pragma once

namespace winnow::clean {

struct ExtractTuning {
  // A text block shorter than this (characters, whitespace excluded) adds nothing to its
  // ancestors' content score.
  int min_scored_block_chars = 25;
  // Weak boilerplate signals (a "sidebar" class, an <aside>, aria-hidden) never remove an element
  // holding more than this share of the page's text: sites wrap whole articles in such elements.
  double protected_text_share = 0.5;
  // Nor one holding this many prose paragraphs (a "read-more" wrapper around the rest of the
  // story); a paragraph is prose at this many characters outside links.
  int prose_paragraphs_kept = 3;
  int prose_paragraph_chars = 150;
  // Even strong junk words ("ads", "comments") do not remove a wrapper holding this share of the
  // page's text: such words on page wrappers describe the page, not the element.
  double wrapper_text_share = 0.7;
  // Elements marked as content ("entry-content", "article-body") are kept over weak junk words
  // only when they hold at least this much text; a short "article-meta" is still junk.
  int content_word_min_chars = 200;
  // Containers whose link text exceeds this share of their text are link blocks (related
  // stories, tag lists, menus), not article text.
  double max_container_link_density = 0.5;
  double max_list_link_density = 0.6;
  // When this many other candidates score at least this share of the best one and share one of
  // its ancestors, that ancestor is the article (bodies split into sections or steps).
  double alternative_score_share = 0.75;
  int min_alternatives = 3;
  // A wrapper adding at most this many characters (or a tenth) to the best candidate stands
  // for it when siblings are gathered.
  int thin_wrapper_chars = 50;
  // Siblings of the best candidate join the article when they score this share of it.
  double sibling_score_share = 0.2;
  double sibling_min_score = 10.0;
  // A sibling paragraph joins when long with few links, or short with none and a full stop.
  int sibling_paragraph_min_chars = 80;
  int sibling_container_min_chars = 300;
  double sibling_paragraph_max_link_density = 0.25;
  // An ancestor with this many children holding linked headlines is a grid of teaser cards; the
  // best candidate is a card when its branch holds less than this share of the grid's text.
  int min_listing_cards = 4;
  double max_card_text_share = 0.35;
  // A block whose children are such cards is the grid itself when its cards average at most
  // this many characters (a headline and a teaser, not a roundup's long entries).
  int max_teaser_card_chars = 400;
  // The chosen blocks are a list of headlines (a home page) when they hold this many headings
  // linking to other pages, at least a third of their headings (kickers label the rest), and
  // this share of link text.
  int min_listing_headlines = 6;
  double min_listing_link_density = 0.3;
  // Below this many characters the chosen article is suspect; the paragraph sweep is tried.
  int min_article_chars = 250;
  // A page with fewer words than this (CJK characters count one each) is not an article: an
  // error page, a login wall, a stub.
  int min_article_words = 40;
  // Short blocks (words) that are checked for being bylines, datelines or lone links.
  int max_byline_words = 12;
  int max_lone_link_words = 10;
  // The summary under a linked teaser headline is at most this many words.
  int max_teaser_words = 60;
  // A figure or image table with less text than this is a photo box (caption and credit).
  int max_caption_chars = 300;
};

}  // namespace winnow::clean
