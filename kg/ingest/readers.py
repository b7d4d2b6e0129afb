"""Readers, one per input format. Each turns a file into Documents or InputErrors."""
from __future__ import annotations

import codecs
import json
import re
from collections.abc import Iterator
from pathlib import Path

from kg.errors import InputError
from kg.ingest.document import TITLE, Document, Segment, content_id
from kg.ingest.layout import split_layout

TEXT_SUFFIXES = {".txt", ".text"}
MARKDOWN_SUFFIXES = {".md", ".markdown"}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
JSONL_SUFFIXES = {".jsonl", ".ndjson"}
SUPPORTED_SUFFIXES = TEXT_SUFFIXES | MARKDOWN_SUFFIXES | HTML_SUFFIXES | JSONL_SUFFIXES


def decode(data: bytes, path: Path, declared: str | None = None) -> str:
    """Bytes to text. UTF-8 (with or without BOM) and UTF-16/32 with a BOM are read as such; other
    text is decoded by detection: the encoding ``declared`` by the file (an HTML meta charset)
    if it fits, Windows-1252 for Western text, else the best guess of charset-normalizer. Binary
    data, and text no encoding fits, are refused by name."""
    for bom, codec in ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
                       (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            try:
                return data.decode(codec)
            except UnicodeDecodeError as exc:
                raise InputError(path, f"not {codec.upper()} text after its byte-order mark (byte {exc.start})") from exc
    if b"\x00" in data[:8192]:
        raise InputError(path, "binary file, not text")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        text = _detect(data, declared)
        if text is None:
            raise InputError(path, f"not UTF-8 text (byte {exc.start}) and no other encoding fits; "
                                   "convert it to UTF-8") from exc
        return text


#: Control characters that no real text holds (tab, line feed and carriage return are fine).
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def _detect(data: bytes, declared: str | None) -> str | None:
    candidates = []
    if declared:
        try:
            candidates.append(codecs.lookup(declared).name)
        except LookupError:
            pass
    # Western text: a few accented letters and curly quotes between ASCII words ("Zürich",
    # "Nvidia’s"), never long runs of high bytes as in CJK or Cyrillic text.
    runs = [len(r) for r in re.findall(rb"[\x80-\xff]+", data)]
    if runs and max(runs) <= 2 and sum(runs) <= 0.1 * len(data):
        candidates.append("cp1252")
    for codec in candidates:
        try:
            text = data.decode(codec)
        except (UnicodeDecodeError, LookupError):
            continue
        if not _CONTROL.search(text):
            return text
    from charset_normalizer import from_bytes  # imported here: only odd files need it

    best = from_bytes(data).best()
    if best is None or best.chaos > 0.1:
        return None
    text = str(best)
    return None if _CONTROL.search(text) else text


def make_document(text: str, source: str, *, title: str | None = None, url: str | None = None,
                  date: str | None = None, meta: dict | None = None) -> Document:
    """Lay a text out into segments and give it its content id. Line breaks become ``\n``;
    control characters go (a form feed or vertical tab breaks the line)."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n").replace("\v", "\n")
    text = _CONTROL.sub("", text)
    if title:
        title = _CONTROL.sub("", title)
    if title:
        title = " ".join(title.split())
        first_line = text.lstrip().split("\n", 1)[0].strip()
        if first_line.lstrip("# ").strip() == title:
            found_title, segments = split_layout(text, title_given=False)
            if found_title is None:  # the title is also the only line
                found_title = title
        else:
            # Keep the title in the text so evidence offsets can point into it.
            text = f"{title}\n\n{text}"
            _, body_segments = split_layout(text[len(title) + 2:], title_given=True)
            shift = len(title) + 2
            segments = (Segment(TITLE, 0, len(title)),) + tuple(
                Segment(s.kind, s.start + shift, s.end + shift) for s in body_segments
            )
            found_title = title
    else:
        found_title, segments = split_layout(text)
    if not any(s.kind != TITLE for s in segments) and not found_title:
        raise InputError(source, "empty document: no text")
    return Document(
        id=content_id(text),
        text=text,
        source=source,
        segments=segments,
        title=found_title,
        url=url,
        date=date,
        meta=meta or {},
    )


def read_text(path: Path, data: bytes) -> Iterator[Document]:
    text = decode(data, path)
    if not text.strip():
        raise InputError(path, "empty file")
    yield make_document(text, str(path))


_MD_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_MD_MARK = re.compile(r"(^|\s)[*_`]{1,3}|[*_`]{1,3}(?=\s|$|[.,;:])")


def markdown_to_text(markdown: str) -> str:
    """Markdown to plain text: headings lose their #, links keep their words, emphasis goes."""
    lines = []
    for line in markdown.splitlines():
        line = re.sub(r"^\s{0,3}#{1,6}\s*", "", line)
        line = re.sub(r"^\s*>\s?", "", line)
        line = _MD_LINK.sub(r"\1", line)
        line = _MD_MARK.sub(r"\1", line)
        lines.append(line)
    return "\n".join(lines)


def read_markdown(path: Path, data: bytes) -> Iterator[Document]:
    text = decode(data, path)
    if not text.strip():
        raise InputError(path, "empty file")
    title = None
    for line in text.splitlines():
        if line.strip():
            heading = re.match(r"^\s{0,3}#\s+(.*)$", line)
            title = heading.group(1).strip() if heading else None
            break
    yield make_document(markdown_to_text(text), str(path), title=title)


def read_html(path: Path, data: bytes) -> Iterator[Document]:
    import trafilatura  # imported here: it is slow to import and only HTML needs it

    if not data.strip():
        raise InputError(path, "empty file")
    declared = re.search(rb"""<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9_.:-]+)""", data[:4096], re.IGNORECASE)
    html = decode(data, path, declared.group(1).decode("ascii") if declared else None)
    found = trafilatura.extract(html, output_format="json", with_metadata=True,
                                include_comments=False, include_tables=False, favor_precision=True)
    if not found:
        raise InputError(path, "no article text found in the HTML")
    record = json.loads(found)
    text = record.get("raw_text") or record.get("text") or ""
    if not text.strip():
        raise InputError(path, "no article text found in the HTML")
    yield make_document(text, str(path), title=record.get("title"),
                        url=record.get("source") or record.get("url"), date=record.get("date"))


def read_jsonl(path: Path, handle) -> Iterator[Document | InputError]:
    """One article per line; a bad line is reported as ``file:line`` and the others go on."""
    for number, raw in enumerate(handle, start=1):
        if not raw.strip():
            continue
        try:
            line = raw.decode("utf-8-sig") if isinstance(raw, bytes) else raw
            record = json.loads(line)
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            yield InputError(path, f"not a JSON object ({exc.__class__.__name__})", line=number)
            continue
        if not isinstance(record, dict):
            yield InputError(path, "not a JSON object", line=number)
            continue
        text = record.get("text")
        if not isinstance(text, str) or not text.strip():
            yield InputError(path, 'no "text" field with text in it', line=number)
            continue
        key = record.get("id")
        source = f"{path}#{key if key not in (None, '') else number}"
        try:
            yield make_document(
                text, source,
                title=_str_or_none(record.get("title")),
                url=_str_or_none(record.get("url")),
                date=_str_or_none(record.get("date")),
                meta={"id": str(key)} if key not in (None, "") else {},
            )
        except InputError as exc:
            yield InputError(path, exc.problem, line=number)


def _str_or_none(value) -> str | None:
    return str(value) if value not in (None, "") else None
