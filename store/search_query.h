// `winnow search`'s query language on PostgreSQL: the syntax FTS5 reads in SQLite (words,
// "phrases", AND, OR, NOT, parentheses), turned into a tsquery expression whose words travel as
// bound parameters, so that both stores take the same queries and answer them alike.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace winnow::store {

/// A tsquery as SQL: `sql` refers to the words as $first_parameter, $first_parameter+1, ...
/// (plainto_tsquery for a word, phraseto_tsquery for a phrase, with the 'simple' configuration),
/// `words` holds them in that order.
struct TsQuerySql {
  std::string sql;
  std::vector<std::string> words;
};

/// Parses `query`: words (implicitly ANDed), "phrases" ("" inside one is a quote), binary AND,
/// OR and NOT (upper case: lower case they are words; NOT binds tightest, then AND, then OR),
/// parentheses. Throws SearchQueryError ("search 'a OR': OR needs a word, phrase or
/// parenthesis after it") for a query it cannot read.
TsQuerySql tsquery_sql(std::string_view query, int first_parameter = 1);

}  // namespace winnow::store
