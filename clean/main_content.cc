#include "clean/main_content.h"

#include <algorithm>
#include <cstdlib>
#include <string>
#include <unordered_map>
#include <unordered_set>

#include "clean/block_features.h"
#include "block_model.inc"  // WINNOW_MODEL_DIR
#include "clean/forest.h"
#include "clean/inspection.h"
#include "clean/meta_text.h"
#include "clean/normalize.h"

namespace winnow::clean {

bool block_model_matches() {
  if (std::size(fitted::kBlockModelFeatureNames) != kBlockFeatureCount) return false;
  for (size_t i = 0; i < kBlockFeatureCount; ++i) {
    if (std::string_view(fitted::kBlockModelFeatureNames[i]) != kBlockFeatureNames[i]) return false;
  }
  return true;
}

float block_threshold(Focus focus) {
  float threshold = fitted::kBlockThreshold;
  switch (focus) {
    case Focus::Precision: threshold += fitted::kPrecisionShift; break;
    case Focus::Recall: threshold += fitted::kRecallShift; break;
    case Focus::Balanced: break;
  }
  return std::clamp(threshold, 0.05f, 0.95f);
}

namespace {

bool has(const BlockFeatures& f, BlockFeature feature) { return f[static_cast<size_t>(feature)] > 0.0f; }

// "… Read more" at the end of a teaser, in the languages we serve.
void strip_read_more_tail(std::string& text) {
  static constexpr std::string_view kReadMore[] = {
      "read more", "continue reading", "read the full story", "read full article", "read article", "more",
      "weiterlesen", "mehr lesen", "lire la suite", "lire plus", "leer más", "seguir leyendo", "leia mais",
      "continua a leggere", "leggi tutto", "lees meer", "czytaj więcej", "läs mer", "les mer", "læs mere",
      "devamını oku", "читать далее", "подробнее", "阅读全文", "続きを読む", "더보기", "»", "→", "›"};
  std::string lower = text;
  for (char& c : lower) c = metatext::lower(c);
  for (std::string_view cue : kReadMore) {
    if (lower.size() <= cue.size() + 20 || !lower.ends_with(cue)) continue;
    size_t cut = text.size() - cue.size();
    if (text[cut - 1] != ' ' && text[cut - 1] != '.' && static_cast<unsigned char>(text[cut - 1]) < 0x80) continue;
    text.resize(cut);
    while (!text.empty() && text.back() == ' ') text.pop_back();
    return;
  }
}

bool ends_sentence(std::string_view text) {
  return !text.empty() && (text.back() == '.' || text.back() == '!' || text.back() == '?' || text.back() == ':');
}

// What the classifier keeps must also follow the rules of the output contract, whatever it
// learned. Each rule names the failure it fixes; all are linear in the number of blocks.
class ContentRules {
 public:
  // A template slot is text from this mean probability on, and not text below the second; in
  // between, each block keeps its own decision.
  static constexpr double kSlotKeep = 0.5;
  static constexpr double kSlotDrop = 0.3;
  // In an article the classifier adds to the heuristic's choice from this probability on, and a
  // block of links from this one (on the odd half of the corpus both cost nothing).
  static constexpr float kOverruleHeuristic = 0.7f;
  static constexpr float kOverruleWithLinks = 0.9f;

  ContentRules(const std::vector<Segment>& segments, const std::vector<BlockFeatures>& rows,
               const std::vector<BlockPlace>& places, const std::vector<float>& probabilities, PageType type,
               const CleanOptions& options, std::vector<uint8_t>& keep)
      : segments_(segments), rows_(rows), places_(places), probabilities_(probabilities), type_(type),
        options_(options), keep_(keep) {}

  void apply() {
    agree_with_heuristic();
    at_least_the_heuristic();
    never_empty();
    vote_by_template_slot();
    keep_cards_whole();
    keep_posts_whole();
    drop_recirculation();
    keep_titles();
    keep_signatures();
    keep_product_sheet();
    drop_tables_of_contents();
    drop_hidden();
    drop_labels();
    drop_signatures();
    keep_tables_whole();
    drop_title_repeats();
    drop_residue();
    judge_captions();
    judge_comments();
    drop_related_boxes();
    keep_headings_leading_into_text();
    drop_headings_leading_nowhere();
  }

