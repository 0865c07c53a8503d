"""winnow.crawl: a crawl of the test site server on 127.0.0.1, from a config file."""

import os
import signal
import sqlite3
import subprocess
import threading
import time

import pytest

import winnow
from conftest import ROOT


def serve(tmp_path_factory, *args):
    """Starts tests/site_server with ARGS; yields its origin, stops it at the end."""
    server = os.environ.get("WINNOW_SITE_SERVER") or str(ROOT / "build" / "tests" / "site_server")
    if not os.access(server, os.X_OK):
        pytest.skip("no site_server (set WINNOW_SITE_SERVER)")
    log = tmp_path_factory.mktemp("site") / "requests.log"
    process = subprocess.Popen([server, *args, "--log", str(log)], stdout=subprocess.PIPE, text=True)
    try:
        origin = process.stdout.readline().strip()
        assert origin.startswith("http://127.0.0.1:"), origin
        yield origin
    finally:
        process.terminate()
        process.wait(timeout=10)


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """A generated site of 12 article pages."""
    yield from serve(tmp_path_factory, "--generate", "12", "--links", "3")


@pytest.fixture(scope="module")
def news_site(tmp_path_factory):
    """samples/site: a news site with broken links, feeds and sitemaps."""
    yield from serve(tmp_path_factory, "--root", str(ROOT / "samples" / "site"))


def stored_pages(path):
    """Pages in a SQLite store, read as another process would (0 before the table exists)."""
    try:
        with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as db:
            return db.execute("SELECT count(*) FROM pages").fetchone()[0]
    except sqlite3.Error:
        return 0


def write_config(path, store, origin, *extra):
    path.write_text("\n".join([f'store = "{store}"', "allow_private_addresses = true", f'seeds = ["{origin}/"]',
                               "[politeness]", "delay = 0", *extra]) + "\n")
    return path


def test_crawl_stores_the_site_and_returns_the_summary(site, tmp_path):
    store = f"sqlite:{tmp_path / 'site.db'}"
    summary = winnow.crawl(write_config(tmp_path / "site.toml", store, site))
    assert summary["interrupted"] is False
    assert summary["fetched"] >= 12
    assert summary["new"] >= 12 and summary["failures"] == 0 and summary["failed_urls"] == []
    assert summary["frontier"]["known"] >= 13  # the pages and robots.txt
    with winnow.Store(store) as pages:
        urls = [page["url"] for page in pages]
    assert len(urls) >= 12 and all(url.startswith(site) for url in urls)
    again = winnow.crawl(str(tmp_path / "site.toml"))  # nothing is due: a run that fetches nothing
    assert again["fetched"] == 0


def test_failed_urls_in_the_summary_and_on_stderr_only(news_site, tmp_path, capfd):
    summary = winnow.crawl(write_config(tmp_path / "news.toml", f"sqlite:{tmp_path / 'news.db'}", news_site))
    out, err = capfd.readouterr()
    assert out == ""  # stdout is the program's
    assert f"winnow: {news_site}/world/election-night-live.html: http: HTTP 404\n" in err
    assert summary["new"] >= 23 and summary["statuses"]["404"] >= 3
    assert summary["failures"] == len(summary["failed_urls"]) >= 3
    assert any(f["url"].endswith("/world/election-night-live.html") and f["kind"] == "http"
               for f in summary["failed_urls"])


def test_crawl_options(site, tmp_path):
    config = write_config(tmp_path / "site.toml", f"sqlite:{tmp_path / 'unused.db'}", site)
    other = f"sqlite:{tmp_path / 'other.db'}"
    summary = winnow.crawl(config, store=other, max_pages=3)
    assert summary["pages"] <= 3 and summary["new"] <= 3
    assert not (tmp_path / "unused.db").exists()
    dry = winnow.crawl(config, store=other, dry_run=True)
    assert dry["dry_run"] is True and dry["fetched"] == 0 and dry["frontier"]["known"] >= 4


def test_a_stop_event_ends_a_crawl_that_waits_and_the_lock_holds_meanwhile(site, tmp_path):
    config = write_config(tmp_path / "site.toml", f"sqlite:{tmp_path / 'site.db'}", site)
    stop = threading.Event()
    summaries = []
    runner = threading.Thread(target=lambda: summaries.append(winnow.crawl(config, once=False, stop=stop)))
    runner.start()  # would wait for the next due page (hours away) until stopped
    try:
        # Once it has stored the site, the crawl thread surely holds the store's lock: a second
        # run is refused. (Python runs meanwhile: the crawl let the GIL go.)
        for _ in range(600):
            if (tmp_path / "site.db").exists() and stored_pages(tmp_path / "site.db") >= 12:
                break
            time.sleep(0.1)
        with pytest.raises(winnow.CrawlLocked, match="site"):
            winnow.crawl(config, dry_run=True)
    finally:
        stop.set()
        runner.join(timeout=60)
    assert not runner.is_alive()
    assert summaries[0]["interrupted"] is True
    assert summaries[0]["new"] >= 12


def test_crawl_errors(tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text('store = "sqlite:x.db"\nseedz = ["http://a.example/"]\n')
    with pytest.raises(winnow.ConfigError, match="bad.toml"):
        winnow.crawl(bad)
    with pytest.raises(winnow.ConfigError, match="missing.toml"):
        winnow.crawl(tmp_path / "missing.toml")


def test_ctrl_c_stops_the_crawl_and_raises_keyboard_interrupt(site, tmp_path):
    config = write_config(tmp_path / "site.toml", f"sqlite:{tmp_path / 'site.db'}", site)

    def interrupt_once_stored():
        for _ in range(600):
            if (tmp_path / "site.db").exists() and stored_pages(tmp_path / "site.db") >= 12:
                break
            time.sleep(0.1)
        os.kill(os.getpid(), signal.SIGINT)

    killer = threading.Thread(target=interrupt_once_stored)
    killer.start()
    with pytest.raises(KeyboardInterrupt):
        winnow.crawl(config, once=False)  # would wait for the next due page (hours away)
    killer.join()
    assert stored_pages(tmp_path / "site.db") >= 12
    with pytest.raises(KeyboardInterrupt):  # Python's own handler is back
        os.kill(os.getpid(), signal.SIGINT)
        time.sleep(10)
