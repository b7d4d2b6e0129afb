"""What a query may do and how its answer is written: the part of the endpoint that runs in
a query worker (``kg.serve.worker``) and needs no HTTP."""
from __future__ import annotations

import json
import re

import pyoxigraph as ox

from kg.store import DEFAULT_GRAPHS

#: An answer: HTTP status, content type, body.
Reply = tuple[int, str, bytes]
#: The protocol's default-graph-uri and named-graph-uri values (empty: the union graph).
Dataset = tuple[tuple[str, ...], tuple[str, ...]]

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


def refusal(query: str) -> Reply | None:
    """Why a query may not run here, or None."""
    if reaches_out(query):
        return 403, "text/plain", b"SERVICE and LOAD are not allowed: this endpoint reaches nothing outside.\n"
    if is_update(query):
        return READ_ONLY
    return None


def _pick(accept: str, offered: dict, default: str) -> str | None:
    if not accept or "*/*" in accept:
        return default
    for part in accept.split(","):
        kind = part.split(";")[0].strip()
        if kind in offered:
            return kind
    return None


class TooLarge(Exception):
    pass


class _Capped:
    """A file-like sink that refuses to grow past ``limit`` bytes, so a huge result stops
    being written as soon as it is too large (not after it has filled the memory)."""

    def __init__(self, limit: int):
        self.limit = limit
        self.parts: list[bytes] = []
        self.size = 0

    def write(self, data: bytes) -> int:
        self.size += len(data)
        if self.size > self.limit:
            raise TooLarge
        self.parts.append(bytes(data))
        return len(data)

    def flush(self) -> None:
        pass

    def getvalue(self) -> bytes:
        return b"".join(self.parts)


def execute(store: ox.Store, query: str, accept: str, max_bytes: int, dataset: Dataset = ((), ())) -> Reply:
    """Run one query (over the union graph, unless the request names its dataset) and write its
    answer in the type ``accept`` asks for."""
    defaults, named = dataset
    try:
        result = store.query(query, default_graph=[ox.NamedNode(g) for g in defaults] or DEFAULT_GRAPHS,
                             named_graphs=[ox.NamedNode(g) for g in named] or None)
    except ValueError as exc:
        return 400, "text/plain", f"Bad graph IRI in the request: {exc}\n".encode()
    except SyntaxError as exc:
        return 400, "text/plain", f"SPARQL syntax error: {exc}\n".encode()
    except OSError as exc:
        return 500, "text/plain", f"query failed: {exc}\n".encode()
    if isinstance(result, ox.QueryTriples):
        kind = _pick(accept, GRAPH_TYPES, "text/turtle")
        if kind is None:
            return 406, "text/plain", b"Not acceptable: use text/turtle or application/n-triples.\n"
        return _written(result, GRAPH_TYPES[kind], kind, max_bytes)
    kind = _pick(accept, RESULT_TYPES, "application/sparql-results+json")
    if kind is None:
        return 406, "text/plain", b"Not acceptable: use SPARQL JSON, XML, CSV or TSV results.\n"
    if isinstance(result, ox.QueryBoolean) and kind in ("text/csv", "text/tab-separated-values"):
        return 200, kind, (b"true\n" if bool(result) else b"false\n")
    if isinstance(result, ox.QueryBoolean) and "json" in kind:
        return 200, kind, json.dumps({"head": {}, "boolean": bool(result)}).encode()
    return _written(result, RESULT_TYPES[kind], kind, max_bytes)


def _written(result, form, kind: str, max_bytes: int) -> Reply:
    sink = _Capped(max_bytes)
    try:
        result.serialize(sink, format=form)
    except TooLarge:
        return 422, "text/plain", (f"The result is larger than this endpoint's limit of {_size(max_bytes)}: "
                                   f"add a LIMIT or ask for fewer variables.\n").encode()
    except OSError as exc:
        return 500, "text/plain", f"query failed: {exc}\n".encode()
    return 200, kind, sink.getvalue()


def _size(count: int) -> str:
    return f"{count / 2 ** 20:g} MiB" if count >= 2 ** 20 else f"{count} bytes"
