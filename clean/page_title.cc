#include "clean/page_title.h"

#include <algorithm>
#include <span>
#include <utility>

#include "clean/meta_text.h"
#include "clean/metadata.h"

namespace winnow::clean {
namespace {

using namespace metatext;

// Separators between a title and a site name. The first kStrongSeparators rarely occur inside a
// headline; a dash often does ("Spider-Man - A Review"), so cutting there needs evidence.
constexpr std::string_view kSeparators[] = {" | ",  " :: ", " · ", " • ", " » ",
                                            " // ", " - ",  " – ", " — "};
constexpr std::span<const std::string_view> kAllSeparators(kSeparators);
constexpr std::span<const std::string_view> kStrongSeparators = kAllSeparators.first(6);

constexpr size_t kMaxTitleChars = 2000;
constexpr size_t kMinHeldLabel = 5;  // shorter host labels ("abc") occur inside other words

/// Lower-case ASCII letters and digits only: "The Verge" -> "theverge".
std::string squash(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (is_alpha(c) || is_digit(c)) out += lower(c);
  }
  return out;
}

/// A title part names the site when it matches a label of the page's host ("eHow" / ehow.com).
bool names_host(std::string_view part, const std::vector<std::string>& hosts) {
  std::string p = squash(part);
  if (p.size() < 3) return false;
  for (const std::string& host : hosts) {
    bool last = true;
    for (size_t end = host.size(); end != std::string::npos && end > 0;) {
      size_t dot = host.rfind('.', end - 1);
      size_t begin = dot == std::string::npos ? 0 : dot + 1;
      std::string label = host.substr(begin, end - begin);
      bool affix = p.starts_with(label) || p.ends_with(label);  // "Wikipedia, the free ..."
      // "Original Acme3D Printers" on blog.acme3d.com: a short part holding the host's name.
      bool holds = label.size() >= kMinHeldLabel && p.find(label) != std::string::npos;
      if (!last && label.size() >= 3 && label != "www" &&
          (p == label || ((affix || holds) && word_count(part) <= 4))) {
        return true;
      }
      last = false;
      end = dot;
    }
  }
  return false;
}

std::string strip_known_site(std::string_view title, std::string_view site) {
  if (site.empty() || title.size() <= site.size()) return std::string(title);
  auto keep = [](std::string_view s) {
    return trim(s).empty() ? std::string() : std::string(trim(s));
  };
  for (std::string_view sep : kAllSeparators) {
    std::string tail = std::string(sep) + std::string(site);
    if (iends_with(title, tail)) {
      if (std::string s = keep(title.substr(0, title.size() - tail.size())); !s.empty()) return s;
    }
    std::string head = std::string(site) + std::string(sep);
    if (istarts_with(title, head)) {
      if (std::string s = keep(title.substr(head.size())); !s.empty()) return s;
    }
  }
  std::string colon = std::string(site) + ": ";
  if (istarts_with(title, colon) && !keep(title.substr(colon.size())).empty()) {
    return keep(title.substr(colon.size()));
  }
  // The known name glued to the headline by a dash: "Headline -Site", "Site-Headline".
  for (std::string_view dash : {"-", "–", "—"}) {
    std::string tail = std::string(dash) + std::string(site);
    if (iends_with(title, tail)) {
      if (std::string s = keep(title.substr(0, title.size() - tail.size())); !s.empty()) return s;
    }
    std::string head = std::string(site) + std::string(dash);
    if (istarts_with(title, head)) {
      if (std::string s = keep(title.substr(head.size())); !s.empty()) return s;
    }
  }
  return std::string(title);
}

/// Splits at the last (or first) separator; keeps the long part when the other looks like a name.
std::string strip_by_shape(std::string_view title, std::span<const std::string_view> seps,
                           const std::vector<std::string>* hosts) {
  for (bool suffix : {true, false}) {
    size_t best = std::string_view::npos, len = 0;
    for (std::string_view sep : seps) {
      size_t at = suffix ? title.rfind(sep) : title.find(sep);
      if (at == std::string_view::npos) continue;
      if (best == std::string_view::npos || (suffix ? at > best : at < best))
        best = at, len = sep.size();
    }
    if (best == std::string_view::npos) continue;
    std::string_view site = suffix ? title.substr(best + len) : title.substr(0, best);
    std::string_view kept = suffix ? title.substr(0, best) : title.substr(best + len);
    bool site_like =
        hosts ? names_host(site, *hosts)
              : word_count(site) <= 4 && word_count(kept) >= 3 && kept.size() > site.size();
    if (site_like && !trim(kept).empty()) return std::string(trim(kept));
  }
  return std::string(title);
}

/// "Lorem ipsum dolor sit amet – My website": with no site name known, a dash splits off a site
/// name only when what follows is short and reads like a name (not lower case: "- and then").
std::string strip_dash_suffix(std::string_view title) {
  size_t best = std::string_view::npos, len = 0;
  for (std::string_view sep : kAllSeparators.subspan(kStrongSeparators.size())) {
    size_t at = title.rfind(sep);
    if (at != std::string_view::npos && (best == std::string_view::npos || at > best)) best = at, len = sep.size();
  }
  if (best == std::string_view::npos) return std::string(title);
  std::string_view site = trim(title.substr(best + len));
  std::string_view kept = trim(title.substr(0, best));
  bool name_like = !site.empty() && !(site[0] >= 'a' && site[0] <= 'z') && word_count(site) <= 3;
  if (name_like && word_count(kept) >= 5) return std::string(kept);
  return std::string(title);
}

/// "Headline -SiteName", "Headline –SiteName": a dash glued to the suffix, with no space after
/// it, reads as " - SiteName". The title with that space put back, or empty when it has none.
std::string spaced_glued_dash(std::string_view title) {
  for (std::string_view dash : {" -", " –", " —"}) {
    size_t at = title.rfind(dash);
    size_t after = at == std::string_view::npos ? at : at + dash.size();
    if (after == std::string_view::npos || after >= title.size() || space_len(title, after) != 0 ||
        title[after] == '-') {
      continue;
    }
    return std::string(title.substr(0, after)) + " " + std::string(title.substr(after));
  }
  return {};
}

std::string strip_title_spaced(std::string_view title, std::string_view site_name,
                               const std::vector<std::string>& hosts);

}  // namespace

