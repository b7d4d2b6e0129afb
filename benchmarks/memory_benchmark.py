"""Peak memory of kg build for 1,000 and for 10,000 documents.

    .venv/bin/python benchmarks/memory_benchmark.py [--small 1000 --large 10000]

Each size runs in a fresh process: a JSON Lines corpus of short generated articles (new names
in every one, so that spaCy's string store would keep growing without memory zones) is built
into a fresh on-disk store. Prints each peak resident size and their ratio.
"""
from __future__ import annotations

import argparse
import json
import random
import resource
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

SYLLABLES = ["ka", "lo", "mi", "ren", "tao", "shi", "vor", "den", "qua", "zel", "fin", "bar", "pol", "xin", "yu"]
TEMPLATES = [
    "{org} said on Monday that it had bought {n} {chip} chips for its new data centre in {city}.",
    "{person}, an analyst at {org}, said the {chip} would compete with {model}.",
    "{org} was founded in {year} by {person} and is based in {city}, {country}.",
    "The US export controls restrict sales of the {chip} to {org}, officials said.",
]
COUNTRIES = ["China", "Japan", "Germany", "India", "Brazil", "Canada"]


def word(rng: random.Random) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 3))).capitalize()


def article(rng: random.Random) -> str:
    values = dict(org=f"{word(rng)} {rng.choice(['Technologies', 'Labs', 'Semiconductor'])}",
                  person=f"{word(rng)} {word(rng)}", chip=f"{word(rng)[0]}{rng.randint(100, 999)}",
                  model=f"{word(rng)}-{rng.randint(1, 9)}", city=word(rng), country=rng.choice(COUNTRIES),
                  year=rng.randint(1990, 2024), n=rng.randint(100, 9000))
    return " ".join(t.format(**values) for t in rng.sample(TEMPLATES, 3))


def child(count: int) -> None:
    sys.path.insert(0, str(ROOT))
    from kg.build import build
    from kg.config import Settings
    from kg.store import Store

    rng = random.Random(count)
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "corpus.jsonl"
        with corpus.open("w", encoding="utf-8") as handle:
            for i in range(count):
                handle.write(json.dumps({"id": str(i), "text": article(rng)}) + "\n")
        with Store(Path(tmp) / "store") as store:
            report = build([corpus], store, Settings())
        assert report.added == count, report.summary()
    peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(json.dumps({"documents": count, "peak_mib": peak_kib / 1024}))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--small", type=int, default=1000)
    parser.add_argument("--large", type=int, default=10000)
    parser.add_argument("--child", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child)
        return 0
    peaks = {}
    for count in (args.small, args.large):
        out = subprocess.run([sys.executable, __file__, "--child", str(count)], capture_output=True, text=True,
                             check=True)
        result = json.loads(out.stdout.strip().splitlines()[-1])
        peaks[count] = result["peak_mib"]
        print(f"{count:6d} documents  peak resident {result['peak_mib']:.0f} MiB")
    print(f"ratio {args.large}/{args.small}: {peaks[args.large] / peaks[args.small]:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
