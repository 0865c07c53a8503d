#include "clean/page_features.h"

#include <algorithm>
#include <cmath>
#include <functional>
#include <initializer_list>
#include <string>
#include <unordered_map>
#include <unordered_set>

#include "clean/class_words.h"
#include "clean/meta_text.h"
#include "clean/normalize.h"

namespace winnow::clean {

const char* const kPageFeatureNames[kPageFeatureCount] = {
#define WINNOW_NAME(name) #name,
    WINNOW_PAGE_FEATURES(WINNOW_NAME)
#undef WINNOW_NAME
};

void quantize_features(std::span<float> values) {
  for (float& v : values) v = std::round(v * 10000.0f) / 10000.0f;
}

namespace {

float log_count(double n) { return static_cast<float>(std::log1p(std::max(0.0, n))); }

float share(double part, double whole) { return whole > 0 ? static_cast<float>(std::min(1.0, part / whole)) : 0.0f; }

// ---- URL shape ----

std::string_view url_path(std::string_view url) {
  size_t scheme = url.find("://");
  size_t start = scheme == std::string_view::npos ? 0 : url.find('/', scheme + 3);
  if (start == std::string_view::npos) return {};
  std::string_view path = url.substr(start);
  return path.substr(0, path.find_first_of("?#"));
}

// Path words by what they usually name. A word may name two things ("category": a shop's or a
// blog's); the classifier weighs them together with the rest.
const std::unordered_map<std::string_view, std::vector<PageFeature>>& url_words() {
  static const auto* table = [] {
    auto* t = new std::unordered_map<std::string_view, std::vector<PageFeature>>;
    auto add = [&](PageFeature f, std::initializer_list<std::string_view> words) {
      for (std::string_view w : words) (*t)[w].push_back(f);
    };
    add(kPage_url_article_word, {"blog", "blogs", "news", "article", "articles", "story", "stories", "post", "posts",
                                 "insights", "magazine", "journal", "press", "opinion", "column", "editorial",
                                 "features", "guide", "guides", "review", "reviews"});
    add(kPage_url_doc_word, {"doc", "docs", "documentation", "api", "reference", "manual", "learn", "tutorial",
                             "tutorials", "wiki", "sdk", "man", "handbook", "developer", "developers", "help", "kb",
                             "knowledge", "howto", "stable", "v1", "v2", "v3"});
    add(kPage_url_forum_word, {"forum", "forums", "thread", "threads", "t", "topic", "topics", "viewtopic",
                               "questions", "q", "community", "discussion", "discussions", "board", "boards",
                               "showthread", "r", "comments", "answers"});
    add(kPage_url_product_word, {"product", "products", "p", "dp", "item", "itm", "pd", "sku", "buy", "gp", "app"});
    add(kPage_url_collection_word, {"shop", "collection", "collections", "category", "categories", "c", "catalog",
                                    "catalogue", "store", "department", "browse", "b", "s", "sale", "deals",
                                    "shopping", "cat", "range"});
    add(kPage_url_service_word, {"service", "services", "solutions", "solution", "pricing", "platform", "about",
                                 "contact", "company", "agency", "consulting", "hire", "enterprise", "business",
                                 "why", "features", "industries", "use-cases", "integrations"});
    add(kPage_url_listing_word, {"tag", "tags", "author", "authors", "archive", "archives", "page", "courses",
                                 "list", "events", "index", "all", "latest", "search", "results", "topics"});
    return t;
  }();
  return *table;
}

void url_features(std::string_view url, PageFeatures& f) {
  // A page given without its address (a file) says nothing by its URL.
  if (url.empty()) return;
  f[kPage_url_known] = 1.0f;
  std::string_view path = url_path(url);
  f[kPage_url_query] = url.find('?') != std::string_view::npos ? 1.0f : 0.0f;
  int depth = 0;
  std::string_view last;
  int digits_run = 0, longest_digits = 0;
  for (char c : path) {
    digits_run = metatext::is_digit(c) ? digits_run + 1 : 0;
    longest_digits = std::max(longest_digits, digits_run);
  }
  f[kPage_url_long_number] = longest_digits >= 4 ? 1.0f : 0.0f;
  bool date = false;
  metatext::for_each_token(path, '/', [&](std::string_view segment) {
    ++depth;
    last = segment;
    if (segment.size() == 4 && std::all_of(segment.begin(), segment.end(), metatext::is_digit) &&
        (segment.starts_with("19") || segment.starts_with("20"))) {
      date = true;
    }
    std::string word;
    auto finish = [&] {
      if (word.empty()) return;
      if (auto it = url_words().find(word); it != url_words().end()) {
        for (PageFeature feature : it->second) f[feature] = 1.0f;
      }
      word.clear();
    };
    for (char c : segment) {
      if (c == '-' || c == '_' || c == '.' || c == '+') {
        finish();
      } else {
        word.push_back(metatext::lower(c));
      }
    }
    finish();
  });
  f[kPage_url_depth] = static_cast<float>(std::min(depth, 8));
  f[kPage_url_root] = depth == 0 ? 1.0f : 0.0f;
  f[kPage_url_date] = date ? 1.0f : 0.0f;
  int slug_words = 0;
  metatext::for_each_token(last, '-', [&](std::string_view) { ++slug_words; });
  f[kPage_url_slug_words] = static_cast<float>(std::min(slug_words, 20));
}

// ---- structured data ----

std::string_view type_word(std::string_view type) {
  size_t slash = type.find_last_of("/#:");
  return slash == std::string_view::npos ? type : type.substr(slash + 1);
}

bool any_of_types(const std::vector<std::string>& types, std::initializer_list<std::string_view> names) {
  for (const std::string& t : types) {
    for (std::string_view n : names) {
      if (t == n) return true;
    }
  }
  return false;
}

bool any_type_ending(const std::vector<std::string>& types, std::initializer_list<std::string_view> suffixes) {
  for (const std::string& t : types) {
    for (std::string_view s : suffixes) {
      if (t.size() >= s.size() && std::string_view(t).substr(t.size() - s.size()) == s) return true;
    }
  }
  return false;
}

void structured_features(const std::vector<std::string>& types, std::string_view og_type, PageFeatures& f) {
  auto flag = [&](PageFeature feature, bool value) { f[feature] = value ? 1.0f : 0.0f; };
  bool article = any_of_types(types, {"Article", "NewsArticle", "BlogPosting", "Report", "ScholarlyArticle",
                                      "OpinionNewsArticle", "AnalysisNewsArticle", "ReportageNewsArticle",
                                      "LiveBlogPosting", "MedicalWebPage", "Blog"});
  bool tech = any_of_types(types, {"TechArticle", "APIReference", "SoftwareSourceCode"});
  bool product = any_of_types(types, {"Product", "ProductGroup", "IndividualProduct", "ProductModel", "Vehicle", "Car"});
  bool offer = any_of_types(types, {"Offer", "AggregateOffer"});
  bool list = any_of_types(types, {"ItemList", "CollectionPage", "OfferCatalog", "SearchResultsPage", "ListItem"});
  bool forum = any_of_types(types, {"DiscussionForumPosting", "QAPage", "Question", "Answer", "SocialMediaPosting"});
  bool faq = any_of_types(types, {"FAQPage"});
  bool organization = any_type_ending(types, {"Organization", "Business", "Service", "Corporation", "Store",
                                              "Agency", "Office"});
  bool software = any_of_types(types, {"SoftwareApplication", "WebApplication", "MobileApplication"});
  flag(kPage_ld_article, article);
  flag(kPage_ld_tech_article, tech);
  flag(kPage_ld_product, product);
  flag(kPage_ld_offer, offer);
  flag(kPage_ld_item_list, list);
  flag(kPage_ld_forum, forum);
  flag(kPage_ld_faq, faq);
  flag(kPage_ld_organization, organization);
  flag(kPage_ld_software, software);
  flag(kPage_ld_howto, any_of_types(types, {"HowTo", "Recipe"}));
  flag(kPage_ld_review, any_of_types(types, {"Review", "AggregateRating"}));
  flag(kPage_ld_event, any_of_types(types, {"Event", "Course"}));
  flag(kPage_ld_breadcrumb, any_of_types(types, {"BreadcrumbList"}));
  flag(kPage_ld_webpage_only, !types.empty() && !article && !tech && !product && !list && !forum && !faq);
  flag(kPage_og_article, metatext::iequals(og_type, "article"));
  flag(kPage_og_product, metatext::istarts_with(og_type, "product") || metatext::iequals(og_type, "og:product"));
  flag(kPage_og_website, metatext::iequals(og_type, "website"));
}

// Typed elements by kind, counted: one typed article is an article page, ten are a listing.
void microdata_features(const std::vector<std::string>& types, PageFeatures& f) {
  int articles = 0, products = 0, posts = 0, lists = 0;
  for (const std::string& t : types) {
    std::vector<std::string> one{t};
    articles += any_of_types(one, {"Article", "NewsArticle", "BlogPosting", "Report", "ScholarlyArticle", "TechArticle"});
    products += any_of_types(one, {"Product", "ProductGroup", "IndividualProduct", "Offer", "AggregateOffer"});
    posts += any_of_types(one, {"DiscussionForumPosting", "Comment", "Question", "Answer", "SocialMediaPosting"});
    lists += any_of_types(one, {"ItemList", "CollectionPage", "OfferCatalog", "SearchResultsPage", "ListItem"});
  }
  f[kPage_md_articles] = log_count(articles);
  f[kPage_md_products] = log_count(products);
  f[kPage_md_posts] = log_count(posts);
  f[kPage_md_lists] = log_count(lists);
}

// ---- body ----

bool is_heading_tag(GumboTag tag) { return tag >= GUMBO_TAG_H1 && tag <= GUMBO_TAG_H6; }

}  // namespace

int count_prices(std::string_view text) {
  int n = 0;
  auto digit_at = [&](size_t i) { return i < text.size() && metatext::is_digit(text[i]); };
  for (size_t i = 0; i < text.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    size_t len = 0;
    if (c == '$') len = 1;
    else if (c == 0xE2 && i + 2 < text.size() && static_cast<unsigned char>(text[i + 1]) == 0x82 &&
             static_cast<unsigned char>(text[i + 2]) == 0xAC) len = 3;  // €
    else if (c == 0xC2 && i + 1 < text.size() &&
             (static_cast<unsigned char>(text[i + 1]) == 0xA3 || static_cast<unsigned char>(text[i + 1]) == 0xA5)) len = 2;  // £ ¥
    else if (c == 0xE2 && i + 2 < text.size() && static_cast<unsigned char>(text[i + 1]) == 0x82 &&
             static_cast<unsigned char>(text[i + 2]) == 0xB9) len = 3;  // ₹
    if (len == 0) continue;
    size_t after = i + len;
    while (after < text.size() && text[after] == ' ') ++after;
    size_t before = i;
    while (before > 0 && text[before - 1] == ' ') --before;
    if (digit_at(after) || (before > 0 && metatext::is_digit(text[before - 1]))) ++n;
    i += len - 1;
  }
  return n;
}

namespace {

// ---- what short texts say ----

// Short texts folded for lookup: ASCII lower case, digit runs as one '#', punctuation and spaces
// collapsed to single spaces and trimmed ("Reply (3)" -> "reply #").
std::string fold_cue(std::string_view text) {
  std::string out;
  bool space = false;
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (metatext::is_digit(c)) {
      if (space && !out.empty()) out += ' ';
      space = false;
      if (out.empty() || out.back() != '#') out += '#';
      while (i + 1 < text.size() && (metatext::is_digit(text[i + 1]) || text[i + 1] == ',' || text[i + 1] == '.') &&
             i + 2 < text.size() && metatext::is_digit(text[i + 2 - (metatext::is_digit(text[i + 1]) ? 1 : 0)])) {
        ++i;
      }
    } else if (metatext::is_alpha(c) || static_cast<unsigned char>(c) >= 0x80 || c == '#') {
      if (space && !out.empty()) out += ' ';
      space = false;
      out += metatext::lower(c);
    } else {
      space = true;
    }
  }
  return out;
}

struct Cue {
  PageFeature feature;
  std::string_view phrases;  // separated by '|'
};

// Texts of buttons, links and labels typical of one kind of page, in fold_cue form.
constexpr Cue kCues[] = {
    {kPage_cue_cart,
     "add to cart|add to bag|add to basket|add to trolley|buy now|buy it now|in stock|out of stock|sold out|"
     "add to wishlist|add to wish list|quantity|qty|sku|free shipping|free delivery|in den warenkorb|"
     "ajouter au panier|añadir al carrito|aggiungi al carrello|select size|choose an option|pre order|notify me|"
     "write a review|# reviews|# review|list price|sale price|regular price|price|pick up in store|ships in # days|"
     "add to compare|size guide|delivery|returns|model|item #"},
    {kPage_cue_filter,
     "sort by|sort|filter|filters|filter by|refine|clear all|reset filters|price range|# products|# items|"
     "# results|showing # of # results|showing # # of #|best selling|new arrivals|featured|price low to high|"
     "price high to low|quick view|quick shop|shop now|view product|compare|brand|availability|colour|color|size"},
    {kPage_cue_service,
     "contact us|get a quote|request a quote|free quote|get a free quote|book a demo|request a demo|get a demo|"
     "get started|start free trial|free trial|try for free|try it free|talk to sales|contact sales|"
     "schedule a consultation|free consultation|book now|book a call|schedule a call|call now|call us|"
     "our services|services|learn more|see pricing|pricing|case studies|testimonials|our clients|"
     "why choose us|get in touch|sign up free|start now|request a call|apply now|enquire now|book online|"
     "schedule service|get started for free|watch demo|see how it works|how it works|our team|about us|careers"},
    {kPage_cue_forum,
     "reply|replies|# replies|quote|joined|posts|# posts|member|members|registered|report|like|likes|"
     "thread starter|last post|views|# views|reply with quote|log in to reply|new topic|post reply|unread|"
     "solved|best answer|accepted answer|upvote|downvote|original poster|moderator|senior member|"
     "junior member|new member|messages|reaction score|points|#|posted|thread|topic|similar threads|"
     "you must log in or register to reply here|jump to latest|go to first unread"},
    {kPage_cue_doc,
     "edit this page|edit on github|on this page|table of contents|next|previous|copy|copy to clipboard|"
     "api reference|parameters|returns|return value|example|examples|syntax|note|warning|deprecated|see also|"
     "was this page helpful|was this helpful|feedback|prerequisites|getting started|installation|tip|important|"
     "caution|search docs|documentation|in this article|exceptions|arguments|default|copied|"
     "view source|source|next topic|previous topic|this page|show source|docs|guides|reference|changelog"},
    {kPage_cue_listing,
     "read more|continue reading|load more|show more|view all|see all|next page|older posts|newer posts|"
     "more articles|all articles|previous page|page # of #|read article|read story|view more|more stories|"
     "latest|latest news|most popular|trending|browse|all categories|filter by category"},
    {kPage_cue_article,
     "share|comments|# comments|# min read|min read|posted by|written by|published|updated|author|"
     "leave a comment|leave a reply|related articles|related posts|you may also like|share this|"
     "share this article|about the author|print|email|follow us|subscribe|sign up for our newsletter|"
     "read next|more from|recommended|advertisement|listen to this article|editor s picks"},
};

using CueTable = std::unordered_map<std::string_view, PageFeature>;

const CueTable& cue_table() {
  static const CueTable table = [] {
    CueTable t;
    for (const Cue& cue : kCues) {
      metatext::for_each_token(cue.phrases, '|', [&](std::string_view phrase) { t.emplace(phrase, cue.feature); });
    }
    return t;
  }();
  return table;
}

// "(555) 123-4567", "555-123-4567", "555.123.4567", "+44 20 7946 0000": a phone number.
bool has_phone_number(std::string_view text) {
  int digits = 0, groups = 0;
  bool in_digits = false;
  for (char c : text) {
    if (metatext::is_digit(c)) {
      ++digits;
      if (!in_digits) ++groups;
      in_digits = true;
    } else if (c == ' ' || c == '-' || c == '.' || c == '(' || c == ')' || c == '+') {
      in_digits = false;
    } else {
      if (digits >= 10 && digits <= 13 && groups >= 3) return true;
      digits = groups = 0;
      in_digits = false;
    }
  }
  return digits >= 10 && digits <= 13 && groups >= 3;
}

// Words of a page's title and headline that say what kind of page it is.
void title_features(std::string_view title, PageFeatures& f) {
  static const std::unordered_map<std::string_view, PageFeature> words = [] {
    std::unordered_map<std::string_view, PageFeature> t;
    auto add = [&](PageFeature feature, std::string_view list) {
      metatext::for_each_token(list, ' ', [&](std::string_view w) { t.emplace(w, feature); });
    };
    add(kPage_title_article, "how why what when who guide best vs versus review reviews tips ways things ideas "
                             "explained news report study top lessons story interview analysis opinion");
    add(kPage_title_service, "services service solutions agency company consulting contractor contractors repair "
                             "near hire experts expert professional professionals software platform law lawyer "
                             "attorney clinic dental insurance");
    // Not "library": a town's library is news as often as a code library is documentation.
    add(kPage_title_doc, "documentation docs api reference manual tutorial function class method module sdk "
                         "install installation configuration configure developer developers command");
    add(kPage_title_shop, "shop buy sale store products product collection price deals order online kaufen "
                          "acheter comprar");
    add(kPage_title_list, "archive archives category categories tag tags page list courses directory index blog "
                          "latest results catalog catalogue topics");
    return t;
  }();
  std::string word;
  auto finish = [&] {
    if (auto it = words.find(word); it != words.end()) f[it->second] = 1.0f;
    word.clear();
  };
  for (char c : title) {
    if (metatext::is_alpha(c)) {
      word += metatext::lower(c);
    } else {
      finish();
    }
  }
  finish();
}

bool mentions_cart(std::string_view value) {
  return metatext::icontains(value, "cart") || metatext::icontains(value, "basket") ||
         metatext::icontains(value, "add-to") || metatext::icontains(value, "addto");
}

}  // namespace

