#include "clean/extract.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <string>

#include "clean/language.h"
#include "clean/main_content.h"
#include "clean/links.h"
#include "clean/meta_text.h"
#include "clean/metadata.h"
#include "clean/normalize.h"
#include "clean/site_rules.h"

namespace winnow::clean {

namespace {

bool is_paragraph_like(GumboTag tag) {
  switch (tag) {
    case GUMBO_TAG_P: case GUMBO_TAG_PRE: case GUMBO_TAG_LI: case GUMBO_TAG_BLOCKQUOTE:
    case GUMBO_TAG_DD: case GUMBO_TAG_DT: case GUMBO_TAG_H1: case GUMBO_TAG_H2: case GUMBO_TAG_H3:
    case GUMBO_TAG_H4: case GUMBO_TAG_H5: case GUMBO_TAG_H6: case GUMBO_TAG_ADDRESS:
      return true;
    default:
      return false;
  }
}

// Commas in the scripts we serve: a comma-rich block reads like prose, whatever the language.
int count_commas(std::string_view text) {
  int n = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    if (c == ',') ++n;
    else if (c == 0xEF && i + 2 < text.size() && static_cast<unsigned char>(text[i + 1]) == 0xBC &&
             static_cast<unsigned char>(text[i + 2]) == 0x8C) ++n;  // U+FF0C fullwidth comma
    else if (c == 0xE3 && i + 2 < text.size() && static_cast<unsigned char>(text[i + 1]) == 0x80 &&
             static_cast<unsigned char>(text[i + 2]) == 0x81) ++n;  // U+3001 ideographic comma
    else if (c == 0xD8 && i + 1 < text.size() && static_cast<unsigned char>(text[i + 1]) == 0x8C) ++n;  // U+060C
  }
  return n;
}

// A starting bias per element kind: containers are likelier article roots than list items.
double tag_bias(GumboTag tag) {
  switch (tag) {
    case GUMBO_TAG_ARTICLE: return 10;
    case GUMBO_TAG_MAIN: case GUMBO_TAG_DIV: case GUMBO_TAG_SECTION: return 5;
    case GUMBO_TAG_TD: case GUMBO_TAG_PRE: case GUMBO_TAG_BLOCKQUOTE: return 3;
    case GUMBO_TAG_OL: case GUMBO_TAG_UL: case GUMBO_TAG_DL: case GUMBO_TAG_DD: case GUMBO_TAG_DT:
    case GUMBO_TAG_LI: case GUMBO_TAG_FORM: return -3;
    case GUMBO_TAG_H1: case GUMBO_TAG_H2: case GUMBO_TAG_H3: case GUMBO_TAG_H4: case GUMBO_TAG_H5:
    case GUMBO_TAG_H6: case GUMBO_TAG_TH: return -5;
    default: return 0;
  }
}

double class_bias(const Dom& dom, NodeId id) {
  if (dom.attr(id, "itemprop") == "articleBody") return 50;
  switch (judge_class_words(dom, id)) {
    case ClassVerdict::Content: return 25;
    case ClassVerdict::WeakJunk: case ClassVerdict::StrongJunk: return -25;
    default: return 0;
  }
}

// The nearest ancestor-or-self that starts a block: text is credited to it.
NodeId block_owner(const Dom& dom, NodeId text_node) {
  NodeId p = dom[text_node].parent;
  while (p != kNoNode && !is_block_tag(dom[p].tag)) p = dom[p].parent;
  return p;
}

struct OwnText {
  std::vector<int32_t> chars;
  std::vector<int32_t> commas;
};

// Credits every visible text node to its block owner.
OwnText collect_own_text(const Dom& dom, const PageAnalysis& pa) {
  OwnText own;
  own.chars.assign(static_cast<size_t>(dom.size()), 0);
  own.commas.assign(static_cast<size_t>(dom.size()), 0);
  NodeId body = dom.body() != kNoNode ? dom.body() : 0;
  if (dom.size() == 0) return own;
  for (NodeId id = body; id < dom[body].end;) {
    const Node& n = dom[id];
    if (!n.is_text) {
      id = pa.removed[static_cast<size_t>(id)] ? n.end : id + 1;
      continue;
    }
    NodeId owner = block_owner(dom, id);
    if (owner != kNoNode) {
      std::string_view t = dom.text(id);
      own.chars[static_cast<size_t>(owner)] += n.visible_chars();
      own.commas[static_cast<size_t>(owner)] += count_commas(t);
    }
    ++id;
  }
  return own;
}

// An article split into sections or steps scores as several near-equal candidates: when enough
// of them share an ancestor of the best one, that ancestor is the article.
NodeId promote_to_common_ancestor(const Dom& dom, const std::vector<double>& final_score, NodeId top,
                                  const ExtractTuning& tuning) {
  double top_score = final_score[static_cast<size_t>(top)];
  std::vector<NodeId> alternatives;
  for (NodeId id = 0; id < dom.size(); ++id) {
    if (id != top && final_score[static_cast<size_t>(id)] >= tuning.alternative_score_share * top_score) {
      alternatives.push_back(id);
    }
  }
  if (alternatives.size() < static_cast<size_t>(tuning.min_alternatives)) return top;
  for (NodeId a = dom[top].parent; a != kNoNode && dom[a].tag != GUMBO_TAG_BODY; a = dom[a].parent) {
    int inside = 0;
    for (NodeId alt : alternatives) {
      if (alt > a && alt < dom[a].end && !(alt >= top && alt < dom[top].end)) ++inside;
    }
    if (inside >= tuning.min_alternatives) return a;
  }
  return top;
}

// "<div id=read-more><a>Read more</a><div id=read-more-content>...": a wrapper that adds almost
// nothing to the best candidate is the candidate. Its siblings, not the candidate's, are where
// the rest of the article continues.
NodeId climb_thin_wrappers(const Dom& dom, const PageAnalysis& pa, NodeId top, NodeId limit,
                           const ExtractTuning& tuning) {
  for (NodeId p = dom[top].parent; p != kNoNode && top != limit; p = dom[p].parent) {
    GumboTag tag = dom[p].tag;
    if (tag == GUMBO_TAG_BODY || tag == GUMBO_TAG_HTML || pa.removed[static_cast<size_t>(p)]) break;
    int32_t own = pa.text_of(dom, top);
    int32_t extra = pa.text_of(dom, p) - own;
    int32_t extra_words = extra - (pa.link_of(dom, p) - pa.link_of(dom, top));  // outside links
    if (extra > std::max<int32_t>(tuning.thin_wrapper_chars, own / 10) || extra_words > tuning.thin_wrapper_chars / 5) break;
    top = p;
  }
  return top;
}

// Templates that interrupt an article with figures or ads often repeat the body's wrapper for
// every part ("post__content" ... figure ... "post__content"): other elements with the top
// candidate's tag and class that read like prose are parts of the same article.
void add_same_class_parts(const Dom& dom, const PageAnalysis& pa, const std::vector<double>& final_score, NodeId top,
                          double threshold, const ExtractTuning& tuning, std::vector<NodeId>& roots) {
  // The first class names the component; later ones often number the part ("story-body-2").
  auto first_class = [&](NodeId id) { return dom.first_class(id); };
  std::string_view cls = first_class(top);
  if (cls.empty()) return;
  auto inside_roots = [&](NodeId id) {
    for (NodeId r : roots) {
      if (id >= r && id < dom[r].end) return true;
    }
    return false;
  };
  size_t before = roots.size();
  for (NodeId id = 0; id < dom.size(); ++id) {
    const Node& n = dom[id];
    if (n.is_text) continue;
    if (pa.removed[static_cast<size_t>(id)]) {
      id = n.end - 1;
      continue;
    }
    if (n.tag != dom[top].tag || first_class(id) != cls || inside_roots(id)) continue;
    bool prose = pa.text_of(dom, id) >= tuning.sibling_paragraph_min_chars &&
                 pa.link_density(dom, id) < tuning.sibling_paragraph_max_link_density;
    if (prose || final_score[static_cast<size_t>(id)] >= threshold) {
      roots.push_back(id);
      id = n.end - 1;
    }
  }
  if (roots.size() == before) return;
  std::sort(roots.begin(), roots.end());
  // Keep only outermost roots: a part inside another would render twice.
  std::vector<NodeId> outer;
  for (NodeId r : roots) {
    if (outer.empty() || r >= dom[outer.back()].end) outer.push_back(r);
  }
  roots = std::move(outer);
}

NodeId find_marked_article_body(const Dom& dom, const PageAnalysis& pa, const ExtractTuning& tuning) {
  NodeId best = kNoNode;
  for (NodeId id = 0; id < dom.size(); ++id) {
    if (dom[id].is_text) continue;
    if (pa.removed[static_cast<size_t>(id)]) {
      id = dom[id].end - 1;
      continue;
    }
    if (dom.attr(id, "itemprop") != "articleBody") continue;
    if (pa.text_of(dom, id) >= tuning.min_article_chars && pa.link_density(dom, id) < tuning.max_container_link_density &&
        (best == kNoNode || pa.text_of(dom, id) > pa.text_of(dom, best))) {
      best = id;
    }
  }
  return best;
}

// A heading whose text is a link to another page: the headline of a teaser card.
bool is_linked_headline(const Dom& dom, const PageAnalysis& pa, NodeId id) {
  GumboTag tag = dom[id].tag;
  if (tag < GUMBO_TAG_H1 || tag > GUMBO_TAG_H4 || pa.removed[static_cast<size_t>(id)]) return false;
  int32_t chars = pa.text_of(dom, id);
  if (chars == 0 || pa.link_of(dom, id) * 10 < chars * 9) return false;
  NodeId a = dom.find_tag(GUMBO_TAG_A, id);
  if (a == kNoNode) {
    for (NodeId p = dom[id].parent; p != kNoNode && a == kNoNode; p = dom[p].parent) {
      if (dom[p].tag == GUMBO_TAG_A) a = p;
    }
  }
  return a != kNoNode && !dom.attr(a, "href").starts_with("#");
}

// "The best block is one card among many": walking up from the best candidate, an ancestor
// whose children are mostly teaser cards (each with a linked headline), where the candidate's
// own card holds only a small share of the text, is a listing page.
bool is_card_among_cards(const Dom& dom, const PageAnalysis& pa, NodeId top, const ExtractTuning& tuning) {
  std::vector<int32_t> headlines(static_cast<size_t>(dom.size()) + 1, 0);
  for (NodeId id = 0; id < dom.size(); ++id) {
    bool h = !dom[id].is_text && is_linked_headline(dom, pa, id);
    headlines[static_cast<size_t>(id) + 1] = headlines[static_cast<size_t>(id)] + (h ? 1 : 0);
  }
  auto headlines_in = [&](NodeId id) {
    return headlines[static_cast<size_t>(dom[id].end)] - headlines[static_cast<size_t>(id)];
  };
  // The best block may be the grid itself: most of its text in short cards, each a linked
  // headline with a teaser.
  int cards = 0;
  int32_t card_text = 0, biggest = 0;
  for (NodeId c = dom[top].first_child; c != kNoNode; c = dom[c].next_sibling) {
    if (dom[c].is_text || pa.removed[static_cast<size_t>(c)] || headlines_in(c) == 0) continue;
    ++cards;
    card_text += pa.text_of(dom, c);
    biggest = std::max(biggest, pa.text_of(dom, c));
  }
  int32_t top_text = pa.text_of(dom, top);
  if (cards >= tuning.min_listing_cards && card_text * 10 >= top_text * 6 &&
      biggest < tuning.max_card_text_share * top_text && card_text / cards <= tuning.max_teaser_card_chars) {
    return true;
  }
  NodeId child = top;
  for (NodeId a = dom[top].parent; a != kNoNode && dom[a].tag != GUMBO_TAG_HTML; child = a, a = dom[a].parent) {
    int cards = 0;
    for (NodeId c = dom[a].first_child; c != kNoNode; c = dom[c].next_sibling) {
      if (!dom[c].is_text && !pa.removed[static_cast<size_t>(c)] && headlines_in(c) > 0) ++cards;
    }
    if (cards >= tuning.min_listing_cards) {
      return headlines_in(child) > 0 && pa.text_of(dom, child) < tuning.max_card_text_share * pa.text_of(dom, a);
    }
  }
  return false;
}

// A home page whose teasers sit in lists and rails rather than a card grid: the chosen blocks
// are link-heavy and most of their headings are links to other pages.
bool is_headline_list(const Dom& dom, const PageAnalysis& pa, const std::vector<NodeId>& roots,
                      const ExtractTuning& tuning) {
  int headings = 0, linked = 0;
  int32_t text = 0, link = 0;
  for (NodeId root : roots) {
    text += pa.text_of(dom, root);
    link += pa.link_of(dom, root);
    for (NodeId id = root; id < dom[root].end; ++id) {
      if (dom[id].is_text) continue;
      if (pa.removed[static_cast<size_t>(id)]) {
        id = dom[id].end - 1;
        continue;
      }
      GumboTag tag = dom[id].tag;
      if (tag < GUMBO_TAG_H1 || tag > GUMBO_TAG_H4) continue;
      ++headings;
      if (is_linked_headline(dom, pa, id)) ++linked;
    }
  }
  return linked >= tuning.min_listing_headlines && 3 * linked >= headings &&
         link >= tuning.min_listing_link_density * text;
}

bool contains(const Dom& dom, NodeId outer, NodeId inner) { return inner >= outer && inner < dom[outer].end; }

// The smallest element around a heading that repeats the page's <title> and holding several
// prose paragraphs: the story the page is about.
NodeId story_under_title(const Dom& dom, const PageAnalysis& pa, const ExtractTuning& tuning) {
  for (NodeId h : pa.title_headings) {
    // The headline's own header box may be gone as chrome; what holds it and the prose may not.
    for (NodeId a = dom[h].parent; a != kNoNode && dom[a].tag != GUMBO_TAG_BODY; a = dom[a].parent) {
      if (pa.prose_of(dom, a) < tuning.prose_paragraphs_kept) continue;
      return pa.removed[static_cast<size_t>(a)] ? kNoNode : a;
    }
  }
  return kNoNode;
}

}  // namespace

