#include "clean/metadata.h"

#include <curl/curl.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <deque>
#include <memory>
#include <nlohmann/json.hpp>
#include <span>
#include <unordered_map>
#include <utility>
#include <vector>

namespace winnow::clean {
namespace {

using json = nlohmann::json;

constexpr int kMaxJsonDepth = 16;        // JSON-LD nesting we follow
constexpr size_t kMaxAuthorChars = 100;  // longer "authors" are sentences, not names
constexpr size_t kMaxTags = 20;
constexpr size_t kMaxDateTextChars = 200;  // visible text scanned for a date
constexpr int32_t kMaxHintNodes = 40;      // a byline or date element is a small subtree

// ---- small string helpers -------------------------------------------------------------------

char lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }
bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (lower(a[i]) != lower(b[i])) return false;
  }
  return true;
}

bool istarts_with(std::string_view s, std::string_view prefix) {
  return s.size() >= prefix.size() && iequals(s.substr(0, prefix.size()), prefix);
}

bool iends_with(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && iequals(s.substr(s.size() - suffix.size()), suffix);
}

size_t ifind(std::string_view s, std::string_view needle) {
  if (needle.empty()) return 0;
  for (size_t i = 0; i + needle.size() <= s.size(); ++i) {
    if (iequals(s.substr(i, needle.size()), needle)) return i;
  }
  return std::string_view::npos;
}

bool icontains(std::string_view s, std::string_view needle) {
  return ifind(s, needle) != std::string_view::npos;
}

// Byte length of the Unicode space at s[i] (ASCII, NBSP, U+2000..U+200B, U+202F), else 0.
size_t space_len(std::string_view s, size_t i) {
  unsigned char c = static_cast<unsigned char>(s[i]);
  if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v') return 1;
  if (c == 0xC2 && i + 1 < s.size() && static_cast<unsigned char>(s[i + 1]) == 0xA0) return 2;
  if (c == 0xE2 && i + 2 < s.size() && static_cast<unsigned char>(s[i + 1]) == 0x80) {
    unsigned char d = static_cast<unsigned char>(s[i + 2]);
    if (d <= 0x8B || d == 0xAF) return 3;
  }
  return 0;
}

/// Trims and collapses every run of whitespace to one ASCII space.
std::string collapse_ws(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  bool pending = false;
  for (size_t i = 0; i < s.size();) {
    if (size_t n = space_len(s, i)) {
      pending = !out.empty();
      i += n;
      continue;
    }
    if (pending) out += ' ';
    pending = false;
    out += s[i++];
  }
  return out;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && space_len(s, 0) == 1) s.remove_prefix(1);
  while (!s.empty() && space_len(s, s.size() - 1) == 1) s.remove_suffix(1);
  return s;
}

size_t word_count(std::string_view s) {
  size_t n = 0;
  bool in_word = false;
  for (char c : s) {
    bool space = c == ' ';
    if (!space && !in_word) ++n;
    in_word = !space;
  }
  return n;
}

bool looks_like_url(std::string_view s) {
  return s.find("://") != std::string_view::npos || istarts_with(s, "www.") || s.starts_with("/");
}

template <typename F>
void for_each_token(std::string_view s, char sep, F&& f) {
  while (!s.empty()) {
    size_t pos = s.find(sep);
    std::string_view token = trim(s.substr(0, pos));
    if (!token.empty()) f(token);
    if (pos == std::string_view::npos) break;
    s.remove_prefix(pos + 1);
  }
}

void add_unique(std::vector<std::string>& list, std::string_view value, size_t max) {
  std::string v = collapse_ws(value);
  if (v.empty() || list.size() >= max) return;
  for (const std::string& have : list) {
    if (iequals(have, v)) return;
  }
  list.push_back(std::move(v));
}

// ---- dates: a small tokenizer and a handful of token patterns (std::regex is far too slow) ----

struct Token {
  enum class Kind : uint8_t { Num, Word, Punct };
  Kind kind = Kind::Punct;
  std::string_view text;
  size_t begin = 0, end = 0;  // byte offsets in the scanned text
  int value = 0;              // Num only
};
using Tokens = std::vector<Token>;

Tokens tokenize(std::string_view s) {
  constexpr size_t kMaxTokens = 96;
  Tokens out;
  size_t i = 0;
  while (i < s.size() && out.size() < kMaxTokens) {
    if (size_t n = space_len(s, i)) {
      i += n;
      continue;
    }
    Token t;
    t.begin = i;
    auto wordish = [&](size_t k) {
      return is_alpha(s[k]) || (static_cast<unsigned char>(s[k]) >= 0x80 && space_len(s, k) == 0);
    };
    if (is_digit(s[i])) {
      t.kind = Token::Kind::Num;
      for (; i < s.size() && is_digit(s[i]); ++i) {
        if (t.value < 100000000) t.value = t.value * 10 + (s[i] - '0');
      }
    } else if (wordish(i)) {
      t.kind = Token::Kind::Word;
      while (i < s.size() && wordish(i)) ++i;
    } else {
      ++i;
    }
    t.end = i;
    t.text = s.substr(t.begin, i - t.begin);
    out.push_back(t);
  }
  return out;
}

struct MonthName {
  std::string_view name;
  int month;
};

