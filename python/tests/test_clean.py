"""winnow.clean: the record `winnow clean --format json` writes, and the cleaner's options."""

import json

import pytest

import winnow
from conftest import ARTICLE, COMMENTED, SAMPLES, run_cli

URL = "https://courier.example/valley/night-trains"


def cli_json(binary, path, *args):
    cli = run_cli(binary, "clean", str(path), "--format", "json", *args)
    assert cli.returncode == 0, cli.stderr
    return json.loads(cli.stdout)


def test_every_field_of_the_cli_json(winnow_binary, tmp_path):
    page = tmp_path / "page.html"
    page.write_text(ARTICLE)
    record = winnow.clean(ARTICLE, URL)
    assert record == cli_json(winnow_binary, page, "--url", URL)
    assert list(record)[:3] == ["url", "title", "author"]  # the schema's order
    for key in ("url", "title", "author", "date", "hostname", "language", "page_type", "is_article", "text",
                "word_count", "content_hash", "simhash"):
        assert key in record, key
    assert record["date"] == "2024-03-05"
    assert record["is_article"] is True and record["page_type"] == "article"
    assert isinstance(record["word_count"], int) and record["word_count"] > 40


@pytest.mark.parametrize("name", ["16-jsonld-multiauthor.html", "10-data-table.html", "34-phpbb-forum-de.html"])
def test_samples_as_the_cli_cleans_them(winnow_binary, name):
    path = SAMPLES / name
    assert winnow.clean(path.read_bytes(), source=str(path)) == cli_json(winnow_binary, path)


@pytest.mark.parametrize("kwargs,flags", [
    ({"precision": True}, ["--precision"]),
    ({"recall": True}, ["--recall"]),
    ({"keep_comments": True}, ["--keep-comments"]),
    ({"keep_tables": False}, ["--no-tables"]),
    ({"keep_links": True}, ["--links"]),
    ({"keep_captions": True}, ["--keep-captions"]),
    ({"articles_only": True}, ["--articles-only"]),
    ({"prescan": False}, ["--no-prescan"]),
])
def test_each_option_is_its_cli_flag(winnow_binary, kwargs, flags):
    for name in ("19-long-comments.html", "10-data-table.html", "23-captions-gallery.html", "13-section-front.html"):
        path = SAMPLES / name
        ours = winnow.clean(path.read_bytes(), source=path, **kwargs)
        assert ours == cli_json(winnow_binary, path, *flags), (name, kwargs)


def test_options_change_what_they_say():
    assert "Ines wrote" in winnow.clean(COMMENTED, keep_comments=True)["text"]
    assert "Ines wrote" not in winnow.clean(COMMENTED)["text"]
    captions = (SAMPLES / "23-captions-gallery.html").read_bytes()
    assert len(winnow.clean(captions, keep_captions=True)["text"]) > len(winnow.clean(captions)["text"])
    listing = winnow.clean((SAMPLES / "13-section-front.html").read_bytes(), articles_only=True)
    assert listing["page_type"] == "listing" and "text" not in listing and listing["word_count"] == 0


def test_rules_file(tmp_path):
    rules = tmp_path / "rules.toml"
    rules.write_text('[[site]]\nhost = "courier.example"\ndrop = ["//article/p[2]"]\n')
    assert "dining car" in winnow.clean(ARTICLE, URL)["text"]
    assert "dining car" not in winnow.clean(ARTICLE, URL, rules=str(rules))["text"]
    assert "dining car" not in winnow.clean(ARTICLE, URL, rules=rules)["text"]  # a pathlib.Path
    assert "dining car" in winnow.clean(ARTICLE, "https://other.example/x", rules=rules)["text"]


def test_a_rules_file_that_does_not_load_is_a_config_error_with_the_cli_message(winnow_binary, tmp_path):
    rules = tmp_path / "rules.toml"
    rules.write_text('[[site]]\nhost = "courier.example"\nkeep = ["a:hover"]\n')
    with pytest.raises(winnow.ConfigError) as error:
        winnow.clean(ARTICLE, rules=rules)
    page = tmp_path / "page.html"
    page.write_text(ARTICLE)
    cli = run_cli(winnow_binary, "clean", str(page), "--rules", str(rules))
    assert cli.returncode == 2
    assert str(error.value) in cli.stderr and f"{rules}:1: site rule for courier.example: keep selector 'a:hover'" in str(error.value)
    with pytest.raises(winnow.ConfigError, match="missing.toml"):
        winnow.clean(ARTICLE, rules=tmp_path / "missing.toml")


