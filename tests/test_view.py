"""The HTML view in a real browser (Debian's chromium driven by Playwright)."""
from __future__ import annotations

import shutil

import pytest

from kg.export.html import read_view_graph, write_view

CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    path = shutil.which("chromium")
    assert path, "chromium is not installed (apt-get install -y chromium); .ci/run installs it"
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=path, args=CHROMIUM_FLAGS)
        yield browser
        browser.close()


def open_page(browser, html_path):
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    log = {"errors": [], "requests": [], "dialogs": []}
    page.on("console", lambda m: log["errors"].append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: log["errors"].append(str(e)))
    page.on("request", lambda r: log["requests"].append(r.url))
    page.on("dialog", lambda d: (log["dialogs"].append(d.message), d.dismiss()))
    page.goto(html_path.as_uri())
    wait_until_still(page, 30)
    return page, log


def wait_until_still(page, seconds: float) -> None:
    """Poll from outside the page: the page's own CSP forbids the eval that wait_for_function uses."""
    import time

    deadline = time.monotonic() + seconds
    while not page.evaluate("Boolean(window.kgView && window.kgView.stable)"):
        if time.monotonic() > deadline:
            raise AssertionError("the view did not become still in time")
        page.wait_for_timeout(50)


def test_view_offline_complete_and_explains_edges(browser, example_store, tmp_path):
    html = tmp_path / "view.html"
    html.write_text(write_view(example_store), encoding="utf-8")
    view = read_view_graph(example_store)
    page, log = open_page(browser, html)
    assert log["errors"] == []
    assert [u for u in log["requests"] if not u.startswith("file:")] == []
    assert page.evaluate("window.kgView.nodes.length") == len(view.nodes)
    assert page.evaluate("window.kgView.edges.length") == len(view.edges)
    # What the network actually draws, not only what it was given.
    assert page.evaluate("window.kgView.network.body.nodeIndices.length") == len(view.nodes)
    assert page.evaluate("window.kgView.network.body.edgeIndices.length") == len(view.edges)
    # Filters: unticking a class hides its entities, unticking a relation its edges.
    persons = sum(1 for n in view.nodes.values() if n["cls"] == "Person")
    page.locator("#class-filters label", has_text="Person").locator("input").uncheck()
    assert page.evaluate("window.kgView.network.body.nodeIndices.length") == len(view.nodes) - persons
    page.locator("#class-filters label", has_text="Person").locator("input").check()
    uses = sum(1 for (_, p, _) in view.edges if p == "usesChip")
    page.locator("#relation-filters label", has_text="usesChip").locator("input").uncheck()
    assert page.evaluate("window.kgView.network.body.edgeIndices.length") == len(view.edges) - uses
    page.locator("#relation-filters label", has_text="usesChip").locator("input").check()
    page.fill("#search", "deepseek")  # any case, as typed
    assert page.evaluate("window.kgView.network.getSelectedNodes()").__len__() == 1
    details = page.inner_text("#details")
    assert "DeepSeek used the less powerful H800 chips" in details
    # A real click on the canvas, on the node of H800, shows its evidence.
    point = page.evaluate("""() => {
        const v = window.kgView, id = v.nodes.get().find(n => n.label === 'H800').id;
        v.network.fit({animation: false});
        const p = v.network.canvasToDOM(v.network.getPositions([id])[id]);
        const box = document.getElementById('graph').getBoundingClientRect();
        return {x: box.left + p.x, y: box.top + p.y};
    }""")
    page.mouse.click(point["x"], point["y"])
    page.wait_for_timeout(200)
    details = page.inner_text("#details")
    assert details.startswith("H800") and "Class: Chip" in details
    assert "DeepSeek used the less powerful H800 chips" in details
    page.screenshot(path=str(tmp_path / "view.png"))
    page.close()


