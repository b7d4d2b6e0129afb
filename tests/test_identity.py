"""Across documents: all dev texts in one store give one node per real entity and never merge
different coarse types (tests/data/dev is a copy of the shared dev set; see its SOURCES.md)."""
from __future__ import annotations

import json

from kg.evaluate import normalise
from kg.query import select_rows
from kg.records import COARSE_OF

from conftest import TEST_DATA

DEV = TEST_DATA / "dev"
CLASS_NS = "https://w3id.org/kg-aichips/ontology#"


def test_one_node_per_entity_across_documents(tmp_path, settings, extractor):
    from kg.build import build
    from kg.store import Store

    with Store(tmp_path / "store") as store:
        report = build([DEV / "texts"], store, settings, extractor=extractor)
        assert report.added == 7
        rows = select_rows(store, f"""
            PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
            PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
            SELECT ?e ?cls ?name WHERE {{ ?e a ?cls . {{ ?e rdfs:label ?name }} UNION {{ ?e skos:altLabel ?name }}
                                        FILTER(STRSTARTS(STR(?cls), "{CLASS_NS}")) }}""")
    nodes: dict[str, tuple[set, set]] = {}
    for row in rows:
        cls = row["cls"][len(CLASS_NS):]
        if cls in COARSE_OF:
            kinds, names = nodes.setdefault(row["e"], (set(), set()))
            kinds.add(COARSE_OF[cls])
            names.add(normalise(row["name"]))
    mixed = {iri: kinds for iri, (kinds, _) in nodes.items() if len(kinds) > 1}
    assert not mixed, mixed
    split = []
    for path in sorted((DEV / "gold").glob("*.json")):
        for entity in json.loads(path.read_text(encoding="utf-8"))["entities"]:
            names = {normalise(n) for n in [entity["name"], *entity.get("aliases", [])]}
            coarse = COARSE_OF[entity["type"]]
            hits = [iri for iri, (kinds, labels) in nodes.items() if coarse in kinds and labels & names]
            # An unnamed policy that the text attributes to nobody stays apart (known failure class).
            hits = [iri for iri in hits if coarse != "Policy" or "/Policy/export_controls" not in iri]
            if len(hits) > 1:
                split.append((path.stem, entity["id"], hits))
    assert not split, split
    # Aliases from every document are kept on the one node.
    [us] = [names for iri, (kinds, names) in nodes.items() if iri.endswith("/Place/united_states")]
    assert {"us", "united states", "washington"} <= us


def test_unnamed_policy_has_the_same_name_across_documents(facts_of):
    a, _ = facts_of("The Bureau of Industry and Security tightened its export controls on Monday.")
    b, _ = facts_of("Chinese firms were hit by the new US export controls.")
    c, _ = facts_of("Beijing said the export sanctions were designed to slow China's progress.")
    [pa] = [e for e in a.entities if e.cls == "Policy"]
    [pb] = [e for e in b.entities if e.cls == "Policy"]
    assert pa.key == pb.key and pa.label == "United States export controls"
    [pc] = [e for e in c.entities if e.cls == "Policy"]
    assert pc.label == "export controls on China"
