"""kg build against plain spaCy on the same texts, side by side in one run.

    .venv/bin/python benchmarks/build_benchmark.py [--docs 300] [--repeat 3]

The corpus is the project's example and test texts, repeated with a numbered line added to
each copy so that every document is new to the store. Prints the time of plain
``nlp.pipe`` over the texts with the same model, of ``kg build`` into a fresh on-disk
store (reading, extraction, RDF, store writes), their ratio, and the time of a rebuild of
the unchanged corpus as a share of the first build. The two run in turn ``--repeat`` times
and the median ratio is reported, so that a slow moment of the machine does not decide it.
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
    return 0


if __name__ == "__main__":
    sys.exit(main())
