"""kg push against a real `oxigraph serve` process on loopback."""
from __future__ import annotations

import json
import shutil
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kg.cli import app

from conftest import EXAMPLES

runner = CliRunner()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def oxigraph_server(tmp_path):
    binary = shutil.which("oxigraph") or str(Path(sys.executable).parent / "oxigraph")
    port = free_port()
    proc = subprocess.Popen([binary, "serve", "--location", str(tmp_path / "remote"), "--bind", f"127.0.0.1:{port}"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    for _ in range(100):
        try:
            urllib.request.urlopen(base + "/query?query=ASK%7B%7D", timeout=1)
            break
        except OSError:
            time.sleep(0.1)
    yield base
    proc.terminate()
    proc.wait(timeout=10)


def remote_ask(base: str, query: str):
    url = base + "/query?" + urllib.parse.urlencode({"query": query})
    request = urllib.request.Request(url, headers={"Accept": "application/sparql-results+json"})
    with urllib.request.urlopen(request, timeout=10) as response:
        return json.loads(response.read())


def test_push_replaces_changed_documents(tmp_path, oxigraph_server):
    corpus = tmp_path / "corpus"
    shutil.copytree(EXAMPLES, corpus)
    store = tmp_path / "store"
    assert runner.invoke(app, ["build", str(corpus), "--store", str(store)]).exit_code == 0
    result = runner.invoke(app, ["push", "--store", str(store), "--endpoint", oxigraph_server + "/store"])
    assert result.exit_code == 0, result.output
    graphs = remote_ask(oxigraph_server, "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s a <https://w3id.org/kg-aichips/ontology#Document> } }")
    assert len(graphs["results"]["bindings"]) == 2
    founded = "ASK { GRAPH ?g { <https://w3id.org/kg-aichips/id/Organisation/deepseek> <https://w3id.org/kg-aichips/ontology#foundedBy> ?f } }"
    assert remote_ask(oxigraph_server, founded)["boolean"] is True

    # Change one document, rebuild, push again: its old graph is gone, the other one untouched.
    (corpus / "000_50f83be8e4cb46c8.txt").write_text("Cambricon Updates\nCambricon was founded by Chen Tianshi.\n",
                                                      encoding="utf-8")
    assert runner.invoke(app, ["build", str(corpus), "--store", str(store)]).exit_code == 0
    result = runner.invoke(app, ["push", "--store", str(store), "--endpoint", oxigraph_server + "/store"])
    assert result.exit_code == 0, result.output
    assert "1 graphs sent, 1 deleted, 1 already there" in result.stderr
    graphs = remote_ask(oxigraph_server, "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s a <https://w3id.org/kg-aichips/ontology#Document> } }")
    assert len(graphs["results"]["bindings"]) == 2
    assert remote_ask(oxigraph_server, founded)["boolean"] is False
    cambricon = "ASK { GRAPH ?g { ?o <https://w3id.org/kg-aichips/ontology#foundedBy> ?f . ?f <http://www.w3.org/2000/01/rdf-schema#label> \"Chen Tianshi\" } }"
    assert remote_ask(oxigraph_server, cambricon)["boolean"] is True


def test_push_to_nowhere_is_one_line(tmp_path):
    store = tmp_path / "store"
    assert runner.invoke(app, ["build", str(EXAMPLES), "--store", str(store)]).exit_code == 0
    result = runner.invoke(app, ["push", "--store", str(store), "--endpoint", f"http://127.0.0.1:{free_port()}/store"])
    assert result.exit_code == 1
    assert result.stderr.count("\n") == 1 and "cannot reach" in result.stderr
