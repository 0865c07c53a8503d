// Tests of the main content of pages that are not articles, and of the rules that follow the
// block classifier (clean/main_content.cc): one built page per rule, through clean_html.
#include <catch2/catch.hpp>
#include <string>

#include "clean/cleaner.h"
#include "clean/extract.h"
#include "clean/main_content.h"
#include "clean/page_type.h"

using namespace winnow::clean;

namespace {

bool contains(const std::string& hay, const std::string& needle) { return hay.find(needle) != std::string::npos; }

std::string page(const std::string& title, const std::string& body, const std::string& lang = "en") {
  return "<!doctype html><html lang=" + lang + "><head><title>" + title + "</title></head><body>" + body +
         "</body></html>";
}

// A phpBB 3 thread: each post a profile list beside its body, a "Re:" subject, the author line, the
// text, sometimes a signature.
std::string forum_thread() {
  const std::string title = "Heat pump cycles on and off in spring";
  const char* texts[] = {
      "Since the weather turned mild our air source heat pump starts and stops every ten minutes or so. "
      "The installer says this is normal but it seems a lot to me. Is there a setting I should look at first?",
      "It is common in spring. Your unit probably cannot modulate below three kilowatts, and at ten degrees "
      "outside the house needs less than that, so it has to cycle. Check the heating curve first.",
      "Spot on, thank you. Three rooms upstairs had their valves closed. I opened them and lowered the "
      "curve from 0.8 to 0.6, and tonight it has run for two hours at a stretch without stopping.",
      "Same here last year. Lowering the hot water temperature to 48 degrees and running the legionella "
      "cycle once a week instead of every day made a big difference to the number of starts.",
  };
  const char* names[] = {"ole_hb", "heatfritz", "ole_hb", "sabine_k"};
  std::string posts;
  for (int i = 0; i < 4; ++i) {
    std::string id = std::to_string(88200 + i);
    posts += "<div id=p" + id + " class=\"post has-profile bg" + std::to_string(i % 2 + 1) + "\"><div class=inner>"
             "<dl class=postprofile id=profile" + id + "><dt><a href=./memberlist.php?u=" + std::to_string(i) +
             " class=username>" + names[i] + "</a></dt><dd class=profile-rank>Member</dd>"
             "<dd class=profile-posts><strong>Posts:</strong> <a href=./search.php?author_id=" + std::to_string(i) +
             ">" + std::to_string(7 + i) + "</a></dd><dd class=profile-joined><strong>Joined:</strong> Mon Nov 13, "
             "2023 11:41 am</dd></dl><div class=postbody><div id=post_content" + id + "><h3><a href=#p" + id + ">" +
             (i == 0 ? "" : "Re: ") + title + "</a></h3><p class=author>by <strong><a class=username href=#>" +
             names[i] + "</a></strong> &raquo; Mon Mar 03, 2025 " + std::to_string(8 + i) +
             ":14 pm</p><div class=content>" + texts[i] + "</div>" +
             (i == 1 ? "<div id=sig" + id + " class=signature>Master heating engineer. I advise here in a private "
                                          "capacity only.</div>"
                     : "") +
             "</div></div><div class=likes>" + std::to_string(i + 1) + " Likes</div></div></div>";
  }
  return page(title + " - Home Heating Forum",
              "<div id=wrap><div class=headerbar><a href=./index.php>Home Heating Forum</a>"
              "<ul class=navbar><li><a href=./faq.php>FAQ</a></li><li><a href=./ucp.php?mode=register>Register</a>"
              "</li><li><a href=./ucp.php?mode=login>Login</a></li></ul></div>"
              "<div id=page-body><h2 class=topic-title><a href=./viewtopic.php?t=4411>" + title + "</a></h2>" +
              posts + "</div><div class=copyright>Powered by phpBB</div></div>");
}

}  // namespace

TEST_CASE("the fitted models read the features computed today") {
  // A model fitted before a feature was added, removed or moved would read the wrong columns:
  // refit with bench/fit_models.sh.
  CHECK(block_model_matches());
  CHECK(page_type_model_matches());
}

TEST_CASE("a short post is an article and keeps its text") {
  const std::string p1 =
      "We moved the allotment blog to a new host this weekend. Old links keep working, and the feed "
      "address has not changed, so nobody should need to do anything.";
  const std::string p2 = "If something looks broken, leave a note under any post and we will fix it.";
  Article a = clean_html(page("Moving house - Plot 23",
                              "<header><a href=/>Plot 23</a><nav><a href=/about>About</a> <a href=/archive>Archive</a>"
                              "</nav></header><main><article><h1>Moving house</h1><p>" +
                                  p1 + "</p><p>" + p2 + "</p></article></main><footer>Plot 23, since 2019</footer>"));
  CHECK(a.page_type == PageType::Article);
  CHECK(contains(a.text(), p1));
  CHECK(contains(a.text(), p2));
}

TEST_CASE("a forum thread keeps every post, not profiles, reply subjects, signatures or like counts") {
  Article a = clean_html(forum_thread());
  CHECK(a.page_type == PageType::Forum);
  std::string text = a.text();
  CHECK(contains(text, "Since the weather turned mild"));
  CHECK(contains(text, "It is common in spring"));
  CHECK(contains(text, "Spot on, thank you"));
  CHECK(contains(text, "Same here last year"));
  CHECK_FALSE(contains(text, "Joined:"));
  CHECK_FALSE(contains(text, "Posts:"));
  CHECK_FALSE(contains(text, "Re: Heat pump"));
  CHECK_FALSE(contains(text, "Master heating engineer"));
  CHECK_FALSE(contains(text, "Likes"));
}

