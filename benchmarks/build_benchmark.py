"""kg build against plain spaCy on the same texts, side by side in one run.

    .venv/bin/python benchmarks/build_benchmark.py [--docs 300] [--repeat 3]

The corpus is the project's example and test texts, repeated with a numbered line added to
each copy so that every document is new to the store. Prints the time of plain
``nlp.pipe`` over the texts with the same model, of ``kg build`` into a fresh on-disk
store (reading, extraction, RDF, store writes), their ratio, and the time of a rebuild of
the unchanged corpus as a share of the first build. The two run in turn ``--repeat`` times
and the median ratio is reported, so that a slow moment of the machine does not decide it.

Then one pass stage by stage over the same corpus gives the share of each stage: reading,
spaCy's own components, our rule components (entity rules, mention filter, relation rules,
the segmenter), resolution into records, RDF statements and the store's writes; and what
compiling the rules costs once per process (the pipeline's start beyond loading the model).
"""
from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kg.build import build  # noqa: E402
from kg.config import Settings  # noqa: E402
from kg.extract import Extractor  # noqa: E402
from kg.extract.pipeline import load_model  # noqa: E402
from kg.ingest import iter_documents  # noqa: E402
from kg.rdf import document_iri  # noqa: E402
from kg.rdf.graph import facts_to_statements  # noqa: E402
from kg.store import Store  # noqa: E402

OURS = {"kg_segmenter", "kg_entity_rules", "kg_entity_filter", "kg_relations"}


def stage_shares(folder: Path, settings: Settings, store_path: Path) -> None:
    """Each stage over the whole corpus in turn, timed apart, and its share of the sum."""
    times: dict[str, float] = dict.fromkeys(("read", "spaCy", "rules", "resolution", "RDF", "store"), 0.0)
    start = time.perf_counter()
    load_model(settings.model)
    model = time.perf_counter() - start
    start = time.perf_counter()
    extractor = Extractor(settings)
    pipeline = time.perf_counter() - start
    start = time.perf_counter()
    documents = [d for d in iter_documents([folder]) if not isinstance(d, Exception)]
    times["read"] = time.perf_counter() - start
    docs = []
    start = time.perf_counter()
    docs = [extractor.make_doc(d) for d in documents]
    times["spaCy"] += time.perf_counter() - start
    for name, component in extractor.nlp.pipeline:
        start = time.perf_counter()
        if hasattr(component, "pipe"):
            docs = list(component.pipe(docs, batch_size=settings.batch_size))
        else:
            docs = [component(doc) for doc in docs]
        times["rules" if name in OURS else "spaCy"] += time.perf_counter() - start
    start = time.perf_counter()
    facts = [extractor.resolver(d, doc) for d, doc in zip(documents, docs)]
    times["resolution"] = time.perf_counter() - start
    start = time.perf_counter()
    statements = [facts_to_statements(f) for f in facts]
    times["RDF"] = time.perf_counter() - start
    with Store(store_path) as store:
        start = time.perf_counter()
        for f, text in zip(facts, statements):
            store.replace_document(str(document_iri(f.doc_id)), text)
        store.flush()
        times["store"] = time.perf_counter() - start
    total = sum(times.values())
    print(f"stages over {len(documents)} documents, one at a time (total {total:.2f} s):")
    for name, seconds in times.items():
        print(f"  {name:11} {seconds:6.2f} s  {100 * seconds / total:5.1f} %")
    print(f"  compiling the rules and tables once per process: {max(0.0, pipeline - model):.2f} s "
          f"(the pipeline's start {pipeline:.2f} s, of which loading the model {model:.2f} s)")


def corpus(folder: Path, count: int) -> list[Path]:
    sources = sorted((ROOT / "data" / "examples").glob("*.txt")) + sorted((ROOT / "tests" / "data").rglob("*.txt"))
    texts = [p.read_text(encoding="utf-8") for p in sources]
    paths = []
    for i in range(count):
        path = folder / f"doc{i:06d}.txt"
        path.write_text(texts[i % len(texts)] + f"\nCopy {i}.\n", encoding="utf-8")
        paths.append(path)
    return paths


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=300)
    parser.add_argument("--repeat", type=int, default=3, help="rounds of plain-then-kg; the median ratio is reported")
    args = parser.parse_args()
    settings = Settings()
    plains, firsts, rebuilds = [], [], []
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "corpus"
        folder.mkdir()
        paths = corpus(folder, args.docs)
        texts = [p.read_text(encoding="utf-8") for p in paths]
        nlp = load_model(settings.model)
        list(nlp.pipe(texts[:20], batch_size=settings.batch_size))  # warm up
        extractor = Extractor(settings)
        list(extractor.extract_many([]))
        for round_ in range(args.repeat):
            # Side by side: plain spaCy, then kg build into a fresh store, on the same texts.
            start = time.perf_counter()
            for _ in nlp.pipe(texts, batch_size=settings.batch_size):
                pass
            plains.append(time.perf_counter() - start)
            with Store(Path(tmp) / f"store{round_}") as store:
                start = time.perf_counter()
                report = build([folder], store, settings, extractor=extractor)
                firsts.append(time.perf_counter() - start)
                start = time.perf_counter()
                again = build([folder], store, settings, extractor=extractor)
                rebuilds.append(time.perf_counter() - start)
            assert report.added == args.docs and again.unchanged == args.docs
            print(f"round {round_ + 1}: plain {plains[-1]:.2f} s, kg build {firsts[-1]:.2f} s, "
                  f"ratio {firsts[-1] / plains[-1]:.2f}", flush=True)
    ratios = sorted(f / p for f, p in zip(firsts, plains))
    median = ratios[len(ratios) // 2]
    print(f"documents          {args.docs}")
    print(f"plain nlp.pipe     {statistics.median(plains):.2f} s (median of {args.repeat})")
    print(f"kg build           {statistics.median(firsts):.2f} s (median of {args.repeat})")
    print(f"ratio build/plain  {median:.2f} (median; rounds {', '.join(f'{r:.2f}' for r in ratios)})")
    rebuild = statistics.median(rebuilds)
    print(f"rebuild unchanged  {rebuild:.2f} s ({100 * rebuild / statistics.median(firsts):.1f} % of the first build)")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "corpus"
        folder.mkdir()
        corpus(folder, args.docs)
        stage_shares(folder, settings, Path(tmp) / "stages")
    return 0


if __name__ == "__main__":
    sys.exit(main())
