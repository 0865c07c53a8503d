// The clean stage's public API: HTML (UTF-8) in, Article out.
#pragma once

#include <chrono>
#include <cstddef>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace winnow::clean {

/// Page metadata. Empty strings mean "not found": never invented.
struct Metadata {
  std::string url;            // the page's own URL, when known
  std::string canonical_url;  // <link rel=canonical>, og:url, JSON-LD url
  std::string title;          // without " - Site name" suffixes
  std::string author;         // several authors joined with "; "
  std::string date;           // published, ISO 8601 (YYYY-MM-DD or full timestamp)
  std::string date_modified;  // ISO 8601
  std::string site_name;
  std::string hostname;       // host of url (or canonical_url)
  std::string language;       // BCP 47 tag, e.g. "en", "ko", "pt-BR"
  std::string description;
  std::string image;
  std::vector<std::string> tags;
  std::vector<std::string> categories;
};

/// A link inside a block: its text as it appears in Block::text, and its absolute target.
struct Link {
  std::string text;
  std::string href;
};

/// One block of article text, in reading order.
struct Block {
  enum class Kind { Heading, Paragraph, ListItem, Quote, Code, TableRow };
  Kind kind = Kind::Paragraph;
  std::string text;  // normalized: NFC, single spaces, no newlines except in Code
  int level = 0;     // heading level 1-6; list nesting depth for ListItem
  bool ordered = false;  // ListItem of an <ol>
  int number = 0;        // 1-based position in an ordered list
  int group = 0;         // list or table this item/row belongs to: rows of one group stay together
  bool header = false;   // TableRow made of header cells
  std::vector<std::string> cells;  // TableRow cells; `text` joins them with " | "
  std::vector<Link> links;         // in text order; filled only with CleanOptions::keep_links
};

/// What kind of page it is. Each kind has its own main content: the story of an article, every
/// post of a forum thread, the specs and description of a product, the item grid of a collection
/// (a shop's category page), the cards of a listing (a content index), the text and code of
/// documentation, every section of a service (marketing) page.
enum class PageType { Article, Forum, Product, Collection, Listing, Documentation, Service };
inline constexpr PageType kPageTypes[] = {PageType::Article,    PageType::Forum,         PageType::Product,
                                          PageType::Collection, PageType::Listing,       PageType::Documentation,
                                          PageType::Service};
/// The lower-case word for a type: "article", "forum", "product", "collection", "listing",
/// "documentation", "service".
std::string_view page_type_name(PageType type);
/// The type a word names (as page_type_name writes it), or nullopt.
std::optional<PageType> page_type_from_name(std::string_view name);

struct Article {
  Metadata meta;
  std::vector<Block> blocks;
  PageType page_type = PageType::Article;
  /// page_type is Article: kept for users and recrawl schedules that tell articles from the rest.
  bool is_article = false;

  // For the crawler, filled only with CleanOptions::collect_links, from the whole page (not only
  // the article): absolute http(s) URLs, normalized, unique, in page order (clean/links.h).
  std::vector<std::string> page_links;  // <a href>, <area href>; at most 5 000
  std::vector<std::string> feed_links;  // <link rel=alternate> of RSS, Atom and JSON feeds
  bool robots_noindex = false;          // <meta name="robots|winnow" content="noindex|none">
  bool robots_nofollow = false;         // <meta name="robots|winnow" content="nofollow|none">

  /// Plain text: one block a line, a blank line between paragraphs and other block groups.
  std::string text() const;
  /// Markdown rendering of the same blocks; links as [text](href) when the blocks carry them.
  std::string markdown() const;
  /// Words in text(); CJK ideographs and kana count one each.
  std::size_t word_count() const;
};

/// Which error the cleaner prefers when unsure: junk in the text (recall) or text left out
/// (precision).
enum class Focus { Balanced, Precision, Recall };

class CompiledSiteRules;

/// Tunable behaviour of the cleaner. Thresholds live in clean/options.h.
struct CleanOptions {
  Focus focus = Focus::Balanced;
  bool keep_captions = false;  // figure captions, photo credits, gallery slides
  bool keep_comments = false;  // reader comments below the article
  bool keep_links = false;     // Block::links, rendered by Article::markdown()
  bool keep_tables = true;     // data tables as TableRow blocks; false drops them
  /// Only articles keep their text: other page types come out with no blocks (their metadata
  /// and page_type are still filled).
  bool articles_only = false;
  /// Per-site keep/drop selectors (clean/site_rules.h); the rule of the page's host applies.
  const CompiledSiteRules* site_rules = nullptr;
  /// Article::page_links, feed_links and robots_*: for a crawler. Off, nothing of it runs.
  bool collect_links = false;
  /// Pages with more elements (start tags) are refused before parsing: a DOM costs some 350
  /// bytes a node, and the largest real pages we know have 10 000 elements. 0: no limit.
  std::size_t max_elements = 200000;
  /// Cleaning a page stops with LimitExceeded once this much time has gone by. It is looked at
  /// between the cleaner's stages, each linear in the page's size (bounded by max_elements), so
  /// a page may overrun it by one stage. 0: no budget.
  std::chrono::milliseconds time_budget{2000};
  /// Before parsing, empty what the cleaner never reads (script and style bodies, comments) so
  /// that Gumbo does not tokenize it (clean/nesting.h). The output is the same either way; off
  /// is for comparison, and an escape hatch.
  bool prescan = true;
};

/// A page the cleaner gave up on: over CleanOptions::max_elements or time_budget. The message
/// says which; the page is not cleaned, and other pages are not affected.
class LimitExceeded : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// Parses `html` (already UTF-8) and extracts the article and its metadata.
/// `url` may be empty; when given it resolves relative URLs and fills Metadata::url/hostname.
/// Malformed HTML yields whatever article can be found (maybe none). A page over the options'
/// limits throws LimitExceeded; a site rule's XPath that fails to evaluate on the page throws
/// clean::SelectorError.
Article clean_html(std::string_view html, std::string_view url = {}, const CleanOptions& options = {});
/// The same, taking the page's markup (left empty): the prescan edits it in place and it is freed
/// once parsed, so that the page is not held twice while Gumbo builds its tree. For callers that
/// are done with the markup, as a crawl is once it has the article.
Article clean_taken_html(std::string&& html, std::string_view url = {}, const CleanOptions& options = {});

}  // namespace winnow::clean
