// The page's visible headline and the site's logo: what a reader sees as the title and as the
// site's name, next to what <meta> and JSON-LD say. Internal to clean/; metadata.cc uses it.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "clean/dom.h"

namespace winnow::clean {

/// The text a reader sees in a heading: hidden parts, scripts and SVG left out, section-edit
/// links ("[edit]", "[edit source]") and anchor symbols ("¶", "#") dropped from its end, <br>
/// and block boundaries read as spaces; whitespace collapsed.
std::string heading_text(const Dom& dom, NodeId heading);

/// True when the element or one of its ancestors is hidden: `hidden`, display:none or
/// visibility:hidden, a screen-reader-only class; not a wrapper of most of the page, which a
/// script reveals.
bool hidden_in_page(const Dom& dom, NodeId id);

/// True when the element or an ancestor is the site's logo or name in the page header: a class
/// or id word "logo", "brand", "masthead", "site-title" or "site-name", or a link to the site's
/// home page ("/").
bool in_site_logo(const Dom& dom, NodeId id);

/// The site's name as its logo shows it: the text of a logo element (class or id word "logo" or
/// "brand") that sits in the page header (<header>, role=banner, or before the first <h1>),
/// else its image's alt text ("Acme logo" gives "Acme"). Empty when there is none or it reads
/// like a control ("Home", "Menu") rather than a name.
std::string logo_site_name(const Dom& dom);

/// The page's headline among its <h1>s (`h1_texts`, heading_text of each h1 that is neither
/// hidden nor the site's logo): the only distinct one; of several, the one that is a piece of
/// `meta_title` or `doc_title`, when exactly one is. Empty otherwise.
std::string pick_headline(const std::vector<std::string>& h1_texts, std::string_view meta_title,
                          std::string_view doc_title);

/// Whether the visible headline is the page's title rather than the title its metadata gives.
/// A headline that is a piece of the metadata title is that title without its additions (site
/// name, SEO keywords, "Updated 2025"). On an article, the headline is what the story is
/// called (the metadata title is often rewritten for search engines); on other pages (landing,
/// product, service pages) the <h1> is more often a slogan, and the metadata title names them.
/// `bare_meta_title` is `meta_title` without its site name.
bool headline_is_title(std::string_view headline, std::string_view meta_title,
                       std::string_view doc_title, std::string_view bare_meta_title, bool is_article);

}  // namespace winnow::clean
