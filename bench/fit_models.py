#!/usr/bin/python3
"""Fits winnow's two classifiers and writes their tables into clean/.

usage: fit_models.py DUMP.jsonl GTDIR [--train even|odd|all] [--cv K] [--write [DIR]]

DUMP.jsonl is what `bench/feature_dump` wrote for the pages of the WCXB development corpus
(shared/corpus/wcxb-dev/html); GTDIR is that corpus's ground-truth/ folder. bench/fit_models.sh
runs both steps.

- The page-type classifier: a multinomial logistic regression over the standardized page features
  (clean/page_features.h), seven classes, the corpus's page-type labels: a small table of weights.
- The block classifier: gradient-boosted trees over the block features (clean/block_features.h)
  whose last seven columns are the page-type classifier's probabilities (out of fold on the pages
  it was fitted on, so that the block classifier learns how far to trust them). A block is labelled
  main content when most of its word trigrams (for blocks of one or two words: the words with
  their neighbour's) occur in the page's hand-reviewed main text. Each page weighs the same, each
  block by its words, as the benchmark averages word F1 over pages.

--train even (the default) fits on the even ids and reports on the odd ones, which the fit never
saw; --train odd the other way round (winnow built with those models, judged on the even ids, is
the second held-out half); --train all fits on every page (the report is then a training fit).
--cv K also reports K-fold cross-validation on the training pages. --write writes
page_type_model.inc and block_model.inc into clean/models/, or into DIR (a build configured with
-DWINNOW_MODEL_DIR=DIR uses them). Needs Debian's python3-sklearn (1.2).
"""
import collections
import datetime
import json
import pathlib
import re
import sys

import numpy as np
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

TYPES = ["article", "forum", "product", "collection", "listing", "documentation", "service"]  # PageType order
TOKEN = re.compile(r"\w+", re.UNICODE)
PAGE_C = 0.05  # inverse L2 strength of the page-type logistic regression
BLOCK_PARAMS = dict(max_iter=200, learning_rate=0.1, max_leaf_nodes=31, min_samples_leaf=100, l2_regularization=1.0,
                    random_state=0)
THRESHOLDS = {"balanced": 0.45, "precision": 0.65, "recall": 0.3}
FOCUS_SHIFT = {"precision": 0.2, "recall": -0.15}  # --precision and --recall move the threshold


def cfloat(value, digits=9):
    """A C++ float literal."""
    text = f"{value:.{digits}g}"
    if "." not in text and "e" not in text and "n" not in text:
        text += ".0"
    return text + "f"


def tokens(text):
    return TOKEN.findall((text or "").lower())


def page_type(doc):
    kind = ((doc.get("_internal") or {}).get("page_type") or "article")
    kind = kind.get("primary", "article") if isinstance(kind, dict) else kind
    return "collection" if kind == "category" else kind


def load(dump_path, gtdir):
    with open(dump_path, encoding="utf-8") as f:
        names = json.loads(f.readline())
        pages = []
        for line in f:
            page = json.loads(line)
            doc = json.loads((gtdir / f"{page['page']}.json").read_text(encoding="utf-8"))
            page["type"] = page_type(doc)
            page["gt"] = (doc.get("ground_truth") or {}).get("main_content") or ""
            label_blocks(page)
            pages.append(page)
    return names, pages


def label_blocks(page):
    gt = tokens(page["gt"])
    trigrams, bigrams, words = set(zip(gt, gt[1:], gt[2:])), set(zip(gt, gt[1:])), set(gt)
    block_tokens = [tokens(b["text"]) for b in page["blocks"]]
    labels = []
    for i, t in enumerate(block_tokens):
        if len(t) >= 3:
            grams = list(zip(t, t[1:], t[2:]))
            labels.append(sum(g in trigrams for g in grams) / len(grams) >= 0.5)
            continue
        if not t:
            labels.append(False)
            continue
        before = block_tokens[i - 1][-2:] if i > 0 else []
        after = block_tokens[i + 1][:2] if i + 1 < len(block_tokens) else []
        found = False
        for context in (before + t, t + after):
            if len(context) >= 3:
                found |= all(w in words for w in t) and any(g in trigrams for g in zip(context, context[1:], context[2:]))
            elif len(context) == 2:
                found |= tuple(context) in bigrams
            else:
                found |= context[0] in words and len(gt) < 30
        labels.append(found)
    page["tokens"] = block_tokens
    page["labels"] = labels


