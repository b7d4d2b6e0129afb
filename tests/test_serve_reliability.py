"""kg serve under a bad query, a flood, a build in progress and a stop: real server
processes, real builds, CPU read from /proc."""
from __future__ import annotations

import json
import os
import signal
import socket
import struct
import subprocess
import sys
import threading
import time
import urllib.parse

import pytest
from serving import COUNT, SLOW, ServerProcess, cpu_share, fetch

from kg import snapshots
from kg.config import PROJECT_ROOT

EXAMPLES = PROJECT_ROOT / "data" / "examples"
DEV_TEXTS = PROJECT_ROOT / "tests" / "data" / "dev" / "texts"
DOCUMENTS = "PREFIX kg: <https://w3id.org/kg-aichips/ontology#> SELECT (COUNT(DISTINCT ?d) AS ?n) WHERE { ?d a kg:Document }"


def kg_build(store, *paths) -> None:
    subprocess.run([sys.executable, "-m", "kg", "build", *map(str, paths), "--store", str(store)], check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


@pytest.fixture(scope="module")
def small_store(tmp_path_factory):
    path = tmp_path_factory.mktemp("served") / "store"
    kg_build(path, EXAMPLES)
    return path


def test_flood_of_slow_queries_is_stopped_at_the_deadline(small_store):
    server = ServerProcess(small_store, "--timeout", "1")
    try:
        answers = []
        flood = [threading.Thread(target=lambda: answers.append(_timed(server, SLOW))) for _ in range(12)]
        start = time.monotonic()
        for thread in flood:
            thread.start()
        time.sleep(0.3)
        status, took = _timed(server, COUNT)
        assert status == 200 and took < 1.0, (status, took)
        for thread in flood:
            thread.join(30)
        assert [status for status, _ in answers] == [503] * 12
        assert max(took for _, took in answers) < 5
        time.sleep(1.5)
        # The workers that ran the slow queries were killed, not left to finish.
        assert cpu_share(server, 1.0) < 0.10
        assert server.get("ASK {}")[0] == 200  # and the next query answers
        health = json.loads(fetch(server.base + "/health")[2])
        assert health["queries"]["stopped"] == 12 and health["workers"]["busy"] == 0
        assert time.monotonic() - start < 15
    finally:
        server.stop()


def _timed(server, query):
    start = time.monotonic()
    status = server.get(query)[0]
    return status, time.monotonic() - start


def test_all_workers_busy_is_refused_at_once(small_store):
    server = ServerProcess(small_store, "--timeout", "3", "--workers", "1")
    try:
        slow = threading.Thread(target=server.get, args=(SLOW,))
        slow.start()
        time.sleep(0.5)
        start = time.monotonic()
        status, _, body, headers = server.get(COUNT)
        assert status == 503 and "busy" in body and headers["Retry-After"] == "3"
        assert time.monotonic() - start < 0.5
        slow.join(10)
        assert server.get(COUNT)[0] == 200
    finally:
        server.stop()


def test_limits_on_request_and_result(small_store):
    server = ServerProcess(small_store, "--max-body", "200", "--max-result", "2000")
    try:
        big = "SELECT * WHERE { ?s ?p ?o } # " + "x" * 300
        status, _, body, _ = fetch(server.url, data=big.encode(), method="POST",
                                   headers={"Content-Type": "application/sparql-query"})
        assert status == 413 and "200 bytes" in body
        status, _, body, _ = server.get("SELECT * WHERE { ?s ?p ?o }")
        assert status == 422 and "LIMIT" in body
        assert server.get("SELECT * WHERE { ?s ?p ?o } LIMIT 2")[0] == 200
    finally:
        server.stop()


def test_access_log_and_health(small_store):
    server = ServerProcess(small_store)
    try:
        server.get(COUNT)
        status, kind, body, _ = fetch(server.base + "/health")
        assert status == 200 and kind.startswith("application/json")
        health = json.loads(body)
        assert health["status"] == "ok" and health["snapshot"] and health["workers"]["max"] >= 1
        time.sleep(0.2)
        logged = [line for line in server.lines if '"GET /query" 200' in line]
        assert len(logged) == 1 and logged[0].split()[1] == "127.0.0.1" and logged[0].rstrip().endswith("ms")
    finally:
        server.stop()


def test_cors_preflight_and_origins(small_store):
    server = ServerProcess(small_store, "--cors-origin", "http://allowed.test")
    try:
        status, _, _, headers = fetch(server.url, method="OPTIONS", headers={
            "Origin": "http://allowed.test", "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "content-type"})
        assert status == 204 and headers["Access-Control-Allow-Origin"] == "http://allowed.test"
        assert "POST" in headers["Access-Control-Allow-Methods"]
        assert "content-type" in headers["Access-Control-Allow-Headers"].lower()
        _, _, _, headers = fetch(server.url + "?" + urllib.parse.urlencode({"query": COUNT}),
                                 headers={"Origin": "http://elsewhere.test"})
        assert "Access-Control-Allow-Origin" not in headers
    finally:
        server.stop()


def test_a_build_shows_without_restart_and_never_half_written(tmp_path):
    store = tmp_path / "store"
    kg_build(store, EXAMPLES)
    server = ServerProcess(store)
    complete = ("PREFIX kg: <https://w3id.org/kg-aichips/ontology#> SELECT ?d (COUNT(?e) AS ?n) WHERE { "
                "?d a kg:Document . OPTIONAL { ?e kg:mentionedIn ?d } } GROUP BY ?d")
    seen, problems, stop = [], [], threading.Event()

    def watch():
        while not stop.is_set():
            status, _, body, _ = server.get(complete)
            if status != 200:
                problems.append((status, body))
                continue
            rows = json.loads(body)["results"]["bindings"]
            if any(int(r["n"]["value"]) == 0 for r in rows):
                problems.append(("a document without its entities", body))
            seen.append(len(rows))

    try:
        watcher = threading.Thread(target=watch)
        watcher.start()
        kg_build(store, DEV_TEXTS)
        ended = time.monotonic()
        while time.monotonic() - ended < 5 and (not seen or seen[-1] == 2):
            time.sleep(0.05)
        visible = time.monotonic() - ended
        stop.set()
        watcher.join(30)
        assert problems == []
        assert seen[0] == 2 and seen[-1] > 2 and visible < 5
        assert set(seen) <= {2, seen[-1]}  # the old graph or the new one, nothing between
    finally:
        server.stop()
    assert [p.name for p in snapshots.published(store)] == ["00000002"]  # the one before was pruned


def test_sigterm_stops_cleanly_with_no_orphans(small_store):
    server = ServerProcess(small_store, "--timeout", "2")
    server.get(COUNT)
    busy = threading.Thread(target=server.get, args=(SLOW,))
    busy.start()
    time.sleep(0.3)
    tree = server.tree()
    assert len(tree) >= 3  # the server, the fork server, workers
    assert server.stop(signal.SIGTERM) == 0
    busy.join(10)
    time.sleep(0.5)
    alive = [pid for pid in tree if os.path.exists(f"/proc/{pid}") and _state(pid) != "Z"]
    assert alive == []
    assert not os.listdir(small_store / "kg-snapshots" / "leases")


def _state(pid: int) -> str:
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as handle:
            return handle.read().rsplit(")", 1)[1].split()[0]
    except FileNotFoundError:
        return "gone"


def test_a_long_build_publishes_as_it_goes(tmp_path, settings, extractor):
    """With snapshot_every=0 the writer publishes after every document (and once at the end);
    superseded snapshots nobody leases are removed."""
    from dataclasses import replace

    from kg import snapshots
    from kg.build import build
    from kg.store import Store

    with Store(tmp_path / "store") as store:
        report = build([DEV_TEXTS], store, replace(settings, snapshot_every=0), extractor=extractor)
    assert report.added == 7
    assert [p.name for p in snapshots.published(tmp_path / "store")] == ["00000008"]


def test_a_body_over_the_limit_is_answered_413_to_a_client_still_sending(small_store):
    """urllib (what rdflib and SPARQLWrapper use) sends the whole body before it reads: the
    server reads and drops it, so the client sees the 413 and not a broken pipe."""
    server = ServerProcess(small_store)
    try:
        big = ("SELECT * WHERE { ?s ?p ?o } # " + "x" * (4 * 1024 * 1024)).encode()
        status, _, body, _ = fetch(server.url, data=big, method="POST",
                                   headers={"Content-Type": "application/sparql-query"})
        assert status == 413 and "limit of 1048576 bytes" in body
    finally:
        server.stop()


def test_a_client_gone_mid_answer_is_logged_not_a_traceback(small_store):
    server = ServerProcess(small_store)
    try:
        query = urllib.parse.urlencode({"query": "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f } LIMIT 200000"})
        for _ in range(2):
            sock = socket.create_connection(("127.0.0.1", int(server.base.rsplit(":", 1)[1])))
            sock.sendall(f"GET /query?{query} HTTP/1.0\r\nAccept: text/csv\r\n\r\n".encode())
            sock.recv(100)
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))  # reset, not close
            sock.close()
        time.sleep(1)
        assert server.get(COUNT)[0] == 200
        time.sleep(0.2)
        assert not any("Traceback" in line for line in server.lines)
        assert len([line for line in server.lines if '"GET /query" 200' in line]) == 3
    finally:
        server.stop()


def test_sigterm_does_not_wait_for_a_silent_connection(small_store):
    server = ServerProcess(small_store, "--timeout", "1")
    silent = socket.create_connection(("127.0.0.1", int(server.base.rsplit(":", 1)[1])))
    try:
        time.sleep(0.3)
        start = time.monotonic()
        assert server.stop(signal.SIGTERM, wait=15) == 0
        assert time.monotonic() - start < 6  # the query deadline and two seconds, not for ever
    finally:
        silent.close()


def test_a_killed_server_leaves_no_worker_running(small_store):
    """kill -9 of the server during a slow query: the fork server goes, and the kernel kills
    its workers (PR_SET_PDEATHSIG), the busy one included."""
    server = ServerProcess(small_store, "--timeout", "20")
    slow = threading.Thread(target=_quietly, args=(server.get, SLOW))
    slow.start()
    time.sleep(0.8)
    tree = server.tree()
    assert len(tree) >= 3
    server.proc.kill()
    server.proc.wait(10)
    slow.join(30)
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline and any(_state(pid) not in ("gone", "Z") for pid in tree[1:]):
        time.sleep(0.1)
    assert [pid for pid in tree[1:] if _state(pid) not in ("gone", "Z")] == []


def _quietly(call, *args) -> None:
    """A request whose server is killed under it: the error is the point, not a failure."""
    try:
        call(*args)
    except OSError:
        pass
