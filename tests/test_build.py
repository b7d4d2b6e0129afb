"""End to end on the example articles: the store, the bundled queries, incremental builds, bad input."""
from __future__ import annotations

import json
import shutil

import rdflib
from typer.testing import CliRunner

from kg.cli import app
from kg.query import bundled_queries, resolve_query, run_query, select_rows

from conftest import EXAMPLES

runner = CliRunner()


def rows(store, name):
    return select_rows(store, resolve_query(name))


def test_founders(example_store):
    assert {"organisation": "DeepSeek", "founder": "Liang Wenfeng"} in rows(example_store, "founders")


def test_chips_used(example_store):
    answer = rows(example_store, "chips-used")
    assert any(r["user"] == "DeepSeek" and r["chip"] == "H800" for r in answer)


def test_policies(example_store):
    answer = rows(example_store, "policies")
    us = {(r["relation"], r["value"]) for r in answer if r["policy"] == "United States export controls"}
    assert {v for rel, v in us if rel == "issuedBy"} == {"United States"}
    assert ("targets", "China") in us


def test_based_in(example_store):
    answer = rows(example_store, "based-in")
    assert {"organisation": "DeepSeek", "place": "Hangzhou", "country": "China"} in answer


def test_who_works_where(example_store):
    pairs = {(r["person"], r["organisation"]) for r in rows(example_store, "who-works-where")}
    assert ("Jeffrey Ding", "George Washington University") in pairs
    assert ("Rebecca Arcesati", "Mercator Institute for China Studies") in pairs


def test_developers(example_store):
    answer = rows(example_store, "developers")
    assert {"organisation": "DeepSeek", "relation": "develops", "product": "DeepSeek-R1", "kind": "AIModel"} in answer


def test_evidence_traces_to_sentence(example_store):
    answer = rows(example_store, "evidence")
    used = [r for r in answer if r["relation"] == "usesChip" and r["object"] == "H800"]
    assert any("DeepSeek used the less powerful H800 chips" in r["sentence"] and
               r["source"].endswith("000_50f83be8e4cb46c8.txt") for r in used)
    text = (EXAMPLES / "000_50f83be8e4cb46c8.txt").read_text(encoding="utf-8")
    offsets = select_rows(example_store, """
        PREFIX kg: <https://w3id.org/kg-aichips/ontology#>
        PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
        SELECT ?start ?end ?sentence WHERE { ?e a kg:Evidence ; rdf:predicate kg:usesChip ;
          kg:startOffset ?start ; kg:endOffset ?end ; kg:sentence ?sentence }""")
    for r in offsets:
        assert text[int(r["start"]):int(r["end"])] == r["sentence"]


def test_every_bundled_query_runs(example_store):
    assert len(bundled_queries()) >= 6
    answered = {name for name in bundled_queries() if rows(example_store, name)}
    assert answered >= {"founders", "chips-used", "policies", "based-in", "who-works-where", "developers",
                        "evidence", "documents"}


def test_one_named_graph_per_document(example_store):
    docs = example_store.documents()
    assert len(docs) == 2
    assert len({d.graph for d in docs}) == 2


def test_query_formats(example_store):
    answer = json.loads(run_query(example_store, resolve_query("founders"), "json"))
    assert answer["head"]["vars"] == ["organisation", "founder"]
    assert answer["results"]["bindings"][0]["founder"]["type"] == "literal"
    csv_text = run_query(example_store, resolve_query("founders"), "csv")
    assert csv_text.splitlines()[0].strip() == "organisation,founder"


def test_cli_build_query_export_validate(tmp_path):
    store, ttl, trig, html = tmp_path / "s", tmp_path / "g.ttl", tmp_path / "g.trig", tmp_path / "v.html"
    result = runner.invoke(app, ["build", str(EXAMPLES), "--store", str(store), "--turtle", str(ttl),
                                 "--trig", str(trig), "--html", str(html)])
    assert result.exit_code == 0, result.output
    graph = rdflib.Graph().parse(ttl)
    assert len(graph) > 50
    kg = rdflib.Namespace("https://w3id.org/kg-aichips/ontology#")
    assert not list(graph.subjects(rdflib.RDF.type, kg.Evidence))  # evidence only by flag
    dataset = rdflib.Dataset().parse(trig, format="trig")
    assert len(list(dataset.graphs())) >= 3
    result = runner.invoke(app, ["query", "founders", "--store", str(store), "--format", "csv"])
    assert result.exit_code == 0 and "Liang Wenfeng" in result.output
    result = runner.invoke(app, ["validate", "--store", str(store)])
    assert result.exit_code == 0, result.output
    for fmt in ("turtle", "trig", "nquads", "jsonld"):
        out = tmp_path / f"x.{fmt}"
        result = runner.invoke(app, ["export", "--store", str(store), "--format", fmt, "-o", str(out)])
        assert result.exit_code == 0 and out.stat().st_size > 1000


def test_turtle_export_is_deterministic(example_store):
    from kg.export.rdf import serialise

    assert serialise(example_store, "turtle") == serialise(example_store, "turtle")


