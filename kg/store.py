"""The store: embedded Oxigraph on disk (or in memory), one named graph per document."""
from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from kg.errors import QueryError, StoreError
from kg.namespaces import ONTOLOGY_NS
from kg.rdffiles import read_triples

ONTOLOGY_GRAPH_IRI = ONTOLOGY_NS.rstrip("#")
#: A graph of the store's own bookkeeping (graphs a rebuild removed), kept out of exports.
BOOKKEEPING_GRAPH_IRI = ONTOLOGY_NS.rstrip("#") + "/bookkeeping"
REMOVED = ONTOLOGY_NS + "removedGraph"
#: Every triple of every document graph and of the ontology, once: the default graph that
#: queries see. Named graphs repeat what several documents say; a union of them would repeat
#: answers too.
UNION_GRAPH_IRI = ONTOLOGY_NS.rstrip("#") + "/union"
#: Graphs that are not documents.
SPECIAL_GRAPHS = (ONTOLOGY_GRAPH_IRI, BOOKKEEPING_GRAPH_IRI, UNION_GRAPH_IRI)
MEMORY = ":memory:"

_DOCUMENTS_QUERY = f"""
PREFIX kg: <{ONTOLOGY_NS}>
SELECT ?g ?hash ?source WHERE {{ GRAPH ?g {{ ?g a kg:Document ; kg:contentHash ?hash ; kg:source ?source }} }}
"""


@dataclass(frozen=True)
class StoredDocument:
    graph: str
    doc_id: str
    source: str