ArticleChoice choose_article(const Dom& dom, const PageAnalysis& pa, const ExtractTuning& tuning) {
  if (dom.size() == 0) return {};
  OwnText own = collect_own_text(dom, pa);
  std::vector<double> score(static_cast<size_t>(dom.size()), 0.0);
  std::vector<uint8_t> scored(static_cast<size_t>(dom.size()), 0);
  auto credit = [&](NodeId id, double s) {
    if (!scored[static_cast<size_t>(id)]) {
      scored[static_cast<size_t>(id)] = 1;
      score[static_cast<size_t>(id)] = tag_bias(dom[id].tag) + class_bias(dom, id);
    }
    score[static_cast<size_t>(id)] += s;
  };
  for (NodeId id = 0; id < dom.size(); ++id) {
    int32_t chars = own.chars[static_cast<size_t>(id)];
    if (chars < tuning.min_scored_block_chars) continue;
    double s = 1.0 + own.commas[static_cast<size_t>(id)] + std::min(3.0, chars / 100.0);
    NodeId target = is_paragraph_like(dom[id].tag) ? dom[id].parent : id;
    for (int level = 0; target != kNoNode && level < 5; ++level, target = dom[target].parent) {
      if (dom[target].tag == GUMBO_TAG_HTML) break;
      double divider = level == 0 ? 1.0 : level == 1 ? 2.0 : level * 3.0;
      credit(target, s / divider);
    }
  }
  NodeId top = kNoNode;
  double top_score = 0;
  std::vector<double> final_score(static_cast<size_t>(dom.size()), 0.0);
  for (NodeId id = 0; id < dom.size(); ++id) {
    if (!scored[static_cast<size_t>(id)]) continue;
    double f = score[static_cast<size_t>(id)] * (1.0 - pa.link_density(dom, id));
    final_score[static_cast<size_t>(id)] = f;
    if (f > top_score) {
      top_score = f;
      top = id;
    }
  }
  // Nothing scored (tiny pages, bare text in <body>): the body is all there is.
  if (top == kNoNode) return {{dom.body() != kNoNode ? dom.body() : 0}, false};
  NodeId limit = kNoNode;  // the article does not grow past this element
  // The story under the page's own headline beats a bigger block elsewhere (a home page's
  // stream behind a story opened over it).
  if (NodeId story = story_under_title(dom, pa, tuning); story != kNoNode && !contains(dom, story, top) &&
                                                           !contains(dom, top, story) &&
                                                           4 * pa.text_of(dom, story) >= pa.text_of(dom, top)) {
    NodeId best = kNoNode;
    for (NodeId id = story; id < dom[story].end; ++id) {
      if (scored[static_cast<size_t>(id)] && (best == kNoNode || final_score[static_cast<size_t>(id)] > final_score[static_cast<size_t>(best)])) best = id;
    }
    if (best != kNoNode) {
      top = best;
      top_score = final_score[static_cast<size_t>(best)];
      limit = story;
    }
  }
  if (is_card_among_cards(dom, pa, top, tuning)) return {{}, true};

  // A body marked up as such (schema.org articleBody) beats any score: galleries and comment
  // threads can outscore a short story.
  NodeId marked = find_marked_article_body(dom, pa, tuning);
  if (marked != kNoNode) {
    // What joins the marked body is judged against it, not against the gallery it beat.
    top = marked;
    top_score = final_score[static_cast<size_t>(top)];
  } else {
    top = promote_to_common_ancestor(dom, final_score, top, tuning);
    if (limit != kNoNode && !contains(dom, limit, top)) top = limit;
    top_score = std::max(top_score, final_score[static_cast<size_t>(top)]);
    top = climb_thin_wrappers(dom, pa, top, limit, tuning);
  }

  // Siblings continue the article when they score well or read like its paragraphs: bodies
  // split into several sections, or paragraphs interleaved with ads.
  std::vector<NodeId> roots;
  NodeId parent = dom[top].parent;
  if (parent == kNoNode) return {{top}, false};
  double threshold = std::max(tuning.sibling_min_score, top_score * tuning.sibling_score_share);
  for (NodeId s = dom[parent].first_child; s != kNoNode; s = dom[s].next_sibling) {
    if (s == top) {
      roots.push_back(s);
      continue;
    }
    if (dom[s].is_text || pa.removed[static_cast<size_t>(s)]) continue;
    // A sibling scoring above the article (chosen by markup or headline over the best score) is
    // the block it was preferred to, not its continuation.
    if (final_score[static_cast<size_t>(s)] > top_score) continue;
    bool join = scored[static_cast<size_t>(s)] && final_score[static_cast<size_t>(s)] >= threshold;
    bool paragraph = is_paragraph_like(dom[s].tag);
    if (!join) {
      // Paragraphs, and containers deep enough that their paragraphs' scores never reached
      // them (page builders nest every part a dozen levels down), join when they read as prose.
      int32_t chars = pa.text_of(dom, s);
      double ld = pa.link_density(dom, s);
      int32_t min_chars = paragraph ? tuning.sibling_paragraph_min_chars : tuning.sibling_container_min_chars;
      // Prose or a table, not a cloud of short labels (a video player's menus).
      NodeId table = dom[s].tag == GUMBO_TAG_TABLE ? s : dom.find_tag(GUMBO_TAG_TABLE, s);
      bool tabular = table != kNoNode && 2 * pa.text_of(dom, table) >= chars;
      bool prose = paragraph || pa.prose_of(dom, s) > 0 || tabular;
      join = prose && chars >= min_chars && ld < tuning.sibling_paragraph_max_link_density;
    }
    if (join) roots.push_back(s);
  }
  add_same_class_parts(dom, pa, final_score, top, threshold, tuning, roots);
  if (is_headline_list(dom, pa, roots, tuning)) return {{}, true};
  return {roots, false};
}

