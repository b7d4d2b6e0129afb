"""Serialise the store: Turtle (asserted facts, evidence by a flag), TriG, N-Quads, JSON-LD."""
from __future__ import annotations

import pyoxigraph as ox
from rdflib import RDFS, SKOS, Graph

from kg.namespaces import ONTOLOGY_NS
from kg.rdf import PREFIXES, bind_prefixes
from kg.rdf.terms import rdflib_term
from kg.store import ONTOLOGY_GRAPH_IRI, SPECIAL_GRAPHS, UNION_GRAPH_IRI, Store

FORMATS = ("turtle", "ntriples", "trig", "nquads", "jsonld")
#: Up to this many triples a Turtle export is laid out for reading; beyond, Oxigraph writes it fast.
PRETTY_LIMIT = 200_000
_TURTLE_PREFIXES = {k: v for k, v in PREFIXES.items() if k != "id"}

# What the documents say: the union graph without the ontology's own triples (kept there for
# queries), and without evidence records unless asked for.
_FACTS = f"""
PREFIX kg: <{ONTOLOGY_NS}>
SELECT ?s ?p ?o WHERE {{
  GRAPH <{UNION_GRAPH_IRI}> {{ ?s ?p ?o }}
  FILTER NOT EXISTS {{ GRAPH <{UNION_GRAPH_IRI}> {{ ?s a kg:Evidence }} }}
  FILTER NOT EXISTS {{ GRAPH <{ONTOLOGY_GRAPH_IRI}> {{ ?s ?p ?o }} }}
}}
"""
_UNION = f"""
SELECT ?s ?p ?o WHERE {{ GRAPH <{UNION_GRAPH_IRI}> {{ ?s ?p ?o }}
  FILTER NOT EXISTS {{ GRAPH <{ONTOLOGY_GRAPH_IRI}> {{ ?s ?p ?o }} }} }}
"""
_DOCUMENT_QUADS = f"""
SELECT ?s ?p ?o ?g WHERE {{ GRAPH ?g {{ ?s ?p ?o }}
  FILTER({" && ".join(f"?g != <{g}>" for g in SPECIAL_GRAPHS)}) }}
"""


def one_label(graph: Graph) -> Graph:
    """Across documents an entity may carry two spellings as rdfs:label; keep the most used
    (then the shortest, then the first in order) and make the others skos:altLabel."""
    for node in set(graph.subjects(RDFS.label, None)):
        labels = sorted(graph.objects(node, RDFS.label), key=str)
        if len(labels) < 2:
            continue
        keep = labels[0]
        for label in labels[1:]:
            graph.remove((node, RDFS.label, label))
            graph.add((node, SKOS.altLabel, label))
        graph.remove((node, SKOS.altLabel, keep))
    return graph


def facts_graph(store: Store, evidence: bool = False) -> Graph:
    """The union of all document graphs, as one rdflib Graph."""
    graph = bind_prefixes(Graph())
    query = _UNION if evidence else _FACTS
    for row in store.oxigraph.query(query):
        graph.add((rdflib_term(row["s"]), rdflib_term(row["p"]), rdflib_term(row["o"])))
    return one_label(graph)


_ONE_LABEL = """
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
DELETE { ?s rdfs:label ?l } INSERT { ?s skos:altLabel ?l }
WHERE { ?s rdfs:label ?l . ?s rdfs:label ?k FILTER(STR(?k) < STR(?l)) }
"""


def _facts_store(store: Store, evidence: bool) -> ox.Store:
    """The union of the document graphs in a scratch store, one rdfs:label per entity."""
    query = (_UNION if evidence else _FACTS).replace("SELECT ?s ?p ?o WHERE", "CONSTRUCT { ?s ?p ?o } WHERE", 1)
    scratch = ox.Store()
    scratch.bulk_extend(ox.Quad(t.subject, t.predicate, t.object) for t in store.oxigraph.query(query))
    scratch.update(_ONE_LABEL)
    return scratch


def turtle(store: Store, evidence: bool = False) -> bytes:
    """The union of the document graphs as Turtle, by Oxigraph's own serialiser (seconds for a
    million triples). As in ``one_label``, an entity spelled two ways keeps one rdfs:label."""
    scratch = _facts_store(store, evidence)
    if len(scratch) <= PRETTY_LIMIT and not any(_breaks_rdflib(q.object) for q in scratch):
        # Small enough to read: rdflib groups each subject's statements and sorts them.
        graph = bind_prefixes(Graph())
        for quad in scratch:
            graph.add((rdflib_term(quad.subject), rdflib_term(quad.predicate), rdflib_term(quad.object)))
        return graph.serialize(format="turtle").encode("utf-8")
    return scratch.dump(format=ox.RdfFormat.TURTLE, from_graph=ox.DefaultGraph(), prefixes=_TURTLE_PREFIXES)


def _breaks_rdflib(term) -> bool:
    """rdflib 7 writes a literal with a line break that ends in a quote after a backslash in
    triple quotes it cannot close (``\\"`` then the closing quotes): no parser reads it back."""
    return isinstance(term, ox.Literal) and "\n" in term.value and term.value.endswith('"')


def ntriples(store: Store, evidence: bool = False) -> bytes:
    """The same triples as ``turtle``, one per line, sorted (a diff of two exports is readable)."""
    lines = _facts_store(store, evidence).dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.DefaultGraph())
    return b"".join(sorted(lines.splitlines(keepends=True)))


def serialise(store: Store, fmt: str, evidence: bool = False) -> bytes:
    if fmt == "turtle":
        return turtle(store, evidence)
    if fmt == "ntriples":
        return ntriples(store, evidence)
    if fmt == "jsonld":
        return facts_graph(store, evidence=True).serialize(format="json-ld", indent=1).encode("utf-8")
    if fmt == "trig":
        quads = store.oxigraph.query(_DOCUMENT_QUADS)
        scratch = ox.Store()
        scratch.bulk_extend(ox.Quad(r["s"], r["p"], r["o"], r["g"]) for r in quads)
        return scratch.dump(format=ox.RdfFormat.TRIG, prefixes=_TURTLE_PREFIXES)
    if fmt == "nquads":
        # Split at line feeds only: str.splitlines() would also cut at U+2028 inside a literal.
        lines = store.oxigraph.dump(format=ox.RdfFormat.N_QUADS).decode("utf-8").split("\n")
        keep = [line for line in lines if line and not line.rstrip().endswith(tuple(f"<{g}> ." for g in SPECIAL_GRAPHS))]
        return ("\n".join(sorted(keep)) + "\n").encode("utf-8")
    raise ValueError(f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}")
