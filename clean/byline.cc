#include "clean/byline.h"

#include <unicode/uchar.h>

#include <optional>
#include <span>

#include "clean/date_parse.h"
#include "clean/meta_text.h"
#include "clean/normalize.h"

namespace winnow::clean {
namespace {

using namespace metatext;

constexpr size_t kMaxAuthorChars = 100;  // longer "authors" are sentences, not names
constexpr size_t kMaxPlainBylineWords = 8;
constexpr size_t kMaxNameWords = 5;
constexpr size_t kMaxNameListWords = 12;  // "Ann Lee, Bo Kim and Cy Day" fits; a sentence does not

constexpr std::string_view kByWords[] = {"by", "von", "par", "por", "door", "di", "av", "przez"};
// Between two names of one byline.
constexpr std::string_view kConnectors[] = {"and", "&",  "und", "et", "y",   "e",
                                            "en",  "og", "och", "i",  "oraz"};
// Lower-case words inside a name: "Ana de la Cruz", "Jan van der Berg".
constexpr std::string_view kParticles[] = {"de",  "da",  "di", "del", "della", "van", "von",
                                           "der", "den", "la", "le",  "du",    "dos", "das",
                                           "bin", "ibn", "al", "el",  "ter",   "ten", "zu"};
// Job titles that follow a name without a comma ("By Ann Lee Staff Writer").
constexpr std::string_view kRoleWords[] = {
    "staff",       "writer",      "correspondent", "reporter", "editor",
    "contributor", "columnist",   "photographer",  "special",  "redakteur",
    "redakteurin", "journaliste", "periodista"};

bool is_one_of(std::string_view word, std::span<const std::string_view> list) {
  for (std::string_view w : list) {
    if (iequals(word, w)) return true;
  }
  return false;
}

bool starts_upper(std::string_view word) {
  size_t i = 0;
  char32_t c = next_code_point(word, i);
  return u_isupper(static_cast<UChar32>(c)) || u_istitle(static_cast<UChar32>(c));
}

/// "AFP", "REUTERS": a lone capitalized word counts as a name only when it is all capitals.
bool all_caps(std::string_view word) {
  size_t letters = 0;
  for (char c : word) {
    if (c >= 'a' && c <= 'z') return false;
    letters += c >= 'A' && c <= 'Z';
  }
  return letters >= 2;
}

/// Appends `words` as a name when they are one: 2..kMaxNameWords words starting and ending
/// with a capitalized word, or one all-capitals word.
bool add_name(const std::vector<std::string_view>& words, std::vector<std::string>& names) {
  if (words.empty() || words.size() > kMaxNameWords) return false;
  if (!starts_upper(words.front()) || !starts_upper(words.back())) return false;
  if (words.size() == 1 && !all_caps(words.front())) return false;
  std::string name;
  for (std::string_view w : words) {
    if (!name.empty()) name += ' ';
    name += w;
  }
  names.push_back(std::move(name));
  return true;
}

/// False for what a byline box holds when its name is elsewhere or missing: a label alone
/// ("By", "Jun 2 Written By"), the rest of a line whose name was in another element (", USA
/// TODAY"), a template's placeholder ("undefined"), or a sentence ("Get in touch", "Visit the
/// store", more than kMaxNameListWords words).
bool names_someone(std::string_view v) {
  if (v.starts_with(",") || v.starts_with(";")) return false;
  for (std::string_view label : {"by", "written by", "posted by", "author", "authors", "autor", "auteur"}) {
    if (iequals(v, label)) return false;
  }
  if (iends_with(v, " by")) return false;
  for (std::string_view placeholder : {"undefined", "null", "none", "unknown", "n/a"}) {
    if (iequals(v, placeholder)) return false;
  }
  size_t words = 0, lower_words = 0;
  for_each_token(v, ' ', [&](std::string_view w) {
    ++words;
    bool joins = is_one_of(w, kConnectors) || is_one_of(w, kParticles);
    if (!joins && w[0] >= 'a' && w[0] <= 'z') ++lower_words;
  });
  return words <= kMaxNameListWords && !(words >= 3 && lower_words >= 2);
}

}  // namespace

/// Turns a byline into a name: drops "By ", a trailing date and separators; empty if not a name.
std::string clean_person(std::string_view raw) {
  std::string s = collapse_ws(raw);
  if (s.size() > 4 * kMaxAuthorChars || looks_like_url(s)) return {};
  std::string_view v = s;
  // Date labels lead here too, so that "Last updated: May 2, 2020" leaves nothing behind.
  for (std::string_view prefix : {"written by", "posted by", "authored by", "by", "von", "par",
                                  "por", "di", "door", "author", "authors", "autor", "auteur",
                                  "last updated", "updated", "published", "posted on", "posted"}) {
    if (istarts_with(v, prefix) && v.size() > prefix.size() &&
        (v[prefix.size()] == ' ' || v[prefix.size()] == ':')) {
      v = trim(v.substr(prefix.size() + 1));
      if (v.starts_with(":")) v = trim(v.substr(1));
      break;
    }
  }
  // Job titles written around the name: "정하늘 기자", "記者 李静".
  for (std::string_view title : {"기자", "특파원", "記者", "记者", "特派员", "特派員"}) {
    if (iends_with(v, title) && v.size() > title.size()) v = trim(v.substr(0, v.size() - title.size()));
    if (v.starts_with(title) && v.size() > title.size()) v = trim(v.substr(title.size()));
  }
  if (std::optional<DateMatch> date = find_date(v)) v = v.substr(0, date->begin);
  if (size_t bar = v.find_first_of("|"); bar != std::string_view::npos) v = v.substr(0, bar);
  for (bool again = true; again;) {
    again = false;
    v = trim(v);
    for (std::string_view tail : {",", "-", "–", "—", "·", "•", ":", " on", " am", " le", " el",
                                  " em", " il", " op", " published", " updated", " posted"}) {
      if (iends_with(v, tail) && v.size() > tail.size()) {
        v.remove_suffix(tail.size());
        again = true;
      }
    }
  }
  // "msmash on Friday": the day the name posted.
  for (std::string_view day : {" on monday", " on tuesday", " on wednesday", " on thursday", " on friday",
                               " on saturday", " on sunday"}) {
    if (size_t at = ifind(v, day); at != std::string_view::npos) v = trim(v.substr(0, at));
  }
  bool has_letter = false;
  for (size_t i = 0; i < v.size(); ++i) {
    has_letter = has_letter || is_alpha(v[i]) || static_cast<unsigned char>(v[i]) >= 0x80;
  }
  bool widget = istarts_with(v, "follow") || istarts_with(v, "subscribe") ||
                istarts_with(v, "more from") || istarts_with(v, "about the author");
  if (!has_letter || widget || v.size() > kMaxAuthorChars || looks_like_url(v)) return {};
  if (!names_someone(v)) {
    // "Ann Lee, Director of Operations at Acme": the name before the job title.
    std::string_view first = trim(v.substr(0, v.find(',')));
    if (first.size() == v.size() || word_count(first) < 2 || word_count(first) > kMaxNameWords ||
        !names_someone(first)) {
      return {};
    }
    v = first;
  }
  return std::string(v);
}

size_t by_word_length(std::string_view text) {
  // "Written by Ann Lee", "Posted by Ann Lee": the by-word after a verb of authorship.
  for (std::string_view lead : {"written ", "posted ", "authored "}) {
    if (istarts_with(text, lead)) {
      size_t by = by_word_length(text.substr(lead.size()));
      return by == 0 ? 0 : lead.size() + by;
    }
  }
  for (std::string_view w : kByWords) {
    if (istarts_with(text, w) &&
        (text.size() == w.size() || space_len(text, w.size()) != 0 || text[w.size()] == ':')) {
      return w.size();
    }
  }
  return 0;
}

std::vector<std::string> plain_byline_names(std::string_view line) {
  std::string s = collapse_ws(line);
  std::vector<std::string> names;
  size_t by = by_word_length(s);
  if (by == 0 || by == s.size() || word_count(s) > kMaxPlainBylineWords) return names;
  if (s.ends_with("!") || s.ends_with("?") || (s.ends_with(".") && word_count(s) >= 5)) {
    return names;  // a sentence
  }
  std::string_view rest = trim(std::string_view(s).substr(by));
  if (rest.starts_with(":")) rest = trim(rest.substr(1));
  if (std::optional<DateMatch> date = find_date(rest)) rest = rest.substr(0, date->begin);
  for (std::string_view cut : {",", " - ", " | ", " – ", " — ", " · ", " / ", "(", ";"}) {
    rest = rest.substr(0, rest.find(cut));
  }
  std::vector<std::string_view> words;
  bool ok = true;
  for_each_token(rest, ' ', [&](std::string_view w) {
    if (!ok) return;
    if (is_one_of(w, kConnectors) && !starts_upper(w)) {
      ok = add_name(words, names);
      words.clear();
    } else if (is_one_of(w, kRoleWords)) {
      ok = false;
    } else if (starts_upper(w) || (!words.empty() && is_one_of(w, kParticles))) {
      words.push_back(w);
    } else {
      ok = false;
    }
  });
  // The last name ends at the first word that is not part of a name.
  if (!words.empty() && !add_name(words, names)) names.clear();
  return names;
}

}  // namespace winnow::clean