std::string strip_title(std::string_view title, std::string_view site_name,
                        const std::vector<std::string>& hosts) {
  std::string out = strip_title_spaced(title, site_name, hosts);
  if (out != title) return out;
  // A site name behind a glued dash goes the way it goes behind " - ".
  if (std::string spaced = spaced_glued_dash(title); !spaced.empty()) {
    std::string stripped = strip_title_spaced(spaced, site_name, hosts);
    if (stripped != spaced) return stripped;
  }
  return out;
}

TitlePiece title_piece(std::string_view title, std::string_view part) {
  part = trim(part);
  title = trim(title);
  // Longer is no title (and the search below is quadratic).
  if (part.empty() || part.size() > title.size() || title.size() > kMaxTitleChars) return TitlePiece::kNone;
  if (iequals(title, part)) return TitlePiece::kWhole;
  // A colon, a spaced colon or an opening bracket also ends a part here: "Camping Tents: Large
  // Tents for Families" and "Video Games : Shop" name the page "Camping Tents" and "Video
  // Games" and add a description, "Searching [Docs]" a site name. (strip_title never cuts
  // there: such a suffix is rarely the site's name.)
  auto separated = [&](size_t at, bool before) {
    if (!before) {
      for (std::string_view sep : {": ", " : ", " [", " ("}) {
        if (title.substr(at, sep.size()) == sep) return true;
      }
    }
    for (std::string_view sep : kAllSeparators) {
      if (before ? at >= sep.size() && iequals(title.substr(at - sep.size(), sep.size()), sep)
                 : iequals(title.substr(at, sep.size()), sep)) {
        return true;
      }
    }
    return false;
  };
  auto word_edge = [&](size_t at) {
    return at == 0 || at >= title.size() || !(is_alpha(title[at]) || is_digit(title[at])) ||
           !(is_alpha(title[at - 1]) || is_digit(title[at - 1]));
  };
  TitlePiece found = TitlePiece::kNone;
  for (size_t at = ifind(title, part); at != std::string_view::npos;) {
    size_t end = at + part.size();
    bool sep_before = at == 0 || separated(at, true), sep_after = end == title.size() || separated(end, false);
    if (sep_before && sep_after) {
      return at == 0 ? TitlePiece::kFirst : end == title.size() ? TitlePiece::kLast : TitlePiece::kInner;
    }
    if (found == TitlePiece::kNone && word_edge(at) && word_edge(end)) found = TitlePiece::kInside;
    size_t next = ifind(title.substr(at + 1), part);
    at = next == std::string_view::npos ? next : at + 1 + next;
  }
  return found;
}