def test_rebuild_skips_unchanged_and_replaces_changed(tmp_path, settings):
    from kg.build import build
    from kg.store import Store

    corpus = tmp_path / "corpus"
    shutil.copytree(EXAMPLES, corpus)
    store = Store(tmp_path / "store")

    class Counting:
        """Wraps the real extractor to count the documents it is given."""
        def __init__(self, inner):
            self.inner, self.seen = inner, 0

        def extract_many(self, docs):
            def counted():
                for d in docs:
                    self.seen += 1
                    yield d
            return self.inner.extract_many(counted())

    from conftest import extractor as _  # noqa: F401
    from kg.extract import Extractor

    counting = Counting(Extractor(settings))
    first = build([corpus], store, settings, extractor=counting)
    assert (first.added, counting.seen) == (2, 2)
    again = build([corpus], store, settings, extractor=counting)
    assert (again.added, again.unchanged, counting.seen) == (0, 2, 2)
    target = corpus / "000_50f83be8e4cb46c8.txt"
    target.write_text("Cambricon Updates\nCambricon was founded by Chen Tianshi in Beijing.\n", encoding="utf-8")
    changed = build([corpus], store, settings, extractor=counting)
    assert (changed.replaced, changed.unchanged, counting.seen) == (1, 1, 3)
    founders = {(r["organisation"], r["founder"]) for r in select_rows(store, resolve_query("founders"))}
    assert ("Cambricon", "Chen Tianshi") in founders
    assert ("DeepSeek", "Liang Wenfeng") not in founders  # only the old version said so
    assert len(store.documents()) == 2


