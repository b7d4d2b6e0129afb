"""A query worker: a process of its own that holds one snapshot open and answers queries
sent over a pipe, one at a time. pyoxigraph cannot cancel a running query, so the server
stops an overrunning one by killing its worker; the process is the unit that can be stopped.
"""
from __future__ import annotations

import ctypes
import os
import signal
import sys

import pyoxigraph as ox

from kg.serve.sparql import execute

_PR_SET_PDEATHSIG = 1


def _die_with_parent() -> None:
    """On Linux, the kernel kills this worker when the process that started it dies, so a
    server killed outright leaves no worker behind."""
    if not sys.platform.startswith("linux"):
        return
    try:
        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    except (OSError, AttributeError):
        pass


def _let_the_fork_server_go() -> None:
    """The fork server ends when the server's end of its "alive" pipe closes, but every child
    it forks inherits a copy of that end, which would keep it (and so this worker, whose
    parent it is) alive after the server is killed. The worker never forks: it closes it."""
    from multiprocessing import forkserver

    server = getattr(forkserver, "_forkserver", None)
    alive = getattr(server, "_forkserver_alive_fd", None)
    if alive is not None:
        try:
            os.close(alive)
        except OSError:
            pass
        server._forkserver_alive_fd = None


def main(conn, snapshot: str, max_bytes: int) -> None:
    """Answer ``(query, accept, dataset)`` messages until the pipe closes or ``None`` arrives."""
    _let_the_fork_server_go()
    _die_with_parent()
    # The server decides when its workers stop (a signal to the whole process group, as
    # systemd sends, must not end a query the server lets finish).
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    try:
        store = ox.Store.read_only(snapshot)
        failure = None
    except (OSError, RuntimeError) as exc:
        store, failure = None, f"cannot open snapshot {snapshot}: {' '.join(str(exc).split())}\n"
    while True:
        try:
            message = conn.recv()
        except (EOFError, OSError):
            return
        if message is None:
            return
        query, accept, dataset = message
        if failure is not None:
            conn.send((500, "text/plain", failure.encode()))
            return
        try:
            reply = execute(store, query, accept, max_bytes, dataset)
        except Exception as exc:  # noqa: BLE001 - any failure is this query's answer, not the worker's end
            reply = (500, "text/plain", f"query failed: {exc}\n".encode())
        try:
            conn.send(reply)
        except (BrokenPipeError, OSError):
            return
