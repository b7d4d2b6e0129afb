"""A cache of what every process would otherwise compile from the data files on start.

``compiled(kind, sources, build)`` returns what ``build()`` returns, from a pickle in the
cache folder when one was made from the same bytes of ``sources`` by the same code, else by
calling ``build`` and keeping the result for the next process. The key is a hash of the
sources' contents, of the source code of the module that builds the value, and of the
Python version, so a changed data file or a changed compiler is never served stale.

The folder is ``$KG_CACHE_DIR``, else ``$XDG_CACHE_HOME/kg``, else ``~/.cache/kg``. A
folder that cannot be written only costs the saving; a damaged entry is rebuilt.
"""
from __future__ import annotations

import hashlib
import inspect
import os
import pickle
import sys
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TypeVar

T = TypeVar("T")


def cache_dir() -> Path:
    if os.environ.get("KG_CACHE_DIR"):
        return Path(os.environ["KG_CACHE_DIR"])
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "kg"


def _key(kind: str, sources: Iterable[Path], build: Callable) -> str:
    digest = hashlib.sha256(f"{kind}\0{sys.version}\0".encode())
    module = sys.modules.get(build.__module__)
    try:
        digest.update(Path(inspect.getsourcefile(module)).read_bytes() if module else b"")
    except (TypeError, OSError):
        digest.update(build.__module__.encode())
    for path in sources:
        digest.update(str(path.name).encode() + b"\0")
        try:
            digest.update(path.read_bytes())
        except FileNotFoundError:
            digest.update(b"\0absent\0")
    return digest.hexdigest()[:32]


def compiled(kind: str, sources: Iterable[Path], build: Callable[[], T]) -> T:
    """``build()``, or what it returned for the same sources and code before."""
    sources = sorted(sources)
    folder = cache_dir()
    path = folder / f"{kind}-{_key(kind, sources, build)}.pickle"
    try:
        with path.open("rb") as handle:
            return pickle.load(handle)
    except FileNotFoundError:
        pass
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, IndexError, TypeError, ValueError):
        pass  # damaged or from another version of a class: made again below
    value = build()
    _keep(folder, kind, path, value)
    return value


def _keep(folder: Path, kind: str, path: Path, value) -> None:
    try:
        folder.mkdir(parents=True, exist_ok=True)
        handle, partial = tempfile.mkstemp(dir=folder, prefix=f".{kind}-", suffix=".tmp")
        with os.fdopen(handle, "wb") as out:
            pickle.dump(value, out, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(partial, path)
        for old in folder.glob(f"{kind}-*.pickle"):  # entries of earlier data or code
            if old != path:
                old.unlink(missing_ok=True)
    except OSError:
        pass  # no cache here: the next process compiles again
