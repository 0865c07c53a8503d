"""winnow.Store: write, search and iterate, on SQLite and JSON Lines; errors."""

import json

import pytest

import winnow
from conftest import ARTICLE, run_cli

URL = "https://courier.example/valley/night-trains"
OTHER = """<html lang="en"><head><title>Ferries leave the old harbour</title></head><body><article>
<h1>Ferries leave the old harbour</h1>
<p>The island ferries will move to the new terminal in the north basin next spring, ending a century of
departures from the quay beside the fish market, the port authority confirmed in a letter to residents.</p>
<p>Shopkeepers on the quay fear the loss of passing trade, while the authority promises a shuttle bus, a
covered walkway and longer opening hours at the terminal café for passengers waiting for the late boats.</p>
</article></body></html>"""


def test_sqlite_round_trip(tmp_path, winnow_binary):
    uri = f"sqlite:{tmp_path / 'pages.db'}"
    record = winnow.clean(ARTICLE, URL)
    with winnow.Store(uri) as store:
        assert store.uri == uri
        assert store.write(record) == "new"
        assert store.write(record) == "unchanged"
        assert store.write(winnow.clean(OTHER, "https://courier.example/ferries")) == "new"
        pages = list(store)
        assert [p["url"] for p in pages] == ["https://courier.example/ferries", URL]
        stored = pages[1]
        for key, value in record.items():
            assert stored[key] == value, key
        for key in ("first_seen", "last_seen", "last_changed"):
            assert key in stored
        hits = store.search("sleeper")
        assert [h["url"] for h in hits] == [URL]
        assert store.search('"sleeper service" AND valley', limit=1)[0]["title"] == record["title"]
        assert store.search("nothingmatchesthis") == []
    # What the CLI reads back from the same store.
    cli = run_cli(winnow_binary, "export", "--store", uri)
    assert cli.returncode == 0, cli.stderr
    exported = [json.loads(line) for line in cli.stdout.splitlines()]
    assert [p["url"] for p in exported] == [p["url"] for p in pages]


def test_a_changed_page_and_the_last_write_wins(tmp_path):
    with winnow.Store(f"sqlite:{tmp_path / 'pages.db'}") as store:
        record = winnow.clean(ARTICLE, URL)
        store.write(record)
        record["text"] += "\n\nA correction was added."
        assert store.write(record) == "changed"
        (stored,) = list(store)
        assert stored["text"].endswith("A correction was added.")
        assert stored["word_count"] == record["word_count"] + 4  # computed again from the text


def test_json_lines_round_trip(tmp_path):
    path = tmp_path / "pages.jsonl"
    first = winnow.clean(ARTICLE, URL)
    second = winnow.clean(OTHER, "https://courier.example/ferries")
    with winnow.Store(f"jsonl:{path}") as store:
        store.write(first)
        store.write(second)
        assert list(store) == [second, first]  # ordered by key, as written
    lines = path.read_text().splitlines()
    assert [json.loads(line) for line in lines] == [first, second]
    with winnow.Store(f"jsonl:{path}") as store:  # opened again: appends
        store.write(first)
        assert list(store) == [second, first]
        with pytest.raises(winnow.StoreError, match="search sqlite: and postgresql:// ones"):
            store.search("valley")


def test_a_page_without_url_is_stored_by_its_source(tmp_path):
    with winnow.Store(f"sqlite:{tmp_path / 'pages.db'}") as store:
        with pytest.raises(winnow.StoreError, match="without URL or source"):
            store.write(winnow.clean(ARTICLE))
        assert store.write(winnow.clean(ARTICLE, source="saved/page.html")) == "new"
        assert [page["key"] for page in store] == ["saved/page.html"]


def test_dir_store_writes_files(tmp_path):
    with winnow.Store(f"dir:{tmp_path / 'out'}") as store:
        store.write(winnow.clean(ARTICLE, URL))
    assert len(list((tmp_path / "out").glob("*.txt"))) == 1
    assert len(list((tmp_path / "out").glob("*.json"))) == 1


def test_closed_store(tmp_path):
    store = winnow.Store(f"sqlite:{tmp_path / 'pages.db'}")
    store.close()
    with pytest.raises(ValueError, match="the store is closed"):
        store.write(winnow.clean(ARTICLE, URL))
    with pytest.raises(ValueError, match="the store is closed"):
        list(store)
    store.close()  # twice is fine


def test_errors(tmp_path, winnow_binary):
    with pytest.raises(winnow.StoreUriError) as error:
        winnow.Store("mongodb://x")
    assert isinstance(error.value, ValueError) and isinstance(error.value, winnow.StoreError)
    cli = run_cli(winnow_binary, "clean", "-", "--store", "mongodb://x", input=ARTICLE)
    assert str(error.value) in cli.stderr
    with pytest.raises(winnow.StoreError, match="cannot open"):
        winnow.Store(f"sqlite:{tmp_path / 'no' / 'such' / 'dir' / 'x.db'}")
    with winnow.Store(f"sqlite:{tmp_path / 'pages.db'}") as store:
        store.write(winnow.clean(ARTICLE, URL))
        with pytest.raises(winnow.SearchQueryError) as error:
            store.search('"unbalanced')
        assert isinstance(error.value, ValueError)
        assert str(error.value).startswith("search '\"unbalanced'")
        with pytest.raises(ValueError, match="limit must be >= 1"):
            store.search("valley", limit=0)
        with pytest.raises(TypeError, match="record must be a dict"):
            store.write("text")
        with pytest.raises(ValueError, match="record: 'title' must be a string"):
            store.write({"url": URL, "title": 3})
        with pytest.raises(ValueError, match="record: unknown page_type 'blog'"):
            store.write({"url": URL, "page_type": "blog"})
        with pytest.raises(TypeError, match=r"record\['tags'\]\[0\]: object is not a JSON value"):
            store.write({"url": URL, "tags": [object()]})
        assert len(list(store)) == 1


def test_repr_hides_a_password():
    with pytest.raises(winnow.StoreError) as error:
        winnow.Store("postgresql://ann:s3cret@127.0.0.1:1/none?connect_timeout=2")
    assert "s3cret" not in str(error.value)
