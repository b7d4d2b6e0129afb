"""A `kg serve` process for tests and the serve benchmark: started for real, its stderr read
on a thread (the access log would otherwise fill the pipe), and its CPU use read from /proc
for it and every process under it."""
from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request


class ServerProcess:
    def __init__(self, store_path, *args: str):
        self.proc = subprocess.Popen([sys.executable, "-m", "kg", "serve", "--store", str(store_path), "--port", "0",
                                      *args], stderr=subprocess.PIPE, text=True)
        self.lines: list[str] = []
        first = self.proc.stderr.readline()
        self.lines.append(first)
        match = re.search(r"(http://127\.0\.0\.1:\d+)/query", first)
        if not match:
            self.proc.kill()
            raise RuntimeError(f"kg serve did not start: {first!r}")
        self.base = match.group(1)
        self.url = self.base + "/query"
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self) -> None:
        for line in self.proc.stderr:
            self.lines.append(line)

    def get(self, query: str, accept: str = "application/sparql-results+json", timeout: float = 30):
        return fetch(self.url + "?" + urllib.parse.urlencode({"query": query}), headers={"Accept": accept},
                     timeout=timeout)

    def rows(self, query: str) -> list[dict]:
        status, _, body, _ = self.get(query)
        assert status == 200, body
        return [{k: v["value"] for k, v in row.items()} for row in json.loads(body)["results"]["bindings"]]

    def tree(self) -> list[int]:
        """This server's process id and those of every process under it."""
        return [self.proc.pid, *descendants(self.proc.pid)]

    def cpu_seconds(self) -> float:
        return sum(cpu_seconds(pid) for pid in self.tree())

    def stop(self, sig: int = signal.SIGTERM, wait: float = 20) -> int:
        if self.proc.poll() is None:
            self.proc.send_signal(sig)
            try:
                self.proc.wait(timeout=wait)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(10)
        self.reader.join(5)
        return self.proc.returncode


def fetch(url, data=None, headers=None, method=None, timeout: float = 30):
    """(status, content type, body text, headers) of one request."""
    request = urllib.request.Request(url, data=data, headers=headers or {}, method=method)
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, response.headers.get("Content-Type"), response.read().decode(), response.headers
    except urllib.error.HTTPError as err:
        return err.code, err.headers.get("Content-Type"), err.read().decode(), err.headers


def descendants(pid: int) -> list[int]:
    found = []
    try:
        tasks = os.listdir(f"/proc/{pid}/task")
    except FileNotFoundError:
        return found
    for task in tasks:
        try:
            with open(f"/proc/{pid}/task/{task}/children", encoding="ascii") as handle:
                children = [int(c) for c in handle.read().split()]
        except FileNotFoundError:
            continue
        for child in children:
            found += [child, *descendants(child)]
    return found


def cpu_seconds(pid: int) -> float:
    """User and system CPU time of one process so far (0 once it is gone)."""
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as handle:
            fields = handle.read().rsplit(")", 1)[1].split()
    except (FileNotFoundError, ProcessLookupError):
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def cpu_share(server: ServerProcess, seconds: float = 1.0) -> float:
    """The share of one core the server's processes used over the next ``seconds``."""
    before = {pid: cpu_seconds(pid) for pid in server.tree()}
    time.sleep(seconds)
    after = {pid: cpu_seconds(pid) for pid in server.tree()}
    used = sum(after.get(pid, 0.0) - before.get(pid, 0.0) for pid in after if pid in before)
    used += sum(t for pid, t in after.items() if pid not in before)  # started during the window
    return used / seconds


SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
