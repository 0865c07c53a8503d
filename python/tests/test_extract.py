"""winnow.extract: trafilatura.extract's parameters and formats, str and bytes pages."""

import gzip
import json

import pytest

import winnow
from conftest import ARTICLE, COMMENTED, SAMPLES, run_cli


def test_text_of_an_article_without_its_navigation_and_footer():
    text = winnow.extract(ARTICLE)
    assert text.startswith("After eleven years without a sleeper service")
    assert "dining car" in text and "petition that reached the parliament" in text
    assert "Sport" not in text and "Copyright" not in text
    assert text == winnow.extract(ARTICLE, output_format="text")
    assert not text.endswith("\n")


def test_bytes_are_decoded_as_str_is_taken():
    assert winnow.extract(ARTICLE.encode("utf-8")) == winnow.extract(ARTICLE)
    assert winnow.extract(bytearray(ARTICLE.encode("utf-8"))) == winnow.extract(ARTICLE)


def test_bytes_in_a_legacy_charset_from_meta():
    page = ARTICLE.replace('charset="utf-8"', 'charset="windows-1251"').replace(
        "After eleven years", "Спустя одиннадцать лет, after eleven years")
    text = winnow.extract(page.encode("windows-1251"))
    assert text.startswith("Спустя одиннадцать лет, after eleven years")


def test_bytes_in_a_legacy_charset_without_a_label_are_detected():
    page = ARTICLE.replace('<meta charset="utf-8">', "").replace(
        "the regional transport board", "the régional transport board of Saint-Étienne-lès-Façades")
    text = winnow.extract(page.encode("iso-8859-1"))
    assert "the régional transport board of Saint-Étienne-lès-Façades" in text


def test_gzip_bytes_are_gunzipped_as_a_file_is():
    assert winnow.extract(gzip.compress(ARTICLE.encode())) == winnow.extract(ARTICLE)


@pytest.mark.parametrize("name", ["03-korean-euckr.html", "07-latin1-french.html", "14-amp-gzip.html.gz"])
def test_sample_bytes_give_what_winnow_clean_prints(winnow_binary, name):
    path = SAMPLES / name
    cli = run_cli(winnow_binary, "clean", str(path))
    assert cli.returncode == 0, cli.stderr
    assert winnow.extract(path.read_bytes()) + "\n" == cli.stdout


def test_json_is_the_record_of_clean():
    out = winnow.extract(ARTICLE, "https://courier.example/valley/night-trains", output_format="json")
    record = json.loads(out)
    assert record == winnow.clean(ARTICLE, "https://courier.example/valley/night-trains")
    assert record["title"] == "Night trains return to the valley"
    assert record["hostname"] == "courier.example"
    assert record["author"] == "Mara Lind"


def test_markdown_has_the_title_as_a_heading_as_the_cli_writes_it(winnow_binary, tmp_path):
    page = tmp_path / "page.html"
    page.write_text(ARTICLE)
    cli = run_cli(winnow_binary, "clean", str(page), "--format", "markdown")
    assert winnow.extract(ARTICLE, output_format="markdown") + "\n" == cli.stdout
    assert cli.stdout.startswith("# Night trains return to the valley\n\n")


def test_links_in_markdown_resolved_against_url():
    url = "https://courier.example/valley/night-trains"
    with_links = winnow.extract(ARTICLE, url, output_format="markdown", include_links=True)
    assert "[petition](https://courier.example/news/petition)" in with_links
    assert "](" not in winnow.extract(ARTICLE, url, output_format="markdown")


TABLE_PAGE = ARTICLE.replace("</article>", """<table>
<tr><th>Station</th><th>Departure</th><th>Arrival</th></tr>
<tr><td>Harbour</td><td>21:40</td><td>06:15</td></tr>
<tr><td>Old Bridge</td><td>22:10</td><td>05:50</td></tr>
<tr><td>Upper Village</td><td>23:05</td><td>05:05</td></tr>
</table></article>""")


def test_include_tables():
    assert "Old Bridge | 22:10 | 05:50" in winnow.extract(TABLE_PAGE)
    assert "Old Bridge" not in winnow.extract(TABLE_PAGE, include_tables=False)


def test_include_comments_matches_the_cli(winnow_binary, tmp_path):
    assert "Ines wrote" not in winnow.extract(COMMENTED)
    with_comments = winnow.extract(COMMENTED, include_comments=True)
    assert "Ines wrote" in with_comments
    page = tmp_path / "page.html"
    page.write_text(COMMENTED)
    cli = run_cli(winnow_binary, "clean", str(page), "--keep-comments")
    assert with_comments + "\n" == cli.stdout