// English, German, French, Spanish, Portuguese, Italian and Dutch names and abbreviations.
constexpr MonthName kMonthNames[] = {
    {"january", 1},    {"jan", 1},       {"januar", 1},     {"jänner", 1},    {"janvier", 1},
    {"janv", 1},       {"enero", 1},     {"ene", 1},        {"janeiro", 1},   {"gennaio", 1},
    {"gen", 1},        {"januari", 1},   {"february", 2},   {"feb", 2},       {"februar", 2},
    {"février", 2},    {"fevrier", 2},   {"févr", 2},       {"fevr", 2},      {"febrero", 2},
    {"fevereiro", 2},  {"fev", 2},       {"febbraio", 2},   {"februari", 2},  {"march", 3},
    {"mar", 3},        {"märz", 3},      {"maerz", 3},      {"mär", 3},       {"mars", 3},
    {"marzo", 3},      {"março", 3},     {"marco", 3},      {"maart", 3},     {"mrt", 3},
    {"april", 4},      {"apr", 4},       {"avril", 4},      {"avr", 4},       {"abril", 4},
    {"abr", 4},        {"aprile", 4},    {"may", 5},        {"mai", 5},       {"mayo", 5},
    {"maio", 5},       {"maggio", 5},    {"mag", 5},        {"mei", 5},       {"june", 6},
    {"jun", 6},        {"juni", 6},      {"juin", 6},       {"junio", 6},     {"junho", 6},
    {"giugno", 6},     {"giu", 6},       {"july", 7},       {"jul", 7},       {"juli", 7},
    {"juillet", 7},    {"juil", 7},      {"julio", 7},      {"julho", 7},     {"luglio", 7},
    {"lug", 7},        {"august", 8},    {"aug", 8},        {"août", 8},      {"aout", 8},
    {"agosto", 8},     {"ago", 8},       {"augustus", 8},   {"september", 9}, {"sep", 9},
    {"sept", 9},       {"septembre", 9}, {"septiembre", 9}, {"setiembre", 9}, {"setembro", 9},
    {"set", 9},        {"settembre", 9}, {"october", 10},   {"oct", 10},      {"oktober", 10},
    {"okt", 10},       {"octobre", 10},  {"octubre", 10},   {"outubro", 10},  {"out", 10},
    {"ottobre", 10},   {"ott", 10},      {"november", 11},  {"nov", 11},      {"novembre", 11},
    {"noviembre", 11}, {"novembro", 11}, {"december", 12},  {"dec", 12},      {"dezember", 12},
    {"dez", 12},       {"décembre", 12}, {"decembre", 12},  {"déc", 12},      {"diciembre", 12},
    {"dic", 12},       {"dezembro", 12}, {"dicembre", 12},
};

struct DateParts {
  int year = 0, month = 0, day = 0;
  int hour = -1, minute = 0, second = 0;  // hour < 0: no time
  std::string offset;
  size_t begin = 0;  // byte offset of the date in the scanned text
};

class DateMatcher {
 public:
  explicit DateMatcher(const Tokens& t) : t_(t) {}

  /// Finds the first valid date; fills `p` and returns true.
  bool find(DateParts& p) const {
    for (size_t i = 0; i < t_.size(); ++i) {
      p = DateParts{};
      size_t next = 0;
      for (auto pattern : {&DateMatcher::cjk, &DateMatcher::ymd, &DateMatcher::dmy,
                           &DateMatcher::month_first, &DateMatcher::day_first}) {
        if ((next = (this->*pattern)(i, p)) != 0) break;
      }
      if (next == 0 || !valid_day(p)) continue;
      time(next, p);
      p.begin = t_[i].begin;
      return true;
    }
    return false;
  }

 private:
  bool num(size_t i, size_t min_digits, size_t max_digits) const {
    return i < t_.size() && t_[i].kind == Token::Kind::Num && t_[i].text.size() >= min_digits &&
           t_[i].text.size() <= max_digits;
  }
  bool punct(size_t i, std::string_view chars) const {
    return i < t_.size() && t_[i].kind == Token::Kind::Punct &&
           chars.find(t_[i].text[0]) != std::string_view::npos;
  }
  bool word(size_t i, std::initializer_list<std::string_view> words) const {
    if (i >= t_.size() || t_[i].kind != Token::Kind::Word) return false;
    for (std::string_view w : words) {
      if (iequals(t_[i].text, w)) return true;
    }
    return false;
  }
  int month_name(size_t i) const {
    if (i >= t_.size() || t_[i].kind != Token::Kind::Word) return 0;
    for (const MonthName& m : kMonthNames) {
      if (iequals(t_[i].text, m.name)) return m.month;
    }
    return 0;
  }
  static bool valid_day(const DateParts& p) {
    static constexpr int kDays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (p.year < 1990 || p.year > 2100 || p.month < 1 || p.month > 12 || p.day < 1) return false;
    bool leap = (p.year % 4 == 0 && p.year % 100 != 0) || p.year % 400 == 0;
    if (p.month == 2 && p.day == 29 && !leap) return false;
    return p.day <= kDays[p.month - 1];
  }

  // 2019年11月20日, 2019년 11월 20일
  size_t cjk(size_t i, DateParts& p) const {
    if (!num(i, 4, 4) || !word(i + 1, {"年", "년"}) || !num(i + 2, 1, 2) ||
        !word(i + 3, {"月", "월"}) || !num(i + 4, 1, 2)) {
      return 0;
    }
    p.year = t_[i].value, p.month = t_[i + 2].value, p.day = t_[i + 4].value;
    size_t j = i + 5;
    if (j < t_.size() && t_[j].kind == Token::Kind::Word &&
        (t_[j].text.starts_with("日") || t_[j].text.starts_with("일"))) {
      ++j;
    }
    return j;
  }
  // 2019-11-20, 2019/11/20, 2019.11.20, 20191120
  size_t ymd(size_t i, DateParts& p) const {
    if (num(i, 8, 8)) {
      int v = t_[i].value;
      p.year = v / 10000, p.month = v / 100 % 100, p.day = v % 100;
      return i + 1;
    }
    if (!num(i, 4, 4) || !punct(i + 1, "-/.") || !num(i + 2, 1, 2) ||
        !punct(i + 3, t_[i + 1].text) || !num(i + 4, 1, 2)) {
      return 0;
    }
    p.year = t_[i].value, p.month = t_[i + 2].value, p.day = t_[i + 4].value;
    return i + 5;
  }
  // 20.11.2019 (day first), 11/20/2019 (US month first unless the first number exceeds 12)
  size_t dmy(size_t i, DateParts& p) const {
    if (!num(i, 1, 2) || !punct(i + 1, "./-") || !num(i + 2, 1, 2) ||
        !punct(i + 3, t_[i + 1].text) || !num(i + 4, 4, 4)) {
      return 0;
    }
    int a = t_[i].value, b = t_[i + 2].value;
    bool month_first = t_[i + 1].text == "/" ? a <= 12 : (b > 12 && a <= 12);
    p.month = month_first ? a : b;
    p.day = month_first ? b : a;
    p.year = t_[i + 4].value;
    return i + 5;
  }
  size_t skip_ordinal(size_t j) const {
    return word(j, {"st", "nd", "rd", "th", "er", "º", "o"}) ? j + 1 : j;
  }
  // Nov. 20, 2019; November 20th 2019
  size_t month_first(size_t i, DateParts& p) const {
    if ((p.month = month_name(i)) == 0) return 0;
    size_t j = i + 1;
    if (punct(j, ".")) ++j;
    if (!num(j, 1, 2)) return 0;
    p.day = t_[j].value;
    j = skip_ordinal(j + 1);
    if (punct(j, ",")) ++j;
    if (!num(j, 4, 4)) return 0;
    p.year = t_[j].value;
    return j + 1;
  }
  // 20 November 2019; 20. November 2019; 20 de noviembre de 2019; 20th of November, 2019
  size_t day_first(size_t i, DateParts& p) const {
    if (!num(i, 1, 2)) return 0;
    p.day = t_[i].value;
    size_t j = i + 1;
    if (punct(j, ".")) ++j;
    j = skip_ordinal(j);
    if (word(j, {"de", "of"})) ++j;
    if ((p.month = month_name(j)) == 0) return 0;
    ++j;
    if (punct(j, ".")) ++j;
    if (punct(j, ",")) ++j;
    if (word(j, {"de", "del"})) ++j;
    if (!num(j, 4, 4)) return 0;
    p.year = t_[j].value;
    return j + 1;
  }

