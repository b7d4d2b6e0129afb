"""kg serve under load: a flood of slow queries, a build into the served store, and eight
clients for a minute.

    .venv/bin/python benchmarks/serve_benchmark.py [--seconds 60] [--clients 8]

1. Flood: a store of the dev texts, `kg serve --timeout 2`; twelve cartesian-product queries
   at once, a COUNT sent during the flood, the CPU share of the server's processes 3 s after
   the flood (read from /proc), then one more query.
2. Live data: a store of the two example articles being served; `kg build` of the 22 domain
   texts into it while a client queries without pause; how long after the build's end the
   new documents are answered, and any error or half-written document seen on the way.
3. Sustained load: CLIENTS threads send the bundled queries in turn for SECONDS; throughput,
   p50 and p99 latency and errors. The reference is the same queries on the same snapshot
   from the same number of threads calling pyoxigraph in this process (no HTTP, no worker
   processes), over the same time; the ratio is the endpoint's throughput against it.
"""
from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from serving import COUNT, SLOW, ServerProcess, cpu_share  # noqa: E402

from kg import snapshots  # noqa: E402
from kg.query import bundled_queries  # noqa: E402

EVAL = ROOT.parent / "shared" / "eval"
DEV = EVAL / "dev" / "texts" if (EVAL / "dev" / "texts").is_dir() else ROOT / "tests" / "data" / "dev" / "texts"
DOMAIN = EVAL / "domain" / "texts"
DOCUMENTS = ("PREFIX kg: <https://w3id.org/kg-aichips/ontology#> SELECT ?d (COUNT(?e) AS ?n) WHERE { "
             "?d a kg:Document . OPTIONAL { ?e kg:mentionedIn ?d } } GROUP BY ?d")


def build(store: Path, *paths: Path) -> None:
    subprocess.run([sys.executable, "-m", "kg", "build", *map(str, paths), "--store", str(store)], check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def flood(store: Path) -> dict:
    server = ServerProcess(store, "--timeout", "2")
    try:
        answers: list[tuple[int, float]] = []

        def one(query: str) -> tuple[int, float]:
            start = time.monotonic()
            return server.get(query)[0], time.monotonic() - start

        threads = [threading.Thread(target=lambda: answers.append(one(SLOW))) for _ in range(12)]
        for thread in threads:
            thread.start()
        time.sleep(0.5)
        count_status, count_time = one(COUNT)
        for thread in threads:
            thread.join()
        time.sleep(3)
        share = cpu_share(server, 1.0)
        next_status = one("ASK { }")[0]
        return {"slow statuses": sorted({s for s, _ in answers}), "slowest answer (s)": round(max(t for _, t in answers), 2),
                "count during flood": count_status, "count time (s)": round(count_time, 3),
                "CPU 3 s after (share of a core)": round(share, 3), "next query": next_status}
    finally:
        server.stop()


def live(store: Path) -> dict:
    server = ServerProcess(store)
    seen: list[int] = []
    problems: list[str] = []
    stop = threading.Event()

    def watch() -> None:
        while not stop.is_set():
            status, _, body, _ = server.get(DOCUMENTS)
            if status != 200:
                problems.append(f"{status} {body[:80]}")
                continue
            rows = json.loads(body)["results"]["bindings"]
            if any(int(r["n"]["value"]) == 0 for r in rows):
                problems.append("a document without its entities")
            seen.append(len(rows))

    try:
        watcher = threading.Thread(target=watch)
        watcher.start()
        before = server.rows(DOCUMENTS)
        start = time.monotonic()
        build(store, DOMAIN)
        ended = time.monotonic()
        while time.monotonic() - ended < 30 and seen[-1] == len(before):
            time.sleep(0.01)
        visible = time.monotonic() - ended
        stop.set()
        watcher.join()
        return {"documents before": len(before), "documents after": seen[-1], "build (s)": round(ended - start, 1),
                "visible after the build's end (s)": round(visible, 2), "queries during the build": len(seen),
                "errors or partial documents": len(problems)}
    finally:
        server.stop()


def sustained(store: Path, clients: int, seconds: float) -> dict:
    queries = [path.read_text(encoding="utf-8") for path in bundled_queries().values()]
    server = ServerProcess(store, "--timeout", "10")
    try:
        served = _load(lambda i: _http(server, queries[i % len(queries)]), clients, seconds)
    finally:
        server.stop()
    import pyoxigraph as ox

    from kg.store import DEFAULT_GRAPHS

    direct_store = ox.Store.read_only(str(snapshots.latest(store)))

    def direct(i: int) -> bool:
        result = direct_store.query(queries[i % len(queries)], default_graph=DEFAULT_GRAPHS)
        result.serialize(format=ox.QueryResultsFormat.JSON)
        return True

    reference = _load(direct, clients, seconds)
    served["reference (in-process pyoxigraph, queries/s)"] = reference["throughput (queries/s)"]
    served["ratio to reference"] = round(served["throughput (queries/s)"] / reference["throughput (queries/s)"], 3)
    return served


def _http(server: ServerProcess, query: str) -> bool:
    return server.get(query)[0] == 200


def _load(call, clients: int, seconds: float) -> dict:
    latencies: list[float] = []
    errors = [0]
    end = time.monotonic() + seconds
    lock = threading.Lock()

    def client(number: int) -> None:
        i = number
        while time.monotonic() < end:
            start = time.monotonic()
            ok = call(i)
            took = time.monotonic() - start
            with lock:
                latencies.append(took)
                errors[0] += not ok
            i += 1

    threads = [threading.Thread(target=client, args=(n,)) for n in range(clients)]
    began = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - began
    latencies.sort()
    return {"queries": len(latencies), "throughput (queries/s)": round(len(latencies) / elapsed, 1),
            "p50 (ms)": round(statistics.median(latencies) * 1000, 1),
            "p99 (ms)": round(latencies[int(0.99 * (len(latencies) - 1))] * 1000, 1), "errors": errors[0]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--clients", type=int, default=8)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        dev_store = Path(tmp) / "dev"
        build(dev_store, DEV)
        print("flood of 12 slow queries, --timeout 2:", json.dumps(flood(dev_store), indent=1), flush=True)
        live_store = Path(tmp) / "live"
        build(live_store, ROOT / "data" / "examples")
        print("build of the domain texts into the served store:", json.dumps(live(live_store), indent=1), flush=True)
        print(f"{args.clients} clients for {args.seconds:g} s, bundled queries:",
              json.dumps(sustained(live_store, args.clients, args.seconds), indent=1), flush=True)


if __name__ == "__main__":
    main()
