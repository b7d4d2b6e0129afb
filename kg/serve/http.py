"""The HTTP side of the endpoint: the SPARQL 1.1 Protocol on /query, CORS, /health, limits on
what a request may send, and one access-log line per request on stderr."""
from __future__ import annotations

import json
import sys
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler
from urllib.parse import parse_qs, urlparse

from kg.serve.pool import Pool
from kg.serve.sparql import READ_ONLY, Reply, refusal

QUERY_PATHS = ("/query", "/sparql", "/")
_SD = "http://www.w3.org/ns/sparql-service-description#"


@dataclass
class Options:
    max_body: int = 1024 * 1024
    cors_origins: tuple[str, ...] = ("*",)
    idle_timeout: float = 30.0
    started: float = field(default_factory=time.time)


def make_handler(pool: Pool, options: Options):
    class Handler(BaseHTTPRequestHandler):
        server_version = "kg-sparql/2"
        #: Seconds a client may leave the connection silent (a request line, headers or a body
        #: that never come); then the connection is closed and its thread is free.
        timeout = options.idle_timeout

        # -- answering -----------------------------------------------------------------
        def _send(self, reply: Reply, headers: dict[str, str] | None = None) -> None:
            status, kind, body = reply
            try:
                self.send_response(status)
                self.send_header("Content-Type", kind + ("; charset=utf-8" if kind.startswith("text/") else ""))
                self.send_header("Content-Length", str(len(body)))
                for name, value in (headers or {}).items():
                    self.send_header(name, value)
                self.end_headers()
                if self.command != "HEAD":
                    self.wfile.write(body)
            except (BrokenPipeError, ConnectionResetError, TimeoutError):
                self.close_connection = True
                self._logged(status, 0, note=" (client gone)")
                return
            self._logged(status, len(body))

        def end_headers(self) -> None:
            """Every answer, error pages of the base class included, carries the CORS headers."""
            for name, value in self._cors().items():
                self.send_header(name, value)
            super().end_headers()

        def _cors(self) -> dict[str, str]:
            origin = self.headers.get("Origin") if self.headers else None
            if "*" in options.cors_origins:
                allowed = {"Access-Control-Allow-Origin": "*"}
            elif origin and origin in options.cors_origins:
                allowed = {"Access-Control-Allow-Origin": origin, "Vary": "Origin"}
            else:
                return {"Vary": "Origin"}
            return {**allowed, "Access-Control-Expose-Headers": "Retry-After"}

        def _query(self, query: str, params: dict) -> None:
            refused = refusal(query)
            if refused is not None:
                self._send(refused)
                return
            dataset = (tuple(params.get("default-graph-uri", ())), tuple(params.get("named-graph-uri", ())))
            try:
                reply, headers = pool.run(query, self.headers.get("Accept", ""), dataset)
            except Exception as exc:  # noqa: BLE001 - the client gets an answer whatever went wrong
                reply, headers = (500, "text/plain", f"query failed: {exc}\n".encode()), {}
            self._send(reply, headers)

        def _from_params(self, params: dict, missing: Reply) -> None:
            if "update" in params:
                self._send(READ_ONLY)
            elif "query" not in params:
                self._send(missing)
            else:
                self._query(params["query"][0], params)

        # -- methods -------------------------------------------------------------------
        def do_GET(self) -> None:
            self.began = time.monotonic()
            url = urlparse(self.path)
            if url.path == "/health":
                self._send(self._health())
            elif url.path not in QUERY_PATHS:
                self._send((404, "text/plain", b"Not found: send queries to /query.\n"))
            else:
                self._from_params(parse_qs(url.query), self._description())

        do_HEAD = do_GET

        def do_POST(self) -> None:
            self.began = time.monotonic()
            body = self._body()
            if body is None:
                return
            url = urlparse(self.path)
            if url.path not in QUERY_PATHS:
                self._send((404, "text/plain", b"Not found: send queries to /query.\n"))
                return
            kind = (self.headers.get("Content-Type") or "").split(";")[0].strip()
            if kind == "application/sparql-update":
                self._send(READ_ONLY)
            elif kind == "application/sparql-query":
                self._query(body, parse_qs(url.query))
            elif kind == "application/x-www-form-urlencoded":
                self._from_params(parse_qs(body), (400, "text/plain", b"No query in the form.\n"))
            else:
                self._send((415, "text/plain", b"Use application/sparql-query or a form with query=.\n"))

        def do_OPTIONS(self) -> None:
            """A CORS preflight: which methods and headers a page on another origin may use."""
            self.began = time.monotonic()
            self.send_response(204)
            self.send_header("Access-Control-Allow-Methods", "GET, POST, OPTIONS")
            asked = self.headers.get("Access-Control-Request-Headers")
            self.send_header("Access-Control-Allow-Headers", asked or "Content-Type, Accept")
            self.send_header("Access-Control-Max-Age", "600")
            self.send_header("Content-Length", "0")
            self.end_headers()
            self._logged(204, 0)

        def _refuse(self) -> None:
            self.began = time.monotonic()
            self._send((405, "text/plain", b"This endpoint is read-only: only GET and POST queries.\n"),
                       {"Allow": "GET, POST, OPTIONS"})

        do_PUT = do_DELETE = do_PATCH = _refuse

        def _body(self) -> str | None:
            length = self.headers.get("Content-Length")
            if length is None:
                self._send((411, "text/plain", b"A POST needs a Content-Length.\n"))
                return None
            if not length.strip().isdigit():
                self._send((400, "text/plain", b"The Content-Length is not a number of bytes.\n"))
                return None
            size = int(length)
            if size > options.max_body:
                self.close_connection = True
                self._discard(size)  # a client still sending would not see the answer otherwise
                self._send((413, "text/plain", (f"The request body ({size} bytes) is larger than this "
                                                f"endpoint's limit of {options.max_body} bytes.\n").encode()))
                return None
            try:
                return self.rfile.read(size).decode("utf-8", errors="replace")
            except TimeoutError:
                self.close_connection = True
                return None

        def _discard(self, size: int) -> None:
            """Read and drop a refused body, up to a bound; past it the connection just closes."""
            left = min(size, 16 * options.max_body)
            try:
                while left > 0:
                    chunk = self.rfile.read(min(left, 65536))
                    if not chunk:
                        return
                    left -= len(chunk)
            except (TimeoutError, ConnectionResetError):
                return

        # -- describing ----------------------------------------------------------------
        def _health(self) -> Reply:
            stats = pool.stats()
            body = {"status": "ok" if stats.snapshot else "waiting", "snapshot": stats.snapshot,
                    "workers": {"busy": stats.busy, "idle": stats.idle, "max": stats.size},
                    "queries": {"answered": stats.answered, "stopped": stats.killed, "refused": stats.refused},
                    "timeout": pool.timeout, "uptime": round(time.time() - options.started, 1)}
            return (200 if stats.snapshot else 503), "application/json", json.dumps(body).encode()

        def _description(self) -> Reply:
            """A SPARQL service description (Turtle) for a GET without a query."""
            host = self.headers.get("Host") or "localhost"
            endpoint = f"http://{host}{urlparse(self.path).path}"
            formats = ["SPARQL_Results_JSON", "SPARQL_Results_XML", "SPARQL_Results_CSV", "SPARQL_Results_TSV",
                       "Turtle", "N-Triples"]
            text = (f"@prefix sd: <{_SD}> .\n"
                    f"[] a sd:Service ;\n  sd:endpoint <{endpoint}> ;\n"
                    f"  sd:supportedLanguage sd:SPARQL11Query ;\n"
                    + "".join(f"  sd:resultFormat <http://www.w3.org/ns/formats/{f}> ;\n" for f in formats)
                    + "  sd:feature sd:UnionDefaultGraph .\n")
            return 200, "text/turtle", text.encode()

        # -- logging -------------------------------------------------------------------
        def _logged(self, status: int, size: int, note: str = "") -> None:
            took = (time.monotonic() - getattr(self, "began", time.monotonic())) * 1000
            path = urlparse(self.path).path if getattr(self, "path", None) else "-"
            sys.stderr.write(f"{time.strftime('%Y-%m-%dT%H:%M:%S')} {self.client_address[0]} "
                             f"\"{getattr(self, 'command', None) or '-'} {path}\" {status} {size} {took:.0f}ms{note}\n")

        def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
            """The base class's error pages (a bad request line, a URL too long, an unknown
            method) get the same access-log line as every other answer."""
            self.began = getattr(self, "began", time.monotonic())
            super().send_error(code, message, explain)
            self._logged(code, 0)

        def log_request(self, code="-", size="-") -> None:
            pass  # _logged writes the one line per request, with its size and time

        def log_error(self, format: str, *args) -> None:  # noqa: A002 - the base class's name
            pass  # send_error logs the answer; a silent client timing out is not an error

        def log_message(self, format: str, *args) -> None:  # noqa: A002 - the base class's name
            sys.stderr.write("%s %s - %s\n" % (time.strftime('%Y-%m-%dT%H:%M:%S'), self.address_string(),
                                               format % args))

    return Handler