def fit(params, X, y, w=None):
    model = HistGradientBoostingClassifier(**params)
    model.fit(X, y, sample_weight=None if w is None else w * len(w) / w.sum())
    return model


URL_MEANS = None  # the mean of each URL feature over the pages whose address is known


def page_matrix(pages):
    """Page features; a page without its address gets the average URL features (as
    clean/page_type.cc reads it)."""
    global URL_MEANS
    X = np.array([p["features"] for p in pages], dtype=np.float64)
    cols = page_matrix.url_columns
    known = X[:, cols[0]] > 0
    if URL_MEANS is None:
        URL_MEANS = X[known][:, cols].mean(axis=0)
    X[np.ix_(~known, cols)] = URL_MEANS
    return X, np.array([TYPES.index(p["type"]) for p in pages])


def fit_page_model(X, y):
    model = make_pipeline(StandardScaler(), LogisticRegression(C=PAGE_C, max_iter=5000))
    model.fit(X, y)
    return model


def page_type_probabilities(train, others, folds):
    """Out-of-fold probabilities for `train`, and the full fit's for `others`."""
    X, y = page_matrix(train)
    probs = {}
    for k in range(folds):
        inside = [i for i in range(len(train)) if i % folds != k]
        outside = [i for i in range(len(train)) if i % folds == k]
        model = fit_page_model(X[inside], y[inside])
        for i, row in zip(outside, model.predict_proba(X[outside])):
            probs[train[i]["page"]] = row
    model = fit_page_model(X, y)
    if others:
        Xo, _ = page_matrix(others)
        for p, row in zip(others, model.predict_proba(Xo)):
            probs[p["page"]] = row
    return model, probs


def block_matrix(pages, type_probs, type_columns):
    X, y, w = [], [], []
    for p in pages:
        total = max(50, sum(len(t) for t in p["tokens"]))
        for b, t, label in zip(p["blocks"], p["tokens"], p["labels"]):
            row = list(b["features"])
            row[type_columns] = list(type_probs[p["page"]])
            X.append(row)
            y.append(label)
            w.append((len(t) + 1) / total)
    return np.array(X, dtype=np.float64), np.array(y), np.array(w)


def split(pages, values):
    out, at = [], 0
    for p in pages:
        out.append(values[at:at + len(p["blocks"])])
        at += len(p["blocks"])
    return out


def word_f1(page, keep):
    pred = collections.Counter()
    for t, k in zip(page["tokens"], keep):
        if k:
            pred.update(t)
    ref = collections.Counter(tokens(page["gt"]))
    if not ref:
        return 1.0 if not pred else 0.0
    hit = sum((pred & ref).values())
    if not hit:
        return 0.0
    p, r = hit / sum(pred.values()), hit / sum(ref.values())
    return 2 * p * r / (p + r)


def report(name, pages, probs, threshold):
    by = collections.defaultdict(list)
    for p, pr in zip(pages, probs):
        f = word_f1(p, pr >= threshold)
        by[p["type"]].append(f)
        by["overall"].append(f)
    cells = " ".join(f"{t[:5]} {np.mean(by[t]):.3f}" for t in TYPES + ["overall"] if by[t])
    print(f"  {name:<24} threshold {threshold:.2f}: {cells}")


def export_forest(model, prefix, feature_names, out, comment):
    nodes, roots = [], []
    for round_ in model._predictors:
        for tree in round_:
            base = len(nodes)
            roots.append(base)
            for node in tree.nodes:
                if node["is_leaf"]:
                    nodes.append((-1, 0.0, 0, 0, float(node["value"])))
                else:
                    nodes.append((int(node["feature_idx"]), float(node["num_threshold"]),
                                  base + int(node["left"]), base + int(node["right"]), 0.0))
    baseline = np.asarray(model._baseline_prediction, dtype=np.float64).ravel()
    classes = len(baseline)
    lines = [f"// {comment}", "// Generated by bench/fit_models.py; do not edit. Refit with bench/fit_models.sh.",
             f"// {datetime.date.today().isoformat()}: {len(roots)} trees, {len(nodes)} nodes.", "#pragma once", "",
             '#include "clean/forest.h"', "", "namespace winnow::clean::fitted {", "",
             f"inline constexpr const char* k{prefix}FeatureNames[] = {{"]
    lines += [f'    "{n}",' for n in feature_names]
    lines += ["};", f"inline constexpr ForestNode k{prefix}Nodes[] = {{"]
    lines += [f"    {{{f}, {cfloat(t)}, {l}, {r}, {cfloat(v)}}}," for f, t, l, r, v in nodes]
    lines += ["};", f"inline constexpr int32_t k{prefix}Roots[] = {{"]
    lines += ["    " + ", ".join(str(r) for r in roots[i:i + 16]) + "," for i in range(0, len(roots), 16)]
    lines += ["};", f"inline constexpr float k{prefix}Baseline[] = {{" + ", ".join(cfloat(b) for b in baseline) + "};",
              f"inline constexpr Forest k{prefix}{{k{prefix}Nodes, k{prefix}Roots, k{prefix}Baseline, {classes}, "
              f"{len(feature_names)}}};"]
    return lines, classes


