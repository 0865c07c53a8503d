// Published dates that only the page's layout tells: the first post of a conversation, and a
// date line beside the headline. Internal to clean/; metadata.cc uses it after the dates that
// markup names (JSON-LD, <meta>, microdata, <time> in a byline or header, "Published" lines).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "clean/dom.h"

namespace winnow::clean {

/// A <time datetime> of the page: its element, its ISO date and how much text (characters,
/// whitespace excluded) comes before it in the body.
struct PageTime {
  std::string iso;
  int64_t text_before = 0;
  NodeId node = kNoNode;
};

/// A discussion thread (forum topic, Q&A page) shows one <time> a post, oldest first, with the
/// posts' text between them: its first time is when the conversation started. `times` are the
/// page's <time datetime> elements outside comment sections, in document order. The thread is
/// the run of times from the first up to the first one older than it (later ones are "similar
/// threads"). Returns the first time when that run has at least three, goes forward at least as
/// often as back by day and not mostly back by time, and at least half of its gaps hold a
/// post's worth of text; else empty. A listing shows its newest teaser first, and a teaser
/// card or an archive entry holds little text.
std::string conversation_date(const std::vector<PageTime>& times);

/// The time conversation_date takes (the thread's first post), or nullptr.
const PageTime* conversation_start(const std::vector<PageTime>& times);

/// The name a link to a person's page shows: an author's or a forum member's. The link's path
/// names a person's page ("/author/ann-lee", "/members/ann.123/", "memberlist.php?mode=
/// viewprofile", rel=author). Empty
/// for any other link, and for text that is no name ("Our team", "View profile").
std::string person_link_name(const Dom& dom, NodeId a);

/// The names in the byline beside the headline `h1` (see header_texts): the people its links
/// name, else a "By Ann Lee and Bo Kim" or "Written by Ann Lee" line, else the name after a
/// lone "By" or "Written by" label. Empty when there is none.
std::vector<std::string> headline_byline(const Dom& dom, NodeId h1);

/// The author of a thread's first post: the person link nearest its time element `time`.
std::string first_post_author(const Dom& dom, NodeId time);

/// The text nodes of the headline's neighbourhood, where its date line and byline are: the few
/// after the headline `h1`, up to the story's first long text or a teaser's headline link
/// (subtitle headings skipped), in document order; then the few right before it inside its
/// container, nearest first. Empty when `h1` is kNoNode.
std::vector<NodeId> header_texts(const Dom& dom, NodeId h1);

/// The date line beside the page's headline `h1`: a short text ("Dec 12, 2025 · 4 min read",
/// "By Ann Lee - Mar 27, 2024") among the few text nodes right after the headline, before the
/// story's first paragraph, or right before it inside the headline's container. Not a date
/// labelled as an update, not a future date, not the newest of several teaser dates dated the
/// same way. Empty when there is none.
std::string headline_date(const Dom& dom, NodeId h1);

}  // namespace winnow::clean
