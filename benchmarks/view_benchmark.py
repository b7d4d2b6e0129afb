"""How fast the HTML view opens and becomes still, on a generated graph.

    .venv/bin/python benchmarks/view_benchmark.py [--nodes 2000 --edges 5000]

Renders a random graph of the given size (seeded) and a reference graph of 100 nodes and 250
edges, opens each in headless Chromium, and times load-to-still (the page says its layout is
done, and then no node moves for a second). Prints both times, their ratio, and how long
writing each page took (large graphs are laid out then, in Python).
"""
from __future__ import annotations

import argparse
import random
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from kg.export.html import CLASS_STYLE, RELATIONS, ViewGraph, render_html  # noqa: E402

FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]


def generated(nodes: int, edges: int, seed: int = 7) -> ViewGraph:
    rng = random.Random(seed)
    classes = list(CLASS_STYLE)
    view = ViewGraph()
    ids = [f"https://example.org/e/{i}" for i in range(nodes)]
    for i, iri in enumerate(ids):
        view.nodes[iri] = {"id": iri, "cls": rng.choice(classes), "label": f"Entity {i}", "aliases": [],
                           "wikidata": None}
    while len(view.edges) < edges:
        s, o = rng.sample(ids, 2)
        p = rng.choice(RELATIONS)
        view.edges[(s, p, o)] = {"from": s, "to": o, "label": p,
                                 "evidence": [{"sentence": "A generated sentence.", "source": "gen.txt",
                                               "title": None, "confidence": 0.8}]}
    return view


def time_to_still(browser, html: Path) -> float:
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    start = time.perf_counter()
    page.goto(html.as_uri())
    # Poll from outside: the page's CSP forbids the eval that wait_for_function would use.
    while not page.evaluate("Boolean(window.kgView && window.kgView.stable)"):
        if time.perf_counter() - start > 300:
            raise SystemExit(f"{html.name}: not still after 300 s")
        time.sleep(0.02)
    elapsed = time.perf_counter() - start
    moving = page.evaluate("""() => new Promise(done => {
        const net = window.kgView.network; const a = net.getPositions();
        setTimeout(() => { const b = net.getPositions();
          done(Object.keys(a).some(k => Math.abs(a[k].x - b[k].x) > 0.5 || Math.abs(a[k].y - b[k].y) > 0.5)); }, 1000);
    })""")
    page.close()
    if moving:
        raise SystemExit(f"{html.name}: the layout was still moving one second after it said it was still")
    return elapsed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--nodes", type=int, default=2000)
    parser.add_argument("--edges", type=int, default=5000)
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    chromium = shutil.which("chromium")
    if not chromium:
        raise SystemExit("chromium is not installed (apt-get install -y chromium)")
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=FLAGS)
        results = {}
        for name, n, e in (("reference", 100, 250), ("large", args.nodes, args.edges)):
            html = Path(tmp) / f"{name}.html"
            graph = generated(n, e)
            start = time.perf_counter()
            html.write_text(render_html(graph), encoding="utf-8")
            written = time.perf_counter() - start
            results[name] = time_to_still(browser, html)
            print(f"{name:9s} {n:5d} nodes {e:5d} edges  open-to-still {results[name]:.2f} s  "
                  f"({html.stat().st_size / 1e6:.1f} MB, written in {written:.2f} s)")
        browser.close()
    print(f"ratio large/reference: {results['large'] / results['reference']:.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