def test_limits_give_the_page_up_with_the_cli_message(winnow_binary, tmp_path):
    with pytest.raises(winnow.LimitExceeded) as error:
        winnow.clean(ARTICLE, max_elements=5)
    page = tmp_path / "page.html"
    page.write_text(ARTICLE)
    cli = run_cli(winnow_binary, "clean", str(page), "--max-elements", "5")
    assert cli.returncode == 1 and str(error.value) in cli.stderr
    assert winnow.clean(ARTICLE, max_elements=0)["word_count"] > 40  # 0: no limit
    assert winnow.clean(ARTICLE, time_budget=0)["word_count"] > 40   # 0: no budget
    assert winnow.clean(ARTICLE, time_budget=30, max_elements=1000)["word_count"] > 40


# Pages whose script and style bodies and comments hold markup: the prescan empties them before
# parsing, and nothing may come out different.
SCRIPTED = ARTICLE.replace("</title>", """</title>
<style>p::before { content: "<p>styled</p>"; }</style><script>var s = "<p>Buy now</p></div>";</script>""").replace(
    "<p>The first departures", """<!-- <p>A commented-out paragraph.</p> -->
<script><!-- document.write("<script>var inner = 1;</script><p>written</p>"); --></script><p>The first departures""")


@pytest.mark.parametrize("name", ["02-content-farm.html", "19-long-comments.html", "16-jsonld-multiauthor.html"])
def test_prescan_false_gives_the_same_record(name):
    html = (SAMPLES / name).read_bytes()
    assert winnow.clean(html, prescan=False) == winnow.clean(html)
    assert winnow.clean(html, prescan=True) == winnow.clean(html)


def test_prescan_false_on_markup_hidden_in_scripts_styles_and_comments():
    record = winnow.clean(SCRIPTED, URL)
    assert "dining car" in record["text"] and "commented-out" not in record["text"]
    assert winnow.clean(SCRIPTED, URL, prescan=False) == record
    assert winnow.extract(SCRIPTED, URL, output_format="markdown", prescan=False) == winnow.extract(
        SCRIPTED, URL, output_format="markdown")


def test_bad_options():
    with pytest.raises(TypeError, match="unexpected keyword argument 'keep_comment'"):
        winnow.clean(ARTICLE, keep_comment=True)
    with pytest.raises(TypeError, match="unexpected keyword argument 'include_tables'"):
        winnow.clean(ARTICLE, include_tables=False)
    with pytest.raises(ValueError, match="precision excludes recall"):
        winnow.clean(ARTICLE, precision=True, recall=True)
    with pytest.raises(ValueError, match="time_budget"):
        winnow.clean(ARTICLE, time_budget=-1)
    with pytest.raises(ValueError, match="max_elements"):
        winnow.clean(ARTICLE, max_elements=-1)
    with pytest.raises(TypeError, match="max_elements must be an int"):
        winnow.clean(ARTICLE, max_elements="many")
    with pytest.raises(TypeError, match="prescan must be True or False"):
        winnow.clean(ARTICLE, prescan="no")
    with pytest.raises(TypeError, match="keep_tables must be True or False"):
        winnow.clean(ARTICLE, keep_tables="no")
    with pytest.raises(TypeError):
        winnow.extract(ARTICLE, prescan="no")
    with pytest.raises(TypeError, match="html must be str or bytes"):
        winnow.clean(None)


def test_source_names_a_page_without_url():
    assert winnow.clean(ARTICLE, source="saved/page.html")["source"] == "saved/page.html"
    assert "source" not in winnow.clean(ARTICLE)
    assert "source" not in winnow.clean(ARTICLE, URL, source="saved/page.html")  # the URL names it


def test_empty_page_is_a_record_without_text():
    record = winnow.clean("")
    assert "text" not in record and record["word_count"] == 0 and record["is_article"] is False