  size_t offset(size_t k, DateParts& p) const {
    if (word(k, {"z", "gmt", "utc", "ut"})) {
      p.offset = "Z";
      if (!punct(k + 1, "+-")) return k + 1;
      ++k;
    }
    if (punct(k, "+-") && num(k + 1, 1, 4)) {
      const Token& n = t_[k + 1];
      int hh = n.text.size() <= 2 ? n.value : n.value / 100;
      int mm = n.text.size() <= 2 ? 0 : n.value % 100;
      size_t end = k + 2;
      if (n.text.size() == 2 && punct(k + 2, ":") && num(k + 3, 2, 2)) {
        mm = t_[k + 3].value;
        end = k + 4;
      }
      if (n.text.size() == 3 || hh > 14 || mm > 59) return k;
      char buf[16];
      std::snprintf(buf, sizeof buf, "%c%02d:%02d", t_[k].text[0], hh, mm);
      p.offset = buf;
      return end;
    }
    static constexpr std::pair<std::string_view, std::string_view> kZones[] = {
        {"est", "-05:00"}, {"edt", "-04:00"}, {"cst", "-06:00"}, {"cdt", "-05:00"},
        {"mst", "-07:00"}, {"mdt", "-06:00"}, {"pst", "-08:00"}, {"pdt", "-07:00"},
        {"cet", "+01:00"}, {"cest", "+02:00"}};
    for (const auto& [zone, off] : kZones) {
      if (word(k, {zone})) {
        p.offset = off;
        return k + 1;
      }
    }
    return k;
  }
  // An optional time after the date: "T08:00:00.123Z", ", 8:00 am", " at 3:46 PM EST".
  size_t time(size_t j, DateParts& p) const {
    size_t k = j;
    if (punct(k, ",-|@")) ++k;
    if (word(k, {"t", "at", "um", "à", "a", "alle", "om", "às", "as", "las", "kl"})) ++k;
    if (!num(k, 1, 2)) return j;
    int hour = t_[k].value, minute = 0, second = 0;
    ++k;
    if (punct(k, ":") && num(k + 1, 2, 2)) {
      minute = t_[k + 1].value;
      k += 2;
      if (punct(k, ":") && num(k + 1, 2, 2)) {
        second = t_[k + 1].value;
        k += 2;
        if (punct(k, ".,") && num(k + 1, 1, 9)) k += 2;  // fractional seconds
      }
    } else if (!word(k, {"am", "pm"})) {
      return j;
    }
    bool pm = word(k, {"pm"}) || (word(k, {"p"}) && punct(k + 1, ".") && word(k + 2, {"m"}));
    bool am = word(k, {"am"}) || (word(k, {"a"}) && punct(k + 1, ".") && word(k + 2, {"m"}));
    if (am || pm) {
      if (hour < 1 || hour > 12) return j;
      if (pm && hour < 12) hour += 12;
      if (am && hour == 12) hour = 0;
      k += word(k, {"am", "pm"}) ? 1 : (punct(k + 3, ".") ? 4 : 3);
    }
    if (hour > 23 || minute > 59 || second > 60) return j;
    p.hour = hour, p.minute = minute, p.second = second;
    return offset(k, p);
  }

  const Tokens& t_;
};

bool find_date(std::string_view text, DateParts& p) {
  Tokens tokens = tokenize(text);
  return DateMatcher(tokens).find(p);
}

std::string format_date(const DateParts& p) {
  char buf[64];
  if (p.hour < 0) {
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", p.year, p.month, p.day);
    return buf;
  }
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d", p.year, p.month, p.day, p.hour,
                p.minute, p.second);
  return buf + p.offset;
}

/// True when an ISO date lies more than a day after now: a scheduled or mistyped date.
bool is_future(std::string_view iso) {
  using namespace std::chrono;
  if (iso.size() < 10) return false;
  auto field = [&](size_t at, size_t len) {
    int v = 0;
    for (size_t i = at; i < at + len; ++i) v = v * 10 + (iso[i] - '0');
    return v;
  };
  year_month_day ymd{year{field(0, 4)}, month{static_cast<unsigned>(field(5, 2))},
                     day{static_cast<unsigned>(field(8, 2))}};
  return sys_days{ymd} > floor<days>(system_clock::now()) + days{1};
}

/// A date in a URL path: /2019/11/20/ or /2019-11-20.
std::string url_path_date(std::string_view url) {
  size_t scheme = url.find("://");
  size_t path = url.find('/', scheme == std::string_view::npos ? 0 : scheme + 3);
  if (path == std::string_view::npos) return {};
  url = url.substr(path, url.find_first_of("?#", path) - path);
  for (size_t i = 0; i + 11 <= url.size(); ++i) {
    std::string_view s = url.substr(i, 11);
    bool shape = s[0] == '/' && (s[5] == '/' || s[5] == '-') && s[8] == s[5];
    for (size_t k : {1, 2, 3, 4, 6, 7, 9, 10}) shape = shape && is_digit(s[k]);
    if (!shape || (i + 11 < url.size() && is_digit(url[i + 11]))) continue;
    std::string iso = parse_date(s.substr(1));
    if (!iso.empty()) return iso;
  }
  return {};
}

// ---- URLs --------------------------------------------------------------------------------------

using CurlUrl = std::unique_ptr<CURLU, decltype(&curl_url_cleanup)>;

std::string url_part(CURLU* h, CURLUPart part) {
  char* out = nullptr;
  if (curl_url_get(h, part, &out, 0) != CURLUE_OK || out == nullptr) return {};
  std::string s(out);
  curl_free(out);
  return s;
}