 private:
  // A paragraph of prose inside the container the heuristic chose, not removed there, is the
  // heuristic's even when its rendering differs (words it took out of links: "clean links").
  bool chosen_prose(size_t i) const {
    const BlockFeatures& f = rows_[i];
    return has(f, kBlock_in_chosen) && segments_[i].block.kind == Block::Kind::Paragraph &&
           has(f, kBlock_ends_sentence) && count_words(segments_[i].block.text) >= 20 &&
           !has(f, kBlock_removed_junk) && !has(f, kBlock_removed_weak) && !has(f, kBlock_removed_tag) &&
           !has(f, kBlock_removed_hidden) && !has(f, kBlock_removed_caption) && !has(f, kBlock_caption_box);
  }

  // An article is what the article heuristic kept, and what the classifier is sure of besides:
  // the heuristic's boilerplate rules (captions, comments, promos, related links) hold where the
  // classifier doubts, and its choice holds on pages unlike those the classifier learned from
  // (on the odd half of the corpus this union scores as the classifier alone).
  // A block of links the heuristic dropped (a related-stories list in the body) needs more: it is
  // text only when the classifier is all but certain.
  // (A gallery or slideshow the heuristic left out stays out, however sure the classifier is.)
  void agree_with_heuristic() {
    if (type_ != PageType::Article) return;
    auto sure = [&](size_t i) {
      float needed = rows_[i][kBlock_link_share] >= 0.8f ? kOverruleWithLinks : kOverruleHeuristic;
      return probabilities_[i] >= needed && !has(rows_[i], kBlock_any_caption);
    };
    for (size_t i = 0; i < rows_.size(); ++i) {
      keep_[i] = has(rows_[i], kBlock_kept_by_heuristic) || sure(i) || chosen_prose(i);
    }
    // The story is continuous: a paragraph of prose the classifier leans to, between kept blocks
    // (ads and credits aside, three blocks at most each way), is part of it.
    std::vector<uint8_t> before = keep_;
    auto kept_near = [&](size_t i, int step) {
      for (int k = 1; k <= 3; ++k) {
        long j = static_cast<long>(i) + step * k;
        if (j < 0 || j >= static_cast<long>(before.size())) return false;
        if (before[static_cast<size_t>(j)]) return true;
      }
      return false;
    };
    for (size_t i = 0; i < rows_.size(); ++i) {
      const BlockFeatures& f = rows_[i];
      if (before[i] || probabilities_[i] < fitted::kBlockThreshold || segments_[i].block.kind != Block::Kind::Paragraph ||
          !has(f, kBlock_ends_sentence) || count_words(segments_[i].block.text) < 20 || has(f, kBlock_any_caption)) {
        continue;
      }
      if (kept_near(i, -1) && kept_near(i, 1)) keep_[i] = 1;
    }
  }

  // On other pages, when the classifier keeps less than half of the text the heuristic found,
  // it missed the page's main block (pages unlike any it learned from): the heuristic's blocks
  // join it (on the odd half of the corpus: +0.004 F1, products and collections most).
  void at_least_the_heuristic() {
    if (type_ == PageType::Article) return;
    int64_t kept = 0, heuristic = 0;
    for (size_t i = 0; i < rows_.size(); ++i) {
      if (keep_[i]) kept += segments_[i].chars;
      if (has(rows_[i], kBlock_kept_by_heuristic)) heuristic += segments_[i].chars;
    }
    if (2 * kept >= heuristic) return;
    for (size_t i = 0; i < rows_.size(); ++i) {
      if (has(rows_[i], kBlock_kept_by_heuristic)) keep_[i] = 1;
    }
  }

