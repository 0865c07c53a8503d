"""The GIL is let go while winnow works, so other Python threads run meanwhile."""

import sys
import threading

import winnow
from conftest import ARTICLE

# A large page: a few hundred paragraphs.
LARGE = ARTICLE.replace("<article>", "<article>" + "".join(
    f"<p>Paragraph {i} of the long report on the valley line, its stations, its timetable and its "
    f"rolling stock, written out at length so that the page takes a while to clean.</p>" for i in range(3000)))


def run_beside(call):
    """Runs call() in one thread while another counts; returns how far the counter got before
    call() returned. With a switch interval of 100 s the interpreter never takes the GIL from a
    thread by itself: the counter runs only if call() lets the GIL go, and then runs to its end
    before call() can take it back. No timing: the result is 1000 or 0 (the counter starts the
    worker, and the main thread only waits, so nothing else competes for the GIL)."""
    finished = threading.Event()
    counted, failures = [], []

    def work():
        try:
            call()
        except Exception as error:  # noqa: BLE001 (shown in the main thread)
            failures.append(error)
        finished.set()

    def count():
        worker = threading.Thread(target=work)
        worker.start()  # waits, without the GIL, for the worker to start; the worker then holds it
        n = 0
        while n < 1000 and not finished.is_set():
            n += 1
        counted.append(n)
        worker.join()

    interval = sys.getswitchinterval()
    sys.setswitchinterval(100)
    try:
        counter = threading.Thread(target=count)
        counter.start()
        counter.join()
    finally:
        sys.setswitchinterval(interval)
    if failures:
        raise failures[0]
    return counted[0]


def lets_the_gil_go(call):
    """Whether the counter ran while call() did, in any of 20 tries: a call that ends within
    microseconds may take the GIL back before the waiting thread wakes up, so one try is not
    proof; a call that keeps the GIL never lets it run."""
    return any(run_beside(call) == 1000 for _ in range(20))


def test_extract_lets_the_gil_go():
    assert lets_the_gil_go(lambda: winnow.extract(LARGE))


def test_clean_lets_the_gil_go():
    assert lets_the_gil_go(lambda: winnow.clean(LARGE.encode()))


def test_store_calls_let_the_gil_go(tmp_path):
    record = winnow.clean(LARGE, "https://courier.example/report")
    with winnow.Store(f"sqlite:{tmp_path / 'pages.db'}") as store:
        assert lets_the_gil_go(lambda: store.write(record))
        assert lets_the_gil_go(lambda: store.search("valley"))
        assert lets_the_gil_go(lambda: list(store))
    assert lets_the_gil_go(lambda: winnow.Store(f"sqlite:{tmp_path / 'pages.db'}").close())


def test_a_call_holding_the_gil_is_seen_as_such():
    # The same check on a call that keeps the GIL: the counter never runs.
    assert not lets_the_gil_go(lambda: sum(range(200_000)))


def test_threads_give_the_same_results():
    pages = [ARTICLE.replace("eleven", str(i)) for i in range(16)]
    expected = [winnow.extract(p) for p in pages]
    results = [None] * len(pages)

    def work(i):
        results[i] = winnow.extract(pages[i])

    threads = [threading.Thread(target=work, args=(i,)) for i in range(len(pages))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results == expected