def export_linear(model, prefix, feature_names, comment):
    scaler, regression = model[0], model[1]
    scale = np.where(scaler.scale_ > 0, scaler.scale_, 1.0)
    lines = [f"// {comment}", "// Generated by bench/fit_models.py; do not edit. Refit with bench/fit_models.sh.",
             f"// {datetime.date.today().isoformat()}: multinomial logistic regression, C = {PAGE_C}.", "#pragma once", "",
             "#include <array>", "", "namespace winnow::clean::fitted {", "",
             f"inline constexpr int k{prefix}Classes = {regression.coef_.shape[0]};",
             f"inline constexpr int k{prefix}Features = {regression.coef_.shape[1]};",
             f"inline constexpr const char* k{prefix}FeatureNames[] = {{"]
    lines += [f'    "{n}",' for n in feature_names]
    lines += ["};", "// Each feature is standardized, (x - mean) / scale, before the weights apply.",
              f"inline constexpr float k{prefix}Mean[] = {{"]
    lines += [f"    {cfloat(m)},  // {n}" for m, n in zip(scaler.mean_, feature_names)]
    lines += ["};", f"inline constexpr float k{prefix}Scale[] = {{"]
    lines += [f"    {cfloat(v)},  // {n}" for v, n in zip(scale, feature_names)]
    lines += ["};", f"inline constexpr float k{prefix}Bias[] = {{" + ", ".join(cfloat(b) for b in regression.intercept_) + "};",
              f"// One row a class (PageType order), one column a feature.",
              f"inline constexpr float k{prefix}Weights[k{prefix}Classes][k{prefix}Features] = {{"]
    for row in regression.coef_:
        lines += ["    {" + ", ".join(cfloat(v, 6) for v in row) + "},"]
    lines += ["};"]
    return lines


def check_export(model, X):
    """The exported trees must give sklearn's own scores."""
    raw = model._raw_predict(X[:200]) if hasattr(model, "_raw_predict") else None
    if raw is None:
        return
    mine = np.tile(np.asarray(model._baseline_prediction).ravel(), (len(X[:200]), 1))
    for round_ in model._predictors:
        for c, tree in enumerate(round_):
            for i, x in enumerate(X[:200]):
                at = 0
                while not tree.nodes[at]["is_leaf"]:
                    node = tree.nodes[at]
                    at = node["left"] if x[node["feature_idx"]] <= node["num_threshold"] else node["right"]
                mine[i, c] += tree.nodes[at]["value"]
    assert np.allclose(mine, raw.T if raw.shape[0] != len(X[:200]) else raw, atol=1e-6), "export differs from sklearn"


