"""The exports of a store mean the same whichever way they are written: the fast path for large
stores (one CONSTRUCT streamed into Oxigraph's serialiser), the readable one (rdflib) and an
rdflib graph built straight from the records agree, on a store with evidence, an entity spelled
two ways across documents and the ontology's own triples."""
from __future__ import annotations

import pyoxigraph as ox
import pytest
import rdflib
from rdflib import OWL, RDF, RDFS, SKOS, Literal
from rdflib.compare import graph_diff, isomorphic, to_isomorphic

from kg.config import Settings
from kg.export import rdf as export
from kg.namespaces import ONTOLOGY_NS
from kg.rdf import document_iri, entity_iri, facts_to_graph
from kg.rdf.graph import facts_to_statements
from kg.records import DocumentFacts, Entity, Evidence, Relation
from kg.store import Store

EVIDENCE = rdflib.URIRef(ONTOLOGY_NS + "Evidence")
SENTENCE = "Nvidia\u2028makes the H20 chip."  # a line separator no export may cut a line at


def _documents() -> list[DocumentFacts]:
    """Two documents: one names Nvidia "NVIDIA Corp" with the alias "Nvidia", the other
    "Nvidia" with the alias "NVIDIA Corp"; the entity keeps "NVIDIA Corp" (first in code-point
    order) and no altLabel repeats it."""
    chip = Entity("Chip/h20", "H20", "Chip")
    first = Entity("Organisation/nvidia", "NVIDIA Corp", "Company", aliases=("Nvidia", "Team Green"))
    second = Entity("Organisation/nvidia", "Nvidia", "Company", aliases=("NVIDIA Corp",))
    docs = []
    for n, (org, sentence) in enumerate([(first, SENTENCE), (second, "Nvidia sells the H20.")]):
        relation = Relation(org.key, "manufactures", chip.key, Evidence(sentence, 0, len(sentence), "rule", 0.9))
        docs.append(DocumentFacts(f"doc{n}", f"source/{n}", f"Title {n}", None, None, (org, chip), (relation,)))
    return docs


def _store(path, docs) -> Store:
    store = Store(path)
    store.ensure_ontology(Settings().ontology_file)
    for facts in docs:
        store.replace_document(str(document_iri(facts.doc_id)), facts_to_statements(facts))
    store.flush()
    return store


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    return _store(tmp_path_factory.mktemp("export") / "kg", _documents())


def _expected(evidence: bool) -> rdflib.Graph:
    """What the Turtle and N-Triples exports must hold, from the records alone: the documents'
    triples, evidence records only if asked for, one rdfs:label per entity."""
    graph = rdflib.Graph()
    for facts in _documents():
        graph += facts_to_graph(facts)
    if not evidence:
        for node in set(graph.subjects(RDF.type, EVIDENCE)):
            graph.remove((node, None, None))
    return _one_label(graph)


def _one_label(graph: rdflib.Graph) -> rdflib.Graph:
    """The rule, independently of the exporter's SPARQL: an entity with several rdfs:labels keeps
    the first in code-point order; the others become skos:altLabel, and an altLabel equal to
    the kept label goes."""
    for node in set(graph.subjects(RDFS.label, None)):
        labels = sorted(graph.objects(node, RDFS.label), key=str)
        if len(labels) < 2:
            continue
        for label in labels[1:]:
            graph.remove((node, RDFS.label, label))
            graph.add((node, SKOS.altLabel, label))
        graph.remove((node, SKOS.altLabel, labels[0]))
    return graph


def _same(ours: rdflib.Graph, expected: rdflib.Graph) -> None:
    if not isomorphic(ours, expected):
        _, extra, missing = graph_diff(to_isomorphic(ours), to_isomorphic(expected))
        pytest.fail(f"extra: {sorted(extra)}\nmissing: {sorted(missing)}")


@pytest.mark.parametrize("evidence", [False, True], ids=["facts", "evidence"])
def test_fast_and_readable_paths_hold_the_same_facts(store, evidence, monkeypatch):
    expected = _expected(evidence)
    readable = rdflib.Graph().parse(data=export.turtle(store, evidence), format="turtle")
    monkeypatch.setattr(export, "PRETTY_LIMIT", 0)
    fast = rdflib.Graph().parse(data=export.turtle(store, evidence), format="turtle")
    triples = rdflib.Graph().parse(data=export.ntriples(store, evidence), format="nt")
    for graph in (readable, fast, triples, export.facts_graph(store, evidence)):
        _same(graph, expected)
    nvidia = entity_iri("Organisation/nvidia")
    assert list(fast.objects(nvidia, RDFS.label)) == [Literal("NVIDIA Corp")]
    assert set(fast.objects(nvidia, SKOS.altLabel)) == {Literal("Nvidia"), Literal("Team Green")}
    assert not list(fast.subjects(RDF.type, OWL.Class))  # no ontology triples
    assert bool(list(fast.subjects(RDF.type, EVIDENCE))) == evidence


def test_ntriples_lines_are_sorted_and_whole(store):
    data = export.ntriples(store, evidence=True)
    lines = data.split(b"\n")
    assert lines[-1] == b"" and lines[:-1] == sorted(lines[:-1])
    assert len(lines) - 1 == len(rdflib.Graph().parse(data=data, format="nt"))
    assert any(b"\\u2028" in line or "\u2028".encode() in line for line in lines)


def test_ntriples_do_not_depend_on_the_order_documents_came_in(store, tmp_path):
    other = _store(tmp_path / "reversed", list(reversed(_documents())))
    for fmt in ("ntriples", "nquads"):
        assert export.serialise(other, fmt, evidence=True) == export.serialise(store, fmt, evidence=True), fmt


def test_nquads_hold_every_document_graph_and_nothing_else(store):
    data = export.serialise(store, "nquads")
    lines = data.split(b"\n")
    assert lines[-1] == b"" and lines[:-1] == sorted(lines[:-1])
    quads = list(ox.parse(data, format=ox.RdfFormat.N_QUADS))
    assert len(quads) == len(lines) - 1  # the U+2028 in a sentence did not split a line
    by_graph: dict[str, set] = {}
    for quad in quads:
        by_graph.setdefault(quad.graph_name.value, set()).add(quad)
    docs = _documents()
    assert set(by_graph) == {str(document_iri(f.doc_id)) for f in docs}
    for facts in docs:
        expected = ox.parse(facts_to_graph(facts).serialize(format="nt").encode(), format=ox.RdfFormat.N_TRIPLES)
        graph = ox.NamedNode(str(document_iri(facts.doc_id)))
        assert by_graph[graph.value] == {ox.Quad(t.subject, t.predicate, t.object, graph) for t in expected}
