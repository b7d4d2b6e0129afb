"""Whole processes, start-up included: what a user waits for when they run `kg build`.

    .venv/bin/python benchmarks/process_benchmark.py [--repeat 5]

Two comparisons, each run side by side in turn ``--repeat`` times, medians reported:

1. One short article. ``kg build FILE --store NEW`` as a process of its own against a
   process that imports spaCy, loads the same model and parses the same text. Wall time and
   peak resident memory (from ``wait4``) of each process.
2. The dev, domain dev and Re-DocRED texts together (about 180 documents; the shared
   evaluation sets beside the project, else the test texts). ``kg build FOLDERS --store NEW``
   against a process that loads the model and runs ``nlp.pipe`` over the same texts.

Before the rounds, one ``kg build`` fills the compile cache (``kg.cache``); its time is
printed as the cold start. The rounds then measure the warm start every later run gets.
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
EVAL = ROOT.parent / "shared" / "eval"
PYTHON = sys.executable

PLAIN = """
import sys, spacy
from kg.config import DEFAULT_MODELS
for name in DEFAULT_MODELS:
    try:
        nlp = spacy.load(name)
        break
    except OSError:
        continue
paths = [p for p in sys.argv[1:]]
import pathlib
texts = [t.read_text(encoding="utf-8") for p in paths for t in (sorted(pathlib.Path(p).rglob("*.txt")) if pathlib.Path(p).is_dir() else [pathlib.Path(p)])]
for doc in nlp.pipe(texts, batch_size=32):
    pass
"""


def run(command: list[str], env: dict) -> tuple[float, float]:
    """Wall seconds and peak resident MiB of one process."""
    start = time.perf_counter()
    proc = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    _, status, usage = os.wait4(proc.pid, 0)
    took = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"{' '.join(command)} failed: {proc.stderr.read().decode()[-500:]}")
    proc.stderr.close()
    return took, usage.ru_maxrss / 1024


def compare(label: str, inputs: list[Path], repeat: int, tmp: Path, env: dict) -> None:
    kg_times, kg_memory, plain_times, plain_memory = [], [], [], []
    for round_ in range(repeat):
        took, peak = run([PYTHON, "-c", PLAIN, *map(str, inputs)], env)
        plain_times.append(took)
        plain_memory.append(peak)
        took, peak = run([PYTHON, "-m", "kg", "build", *map(str, inputs), "--store", str(tmp / f"{label}-{round_}")], env)
        kg_times.append(took)
        kg_memory.append(peak)
        print(f"  round {round_ + 1}: plain {plain_times[-1]:.2f} s {plain_memory[-1]:.0f} MiB, "
              f"kg build {kg_times[-1]:.2f} s {kg_memory[-1]:.0f} MiB", flush=True)
    ratio = sorted(k / p for k, p in zip(kg_times, plain_times))
    memory = sorted(k / p for k, p in zip(kg_memory, plain_memory))
    print(f"{label}: plain {statistics.median(plain_times):.2f} s / {statistics.median(plain_memory):.0f} MiB, "
          f"kg build {statistics.median(kg_times):.2f} s / {statistics.median(kg_memory):.0f} MiB; "
          f"time ratio {ratio[len(ratio) // 2]:.2f} (rounds {', '.join(f'{r:.2f}' for r in ratio)}), "
          f"memory ratio {memory[len(memory) // 2]:.2f}", flush=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    article = sorted((ROOT / "data" / "examples").glob("*.txt"))[0]
    sets = [EVAL / name / "texts" for name in ("dev", "domain", "re-docred") if (EVAL / name / "texts").is_dir()]
    if not sets:
        sets = [ROOT / "tests" / "data"]
    count = sum(len(list(folder.rglob("*.txt"))) for folder in sets)
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        env = {**os.environ, "KG_CACHE_DIR": str(tmp / "cache"), "PYTHONPATH": str(ROOT)}
        cold, _ = run([PYTHON, "-m", "kg", "build", str(article), "--store", str(tmp / "cold")], env)
        print(f"cold start (compile cache empty): kg build of one article {cold:.2f} s", flush=True)
        print(f"one short article ({article.name}, {article.stat().st_size} bytes):", flush=True)
        compare("one article", [article], args.repeat, tmp, env)
        print(f"{count} documents ({', '.join(f.parent.name if f.name == 'texts' else f.name for f in sets)}):",
              flush=True)
        compare("corpus", sets, max(1, args.repeat // 2), tmp, env)
    return 0


if __name__ == "__main__":
    sys.exit(main())
