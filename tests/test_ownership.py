"""Ownership constructions that must not fire: peers in a list, a stake sold, a negated or
hypothetical holding, money sought but not had, a joint venture merely negotiated (kg/extract/relations/ownership.py)."""
from __future__ import annotations

import pytest

from kg.ingest import make_document


def owned(extractor, text: str) -> set[tuple[str, str]]:
    document = make_document(text, "test.txt")
    doc = extractor.nlp(extractor.make_doc(document))
    facts = extractor.resolver(document, doc)
    labels = {e.key: e.label for e in facts.entities}
    return {(labels[r.subject], labels[r.object]) for r in facts.relations
            if r.asserted and r.predicate == "ownedBy"}


@pytest.mark.parametrize("text", [
    "BIS, the Office of Foreign Assets Control, and the Department of State issued guidance.",
    "SoftBank sold its stake in Orbis Semiconductor Inc. in 2020.",
    "SoftBank may take a stake in Orbis Semiconductor Inc.",
    "Orbis Semiconductor Inc. makes sensors. It is not a subsidiary of Siemens.",
    "Siemens did not form a joint venture, Orbis Tianjin Co., Ltd., with Infineon AG.",
    "Siemens signed a joint venture agreement with Infineon AG and Orbis Tianjin Co., Ltd.",
    "Siemens makes trains. SoftBank did not invest in Orbis Semiconductor Inc.",
    "Siemens is not a shareholder in Orbis Semiconductor Inc.",
    "Siemens is a supplier to Orbis Semiconductor Inc.",
    "Orbis Semiconductor Inc. sought funding from SoftBank.",
    "Orbis Semiconductor Inc. did not receive funding from SoftBank.",
    "SoftBank provided Orbis Semiconductor Inc. with chips.",
    "Bosch founded Orbis Semiconductor Inc. in 2016 with help from SoftBank.",
    "Bosch founded Orbis Semiconductor Inc. in 2016 with a loan from SoftBank.",
])
def test_no_ownership(extractor, text):
    assert owned(extractor, text) == set()


def test_address_chain(extractor):
    pairs = owned(extractor, "Write to the Division of Licensing, Bureau of Trade Controls, Ministry of Finance.")
    assert ("Division of Licensing", "Bureau of Trade Controls") in pairs
    assert ("Bureau of Trade Controls", "Ministry of Finance") in pairs
    assert ("Division of Licensing", "Ministry of Finance") not in pairs


def test_plural_anaphor_is_not_the_clause_subject(extractor):
    pairs = owned(extractor, "Two ventures were set up: Orbis Semiconductor Inc. and Zentek Systems Inc. "
                             "Siemens and Infineon own these companies.")
    assert ("Orbis Semiconductor Inc.", "Siemens") in pairs and ("Zentek Systems Inc.", "Siemens") in pairs
    assert not {("Siemens", "Infineon Technologies"), ("Infineon Technologies", "Siemens")} & pairs