std::vector<NodeId> sweep_paragraphs(const Dom& dom, const PageAnalysis& pa, const ExtractTuning& tuning) {
  std::vector<NodeId> out;
  if (dom.size() == 0) return out;
  NodeId body = dom.body() != kNoNode ? dom.body() : 0;
  for (NodeId id = body; id < dom[body].end;) {
    const Node& n = dom[id];
    if (n.is_text || pa.removed[static_cast<size_t>(id)]) {
      id = n.is_text ? id + 1 : n.end;
      continue;
    }
    if (is_paragraph_like(n.tag) && n.tag != GUMBO_TAG_LI &&
        pa.text_of(dom, id) >= tuning.sibling_paragraph_min_chars &&
        pa.link_density(dom, id) < tuning.sibling_paragraph_max_link_density) {
      out.push_back(id);
      id = n.end;
      continue;
    }
    ++id;
  }
  return out;
}

namespace {

int32_t blocks_chars(const std::vector<Block>& blocks) {
  int32_t n = 0;
  for (const Block& b : blocks) n += visible_chars(b.text);
  return n;
}

}  // namespace

ExtractTuning tuning_for(Focus focus) {
  ExtractTuning t;
  switch (focus) {
    case Focus::Balanced: break;
    case Focus::Precision:
      // Only what is surely the article: link-heavy blocks go sooner, neighbours must earn
      // their place, and weak junk signals are trusted on bigger elements.
      t.max_container_link_density = 0.35;
      t.max_list_link_density = 0.4;
      t.sibling_score_share = 0.35;
      t.sibling_paragraph_min_chars = 150;
      t.sibling_paragraph_max_link_density = 0.1;
      t.protected_text_share = 0.7;
      t.prose_paragraphs_kept = 5;
      break;
    case Focus::Recall:
      // Rather a stray block than a lost paragraph: link-heavy blocks and neighbours stay, and
      // weak junk signals do not remove anything holding prose.
      t.max_container_link_density = 0.65;
      t.max_list_link_density = 0.8;
      t.sibling_score_share = 0.1;
      t.sibling_paragraph_min_chars = 40;
      t.sibling_paragraph_max_link_density = 0.4;
      t.alternative_score_share = 0.5;
      t.min_alternatives = 2;
      t.protected_text_share = 0.3;
      t.prose_paragraphs_kept = 2;
      break;
  }
  return t;
}