def test_hostile_article_runs_nothing(browser, tmp_path, settings, extractor):
    from kg.build import build
    from kg.store import Store

    hostile = tmp_path / "in" / "evil.txt"
    hostile.parent.mkdir()
    hostile.write_text(
        "Evil Corp <script>alert(1)</script> News\n"
        "Nvidia's <img src=x onerror=alert(2)> H800 chips were used by DeepSeek </script><script>alert(3)</script>. "
        "DeepSeek used the H800 chip \"quoted\" <a href=\"javascript:alert(4)\">click</a> in Hangzhou.\n",
        encoding="utf-8")
    with Store(tmp_path / "store") as store:
        build([hostile.parent], store, settings, extractor=extractor)
        page_html = write_view(store)
    html = tmp_path / "view.html"
    html.write_text(page_html, encoding="utf-8")
    assert "<script>alert" not in page_html and "<img src=x" not in page_html
    page, log = open_page(browser, html)
    page.fill("#search", "DeepSeek")
    page.keyboard.press("Enter")
    page.wait_for_timeout(300)
    assert log["dialogs"] == []
    assert log["errors"] == []
    assert page.evaluate("document.querySelectorAll('img, iframe, a[href^=\"javascript\"]').length") == 0
    assert page.evaluate("document.querySelectorAll('script').length") == 2
    page.close()


def test_focus_hops_max_nodes_and_query(example_store):
    from kg.export.html import limit_nodes, neighbourhood, query_view
    from kg.query import resolve_query

    view = read_view_graph(example_store)
    labels = lambda v: {n["label"] for n in v.nodes.values()}  # noqa: E731
    near = neighbourhood(view, "deepseek", 1)
    assert {"DeepSeek", "H800", "Liang Wenfeng", "China"} <= labels(near)
    assert "Jeffrey Ding" not in labels(near)
    assert len(neighbourhood(view, "DeepSeek", 0).nodes) == 1
    small = limit_nodes(view, 3)
    assert len(small.nodes) == 3 and small.left_out == len(view.nodes) - 3
    assert "DeepSeek" in labels(small)  # the most connected entity stays
    founders = query_view(example_store, view, resolve_query("founders").replace(
        "SELECT DISTINCT ?organisation ?founder", "SELECT DISTINCT ?org ?f"))
    assert labels(founders) == {"DeepSeek", "Liang Wenfeng"} and len(founders.edges) == 1
    construct = query_view(example_store, view, """PREFIX kg: <https://w3id.org/kg-aichips/ontology#>
        CONSTRUCT { ?s kg:usesChip ?o } WHERE { ?s kg:usesChip ?o }""")
    assert labels(construct) == {"DeepSeek", "H800"}


def test_left_out_notice_shown(browser, example_store, tmp_path):
    html = tmp_path / "small.html"
    html.write_text(write_view(example_store, max_nodes=4), encoding="utf-8")
    page, log = open_page(browser, html)
    assert page.evaluate("window.kgView.nodes.length") == 4
    assert "less connected entities are left out" in page.inner_text("#notice")
    assert log["errors"] == []
    page.close()


def test_view_query_cli(example_store, tmp_path):
    from typer.testing import CliRunner

    from kg.cli import app

    store_path = example_store.path
    out = tmp_path / "q.html"
    result = CliRunner().invoke(app, ["view", "--store", store_path, "--html", str(out), "--query", "founders"])
    assert result.exit_code == 0, result.output
    page = out.read_text(encoding="utf-8")
    assert "Liang Wenfeng" in page and "Jeffrey Ding" not in page


from hypothesis import given, settings as hsettings, strategies as st  # noqa: E402


@hsettings(max_examples=80, deadline=None)
@given(names=st.lists(st.text(min_size=1, max_size=30), min_size=2, max_size=4),
       sentence=st.text(max_size=60))