def main():
    args = sys.argv[1:]
    if len(args) < 2:
        sys.exit(__doc__)
    dump, gtdir = pathlib.Path(args[0]), pathlib.Path(args[1])
    train_on = args[args.index("--train") + 1] if "--train" in args else "even"
    train_all = train_on == "all"
    cv = int(args[args.index("--cv") + 1]) if "--cv" in args else 0
    names, pages = load(dump, gtdir)
    page_matrix.url_columns = [i for i, n in enumerate(names["page_features"]) if n.startswith("url_")]
    assert names["page_features"][page_matrix.url_columns[0]] == "url_known"
    block_names = names["block_features"]
    type_columns = slice(block_names.index("type_article"), block_names.index("type_service") + 1)
    is_even = lambda p: int(re.sub(r"\D", "", p["page"]) or 0) % 2 == 0
    in_training = (lambda p: True) if train_all else (lambda p: is_even(p) == (train_on == "even"))
    train = [p for p in pages if in_training(p)]
    test = [p for p in pages if not in_training(p)] or [p for p in pages if not is_even(p)]
    print(f"fit_models: {len(pages)} pages, {sum(len(p['blocks']) for p in pages)} blocks; training on "
          f"{train_on} ids ({len(train)} pages)")

    page_model, type_probs = page_type_probabilities(train, [] if train_all else test, folds=5)
    Xt, yt = page_matrix(test)
    agree = (page_model.predict(Xt) == yt).mean()
    oof = np.mean([TYPES[int(np.argmax(type_probs[p['page']]))] == p["type"] for p in train])
    print(f"page type agreement: training ids out of fold {oof:.1%}; held-out ids {agree:.1%}"
          f"{' (training fit)' if train_all else ''}")
    cm = np.zeros((7, 7), dtype=int)
    for a, b in zip(yt, page_model.predict(Xt)):
        cm[a, b] += 1
    print("  confusion on held-out ids (rows: label, columns: guess; " + ", ".join(TYPES) + ")")
    for row in cm:
        print("   " + " ".join(f"{n:4d}" for n in row))

    X, y, w = block_matrix(train, type_probs, type_columns)
    block_model = fit(BLOCK_PARAMS, X, y, w)
    if cv:
        oof_probs = {}
        for k in range(cv):
            inside = [p for i, p in enumerate(train) if i % cv != k]
            outside = [p for i, p in enumerate(train) if i % cv == k]
            Xi, yi, wi = block_matrix(inside, type_probs, type_columns)
            Xo, _, _ = block_matrix(outside, type_probs, type_columns)
            for p, pr in zip(outside, split(outside, fit(BLOCK_PARAMS, Xi, yi, wi).predict_proba(Xo)[:, 1])):
                oof_probs[p["page"]] = pr
        for name, th in THRESHOLDS.items():
            report(f"training ids, {cv}-fold", train, [oof_probs[p["page"]] for p in train], th)
    Xs, _, _ = block_matrix(test, type_probs if not train_all else
                            {p["page"]: page_model.predict_proba(np.array([p["features"]]))[0] for p in test},
                            type_columns)
    test_probs = split(test, block_model.predict_proba(Xs)[:, 1])
    for name, th in THRESHOLDS.items():
        report(f"held-out ids ({name})", test, test_probs, th)
    if "--save" in args:
        import pickle
        with open(args[args.index("--save") + 1], "wb") as f:
            pickle.dump({"names": names, "test": test, "test_probs": test_probs, "type_probs": type_probs}, f)

    if "--write" in args:
        check_export(block_model, X)
        at = args.index("--write")
        explicit = at + 1 < len(args) and not args[at + 1].startswith("--")
        clean = pathlib.Path(args[at + 1]) if explicit else pathlib.Path(__file__).resolve().parent.parent / "clean" / "models"
        clean.mkdir(parents=True, exist_ok=True)
        fitted_on = "all" if train_all else f"the {train_on}"
        lines = export_linear(page_model, "PageTypeModel", names["page_features"],
                              f"The page-type classifier, fitted on {fitted_on} ids of the WCXB development corpus.")
        (clean / "page_type_model.inc").write_text("\n".join(lines + ["", "}  // namespace winnow::clean::fitted", ""]))
        lines, _ = export_forest(block_model, "BlockModel", block_names, None,
                                 f"The block classifier, fitted on {fitted_on} ids of the WCXB development corpus.")
        lines += ["", "// A block is text from this probability on. (Thresholds fitted per page type out of fold",
                  "// differed between the two halves of the corpus and gained nothing held out.)",
                  f"inline constexpr float kBlockThreshold = {cfloat(THRESHOLDS['balanced'])};",
                  "// --precision and --recall move the threshold by these.",
                  f"inline constexpr float kPrecisionShift = {cfloat(FOCUS_SHIFT['precision'])};",
                  f"inline constexpr float kRecallShift = {cfloat(FOCUS_SHIFT['recall'])};"]
        (clean / "block_model.inc").write_text("\n".join(lines + ["", "}  // namespace winnow::clean::fitted", ""]))
        print(f"wrote {clean}/page_type_model.inc and {clean}/block_model.inc")


if __name__ == "__main__":
    main()