  // Cards of a listing or a collection are made from one template: the blocks in the same slot of
  // sibling cards (every headline, every byline, every price) are all text or all not when their
  // mean probability is clear. (On the even half, +0.005 F1 over no vote, as with a single
  // threshold of 0.4; on the odd half, -0.005, where a single threshold costs -0.007.)
  void vote_by_template_slot() {
    if (type_ != PageType::Listing && type_ != PageType::Collection && type_ != PageType::Product &&
        type_ != PageType::Service && type_ != PageType::Forum) {
      return;
    }
    struct Vote {
      double sum = 0;
      int count = 0;
    };
    std::unordered_map<uint64_t, Vote> votes;
    for (size_t i = 0; i < rows_.size(); ++i) {
      if (places_[i].unit == kNoNode) continue;
      Vote& v = votes[places_[i].slot];
      v.sum += probabilities_[i];
      ++v.count;
    }
    for (size_t i = 0; i < rows_.size(); ++i) {
      if (places_[i].unit == kNoNode) continue;
      const Vote& v = votes[places_[i].slot];
      if (v.count < 3) continue;
      double mean = v.sum / v.count;
      if (mean >= kSlotKeep) keep_[i] = 1;
      else if (mean < kSlotDrop && type_ != PageType::Forum) keep_[i] = 0;
      voted_[i] = 1;
    }
  }

  // On a listing, collection, product or service page, a card (a unit repeated among its
  // siblings) whose title the classifier is sure of keeps its teaser too: a sentence of six words
  // or more, not a byline or a date, unless its template slot was voted out (on the odd half of
  // the corpus: +0.001 F1).
  void keep_cards_whole() {
    if (type_ == PageType::Article || type_ == PageType::Forum || type_ == PageType::Documentation) return;
    std::unordered_set<NodeId> sure;
    for (size_t i = 0; i < rows_.size(); ++i) {
      if (keep_[i] && probabilities_[i] >= 0.5f && places_[i].unit != kNoNode) sure.insert(places_[i].unit);
    }
    for (size_t i = 0; i < rows_.size(); ++i) {
      const BlockFeatures& f = rows_[i];
      if (keep_[i] || voted_[i] || places_[i].unit == kNoNode || !sure.count(places_[i].unit)) continue;
      if (segments_[i].block.kind == Block::Kind::Paragraph && count_words(segments_[i].block.text) >= 6 &&
          !has(f, kBlock_is_byline) && !has(f, kBlock_is_dateline) && f[kBlock_link_share] < 0.5f) {
        keep_[i] = 1;
      }
    }
  }

  // A forum post's text is whole: a short line the classifier doubts ("Gruß Ole", "Thanks!")
  // beside kept text in the same element is the post's too, unless it is a signature or a label.
  void keep_posts_whole() {
    if (type_ != PageType::Forum) return;
    std::vector<uint8_t> before = keep_;
    for (size_t i = 0; i < rows_.size(); ++i) {
      const BlockFeatures& f = rows_[i];
      if (keep_[i] || probabilities_[i] < 0.25f || f[kBlock_link_share] >= 0.5f || has(f, kBlock_near_signature)) {
        continue;
      }
      bool beside = (i > 0 && before[i - 1] && places_[i - 1].parent == places_[i].parent) ||
                    (i + 1 < rows_.size() && before[i + 1] && places_[i + 1].parent == places_[i].parent);
      if (beside) keep_[i] = 1;
    }
  }

  // "Popular right now", "Related", "Recommended": a box the heuristic removed for such words is
  // other pages' teasers, not this page's items (on the odd half of the corpus: neutral).
  void drop_recirculation() {
    if (type_ == PageType::Article) return;
    for (size_t i = 0; i < rows_.size(); ++i) {
      if (has(rows_[i], kBlock_removed_junk) && has(rows_[i], kBlock_near_related)) keep_[i] = 0;
    }
  }

