"""A read-only SPARQL 1.1 Protocol endpoint over the store's published snapshots.

Our own small HTTP server over pyoxigraph rather than ``oxigraph serve-read-only``, which
executes SERVICE clauses and so makes outbound requests on a client's behalf. Here: queries
only (updates, LOAD and Graph Store writes are refused), no SERVICE, every query in a worker
process that is killed at its deadline, live data from the snapshots builds publish, CORS,
loopback by default. ``docs/reliability.md`` describes the design.
"""
from kg.serve.server import serve
from kg.serve.sparql import is_update, reaches_out

__all__ = ["serve", "is_update", "reaches_out"]
