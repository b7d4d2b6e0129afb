"""RDF that users supply (gazetteers in RDF, ontology extensions) is read with parsers that fetch
nothing: no remote JSON-LD context, no external XML entity, no owl:imports."""
from __future__ import annotations

import contextlib
import shutil
import socket
import threading

import pytest

from kg.config import PROJECT_ROOT, Settings
from kg.errors import DataError


@contextlib.contextmanager
def listener():
    """A loopback port that records whatever connects to it."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen(5)
    sock.settimeout(0.2)
    arrived, stop = [], threading.Event()

    def accept():
        while not stop.is_set():
            try:
                conn, _ = sock.accept()
            except OSError:
                continue
            arrived.append(conn.recv(1000))
            conn.close()

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    try:
        yield sock.getsockname()[1], arrived
    finally:
        stop.set()
        thread.join()
        sock.close()


@pytest.fixture
def data_dir(tmp_path):
    """A copy of data/ that a test may add files to."""
    target = tmp_path / "data"
    shutil.copytree(PROJECT_ROOT / "data", target, ignore=shutil.ignore_patterns("examples"))
    return target


GAZETTEER_TTL = """
@prefix kg: <https://w3id.org/kg-aichips/ontology#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix owl: <http://www.w3.org/2002/07/owl#> .
<https://w3id.org/kg-aichips/id/Organisation/quantaform> a kg:Company ;
    rdfs:label "Quantaform Systems"@en , "Quantaform"@de ; skos:altLabel "QFS" ;
    owl:sameAs <http://www.wikidata.org/entity/Q99999991> ;
    kg:country <https://w3id.org/kg-aichips/id/Place/japan> .
<https://example.org/places/veldhaven> a kg:Place ; rdfs:label "Veldhaven" ;
    kg:locatedIn <https://w3id.org/kg-aichips/id/Place/netherlands> .
"""


def test_gazetteer_in_turtle(data_dir):
    from kg.extract import Extractor
    from kg.extract.resources import load_gazetteer
    from kg.ingest import make_document

    (data_dir / "gazetteers" / "extra.ttl").write_text(GAZETTEER_TTL, encoding="utf-8")
    gazetteer = load_gazetteer(data_dir / "gazetteers")
    entry = gazetteer["quantaform"]
    assert (entry.name, entry.cls, entry.wikidata, entry.country) == ("Quantaform Systems", "Company", "Q99999991", "japan")
    assert set(entry.aliases) == {"Quantaform", "QFS"}
    assert gazetteer["veldhaven"].within == "netherlands"
    facts = Extractor(Settings(data_dir=data_dir)).extract(
        make_document("QFS opened a packaging plant in Veldhaven last year.", "t.txt"))
    [org] = [e for e in facts.entities if e.key == "Organisation/quantaform"]
    assert org.wikidata == "Q99999991" and org.cls == "Company"


def test_remote_jsonld_context_is_not_fetched(data_dir):
    from kg.extract.resources import load_gazetteer

    with listener() as (port, arrived):
        path = data_dir / "gazetteers" / "remote.jsonld"
        path.write_text('{"@context": "http://127.0.0.1:%d/context.jsonld", "@id": "https://x.test/a",'
                        ' "@type": "Company", "label": "A"}' % port, encoding="utf-8")
        with pytest.raises(DataError) as caught:
            load_gazetteer(data_dir / "gazetteers")
    message = str(caught.value)
    assert message.startswith(str(path)) and "remote @context" in message and "\n" not in message
    assert arrived == []


def test_xml_external_entities_are_not_read(tmp_path):
    from kg.rdffiles import read_triples

    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET", encoding="utf-8")
    with listener() as (port, arrived):
        path = tmp_path / "ext.rdf"
        path.write_text(f"""<?xml version="1.0"?>
<!DOCTYPE rdf:RDF [ <!ENTITY web SYSTEM "http://127.0.0.1:{port}/x"> <!ENTITY file SYSTEM "{secret.as_uri()}"> ]>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:ex="https://x.test/">
  <rdf:Description rdf:about="https://x.test/a"><ex:p>&web;</ex:p><ex:q>&file;</ex:q></rdf:Description>
</rdf:RDF>""", encoding="utf-8")
        with pytest.raises(DataError) as caught:
            read_triples(path)
    assert str(caught.value).startswith(str(path)) and "external XML entities" in str(caught.value)
    assert arrived == []


EXTENSION = """{
  "@context": {"kg": "https://w3id.org/kg-aichips/ontology#",
               "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
               "owl": "http://www.w3.org/2002/07/owl#"},
  "@graph": [{"@id": "kg:Foundry", "@type": "owl:Class", "rdfs:subClassOf": {"@id": "kg:Organisation"},
              "rdfs:label": "Foundry"},
             {"@id": "https://x.test/onto", "@type": "owl:Ontology", "owl:imports": {"@id": "http://127.0.0.1:%d/more.ttl"}}]
}"""


def test_ontology_extension_is_loaded_and_imports_nothing(tmp_path):
    from kg.build import build
    from kg.store import Store
    from kg.validate import validate_store

    ontology = tmp_path / "ontology"
    shutil.copytree(PROJECT_ROOT / "ontology", ontology)
    (ontology / "extensions").mkdir()
    examples = PROJECT_ROOT / "data" / "examples"
    with listener() as (port, arrived):
        (ontology / "extensions" / "foundry.jsonld").write_text(EXTENSION % port, encoding="utf-8")
        settings = Settings(ontology_dir=ontology)
        with Store(tmp_path / "store") as store:
            report = build([examples], store, settings)
            assert report.ok
            rows = list(store.query("PREFIX kg: <https://w3id.org/kg-aichips/ontology#> "
                                    "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> "
                                    "SELECT ?c WHERE { ?c rdfs:subClassOf kg:Organisation }"))
            assert "https://w3id.org/kg-aichips/ontology#Foundry" in {row["c"].value for row in rows}
            assert validate_store(store, settings).conforms
    assert arrived == []