namespace {

bool names_comments(std::string_view word_source) {
  static constexpr std::string_view kCommentWords[] = {"comment", "koment", "kommentar", "disqus", "replies"};
  std::string lower(word_source);
  for (char& c : lower) c = metatext::lower(c);
  for (std::string_view w : kCommentWords) {
    if (lower.find(w) != std::string::npos) return true;
  }
  return false;
}

// Reader comments, for --keep-comments: the outermost comment sections outside the article.
std::vector<NodeId> find_comment_sections(const Dom& dom, const PageAnalysis& pa, const std::vector<NodeId>& roots) {
  std::vector<NodeId> out;
  auto inside_roots = [&](NodeId id) {
    for (NodeId r : roots) {
      if (id >= r && id < dom[r].end) return true;
      if (r >= id && r < dom[id].end) return true;  // an ancestor of the article is no section
    }
    return false;
  };
  for (NodeId id = 0; id < dom.size(); ++id) {
    if (dom[id].is_text) continue;
    if (pa.removed[static_cast<size_t>(id)]) {
      id = dom[id].end - 1;
      continue;
    }
    if (pa.text_of(dom, id) == 0 || inside_roots(id)) continue;
    if (names_comments(dom.attr(id, "id")) || names_comments(dom.attr(id, "class"))) {
      out.push_back(id);
      id = dom[id].end - 1;
    }
  }
  return out;
}

}  // namespace

