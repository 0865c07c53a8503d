// The cleaner's options (CleanOptions): each changes the output the way the README says.
#include <catch2/catch.hpp>
#include <string>

#include "clean/cleaner.h"
#include "clean/site_rules.h"
#include "config/site_rules.h"

using namespace winnow::clean;

namespace {

const std::string kPara1 =
    "Die Gemeinde hat am Dienstag beschlossen, die alte Brücke über den Fluss bis zum Herbst "
    "vollständig zu erneuern, wie der Bürgermeister nach der Sitzung des Rates mitteilte.";
const std::string kPara2 =
    "Die Kosten von rund zwei Millionen Euro teilen sich das Land und die Gemeinde, ein Teil "
    "stammt aus einem Förderprogramm für die Sanierung von Verkehrswegen im ländlichen Raum.";
const std::string kPara3 =
    "Während der Bauarbeiten wird der Verkehr über eine Umleitung durch das Gewerbegebiet "
    "geführt; Fußgänger und Radfahrer können eine provisorische Brücke neben der Baustelle nutzen.";

std::string page(const std::string& body) {
  return "<!doctype html><html lang=de><head><title>Brücke wird erneuert</title></head><body>" + body +
         "</body></html>";
}

bool contains(const std::string& hay, const std::string& needle) { return hay.find(needle) != std::string::npos; }

CleanOptions with(void (*set)(CleanOptions&)) {
  CleanOptions o;
  set(o);
  return o;
}

}  // namespace

TEST_CASE("keep_links writes inline links as Markdown links, resolved against the page URL") {
  std::string html = page("<article><p>" + kPara1 + "</p><p>Wer die Beschlüsse im Einzelnen nachlesen möchte, findet mehr dazu im <a href=\"/rat/protokoll.html\">Protokoll "
                          "der Sitzung</a> und auf der <a href='https://land.example/foerderung'>Seite des Landes</a> "
                          "sowie <a href=\"javascript:void(0)\">hier</a> und <a href=\"#oben\">oben</a>.</p><p>" +
                          kPara2 + "</p></article>");
  Article plain = clean_html(html, "https://gemeinde.example/news/bruecke.html");
  CHECK_FALSE(contains(plain.markdown(), "]("));
  CHECK(contains(plain.text(), "mehr dazu im Protokoll der Sitzung und auf der Seite des Landes"));

  Article linked = clean_html(html, "https://gemeinde.example/news/bruecke.html", with([](CleanOptions& o) { o.keep_links = true; }));
  std::string md = linked.markdown();
  CHECK(contains(md, "[Protokoll der Sitzung](https://gemeinde.example/rat/protokoll.html)"));
  CHECK(contains(md, "[Seite des Landes](https://land.example/foerderung)"));
  CHECK_FALSE(contains(md, "[hier]"));   // javascript: is not a link target
  CHECK_FALSE(contains(md, "[oben]"));   // nor a fragment of the same page
  CHECK(linked.text() == plain.text());  // text output never carries link syntax
}

TEST_CASE("keep_links uses <base href> and escapes brackets in link text") {
  std::string html = "<html><head><base href=\"https://cdn.example/archiv/\"></head><body><article><p>" + kPara1 +
                     "</p><p>Den genauen Ablauf der Arbeiten zeigt der <a href=\"2024/plan.pdf\">Plan [PDF]</a> im Archiv der Gemeinde.</p><p>" + kPara2 +
                     "</p></article></body></html>";
  Article a = clean_html(html, "https://gemeinde.example/x", with([](CleanOptions& o) { o.keep_links = true; }));
  CHECK(contains(a.markdown(), "[Plan \\[PDF\\]](https://cdn.example/archiv/2024/plan.pdf)"));
}

TEST_CASE("keep_links keeps the whole text of a link that opens a block after whitespace") {
  // Found by fuzzing: the space collapsed away at a block's start was still counted, so the link
  // lost its first byte ("rotokoll"), or half of a UTF-8 sequence.
  std::string html = page("<article><p>" + kPara1 + "</p><p> <a href=\"/rat/protokoll.html\">Protokoll</a> der Sitzung vom "
                          "Dienstag, mit allen Beschlüssen des Rates zur Brücke.</p><p> \n <a href=\"/rat/\">Übersicht</a> "
                          "aller Sitzungen des Rates in diesem Jahr, mit den Tagesordnungen.</p><p>" + kPara2 + "</p></article>");
  Article a = clean_html(html, "https://gemeinde.example/news/", with([](CleanOptions& o) { o.keep_links = true; }));
  CHECK(contains(a.markdown(), "[Protokoll](https://gemeinde.example/rat/protokoll.html) der Sitzung"));
  CHECK(contains(a.markdown(), "[Übersicht](https://gemeinde.example/rat/) aller Sitzungen"));
}

TEST_CASE("keep_tables false leaves data tables out, layout tables still unwrapped") {
  std::string html = page("<article><p>" + kPara1 + "</p><table><tr><th>Jahr</th><th>Kosten</th></tr>"
                          "<tr><td>2024</td><td>1,2 Mio.</td></tr><tr><td>2025</td><td>0,8 Mio.</td></tr></table>"
                          "<table role=presentation><tr><td><p>" + kPara2 + "</p></td></tr></table></article>");
  Article with_tables = clean_html(html);
  CHECK(contains(with_tables.text(), "2024 | 1,2 Mio."));
  Article without = clean_html(html, "", with([](CleanOptions& o) { o.keep_tables = false; }));
  CHECK_FALSE(contains(without.text(), "1,2 Mio."));
  CHECK(contains(without.text(), kPara2));
}