std::string host_of(std::string_view url) {
  if (url.empty()) return {};
  CurlUrl h(curl_url(), &curl_url_cleanup);
  if (!h || curl_url_set(h.get(), CURLUPART_URL, std::string(url).c_str(), 0) != CURLUE_OK)
    return {};
  std::string host = url_part(h.get(), CURLUPART_HOST);
  for (char& c : host) c = lower(c);
  return host;
}

// ---- language ----------------------------------------------------------------------------------

/// "EN_us" -> "en-US", "zh-hant-tw" -> "zh-Hant-TW"; empty when not a plausible BCP 47 tag.
std::string normalize_language(std::string_view raw) {
  std::string tag(trim(raw.substr(0, raw.find_first_of(",; "))));
  for (char& c : tag) c = c == '_' ? '-' : c;
  std::string out;
  bool first = true, ok = !tag.empty();
  for_each_token(tag, '-', [&](std::string_view part) {
    for (char c : part) ok = ok && (is_alpha(c) || (!first && is_digit(c)));
    ok = ok && part.size() <= 8 && (!first || part.size() == 2 || part.size() == 3);
    if (!ok) return;
    if (!first) out += '-';
    for (size_t i = 0; i < part.size(); ++i) {
      char c = lower(part[i]);
      bool upper = !first && (part.size() == 2 || (part.size() == 4 && i == 0));
      out += upper && is_alpha(c) ? static_cast<char>(c - 'a' + 'A') : c;
    }
    first = false;
  });
  return ok ? out : std::string();
}

// ---- people ------------------------------------------------------------------------------------

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
  DateParts date;
  if (find_date(v, date)) v = v.substr(0, date.begin);
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
  bool has_letter = false;
  for (size_t i = 0; i < v.size(); ++i) {
    has_letter = has_letter || is_alpha(v[i]) || static_cast<unsigned char>(v[i]) >= 0x80;
  }
  bool widget = istarts_with(v, "follow") || istarts_with(v, "subscribe") ||
                istarts_with(v, "more from") || istarts_with(v, "about the author");
  if (!has_letter || widget || v.size() > kMaxAuthorChars || looks_like_url(v)) return {};
  return std::string(v);
}

// ---- JSON-LD -----------------------------------------------------------------------------------

struct LdInfo {
  std::string headline, name;  // Wikipedia puts a description in headline: see pick_ld_title
  std::string description, url, date, date_modified, site_name, image;
  std::vector<std::string> persons, organizations, tags, categories;
};

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
bool is_site_type(std::string_view t) { return t == "WebSite"; }
bool is_org_type(std::string_view t) {
  return t.ends_with("Organization") || t == "Corporation" || t == "WebSite" || t == "Brand" ||
         t == "LocalBusiness" || t == "NGO";
}

/// A JSON-LD string, whitespace collapsed. Many CMSs HTML-escape JSON-LD values ("Q&amp;A"),
/// and a script's text is never entity-decoded by the parser, so the common escapes are undone.
std::string ld_text(const json& v) {
  static constexpr std::pair<std::string_view, char> kEscapes[] = {
      {"&amp;", '&'},   {"&quot;", '"'}, {"&#39;", '\''}, {"&#039;", '\''},
      {"&apos;", '\''}, {"&lt;", '<'},   {"&gt;", '>'}};
  if (!v.is_string()) return {};
  std::string s = collapse_ws(v.get_ref<const std::string&>());
  for (size_t at = s.find('&'); at != std::string::npos; at = s.find('&', at + 1)) {
    for (const auto& [escape, c] : kEscapes) {
      if (std::string_view(s).substr(at, escape.size()) == escape) {
        s.replace(at, escape.size(), 1, c);
        break;
      }
    }
  }
  return s;
}

/// First string of a string or an array of strings.
std::string ld_string(const json& o, const char* key) {
  auto it = o.find(key);
  if (it == o.end()) return {};
  if (it->is_array() && !it->empty()) return ld_text(it->front());
  return ld_text(*it);
}

class LdCollector {
 public:
  void add_script(std::string_view text) {
    text = trim(text);
    for (std::string_view open : {"<!--", "//<![CDATA[", "<![CDATA["}) {
      if (text.starts_with(open)) text = trim(text.substr(open.size()));
    }
    for (std::string_view close : {"-->", "//]]>", "]]>"}) {
      if (text.ends_with(close)) text = trim(text.substr(0, text.size() - close.size()));
    }
    // Raw newlines inside strings are invalid JSON yet common in JSON-LD; spaces are harmless.
    std::string cleaned(text);
    for (char& c : cleaned) {
      if (static_cast<unsigned char>(c) < 0x20) c = ' ';
    }
    json doc = json::parse(cleaned, nullptr, false);
    if (doc.is_discarded()) return;
    docs_.push_back(std::move(doc));
    walk(docs_.back(), 0);
  }

