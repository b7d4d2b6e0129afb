"""`kg build --workers 2` against `--workers 1`, whole processes, on this machine's cores.

    .venv/bin/python benchmarks/workers_benchmark.py [--docs 1000] [--repeat 1]

The corpus is the project's example and test texts repeated with a numbered line added to
each copy (every document new to the store), as in build_benchmark.py. Each round builds it
with one worker and with two into fresh stores, timing each process from start to exit, then
checks that the two stores hold the same graph: the N-Quads exports are compared line by line
(the builder makes no blank nodes, so equal lines are an isomorphism), and the first
difference is printed if they differ.
"""
from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from build_benchmark import corpus  # noqa: E402


def timed_build(folder: Path, store: Path, workers: int) -> float:
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "kg", "build", str(folder), "--store", str(store), "--workers", str(workers)],
                   check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def quads(store: Path, out: Path) -> list[bytes]:
    subprocess.run([sys.executable, "-m", "kg", "export", "--store", str(store), "--format", "nquads", "-o", str(out)],
                   check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return sorted(out.read_bytes().split(b"\n"))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=1)
    args = parser.parse_args()
    print(f"cores: {os.cpu_count()}", flush=True)
    ones, twos = [], []
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        folder = tmp / "corpus"
        folder.mkdir()
        corpus(folder, args.docs)
        for round_ in range(args.repeat):
            ones.append(timed_build(folder, tmp / f"one-{round_}", 1))
            twos.append(timed_build(folder, tmp / f"two-{round_}", 2))
            print(f"round {round_ + 1}: --workers 1 {ones[-1]:.1f} s, --workers 2 {twos[-1]:.1f} s, "
                  f"speed-up {ones[-1] / twos[-1]:.2f}x", flush=True)
        first, second = quads(tmp / "one-0", tmp / "one.nq"), quads(tmp / "two-0", tmp / "two.nq")
        same = first == second
        if not same:
            diff = next((a, b) for a, b in zip(first, second) if a != b) if len(first) == len(second) else \
                (len(first), len(second))
            print(f"graphs differ: {diff}")
    speedups = sorted(o / t for o, t in zip(ones, twos))
    print(f"documents {args.docs}: --workers 1 {statistics.median(ones):.1f} s, --workers 2 "
          f"{statistics.median(twos):.1f} s, speed-up {speedups[len(speedups) // 2]:.2f}x; "
          f"same graph: {'yes' if same else 'NO'} ({len(first)} quads)")
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