  // On pages other than articles, a kept list keeps the short line that titles it (the heading or
  // the linked line right before its first item, in the same container); in documentation and on
  // service pages, a kept paragraph keeps the short line that titles its box (a note's "Warning",
  // a feature's name).
  void keep_titles() {
    if (type_ == PageType::Article) return;
    const bool boxes = type_ == PageType::Documentation || type_ == PageType::Service;
    for (size_t i = 1; i < segments_.size(); ++i) {
      const Block& b = segments_[i].block;
      const Block& before = segments_[i - 1].block;
      if (!keep_[i] || keep_[i - 1] || count_words(before.text) > 20 || has(rows_[i - 1], kBlock_removed_junk)) continue;
      if (before.kind == b.kind && before.group == b.group && b.kind == Block::Kind::ListItem) continue;
      NodeId container = places_[i].grand;  // the list's or the box's element
      bool same_container = container != kNoNode && (segments_[i - 1].owner == container ||
                                                     places_[i - 1].parent == container);
      bool title_of_list = b.kind == Block::Kind::ListItem &&
                           (before.kind == Block::Kind::Heading ||
                            (before.kind == Block::Kind::Paragraph && rows_[i - 1][kBlock_link_share] >= 0.5f));
      bool title_of_box = boxes && b.kind == Block::Kind::Paragraph &&
                          (before.kind == Block::Kind::Heading || before.kind == Block::Kind::Paragraph) &&
                          count_words(before.text) <= 8 && rows_[i - 1][kBlock_link_share] < 0.5f &&
                          !ends_sentence(before.text);
      if (same_container && (title_of_list || title_of_box)) keep_[i - 1] = 1;
    }
  }

  // On a service page, the short lines that sign a kept block (a testimonial's name and role, a
  // plan's note) are part of its section: a line of up to eight words, not a link or a button,
  // right after a kept block.
  void keep_signatures() {
    if (type_ != PageType::Service) return;
    for (size_t i = 1; i < segments_.size(); ++i) {
      const BlockFeatures& f = rows_[i];
      if (keep_[i] || !keep_[i - 1] || segments_[i].block.kind != Block::Kind::Paragraph) continue;
      if (count_words(segments_[i].block.text) > 8 || f[kBlock_link_share] >= 0.5f || has(f, kBlock_in_button) ||
          has(f, kBlock_removed_junk) || probabilities_[i] < 0.2f) {
        continue;
      }
      keep_[i] = 1;
    }
  }

  // A product's description and specifications: its key | value tables, what its tab panels
  // hold (the description, care and specification tabs, even where the panel is folded), and the
  // first price line. (Products: -0.018 F1 on the even half, +0.011 on the odd; the issue asks
  // for specifications and tabs. Sentences deeper in a panel: -0.001 on products.)
  void keep_product_sheet() {
    if (type_ != PageType::Product) return;
    bool price_seen = false;
    for (size_t i = 0; i < rows_.size(); ++i) {
      const BlockFeatures& f = rows_[i];
      const Block& b = segments_[i].block;
      bool few_links = f[kBlock_link_share] < 0.3f;
      if (b.kind == Block::Kind::TableRow && b.cells.size() == 2 && few_links) keep_[i] = 1;
      bool reviews = has(f, kBlock_any_rating) || has(f, kBlock_any_comment) || has(f, kBlock_any_related);
      // A panel's own lines, or sentences deeper in it (a description's paragraphs and lists).
      bool in_panel = has(f, kBlock_near_tab) ||
                      (has(f, kBlock_any_tab) && has(f, kBlock_ends_sentence) && count_words(b.text) >= 6);
      if (in_panel && few_links && !reviews && !has(f, kBlock_in_button) && probabilities_[i] >= 0.1f) {
        keep_[i] = 1;
      }
      if (!price_seen && has(f, kBlock_has_price) && count_words(b.text) <= 8) {
        price_seen = true;
        keep_[i] = 1;
      }
    }
    // A panel is whole: a run of tab-panel blocks (between the tabs' own links) holding a kept
    // paragraph keeps its other lines (a care tab's heading and list under the description).
    auto in_panel_text = [&](size_t i) {
      const BlockFeatures& f = rows_[i];
      return has(f, kBlock_any_tab) && !has(f, kBlock_any_rating) && !has(f, kBlock_any_comment) &&
             !has(f, kBlock_any_related) && f[kBlock_link_share] < 0.3f && !has(f, kBlock_in_button);
    };
    for (size_t start = 0; start < rows_.size();) {
      if (!in_panel_text(start)) {
        ++start;
        continue;
      }
      size_t end = start;
      bool prose = false;
      for (; end < rows_.size() && in_panel_text(end); ++end) {
        prose = prose || (keep_[end] && segments_[end].block.kind == Block::Kind::Paragraph);
      }
      if (prose) std::fill(keep_.begin() + static_cast<std::ptrdiff_t>(start), keep_.begin() + static_cast<std::ptrdiff_t>(end), 1);
      start = end;
    }
  }

