"""A read-only SPARQL 1.1 Protocol endpoint over the store.

Our own small HTTP server over pyoxigraph rather than ``oxigraph serve-read-only``, which
executes SERVICE clauses and so makes outbound requests on a client's behalf. Here:
queries only (updates, LOAD and Graph Store writes are refused), no SERVICE, a time limit on
every query, loopback by default.
"""
from __future__ import annotations

import json
import re
import sys
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as QueryTimeout
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pyoxigraph as ox

from kg.errors import StoreError, UsageError
from kg.store import DEFAULT_GRAPHS

RESULT_TYPES = {
    "application/sparql-results+json": ox.QueryResultsFormat.JSON,
    "application/json": ox.QueryResultsFormat.JSON,
    "text/csv": ox.QueryResultsFormat.CSV,
    "text/tab-separated-values": ox.QueryResultsFormat.TSV,
    "application/sparql-results+xml": ox.QueryResultsFormat.XML,
}
GRAPH_TYPES = {
    "text/turtle": ox.RdfFormat.TURTLE,
    "application/n-triples": ox.RdfFormat.N_TRIPLES,
    "application/ld+json": ox.RdfFormat.JSON_LD,
    "application/rdf+xml": ox.RdfFormat.RDF_XML,
}

READ_ONLY = (403, "text/plain", b"This endpoint is read-only: updates are refused.\n")
_STRINGS = re.compile(r'"""[\s\S]*?"""|\'\'\'[\s\S]*?\'\'\'|"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\'|<[^<>"{}|^`\s]*>')
_COMMENT = re.compile(r"#[^\n]*")


def reaches_out(query: str) -> bool:
    """Whether a query asks for SERVICE (federation) or LOAD. Strings, IRIs and comments are
    blanked first, so only the keywords themselves count; a false alarm only refuses."""
    text = _STRINGS.sub(" ", query)
    text = _COMMENT.sub(" ", text)
    return re.search(r"(?<![\w?$:])(SERVICE|LOAD)(?![\w:])", text, re.IGNORECASE) is not None


def is_update(query: str) -> bool:
    text = _COMMENT.sub(" ", _STRINGS.sub(" ", query))
    return re.search(r"(?<![\w?$:])(INSERT|DELETE|LOAD|CLEAR|CREATE|DROP|COPY|MOVE|ADD)(?![\w:])", text,
                     re.IGNORECASE) is not None and not re.search(r"(?<![\w?$:])(SELECT|CONSTRUCT|ASK|DESCRIBE)(?![\w:])",
                                                                  text, re.IGNORECASE)


def _pick(accept: str, offered: dict, default: str) -> str | None:
    if not accept or "*/*" in accept:
        return default
    for part in accept.split(","):
        kind = part.split(";")[0].strip()
        if kind in offered:
            return kind
    return None