  LdInfo info() const {
    LdInfo out;
    const json* article = first_of(is_article_type);
    const json* page = first_of(is_page_type);
    const json* site = first_of(is_site_type);
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
      if (auto it = o->find("publisher"); it != o->end())
        fill_if_empty(out.site_name, name_of(*it));
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

 private:
  static void fill_if_empty(std::string& slot, std::string value) {
    if (slot.empty()) slot = std::move(value);
  }

  void walk(const json& j, int depth) {
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
  const json* first_of(Pred pred) const {
    for (const json* o : objects_) {
      if (has_type(*o, pred)) return o;
    }
    return nullptr;
  }

  /// Follows a bare {"@id": ...} reference to the full node in the same graph.
  const json& deref(const json& j) const {
    if (!j.is_object() || j.size() != 1) return j;
    auto id = j.find("@id");
    if (id == j.end() || !id->is_string()) return j;
    auto it = by_id_.find(id->get_ref<const std::string&>());
    return it == by_id_.end() ? j : *it->second;
  }

  std::string name_of(const json& v, int depth = 0) const {
    const json& o = deref(v);
    if (o.is_string()) return ld_text(o);
    if (o.is_array() && !o.empty() && depth < 2) return name_of(o.front(), depth + 1);
    return o.is_object() ? ld_string(o, "name") : std::string();
  }

  std::string image_of(const json& v, int depth) const {
    const json& o = deref(v);
    if (o.is_string()) return ld_text(o);
    if (o.is_array() && !o.empty() && depth < 2) return image_of(o.front(), depth + 1);
    if (!o.is_object()) return {};
    std::string url = ld_string(o, "url");
    return url.empty() ? ld_string(o, "contentUrl") : url;
  }

  void add_authors(const json& v, int depth, LdInfo& out) const {
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

  static void add_strings(const json& v, bool split_commas, std::vector<std::string>& out) {
    auto add = [&](const json& e) {
      std::string s = ld_text(e);
      if (!split_commas) return add_unique(out, s, kMaxTags);
      for_each_token(s, ',', [&](std::string_view t) { add_unique(out, t, kMaxTags); });
    };
    if (!v.is_array()) return add(v);
    for (const json& e : v) add(e);
  }

  std::deque<json> docs_;  // stable addresses for objects_ and by_id_
  std::vector<const json*> objects_;
  std::unordered_map<std::string, const json*> by_id_;
};

// ---- <meta> keys -------------------------------------------------------------------------------

// clang-format off
enum Slot : uint8_t {
  kOgTitle, kOgSiteName, kOgDescription, kOgImage, kOgUrl, kOgLocale,
  kTwitterTitle, kTwitterDescription, kTwitterImage,
  kArticleAuthor, kMetaAuthor, kOtherAuthor, kMetaTitle, kMetaDescription, kApplicationName,
  kArticlePublished, kMetaPublished, kItemPublished, kArticleModified, kMetaModified,
  kItemModified, kItemHeadline,
  kSingleSlots,  // slots below hold lists
  kTag = kSingleSlots, kKeywords, kCategory, kAuthorList,
};

struct MetaKey {
  std::string_view key;  // lower case; "dc:" and "dcterms:" are spelled "dc." and "dcterms."
  Slot slot;
};

constexpr MetaKey kMetaKeys[] = {
    {"og:title", kOgTitle}, {"og:site_name", kOgSiteName}, {"og:description", kOgDescription},
    {"og:image", kOgImage}, {"og:image:url", kOgImage}, {"og:image:secure_url", kOgImage},
    {"og:url", kOgUrl}, {"og:locale", kOgLocale},
    {"twitter:title", kTwitterTitle}, {"twitter:description", kTwitterDescription},
    {"twitter:image", kTwitterImage}, {"twitter:image:src", kTwitterImage},
    {"article:author", kArticleAuthor}, {"author", kMetaAuthor},
    {"dc.creator", kAuthorList}, {"dcterms.creator", kAuthorList},
    {"parsely-author", kOtherAuthor}, {"sailthru.author", kOtherAuthor}, {"byl", kOtherAuthor},
    {"citation_author", kAuthorList},
    {"dc.title", kMetaTitle}, {"dcterms.title", kMetaTitle}, {"parsely-title", kMetaTitle},
    {"sailthru.title", kMetaTitle}, {"citation_title", kMetaTitle},
    {"description", kMetaDescription}, {"dc.description", kMetaDescription},
    {"dcterms.description", kMetaDescription}, {"application-name", kApplicationName},
    {"article:published_time", kArticlePublished}, {"article:published", kArticlePublished},
    {"date", kMetaPublished}, {"pubdate", kMetaPublished}, {"publish-date", kMetaPublished},
    {"publish_date", kMetaPublished}, {"publishdate", kMetaPublished},
    {"dc.date", kMetaPublished}, {"dc.date.issued", kMetaPublished},
    {"dc.date.created", kMetaPublished}, {"dcterms.created", kMetaPublished},
    {"dcterms.issued", kMetaPublished}, {"dcterms.date", kMetaPublished},
    {"sailthru.date", kMetaPublished}, {"parsely-pub-date", kMetaPublished},
    {"citation_date", kMetaPublished}, {"citation_publication_date", kMetaPublished},
    {"citation_online_date", kMetaPublished},
    {"article:modified_time", kArticleModified}, {"og:updated_time", kArticleModified},
    {"dcterms.modified", kMetaModified}, {"dc.date.modified", kMetaModified},
    {"datepublished", kItemPublished}, {"datemodified", kItemModified},
    {"headline", kItemHeadline},
    {"article:tag", kTag}, {"keywords", kKeywords}, {"news_keywords", kKeywords},
    {"parsely-tags", kKeywords}, {"article:section", kCategory}, {"parsely-section", kCategory},
};
// clang-format on

bool is_published_slot(Slot s) {
  return s == kArticlePublished || s == kMetaPublished || s == kItemPublished;
}
bool is_date_slot(Slot s) {
  return is_published_slot(s) || s == kArticleModified || s == kMetaModified || s == kItemModified;
}

const MetaKey* find_meta_key(std::string_view raw) {
  char buf[48];
  if (raw.size() >= sizeof buf) return nullptr;
  size_t n = 0;
  for (char c : raw) buf[n++] = lower(c);
  std::string_view key(buf, n);
  for (std::string_view ns : {"dc:", "dcterms:", "dcterm:"}) {
    if (key.starts_with(ns)) buf[ns.size() - 1] = '.';
  }
  if (key.starts_with("og:article:")) key.remove_prefix(3);  // "og:article:author" and the like
  for (const MetaKey& k : kMetaKeys) {
    if (k.key == key) return &k;
  }
  return nullptr;
}

// ---- class/id hints ----------------------------------------------------------------------------

/// A class or id token naming a section about other texts: comments and replies, whose authors
/// and dates are not the article's, and reference lists ("Retrieved 1 May 2016", cited authors).
/// "comments-open" style status flags are excluded.
bool mentions_other_texts(std::string_view s) {
  bool found = false;
  for_each_token(s, ' ', [&](std::string_view t) {
    bool named = icontains(t, "comment") || icontains(t, "discuss") || icontains(t, "disqus") ||
                 icontains(t, "reply") || icontains(t, "replies") || icontains(t, "citation") ||
                 icontains(t, "reference") || icontains(t, "reflist") || icontains(t, "footnote") ||
                 icontains(t, "bibliograph");
    bool status = icontains(t, "open") || icontains(t, "closed") || icontains(t, "has") ||
                  icontains(t, "enabled") || icontains(t, "allowed") || icontains(t, "count");
    found = found || (named && !status);
  });
  return found;
}
bool mentions_author(std::string_view s) {
  if (icontains(s, "byline") || icontains(s, "writer")) return true;
  for (size_t at = ifind(s, "author"); at != std::string_view::npos;) {
    std::string_view rest = s.substr(at + 6);
    if (!istarts_with(rest, "it") && !istarts_with(rest, "iz") && !istarts_with(rest, "is"))
      return true;
    size_t next = ifind(rest, "author");
    at = next == std::string_view::npos ? next : at + 6 + next;
  }
  return false;
}
bool mentions_modified(std::string_view s) {
  return icontains(s, "updat") || icontains(s, "modif");
}
/// "post-date", "entry-date", "pubdate", "published", "timestamp"; not "update" or "candidate".
bool mentions_date(std::string_view s, bool time_too) {
  if (icontains(s, "publish") || icontains(s, "posted") || icontains(s, "dateline")) return true;
  bool found = false;
  for (size_t i = 0; i < s.size() && !found;) {
    size_t j = i;
    while (j < s.size() && (is_alpha(s[j]) || is_digit(s[j]))) ++j;
    std::string_view part = s.substr(i, j - i);
    found = istarts_with(part, "date") || (time_too && istarts_with(part, "time")) ||
            (iends_with(part, "date") && !iends_with(part, "update") &&
             !iends_with(part, "idate") && !iends_with(part, "ndate"));
    i = j + 1;
  }
  return found;
}

// ---- the page scan: one pass over every node ---------------------------------------------------

class PageScan {
 public:
  explicit PageScan(const Dom& dom) : dom_(dom) {
    if (dom.body() != kNoNode) body_ = dom.body(), body_end_ = dom[dom.body()].end;
  }

  void run() {
    for (NodeId id = 0; id < dom_.size(); ++id) {
      const Node& n = dom_[id];
      bool in_body = id > body_ && id < body_end_;
      if (n.is_text) {
        if (in_body && id >= other_texts_end_ && published_line.empty()) on_text(id);
        continue;
      }
      if (in_body && in_other_texts(id)) continue;
      switch (n.tag) {
        case GUMBO_TAG_META:
          on_meta(id);
          break;
        case GUMBO_TAG_LINK:
          on_link(id);
          break;
        case GUMBO_TAG_SCRIPT:
          if (icontains(dom_.attr(id, "type"), "ld+json")) ld.add_script(dom_.text_content(id));
          break;
        case GUMBO_TAG_TITLE:
          if (doc_title.empty() && n.g->v.element.tag_namespace == GUMBO_NAMESPACE_HTML) {
            doc_title = collapse_ws(dom_.text_content(id));
          }
          break;
        default:
          if (in_body) on_body_element(id);
      }
    }
  }

  LdCollector ld;
  std::array<std::string, kSingleSlots> meta;
  std::vector<std::string> tags, keywords, categories, listed_authors;
  std::string doc_title, canonical, content_language;
  std::vector<std::string> h1s, item_authors;
  std::string item_published, item_modified, byline;
  std::string time_preferred, time_first, published_line, date_element;

 private:
  bool small(NodeId id) const { return dom_[id].end - id <= kMaxHintNodes; }

  /// Marks comment and reference sections: their bylines and dates are never the article's.
  bool in_other_texts(NodeId id) {
    if (id < other_texts_end_) return true;
    if (mentions_other_texts(dom_.attr(id, "class")) || mentions_other_texts(dom_.attr(id, "id"))) {
      other_texts_end_ = dom_[id].end;
      return true;
    }
    return false;
  }

  void on_meta(NodeId id) {
    std::string_view content = trim(dom_.attr(id, "content"));
    if (content.empty()) return;
    if (iequals(dom_.attr(id, "http-equiv"), "content-language") && content_language.empty()) {
      content_language = content;
    }
    for (const char* attr : {"property", "name", "itemprop"}) {
      for_each_token(dom_.attr(id, attr), ' ', [&](std::string_view key) {
        if (const MetaKey* k = find_meta_key(key)) store(k->slot, content);
      });
    }
  }

  void store(Slot slot, std::string_view value) {
    switch (slot) {
      case kTag:
        return add_unique(tags, value, kMaxTags);
      case kCategory:
        return add_unique(categories, value, kMaxTags);
      case kAuthorList:
        return add_unique(listed_authors, value, kMaxTags);
      case kKeywords:
        for_each_token(value, ',', [&](std::string_view t) { add_unique(keywords, t, kMaxTags); });
        return;
      default:
        break;
    }
    std::string& s = meta[slot];
    if (!s.empty()) return;
    if (!is_date_slot(slot)) {
      s = collapse_ws(value);
      return;
    }
    std::string iso = parse_date(value);
    if (!iso.empty() && !(is_published_slot(slot) && is_future(iso))) s = std::move(iso);
  }

  void on_link(NodeId id) {
    if (!canonical.empty()) return;
    bool is_canonical = false;
    for_each_token(dom_.attr(id, "rel"), ' ', [&](std::string_view rel) {
      is_canonical = is_canonical || iequals(rel, "canonical");
    });
    if (is_canonical) canonical = trim(dom_.attr(id, "href"));
  }

  void on_body_element(NodeId id) {
    GumboTag tag = dom_[id].tag;
    if (tag == GUMBO_TAG_STYLE || tag == GUMBO_TAG_NOSCRIPT || tag == GUMBO_TAG_TEMPLATE) return;
    if (std::string_view itemprop = dom_.attr(id, "itemprop"); !itemprop.empty()) {
      on_itemprop(id, itemprop);
    }
    if (tag == GUMBO_TAG_H1 && h1s.size() < 4 && dom_[id].end - id < 200) {
      h1s.push_back(collapse_ws(dom_.text_content(id)));
    }
    if (tag == GUMBO_TAG_TIME) return on_time(id);
    if (!small(id) || (!byline.empty() && !date_element.empty())) return;
    std::string_view cls = dom_.attr(id, "class"), ident = dom_.attr(id, "id");
    if (byline.empty()) {
      bool rel_author = false;
      for_each_token(dom_.attr(id, "rel"), ' ', [&](std::string_view rel) {
        rel_author = rel_author || iequals(rel, "author");
      });
      if (rel_author || mentions_author(cls) || mentions_author(ident)) byline = byline_text(id);
    }
    if (date_element.empty() && (mentions_date(cls, false) || mentions_date(ident, false)) &&
        !mentions_modified(cls) && !mentions_modified(ident)) {
      date_element = visible_date(id);
    }
  }

  /// The name inside a byline box: its author link or name element when it has one, so that a
  /// job title or a date beside the name stays out ("Ben Silverman" not "Ben Silverman Editor").
  std::string byline_text(NodeId id) const {
    constexpr size_t kMaxBylineWords = 10;  // more is a sentence, not a list of names
    for (NodeId i = id + 1; i < dom_[id].end; ++i) {
      if (dom_[i].is_text) continue;
      std::string_view cls = dom_.attr(i, "class");
      bool named = icontains(cls, "name") || icontains(dom_.attr(i, "itemprop"), "name") ||
                   icontains(dom_.attr(i, "rel"), "author") ||
                   (dom_[i].tag == GUMBO_TAG_A && icontains(dom_.attr(i, "href"), "author"));
      for_each_token(cls, ' ', [&](std::string_view t) { named = named || iequals(t, "fn"); });
      if (!named) continue;
      std::string name = clean_person(dom_.text_content(i));
      if (!name.empty() && word_count(name) <= kMaxBylineWords) return name;
    }
    std::string name = clean_person(dom_.text_content(id));
    return word_count(name) <= kMaxBylineWords ? name : std::string();
  }

  std::string visible_date(NodeId id) const {
    std::string text = dom_.text_content(id);
    if (text.size() > kMaxDateTextChars) text.resize(kMaxDateTextChars);
    std::string iso = parse_date(text);
    return is_future(iso) ? std::string() : iso;
  }

  void on_itemprop(NodeId id, std::string_view itemprop) {
    auto value = [&](NodeId at) {
      for (const char* attr : {"content", "datetime"}) {
        if (dom_.has_attr(at, attr)) return std::string(dom_.attr(at, attr));
      }
      return small(at) ? dom_.text_content(at) : std::string();
    };
    for_each_token(itemprop, ' ', [&](std::string_view key) {
      if (iequals(key, "author") && item_authors.size() < 5) {
        NodeId name = dom_.has_attr(id, "itemscope") ? find_itemprop(id, "name") : id;
        if (name != kNoNode) add_unique(item_authors, value(name), 5);
      } else if (iequals(key, "datePublished") && item_published.empty()) {
        item_published = parse_date(value(id));
        if (is_future(item_published)) item_published.clear();
      } else if (iequals(key, "dateModified") && item_modified.empty()) {
        item_modified = parse_date(value(id));
      } else if (iequals(key, "headline") && meta[kItemHeadline].empty()) {
        meta[kItemHeadline] = collapse_ws(value(id));
      }
    });
  }

  NodeId find_itemprop(NodeId scope, std::string_view key) const {
    NodeId stop = std::min(dom_[scope].end, scope + 1 + kMaxHintNodes);
    for (NodeId i = scope + 1; i < stop; ++i) {
      if (!dom_[i].is_text && iequals(trim(dom_.attr(i, "itemprop")), key)) return i;
    }
    return kNoNode;
  }

  /// <time>: the first one, and the first inside something that says publish/date/time.
  void on_time(NodeId id) {
    if (!time_preferred.empty()) return;
    std::string iso = parse_date(dom_.attr(id, "datetime"));
    if (iso.empty() && small(id)) iso = visible_date(id);
    if (iso.empty() || is_future(iso)) return;
    bool preferred = dom_.has_attr(id, "pubdate");
    bool modified = false;
    for (NodeId at = id, hops = 0; at != kNoNode && at != body_ && hops < 4;
         at = dom_[at].parent, ++hops) {
      for (const char* attr : {"class", "id"}) {
        std::string_view v = dom_.attr(at, attr);
        modified = modified || mentions_modified(v);
        preferred = preferred || icontains(v, "publish") || mentions_date(v, true);
      }
    }
    if (preferred && (!modified || icontains(dom_.attr(id, "class"), "publish"))) {
      time_preferred = iso;
    } else if (time_first.empty() && !modified) {
      time_first = iso;
    }
  }

  /// Visible "Published Sep. 29, 2017" or "Posted: ..." lines.
  void on_text(NodeId id) {
    GumboTag parent = dom_[dom_[id].parent].tag;
    if (parent == GUMBO_TAG_SCRIPT || parent == GUMBO_TAG_STYLE || parent == GUMBO_TAG_NOSCRIPT ||
        parent == GUMBO_TAG_TEXTAREA) {
      return;
    }
    std::string_view text = trim(dom_.text(id));
    if (text.size() < 5 || text.size() > kMaxDateTextChars) return;
    static constexpr std::string_view kLeads[] = {
        "published",    "posted",     "publicado", "publié", "veröffentlicht", "pubblicato",
        "gepubliceerd", "erschienen", "date:",     "datum:", "fecha:"};
    bool lead = false;
    for (std::string_view k : kLeads) lead = lead || istarts_with(text, k);
    if (!lead) return;
    published_line = parse_date(text);
    NodeId up = dom_[id].parent;
    for (int hops = 0; published_line.empty() && up != kNoNode && up != body_ && hops < 2; ++hops) {
      if (small(up)) published_line = visible_date(up);
      up = dom_[up].parent;
    }
    if (is_future(published_line)) published_line.clear();
  }

  const Dom& dom_;
  NodeId body_ = kNoNode, body_end_ = kNoNode;
  NodeId other_texts_end_ = 0;  // nodes before this id lie in a comment or reference section
};

// ---- titles ------------------------------------------------------------------------------------

// Separators between a title and a site name. The first kStrongSeparators rarely occur inside a
// headline; a dash often does ("Spider-Man - A Review"), so cutting there needs evidence.
constexpr std::string_view kSeparators[] = {" | ",  " :: ", " · ", " • ", " » ",
                                            " // ", " - ",  " – ", " — "};
constexpr std::span<const std::string_view> kAllSeparators(kSeparators);
constexpr std::span<const std::string_view> kStrongSeparators = kAllSeparators.first(6);

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
      if (!last && label.size() >= 3 && label != "www" &&
          (p == label || (affix && word_count(part) <= 4))) {
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

std::string strip_title(std::string_view title, std::string_view site_name,
                        const std::vector<std::string>& hosts) {
  if (iequals(title, site_name)) return std::string(title);  // a home page: the title is the site
  std::string out = strip_known_site(title, site_name);
  if (out != title) return out;
  out = strip_by_shape(title, kAllSeparators, &hosts);
  if (out != title || !site_name.empty()) return out;
  return strip_by_shape(title, kStrongSeparators, nullptr);
}

/// <title> unless an <h1> is a piece of it: then the <h1> is the title without the site name,
/// or, when it is the title's last part, the site's own header naming what to strip.
std::string title_from_document(const std::string& doc_title, const std::vector<std::string>& h1s) {
  for (const std::string& h1 : h1s) {
    if (doc_title.empty() && !h1.empty()) return h1;
    if (word_count(h1) < 2 || !icontains(doc_title, h1)) continue;
    if (!iends_with(doc_title, h1) || iequals(doc_title, h1)) return h1;
    if (std::string s = strip_known_site(doc_title, h1); s != doc_title) return s;
  }
  return doc_title;
}

/// JSON-LD headline, unless the name differs and is the one the page's own title starts with.
std::string pick_ld_title(const LdInfo& ld, std::string_view doc_title) {
  if (ld.headline.empty() || (!ld.name.empty() && !istarts_with(doc_title, ld.headline) &&
                              istarts_with(doc_title, ld.name))) {
    return ld.name;
  }
  return ld.headline;
}

std::string first_of(std::initializer_list<const std::string*> values) {
  for (const std::string* v : values) {
    if (!v->empty()) return *v;
  }
  return {};
}

std::string join_authors(const PageScan& scan, const LdInfo& ld) {
  std::vector<std::string> names;
  auto take = [&](const std::vector<std::string>& raw) {
    for (const std::string& r : raw) {
      if (std::string name = clean_person(r); !name.empty() && parse_date(name).empty()) {
        add_unique(names, name, kMaxTags);
      }
    }
    return !names.empty();
  };
  const auto& m = scan.meta;
  // Dublin Core and citation author lists before name=author, which sometimes names the site.
  bool found = take(ld.persons) || take({m[kArticleAuthor]}) || take(scan.listed_authors) ||
               take({m[kMetaAuthor]}) || take({m[kOtherAuthor]}) || take(scan.item_authors) ||
               take({scan.byline}) || take(ld.organizations);
  std::string out;
  for (size_t i = 0; found && i < names.size(); ++i) out += (i ? "; " : "") + names[i];
  return out;
}

std::string pick_date(const PageScan& scan, const LdInfo& ld, const Metadata& meta) {
  std::string ld_date = parse_date(ld.date);
  if (is_future(ld_date)) ld_date.clear();
  std::string url_date = url_path_date(meta.url);
  if (url_date.empty()) url_date = url_path_date(meta.canonical_url);
  if (is_future(url_date)) url_date.clear();
  const auto& m = scan.meta;
  return first_of({&ld_date, &m[kArticlePublished], &m[kMetaPublished], &m[kItemPublished],
                   &scan.item_published, &scan.time_preferred, &scan.time_first,
                   &scan.published_line, &scan.date_element, &url_date});
}

}  // namespace

std::string parse_date(std::string_view text) {
  DateParts p;
  return find_date(text, p) ? format_date(p) : std::string();
}

std::string resolve_url(std::string_view base, std::string_view ref) {
  std::string r(trim(ref));
  if (base.empty() || r.empty()) return r;
  CurlUrl h(curl_url(), &curl_url_cleanup);
  if (!h || curl_url_set(h.get(), CURLUPART_URL, std::string(base).c_str(), 0) != CURLUE_OK ||
      curl_url_set(h.get(), CURLUPART_URL, r.c_str(), CURLU_ALLOW_SPACE) != CURLUE_OK) {
    return r;
  }
  std::string out = url_part(h.get(), CURLUPART_URL);
  return out.empty() ? r : out;
}

std::string strip_title_site_name(std::string_view title, std::string_view site_name) {
  std::string collapsed = collapse_ws(title);
  std::string out = strip_known_site(collapsed, collapse_ws(site_name));
  if (out != collapsed || !site_name.empty()) return out;
  return strip_by_shape(collapsed, kStrongSeparators, nullptr);
}

Metadata extract_metadata(const Dom& dom, std::string_view url) {
  PageScan scan(dom);
  scan.run();
  LdInfo ld = scan.ld.info();
  const auto& m = scan.meta;
  Metadata meta;
  meta.url = std::string(trim(url));

  std::string canonical = first_of({&scan.canonical, &m[kOgUrl], &ld.url});
  meta.canonical_url = resolve_url(meta.url, canonical);
  meta.hostname = host_of(meta.url.empty() ? meta.canonical_url : meta.url);
  std::string base = meta.url.empty() ? meta.canonical_url : meta.url;

  for (const std::string* site :
       {&std::as_const(ld.site_name), &m[kOgSiteName], &m[kApplicationName]}) {
    if (meta.site_name.empty() && !looks_like_url(*site)) meta.site_name = *site;
  }
  std::string doc_title = title_from_document(scan.doc_title, scan.h1s);
  std::string ld_title = pick_ld_title(ld, scan.doc_title);
  std::string title = first_of(
      {&ld_title, &m[kOgTitle], &m[kTwitterTitle], &m[kMetaTitle], &m[kItemHeadline], &doc_title});
  std::vector<std::string> hosts{meta.hostname, host_of(meta.canonical_url)};
  meta.title = strip_title(collapse_ws(title), meta.site_name, hosts);

  meta.author = join_authors(scan, ld);
  meta.date = pick_date(scan, ld, meta);
  std::string ld_modified = parse_date(ld.date_modified);
  meta.date_modified = first_of({&ld_modified, &m[kArticleModified], &m[kMetaModified],
                                 &m[kItemModified], &scan.item_modified});

  std::string lang =
      dom.html() == kNoNode ? std::string() : std::string(dom.attr(dom.html(), "lang"));
  if (lang.empty() && dom.html() != kNoNode) lang = dom.attr(dom.html(), "xml:lang");
  meta.language = normalize_language(lang);
  if (meta.language.empty()) meta.language = normalize_language(scan.content_language);
  if (meta.language.empty()) meta.language = normalize_language(m[kOgLocale]);

  meta.description = first_of(
      {&m[kOgDescription], &m[kMetaDescription], &m[kTwitterDescription], &ld.description});
  std::string image = first_of({&m[kOgImage], &m[kTwitterImage], &ld.image});
  meta.image = resolve_url(base, image);

  for (const auto* list : {&scan.tags, &scan.keywords, &ld.tags}) {
    for (const std::string& t : *list) add_unique(meta.tags, t, kMaxTags);
  }
  for (const auto* list : {&scan.categories, &ld.categories}) {
    for (const std::string& c : *list) add_unique(meta.categories, c, kMaxTags);
  }
  return meta;
}

}  // namespace winnow::clean
