#include "clean/jsonld.h"

#include <utility>

#include "clean/html_entities.h"
#include "clean/meta_text.h"

namespace winnow::clean {
namespace {

using namespace metatext;
using json = nlohmann::json;

constexpr int kMaxJsonDepth = 16;  // JSON-LD nesting we follow
constexpr size_t kMaxTags = 20;

std::string_view short_type(std::string_view t) {
  size_t p = t.find_last_of("/:#");
  return p == std::string_view::npos ? t : t.substr(p + 1);
}

template <typename Pred>
bool has_type(const json& o, Pred pred) {
  auto it = o.find("@type");
  if (it == o.end()) return false;
  if (it->is_string()) return pred(short_type(it->get_ref<const std::string&>()));
  if (!it->is_array()) return false;
  for (const json& e : *it) {
    if (e.is_string() && pred(short_type(e.get_ref<const std::string&>()))) return true;
  }
  return false;
}

bool is_article_type(std::string_view t) {
  return t.ends_with("Article") || t == "BlogPosting" || t == "Report" ||
         t == "SocialMediaPosting" || t == "LiveBlogPosting" || t == "DiscussionForumPosting";
}
bool is_page_type(std::string_view t) { return t.ends_with("Page"); }
bool is_product_type(std::string_view t) {
  return t == "Product" || t == "ProductGroup" || t == "IndividualProduct" || t == "ProductModel" || t == "Vehicle" ||
         t == "Car";
}

// Every @type below `j`, nested objects included (an Offer inside a Product), to a bounded depth
// and count.
void collect_types(const json& j, int depth, std::vector<std::string>& out) {
  constexpr size_t kMaxTypes = 200;
  if (depth > kMaxJsonDepth || out.size() >= kMaxTypes) return;
  if (j.is_array()) {
    for (const json& e : j) collect_types(e, depth + 1, out);
    return;
  }
  if (!j.is_object()) return;
  for (const auto& [key, value] : j.items()) {
    if (key == "@type") {
      if (value.is_string()) out.emplace_back(short_type(value.get_ref<const std::string&>()));
      if (value.is_array()) {
        for (const json& t : value) {
          if (t.is_string() && out.size() < kMaxTypes) out.emplace_back(short_type(t.get_ref<const std::string&>()));
        }
      }
    } else if (value.is_object() || value.is_array()) {
      collect_types(value, depth + 1, out);
    }
  }
}
bool is_site_type(std::string_view t) { return t == "WebSite"; }
bool is_org_type(std::string_view t) {
  return t.ends_with("Organization") || t == "Corporation" || t == "WebSite" || t == "Brand" ||
         t == "LocalBusiness" || t == "NGO";
}

/// A JSON-LD string, whitespace collapsed. Many CMSs HTML-escape JSON-LD values ("Q&amp;A"),
/// some twice ("&amp;#8217;"), and a script's text is never entity-decoded by the parser.
std::string ld_text(const json& v) {
  if (!v.is_string()) return {};
  std::string s = decode_entities(decode_entities(v.get_ref<const std::string&>()));
  return collapse_ws(s);
}

/// First string of a string or an array of strings.
std::string ld_string(const json& o, const char* key) {
  auto it = o.find(key);
  if (it == o.end()) return {};
  if (it->is_array() && !it->empty()) return ld_text(it->front());
  return ld_text(*it);
}

void fill_if_empty(std::string& slot, std::string value) {
  if (slot.empty()) slot = std::move(value);
}

void add_strings(const json& v, bool split_commas, std::vector<std::string>& out) {
  auto add = [&](const json& e) {
    std::string s = ld_text(e);
    if (!split_commas) return add_unique(out, s, kMaxTags);
    for_each_token(s, ',', [&](std::string_view t) { add_unique(out, t, kMaxTags); });
  };
  if (!v.is_array()) return add(v);
  for (const json& e : v) add(e);
}

}  // namespace

void LdCollector::add_script(std::string_view text) {
  text = trim(text);
  for (std::string_view open : {"<!--", "//<![CDATA[", "<![CDATA["}) {
    if (text.starts_with(open)) text = trim(text.substr(open.size()));
  }
  for (std::string_view close : {"-->", "//]]>", "]]>"}) {
    if (text.ends_with(close)) text = trim(text.substr(0, text.size() - close.size()));
  }
  // Raw control characters inside strings are invalid JSON yet common in JSON-LD. A raw line
  // break inside a string becomes an escaped one (articleBody keeps its paragraphs); any other
  // control character becomes a space.
  std::string cleaned;
  cleaned.reserve(text.size());
  bool in_string = false, escaped = false;
  for (char c : text) {
    if (static_cast<unsigned char>(c) < 0x20) {
      if (in_string && c == '\n') cleaned += "\\n";
      else cleaned += ' ';
      escaped = false;
      continue;
    }
    cleaned += c;
    if (escaped) escaped = false;
    else if (in_string && c == '\\') escaped = true;
    else if (c == '"') in_string = !in_string;
  }
  json doc = json::parse(cleaned, nullptr, false);
  if (doc.is_discarded()) return;
  docs_.push_back(std::move(doc));
  walk(docs_.back(), 0);
}

LdInfo LdCollector::info() const {
  LdInfo out;
  const json* article = first_of(is_article_type);
  const json* page = first_of(is_page_type);
  const json* site = first_of(is_site_type);
  out.is_article = article != nullptr;
  if (const json* product = first_of(is_product_type); product != nullptr) {
    out.product_description = ld_text(product->value("description", json()));
  }
  for (const json& doc : docs_) collect_types(doc, 0, out.types);
  if (article != nullptr) {
    if (auto it = article->find("articleBody"); it != article->end() && it->is_string()) {
      out.article_body = it->get<std::string>();
    }
  }
  for (const json* o : {article, page}) {
    if (o == nullptr) continue;
    if (out.headline.empty() && out.name.empty()) {
      out.headline = ld_string(*o, "headline");
      out.name = ld_string(*o, "name");
    }
    fill_if_empty(out.description, ld_string(*o, "description"));
    fill_if_empty(out.url, ld_string(*o, "url"));
    fill_if_empty(out.date, ld_string(*o, "datePublished"));
    fill_if_empty(out.date, ld_string(*o, "dateCreated"));
    fill_if_empty(out.date_modified, ld_string(*o, "dateModified"));
    if (auto it = o->find("image"); it != o->end()) fill_if_empty(out.image, image_of(*it, 0));
    fill_if_empty(out.image, ld_string(*o, "thumbnailUrl"));
    if (auto it = o->find("publisher"); it != o->end()) fill_if_empty(out.site_name, name_of(*it));
    if (out.persons.empty() && out.organizations.empty()) {
      for (const char* key : {"author", "creator"}) {
        if (auto it = o->find(key); it != o->end()) add_authors(*it, 0, out);
      }
    }
    if (auto it = o->find("keywords"); it != o->end()) add_strings(*it, true, out.tags);
    if (auto it = o->find("articleSection"); it != o->end())
      add_strings(*it, false, out.categories);
  }
  if (site != nullptr) fill_if_empty(out.site_name, ld_string(*site, "name"));
  return out;
}

void LdCollector::walk(const json& j, int depth) {
  if (depth > kMaxJsonDepth) return;
  if (j.is_array()) {
    for (const json& e : j) walk(e, depth + 1);
    return;
  }
  if (!j.is_object()) return;
  objects_.push_back(&j);
  if (auto id = j.find("@id"); id != j.end() && id->is_string() && j.size() > 1) {
    by_id_.emplace(id->get<std::string>(), &j);
  }
  for (const char* key : {"@graph", "mainEntity", "mainEntityOfPage"}) {
    if (auto it = j.find(key); it != j.end()) walk(*it, depth + 1);
  }
}

template <typename Pred>
const nlohmann::json* LdCollector::first_of(Pred pred) const {
  for (const json* o : objects_) {
    if (has_type(*o, pred)) return o;
  }
  return nullptr;
}

/// Follows a bare {"@id": ...} reference to the full node in the same graph.
const nlohmann::json& LdCollector::deref(const json& j) const {
  if (!j.is_object() || j.size() != 1) return j;
  auto id = j.find("@id");
  if (id == j.end() || !id->is_string()) return j;
  auto it = by_id_.find(id->get_ref<const std::string&>());
  return it == by_id_.end() ? j : *it->second;
}

std::string LdCollector::name_of(const json& v, int depth) const {
  const json& o = deref(v);
  if (o.is_string()) return ld_text(o);
  if (o.is_array() && !o.empty() && depth < 2) return name_of(o.front(), depth + 1);
  return o.is_object() ? ld_string(o, "name") : std::string();
}

std::string LdCollector::image_of(const json& v, int depth) const {
  const json& o = deref(v);
  if (o.is_string()) return ld_text(o);
  if (o.is_array() && !o.empty() && depth < 2) return image_of(o.front(), depth + 1);
  if (!o.is_object()) return {};
  std::string url = ld_string(o, "url");
  return url.empty() ? ld_string(o, "contentUrl") : url;
}

void LdCollector::add_authors(const json& v, int depth, LdInfo& out) const {
  const json& o = deref(v);
  if (o.is_string()) {
    out.persons.push_back(ld_text(o));
  } else if (o.is_array() && depth == 0) {
    for (const json& e : o) add_authors(e, depth + 1, out);
  } else if (o.is_object()) {
    std::string name = ld_string(o, "name");
    if (name.empty())
      name = collapse_ws(ld_string(o, "givenName") + " " + ld_string(o, "familyName"));
    (has_type(o, is_org_type) ? out.organizations : out.persons).push_back(std::move(name));
  }
}

}  // namespace winnow::clean
