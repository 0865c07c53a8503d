#!/usr/bin/env python3
"""Report on winnow's output for the WCXB development corpus (shared/corpus/wcxb-dev).

usage: wcxb_report.py GTDIR OUTDIR [--worst N] [--half even|odd|all] [--pages]

OUTDIR holds winnow's JSON output, <id>.json (`winnow clean --format json --out OUTDIR`). Word F1,
precision and recall, and the share of `with` snippets found and `without` snippets leaked, are
those of shared/tools/score.py (imported from beside GTDIR, so both always agree). Printed:

- per page type and overall, for all pages, the even ids and the odd ids (tune on one half, judge
  on the other);
- page-type agreement of winnow's `page_type` with the corpus label, and the confusion matrix;
- metadata agreement on the pages whose ground truth has the field:
  title: equal after case folding and whitespace collapsing;
  author: the ground truth's name (its \\w+ words, lower case) found in winnow's author field;
  date: winnow's `date` names the same day (its first 10 characters);
- the N worst pages of each type (default 15) with precision and recall (--half limits them).
--pages prints one line a page instead (id, half, type, winnow's type, P, R, F1), for diffs.
"""
import importlib.util
import json
import pathlib
import re
import sys
import unicodedata

TYPES = ["article", "service", "forum", "listing", "product", "collection", "documentation"]


def load_scorer(gtdir):
    for parent in gtdir.resolve().parents:
        candidate = parent / "tools" / "score.py"
        if candidate.exists():
            spec = importlib.util.spec_from_file_location("score", candidate)
            module = importlib.util.module_from_spec(spec)
            spec.loader.exec_module(module)
            return module
    sys.exit(f"wcxb_report: score.py not found above {gtdir}")


def words(s):
    return " ".join(re.findall(r"\w+", unicodedata.normalize("NFKC", s or "").lower()))


def collapsed(s):
    return " ".join((s or "").split()).lower()


def mean(xs):
    return sum(xs) / len(xs) if xs else 0.0


def main():
    args = sys.argv[1:]
    opts = {"--worst": "15", "--half": "all"}
    flags = set()
    positional = []
    i = 0
    while i < len(args):
        if args[i] in opts:
            opts[args[i]] = args[i + 1]
            i += 2
        elif args[i].startswith("--"):
            flags.add(args[i])
            i += 1
        else:
            positional.append(args[i])
            i += 1
    if len(positional) != 2:
        sys.exit(__doc__)
    gtdir, outdir = pathlib.Path(positional[0]), pathlib.Path(positional[1])
    score = load_scorer(gtdir)
    rows = []
    for path in sorted(gtdir.glob("*.json")):
        doc = json.loads(path.read_text(encoding="utf-8"))
        gt = doc.get("ground_truth") or {}
        out_path = outdir / f"{path.stem}.json"
        try:
            out = json.loads(out_path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            out = {}
        text = out.get("text") or ""
        low = text.lower()
        p, r, f1 = score.wcxb_prf(text, gt.get("main_content") or "")
        with_ = gt.get("with") or []
        without = gt.get("without") or []
        digits = re.sub(r"\D", "", path.stem)
        rows.append({
            "id": path.stem,
            "half": "even" if digits and int(digits) % 2 == 0 else "odd",
            "type": score.wcxb_page_type(doc),
            "guess": out.get("page_type") or "-",
            "p": p, "r": r, "f1": f1,
            "with": (sum(s.lower() in low for s in with_), len(with_)),
            "without": (sum(s.lower() in low for s in without), len(without)),
            "title": None if not gt.get("title") else collapsed(out.get("title")) == collapsed(gt["title"]),
            "author": None if not gt.get("author") else
            bool(words(out.get("author"))) and words(gt["author"]) in words(out.get("author")),
            "date": None if not gt.get("publish_date") else (out.get("date") or "")[:10] == gt["publish_date"][:10],
        })
    if "--pages" in flags:
        for row in rows:
            print(f"{row['id']} {row['half']} {row['type']} {row['guess']} "
                  f"P {row['p']:.3f} R {row['r']:.3f} F1 {row['f1']:.3f}")
        return

    halves = [("all", rows), ("even", [x for x in rows if x["half"] == "even"]),
              ("odd", [x for x in rows if x["half"] == "odd"])]
    print("word F1 (precision / recall) by page type")
    print(f"  {'type':<14}" + "".join(f"{name + ' (' + str(len(rs)) + ')':>26}" for name, rs in halves))
    for kind in TYPES + ["overall"]:
        cells = []
        for _, rs in halves:
            sel = rs if kind == "overall" else [x for x in rs if x["type"] == kind]
            cells.append(f"{mean([x['f1'] for x in sel]):.3f} ({mean([x['p'] for x in sel]):.3f} / "
                         f"{mean([x['r'] for x in sel]):.3f})" if sel else "-")
        print(f"  {kind:<14}" + "".join(f"{c:>26}" for c in cells))

    print("\nsnippets (share of pages' snippets, averaged over pages as score.py does)")
    for name, rs in halves:
        w = mean([a / b if b else 1.0 for a, b in (x["with"] for x in rs)])
        wo = mean([a / b if b else 0.0 for a, b in (x["without"] for x in rs)])
        empty = sum(1 for x in rs if x["p"] == 0 and x["r"] == 0)
        print(f"  {name:<5} with found {w:6.1%}   without leaked {wo:5.1%}   pages with no matching word {empty}")

    print("\npage type: winnow's page_type against the corpus label")
    for name, rs in halves:
        agree = sum(1 for x in rs if x["guess"] == x["type"])
        print(f"  {name:<5} agreement {agree}/{len(rs)} = {agree / len(rs):.1%}" if rs else f"  {name}: no pages")
    guesses = TYPES + sorted({x["guess"] for x in rows} - set(TYPES))
    print("  confusion (rows: corpus label, columns: winnow), all pages")
    print(f"  {'':<14}" + "".join(f"{g[:6]:>7}" for g in guesses))
    for kind in TYPES:
        line = [sum(1 for x in rows if x["type"] == kind and x["guess"] == g) for g in guesses]
        print(f"  {kind:<14}" + "".join(f"{n:>7}" for n in line))

    print("\nmetadata agreement (pages whose ground truth has the field)")
    for field in ("title", "author", "date"):
        cells = []
        for name, rs in halves:
            have = [x[field] for x in rs if x[field] is not None]
            cells.append(f"{name} {sum(have)}/{len(have)} = {mean(have):.1%}" if have else f"{name} -")
        print(f"  {field:<7}" + "   ".join(cells))

    worst_n = int(opts["--worst"])
    pool = rows if opts["--half"] == "all" else [x for x in rows if x["half"] == opts["--half"]]
    if worst_n > 0:
        print(f"\n{worst_n} worst pages of each type ({opts['--half']} ids): id, winnow's type, F1 (P / R)")
        for kind in TYPES:
            sel = sorted((x for x in pool if x["type"] == kind), key=lambda x: x["f1"])[:worst_n]
            print(f"  {kind}: " + ", ".join(f"{x['id']} {x['guess'][:4]} {x['f1']:.2f} ({x['p']:.2f}/{x['r']:.2f})"
                                            for x in sel))


if __name__ == "__main__":
    main()