def test_any_text_stays_text_in_the_page(names, sentence):
    """Whatever an article says, the page keeps two scripts of its own, no other elements
    appear, and the data reads back unchanged."""
    import json
    from html.parser import HTMLParser

    from kg.export.html import ViewGraph, render_html

    view = ViewGraph()
    for i, name in enumerate(names):
        iri = f"https://example.org/e/{i}"
        view.nodes[iri] = {"id": iri, "cls": "Company", "label": name, "aliases": [name + "</script>"],
                           "wikidata": None}
    view.edges[("https://example.org/e/0", "ownedBy", "https://example.org/e/1")] = {
        "from": "https://example.org/e/0", "to": "https://example.org/e/1", "label": "ownedBy",
        "evidence": [{"sentence": sentence, "source": "<img src=x onerror=alert(1)>", "title": None,
                      "confidence": 0.5}]}
    page = render_html(view)

    class Tags(HTMLParser):
        def __init__(self):
            super().__init__()
            self.tags = []

        def handle_starttag(self, tag, attrs):
            self.tags.append(tag)

    parser = Tags()
    parser.feed(page)
    assert parser.tags.count("script") == 2
    assert not {"img", "iframe", "a", "object", "embed"} & set(parser.tags)
    start = page.index("const DATA = ") + len("const DATA = ")
    end = page.index(";\nfunction el(")
    data = json.loads(page[start:end])
    assert sorted(d["label"] for d in data["details"].values()) == sorted(names)
    assert data["edges"][0]["evidence"][0]["sentence"] == sentence


def _generated_view(nodes: int, edges: int):
    """A seeded random graph, as benchmarks/view_benchmark.py makes (one evidence sentence a relation)."""
    import random

    from kg.export.html import CLASS_STYLE, RELATIONS, ViewGraph

    rng = random.Random(7)
    view = ViewGraph()
    ids = [f"https://example.org/e/{i}" for i in range(nodes)]
    for i, iri in enumerate(ids):
        view.nodes[iri] = {"id": iri, "cls": rng.choice(list(CLASS_STYLE)), "label": f"Entity {i}",
                           "aliases": [], "wikidata": None}
    while len(view.edges) < edges:
        s, o = rng.sample(ids, 2)
        p = rng.choice(RELATIONS)
        view.edges[(s, p, o)] = {"from": s, "to": o, "label": p, "evidence": [
            {"sentence": f"Sentence {len(view.edges)} says it.", "source": "gen.txt", "title": None,
             "confidence": 0.8}]}
    return view


def _sentences_of(view, iri: str) -> set[str]:
    sentences = {e["evidence"][0]["sentence"] for (s, _, o), e in view.edges.items() if iri in (s, o)}
    assert sentences
    return sentences


_CLICK_POINTS = """() => {
    // The biggest entity, and the relation whose middle lies farthest from any entity, where they are now.
    const v = window.kgView, net = v.network;
    net.fit({animation: false});
    const pos = net.getPositions(), box = document.getElementById('graph').getBoundingClientRect();
    const dom = p => { const q = net.canvasToDOM(p); return {x: box.left + q.x, y: box.top + q.y}; };
    const ids = Object.keys(pos), hub = ids.reduce((a, b) => net.body.nodes[a].options.size >= net.body.nodes[b].options.size ? a : b);
    let best = null, far = -1;
    for (const id of net.body.edgeIndices) {
        const mid = net.body.edges[id].edgeType.getPoint(0.5);
        const near = Math.min(...ids.map(n => Math.hypot(pos[n].x - mid.x, pos[n].y - mid.y) - net.body.nodes[n].options.size));
        if (near > far) { far = near; best = {point: dom(mid)}; }
    }
    return {stable: v.stable, positions: pos, node: dom(pos[hub]), edge: best.point};
}"""


