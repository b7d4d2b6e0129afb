"""kg serve: a real HTTP server process, queried with a real HTTP client."""
from __future__ import annotations

import csv
import io
import json
import re
import socket
import subprocess
import sys
import threading
import urllib.error
import urllib.parse
import urllib.request

import pytest
from serving import ServerProcess, fetch

from kg.serve import is_update, reaches_out


@pytest.fixture(scope="module")
def server(example_store):
    server = ServerProcess(example_store.path, "--timeout", "5")
    yield server
    server.stop()


@pytest.fixture(scope="module")
def endpoint(server):
    return server.url


FOUNDERS = """PREFIX kg: <https://w3id.org/kg-aichips/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?org ?founder WHERE { ?o kg:foundedBy ?f . ?o rdfs:label ?org . ?f rdfs:label ?founder }"""


def test_get_json(endpoint):
    status, kind, body, _ = fetch(endpoint + "?" + urllib.parse.urlencode({"query": FOUNDERS}),
                               headers={"Accept": "application/sparql-results+json"})
    assert status == 200 and kind.startswith("application/sparql-results+json")
    rows = json.loads(body)["results"]["bindings"]
    assert {"DeepSeek"} == {r["org"]["value"] for r in rows if r["founder"]["value"] == "Liang Wenfeng"}


def test_post_csv(endpoint):
    status, kind, body, _ = fetch(endpoint, data=FOUNDERS.encode(), method="POST",
                               headers={"Content-Type": "application/sparql-query", "Accept": "text/csv"})
    assert status == 200 and kind.startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(body)))
    assert {"org": "DeepSeek", "founder": "Liang Wenfeng"} in rows


def test_post_form_and_construct(endpoint):
    query = "PREFIX kg: <https://w3id.org/kg-aichips/ontology#> CONSTRUCT { ?s kg:usesChip ?o } WHERE { ?s kg:usesChip ?o }"
    status, kind, body, _ = fetch(endpoint, data=urllib.parse.urlencode({"query": query}).encode(), method="POST",
                               headers={"Content-Type": "application/x-www-form-urlencoded", "Accept": "text/turtle"})
    assert status == 200 and kind.startswith("text/turtle") and "nvidia_h800" in body


@pytest.mark.parametrize("how", ["update-post", "update-form", "update-get", "put", "delete", "insert-as-query"])
def test_updates_refused(endpoint, how):
    update = "INSERT DATA { <http://x.test/a> <http://x.test/b> <http://x.test/c> }"
    if how == "update-post":
        status, *_ = fetch(endpoint, data=update.encode(), method="POST",
                           headers={"Content-Type": "application/sparql-update"})
    elif how == "update-form":
        status, *_ = fetch(endpoint, data=urllib.parse.urlencode({"update": update}).encode(), method="POST",
                           headers={"Content-Type": "application/x-www-form-urlencoded"})
    elif how == "update-get":
        status, *_ = fetch(endpoint + "?" + urllib.parse.urlencode({"update": update}))
    elif how == "insert-as-query":
        status, *_ = fetch(endpoint, data=update.encode(), method="POST",
                           headers={"Content-Type": "application/sparql-query"})
    else:
        status, *_ = fetch(endpoint, data=b"<a> <b> <c> .", method=how.upper(), headers={"Content-Type": "text/turtle"})
    assert status in (403, 405)
    _, _, body, _ = fetch(endpoint + "?" + urllib.parse.urlencode({"query": "ASK { <http://x.test/a> ?p ?o }"}),
                       headers={"Accept": "application/sparql-results+json"})
    assert json.loads(body)["boolean"] is False


def test_service_reaches_nothing(endpoint):
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(5)
    listener.settimeout(2)
    port = listener.getsockname()[1]
    arrived = []

    def accept():
        try:
            conn, _ = listener.accept()
            arrived.append(conn.recv(1000))
            conn.close()
        except OSError:
            pass

    thread = threading.Thread(target=accept)
    thread.start()
    query = f"SELECT * WHERE {{ SERVICE <http://127.0.0.1:{port}/sparql> {{ ?s ?p ?o }} }}"
    status, _, body, _ = fetch(endpoint + "?" + urllib.parse.urlencode({"query": query}))
    thread.join()
    listener.close()
    assert status == 403 and "SERVICE" in body
    assert arrived == []


def test_query_text_checks():
    assert reaches_out("SELECT * { service <http://x> { ?s ?p ?o } }")
    assert reaches_out("LOAD <http://x.test/data.ttl>")
    assert not reaches_out('SELECT * { ?s ?p "a SERVICE in a string" } # SERVICE in a comment')
    assert not reaches_out("SELECT * { ?s <http://x.test/SERVICE> ?o }")
    assert is_update("DELETE WHERE { ?s ?p ?o }")
    assert not is_update("SELECT * { ?s ?p 'INSERT' }")


def test_listens_on_loopback_only(endpoint):
    """Without --host the server's listening socket is bound to 127.0.0.1 (read from the
    kernel's socket table), so no other machine can reach it."""
    port = int(re.search(r":(\d+)/", endpoint).group(1))
    listening = []
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        with open(table, encoding="ascii") as handle:
            for line in handle.readlines()[1:]:
                local, state = line.split()[1], line.split()[3]
                address, hex_port = local.rsplit(":", 1)
                if int(hex_port, 16) == port and state == "0A":  # LISTEN
                    listening.append(address)
    assert listening == ["0100007F"]  # 127.0.0.1, little-endian


def test_protocol_dataset_parameters(endpoint):
    """default-graph-uri narrows the default graph to the graphs named (here one document's),
    named-graph-uri gives GRAPH clauses their graphs; without them, the union graph."""
    documents = "PREFIX kg: <https://w3id.org/kg-aichips/ontology#> SELECT ?d WHERE { ?d a kg:Document }"
    _, _, body, _ = fetch(endpoint + "?" + urllib.parse.urlencode({"query": documents}))
    graphs = sorted(r["d"]["value"] for r in json.loads(body)["results"]["bindings"])
    assert len(graphs) == 2
    _, _, body, _ = fetch(endpoint + "?" + urllib.parse.urlencode({"query": documents, "default-graph-uri": graphs[0]}))
    assert [r["d"]["value"] for r in json.loads(body)["results"]["bindings"]] == [graphs[0]]
    named = "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }"
    _, _, body, _ = fetch(endpoint + "?" + urllib.parse.urlencode({"query": named, "named-graph-uri": graphs[1]}))
    assert [r["g"]["value"] for r in json.loads(body)["results"]["bindings"]] == [graphs[1]]
    status, _, body, _ = fetch(endpoint + "?" + urllib.parse.urlencode({"query": named, "named-graph-uri": "not an iri"}))
    assert status == 400 and "IRI" in body
