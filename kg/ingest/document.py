"""The Document record every reader produces."""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

TITLE, BODY, REFERENCES = "title", "body", "references"


@dataclass(frozen=True)
class Segment:
    """A stretch of a document's text: its title, a body paragraph or a reference list."""

    kind: str
    start: int
    end: int


@dataclass(frozen=True)
class Document:
    """One source text. ``id`` is a hash of its content, so equal content means one document."""

    id: str
    text: str
    source: str
    segments: tuple[Segment, ...]
    title: str | None = None
    url: str | None = None
    date: str | None = None
    meta: dict = field(default_factory=dict, compare=False, hash=False)

    def segment_text(self, segment: Segment) -> str:
        return self.text[segment.start:segment.end]

    @property
    def body(self) -> str:
        return "\n".join(self.segment_text(s) for s in self.segments if s.kind == BODY)


def content_id(text: str, title: str | None = None) -> str:
    """The document id: the first 20 hex digits of SHA-256 over title and text."""
    digest = hashlib.sha256()
    digest.update((title or "").encode("utf-8"))
    digest.update(b"\x00")
    digest.update(text.encode("utf-8"))
    return digest.hexdigest()[:20]
