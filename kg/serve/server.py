"""``kg serve``: the server process. It never opens the store a build writes; it reads the
snapshots builds publish (``kg.snapshots``) through a pool of query workers."""
from __future__ import annotations

import os
import signal
import sys
import threading
import time
from http.server import ThreadingHTTPServer
from pathlib import Path

from kg import snapshots
from kg.errors import StoreError, UsageError
from kg.serve.http import Options, make_handler
from kg.serve.pool import Pool


class _Server(ThreadingHTTPServer):
    """A thread per connection, at most ``max_connections`` at once (more are closed at once:
    a flood of idle connections cannot use up threads). A stop waits for the requests in
    flight up to a deadline, not for silent connections."""

    daemon_threads = True
    block_on_close = False
    request_queue_size = 64

    def __init__(self, address, handler, max_connections: int):
        super().__init__(address, handler)
        self.max_connections = max_connections
        self.active = 0
        self.active_lock = threading.Lock()

    def process_request(self, request, client_address) -> None:
        with self.active_lock:
            full = self.active >= self.max_connections
            if not full:
                self.active += 1
        if full:
            self.shutdown_request(request)
            return
        super().process_request(request, client_address)

    def process_request_thread(self, request, client_address) -> None:
        try:
            super().process_request_thread(request, client_address)
        finally:
            with self.active_lock:
                self.active -= 1

    def drain(self, deadline: float) -> None:
        """Wait until no connection is open, or the deadline."""
        while time.monotonic() < deadline:
            with self.active_lock:
                if self.active == 0:
                    return
            time.sleep(0.05)


def ensure_snapshot(store_path: Path) -> None:
    """A store built before snapshots existed gets one now, if no build holds it; while one
    does, the build publishes its own when it ends."""
    if snapshots.latest(store_path) is not None:
        return
    from kg.store import Store

    try:
        with Store(store_path) as store:
            store.publish_snapshot()
    except StoreError:
        print(f"{store_path}: a build holds the store; answering 503 until it publishes a snapshot",
              file=sys.stderr, flush=True)


def serve(store_path: Path, host: str = "127.0.0.1", port: int = 7878, timeout: float = 10.0,
          workers: int | None = None, spare: int = 2, max_body: int = 1024 * 1024,
          max_result: int = 64 * 1024 * 1024, cors_origins: tuple[str, ...] = ("*",)) -> None:
    store_path = Path(store_path)
    if not store_path.is_dir():
        raise UsageError(f"{store_path}: no such store; build one first with: kg build PATH --store {store_path}")
    ensure_snapshot(store_path)
    size = workers or default_workers()
    pool = Pool(store_path, size=size, spare=spare, timeout=timeout, max_bytes=max_result)
    try:
        server = _Server((host, port), make_handler(pool, Options(max_body=max_body, cors_origins=cors_origins)),
                         max_connections=max(64, 4 * size))
    except OSError as exc:
        pool.close(grace=0)
        raise UsageError(f"cannot listen on {host}:{port} ({exc.strerror or exc})") from exc

    def stop(signum, frame) -> None:
        # shutdown() waits for serve_forever to return, so it cannot run on this thread.
        threading.Thread(target=server.shutdown, name="kg-serve-stop").start()

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    print(f"serving {store_path} read-only at http://{host}:{server.server_address[1]}/query "
          f"({size} query workers, {timeout:g} s per query)", file=sys.stderr, flush=True)
    try:
        server.serve_forever()
    finally:
        server.server_close()  # no new connections
        # Requests in flight end by their query deadline; a silent connection is not waited for.
        server.drain(time.monotonic() + timeout + 2)
        pool.close(grace=0)
        print("stopped", file=sys.stderr, flush=True)


def default_workers() -> int:
    """Queries that may run at once. More than the cores: a worker waiting on a slow query
    still leaves the others to answer quick ones, and the kernel shares the CPU between them;
    each worker is a process with a snapshot open (tens of MiB)."""
    return max(8, 8 * (os.cpu_count() or 1))