TEST_CASE("relative ages are datelines: a card's \"Lena Fischer 2 hours ago\" is not its teaser") {
  Metadata meta;
  ExtractTuning tuning;
  auto dateline = [&](const std::string& text) {
    Block b;
    b.kind = Block::Kind::Paragraph;
    b.text = text;
    return residue_flags(b, meta, tuning).dateline;
  };
  CHECK(dateline("Lena Fischer 2 hours ago"));
  CHECK(dateline("Updated 5 minutes ago"));
  CHECK(dateline("vor 3 Stunden"));
  CHECK(dateline("il y a 2 heures"));
  CHECK(dateline("hace 4 días"));
  CHECK_FALSE(dateline("Two hours ago the river burst its banks and flooded the lower town, police said."));
  CHECK_FALSE(dateline("3 hours of music"));
}

TEST_CASE("documentation keeps the heading over a kept paragraph, not the page's table of contents") {
  std::string body =
      "<nav class=sidebar><ul><li><a href=/docs/intro>Getting started</a></li><li><a href=/docs/retry>Retrying "
      "tasks</a></li><li><a href=/docs/limits>Rate limits</a></li></ul></nav><main><article class=markdown>"
      "<h1>Retrying tasks</h1><p>A task that raises an exception can be retried with a delay. The retry policy "
      "decides how many attempts a task gets and how long the worker waits between them.</p>"
      "<h2 id=policy>Retry policy options</h2><p>Set max_retries to the number of attempts after the first one, "
      "and retry_backoff to the number of seconds before the first retry; each later wait doubles.</p>"
      "<pre><code>worker --max-retries 3 --retry-backoff 30</code></pre>"
      "<h2 id=inspect>Inspecting retries</h2><p>Every attempt is recorded with its exception, and the jobs "
      "command lists them with the time of the next attempt for each job that is still retrying.</p>"
      "</article><div class=toc><ul><li><a href=#policy>Retry policy options</a></li><li><a href=#inspect>"
      "Inspecting retries</a></li></ul></div></main>";
  Article a = clean_html(page("Retrying tasks | Tidewater docs", body), "https://docs.tidewater.example/docs/retry");
  std::string text = a.text();
  CHECK(contains(text, "Inspecting retries\n\nEvery attempt is recorded"));
  CHECK(contains(text, "worker --max-retries 3 --retry-backoff 30"));
  // The heading once, over its paragraph: the table of contents' link to it is gone.
  CHECK(text.find("Inspecting retries") == text.rfind("Inspecting retries"));
}

TEST_CASE("a listing's linked headlines with their dates are its items, not datelines") {
  const char* words[] = {"Park festival", "Storm season report", "Harbour wall", "Council budget vote",
                         "Orchard harvest", "Ferry timetable", "Canal repairs", "School opening"};
  std::string items;
  for (int i = 0; i < 16; ++i) {
    items += "<li><a href=/articles/" + std::to_string(i) + ".html>" + words[i % 8] + " " + std::to_string(i) +
             "</a> <time>2023-12-" + std::to_string(10 + i) + "T06:24:00Z</time></li>";
  }
  Article a = clean_html(page("Home - Gazette",
                              "<header><a href=/>Gazette</a><nav><ul><li><a href=/section/0>Section 0</a></li>"
                              "<li><a href=/section/1>Section 1</a></li></ul></nav></header><main><h1>Gazette</h1>"
                              "<h2>Latest</h2><ul class=teasers>" +
                                  items + "</ul></main><footer>Site map</footer>"),
                         "https://gazette.example/");
  CHECK(a.page_type == PageType::Listing);
  for (int i = 0; i < 16; ++i) CHECK(contains(a.text(), std::string(words[i % 8]) + " " + std::to_string(i)));
}

TEST_CASE("hidden text never joins an article, inline or whole") {
  const std::string p1 =
      "The council approved the new harbour wall on Tuesday after a long debate about its cost, its height "
      "and the view it would take from the houses along the front.";
  const std::string p2 =
      "Work starts in the spring and should take two years, the engineers said, with the old wall left "
      "standing until the new one is finished behind it.";
  Article a = clean_html(page("Harbour wall approved - Coast News",
                              "<article><h1>Harbour wall approved</h1><p><span aria-hidden=\"true\">**WRONG**</span>" + p1 +
                                  "</p><h2>What next</h2><p style=\"display: none\">A paragraph that hides itself, long "
                                  "enough to read like the story, and never shown to any reader of the page.</p><p>" +
                                  p2 + "</p></article>"));
  CHECK(a.page_type == PageType::Article);
  CHECK(contains(a.text(), p1));
  CHECK(contains(a.text(), p2));
  CHECK_FALSE(contains(a.text(), "WRONG"));
  CHECK_FALSE(contains(a.text(), "hides itself"));
}

TEST_CASE("an article's prose whose words link to notes on the page is the story, not a table of contents") {
  std::string body = "<article><h1>Bartleby</h1>";
  for (int i = 0; i < 4; ++i) {
    body += "<p><a href=#n" + std::to_string(i) + ">I am a rather elderly man</a>. The nature of my <a href=#m" +
            std::to_string(i) + ">avocations</a> for the last thirty years has brought me into more than "
            "ordinary contact with what would seem an interesting and somewhat singular set of men, paragraph " +
            std::to_string(i) + ".</p>";
  }
  body += "</article>";
  Article a = clean_html(page("Bartleby - Study Webtext", body));
  for (int i = 0; i < 4; ++i) CHECK(contains(a.text(), "singular set of men, paragraph " + std::to_string(i)));
}
