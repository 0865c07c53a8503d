// JSON-LD (schema.org) reading for page metadata: collects every object of every
// <script type="application/ld+json"> and picks the article's fields. Internal to clean/.
#pragma once

#include <deque>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace winnow::clean {

/// What the page's JSON-LD says about its article. Strings are whitespace-collapsed and empty
/// when absent; dates are raw (not yet parsed).
struct LdInfo {
  std::string headline, name;  // Wikipedia puts a description in headline: see pick_ld_title
  std::string description, url, date, date_modified, site_name, image;
  std::vector<std::string> persons, organizations, tags, categories;
  std::string article_body;  // the article object's articleBody, line breaks kept
  bool is_article = false;   // an Article-like object (Article, BlogPosting...) was found
  std::string product_description;  // the first Product-like object's description
  std::vector<std::string> types;   // every @type of every object, nested ones too ("Product", "Offer")
};

/// Collects JSON-LD scripts one at a time, then answers for all of them together, so that
/// "@id" references resolve across scripts and "@graph" lists.
class LdCollector {
 public:
  /// Parses one script's text; malformed JSON is ignored.
  void add_script(std::string_view text);
  /// The article's fields: from the first Article-like object, then the first *Page object.
  LdInfo info() const;

 private:
  using json = nlohmann::json;
  void walk(const json& j, int depth);
  template <typename Pred>
  const json* first_of(Pred pred) const;
  const json& deref(const json& j) const;
  std::string name_of(const json& v, int depth = 0) const;
  std::string image_of(const json& v, int depth) const;
  void add_authors(const json& v, int depth, LdInfo& out) const;

  std::deque<json> docs_;  // stable addresses for objects_ and by_id_
  std::vector<const json*> objects_;
  std::unordered_map<std::string, const json*> by_id_;
};

}  // namespace winnow::clean