// JSON-LD articleBody as blocks, one paragraph a line. Some sites put HTML in it: that is parsed,
// and its block elements and <br>s start new lines.
std::vector<Block> blocks_from_ld_body(std::string_view body) {
  std::string text;
  if (body.find('<') == std::string_view::npos) {
    text = body;
  } else {
    Dom fragment(body);
    for (NodeId id = 0; id < fragment.size(); ++id) {
      const Node& n = fragment[id];
      if (n.is_text) {
        text += fragment.text(id);
      } else if (n.tag == GUMBO_TAG_SCRIPT || n.tag == GUMBO_TAG_STYLE || n.tag == GUMBO_TAG_HEAD) {
        id = n.end - 1;
      } else if (is_block_tag(n.tag)) {
        text += '\n';
      }
    }
  }
  std::vector<Block> blocks;
  size_t start = 0;
  while (start <= text.size()) {
    size_t nl = text.find('\n', start);
    std::string_view line = std::string_view(text).substr(start, nl == std::string::npos ? std::string::npos : nl - start);
    Block b;
    bool pending = false;
    append_collapsed(b.text, line, pending);
    if (!b.text.empty()) blocks.push_back(std::move(b));
    if (nl == std::string::npos) break;
    start = nl + 1;
  }
  return blocks;
}

