"""kg build against plain spaCy on the same texts, side by side in one run.

    .venv/bin/python benchmarks/build_benchmark.py [--docs 300]

The corpus is the project's example and test texts, repeated with a numbered line added to
each copy so that every document is new to the store. Prints the time of plain
``nlp.pipe`` over the texts with the same model, of ``kg build`` into a fresh on-disk
store (reading, extraction, RDF, store writes), their ratio, and the time of a rebuild of
the unchanged corpus as a share of the first build.
"""
from __future__ import annotations

import argparse
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
from kg.store import Store  # noqa: E402


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
    args = parser.parse_args()
    settings = Settings()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "corpus"
        folder.mkdir()
        paths = corpus(folder, args.docs)
        texts = [p.read_text(encoding="utf-8") for p in paths]

        nlp = load_model(settings.model)
        list(nlp.pipe(texts[:20], batch_size=settings.batch_size))  # warm up
        start = time.perf_counter()
        for _ in nlp.pipe(texts, batch_size=settings.batch_size):
            pass
        plain = time.perf_counter() - start

        extractor = Extractor(settings)
        list(extractor.extract_many([]))
        with Store(Path(tmp) / "store") as store:
            start = time.perf_counter()
            report = build([folder], store, settings, extractor=extractor)
            first = time.perf_counter() - start
            start = time.perf_counter()
            again = build([folder], store, settings, extractor=extractor)
            rebuild = time.perf_counter() - start
        assert report.added == args.docs and again.unchanged == args.docs
    print(f"documents          {args.docs}")
    print(f"plain nlp.pipe     {plain:.2f} s")
    print(f"kg build           {first:.2f} s")
    print(f"ratio build/plain  {first / plain:.2f}")
    print(f"rebuild unchanged  {rebuild:.2f} s ({100 * rebuild / first:.1f} % of the first build)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