TEST_CASE("keep_comments appends the comment section after the article") {
  std::string html = page("<article><p>" + kPara1 + "</p><p>" + kPara2 + "</p></article>"
                          "<section id=kommentare class=comments><h2>Kommentare</h2><div class=comment><p>Endlich passiert "
                          "etwas an dieser Brücke, wir warten seit Jahren darauf und die Umleitung ist gut geplant.</p>"
                          "</div></section>");
  Article plain = clean_html(html);
  CHECK_FALSE(contains(plain.text(), "Endlich passiert"));
  Article kept = clean_html(html, "", with([](CleanOptions& o) { o.keep_comments = true; }));
  std::string text = kept.text();
  REQUIRE(contains(text, "Endlich passiert"));
  CHECK(text.find("Endlich passiert") > text.find(kPara2));
}

TEST_CASE("precision leaves out a doubtful neighbour that recall keeps") {
  // A short paragraph beside the article with some links: doubtful, neither clearly article nor chrome.
  std::string doubtful = "Lesen Sie auch unseren <a href=/a>Bericht</a> über die <a href=/b>Umleitung</a> und die "
                         "Pläne der Stadt für den Radverkehr in den nächsten Jahren.";
  std::string html = page("<div class=wrap><div class=story><p>" + kPara1 + "</p><p>" + kPara2 + "</p><p>" + kPara3 +
                          "</p></div><p>" + doubtful + "</p></div>");
  Article precise = clean_html(html, "", with([](CleanOptions& o) { o.focus = Focus::Precision; }));
  Article recall = clean_html(html, "", with([](CleanOptions& o) { o.focus = Focus::Recall; }));
  CHECK(contains(precise.text(), kPara3));
  CHECK_FALSE(contains(precise.text(), "Pläne der Stadt"));
  CHECK(contains(recall.text(), "Pläne der Stadt"));
}

TEST_CASE("text inside a javascript: link that wraps paragraphs is content") {
  Article a = clean_html(page("<a href=\"javascript:\"><p>" + kPara1 + "</p><p>" + kPara2 + "</p></a>"));
  CHECK(contains(a.text(), kPara1));
  CHECK(contains(a.text(), kPara2));
}

TEST_CASE("is_article: true for a short story; a listing is no article but keeps its cards; nothing is emptied") {
  Article story = clean_html(page("<article><p>" + kPara1 + "</p><p>" + kPara2 + "</p></article>"));
  CHECK(story.is_article);
  CHECK(story.page_type == PageType::Article);
  CHECK(story.text() == kPara1 + "\n\n" + kPara2);
  std::string cards;
  for (int i = 0; i < 8; ++i) {
    cards += "<div class=card><h3><a href=/s" + std::to_string(i) + ">Meldung Nummer " + std::to_string(i) +
             " aus der Region</a></h3><p>Kurz: " + kPara1.substr(0, 90) + "</p></div>";
  }
  Article listing = clean_html(page("<main><div class=grid>" + cards + "</div></main>"));
  CHECK_FALSE(listing.is_article);
  CHECK(listing.page_type == PageType::Listing);
  CHECK(contains(listing.text(), "Meldung Nummer 0 aus der Region"));
  CHECK(contains(listing.text(), "Meldung Nummer 7 aus der Region"));
  Article error = clean_html(page("<main><h1>Seite nicht gefunden</h1><p>Die Seite existiert nicht mehr.</p></main>"));
  CHECK(contains(error.text(), "Die Seite existiert nicht mehr."));
}

TEST_CASE("a page without a declared language gets the language of its text") {
  std::string html = "<html><head><title>Puente</title></head><body><article><p>El ayuntamiento aprobó el martes la "
                     "renovación completa del viejo puente sobre el río, que estará terminada antes del otoño, según "
                     "informó el alcalde tras la sesión del pleno.</p><p>Las obras costarán unos dos millones de euros, "
                     "que pagarán a partes iguales la región y el municipio con ayuda de un programa europeo.</p>"
                     "</article></body></html>";
  CHECK(clean_html(html).meta.language == "es");
  CHECK(clean_html(page("<article><p>" + kPara1 + "</p><p>" + kPara2 + "</p></article>")).meta.language == "de");
}

TEST_CASE("site rules: drop removes elements before extraction, keep names the article, by host") {
  winnow::config::SiteRules parsed = winnow::config::parse_site_rules(
      "[[site]]\nhost = \"gemeinde.example\"\ndrop = [\"p.kosten\"]\n"
      "[[site]]\nhost = \"archiv.example\"\nkeep = [\"//div[@id='notiz']\"]\n",
      "rules.toml");
  CompiledSiteRules rules(parsed);
  CleanOptions o;
  o.site_rules = &rules;
  std::string html = page("<article><p>" + kPara1 + "</p><p class=kosten>" + kPara2 + "</p><p>" + kPara3 +
                          "</p></article><div id=notiz><p>Notiz der Redaktion: Die Angaben zu den Kosten stammen aus "
                          "der Vorlage der Verwaltung für den Rat.</p></div>");
  Article dropped = clean_html(html, "https://www.gemeinde.example/a.html", o);
  CHECK(contains(dropped.text(), kPara1));
  CHECK_FALSE(contains(dropped.text(), kPara2));
  Article kept = clean_html(html, "https://archiv.example/a.html", o);
  CHECK(kept.text() == "Notiz der Redaktion: Die Angaben zu den Kosten stammen aus der Vorlage der Verwaltung für den Rat.");
  Article other = clean_html(html, "https://andere.example/a.html", o);
  CHECK(contains(other.text(), kPara2));
}
