#!/usr/bin/python3
"""winnow.extract pages/s from Python on the WCXB development pages: one thread and four threads,
beside `winnow clean -j1` (and -j4) on the same pages.

    bench/python_extract.py [--build build] [--threads 1,4] [--runs 1]

The pages are decompressed once: into memory for Python (extract() gets `bytes` of plain HTML, so
it decodes them as `winnow clean` does a file) and into bench/out/wcxb-html/<id>.html for the
CLI (the folder bench/speed.sh uses). Python's time covers extract() only; the CLI's is the wall
clock of one `winnow clean --format text -j N <all pages> >/dev/null`, so it also counts start-up
and reading the files. Set WINNOW_SHARED for another shared/ folder.
"""

import argparse
import gzip
import os
import pathlib
import resource
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor

ROOT = pathlib.Path(__file__).resolve().parents[1]


def corpus_dir():
    shared = pathlib.Path(os.environ.get("WINNOW_SHARED", ROOT.parent / "shared"))
    for candidate in (shared, pathlib.Path("/work/shared")):
        if (candidate / "corpus" / "wcxb-dev" / "html").is_dir():
            return candidate / "corpus" / "wcxb-dev" / "html"
    sys.exit("no corpus/wcxb-dev/html under WINNOW_SHARED (see bench/README.md)")


def load_pages(html_dir, out_dir):
    """The pages as plain HTML bytes, also written to out_dir for the CLI (when missing or older)."""
    out_dir.mkdir(parents=True, exist_ok=True)
    pages, paths = [], []
    for source in sorted(html_dir.glob("*.html.gz")):
        data = gzip.decompress(source.read_bytes())
        target = out_dir / source.name[: -len(".gz")]
        if not target.exists() or target.stat().st_mtime < source.stat().st_mtime:
            target.write_bytes(data)
        pages.append(data)
        paths.append(str(target))
    return pages, paths


def python_run(winnow, pages, threads):
    """Wall seconds and CPU seconds (all threads) for extract() of every page by `threads`
    threads, and how many pages gave text."""
    start, cpu = time.perf_counter(), time.process_time()
    if threads == 1:
        results = [winnow.extract(page) for page in pages]
    else:
        with ThreadPoolExecutor(threads) as pool:
            results = list(pool.map(winnow.extract, pages, chunksize=8))
    return time.perf_counter() - start, time.process_time() - cpu, sum(r is not None for r in results)


def cli_run(binary, paths, jobs):
    """Wall seconds and CPU seconds of one `winnow clean` of every page."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run([binary, "clean", "--format", "text", "-j", str(jobs), *paths], stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL, check=False)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return time.perf_counter() - start, cpu


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--build", default=str(ROOT / "build"), help="build folder (python/ and app/winnow)")
    parser.add_argument("--threads", default="1,4", help="Python thread counts (and CLI -j), comma-separated")
    parser.add_argument("--runs", type=int, default=1, help="repeat each row, keep the fastest")
    parser.add_argument("--limit", type=int, default=0, help="only the first N pages (0: all)")
    args = parser.parse_args()
    build = pathlib.Path(args.build).resolve()
    sys.path.insert(0, str(build / "python"))
    import winnow  # noqa: E402 (the module of that build)

    pages, paths = load_pages(corpus_dir(), ROOT / "bench" / "out" / "wcxb-html")
    if args.limit:
        pages, paths = pages[: args.limit], paths[: args.limit]
    megabytes = sum(len(p) for p in pages) / 1e6
    print(f"{len(pages)} pages, {megabytes:.1f} MB of HTML; module {winnow.__file__}; {os.cpu_count()} cores")
    # CPU% is CPU seconds over wall seconds: near 100 x threads when the cores were free; lower
    # means the machine was busy (the figures then say little) or the threads waited.
    # pages/CPU-s (pages per CPU second) is the cost of a page, which a busy machine changes less.
    print(f"{'row':<22} {'seconds':>8} {'pages/s':>8} {'MB/s':>7} {'CPU%':>6} {'pages/CPU-s':>12}  with text")
    threads = [int(t) for t in args.threads.split(",")]
    for n in threads:
        wall, cpu, with_text = min(python_run(winnow, pages, n) for _ in range(args.runs))
        print(f"{'python extract x' + str(n):<22} {wall:8.2f} {len(pages) / wall:8.1f} {megabytes / wall:7.2f} "
              f"{100 * cpu / wall:6.0f} {len(pages) / cpu:12.1f}  {with_text}")
    binary = str(build / "app" / "winnow")
    for n in threads:
        wall, cpu = min(cli_run(binary, paths, n) for _ in range(args.runs))
        print(f"{'winnow clean -j' + str(n):<22} {wall:8.2f} {len(pages) / wall:8.1f} {megabytes / wall:7.2f} "
              f"{100 * cpu / wall:6.0f} {len(pages) / cpu:12.1f}")


if __name__ == "__main__":
    main()
