"""Whatever a text calls an entity, every export format parses back to the same triples in
rdflib, in pyoxigraph and in an independent parser (raptor's ``rapper``; it reads no JSON-LD,
so JSON-LD is checked by the other two)."""
from __future__ import annotations

import shutil
import subprocess

import pyoxigraph as ox
import pytest
import rdflib
from hypothesis import HealthCheck, given, settings as hsettings, strategies as st
from rdflib.compare import to_isomorphic

from kg.export import rdf as export
from kg.rdf import document_iri
from kg.rdf.graph import facts_to_statements
from kg.rdf.terms import rdflib_term
from kg.records import DocumentFacts, Entity, Evidence, Relation
from kg.store import Store

RAPPER = shutil.which("rapper")

#: Export format -> (rdflib format, pyoxigraph format, rapper input format or None).
FORMATS = {
    "turtle": ("turtle", ox.RdfFormat.TURTLE, "turtle"),
    "ntriples": ("nt", ox.RdfFormat.N_TRIPLES, "ntriples"),
    "trig": ("trig", ox.RdfFormat.TRIG, "trig"),
    "nquads": ("nquads", ox.RdfFormat.N_QUADS, "nquads"),
    "jsonld": ("json-ld", ox.RdfFormat.JSON_LD, None),
}

# Names as hostile as text gets: quotes, backslashes, angle brackets, line breaks, control
# characters, surrogate-free astral characters, Turtle and JSON syntax.
hostile = st.one_of(
    st.text(min_size=1, max_size=30),
    st.text(alphabet=st.sampled_from('"\'\\<>{}@#:;.,_-\n\r\t\x00\x0b\u2028\u2029\ufeff é中😀 prefix'),
            min_size=1, max_size=30),
    st.sampled_from(['"""', "'''", "\\u0022", "@prefix x: <y> .", '{"@context": "http://x.test/"}',
                     "</script>", "_:b0", "<http://x.test/>", "a\\", "\\"]),
)


def _clean(text: str) -> str:
    """What the export keeps of a name: all but control characters (not tab or line breaks)."""
    return "".join(c for c in text if c in "\t\n\r" or not (ord(c) < 32 or ord(c) == 127))


def _facts(n: int, name: str, alias: str, sentence: str) -> DocumentFacts:
    org = Entity(key=f"Organisation/{name}", label=name, cls="Company", aliases=(alias,), wikidata="Q1")
    person = Entity(key=f"Person/{alias}", label=alias, cls="Person", roles=(sentence,))
    relation = Relation(org.key, "foundedBy", person.key, Evidence(sentence, 0, len(sentence), "test_rule", 0.5))
    return DocumentFacts(f"doc{n}", f"source/{name}", name, None, None, (org, person), (relation,))


def _rdflib(data: bytes, fmt: str) -> rdflib.Dataset:
    """``data`` read by rdflib; a format of triples only goes straight into the default graph
    (``Dataset.parse`` would go through deprecated ``Dataset.default_context``)."""
    ds = rdflib.Dataset()
    (ds if fmt in {"trig", "nquads"} else ds.default_graph).parse(data=data, format=fmt)
    return ds


def _quads(ds: rdflib.Dataset) -> set:
    """(s, p, o, graph) with the default graph as None, blank nodes in canonical form."""
    out = set()
    for graph in ds.graphs():
        name = None if graph.identifier == rdflib.graph.DATASET_DEFAULT_GRAPH_ID else graph.identifier
        for s, p, o in to_isomorphic(graph):
            out.add((s, p, o, name))
    return out


def _oxigraph(data: bytes, fmt: ox.RdfFormat) -> rdflib.Dataset:
    ds = rdflib.Dataset()
    for quad in ox.parse(data, format=fmt):
        graph = None if isinstance(quad.graph_name, ox.DefaultGraph) else rdflib.URIRef(quad.graph_name.value)
        triple = (rdflib_term(quad.subject), rdflib_term(quad.predicate), rdflib_term(quad.object))
        (ds.graph(graph) if graph else ds.default_graph).add(triple)
    return ds


def _rapper(data: bytes, fmt: str, tmp_path) -> rdflib.Dataset:
    path = tmp_path / f"export.{fmt}"
    path.write_bytes(data)
    out = "nquads" if fmt in {"trig", "nquads"} else "ntriples"
    done = subprocess.run([RAPPER, "-q", "-i", fmt, "-o", out, str(path), "http://base.test/"],
                          capture_output=True, timeout=60)
    assert done.returncode == 0, done.stderr.decode("utf-8", "replace")
    return _rdflib(done.stdout, "nquads" if out == "nquads" else "nt")


def test_rapper_is_installed():
    assert RAPPER, "rapper is missing: apt-get install raptor2-utils (.ci/run does)"


@pytest.mark.parametrize("pretty", [True, False], ids=["rdflib-turtle", "oxigraph-turtle"])
@hsettings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(names=st.lists(st.tuples(hostile, hostile, hostile), min_size=1, max_size=3))
def test_every_format_parses_back_the_same_everywhere(names, pretty, tmp_path, monkeypatch):
    monkeypatch.setattr(export, "PRETTY_LIMIT", 10**9 if pretty else 0)
    store = Store()
    for n, (name, alias, sentence) in enumerate(names):
        facts = _facts(n, name, alias, sentence)
        store.replace_document(str(document_iri(facts.doc_id)), facts_to_statements(facts))
    for fmt, (rdflib_fmt, ox_fmt, rapper_fmt) in FORMATS.items():
        data = export.serialise(store, fmt, evidence=True)
        ours = _rdflib(data, rdflib_fmt)
        theirs = _oxigraph(data, ox_fmt)
        assert len(ours) > 0 or fmt in {"trig", "nquads"}, fmt
        assert _quads(ours) == _quads(theirs), fmt
        if rapper_fmt:
            assert _quads(_rapper(data, rapper_fmt, tmp_path)) == _quads(ours), fmt
    # And the facts are the ones that went in: every name is a label of the Turtle export.
    graph = rdflib.Graph().parse(data=export.serialise(store, "turtle"), format="turtle")
    labels = {str(o) for o in graph.objects(None, rdflib.RDFS.label)} | \
        {str(o) for o in graph.objects(None, rdflib.SKOS.altLabel)}
    for name, alias, _ in names:
        assert {_clean(name), _clean(alias)} <= labels
