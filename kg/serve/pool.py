"""The pool of query workers: a bounded number of processes, a query killed at its deadline,
and a move to the newest snapshot between queries."""
from __future__ import annotations

import math
import multiprocessing
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from kg import snapshots
from kg.serve import worker
from kg.serve.sparql import Dataset, Reply

_HOLDER = "serve"


class Worker:
    """One worker process and the pipe to it."""

    def __init__(self, context, snapshot: Path, max_bytes: int):
        self.snapshot = snapshot
        self.idle_since = time.monotonic()
        self.conn, child = context.Pipe()
        self.process = context.Process(target=worker.main, args=(child, str(snapshot), max_bytes),
                                       name="kg-query-worker", daemon=True)
        self.process.start()
        child.close()

    def ask(self, query: str, accept: str, dataset: Dataset, timeout: float) -> Reply | None:
        """The worker's answer, or None if it had none within ``timeout`` seconds."""
        self.conn.send((query, accept, dataset))
        if not self.conn.poll(timeout):
            return None
        return self.conn.recv()

    def kill(self) -> None:
        self.process.kill()
        self.process.join(5)
        self.conn.close()

    def stop(self) -> None:
        """Ask an idle worker to end; kill it if it does not."""
        try:
            self.conn.send(None)
        except OSError:
            pass
        self.process.join(2)
        if self.process.is_alive():
            self.kill()
        self.conn.close()


@dataclass
class PoolStats:
    busy: int
    idle: int
    size: int
    snapshot: str | None
    answered: int
    killed: int
    refused: int
    failed: int


