"""Run SPARQL against the store: bundled queries by name, .rq files, or text."""
from __future__ import annotations

import json
from pathlib import Path

import pyoxigraph as ox

from kg.config import Settings
from kg.errors import QueryError, UsageError
from kg.store import Store

FORMATS = ("table", "csv", "json", "tsv")


def bundled_queries(settings: Settings | None = None) -> dict[str, Path]:
    settings = settings or Settings()
    return {p.stem: p for p in sorted(settings.queries_dir.glob("*.rq"))}


def resolve_query(query: str, settings: Settings | None = None) -> str:
    """QUERY is the name of a bundled query, a path to a .rq file, or SPARQL text."""
    bundled = bundled_queries(settings)
    if query in bundled:
        return bundled[query].read_text(encoding="utf-8")
    if query.endswith(".rq") or (len(query) < 250 and "\n" not in query and Path(query).is_file()):
        path = Path(query)
        if not path.is_file():
            raise UsageError(f"{query}: no such query file")
        return path.read_text(encoding="utf-8")
    if not any(word in query.upper() for word in ("SELECT", "CONSTRUCT", "ASK", "DESCRIBE")):
        names = ", ".join(bundled)
        raise UsageError(f"{query!r} is not SPARQL, a .rq file or a bundled query ({names})")
    return query


def _plain(term) -> str:
    if term is None:
        return ""
    return term.value if hasattr(term, "value") else str(term)


def run_query(store: Store, sparql: str, fmt: str = "table") -> str:
    """Run ``sparql`` and format the answer; json is the W3C SPARQL 1.1 results JSON."""
    if fmt not in FORMATS:
        raise UsageError(f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}")
    result = store.query(sparql)
    if isinstance(result, ox.QueryBoolean):
        if fmt == "json":
            return json.dumps({"head": {}, "boolean": bool(result)})
        return "true" if result else "false"
    if isinstance(result, ox.QueryTriples):
        formats = {"json": ox.RdfFormat.N_TRIPLES, "csv": ox.RdfFormat.N_TRIPLES,
                   "tsv": ox.RdfFormat.N_TRIPLES, "table": ox.RdfFormat.TURTLE}
        return result.serialize(format=formats[fmt]).decode("utf-8")
    variables = [v.value for v in result.variables]
    if fmt in {"json", "csv", "tsv"}:
        formats = {"json": ox.QueryResultsFormat.JSON, "csv": ox.QueryResultsFormat.CSV,
                   "tsv": ox.QueryResultsFormat.TSV}
        return result.serialize(format=formats[fmt]).decode("utf-8")
    rows = [[_plain(solution[v]) for v in variables] for solution in result]
    return format_table(variables, rows)


def select_rows(store: Store, sparql: str) -> list[dict[str, str]]:
    """SELECT answers as plain dicts (for tests and library users)."""
    result = store.query(sparql)
    if not isinstance(result, ox.QuerySolutions):
        raise QueryError("not a SELECT query")
    variables = [v.value for v in result.variables]
    return [{v: _plain(s[v]) for v in variables} for s in result]


def format_table(headers: list[str], rows: list[list[str]]) -> str:
    if not rows:
        return "(no results)"
    widths = [min(60, max(len(h), *(len(r[i]) for r in rows))) for i, h in enumerate(headers)]

    def cut(text: str, width: int) -> str:
        text = " ".join(text.split())
        return text if len(text) <= width else text[: width - 1] + "…"

    lines = [" | ".join(h.ljust(w) for h, w in zip(headers, widths)),
             "-+-".join("-" * w for w in widths)]
    for row in rows:
        lines.append(" | ".join(cut(c, w).ljust(w) for c, w in zip(row, widths)))
    lines.append(f"({len(rows)} rows)")
    return "\n".join(lines)
