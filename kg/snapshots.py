"""Published snapshots of a store, for readers that must not see a build in progress.

A build writes the store in place; Oxigraph does not promise anything to a process that
opens the same files read-only meanwhile. So after a build commits, it publishes a snapshot:
``Store.backup`` into ``STORE/kg-snapshots/<number>`` (hard links to the store's immutable
files, so it is cheap), written under a temporary name and renamed when complete. A
snapshot never changes once published. Readers (``kg serve``) take the newest, hold a lease
on what they use (a file naming it, with their process id), and move on when a newer one
appears; ``prune`` removes snapshots that are neither the newest nor leased by a live
process.
"""
from __future__ import annotations

import fcntl
import os
import shutil
from contextlib import contextmanager
from pathlib import Path

import pyoxigraph as ox

SNAPSHOTS = "kg-snapshots"
LEASES = "leases"
_WIDTH = 8


def snapshot_dir(store_path: Path | str) -> Path:
    return Path(store_path) / SNAPSHOTS


def published(store_path: Path | str) -> list[Path]:
    """Every complete snapshot, oldest first."""
    folder = snapshot_dir(store_path)
    try:
        names = [n for n in os.listdir(folder) if n.isdigit()]
    except FileNotFoundError:
        return []
    return [folder / n for n in sorted(names, key=int)]


def latest(store_path: Path | str) -> Path | None:
    found = published(store_path)
    return found[-1] if found else None


def publish(store: ox.Store, store_path: Path | str) -> Path:
    """Checkpoint ``store`` (open for writing at ``store_path``) as the newest snapshot, then
    prune the ones nobody uses. Only the process holding the store's lock can call this, so
    numbers never clash."""
    folder = snapshot_dir(store_path)
    (folder / LEASES).mkdir(parents=True, exist_ok=True)
    newest = latest(store_path)
    number = int(newest.name) + 1 if newest else 1
    for left in folder.glob(".partial-*"):  # of a build killed while it published
        shutil.rmtree(left, ignore_errors=True)
    for left in folder.glob(".removing-*"):  # of a prune killed while it deleted
        shutil.rmtree(left, ignore_errors=True)
    partial = folder / f".partial-{os.getpid()}-{number}"
    store.flush()
    store.backup(str(partial))
    final = folder / f"{number:0{_WIDTH}d}"
    os.rename(partial, final)
    prune(store_path)
    return final


def lease(store_path: Path | str, holder: str, snapshots: list[Path]) -> None:
    """Record (atomically) which snapshots ``holder`` (this process) is reading."""
    folder = snapshot_dir(store_path) / LEASES
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{os.getpid()}-{holder}"
    partial = path.with_name(path.name + ".partial")
    partial.write_text("".join(f"{p.name}\n" for p in snapshots), encoding="ascii")
    os.replace(partial, path)


def release(store_path: Path | str, holder: str) -> None:
    try:
        (snapshot_dir(store_path) / LEASES / f"{os.getpid()}-{holder}").unlink()
    except FileNotFoundError:
        pass


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def in_use(store_path: Path | str) -> set[str]:
    """Snapshot names leased by live processes; leases of dead ones are removed."""
    folder = snapshot_dir(store_path) / LEASES
    used: set[str] = set()
    try:
        entries = list(folder.iterdir())
    except FileNotFoundError:
        return used
    for entry in entries:
        pid = entry.name.split("-", 1)[0]
        if entry.name.endswith(".partial") or not pid.isdigit():
            continue
        if not _alive(int(pid)):
            entry.unlink(missing_ok=True)
            continue
        try:
            used.update(entry.read_text(encoding="ascii").split())
        except FileNotFoundError:
            continue
    return used


@contextmanager
def _locked(store_path: Path | str):
    """Taking a snapshot (listing it and leasing it) and pruning (reading the leases and
    removing what nobody holds) exclude each other, so a prune never removes a snapshot a
    reader has just picked but not yet leased."""
    folder = snapshot_dir(store_path)
    folder.mkdir(parents=True, exist_ok=True)
    with open(folder / ".lock", "a+b") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def prune(store_path: Path | str) -> list[Path]:
    """Remove snapshots other than the newest that no live process leases. A snapshot is
    renamed out of the published names (atomic) before it is deleted, so nobody lists a
    half-deleted one."""
    removed = []
    with _locked(store_path):
        found = published(store_path)
        used = in_use(store_path)
        doomed = []
        for older in found[:-1]:
            if older.name in used:
                continue
            target = older.with_name(f".removing-{older.name}")
            try:
                os.rename(older, target)
            except OSError:
                continue
            doomed.append(target)
            removed.append(older)
    for target in doomed:
        shutil.rmtree(target, ignore_errors=True)
    return removed


def acquire(store_path: Path | str, holder: str, keep: list[Path] = ()) -> Path | None:
    """The newest snapshot, leased by this process (with ``keep``, those it still reads)."""
    with _locked(store_path):
        newest = latest(store_path)
        if newest is None:
            return None
        lease(store_path, holder, list(dict.fromkeys([*keep, newest])))
        return newest