class Pool:
    """At most ``size`` queries at once, each in a worker process; ``spare`` idle workers are
    kept ready so a query rarely waits for one to start. A query that is still running at its
    deadline has its worker killed (the CPU is free at once) and replaced. With every worker
    busy, a query is refused at once with 503 and Retry-After. A maintenance thread watches
    for newer snapshots: new queries go to workers on the newest one, workers on older ones
    end when their query does, and the old snapshot's lease is given up."""

    def __init__(self, store_path: Path, size: int, spare: int, timeout: float, max_bytes: int,
                 poll: float = 0.5, linger: float = 30.0):
        self.store_path = Path(store_path)
        self.size = size
        self.spare = min(spare, size)
        self.timeout = timeout
        self.max_bytes = max_bytes
        self.poll = poll
        self.linger = linger
        self.context = multiprocessing.get_context("forkserver")
        self.context.set_forkserver_preload(["kg.serve.worker"])
        self.lock = threading.Lock()
        self.idle: list[Worker] = []
        self.busy: list[Worker] = []
        self.retired: list[Worker] = []
        self.snapshot: Path | None = None
        self.leased: list[Path] = []
        self.counts = {"answered": 0, "killed": 0, "refused": 0, "failed": 0}
        self.starting = 0
        self.wake = threading.Event()
        self.closing = threading.Event()
        self._refresh()
        self.thread = threading.Thread(target=self._maintain, name="kg-serve-pool", daemon=True)
        self.thread.start()
        self.wake.set()  # start the spares now, not at the first query

    # -- queries -----------------------------------------------------------------------
    def run(self, query: str, accept: str, dataset: Dataset = ((), ())) -> tuple[Reply, dict[str, str]]:
        """The reply to one query and any extra headers (Retry-After). ``dataset`` holds the
        protocol's default-graph-uri and named-graph-uri values."""
        if self.closing.is_set():
            return (503, "text/plain", b"The endpoint is stopping.\n"), self._retry()
        if self.snapshot is None:
            return (503, "text/plain", b"No snapshot of the store yet: the first build is still running.\n"), \
                self._retry()
        try:
            taken = self._checkout()
        except (OSError, RuntimeError, ValueError) as exc:
            self._count("failed")
            return (500, "text/plain", f"Could not start a query worker: {exc}\n".encode()), {}
        if taken is None:
            self._count("refused")
            return (503, "text/plain", f"All {self.size} query workers are busy; try again shortly.\n".encode()), \
                self._retry()
        outcome = "failed"
        try:
            reply = taken.ask(query, accept, dataset, self.timeout)
            if reply is None:
                outcome = "killed"
                return (503, "text/plain",
                        f"The query took longer than {self.timeout:g} s and was stopped.\n".encode()), {}
            outcome = "answered"
            return reply, {}
        except (EOFError, OSError):
            return (500, "text/plain", b"The query's worker ended before it answered.\n"), {}
        finally:
            if outcome != "answered":
                taken.kill()
            self._checkin(taken, outcome)

    def _retry(self) -> dict[str, str]:
        return {"Retry-After": str(max(1, math.ceil(self.timeout)))}

    def _count(self, outcome: str) -> None:
        with self.lock:
            self.counts[outcome] += 1

    def _checkout(self) -> Worker | None:
        with self.lock:
            if len(self.busy) + self.starting >= self.size:
                return None
            current = self.snapshot
            taken = None
            while self.idle:
                candidate = self.idle.pop()
                if candidate.snapshot == current and candidate.process.is_alive():
                    taken = candidate
                    break
                self.retired.append(candidate)
            if taken is not None:
                self.busy.append(taken)
            else:
                self.starting += 1  # holds a place while the worker starts, outside the lock
        if taken is None:
            try:
                taken = Worker(self.context, current, self.max_bytes)
            finally:
                with self.lock:
                    self.starting -= 1
            with self.lock:
                self.busy.append(taken)
        self.wake.set()  # top up the spares
        return taken

    def _checkin(self, taken: Worker, outcome: str) -> None:
        healthy = outcome == "answered"
        with self.lock:
            self.busy.remove(taken)
            self.counts[outcome] += 1
            if healthy and taken.snapshot == self.snapshot and not self.closing.is_set():
                taken.idle_since = time.monotonic()
                self.idle.append(taken)
            elif healthy:
                self.retired.append(taken)
        self.wake.set()

    # -- upkeep ------------------------------------------------------------------------
    def _refresh(self) -> None:
        """Move to the newest snapshot if there is a newer one, and keep leases true."""
        newest = snapshots.latest(self.store_path)
        if newest is not None and newest != self.snapshot:
            with self.lock:
                held = [w.snapshot for w in self.busy]
            newest = snapshots.acquire(self.store_path, _HOLDER, keep=[*held, *([self.snapshot] if self.snapshot else [])])
            with self.lock:
                self.snapshot = newest
                self.retired.extend(self.idle)
                self.idle = []
        with self.lock:
            wanted = list(dict.fromkeys([*(w.snapshot for w in self.busy + self.retired),
                                         *([self.snapshot] if self.snapshot else [])]))
        if wanted != self.leased:
            snapshots.lease(self.store_path, _HOLDER, wanted)
            if set(self.leased) - set(wanted):
                snapshots.prune(self.store_path)
            self.leased = wanted

    def _maintain(self) -> None:
        while not self.closing.is_set():
            self.wake.wait(self.poll)
            self.wake.clear()
            if self.closing.is_set():
                return
            try:
                self._upkeep()
            except Exception as exc:  # noqa: BLE001 - the endpoint goes on; the next round tries again
                print(f"kg serve: upkeep failed ({exc}); trying again", file=sys.stderr, flush=True)
                time.sleep(self.poll)

    def _upkeep(self) -> None:
        try:
            self._refresh()
        except OSError:
            pass  # a snapshot vanished under us; the next round sees the newest
        with self.lock:
            # Workers idle beyond the spares for a while end: a burst does not keep its
            # processes (and their memory) for ever. The oldest idle are first in line.
            extra = len(self.idle) - self.spare
            while extra > 0 and time.monotonic() - self.idle[0].idle_since > self.linger:
                self.retired.append(self.idle.pop(0))
                extra -= 1
            retired, self.retired = self.retired, []
        for old in retired:
            old.stop()
        while True:
            with self.lock:
                short = (self.snapshot is not None and len(self.idle) < self.spare
                         and len(self.idle) + len(self.busy) < self.size and not self.closing.is_set())
                current = self.snapshot
            if not short:
                break
            fresh = Worker(self.context, current, self.max_bytes)
            with self.lock:
                (self.idle if current == self.snapshot else self.retired).append(fresh)

    def stats(self) -> PoolStats:
        with self.lock:
            return PoolStats(len(self.busy), len(self.idle), self.size,
                             self.snapshot.name if self.snapshot else None, **self.counts)

    def close(self, grace: float | None = None) -> None:
        """Refuse new queries, let running ones end (each is killed at its deadline anyway),
        then stop every worker and give up the lease."""
        self.closing.set()
        self.wake.set()
        end = time.monotonic() + (self.timeout + 1 if grace is None else grace)
        while time.monotonic() < end:
            with self.lock:
                if not self.busy:
                    break
            time.sleep(0.05)
        self.thread.join(5)
        with self.lock:
            every = self.idle + self.busy + self.retired
            self.idle, self.retired = [], []
        for each in every:
            each.kill()
        snapshots.release(self.store_path, _HOLDER)