def _click_moving(page, kind: str, before: dict) -> str:
    """Click the biggest entity (kind "node") or the relation farthest from any entity ("edge"),
    checking just before that the layout is still moving; return the id vis-network selected."""
    for _ in range(5):
        aim = page.evaluate(_CLICK_POINTS)
        assert aim["stable"] is False and aim["positions"] != before, "the layout stopped moving"
        page.mouse.click(aim[kind]["x"], aim[kind]["y"])
        chosen = page.evaluate("window.kgView.network.getSelection()")
        if kind == "node" and chosen["nodes"]:
            return chosen["nodes"][0]
        if kind == "edge" and not chosen["nodes"] and len(chosen["edges"]) == 1:
            return chosen["edges"][0]
    raise AssertionError(f"no {kind} under the pointer in five tries")


def test_usable_while_the_layout_moves(browser, tmp_path):
    """Right after the page opens, while the browser is still laying out the largest graph it
    lays out itself (300 entities), a search and clicks on an entity and on a relation show
    their evidence; the page is checked to be still moving at each of them."""
    from kg.export.html import BROWSER_LAYOUT_MAX, render_html

    view = _generated_view(BROWSER_LAYOUT_MAX, 750)
    html = tmp_path / "moving.html"
    html.write_text(render_html(view), encoding="utf-8")
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(html.as_uri())
    assert page.evaluate("window.kgView.stable") is False
    before = page.evaluate("window.kgView.network.getPositions()")
    page.fill("#search", "entity 17")
    details = page.inner_text("#details")
    assert page.evaluate("window.kgView.stable") is False  # answered while the layout moves
    assert details.startswith("Entity 17")
    assert _sentences_of(view, "https://example.org/e/17") <= set(details.splitlines())
    # A click on the biggest entity, then on a relation, each aimed where it is now; a moving
    # target can slip away from the pointer, so aim again (a few times at most), as a user would.
    node = _click_moving(page, "node", before)
    details = page.inner_text("#details")
    assert details.startswith(view.nodes[node]["label"] + "\nClass: ")
    assert _sentences_of(view, node) <= set(details.splitlines())
    clicked = _click_moving(page, "edge", before)
    edge = page.evaluate(f"window.kgView.edges.get({clicked})")
    details = page.inner_text("#details")
    assert details.startswith(f"{view.nodes[edge['from']]['label']} {edge['label']} {view.nodes[edge['to']]['label']}")
    assert view.edges[(edge["from"], edge["label"], edge["to"])]["evidence"][0]["sentence"] in details
    wait_until_still(page, 30)
    assert errors == []
    page.close()


def test_large_view_comes_laid_out_and_usable_at_once(browser, tmp_path):
    """A large graph is laid out before the page is written: every entity has a position,
    they are spread out, and the page is still from its first frame; a search shows evidence
    right after opening."""
    import json
    import math

    from kg.export.html import render_html

    view = _generated_view(1200, 3000)
    page_html = render_html(view)
    start = page_html.index("const DATA = ") + len("const DATA = ")
    data = json.loads(page_html[start:page_html.index(";\nfunction el(")])
    xy = [(n["x"], n["y"]) for n in data["nodes"]]
    assert len(xy) == 1200 and data["options"]["physics"] == {"enabled": False}
    assert len(set(xy)) > 0.99 * len(xy)  # hardly two on the same pixel
    spread = max(math.dist(a, (0, 0)) for a in xy)
    assert 2000 < spread < 20000  # about springLength * sqrt(n), not piled up nor flung away
    assert render_html(view) == page_html  # the layout is seeded: the same graph, the same page
    html = tmp_path / "large.html"
    html.write_text(page_html, encoding="utf-8")
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    page.goto(html.as_uri())
    page.fill("#search", "Entity 5")
    assert page.inner_text("#details").startswith("Entity 5")
    assert _sentences_of(view, "https://example.org/e/5") <= set(page.inner_text("#details").splitlines())
    wait_until_still(page, 10)
    # Physics stays off: the browser draws the layout it was given and moves nothing.
    positions = page.evaluate("window.kgView.network.getPositions()")
    assert positions == {n["id"]: {"x": n["x"], "y": n["y"]} for n in data["nodes"]}
    page.close()