def test_favor_precision_and_recall_are_the_cli_flags(winnow_binary):
    path = SAMPLES / "02-content-farm.html"
    html = path.read_bytes()
    for flag, kwargs in (("--precision", {"favor_precision": True}), ("--recall", {"favor_recall": True})):
        cli = run_cli(winnow_binary, "clean", str(path), flag)
        assert winnow.extract(html, **kwargs) + "\n" == cli.stdout, flag
    with pytest.raises(ValueError, match="favor_precision excludes favor_recall"):
        winnow.extract(html, favor_precision=True, favor_recall=True)


@pytest.mark.parametrize("html", ["", b"", "<html><body></body></html>", "   ", b"\xef\xbb\xbf"])
def test_none_when_nothing_is_extracted(html):
    for output_format in ("txt", "json", "markdown"):
        assert winnow.extract(html, output_format=output_format) is None


def test_unknown_format_and_argument_types():
    with pytest.raises(ValueError, match=r"unknown output_format xml \(expected txt, text, json or markdown\)"):
        winnow.extract(ARTICLE, output_format="xml")
    with pytest.raises(TypeError, match="html must be str or bytes, not int"):
        winnow.extract(42)
    with pytest.raises(TypeError):
        winnow.extract(ARTICLE, no_such_option=True)


def test_corrupt_gzip_is_an_input_error_with_the_cli_message():
    data = gzip.compress(ARTICLE.encode())[:40]
    with pytest.raises(winnow.InputError, match=r"^corrupt gzip data \(truncated\)$"):
        winnow.extract(data)
    assert issubclass(winnow.InputError, ValueError) and issubclass(winnow.InputError, winnow.Error)


def test_with_metadata_as_the_cli_writes_it(winnow_binary, tmp_path):
    page = tmp_path / "page.html"
    page.write_text(ARTICLE)
    url = "https://courier.example/valley/night-trains"
    for output_format, cli_format in (("txt", "text"), ("markdown", "markdown")):
        cli = run_cli(winnow_binary, "clean", str(page), "--url", url, "--format", cli_format, "--with-metadata")
        assert cli.returncode == 0, cli.stderr
        ours = winnow.extract(ARTICLE, url, output_format=output_format, with_metadata=True)
        assert ours + "\n" == cli.stdout, output_format
    text = winnow.extract(ARTICLE, url, with_metadata=True)
    assert text.startswith("title: Night trains return to the valley\n")
    assert "author: Mara Lind\n" in text and "\n\nAfter eleven years" in text
    assert winnow.extract(ARTICLE, url, output_format="markdown", with_metadata=True).startswith(
        '---\ntitle: "Night trains return to the valley"\n')
    assert winnow.extract(ARTICLE, output_format="json", with_metadata=True) == winnow.extract(ARTICLE, output_format="json")


def test_what_is_no_page_is_refused_as_the_cli_refuses_it(winnow_binary, tmp_path):
    elf = b"\x7fELF\x02\x01\x01" + bytes(200)
    binary = tmp_path / "program"
    binary.write_bytes(elf)
    cli = run_cli(winnow_binary, "clean", str(binary))
    assert cli.returncode == 1 and "not HTML (ELF executable)" in cli.stderr
    with pytest.raises(winnow.InputError, match=r"^not HTML \(ELF executable\)$"):
        winnow.extract(elf)
    with pytest.raises(winnow.InputError, match=r"^not HTML \(text without markup\)$"):
        winnow.clean("Just a sentence of plain text, with no markup at all.")
    with pytest.raises(winnow.InputError, match=r"^not HTML \(PDF document\)$"):
        winnow.extract(gzip.compress(b"%PDF-1.7\n" + bytes(100)))


def test_docstrings():
    for thing in (winnow, winnow.extract, winnow.clean, winnow.Store, winnow.Store.write, winnow.Store.search,
                  winnow.Store.close, winnow.Error, winnow.StoreError, winnow.LimitExceeded):
        assert thing.__doc__ and len(thing.__doc__) > 20, thing


def test_a_lone_surrogate_in_str_does_not_stop_it():
    page = ARTICLE.replace("eleven years", "eleven \udc80 years")
    assert "eleven ? years" in winnow.extract(page)
