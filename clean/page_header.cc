#include "clean/page_header.h"

#include <algorithm>
#include <optional>

#include "clean/byline.h"
#include "clean/date_parse.h"
#include "clean/meta_text.h"

namespace winnow::clean {
namespace {

using namespace metatext;

constexpr size_t kMinConversationTimes = 3;
constexpr size_t kConversationWindow = 10;  // times whose order is judged
constexpr int64_t kPostChars = 150;         // text between two posts' times
constexpr int kTextNodesAfter = 25;      // text nodes looked at after the headline
constexpr int kTextNodesBefore = 8;      // ... and before it, inside its container
constexpr size_t kMaxDateLineChars = 100;  // a longer text is a sentence, not a date line
constexpr size_t kBodyTextChars = 200;   // a text this long is the story: the header ended
constexpr size_t kMaxSummaryChars = 400;  // ... unless it is a summary right under the headline
constexpr int32_t kMaxLineNodes = 12;    // an element this small is one line of the header
constexpr int kContainerLevels = 2;      // the headline's container: parent or grandparent
constexpr size_t kLinkHeadlineWords = 6;  // a link this long is a teaser's headline
constexpr int kLabelHops = 12;           // nodes looked back for a label before a date
constexpr int kLabelTexts = 3;           // ... and the texts among them
constexpr int kTeaserRepeats = 3;        // dated elements of one class: teasers
constexpr size_t kMaxNameWords = 5;      // a longer link text is no person's name
constexpr size_t kMaxNameChars = 60;
constexpr size_t kMinNameChars = 2;      // a letter alone is an avatar's
constexpr NodeId kPostAuthorReach = 60;  // nodes looked at around a post's time for its author
constexpr int kLinkLevels = 3;           // a link around a text node, this many levels up
constexpr size_t kMaxBylineNames = 5;
constexpr size_t kMaxLabelWords = 6;     // "This post was written by"
constexpr size_t kRoleChars = 30;        // the end of the words before a name that say its role

bool never_text(GumboTag tag) {
  return tag == GUMBO_TAG_SCRIPT || tag == GUMBO_TAG_STYLE || tag == GUMBO_TAG_NOSCRIPT ||
         tag == GUMBO_TAG_TEMPLATE || tag == GUMBO_TAG_TEXTAREA || tag == GUMBO_TAG_SVG;
}

/// The line a text node belongs to: its parent's text when the parent is a small element (a
/// date split over spans: "<span>Dec</span> <span>12, 2025</span>"), else its own text.
std::string line_of(const Dom& dom, NodeId text) {
  NodeId parent = dom[text].parent;
  if (parent != kNoNode && dom[parent].end - parent <= kMaxLineNodes && dom[parent].tag != GUMBO_TAG_BODY) {
    return collapse_ws(dom.text_content(parent));
  }
  return collapse_ws(dom.text(text));
}

bool in_never_text(const Dom& dom, NodeId id) {
  for (NodeId at = dom[id].parent, hops = 0; at != kNoNode && hops < 4; at = dom[at].parent, ++hops) {
    if (never_text(dom[at].tag)) return true;
  }
  return false;
}

bool labels_update(std::string_view text) {
  for (std::string_view label : {"updat", "modif", "edited", "revised", "aktualisiert", "mis à jour",
                                 "actualizado", "atualizado", "aggiornato", "bijgewerkt"}) {
    if (icontains(text, label)) return true;
  }
  return false;
}

/// "Deadline to apply:", "Event date:": a label that names some other date than the page's.
/// Publication labels ("Published:", "Posted on", "Date:") and bylines ("By Ann -") pass.
bool names_other_date(std::string_view before) {
  if (!before.ends_with(":")) return false;
  for (std::string_view ok : {"publi", "post", "date", "datum", "fecha", "data", "written", "by "}) {
    if (icontains(before, ok) && !icontains(before, "event") && !icontains(before, "deadline")) return false;
  }
  return true;
}

/// The few words before node `id` in document order ("Last Updated on").
std::string previous_words(const Dom& dom, NodeId id) {
  std::string out;
  int texts = 0;
  for (NodeId at = id - 1, hops = 0; at >= 0 && hops < kLabelHops && texts < kLabelTexts; --at, ++hops) {
    if (!dom[at].is_text || trim(dom.text(at)).empty()) continue;
    out = std::string(trim(dom.text(at))) + " " + out;
    ++texts;
  }
  return out;
}

/// The date of the date line holding text node `id`, or empty: a short text with a date that
/// no update label precedes, in the line or just before it ("<span>Last Updated</span> <span>
/// Mar 11, 2026</span>").
/// True when `iso`, the date of `element`, is the newest of several dates in elements of the
/// same tag and class: a listing shows its teasers newest first, each dated the same way
/// ("<span class=date>" in every card).
bool newest_teaser_date(const Dom& dom, NodeId element, const std::string& iso) {
  std::string_view cls = dom.attr(element, "class");
  if (cls.empty()) return false;
  int dated = 0;
  bool other_day = false;
  for (NodeId id = 0; id < dom.size(); ++id) {
    if (dom[id].is_text || dom[id].tag != dom[element].tag || dom.attr(id, "class") != cls ||
        dom[id].end - id > kMaxLineNodes) {
      continue;
    }
    std::string text = collapse_ws(dom.text_content(id));
    if (text.size() > kMaxDateLineChars) continue;
    std::optional<DateMatch> d = find_date(text);
    if (!d) continue;
    if (d->iso.substr(0, 10) > iso.substr(0, 10)) return false;
    other_day = other_day || d->iso.substr(0, 10) != iso.substr(0, 10);
    ++dated;
  }
  return dated >= kTeaserRepeats && other_day;
}

/// A date in a list of dates: an archive or a calendar ("Fri, 6 Mar 2026", "Thu, 5 Mar 2026"
/// as links), not the article's own date line ("Thread starter ..., Start date ...").
bool in_dated_list(const Dom& dom, NodeId id) {
  NodeId item = dom[id].parent;
  for (int hops = 0; item != kNoNode && hops < 4 && dom[item].tag != GUMBO_TAG_LI; ++hops) item = dom[item].parent;
  if (item == kNoNode || dom[item].tag != GUMBO_TAG_LI || dom[item].parent == kNoNode) return false;
  int dated = 0;
  for (NodeId li = dom[dom[item].parent].first_child; li != kNoNode && dated < kTeaserRepeats; li = dom[li].next_sibling) {
    if (dom[li].is_text || dom[li].tag != GUMBO_TAG_LI || dom[li].end - li > kMaxLineNodes) continue;
    std::string text = collapse_ws(dom.text_content(li));
    dated += text.size() <= kMaxDateLineChars && find_date(text).has_value();
  }
  return dated >= kTeaserRepeats;
}

/// A listing's date (a teaser's, an archive's) found where the article's would be: the page has
/// no date line of its own to look for.
constexpr std::string_view kListingDate = "listing";

std::string date_of_line(const Dom& dom, NodeId id) {
  std::string line = line_of(dom, id);
  if (line.empty() || line.size() > kMaxDateLineChars) return {};
  std::optional<DateMatch> found = find_date(line);
  if (!found || is_future_date(found->iso)) return {};
  std::string_view before = trim(std::string_view(line).substr(0, found->begin));
  if (labels_update(before) || names_other_date(before)) return {};
  NodeId parent = dom[id].parent == kNoNode ? id : dom[id].parent;
  if (in_dated_list(dom, id)) return std::string(kListingDate);
  if (found->begin == 0) {
    std::string label = previous_words(dom, parent);
    if (labels_update(label) || names_other_date(trim(label))) return {};
  }
  if (parent != id && newest_teaser_date(dom, parent, found->iso)) return std::string(kListingDate);
  return found->iso;
}

}  // namespace

const PageTime* conversation_start(const std::vector<PageTime>& times) {
  if (times.empty()) return nullptr;
  auto day = [](const std::string& iso) { return std::string_view(iso).substr(0, 10); };
  const std::string& first = times.front().iso;
  // The thread runs until a time older (by day) than its first post: "similar threads" and the
  // like. It goes forward by day at least as often as back; answers sorted by votes mix their
  // hours, but a front page whose same-day stories mostly go back in time is no thread.
  size_t forward = 0, back = 0, forward_time = 0, back_time = 0, wordy = 0, length = 0;
  for (size_t i = 0; i < times.size() && day(times[i].iso) >= day(first); ++i, ++length) {
    if (i == 0 || i >= kConversationWindow) continue;  // a sidebar of recent posts may follow
    const std::string &now = times[i].iso, &before = times[i - 1].iso;
    forward += day(now) > day(before);
    back += day(now) < day(before);
    forward_time += now > before;
    back_time += now < before;
    wordy += times[i].text_before - times[i - 1].text_before >= kPostChars;
  }
  size_t gaps = std::min(length, kConversationWindow) - 1;
  if (length < kMinConversationTimes || forward < back || back_time > 2 * forward_time ||
      2 * wordy < gaps || is_future_date(first)) {
    return nullptr;
  }
  return &times.front();
}

std::string conversation_date(const std::vector<PageTime>& times) {
  const PageTime* start = conversation_start(times);
  return start == nullptr ? std::string() : start->iso;
}

std::string person_link_name(const Dom& dom, NodeId a) {
  if (a == kNoNode || dom[a].is_text || dom[a].tag != GUMBO_TAG_A) return {};
  std::string_view href = trim(dom.attr(a, "href"));
  if (href.empty() || href.starts_with("#") || istarts_with(href, "javascript:") || istarts_with(href, "mailto:")) {
    return {};
  }
  // A button ("Sign up", "Articles by Ann") leads to a person's page without naming them.
  std::string_view cls = dom.attr(a, "class");
  if (icontains(cls, "btn") || icontains(cls, "button") || icontains(cls, "cta")) return {};
  std::string name = clean_person(dom.text_content(a));
  if (name.size() < kMinNameChars || word_count(name) > kMaxNameWords || name.size() > kMaxNameChars ||
      icontains(name, " by ")) {
    return {};
  }
  for (std::string_view generic : {"author", "authors", "team", "our team", "staff", "about", "profile",
                                   "view profile", "contributors", "members", "home", "more", "bio"}) {
    if (iequals(name, generic)) return {};
  }
  // The path and the query, without scheme and host.
  if (size_t scheme = href.find("://"); scheme != std::string_view::npos) {
    size_t path = href.find('/', scheme + 3);
    href = path == std::string_view::npos ? std::string_view() : href.substr(path);
  }
  size_t query_at = href.find_first_of("?#");
  std::string_view query = query_at == std::string_view::npos ? std::string_view() : href.substr(query_at);
  std::string_view path = href.substr(0, query_at);
  bool person_page = icontains(query, "viewprofile") || icontains(dom.attr(a, "rel"), "author");
  bool after_person_word = false;
  for_each_token(path, '/', [&](std::string_view segment) {
    if (after_person_word) person_page = true;
    for (std::string_view word : {"author", "authors", "writer", "writers", "contributor", "contributors",
                                  "people", "person", "staff", "team", "profile", "profiles", "user", "users",
                                  "member", "members", "u", "journalist", "journalists", "reporter", "reporters",
                                  "expert", "experts"}) {
      after_person_word = after_person_word || iequals(segment, word);
    }
  });
  return person_page ? name : std::string();
}

std::string first_post_author(const Dom& dom, NodeId time) {
  if (time == kNoNode) return {};
  for (NodeId d = 1; d <= kPostAuthorReach; ++d) {
    NodeId after = dom[time].end - 1 + d, before = time - d;
    for (NodeId at : {before, after}) {
      if (at < 0 || at >= dom.size() || dom[at].is_text || dom[at].tag != GUMBO_TAG_A) continue;
      if (std::string name = person_link_name(dom, at); !name.empty()) return name;
    }
  }
  return {};
}

std::vector<NodeId> header_texts(const Dom& dom, NodeId h1) {
  std::vector<NodeId> out;
  if (h1 == kNoNode) return out;
  int seen = 0;
  for (NodeId id = dom[h1].end; id < dom.size() && seen < kTextNodesAfter; ++id) {
    // A heading with a link or a long link is a teaser's headline: the header ended. (A plain
    // heading may be the story's subtitle.)
    GumboTag tag = dom[id].tag;
    bool heading = tag == GUMBO_TAG_H1 || tag == GUMBO_TAG_H2 || tag == GUMBO_TAG_H3 || tag == GUMBO_TAG_H4 ||
                   tag == GUMBO_TAG_H5 || tag == GUMBO_TAG_H6;
    if (!dom[id].is_text && ((heading && dom.find_tag(GUMBO_TAG_A, id) != kNoNode) ||
                             (tag == GUMBO_TAG_A && word_count(collapse_ws(dom.text_content(id))) >= kLinkHeadlineWords))) {
      break;
    }
    // A subtitle, or a heading that dates a listing's day ("Fri, 6 Mar 2026 (50 entries)").
    if (!dom[id].is_text && heading) {
      id = dom[id].end - 1;
      continue;
    }
    if (!dom[id].is_text) continue;
    std::string_view text = trim(dom.text(id));
    if (text.empty() || in_never_text(dom, id)) continue;
    // The first text may be the story's summary under its headline; a long text after it is
    // the story.
    if (text.size() >= kBodyTextChars && (seen > 0 || text.size() >= kMaxSummaryChars)) break;
    ++seen;
    out.push_back(id);
  }
  NodeId container = h1;
  for (int i = 0; i < kContainerLevels && dom[container].parent != kNoNode; ++i) container = dom[container].parent;
  seen = 0;
  for (NodeId id = h1 - 1; id > container && seen < kTextNodesBefore; --id) {
    if (!dom[id].is_text) continue;
    std::string_view text = trim(dom.text(id));
    if (text.empty() || in_never_text(dom, id)) continue;
    if (text.size() >= kBodyTextChars) break;
    ++seen;
    out.push_back(id);
  }
  return out;
}

std::string headline_date(const Dom& dom, NodeId h1) {
  for (NodeId id : header_texts(dom, h1)) {
    if (std::string iso = date_of_line(dom, id); !iso.empty()) return iso == kListingDate ? std::string() : iso;
  }
  return {};
}

namespace {

/// The <a> around text node `id`, a few levels up, or kNoNode.
NodeId enclosing_link(const Dom& dom, NodeId id) {
  for (NodeId at = dom[id].parent, hops = 0; at != kNoNode && hops < kLinkLevels; at = dom[at].parent, ++hops) {
    if (dom[at].tag == GUMBO_TAG_A) return at;
  }
  return kNoNode;
}

/// The words before a name that give its person another role than the author's.
bool names_other_role(std::string_view before) {
  size_t by = ifind(before, " by");
  std::string_view label = by == std::string_view::npos ? before : before.substr(0, by);
  for (std::string_view role : {"review", "edit", "fact", "check", "photo", "illustrat", "video", "image"}) {
    if (icontains(label.substr(label.size() > kRoleChars ? label.size() - kRoleChars : 0), role)) return true;
  }
  return false;
}

/// "By", "Written by:", "Author:", "This post was written by" alone: the name follows in the
/// next text.
bool is_byline_label(std::string_view text) {
  if (text.ends_with(":")) text = trim(text.substr(0, text.size() - 1));
  for (std::string_view label : {"by", "written by", "posted by", "authored by", "author", "authors",
                                 "autor", "auteur", "von", "par", "por", "door"}) {
    if (iequals(text, label)) return true;
  }
  return word_count(text) <= kMaxLabelWords && (iends_with(text, " written by") || iends_with(text, " posted by"));
}

}  // namespace

std::vector<std::string> headline_byline(const Dom& dom, NodeId h1) {
  std::vector<NodeId> texts = header_texts(dom, h1);
  std::vector<std::string> names;
  NodeId last_link = kNoNode;
  for (NodeId id : texts) {
    NodeId a = enclosing_link(dom, id);
    if (a == kNoNode || a == last_link) continue;
    last_link = a;
    // "Reviewed by", "Edited by", "Fact checked by", "Photo by": someone else than the author.
    if (names_other_role(previous_words(dom, a))) continue;
    if (std::string name = person_link_name(dom, a); !name.empty()) add_unique(names, name, kMaxBylineNames);
  }
  if (!names.empty()) return names;
  for (size_t i = 0; i < texts.size(); ++i) {
    std::string line = line_of(dom, texts[i]);
    if (by_word_length(line) != 0) {
      if (std::vector<std::string> found = plain_byline_names(line); !found.empty()) return found;
    }
    if (is_byline_label(trim(dom.text(texts[i]))) && i + 1 < texts.size() && texts[i + 1] > texts[i]) {
      std::string name = clean_person(dom.text(texts[i + 1]));
      if (!name.empty() && word_count(name) <= kMaxNameWords && name.size() <= kMaxNameChars &&
          find_date(name) == std::nullopt) {
        return {name};
      }
    }
  }
  return {};
}

}  // namespace winnow::clean
