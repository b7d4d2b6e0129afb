"""Push the store's document graphs to any SPARQL 1.1 Graph Store Protocol endpoint.

Each document's named graph is PUT (which replaces it) at ``ENDPOINT?graph=IRI``. Graphs
that a rebuild replaced are DELETEd there, so a changed document's old facts go too. What has
been pushed to each endpoint is remembered beside the store, so a second push sends only what
changed.
"""
from __future__ import annotations

import json
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from kg.errors import KGError
from kg.export.io import write_atomic
from kg.store import Store, removed_graphs

STATE_FILE = "kg-push-state.json"


class PushError(KGError):
    """The endpoint refused or could not be reached."""


@dataclass
class PushReport:
    sent: int = 0
    deleted: int = 0
    unchanged: int = 0

    def summary(self) -> str:
        return f"{self.sent} graphs sent, {self.deleted} deleted, {self.unchanged} already there"


def _request(method: str, url: str, body: bytes | None = None, kind: str | None = None, timeout: float = 60):
    request = urllib.request.Request(url, data=body, method=method, headers={"Content-Type": kind} if kind else {})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status
    except urllib.error.HTTPError as err:
        return err.code
    except (urllib.error.URLError, OSError) as err:
        raise PushError(f"{url}: cannot reach the endpoint ({getattr(err, 'reason', err)})") from err


def _graph_url(endpoint: str, graph: str) -> str:
    joiner = "&" if "?" in endpoint else "?"
    return f"{endpoint}{joiner}{urllib.parse.urlencode({'graph': graph})}"


def push(store: Store, endpoint: str, state_dir: Path | None = None) -> PushReport:
    state_path = Path(state_dir or store.path) / STATE_FILE
    state = json.loads(state_path.read_text(encoding="utf-8")) if state_path.is_file() else {}
    pushed: set[str] = set(state.get(endpoint, []))
    report = PushReport()
    current = sorted(store.document_graphs())
    for graph in sorted(set(removed_graphs(store)) - set(current)):
        if graph in pushed or graph not in state.get("_deleted:" + endpoint, []):
            status = _request("DELETE", _graph_url(endpoint, graph))
            if status not in (200, 204, 404):
                raise PushError(f"{endpoint}: deleting {graph} was refused (HTTP {status})")
            if status != 404:
                report.deleted += 1
            pushed.discard(graph)
            state.setdefault("_deleted:" + endpoint, []).append(graph)
    for graph in current:
        if graph in pushed:
            report.unchanged += 1
            continue
        body = store.oxigraph.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.NamedNode(graph))
        status = _request("PUT", _graph_url(endpoint, graph), body, "application/n-triples")
        if status not in (200, 201, 204):
            raise PushError(f"{endpoint}: storing {graph} was refused (HTTP {status})")
        pushed.add(graph)
        report.sent += 1
        state[endpoint] = sorted(pushed)
    state[endpoint] = sorted(pushed)
    write_atomic(state_path, json.dumps(state, indent=1))
    return report