// A site rule's keep selectors name the article: its outermost matches, in page order.
ArticleChoice kept_by_rule(const Dom& dom, const PageAnalysis& pa, const std::vector<NodeId>& keep) {
  ArticleChoice choice;
  for (NodeId id : keep) {
    if (pa.removed[static_cast<size_t>(id)]) continue;
    if (!choice.roots.empty() && id < dom[choice.roots.back()].end) continue;
    choice.roots.push_back(id);
  }
  return choice;
}

namespace {

// Start tags: an upper bound of the elements Gumbo will build from the tags themselves (it adds
// a few implied ones, such as html, head, body and tbody).
std::size_t start_tags(std::string_view html) {
  std::size_t count = 0;
  for (std::size_t at = html.find('<'); at != std::string_view::npos && at + 1 < html.size(); at = html.find('<', at + 1)) {
    char next = html[at + 1];
    count += (next >= 'a' && next <= 'z') || (next >= 'A' && next <= 'Z');
  }
  return count;
}

std::string with_thousands(std::size_t n) {
  std::string digits = std::to_string(n), out;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ' ';
    out += digits[i];
  }
  return out;
}

// Pages that build their text with scripts often still carry it whole in JSON-LD articleBody:
// it replaces a short text when it is much longer.
void prefer_ld_body(std::vector<Block>& blocks, std::string_view ld_body, const Metadata& meta, const ExtractTuning& tuning) {
  if (ld_body.empty() || blocks_chars(blocks) >= tuning.min_article_chars) return;
  std::vector<Block> from_ld = blocks_from_ld_body(ld_body);
  filter_blocks(from_ld, meta, tuning);
  int32_t chars = blocks_chars(from_ld);
  if (chars >= tuning.min_article_chars && chars > 2 * blocks_chars(blocks)) blocks = std::move(from_ld);
}

