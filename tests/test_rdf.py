"""The RDF side: namespace agrees with the ontology, IRIs and serialisations survive any text."""
from __future__ import annotations

import rdflib
from hypothesis import given, settings as hsettings, strategies as st
from rdflib import RDF, RDFS, OWL, SKOS, URIRef
from rdflib.compare import isomorphic

from kg.config import Settings
from kg.namespaces import ONTOLOGY_NS
from kg.rdf import KG, entity_iri, facts_to_graph
from kg.rdf.namespace import CLASSES, DATATYPE_PROPERTIES, OBJECT_PROPERTIES
from kg.records import DocumentFacts, Entity, Evidence, Relation


def ontology() -> rdflib.Graph:
    return rdflib.Graph().parse(Settings().ontology_file)


def test_namespace_mirrors_ontology():
    g = ontology()
    declared = {str(s)[len(ONTOLOGY_NS):] for s in g.subjects(RDF.type, None)
                if str(s).startswith(ONTOLOGY_NS)}
    ours = set(CLASSES) | set(OBJECT_PROPERTIES) | set(DATATYPE_PROPERTIES)
    assert declared == ours, (declared - ours, ours - declared)
    for name in CLASSES:
        assert (KG[name], RDF.type, OWL.Class) in g
    for name in OBJECT_PROPERTIES:
        assert (KG[name], RDF.type, OWL.ObjectProperty) in g
    for term in declared:
        node = URIRef(ONTOLOGY_NS + term)
        assert g.value(node, RDFS.label) is not None, term
        assert g.value(node, RDFS.comment) is not None, term


def test_namespace_fails_on_typo():
    import pytest

    with pytest.raises(AttributeError):
        KG.foundedby  # noqa: B018


def test_subclasses_of_coarse_classes():
    g = ontology()
    for fine, coarse in [("Company", "Organisation"), ("GovernmentBody", "Organisation"),
                         ("ResearchOrganisation", "Organisation"), ("Country", "Place")]:
        assert (KG[fine], RDFS.subClassOf, KG[coarse]) in g


def _facts(name: str, alias: str, sentence: str) -> DocumentFacts:
    a = Entity(key="Organisation/" + name, label=name, cls="Company", aliases=(alias,), wikidata="Q1")
    b = Entity(key="Person/x" + name, label=alias, cls="Person")
    rel = Relation(a.key, "foundedBy", b.key, Evidence(sentence, 0, len(sentence), "test_rule", 0.5))
    return DocumentFacts("abc", "src/" + name, name, None, None, (a, b), (rel,))


text = st.text(min_size=1, max_size=40)


@hsettings(max_examples=60, deadline=None)
@given(name=text, alias=text, sentence=text)
def test_any_text_gives_valid_iris_and_parseable_rdf(name, alias, sentence):
    graph = facts_to_graph(_facts(name, alias, sentence))
    for fmt in ("turtle", "nt", "trig", "json-ld"):
        data = graph.serialize(format=fmt)
        back = rdflib.Dataset() if fmt == "trig" else rdflib.Graph()
        back.parse(data=data, format=fmt)
        if fmt != "trig":
            assert isomorphic(back, graph), fmt
    iri = entity_iri("Organisation/" + name)
    assert " " not in iri and "<" not in iri and ">" not in iri and '"' not in iri


def test_pyoxigraph_reads_what_rdflib_writes():
    import pyoxigraph as ox

    graph = facts_to_graph(_facts('Evil "Corp" <x>', "a\\b\nc", "It's </script> & more"))
    store = ox.Store()
    store.load(graph.serialize(format="nt"), format=ox.RdfFormat.N_TRIPLES)
    assert len(store) == len(graph)


def test_document_graph_shape():
    facts = _facts("DeepSeek", "Deepseek", "DeepSeek was founded by Liang Wenfeng.")
    g = facts_to_graph(facts)
    org = entity_iri("Organisation/DeepSeek")
    assert (org, RDF.type, KG.Company) in g
    assert len(list(g.objects(org, RDFS.label))) == 1
    assert (org, SKOS.altLabel, rdflib.Literal("Deepseek")) in g
    assert (org, OWL.sameAs, URIRef("http://www.wikidata.org/entity/Q1")) in g
    assert (org, KG.foundedBy, entity_iri("Person/xDeepSeek")) in g
    evidence = list(g.subjects(RDF.type, KG.Evidence))
    assert len(evidence) == 1
    assert g.value(evidence[0], KG.rule) == rdflib.Literal("test_rule")
    assert int(g.value(evidence[0], KG.endOffset)) == len("DeepSeek was founded by Liang Wenfeng.")


@hsettings(max_examples=60, deadline=None)
@given(name=text, alias=text, sentence=text)
def test_store_statements_carry_any_text(name, alias, sentence):
    """The build's fast path (statements straight into SPARQL INSERT DATA) stores exactly the
    triples of the graph, whatever the text."""
    from kg.rdf.graph import facts_to_statements
    from kg.store import Store

    facts = _facts(name, alias, sentence)
    store = Store()
    store.replace_document("https://example.org/g", facts_to_statements(facts))
    graph = facts_to_graph(facts)
    from kg.rdf.terms import rdflib_term

    back = rdflib.Graph()
    for quad in store.oxigraph:
        if getattr(quad.graph_name, "value", None) == "https://example.org/g":
            back.add((rdflib_term(quad.subject), rdflib_term(quad.predicate), rdflib_term(quad.object)))
    assert len(back) == len(graph) and isomorphic(back, graph)
