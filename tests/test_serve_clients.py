"""Real SPARQL clients against a real kg serve: rdflib's SPARQLStore (GET and POST),
SPARQLWrapper, and a page on another origin in Chromium that queries with fetch()."""
from __future__ import annotations

import shutil
import threading
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

import pytest
from serving import ServerProcess

FOUNDERS = """PREFIX kg: <https://w3id.org/kg-aichips/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?org ?founder WHERE { ?o kg:foundedBy ?f . ?o rdfs:label ?org . ?f rdfs:label ?founder } ORDER BY ?org"""
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]


@pytest.fixture(scope="module")
def server(example_store):
    server = ServerProcess(example_store.path)
    yield server
    server.stop()


@pytest.mark.parametrize("method", ["GET", "POST"])
def test_rdflib_sparql_store(server, method):
    from rdflib.plugins.stores.sparqlstore import SPARQLStore

    store = SPARQLStore(server.url, method=method, returnFormat="json")
    rows = {(str(r.org), str(r.founder)) for r in store.query(FOUNDERS)}
    assert ("DeepSeek", "Liang Wenfeng") in rows
    assert store.query("ASK { ?s a <https://w3id.org/kg-aichips/ontology#Company> }").askAnswer is True


@pytest.mark.parametrize("method", ["GET", "POST"])
def test_sparqlwrapper(server, method):
    from SPARQLWrapper import JSON, POST, SPARQLWrapper

    client = SPARQLWrapper(server.url)
    client.setQuery(FOUNDERS)
    client.setReturnFormat(JSON)
    if method == "POST":
        client.setMethod(POST)
    bindings = client.query().convert()["results"]["bindings"]
    assert {"DeepSeek"} == {b["org"]["value"] for b in bindings if b["founder"]["value"] == "Liang Wenfeng"}


PAGE = """<!doctype html><html><body><table id="rows"></table><p id="state">waiting</p>
<script>
fetch(ENDPOINT, {method: "POST", headers: {"Content-Type": "application/sparql-query",
                 "Accept": "application/sparql-results+json"}, body: QUERY})
  .then(r => r.json())
  .then(data => {
    for (const b of data.results.bindings) {
      const tr = document.createElement("tr");
      for (const v of data.head.vars) { const td = document.createElement("td"); td.textContent = b[v].value; tr.appendChild(td); }
      document.getElementById("rows").appendChild(tr);
    }
    document.getElementById("state").textContent = "done";
  })
  .catch(e => { document.getElementById("state").textContent = "failed: " + e; });
</script></body></html>"""


def test_browser_page_on_another_origin(server, tmp_path):
    """A page served from another port (another origin) POSTs a query with a JSON content
    type, so Chromium sends a CORS preflight first; the rows must reach the page."""
    import json

    from playwright.sync_api import sync_playwright

    (tmp_path / "index.html").write_text(PAGE.replace("ENDPOINT", json.dumps(server.url))
                                         .replace("QUERY", json.dumps(FOUNDERS)), encoding="utf-8")
    site = ThreadingHTTPServer(("127.0.0.1", 0), partial(_Quiet, directory=str(tmp_path)))
    threading.Thread(target=site.serve_forever, daemon=True).start()
    path = shutil.which("chromium")
    assert path, "chromium is not installed (apt-get install -y chromium); .ci/run installs it"
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=path, args=CHROMIUM_FLAGS)
            page = browser.new_page()
            page.goto(f"http://127.0.0.1:{site.server_address[1]}/index.html")
            page.wait_for_selector("#state:not(:has-text('waiting'))", timeout=15000)
            state = page.inner_text("#state")
            cells = [[td.inner_text() for td in tr.query_selector_all("td")] for tr in page.query_selector_all("tr")]
            browser.close()
    finally:
        site.shutdown()
    assert state == "done"
    assert ["DeepSeek", "Liang Wenfeng"] in cells
    assert any('"OPTIONS /query" 204' in line for line in server.lines)  # the preflight was answered


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002
        pass