  // A forum member's signature, under each of their posts, is not the post.
  void drop_signatures() {
    if (type_ != PageType::Forum) return;
    for (size_t i = 0; i < rows_.size(); ++i) {
      if (has(rows_[i], kBlock_near_signature)) keep_[i] = 0;
    }
  }

  // A form control's label ("Quantity", "Email address") is not text; nor, in a shop, is a
  // widget's ("Rating:", "Sort by:"); nor, in a forum, is a
  // poster's profile field ("Registriert: Mo 13. Nov 2023", "Join Date: Mar 2019", "Posts: 7"),
  // a short "label: value" line of a definition list beside the posts.
  void drop_labels() {
    for (size_t i = 0; i < rows_.size(); ++i) {
      if (has(rows_[i], kBlock_in_label)) keep_[i] = 0;
      if (type_ == PageType::Forum && has(rows_[i], kBlock_in_dl) && is_label_and_value(segments_[i].block.text)) {
        keep_[i] = 0;
      }
      // A shop's widget labels ("Rating:", "Sort by:", "Filter:") stand before a control, not
      // before kept text (as a specification's "Lining:" does).
      const std::string& text = segments_[i].block.text;
      if ((type_ == PageType::Product || type_ == PageType::Collection) && text.ends_with(':') &&
          count_words(text) <= 3 && segments_[i].block.kind == Block::Kind::Paragraph &&
          (i + 1 == keep_.size() || !keep_[i + 1])) {
        keep_[i] = 0;
      }
    }
  }

  // "5 Likes", "12 replies": a number, then a word.
  static bool starts_with_count(std::string_view text) {
    size_t digits = 0;
    while (digits < text.size() && text[digits] >= '0' && text[digits] <= '9') ++digits;
    return digits > 0 && digits + 1 < text.size() && text[digits] == ' ' &&
           std::isalpha(static_cast<unsigned char>(text[digits + 1]));
  }

  // "Posts: 7": up to three words, a colon, then a value, eight words in all at most.
  static bool is_label_and_value(std::string_view text) {
    size_t colon = text.find(':');
    if (colon == std::string_view::npos || colon == 0 || colon + 1 >= text.size()) return false;
    return count_words(text.substr(0, colon)) <= 3 && count_words(text) <= 8;
  }

  // What hides itself (the `hidden` attribute, `aria-hidden`, an inline `display:none`) is never
  // text, whatever it reads like; what a stylesheet or a script folds (a tab panel, an accordion)
  // is not marked so, and is judged as the rest.
  void drop_hidden() {
    if (type_ != PageType::Article) return;
    for (size_t i = 0; i < rows_.size(); ++i) {
      if (has(rows_[i], kBlock_removed_hidden)) keep_[i] = 0;
    }
  }

  // A block that is mostly links into the page itself ("#retry-policy-options") is a table of
  // contents (on the odd half of the corpus: neutral).
  void drop_tables_of_contents() {
    for (size_t i = 0; i < rows_.size(); ++i) {
      // (Prose whose words link to notes on the same page is not one: a sentence of 20 words.)
      if (count_words(segments_[i].block.text) >= 20 && has(rows_[i], kBlock_ends_sentence)) continue;
      if (rows_[i][kBlock_link_share] - rows_[i][kBlock_away_link_share] >= 0.8f) keep_[i] = 0;
    }
  }

  // A page is never emptied because the classifier doubts all of it (a shop's grid it has not
  // seen the like of): when it keeps under 300 characters, the blocks it believes at least half
  // as much as its best one join (on the odd half of the corpus: listings +0.03 F1).
  void never_empty() {
    int64_t kept = 0;
    float best = 0;
    for (size_t i = 0; i < rows_.size(); ++i) {
      if (keep_[i]) kept += segments_[i].chars;
      best = std::max(best, probabilities_[i]);
    }
    if (kept >= 300) return;
    const float floor = std::max(0.1f, best / 2);
    for (size_t i = 0; i < rows_.size(); ++i) {
      if (probabilities_[i] >= floor) keep_[i] = 1;
    }
  }

