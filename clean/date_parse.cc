#include "clean/date_parse.h"

#include <unicode/locid.h>
#include <unicode/unistr.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <initializer_list>
#include <utility>
#include <vector>

#include "clean/meta_text.h"

namespace winnow::clean {
namespace {

using namespace metatext;

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

// English, German, French, Spanish, Portuguese, Italian and Dutch names and abbreviations, and
// the forms used in dates in the languages below.
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
    // Polish (genitive, as in "12 marca 2024", and nominative), Czech, Swedish, Danish and
    // Norwegian, Turkish, Russian (genitive).
    {"stycznia", 1}, {"styczeń", 1}, {"lutego", 2}, {"luty", 2}, {"marca", 3}, {"marzec", 3},
    {"kwietnia", 4}, {"kwiecień", 4}, {"maja", 5}, {"maj", 5}, {"czerwca", 6}, {"czerwiec", 6},
    {"lipca", 7}, {"lipiec", 7}, {"sierpnia", 8}, {"sierpień", 8}, {"września", 9},
    {"wrzesień", 9}, {"października", 10}, {"październik", 10}, {"listopada", 11},
    {"listopad", 11}, {"grudnia", 12}, {"grudzień", 12},
    {"ledna", 1}, {"února", 2}, {"března", 3}, {"dubna", 4}, {"května", 5}, {"června", 6},
    {"července", 7}, {"srpna", 8}, {"září", 9}, {"října", 10}, {"listopadu", 11}, {"prosince", 12},
    {"augusti", 8}, {"desember", 12},
    {"ocak", 1}, {"şubat", 2}, {"mart", 3}, {"nisan", 4}, {"mayıs", 5}, {"haziran", 6},
    {"temmuz", 7}, {"ağustos", 8}, {"eylül", 9}, {"ekim", 10}, {"kasım", 11}, {"aralık", 12},
    {"января", 1}, {"февраля", 2}, {"марта", 3}, {"апреля", 4}, {"мая", 5}, {"июня", 6},
    {"июля", 7}, {"августа", 8}, {"сентября", 9}, {"октября", 10}, {"ноября", 11}, {"декабря", 12},
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
    std::string_view text = t_[i].text;
    // Names with a capital outside ASCII ("Şubat", "Październik") need Unicode case folding.
    std::string folded;
    if (std::any_of(text.begin(), text.end(), [](char c) { return static_cast<unsigned char>(c) >= 0x80; })) {
      icu::UnicodeString::fromUTF8(icu::StringPiece(text.data(), static_cast<int32_t>(text.size())))
          .toLower(icu::Locale::getRoot())
          .toUTF8String(folded);
      text = folded;
    }
    for (const MonthName& m : kMonthNames) {
      if (iequals(text, m.name)) return m.month;
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
      p.offset.assign(1, 'Z');  // not = "Z": GCC 12 warns (-Wrestrict) on that, wrongly
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
      char buf[32];  // room for any int: the compiler cannot see hh and mm are two digits
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

bool match_date(std::string_view text, DateParts& p) {
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

}  // namespace

std::string parse_date(std::string_view text) {
  DateParts p;
  return match_date(text, p) ? format_date(p) : std::string();
}

std::optional<DateMatch> find_date(std::string_view text) {
  DateParts p;
  if (!match_date(text, p)) return std::nullopt;
  return DateMatch{format_date(p), p.begin};
}

bool is_future_date(std::string_view iso) {
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

}  // namespace winnow::clean
