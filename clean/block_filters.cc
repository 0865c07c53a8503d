// Block-level filters run after rendering: what survives container choice but is still not
// article text. Each filter names the failure it fixes.
#include <algorithm>
#include <string>
#include <unordered_set>

#include "clean/extract.h"
#include "clean/metadata.h"
#include "clean/normalize.h"

namespace winnow::clean {

namespace {

std::string fold(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    unsigned char u = static_cast<unsigned char>(c);
    if (u < 0x80 && !std::isalnum(u)) {
      if (!out.empty() && out.back() != ' ') out.push_back(' ');
      continue;
    }
    out.push_back(static_cast<char>(u < 0x80 ? std::tolower(u) : u));
  }
  while (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

std::vector<std::string_view> split_words(std::string_view s) {
  std::vector<std::string_view> words;
  size_t i = 0;
  while (i < s.size()) {
    while (i < s.size() && s[i] == ' ') ++i;
    size_t start = i;
    while (i < s.size() && s[i] != ' ') ++i;
    if (i > start) words.push_back(s.substr(start, i - start));
  }
  return words;
}

// Labels that mark an ad slot, in the languages we serve.
bool is_ad_label(std::string_view text) {
  static const std::unordered_set<std::string> labels = {
      "advertisement", "advertisements", "advertising", "ad", "ads", "sponsored", "sponsored content",
      "paid content", "anzeige", "werbung", "publicité", "publicidad", "pubblicità", "publicidade",
      "reklama", "reclame", "advertentie", "annonce", "광고", "广告", "広告", "廣告", "إعلان", "اشتہار",
      "реклама", "scroll to continue", "continue reading below"};
  if (text.size() > 40) return false;
  return labels.count(fold(text)) > 0;
}

// "[ooyala code=... player_id=...]": a CMS embed left as text when the plugin is gone.
bool is_shortcode(std::string_view text) {
  if (text.size() < 3 || text.front() != '[' || text.back() != ']') return false;
  unsigned char c = static_cast<unsigned char>(text[1]);
  return std::isalpha(c) || c == '/';
}

// A short block naming the author ("By Jane Doe", "Jane Doe | Staff writer") repeats the byline.
bool is_byline(std::string_view text, const Metadata& meta, size_t words, const ExtractTuning& tuning) {
  if (words > static_cast<size_t>(tuning.max_byline_words)) return false;
  std::string folded = fold(text);
  if (!meta.author.empty()) {
    size_t start = 0;
    while (start <= meta.author.size()) {
      size_t end = meta.author.find("; ", start);
      std::string name = fold(std::string_view(meta.author).substr(start, end == std::string::npos ? std::string::npos : end - start));
      if (name.size() >= 3 && folded.find(name) != std::string::npos) return true;
      if (end == std::string::npos) break;
      start = end + 2;
    }
  }
  static const std::unordered_set<std::string_view> by_words = {"by", "von", "par", "por", "di", "door",
                                                                "av", "przez", "af", "от", "tekst", "text"};
  std::vector<std::string_view> w = split_words(folded);
  return w.size() >= 2 && w.size() <= 7 && by_words.count(w[0]) > 0;
}

// "2 hours ago", "vor 3 Stunden", "il y a 5 minutes", "hace 2 días": a relative age, as news
// cards and feeds print their timestamps. Returns how many tokens from `i` it spans (0: none).
size_t relative_age_at(const std::vector<std::string_view>& words, size_t i) {
  static const std::unordered_set<std::string_view> units = {
      "second", "seconds", "sec", "secs", "minute", "minutes", "min", "mins", "hour", "hours", "hr", "hrs",
      "day", "days", "week", "weeks", "month", "months", "year", "years", "sekunde", "sekunden",
      "minuten", "stunde", "stunden", "tag", "tagen", "woche", "wochen", "monat", "monaten", "jahr", "jahren",
      "seconde", "secondes", "heure", "heures", "jour", "jours", "semaine", "semaines", "mois", "an", "ans",
      "segundo", "segundos", "minuto", "minutos", "hora", "horas", "día", "días", "semana", "semanas", "mes",
      "meses", "año", "años"};
  auto number = [&](size_t k) {
    return k < words.size() && !words[k].empty() &&
           std::all_of(words[k].begin(), words[k].end(), [](char c) { return c >= '0' && c <= '9'; });
  };
  auto unit = [&](size_t k) { return k < words.size() && units.count(words[k]) > 0; };
  if (number(i) && unit(i + 1) && i + 2 < words.size() && words[i + 2] == "ago") return 3;
  if ((words[i] == "vor" || words[i] == "hace") && number(i + 1) && unit(i + 2)) return 3;
  if (words[i] == "il" && i + 4 < words.size() && words[i + 1] == "y" && words[i + 2] == "a" && number(i + 3) &&
      unit(i + 4)) {
    return 5;
  }
  return 0;
}

// A short block that is mostly a date ("Posted: Sep. 29, 2017 8:00 am", "Date:2025-04-11
// 22:14:52") or an age ("Lena Fischer 2 hours ago") is a timestamp repeated in the body.
bool is_dateline(std::string_view text, size_t words, const ExtractTuning& tuning) {
  if (words > static_cast<size_t>(tuning.max_byline_words) || text.size() > 160) return false;
  // Every date has a number in it (a day or a year, in ASCII or full-width digits): most short
  // blocks (menu items, labels) are rejected before trying every window of words.
  bool digit = false;
  for (size_t i = 0; i < text.size() && !digit; ++i) {
    digit = std::isdigit(static_cast<unsigned char>(text[i])) ||
            (static_cast<unsigned char>(text[i]) == 0xEF && i + 2 < text.size() &&
             static_cast<unsigned char>(text[i + 1]) == 0xBC && static_cast<unsigned char>(text[i + 2]) >= 0x90 &&
             static_cast<unsigned char>(text[i + 2]) <= 0x99);
  }
  if (!digit) return false;
  std::string spaced;
  for (size_t i = 0; i < text.size(); ++i) {
    spaced.push_back(text[i]);
    // "Date:2025-04-11": a label glued to the date
    if (text[i] == ':' && i + 1 < text.size() && std::isdigit(static_cast<unsigned char>(text[i + 1])) &&
        (i == 0 || !std::isdigit(static_cast<unsigned char>(text[i - 1])))) {
      spaced.push_back(' ');
    }
  }
  std::vector<std::string_view> tokens = split_words(spaced);
  size_t n = tokens.size();
  {
    std::string folded = fold(text);
    std::vector<std::string_view> words = split_words(folded);
    for (size_t i = 0; i < words.size(); ++i) {
      size_t len = relative_age_at(words, i);
      if (len > 0) return words.size() - len <= 4;
    }
  }
  // Tokens with a digit before each token: a window without one holds no date.
  std::vector<int> digits_before(n + 1, 0);
  for (size_t i = 0; i < n; ++i) {
    bool digit = std::any_of(tokens[i].begin(), tokens[i].end(), [](char c) { return c >= '0' && c <= '9'; });
    digits_before[i + 1] = digits_before[i] + (digit ? 1 : 0);
  }
  for (size_t i = 0; i < n; ++i) {
    for (size_t len = std::min<size_t>(6, n - i); len >= 1; --len) {
      if (digits_before[i + len] == digits_before[i]) continue;
      std::string_view window(tokens[i].data(), static_cast<size_t>(tokens[i + len - 1].data() + tokens[i + len - 1].size() - tokens[i].data()));
      if (!parse_date(window).empty()) {
        size_t rest = n - len;
        return rest <= 4;
      }
    }
  }
  return false;
}

bool same_text(std::string_view a, std::string_view b) { return fold(a) == fold(b); }

// "veryGood! (5824) Good (317) Bad (26)": vote buttons with their counts.
bool is_vote_counter(std::string_view text) {
  int counts = 0, words = 0;
  size_t i = 0;
  while (i < text.size()) {
    if (text[i] == '(') {
      size_t j = i + 1;
      while (j < text.size() && std::isdigit(static_cast<unsigned char>(text[j]))) ++j;
      if (j > i + 1 && j < text.size() && text[j] == ')') {
        ++counts;
        i = j + 1;
        continue;
      }
    }
    if (text[i] != ' ' && (i == 0 || text[i - 1] == ' ')) ++words;
    ++i;
  }
  return counts > 0 && words <= 2 * counts;
}

// "Disclaimer: this article is reproduced from the network...": site fine print.
bool is_fine_print(std::string_view text, size_t words) {
  static const std::vector<std::string_view> labels = {
      "disclaimer", "haftungsausschluss", "avertissement", "aviso legal", "descargo de responsabilidad",
      "esclusione di responsabilità", "zastrzeżenie", "免责声明", "免責聲明", "免責事項", "면책", "copyright", "©",
      "原标题", "原標題", "责任编辑", "責任編輯", "저작권자", "ⓒ"};
  if (words > 60) return false;
  std::string head = fold(text.substr(0, std::min<size_t>(text.size(), 48)));
  for (std::string_view label : labels) {
    if (head.rfind(label, 0) == 0) return true;
  }
  return false;
}

void strip_permalink_mark(std::string& text) {
  static const std::string_view marks[] = {"\xC2\xB6", "#", "\xC2\xA7", "\xF0\x9F\x94\x97"};  // ¶ # § 🔗
  for (std::string_view mark : marks) {
    if (text.size() > mark.size() && text.compare(text.size() - mark.size(), mark.size(), mark) == 0) {
      text.resize(text.size() - mark.size());
      while (!text.empty() && text.back() == ' ') text.pop_back();
      return;
    }
  }
}

}  // namespace

namespace {

// "Comments 3", "1.2k views": a counter, in the article's header.
bool is_counter(std::string_view text) {
  std::vector<std::string_view> words = split_words(text);
  if (words.empty() || words.size() > 3) return false;
  for (std::string_view w : words) {
    if (!w.empty() && std::isdigit(static_cast<unsigned char>(w.front()))) return true;
  }
  return false;
}

// Widget residue and metadata repeated as text. `in_header` is true before the first paragraph,
// where article headers put bylines, datelines and counters in lists as well as paragraphs.
// "sky@example.com" or "E-mail: sky@example.com" alone: the reporter's contact line.
bool is_email_line(std::string_view text, size_t words) {
  size_t at = text.find('@');
  if (at == std::string_view::npos || words > 4) return false;
  size_t start = text.find_last_of(" :", at);
  start = start == std::string_view::npos ? 0 : start + 1;
  size_t end = text.find_first_of(" ,;)", at);
  std::string_view address = text.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start);
  return at > start && address.find('.', at - start) != std::string_view::npos && address.size() >= 6;
}

bool is_residue(const Block& b, const Metadata& meta, const ExtractTuning& tuning, bool in_header) {
  bool paragraph = b.kind == Block::Kind::Paragraph;
  bool header_item = in_header && b.kind == Block::Kind::ListItem;
  if (!paragraph && !header_item && b.kind != Block::Kind::Heading) return false;
  if (is_ad_label(b.text) || is_shortcode(b.text)) return true;
  if (!paragraph && !header_item) return false;
  size_t words = count_words(b.text);
  return is_byline(b.text, meta, words, tuning) || is_dateline(b.text, words, tuning) ||
         is_vote_counter(b.text) || is_fine_print(b.text, words) || is_email_line(b.text, words) ||
         (header_item && is_counter(b.text));
}

// Headings above the first paragraph that lead into something other than text are the deck,
// kicker or standfirst of the article header ("Talks broad, says vice minister" over a byline).
void drop_header_decks(std::vector<Block>& blocks) {
  size_t first_paragraph = 0;
  while (first_paragraph < blocks.size() && blocks[first_paragraph].kind != Block::Kind::Paragraph) ++first_paragraph;
  if (first_paragraph == blocks.size()) return;
  for (size_t i = first_paragraph; i-- > 0;) {
    if (blocks[i].kind == Block::Kind::Heading && blocks[i + 1].kind != Block::Kind::Paragraph) {
      blocks.erase(blocks.begin() + static_cast<std::ptrdiff_t>(i));
    }
  }
}

}  // namespace

ResidueFlags residue_flags(const Block& b, const Metadata& meta, const ExtractTuning& tuning) {
  ResidueFlags r;
  r.ad_label = is_ad_label(b.text);
  r.shortcode = is_shortcode(b.text);
  size_t words = count_words(b.text);
  if (words > 60) return r;
  r.byline = is_byline(b.text, meta, words, tuning);
  r.dateline = is_dateline(b.text, words, tuning);
  r.vote_counter = is_vote_counter(b.text);
  r.fine_print = is_fine_print(b.text, words);
  r.email = is_email_line(b.text, words);
  r.counter = is_counter(b.text);
  return r;
}

std::string fold_text(std::string_view text) { return fold(text); }

void filter_blocks(std::vector<Block>& blocks, const Metadata& meta, const ExtractTuning& tuning) {
  drop_header_decks(blocks);
  std::vector<Block> kept;
  kept.reserve(blocks.size());
  bool seen_paragraph = false;
  for (Block& b : blocks) {
    // Permalink anchors ("Setting up¶") are not part of a heading.
    if (b.kind == Block::Kind::Heading) strip_permalink_mark(b.text);
    // The title is metadata; its <h1> (or any block repeating it) is not body text.
    if (!meta.title.empty() && (b.kind == Block::Kind::Heading || b.kind == Block::Kind::Paragraph) &&
        same_text(b.text, meta.title)) {
      continue;
    }
    if (b.kind == Block::Kind::Heading && b.level == 1 && !seen_paragraph) continue;
    if (is_residue(b, meta, tuning, !seen_paragraph)) continue;
    // Repeated short blocks are template doubles (a headline shown twice); long ones are text.
    if (!kept.empty() && kept.back().kind == b.kind && kept.back().text == b.text &&
        count_words(b.text) <= static_cast<size_t>(tuning.max_byline_words)) {
      continue;
    }
    if (b.kind == Block::Kind::Paragraph) seen_paragraph = true;
    kept.push_back(std::move(b));
  }
  // A heading with nothing after it introduced something that was removed.
  while (!kept.empty() && kept.back().kind == Block::Kind::Heading) kept.pop_back();
  blocks = std::move(kept);
}

}  // namespace winnow::clean