def test_bad_input_named_others_built(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(EXAMPLES / "000_50f83be8e4cb46c8.txt", folder / "good.txt")
    (folder / "empty.txt").write_text("")
    (folder / "binary.txt").write_bytes(b"\x00\xff\x00binary")
    missing = tmp_path / "nope.txt"
    store = tmp_path / "s"
    result = runner.invoke(app, ["build", str(folder), str(missing), "--store", str(store)])
    assert result.exit_code == 1
    errors = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 3
    for name in ("empty.txt", "binary.txt", "nope.txt"):
        assert any(name in line for line in errors)
    result = runner.invoke(app, ["query", "founders", "--store", str(store)])
    assert "Liang Wenfeng" in result.output


def test_usage_errors_exit_2(tmp_path):
    result = runner.invoke(app, ["query", "founders", "--store", str(tmp_path / "none")])
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1 and "no such store" in result.stderr
    result = runner.invoke(app, ["export", "--store", str(tmp_path / "none"), "--format", "xml", "-o", "x"])
    assert result.exit_code == 2


def test_competitors_query(tmp_path, settings, extractor):
    from kg.build import build
    from kg.store import Store

    text = tmp_path / "a.txt"
    text.write_text("Moonshot AI competes with Zhipu AI in the chatbot market.\n", encoding="utf-8")
    with Store(tmp_path / "s") as store:
        build([text], store, settings, extractor=extractor)
        answer = select_rows(store, resolve_query("competitors"))
    assert {"a": "Moonshot AI", "b": "Zhipu AI"} in answer


def test_min_confidence_filters(tmp_path):
    store = tmp_path / "s"
    result = runner.invoke(app, ["build", str(EXAMPLES), "--store", str(store), "--min-confidence", "0.8"])
    assert result.exit_code == 0, result.output
    from kg.store import Store

    with Store(store, read_only=True) as kg_store:
        answer = select_rows(kg_store, resolve_query("evidence"))
    confidences = [float(r["confidence"]) for r in answer]
    assert confidences and min(confidences) >= 0.8
    assert not any(r["relation"] == "develops" and r["rule"] == "possessive_product" for r in answer)  # 0.75


def test_workers_give_the_same_graph(tmp_path, settings):
    """Two processes build the same graph as one."""
    from rdflib.compare import isomorphic

    from kg.build import build
    from kg.export.rdf import facts_graph
    from kg.store import Store

    graphs = []
    for workers in (1, 2):
        with Store(tmp_path / f"s{workers}") as store:
            report = build([EXAMPLES], store, settings, workers=workers)
            assert report.added == 2
            graphs.append(facts_graph(store, evidence=True))
    assert isomorphic(graphs[0], graphs[1])


def test_fast_turtle_matches_pretty(example_store, monkeypatch):
    """Large exports go through Oxigraph's serialiser; they hold the same triples."""
    import kg.export.rdf as export
    from rdflib.compare import isomorphic

    pretty = rdflib.Graph().parse(data=export.turtle(example_store, evidence=True), format="turtle")
    monkeypatch.setattr(export, "PRETTY_LIMIT", 0)
    fast = rdflib.Graph().parse(data=export.turtle(example_store, evidence=True), format="turtle")
    assert isomorphic(pretty, fast) and len(fast) > 100


def test_union_answers_once_and_follows_replacements(tmp_path, settings, extractor):
    """Two documents stating one fact give one answer; the fact goes when no document states it."""
    from kg.build import build
    from kg.store import Store

    corpus = tmp_path / "c"
    corpus.mkdir()
    (corpus / "a.txt").write_text("DeepSeek used the H800 chips to train its models.\n", encoding="utf-8")
    (corpus / "b.txt").write_text("Reporters said DeepSeek used the H800 chips last year.\n", encoding="utf-8")
    uses = """PREFIX kg: <https://w3id.org/kg-aichips/ontology#>
              SELECT ?s ?o WHERE { ?s kg:usesChip ?o }"""
    count = """PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
               SELECT (COUNT(*) AS ?n) WHERE { ?s rdfs:label "DeepSeek" }"""
    with Store(tmp_path / "s") as store:
        build([corpus], store, settings, extractor=extractor)
        assert len(select_rows(store, uses)) == 1
        assert select_rows(store, count) == [{"n": "1"}]
        (corpus / "a.txt").write_text("Cambricon sells chips.\n", encoding="utf-8")
        build([corpus], store, settings, extractor=extractor)
        assert len(select_rows(store, uses)) == 1  # b.txt still says so
        (corpus / "b.txt").write_text("Baidu sells chips.\n", encoding="utf-8")
        build([corpus], store, settings, extractor=extractor)
        assert select_rows(store, uses) == []
        assert select_rows(store, count) == [{"n": "0"}]


def test_queries_see_the_ontology_and_exports_leave_it_out(example_store):
    """The default graph holds the ontology's triples too (queries follow rdfs:subClassOf);
    exports hold only what the documents say; a changed ontology replaces the old one."""
    from kg.export.rdf import serialise

    organisations = """PREFIX kg: <https://w3id.org/kg-aichips/ontology#>
        PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
        SELECT DISTINCT ?name WHERE { ?o a/rdfs:subClassOf* kg:Organisation ; rdfs:label ?name }"""
    names = {row["name"] for row in select_rows(example_store, organisations)}
    assert {"DeepSeek", "Meta"} <= names
    turtle = rdflib.Graph().parse(data=serialise(example_store, "turtle", evidence=True), format="turtle")
    assert not list(turtle.subjects(rdflib.RDF.type, rdflib.OWL.Class))
    assert not list(turtle.subjects(rdflib.RDFS.subClassOf, None))


def test_changed_ontology_replaces_the_old_in_queries(tmp_path, settings):
    from kg.store import Store

    first, second = tmp_path / "a.ttl", tmp_path / "b.ttl"
    first.write_text("<urn:x:A> <http://www.w3.org/2000/01/rdf-schema#subClassOf> <urn:x:B> .\n")
    second.write_text("<urn:x:A> <http://www.w3.org/2000/01/rdf-schema#subClassOf> <urn:x:C> .\n")
    ask = "SELECT ?c WHERE { <urn:x:A> <http://www.w3.org/2000/01/rdf-schema#subClassOf> ?c }"
    with Store(tmp_path / "s") as store:
        store.ensure_union()
        store.ensure_ontology(first)
        assert [r["c"] for r in select_rows(store, ask)] == ["urn:x:B"]
        store.ensure_ontology(second)
        assert [r["c"] for r in select_rows(store, ask)] == ["urn:x:C"]


def test_unreadable_file_named_others_built(tmp_path):
    """A file the user may not read is named in one line; the rest are built; exit code 1.
    (Root reads every file, so as root the build runs without the capabilities that allow it.)"""
    import os
    import subprocess
    import sys

    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(EXAMPLES / "000_50f83be8e4cb46c8.txt", folder / "good.txt")
    secret = folder / "secret.txt"
    secret.write_text("Nvidia makes chips.", encoding="utf-8")
    secret.chmod(0o000)
    command = [sys.executable, "-m", "kg", "build", str(folder), "--store", str(tmp_path / "store")]
    if os.geteuid() == 0:
        command = [shutil.which("setpriv"), "--bounding-set=-dac_override,-dac_read_search", *command]
    out = subprocess.run(command, capture_output=True, text=True, timeout=300)
    assert out.returncode == 1, out.stderr
    errors = [line for line in out.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 1 and str(secret) in errors[0] and "permission" in errors[0].lower(), out.stderr
    assert "1 added" in out.stderr


def test_store_write_error_stops_the_build(tmp_path, settings, extractor, monkeypatch):
    """Documents are written on a thread of their own; an error there reaches the build as the
    StoreError it is, and the documents written before it are whole in the store."""
    import pytest

    from kg.build import build
    from kg.errors import StoreError
    from kg.store import Store

    folder = tmp_path / "in"
    folder.mkdir()
    for i in range(6):
        (folder / f"doc{i}.txt").write_text(f"Nvidia sold H20 chips to Alibaba in deal {i}.", encoding="utf-8")
    with Store(tmp_path / "s") as store:
        real = store.replace_document
        calls = []

        def failing(*args, **kwargs):
            calls.append(args[0])
            if len(calls) == 3:
                raise StoreError("disk full")
            real(*args, **kwargs)

        monkeypatch.setattr(store, "replace_document", failing)
        with pytest.raises(StoreError, match="disk full"):
            build([folder], store, settings, extractor=extractor)
        assert len(store.documents()) == 2