namespace {

std::string strip_title_spaced(std::string_view title, std::string_view site_name,
                               const std::vector<std::string>& hosts) {
  if (iequals(title, site_name)) return std::string(title);  // a home page: the title is the site
  std::string out = strip_known_site(title, site_name);
  if (out != title) return out;
  out = strip_by_shape(title, kAllSeparators, &hosts);
  if (out != title) return out;
  out = strip_by_shape(title, kStrongSeparators, nullptr);
  if (out != title) return out;
  return strip_dash_suffix(title);
}

}  // namespace

bool is_site_name(std::string_view text, std::string_view site_name,
                  const std::vector<std::string>& hosts) {
  if (!site_name.empty() && iequals(trim(text), trim(site_name))) return true;
  std::string t = squash(text);
  if (t.size() < 3) return false;
  for (std::string_view host : hosts) {
    if (host.starts_with("www.")) host.remove_prefix(4);
    if (host.empty()) continue;
    if (t == squash(host)) return true;  // "Example.org" on example.org
    size_t last_dot = host.rfind('.');
    for (size_t begin = 0; last_dot != std::string_view::npos && begin < last_dot;) {
      size_t dot = host.find('.', begin);
      if (t == squash(host.substr(begin, dot - begin))) return true;
      begin = dot + 1;
    }
  }
  return false;
}

std::string strip_title_site_name(std::string_view title, std::string_view site_name) {
  std::string collapsed = collapse_ws(title);
  std::string out = strip_known_site(collapsed, collapse_ws(site_name));
  if (out != collapsed || !site_name.empty()) return out;
  return strip_by_shape(collapsed, kStrongSeparators, nullptr);
}

std::vector<std::string> title_parts(std::string_view title) {
  constexpr size_t kMaxPieces = 8;                // more is a breadcrumb trail, not a title
  std::vector<std::pair<size_t, size_t>> pieces;  // [begin, end) of each part
  size_t begin = 0;
  while (pieces.size() < kMaxPieces) {
    size_t at = std::string_view::npos, len = 0;
    for (std::string_view sep : kAllSeparators) {
      size_t found = title.find(sep, begin);
      if (found < at) at = found, len = sep.size();
    }
    pieces.emplace_back(begin, std::min(at, title.size()));
    if (at == std::string_view::npos) break;
    begin = at + len;
  }
  std::vector<std::string> out;
  if (pieces.size() < 2 || pieces.back().second != title.size()) return out;
  for (size_t i = 0; i < pieces.size(); ++i) {
    for (size_t j = i; j < pieces.size(); ++j) {
      if (i == 0 && j + 1 == pieces.size()) continue;
      std::string_view part =
          trim(title.substr(pieces[i].first, pieces[j].second - pieces[i].first));
      if (!part.empty()) out.emplace_back(part);
    }
  }
  return out;
}

std::string title_key(std::string_view text) {
  std::string key = collapse_ws(text);
  for (char& c : key) c = lower(c);
  return key;
}

std::string title_from_document(const std::string& doc_title, const std::vector<std::string>& h1s,
                                const std::vector<std::string>& body_parts,
                                std::string_view site_name) {
  for (const std::string& h1 : h1s) {
    if (doc_title.empty() && !h1.empty()) return h1;
    if (word_count(h1) < 2 || !icontains(doc_title, h1)) continue;
    if (!iends_with(doc_title, h1) || iequals(doc_title, h1)) return h1;
    if (std::string s = strip_known_site(doc_title, h1); s != doc_title) return s;
  }
  // A part shorter than the rest of the title is more likely a name shown on the page (the
  // site's, the author's) than the headline.
  const std::string* best = nullptr;
  for (const std::string& part : body_parts) {
    bool bulk = 2 * part.size() > doc_title.size();
    if (bulk && !iequals(part, site_name) && (best == nullptr || part.size() > best->size())) {
      best = &part;
    }
  }
  return best != nullptr ? *best : doc_title;
}

}  // namespace winnow::clean