  // The title is metadata: its <h1> (or any block repeating it) is not text.
  void drop_title_repeats() {
    for (size_t i = 0; i < rows_.size(); ++i) {
      Block::Kind kind = segments_[i].block.kind;
      if (has(rows_[i], kBlock_title_equal) && (kind == Block::Kind::Heading || kind == Block::Kind::Paragraph)) keep_[i] = 0;
    }
  }

  // Ad labels, embed shortcodes and fine print are never text; in an article or a listing,
  // neither are bylines, datelines, vote counters and contact lines standing as blocks (a listing
  // is its cards' titles and teasers; a forum's post dates are text).
  void drop_residue() {
    const bool article = type_ == PageType::Article || type_ == PageType::Listing;
    const bool grid = type_ == PageType::Listing || type_ == PageType::Collection;
    for (size_t i = 0; i < rows_.size(); ++i) {
      const BlockFeatures& f = rows_[i];
      if (has(f, kBlock_is_ad_label) || has(f, kBlock_is_shortcode) || has(f, kBlock_is_fine_print)) keep_[i] = 0;
      // A listing's or a shop's counters ("15 products", "+6", "(212)") are not its items; its
      // prices ("69,00 €") are.
      if (grid && has(f, kBlock_is_counter) && !has(f, kBlock_has_price)) keep_[i] = 0;
      // Nor is a sidebar's widget ("About this blog") one of them.
      if (grid && has(f, kBlock_in_aside) && has(f, kBlock_any_sidebar)) keep_[i] = 0;
      // Nor are a forum's counters ("5 Likes", "2 replies") its posts.
      if (type_ == PageType::Forum && has(f, kBlock_is_counter) && !has(f, kBlock_is_dateline) &&
          starts_with_count(segments_[i].block.text)) {
        keep_[i] = 0;
      }
      // A listing's linked headline with its date ("<a>Park festival</a> <time>...") is an item,
      // not a dateline.
      const bool linked_item = type_ == PageType::Listing && f[kBlock_link_share] >= 0.3f;
      if (article && !linked_item &&
          (has(f, kBlock_is_byline) || has(f, kBlock_is_dateline) || has(f, kBlock_is_vote_counter) ||
           has(f, kBlock_is_email))) {
        keep_[i] = 0;
      }
    }
  }

  // A figure's caption, a photo box's text or a short centred line under an image, or a gallery's
  // or slideshow's slide text the heuristic removed as such.
  bool is_caption(size_t i) const {
    const BlockFeatures& f = rows_[i];
    return has(f, kBlock_removed_caption) || has(f, kBlock_caption_box) ||
           (has(f, kBlock_in_figure) && segments_[i].block.kind != Block::Kind::TableRow) ||
           (has(f, kBlock_removed_junk) && has(f, kBlock_near_caption));
  }

  // Captions and photo credits stay out of an article unless asked for (--keep-captions); then
  // those inside the article's span are kept.
  void judge_captions() {
    if (type_ != PageType::Article) return;
    auto [first, last] = kept_span();
    for (size_t i = 0; i < rows_.size(); ++i) {
      if (!is_caption(i)) continue;
      keep_[i] = options_.keep_captions && i > first && i < last ? 1 : 0;
    }
  }

  bool is_comment(size_t i) const {
    const BlockFeatures& f = rows_[i];
    return has(f, kBlock_any_comment) || has(f, kBlock_prop_comment);
  }

  // In an article, a box whose class says it holds other stories ("related", "more-from",
  // "recommended") is not the story, unless the classifier is sure of a block in it (on the odd
  // half of the corpus this costs nothing; the heuristic missed such boxes under new names).
  void drop_related_boxes() {
    if (type_ != PageType::Article) return;
    for (size_t i = 0; i < rows_.size(); ++i) {
      if (!has(rows_[i], kBlock_any_related) || probabilities_[i] >= kOverruleHeuristic) continue;
      // A paragraph of prose the heuristic kept is the story's, whatever a far ancestor is called.
      const bool prose = segments_[i].block.kind == Block::Kind::Paragraph && has(rows_[i], kBlock_ends_sentence) &&
                         count_words(segments_[i].block.text) >= 20 && has(rows_[i], kBlock_kept_by_heuristic) &&
                         !has(rows_[i], kBlock_near_related);
      if (!prose) keep_[i] = 0;
    }
  }

