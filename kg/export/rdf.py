"""Serialise the store: Turtle (asserted facts, evidence by a flag), TriG, N-Quads, JSON-LD."""
from __future__ import annotations

from collections.abc import Iterator
from itertools import chain, islice

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
_PREFIXES = f"""PREFIX kg: <{ONTOLOGY_NS}>
PREFIX rdfs: <{RDFS}>
PREFIX skos: <{SKOS}>
"""


def _facts_pattern(evidence: bool) -> str:
    """What the documents say: the union graph without the ontology's own triples (kept there
    for queries), and without evidence records unless asked for. MINUS, not FILTER NOT EXISTS:
    Oxigraph answers it with one hash anti-join instead of a look-up per triple."""
    skip_evidence = "" if evidence else f"MINUS {{ GRAPH <{UNION_GRAPH_IRI}> {{ ?s a kg:Evidence }} }}"
    return (f"GRAPH <{UNION_GRAPH_IRI}> {{ ?s ?p ?o }} {skip_evidence} "
            f"MINUS {{ GRAPH <{ONTOLOGY_GRAPH_IRI}> {{ ?s ?p ?o }} }}")


#: Entities with more than one rdfs:label, and the label each keeps: the first in code-point
#: order.
_SEVERAL_LABELS = f"""SELECT ?s (MIN(STR(?l)) AS ?keep) WHERE {{
  GRAPH <{UNION_GRAPH_IRI}> {{ ?s rdfs:label ?l }} MINUS {{ GRAPH <{ONTOLOGY_GRAPH_IRI}> {{ ?s rdfs:label ?l }} }}
}} GROUP BY ?s HAVING (COUNT(?l) > 1)"""
#: The label that stays and every other one as skos:altLabel, an altLabel equal to the kept label
#: dropped.
_ONE_LABEL = """BIND(IF(BOUND(?keep) && ?p = rdfs:label && STR(?o) != ?keep, skos:altLabel, ?p) AS ?q)
  FILTER(!BOUND(?keep) || ?p != skos:altLabel || STR(?o) != ?keep)"""


def _facts_query(evidence: bool) -> str:
    """The facts with one rdfs:label per entity, written as one CONSTRUCT so that Oxigraph
    streams its answer straight into a serialiser (no scratch store, no update)."""
    return _PREFIXES + f"""CONSTRUCT {{ ?s ?q ?o }} WHERE {{
  {_facts_pattern(evidence)}
  OPTIONAL {{ {_SEVERAL_LABELS} }}
  {_ONE_LABEL}
}}"""


def _label_lines(store: Store) -> tuple[set[bytes], set[bytes]]:
    """For N-Triples: the rdfs:label and skos:altLabel lines of entities with several labels as
    they are, and as they become. A handful of lines, swapped in Python after the bulk of the
    export came from a plain CONSTRUCT (a join over every triple cost more than this)."""
    def lines(template: str, where: str) -> set[bytes]:
        query = _PREFIXES + f"""CONSTRUCT {{ {template} }} WHERE {{ {{ {_SEVERAL_LABELS} }}
  GRAPH <{UNION_GRAPH_IRI}> {{ ?s ?p ?o }} FILTER(?p IN (rdfs:label, skos:altLabel))
  MINUS {{ GRAPH <{ONTOLOGY_GRAPH_IRI}> {{ ?s ?p ?o }} }} {where} }}"""
        return {line for line in store.oxigraph.query(query).serialize(format=ox.RdfFormat.N_TRIPLES).split(b"\n")
                if line}

    return lines("?s ?p ?o", ""), lines("?s ?q ?o", _ONE_LABEL)


def facts_graph(store: Store, evidence: bool = False) -> Graph:
    """The union of all document graphs, as one rdflib Graph, one rdfs:label per entity (the
    same query as the Turtle export)."""
    graph = bind_prefixes(Graph())
    for triple in store.oxigraph.query(_facts_query(evidence)):
        graph.add((rdflib_term(triple.subject), rdflib_term(triple.predicate), rdflib_term(triple.object)))
    return graph


def turtle(store: Store, evidence: bool = False) -> bytes:
    """The union of the document graphs as Turtle. Up to ``PRETTY_LIMIT`` triples rdflib lays
    it out for reading (each subject's statements grouped and sorted); beyond, Oxigraph's own
    serialiser writes the query's answer as it comes (seconds for a million triples)."""
    facts = iter(store.oxigraph.query(_facts_query(evidence)))
    head = list(islice(facts, PRETTY_LIMIT + 1))  # no count first: the answer is read once
    if len(head) <= PRETTY_LIMIT and not any(_breaks_rdflib(t.object) for t in head):
        graph = bind_prefixes(Graph())
        for t in head:
            graph.add((rdflib_term(t.subject), rdflib_term(t.predicate), rdflib_term(t.object)))
        return graph.serialize(format="turtle").encode("utf-8")
    return ox.serialize(chain(head, facts), format=ox.RdfFormat.TURTLE, prefixes=_TURTLE_PREFIXES)


def _breaks_rdflib(term) -> bool:
    """rdflib 7 writes a literal with a line break that ends in a quote after a backslash in
    triple quotes it cannot close (``\\"`` then the closing quotes): no parser reads it back."""
    return isinstance(term, ox.Literal) and "\n" in term.value and term.value.endswith('"')


def _sorted_lines(data: bytes, drop: set[bytes] = frozenset(), add: set[bytes] = frozenset()) -> bytes:
    """The lines of N-Triples or N-Quads, ``drop`` left out and ``add`` put in, in code-point
    order so that two exports diff cleanly. Split at line feeds only (``str.splitlines`` would
    also cut at U+2028 inside a literal); the serialisers escape every line break in a literal."""
    lines = [line for line in data.split(b"\n") if line and line not in drop] if drop else data.split(b"\n")
    lines.extend(add)
    lines.sort()
    return b"".join(line + b"\n" for line in lines if line)


def ntriples(store: Store, evidence: bool = False) -> bytes:
    """The same triples as ``turtle``, one per line, sorted (a diff of two exports is readable)."""
    query = _PREFIXES + f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ {_facts_pattern(evidence)} }}"
    drop, add = _label_lines(store)
    return _sorted_lines(store.oxigraph.query(query).serialize(format=ox.RdfFormat.N_TRIPLES), drop, add)


def _document_quads(store: Store) -> Iterator[ox.Quad]:
    """Every quad of every document graph, graph by graph: not the union, ontology or
    bookkeeping graph, nor anything in the store's default graph."""
    special = set(SPECIAL_GRAPHS)
    graphs = [g for g in store.oxigraph.named_graphs() if not (isinstance(g, ox.NamedNode) and g.value in special)]
    return chain.from_iterable(store.oxigraph.quads_for_pattern(None, None, None, g) for g in graphs)


def serialise(store: Store, fmt: str, evidence: bool = False) -> bytes:
    if fmt == "turtle":
        return turtle(store, evidence)
    if fmt == "ntriples":
        return ntriples(store, evidence)
    if fmt == "jsonld":
        return facts_graph(store, evidence=True).serialize(format="json-ld", indent=1).encode("utf-8")
    if fmt == "trig":
        return ox.serialize(_document_quads(store), format=ox.RdfFormat.TRIG, prefixes=_TURTLE_PREFIXES)
    if fmt == "nquads":
        return _sorted_lines(ox.serialize(_document_quads(store), format=ox.RdfFormat.N_QUADS))
    raise ValueError(f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}")