class Endpoint:
    def __init__(self, store_path: Path, timeout: float = 10.0, workers: int = 4):
        if not Path(store_path).is_dir():
            raise UsageError(f"{store_path}: no such store; build one first with: kg build PATH --store {store_path}")
        try:
            self.store = ox.Store.read_only(str(store_path))
        except OSError as exc:
            raise StoreError(f"{store_path}: cannot open the store read-only ({exc})") from exc
        self.timeout = timeout
        self.pool = ThreadPoolExecutor(workers)

    def answer(self, query: str, accept: str) -> tuple[int, str, bytes]:
        if reaches_out(query):
            return 403, "text/plain", b"SERVICE and LOAD are not allowed: this endpoint reaches nothing outside.\n"
        if is_update(query):
            return READ_ONLY
        future = self.pool.submit(self._run, query, accept)
        try:
            return future.result(timeout=self.timeout)
        except QueryTimeout:
            return 503, "text/plain", f"The query took longer than {self.timeout:g} s and was abandoned.\n".encode()

    def _run(self, query: str, accept: str) -> tuple[int, str, bytes]:
        try:
            result = self.store.query(query, default_graph=DEFAULT_GRAPHS)
        except SyntaxError as exc:
            return 400, "text/plain", f"SPARQL syntax error: {exc}\n".encode()
        except OSError as exc:
            return 500, "text/plain", f"query failed: {exc}\n".encode()
        if isinstance(result, ox.QueryTriples):
            kind = _pick(accept, GRAPH_TYPES, "text/turtle")
            if kind is None:
                return 406, "text/plain", b"Not acceptable: use text/turtle or application/n-triples.\n"
            return 200, kind, result.serialize(format=GRAPH_TYPES[kind])
        kind = _pick(accept, RESULT_TYPES, "application/sparql-results+json")
        if kind is None:
            return 406, "text/plain", b"Not acceptable: use SPARQL JSON, XML, CSV or TSV results.\n"
        if isinstance(result, ox.QueryBoolean) and kind in ("text/csv", "text/tab-separated-values"):
            return 200, kind, (b"true\n" if bool(result) else b"false\n")
        if isinstance(result, ox.QueryBoolean):
            body = json.dumps({"head": {}, "boolean": bool(result)}).encode() if "json" in kind else \
                result.serialize(format=RESULT_TYPES[kind])
            return 200, kind, body
        return 200, kind, result.serialize(format=RESULT_TYPES[kind])


def make_handler(endpoint: Endpoint):
    class Handler(BaseHTTPRequestHandler):
        server_version = "kg-sparql/1"

        def _send(self, status: int, kind: str, body: bytes) -> None:
            self.send_response(status)
            self.send_header("Content-Type", kind + ("; charset=utf-8" if kind.startswith("text/") else ""))
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Access-Control-Allow-Origin", "*")
            self.end_headers()
            self.wfile.write(body)

        def _path_ok(self) -> bool:
            path = urlparse(self.path).path
            if path not in ("/query", "/sparql", "/"):
                self._send(404, "text/plain", b"Not found: send queries to /query.\n")
                return False
            return True

        def _from_params(self, params: dict, missing: tuple) -> tuple:
            if "update" in params:
                return READ_ONLY
            if "query" not in params:
                return missing
            return endpoint.answer(params["query"][0], self.headers.get("Accept", ""))

        def do_GET(self) -> None:
            if self._path_ok():
                params = parse_qs(urlparse(self.path).query)
                self._send(*self._from_params(params, (200, "text/plain", b"kg SPARQL endpoint: GET or POST a query to /query.\n")))

        def do_POST(self) -> None:
            if not self._path_ok():
                return
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length).decode("utf-8", errors="replace")
            kind = (self.headers.get("Content-Type") or "").split(";")[0].strip()
            if kind == "application/sparql-update":
                self._send(*READ_ONLY)
            elif kind == "application/sparql-query":
                self._send(*endpoint.answer(body, self.headers.get("Accept", "")))
            elif kind == "application/x-www-form-urlencoded":
                self._send(*self._from_params(parse_qs(body), (400, "text/plain", b"No query in the form.\n")))
            else:
                self._send(415, "text/plain", b"Use application/sparql-query or a form with query=.\n")

        def _refuse(self) -> None:
            self._send(405, "text/plain", b"This endpoint is read-only: only GET and POST queries.\n")

        do_PUT = do_DELETE = do_PATCH = _refuse

        def log_message(self, format: str, *args) -> None:  # noqa: A002 - the base class's name
            sys.stderr.write("%s - %s\n" % (self.address_string(), format % args))

    return Handler


def serve(store_path: Path, host: str = "127.0.0.1", port: int = 7878, timeout: float = 10.0) -> None:
    endpoint = Endpoint(store_path, timeout)
    server = ThreadingHTTPServer((host, port), make_handler(endpoint))
    print(f"serving {store_path} read-only at http://{host}:{server.server_address[1]}/query", file=sys.stderr,
          flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
