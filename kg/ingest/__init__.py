"""Readers per input format -> Document records."""
from __future__ import annotations

import gzip
import os
import zlib
from collections.abc import Iterable, Iterator
from pathlib import Path

from kg.errors import InputError
from kg.ingest.document import BODY, REFERENCES, TITLE, Document, Segment, content_id
from kg.ingest.readers import (
    HTML_SUFFIXES,
    JSONL_SUFFIXES,
    MARKDOWN_SUFFIXES,
    SUPPORTED_SUFFIXES,
    make_document,
    read_html,
    read_jsonl,
    read_markdown,
    read_text,
)

__all__ = [
    "BODY", "REFERENCES", "TITLE", "Document", "Segment", "content_id",
    "iter_documents", "iter_files", "make_document", "read_path",
]

DEFAULT_MAX_BYTES = 50 * 1024 * 1024


def iter_files(paths: Iterable[Path]) -> Iterator[Path | InputError]:
    """The files to read: named files as given, folders walked recursively in sorted order."""
    for path in paths:
        path = Path(path)
        if not path.exists():
            yield InputError(path, "no such file or directory")
        elif path.is_dir():
            found = []
            for root, dirs, files in os.walk(path, onerror=None, followlinks=False):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for name in files:
                    if name.startswith("."):
                        continue
                    child = Path(root) / name
                    if kind_of(child) in SUPPORTED_SUFFIXES:
                        found.append(child)
            yield from sorted(found)
        else:
            yield path


def kind_of(path: Path) -> str:
    """The reader a file needs: its suffix, with ".jsonl.gz" read as ".jsonl"."""
    name = path.name.lower()
    if name.endswith((".jsonl.gz", ".ndjson.gz")):
        return ".jsonl"
    return path.suffix.lower()


def read_path(path: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> Iterator[Document | InputError]:
    """Documents of one file; problems come back as InputError items, never raised."""
    suffix = kind_of(path)
    if suffix not in SUPPORTED_SUFFIXES:
        yield InputError(path, f"unsupported file type {suffix or '(none)'}; use .txt, .md, .html, .jsonl or .jsonl.gz")
        return
    try:
        size = path.stat().st_size
        if suffix in JSONL_SUFFIXES:
            # Streamed line by line, compressed or not: a corpus never sits in memory whole.
            opener = gzip.open if path.name.lower().endswith(".gz") else open
            try:
                with opener(path, "rb") as handle:
                    yield from read_jsonl(path, handle)
            except (gzip.BadGzipFile, EOFError, zlib.error) as exc:
                yield InputError(path, f"not a readable gzip file ({exc})")
            return
        if size > max_bytes:
            yield InputError(path, f"file is {size} bytes, over the limit of {max_bytes}")
            return
        data = path.read_bytes()
    except OSError as exc:
        yield InputError(path, f"cannot read: {exc.strerror or exc}")
        return
    reader = read_html if suffix in HTML_SUFFIXES else read_markdown if suffix in MARKDOWN_SUFFIXES else read_text
    try:
        yield from reader(path, data)
    except InputError as exc:
        yield exc


def iter_documents(paths: Iterable[Path], max_bytes: int = DEFAULT_MAX_BYTES) -> Iterator[Document | InputError]:
    """Every Document under ``paths``, with an InputError in place of each one that failed."""
    for item in iter_files(paths):
        if isinstance(item, InputError):
            yield item
        else:
            yield from read_path(item, max_bytes)
