"""Acronyms a text defines: "Tianjin Haiguang Advanced Technology Investment Co. Ltd. (THATIC)".
The recogniser often misses a short upper-case word it has never seen, so once a name is followed
by its acronym in brackets, every bare use of that acronym in the document is a mention of the
same kind; the resolver then puts it in the name's entity."""
from __future__ import annotations

from dataclasses import replace

from spacy.tokens import Doc

from kg.extract.mention import GUESSED, Mention
from kg.records import COARSE_OF

#: Kinds of names whose defined acronym is worth finding again (places and people are named in full).
SPREAD = {"Organisation", "Chip", "AIModel"}


def defined_acronym(doc: Doc, end: int) -> str | None:
    """The acronym in brackets right after the name ending at token ``end``: "(BIS)", or None."""
    if end + 2 < len(doc) and doc[end].text == "(" and doc[end + 2].text == ")":
        short = doc[end + 1].text
        if short.isupper() and 2 <= len(short) <= 8:
            return short
    return None


def spread_acronyms(doc: Doc, mentions: list[Mention], defined: dict[str, str], source: str) -> list[Mention]:
    """Mentions with every use of the ``defined`` acronyms (acronym -> class) typed as its name:
    a guess at it takes the class, a bare word becomes a mention from ``source``."""
    if not defined:
        return mentions
    taken = {i for m in mentions for i in range(m.start, m.end)}
    out = [replace(m, cls=defined[m.text]) if m.text in defined and m.source in GUESSED else m for m in mentions]
    out += [Mention(t.i, t.i + 1, t.text, defined[t.text], source, None)
            for t in doc if t.text in defined and t.i not in taken]
    return out


def named_acronyms(doc: Doc, mentions: list[Mention]) -> list[Mention]:
    """"... Co. Ltd. (THATIC). THATIC is owned by AMD": the second THATIC is the company too."""
    defined: dict[str, str] = {}
    for m in mentions:
        short = defined_acronym(doc, m.end)
        if short and m.cls != "Policy" and COARSE_OF[m.cls] in SPREAD and short != m.text:
            defined.setdefault(short, m.cls)
    return spread_acronyms(doc, mentions, defined, "acronym")
