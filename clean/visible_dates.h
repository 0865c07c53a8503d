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

/// A <time datetime> of the page: its ISO date and how much text (characters, whitespace
/// excluded) comes before it in the body.
struct PageTime {
  std::string iso;
  int64_t text_before = 0;
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

/// The date line beside the page's headline `h1`: a short text ("Dec 12, 2025 · 4 min read",
/// "By Ann Lee - Mar 27, 2024") among the few text nodes right after the headline, before the
/// story's first paragraph, or right before it inside the headline's container. Not a date
/// labelled as an update, not a future date, not the newest of several teaser dates dated the
/// same way. Empty when there is none.
std::string headline_date(const Dom& dom, NodeId h1);

}  // namespace winnow::clean
