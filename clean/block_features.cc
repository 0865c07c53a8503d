#include "clean/block_features.h"

#include <algorithm>
#include <cmath>
#include <functional>
#include <string>
#include <unordered_map>
#include <unordered_set>

#include "clean/meta_text.h"
#include "clean/normalize.h"

namespace winnow::clean {

const char* const kBlockFeatureNames[kBlockFeatureCount] = {
#define WINNOW_NAME(name) #name,
    WINNOW_BLOCK_FEATURES(WINNOW_NAME)
#undef WINNOW_NAME
};

namespace {

float log_count(double n) { return static_cast<float>(std::log1p(std::max(0.0, n))); }
float ratio(double part, double whole) { return whole > 0 ? static_cast<float>(std::min(1.0, part / whole)) : 0.0f; }
float flag(bool b) { return b ? 1.0f : 0.0f; }

// The elements a block sits in, one bit each, inherited from every ancestor.
enum Around : uint32_t {
  kInArticle = 1u << 0, kInMain = 1u << 1, kInHeader = 1u << 2, kInFooter = 1u << 3, kInAside = 1u << 4,
  kInForm = 1u << 5, kInNoscript = 1u << 6, kInButton = 1u << 7, kInLi = 1u << 8, kInTable = 1u << 9,
  kInFigure = 1u << 10, kInBlockquote = 1u << 11, kInLink = 1u << 12, kInDetails = 1u << 13,
  kInDialog = 1u << 14, kInSection = 1u << 15, kInDl = 1u << 16, kInLabel = 1u << 17, kHidden = 1u << 18,
  kAriaHidden = 1u << 19, kRoleChrome = 1u << 20, kRoleMain = 1u << 21, kPropBody = 1u << 22,
  kPropComment = 1u << 23, kPropProduct = 1u << 24, kPropPost = 1u << 25,
};

uint32_t tag_bits(GumboTag tag) {
  switch (tag) {
    case GUMBO_TAG_ARTICLE: return kInArticle;
    case GUMBO_TAG_MAIN: return kInMain;
    case GUMBO_TAG_HEADER: return kInHeader;
    case GUMBO_TAG_FOOTER: return kInFooter;
    case GUMBO_TAG_ASIDE: return kInAside;
    case GUMBO_TAG_FORM: return kInForm;
    case GUMBO_TAG_NOSCRIPT: return kInNoscript;
    case GUMBO_TAG_BUTTON: return kInButton;
    case GUMBO_TAG_LI: return kInLi;
    case GUMBO_TAG_TABLE: return kInTable;
    case GUMBO_TAG_FIGURE: return kInFigure;
    case GUMBO_TAG_BLOCKQUOTE: return kInBlockquote;
    case GUMBO_TAG_DETAILS: return kInDetails;
    case GUMBO_TAG_SECTION: return kInSection;
    case GUMBO_TAG_DL: return kInDl;
    case GUMBO_TAG_LABEL: return kInLabel;
    default: return 0;
  }
}

uint32_t attribute_bits(const Dom& dom, NodeId id) {
  uint32_t bits = 0;
  if (dom[id].tag == GUMBO_TAG_A && !dom.attr(id, "href").empty() && !dom.attr(id, "href").starts_with("#")) bits |= kInLink;
  if (hides_itself(dom, id)) bits |= kHidden;
  // Gumbo has no tag constant for <dialog>.
  if (dom[id].tag == GUMBO_TAG_UNKNOWN && dom.tag_name(id) == "dialog") bits |= kInDialog;
  if (metatext::iequals(dom.attr(id, "aria-hidden"), "true")) bits |= kAriaHidden;
  std::string_view role = dom.attr(id, "role");
  if (!role.empty()) {
    for (std::string_view r : {"navigation", "banner", "contentinfo", "complementary", "dialog", "alertdialog",
                               "menu", "menubar", "toolbar", "tablist", "search"}) {
      if (metatext::iequals(role, r)) bits |= kRoleChrome;
    }
    if (metatext::iequals(role, "main") || metatext::iequals(role, "article")) bits |= kRoleMain;
  }
  std::string_view prop = dom.attr(id, "itemprop");
  if (!prop.empty()) {
    if (metatext::iequals(prop, "articleBody") || metatext::iequals(prop, "text") ||
        metatext::iequals(prop, "description") || metatext::iequals(prop, "reviewBody")) {
      bits |= kPropBody;
    }
    if (metatext::icontains(prop, "comment")) bits |= kPropComment;
  }
  std::string_view type = dom.attr(id, "itemtype");
  if (!type.empty()) {
    if (metatext::icontains(type, "Comment")) bits |= kPropComment;
    if (metatext::icontains(type, "Product") || metatext::icontains(type, "Offer")) bits |= kPropProduct;
    if (metatext::icontains(type, "DiscussionForumPosting") || metatext::icontains(type, "Question") ||
        metatext::icontains(type, "Answer") || metatext::icontains(type, "SocialMediaPosting")) {
      bits |= kPropPost;
    }
  }
  return bits;
}

// Sentence ends: ". ", "! ", "? " and their CJK forms, and the block's own end.
int sentence_ends(std::string_view t) {
  int n = 0;
  for (size_t i = 0; i < t.size(); ++i) {
    char c = t[i];
    if ((c == '.' || c == '!' || c == '?') && (i + 1 == t.size() || t[i + 1] == ' ')) ++n;
    else if (static_cast<unsigned char>(c) == 0xE3 && i + 2 < t.size() && static_cast<unsigned char>(t[i + 1]) == 0x80 &&
             static_cast<unsigned char>(t[i + 2]) == 0x82) ++n;  // 。
  }
  return n;
}

bool ends_sentence(std::string_view t) {
  while (!t.empty() && (t.back() == ' ' || t.back() == '"' || t.back() == ')' || t.back() == '\'')) t.remove_suffix(1);
  if (t.empty()) return false;
  char c = t.back();
  return c == '.' || c == '!' || c == '?' || t.ends_with("\xE3\x80\x82") || t.ends_with("\xEF\xBC\x81") ||
         t.ends_with("\xEF\xBC\x9F");
}

bool has_year(std::string_view t) {
  for (size_t i = 0; i + 4 <= t.size(); ++i) {
    if ((t[i] == '1' && t[i + 1] == '9') || (t[i] == '2' && t[i + 1] == '0')) {
      if (metatext::is_digit(t[i + 2]) && metatext::is_digit(t[i + 3]) && (i == 0 || !metatext::is_digit(t[i - 1])) &&
          (i + 4 == t.size() || !metatext::is_digit(t[i + 4]))) {
        return true;
      }
    }
  }
  return false;
}

bool has_clock(std::string_view t) {
  for (size_t i = 1; i + 2 < t.size(); ++i) {
    if (t[i] == ':' && metatext::is_digit(t[i - 1]) && metatext::is_digit(t[i + 1]) && metatext::is_digit(t[i + 2])) return true;
  }
  return false;
}

// Children of one parent with the same tag and class (and some text): posts of a thread, cards of
// a grid, rows of a list. Per element: how many such siblings it has, itself included. The
// classifier's features compare first class words; the rules' template units (`by_component`)
// skip instance ids ("post-1234 post type-post" is a "post").
std::vector<int32_t> sibling_repeats(const Dom& dom, const PageAnalysis& pa, bool by_component) {
  std::vector<int32_t> repeats(static_cast<size_t>(dom.size()), 0);
  std::unordered_map<size_t, int32_t> counts;
  auto key = [&](NodeId c) {
    std::string_view cls = by_component ? dom.component_class(c) : dom.first_class(c);
    return std::hash<std::string_view>()(cls) * 31 + static_cast<size_t>(dom[c].tag);
  };
  for (NodeId parent = 0; parent < dom.size(); ++parent) {
    if (dom[parent].is_text || dom[parent].first_child == kNoNode) continue;
    counts.clear();
    for (NodeId c = dom[parent].first_child; c != kNoNode; c = dom[c].next_sibling) {
      if (!dom[c].is_text && pa.seg_text_of(dom, c) > 0) ++counts[key(c)];
    }
    for (NodeId c = dom[parent].first_child; c != kNoNode; c = dom[c].next_sibling) {
      if (!dom[c].is_text && pa.seg_text_of(dom, c) > 0) repeats[static_cast<size_t>(c)] = counts[key(c)];
    }
  }
  return repeats;
}

// A hash of the tags and classes from `unit` (exclusive) down to `owner`, the unit's parent, and
// the block kind: see BlockPlace::slot.
uint64_t template_slot(const Dom& dom, NodeId owner, NodeId unit, Block::Kind kind) {
  uint64_t h = 1469598103934665603ull;
  auto mix = [&](uint64_t v) { h = (h ^ v) * 1099511628211ull; };
  mix(static_cast<uint64_t>(kind));
  mix(static_cast<uint64_t>(dom[unit].parent));
  for (NodeId p = owner; p != kNoNode && p != unit; p = dom[p].parent) {
    mix(static_cast<uint64_t>(dom[p].tag));
    mix(std::hash<std::string_view>()(dom.component_class(p)));
  }
  return h;
}

void set_words(BlockFeatures& f, int first, uint32_t bits) {
  for (int w = 0; w < kWordCount; ++w) f[static_cast<size_t>(first + w)] = flag((bits >> w) & 1u);
}

}  // namespace

std::vector<BlockFeatures> compute_block_features(const std::vector<Segment>& segments, const BlockContext& context,
                                                  std::vector<BlockPlace>* places) {
  const Dom& dom = context.dom;
  const PageAnalysis& pa = context.pa;
  std::vector<BlockFeatures> rows(segments.size());
  if (places != nullptr) places->assign(segments.size(), BlockPlace{});
  if (segments.empty()) return rows;
  const size_t n = static_cast<size_t>(dom.size());

  // Inherited context, top down: document order visits parents first.
  const std::vector<uint32_t>& own_words = context.class_words;
  std::vector<uint32_t> around(n, 0), words_any(n, 0);
  std::vector<Removal> removal(n, Removal::Kept);
  std::vector<uint8_t> chosen(n, 0);
  for (NodeId root : context.chosen) {
    for (NodeId id = root; id < dom[root].end; ++id) chosen[static_cast<size_t>(id)] = 1;
  }
  for (NodeId id = 0; id < dom.size(); ++id) {
    const Node& node = dom[id];
    NodeId p = node.parent;
    uint32_t a = p == kNoNode ? 0 : around[static_cast<size_t>(p)];
    uint32_t w = p == kNoNode ? 0 : words_any[static_cast<size_t>(p)];
    Removal r = p == kNoNode ? Removal::Kept : removal[static_cast<size_t>(p)];
    if (!node.is_text) {
      a |= tag_bits(node.tag) | attribute_bits(dom, id);
      w |= own_words[static_cast<size_t>(id)];
      if (r == Removal::Kept) r = pa.removal[static_cast<size_t>(id)];
    }
    around[static_cast<size_t>(id)] = a;
    words_any[static_cast<size_t>(id)] = w;
    removal[static_cast<size_t>(id)] = r;
  }
  const std::vector<int32_t> repeats = sibling_repeats(dom, pa, false);
  const std::vector<int32_t> units = places != nullptr ? sibling_repeats(dom, pa, true) : std::vector<int32_t>();

  std::unordered_map<std::string_view, int> same_text;
  for (const Segment& s : segments) ++same_text[s.block.text];
  std::unordered_set<std::string_view> kept;
  for (const Block& b : context.heuristic_blocks) kept.insert(b.text);
  const std::string title = fold_text(context.meta.title);

  NodeId body = dom.body() != kNoNode ? dom.body() : 0;
  const double page_text = std::max(1, pa.seg_text_of(dom, body));
  NodeId chosen_begin = context.chosen.empty() ? kNoNode : context.chosen.front();
  NodeId chosen_end = context.chosen.empty() ? kNoNode : dom[context.chosen.back()].end;
  NodeId headline = pa.title_headings.empty() ? kNoNode : pa.title_headings.front();
  if (headline == kNoNode) {
    for (const Segment& s : segments) {
      if (s.block.kind == Block::Kind::Heading && s.block.level == 1) {
        headline = s.first_text;
        break;
      }
    }
  }

  double before = 0;
  size_t last_heading = 0;
  for (size_t i = 0; i < segments.size(); ++i) {
    const Segment& s = segments[i];
    const Block& b = s.block;
    BlockFeatures& f = rows[i];
    f.fill(0.0f);
    using K = Block::Kind;
    f[kBlock_kind_h1] = flag(b.kind == K::Heading && b.level == 1);
    f[kBlock_kind_h2] = flag(b.kind == K::Heading && b.level == 2);
    f[kBlock_kind_h3_plus] = flag(b.kind == K::Heading && b.level >= 3);
    f[kBlock_kind_paragraph] = flag(b.kind == K::Paragraph);
    f[kBlock_kind_list_item] = flag(b.kind == K::ListItem);
    f[kBlock_kind_quote] = flag(b.kind == K::Quote);
    f[kBlock_kind_code] = flag(b.kind == K::Code);
    f[kBlock_kind_row] = flag(b.kind == K::TableRow && !b.header);
    f[kBlock_kind_header_row] = flag(b.kind == K::TableRow && b.header);
    f[kBlock_list_depth] = static_cast<float>(b.kind == K::ListItem ? std::min(b.level, 4) : 0);

    const std::string_view t = b.text;
    size_t words = count_words(t);
    int digits = 0, letters = 0, upper = 0, commas = 0;
    for (char c : t) {
      if (metatext::is_digit(c)) ++digits;
      if (metatext::is_alpha(c)) ++letters;
      if (c >= 'A' && c <= 'Z') ++upper;
      if (c == ',') ++commas;
    }
    f[kBlock_chars] = log_count(s.chars);
    f[kBlock_words] = log_count(static_cast<double>(words));
    f[kBlock_link_share] = ratio(s.link_chars, s.chars);
    f[kBlock_away_link_share] = ratio(s.away_link_chars, s.chars);
    f[kBlock_sentence_ends] = log_count(sentence_ends(t));
    f[kBlock_ends_sentence] = flag(ends_sentence(t));
    f[kBlock_comma_rate] = words > 0 ? std::min(1.0f, static_cast<float>(commas) / static_cast<float>(words)) : 0.0f;
    f[kBlock_digit_share] = ratio(digits, s.chars);
    f[kBlock_upper_share] = ratio(upper, letters);
    f[kBlock_has_year] = flag(has_year(t));
    f[kBlock_has_price] = flag(count_prices(t) > 0);
    f[kBlock_has_clock] = flag(has_clock(t));
    f[kBlock_repeats] = log_count(same_text[t] - 1);
    if (!title.empty() && words <= 40) {
      std::string folded = fold_text(t);
      // A reply's subject ("Re: <title>", "AW: <title>") repeats the thread's title too.
      std::string_view unprefixed = folded;
      for (std::string_view prefix : {"re ", "aw ", "sv ", "antw "}) {
        if (unprefixed.starts_with(prefix)) unprefixed.remove_prefix(prefix.size());
      }
      f[kBlock_title_equal] = flag(folded == title || unprefixed == title);
      f[kBlock_title_overlap] = flag(folded.size() >= 8 && (title.find(folded) != std::string::npos ||
                                                            folded.find(title) != std::string::npos));
    }

    ResidueFlags r = residue_flags(b, context.meta, context.tuning);
    f[kBlock_is_byline] = flag(r.byline);
    f[kBlock_is_dateline] = flag(r.dateline);
    f[kBlock_is_ad_label] = flag(r.ad_label);
    f[kBlock_is_shortcode] = flag(r.shortcode);
    f[kBlock_is_vote_counter] = flag(r.vote_counter);
    f[kBlock_is_fine_print] = flag(r.fine_print);
    f[kBlock_is_email] = flag(r.email);
    f[kBlock_is_counter] = flag(r.counter);

    // The text's own parent chain (inline wrappers such as <a class=username> included) up to
    // two elements above its block.
    NodeId at = s.first_text != kNoNode ? s.first_text : s.owner;
    NodeId near_top = s.owner;
    for (int k = 0; k < 2 && near_top != kNoNode && dom[near_top].parent != kNoNode; ++k) near_top = dom[near_top].parent;
    uint32_t near = 0;
    int steps = 0;
    for (NodeId p = at == kNoNode ? kNoNode : dom[at].parent; p != kNoNode && steps < 16; p = dom[p].parent, ++steps) {
      near |= own_words[static_cast<size_t>(p)];
      if (p == near_top) break;
    }
    NodeId ctx = at == kNoNode ? kNoNode : (dom[at].is_text ? dom[at].parent : at);
    uint32_t a = ctx == kNoNode ? 0 : around[static_cast<size_t>(ctx)];
    uint32_t any = ctx == kNoNode ? 0 : words_any[static_cast<size_t>(ctx)];
    const std::pair<BlockFeature, uint32_t> around_features[] = {
        {kBlock_in_article, kInArticle}, {kBlock_in_main, kInMain},       {kBlock_in_header, kInHeader},
        {kBlock_in_footer, kInFooter},   {kBlock_in_aside, kInAside},     {kBlock_in_form, kInForm},
        {kBlock_in_noscript, kInNoscript}, {kBlock_in_button, kInButton}, {kBlock_in_li, kInLi},
        {kBlock_in_table, kInTable},     {kBlock_in_figure, kInFigure},   {kBlock_in_blockquote, kInBlockquote},
        {kBlock_in_link, kInLink},       {kBlock_in_details, kInDetails}, {kBlock_in_dialog, kInDialog},
        {kBlock_in_section, kInSection}, {kBlock_in_dl, kInDl},           {kBlock_in_label, kInLabel},
        {kBlock_hidden, kHidden},        {kBlock_aria_hidden, kAriaHidden}, {kBlock_role_chrome, kRoleChrome},
        {kBlock_role_main, kRoleMain},   {kBlock_prop_body, kPropBody},   {kBlock_prop_comment, kPropComment},
        {kBlock_prop_product, kPropProduct}, {kBlock_prop_post, kPropPost}};
    for (auto [feature, bit] : around_features) f[feature] = flag(a & bit);
    set_words(f, kBlock_near_content, near);
    set_words(f, kBlock_any_content, any);

    Removal why = ctx == kNoNode ? Removal::Kept : removal[static_cast<size_t>(ctx)];
    f[kBlock_removed_junk] = flag(why == Removal::StrongJunk);
    f[kBlock_removed_weak] = flag(why == Removal::WeakJunk || why == Removal::ContentTooShort);
    f[kBlock_removed_tag] = flag(why == Removal::WeakTag || why == Removal::NeverContent);
    f[kBlock_removed_hidden] = flag(why == Removal::Hidden || why == Removal::AriaHidden);
    f[kBlock_removed_caption] = flag(why == Removal::Caption);
    f[kBlock_caption_box] = flag(s.in_caption);
    f[kBlock_in_chosen] = flag(ctx != kNoNode && chosen[static_cast<size_t>(ctx)]);
    f[kBlock_kept_by_heuristic] = flag(kept.count(t) > 0);

    NodeId parent = s.owner == kNoNode ? kNoNode : dom[s.owner].parent;
    NodeId grand = parent == kNoNode ? kNoNode : dom[parent].parent;
    if (parent != kNoNode) {
      f[kBlock_parent_link_density] = ratio(pa.seg_link_of(dom, parent), pa.seg_text_of(dom, parent));
      f[kBlock_parent_share] = ratio(pa.seg_text_of(dom, parent), page_text);
    }
    if (grand != kNoNode) {
      f[kBlock_grand_link_density] = ratio(pa.seg_link_of(dom, grand), pa.seg_text_of(dom, grand));
      f[kBlock_grand_share] = ratio(pa.seg_text_of(dom, grand), page_text);
    }
    f[kBlock_depth] = s.owner == kNoNode ? 0.0f : static_cast<float>(std::min<int32_t>(dom[s.owner].depth, 40));
    f[kBlock_repeat_level] = 11;
    int level = 0;
    if (places != nullptr) {
      (*places)[i] = {parent, grand, kNoNode};
      int unit_level = 0;
      for (NodeId p = s.owner; p != kNoNode && unit_level <= 10; p = dom[p].parent, ++unit_level) {
        if (units[static_cast<size_t>(p)] >= 3) {
          (*places)[i].unit = p;
          (*places)[i].slot = template_slot(dom, s.owner, p, b.kind);
          break;
        }
      }
    }
    for (NodeId p = s.owner; p != kNoNode && level <= 10; p = dom[p].parent, ++level) {
      if (repeats[static_cast<size_t>(p)] >= 3) {
        f[kBlock_repeat_count] = log_count(repeats[static_cast<size_t>(p)]);
        f[kBlock_repeat_level] = static_cast<float>(level);
        f[kBlock_repeat_unit_chars] = log_count(pa.seg_text_of(dom, p));
        f[kBlock_repeat_unit_links] = ratio(pa.seg_link_of(dom, p), pa.seg_text_of(dom, p));
        break;
      }
    }

    f[kBlock_position] = static_cast<float>(i) / static_cast<float>(segments.size());
    f[kBlock_text_before] = ratio(before, page_text);
    before += s.chars;
    f[kBlock_after_h1] = flag(headline != kNoNode && s.first_text >= headline);
    f[kBlock_before_chosen] = flag(chosen_begin != kNoNode && s.first_text < chosen_begin);
    f[kBlock_after_chosen] = flag(chosen_end != kNoNode && s.first_text >= chosen_end);
    if (b.kind == K::Heading) last_heading = i;
    f[kBlock_since_heading] = log_count(static_cast<double>(i - last_heading));

    f[kBlock_page_chars] = context.page[kPage_text_chars];
    f[kBlock_page_link_density] = context.page[kPage_link_density];
    f[kBlock_page_article_share] = context.page[kPage_article_share];
    f[kBlock_page_is_listing] = context.page[kPage_article_is_listing];
    f[kBlock_page_blocks] = log_count(static_cast<double>(segments.size()));
    for (int k = 0; k < 7; ++k) f[static_cast<size_t>(kBlock_type_article + k)] = context.page_type_scores[static_cast<size_t>(k)];
    quantize_features(f);
  }
  return rows;
}

}  // namespace winnow::clean