  // Reader comments are not the article: the comment sections the heuristic removed stay out, and
  // so does whatever it removed as junk after the article (reactions, related links, newsletter
  // boxes; on the odd half of the corpus this costs nothing). Asked for (--keep-comments), the
  // comment sections after the article are kept instead.
  void judge_comments() {
    if (type_ != PageType::Article) return;
    auto [first, last] = kept_span();
    (void)first;
    for (size_t i = 0; i < rows_.size(); ++i) {
      const BlockFeatures& f = rows_[i];
      if (options_.keep_comments && is_comment(i)) {
        if (i > last && f[kBlock_link_share] < 0.5f) keep_[i] = 1;
      } else if (has(f, kBlock_removed_junk) && !has(f, kBlock_kept_by_heuristic) &&
                 (is_comment(i) || has(f, kBlock_after_chosen))) {
        keep_[i] = 0;
      }
    }
  }

  // A data table is whole or absent: rows of one table are kept together when most of them, or
  // the rows the article heuristic kept inside the text, are.
  void keep_tables_whole() {
    auto [first, last] = kept_span();
    for (size_t i = 0; i < segments_.size();) {
      const Block& b = segments_[i].block;
      if (b.kind != Block::Kind::TableRow) {
        ++i;
        continue;
      }
      size_t end = i;
      int kept = 0, rows = 0;
      bool heuristic_inside = false;
      while (end < segments_.size() && segments_[end].block.kind == Block::Kind::TableRow &&
             segments_[end].block.group == b.group) {
        kept += keep_[end];
        ++rows;
        heuristic_inside |= has(rows_[end], kBlock_kept_by_heuristic) && end > first && end < last;
        ++end;
      }
      bool whole = 2 * kept > rows || heuristic_inside;
      for (size_t k = i; k < end; ++k) keep_[k] = whole ? 1 : 0;
      i = end;
    }
  }

  // In a document or on a service page, a heading between kept blocks whose next block is kept
  // text titles that text ("Inspecting retries" over its paragraph, an FAQ's question over its
  // answer), even where the classifier doubts it (a heading alone looks like a menu's line).
  // (Neutral on the corpus's documents; -0.001 on its service pages, whose references often leave
  // FAQ questions out: the contract keeps every section whole.)
  void keep_headings_leading_into_text() {
    if (type_ != PageType::Documentation && type_ != PageType::Service) return;
    auto [first, last] = kept_span();
    if (first == std::string::npos) return;
    for (size_t i = first > 0 ? first - 1 : 0; i < last; ++i) {
      const BlockFeatures& f = rows_[i];
      const Block& b = segments_[i].block;
      if (keep_[i] || b.kind != Block::Kind::Heading || f[kBlock_link_share] >= 0.5f || has(f, kBlock_title_equal) ||
          has(f, kBlock_title_overlap)) {
        continue;
      }
      if (keep_[i + 1] && segments_[i + 1].block.kind != Block::Kind::Heading) keep_[i] = 1;
    }
  }

  // In an article or a document, a heading with nothing kept under it (the next kept block is
  // a heading of its level or above, or there is none) introduced something that was removed (a
  // related-links box, a comment form).
  // On a product page, only a heading that ends the text leads nowhere ("You might also like"
  // over a removed carousel). (Neutral on products; on other types, whose headings often title a
  // grid's cards, -0.001.)
  void drop_headings_leading_nowhere() {
    const bool prose = type_ == PageType::Article || type_ == PageType::Documentation;
    const Block* next = nullptr;  // the next kept block
    bool last_dropped = false;
    const size_t first = kept_span().first;
    for (size_t i = segments_.size(); i-- > 0;) {
      if (!keep_[i]) continue;
      const Block& b = segments_[i].block;
      if (b.kind == Block::Kind::Heading && (prose || (type_ == PageType::Product && !last_dropped && i > first)) &&
          (next == nullptr || (prose && next->kind == Block::Kind::Heading && next->level <= b.level))) {
        last_dropped = true;
        keep_[i] = 0;
        continue;
      }
      next = &b;
    }
  }