std::vector<std::string> microdata_types(const Dom& dom) {
  std::vector<std::string> types;
  for (NodeId id = 0; id < dom.size(); ++id) {
    if (dom[id].is_text) continue;
    std::string_view itemtype = dom.attr(id, "itemtype");
    if (!itemtype.empty() && types.size() < 1000) {
      metatext::for_each_token(itemtype, ' ', [&](std::string_view t) { types.emplace_back(type_word(t)); });
    }
  }
  return types;
}

PageFeatures compute_page_features(const Dom& dom, const PageAnalysis& pa, const PageEvidence& evidence) {
  PageFeatures f{};
  url_features(evidence.url, f);
  structured_features(evidence.ld_types, evidence.og_type, f);
  microdata_features(evidence.microdata_types, f);
  const ArticleHint& hint = evidence.hint;
  if (dom.size() == 0) return f;
  NodeId body = dom.body() != kNoNode ? dom.body() : 0;
  const double text = pa.raw_text_of(dom, body);
  f[kPage_text_chars] = log_count(text);
  f[kPage_link_density] = share(pa.raw_link_of(dom, body), text);

  // Per-subtree counts of headings and links, as prefix sums: "does this card hold a heading".
  const NodeId n = dom.size();
  std::vector<int32_t> headings(static_cast<size_t>(n) + 1, 0), anchors(static_cast<size_t>(n) + 1, 0);
  for (NodeId id = 0; id < n; ++id) {
    bool element = !dom[id].is_text;
    headings[static_cast<size_t>(id) + 1] = headings[static_cast<size_t>(id)] + (element && is_heading_tag(dom[id].tag));
    anchors[static_cast<size_t>(id) + 1] = anchors[static_cast<size_t>(id)] + (element && dom[id].tag == GUMBO_TAG_A);
  }
  auto holds = [&](const std::vector<int32_t>& prefix, NodeId id) { return prefix[dom[id].end] - prefix[id] > 0; };

  int h1 = 0, h2 = 0, h3 = 0, linked = 0, subheads = 0;
  double code_chars = 0, main_chars = 0;
  int counts[kPageFeatureCount] = {};
  int prices = 0, phones = 0;
  int words[kWordCount] = {};
  int cues[kPageFeatureCount] = {};
  const CueTable& cue_phrases = cue_table();
  for (NodeId id = body; id < dom[body].end;) {
    const Node& node = dom[id];
    if (node.is_text) {
      std::string_view t = dom.text(id);
      if (prices < 200) prices += count_prices(t);
      if (t.size() <= 60) {
        std::string folded = fold_cue(t);
        if (!folded.empty()) {
          if (auto it = cue_phrases.find(folded); it != cue_phrases.end()) ++cues[it->second];
        }
        if (phones < 50 && has_phone_number(t)) ++phones;
      }
      ++id;
      continue;
    }
    if (is_never_text(node.tag) && node.tag != GUMBO_TAG_INPUT && node.tag != GUMBO_TAG_SELECT &&
        node.tag != GUMBO_TAG_TEXTAREA) {
      id = node.end;
      continue;
    }
    const int32_t chars = pa.raw_text_of(dom, id);
    switch (node.tag) {
      case GUMBO_TAG_H1: ++h1; break;
      case GUMBO_TAG_H2: case GUMBO_TAG_H3: case GUMBO_TAG_H4:
        (node.tag == GUMBO_TAG_H2 ? h2 : h3) += 1;
        if (chars > 0) {
          ++subheads;
          if (pa.raw_link_of(dom, id) * 10 >= chars * 9) ++linked;
        }
        break;
      case GUMBO_TAG_H5: case GUMBO_TAG_H6: ++h3; break;
      case GUMBO_TAG_ARTICLE: ++counts[kPage_articles]; break;
      case GUMBO_TAG_TIME: ++counts[kPage_times]; break;
      case GUMBO_TAG_PRE: ++counts[kPage_pres]; code_chars += chars; break;
      case GUMBO_TAG_TABLE: ++counts[kPage_tables]; break;
      case GUMBO_TAG_LI: ++counts[kPage_list_items]; break;
      case GUMBO_TAG_IMG: ++counts[kPage_images]; break;
      case GUMBO_TAG_FORM: ++counts[kPage_forms]; break;
      case GUMBO_TAG_INPUT:
        if (!metatext::iequals(dom.attr(id, "type"), "hidden")) ++counts[kPage_inputs];
        break;
      case GUMBO_TAG_BUTTON: ++counts[kPage_buttons]; break;
      case GUMBO_TAG_SELECT: ++counts[kPage_selects]; break;
      case GUMBO_TAG_TEXTAREA: ++counts[kPage_textareas]; break;
      case GUMBO_TAG_DETAILS: ++counts[kPage_details]; break;
      case GUMBO_TAG_ASIDE: ++counts[kPage_asides]; break;
      case GUMBO_TAG_BLOCKQUOTE: ++counts[kPage_blockquotes]; break;
      case GUMBO_TAG_MAIN: main_chars = std::max<double>(main_chars, chars); break;
      default: break;
    }
    if (node.tag == GUMBO_TAG_CODE && (node.parent == kNoNode || dom[node.parent].tag != GUMBO_TAG_PRE)) code_chars += chars;
    std::string_view itemprop = dom.attr(id, "itemprop");
    if (!itemprop.empty()) {
      if (metatext::icontains(itemprop, "price") || metatext::iequals(itemprop, "offers")) ++counts[kPage_price_props];
      if (metatext::icontains(itemprop, "rating") || metatext::icontains(itemprop, "reviewcount")) ++counts[kPage_rating_props];
    }
    if (metatext::iequals(dom.attr(id, "role"), "main")) main_chars = std::max<double>(main_chars, chars);
    if (node.tag == GUMBO_TAG_BUTTON || node.tag == GUMBO_TAG_A || node.tag == GUMBO_TAG_FORM || node.tag == GUMBO_TAG_INPUT) {
      if (mentions_cart(dom.attr(id, "class")) || mentions_cart(dom.attr(id, "name")) || mentions_cart(dom.attr(id, "id")) ||
          mentions_cart(dom.attr(id, "action"))) {
        ++counts[kPage_cart_controls];
      }
    }
    uint32_t bits = evidence.class_words[static_cast<size_t>(id)];
    for (int w = 0; w < kWordCount; ++w) words[w] += (bits >> w) & 1u;
    ++id;
  }
  for (PageFeature c : {kPage_articles, kPage_times, kPage_pres, kPage_tables, kPage_list_items, kPage_images,
                        kPage_forms, kPage_inputs, kPage_buttons, kPage_selects, kPage_textareas, kPage_details,
                        kPage_asides, kPage_blockquotes, kPage_price_props, kPage_cart_controls, kPage_rating_props}) {
    f[c] = log_count(counts[c]);
  }
  f[kPage_prices] = log_count(prices);
  for (PageFeature c : {kPage_cue_cart, kPage_cue_filter, kPage_cue_service, kPage_cue_forum, kPage_cue_doc,
                        kPage_cue_listing, kPage_cue_article}) {
    f[c] = log_count(cues[c]);
  }
  f[kPage_phone_numbers] = log_count(phones);
  if (dom.head() != kNoNode) {
    if (NodeId title = dom.find_tag(GUMBO_TAG_TITLE, dom.head()); title != kNoNode) title_features(dom.text_content(title), f);
  }
  if (NodeId h1 = dom.find_tag(GUMBO_TAG_H1, body); h1 != kNoNode) title_features(dom.text_content(h1), f);
  // Prose: paragraphs of some 25 words or more (an ideograph counts as a word) with few links,
  // whatever markup holds them (layout tables and div soup have no <p>).
  int paragraphs = 0, prose = 0;
  double paragraph_chars = 0, prose_chars = 0, segment_chars = 0;
  for (const Segment& s : evidence.segments) {
    segment_chars += s.chars;
    if (s.block.kind != Block::Kind::Paragraph && s.block.kind != Block::Kind::Quote) continue;
    ++paragraphs;
    paragraph_chars += s.chars;
    if (10 * s.link_chars < 3 * s.chars && count_words(s.block.text) >= 25) {
      ++prose;
      prose_chars += s.chars;
    }
  }
  f[kPage_prose_paragraphs] = log_count(prose);
  f[kPage_prose_share] = share(prose_chars, segment_chars);
  f[kPage_paragraph_chars_mean] = log_count(paragraphs > 0 ? paragraph_chars / paragraphs : 0);
  f[kPage_headings_h1] = log_count(h1);
  f[kPage_headings_h2] = log_count(h2);
  f[kPage_headings_h3_plus] = log_count(h3);
  f[kPage_linked_headings] = log_count(linked);
  f[kPage_linked_heading_share] = share(linked, subheads);
  f[kPage_code_share] = share(code_chars, text);
  f[kPage_main_share] = share(main_chars, text);
  const std::pair<PageFeature, ClassWord> word_features[] = {
      {kPage_words_post, kWordPost},       {kPage_words_comment, kWordComment}, {kPage_words_card, kWordCard},
      {kPage_words_product, kWordProduct}, {kPage_words_doc, kWordDoc},         {kPage_words_toc, kWordToc},
      {kPage_words_section, kWordSection}, {kPage_words_tab, kWordTab},         {kPage_words_content, kWordContent},
      {kPage_words_sidebar, kWordSidebar}};
  for (auto [feature, word] : word_features) f[feature] = log_count(words[word]);

  // Repeated siblings: children of one parent with the same tag and first class (the component). Cards hold a link and
  // a heading or image with little text each; posts hold prose.
  int repeat_max = 0, card_groups = 0, card_count = 0, post_groups = 0, post_count = 0;
  double repeat_text = 0, post_text = 0;
  struct Group {
    int members = 0, linked = 0, headed = 0, prose = 0;
    double text = 0, links = 0;
  };
  std::unordered_map<size_t, Group> groups;
  for (NodeId parent = body; parent < dom[body].end; ++parent) {
    if (dom[parent].is_text || is_never_text(dom[parent].tag)) continue;
    groups.clear();
    for (NodeId c = dom[parent].first_child; c != kNoNode; c = dom[c].next_sibling) {
      if (dom[c].is_text || is_never_text(dom[c].tag)) continue;
      int32_t chars = pa.raw_text_of(dom, c);
      if (chars == 0) continue;
      size_t key = std::hash<std::string_view>()(dom.first_class(c)) * 31 + static_cast<size_t>(dom[c].tag);
      Group& g = groups[key];
      ++g.members;
      g.text += chars;
      g.links += pa.raw_link_of(dom, c);
      g.linked += holds(anchors, c) || dom[c].tag == GUMBO_TAG_A;
      g.headed += holds(headings, c);
      g.prose += pa.prose_of(dom, c) > 0 || chars - pa.raw_link_of(dom, c) >= 200;
    }
    for (const auto& [key, g] : groups) {
      if (g.members < 3) {
        if (g.members == 2 && g.prose == 2 && g.links < 0.3 * g.text) {
          ++post_groups;
          post_count = std::max(post_count, 2);
          post_text = std::max(post_text, g.text);
        }
        continue;
      }
      if (g.members > repeat_max) {
        repeat_max = g.members;
        repeat_text = g.text;
      }
      double mean_text = g.text / g.members;
      if (g.members >= 4 && 4 * g.linked >= 3 * g.members && mean_text < 500) {
        ++card_groups;
        card_count = std::max(card_count, g.members);
      }
      if (2 * g.prose >= g.members && g.links < 0.3 * g.text) {
        ++post_groups;
        post_count = std::max(post_count, g.members);
        post_text = std::max(post_text, g.text);
      }
    }
  }
  f[kPage_repeat_max] = log_count(repeat_max);
  f[kPage_repeat_text_share] = share(repeat_text, text);
  f[kPage_card_groups] = log_count(card_groups);
  f[kPage_card_count] = log_count(card_count);
  f[kPage_post_groups] = log_count(post_groups);
  f[kPage_post_count] = log_count(post_count);
  f[kPage_post_text_share] = share(post_text, text);
  f[kPage_article_share] = share(hint.chars, text);
  f[kPage_article_is_listing] = hint.is_listing ? 1.0f : 0.0f;
  quantize_features(f);
  return f;
}

}  // namespace winnow::clean
