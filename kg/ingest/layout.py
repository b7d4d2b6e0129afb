"""Split a plain text into title, body paragraphs and a trailing reference list."""
from __future__ import annotations

import re

from kg.ingest.document import BODY, REFERENCES, TITLE, Segment

_SENTENCE_END = re.compile(r"[.:;,]$")
_REFERENCE_LINE = re.compile(r"^\s*(\[\d+\]|\^|\d+\.\s+\S.*\(\d{4}[,)])")
_REFERENCE_HEADING = re.compile(
    r"^\s*(#+\s*)?(references|sources|notes|bibliography|further reading|external links|citations)\s*:?\s*$",
    re.IGNORECASE,
)


def _lines(text: str):
    """(start, end) of each non-blank line, trimmed."""
    pos = 0
    for raw in text.splitlines(keepends=True):
        stripped = raw.strip()
        if stripped:
            start = pos + raw.index(stripped[0])
            yield start, start + len(stripped)
        pos += len(raw)


def looks_like_headline(line: str, has_more: bool) -> bool:
    """A first line that is short enough and does not end like a sentence is a headline."""
    if not has_more:
        return False
    words = line.split()
    if len(words) > 45:
        return False
    stripped = line.rstrip("\"'\u201d\u2019)] ")
    return bool(stripped) and not _SENTENCE_END.search(stripped)


def split_layout(text: str, title_given: bool = False) -> tuple[str | None, tuple[Segment, ...]]:
    """Return the headline (if the first line is one) and the segments of ``text``.

    ``title_given``: the reader already knows the title (HTML, JSON Lines), so the
    first line is body text unless it repeats that title.
    """
    lines = list(_lines(text))
    segments: list[Segment] = []
    title = None
    in_references = False
    for i, (start, end) in enumerate(lines):
        line = text[start:end]
        if i == 0 and not title_given and looks_like_headline(line.lstrip("# "), len(lines) > 1):
            title = line.lstrip("# ").strip()
            segments.append(Segment(TITLE, start, end))
            continue
        if _REFERENCE_HEADING.match(line):
            in_references = True
            continue
        if in_references or _REFERENCE_LINE.match(line):
            segments.append(Segment(REFERENCES, start, end))
            continue
        segments.append(Segment(BODY, start, end))
    return title, tuple(segments)
