"""Shared fixtures of the winnow module's tests (run by ctest with the built module on PYTHONPATH)."""

import os
import pathlib
import shutil
import subprocess

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
SAMPLES = ROOT / "samples"

# An article page of our own: a headline, three paragraphs, navigation and a footer around them.
ARTICLE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Night trains return to the valley - The Courier</title>
<meta name="author" content="Mara Lind"><meta property="article:published_time" content="2024-03-05"></head>
<body>
<nav><a href="/">Home</a> <a href="/news">News</a> <a href="/sport">Sport</a> <a href="/weather">Weather</a></nav>
<article>
<h1>Night trains return to the valley</h1>
<p>After eleven years without a sleeper service, the valley line will again carry night trains from the
coast to the mountains, the regional transport board announced on Tuesday after a long debate.</p>
<p>The first departures are planned for the autumn timetable. Each train will have six sleeping cars and a
dining car, and tickets go on sale in the summer at prices the board called affordable for families.</p>
<p>Residents of the upper villages had campaigned for the service since the last train ran, collecting
thousands of signatures and organising a <a href="/news/petition">petition</a> that reached the parliament.</p>
</article>
<footer><p>Copyright The Courier. All rights reserved.</p><a href="/privacy">Privacy</a></footer>
</body></html>
"""


@pytest.fixture(scope="session")
def winnow_binary():
    """The `winnow` command built beside the module, to compare with (skips when absent)."""
    path = os.environ.get("WINNOW_BIN") or str(ROOT / "build" / "app" / "winnow")
    if not os.access(path, os.X_OK):
        pytest.skip("no winnow binary (set WINNOW_BIN)")
    return path


def run_cli(binary, *args, **kwargs):
    """Runs `winnow ARGS`; returns the CompletedProcess (text mode)."""
    return subprocess.run([binary, *args], capture_output=True, text=True, check=False, **kwargs)

# The article with a reader comment under it.
COMMENTED = ARTICLE.replace("</article>", """</article>
<section id="comments"><h2>Comments</h2><div class="comment"><p>Ines wrote: I took the last night train
in my student years and have waited for this news ever since, see you all on the first departure.</p></div>
</section>""")
