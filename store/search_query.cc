#include "store/search_query.h"

#include "store/query.h"

namespace winnow::store {
namespace {

// A person's query nests a few parentheses; this bounds the parser's recursion.
constexpr int kMaxDepth = 64;

enum class TokenKind { Word, Phrase, And, Or, Not, Open, Close, End };

struct Token {
  TokenKind kind;
  std::string text;
};

class Parser {
 public:
  Parser(std::string_view query, int first_parameter) : query_(query), next_parameter_(first_parameter) {
    advance();
  }

  TsQuerySql parse() {
    TsQuerySql out;
    if (token_.kind == TokenKind::End) throw error("the query has no words");
    out.sql = parse_or(0);
    if (token_.kind == TokenKind::Close) throw error("')' without '('");
    if (token_.kind != TokenKind::End) throw error("cannot read the query past " + describe(token_));
    out.words = std::move(words_);
    return out;
  }

 private:
  SearchQueryError error(const std::string& what) const {
    constexpr std::size_t kShownBytes = 60;
    std::size_t end = std::min(query_.size(), kShownBytes);
    while (end > 0 && end < query_.size() && (static_cast<unsigned char>(query_[end]) & 0xC0) == 0x80) --end;
    std::string shown;
    for (char c : query_.substr(0, end)) shown += (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) ? ' ' : c;
    if (end < query_.size()) shown += "...";
    return SearchQueryError("search '" + shown + "': " + what);
  }

  static std::string describe(const Token& token) {
    switch (token.kind) {
      case TokenKind::And: return "AND";
      case TokenKind::Or: return "OR";
      case TokenKind::Not: return "NOT";
      case TokenKind::Open: return "'('";
      case TokenKind::Close: return "')'";
      case TokenKind::End: return "the end";
      case TokenKind::Word:
      case TokenKind::Phrase: break;
    }
    return "'" + token.text + "'";
  }

  static bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }

  void advance() {
    while (at_ < query_.size() && is_space(query_[at_])) ++at_;
    if (at_ == query_.size()) {
      token_ = {TokenKind::End, {}};
      return;
    }
    char c = query_[at_];
    if (c == '(' || c == ')') {
      ++at_;
      token_ = {c == '(' ? TokenKind::Open : TokenKind::Close, {}};
      return;
    }
    if (c == '"') {
      std::string phrase;
      for (++at_;; ++at_) {
        if (at_ == query_.size()) throw error("unterminated string");
        if (query_[at_] == '"') {
          if (at_ + 1 < query_.size() && query_[at_ + 1] == '"') {
            phrase += '"';
            ++at_;
            continue;
          }
          ++at_;
          break;
        }
        phrase += query_[at_];
      }
      token_ = {TokenKind::Phrase, std::move(phrase)};
      return;
    }
    std::size_t start = at_;
    while (at_ < query_.size() && !is_space(query_[at_]) && query_[at_] != '"' && query_[at_] != '(' &&
           query_[at_] != ')') {
      ++at_;
    }
    std::string word(query_.substr(start, at_ - start));
    TokenKind kind = word == "AND" ? TokenKind::And : word == "OR" ? TokenKind::Or : word == "NOT" ? TokenKind::Not : TokenKind::Word;
    token_ = {kind, std::move(word)};
  }

  static bool starts_operand(TokenKind kind) {
    return kind == TokenKind::Word || kind == TokenKind::Phrase || kind == TokenKind::Open;
  }

  std::string parse_or(int depth) {
    std::string left = parse_and(depth);
    while (token_.kind == TokenKind::Or) {
      advance();
      left = "(" + left + " || " + parse_and(depth, "OR") + ")";
    }
    return left;
  }

  std::string parse_and(int depth, const char* after = nullptr) {
    std::string left = parse_not(depth, after);
    while (token_.kind == TokenKind::And || starts_operand(token_.kind)) {
      const char* op = nullptr;
      if (token_.kind == TokenKind::And) {
        advance();
        op = "AND";
      }
      left = "(" + left + " && " + parse_not(depth, op) + ")";
    }
    return left;
  }

  std::string parse_not(int depth, const char* after) {
    std::string left = parse_operand(depth, after);
    while (token_.kind == TokenKind::Not) {
      advance();
      left = "(" + left + " && !!" + parse_operand(depth, "NOT") + ")";
    }
    return left;
  }

  std::string parse_operand(int depth, const char* after) {
    if (!starts_operand(token_.kind)) {
      if (after != nullptr) throw error(std::string(after) + " needs a word, phrase or parenthesis after it");
      if (token_.kind == TokenKind::Close) throw error("')' without '(' or with nothing inside");
      throw error("the query cannot start with " + describe(token_) +
                  " (AND, OR and NOT go between words: \"a NOT b\")");
    }
    if (token_.kind == TokenKind::Open) {
      if (depth >= kMaxDepth) throw error("parentheses nested too deep");
      advance();
      std::string inner = parse_or(depth + 1);
      if (token_.kind != TokenKind::Close) throw error("'(' without ')'");
      advance();
      return inner;
    }
    const char* function = token_.kind == TokenKind::Phrase ? "phraseto_tsquery" : "plainto_tsquery";
    words_.push_back(std::move(token_.text));
    std::string sql = std::string(function) + "('simple', $" + std::to_string(next_parameter_++) + "::text)";
    advance();
    return sql;
  }

  std::string_view query_;
  std::size_t at_ = 0;
  Token token_{TokenKind::End, {}};
  int next_parameter_;
  std::vector<std::string> words_;
};

}  // namespace

TsQuerySql tsquery_sql(std::string_view query, int first_parameter) { return Parser(query, first_parameter).parse(); }

}  // namespace winnow::store
