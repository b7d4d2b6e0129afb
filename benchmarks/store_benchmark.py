"""The on-disk store at a million triples: bundled query latency and a full Turtle export.

    .venv/bin/python benchmarks/store_benchmark.py [--triples 1000000]

Generates document graphs shaped like the builder's (entities with labels and aliases,
relations of every property, an evidence record per relation), loads them into a fresh
on-disk store, then times each bundled query (best of 5 runs, after one warm-up) and a
Turtle export of the whole graph. The reference is the same query on a store of a tenth
of the size, in the same run; the ratio shows how query time grows with the store.
"""
from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


from kg.config import Settings  # noqa: E402
from kg.export.rdf import turtle  # noqa: E402
from kg.query import bundled_queries  # noqa: E402
from kg.rdf.graph import facts_to_statements  # noqa: E402
from kg.records import DocumentFacts, Entity, Evidence, Relation  # noqa: E402
from kg.store import Store  # noqa: E402

SIGNATURE = {
    "foundedBy": ("Company", "Person"), "affiliatedWith": ("Person", "Company"), "basedIn": ("Company", "Place"),
    "locatedIn": ("Place", "Country"), "country": ("Company", "Country"), "develops": ("Company", "AIModel"),
    "manufactures": ("Company", "Chip"), "usesChip": ("Company", "Chip"), "ownedBy": ("Company", "Company"),
    "issuedBy": ("Policy", "GovernmentBody"), "restricts": ("Policy", "Chip"), "targets": ("Policy", "Country"),
    "competesWith": ("Company", "Company"),
}
COARSE = {"Company": "Organisation", "GovernmentBody": "Organisation", "Person": "Person", "Place": "Place",
          "Country": "Place", "AIModel": "AIModel", "Chip": "Chip", "Policy": "Policy"}


def document(i: int, rng: random.Random, population: int) -> DocumentFacts:
    entities, relations = {}, []

    def entity(cls: str) -> Entity:
        n = rng.randrange(population)
        key = f"{COARSE[cls]}/{cls.lower()}_{n}"
        entities.setdefault(key, Entity(key, f"{cls} {n}", cls, (f"{cls[:3]}{n}",)))
        return entities[key]

    for prop, (s_cls, o_cls) in rng.sample(sorted(SIGNATURE.items()), 8):
        s, o = entity(s_cls), entity(o_cls)
        sentence = f"{s.label} {prop} {o.label} in a generated sentence number {i}."
        relations.append(Relation(s.key, prop, o.key, Evidence(sentence, 0, len(sentence), "generated", 0.8)))
    return DocumentFacts(f"gen{i:08d}", f"generated/{i}", f"Generated {i}", None, None,
                         tuple(entities.values()), tuple(relations))


def load(store: Store, triples: int, seed: int) -> int:
    rng = random.Random(seed)
    population = max(100, triples // 200)
    i = 0
    size = len(store)
    while size < triples:
        facts = document(i, rng, population)
        store.replace_document(f"https://w3id.org/kg-aichips/id/doc/gen{i:08d}", facts_to_statements(facts))
        i += 1
        if i % 200 == 0:  # counting the store is a full scan: not after every document
            store.flush()
            size = len(store)
    return i


def time_queries(store: Store) -> dict[str, float]:
    out = {}
    for name, path in bundled_queries().items():
        sparql = path.read_text(encoding="utf-8")
        list(store.query(sparql))
        best = min(_timed(store, sparql) for _ in range(5))
        out[name] = best
    return out


def _timed(store: Store, sparql: str) -> float:
    start = time.perf_counter()
    result = store.query(sparql)
    for _ in result:
        pass
    return time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--triples", type=int, default=1_000_000)
    args = parser.parse_args()
    settings = Settings()
    results = {}
    with tempfile.TemporaryDirectory() as tmp:
        for label, size in (("reference", args.triples // 10), ("full", args.triples)):
            store = Store(Path(tmp) / label)
            store.ensure_ontology(settings.ontology_file)
            start = time.perf_counter()
            docs = load(store, size, seed=size)
            loaded = time.perf_counter() - start
            store.flush()
            results[label] = time_queries(store)
            print(f"{label}: {len(store):,} quads from {docs:,} documents, loaded in {loaded:.1f} s")
            if label == "full":
                start = time.perf_counter()
                data = turtle(store)
                exported = time.perf_counter() - start
                print(f"Turtle export of the whole graph: {exported:.1f} s ({len(data) / 1e6:.0f} MB)")
            store.close()
    print(f"{'query':18s} {'reference ms':>12s} {'full ms':>9s} {'ratio':>6s}")
    for name in results["full"]:
        ref, full = results["reference"][name] * 1000, results["full"][name] * 1000
        print(f"{name:18s} {ref:12.1f} {full:9.1f} {full / ref if ref else 0:6.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