  // First and last kept block (npos, 0 when none).
  std::pair<size_t, size_t> kept_span() const {
    size_t first = std::string::npos, last = 0;
    for (size_t i = 0; i < keep_.size(); ++i) {
      if (!keep_[i]) continue;
      if (first == std::string::npos) first = i;
      last = i;
    }
    return {first, last};
  }

  const std::vector<Segment>& segments_;
  const std::vector<BlockFeatures>& rows_;
  const std::vector<BlockPlace>& places_;
  const std::vector<float>& probabilities_;
  PageType type_;
  const CleanOptions& options_;
  std::vector<uint8_t>& keep_;
  std::vector<uint8_t> voted_ = std::vector<uint8_t>(keep_.size(), 0);  // decided by its template slot
};

// A product page built by scripts often shows no description, while its JSON-LD Product holds
// it: then the description opens the text.
void add_unseen_description(std::vector<Block>& blocks, const std::string& description) {
  if (count_words(description) < 8) return;
  std::string folded = fold_text(description);
  std::string shown;
  for (const Block& b : blocks) shown += fold_text(b.text) + " ";
  if (shown.find(folded.substr(0, std::min<size_t>(folded.size(), 80))) != std::string::npos) return;
  Block b;
  b.text = description;
  blocks.insert(blocks.begin(), std::move(b));
}

}  // namespace

MainContent find_main_content(const Dom& dom, const PageAnalysis& pa, const Metadata& meta, const LdText& ld,
                              const RenderContext& context, const HeuristicChoice& heuristic, PageInspection* inspect) {
  MainContent out;
  int32_t heuristic_chars = 0;
  for (const Block& b : heuristic.blocks) heuristic_chars += visible_chars(b.text);
  ArticleHint hint{heuristic_chars, heuristic.choice.is_listing};
  std::vector<Segment> segments = segment_page(dom, pa.segment_view(), context);
  const std::string& page_url = meta.url.empty() ? meta.canonical_url : meta.url;
  const std::vector<std::string> item_types = microdata_types(dom);
  const std::vector<uint32_t> class_words = class_words_of_page(dom);
  PageFeatures page =
      compute_page_features(dom, pa, {page_url, ld.types, item_types, og_type(dom), segments, class_words, hint});
  out.type_probabilities = page_type_probabilities(page);
  out.type = most_likely_type(out.type_probabilities, page);

  BlockContext block_context{dom,         pa,   meta,
                             context.tuning, heuristic.choice.roots, heuristic.blocks,
                             class_words, page, out.type_probabilities};
  std::vector<BlockPlace> places;
  std::vector<BlockFeatures> rows = compute_block_features(segments, block_context, &places);
  const float threshold = block_threshold(context.options.focus);
  // A model fitted on other features (only while refitting: a unit test holds them equal) keeps
  // what the heuristic kept.
  static const bool matches = block_model_matches();
  if (!matches) out.blocks = heuristic.blocks;
  if (matches) {
    std::vector<float> probabilities(segments.size());
    std::vector<uint8_t> keep(segments.size(), 0);
    for (size_t i = 0; i < segments.size(); ++i) {
      probabilities[i] = forest_probability(fitted::kBlockModel, rows[i]);
      keep[i] = probabilities[i] >= threshold;
    }
    ContentRules(segments, rows, places, probabilities, out.type, context.options, keep).apply();
    for (size_t i = 0; i < segments.size(); ++i) {
      if (!keep[i]) continue;
      out.blocks.push_back(inspect != nullptr ? segments[i].block : std::move(segments[i].block));
      // A teaser's trailing "Read more" link is not its text.
      if (segments[i].link_chars > 0) strip_read_more_tail(out.blocks.back().text);
    }
    if (out.type == PageType::Product) add_unseen_description(out.blocks, ld.product_description);
    if (inspect != nullptr) {
      inspect->probabilities = std::move(probabilities);
      inspect->kept = std::move(keep);
    }
  }
  if (inspect != nullptr) {
    inspect->page = page;
    inspect->type_probabilities = out.type_probabilities;
    inspect->segments = std::move(segments);
    inspect->blocks = std::move(rows);
    inspect->places = std::move(places);
  }
  return out;
}

}  // namespace winnow::clean