// An author and a publication date belong to a text: the bylines and dates on a listing's or a
// shop's cards are their items', and product and service pages have none (in the WCXB
// development corpus, 12 of these 446 pages have an author and 10 a date in the ground truth).
void drop_authorless_metadata(Metadata& meta, PageType type) {
  if (type == PageType::Listing || type == PageType::Collection || type == PageType::Product ||
      type == PageType::Service) {
    meta.author.clear();
    meta.date.clear();
  }
}

// The time budget of one page, looked at between stages.
class Budget {
 public:
  explicit Budget(std::chrono::milliseconds limit) : limit_(limit), start_(std::chrono::steady_clock::now()) {}
  void check(const char* stage) const {
    if (limit_.count() <= 0 || std::chrono::steady_clock::now() - start_ <= limit_) return;
    char seconds[32];
    std::snprintf(seconds, sizeof seconds, "%g", static_cast<double>(limit_.count()) / 1000.0);
    throw LimitExceeded(std::string("not cleaned: over the time budget of ") + seconds + " s (after " + stage + ")");
  }

 private:
  std::chrono::milliseconds limit_;
  std::chrono::steady_clock::time_point start_;
};

}  // namespace

std::string_view og_type(const Dom& dom) {
  if (dom.head() == kNoNode) return {};
  for (NodeId id = dom.head(); id < dom[dom.head()].end; ++id) {
    if (dom[id].is_text || dom[id].tag != GUMBO_TAG_META) continue;
    if (metatext::iequals(dom.attr(id, "property"), "og:type") || metatext::iequals(dom.attr(id, "name"), "og:type")) {
      return metatext::trim(dom.attr(id, "content"));
    }
  }
  return {};
}

Article clean_html(std::string_view html, std::string_view url, const CleanOptions& options) {
  return clean_page(html, url, options, nullptr);
}

Article clean_taken_html(std::string&& html, std::string_view url, const CleanOptions& options) {
  return clean_taken_page(std::move(html), url, options, nullptr);
}

namespace {

// The elements limit, before the page is parsed.
void check_elements(std::string_view html, const CleanOptions& options) {
  if (options.max_elements > 0) {
    if (std::size_t tags = start_tags(html); tags > options.max_elements) {
      throw LimitExceeded("not cleaned: " + with_thousands(tags) + " elements, over the limit of " +
                          with_thousands(options.max_elements));
    }
  }
}

Article clean_dom(const Dom& dom, const Budget& budget, std::string_view url, const CleanOptions& options,
                  PageInspection* inspect);

}  // namespace

Article clean_page(std::string_view html, std::string_view url, const CleanOptions& options, PageInspection* inspect) {
  check_elements(html, options);
  const Budget budget(options.time_budget);
  const Dom dom(html, options.prescan);
  return clean_dom(dom, budget, url, options, inspect);
}

