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
    started: float = field(default_factory=time.time)


def make_handler(pool: Pool, options: Options):
    class Handler(BaseHTTPRequestHandler):
        server_version = "kg-sparql/2"

        # -- answering -----------------------------------------------------------------
        def _send(self, reply: Reply, headers: dict[str, str] | None = None) -> None:
            status, kind, body = reply
            self.send_response(status)
            self.send_header("Content-Type", kind + ("; charset=utf-8" if kind.startswith("text/") else ""))
            self.send_header("Content-Length", str(len(body)))
            for name, value in {**self._cors(), **(headers or {})}.items():
                self.send_header(name, value)
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(body)
            self._logged(status, len(body))

        def _cors(self) -> dict[str, str]:
            origin = self.headers.get("Origin")
            if "*" in options.cors_origins:
                return {"Access-Control-Allow-Origin": "*"}
            if origin and origin in options.cors_origins:
                return {"Access-Control-Allow-Origin": origin, "Vary": "Origin"}
            return {"Vary": "Origin"}

        def _query(self, query: str) -> None:
            refused = refusal(query)
            if refused is not None:
                self._send(refused)
                return
            reply, headers = pool.run(query, self.headers.get("Accept", ""))
            self._send(reply, headers)

        def _from_params(self, params: dict, missing: Reply) -> None:
            if "update" in params:
                self._send(READ_ONLY)
            elif "query" not in params:
                self._send(missing)
            else:
                self._query(params["query"][0])

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
            if urlparse(self.path).path not in QUERY_PATHS:
                self._send((404, "text/plain", b"Not found: send queries to /query.\n"))
                return
            body = self._body()
            if body is None:
                return
            kind = (self.headers.get("Content-Type") or "").split(";")[0].strip()
            if kind == "application/sparql-update":
                self._send(READ_ONLY)
            elif kind == "application/sparql-query":
                self._query(body)
            elif kind == "application/x-www-form-urlencoded":
                self._from_params(parse_qs(body), (400, "text/plain", b"No query in the form.\n"))
            else:
                self._send((415, "text/plain", b"Use application/sparql-query or a form with query=.\n"))

        def do_OPTIONS(self) -> None:
            """A CORS preflight: which methods and headers a page on another origin may use."""
            self.began = time.monotonic()
            self.send_response(204)
            for name, value in self._cors().items():
                self.send_header(name, value)
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
            if length is None or not length.strip().isdigit():
                self._send((411, "text/plain", b"A POST needs a Content-Length.\n"))
                return None
            if int(length) > options.max_body:
                self.close_connection = True
                self._send((413, "text/plain", (f"The request body ({int(length)} bytes) is larger than this "
                                                f"endpoint's limit of {options.max_body} bytes.\n").encode()))
                return None
            return self.rfile.read(int(length)).decode("utf-8", errors="replace")

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
        def _logged(self, status: int, size: int) -> None:
            took = (time.monotonic() - getattr(self, "began", time.monotonic())) * 1000
            path = urlparse(self.path).path
            sys.stderr.write(f"{time.strftime('%Y-%m-%dT%H:%M:%S')} {self.client_address[0]} "
                             f"\"{self.command} {path}\" {status} {size} {took:.0f}ms\n")

        def log_request(self, code="-", size="-") -> None:
            pass  # _logged writes the one line per request, with its size and time

        def log_message(self, format: str, *args) -> None:  # noqa: A002 - the base class's name
            sys.stderr.write("%s %s - %s\n" % (time.strftime('%Y-%m-%dT%H:%M:%S'), self.address_string(),
                                               format % args))

    return Handler
