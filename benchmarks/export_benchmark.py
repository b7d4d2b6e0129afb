"""Exports at scale: kg's Turtle, N-Triples and N-Quads against Oxigraph's own dump of the
same triples, side by side in one run.

    .venv/bin/python benchmarks/export_benchmark.py [--triples 1000000] [--runs 3] [--store DIR]

Generates document graphs shaped like the builder's (``store_benchmark.document``: entities
with labels and aliases, relations of every property, an evidence record per relation; one
entity mention in twenty spelled another way, so that entities carry two rdfs:label) and
writes them with ``Store.replace_document``, the builder's own write path, until the union
graph (what queries see) holds about TRIPLES triples. Then, best of RUNS each, ours and the reference in turns:

- ``kg``'s export: Turtle and N-Triples of the facts (the default) and with ``--evidence``
  (about TRIPLES triples), and N-Quads of every document graph;
- the reference: a fresh on-disk store holding exactly the triples (or quads) of that
  export, loaded untimed, and its ``Store.dump`` in the same format.

The ratio is the export's time over the reference's. ``--store DIR`` keeps the generated
store there and reuses it on the next run.
"""
from __future__ import annotations

import argparse
import dataclasses
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

import pyoxigraph as ox  # noqa: E402

from store_benchmark import document  # noqa: E402

from kg.config import Settings  # noqa: E402
from kg.export import rdf as export  # noqa: E402
from kg.rdf.graph import facts_to_statements  # noqa: E402
from kg.store import UNION_GRAPH_IRI, Store  # noqa: E402

UNION_SIZE = f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{UNION_GRAPH_IRI}> {{ ?s ?p ?o }} }}"


def union_size(store: Store) -> int:
    return int(next(iter(store.oxigraph.query(UNION_SIZE)))["n"].value)


def respelled(facts, rng: random.Random):
    """One entity mention in twenty under another name, as articles spell names differently."""
    entities = tuple(dataclasses.replace(e, label=f"The {e.label}") if rng.random() < 0.05 else e
                     for e in facts.entities)
    return dataclasses.replace(facts, entities=entities)


def load(store: Store, triples: int, seed: int = 1) -> int:
    rng, spelling = random.Random(seed), random.Random(seed + 1)
    population = max(100, triples // 90)  # about as dense as store_benchmark's graphs
    i = 0
    while True:
        facts = respelled(document(i, rng, population), spelling)
        store.replace_document(f"https://w3id.org/kg-aichips/id/doc/gen{i:08d}", facts_to_statements(facts))
        i += 1
        if i % 500 == 0:
            store.flush()
            if union_size(store) >= triples:
                return i


def timed(job) -> float:
    start = time.perf_counter()
    job()
    return time.perf_counter() - start


def side_by_side(runs: int, ours, theirs) -> tuple[float, float]:
    """Best of ``runs`` for each, taken in turns, so that other work on the machine weighs on
    both alike."""
    pairs = [(timed(ours), timed(theirs)) for _ in range(runs)]
    return min(p[0] for p in pairs), min(p[1] for p in pairs)


def reference(tmp: Path, name: str, data: bytes, fmt: ox.RdfFormat) -> Store:
    """A fresh on-disk store holding exactly ``data``."""
    store = Store(tmp / f"reference-{name}")
    store.oxigraph.bulk_load(data, format=fmt)
    store.flush()
    return store


def canonical(data: bytes, fmt: ox.RdfFormat) -> list[bytes]:
    """The sorted N-Triples/N-Quads lines of what ``data`` parses to (no blank nodes here)."""
    out = ox.serialize(ox.parse(data, format=fmt), format=ox.RdfFormat.N_QUADS if fmt == ox.RdfFormat.N_QUADS
                       else ox.RdfFormat.N_TRIPLES)
    return sorted(line for line in out.split(b"\n") if line)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--triples", type=int, default=1_000_000, help="triples in the union graph")
    parser.add_argument("--runs", type=int, default=3, help="best of this many runs per timing")
    parser.add_argument("--store", type=Path, help="keep the generated store here (reused if present)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(dir=args.store.parent if args.store else None) as tmp:
        tmp = Path(tmp)
        path = args.store or tmp / "store"
        fresh = not path.exists()
        store = Store(path)
        if fresh:
            store.ensure_ontology(Settings().ontology_file)
            start = time.perf_counter()
            docs = load(store, args.triples)
            print(f"generated {docs:,} documents in {time.perf_counter() - start:.1f} s")
        print(f"store: {len(store):,} quads, {union_size(store):,} triples in the union graph")
        rows = []
        dumps = {ox.RdfFormat.TURTLE: {"prefixes": export._TURTLE_PREFIXES}, ox.RdfFormat.N_TRIPLES: {}}
        for evidence in (False, True):
            what = "with --evidence" if evidence else "facts"
            nt, ttl = export.ntriples(store, evidence), export.turtle(store, evidence)
            assert canonical(ttl, ox.RdfFormat.TURTLE) == canonical(nt, ox.RdfFormat.N_TRIPLES), what
            ref = reference(tmp, what, nt, ox.RdfFormat.N_TRIPLES).oxigraph
            for name, fmt, job, size in (("Turtle", ox.RdfFormat.TURTLE, export.turtle, len(ttl)),
                                         ("N-Triples", ox.RdfFormat.N_TRIPLES, export.ntriples, len(nt))):
                ours, theirs = side_by_side(
                    args.runs, lambda: job(store, evidence),
                    lambda: ref.dump(format=fmt, from_graph=ox.DefaultGraph(), **dumps[fmt]))
                rows.append((f"{name}, {what}", len(ref), ours, theirs, size))
        nq = export.serialise(store, "nquads")
        ref = reference(tmp, "nquads", nq, ox.RdfFormat.N_QUADS).oxigraph
        assert canonical(ref.dump(format=ox.RdfFormat.N_QUADS), ox.RdfFormat.N_QUADS) == nq.split(b"\n")[:-1]
        ours, theirs = side_by_side(args.runs, lambda: export.serialise(store, "nquads"),
                                    lambda: ref.dump(format=ox.RdfFormat.N_QUADS))
        rows.append(("N-Quads, document graphs", len(ref), ours, theirs, len(nq)))
        store.close()
    print(f"{'export':32s} {'triples':>10s} {'kg s':>6s} {'Oxigraph s':>10s} {'ratio':>6s} {'MB':>5s}")
    for name, count, ours, theirs, size in rows:
        print(f"{name:32s} {count:10,d} {ours:6.2f} {theirs:10.2f} {ours / theirs:6.2f} {size / 1e6:5.0f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
