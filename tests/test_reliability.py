"""Bad input, strange text, a second writer and a killed build lose nothing and reach nothing."""
from __future__ import annotations

import json
import signal
import subprocess
import sys
import time

import pytest
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


def test_second_writer_stops_with_one_line(tmp_path, extractor):
    """A build on a store another process is writing stops with one line, and the store is
    intact: it opens, holds what it held, and a later build works."""
    from kg.build import build

    path = tmp_path / "store"
    with Store(path) as store:
        build([EXAMPLES], store, extractor=extractor)
        before = sorted(map(str, store.oxigraph))
        out = subprocess.run([sys.executable, "-m", "kg", "build", str(EXAMPLES), "--store", str(path)],
                             capture_output=True, text=True, timeout=120)
    assert out.returncode == 1
    errors = [line for line in out.stderr.splitlines() if line.strip()]
    assert len(errors) == 1 and "another kg process" in errors[0], out.stderr
    with Store(path) as store:
        assert sorted(map(str, store.oxigraph)) == before
        assert build([EXAMPLES], store, extractor=extractor).unchanged == 2


N_DOCS = 60
UNION = "https://w3id.org/kg-aichips/ontology/union"
ONTOLOGY = "https://w3id.org/kg-aichips/ontology"


def _corpus(path, changed: bool = False):
    """N_DOCS articles in JSON Lines; ``changed`` rewrites every other one (same ids)."""
    texts = [p.read_text(encoding="utf-8") for p in sorted(EXAMPLES.glob("*.txt"))]
    with path.open("w", encoding="utf-8") as handle:
        for i in range(N_DOCS):
            extra = " It was revised later." if changed and i % 2 else ""
            handle.write(json.dumps({"id": str(i), "text": texts[i % 2] + f"\nCopy {i}.{extra}"}) + "\n")
    return path


def _graph_sizes(store: Store) -> dict[str, int]:
    rows = store.oxigraph.query("SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g")
    return {row["g"].value: int(row["n"].value) for row in rows}


@pytest.fixture(scope="module")
def reference(tmp_path_factory, extractor):
    """Each document graph's size in clean builds of the corpus and of its changed version."""
    from kg.build import build

    base = tmp_path_factory.mktemp("reference")
    sizes = {}
    for changed in (False, True):
        corpus = _corpus(base / f"corpus{int(changed)}.jsonl", changed)
        with Store(base / f"store{int(changed)}") as store:
            assert build([corpus], store, extractor=extractor).ok
            sizes.update({g: n for g, n in _graph_sizes(store).items() if "/id/doc/" in g})
    return sizes


def _consistent(store: Store, reference: dict[str, int]) -> int:
    """The store answers queries; each document in it is whole (its graph as big as in a clean
    build); the union graph holds exactly what the document graphs hold. Returns the documents."""
    documents = store.documents()
    sizes = _graph_sizes(store)
    for doc in documents:
        assert sizes[doc.graph] == reference[doc.graph], doc.source
    # (The union graph also holds the ontology's triples, for queries.)
    assert bool(store.oxigraph.query(
        f"ASK {{ GRAPH <{UNION}> {{ ?s ?p ?o }} FILTER NOT EXISTS {{ GRAPH ?g {{ ?s ?p ?o }} "
        f"FILTER(CONTAINS(STR(?g), '/id/doc/') || ?g = <{ONTOLOGY}>) }} }}")) is False
    assert bool(store.oxigraph.query(
        f"ASK {{ GRAPH ?g {{ ?s ?p ?o }} FILTER(CONTAINS(STR(?g), '/id/doc/')) "
        f"FILTER NOT EXISTS {{ GRAPH <{UNION}> {{ ?s ?p ?o }} }} }}")) is False
    return len(documents)


def _written(store_path, what: str) -> int:
    if not (store_path / "CURRENT").exists():
        return 0
    try:
        with Store(store_path, read_only=True) as reader:
            if what == "documents":
                return len(reader.documents())
            from kg.store import removed_graphs

            return len(removed_graphs(reader))
    except StoreError:  # the writer may be between files; try again
        return 0


@pytest.mark.parametrize("when", ["starting", "first-documents", "nearly-done", "rebuilding"])
def test_kill_at_any_moment(tmp_path, reference, extractor, when):
    """SIGKILL a build at several points: while it loads, after its first documents, near the
    end, and while a rebuild replaces changed documents. The store opens, answers queries and
    holds every document whole or not at all; the next build completes the work."""
    import shutil

    from kg.build import build

    corpus = _corpus(tmp_path / "corpus.jsonl")
    store_path = tmp_path / "store"
    if when == "rebuilding":
        with Store(store_path) as store:
            assert build([corpus], store, extractor=extractor).ok
        shutil.copy(_corpus(tmp_path / "changed.jsonl", changed=True), corpus)
    proc = subprocess.Popen([sys.executable, "-m", "kg", "build", str(corpus), "--store", str(store_path)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    what, target = {"starting": ("documents", None), "first-documents": ("documents", 1),
                    "nearly-done": ("documents", N_DOCS - 20), "rebuilding": ("removed", 5)}[when]
    deadline = time.monotonic() + 180
    if target is None:
        time.sleep(1.0)  # the model is still loading
    else:
        while time.monotonic() < deadline and _written(store_path, what) < target and proc.poll() is None:
            time.sleep(0.05)  # builds are quick: a coarse poll can miss the last third
    assert proc.poll() is None, "the build ended before it could be killed"
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    if store_path.exists():
        with Store(store_path) as store:
            _consistent(store, reference)
    with Store(store_path) as store:
        report = build([corpus], store, extractor=extractor)
        assert report.ok and report.added + report.replaced + report.unchanged == N_DOCS
        assert _consistent(store, reference) == N_DOCS
        # One graph per source: no changed document's old version is left.
        assert len({doc.source for doc in store.documents()}) == N_DOCS




def test_readers_never_see_half_a_file(tmp_path):
    """While output files are rewritten over and over, a reader sees a whole old or a whole new
    version, never a mix or a part; a writer killed mid-write leaves the old file as it was."""
    import threading

    from kg.export.io import write_atomic

    path = tmp_path / "graph.ttl"
    versions = [(f"# version {v}\n" + f"<urn:s> <urn:p> \"{v}\" .\n" * 200_000).encode() for v in range(3)]
    write_atomic(path, versions[0])
    done = threading.Event()
    seen = []

    def read():
        while not done.is_set():
            seen.append(path.read_bytes())

    reader = threading.Thread(target=read)
    reader.start()
    for i in range(12):
        write_atomic(path, versions[i % 3])
    done.set()
    reader.join()
    assert len(seen) > 1 and all(data in versions for data in seen)
    # A writer killed half-way through a large file.
    script = ("import sys, os, signal\n"
              "from kg.export import io\n"
              "def die(fd): os.kill(os.getpid(), signal.SIGKILL)\n"
              "io.os.fsync = die\n"
              f"io.write_atomic({str(path)!r}, b'partial' * 1_000_000)\n")
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, timeout=60)
    assert out.returncode == -signal.SIGKILL
    assert path.read_bytes() in versions
