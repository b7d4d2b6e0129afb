"""RDF files that users supply, read as rdflib graphs (the reading itself is ``kg.rdffiles``)."""
from __future__ import annotations

from pathlib import Path

from rdflib import Graph

from kg.rdf.terms import rdflib_term
from kg.rdffiles import read_triples


def read_graph(path: Path) -> Graph:
    """``read_triples`` as an rdflib Graph."""
    graph = Graph()
    for t in read_triples(path):
        graph.add((rdflib_term(t.subject), rdflib_term(t.predicate), rdflib_term(t.object)))
    return graph