Article clean_taken_page(std::string&& html, std::string_view url, const CleanOptions& options, PageInspection* inspect) {
  std::string markup = std::move(html);  // taken even when the page is refused
  check_elements(markup, options);
  const Budget budget(options.time_budget);
  const Dom dom(std::move(markup), options.prescan);
  return clean_dom(dom, budget, url, options, inspect);
}

namespace {

Article clean_dom(const Dom& dom, const Budget& budget, std::string_view url, const CleanOptions& options,
                  PageInspection* inspect) {
  static const ExtractTuning kTunings[] = {tuning_for(Focus::Balanced), tuning_for(Focus::Precision),
                                           tuning_for(Focus::Recall)};
  const ExtractTuning& tuning = kTunings[static_cast<int>(options.focus)];
  budget.check("parsing");
  Article article;
  LdText ld;
  article.meta = extract_metadata(dom, url, &ld);
  const std::string& ld_body = ld.article_body;
  if (options.collect_links) fill_page_links(dom, article);
  RuleMatch rule;
  if (options.site_rules != nullptr) {
    if (const CompiledRule* r = options.site_rules->for_host(article.meta.hostname)) rule = match_rule(dom, *r);
  }
  budget.check("metadata");
  // The classifiers read the analysis as they were fitted on it, without the options that keep
  // comments and captions (they apply those themselves, clean/main_content.cc); a site rule that
  // names the article is served by the heuristic alone.
  CleanOptions analysis_options = options;
  if (rule.keep.empty()) analysis_options.keep_comments = analysis_options.keep_captions = false;
  PageAnalysis pa = analyze_page(dom, tuning, analysis_options, rule.drop, rule.keep);
  budget.check("analysis");
  ArticleChoice choice = rule.keep.empty() ? choose_article(dom, pa, tuning) : kept_by_rule(dom, pa, rule.keep);
  budget.check("choosing the article");
  RenderContext context{tuning, options, link_base(dom, article.meta)};
  article.blocks = render_blocks(dom, pa, choice.roots, context);
  filter_blocks(article.blocks, article.meta, tuning);
  budget.check("rendering");
  // Without a site rule naming the article, a short result may mean the wrong block was chosen.
  bool sweep_allowed = rule.keep.empty() && (options.focus != Focus::Precision || article.blocks.empty());
  if (!choice.is_listing && sweep_allowed && blocks_chars(article.blocks) < tuning.min_article_chars) {
    std::vector<Block> swept = render_blocks(dom, pa, sweep_paragraphs(dom, pa, tuning), context);
    filter_blocks(swept, article.meta, tuning);
    if (blocks_chars(swept) > 2 * blocks_chars(article.blocks)) article.blocks = std::move(swept);
    budget.check("the paragraph sweep");
  }
  if (!choice.is_listing && rule.keep.empty()) prefer_ld_body(article.blocks, ld_body, article.meta, tuning);
  // Without a site rule naming the article, the classifiers judge every block of the page, the
  // heuristic's choice among what they weigh.
  if (rule.keep.empty()) {
    MainContent main = find_main_content(dom, pa, article.meta, ld, context, {choice, article.blocks}, inspect);
    article.page_type = main.type;
    drop_authorless_metadata(article.meta, main.type);
    article.blocks = std::move(main.blocks);
    prefer_ld_body(article.blocks, ld_body, article.meta, tuning);
    budget.check("classifying");
  }
  if (options.keep_comments && !rule.keep.empty() && !article.blocks.empty()) {
    std::vector<Block> comments = render_blocks(dom, pa, find_comment_sections(dom, pa, choice.roots), context);
    for (Block& b : comments) article.blocks.push_back(std::move(b));
    budget.check("comments");
  }
  for (Block& b : article.blocks) {
    b.text = to_nfc(std::move(b.text));
    for (std::string& c : b.cells) c = to_nfc(std::move(c));
    for (Link& l : b.links) l.text = to_nfc(std::move(l.text));
  }
  // Pages that do not say their language: the article's text tells.
  if (article.meta.language.empty() && !article.blocks.empty()) article.meta.language = detect_language(article.text());
  article.is_article = article.page_type == PageType::Article;
  if (options.articles_only && !article.is_article) article.blocks.clear();
  return article;
}

}  // namespace

}  // namespace winnow::clean
