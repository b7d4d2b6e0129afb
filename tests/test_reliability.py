"""Bad input, strange text, a second writer and a killed build lose nothing and reach nothing."""
from __future__ import annotations

import json
import signal
import subprocess
import sys
import time

from hypothesis import HealthCheck, given, settings as hsettings, strategies as st

from kg.ingest import make_document
from kg.errors import InputError, StoreError
from kg.store import Store

from conftest import EXAMPLES


@hsettings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.text(min_size=1, max_size=300))
def test_any_unicode_text_extracts(extractor, text):
    """Whatever the characters, extraction finishes and every evidence span is in the text."""
    try:
        document = make_document(text, "hypothesis.txt")
    except InputError as exc:  # nothing but spaces and control characters
        assert "empty document" in str(exc)
        assert not "".join(c for c in text if c.isprintable()).strip()
        return
    facts = extractor.extract(document)
    for relation in facts.relations:
        ev = relation.evidence
        assert document.text[ev.start:ev.end] == ev.sentence


def test_second_writer_stops_with_one_line(tmp_path):
    path = tmp_path / "store"
    with Store(path):
        out = subprocess.run([sys.executable, "-m", "kg", "build", str(EXAMPLES), "--store", str(path)],
                             capture_output=True, text=True, timeout=120)
    assert out.returncode == 1
    errors = [line for line in out.stderr.splitlines() if line.strip()]
    assert len(errors) == 1 and "another kg process" in errors[0], out.stderr


def test_killed_build_leaves_whole_documents(tmp_path):
    corpus = tmp_path / "corpus.jsonl"
    texts = [p.read_text(encoding="utf-8") for p in sorted(EXAMPLES.glob("*.txt"))]
    with corpus.open("w", encoding="utf-8") as handle:
        for i in range(200):
            handle.write(json.dumps({"id": str(i), "text": texts[i % 2] + f"\nCopy {i}."}) + "\n")
    store = tmp_path / "store"
    proc = subprocess.Popen([sys.executable, "-m", "kg", "build", str(corpus), "--store", str(store)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 180
    # Kill it mid-way: as soon as a reader sees some documents written.
    written = 0
    while time.monotonic() < deadline and written < 3:
        time.sleep(0.5)
        if (store / "CURRENT").exists():
            try:
                with Store(store, read_only=True) as reader:
                    written = len(reader.documents())
            except StoreError:  # the writer may be between files; try again
                written = 0
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    with Store(store) as kg_store:
        documents = kg_store.documents()
        assert 0 < len(documents) < 200
        for doc in documents:  # each document is there whole: its entities, relations and evidence
            rows = list(kg_store.oxigraph.query(
                f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{doc.graph}> {{ ?e <https://w3id.org/kg-aichips/ontology#mentionedIn> <{doc.graph}> }} }}"))
            assert int(rows[0]["n"].value) > 5
    out = subprocess.run([sys.executable, "-m", "kg", "build", str(corpus), "--store", str(store)],
                         capture_output=True, text=True, timeout=600)
    assert out.returncode == 0, out.stderr
    with Store(store, read_only=True) as kg_store:
        assert len(kg_store.documents()) == 200