class Store:
    """A thin wrapper over ``pyoxigraph.Store``: queries see the union of all graphs."""

    def __init__(self, path: Path | str = MEMORY, read_only: bool = False):
        self.path = str(path)
        self.read_only = read_only
        try:
            if self.path == MEMORY:
                self._store = ox.Store()
            elif read_only:
                self._store = self._open_read_only()
            else:
                Path(self.path).mkdir(parents=True, exist_ok=True)
                self._store = ox.Store(self.path)
        except (OSError, RuntimeError) as exc:
            message = " ".join(str(exc).split())
            raise StoreError(f"{self.path}: cannot open the store ({message}); is another kg process using it?") from exc

    def _open_read_only(self, attempts: int = 5) -> ox.Store:
        """A reader beside a running build may catch the writer between files (a compaction has
        just replaced the ones it lists); it tries again a few times."""
        for attempt in range(1, attempts):
            try:
                return ox.Store.read_only(self.path)
            except (OSError, RuntimeError):
                time.sleep(0.1 * attempt)
        return ox.Store.read_only(self.path)

    def close(self) -> None:
        """Let go of the store (and its lock); Oxigraph closes it when the last reference goes."""
        if self._store is not None and self.path != MEMORY and not self.read_only:
            self._store.flush()
        self._store = None

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    @property
    def oxigraph(self) -> ox.Store:
        return self._store

    # -- documents ---------------------------------------------------------------------
    def documents(self) -> list[StoredDocument]:
        return [StoredDocument(row["g"].value, row["hash"].value, row["source"].value)
                for row in self._store.query(_DOCUMENTS_QUERY)]

    def replace_document(self, graph_iri: str, ntriples: str, old_graphs: list[str] = (), new: bool = False) -> None:
        """Drop ``old_graphs`` and write the new graph in one transaction; the dropped graphs are
        remembered (in a bookkeeping graph) so that ``kg push`` can remove them elsewhere too.
        ``new``: the caller knows ``graph_iri`` is not in the store (a build writing a document
        it has not seen), so there is nothing of it to withdraw first (a fifth of the write)."""
        again = [] if new else [graph_iri]
        drops = " ; ".join(f"{_withdraw(g)} ; DROP SILENT GRAPH <{g}>" for g in [*old_graphs, *again])
        removed = "".join(f"<{g}> <{REMOVED}> true .\n" for g in old_graphs)
        update = f"{drops + ' ; ' if drops else ''}INSERT DATA {{ GRAPH <{graph_iri}> {{\n{ntriples}\n}} "
        update += f"GRAPH <{UNION_GRAPH_IRI}> {{\n{ntriples}\n}} "
        update += f"GRAPH <{BOOKKEEPING_GRAPH_IRI}> {{ {removed} }} }}" if removed else "}"
        try:
            self._store.update(update)
        except (SyntaxError, OSError) as exc:
            raise StoreError(f"{self.path}: could not write graph {graph_iri}: {exc}") from exc

    def ensure_union(self) -> None:
        """A store written before the union graph existed gets it now (call before
        ``ensure_ontology``, which adds the ontology's triples to it)."""
        if any(True for _ in self._store.quads_for_pattern(None, None, None, ox.NamedNode(UNION_GRAPH_IRI))):
            return
        skip = " && ".join(f"?g != <{g}>" for g in (UNION_GRAPH_IRI, BOOKKEEPING_GRAPH_IRI))
        self._store.update(f"INSERT {{ GRAPH <{UNION_GRAPH_IRI}> {{ ?s ?p ?o }} }} "
                           f"WHERE {{ GRAPH ?g {{ ?s ?p ?o }} FILTER({skip}) }}")

    def ensure_ontology(self, ontology_file: Path, extensions: list[Path] = ()) -> None:
        """Keep the ontology (and any extensions of it) in its own graph, and in the union graph
        that queries see, so that they can follow rdfs:subClassOf. The files are parsed first
        (fetching nothing), then swapped in with one update."""
        triples = {t for path in (ontology_file, *extensions) for t in read_triples(path)}
        statements = "\n".join(f"{t} ." for t in triples)
        self._store.update(f"{_withdraw(ONTOLOGY_GRAPH_IRI)} ; DROP SILENT GRAPH <{ONTOLOGY_GRAPH_IRI}> ; "
                           f"INSERT DATA {{ GRAPH <{ONTOLOGY_GRAPH_IRI}> {{\n{statements}\n}} "
                           f"GRAPH <{UNION_GRAPH_IRI}> {{\n{statements}\n}} }}")

    # -- reading -----------------------------------------------------------------------
    def query(self, sparql: str):
        try:
            return self._store.query(sparql, default_graph=DEFAULT_GRAPHS)
        except SyntaxError as exc:
            raise QueryError(f"SPARQL syntax error: {exc}") from exc
        except OSError as exc:
            raise QueryError(f"query failed: {exc}") from exc

    def document_graphs(self) -> list[str]:
        return [d.graph for d in self.documents()]

    def __len__(self) -> int:
        return len(self._store)

    def flush(self) -> None:
        if self.path != MEMORY:
            self._store.flush()

    def publish_snapshot(self) -> Path | None:
        """Publish what is committed now as the newest snapshot for readers (``kg.snapshots``);
        nothing for a store in memory or opened read-only."""
        if self.path == MEMORY or self.read_only:
            return None
        from kg.snapshots import publish

        try:
            return publish(self._store, self.path)
        except OSError as exc:
            raise StoreError(f"{self.path}: could not publish a snapshot for readers ({exc})") from exc


def _withdraw(graph: str) -> str:
    """An update that takes a graph's triples (a document's, or the ontology's) out of the
    union graph, unless another document or the ontology states them too."""
    others = " && ".join(f"?other != <{g}>" for g in dict.fromkeys((graph, UNION_GRAPH_IRI, BOOKKEEPING_GRAPH_IRI)))
    return (f"DELETE {{ GRAPH <{UNION_GRAPH_IRI}> {{ ?s ?p ?o }} }} WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} "
            f"FILTER NOT EXISTS {{ GRAPH ?other {{ ?s ?p ?o }} FILTER({others}) }} }}")


#: What a query sees without GRAPH: the union graph, which holds every triple of the documents
#: and of the ontology once. (One graph: a default graph of two makes joins look in both.)
DEFAULT_GRAPHS = [ox.NamedNode(UNION_GRAPH_IRI)]



def removed_graphs(store: Store) -> list[str]:
    """Document graphs that rebuilds replaced, oldest first."""
    query = f"SELECT ?g WHERE {{ GRAPH <{BOOKKEEPING_GRAPH_IRI}> {{ ?g <{REMOVED}> true }} }}"
    return [row["g"].value for row in store.oxigraph.query(query)]
